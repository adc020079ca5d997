/**
 * The issue-12 reproducers that concern the Generator façade: outputs taken away during async calls,
 * lying or fake output arrays, malformed states and the smaller argument errors. Anything that used
 * to crash the process runs in a child process, so that a regression fails a test instead of
 * killing the runner.
 */
import { availableParallelism } from 'node:os';

import { describe, expect, it } from 'vitest';

import { Generator } from '../../src/index.js';
import { hasAddon, hasCurand, runNode } from '../native-support.js';

/** Runs `body` (ES module source; `Generator` imported) in a child with --expose-gc; returns its parsed JSON line. */
function child(body: string, timeoutMs = 60_000): unknown {
  const result = runNode(`import { Generator } from './src/index.ts';\n${body}`, { typescript: true, nodeArgs: ['--expose-gc'], timeoutMs });
  expect({ status: result.status, signal: result.signal, stderr: result.status === 0 ? '' : result.stderr }).toEqual({ status: 0, signal: null, stderr: '' });
  return JSON.parse(result.stdout.trim().split('\n').at(-1) ?? 'null');
}

/**
 * An async fill whose output is transferred away (or its resizable buffer shrunk) 10 ms into the
 * call, then gc(): the call must reject with ERR_CURAND_OUTPUT_DETACHED and leave the state as it
 * was; nothing may be written into freed memory.
 */
function takeAwayDuringCall(backend: string, how: 'transfer' | 'resize', options = '{}'): string {
  return `
    const make = () => new Generator({ backend: '${backend}', seed: 7n, ...${options} });
    const g = make();
    const twin = make();
    g.uint32(3); twin.uint32(3);
    const n = 1 << 24;
    const buffer = ${how === 'resize' ? 'new ArrayBuffer(4 * n, { maxByteLength: 4 * n })' : 'new ArrayBuffer(4 * n)'};
    const out = new Uint32Array(buffer, 0, n);
    const call = g.uint32Async(out);
    await new Promise((resolve) => setTimeout(resolve, 10));
    ${how === 'resize' ? 'buffer.resize(0);' : 'structuredClone(buffer, { transfer: [buffer] });'}
    globalThis.gc();
    const error = await call.then(() => null, (e) => e);
    const same = JSON.stringify(g.getState()) === JSON.stringify(twin.getState()) && g.uint32(5).join() === twin.uint32(5).join();
    console.log(JSON.stringify({ code: error?.code ?? null, name: error?.name ?? null, same, length: out.length }));
  `;
}

