import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { ALGORITHM_TRAITS } from '../src/algorithms.js';
import { consumptionOf, POISSON_NORMAL_FROM } from '../src/distributions/table.js';
import { Mrg32k3aEngine } from '../src/engines/mrg32k3a.js';
import { extend, initGenrand, jump, JumpScratch, MT_N } from '../src/engines/mt19937-core.js';
import { MT19937_CHARPOLY } from '../src/engines/mt19937-jump-data.js';
import { Mt19937Engine } from '../src/engines/mt19937.js';
import { XorwowEngine } from '../src/engines/xorwow.js';
import { CurandError, Generator } from '../src/index.js';
import type { Algorithm, Distribution, Ordering } from '../src/types.js';
import { NATIVE_KIND } from '../src/native/binding-types.js';
import { DISTRIBUTIONS } from '../src/types.js';
import { binding, hasCurand } from './native-support.js';
import { expectSameBits } from './support/compare.js';

const hex = (words: ArrayLike<number>) => Array.from(words, (x) => x.toString(16).padStart(8, '0')).join(' ');
const ts = (algorithm: Algorithm, seed: bigint, options: { ordering?: Ordering; offset?: bigint } = {}) =>
  new Generator({ algorithm, seed, backend: 'ts', ...options });

/** Values the spec records from cuRAND 10.4's host generators (docs/spec/curand-more-generators.md §6). */
describe('known answers from cuRAND (hold without libcurand)', () => {
  it('XORWOW seed 42 and 0: raw words, including thread 0’s second word at 4096', () => {
    using g = ts('xorwow', 42n);
    const w = g.uint32(4100);
    expect(hex(w.subarray(0, 4))).toBe('11ece47f 28ff4cc2 6ba5a19e 938d0a4a');
    expect(hex(w.subarray(4096))).toBe('8cdacf50 9a883f28 6a46f9c0 6d9e5af9');
    using z = ts('xorwow', 0n);
    expect(hex(z.uint32(4))).toBe('bd7f03b6 ebc63fb7 09fd3f29 f80df3fd');
  });
  it('XORWOW seed 42 distributions', () => {
    const g = (fn: (g: Generator) => ArrayLike<number>) => {
      using x = ts('xorwow', 42n);
      return Array.from(fn(x));
    };
    expect(g((x) => x.uniform(4))).toEqual([0.07002094388008118, 0.160145565867424, 0.4204960763454437, 0.5763708353042603]);
    expect(g((x) => x.uniformDouble(4))).toEqual([0.5502138061921329, 0.6036414168724138, 0.4151455529909532, 0.42819776511925883]);
    expect(g((x) => x.normal(4))).toEqual([-0.7155576944351196, -2.1922359466552734, -1.1601438522338867, -1.5223042964935303]);
    expect(g((x) => x.normalDouble(4))).toEqual([-0.2697842050166249, -1.059298427380585, -0.6975487729979923, -0.7231705091674898]);
  });
  it('MRG32k3a seed 42 and 0, and legacy (4096 threads) against default (81920)', () => {
    using g = ts('mrg32k3a', 42n);
    const w = g.uint32(81924);
    expect(hex(w.subarray(0, 4))).toBe('3b3f724d 1c3bfde7 f789b814 894c2884');
    expect(hex(w.subarray(81920))).toBe('f79d7569 adc9e07b ad337dcc a78d0fee');
    using l = ts('mrg32k3a', 42n, { ordering: 'legacy' });
    expect(hex(l.uint32(4100).subarray(4096))).toBe('f79d7569 adc9e07b ad337dcc a78d0fee');
    using z = ts('mrg32k3a', 0n);
    expect(hex(z.uint32(4))).toBe('2083cd07 14537e00 43115831 80d28544');
  });
  it('MRG32k3a seed 42 distributions, and NVIDIA’s sample (seed 1234, best)', () => {
    const g = (fn: (g: Generator) => ArrayLike<number>, seed = 42n, ordering: Ordering = 'default') => {
      using x = ts('mrg32k3a', seed, { ordering });
      return Array.from(fn(x));
    };
    expect(g((x) => x.uniform(4))).toEqual([0.2314368635416031, 0.11029040068387985, 0.9669451713562012, 0.5363183617591858]);
    expect(g((x) => x.uniformDouble(4))).toEqual([0.23143686665461985, 0.1102904023254975, 0.9669451760341279, 0.5363183329092646]);
    expect(g((x) => x.normal(4))).toEqual([-0.349601149559021, 1.6747164726257324, -1.8935374021530151, -0.9076302647590637]);
    expect(g((x) => x.normalDouble(4))).toEqual([-0.34960123434786305, 1.674716480694727, -1.8935376714390226, -0.9076297859854668]);
    expect(g((x) => x.uniform(4), 1234n, 'best').map((v) => v.toFixed(6))).toEqual(['0.786752', '0.152112', '0.934182', '0.986567']);
  });
  it('MT19937 seed 42: stream 0, stream 1 (one 2^2048 jump: checks the jump data) and row 1', () => {
    using g = ts('mt19937', 42n);
    const w = g.uint32(65540);
    expect(hex(w.subarray(0, 4))).toBe('5fe1dc66 92089dcd 533f36d7 b240ff26');
    expect(hex(w.subarray(8, 12))).toBe('45fa5fb5 da313e72 721cb2c2 51e1aa5e');
    expect(hex(w.subarray(65536))).toBe('cbea3db3 27f0d666 556ded74 f84c0301');
  });
  it('MT19937 seed 42 distributions; only the seed’s low 32 bits count', () => {
    const g = (fn: (g: Generator) => ArrayLike<number>, seed = 42n) => {
      using x = ts('mt19937', seed);
      return Array.from(fn(x));
    };
    expect(g((x) => x.uniform(4))).toEqual([0.3745401203632355, 0.5704439878463745, 0.32518333196640015, 0.6963042616844177]);
    expect(g((x) => x.uniformDouble(4))).toEqual([0.37454011442605406, 0.570443976088427, 0.3251833225367591, 0.6963042706483975]);
    expect(g((x) => x.normal(4))).toEqual([-0.319852352142334, 0.17750462889671326, -0.4532528519630432, 0.5138005018234253]);
    expect(g((x) => x.normalDouble(4))).toEqual([-0.319852392289372, 0.1775046057388541, -0.4532528988524627, 0.5138005280669642]);
    expect(hex(g((x) => x.uint32(1), 2n ** 32n + 42n))).toBe('5fe1dc66');
    expect(hex(g((x) => x.uint32(1), 2n ** 32n))).toBe('8c7f0aac');
  });
});

