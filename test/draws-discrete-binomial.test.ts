import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Generator } from '../src/index.js';
import { Binomial, planBinomial } from '../src/draws/binomial.js';
import { chiSquareTest } from './support/chi-square.js';
import { hasNumpy, mt19937Words, ReplaySource, runNumpy } from './support/numpy.js';

/**
 * binomial(n, p, size?) against NumPy 2.4's Generator.binomial (docs/draws-discrete.md): fed the words
 * NumPy's MT19937 gives, our sampler must return NumPy's values and leave the stream where NumPy
 * leaves it, for every (n, p) (inversion, BTPE, the p > 0.5 mirror, the n·p = 30 switch, n up to
 * 2^53 − 1, p = 0 and 1).
 */

const TWO_53 = 2 ** 53;

/** The doubles next to x (x > 0). */
function nextUp(x: number): number {
  const b = new Float64Array([x]);
  new BigInt64Array(b.buffer)[0]! += 1n;
  return b[0]!;
}
function nextDown(x: number): number {
  const b = new Float64Array([x]);
  new BigInt64Array(b.buffer)[0]! -= 1n;
  return b[0]!;
}

interface Case {
  seed: number;
  n: number;
  p: number;
  count: number;
}

/** NumPy's values for each case, with the word that follows them in the stream. */
function numpyBinomials(cases: Case[]): { values: number[]; next: number }[] {
  return runNumpy(
    [
      'out = []',
      'for seed, n, p, count in inp:',
      '    g = np.random.Generator(np.random.MT19937(seed))',
      '    v = g.binomial(n, p, size=count)',
      '    out.append({"values": v, "next": int(g.bit_generator.random_raw())})',
    ].join('\n'),
    cases.map((c) => [c.seed, c.n, c.p, c.count]),
  );
}

/** The words of each case's seed: enough for `count` values (BTPE reads about 2.5 words a value). */
function wordsFor(cases: Case[]): Uint32Array[] {
  const lists = runNumpy<number[][]>(
    'out = [np.random.MT19937(seed).random_raw(k) for seed, k in inp]',
    cases.map((c) => [c.seed, 12 * c.count + 64]),
  );
  return lists.map((w) => Uint32Array.from(w));
}

function expectNumpy(cases: Case[]): void {
  const want = numpyBinomials(cases);
  const words = wordsFor(cases);
  cases.forEach((c, i) => {
    const src = new ReplaySource(words[i]!);
    const sampler = new Binomial();
    const got: number[] = [];
    for (let j = 0; j < c.count; j++) got.push(sampler.draw(src, c.n, c.p));
    const label = `seed ${c.seed}, n ${c.n}, p ${c.p}`;
    expect(got, label).toEqual(want[i]!.values.map(Number));
    expect(src.nextUint32(), `${label}: the next word (words read)`).toBe(want[i]!.next);
  });
}

const seedArb = fc.integer({ min: 0, max: 2 ** 32 - 1 });
const nArb = fc.oneof(
  fc.integer({ min: 0, max: 100 }),
  fc.integer({ min: 0, max: 10_000 }),
  fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
  fc.constantFrom(0, 1, 2, 60, 61, 1e9, 2 ** 31 - 1, 2 ** 31, TWO_53 - 1),
);
const pArb = fc.oneof(
  fc.double({ min: 0, max: 1, noNaN: true }),
  fc.double({ min: 0, max: 1e-3, noNaN: true }),
  fc.constantFrom(0, 1, 0.5, nextDown(0.5), nextUp(0.5), 1e-300, 2 ** -1074, nextDown(1)),
);

/** (n, p) with n·p (or n·(1 − p)) on either side of 30, where NumPy switches from inversion to BTPE. */
const switchArb = fc
  .tuple(fc.integer({ min: 61, max: 10_000_000 }), fc.integer({ min: -3, max: 3 }), fc.boolean())
  .map(([n, step, mirrored]) => {
    let p = 30 / n;
    for (let i = 0; i < Math.abs(step); i++) p = step > 0 ? nextUp(p) : nextDown(p);
    return { n, p: mirrored ? 1 - p : p };
  });

