import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { RandomState } from '../src/numpy/index.js';
import { hasNumpy } from './support/numpy.js';
import { PY_PLAIN, sizeArb } from './support/numpy-sizes.js';
import { runPython } from './support/cpython.js';

/**
 * RandomState's distributions beyond the core ones (chisquare … bytes) against the real NumPy
 * (np.random.RandomState): random seeds, random call sequences that mix them with standard_normal
 * (so the polar method's cached value carries over between calls), random_sample, binomial (whose
 * set-up multinomial shares) and get_state, with parameters reaching every branch: weibull a = 0,
 * the noncentral chi-square's nonc = 0 / df ≤ 1 / df > 1 paths, its Poisson beyond int64 (nonc ∞,
 * 1e30, near 2·LONG_MAX), vonmises' uniform (κ < 1e-8), Taylor (κ < 1e-5) and general paths up to
 * 1e15, geometric's search and inversion (and its INT64_MIN for p below 2^-53), zipf near 1 and up
 * to 1000, logseries up to 1 − 2^-53, hypergeometric's HYP and HRUA both ways round, multinomial on
 * inversion and BTPE, NaN and ∞ where NumPy accepts them; sizes as counts and shapes. Values are
 * compared exactly: floats through repr, int64 values beyond 2^53 as decimal strings.
 */

type Op = [string, ...unknown[]];
interface Scenario {
  seed: number | number[];
  ops: Op[];
}

/** Ops whose results are NumPy int64 (compared as decimal strings beyond 2^53). */
const INT_OPS = new Set(['negative_binomial', 'geometric', 'zipf', 'logseries', 'hypergeometric', 'multinomial', 'tomaxint', 'binomial']);

const f = (min: number, max: number) => fc.double({ min, max, noNaN: true });
/** Special doubles travel as strings, which both sides turn into the double. */
const special = (...xs: ('inf' | 'nan')[]) => fc.constantFrom(...xs);
const pos = fc.oneof(f(0.05, 1), f(1, 40));

const tri = fc.tuple(f(-10, 10), f(0.01, 20), f(0, 1), fc.constantFrom('any', 'left', 'right')).map(([l, w, t, at]) => {
  const r = l + w;
  const m = at === 'left' ? l : at === 'right' ? r : l + t * w;
  return [l, Math.min(Math.max(m, l), r), r] as const;
});

const popArb = fc.oneof(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 10 ** 6 }), fc.integer({ min: 0, max: 10 ** 15 }));
const hyperArb = fc
  .tuple(popArb, popArb, fc.oneof(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 11, max: 10 ** 6 }), f(0, 1).map((x) => ({ fraction: x }))))
  .filter(([g, b]) => g + b >= 1)
  .map(([g, b, s]) => {
    const total = g + b;
    // A sample size (HYP up to 10, HRUA above), or a fraction of the population (above half included: HRUA's m < sample fix).
    const n = typeof s === 'number' ? Math.min(s, total) : Math.max(1, Math.round(s.fraction * total));
    return [g, b, n] as const;
  });

const pvalsArb = fc
  .tuple(fc.array(fc.oneof(fc.constant(0), f(0.001, 1)), { minLength: 0, maxLength: 6 }), fc.oneof(fc.constant(1), f(0.2, 1)))
  .map(([w, total]) => {
    const sum = w.reduce((a, b) => a + b, 0);
    return sum > 0 ? w.map((x) => (x / sum) * total) : w;
  });

/** (n, p) pairs shared by binomial and multinomial ops, so that their common set-up is reused. */
const sharedN = fc.constantFrom(0, 1, 5, 20, 100, 5000);

