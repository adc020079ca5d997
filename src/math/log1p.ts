/**
 * glibc 2.36's double `log1p`, bit for bit, in its two x86-64 ifunc variants.
 *
 * Algorithm and constants: fdlibm's s_log1p.c (Copyright (C) 1993 Sun Microsystems, Inc.; "Permission
 * to use, copy, modify, and distribute this software is freely granted, provided that this notice is
 * preserved"), as glibc 2.36 carries it in `sysdeps/ieee754/dbl-64/s_log1p.c`. This is an independent
 * TypeScript implementation of that algorithm (docs/exact-double-math.md):
 * - 1 + x = 2^k·(1 + f) with √2/2 ≤ 1 + f < √2; for k ≠ 0 the rounding error of 1 + x is carried
 *   as c/u;
 * - log(1 + f) = f − (hfsq − s·(hfsq + R)), s = f/(2 + f), hfsq = f²/2, R a degree-7 polynomial in s²;
 * - plus k·ln2 as ln2_hi + ln2_lo; shortcuts for |x| < 2^-29 and |f| < 2^-20.
 *
 * Two variants:
 * - {@link log1pFma}: the FMA body of Debian's glibc 2.36 (release/2.36 backports H.J. Lu's
 *   "x86_64: Add log1p with FMA", building s_log1p.c with -mfma -mavx2). The contractions are gcc 12's,
 *   each a single-rounding {@link fma} here; k·ln2_hi is exact (32-bit constant, |k| < 1100), so the
 *   fused operations that multiply by it are plain ones.
 * - {@link log1pSse2}: the plain C evaluation (`__log1p_sse2`).
 */

import { f64hi } from './bits.js';
import { fmaSmallProduct, fmaSplit, splitConstant } from './fma.js';
import { pow2 } from './pow2.js';
import {
  LOG1P_LN2HI,
  LOG1P_LN2LO,
  LOG1P_LP1,
  LOG1P_LP2,
  LOG1P_LP3,
  LOG1P_LP4,
  LOG1P_LP5,
  LOG1P_LP6,
  LOG1P_LP7,
  LOG1P_TWO_THIRDS,
} from './log1p-data.js';

const [LN2LO_HI, LN2LO_LO] = splitConstant(LOG1P_LN2LO);
const [LP1H, LP1L] = splitConstant(LOG1P_LP1);

/**
 * The argument reduction shared by both variants (no multiply-adds in it): 1 + x = 2^k·(1 + f) and the
 * correction c. Writes k, f, c, hu into `red` and returns undefined, or returns the final result for
 * the early-exit cases. hu = 0 flags |f| < 2^-20.
 */
interface Reduction {
  k: number;
  f: number;
  c: number;
  hu: number;
}

function reduce(x: number, red: Reduction): number | undefined {
  const hx = f64hi(x) | 0;
  const ax = hx & 0x7fffffff;
  let k = 1;
  if (hx < 0x3fda827a) {
    // x < 0.41422
    if (ax >= 0x3ff00000) return x === -1 ? -Infinity : NaN; // x <= −1
    if (ax < 0x3e200000) return ax < 0x3c900000 ? x : x - x * x * 0.5; // |x| < 2^-29 (fused or not: x·x·0.5 is one rounding)
    if (hx > 0 || hx <= (0xbfd2bec3 | 0)) {
      // −0.2929 < x < 0.41422
      red.k = 0;
      red.f = x;
      red.c = 0;
      red.hu = 1;
      return undefined;
    }
  } else if (hx >= 0x7ff00000) return x + x;
  let u: number;
  let hu: number;
  let c: number;
  if (hx < 0x43400000) {
    u = 1 + x;
    hu = f64hi(u);
    k = (hu >> 20) - 1023;
    c = (k > 0 ? 1 - (u - x) : x - (u - 1)) / u;
  } else {
    u = x;
    hu = hx;
    k = (hu >> 20) - 1023;
    c = 0;
  }
  hu &= 0xfffff;
  if (hu >= 0x6a09e) {
    // normalise u/2 instead, so that 1 + f < √2
    k += 1;
    hu = (0x100000 - hu) >> 2;
  }
  red.k = k;
  red.f = u * pow2(-k) - 1; // SET_HIGH_WORD of the exponent, done as an exact scaling
  red.c = c;
  red.hu = hu;
  return undefined;
}

