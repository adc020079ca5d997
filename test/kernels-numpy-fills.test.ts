import { createHash } from 'node:crypto';

import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';

import { KI_NORMAL, WI_NORMAL } from '../src/draws/ziggurat-data.js';
import { useNumpyFills } from '../src/kernels/numpy-fills-choice.js';
import { defaultRng, Generator, PCG64DXSM, RandomState } from '../src/numpy/index.js';
import { binding, hasAddon } from './native-support.js';
import { runPython } from './support/cpython.js';
import { hasNumpy } from './support/numpy.js';

/**
 * node-curand/numpy's vectorised fills (src/kernels/numpy-fills.ts: the addon's and WebAssembly's)
 * against the TypeScript loops they stand in for and against the real NumPy: Generator.random,
 * integers (32- and 64-bit dtypes, spans with frequent rejections), standard_normal and normal (the
 * ziggurat's wedges in the fills, its tail handed back) over PCG64 and PCG64DXSM, and RandomState's
 * random_sample, randn and normal over MT19937 (doubles straddling a twist, the cached normal),
 * interleaved with scalar calls so that the 32-bit buffer and the cached normal carry over; sizes
 * around the fills' threshold and beyond the size from which the addon prefaults its output.
 */

const CHOICES = hasAddon ? (['native', 'wasm'] as const) : (['wasm'] as const);
afterAll(() => {
  useNumpyFills('auto');
});

type Op = [name: string, ...args: number[]];
type Kind = 'PCG64' | 'PCG64DXSM' | 'RandomState';

const DTYPES = ['int64', 'int32', 'uint32'] as const;

/** A low bound near `lo` whose span fits the dtype (int64, int32, uint32). */
function lowIn(dtype: number, lo: number, span: number): number {
  if (dtype === 1) return Math.max(-(2 ** 31), Math.min(lo, 2 ** 31 - span));
  if (dtype === 2) return Math.min(Math.abs(lo), 2 ** 32 - span);
  return lo;
}

/** Sizes: below the fills' threshold (64), around it, and a few thousand. */
const sizeArb = fc.oneof(fc.integer({ min: 0, max: 70 }), fc.integer({ min: 60, max: 3000 }));
/** Spans of integers(): small, around 2^31 (about half the words rejected), and up to 2^32 − 1. */
const spanArb = fc.oneof(fc.integer({ min: 2, max: 1000 }), fc.integer({ min: 2 ** 31 - 5, max: 2 ** 31 + 5 }), fc.integer({ min: 2 ** 32 - 3, max: 2 ** 32 - 1 }), fc.integer({ min: 2, max: 2 ** 32 - 1 }));
const generatorOpArb: fc.Arbitrary<Op> = fc.oneof(
  sizeArb.map((n): Op => ['random', n]),
  fc.tuple(fc.integer({ min: -1000, max: 1000 }), spanArb, sizeArb, fc.integer({ min: 0, max: 2 })).map(([lo, span, n, dtype]): Op => ['integers', lowIn(dtype, lo, span), span, n, dtype]),
  fc.tuple(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 10, max: 20 })).map(([lo, hi]): Op => ['integer', lo, hi]),
  sizeArb.map((n): Op => ['standardNormal', n]),
  fc.tuple(fc.integer({ min: -5, max: 5 }), fc.integer({ min: 0, max: 4 }), sizeArb).map(([loc, scale, n]): Op => ['normal', loc, scale, n]),
  fc.constant<Op>(['scalar']),
);
const randomStateOpArb: fc.Arbitrary<Op> = fc.oneof(
  sizeArb.map((n): Op => ['randomSample', n]),
  sizeArb.map((n): Op => ['randn', n]),
  fc.tuple(fc.integer({ min: -5, max: 5 }), fc.integer({ min: 0, max: 4 }), sizeArb).map(([loc, scale, n]): Op => ['normal', loc, scale, n]),
  fc.constant<Op>(['scalar']),
  fc.constant<Op>(['scalarNormal']),
);
const scenarioArb = fc.oneof(
  fc.record({ kind: fc.constantFrom<Kind>('PCG64', 'PCG64DXSM'), seed: fc.integer({ min: 0, max: 2 ** 31 }), ops: fc.array(generatorOpArb, { minLength: 1, maxLength: 12 }) }),
  fc.record({ kind: fc.constant<Kind>('RandomState'), seed: fc.integer({ min: 0, max: 2 ** 31 }), ops: fc.array(randomStateOpArb, { minLength: 1, maxLength: 12 }) }),
);


