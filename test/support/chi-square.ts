/**
 * Pearson's chi-square test for the draws' statistical tests. A test fails when the upper-tail
 * probability of its statistic is below FALSE_ALARM (10^-6): with fixed seeds a failure is then a
 * bug, not bad luck. The tail is the regularised upper incomplete gamma function Q(df/2, χ²/2),
 * computed by its series or its continued fraction (Press et al., Numerical Recipes, §6.2) with
 * Lanczos's log-gamma (g = 7, nine coefficients; Numerical Recipes §6.1 and Godfrey's table).
 */

export const FALSE_ALARM = 1e-6;

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let sum = LANCZOS[0]!;
  for (let i = 1; i < 9; i++) sum += LANCZOS[i]! / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** Q(a, x) = Γ(a, x) / Γ(a). */
export function upperGammaQ(a: number, x: number): number {
  if (x <= 0) return 1;
  const front = -x + a * Math.log(x) - logGamma(a);
  if (x < a + 1) {
    // P by its series, Q = 1 − P (Q is not small here).
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < 100000 && Math.abs(term) > Math.abs(sum) * 1e-16; n++) {
      term *= x / (a + n);
      sum += term;
    }
    return 1 - sum * Math.exp(front);
  }
  // Q by its continued fraction (modified Lentz).
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 100000; i++) {
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
  return Math.exp(front) * h;
}

export interface ChiSquare {
  statistic: number;
  df: number;
  /** P(χ²_df ≥ statistic). */
  pValue: number;
}

/**
 * Pearson's statistic of observed counts against expected probabilities (cells with probability 0
 * must be empty, and are left out; df = cells with probability above 0, minus 1).
 */
export function chiSquare(observed: ArrayLike<number>, probabilities: ArrayLike<number>): ChiSquare {
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
  return { statistic, df, pValue: upperGammaQ(df / 2, statistic / 2) };
}

/** Uniform probabilities over n cells. */
export function uniformCells(n: number): Float64Array {
  return new Float64Array(n).fill(1 / n);
}