describe('skip-ahead agrees with stepping', () => {
  it('XORWOW and MRG32k3a: an offset equals generating that many one-word slots', () => {
    for (const [algorithm, ordering, offset] of [
      ['xorwow', 'default', 4096n * 300n + 17n],
      ['mrg32k3a', 'legacy', 4096n * 300n + 4095n],
      ['mrg32k3a', 'best', 81920n * 3n + 5n],
    ] as const) {
      using skipped = ts(algorithm, 99n, { ordering, offset });
      using stepped = ts(algorithm, 99n, { ordering });
      stepped.uint32(Number(offset));
      expectSameBits(skipped.normalDouble(10000), stepped.normalDouble(10000), `${algorithm} ${ordering} ${offset}`);
      expect(skipped.position).toBe(stepped.position);
    }
  });
  it('XORWOW and MRG32k3a: huge offsets (matrix powers up to 2^62) stay consistent with a smaller offset and stepping', () => {
    for (const algorithm of ['xorwow', 'mrg32k3a'] as const) {
      const base = 2n ** 62n + 12345n;
      using far = ts(algorithm, 5n, { offset: base + 4096n * 7n + 3n });
      using near = ts(algorithm, 5n, { offset: base });
      near.uint32(4096 * 7 + 3);
      expectSameBits(far.uint32(9000), near.uint32(9000), algorithm);
    }
  });
  it('MT19937: φ annihilates the recurrence (the committed characteristic polynomial is right)', () => {
    // φ(A)·s = 0: the XOR of the windows at the offsets of φ's terms vanishes, apart from the low 31
    // bits of the first word, which the recurrence never reads.
    const steps = 19937;
    const seq = new Int32Array(MT_N + steps + 1);
    initGenrand(5489, seq);
    extend(seq, 0, steps + 1);
    const acc = new Int32Array(MT_N);
    for (let i = 0; i <= steps; i++) {
      if (((MT19937_CHARPOLY[i >>> 5] as number) >>> (i & 31)) & 1) for (let j = 0; j < MT_N; j++) acc[j] = (acc[j] as number) ^ (seq[i + j] as number);
    }
    expect((acc[0] as number) & 0x80000000).toBe(0);
    expect(acc.subarray(1).every((w) => w === 0)).toBe(true);
  });
  it('MT19937: the SIMD and plain jump kernels agree', () => {
    const src = new Int32Array(MT_N);
    initGenrand(7, src);
    const poly = new Uint32Array(MT_N).map((_, i) => Math.imul(i + 1, 2654435761) >>> 0);
    poly[MT_N - 1] = (poly[MT_N - 1] as number) & 1; // degree < 19937
    const a = new Int32Array(MT_N);
    const b = new Int32Array(MT_N);
    jump(src, poly, a, new JumpScratch());
    jump(src, poly, b, new JumpScratch(true));
    expectSameBits(new Uint32Array(a.buffer), new Uint32Array(b.buffer));
  });
  it('MT19937 sets up streams lazily: a small call needs few jumps', () => {
    const e = new Mt19937Engine(3n);
    expect(e.setupNeeded(100)).toBe(12);
    e.fill(new Uint32Array(100), 100, 1, false);
    expect(e.streamsReady).toBe(13);
    expect(e.setupNeeded(65536)).toBe(8192 - 13);
  });
});