const opArb: fc.Arbitrary<Op> = fc.oneof(
  sizeArb.map((s): Op => ['random_sample', s]),
  sizeArb.map((s): Op => ['standard_normal', s]),
  fc.tuple(sharedN, fc.constantFrom(0, 0.25, 0.5, 0.75, 1), sizeArb).map(([n, p, s]): Op => ['binomial', n, p, s]),
  fc.constant<Op>(['get_state']),
  fc.tuple(fc.oneof(pos, fc.constantFrom(2, 1e-3), special('nan', 'inf')), sizeArb).map(([df, s]): Op => ['chisquare', df, s]),
  fc.tuple(pos, pos, sizeArb).map(([a, b, s]): Op => ['f', a, b, s]),
  fc
    .tuple(fc.oneof(f(0.05, 1), fc.constant(1), f(1.01, 30), special('nan')), fc.oneof(fc.constant(0), f(0.01, 5), f(10, 1000), fc.constantFrom(1e30, 1.8446744013e19, 1.8446744073e19), special('inf', 'nan')), sizeArb)
    .map(([df, nonc, s]): Op => ['noncentral_chisquare', df, nonc, s]),
  fc.tuple(pos, pos, fc.oneof(fc.constant(0), f(0.01, 50)), sizeArb).map(([a, b, c, s]): Op => ['noncentral_f', a, b, c, s]),
  fc.tuple(fc.oneof(pos, fc.constant(2), special('inf')), sizeArb).map(([df, s]): Op => ['standard_t', df, s]),
  sizeArb.map((s): Op => ['standard_cauchy', s]),
  fc.tuple(f(-3, 3), fc.oneof(fc.constant(0), f(0, 2)), sizeArb).map(([m, sg, s]): Op => ['lognormal', m, sg, s]),
  fc.tuple(fc.oneof(f(0.1, 10), special('inf')), sizeArb).map(([a, s]): Op => ['pareto', a, s]),
  fc.tuple(fc.oneof(fc.constant(0), f(0.1, 5), special('nan')), sizeArb).map(([a, s]): Op => ['weibull', a, s]),
  fc.tuple(f(0.1, 5), sizeArb).map(([a, s]): Op => ['power', a, s]),
  fc.tuple(fc.oneof(fc.constant(0), f(0, 5)), sizeArb).map(([a, s]): Op => ['rayleigh', a, s]),
  fc.tuple(f(0.1, 10), f(0.1, 10), sizeArb).map(([m, sc, s]): Op => ['wald', m, sc, s]),
  fc
    .tuple(f(-10, 10), fc.oneof(fc.constantFrom(0, 1e-9, 5e-6, 1e7, 1e15), f(1e-8, 1e-5), f(1e-5, 2), f(2, 1000), special('nan')), sizeArb)
    .map(([mu, k, s]): Op => ['vonmises', mu, k, s]),
  ...(['laplace', 'gumbel', 'logistic'] as const).map((name) => fc.tuple(f(-5, 5), fc.oneof(fc.constant(0), f(0, 3)), sizeArb).map(([l, sc, s]): Op => [name, l, sc, s])),
  fc.tuple(tri, sizeArb).map(([[l, m, r], s]): Op => ['triangular', l, m, r, s]),
  fc.tuple(fc.oneof(f(0.1, 50), special('inf')), fc.oneof(f(0.01, 1), fc.constantFrom(1, 1e-19, 0)), sizeArb).map(([n, p, s]): Op => ['negative_binomial', n, p, s]),
  fc.tuple(fc.oneof(f(0.34, 1), fc.constantFrom(1, 0.333333333333333333, 0.3333333333333334), f(1e-6, 0.333), f(1e-18, 1e-12), fc.constantFrom(1e-19, 1e-300)), sizeArb).map(([p, s]): Op => ['geometric', p, s]),
  fc.tuple(fc.oneof(f(1.001, 1.5), f(1.5, 10), f(10, 1000), fc.constantFrom(2, 1024.5)), sizeArb).map(([a, s]): Op => ['zipf', a, s]),
  fc.tuple(fc.oneof(fc.constant(0), f(0, 0.99), f(0.99, 1 - 2 ** -53), fc.constantFrom(1 - 1e-12, 1 - 2 ** -53)), sizeArb).map(([p, s]): Op => ['logseries', p, s]),
  fc.tuple(hyperArb, sizeArb).map(([[g, b, n], s]): Op => ['hypergeometric', g, b, n, s]),
  fc.tuple(fc.oneof(sharedN, fc.integer({ min: 0, max: 10 ** 6 })), pvalsArb, sizeArb).map(([n, p, s]): Op => ['multinomial', n, p, s]),
  fc.tuple(fc.array(fc.oneof(f(0.02, 1), f(1, 5)), { maxLength: 5 }), sizeArb).map(([a, s]): Op => ['dirichlet', a, s]),
  sizeArb.map((s): Op => ['tomaxint', s]),
  fc.integer({ min: 0, max: 21 }).map((n): Op => ['bytes', n]),
);
const scenarioArb: fc.Arbitrary<Scenario> = fc.record({
  seed: fc.oneof(fc.constantFrom(0, 1, 42, 2 ** 32 - 1), fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.array(fc.integer({ min: 0, max: 2 ** 32 - 1 }), { minLength: 1, maxLength: 10 })),
  ops: fc.array(opArb, { minLength: 1, maxLength: 20 }),
});

