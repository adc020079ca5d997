/**
 * The CUDA toolkit's host (CPU) double `erfinv` and `erfcinv`, which cuRAND's host generators use
 * for their inverse-CDF normals (docs/spec/curand-host-semantics.md §4.3).
 *
 * Algorithm and coefficients: J. M. Blair, C. A. Edwards, J. H. Johnson, "Rational Chebyshev
 * approximations for the inverse of the error function", Mathematics of Computation 30 (136),
 * 1976, pp. 827–830, Tables 18, 39, 59 and 82, with the branch points and evaluation order of the
 * host implementation in the CUDA 13 toolkit's `crt/math_functions.hpp`. The coefficients are the
 * decimal constants printed there (data, erfcinv-data.ts); JavaScript parses decimal literals to the
 * same nearest doubles as a C compiler. Every step is one IEEE double operation in Horner order, as that header
 * evaluates it on the host (no contraction into FMA on x86-64).
 *
 * `log` and `log1p` are the C library's in cuRAND (glibc's FMA variants on x86-64, see
 * docs/spec/exact-math.md), so the caller supplies them.
 */

import {
  ERFCINV_P18 as P18,
  ERFCINV_P39 as P39,
  ERFCINV_P59 as P59,
  ERFCINV_P82 as P82,
  ERFCINV_Q18 as Q18,
  ERFCINV_Q39 as Q39,
  ERFCINV_Q59 as Q59,
  ERFCINV_Q82 as Q82,
} from './erfcinv-data.js';

/** The C-library functions the host implementation calls. */
export interface ErfcinvLibm {
  log(x: number): number;
  log1p(x: number): number;
}

/** Horner evaluation of P, highest degree first. */
function horner(coefficients: Float64Array, t: number): number {
  let p = coefficients[0] as number;
  for (let i = 1; i < coefficients.length; i++) p = p * t + (coefficients[i] as number);
  return p;
}

/** Horner evaluation of the monic Q (implied leading 1). */
function hornerMonic(coefficients: Float64Array, t: number): number {
  let q = t + (coefficients[0] as number);
  for (let i = 1; i < coefficients.length; i++) q = q * t + (coefficients[i] as number);
  return q;
}

/** The tail form P(t)/(t·Q(t)), t = 1/√(−logValue). */
function tail(logValue: number, p: Float64Array, q: Float64Array): number {
  const t = 1 / Math.sqrt(-logValue);
  return horner(p, t) / (hornerMonic(q, t) * t);
}

/** Inverse error function, CUDA host algorithm: NaN outside [−1, 1], ±Infinity at ±1. */
export function erfinv(a: number, libm: ErfcinvLibm): number {
  const fa = Math.abs(a);
  if (fa >= 1) return fa === 1 ? a * Infinity : NaN;
  if (fa >= 0.9375) {
    const t = tail(libm.log1p(-fa), P59, Q59);
    return a < 0 ? -t : t;
  }
  if (fa >= 0.75) {
    const t = a * a - 0.87890625;
    return a * (horner(P39, t) / hornerMonic(Q39, t));
  }
  if (fa >= 0) {
    const t = a * a - 0.5625;
    return a * (horner(P18, t) / hornerMonic(Q18, t));
  }
  return NaN; // a is NaN (the header reaches the same NaN through Table 18)
}

/** Inverse complementary error function, CUDA host algorithm: NaN for a < 0 or NaN, +Infinity at 0. */
export function erfcinv(a: number, libm: ErfcinvLibm): number {
  if (!(a > 0)) return a === 0 ? Infinity : NaN;
  if (a >= 0.0625) return erfinv(1 - a, libm);
  return a >= 1e-100 ? tail(libm.log(a), P59, Q59) : tail(libm.log(a), P82, Q82);
}
