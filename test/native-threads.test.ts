import { Worker } from 'node:worker_threads';

import { describe, expect, it } from 'vitest';

import { libraryCandidates } from '../src/native/library-search.js';
import { childEnv, hasCurand, native, runNode } from './native-support.js';

/** Worker or child-process prologue: load the addon and libraries the way this process did. */
const PROLOGUE = `
  const b = require(process.env.NODE_CURAND_ADDON);
  b.loadLibraries(${JSON.stringify(libraryCandidates(childEnv()))});
  const { philox4x32_10 } = b.constants.rngType;
  const best = b.constants.ordering.best;
  const shared = (Type, n) => new Type(new SharedArrayBuffer(n * Type.BYTES_PER_ELEMENT));
  const philox = (seed) => {
    const g = new b.NativeGenerator({ rngType: philox4x32_10, host: true, device: 0 });
    g.configure(seed, 0n, false, best);
    return g;
  };
`;

/** Runs CommonJS `body` (after PROLOGUE) in a child process; `require` is available. */
function runChild(body: string, nodeArgs: string[] = []) {
  const source = `
    import { createRequire } from 'node:module';
    const require = createRequire(process.cwd() + '/');
    ${PROLOGUE}
    ${body}
  `;
  return runNode(source, { nodeArgs, env: childEnv() });
}

describe.runIf(hasCurand)('[curand-host] native addon in worker_threads and at teardown', () => {
  it('each worker loads its own instance (own error factory) and generates', async () => {
    const code = `
      const { parentPort, workerData } = require('node:worker_threads');
      ${PROLOGUE}
      b.setErrorFactory((message, props) => Object.assign(new Error(message), props, { thread: workerData.id }));
      const g = philox(42n);
      const words = new Uint32Array(4);
      g.generate(0, words, 0, 0);
      let thread = null;
      try { g.configure(1n, 0n, false, b.constants.ordering.seeded); } catch (error) { thread = error.thread; }
      // Left undisposed on purpose: worker exit must free it.
      g.generateAsync(1, shared(Float32Array, 1 << 16), 0, 0).then(() => parentPort.postMessage({ words: Array.from(words), thread }));
    `;
    const run = (id: number) =>
      new Promise<{ words: number[]; thread: number; exitCode: number }>((resolve, reject) => {
        const worker = new Worker(code, { eval: true, workerData: { id }, env: childEnv() });
        let message: { words: number[]; thread: number };
        worker.on('message', (m) => (message = m));
        worker.on('error', reject);
        worker.on('exit', (exitCode) => resolve({ ...message, exitCode }));
      });
    const results = await Promise.all([run(1), run(2), run(3)]);
    results.forEach((result, i) => {
      expect(result).toEqual({ words: [0x9ceaf053, 0x77f5493b, 0x12bf50ad, 0x5742b3d7], thread: i + 1, exitCode: 0 });
    });
  });

  it('terminating workers while a large generateAsync is in flight does not abort the process', () => {
    const result = runChild(`
      const { Worker } = require('node:worker_threads');
      const code = \`
        const { parentPort } = require('node:worker_threads');
        ${PROLOGUE.replaceAll('`', '\\`').replaceAll('${', '\\${')}
        const g = philox(7n);
        g.generateAsync(1, shared(Float32Array, 1 << 25), 0, 0);
        g.generateAsync(3, shared(Float32Array, 1 << 20), 0, 1);
        // Queued behind them, a call cuRAND rejects: no error may be built once JS cannot run.
        g.generateAsync(7, shared(Uint32Array, 16), -1, 0);
        parentPort.postMessage('started');
      \`;
      for (let i = 0; i < 3; i++) {
        const worker = new Worker(code, { eval: true, execArgv: [] });
        await new Promise((resolve) => worker.once('message', resolve));
        await new Promise((resolve) => setTimeout(resolve, 20));
        const started = Date.now();
        await worker.terminate();
        console.log('terminated after ' + (Date.now() - started) + ' ms');
      }
      const words = new Uint32Array(4);
      philox(42n).generate(0, words, 0, 0);
      console.log('main still works: ' + words[0].toString(16));
    `);
    expect(result.stderr).toBe('');
    expect(result.signal).toBeNull();
    expect(result.status).toBe(0);
    expect(result.stdout.match(/terminated after/g)).toHaveLength(3);
    expect(result.stdout).toContain('main still works: 9ceaf053');
  });

  it('garbage collection of generators (idle, disposed, or with async calls in flight) does not crash', () => {
    const result = runChild(
      `
      let collected = 0;
      const registry = new FinalizationRegistry(() => collected++);
      const pending = [];
      // Each host generator's first generate call costs cuRAND ~20 ms of setup: only some generate.
      for (let i = 0; i < 300; i++) {
        const g = philox(BigInt(i));
        if (i % 25 === 0) g.generate(0, new Uint32Array(64), 0, 0);
        if (i % 3 === 0) g.dispose();
        if (i % 20 === 0) pending.push(g.generateAsync(1, shared(Float32Array, 1 << 16), 0, 0).catch(() => 'disposed'));
        registry.register(g, i);
      }
      for (let round = 0; round < 5; round++) {
        globalThis.gc();
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      await Promise.all(pending);
      globalThis.gc();
      await new Promise((resolve) => setTimeout(resolve, 10));
      console.log('collected ' + collected);
    `,
      ['--expose-gc'],
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(Number(/collected (\d+)/.exec(result.stdout)?.[1])).toBeGreaterThan(100);
  });

  it('the addon path in use is the one the loader reported', () => {
    expect(native.path).toMatch(/\.node$/);
  });
});
