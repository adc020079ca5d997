/**
 * The distributions of NumPy's legacy `RandomState` (numpy/random/src/legacy/legacy-distributions.c,
 * which keeps NumPy 1.16's code so that its streams never change, and the shared parts of
 * numpy/random/src/distributions/distributions.c it calls): the polar-method normal with its cached
 * second value, the exponential as −log(1 − U), Marsaglia & Tsang's gamma on those normals,
 * Jöhnk's beta, and the continuous draws built on them (chi-square, F, Student's t, Cauchy, Wald,
 * lognormal, Pareto, Weibull, power, Rayleigh, the noncentral chi-square and F) and the negative
 * binomial; its binomial and Poisson are the draws' (src/draws/binomial.ts with its legacy option,
 * src/draws/poisson.ts), its other discrete draws in legacy-discrete.ts and
 * legacy-hypergeometric.ts. Every double expression is NumPy's, in C's evaluation order (NumPy's
 * x86-64 wheels are built without FMA contraction), with glibc's log, exp, log1p and pow
 * (src/draws/libm.ts). Where C leaves the order of two draws in one expression open (Cauchy's and
 * F's quotients), the order is the one NumPy's wheels take (left operand first), which the NumPy
 * comparison (test/numpy-random-state-distributions.test.ts) pins.
 */

import { nextDouble, type BitSource } from '../draws/bit-source.js';
import { exp, log, log1p, pow } from '../draws/libm.js';
import type { Mersenne } from '../python/mersenne.js';
import { poisson } from '../draws/poisson.js';
import { wrapInt64 } from './legacy-discrete.js';

/** The bit generator and the polar method's cached value (NumPy's aug_bitgen_t). */
export interface LegacySource {
  readonly mt: Mersenne;
  hasGauss: boolean;
  gauss: number;
}

/** legacy_gauss: the polar method; the second value of each pair is kept for the next call. */
export function legacyGauss(s: LegacySource): number {
  if (s.hasGauss) {
    const value = s.gauss;
    s.hasGauss = false;
    s.gauss = 0;
    return value;
  }
  let x1: number;
  let x2: number;
  let r2: number;
  do {
    x1 = 2 * s.mt.random() - 1;
    x2 = 2 * s.mt.random() - 1;
    r2 = x1 * x1 + x2 * x2;
  } while (r2 >= 1 || r2 === 0);
  const f = Math.sqrt((-2 * log(r2)) / r2);
  s.gauss = f * x1;
  s.hasGauss = true;
  return f * x2;
}

/** legacy_standard_exponential: −log(1 − U). */
export function legacyExponential(s: LegacySource): number {
  return -log(1 - s.mt.random());
}

/** legacy_standard_gamma: exponential at 1, 0 at 0, Jöhnk-style rejection below 1, Marsaglia & Tsang above. */
export function legacyStandardGamma(s: LegacySource, shape: number): number {
  if (shape === 1) return legacyExponential(s);
  if (shape === 0) return 0;
  if (shape < 1) {
    for (;;) {
      const u = s.mt.random();
      const v = legacyExponential(s);
      if (u <= 1 - shape) {
        const x = pow(u, 1 / shape);
        if (x <= v) return x;
      } else {
        const y = -log((1 - u) / shape);
        const x = pow(1 - shape + shape * y, 1 / shape);
        if (x <= v + y) return x;
      }
    }
  }
  const b = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * b);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = legacyGauss(s);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = s.mt.random();
    if (u < 1 - 0.0331 * (x * x) * (x * x)) return b * v;
    if (log(u) < 0.5 * x * x + b * (1 - v + log(v))) return b * v;
  }
}

/** legacy_beta: Jöhnk's algorithm when both parameters are ≤ 1, else a ratio of gammas. */
export function legacyBeta(s: LegacySource, a: number, b: number): number {
  if (a <= 1 && b <= 1) {
    for (;;) {
      const u = s.mt.random();
      const v = s.mt.random();
      const x = pow(u, 1 / a);
      const y = pow(v, 1 / b);
      if (x + y <= 1) {
        if (x + y > 0) return x / (x + y);
        // Both underflowed: the ratio in logarithms.
        let logX = log(u) / a;
        let logY = log(v) / b;
        const logM = logX > logY ? logX : logY;
        logX -= logM;
        logY -= logM;
        return exp(logX - log(exp(logX) + exp(logY)));
      }
    }
  }
  const ga = legacyStandardGamma(s, a);
  const gb = legacyStandardGamma(s, b);
  return ga / (ga + gb);
}

