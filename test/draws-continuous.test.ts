/**
 * NumPy's continuous distributions (src/draws/ziggurat.ts, gamma.ts, beta.ts, geometric.ts,
 * multivariate-normal.ts) against NumPy itself: our algorithms fed the words NumPy's MT19937(seed)
 * gives (ReplaySource) must return what np.random.Generator(np.random.MT19937(seed)) draws, bit for
 * bit, and read exactly as many words. Parameters and seeds come from fast-check (fixed seeds, so
 * every run checks the same cases), in batches, one Python process per batch.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// Plain .mjs script: the generator of src/draws/ziggurat-data.ts.
import { OUTPUT as ZIGGURAT_MODULE, moduleText, numpyTables } from '../scripts/gen-ziggurat-tables.mjs';
import { planBeta, planDirichlet } from '../src/draws/beta.js';
import type { BitSource } from '../src/draws/bit-source.js';
import { planChisquare, planGamma, planStandardT } from '../src/draws/gamma.js';
import { planGeometric } from '../src/draws/geometric.js';
import { planMultivariateNormal } from '../src/draws/multivariate-normal.js';
import type { DrawPlan } from '../src/draws/plan.js';
import { planExponential, planStandardNormal, standardExponential, standardNormal } from '../src/draws/ziggurat.js';
import { hasNumpy, ReplaySource, runNumpy } from './support/numpy.js';

/** One NumPy call: `code` is evaluated with g = Generator(MT19937(seed)); `words` bounds what it may read. */
interface Case {
  seed: number;
  code: string;
  words: number;
}
interface Drawn {
  values: Array<number | null>;
  /** Exactly the words NumPy read, in order. */
  words: number[];
}

/**
 * Runs the cases in one Python process: each gives NumPy's values (flattened) and the words its
 * Generator read (found by locating the next two raw words in the first `words` of the stream).
 */
function numpyDraws(cases: Case[]): Drawn[] {
  return runNumpy<Drawn[]>(
    `
out = []
for seed, code, limit in inp:
    ref = np.random.MT19937(seed).random_raw(limit + 2)
    g = np.random.Generator(np.random.MT19937(seed))
    v = np.asarray(eval(code), dtype=float).ravel()
    nxt = g.bit_generator.random_raw(2)
    hits = np.flatnonzero((ref[:-1] == nxt[0]) & (ref[1:] == nxt[1]))
    used = int(hits[0]) if len(hits) else -1
    assert used >= 0, 'raise the word bound of ' + code
    out.append({'values': v, 'words': ref[:used]})
`,
    cases.map((c) => [c.seed, c.code, c.words]),
  );
}

/** Our plan run on NumPy's words: values (NaN as null, as the JSON brings NumPy's) and words read. */
function ours(plan: DrawPlan<number | Float64Array>, words: number[]): { values: Array<number | null>; used: number } {
  const src = new ReplaySource(Uint32Array.from(words));
  const out = plan.run(src);
  const values = typeof out === 'number' ? [out] : Array.from(out);
  return { values: values.map((v) => (Number.isFinite(v) ? v : null)), used: src.used };
}

/** Several scalar calls on one source, as NumPy's [g.f(…) for _ in range(n)]. */
function scalars(make: () => DrawPlan<number | Float64Array>, n: number): DrawPlan<Float64Array> {
  return {
    words: 0,
    output: null,
    run: (src: BitSource) => Float64Array.from({ length: n }, () => make().run(src) as number),
  };
}

/** Checks a batch: same values (bit for bit: JSON keeps repr's round trip) and the same word count. */
function expectSame(batch: Array<{ name: string; case: Case; plan: () => DrawPlan<number | Float64Array> }>): void {
  const drawn = numpyDraws(batch.map((b) => b.case));
  batch.forEach((b, i) => {
    const mine = ours(b.plan(), drawn[i]!.words);
    expect(mine.values, b.name).toEqual(drawn[i]!.values);
    expect(mine.used, `${b.name}: words read`).toBe(drawn[i]!.words.length);
  });
}

