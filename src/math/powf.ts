/**
 * glibc 2.36's float `powf`, bit for bit, in both x86-64 variants (NaN payloads aside).
 *
 * Algorithm: ARM optimized-routines `math/powf.c` (Szabolcs Nagy), which glibc ships as
 * sysdeps/ieee754/flt-32/e_powf.c: x^y = 2^(y·log2 x), all in double and rounded to float once.
 * log2 x: x = 2^k·z with z in [OFF, 2·OFF); the top 4 mantissa bits of z − OFF pick c, with 1/c and
 * log2 c tabulated; log2 x = k + log2 c + p(r), r = z/c − 1, p a degree-5 polynomial. 2^t: t = k/32 + r
 * (k the nearest integer to 32t, found by adding and subtracting 1.5·2^47), 2^t = 2^(k/32)·q(r), q of
 * degree 3. Data: powf-data.ts.
 *
 * Variants: glibc's x86-64 ifunc runs `__powf_fma` on CPUs with FMA and AVX2, where gcc fused
 * r = z·(1/c) − 1, the five Horner/Estrin steps of p, and the three of q (read from the disassembly of
 * Debian's libm 2.36: nine vfmadd, the rest plain); `__powf_sse2` elsewhere, all plain. The two round
 * differently on some inputs (test/math-powf.test.ts), so each is reproduced: `powfFma` fuses with
 * fma.ts's exact emulation, `powfSse2` evaluates as written.
 */

import { asUint32, fromUint32 } from './bits.js';
import { EXPF_SCALE } from './float-tables.js';
import { fma } from './fma.js';
import { pow2 } from './pow2.js';
import {
  EXP2F_C0,
  EXP2F_C1,
  EXP2F_C2,
  EXP2F_SHIFT,
  POWF_A0,
  POWF_A1,
  POWF_A2,
  POWF_A3,
  POWF_A4,
  POWF_LOG2_TABLE,
  POWF_OFF,
  POWF_OVERFLOW,
  POWF_SPECIAL,
} from './powf-data.js';

/** a·b + c: fused (one rounding) or as written (two). */
type MulAdd = (a: number, b: number, c: number) => number;
const unfused: MulAdd = (a, b, c) => a * b + c;

const SIGN = 0x80000000;
const INF_BITS = 0x7f800000;

/** Whether the float pattern u is ±0, ±∞ or NaN (zeroinfnan: 2u − 1 ≥ 2·INF − 1, in 32 bits). */
function zeroInfNaN(u: number): boolean {
  return ((2 * u - 1) >>> 0) >= 2 * INF_BITS - 1;
}

/** 0 if the finite nonzero float pattern u is not an integer, 1 if odd, 2 if even (checkint). */
function checkInt(u: number): 0 | 1 | 2 {
  const e = (u >>> 23) & 0xff;
  if (e < 0x7f) return 0;
  if (e > 0x7f + 23) return 2;
  // The bit of value 1 is bit `unit` of the pattern (the exponent field's lowest bit for |y| in [1, 2)).
  const unit = 0x7f + 23 - e;
  if (u & ((1 << unit) - 1)) return 0;
  return u & (1 << unit) ? 1 : 2;
}

/** log2 of the positive normal float pattern ix (subnormals pre-scaled: a negative biased exponent). */
function log2Inline(ix: number, f: MulAdd): number {
  const tmp = (ix - POWF_OFF) | 0;
  const i = (tmp >>> 19) & 15;
  const top = tmp & 0xff800000;
  const k = top >> 23;
  const z = fromUint32((ix - top) >>> 0);
  const r = f(z, POWF_LOG2_TABLE[2 * i] as number, -1);
  const y0 = (POWF_LOG2_TABLE[2 * i + 1] as number) + k;
  const r2 = r * r;
  const y = f(POWF_A0, r, POWF_A1);
  const p = f(POWF_A2, r, POWF_A3);
  const r4 = r2 * r2;
  let q = f(POWF_A4, r, y0);
  q = f(p, r2, q);
  return f(y, r4, q);
}