const NUMPY_DRIVER = `
import numpy as np
${PY_PLAIN}
SPECIAL = {'inf': float('inf'), 'nan': float('nan')}
out = []
for sc in inp:
    r = np.random.RandomState(sc['seed'])
    res = []
    for op in sc['ops']:
        name, a = op[0], [SPECIAL.get(x, x) if isinstance(x, str) else x for x in op[1:]]
        if name == 'get_state':
            s = r.get_state(); v = [s[0], s[1].tolist(), s[2], s[3], s[4]]
        else: v = plain(getattr(r, name)(*a))
        res.append(v)
    out.append(res)
`;

const TWO_53 = 2 ** 53;

/** A result as runPython writes NumPy's: non-finite floats as 'inf'/'-inf'/'nan', int64 values beyond 2^53 as decimal strings. */
function plain(v: unknown, ints: boolean): unknown {
  if (typeof v === 'bigint') return v > BigInt(TWO_53) || v < -BigInt(TWO_53) ? String(v) : Number(v);
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf';
    return ints && Math.abs(v) > TWO_53 ? BigInt(v).toString() : v;
  }
  if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<unknown>, (x) => plain(x, ints));
  return v;
}

const camel = (name: string) => name.replace(/_(.)/g, (_, c: string) => c.toUpperCase());
const unspecial = (x: unknown) => (x === 'inf' ? Infinity : x === 'nan' ? NaN : x);

function runJs(sc: Scenario): unknown[] {
  const r = new RandomState(sc.seed);
  return sc.ops.map(([name, ...args]) => {
    if (name === 'get_state') return r.getState();
    const method = (r as unknown as Record<string, (...xs: unknown[]) => unknown>)[camel(name)]!;
    return plain(method.call(r, ...args.map(unspecial)), INT_OPS.has(name));
  });
}

function compare(scenarios: Scenario[], want: unknown[][], seed: number): void {
  for (const [i, sc] of scenarios.entries()) {
    const got = runJs(sc);
    expect(want[i]).toHaveLength(got.length);
    for (const [j, value] of got.entries()) {
      if (JSON.stringify(value) !== JSON.stringify(want[i]![j])) {
        throw new Error(`NODE_CURAND_FUZZ_SEED=${seed}: scenario ${i} (seed ${JSON.stringify(sc.seed)}) op ${j} ${JSON.stringify(sc.ops[j])}: got ${JSON.stringify(value).slice(0, 400)}, NumPy ${JSON.stringify(want[i]![j]).slice(0, 400)}`);
      }
    }
  }
}

