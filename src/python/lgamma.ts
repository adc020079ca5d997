/**
 * CPython's `math.lgamma`, bit for bit. It is not the C library's lgamma: CPython computes it itself
 * (Modules/mathmodule.c, `m_lgamma` with `lanczos_sum` and `m_sinpi`, the same in 3.11 through 3.14;
 * kept there because libm lgamma's quality differs among platforms, gh-70309): Lanczos' approximation
 * with g = 6.024680040776729583740234375 and N = 13 (Boost's coefficients), evaluated in plain
 * double arithmetic (CPython is built without FMA contraction on x86-64), on top of the C library's
 * `log` and, for x < 0, `sin`/`cos`, which come from src/math/ in the variant the caller picks.
 */

import type { DoubleLibm } from '../math/libm.js';

/** mathmodule.c lanczos_g. */
const LANCZOS_G = 6.024680040776729583740234375;
/** mathmodule.c logpi = log(π), correctly rounded. */
const LOG_PI = 1.144729885849400174143427351353058711647;
/** mathmodule.c lanczos_num_coeffs: the numerator of Lanczos' rational sum, constant term first. */
const LANCZOS_NUM = [
  23531376880.410759688572007674451636754734846804940, 42919803642.649098768957899047001988850926355848959,
  35711959237.355668049440185451547166705960488635843, 17921034426.037209699919755754458931112671403265390,
  6039542586.3520280050642916443072979210699388420708, 1439720407.3117216736632230727949123939715485786772,
  248874557.86205415651146038641322942321632125127801, 31426415.585400194380614231628318205362874684987640,
  2876370.6289353724412254090516208496135991145378768, 186056.26539522349504029498971604569928220784236328,
  8071.6720023658162106380029022722506138218516325024, 210.82427775157934587250973392071336271166969580291,
  2.5066282746310002701649081771338373386264310793408,
];
/** mathmodule.c lanczos_den_coeffs: x·(x + 1)·…·(x + 11) expanded, constant term first. */
const LANCZOS_DEN = [0, 39916800, 120543840, 150917976, 105258076, 45995730, 13339535, 2637558, 357423, 32670, 1925, 66, 1];

/** lanczos_sum(x), x > 0: by Horner in x below 5, in 1/x above (to avoid overflow), as CPython. */
function lanczosSum(x: number): number {
  let num = 0;
  let den = 0;
  if (x < 5) {
    for (let i = LANCZOS_NUM.length - 1; i >= 0; i--) {
      num = num * x + (LANCZOS_NUM[i] as number);
      den = den * x + (LANCZOS_DEN[i] as number);
    }
  } else {
    for (let i = 0; i < LANCZOS_NUM.length; i++) {
      num = num / x + (LANCZOS_NUM[i] as number);
      den = den / x + (LANCZOS_DEN[i] as number);
    }
  }
  return num / den;
}

/** Scratch for sincos's [sin, cos]. */
const sc = new Float64Array(2);

/**
 * m_sinpi(x) = sin(πx) for finite x > 0 (lgamma's only use; m_sinpi's sign copy is then a no-op):
 * x mod 2 is reduced to within 1/4 of 0, 1/2, 1, 3/2 or 2 and sin or cos taken there, as CPython does.
 */
function sinpi(x: number, libm: DoubleLibm): number {
  const y = x % 2; // fmod, exact
  const n = Math.round(2 * y); // C's round: halves away from zero, and 2y ≥ 0
  let r: number;
  switch (n) {
    case 0:
      libm.sincos(Math.PI * y, sc);
      r = sc[0] as number;
      break;
    case 1:
      libm.sincos(Math.PI * (y - 0.5), sc);
      r = sc[1] as number;
      break;
    case 2:
      libm.sincos(Math.PI * (1 - y), sc);
      r = sc[0] as number;
      break;
    case 3:
      libm.sincos(Math.PI * (y - 1.5), sc);
      r = -(sc[1] as number);
      break;
    default:
      libm.sincos(Math.PI * (y - 2), sc);
      r = sc[0] as number;
  }
  return r;
}

/**
 * math.lgamma(x). Where Python raises ValueError (x a non-positive integer) this returns +Infinity,
 * as m_lgamma does before CPython turns its EDOM into the exception; callers check that case.
 */
export function pyLgamma(x: number, libm: DoubleLibm): number {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? x : Infinity;
  if (x === Math.floor(x) && x <= 2) return x <= 0 ? Infinity : 0;
  const absx = Math.abs(x);
  if (absx < 1e-20) return -libm.log(absx);
  let r = libm.log(lanczosSum(absx)) - LANCZOS_G;
  r += (absx - 0.5) * (libm.log(absx + LANCZOS_G - 0.5) - 1);
  if (x < 0) r = LOG_PI - libm.log(Math.abs(sinpi(absx, libm))) - libm.log(absx) - r;
  return r;
}
