/**
 * Kolmogorov–Smirnov tests of NumPy's continuous distributions on the Generator, with fixed seeds,
 * against their exact CDFs. The threshold is the Dvoretzky–Kiefer–Wolfowitz bound with Massart's
 * constant, P(sup|F_n − F| > ε) ≤ 2·exp(−2nε²), which holds for every n and every F (discrete ones
 * too): ε = √(ln(2/α)/(2n)) with α = 10^-6 makes a false alarm rarer than one in a million per test.
 */
import { describe, expect, it } from 'vitest';
import { Generator } from '../src/index.js';
import { FALSE_ALARM, ksCriticalDistance, logGamma } from './support/chi-square.js';

const N = 100_000;
const EPSILON = ksCriticalDistance(N, FALSE_ALARM);

// --- Exact CDFs (plain double arithmetic; accurate to ~1e-12, far below EPSILON ≈ 0.0085) ---------

/** The regularised lower incomplete gamma P(a, x): series below a + 1, Lentz's continued fraction above. */
function gammaP(a: number, x: number): number {
  if (x <= 0) return 0;
  const front = Math.exp(a * Math.log(x) - x - logGamma(a));
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < 100_000 && Math.abs(term) > Math.abs(sum) * 1e-16; n++) sum += term *= x / (a + n);
    return front * sum;
  }
  let b = x + 1 - a;
  let c = 1e300;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 100_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    d = Math.abs(d) < 1e-300 ? 1e-300 : d;
    c = b + an / c;
    c = Math.abs(c) < 1e-300 ? 1e-300 : c;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-16) break;
  }
  return 1 - front * h;
}

/** The regularised incomplete beta I_x(a, b) by its continued fraction (Lentz), with the symmetry. */
function betaI(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  if (x > (a + 1) / (a + b + 2)) return 1 - betaI(1 - x, b, a);
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x)) / a;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  d = 1 / (Math.abs(d) < 1e-300 ? 1e-300 : d);
  let h = d;
  for (let m = 1; m < 100_000; m++) {
    for (const even of [true, false]) {
      const num = even ? (m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m)) : (-(a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1));
      d = 1 + num * d;
      d = 1 / (Math.abs(d) < 1e-300 ? 1e-300 : d);
      c = 1 + num / c;
      c = Math.abs(c) < 1e-300 ? 1e-300 : c;
      h *= d * c;
      if (!even && Math.abs(d * c - 1) < 1e-16) return front * h;
    }
  }
  return front * h;
}

const normalCdf = (x: number) => (x >= 0 ? 0.5 + 0.5 * gammaP(0.5, (x * x) / 2) : 0.5 - 0.5 * gammaP(0.5, (x * x) / 2));
const tCdf = (df: number) => (t: number) => {
  const tail = 0.5 * betaI(df / (df + t * t), df / 2, 0.5);
  return t > 0 ? 1 - tail : tail;
};

/**
 * sup |F_n(x) − F(x)| over the sample points x in [lo, hi], for a sample of a continuous distribution
 * (a sup over fewer points is smaller, so the DKW bound still holds). The window leaves out values
 * that doubles cannot resolve: Beta(0.05, 0.05) puts 8 % of its mass within 2^-53 of 1, where every
 * draw rounds to one of two doubles.
 */
function ksContinuous(sample: Float64Array, cdf: (x: number) => number, lo = -Infinity, hi = Infinity): number {
  const sorted = Float64Array.from(sample).sort();
  let d = 0;
  for (let i = 0; i < sorted.length; i++) {
    if (sorted[i]! < lo || sorted[i]! > hi) continue;
    const f = cdf(sorted[i]!);
    d = Math.max(d, f - i / sorted.length, (i + 1) / sorted.length - f);
  }
  return d;
}

/** sup_k |F_n(k) − F(k)| for a sample of integers ≥ 1 (both step functions jump only at integers). */
function ksDiscrete(sample: Float64Array, cdf: (k: number) => number): number {
  const counts = new Map<number, number>();
  for (const v of sample) counts.set(v, (counts.get(v) ?? 0) + 1);
  let below = 0;
  let d = 0;
  const top = Math.max(...counts.keys());
  for (let k = 1; k <= top; k++) {
    below += counts.get(k) ?? 0;
    d = Math.max(d, Math.abs(below / sample.length - cdf(k)));
  }
  return d;
}

