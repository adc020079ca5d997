/**
 * Goodness-of-fit tests for the draws' statistical checks, with their false-alarm rates computed, not
 * eyeballed: Pearson's chi-square with its exact survival function (the regularized upper incomplete
 * gamma function), and the Dvoretzky–Kiefer–Wolfowitz bound for the Kolmogorov–Smirnov distance.
 * Test code: JavaScript's Math functions are fine here. A test fails when the p-value is below
 * FALSE_ALARM: with fixed seeds a failure is then a bug, not bad luck.
 */

export const FALSE_ALARM = 1e-6;

/** ln Γ(x) for x > 0: Lanczos' approximation, g = 7, nine coefficients (relative error ~1e-15). */
export function logGamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
    -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let s = c[0]!;
  for (let i = 1; i < 9; i++) s += c[i]! / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(s);
}

/** Q(a, x) = Γ(a, x)/Γ(a): the series for P below x = a + 1, Lentz's continued fraction above. */
function upperGammaRegularized(a: number, x: number): number {
  if (x <= 0) return 1;
  const front = Math.exp(a * Math.log(x) - x - logGamma(a));
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < 10000 && Math.abs(term) > Math.abs(sum) * 1e-16; n++) {
      term *= x / (a + n);
      sum += term;
    }
    return 1 - front * sum;
  }
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return front * h;
}

/** P(χ²_df ≥ x). */
export function chiSquareSurvival(x: number, df: number): number {
  return upperGammaRegularized(df / 2, x / 2);
}

export interface ChiSquareResult {
  statistic: number;
  df: number;
  /** The probability of a statistic at least this large if the draws follow `expected`. */
  pValue: number;
}

/**
 * Pearson's test of observed counts against expected probabilities (summing to 1 over the cells):
 * neighbouring cells are pooled, in order, until each expects at least `minExpected` draws.
 */
export function chiSquareTest(observed: ArrayLike<number>, probabilities: ArrayLike<number>, minExpected = 10): ChiSquareResult {
  let total = 0;
  for (let i = 0; i < observed.length; i++) total += observed[i]!;
  const pooledObserved: number[] = [];
  const pooledExpected: number[] = [];
  let o = 0;
  let e = 0;
  for (let i = 0; i < observed.length; i++) {
    o += observed[i]!;
    e += probabilities[i]! * total;
    if (e >= minExpected) {
      pooledObserved.push(o);
      pooledExpected.push(e);
      o = 0;
      e = 0;
    }
  }
  if (pooledExpected.length === 0) throw new Error('chiSquareTest: too few draws for one cell');
  pooledObserved[pooledObserved.length - 1]! += o;
  pooledExpected[pooledExpected.length - 1]! += e;
  let statistic = 0;
  for (let i = 0; i < pooledObserved.length; i++) statistic += (pooledObserved[i]! - pooledExpected[i]!) ** 2 / pooledExpected[i]!;
  const df = pooledObserved.length - 1;
  return { statistic, df, pValue: chiSquareSurvival(statistic, df) };
}

/**
 * The Kolmogorov–Smirnov distance sup |F_n − F| that n independent draws from F exceed with
 * probability at most `alpha`, for every n (Dvoretzky–Kiefer–Wolfowitz with Massart's constant:
 * P(sup|F_n − F| > ε) ≤ 2·exp(−2nε²)).
 */
export function ksCriticalDistance(n: number, alpha: number): number {
  return Math.sqrt(Math.log(2 / alpha) / (2 * n));
}

/**
 * Pearson's statistic of observed counts against expected probabilities (cells with probability 0
 * must be empty, and are left out; df = cells with probability above 0, minus 1).
 */
export function chiSquare(observed: ArrayLike<number>, probabilities: ArrayLike<number>): ChiSquareResult {
  let total = 0;
  for (let i = 0; i < observed.length; i++) total += observed[i]!;
  let statistic = 0;
  let cells = 0;
  for (let i = 0; i < observed.length; i++) {
    const p = probabilities[i]!;
    if (p === 0) {
      if (observed[i] !== 0) return { statistic: Infinity, df: 0, pValue: 0 };
      continue;
    }
    const e = total * p;
    statistic += ((observed[i]! - e) * (observed[i]! - e)) / e;
    cells++;
  }
  const df = cells - 1;
  return { statistic, df, pValue: chiSquareSurvival(statistic, df) };
}

/** Uniform probabilities over n cells. */
export function uniformCells(n: number): Float64Array {
  return new Float64Array(n).fill(1 / n);
}
