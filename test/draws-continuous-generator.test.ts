/**
 * NumPy's continuous distributions on the Generator: the same values on every CPU backend and on
 * cuRAND's host generators, async twins equal to the sync calls, getState/fromState continuity, and
 * refused calls that leave the state as it was.
 */
import { describe, expect, it } from 'vitest';
import { backendInfo, Generator, type Algorithm, type BackendName } from '../src/index.js';
import { hasCurandHost } from './support/backends.js';

const info = backendInfo();
const CPU: BackendName[] = (['ts', 'wasm', 'simd'] as const).filter((b) => info.backends[b].available);
for (const b of ['wasm', 'simd'] as const) {
  if (!info.backends[b].available) console.warn(`\n!!! backend '${b}' is SKIPPED in draws-continuous-generator: ${info.backends[b].reason}\n`);
}

/** A mix of cuRAND calls and NumPy draws, every result flattened into one list of numbers. */
function script(g: Generator): number[] {
  const out: number[] = [];
  const add = (v: number | ArrayLike<number>) => (typeof v === 'number' ? out.push(v) : out.push(...Array.from(v)));
  add(g.standardNormal(999));
  add(g.uniform(7));
  add(g.standardNormal());
  add(g.exponential(2.5, 501));
  add(g.exponential());
  add(g.gamma(0.5, 2, 300));
  add(g.gamma(3));
  add(g.gamma(1, 1, 10));
  add(g.random());
  add(g.beta(0.5, 0.7, 200));
  add(g.beta(2, 3, 100));
  add(g.beta(1e-200, 1e-150, 10));
  add(g.normal(6));
  add(g.chisquare(3, 100));
  add(g.standardT(4, 100));
  add(g.standardT(0.5));
  add(g.dirichlet([0.05, 0.02, 0.01], 50));
  add(g.dirichlet([1, 2, 3], 20));
  add(g.geometric(0.5, 100));
  add(g.geometric(0.01, 100));
  add(g.geometric(0.2));
  add(g.multivariateNormal([0, 1], [[1, 0.5], [0.5, 2]], 50));
  add(g.pareto(3, 50));
  add(g.weibull(1.5, 50));
  add(g.weibull(0, 3));
  add(g.power(0.5, 50));
  add(g.rayleigh(2, 50));
  add(g.laplace(1, 2, 50));
  add(g.gumbel(-1, 0.5, 50));
  add(g.logistic(0, 3, 50));
  add(g.triangular(-1, 0, 2, 50));
  add(g.wald(1, 2, 50));
  add(g.standardCauchy(50));
  add(g.vonmises(1, 4, 50));
  add(g.vonmises(0, 1e-6, 5));
  add(g.vonmises(0, 1e7, 5));
  add(g.f(3, 5, 50));
  add(g.noncentralChisquare(3, 2, 50));
  add(g.noncentralChisquare(0.5, 2, 50));
  add(g.noncentralF(3, 5, 1.5, 50));
  add(g.negativeBinomial(2.5, 0.3, 50));
  add(g.zipf(2, 50));
  add(g.logseries(0.7, 50));
  add(g.laplace());
  add(g.uint32(3));
  return out;
}

const ALGORITHMS: Algorithm[] = ['philox4x32-10', 'xorwow', 'mtgp32', 'mt19937', 'mrg32k3a'];

describe('the same draws on every backend', () => {
  it.each(ALGORITHMS)('%s: ts, wasm and simd agree', (algorithm) => {
    const results = CPU.map((backend) => {
      using g = new Generator({ algorithm, seed: 42n, backend });
      return script(g);
    });
    for (const r of results.slice(1)) expect(r).toEqual(results[0]);
  });

  it.skipIf(!hasCurandHost).each(ALGORITHMS)('[curand-host] %s: cuRAND\'s host generator gives the same draws', (algorithm) => {
    using ts = new Generator({ algorithm, seed: 7n, backend: 'ts' });
    using host = new Generator({ algorithm, seed: 7n, backend: 'curand-host' });
    expect(script(host)).toEqual(script(ts));
  });
});