describe('outputs taken away during async calls (issue 12, items 2 and 8)', () => {
  const backends = ['ts', 'wasm', ...(hasAddon ? ['simd'] : []), ...(hasCurand ? ['curand-host'] : [])];
  for (const backend of backends) {
    it(`${backend}: a transferred output rejects the call and leaves the state as it was`, () => {
      // The call may also finish before the transfer (then it simply succeeded).
      const result = child(takeAwayDuringCall(backend, 'transfer', backend === 'wasm' ? "{ threads: 2 }" : '{}')) as { code: string | null; same: boolean };
      if (result.code === null) return;
      expect(result).toMatchObject({ code: 'ERR_CURAND_OUTPUT_DETACHED', name: 'TypeError', same: true });
    });
  }
  for (const backend of ['simd', 'curand-host'].filter((b) => backends.includes(b))) {
    it(`${backend}: the issue's reproducer (2^26 words, transfer after 10 ms, gc) no longer crashes`, () => {
      const result = child(takeAwayDuringCall(backend, 'transfer').replace('1 << 24', '1 << 26')) as { code: string | null; same: boolean };
      expect(result.same || result.code === null).toBe(true);
    });
    it(`${backend}: a resizable output shrunk to 0 during the call rejects it, state unchanged`, () => {
      const result = child(takeAwayDuringCall(backend, 'resize')) as { code: string | null; same: boolean };
      if (result.code === null) return;
      expect(result).toMatchObject({ code: 'ERR_CURAND_OUTPUT_DETACHED', same: true });
    });
  }

  it('wasm threads: 2, output transferred mid-call: rejects, position unchanged (item 8)', () => {
    const result = child(`
      const g = new Generator({ backend: 'wasm', threads: 2, seed: 1n });
      const out = new Float32Array(1 << 22);
      const before = g.position;
      const call = g.uniformAsync(out);
      queueMicrotask(() => structuredClone(out.buffer, { transfer: [out.buffer] }));
      const error = await call.then(() => null, (e) => e);
      console.log(JSON.stringify({ code: error?.code ?? null, moved: String(g.position - before) }));
    `) as { code: string | null; moved: string };
    expect(result).toEqual({ code: 'ERR_CURAND_OUTPUT_DETACHED', moved: '0' });
  });

  it('outputs over a SharedArrayBuffer are written in place; outputs the call allocates are shared where threads write them', async () => {
    for (const backend of backends) {
      using g = new Generator({ backend: backend as never, seed: 3n, threads: 2 });
      using twin = new Generator({ backend: 'ts', seed: 3n });
      const out = new Float32Array(new SharedArrayBuffer(4 * 300_000));
      expect(await g.uniformAsync(out)).toBe(out);
      expect(out).toEqual(twin.uniform(300_000));
      const plain = new Float32Array(300_000);
      expect(await g.uniformAsync(plain)).toBe(plain);
      expect(plain).toEqual(twin.uniform(300_000));
      const allocated = await g.uniformAsync(1000);
      expect(allocated.buffer instanceof SharedArrayBuffer).toBe(backend !== 'ts');
      expect(allocated).toEqual(twin.uniform(1000));
    }
  });
});

describe('output arrays are read from their internal slots (item 7)', () => {
  const backends = ['ts', 'wasm', ...(hasAddon ? ['simd'] : []), ...(hasCurand ? ['curand-host'] : [])] as const;
  for (const backend of backends) {
    it(`${backend}: a lying length writes and consumes exactly the array's 8 words`, async () => {
      using g = new Generator({ backend, seed: 11n });
      using twin = new Generator({ backend: 'ts', seed: 11n });
      const out = new Uint32Array(8);
      Object.defineProperty(out, 'length', { value: 1000 });
      expect(g.uint32(out)).toBe(out);
      expect(g.position).toBe(8n);
      expect([...new Uint32Array(out.buffer)]).toEqual([...twin.uint32(8)]);
      const later = new Uint32Array(8);
      Object.defineProperty(later, 'length', { value: 3 });
      await g.uint32Async(later);
      expect([...new Uint32Array(later.buffer)]).toEqual([...twin.uint32(8)]);
      expect(g.getState()).toEqual(twin.getState());
    });
  }

  it('Proxies, fakes, subclasses and tampered prototypes', () => {
    using g = new Generator({ backend: 'ts', seed: 2n });
    using twin = new Generator({ backend: 'ts', seed: 2n });
    const fake = { length: 4, buffer: new ArrayBuffer(16), byteOffset: 0, BYTES_PER_ELEMENT: 4 };
    Object.setPrototypeOf(fake, Float32Array.prototype);
    for (const bad of [new Proxy(new Float32Array(4), {}), fake, new Uint32Array(4), [0, 0, 0, 0]]) {
      expect(() => g.uniform(bad as never)).toThrow(/^uniform\(\) takes a length or a Float32Array to fill, got /);
    }
    class Sneaky extends Float32Array {
      override subarray(): never {
        throw new Error('user code ran');
      }
    }
    const sneaky = new Sneaky(70_000);
    expect(g.uniform(sneaky)).toBe(sneaky);
    const tampered = new Float32Array(5);
    Object.setPrototypeOf(tampered, null);
    expect(g.uniform(tampered as Float32Array)).toBe(tampered);
    expect(Float32Array.from(sneaky)).toEqual(twin.uniform(70_000));
    const bufferOf = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Uint8Array.prototype), 'buffer')!.get!;
    expect(new Float32Array(bufferOf.call(tampered) as ArrayBuffer)).toEqual(twin.uniform(5));
  });

  it('detached and zero-length outputs are empty calls', () => {
    using g = new Generator({ backend: 'ts', seed: 2n });
    const out = new Float64Array(4);
    structuredClone(out.buffer, { transfer: [out.buffer] });
    expect(g.uniformDouble(out)).toBe(out);
    expect(g.position).toBe(0n);
    // Found by the fuzz battery: a detached view with a lying length (no view can be made over it).
    const lying = new Float32Array(28).subarray(2);
    Object.defineProperty(lying, 'length', { value: 9 });
    structuredClone(lying.buffer, { transfer: [lying.buffer] });
    expect(g.uniform(lying)).toBe(lying);
    expect(g.position).toBe(0n);
  });
});