/** legacy_chisquare: twice a gamma of shape df/2. */
export function legacyChisquare(s: LegacySource, df: number): number {
  return 2 * legacyStandardGamma(s, df / 2);
}

/** legacy_f: (χ²(dfnum)·dfden) / (χ²(dfden)·dfnum), the numerator's draw first. */
export function legacyF(s: LegacySource, dfnum: number, dfden: number): number {
  const top = legacyChisquare(s, dfnum) * dfden;
  return top / (legacyChisquare(s, dfden) * dfnum);
}

/**
 * legacy_noncentral_chisquare: the central one at nonc = 0; above df = 1, χ²(df − 1) plus the square
 * of a normal shifted by √nonc; else a Poisson mixture χ²(df + 2i), i ~ Poisson(nonc/2) (drawn even
 * for a NaN nonc, which then gives NaN). 2i is C's int64 product (it wraps: NumPy's i is INT64_MIN
 * for an infinite nonc, and 2i is then 0).
 */
export function legacyNoncentralChisquare(s: LegacySource, df: number, nonc: number): number {
  if (nonc === 0) return legacyChisquare(s, df);
  if (1 < df) {
    const chi2 = legacyChisquare(s, df - 1);
    const n = legacyGauss(s) + Math.sqrt(nonc);
    return chi2 + n * n;
  }
  const i = poisson(s.mt, nonc / 2);
  const out = legacyChisquare(s, df + wrapInt64(2 * i));
  return Number.isNaN(nonc) ? NaN : out;
}

/** legacy_noncentral_f: (χ²(dfnum, nonc)·dfden) / (χ²(dfden)·dfnum). */
export function legacyNoncentralF(s: LegacySource, dfnum: number, dfden: number, nonc: number): number {
  const t = legacyNoncentralChisquare(s, dfnum, nonc) * dfden;
  return t / (legacyChisquare(s, dfden) * dfnum);
}

/** legacy_standard_t: √(df/2)·Z / √G with Z normal, then G ~ gamma(df/2). */
export function legacyStandardT(s: LegacySource, df: number): number {
  const num = legacyGauss(s);
  const denom = legacyStandardGamma(s, df / 2);
  return (Math.sqrt(df / 2) * num) / Math.sqrt(denom);
}

/** legacy_standard_cauchy: a ratio of two normals, the numerator drawn first. */
export function legacyStandardCauchy(s: LegacySource): number {
  const num = legacyGauss(s);
  return num / legacyGauss(s);
}

/** legacy_wald: Michael, Schucany & Haas's transformation of a squared normal, then one double to pick a root. */
export function legacyWald(s: LegacySource, mean: number, scale: number): number {
  const mu2l = mean / (2 * scale);
  let y = legacyGauss(s);
  y = mean * y * y;
  const x = mean + mu2l * (y - Math.sqrt(4 * scale * y + y * y));
  const u = s.mt.random();
  return u <= mean / (mean + x) ? x : (mean * mean) / x;
}

/** legacy_lognormal: exp(mean + sigma·Z). */
export function legacyLognormal(s: LegacySource, mean: number, sigma: number): number {
  return exp(mean + sigma * legacyGauss(s));
}

/** legacy_pareto: exp(E/a) − 1 (Lomax). */
export function legacyPareto(s: LegacySource, a: number): number {
  return exp(legacyExponential(s) / a) - 1;
}

/** legacy_weibull: E^(1/a); 0 at a = 0, drawing nothing. */
export function legacyWeibull(s: LegacySource, a: number): number {
  if (a === 0) return 0;
  return pow(legacyExponential(s), 1 / a);
}

/** legacy_power: (1 − e^−E)^(1/a). */
export function legacyPower(s: LegacySource, a: number): number {
  return pow(1 - exp(-legacyExponential(s)), 1 / a);
}

/** legacy_rayleigh: mode·√(−2·log1p(−U)) (the bit generator's double, not the legacy exponential). */
export function legacyRayleigh(src: BitSource, mode: number): number {
  return mode * Math.sqrt(-2 * log1p(-nextDouble(src)));
}

/** legacy_negative_binomial: Poisson(Y) with Y = ((1 − p)/p)·gamma(n) (the shared Poisson, C's int64 k: src/draws/poisson.ts). */
export function legacyNegativeBinomial(s: LegacySource, n: number, p: number): number {
  const y = ((1 - p) / p) * legacyStandardGamma(s, n);
  return poisson(s.mt, y);
}
