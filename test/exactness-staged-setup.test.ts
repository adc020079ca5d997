import { beforeAll, describe, expect, it } from 'vitest';
import { NATIVE_DISCARD_LIMIT } from '../src/backends/curand.js';
import { MTGP32_RESTORE_HOLES } from '../src/engines/mtgp32.js';
import { Generator, type GeneratorState } from '../src/index.js';
import type { Algorithm, BackendName } from '../src/types.js';
import { hasCurandHost } from './support/backends.js';
import { expectSameBits } from './support/compare.js';

/**
 * Long catch-ups after a restore (issue 12, item 5): what fromState accepts is bounded by what the
 * backend can reach in reasonable time (MTGP32 blocks jump on the CPU backends; cuRAND discards),
 * and catching up runs through the staged set-up — in slices, with monotone progress, without
 * blocking the event loop — on every path, while sync calls still do it at once.
 */

const CPU_BACKENDS: BackendName[] = ['ts', 'wasm', 'simd'];

function stateAt(algorithm: Algorithm, engine: Record<string, unknown>, seed = '42'): GeneratorState {
  return { format: 'node-curand/generator-state', version: 1, streamVersion: 1, algorithm, ordering: 'default', seed, offset: null, engine };
}

/** Watches the event loop while `task` runs: how many timer ticks got through. */
async function ticksDuring(task: () => Promise<unknown>): Promise<number> {
  let ticks = 0;
  const timer = setInterval(() => ticks++, 1);
  try {
    await task();
  } finally {
    clearInterval(timer);
  }
  return ticks;
}

describe('restored positions are bounded (issue 12, item 5)', () => {
  it('ts, wasm, simd: any MTGP32 position is restored by jumping each block (quickly, and alike on every backend)', async () => {
    const state = stateAt('mtgp32', { position: '1000000000000' });
    const words: Uint32Array[] = [];
    for (const backend of CPU_BACKENDS) {
      using g = Generator.fromState(state, { backend });
      const started = performance.now();
      const progress: number[] = [];
      await g.prepareAsync({ onProgress: (done) => progress.push(done) });
      expect(progress.length).toBeGreaterThan(1);
      words.push(g.uint32(49152 + 3));
      // 192 block jumps: ≈ 1.5 s with the WebAssembly SIMD heap (docs/jump-ahead.md); generous here.
      expect(performance.now() - started).toBeLessThan(60_000);
    }
    expectSameBits(words[1] as Uint32Array, words[0] as Uint32Array, 'wasm vs ts');
    expectSameBits(words[2] as Uint32Array, words[0] as Uint32Array, 'simd vs ts');
  }, 200_000);

  it.each(CPU_BACKENDS)('%s: an MTGP32 state with more holes than the limit is refused at once, naming the limit', (backend) => {
    const holes = Array.from({ length: MTGP32_RESTORE_HOLES + 1 }, (_, i) => [0, i, 0, 5]);
    const engine = { position: '1000', words: 256 * (MTGP32_RESTORE_HOLES + 1), wordRuns: [0, 192], holes };
    expect(() => Generator.fromState(stateAt('mtgp32', engine), { backend })).toThrow(
      expect.objectContaining({ name: 'RangeError', message: expect.stringContaining(`${MTGP32_RESTORE_HOLES} holes`) }),
    );
    expect(() => Generator.fromState(stateAt('mtgp32', { position: '9007199254740992' }), { backend })).toThrow(RangeError);
  });

  it.runIf(hasCurandHost)('[curand-host] MTGP32 and MT19937 positions beyond the discard limit are refused at once, naming the limit', () => {
    const started = performance.now();
    for (const algorithm of ['mtgp32', 'mt19937'] as const) {
      for (const position of ['9007199254740992', String(NATIVE_DISCARD_LIMIT + 1)]) {
        expect(() => Generator.fromState(stateAt(algorithm, { position }), { backend: 'curand-host' })).toThrow(
          expect.objectContaining({ name: 'RangeError', message: expect.stringContaining(String(NATIVE_DISCARD_LIMIT)) }),
        );
      }
    }
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it.runIf(hasCurandHost)('[curand-host] an MTGP32 state whose blocks are out of step with its position is refused with ERR_CURAND_STATE', () => {
    // Block 0 one chunk ahead of where 1000 words from the seed put it: only a call started past 2^32 does that.
    const engine = { position: '1000', words: 0, wordRuns: [512, 1, 256, 2, 232, 1, 0, 188], holes: [] };
    using g = Generator.fromState(stateAt('mtgp32', engine), { backend: 'ts' });
    expect(g.getState().engine).toEqual(engine);
    expect(() => Generator.fromState(stateAt('mtgp32', engine), { backend: 'curand-host' })).toThrow(
      expect.objectContaining({ code: 'ERR_CURAND_STATE' }),
    );
  });
});

describe.runIf(hasCurandHost)('[curand-host] restoring MTGP32 catches up in slices, and exactly', () => {
  const POSITION = 2 ** 27 + 77;
  /** cuRAND itself, generated up to POSITION, then the next words. */
  function curandAfter(n: number): Uint32Array {
    using g = new Generator({ algorithm: 'mtgp32', backend: 'curand-host', seed: 42n });
    const chunk = new Uint32Array(1 << 22);
    for (let left = POSITION; left > 0; left -= Math.min(left, chunk.length)) g.uint32(chunk.subarray(0, Math.min(left, chunk.length)));
    return g.uint32(n);
  }
  let expected: Uint32Array;
  beforeAll(() => {
    expected = curandAfter(70_000);
  });

  for (const backend of [...CPU_BACKENDS, 'curand-host'] as BackendName[]) {
    it(`${backend}: prepareAsync reports monotone progress, keeps the event loop running, and the stream resumes exactly`, async () => {
      using g = Generator.fromState(stateAt('mtgp32', { position: String(POSITION) }), { backend });
      const progress: [number, number][] = [];
      const ticks = await ticksDuring(() => g.prepareAsync({ onProgress: (done, total) => progress.push([done, total]) }));
      expect(progress.length).toBeGreaterThan(1);
      for (let i = 1; i < progress.length; i++) expect(progress[i]![0]).toBeGreaterThan(progress[i - 1]![0]);
      expect(progress.at(-1)![0]).toBe(progress.at(-1)![1]);
      expect(ticks).toBeGreaterThan(1);
      expectSameBits(g.uint32(70_000), expected, `${backend} after restoring position ${POSITION}`);
    });

    it(`${backend}: an async call right after fromState catches up without blocking; a sync call catches up at once`, async () => {
      using g = Generator.fromState(stateAt('mtgp32', { position: String(POSITION) }), { backend });
      let out: Uint32Array | undefined;
      const ticks = await ticksDuring(async () => {
        out = await g.uint32Async(70_000);
      });
      expect(ticks).toBeGreaterThan(1);
      expectSameBits(out as Uint32Array, expected, `${backend} async after restore`);
      using h = Generator.fromState(stateAt('mtgp32', { position: String(POSITION) }), { backend });
      expectSameBits(h.uint32(70_000), expected, `${backend} sync after restore`);
      expect(h.position).toBe(BigInt(POSITION + 70_000));
    });
  }
});
