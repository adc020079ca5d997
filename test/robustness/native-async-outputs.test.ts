/**
 * Issue 12, item 2: an output detached or shrunk while a native async call wrote it was a
 * use-after-free. The addon's async entry points (NativeGenerator.generateAsync, cpuKernels.philoxAsync
 * and mtgp32Async) now write only into views of SharedArrayBuffers, which can be neither detached nor
 * shrunk, and reject a view of a plain (detachable, possibly resizable) ArrayBuffer with a TypeError
 * before anything moves. The TypeScript façade stages other outputs.
 */
import { describe, expect, it } from 'vitest';

import { MTGP32_MASK, MTGP32_PARAMS } from '../../src/engines/mtgp32-params.js';
import { NATIVE_CPU_KERNEL, NATIVE_KIND } from '../../src/native/binding-types.js';
import { binding, hasAddon, hasCurand, hostGenerator, type Numeric, runNode, sameBits, shared } from '../native-support.js';

const REFUSAL = /^(generateAsync|philoxAsync|mtgp32Async) writes only into SharedArrayBuffer-backed arrays; stage other outputs \((out|rings|idx) is a view of an ArrayBuffer/;

/** Views over the backings an async call must refuse: plain, resizable, and small on-heap arrays. */
function refusedBackings<T extends Numeric>(Type: { new (buffer: ArrayBufferLike, offset?: number, length?: number): T; new (length: number): T; BYTES_PER_ELEMENT: number }, length: number): [string, T][] {
  const bytes = length * Type.BYTES_PER_ELEMENT;
  const resizable = new (ArrayBuffer as unknown as new (n: number, options: { maxByteLength: number }) => ArrayBuffer)(bytes, { maxByteLength: 2 * bytes });
  return [
    ['a plain ArrayBuffer', new Type(new ArrayBuffer(bytes))],
    ['a resizable ArrayBuffer', new Type(resizable)],
    ['a length-tracking view of a resizable ArrayBuffer', new Type(resizable, 0)],
    ['an on-heap typed array', new Type(Math.min(length, 4))],
  ];
}

/** A growable SharedArrayBuffer's view: still accepted (it can only grow, in place). */
function growable<T extends Numeric>(Type: { new (buffer: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number }, length: number): T {
  const bytes = length * Type.BYTES_PER_ELEMENT;
  const SharedBuffer = SharedArrayBuffer as unknown as new (n: number, options: { maxByteLength: number }) => SharedArrayBuffer;
  return new Type(new SharedBuffer(bytes, { maxByteLength: 2 * bytes }));
}

// One Philox call of `slots` whole slots of raw words: subsequences 0…65535 in round order.
function philoxArgs(slots: number) {
  return { runs: new Float64Array([0, 0, 65536, 0]), slots, words: 4 * slots };
}

// MTGP32 chunks: blocks 0…3, 256 words each, from rings filled with arbitrary words.
function mtgp32Args() {
  const rings = new Int32Array(4 * 1024).map((_, i) => Math.imul(i + 1, 0x9e3779b1));
  const chunks = new Float64Array([0, 0, 256, 1, 256, 256, 2, 512, 256, 3, 768, 256, 0, 1024, 256]);
  return { rings, idx: new Int32Array(4), chunks, words: 1280 };
}

function sharedCopy(source: Int32Array): Int32Array {
  const copy = shared(Int32Array, source.length);
  copy.set(source);
  return copy;
}

describe.runIf(hasCurand)('[curand-host] NativeGenerator.generateAsync and the output\'s backing', () => {
  it('rejects views of plain and resizable ArrayBuffers with a TypeError, and the stream does not move', async () => {
    const g = hostGenerator('philox4x32_10', 42n);
    for (const [what, out] of refusedBackings(Uint32Array, 1024)) {
      const error = await g.generateAsync(NATIVE_KIND.uint32, out, 0, 0).then(() => null, (e: unknown) => e);
      expect(error, what).toBeInstanceOf(TypeError);
      expect((error as Error).message, what).toMatch(REFUSAL);
      expect(out.every((x) => x === 0), what).toBe(true);
    }
    const next = new Uint32Array(4);
    g.generate(NATIVE_KIND.uint32, next, 0, 0);
    expect(Array.from(next, (x) => x.toString(16)).join(' ')).toBe('9ceaf053 77f5493b 12bf50ad 5742b3d7');
  });

  it('accepts SharedArrayBuffer views (fixed and growable) and writes the synchronous call\'s bits', async () => {
    for (const make of [(n: number) => shared(Float64Array, n), (n: number) => growable(Float64Array, n)]) {
      const sync = hostGenerator('mtgp32', 7n);
      const async = hostGenerator('mtgp32', 7n);
      const expected = new Float64Array(100_001);
      sync.generate(NATIVE_KIND.normalDouble, expected, 1, 2);
      const actual = make(100_001);
      await async.generateAsync(NATIVE_KIND.normalDouble, actual, 1, 2);
      expect(sameBits(actual, expected)).toBe(true);
    }
  });
});

describe.runIf(hasAddon)('[simd] cpuKernels.philoxAsync / mtgp32Async and the backing of what they write', () => {
  const kernel = NATIVE_CPU_KERNEL.generic;

  it('philoxAsync rejects an out over a plain or resizable ArrayBuffer and writes nothing', async () => {
    const { runs, slots, words } = philoxArgs(65536 * 2);
    for (const [what, out] of refusedBackings(Uint32Array, words)) {
      const call = binding().cpuKernels.philoxAsync(kernel, 0, out, 0, runs, Math.min(slots, out.length >> 2), 1, 1, 2, 0, 0, 2);
      const error = await call.then(() => null, (e: unknown) => e);
      expect(error, what).toBeInstanceOf(TypeError);
      expect((error as Error).message, what).toMatch(REFUSAL);
      expect(out.every((x) => x === 0), what).toBe(true);
    }
  });

  it('philoxAsync writes a SharedArrayBuffer view (fixed or growable) with the synchronous call\'s bits', async () => {
    const { runs, slots, words } = philoxArgs(65536 * 3 + 5);
    const expected = new Uint32Array(words);
    binding().cpuKernels.philox(kernel, 0, expected, 0, runs, slots, 1, 1, 2, 0, 0);
    for (const out of [shared(Uint32Array, words), growable(Uint32Array, words)]) {
      await binding().cpuKernels.philoxAsync(kernel, 0, out, 0, runs, slots, 1, 1, 2, 0, 0, 2);
      expect(sameBits(out, expected)).toBe(true);
    }
  });

  it('mtgp32Async rejects out, rings or idx over a plain ArrayBuffer and leaves every array as it was', async () => {
    const { rings, idx, chunks, words } = mtgp32Args();
    const cases: [string, Uint32Array, Int32Array, Int32Array][] = [
      ['out', new Uint32Array(words), sharedCopy(rings), sharedCopy(idx)],
      ['rings', shared(Uint32Array, words), rings.slice(), sharedCopy(idx)],
      ['idx', shared(Uint32Array, words), sharedCopy(rings), idx.slice()],
    ];
    for (const [what, out, r, i] of cases) {
      const error = await binding()
        .cpuKernels.mtgp32Async(kernel, 0, out, r, i, MTGP32_PARAMS, chunks, MTGP32_MASK, 0, 1, 2)
        .then(() => null, (e: unknown) => e);
      expect(error, what).toBeInstanceOf(TypeError);
      expect((error as Error).message).toContain(`mtgp32Async writes only into SharedArrayBuffer-backed arrays; stage other outputs (${what} is`);
      expect(out.every((x) => x === 0) && sameBits(r as never, rings as never) && i.every((x) => x === 0), what).toBe(true);
    }
  });

  it('mtgp32Async on shared out, rings and idx matches the synchronous call (params may be any array)', async () => {
    const { rings, idx, chunks, words } = mtgp32Args();
    const expected = new Uint32Array(words);
    const syncRings = rings.slice();
    const syncIdx = idx.slice();
    binding().cpuKernels.mtgp32(kernel, 0, expected, syncRings, syncIdx, MTGP32_PARAMS, chunks, MTGP32_MASK, 0, 1);
    const out = shared(Uint32Array, words);
    const asyncRings = sharedCopy(rings);
    const asyncIdx = sharedCopy(idx);
    const params = MTGP32_PARAMS.slice();
    const call = binding().cpuKernels.mtgp32Async(kernel, 0, out, asyncRings, asyncIdx, params, chunks, MTGP32_MASK, 0, 1, 2);
    // What the call only reads was copied when it started: detaching it now changes nothing.
    structuredClone(params.buffer, { transfer: [params.buffer] });
    structuredClone(chunks.buffer, { transfer: [chunks.buffer] });
    await call;
    expect(sameBits(out, expected)).toBe(true);
    expect(sameBits(asyncRings as never, syncRings as never) && sameBits(asyncIdx as never, syncIdx as never)).toBe(true);
  });
});

// The reproducers, at the binding level and through the public API (where the façade stages
// ordinary outputs), in child processes: detaching (transfer) or shrinking (resize(0)) the caller's
// output 10 ms into a large async call, then gc(), must neither crash nor write freed memory.
describe.runIf(hasCurand)('[curand-host] detaching or shrinking an output during an async call', () => {
  it('binding level: a view of a detachable buffer is refused up front; a shared one cannot be detached', () => {
    const result = runNode(
      `
      import { createRequire } from 'node:module';
      import { loadLibraries } from './src/native/library-search.ts';
      const require = createRequire(process.cwd() + '/');
      const b = require(process.env.NODE_CURAND_ADDON);
      loadLibraries(b);
      const g = new b.NativeGenerator({ rngType: b.constants.rngType.philox4x32_10, host: true, device: 0 });
      g.configure(1n, 0n, false, b.constants.ordering.best);
      const lines = [];
      for (const resize of [false, true]) {
        const buffer = resize ? new ArrayBuffer(4 << 26, { maxByteLength: 4 << 26 }) : new ArrayBuffer(4 << 26);
        const pending = g.generateAsync(0, new Uint32Array(buffer), 0, 0).then(() => 'resolved', (e) => e.constructor.name);
        await new Promise((resolve) => setTimeout(resolve, 10));
        if (resize) buffer.resize(0); else structuredClone(buffer, { transfer: [buffer] });
        globalThis.gc();
        lines.push(await pending);
      }
      const out = new Uint32Array(new SharedArrayBuffer(4 << 26));
      const pending = g.generateAsync(0, out, 0, 0);
      try { structuredClone(out.buffer, { transfer: [out.buffer] }); lines.push('detached'); } catch { lines.push('not detachable'); }
      await pending;
      lines.push(out[out.length - 1] !== 0 ? 'written' : 'unwritten');
      console.log(lines.join(' '));
      `,
      { typescript: true, nodeArgs: ['--expose-gc'], timeoutMs: 120_000 },
    );
    expect(result.signal, result.stderr).toBeNull();
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout.trim()).toBe('TypeError TypeError not detachable written');
  });

  it.each(['curand-host', 'simd'])('Generator on %s: uint32Async, then transfer or resize(0) of the output, gc(), await: no crash', (backend) => {
    const result = runNode(
      `
      import { Generator } from './src/index.ts';
      const g = new Generator({ backend: '${backend}', seed: 1n });
      const outcomes = [];
      for (const resize of [false, true]) {
        const buffer = resize ? new ArrayBuffer(4 << 26, { maxByteLength: 4 << 26 }) : new ArrayBuffer(4 << 26);
        const pending = g.uint32Async(new Uint32Array(buffer)).then(() => 'resolved', (e) => 'rejected: ' + e.name);
        await new Promise((resolve) => setTimeout(resolve, 10));
        if (resize) buffer.resize(0); else structuredClone(buffer, { transfer: [buffer] });
        globalThis.gc();
        outcomes.push(await pending);
      }
      console.log(JSON.stringify(outcomes));
      `,
      { typescript: true, nodeArgs: ['--expose-gc'], timeoutMs: 120_000 },
    );
    expect(result.signal, result.stderr).toBeNull();
    expect(result.status, result.stderr).toBe(0);
    // Resolving or rejecting is the façade's choice (it stages through a SharedArrayBuffer); not crashing is the addon's.
    expect(JSON.parse(result.stdout)).toHaveLength(2);
  });
});
