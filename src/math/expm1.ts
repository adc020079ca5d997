/**
 * glibc 2.36's double `expm1`, bit for bit, in its two x86-64 ifunc variants.
 *
 * Algorithm and constants: fdlibm's s_expm1.c (Copyright (C) 1993 Sun Microsystems, Inc.; "Permission
 * to use, copy, modify, and distribute this software is freely granted, provided that this notice is
 * preserved"), as glibc 2.36 carries it in `sysdeps/ieee754/dbl-64/s_expm1.c` (with Naohiko Shimizu's
 * 1997 regrouping of the polynomial into three pairs). This is an independent TypeScript
 * implementation of that algorithm (docs/exact-double-math.md):
 * - x = k·ln2 + r + c with |r| ≲ ln2/2: k = ±1 directly for |x| < 1.5·ln2, else k = trunc(x/ln2 ± 1/2);
 *   ln2 as ln2_hi (32 bits, so k·ln2_hi is exact) + ln2_lo, and c the rounding error of r;
 * - with hxs = r²/2, R = 1 + Q1·hxs + … + Q5·hxs⁵ (a degree-5 fit of 6·(r·coth(r/2) − 2)/r²),
 *   t = 3 − R·r/2 and e = hxs·(R − t)/(6 − r·t): expm1(r) = r − (r·e − hxs);
 * - for k ≠ 0 the correction r·c + c folded into e, then 2^k·(1 + r − e) − 1 rearranged per range of
 *   k so that no digit is lost: k = −1, k = 1 (two forms), 2 ≤ k < 20, 20 ≤ k ≤ 56, and the rest;
 * - x itself for |x| < 2^-54, −1 below −56·ln2, +inf above o_threshold.
 *
 * Two variants:
 * - {@link expm1Fma}: the FMA body of Debian's glibc 2.36 (`__expm1_fma`: from 2.36-9+deb12u10 its
 *   packages carry the release/2.36 backport that adds it, as for log1p, building s_expm1.c with
 *   -mfma -mavx2). The contractions are gcc 12's, read from the disassembly of that libm.so.6, each a
 *   single-rounding {@link fma} here: the five Horner/Estrin steps of R, t = fma(−R, r/2, 3), the divisor
 *   fma(−r, t, 6), and the last product of e (fma(r, e, −hxs) for k = 0, fma(r, e − c, −c) otherwise).
 *   gcc also fused x − k·ln2_hi, 0.5·(r − e) − 0.5 (k = −1) and 1 + 2·(r − e) (k = 1), whose products
 *   are exact, so plain operations give the same; it did not fuse k's x·invln2 ± 0.5 nor r = hi − k·ln2_lo.
 * - {@link expm1Sse2}: the plain C evaluation (`__expm1_sse2`).
 */

import { f64hi } from './bits.js';
import {
  EXPM1_INVLN2,
  EXPM1_LN2HI,
  EXPM1_LN2LO,
  EXPM1_O_THRESHOLD,
  EXPM1_Q1,
  EXPM1_Q2,
  EXPM1_Q3,
  EXPM1_Q4,
  EXPM1_Q5,
} from './expm1-data.js';
import { fma, fmaSmallProduct } from './fma.js';
import { pow2 } from './pow2.js';

/** The reduced argument shared by both variants (no multiply-add in it gives a different rounding). */
interface Reduction {
  k: number;
  r: number;
  c: number;
}

const red: Reduction = { k: 0, r: 0, c: 0 };

/**
 * Filters the special arguments and reduces the others: returns the final result for the early exits,
 * or undefined after writing k, r, c into `red`. The thresholds are compared on the high word of |x|,
 * as fdlibm does (so they are the high words of 56·ln2, o_threshold, ln2/2, 1.5·ln2 and 2^-54).
 */