const py = (x: number) => (Number.isInteger(x) && Math.abs(x) < 2 ** 53 ? `${x}.0` : x.toPrecision(17));
const SEED = fc.integer({ min: 0, max: 2 ** 32 - 1 });
/** fast-check samples with a fixed seed: the same cases every run. */
const sample = <T>(arb: fc.Arbitrary<T>, n: number, seed: number) => fc.sample(arb, { numRuns: n, seed });
const positive = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true }).map((v) => Math.abs(v) || min);

describe.skipIf(!hasNumpy)('[numpy] the ziggurat normal and exponential', () => {
  it('the committed tables are the installed NumPy\'s, bit for bit (read from its libnpyrandom.a)', () => {
    const tables = numpyTables();
    expect(tables.ki_double[1]).toBe(0);
    expect(tables.fi_double[0]).toBe(1);
    expect(readFileSync(ZIGGURAT_MODULE, 'utf8') === moduleText(tables), 'src/draws/ziggurat-data.ts is stale: node scripts/gen-ziggurat-tables.mjs').toBe(true);
  });

  it('standard_normal and standard_exponential: 20,000 each for several seeds, and the words read', () => {
    const batch = [1, 42, 2 ** 32 - 1, 123456789].flatMap((seed) => [
      { name: `normal seed ${seed}`, case: { seed, code: 'g.standard_normal(20000)', words: 45000 }, plan: () => planStandardNormal(20000) },
      { name: `exponential seed ${seed}`, case: { seed, code: 'g.standard_exponential(20000)', words: 45000 }, plan: () => planExponential(1, 20000) },
    ]);
    expectSame(batch);
  });

  it('the rare branches: tails beyond r and wedge tests, counted and matched on 400,000 draws', () => {
    const seed = 2024;
    const drawn = numpyDraws([
      { seed, code: 'g.standard_normal(400000)', words: 900000 },
      { seed, code: 'g.standard_exponential(400000)', words: 900000 },
    ]);
    for (const [k, one] of [standardNormal, standardExponential].entries()) {
      const src = new ReplaySource(Uint32Array.from(drawn[k]!.words));
      let extra = 0;
      const differ: number[] = [];
      for (let i = 0; i < 400000; i++) {
        const before = src.used;
        if (one(src) !== drawn[k]!.values[i]) differ.push(i);
        if (src.used > before + 2) extra++;
      }
      expect(differ).toEqual([]);
      expect(src.used).toBe(drawn[k]!.words.length);
      // About 0.7 % (normal) and 1.1 % (exponential) of the draws go past the first word pair.
      expect(extra).toBeGreaterThan(2000);
    }
  });

  it('scalar calls, exponential(scale) over its range (fast-check)', () => {
    const cases = sample(fc.tuple(SEED, fc.oneof(positive(0, 1e-3), positive(0, 1e6), fc.constant(0))), 40, 11);
    expectSame(
      cases.flatMap(([seed, scale]) => [
        { name: `exponential(${scale}) x30 seed ${seed}`, case: { seed, code: `[g.exponential(${py(scale)}) for _ in range(30)]`, words: 200 }, plan: () => scalars(() => planExponential(scale, undefined), 30) },
        { name: `standard_normal() x30 seed ${seed}`, case: { seed, code: '[g.standard_normal() for _ in range(30)]', words: 200 }, plan: () => scalars(() => planStandardNormal(undefined), 30) },
      ]),
    );
  });
});

