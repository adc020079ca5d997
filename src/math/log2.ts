/**
 * glibc 2.36's double `log2`, bit for bit, in its two x86-64 ifunc variants.
 *
 * Algorithm and data: Szabolcs Nagy, ARM-software/optimized-routines `math/log2.c` and
 * `math/log2_data.c` (MIT OR Apache-2.0 WITH LLVM-exception), carried by glibc 2.36 as
 * `sysdeps/ieee754/dbl-64/e_log2.c`; the same code is musl's log2. An independent TypeScript
 * implementation of that algorithm, shaped like log.ts:
 * - near 1 (1 − 0x1.5b51p-5 ≤ x < 1 + 0x1.6ab2p-5): r = x − 1, log2 x = r/ln2 + r²·B(r), r/ln2 in
 *   two parts (1/ln2 = invln2hi + invln2lo), B of degree 9;
 * - elsewhere x = 2^k·z with z in [OFF, 2·OFF), OFF = 0x1.6p-1, z in subinterval i of 64:
 *   log2 x = k + log2 c + r/ln2 + r²·A(r), r ≈ z/c − 1, A of degree 5;
 * - subnormal x is rescaled by 2^52 first.
 *
 * Two variants:
 * - {@link log2Fma}: the FMA body this machine's libm.so.6 (Debian glibc 2.36) selects on CPUs with
 *   FMA and AVX2 (built with __FP_FAST_FMA): r = fma(z, 1/c, −1), the low part of r/ln2 by fma, and
 *   gcc 12's contraction of every a·b + c of the polynomials (read from the disassembly).
 * - {@link log2Sse2}: the plain C evaluation (the non-FMA body; musl's, which Pyodide runs), which
 *   splits r at its 32 low bits instead and forms r from the second table (chi, clo).
 */

import { f64hi } from './bits.js';
import { fma } from './fma.js';
import { LOG2_A as A, LOG2_B as B, LOG2_CHI, LOG2_CLO, LOG2_INVC, LOG2_INVLN2HI, LOG2_INVLN2LO, LOG2_LOGC } from './log2-data.js';
import { pow2 } from './pow2.js';

/** The near-1 window, as e_log2.c's LO/HI bit patterns bound it. */
const NEAR1_LO = 1 - 0x15b51 * 2 ** -21;
const NEAR1_HI = 1 + 0x16ab2 * 2 ** -21;
/** High word of OFF = 0x3fe6000000000000 (its low word is 0). */
const OFF_HI = 0x3fe60000;

/** v with its low 32 bits cleared (e_log2.c's `asuint64(v) & -1ULL << 32`), v normal or 0. */
function truncate32(v: number): number {
  const q = pow2(((f64hi(v) >>> 20) & 0x7ff) - 1023 - 20);
  return Math.trunc(v / q) * q;
}

/** Set by {@link reduce}: the exponent k and table index i of x = 2^k·z. */
let reducedK = 0;
let reducedI = 0;

/** x = 2^k·z for finite x > 0 (subnormals rescaled by 2^52 first): returns z, leaves k and i. */
function reduce(x: number): number {
  const xs = x < 2 ** -1022 ? x * 2 ** 52 : x;
  const tmp = (f64hi(xs) - OFF_HI) | 0;
  reducedI = (tmp >>> 14) & 63;
  const kz = tmp >> 20;
  reducedK = x < 2 ** -1022 ? kz - 52 : kz;
  return xs * pow2(-kz);
}

/** log2 of ±0, x < 0, +inf and NaN. */
function log2Outside(x: number): number {
  if (x === 0) return -Infinity;
  if (x === Infinity) return x;
  return NaN;
}

/** log2(x) as glibc 2.36's FMA body computes it. */
export function log2Fma(x: number): number {
  if (x >= NEAR1_LO && x < NEAR1_HI) {
    if (x === 1) return 0;
    const r = x - 1;
    const hi = r * LOG2_INVLN2HI;
    const r2 = r * r;
    const r4 = r2 * r2;
    const lo = fma(r, LOG2_INVLN2LO, fma(r, LOG2_INVLN2HI, -hi));
    // p = r²·(B0 + B1·r) is fused into both of its sums: y = hi + p and lo += hi − y + p.
    const b01 = fma(r, B[1] as number, B[0] as number);
    const y = fma(b01, r2, hi);
    const lo2 = fma(b01, r2, hi - y) + lo;
    const low = fma(fma(r, B[5] as number, B[4] as number), r2, fma(r, B[3] as number, B[2] as number));
    const high = fma(fma(r, B[9] as number, B[8] as number), r2, fma(r, B[7] as number, B[6] as number));
    return y + fma(fma(high, r4, low), r4, lo2);
  }
  if (!(x > 0 && x < Infinity)) return log2Outside(x);
  const z = reduce(x);
  const i = reducedI;
  const t3 = reducedK + (LOG2_LOGC[i] as number);
  const r = fma(z, LOG2_INVC[i] as number, -1);
  const t1 = r * LOG2_INVLN2HI;
  const t2 = fma(r, LOG2_INVLN2LO, fma(LOG2_INVLN2HI, r, -t1));
  const hi = t3 + t1;
  const lo = t3 - hi + t1 + t2;
  const r2 = r * r;
  const r4 = r2 * r2;
  const q = fma(fma(r, A[3] as number, A[2] as number), r2, fma(r, A[1] as number, A[0] as number));
  const p = fma(fma(r, A[5] as number, A[4] as number), r4, q);
  return fma(r2, p, lo) + hi;
}

/** log2(x) as glibc 2.36's non-FMA body (and musl) computes it. */
export function log2Sse2(x: number): number {
  if (x >= NEAR1_LO && x < NEAR1_HI) {
    if (x === 1) return 0;
    const r = x - 1;
    const rhi = truncate32(r);
    const rlo = r - rhi;
    const hi = rhi * LOG2_INVLN2HI;
    let lo = rlo * LOG2_INVLN2HI + r * LOG2_INVLN2LO;
    const r2 = r * r;
    const r4 = r2 * r2;
    const p = r2 * ((B[0] as number) + r * (B[1] as number));
    let y = hi + p;
    lo += hi - y + p;
    lo +=
      r4 *
      ((B[2] as number) + r * (B[3] as number) + r2 * ((B[4] as number) + r * (B[5] as number)) +
        r4 * ((B[6] as number) + r * (B[7] as number) + r2 * ((B[8] as number) + r * (B[9] as number))));
    y += lo;
    return y;
  }
  if (!(x > 0 && x < Infinity)) return log2Outside(x);
  const z = reduce(x);
  const i = reducedI;
  const r = (z - (LOG2_CHI[i] as number) - (LOG2_CLO[i] as number)) * (LOG2_INVC[i] as number);
  const rhi = truncate32(r);
  const rlo = r - rhi;
  const t1 = rhi * LOG2_INVLN2HI;
  const t2 = rlo * LOG2_INVLN2HI + r * LOG2_INVLN2LO;
  const t3 = reducedK + (LOG2_LOGC[i] as number);
  const hi = t3 + t1;
  const lo = t3 - hi + t1 + t2;
  const r2 = r * r;
  const r4 = r2 * r2;
  const p = (A[0] as number) + r * (A[1] as number) + r2 * ((A[2] as number) + r * (A[3] as number)) + r4 * ((A[4] as number) + r * (A[5] as number));
  return lo + r2 * p + hi;
}