describe.runIf(hasNumpy)('binomial: NumPy 2.4 bit for bit', () => {
  it('[numpy] random (n, p) over the whole range, seeds and counts', () => {
    const cases = fc.sample(fc.record({ seed: seedArb, n: nArb, p: pArb, count: fc.integer({ min: 1, max: 300 }) }), { numRuns: 400, seed: 14 });
    expectNumpy(cases);
  });

  it('[numpy] the BTPE region: n up to 10^12, min(p, 1 − p)·n > 30', () => {
    const btpeArb = fc
      .tuple(fc.oneof(fc.integer({ min: 61, max: 100_000 }), fc.integer({ min: 61, max: 1e12 })), fc.double({ min: 0, max: 1, noNaN: true }))
      .map(([n, t]) => ({ n, p: 30 / n + t * (1 - 60 / n) }))
      .filter(({ n, p }) => Math.min(p, 1 - p) * n > 30);
    const cases = fc.sample(fc.tuple(seedArb, btpeArb), { numRuns: 200, seed: 31 }).map(([seed, { n, p }]) => ({ seed, n, p, count: 250 }));
    expectNumpy(cases);
  });

  it('[numpy] n·p around 30 (the inversion / BTPE switch), on both sides of p = 0.5', () => {
    const cases = fc.sample(fc.tuple(seedArb, switchArb), { numRuns: 200, seed: 30 }).map(([seed, { n, p }]) => ({ seed, n, p, count: 200 }));
    for (const { n, p } of cases) expect(Math.abs(Math.min(p, 1 - p) * n - 30)).toBeLessThan(1e-6);
    expectNumpy(cases);
  });

  it('[numpy] fixed corners: p = 0 and 1, n = 0, p near 0.5, n = 10^9 and 2^53 − 1, the BTPE squeeze region', () => {
    const corners: [number, number][] = [
      [0, 0.5], [0, 0], [0, 1], [17, 0], [17, 1], [1e9, 1], [1e9, 0], [1, 0.5], [1, 1e-300],
      [60, 0.5], [61, 0.5], [1000, 0.5], [1000, nextDown(0.5)], [1000, nextUp(0.5)],
      [1e9, 0.5], [1e9, 0.3], [1e9, 1e-8], [1e9, 3e-8], [1e9, 1 - 1e-8], [TWO_53 - 1, 0.25], [TWO_53 - 1, 1e-15], [TWO_53 - 1, 0.75],
      [2 ** 31 - 1, 0.5], [2 ** 31, 0.5], [100_000, 0.02], [500, 0.97],
    ];
    expectNumpy(corners.map(([n, p], i) => ({ seed: 1000 + i, n, p, count: 1000 })));
  });

  it('[numpy] the values do not depend on NumPy\'s binomial_t cache: interleaved (n, p) one at a time', () => {
    // NumPy keeps the set-up of the last (n, p) (including between calls); ours is recomputed by
    // every scalar call. Draws of a few (n, p) in a random order, repeats included, must agree.
    const params: [number, number][] = [[10, 0.3], [1000, 0.4], [10, 0.7], [1000, 0.6], [40, 0.5], [1e6, 1e-5], [1e6, 0.1]];
    const order = fc.sample(fc.integer({ min: 0, max: params.length - 1 }), { numRuns: 3000, seed: 7 });
    order.push(...order.slice(0, 200).flatMap((k) => [k, k])); // runs of the same (n, p)
    const [want, next] = runNumpy<[number[], number]>(
      [
        'g = np.random.Generator(np.random.MT19937(2024))',
        'vals = [int(g.binomial(inp[0][k][0], inp[0][k][1])) for k in inp[1]]',
        'out = [vals, int(g.bit_generator.random_raw())]',
      ].join('\n'),
      [params, order],
    );
    const src = new ReplaySource(mt19937Words(2024, 20 * order.length));
    const got = order.map((k) => planBinomial(params[k]![0], params[k]![1], undefined).run(src));
    expect(got).toEqual(want);
    expect(src.nextUint32()).toBe(next);
  });
});

/**
 * Python for NumPy's MT19937 made to return given words first (at most 624): its key is set to the
 * untempered words, with pos = 0 (MT19937's output is the tempered key word; tempering is invertible).
 */
const CRAFTED_MT19937 = [
  'def _untemper(y):',
  '    y ^= y >> 18',
  '    y ^= (y << 15) & 0xefc60000',
  '    r = y',
  '    for _ in range(5): r = y ^ ((r << 7) & 0x9d2c5680)',
  '    y = r & 0xffffffff',
  '    r = y',
  '    for _ in range(3): r = y ^ (r >> 11)',
  '    return r & 0xffffffff',
  'def crafted(words):',
  '    bg = np.random.MT19937(0)',
  '    st = bg.state',
  '    key = st["state"]["key"].copy()',
  '    for i, w in enumerate(words): key[i] = _untemper(w)',
  '    st["state"]["key"] = key',
  '    st["state"]["pos"] = 0',
  '    bg.state = st',
  '    return bg',
].join('\n');