const red: Reduction = { k: 0, f: 0, c: 0, hu: 0 };

/** log1p(x) as the FMA body of Debian's glibc 2.36 computes it. */
export function log1pFma(x: number): number {
  const early = reduce(x, red);
  if (early !== undefined) return early;
  const { k, f, c, hu } = red;
  const hfsq = 0.5 * f * f;
  if (hu === 0) {
    // |f| < 2^-20
    if (f === 0) return k === 0 ? 0 : k * LOG1P_LN2HI + fmaSplit(k, LOG1P_LN2LO, LN2LO_HI, LN2LO_LO, c);
    const R = fmaSmallProduct(-f, LOG1P_TWO_THIRDS, 1) * hfsq;
    if (k === 0) return f - R;
    return k * LOG1P_LN2HI - (R - fmaSplit(k, LOG1P_LN2LO, LN2LO_HI, LN2LO_LO, c) - f);
  }
  const s = f / (2 + f);
  const sR = s * (log1pPoly(s * s) + hfsq);
  if (k === 0) return f - (hfsq - sR);
  return k * LOG1P_LN2HI - (hfsq - (fmaSplit(k, LOG1P_LN2LO, LN2LO_HI, LN2LO_LO, c) + sR) - f);
}

/**
 * R = fma(z6, R4, fma(z4, R3, fma(z, Lp1, z2·R2))), Rj = fma(z, Lp(2j−1), Lp(2j−2)), every fused step
 * exact. (Evaluating it plainly and certifying does not pay here: R is a fifth of R + hfsq, so its
 * rounding errors reach the last place of the sum too often.)
 */
function log1pPoly(z: number): number {
  const z2 = z * z;
  const z4 = z2 * z2;
  const R2 = fmaSmallProduct(z, LOG1P_LP3, LOG1P_LP2);
  const R3 = fmaSmallProduct(z, LOG1P_LP5, LOG1P_LP4);
  const R4 = fmaSmallProduct(z, LOG1P_LP7, LOG1P_LP6);
  return fmaSmallProduct(z2 * z4, R4, fmaSmallProduct(z4, R3, fmaSplit(z, LOG1P_LP1, LP1H, LP1L, z2 * R2)));
}

/** log1p(x) as glibc 2.36's non-FMA `__log1p_sse2` computes it. */
export function log1pSse2(x: number): number {
  const early = reduce(x, red);
  if (early !== undefined) return early;
  const { k, f, c, hu } = red;
  const hfsq = 0.5 * f * f;
  if (hu === 0) {
    if (f === 0) return k === 0 ? 0 : k * LOG1P_LN2HI + (c + k * LOG1P_LN2LO);
    const R = hfsq * (1 - LOG1P_TWO_THIRDS * f);
    if (k === 0) return f - R;
    return k * LOG1P_LN2HI - (R - (k * LOG1P_LN2LO + c) - f);
  }
  const s = f / (2 + f);
  const z = s * s;
  const z2 = z * z;
  const z4 = z2 * z2;
  const R = z * LOG1P_LP1 + z2 * (LOG1P_LP2 + z * LOG1P_LP3) + z4 * (LOG1P_LP4 + z * LOG1P_LP5) + z4 * z2 * (LOG1P_LP6 + z * LOG1P_LP7);
  if (k === 0) return f - (hfsq - s * (hfsq + R));
  return k * LOG1P_LN2HI - (hfsq - (s * (hfsq + R) + (k * LOG1P_LN2LO + c)) - f);
}