describe('cuRAND’s rejections, before anything changes', () => {
  const twin = (algorithm: Algorithm) => [ts(algorithm, 11n), ts(algorithm, 11n)] as const;
  it('odd-length normal-type calls on XORWOW and MRG32k3a: CURAND_STATUS_LENGTH_NOT_MULTIPLE', () => {
    for (const algorithm of ['xorwow', 'mrg32k3a'] as const) {
      const [g, h] = twin(algorithm);
      g.uint32(3);
      h.uint32(3);
      for (const dist of ['normal', 'normalDouble', 'logNormal', 'logNormalDouble'] as const) {
        const err = (() => {
          try {
            g[dist](7);
          } catch (e) {
            return e as CurandError;
          }
          throw new Error('no throw');
        })();
        expect(err).toBeInstanceOf(CurandError);
        expect(err).toMatchObject({ code: 'ERR_CURAND_UNSUPPORTED', status: 105, statusName: 'CURAND_STATUS_LENGTH_NOT_MULTIPLE' });
        expect(err.operation).toMatch(/^curandGenerate(Log)?Normal/);
        expect(g.position).toBe(3n);
      }
      expectSameBits(g.normal(8), h.normal(8));
      expect(() => g.normal(new Float32Array(5))).toThrow(/even/);
      g.dispose();
      h.dispose();
    }
    // The one-word generators accept odd normals, as cuRAND does.
    using m = ts('mt19937', 1n);
    expect(m.normal(3)).toHaveLength(3);
  });
  it('orderings: MT19937 refuses best; XORWOW’s seeded is not implemented; the others as cuRAND', () => {
    expect(() => ts('mt19937', 1n, { ordering: 'best' })).toThrow(expect.objectContaining({ statusName: 'CURAND_STATUS_OUT_OF_RANGE' }));
    expect(() => ts('xorwow', 1n, { ordering: 'seeded' as Ordering })).toThrow(
      expect.objectContaining({ code: 'ERR_CURAND_NOT_IMPLEMENTED' }),
    );
    expect(() => ts('mrg32k3a', 1n, { ordering: 'seeded' as Ordering })).toThrow(expect.objectContaining({ statusName: 'CURAND_STATUS_OUT_OF_RANGE' }));
    for (const algorithm of ['xorwow', 'mrg32k3a', 'mt19937'] as const) {
      expect(() => ts(algorithm, 1n, { ordering: 'dynamic' as Ordering })).toThrow(expect.objectContaining({ statusName: 'CURAND_STATUS_OUT_OF_RANGE' }));
    }
    using g = ts('mt19937', 1n);
    const before = g.uint32(2);
    expect(() => g.setOrdering('best')).toThrow(expect.objectContaining({ status: 104 }));
    expect(() => g.setOffset(1)).toThrow(expect.objectContaining({ statusName: 'CURAND_STATUS_TYPE_ERROR' }));
    expect(g.position).toBe(2n);
    g.setSeed(1n);
    expectSameBits(g.uint32(2), before);
  });
});