describe('states (item 9) and smaller errors (item 12)', () => {
  it('fromState refuses an offset for generators without offsets', () => {
    for (const algorithm of ['mtgp32', 'mt19937'] as const) {
      using g = new Generator({ algorithm, backend: 'ts' });
      expect(() => Generator.fromState({ ...g.getState(), offset: '5' }, { backend: 'ts' })).toThrow(
        new RangeError(`state.offset must be null for ${algorithm}, which has no offsets, got "5"`),
      );
    }
  });

  it('version fields say what they accept', () => {
    using g = new Generator({ backend: 'ts' });
    expect(() => Generator.fromState({ ...g.getState(), version: '1' as never })).toThrow(new TypeError('state.version must be the number 1 or 2, got "1"'));
    expect(() => Generator.fromState({ ...g.getState(), version: 3 as never })).toThrow(new RangeError('state.version 3 is not supported (supported: the number 1 or 2)'));
    // Version 2 is the state that carries the draws' buffered words, and only that.
    expect(() => Generator.fromState({ ...g.getState(), version: 2 as never })).toThrow(/state\.words is missing/);
  });

  it('wrong kinds are TypeErrors: spawn("3"), threads: "2"', () => {
    using g = new Generator({ backend: 'ts' });
    expect(() => g.spawn('3' as never)).toThrow(TypeError);
    expect(() => g.spawn(-1)).toThrow(RangeError);
    expect(() => new Generator({ threads: '2' as never })).toThrow(new TypeError('threads must be an integer in [1, 256], got "2"'));
  });

  it('at() names index, and reaches the last element of the stream', () => {
    using g = new Generator({ backend: 'ts', seed: 9n });
    expect(() => g.at(2n ** 64n)).toThrow(/^index must be in \[0, 2\^64\)/);
    expect(g.at(2n ** 64n - 1n)).toBe(g.slice('uint32', 2n ** 64n - 1n, 2n ** 64n)[0]);
  });

  it('an allocation that cannot be made is a RangeError naming n', () => {
    using g = new Generator({ backend: 'ts' });
    expect(() => g.uniformDouble(2 ** 32 - 1)).toThrow(/^n = 4294967295 elements \(34359738360 bytes\) cannot be allocated here/);
    expect(g.position).toBe(0n);
  });

  it('NODE_CURAND_BACKEND=cuda leaves an explicit CPU device alone (the CPU default generator)', () => {
    const result = runNode(
      `import { defaultGenerator } from './src/index.ts'; console.log(defaultGenerator().device);`,
      { typescript: true, env: { ...process.env, NODE_CURAND_BACKEND: 'cuda' } },
    );
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe('cpu');
  });

  it('threads beyond the machine are capped at its parallelism', () => {
    using g = new Generator({ backend: 'wasm', threads: 256 });
    const used = Math.min(256, availableParallelism());
    expect(g.backendDetail).toMatch(new RegExp(`${used} threads? for async fills`));
  });

  it('a disposed generator throws ERR_CURAND_DISPOSED, a CurandError', () => {
    const g = new Generator({ backend: 'ts' });
    g.dispose();
    expect(() => g.uint32(1)).toThrow(expect.objectContaining({ name: 'CurandError', code: 'ERR_CURAND_DISPOSED' }));
  });
});