describe('async twins, outputs filled in place, state continuity', () => {
  it('standardNormalAsync, exponentialAsync, gammaAsync equal their sync calls', async () => {
    using a = new Generator({ seed: 3n, backend: 'ts' });
    using b = new Generator({ seed: 3n, backend: 'ts' });
    a.random();
    b.random();
    expect(await a.standardNormalAsync(10_000)).toEqual(b.standardNormal(10_000));
    expect(await a.exponentialAsync(0.5, 5_000)).toEqual(b.exponential(0.5, 5_000));
    expect(await a.gammaAsync(0.3, 2, 5_000)).toEqual(b.gamma(0.3, 2, 5_000));
    expect(await a.gammaAsync(7, 1, new Float64Array(100))).toEqual(b.gamma(7, 1, 100));
    expect(a.getState()).toEqual(b.getState());
  });

  it('a Float64Array is filled in place and returned', () => {
    using a = new Generator({ seed: 9n, backend: 'ts' });
    using b = new Generator({ seed: 9n, backend: 'ts' });
    const out = new Float64Array(64);
    expect(a.beta(0.4, 0.4, out)).toBe(out);
    expect(out).toEqual(b.beta(0.4, 0.4, 64));
    const rows = new Float64Array(12);
    expect(a.dirichlet([0.5, 1, 2], rows)).toBe(rows);
    expect(rows).toEqual(b.dirichlet([0.5, 1, 2], 4));
    const mvn = new Float64Array(6);
    expect(a.multivariateNormal([1, 2], [1, 0, 0, 4], mvn)).toBe(mvn);
    expect(mvn).toEqual(b.multivariateNormal([1, 2], [[1, 0], [0, 4]], 3));
  });

  it('getState mid-way, then fromState, continues the same draws', () => {
    using g = new Generator({ seed: 11n, algorithm: 'xorwow', backend: 'ts' });
    g.gamma(0.7, 1, 33);
    g.standardNormal();
    const saved = g.getState();
    const rest = [g.beta(0.3, 0.9, 17), g.standardT(2.5, 9), g.dirichlet([0.01, 0.02], 3)];
    using r = Generator.fromState(saved, { backend: 'ts' });
    expect([r.beta(0.3, 0.9, 17), r.standardT(2.5, 9), r.dirichlet([0.01, 0.02], 3)]).toEqual(rest);
  });

  it('dirichlet and multivariateNormal return one vector without a size, size·K values row-major with one', () => {
    using g = new Generator({ seed: 1n, backend: 'ts' });
    expect(g.dirichlet([1, 2, 3])).toHaveLength(3);
    const rows = g.dirichlet([1, 2, 3], 5);
    expect(rows).toHaveLength(15);
    for (let i = 0; i < 5; i++) expect(rows[3 * i]! + rows[3 * i + 1]! + rows[3 * i + 2]!).toBeCloseTo(1, 12);
    expect(g.multivariateNormal([0, 0, 0, 0], [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1], 7)).toHaveLength(28);
    expect(g.multivariateNormal([5], [[0]])).toEqual(new Float64Array([5])); // semi-definite: a point mass
  });
});