describe.skipIf(!hasNumpy)('[numpy] gamma, chisquare, standard_t', () => {
  const shape = fc.oneof(positive(1e-8, 1e-3), positive(1e-3, 1), positive(1, 3), positive(3, 1e6), fc.constantFrom(0, 1, 0.5, 1 / 3, 2));
  it('gamma(shape, scale, size) over shapes below and above 1, 0 and 1 (fast-check)', () => {
    const cases = sample(fc.tuple(SEED, shape, fc.oneof(positive(0, 10), fc.constant(1), fc.constant(0))), 60, 21);
    expectSame(
      cases.map(([seed, k, s]) => ({
        name: `gamma(${k}, ${s}) seed ${seed}`,
        case: { seed, code: `g.gamma(${py(k)}, ${py(s)}, size=200)`, words: 4000 },
        plan: () => planGamma(k, s, 200),
      })),
    );
  });

  it('gamma scalar calls (fast-check)', () => {
    const cases = sample(fc.tuple(SEED, shape), 30, 22);
    expectSame(
      cases.map(([seed, k]) => ({
        name: `gamma(${k}) x20 seed ${seed}`,
        case: { seed, code: `[g.gamma(${py(k)}) for _ in range(20)]`, words: 800 },
        plan: () => scalars(() => planGamma(k, 1, undefined), 20),
      })),
    );
  });

  it('chisquare(df) and standard_t(df) (fast-check)', () => {
    const df = fc.oneof(positive(1e-6, 2), positive(2, 1e5), fc.constantFrom(1, 2, 3));
    const cases = sample(fc.tuple(SEED, df), 40, 23);
    expectSame(
      cases.flatMap(([seed, d]) => [
        { name: `chisquare(${d}) seed ${seed}`, case: { seed, code: `g.chisquare(${py(d)}, size=200)`, words: 4000 }, plan: () => planChisquare(d, 200) },
        { name: `standard_t(${d}) seed ${seed}`, case: { seed, code: `g.standard_t(${py(d)}, size=200)`, words: 6000 }, plan: () => planStandardT(d, 200) },
        { name: `standard_t(${d}) x10 seed ${seed}`, case: { seed, code: `[g.standard_t(${py(d)}) for _ in range(10)]`, words: 600 }, plan: () => scalars(() => planStandardT(d, undefined), 10) },
      ]),
    );
  });
});

describe.skipIf(!hasNumpy)('[numpy] beta, dirichlet, geometric', () => {
  it('beta(a, b): Jöhnk (a, b ≤ 1, with underflowing powers), the tiny Bernoulli branch, gamma ratios (fast-check)', () => {
    const ab = fc.oneof(positive(1e-300, 1e-103), positive(1e-103, 1e-3), positive(1e-3, 1), positive(1, 50), fc.constantFrom(1, 1e-5, 1e-3));
    const cases = sample(fc.tuple(SEED, ab, ab), 60, 31);
    expectSame(
      cases.flatMap(([seed, a, b]) => [
        { name: `beta(${a}, ${b}) seed ${seed}`, case: { seed, code: `g.beta(${py(a)}, ${py(b)}, size=100)`, words: 6000 }, plan: () => planBeta(a, b, 100) },
        { name: `beta(${a}, ${b}) x5 seed ${seed}`, case: { seed, code: `[g.beta(${py(a)}, ${py(b)}) for _ in range(5)]`, words: 600 }, plan: () => scalars(() => planBeta(a, b, undefined), 5) },
      ]),
    );
  });

  it('dirichlet(alpha, size): stick-breaking (max α < 0.1, zeros included) and normalised gammas (fast-check)', () => {
    const alpha = fc.oneof(
      fc.array(fc.oneof(positive(1e-4, 0.0999), fc.constant(0)), { minLength: 1, maxLength: 6 }),
      fc.array(fc.oneof(positive(1e-3, 5), fc.constant(0)), { minLength: 1, maxLength: 6 }),
      fc.array(fc.constant(0.09), { minLength: 12, maxLength: 30 }),
    );
    const cases = sample(fc.tuple(SEED, alpha), 50, 32);
    const list = (a: number[]) => `[${a.map(py).join(', ')}]`;
    expectSame(
      cases.flatMap(([seed, a]) => [
        { name: `dirichlet(${a}) seed ${seed}`, case: { seed, code: `g.dirichlet(${list(a)}, size=40)`, words: 40 * 30 * 40 }, plan: () => planDirichlet(a, 40) },
        { name: `dirichlet(${a}) one seed ${seed}`, case: { seed, code: `g.dirichlet(${list(a)})`, words: 30 * 40 }, plan: () => planDirichlet(a, undefined) },
      ]),
    );
  });

  it('dirichlet edge cases: all zero, one α, no α', () => {
    expectSame([
      { name: 'all zero', case: { seed: 5, code: 'g.dirichlet([0.0, 0.0, 0.0], size=3)', words: 10 }, plan: () => planDirichlet([0, 0, 0], 3) },
      { name: 'one small', case: { seed: 5, code: 'g.dirichlet([0.05], size=3)', words: 10 }, plan: () => planDirichlet([0.05], 3) },
      { name: 'one large', case: { seed: 5, code: 'g.dirichlet([2.5], size=3)', words: 100 }, plan: () => planDirichlet([2.5], 3) },
      { name: 'last zeros', case: { seed: 5, code: 'g.dirichlet([0.05, 0.0, 0.0], size=4)', words: 100 }, plan: () => planDirichlet([0.05, 0, 0], 4) },
      { name: 'empty', case: { seed: 5, code: 'g.dirichlet([], size=4)', words: 10 }, plan: () => planDirichlet([], 4) },
    ]);
  });

  it('geometric(p): search (p ≥ 1/3) and inversion, up to NumPy\'s INT64_MAX cap (fast-check)', () => {
    const p = fc.oneof(positive(1e-300, 1e-12), positive(1e-12, 1 / 3), positive(1 / 3, 1), fc.constantFrom(1, 0.3333333333333333, 0.33333333333333337, 0.5, 1e-300, 1e-20));
    const cases = sample(fc.tuple(SEED, p), 50, 33);
    expectSame(
      cases.flatMap(([seed, q]) => [
        { name: `geometric(${q}) seed ${seed}`, case: { seed, code: `g.geometric(${py(q)}, size=200).astype(float)`, words: 2000 }, plan: () => planGeometric(q, 200) },
        { name: `geometric(${q}) x10 seed ${seed}`, case: { seed, code: `[float(g.geometric(${py(q)})) for _ in range(10)]`, words: 200 }, plan: () => scalars(() => planGeometric(q, undefined), 10) },
      ]),
    );
  });
});