describe('the distribution table says how each call consumes its stream', () => {
  it("normals pair up on the Box–Muller generators; Poisson switches to each thread's normal cache at λ = 2000", () => {
    const pairs = (algorithm: Algorithm, dist: Distribution) => consumptionOf(algorithm, dist, 0, 1).pairs;
    for (const algorithm of ['philox4x32-10', 'xorwow', 'mrg32k3a'] as const) {
      for (const dist of ['normal', 'normalDouble', 'logNormal', 'logNormalDouble'] as const) expect(pairs(algorithm, dist)).toBe(true);
      for (const dist of ['uint32', 'uniform', 'uniformDouble'] as const) expect(pairs(algorithm, dist)).toBe(false);
    }
    for (const algorithm of ['mtgp32', 'mt19937'] as const) {
      for (const dist of DISTRIBUTIONS as Distribution[]) expect(pairs(algorithm, dist)).toBe(false);
    }
    // Two-word doubles on Philox and XORWOW only (docs/spec/curand-more-generators.md §1.6, §2.4).
    for (const algorithm of ['philox4x32-10', 'mtgp32', 'xorwow', 'mrg32k3a', 'mt19937'] as const) {
      const twoWords = algorithm === 'philox4x32-10' || algorithm === 'xorwow';
      for (const dist of ['uniformDouble', 'normalDouble', 'logNormalDouble'] as const) expect(consumptionOf(algorithm, dist, 0, 1).width).toBe(twoWords ? 2 : 1);
      const cached = algorithm === 'xorwow' || algorithm === 'mrg32k3a';
      expect(consumptionOf(algorithm, 'poisson', 1999.9999999999998, 0).cachedPairs).toBe(false);
      expect(consumptionOf(algorithm, 'poisson', POISSON_NORMAL_FROM, 0).cachedPairs).toBe(cached);
    }
  });
});

describe('engines directly', () => {
  it('slot engines: mixed widths leave a non-canonical state that round-trips', () => {
    for (const make of [() => new XorwowEngine(8n), () => new Mrg32k3aEngine(8n)]) {
      const e = make();
      const out = new Uint32Array(40000);
      e.fill(out, 5, 1, false);
      expect(e.isCanonical()).toBe(true);
      e.fill(out, 6000, 1, true);
      expect(e.isCanonical()).toBe(false);
      const saved = e.getState();
      const r = make();
      r.setState(saved);
      expect(r.getState()).toEqual(saved);
      e.fill(out, 9000, 2, true);
      const again = new Uint32Array(40000);
      r.fill(again, 9000, 2, true);
      expectSameBits(again, out);
    }
  });
});