describe.runIf(hasNumpy)('binomial: NumPy 2.4 on extreme words', () => {
  it('[numpy] words 0, 2^32 − 1 and 2^31 mixed in (U = 0, U = 1 − 2^-53, v = 0 in BTPE, the inversion\'s restart past its bound)', () => {
    const wordArb = fc.oneof(fc.constantFrom(0, 0xffffffff, 0x80000000), fc.integer({ min: 0, max: 0xffffffff }));
    const paramArb = fc.constantFrom<[number, number]>([1000, 0.001], [20, 0.5], [1000, 0.5], [100_000, 0.3], [1e9, 0.7], [50, 0.9], [200, 0.15]);
    const cases = fc.sample(fc.tuple(fc.array(wordArb, { minLength: 620, maxLength: 620 }), paramArb), { numRuns: 120, seed: 99 });
    // The inversion's restart: U = 1 − 2^-53 walks past the bound 15 of (1000, 0.001) (P(X > 15) ≈ 1e-13).
    cases.push([[0xffffffff, 0xffffffff, ...new Array<number>(618).fill(0x12345678)], [1000, 0.001]]);
    const count = 40;
    const want = runNumpy<{ values: number[]; next: number }[]>(
      [
        CRAFTED_MT19937,
        'out = []',
        'for words, (n, p) in inp[0]:',
        '    g = np.random.Generator(crafted(words))',
        '    v = g.binomial(n, p, size=inp[1])',
        '    out.append({"values": v, "next": int(g.bit_generator.random_raw())})',
      ].join('\n'),
      [cases, count],
    );
    cases.forEach(([words, [n, p]], i) => {
      const src = new ReplaySource(Uint32Array.from(words));
      const sampler = new Binomial();
      const got = Array.from({ length: count }, () => sampler.draw(src, n, p));
      expect(got, `case ${i}: n ${n}, p ${p}`).toEqual(want[i]!.values);
      expect(src.nextUint32(), `case ${i}: words read`).toBe(want[i]!.next);
    });
    // The restart case read past its first two words (more than two for its first value).
    const restart = new ReplaySource(Uint32Array.from(cases.at(-1)![0]));
    new Binomial().draw(restart, 1000, 0.001);
    expect(restart.used).toBe(4);
  });
});

describe('binomial: words read', () => {
  it('n = 0 and p = 0 read nothing; p = 1 reads two words per value (inversion with q = 0)', () => {
    const words = new Uint32Array(64).map((_, i) => (i * 2654435761) >>> 0);
    const src = new ReplaySource(words);
    expect(planBinomial(0, 0.5, 10).run(src)).toEqual(new Int32Array(10));
    expect(planBinomial(9, 0, 10).run(src)).toEqual(new Int32Array(10));
    expect(src.used).toBe(0);
    expect(planBinomial(9, 1, 10).run(src)).toEqual(new Int32Array(10).fill(9));
    expect(src.used).toBe(20);
  });
});

describe('binomial: distribution (fixed seeds, chi-square, false alarm < 1e-6 each)', () => {
  /** The binomial pmf on [lo, hi] by the recurrence from the mode, in log space (test code: Math is fine). */
  function pmf(n: number, p: number, lo: number, hi: number): Float64Array {
    const mode = Math.min(hi, Math.max(lo, Math.floor((n + 1) * p)));
    const logRatioUp = (k: number) => Math.log((n - k) / (k + 1)) + Math.log(p / (1 - p)); // log f(k+1)/f(k)
    const logf = new Float64Array(hi - lo + 1);
    for (let k = mode; k < hi; k++) logf[k + 1 - lo] = logf[k - lo]! + logRatioUp(k);
    for (let k = mode; k > lo; k--) logf[k - 1 - lo] = logf[k - lo]! - logRatioUp(k - 1);
    const f = logf.map(Math.exp);
    const total = f.reduce((s, v) => s + v, 0);
    return f.map((v) => v / total);
  }

  it.each([
    [20, 0.3],
    [30, 0.999],
    [1000, 0.5],
    [100_000, 0.02],
    [1e9, 0.3],
    [2 ** 40, 0.75],
  ])('n = %s, p = %s', (n, p) => {
    using g = new Generator({ backend: 'ts', seed: 1234 });
    const draws = g.binomial(n, p, 200_000);
    const sd = Math.sqrt(n * p * (1 - p));
    const lo = Math.max(0, Math.floor(n * p - 9 * sd - 1));
    const hi = Math.min(n, Math.ceil(n * p + 9 * sd + 1));
    const observed = new Float64Array(hi - lo + 1);
    let outside = 0;
    for (const v of draws) {
      if (v >= lo && v <= hi) observed[v - lo]!++;
      else outside++;
    }
    expect(outside).toBe(0);
    const { pValue, df } = chiSquareTest(observed, pmf(n, p, lo, hi));
    expect(df).toBeGreaterThan(0);
    expect(pValue).toBeGreaterThan(1e-6);
  });
});