/** Runs a scenario on the current fills: each op's values as plain numbers, then the final state. */
function run(kind: Kind, seed: number, ops: readonly Op[]): unknown[] {
  if (kind === 'RandomState') {
    const rs = new RandomState(seed);
    const out: unknown[] = ops.map(([name, ...a]) => {
      switch (name) {
        case 'randomSample':
          return rs.randomSample(a[0]);
        case 'randn':
          return rs.randn(a[0]!);
        case 'normal':
          return rs.normal(a[0], a[1], a[2]);
        case 'scalar':
          return rs.randomSample();
        default:
          return rs.randn();
      }
    });
    return [...out.map(plain), rs.getState()];
  }
  const g = kind === 'PCG64' ? defaultRng(seed) : new Generator(new PCG64DXSM(seed));
  const out: unknown[] = ops.map(([name, ...a]) => {
    switch (name) {
      case 'random':
        return g.random(a[0]);
      case 'integers':
        return g.integers(a[0]!, a[0]! + a[1]!, a[2], DTYPES[a[3]!]);
      case 'integer':
        return g.integers(a[0]!, a[1]!);
      case 'standardNormal':
        return g.standardNormal(a[0]);
      case 'normal':
        return g.normal(a[0], a[1], a[2]);
      default:
        return g.random();
    }
  });
  return [...out.map(plain), (g.bitGenerator as PCG64DXSM).state];
}

function plain(v: unknown): unknown {
  return ArrayBuffer.isView(v) ? { type: v.constructor.name, values: Array.from(v as Float64Array, (x) => (Object.is(x, -0) ? '-0' : x)) } : v;
}

