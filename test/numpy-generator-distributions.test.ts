import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { defaultRng, type Generator, type PCG64 } from '../src/numpy/index.js';
import { hasNumpy } from './support/numpy.js';
import { generatorScenarioArb, PY_PLAIN, PY_SCENARIO_GENERATOR, scenarioGenerator, sizeArb, type GeneratorScenario } from './support/numpy-sizes.js';
import { runPython } from './support/cpython.js';

/**
 * The rest of NumPy's Generator distributions (uniform, lognormal, the chi-square family, Cauchy, t,
 * von Mises, Pareto, Weibull, power, Laplace, Gumbel, logistic, Rayleigh, Wald, triangular, negative
 * binomial, geometric, Zipf, logarithmic series, multinomial, Dirichlet) against the real NumPy:
 * random seeds and bit generators, random call sequences with random parameters reaching each
 * draw's branches (Weibull a = 0; noncentral χ² with nonc = 0, df ≤ 1 and df > 1; von Mises below
 * 1e-8, below 1e-5, up to 1e6 and the wrapped normal above; geometric's search and inversion; Zipf
 * above 1025; logseries at p = 0; Dirichlet's stick breaking below α = 0.1), interleaved with random()
 * and standard_normal() so that words and the 32-bit buffer carry over, sizes as counts and shapes.
 * Values compared as bits (floats through repr; ints beyond 2^53 and non-finite floats as strings).
 */

type Op = [string, ...unknown[]];
const f = (min: number, max: number) => fc.double({ min, max, noNaN: true });
const positive = (max: number) => fc.oneof(f(0.01, 1), f(1, max));
const locScale = (name: string) => fc.tuple(f(-5, 5), fc.oneof(f(0, 3), fc.constant(0)), sizeArb).map(([m, s, size]): Op => [name, m, s, size]);
const probabilities = (min: number, max: number) =>
  fc.array(f(0, 1), { minLength: min, maxLength: max }).map((w) => {
    const total = w.reduce((a, b) => a + b, 0);
    return total > 0 ? w.map((x) => x / total) : w.map((_, i) => (i === 0 ? 1 : 0));
  });

const opArb: fc.Arbitrary<Op> = fc.oneof(
  sizeArb.map((s): Op => ['random', s]),
  fc.oneof(fc.integer({ min: 0, max: 20 }), sizeArb).map((s): Op => ['standard_normal', s]),
  fc.tuple(f(-5, 5), fc.oneof(f(0, 10), fc.constant(0)), sizeArb).map(([lo, w, s]): Op => ['uniform', lo, lo + w, s]),
  locScale('lognormal'),
  fc.tuple(positive(50), sizeArb).map(([d, s]): Op => ['chisquare', d, s]),
  fc.tuple(positive(30), positive(30), sizeArb).map(([a, b, s]): Op => ['f', a, b, s]),
  fc.tuple(fc.oneof(f(0.05, 1), f(1.001, 20)), fc.oneof(fc.constant(0), f(0.01, 30)), sizeArb).map(([d, n, s]): Op => ['noncentral_chisquare', d, n, s]),
  fc.tuple(fc.oneof(f(0.05, 1), f(1.001, 20)), positive(20), fc.oneof(fc.constant(0), f(0.01, 30)), sizeArb).map(([a, b, n, s]): Op => ['noncentral_f', a, b, n, s]),
  sizeArb.map((s): Op => ['standard_cauchy', s]),
  fc.tuple(positive(40), sizeArb).map(([d, s]): Op => ['standard_t', d, s]),
  fc.tuple(f(-8, 8), fc.oneof(f(0, 1e-8), f(1e-8, 1e-5), f(1e-5, 1), f(1, 100), f(100, 1e6), f(1e6, 1e9)), sizeArb).map(([m, k, s]): Op => ['vonmises', m, k, s]),
  fc.tuple(positive(10), sizeArb).map(([a, s]): Op => ['pareto', a, s]),
  fc.tuple(fc.oneof(fc.constant(0), positive(10)), sizeArb).map(([a, s]): Op => ['weibull', a, s]),
  fc.tuple(positive(10), sizeArb).map(([a, s]): Op => ['power', a, s]),
  locScale('laplace'),
  locScale('gumbel'),
  locScale('logistic'),
  fc.tuple(fc.oneof(f(0, 5), fc.constant(0)), sizeArb).map(([a, s]): Op => ['rayleigh', a, s]),
  fc.tuple(positive(5), positive(5), sizeArb).map(([m, a, s]): Op => ['wald', m, a, s]),
  fc.tuple(f(-5, 5), f(0, 1), f(0.01, 5), sizeArb).map(([l, t, w, s]): Op => ['triangular', l, l + t * w, l + w, s]),
  fc.tuple(positive(50), fc.oneof(f(0.05, 1), fc.constant(1)), sizeArb).map(([n, p, s]): Op => ['negative_binomial', n, p, s]),
  fc.tuple(fc.oneof(f(0.001, 0.3333), f(0.3334, 1), fc.constant(1)), sizeArb).map(([p, s]): Op => ['geometric', p, s]),
  fc.tuple(fc.oneof(f(1.01, 1.5), f(1.5, 6), f(1025, 3000)), sizeArb).map(([a, s]): Op => ['zipf', a, s]),
  fc.tuple(fc.oneof(fc.constant(0), f(0.001, 0.5), f(0.5, 0.999)), sizeArb).map(([p, s]): Op => ['logseries', p, s]),
  fc.tuple(fc.integer({ min: 0, max: 200 }), probabilities(1, 6), sizeArb).map(([n, p, s]): Op => ['multinomial', n, p, s]),
  fc.tuple(fc.array(fc.oneof(f(0.001, 0.099), f(0.1, 5)), { minLength: 1, maxLength: 5 }), sizeArb).map(([a, s]): Op => ['dirichlet', a, s]),
);
type Scenario = GeneratorScenario<Op>;
const scenarioArb = generatorScenarioArb(opArb);