describe('binomial: arguments (refused before a word is read: the state is unchanged)', () => {
  const refusals: [string, () => [unknown, unknown, unknown], ErrorConstructor, RegExp][] = [
    ['n negative', () => [-1, 0.5, undefined], RangeError, /n must be an integer in \[0, 9007199254740991\]/],
    ['n fractional', () => [2.5, 0.5, 4], RangeError, /n must be an integer/],
    ['n above 2^53 − 1', () => [TWO_53, 0.5, 4], RangeError, /n must be an integer/],
    ['n a bigint', () => [10n, 0.5, 4], TypeError, /n must be an integer/],
    ['p NaN', () => [10, NaN, 4], RangeError, /p must be in \[0, 1\], got NaN/],
    ['p above 1', () => [10, 1.0000001, 4], RangeError, /p must be in \[0, 1\]/],
    ['p negative', () => [10, -0.1, undefined], RangeError, /p must be in \[0, 1\]/],
    ['p a string', () => [10, '0.5', 4], TypeError, /p must be a number/],
    ['size negative', () => [10, 0.5, -1], RangeError, /size must be an integer/],
    ['size a Uint8Array', () => [10, 0.5, new Uint8Array(4)], TypeError, /Int32Array, Float64Array/],
    ['an Int32Array for n > 2^31 − 1', () => [2 ** 31, 0.5, new Int32Array(4)], RangeError, /Int32Array cannot hold counts up to n = 2147483648/],
  ];
  it.each(refusals)('%s', (_, args, type, message) => {
    using g = new Generator({ backend: 'ts', seed: 5 });
    g.random(); // some words buffered
    const before = JSON.stringify(g.getState());
    const call = () => (g.binomial as (...a: unknown[]) => unknown)(...args());
    expect(call).toThrow(type);
    expect(call).toThrow(message);
    expect(JSON.stringify(g.getState())).toBe(before);
  });

  it('the async twin refuses the same way, without touching the state', async () => {
    using g = new Generator({ backend: 'ts', seed: 5 });
    const before = JSON.stringify(g.getState());
    await expect(g.binomialAsync(10, NaN, 4)).rejects.toThrow(/p must be in \[0, 1\]/);
    expect(JSON.stringify(g.getState())).toBe(before);
  });

  it('output types: Int32Array up to n = 2^31 − 1, Float64Array above; a given array is filled in place', () => {
    using g = new Generator({ backend: 'ts', seed: 9 });
    expect(typeof g.binomial(10, 0.5)).toBe('number');
    expect(g.binomial(2 ** 31 - 1, 0.5, 3)).toBeInstanceOf(Int32Array);
    expect(g.binomial(2 ** 31, 0.5, 3)).toBeInstanceOf(Float64Array);
    const out = new Float64Array(5);
    expect(g.binomial(10, 0.5, out)).toBe(out);
    const big = g.binomial(TWO_53 - 1, 0.5, 1000) as Float64Array;
    for (const v of big) expect(Number.isSafeInteger(v) && v >= 0 && v <= TWO_53 - 1).toBe(true);
  });
});

describe('binomial on the Generator', () => {
  it('reads the generator\'s uint32 stream, and the async twin gives the sync values', async () => {
    using a = new Generator({ backend: 'ts', seed: 77 });
    using b = new Generator({ backend: 'ts', seed: 77 });
    using c = new Generator({ backend: 'ts', seed: 77 });
    const got = a.binomial(500, 0.2, 3000);
    const want = planBinomial(500, 0.2, 3000).run(new ReplaySource(b.uint32(4096 * 4)));
    expect(got).toEqual(want);
    expect(await c.binomialAsync(500, 0.2, 3000)).toEqual(got);
    expect(c.getState()).toEqual(a.getState());
  });
});
