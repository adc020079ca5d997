import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Generator } from '../src/index.js';
import { planBinomial } from '../src/draws/binomial.js';
import { planMultinomial } from '../src/draws/multinomial.js';
import { chiSquareTest } from './support/chi-square.js';
import { hasNumpy, mt19937Words, ReplaySource, runNumpy } from './support/numpy.js';

/**
 * multinomial(n, pvals, size?) against NumPy 2.4's Generator.multinomial (docs/draws-discrete.md):
 * the same counts, row after row, and the same words read, for pvals that sum to 1, to less (the last
 * category takes the rest) and to slightly more (within NumPy's 1e-12 tolerance).
 */

interface Case {
  seed: number;
  n: number;
  pvals: number[];
  rows: number;
}

function expectNumpy(cases: Case[]): void {
  const want = runNumpy<{ values: number[]; next: number; words: number[] }[]>(
    [
      'out = []',
      'for seed, n, pvals, rows in inp:',
      '    g = np.random.Generator(np.random.MT19937(seed))',
      '    v = g.multinomial(n, pvals, size=rows).ravel()',
      '    words = np.random.MT19937(seed).random_raw(rows * (8 * len(pvals) + 8) + 256)',
      '    out.append({"values": v, "next": int(g.bit_generator.random_raw()), "words": words})',
    ].join('\n'),
    cases.map((c) => [c.seed, c.n, c.pvals, c.rows]),
  );
  cases.forEach((c, i) => {
    const src = new ReplaySource(Uint32Array.from(want[i]!.words));
    const got = planMultinomial(c.n, c.pvals, c.rows).run(src);
    const label = `seed ${c.seed}, n ${c.n}, pvals [${c.pvals.join(', ')}]`;
    expect(Array.from(got), label).toEqual(want[i]!.values.map(Number));
    expect(src.nextUint32(), `${label}: words read`).toBe(want[i]!.next);
  });
}

/** Weights normalised by division: their sum is 1 up to rounding, on either side. */
const pvalsArb = fc
  .array(fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constant(0)), { minLength: 1, maxLength: 12 })
  .filter((w) => w.reduce((s, v) => s + v, 0) > 0)
  .map((w) => {
    const total = w.reduce((s, v) => s + v, 0);
    return w.map((v) => v / total);
  });

describe.runIf(hasNumpy)('multinomial: NumPy 2.4 bit for bit', () => {
  it('[numpy] random n, pvals, seeds and sizes', () => {
    const nArb = fc.oneof(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }));
    const cases = fc.sample(fc.record({ seed: fc.integer({ min: 0, max: 2 ** 32 - 1 }), n: nArb, pvals: pvalsArb, rows: fc.integer({ min: 1, max: 40 }) }), {
      numRuns: 300,
      seed: 2,
    });
    expectNumpy(cases);
  });

  it('[numpy] pvals summing to less than 1, to 1 + 1e-12, with zeros, one category, and n = 0', () => {
    const pvalsList: number[][] = [
      [0.2, 0.2, 0.2], // the last takes 0.6
      [0.6, 0.4 + 5e-13, 0.3], // pvals[1]/remaining > 1: category 1 takes every remaining trial
      [0.7, 0.3 + 1e-13, 0.5],
      [1 / 3, 1 / 3, 1 / 3 + 1e-12, 0],
      [0, 0, 1],
      [1, 0, 0],
      [0, 1, 0],
      [0.5, 0.5, 0],
      [0.3],
      [0],
      [1e-300, 0.5, 0.5],
      [0.1, 0.25, 0.3, 0.35],
      Array.from({ length: 100 }, () => 0.01),
    ];
    const cases: Case[] = [];
    for (const [i, pvals] of pvalsList.entries()) for (const n of [0, 1, 7, 1000, 1e9, 2 ** 53 - 1]) cases.push({ seed: 50 + i, n, pvals, rows: 60 });
    expectNumpy(cases);
  });

  it('[numpy] multinomial and binomial calls interleaved share nothing but the words (NumPy shares its binomial_t cache between them)', () => {
    const calls = fc.sample(fc.oneof(fc.constant<[number, number[]]>([100, [0.3, 0.3, 0.4]]), fc.constant<[number, number[]]>([1000, [0.4, 0.6]]), fc.constant<[number, number[]]>([1000, [0.6]])), {
      numRuns: 600,
      seed: 11,
    });
    // [n, [p]] is binomial(n, p); others multinomial(n, pvals).
    const [want, next] = runNumpy<[number[][], number]>(
      [
        'g = np.random.Generator(np.random.MT19937(31))',
        'vals = []',
        'for n, pv in inp:',
        '    vals.append([int(g.binomial(n, pv[0]))] if len(pv) == 1 else g.multinomial(n, pv).tolist())',
        'out = [vals, int(g.bit_generator.random_raw())]',
      ].join('\n'),
      calls,
    );
    const src = new ReplaySource(mt19937Words(31, 40 * calls.length));
    const got = calls.map(([n, pv]) => (pv.length === 1 ? [planBinomial(n, pv[0]!, undefined).run(src) as number] : Array.from(planMultinomial(n, pv, undefined).run(src))));
    expect(got).toEqual(want);
    expect(src.nextUint32()).toBe(next);
  });
});