const DRIVER = `
import numpy as np
${PY_PLAIN}
out = []
for sc in inp:
${PY_SCENARIO_GENERATOR}
    res = []
    for op in sc['ops']:
        name, a = op[0], op[1:]
        res.append(plain(getattr(g, name)(*a)))
    out.append(res)
`;

/** What NumPy's answers look like through the protocol: ints beyond 2^53 as strings, non-finite floats as 'inf', '-inf', 'nan'. */
function wire(x: number, integer: boolean): number | string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  return integer && !Number.isSafeInteger(x) ? BigInt(x).toString() : x;
}
const INTEGER_OPS = new Set(['negative_binomial', 'geometric', 'zipf', 'logseries', 'multinomial']);
const camel = (name: string) => name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

function runJs(sc: Scenario): unknown[] {
  const g = scenarioGenerator(sc);
  return sc.ops.map(([name, ...args]) => {
    const v = (g[camel(name) as 'normal'] as (...xs: unknown[]) => unknown).call(g, ...args);
    const integer = INTEGER_OPS.has(name);
    return ArrayBuffer.isView(v) ? Array.from(v as Float64Array, (x) => wire(x, integer)) : wire(v as number, integer);
  });
}

describe.runIf(hasNumpy)("[numpy] Generator's other distributions equal NumPy", () => {
  it('on random seeds, bit generators and call sequences (fast-check, batched through one python3)', () => {
    const seed = Number(process.env.NODE_CURAND_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
    const scenarios = fc.sample(scenarioArb, { numRuns: 300, seed });
    const want = runPython<unknown[][]>(DRIVER, scenarios);
    for (const [i, sc] of scenarios.entries()) {
      const got = runJs(sc);
      for (const [j, value] of got.entries()) {
        if (JSON.stringify(value) !== JSON.stringify(want[i]![j])) {
          throw new Error(`NODE_CURAND_FUZZ_SEED=${seed}: scenario ${i} (${sc.kind} seed ${sc.seed}) op ${j} ${JSON.stringify(sc.ops[j])} (after ${JSON.stringify(sc.ops.slice(0, j))}): got ${JSON.stringify(value)}, NumPy ${JSON.stringify(want[i]![j])}`);
        }
      }
    }
  });
});

describe('Generator distributions: bad arguments', () => {
  const cases: [string, (g: Generator) => unknown, ErrorConstructor, RegExp][] = [
    ['uniform high < low', (g) => g.uniform(2, 1), RangeError, /high − low/],
    ['lognormal sigma < 0', (g) => g.lognormal(0, -1), RangeError, /sigma/],
    ['chisquare df = 0', (g) => g.chisquare(0), RangeError, /df/],
    ['f dfden NaN', (g) => g.f(1, NaN), RangeError, /dfden/],
    ['noncentral_chisquare nonc < 0', (g) => g.noncentralChisquare(2, -1), RangeError, /nonc/],
    ['noncentral_f dfnum string', (g) => g.noncentralF('2' as never, 1, 1), TypeError, /dfnum/],
    ['vonmises kappa < 0', (g) => g.vonmises(0, -1), RangeError, /kappa/],
    ['pareto a = 0', (g) => g.pareto(0), RangeError, /\ba\b/],
    ['weibull a < 0', (g) => g.weibull(-1), RangeError, /\ba\b/],
    ['power a = 0', (g) => g.power(0), RangeError, /\ba\b/],
    ['laplace scale -0', (g) => g.laplace(0, -0), RangeError, /scale/],
    ['rayleigh scale < 0', (g) => g.rayleigh(-1), RangeError, /scale/],
    ['wald mean = 0', (g) => g.wald(0, 1), RangeError, /mean/],
    ['triangular left > mode', (g) => g.triangular(2, 1, 3), RangeError, /left/],
    ['triangular left = right', (g) => g.triangular(1, 1, 1), RangeError, /left/],
    ['negative_binomial p = 0', (g) => g.negativeBinomial(1, 0), RangeError, /\bp\b/],
    ['negative_binomial huge', (g) => g.negativeBinomial(1e30, 1e-10), RangeError, /n too large/],
    ['geometric p > 1', (g) => g.geometric(1.5), RangeError, /\bp\b/],
    ['zipf a = 1', (g) => g.zipf(1), RangeError, /\ba\b/],
    ['logseries p = 1', (g) => g.logseries(1), RangeError, /\bp\b/],
    ['multinomial pvals > 1', (g) => g.multinomial(3, [0.5, 1.5]), RangeError, /pvals/],
    ['dirichlet alpha < 0', (g) => g.dirichlet([1, -1]), RangeError, /alpha/],
    ['standard_t size -1', (g) => g.standardT(2, -1), RangeError, /size/],
  ];
  it.each(cases)('%s: throws naming the argument and draws nothing', (_, call, type, message) => {
    const g = defaultRng(7);
    const before = JSON.stringify((g.bitGenerator as PCG64).state);
    expect(() => call(g)).toThrow(type);
    expect(() => call(g)).toThrow(message);
    expect(JSON.stringify((g.bitGenerator as PCG64).state)).toBe(before);
  });
});