describe.skipIf(!hasNumpy)('[numpy] multivariate_normal(method=\'cholesky\')', () => {
  it('d = 1: bit for bit; the normals read are NumPy\'s for any d', () => {
    expectSame([
      { name: 'd = 1', case: { seed: 3, code: "g.multivariate_normal([1.5], [[4.0]], size=500, method='cholesky')", words: 1500 }, plan: () => planMultivariateNormal([1.5], [[4]], 500, undefined) },
    ]);
  });

  it('d = 2…6: NumPy\'s values to rounding (its BLAS may sum in another order), the same words (fast-check)', () => {
    const dims = sample(fc.tuple(SEED, fc.integer({ min: 2, max: 6 }), fc.integer({ min: 0, max: 1000 })), 12, 41);
    const cases = dims.map(([seed, d, k]) => {
      // A random positive definite cov = A·Aᵀ + d·I with A's entries from a small deterministic sequence.
      const a = Array.from({ length: d * d }, (_, i) => Math.sin(k + 7 * i));
      const cov = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => {
        let s = i === j ? d : 0;
        for (let m = 0; m < d; m++) s += a[i * d + m]! * a[j * d + m]!;
        return s;
      }));
      for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) cov[i]![j] = cov[j]![i]!; // exactly symmetric
      const mean = Array.from({ length: d }, (_, i) => i - 1.5);
      return { seed, d, cov, mean };
    });
    const drawn = numpyDraws(
      cases.map(({ seed, cov, mean }) => ({ seed, code: `g.multivariate_normal(${JSON.stringify(mean)}, ${JSON.stringify(cov)}, size=100, method='cholesky')`, words: 100 * 6 * 3 })),
    );
    cases.forEach(({ cov, mean }, i) => {
      const mine = ours(planMultivariateNormal(mean, cov, 100, { method: 'cholesky' }), drawn[i]!.words);
      expect(mine.used).toBe(drawn[i]!.words.length);
      mine.values.forEach((v, j) => expect(Math.abs(v! - drawn[i]!.values[j]!)).toBeLessThan(1e-12 * (1 + Math.abs(v!))));
    });
  });
});