function reduce(x: number, red: Reduction): number | undefined {
  const hx = f64hi(x);
  const ax = hx & 0x7fffffff;
  const neg = hx >>> 31 !== 0; // the sign bit, so −0 counts as negative (it leaves by the tiny exit)
  if (ax >= 0x4043687a) {
    // |x| ≥ 56·ln2 (to the high word)
    if (ax >= 0x40862e42) {
      if (ax >= 0x7ff00000) return Number.isNaN(x) ? x + x : neg ? -1 : x; // NaN, −inf → −1, +inf
      if (x > EXPM1_O_THRESHOLD) return Infinity;
    }
    if (neg) return -1; // e^x < 2^-56: exp(x) − 1 rounds to −1
  }
  let k: number;
  let hi: number;
  let lo: number;
  if (ax > 0x3fd62e42) {
    // |x| > ln2/2
    if (ax < 0x3ff0a2b2) {
      // |x| < 1.5·ln2: k = ±1
      k = neg ? -1 : 1;
      hi = neg ? x + EXPM1_LN2HI : x - EXPM1_LN2HI;
      lo = neg ? -EXPM1_LN2LO : EXPM1_LN2LO;
    } else {
      // C's conversion truncates towards zero; the sum is a plain one in both bodies
      k = (EXPM1_INVLN2 * x + (neg ? -0.5 : 0.5)) | 0;
      hi = x - k * EXPM1_LN2HI; // exact product (|k| ≤ 1024): gcc's fnmadd rounds the same
      lo = k * EXPM1_LN2LO;
    }
    const r = hi - lo;
    red.k = k;
    red.r = r;
    red.c = hi - r - lo;
    return undefined;
  }
  if (ax < 0x3c900000) return x; // |x| < 2^-54: exp(x) − 1 rounds to x (±0 kept)
  red.k = 0;
  red.r = x;
  red.c = 0;
  return undefined;
}

/**
 * 2^k·(1 + r − e) − 1 for k ≠ 0, where e already holds the correction and hxs, each range of k in the
 * form that keeps its last bit (identical in both bodies: gcc's fused steps here have exact products).
 * Adding k to the exponent is an exact scaling by 2^k (y stays normal); k = 1024 is split in two.
 */
function rescale(k: number, r: number, e: number): number {
  if (k === -1) return 0.5 * (r - e) - 0.5;
  if (k === 1) return r < -0.25 ? -2 * (e - (r + 0.5)) : 1 + 2 * (r - e);
  if (k <= -2 || k > 56) {
    // the −1 is negligible or 2^k is tiny: form 2^k·(1 + r − e) and subtract 1 afterwards
    const y = 1 - (e - r);
    return (k === 1024 ? y * 2 * pow2(1023) : y * pow2(k)) - 1;
  }
  if (k < 20) return (1 - pow2(-k) - (e - r)) * pow2(k); // 1 − 2^-k is exact
  return (r - (e + pow2(-k)) + 1) * pow2(k); // 2^-k is below r's last place: add it to e first
}

/** expm1(x) as the FMA body of glibc 2.36 (`__expm1_fma`) computes it. */
export function expm1Fma(x: number): number {
  const early = reduce(x, red);
  if (early !== undefined) return early;
  const { k, r, c } = red;
  const hfx = 0.5 * r;
  const hxs = r * hfx;
  const h2 = hxs * hxs;
  const h4 = h2 * h2;
  // R = fma(h4, fma(hxs, Q5, Q4), fma(h2, fma(hxs, Q3, Q2), fma(hxs, Q1, 1))): every product below its addend
  const R = fmaSmallProduct(
    h4,
    fmaSmallProduct(hxs, EXPM1_Q5, EXPM1_Q4),
    fmaSmallProduct(h2, fmaSmallProduct(hxs, EXPM1_Q3, EXPM1_Q2), fmaSmallProduct(hxs, EXPM1_Q1, 1)),
  );
  const t = fmaSmallProduct(-R, hfx, 3);
  const e = hxs * ((R - t) / fmaSmallProduct(-r, t, 6));
  if (k === 0) return r - fmaSmallProduct(r, e, -hxs);
  // c is far below r·(e − c), so the fused step is nearly always a full fma
  return rescale(k, r, fma(r, e - c, -c) - hxs);
}

/** expm1(x) as glibc 2.36's non-FMA `__expm1_sse2` computes it. */
export function expm1Sse2(x: number): number {
  const early = reduce(x, red);
  if (early !== undefined) return early;
  const { k, r, c } = red;
  const hfx = 0.5 * r;
  const hxs = r * hfx;
  const h2 = hxs * hxs;
  const h4 = h2 * h2;
  const R = 1 + hxs * EXPM1_Q1 + h2 * (EXPM1_Q2 + hxs * EXPM1_Q3) + h4 * (EXPM1_Q4 + hxs * EXPM1_Q5);
  const t = 3 - R * hfx;
  const e = hxs * ((R - t) / (6 - r * t));
  if (k === 0) return r - (r * e - hxs);
  return rescale(k, r, r * (e - c) - c - hxs);
}
