/**
 * RSS stays flat over many create/generate/dispose cycles on the CPU backends (issue 12). Each
 * backend runs in its own child process: a warm-up, then CYCLES cycles, with RSS read after a full
 * GC before and after. The bound is generous (a leak of a few hundred bytes per cycle would exceed
 * it); the measured growth per cycle is printed for the record.
 */
import { describe, expect, it } from 'vitest';

import { hasAddon, runNode } from '../native-support.js';

// Under `npm run test:asan` the sanitizer's allocator quarantines freed memory and runs several
// times slower: there the cycles only check that nothing crashes or reports.
const SANITIZED = process.env.NODE_CURAND_SANITIZED === '1';
const CYCLES = Number(process.env.NODE_CURAND_RSS_CYCLES ?? (SANITIZED ? 5000 : 100_000));
// Node 24's RSS climbs about 60 MiB over the first 50,000 wasm cycles, then stays flat for the next
// 250,000 (its JS heap, external and ArrayBuffer memory constant throughout): a plateau of the
// allocator and the engine, not a leak, so the measurement starts after it.
const WARMUP = Math.min(50_000, CYCLES / 2);
/** Total growth allowed between the warmed-up and the final RSS. */
const BOUND_BYTES = 64 * 2 ** 20;

describe('RSS over create/generate/dispose cycles', () => {
  const backends = ['ts', 'wasm', ...(hasAddon ? ['simd'] : [])];
  for (const backend of backends) {
    it(`${backend}: ${CYCLES} cycles`, () => {
      const result = runNode(
        `
        import { Generator } from './src/index.ts';
        // One cycle in ten also makes an async call (awaited: a cycle ends with its generator gone).
        const cycle = async (i) => {
          const g = new Generator({ backend: '${backend}', seed: BigInt(i) });
          g.uniform(64);
          if (i % 10 === 0) await g.uint32Async(16);
          g.dispose();
        };
        const settle = async () => { await new Promise((r) => setTimeout(r, 20)); globalThis.gc(); globalThis.gc(); };
        for (let i = 0; i < ${WARMUP}; i++) await cycle(i);
        await settle();
        const before = process.memoryUsage().rss;
        for (let i = 0; i < ${CYCLES}; i++) await cycle(i);
        await settle();
        const after = process.memoryUsage().rss;
        console.log(JSON.stringify({ before, after }));
        `,
        { typescript: true, nodeArgs: ['--expose-gc'], timeoutMs: 600_000 },
      );
      expect(result.stderr.replace(/\(node:\d+\) .*\n.*\n?/g, '')).toBe('');
      const { before, after } = JSON.parse(result.stdout.trim()) as { before: number; after: number };
      console.log(`${backend}: RSS ${(before / 2 ** 20).toFixed(1)} → ${(after / 2 ** 20).toFixed(1)} MiB over ${CYCLES} cycles (${((after - before) / CYCLES).toFixed(1)} B/cycle)`);
      if (!SANITIZED) expect(after - before).toBeLessThan(BOUND_BYTES);
    });
  }
});