describe('multinomial: distribution (fixed seed, chi-square on the joint counts, false alarm < 1e-6)', () => {
  it('n = 4 over [0.1, 0.2, 0.3, 0.4]: every outcome against its multinomial probability', () => {
    const pvals = [0.1, 0.2, 0.3, 0.4];
    const n = 4;
    using g = new Generator({ backend: 'ts', seed: 8 });
    const rows = 100_000;
    const draws = g.multinomial(n, pvals, rows);
    // Outcomes (a, b, c) with d = n − a − b − c, indexed in base n + 1.
    const cells = (n + 1) ** 3;
    const observed = new Float64Array(cells);
    const expected = new Float64Array(cells);
    const factorial = (k: number): number => (k <= 1 ? 1 : k * factorial(k - 1));
    for (let a = 0; a <= n; a++)
      for (let b = 0; a + b <= n; b++)
        for (let c = 0; a + b + c <= n; c++) {
          const d = n - a - b - c;
          expected[(a * (n + 1) + b) * (n + 1) + c] =
            (factorial(n) / (factorial(a) * factorial(b) * factorial(c) * factorial(d))) * pvals[0]! ** a * pvals[1]! ** b * pvals[2]! ** c * pvals[3]! ** d;
        }
    for (let r = 0; r < rows; r++) {
      const row = draws.subarray(4 * r, 4 * r + 4);
      expect(row[0]! + row[1]! + row[2]! + row[3]!).toBe(n);
      observed[(row[0]! * (n + 1) + row[1]!) * (n + 1) + row[2]!]!++;
    }
    const { pValue, df } = chiSquareTest(observed, expected, 5);
    expect(df).toBeGreaterThan(20);
    expect(pValue).toBeGreaterThan(1e-6);
  });
});

describe('multinomial: arguments (refused before a word is read: the state is unchanged)', () => {
  const refusals: [string, () => [unknown, unknown, unknown], ErrorConstructor, RegExp][] = [
    ['n negative', () => [-1, [0.5, 0.5], undefined], RangeError, /n must be an integer/],
    ['pvals empty', () => [3, [], undefined], RangeError, /pvals must have at least one element/],
    ['pvals not an array', () => [3, 'abc', undefined], TypeError, /pvals must be an array/],
    ['pvals an Int32Array', () => [3, new Int32Array(2), undefined], TypeError, /pvals must be an array/],
    ['pvals with NaN', () => [3, [0.5, NaN], undefined], RangeError, /pvals\[1\] must be in \[0, 1\], got NaN/],
    ['pvals negative', () => [3, [-0.1, 1.1], undefined], RangeError, /pvals\[0\] must be in \[0, 1\]/],
    ['pvals above 1', () => [3, [1.5], undefined], RangeError, /pvals\[0\] must be in \[0, 1\]/],
    ['pvals a string element', () => [3, [0.5, '0.5'], undefined], TypeError, /pvals\[1\] must be a number/],
    ['sum(pvals[:-1]) above 1 + 1e-12', () => [3, [0.6, 0.4 + 3e-12, 0], undefined], RangeError, /sum\(pvals\[:-1\]\) must be at most 1/],
    ['size fractional', () => [3, [0.5, 0.5], 1.5], RangeError, /size must be an integer/],
    ['size too large', () => [3, [0.5, 0.5], 2 ** 31], RangeError, /size must be an integer in \[0, 2147483647\]/],
    ['an output whose length is not a multiple of pvals.length', () => [3, [0.5, 0.5], new Int32Array(5)], RangeError, /multiple of pvals.length = 2/],
    ['an Int32Array for n > 2^31 − 1', () => [2 ** 31, [0.5, 0.5], new Int32Array(4)], RangeError, /Int32Array cannot hold/],
    ['a Float32Array output', () => [3, [0.5, 0.5], new Float32Array(4)], TypeError, /Int32Array, Float64Array/],
  ];
  it.each(refusals)('%s', (_, args, type, message) => {
    using g = new Generator({ backend: 'ts', seed: 5 });
    g.random();
    const before = JSON.stringify(g.getState());
    const call = () => (g.multinomial as (...a: unknown[]) => unknown)(...args());
    expect(call).toThrow(type);
    expect(call).toThrow(message);
    expect(JSON.stringify(g.getState())).toBe(before);
  });

  it('accepts the tolerance itself, Float32Array/Float64Array pvals, and fills a given array in place', () => {
    using g = new Generator({ backend: 'ts', seed: 6 });
    expect(g.multinomial(10, [0.6, 0.4 + 5e-13, 0])).toHaveLength(3);
    expect(g.multinomial(10, new Float32Array([0.25, 0.75]), 2)).toHaveLength(4);
    const out = new Float64Array(6);
    expect(g.multinomial(10, new Float64Array([0.5, 0.25, 0.25]), out)).toBe(out);
    expect(out[0]! + out[1]! + out[2]!).toBe(10);
    expect(g.multinomial(2 ** 31, [0.5, 0.5], 1)).toBeInstanceOf(Float64Array);
    expect(g.multinomial(5, [0.5, 0.5], 0)).toHaveLength(0);
  });

  it('the async twin gives the sync counts and refuses the same way', async () => {
    using a = new Generator({ backend: 'ts', seed: 12 });
    using b = new Generator({ backend: 'ts', seed: 12 });
    expect(await a.multinomialAsync(50, [0.2, 0.3, 0.5], 1000)).toEqual(b.multinomial(50, [0.2, 0.3, 0.5], 1000));
    const before = JSON.stringify(a.getState());
    await expect(a.multinomialAsync(50, [0.2, NaN], 10)).rejects.toThrow(RangeError);
    expect(JSON.stringify(a.getState())).toBe(before);
  });
});