describe("node-curand/numpy's fills give the TypeScript loops' values", () => {
  it('on random seeds and call sequences, sizes around the threshold, every span (fast-check)', () => {
    fc.assert(
      fc.property(scenarioArb, ({ kind, seed, ops }) => {
        useNumpyFills('none');
        const want = run(kind, seed, ops);
        for (const choice of CHOICES) {
          useNumpyFills(choice);
          expect(run(kind, seed, ops), choice).toEqual(want);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('beyond the sizes from which the addon splits a fill over two threads or prefaults its output, and across the tails', () => {
    const calls: Array<[string, (seed: number) => ArrayBufferView]> = [
      ['random', (s) => defaultRng(s).random(600_001) as Float64Array],
      ['random PCG64DXSM', (s) => new Generator(new PCG64DXSM(s)).random(100_001) as Float64Array],
      ['integers int32', (s) => new Generator(new PCG64DXSM(s)).integers(-7, 2 ** 31, 1_100_003, 'int32') as Int32Array],
      ['integers int64', (s) => defaultRng(s).integers(0, 10, 600_000) as Float64Array],
      ['standardNormal', (s) => defaultRng(s).standardNormal(700_000) as Float64Array],
      ['randomSample', (s) => new RandomState(s).randomSample(600_003) as Float64Array],
      ['randn', (s) => new RandomState(s).randn(600_001) as Float64Array],
    ];
    for (const [name, call] of calls) {
      useNumpyFills('none');
      const want = Buffer.from(call(2026).buffer);
      for (const choice of CHOICES) {
        useNumpyFills(choice);
        expect(Buffer.from(call(2026).buffer).equals(want), `${name} on ${choice}`).toBe(true);
      }
    }
  });
});

describe.runIf(hasNumpy)('[numpy] the fills equal NumPy', () => {
  it("for large calls of every filled method, each fill and the TypeScript loops (SHA-256 of the values' float64 bytes)", () => {
    const seed = Number(process.env.NODE_CURAND_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
    const want = runPython<string[]>(
      `
import hashlib
import numpy as np
def h(v): return hashlib.sha256(np.asarray(v, dtype=np.float64).tobytes()).hexdigest()
s = inp
out = []
for g in (np.random.default_rng(s), np.random.Generator(np.random.PCG64DXSM(s))):
    out += [h(g.random(1000)), h(g.integers(0, 10, 5000)), h(g.integers(-3, 2**31 - 9, 3001, dtype=np.int32)),
            h(g.integers(0, 2**32 - 1, 777, dtype=np.uint32)), h(g.integers(5, 6)), h(g.standard_normal(300001)),
            h(g.normal(2, 3, 999)), h(g.random(600000)), h(g.integers(0, 1000, 1100000, dtype=np.int32))]
rs = np.random.RandomState(s)
out += [h(rs.random_sample(1001)), h(rs.randn(777)), h(rs.randn(64)), h(rs.normal(1, 2, 333)), h(rs.random_sample(600001)), h(rs.randn(600001)), h(rs.randn())]
`,
      seed,
    );
    const h = (v: unknown) => createHash('sha256').update(new Uint8Array(Float64Array.from(typeof v === 'number' ? [v] : (v as ArrayLike<number>)).buffer)).digest('hex');
    for (const choice of [...CHOICES, 'none'] as const) {
      useNumpyFills(choice);
      const got: string[] = [];
      for (const g of [defaultRng(seed), new Generator(new PCG64DXSM(seed))]) {
        got.push(h(g.random(1000)), h(g.integers(0, 10, 5000)), h(g.integers(-3, 2 ** 31 - 9, 3001, 'int32')));
        got.push(h(g.integers(0, 2 ** 32 - 1, 777, 'uint32')), h(g.integers(5, 6)), h(g.standardNormal(300001)));
        got.push(h(g.normal(2, 3, 999)), h(g.random(600000)), h(g.integers(0, 1000, 1100000, 'int32')));
      }
      const rs = new RandomState(seed);
      got.push(h(rs.randomSample(1001)), h(rs.randn(777)), h(rs.randn(64)), h(rs.normal(1, 2, 333)), h(rs.randomSample(600001)), h(rs.randn(600001)), h(rs.randn()));
      expect(got, `NODE_CURAND_FUZZ_SEED=${seed} on ${choice}`).toEqual(want);
    }
  });
});

describe.runIf(hasAddon)("the addon's fills refuse bad arguments with a TypeError and write nothing", () => {
  it('state blocks, ranges, spans and output types', () => {
    const f = binding().numpyFills;
    const pcg = new Uint32Array(10);
    const mt = new Int32Array(625);
    const out = new Float64Array(8).fill(7);
    const cases: Array<[() => unknown, RegExp]> = [
      [() => f.pcgDoubles(new Uint32Array(9), 0, out, 0, 8), /state must be a Uint32Array of 10 words/],
      [() => f.pcgDoubles(pcg, 0, out, 4, 5), /outside its array/],
      [() => f.pcgDoubles(pcg, 0, new Float32Array(8) as unknown as Float64Array, 0, 8), /out must be a Float64Array/],
      [() => f.pcgBounded32(pcg, 0, 1, 0, 0, out, 0, 8), /m must lie in \[2, 2\^32\)/],
      [() => f.pcgBounded32(pcg, 0, 10, 10, 0, out, 0, 8), /threshold below it/],
      [() => f.pcgBounded32(pcg, 0, 10, 6, -1, new Uint32Array(8), 0, 8), /holds every value/],
      [() => f.pcgBounded32(pcg, 0, 10, 6, 2 ** 31 - 5, new Int32Array(8), 0, 8), /holds every value/],
      [() => f.pcgNormals(pcg, 0, out, 0, 8, WI_NORMAL, KI_NORMAL, new Float64Array(255)), /fi must be a Float64Array of 256/],
      [() => f.mtDoubles(Int32Array.from({ length: 625 }, (_, i) => (i === 624 ? 625 : 0)), out, 0, 8), /read position/],
      [() => f.mtDoubles(new Int32Array(624), out, 0, 8), /Int32Array of 625/],
      [() => f.mtGauss(mt, out, 2, 4), /outside its array/],
    ];
    for (const [call, message] of cases) {
      expect(call).toThrow(TypeError);
      expect(call).toThrow(message);
    }
    expect(Array.from(out)).toEqual(Array(8).fill(7));
    expect(Array.from(pcg)).toEqual(Array(10).fill(0));
  });
});
