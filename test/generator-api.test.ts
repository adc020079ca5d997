import { describe, expect, it } from 'vitest';
import { CurandError, Generator } from '../src/index.js';
import type { BackendName } from '../src/types.js';
import { hasCurandHost } from './support/backends.js';
import { expectSameBits } from './support/compare.js';

const backends: { name: BackendName; title: string; run: boolean }[] = [
  { name: 'ts', title: 'ts', run: true },
  { name: 'curand-host', title: '[curand-host] curand-host', run: hasCurandHost },
];

/** Asserts that `fn` throws `type` with a message naming `what`, and that the generator's stream is untouched. */
function rejects(g: Generator, twin: Generator, fn: () => unknown, type: ErrorConstructor, what: RegExp): void {
  expect(fn).toThrow(type);
  expect(fn).toThrow(what);
  expectSameBits(g.uint32(5), twin.uint32(5), 'stream after a rejected call');
}

for (const b of backends) {
  describe.runIf(b.run)(`Generator API on ${b.title}`, () => {
    const make = (options: ConstructorParameters<typeof Generator>[0] = {}) => new Generator({ backend: b.name, ...options });

    it('reports its configuration', () => {
      using g = make({ seed: 42, ordering: 'legacy' });
      expect(g.algorithm).toBe('philox4x32-10');
      expect(g.seed).toBe(42n);
      expect(g.ordering).toBe('legacy');
      expect(g.backend).toBe(b.name);
      expect(g.device).toBe('cpu');
      expect(g.position).toBe(0n);
      g.uniform(10);
      expect(g.position).toBe(10n);
    });

    it('allocates the right array type, or fills the caller’s array in place', () => {
      using g = make({ seed: 7n });
      expect(g.uint32(3)).toBeInstanceOf(Uint32Array);
      expect(g.uniform(3)).toBeInstanceOf(Float32Array);
      expect(g.uniformDouble(3)).toBeInstanceOf(Float64Array);
      expect(g.normal(3)).toBeInstanceOf(Float32Array);
      expect(g.normalDouble(3)).toBeInstanceOf(Float64Array);
      expect(g.logNormal(3)).toBeInstanceOf(Float32Array);
      expect(g.logNormalDouble(3)).toBeInstanceOf(Float64Array);
      const mine = new Float32Array(1024);
      const view = mine.subarray(100, 200);
      expect(g.uniform(view)).toBe(view);
      expect(mine[99]).toBe(0);
      expect(mine[200]).toBe(0);
      expect(view.every((x) => x > 0 && x <= 1)).toBe(true);
      expect(g.uint32(0)).toHaveLength(0);
    });

    it('async twins equal the sync calls and keep call order', async () => {
      using a = make({ seed: 99n });
      using s = make({ seed: 99n });
      const pending = [a.uniformAsync(1000), a.normalDoubleAsync(333, 1, 2), a.uint32Async(new Uint32Array(77))];
      expect(() => a.uniform(1)).toThrow(expect.objectContaining({ code: 'ERR_CURAND_BUSY' }));
      const [u, n, w] = await Promise.all(pending);
      expectSameBits(u, s.uniform(1000));
      expectSameBits(n, s.normalDouble(333, 1, 2));
      expectSameBits(w, s.uint32(77));
      expectSameBits(a.uint32(8), s.uint32(8));
    });

    it('setSeed restarts the stream; setOffset is absolute; setOrdering restarts at the offset', () => {
      using g = make({ seed: 5n });
      const first = g.uint32(10);
      g.uint32(1000);
      g.setSeed(5n);
      expectSameBits(g.uint32(10), first);
      g.setOffset(3);
      expectSameBits(g.uint32(7), first.subarray(3));
      g.uniformDouble(11);
      g.setOrdering('best');
      expectSameBits(g.uint32(7), first.subarray(3));
      expect(g.offset).toBe(3n);
      g.setSeed(5n);
      expect(g.offset).toBe(null);
    });

    it('rejects bad lengths and arrays, naming the argument, without touching the stream', () => {
      using g = make({ seed: 1n });
      using twin = make({ seed: 1n });
      for (const n of [-1, 1.5, NaN, Infinity, 2 ** 32]) rejects(g, twin, () => g.uniform(n), RangeError, /\bn must be an integer in \[0, 4294967295\]/);
      rejects(g, twin, () => g.uniform(new Float64Array(4) as never), TypeError, /uniform\(\) takes a length or a Float32Array/);
      rejects(g, twin, () => g.uint32(new Int32Array(4) as never), TypeError, /Uint32Array/);
      rejects(g, twin, () => g.normalDouble(new Float32Array(4) as never), TypeError, /Float64Array/);
      rejects(g, twin, () => g.uint32('5' as never), TypeError, /takes a length/);
      rejects(g, twin, () => g.normal(4, NaN), RangeError, /mean must be a finite number/);
      rejects(g, twin, () => g.logNormalDouble(4, 0, Infinity), RangeError, /stddev must be a finite number/);
      rejects(g, twin, () => g.normal(4, '1' as never), TypeError, /mean must be a number/);
      for (const lambda of [0, -0, -1, -Infinity, 400000.00000000006, 1e7, Infinity, NaN]) {
        rejects(g, twin, () => g.poisson(4, lambda), RangeError, /lambda must be in \(0, 400000\], got/);
      }
      rejects(g, twin, () => g.poisson(4, '10' as never), TypeError, /lambda must be a number/);
    });

    it('refuses a negative stddev on every normal-type call, slice and at, as NumPy and PyTorch do; 0 is accepted', async () => {
      using g = make({ seed: 11n });
      using twin = make({ seed: 11n });
      const accepted = /stddev must be a finite number in \[0, ∞\), got -/;
      for (const stddev of [-1, -Number.MIN_VALUE, -1e308]) {
        rejects(g, twin, () => g.normal(4, 0, stddev), RangeError, accepted);
        rejects(g, twin, () => g.normalDouble(new Float64Array(4), 1, stddev), RangeError, accepted);
        rejects(g, twin, () => g.logNormal(4, 0, stddev), RangeError, accepted);
        rejects(g, twin, () => g.logNormalDouble(4, 0, stddev), RangeError, accepted);
        for (const call of [() => g.normalAsync(4, 0, stddev), () => g.normalDoubleAsync(4, 0, stddev), () => g.logNormalAsync(4, 0, stddev), () => g.logNormalDoubleAsync(4, 0, stddev)]) {
          await expect(call()).rejects.toThrow(RangeError);
          await expect(call()).rejects.toThrow(accepted);
        }
        expect(() => g.slice('normal', 0, 4, 0, stddev)).toThrow(accepted);
        expect(() => g.at(3, 'logNormalDouble', 0, stddev)).toThrow(accepted);
        expect(g.getState()).toEqual(twin.getState());
      }
      // stddev 0 (and −0, which is not below 0) gives the mean, after the words a normal call takes.
      expect(Array.from(g.normalDouble(4, 2.5, 0))).toEqual([2.5, 2.5, 2.5, 2.5]);
      expect(Array.from(g.normal(2, 1, -0))).toEqual([1, 1]);
      twin.normalDouble(4);
      twin.normal(2);
      expectSameBits(g.uint32(5), twin.uint32(5), 'stddev 0 consumes as any stddev');
      expect(Array.from(g.slice('logNormal', 0, 2, 0, 0))).toEqual([1, 1]);
    });

    it('rejects bad seeds and offsets, naming the argument and the range', () => {
      using g = make({ seed: 1n });
      using twin = make({ seed: 1n });
      for (const seed of [-1, -1n, 2n ** 64n, 1.5, NaN, 2 ** 53]) {
        rejects(g, twin, () => g.setSeed(seed as bigint), RangeError, /seed must be/);
      }
      rejects(g, twin, () => g.setSeed('3' as never), TypeError, /seed must be a bigint or an integer number in \[0, 2\^64\)/);
      rejects(g, twin, () => g.setOffset(-3), RangeError, /offset must be in \[0, 2\^64\)/);
      rejects(g, twin, () => g.setOffset(2n ** 64n), RangeError, /offset/);
      expect(() => make({ seed: 2n ** 64n })).toThrow(RangeError);
      expect(make({ seed: 2n ** 64n - 1n }).seed).toBe(2n ** 64n - 1n);
    });

    it('rejects unknown algorithms, orderings, devices and options', () => {
      expect(() => make({ algorithm: 'xorshift' as never })).toThrow(/algorithm must be one of 'philox4x32-10', 'mtgp32'/);
      expect(() => make({ ordering: 'fastest' as never })).toThrow(/ordering must be one of/);
      expect(() => make({ device: 'gpu' as never })).toThrow(/device must be 'auto', 'cpu', 'cuda' or 'cuda:N'/);
      expect(() => make({ device: 'cuda:0' })).toThrow(/cannot be used with backend/);
      expect(() => make({ sead: 1 } as never)).toThrow(/unknown option 'sead'/);
    });

    it('rejects what cuRAND rejects, with cuRAND’s status name, before changing anything', () => {
      using g = make({ seed: 3n });
      using twin = make({ seed: 3n });
      for (const ordering of ['seeded', 'dynamic'] as const) {
        let error: unknown;
        try {
          g.setOrdering(ordering as never);
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(CurandError);
        expect(error).toMatchObject({ code: 'ERR_CURAND_UNSUPPORTED', statusName: 'CURAND_STATUS_OUT_OF_RANGE', status: 104 });
        expectSameBits(g.uint32(5), twin.uint32(5));
      }
      expect(g.ordering).toBe('default');
      expect(() => make({ algorithm: 'mtgp32', offset: 5 })).toThrow(
        expect.objectContaining({ statusName: 'CURAND_STATUS_TYPE_ERROR', code: 'ERR_CURAND_UNSUPPORTED' }),
      );
    });

    it('XORWOW, MRG32k3a, MT19937: odd normals, offsets and orderings refused as cuRAND refuses them', () => {
      for (const algorithm of ['xorwow', 'mrg32k3a'] as const) {
        using g = make({ algorithm, seed: 3n, offset: 4097n });
        using twin = make({ algorithm, seed: 3n, offset: 4097n });
        expect(() => g.logNormal(5)).toThrow(expect.objectContaining({ statusName: 'CURAND_STATUS_LENGTH_NOT_MULTIPLE', operation: 'curandGenerateLogNormal' }));
        expectSameBits(g.normal(6), twin.normal(6));
        expect(g.poisson(5, 3000)).toHaveLength(5); // Poisson's normals are not paired
      }
      expect(() => make({ algorithm: 'xorwow', ordering: 'seeded' as never })).toThrow(expect.objectContaining({ code: 'ERR_CURAND_NOT_IMPLEMENTED' }));
      expect(() => make({ algorithm: 'mt19937', ordering: 'best' })).toThrow(expect.objectContaining({ statusName: 'CURAND_STATUS_OUT_OF_RANGE' }));
      expect(() => make({ algorithm: 'mt19937', offset: 1 })).toThrow(expect.objectContaining({ statusName: 'CURAND_STATUS_TYPE_ERROR' }));
    });

    it('a disposed generator refuses every call', async () => {
      const g = make();
      g.dispose();
      g.dispose();
      expect(g.disposed).toBe(true);
      expect(() => g.uniform(1)).toThrow(expect.objectContaining({ code: 'ERR_CURAND_DISPOSED' }));
      expect(() => g.setSeed(1)).toThrow(expect.objectContaining({ name: 'CurandError', code: 'ERR_CURAND_DISPOSED' }));
      await expect(g.uniformAsync(1)).rejects.toThrow(/disposed/);
    });

    it('generic code may call every distribution as g[dist](n, a, b): numbers where the output options go are ignored', () => {
      using g = make();
      using h = make();
      const call = (x: Generator, dist: 'uint32' | 'uniform' | 'uniformDouble' | 'poisson', ...args: number[]) =>
        (x[dist] as (n: number, ...rest: number[]) => ArrayLike<number>).call(x, 9, ...args);
      expectSameBits(call(g, 'uniform', 0, 1) as Float32Array, h.uniform(9));
      expectSameBits(call(g, 'uint32', 0, 0) as Uint32Array, h.uint32(9));
      expectSameBits(call(g, 'poisson', 4, 0) as Uint32Array, h.poisson(9, 4));
      // Anything else there is an options object, checked as such.
      expect(() => (g.uniform as (n: number, o: unknown) => unknown)(3, 'device')).toThrow(TypeError);
      expect(() => g.uniform(3, { device: true, pinned: true })).toThrow(TypeError);
    });

    it('async argument errors reject instead of throwing', async () => {
      using g = make();
      await expect(g.uniformAsync(-1)).rejects.toThrow(RangeError);
      await expect(g.poissonAsync(3, 0)).rejects.toThrow(/lambda/);
    });
  });
}
