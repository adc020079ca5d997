/**
 * glibc 2.36's double `exp`, bit for bit, in its two x86-64 ifunc variants.
 *
 * Algorithm and data: Szabolcs Nagy, ARM-software/optimized-routines `math/exp.c` and
 * `math/exp_data.c` (MIT OR Apache-2.0 WITH LLVM-exception), carried by glibc 2.36 as
 * `sysdeps/ieee754/dbl-64/e_exp.c`. This is an independent TypeScript implementation of that
 * algorithm (docs/exact-double-math.md):
 * - exp(x) = 2^(k/128)·exp(r) with k = round(x·128/ln2) and r = x − k·ln2/128 (ln2/128 in two parts);
 * - 2^(k/128) = H·(1 + T) from the 128-entry table, times 2^(k >> 7);
 * - exp(r) − 1 ≈ r + C2·r² + C3·r³ + C4·r⁴ + C5·r⁵, added to T, and scaled as s + s·tmp;
 * - 512 ≤ |x| < 1024 rebias the exponent by 2^±1009 / 2^1022 (the underflow side rounds once more
 *   to avoid double rounding into the subnormal range).
 *
 * Three variants:
 * - {@link expFma}: the body glibc's ifunc picks on CPUs with FMA and AVX2 (`__exp_fma`, built with
 *   -mfma -mavx2; gcc contracts a·b + c into one rounding). The contractions below are gcc 12's, read
 *   from its GIMPLE for e_exp.c and checked against this machine's libm: each is a single rounding here
 *   ({@link fmaSmallProduct}: in exp every fused product is small next to its addend), or is certified
 *   not to matter (fma.ts, "certified chains"). In the k < 0 special case gcc did not contract
 *   scale + scale·tmp (the product is used twice), so that stays two roundings.
 * - {@link expSse2}: the plain C evaluation (`__exp_sse2`/`__exp_avx`), one rounding per operation.
 * - {@link expAarch64}: the same source built for aarch64 (Debian's arm64 glibc 2.36), where gcc
 *   contracts as in `__exp_fma` but TOINT_INTRINSICS (sysdeps/aarch64/fpu/math_private.h) makes k =
 *   round(z) of the rounded product z = x·128/ln2: ties away from zero where `__exp_fma` rounds the
 *   exact product to even. The two differ only where z is exactly an odd multiple of 1/2 (between z
 *   and the exact product there is no other half-integer); measured against that glibc under qemu
 *   (docs/exact-double-math.md, "aarch64").
 */

import { certifiedSum, EPS, fmaSmallProduct } from './fma.js';
import { pow2 } from './pow2.js';
import {
  EXP_C2,
  EXP_C3,
  EXP_C4,
  EXP_C5,
  EXP_INVLN2N,
  EXP_NEGLN2HIN,
  EXP_NEGLN2LON,
  EXP_SCALE,
  EXP_SHIFT,
  EXP_TAIL,
} from './exp-data.js';

const TINY = 2 ** -54; // below: exp(x) = 1 + x
const BIG = 512; // from here to 1024: the rebiasing special case
const HUGE = 1024; // from here: overflow, underflow, ±inf, NaN

/** exp of |x| < 2^-54, |x| ≥ 1024, ±inf or NaN: the early returns of e_exp.c. */
function expOutside(x: number): number {
  if (Math.abs(x) < TINY) return 1 + x;
  if (x === -Infinity) return 0;
  if (!(Math.abs(x) < Infinity)) return 1 + x; // +inf, NaN
  return x < 0 ? 0 : Infinity; // __math_uflow(0), __math_oflow(0)
}

/**
 * The k < 0 side of e_exp.c's specialcase(): scale = 2^(k/128)·2^1022, result 2^-1022·(scale +
 * scale·tmp), rounded once more before the subnormal scaling. gcc leaves it unfused in both variants.
 */
function expUnderflowSide(tmp: number, idx: number, k: number): number {
  const scale = EXP_SCALE[idx] * pow2((k >> 7) + 1022);
  const st = scale * tmp;
  let y = scale + st;
  if (y < 1) {
    let lo = scale - y + st;
    const hi = 1 + y;
    lo = 1 - hi + y + lo;
    y = hi + lo - 1;
    if (y === 0) y = 0; // as e_exp.c: no −0 (it could only arise in directed rounding)
  }
  return 2 ** -1022 * y;
}

/**
 * exp(x) as glibc 2.36's `__exp_fma` computes it. k and r are formed exactly; the polynomial and the
 * final scale + scale·tmp are evaluated plainly with an error bound and the final rounding certified
 * (fma.ts, "certified chains"); when that is not certain, and in the special cases, every fused step
 * is evaluated exactly.
 */