describe.runIf(hasNumpy)('[numpy] RandomState distributions equal NumPy', () => {
  it('on random seeds and call sequences mixing every distribution with standard_normal and random_sample (fast-check, batched through one python3)', () => {
    // A new fast-check seed each run (printed with a failure); NODE_CURAND_FUZZ_SEED replays one.
    const seed = Number(process.env.NODE_CURAND_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
    const scenarios = fc.sample(scenarioArb, { numRuns: 400, seed });
    compare(scenarios, runPython<unknown[][]>(NUMPY_DRIVER, scenarios), seed);
  });

  it('on each distribution at its edges (fixed cases)', () => {
    const ops: Op[] = [
      ['standard_normal', undefined],
      ['standard_cauchy', 5],
      ['f', 3, 4, 5],
      ['weibull', 0, 3],
      ['noncentral_chisquare', 0.5, 'inf', 3],
      ['noncentral_chisquare', 3, 0, 3],
      ['noncentral_chisquare', 0.7, 1.8446744030e19, 8],
      ['negative_binomial', 1, 1e-19, 4],
      ['negative_binomial', 'inf', 0.5, 2],
      ['geometric', 1e-300, 3],
      ['geometric', 1e-17, 20],
      ['geometric', 1 / 3, 20],
      ['wald', 2, 0.5, 20],
      ['zipf', 1.0001, 20],
      ['logseries', 1 - 2 ** -53, 20],
      ['vonmises', 3, 1e-9, 3],
      ['vonmises', -3, 5e-6, 3],
      ['vonmises', 0, 1.4552877088054446e16, 3],
      ['hypergeometric', 10 ** 15, 3, 10 ** 15, 3],
      ['hypergeometric', 5, 10 ** 15, 20, 3],
      ['hypergeometric', 0, 7, 3, 3],
      ['multinomial', 100, [], [2, 3]],
      ['multinomial', 10 ** 6, [0.3, 0.2, 0.5], [2]],
      ['multinomial', 20, [0.5, 0.5, 0.5], 2],
      ['dirichlet', [], 3],
      ['dirichlet', [1e-3, 2e-3], 4],
      ['tomaxint', []],
      ['bytes', 0],
      ['bytes', 9],
      ['get_state'],
    ];
    compare([{ seed: 12345, ops }], runPython<unknown[][]>(NUMPY_DRIVER, [{ seed: 12345, ops }]), 0);
  });
});

describe('RandomState distributions: results', () => {
  it('gives numbers for no size or [], Float64Arrays for sizes, bigints for tomaxint, rows for multinomial and dirichlet', () => {
    const r = new RandomState(4);
    expect(typeof r.chisquare(3)).toBe('number');
    expect(typeof r.zipf(2, [])).toBe('number');
    expect(r.geometric(0.5, [2, 3])).toBeInstanceOf(Float64Array);
    expect((r.geometric(0.5, [2, 3]) as Float64Array).length).toBe(6);
    expect(typeof r.tomaxint()).toBe('bigint');
    expect(r.tomaxint(3)).toBeInstanceOf(BigInt64Array);
    expect(r.multinomial(10, [0.5, 0.5]).length).toBe(2);
    expect(r.multinomial(10, [0.2, 0.3, 0.5], [2, 4]).length).toBe(24);
    expect(r.dirichlet([1, 2], 3).length).toBe(6);
    expect(r.bytes(7)).toBeInstanceOf(Uint8Array);
    expect(r.bytes(7).length).toBe(7);
    const m = r.multinomial(1000, [0.2, 0.3, 0.5], 4);
    for (let i = 0; i < 4; i++) expect(m[3 * i]! + m[3 * i + 1]! + m[3 * i + 2]!).toBe(1000);
  });
});

describe('RandomState distributions: argument checks', () => {
  it('refuses bad arguments with TypeError/RangeError naming them, and draws nothing', () => {
    const r = new RandomState(3);
    r.standardNormal(); // a cached normal, part of the state
    const before = JSON.stringify(r.getState());
    const cases: [() => unknown, RegExp, ErrorConstructor][] = [
      [() => r.chisquare(0), /chisquare: df must be > 0/, RangeError],
      [() => r.chisquare('2' as never), /chisquare: df must be a number/, TypeError],
      [() => r.f(1, -1), /f: dfden must be > 0/, RangeError],
      [() => r.f(0, 1), /f: dfnum must be > 0/, RangeError],
      [() => r.noncentralChisquare(1, -1), /nonc must be ≥ 0/, RangeError],
      [() => r.noncentralChisquare(0, 1), /df must be > 0/, RangeError],
      [() => r.noncentralF(1, 1, -0), /nonc must be ≥ 0 \(got -0/, RangeError],
      [() => r.noncentralF(1, 0, 1), /dfden must be > 0/, RangeError],
      [() => r.standardT(-1), /standardT: df must be > 0/, RangeError],
      [() => r.lognormal(0, -1), /sigma must be ≥ 0/, RangeError],
      [() => r.lognormal('0' as never, 1), /mean must be a number/, TypeError],
      [() => r.pareto(0), /pareto: a must be > 0/, RangeError],
      [() => r.weibull(-1), /weibull: a must be ≥ 0/, RangeError],
      [() => r.power(0), /power: a must be > 0/, RangeError],
      [() => r.rayleigh(-1), /rayleigh: scale must be ≥ 0/, RangeError],
      [() => r.wald(0, 1), /wald: mean must be > 0/, RangeError],
      [() => r.wald(1, 0), /wald: scale must be > 0/, RangeError],
      [() => r.vonmises(0, -1), /kappa must be ≥ 0/, RangeError],
      [() => r.vonmises(0, Infinity), /kappa must be below/, RangeError],
      [() => r.vonmises(0, 1e17), /kappa must be below/, RangeError],
      [() => r.laplace(0, -1), /laplace: scale must be ≥ 0/, RangeError],
      [() => r.gumbel(0, -1), /gumbel: scale must be ≥ 0/, RangeError],
      [() => r.logistic(0, -1), /logistic: scale must be ≥ 0/, RangeError],
      [() => r.triangular(2, 1, 3), /triangular: left must be ≤ mode/, RangeError],
      [() => r.triangular(0, 4, 3), /triangular: mode must be ≤ right/, RangeError],
      [() => r.triangular(1, 1, 1), /triangular: left must be below right/, RangeError],
      [() => r.negativeBinomial(0, 0.5), /negativeBinomial: n must be > 0/, RangeError],
      [() => r.negativeBinomial(1, 1.5), /negativeBinomial: p must be in \[0, 1\]/, RangeError],
      [() => r.negativeBinomial(1, NaN), /p must be in/, RangeError],
      [() => r.geometric(0), /geometric: p must be in \(0, 1\]/, RangeError],
      [() => r.zipf(1), /zipf: a must be > 1/, RangeError],
      [() => r.zipf(NaN), /zipf: a must be > 1/, RangeError],
      [() => r.zipf(1025), /zipf: a must be below 1025/, RangeError],
      [() => r.logseries(1), /logseries: p must be in \[0, 1\)/, RangeError],
      [() => r.hypergeometric(2, 2, 5), /ngood \+ nbad must be ≥ nsample/, RangeError],
      [() => r.hypergeometric(-1, 5, 2), /ngood must be ≥ 0/, RangeError],
      [() => r.hypergeometric(5, -1, 2), /nbad must be ≥ 0/, RangeError],
      [() => r.hypergeometric(5, 1, 0), /nsample must be ≥ 1/, RangeError],
      [() => r.hypergeometric(5.5, 1, 1), /ngood must be an integer/, RangeError],
      [() => r.hypergeometric(2 ** 52, 2 ** 52, 1), /ngood \+ nbad must be ≤ 2\^53 − 2/, RangeError],
      [() => r.multinomial(-1, [0.5, 0.5]), /multinomial: n must be ≥ 0/, RangeError],
      [() => r.multinomial(1.5, [0.5, 0.5]), /multinomial: n must be an integer/, RangeError],
      [() => r.multinomial(5, 0.5 as never), /pvals must be a 1-d sequence/, TypeError],
      [() => r.multinomial(5, [0.5, 1.5]), /pvals must be in \[0, 1\]/, RangeError],
      [() => r.multinomial(5, [0.7, 0.7, 0]), /sum\(pvals\[:-1\]\)/, RangeError],
      [() => r.multinomial(5, [0.5, 0.5], -1), /size/, RangeError],
      [() => r.dirichlet([1, 0]), /dirichlet: alpha must be > 0/, RangeError],
      [() => r.dirichlet(3 as never), /alpha must be a 1-d sequence/, TypeError],
      [() => r.dirichlet([1, '2'] as never), /alpha\[1\] must be a number/, TypeError],
      [() => r.tomaxint([2, -1]), /size/, RangeError],
      [() => r.bytes(-1), /bytes: length must be an integer/, RangeError],
      [() => r.bytes('3' as never), /bytes: length must be a number/, TypeError],
      [() => r.chisquare(2, [2, 0.5]), /size/, RangeError],
    ];
    for (const [call, message, type] of cases) {
      expect(call).toThrow(type);
      expect(call).toThrow(message);
    }
    expect(JSON.stringify(r.getState())).toBe(before);
  });
});