describe(`Kolmogorov–Smirnov against the exact CDFs (n = ${N}, DKW threshold ε = ${EPSILON.toFixed(5)}, false alarm < 1e-6)`, () => {
  const g = new Generator({ seed: 20240607n, backend: 'ts' });

  it('the CDFs themselves: known values', () => {
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 12);
    expect(gammaP(2.5, 2.5)).toBeCloseTo(0.5841198130044919, 12);
    expect(betaI(0.3, 2, 5)).toBeCloseTo(0.579825, 12);
    expect(tCdf(1)(1)).toBeCloseTo(0.75, 12);
  });

  const continuous: Array<[string, () => Float64Array, (x: number) => number]> = [
    ['standardNormal', () => g.standardNormal(N), normalCdf],
    ['exponential(2.5)', () => g.exponential(2.5, N), (x) => -Math.expm1(-x / 2.5)],
    ['gamma(0.05) (shape < 1, pow)', () => g.gamma(0.05, 1, N), (x) => gammaP(0.05, x)],
    ['gamma(0.5, 3)', () => g.gamma(0.5, 3, N), (x) => gammaP(0.5, x / 3)],
    ['gamma(1, 2) (the exponential)', () => g.gamma(1, 2, N), (x) => gammaP(1, x / 2)],
    ['gamma(2.5, 2) (Marsaglia–Tsang)', () => g.gamma(2.5, 2, N), (x) => gammaP(2.5, x / 2)],
    ['gamma(30)', () => g.gamma(30, 1, N), (x) => gammaP(30, x)],
    ['beta(0.5, 0.5) (Jöhnk)', () => g.beta(0.5, 0.5, N), (x) => betaI(x, 0.5, 0.5)],
    ['beta(0.2, 0.9) (Jöhnk)', () => g.beta(0.2, 0.9, N), (x) => betaI(x, 0.2, 0.9)],
    ['beta(2, 5) (gamma ratio)', () => g.beta(2, 5, N), (x) => betaI(x, 2, 5)],
    ['beta(0.7, 3) (gamma ratio, one shape < 1)', () => g.beta(0.7, 3, N), (x) => betaI(x, 0.7, 3)],
    ['chisquare(3)', () => g.chisquare(3, N), (x) => gammaP(1.5, x / 2)],
    ['chisquare(0.7)', () => g.chisquare(0.7, N), (x) => gammaP(0.35, x / 2)],
    ['standardT(1) (Cauchy)', () => g.standardT(1, N), tCdf(1)],
    ['standardT(5)', () => g.standardT(5, N), tCdf(5)],
    ['standardT(0.8)', () => g.standardT(0.8, N), tCdf(0.8)],
  ];
  it.each(continuous)('%s', (_, draw, cdf) => {
    expect(ksContinuous(draw(), cdf)).toBeLessThan(EPSILON);
  });

  it.each([
    ['geometric(0.6) (search)', 0.6],
    ['geometric(0.05) (inversion)', 0.05],
  ])('%s', (_, p) => {
    expect(ksDiscrete(g.geometric(p, N), (k) => -Math.expm1(k * Math.log1p(-p)))).toBeLessThan(EPSILON);
  });

  it.each([
    ['stick-breaking', [0.05, 0.03, 0.02]],
    ['normalised gammas', [1.5, 2, 0.5]],
  ])('dirichlet (%s): every marginal is Beta(α_j, Σα − α_j)', (_, alpha) => {
    const k = alpha.length;
    const rows = g.dirichlet(alpha, N);
    const total = alpha.reduce((s, v) => s + v, 0);
    for (let j = 0; j < k; j++) {
      const marginal = Float64Array.from({ length: N }, (_, i) => rows[i * k + j]!);
      // Bonferroni over the K marginals keeps the file's false-alarm rate below 1e-6 per test.
      const eps = Math.sqrt(Math.log((2 * k) / FALSE_ALARM) / (2 * N));
      expect(ksContinuous(marginal, (x) => betaI(x, alpha[j]!, total - alpha[j]!), 1e-9, 1 - 1e-9)).toBeLessThan(eps);
    }
  });

  it('multivariateNormal: projections vᵀx are normal with mean vᵀμ and variance vᵀΣv', () => {
    const mean = [1, -2, 0.5];
    const cov = [[2, 0.6, -0.3], [0.6, 1, 0.2], [-0.3, 0.2, 0.5]];
    const x = g.multivariateNormal(mean, cov, N);
    for (const v of [[1, 0, 0], [0, 0, 1], [1, -1, 2]]) {
      const mu = v.reduce((s, vi, i) => s + vi * mean[i]!, 0);
      let variance = 0;
      for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) variance += v[i]! * cov[i]![j]! * v[j]!;
      const projected = Float64Array.from({ length: N }, (_, r) => v[0]! * x[3 * r]! + v[1]! * x[3 * r + 1]! + v[2]! * x[3 * r + 2]!);
      const eps = Math.sqrt(Math.log((2 * 3) / FALSE_ALARM) / (2 * N));
      expect(ksContinuous(projected, (y) => normalCdf((y - mu) / Math.sqrt(variance)))).toBeLessThan(eps);
    }
  });
});