export function expFma(x: number): number {
  return expFused(x, false);
}

/** exp(x) as Debian's aarch64 glibc 2.36 computes it: {@link expFma} but for k at ties. */
export function expAarch64(x: number): number {
  return expFused(x, true);
}

/** round(z), ties away from zero (C's round, which aarch64 glibc's roundtoint is). */
function roundTiesAway(z: number): number {
  return z < 0 ? -Math.round(-z) : Math.round(z);
}

/** exp with gcc's contractions; k from the rounded product, ties away (aarch64), or as `__exp_fma`. */
function expFused(x: number, aarch64: boolean): number {
  const ax = Math.abs(x);
  if (!(ax >= TINY && ax < HUGE)) return expOutside(x);
  const special = ax >= BIG;
  // kd = fma(InvLn2N, x, Shift): the rounding to an integer happens in the fused sum; on aarch64,
  // kd = round(InvLn2N·x).
  const k = aarch64 ? roundTiesAway(EXP_INVLN2N * x) : fmaSmallProduct(EXP_INVLN2N, x, EXP_SHIFT) - EXP_SHIFT;
  // fma(NegLn2hiN, kd, x): the product is exact (a 36-bit constant times |k| ≤ 189093 stays below 2^53
  // units of its last place), so one rounding either way.
  const r0 = x + k * EXP_NEGLN2HIN;
  const r = fmaSmallProduct(EXP_NEGLN2LON, k, r0);
  const idx = k & 127;
  const r2 = r * r;
  const rt = r + (EXP_TAIL[idx] as number);
  if (special) {
    const tmp = expPolyExact(r, r2, rt);
    if (k < 0) return expUnderflowSide(tmp, idx, k);
    const scale = EXP_SCALE[idx] * pow2((k >> 7) - 1009);
    return 2 ** 1009 * fmaSmallProduct(tmp, scale, scale);
  }
  // tmp = fma(r2², fma(C5, r, C4), fma(fma(C3, r, C2), r2, r + tail)), result fma(tmp, scale, scale)
  const m3 = EXP_C3 * r;
  const c23 = m3 + EXP_C2;
  const mt = c23 * r2;
  const t1 = mt + rt;
  const m5 = EXP_C5 * r;
  const c45 = m5 + EXP_C4;
  const r4 = r2 * r2;
  const m4 = r4 * c45;
  const tmp = m4 + t1;
  const etmp =
    r2 * EPS * (Math.abs(m3) + Math.abs(c23)) +
    r4 * EPS * (Math.abs(m5) + Math.abs(c45)) +
    EPS * (Math.abs(mt) + Math.abs(t1) + Math.abs(m4) + Math.abs(tmp));
  const scale = EXP_SCALE[idx] * pow2(k >> 7);
  const y = scale * tmp;
  const out = certifiedSum(scale, y, scale * etmp + EPS * Math.abs(y));
  return out === out ? out : fmaSmallProduct(expPolyExact(r, r2, rt), scale, scale);
}

/** tmp of e_exp.c with every fused step exact. */
function expPolyExact(r: number, r2: number, rt: number): number {
  return fmaSmallProduct(r2 * r2, fmaSmallProduct(EXP_C5, r, EXP_C4), fmaSmallProduct(fmaSmallProduct(EXP_C3, r, EXP_C2), r2, rt));
}

/** exp(x) as glibc 2.36's non-FMA `__exp_sse2` (and `__exp_avx`) computes it. */
export function expSse2(x: number): number {
  const ax = Math.abs(x);
  if (!(ax >= TINY && ax < HUGE)) return expOutside(x);
  const special = ax >= BIG;
  const k = EXP_INVLN2N * x + EXP_SHIFT - EXP_SHIFT;
  const r = x + k * EXP_NEGLN2HIN + k * EXP_NEGLN2LON;
  const idx = k & 127;
  const r2 = r * r;
  const tmp = EXP_TAIL[idx] + r + r2 * (EXP_C2 + r * EXP_C3) + r2 * r2 * (EXP_C4 + r * EXP_C5);
  if (special) {
    if (k < 0) return expUnderflowSide(tmp, idx, k);
    const scale = EXP_SCALE[idx] * pow2((k >> 7) - 1009);
    return 2 ** 1009 * (scale + scale * tmp);
  }
  const scale = EXP_SCALE[idx] * pow2(k >> 7);
  return scale + scale * tmp;
}
