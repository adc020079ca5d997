/**
 * Issue 12, item 3: the `simd` backend's kept helper threads outlived the addon. A program whose
 * main thread never loads node-curand, with workers that each run a threaded kernel call and exit,
 * crashed (SIGSEGV, 5 runs in 5) once Node unloaded the addon with the last worker. The reproducer
 * runs at the binding level (the same native path as `uniformAsync` on `simd` with threads: 2), in a
 * child process, so a regression fails here instead of killing the runner.
 */
import { describe, expect, it } from 'vitest';

import { childEnv, hasAddon, runNode } from '../native-support.js';

/** Workers in turn, each starting philoxAsync on 2 threads over 2^20 words; the main thread never loads the addon. */
function workersInTurn(mode: 'exit' | 'terminate', workers: number) {
  return runNode(
    `
    import { Worker } from 'node:worker_threads';
    const code = \`
      const { parentPort } = require('node:worker_threads');
      const b = require(process.env.NODE_CURAND_ADDON);
      const slots = 1 << 18;
      const out = new Uint32Array(new SharedArrayBuffer(16 * slots));
      const pending = b.cpuKernels.philoxAsync(0, 0, out, 0, new Float64Array([0, 0, 65536, 0]), slots, 1, 1, 2, 0, 0, 2);
      parentPort.postMessage('started');
      pending.then(() => parentPort.postMessage(out[0] === 0 && out[out.length - 1] === 0 ? 'unwritten' : 'done'));
    \`;
    let done = 0;
    for (let i = 0; i < ${workers}; i++) {
      const worker = new Worker(code, { eval: true, execArgv: [] });
      const messages = [];
      const started = new Promise((resolve) => worker.on('message', (message) => { messages.push(message); resolve(); }));
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      await started;
      if ('${mode}' === 'terminate') {
        await new Promise((resolve) => setTimeout(resolve, 1 + (i % 3)));
        await worker.terminate();
      }
      await exited;
      if (messages.includes('done')) done++;
    }
    console.log('completed ' + done);
    `,
    { env: childEnv(), timeoutMs: 120_000 },
  );
}

describe.runIf(hasAddon)('[simd] helper threads and addon unloading', () => {
  it.each([1, 2, 3])('100 workers in turn, each exiting after a threaded call, never crash (run %i)', (run) => {
    const result = workersInTurn('exit', 100);
    expect(result.signal, result.stderr).toBeNull();
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout.trim(), `run ${run}`).toBe('completed 100');
  });

  it.each([1, 2])('100 workers in turn, each terminated 1-3 ms into its call, never crash (run %i)', () => {
    const result = workersInTurn('terminate', 100);
    expect(result.signal, result.stderr).toBeNull();
    expect(result.status, result.stderr).toBe(0);
    // Some calls finish before terminate() reaches them; the rest are cut off mid-call.
    expect(result.stdout.trim()).toMatch(/^completed \d+$/);
  });
});