/**
 * 2^xd (|xd| < 150), negated for `negative`. The C adds k << 47 to a table entry's pattern; here
 * s = 2^((k mod 32)/32)·2^floor(k/32), the same double (expf's table).
 */
function exp2Inline(xd: number, negative: boolean, f: MulAdd): number {
  const kd = xd + EXP2F_SHIFT - EXP2F_SHIFT;
  const r = xd - kd;
  const k = kd * 32;
  const low = k & 31;
  const s = (EXPF_SCALE[low] as number) * pow2((k - low) / 32);
  const z = f(EXP2F_C0, r, EXP2F_C1);
  const r2 = r * r;
  let y = f(EXP2F_C2, r, 1);
  y = f(z, r2, y);
  y = y * s;
  return negative ? -y : y;
}

function powfWith(x: number, y: number, f: MulAdd): number {
  const xf = Math.fround(x);
  const yf = Math.fround(y);
  let ix = asUint32(xf);
  const iy = asUint32(yf);
  let negative = false;
  if (((ix - 0x00800000) >>> 0) >= INF_BITS - 0x00800000 || zeroInfNaN(iy)) {
    // x below 2^-126 (subnormal, ±0, negative), ±∞ or NaN; or y ±0, ±∞ or NaN.
    if (zeroInfNaN(iy)) {
      if (((2 * iy) >>> 0) === 0) return 1;
      if (ix === 0x3f800000) return 1;
      if (((2 * ix) >>> 0) > 2 * INF_BITS || ((2 * iy) >>> 0) > 2 * INF_BITS) return xf + yf;
      if (((2 * ix) >>> 0) === 2 * 0x3f800000) return 1;
      // |x| < 1 with y = +∞, or |x| > 1 with y = −∞: +0; otherwise +∞.
      if (((2 * ix) >>> 0 < 2 * 0x3f800000) === !(iy & SIGN)) return 0;
      return yf * yf;
    }
    if (zeroInfNaN(ix)) {
      let x2 = Math.fround(xf * xf);
      if (ix & SIGN && checkInt(iy) === 1) x2 = -x2;
      return iy & SIGN ? Math.fround(1 / x2) : x2;
    }
    // x and y nonzero and finite.
    if (ix & SIGN) {
      const yint = checkInt(iy);
      if (yint === 0) return NaN;
      negative = yint === 1;
      ix = (ix & 0x7fffffff) >>> 0;
    }
    if (ix < 0x00800000) {
      // Subnormal x: the pattern of x·2^23 with 23 taken off its exponent field (negative biased exponent).
      ix = (((asUint32(Math.fround(fromUint32(ix) * 0x800000)) & 0x7fffffff) >>> 0) - (23 << 23)) >>> 0;
    }
  }
  const ylogx = yf * log2Inline(ix, f);
  if (Math.abs(ylogx) >= POWF_SPECIAL) {
    if (ylogx > POWF_OVERFLOW) return negative ? -Infinity : Infinity;
    // __math_uflowf: ±0; __math_may_uflowf below −149: ±0x1.4p-75f² rounded to float, the least subnormal.
    if (ylogx <= -150) return negative ? -0 : 0;
    if (ylogx < -149) return negative ? -(2 ** -149) : 2 ** -149;
  }
  return Math.fround(exp2Inline(ylogx, negative, f));
}

/** x^y for float32 x and y (JS numbers are rounded to float32 first), as glibc's `__powf_fma`. */
export function powfFma(x: number, y: number): number {
  return powfWith(x, y, fma);
}

/** x^y for float32 x and y, as glibc's `__powf_sse2` (x86-64 without FMA/AVX2, or with the hwcaps tunable masking them). */
export function powfSse2(x: number, y: number): number {
  return powfWith(x, y, unfused);
}