/** cuRAND itself, through the addon and without the façade: the statuses the traits above mirror. */
describe.runIf(hasCurand)('[curand-host] cuRAND’s own statuses for these generators', () => {
  const make = (rng: 'xorwow' | 'mrg32k3a' | 'mt19937', ordering: 'best' | 'default' | 'seeded' | 'legacy' | 'dynamic', offset: bigint | null = null) => {
    const b = binding();
    const g = new b.NativeGenerator({ rngType: b.constants.rngType[rng], host: true, device: 0 });
    try {
      g.configure(1n, offset ?? 0n, offset !== null, b.constants.ordering[ordering]);
      return { g, status: 'CURAND_STATUS_SUCCESS' };
    } catch (error) {
      g.dispose();
      return { g: null, status: (error as { statusName?: string }).statusName };
    }
  };
  it('orderings and offsets', () => {
    const status = (rng: 'xorwow' | 'mrg32k3a' | 'mt19937', ordering: Parameters<typeof make>[1], offset: bigint | null = null) => {
      const { g, status } = make(rng, ordering, offset);
      g?.dispose();
      return status;
    };
    for (const rng of ['xorwow', 'mrg32k3a', 'mt19937'] as const) {
      const traits = ALGORITHM_TRAITS[rng];
      for (const ordering of ['best', 'default', 'seeded', 'legacy', 'dynamic'] as const) {
        const expected = traits.orderings.includes(ordering) || traits.unresolvedOrderings.includes(ordering) ? 'CURAND_STATUS_SUCCESS' : traits.rejectedOrdering;
        expect([rng, ordering, status(rng, ordering)]).toEqual([rng, ordering, expected]);
      }
      expect([rng, status(rng, 'default', 5n)]).toEqual([rng, traits.offset === true ? 'CURAND_STATUS_SUCCESS' : traits.offset]);
    }
  });
  it('odd normal-type lengths are refused, and the stream left untouched (MT19937 accepts them: see its differential test)', () => {
    for (const rng of ['xorwow', 'mrg32k3a'] as const) {
      const { g } = make(rng, 'default');
      const h = make(rng, 'default').g;
      if (g === null || h === null) throw new Error('configure failed');
      try {
        let status = 'CURAND_STATUS_SUCCESS';
        try {
          g.generate(NATIVE_KIND.normal, new Float32Array(3), 0, 1);
        } catch (error) {
          status = (error as { statusName: string }).statusName;
        }
        const traits = ALGORITHM_TRAITS[rng];
        expect([rng, status]).toEqual([rng, traits.oddNormals === true ? 'CURAND_STATUS_SUCCESS' : traits.oddNormals]);
        if (traits.oddNormals !== true) {
          const a = new Uint32Array(5);
          const b = new Uint32Array(5);
          g.generate(NATIVE_KIND.uint32, a, 0, 0);
          h.generate(NATIVE_KIND.uint32, b, 0, 0);
          expectSameBits(a, b);
        }
      } finally {
        g.dispose();
        h.dispose();
      }
    }
  }, 120_000);
});

describe('MT19937 set-up on ts: lazy, async, with progress', () => {
  it('prepareAsync runs all 8191 jumps in slices and reports progress; later calls need none', async () => {
    using g = ts('mt19937', 0x5eed0001n);
    const seen: [number, number][] = [];
    await g.prepareAsync({ onProgress: (done, total) => seen.push([done, total]) });
    expect(seen.length).toBeGreaterThan(10);
    expect(seen.at(-1)).toEqual([8191, 8191]);
    expect(seen.every(([d], i) => i === 0 || d > (seen[i - 1] as [number, number])[0])).toBe(true);
    const again: number[] = [];
    await g.prepareAsync({ onProgress: (done) => again.push(done) });
    expect(again).toEqual([]);
    using ref = ts('mt19937', 0x5eed0001n);
    expectSameBits(g.uint32(70_000), ref.uint32(70_000));
  }, 120_000);
  it('an async call that needs the set-up lets the event loop run meanwhile', async () => {
    using g = ts('mt19937', 0x5eed0002n);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    try {
      await g.uint32Async(70_000);
    } finally {
      clearInterval(timer);
    }
    expect(ticks).toBeGreaterThan(0);
  }, 120_000);
  it('resolves at once where there is nothing to prepare, and checks its argument', async () => {
    using p = ts('philox4x32-10', 1n);
    await expect(p.prepareAsync()).resolves.toBeUndefined();
    await expect(p.prepareAsync({ onProgress: 3 as never })).rejects.toThrow(TypeError);
    p.dispose();
    await expect(p.prepareAsync()).rejects.toMatchObject({ code: 'ERR_CURAND_DISPOSED' });
  });
});

describe('worker threads', () => {
  it('each worker has its own tables, stream cache and WebAssembly kernel, and gets the same numbers', async () => {
    const file = new URL('./fixtures/more-generators/worker.ts', import.meta.url).href;
    // Worker threads do not inherit tsx's loader: register it, then load the fixture.
    const boot = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(file)}); })`;
    const run = () =>
      new Promise<Record<string, number[]>>((resolve, reject) => {
        const w = new Worker(boot, { eval: true, workerData: { sampleGenerators: true } });
        w.once('message', resolve);
        w.once('error', reject);
      });
    const { sample } = (await import('./fixtures/more-generators/worker.js')) as { sample: () => Record<string, number[]> };
    const [a, b] = await Promise.all([run(), run()]);
    expect(a).toEqual(sample());
    expect(b).toEqual(a);
  }, 60_000);
});
