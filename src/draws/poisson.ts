/**
 * NumPy's Poisson sampler (random_poisson in numpy/random/src/distributions/distributions.c; the
 * same for its Generator and its legacy RandomState): 0 at λ = 0, the product of uniforms below
 * λ = 10, and W. Hörmann's transformed rejection (PTRS) from 10, with NumPy's log-gamma. Every double
 * expression is NumPy's, in C's order, with glibc's exp and log (libm.ts). PTRS's candidate k is C's
 * int64 conversion of a floor (toInt64): only a rate near or beyond int64's range, which RandomState's
 * negative binomial and noncentral χ² pass unchecked (∞ included), makes it overflow to INT64_MIN,
 * which the quick acceptance returns and the rest refuses (k < 0), as NumPy's loop does.
 */

import { nextDouble, type BitSource } from './bit-source.js';
import { exp, log } from './libm.js';

/**
 * np.random's POISSON_LAM_MAX (numpy/random/_common.pyx; RandomState's LEGACY_POISSON_LAM_MAX has the
 * same value): int64's max − 10·√(int64's max) as a double, the largest λ its poisson calls accept.
 */
export const POISSON_LAM_MAX = 9.223372006484771e18;

const TWO_63 = 2 ** 63;

/** C's (int64_t) of a double on x86-64 (cvttsd2si): truncation toward 0; NaN and values outside [−2^63, 2^63) give INT64_MIN. */
export function toInt64(x: number): number {
  return x >= -TWO_63 && x < TWO_63 ? Math.trunc(x) + 0 : -TWO_63;
}

/** random_poisson: 0 at λ = 0, multiplication of uniforms below 10, PTRS from 10. */
export function poisson(src: BitSource, lam: number): number {
  if (lam >= 10) return poissonPtrs(src, lam);
  if (lam === 0) return 0;
  const enlam = exp(-lam);
  let x = 0;
  let prod = 1;
  for (;;) {
    prod *= nextDouble(src);
    if (prod > enlam) x += 1;
    else return x;
  }
}

/** W. Hörmann, "The transformed rejection method for generating Poisson random variables", 1993. */
function poissonPtrs(src: BitSource, lam: number): number {
  const slam = Math.sqrt(lam);
  const loglam = log(lam);
  const b = 0.931 + 2.53 * slam;
  const a = -0.059 + 0.02483 * b;
  const invalpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const u = nextDouble(src) - 0.5;
    const v = nextDouble(src);
    const us = 0.5 - Math.abs(u);
    const k = toInt64(Math.floor(((2 * a) / us + b) * u + lam + 0.43));
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (log(v) + log(invalpha) - log(a / (us * us) + b) <= -lam + k * loglam - loggam(k + 1)) return k;
  }
}

/** random_loggam's coefficients (Zhang & Jin, "Computation of Special Functions", 1996). */
const LOGGAM_A = [
  8.333333333333333e-2, -2.777777777777778e-3, 7.936507936507937e-4, -5.952380952380952e-4, 8.417508417508418e-4, -1.917526917526918e-3,
  6.41025641025641e-3, -2.955065359477124e-2, 1.796443723688307e-1, -1.3924322169059,
];
/** log(2π) as NumPy writes it. */
const LG2PI = 1.8378770664093453;

/** random_loggam(x): log Γ(x) by Stirling's series, shifted up to 7 for small x. */
export function loggam(x: number): number {
  if (x === 1 || x === 2) return 0;
  const n = x < 7 ? Math.trunc(7 - x) : 0;
  let x0 = x + n;
  const x2 = (1 / x0) * (1 / x0);
  let gl0 = LOGGAM_A[9] as number;
  for (let k = 8; k >= 0; k--) {
    gl0 *= x2;
    gl0 += LOGGAM_A[k] as number;
  }
  let gl = gl0 / x0 + 0.5 * LG2PI + (x0 - 0.5) * log(x0) - x0;
  if (x < 7) {
    for (let k = 1; k <= n; k++) {
      gl -= log(x0 - 1);
      x0 -= 1;
    }
  }
  return gl;
}
