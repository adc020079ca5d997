import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { BackendName } from '../src/types.js';

/**
 * MT19937's async set-up settles (issue 12, item 6): generators whose seeds share the low 32 bits
 * share the jumped streams, so one generator's set-up can be finished by another's, and the async
 * one must notice instead of waiting for steps that will never run. These used to hang at 100 % CPU,
 * so they run in a child process with a timeout: a regression fails the test instead of stopping
 * the runner.
 */

const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));

/** Runs an ES module snippet (importing ./src/index.ts) in a child process; its last stdout line is JSON. */
function child(code: string, timeoutMs: number): { status: number | null; signal: string | null; result: unknown; stderr: string } {
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    timeout: timeoutMs,
  });
  const last = run.stdout.trim().split('\n').pop() ?? '';
  return { status: run.status, signal: run.signal, result: last === '' ? undefined : JSON.parse(last), stderr: run.stderr };
}

describe('MT19937 async set-up settles (issue 12, item 6)', () => {
  it.each(['ts', 'wasm', 'simd'] as BackendName[])('%s: an async set-up whose streams another generator finishes, and two concurrent set-ups', (backend) => {
    const code = `
      import { Generator } from './src/index.ts';
      const make = (seed) => new Generator({ algorithm: 'mt19937', backend: '${backend}', seed });
      // Seeds with the same low 32 bits share the jumped streams (and the stream itself).
      const a = make(5n);
      const b = make(5n + (1n << 32n));
      const pending = a.uint32Async(100000);
      await new Promise((resolve) => setTimeout(resolve, 50));
      const fromB = b.uint32(100000);
      const fromA = await pending;
      const c = make(9n);
      const d = make(9n + (1n << 32n));
      const [fromC, fromD] = await Promise.all([c.uint32Async(65528), d.uint32Async(65528)]);
      const e = make(11n);
      const [e1, e2] = await Promise.all([e.uint32Async(65528), e.uint32Async(65528)]);
      const same = (x, y) => x.length === y.length && x.every((v, i) => v === y[i]);
      console.log(JSON.stringify({ ab: same(fromA, fromB), cd: same(fromC, fromD), e: e1.length + e2.length }));
    `;
    const run = child(code, 100_000);
    expect(run.signal, `timed out (the hang of issue 12 item 6)\n${run.stderr}`).toBeNull();
    expect(run.status, run.stderr).toBe(0);
    expect(run.result).toEqual({ ab: true, cd: true, e: 2 * 65528 });
  }, 120_000);
});