describe('refused calls name the argument and leave the generator as it was', () => {
  const bad: Array<[string, (g: Generator) => unknown, ErrorConstructor, RegExp]> = [
    ['exponential(-1)', (g) => g.exponential(-1), RangeError, /scale must be a finite number ≥ 0/],
    ['exponential(-0)', (g) => g.exponential(-0), RangeError, /scale .*not −0/],
    ['exponential(NaN)', (g) => g.exponential(NaN), RangeError, /scale/],
    ['exponential(Infinity)', (g) => g.exponential(Infinity), RangeError, /scale/],
    ['exponential("1")', (g) => g.exponential('1' as unknown as number), TypeError, /scale/],
    ['exponential(1, -1)', (g) => g.exponential(1, -1), RangeError, /size/],
    ['exponential(1, Float32Array)', (g) => g.exponential(1, new Float32Array(2) as unknown as Float64Array), TypeError, /Float64Array/],
    ['standardNormal(1.5)', (g) => g.standardNormal(1.5), RangeError, /size/],
    ['gamma(-1)', (g) => g.gamma(-1), RangeError, /shape must be a finite number ≥ 0/],
    ['gamma(1, -2)', (g) => g.gamma(1, -2), RangeError, /scale/],
    ['gamma(NaN)', (g) => g.gamma(NaN), RangeError, /shape/],
    ['beta(0, 1)', (g) => g.beta(0, 1), RangeError, /a must be a finite number > 0/],
    ['beta(1, -1)', (g) => g.beta(1, -1), RangeError, /b must be a finite number > 0/],
    ['beta(NaN, 1)', (g) => g.beta(NaN, 1), RangeError, /a must/],
    ['chisquare(0)', (g) => g.chisquare(0), RangeError, /df must be a finite number > 0/],
    ['standardT(-3)', (g) => g.standardT(-3), RangeError, /df must/],
    ['geometric(0)', (g) => g.geometric(0), RangeError, /p must be in \(0, 1\]/],
    ['geometric(1.5)', (g) => g.geometric(1.5), RangeError, /p must be in \(0, 1\]/],
    ['geometric(NaN)', (g) => g.geometric(NaN), RangeError, /p must be in/],
    ['dirichlet([-1])', (g) => g.dirichlet([-1]), RangeError, /alpha\[0\] must be a finite number ≥ 0/],
    ['dirichlet([1, NaN])', (g) => g.dirichlet([1, NaN]), RangeError, /alpha\[1\]/],
    ['dirichlet("x")', (g) => g.dirichlet('x' as unknown as number[]), TypeError, /alpha must be an array/],
    ['dirichlet(alpha, 3 values for K = 2)', (g) => g.dirichlet([1, 2], new Float64Array(3)), RangeError, /multiple of K = 2/],
    ['multivariateNormal(not PSD)', (g) => g.multivariateNormal([0, 0], [[1, 2], [2, 1]]), RangeError, /positive semi-definite/],
    ['multivariateNormal(asymmetric)', (g) => g.multivariateNormal([0, 0], [[1, 0.5], [0.4, 1]]), RangeError, /symmetric/],
    ['multivariateNormal(wrong shape)', (g) => g.multivariateNormal([0, 0], [[1, 0, 0]]), RangeError, /2×2/],
    ['multivariateNormal(NaN mean)', (g) => g.multivariateNormal([NaN], [[1]]), RangeError, /mean\[0\]/],
    ['multivariateNormal(svd)', (g) => g.multivariateNormal([0], [[1]], 2, { method: 'svd' as 'cholesky' }), RangeError, /cholesky/],
    ['multivariateNormal(unknown option)', (g) => g.multivariateNormal([0], [[1]], 2, { check_valid: 'warn' } as object), TypeError, /unknown option/],
    ['pareto(0)', (g) => g.pareto(0), RangeError, /a must be a finite number > 0/],
    ['weibull(-1, 5)', (g) => g.weibull(-1, 5), RangeError, /a must be a finite number ≥ 0/],
    ['power(NaN)', (g) => g.power(NaN), RangeError, /a must/],
    ['rayleigh(-0)', (g) => g.rayleigh(-0), RangeError, /scale/],
    ['laplace(Infinity)', (g) => g.laplace(Infinity), RangeError, /loc/],
    ['gumbel(0, -1)', (g) => g.gumbel(0, -1), RangeError, /scale/],
    ['logistic(0, 1, -1)', (g) => g.logistic(0, 1, -1), RangeError, /size/],
    ['triangular(0, 2, 1)', (g) => g.triangular(0, 2, 1), RangeError, /mode must be ≤ right/],
    ['wald(1, 0)', (g) => g.wald(1, 0), RangeError, /scale/],
    ['vonmises(0, -1)', (g) => g.vonmises(0, -1), RangeError, /kappa/],
    ['f(1, "2")', (g) => g.f(1, '2' as unknown as number), TypeError, /dfden/],
    ['noncentralChisquare(1, -1)', (g) => g.noncentralChisquare(1, -1), RangeError, /nonc/],
    ['noncentralF(0, 1, 1)', (g) => g.noncentralF(0, 1, 1), RangeError, /dfnum/],
    ['negativeBinomial(0, 0.5)', (g) => g.negativeBinomial(0, 0.5), RangeError, /n must/],
    ['negativeBinomial(1, 0)', (g) => g.negativeBinomial(1, 0), RangeError, /p must be in \(0, 1\]/],
    ['zipf(1)', (g) => g.zipf(1), RangeError, /a must be > 1/],
    ['logseries(1)', (g) => g.logseries(1), RangeError, /p must be in \[0, 1\)/],
  ];

  it.each(bad)('%s', (_, call, type, message) => {
    using g = new Generator({ seed: 5n, backend: 'ts' });
    g.standardNormal(3); // some words buffered, so the state has a buffer to keep
    const before = g.getState();
    expect(() => call(g)).toThrow(type);
    expect(() => call(g)).toThrow(message);
    expect(g.getState()).toEqual(before);
  });

  it('an async twin refuses before reading: a rejected promise, the state unchanged', async () => {
    using g = new Generator({ seed: 5n, backend: 'ts' });
    const before = g.getState();
    await expect(g.gammaAsync(-1, 1, 10)).rejects.toThrow(RangeError);
    await expect(g.exponentialAsync(1, -5)).rejects.toThrow(RangeError);
    expect(g.getState()).toEqual(before);
  });
});
