/**
 * glibc 2.36's float `sinf`, `cosf` and `sincosf` as x86-64 runs them (their FMA builds), bit for bit
 * on all 2^32 float inputs (proven exhaustively, NaN payloads aside; docs/exact-float-math.md).
 * cuRAND's host Box–Muller feeds them v in (0, 2π].
 *
 * Algorithm: ARM optimized-routines `math/sincosf.c`, `sinf.c`, `cosf.c`, `sincosf.h`,
 * `sincosf_data.c` (Szabolcs Nagy), shipped by glibc as sysdeps/ieee754/flt-32/s_sincosf.c etc.
 * Everything is in double and rounded to float once:
 * - |x| < 2^-12: sin x = x, cos x = 1;
 * - |x| < 0.75 (the C compares the top 12 bits of |x| with those of π/4, so the bound is 0.75, not
 *   π/4): the polynomials on x itself;
 * - |x| < 120: n = round(x·2/π) (by truncating x·2/π·2^24 and shifting), r = x − n·π/2;
 * - larger finite |x|: n and r from the mantissa times 96 bits of 4/π in integer arithmetic;
 * - ±∞, NaN: NaN.
 * Then the polynomials with quadrant signs; odd quadrants swap the sine and cosine polynomials. The
 * C negates via a second coefficient table and a sign table; under round-to-nearest that equals
 * negating the result (with or without fused operations), which is what this code does.
 *
 * FMA: glibc's x86-64 ifunc runs `__sincosf_fma`/`__sinf_fma`/`__cosf_fma`, where gcc fused the
 * |x| < 120 reduction, r = fma(−n, π/2, x), and every multiply-add of the polynomials (read from the
 * disassembly of Debian's libm 2.36). Unfused evaluation differs from it on 34 of the 2.2·10^9 floats
 * with |x| < 120 (none in (0, 2π]). Here the reduction is exact by splitting π/2 (n·HPI_HI is exact and
 * x − n·HPI_HI is exact, so one rounding remains), and each polynomial is evaluated unfused first: the
 * fused and unfused values differ by a few double ulps, far below |y|·2^-40, so when y ± |y|·2^-40 round
 * to the same float that float is the answer; otherwise (about 1 in 2^15 calls) the fused chain is
 * evaluated with an exact software fma.
 */

import { asUint32 } from './bits.js';
import { fma } from './fma.js';
import {
  SINCOSF_C0,
  SINCOSF_C1,
  SINCOSF_C2,
  SINCOSF_C3,
  SINCOSF_C4,
  SINCOSF_FAST_BOUND,
  SINCOSF_HPI_HI,
  SINCOSF_HPI_INV,
  SINCOSF_HPI_LO,
  SINCOSF_INV_PIO4,
  SINCOSF_PI63,
  SINCOSF_POLY_BOUND,
  SINCOSF_S1,
  SINCOSF_S2,
  SINCOSF_S3,
  SINCOSF_TINY_BOUND,
} from './float-tables.js';

// Module-local copies: V8's optimizing compiler folds module consts into the code, not imported
// bindings (see expf.ts).
const C0 = SINCOSF_C0;
const C1 = SINCOSF_C1;
const C2 = SINCOSF_C2;
const C3 = SINCOSF_C3;
const C4 = SINCOSF_C4;
const FAST_BOUND = SINCOSF_FAST_BOUND;
const HPI_HI = SINCOSF_HPI_HI;
const HPI_INV = SINCOSF_HPI_INV;
const HPI_LO = SINCOSF_HPI_LO;
const INV_PIO4 = SINCOSF_INV_PIO4;
const PI63 = SINCOSF_PI63;
const POLY_BOUND = SINCOSF_POLY_BOUND;
const S1 = SINCOSF_S1;
const S2 = SINCOSF_S2;
const S3 = SINCOSF_S3;
const TINY_BOUND = SINCOSF_TINY_BOUND;

/**
 * The unfused value y stands when y·(1 − 2^-40) and y·(1 + 2^-40) round to the same float: the fused
 * value lies within a few double ulps of y, well inside that interval.
 */
const BELOW = 1 - 2 ** -40;
const ABOVE = 1 + 2 ** -40;

/** sin of the reduced argument x (x2 = x·x), rounded to float as glibc's fused polynomial gives it. */
function sinPoly(x: number, x2: number): number {
  const x3 = x2 * x;
  const x5 = x3 * x2;
  const y = x + x3 * S1 + x5 * (S2 + x2 * S3);
  const lo = Math.fround(y * BELOW);
  return lo === Math.fround(y * ABOVE) ? lo : sinFused(x, x2, x3, x5);
}

/** cos of the reduced argument from its square, rounded to float as glibc's fused polynomial gives it. */
function cosPoly(x2: number): number {
  const x4 = x2 * x2;
  const x6 = x4 * x2;
  const y = C0 + x2 * C1 + x4 * C2 + x6 * (C3 + x2 * C4);
  const lo = Math.fround(y * BELOW);
  return lo === Math.fround(y * ABOVE) ? lo : cosFused(x2, x4, x6);
}

/** glibc's fused sine chain, exactly (the rare path of sinPoly). */
function sinFused(x: number, x2: number, x3: number, x5: number): number {
  return Math.fround(fma(fma(x2, S3, S2), x5, fma(x3, S1, x)));
}

/** glibc's fused cosine chain, exactly (the rare path of cosPoly). */
function cosFused(x2: number, x4: number, x6: number): number {
  return Math.fround(fma(fma(x2, C4, C3), x6, fma(x4, C2, fma(x2, C1, C0))));
}

/**
 * Quadrant n = round(x·2/π) for 0.75 <= |x| < 120: (int32)(x·2^24·2/π) truncated toward zero, plus
 * 2^23, shifted right by 24.
 */
function quadrant(x: number): number {
  return (((x * HPI_INV) | 0) + 0x800000) >> 24;
}

/**
 * RN(x − n·π/2) with one rounding, as glibc's fused reduction: for |n| < 128 and float |x| ≥ 0.5,
 * n·HPI_HI is exact, and so is x − n·HPI_HI (a multiple of 2^-45 below 1 in magnitude), and n·HPI_LO.
 */
function reduce(x: number, n: number): number {
  return x - n * HPI_HI - n * HPI_LO;
}

/** High 32 bits of the 64-bit product of two uint32 values, from 16-bit pieces (exact in double). */
function mulHi32(a: number, b: number): number {
  const al = a & 0xffff;
  const ah = a >>> 16;
  const bl = b & 0xffff;
  const bh = b >>> 16;
  const mid = ah * bl + al * bh + ((al * bl) >>> 16);
  return ah * bh + Math.floor(mid / 65536);
}

/** The large-argument remainder from the last reduceLarge call (module scratch, read right after it). */
const largeRemainder = new Float64Array(1);

/**
 * reduce_large for finite |x| >= 120, from the float pattern xi (sign ignored): the 24-bit mantissa,
 * shifted by the low 3 exponent bits, times the 96 bits of 4/π at the window the other exponent bits
 * pick, keeps |x|·4/π mod 4 as a 2.62-bit fixed-point number res (the C's 32×96-bit product, here in
 * 32-bit words). Returns the quadrant n = round(res / 2^62) mod 4 and leaves
 * r = (res − n·2^62)·2π·2^-64 (one rounding to double, then one multiply, as the C) in largeRemainder.
 */
function reduceLarge(xi: number): number {
  const w = (xi >>> 26) & 15;
  const m = (((xi & 0xffffff) | 0x800000) << ((xi >>> 23) & 7)) >>> 0;
  const a4 = INV_PIO4[w + 4] as number;
  // res = ((m·a0 mod 2^32)·2^32 + floor(m·a8 / 2^32)) + m·a4, mod 2^64, as words hi:lo.
  let lo = mulHi32(m, INV_PIO4[w + 8] as number) + (Math.imul(m, a4) >>> 0);
  const carry = lo >= 4294967296 ? 1 : 0;
  lo -= carry * 4294967296;
  let hi = (Math.imul(m, INV_PIO4[w] as number) + mulHi32(m, a4) + carry) >>> 0;
  // n = (res + 2^61) >> 62; res −= n << 62, then read as a signed 64-bit integer.
  const n = ((hi + 0x20000000) >>> 30) & 3;
  hi = (hi - n * 0x40000000) | 0;
  largeRemainder[0] = (hi * 4294967296 + lo) * PI63;
  return n;
}

/**
 * sin and cos of the float32 `x` (a JS number is first rounded to float32): out[0] = sinf(x),
 * out[1] = cosf(x), both float32 values; NaN for ±∞ and NaN.
 */
export function sincosf(x: number, out: Float64Array): void {
  const xf = Math.fround(x);
  const ax = Math.abs(xf);
  // n picks the sine/cosine swap, q the signs: q = n except for large negative x, whose reduction
  // worked on |x| and which the C folds in as one more quadrant (sign[(n + sign) & 3]).
  let r = xf;
  let n = 0;
  let q = 0;
  if (ax < POLY_BOUND) {
    if (ax < TINY_BOUND) {
      out[0] = xf;
      out[1] = 1;
      return;
    }
  } else if (ax < FAST_BOUND) {
    n = q = quadrant(xf);
    r = reduce(xf, n);
  } else if (ax < Infinity) {
    n = reduceLarge(asUint32(xf));
    r = largeRemainder[0] as number;
    q = xf < 0 ? n + 1 : n;
  } else {
    out[0] = out[1] = xf - xf;
    return;
  }
  const r2 = r * r;
  const sr = sinPoly(r, r2);
  const cr = cosPoly(r2);
  // sin x = ±sin r with sign {+,−,−,+}[q&3] or ±cos r with sign (q&2 ? − : +); odd n swaps.
  const s = ((q + 1) & 2) === 0 ? sr : -sr;
  const c = (q & 2) === 0 ? cr : -cr;
  if ((n & 1) === 0) {
    out[0] = s;
    out[1] = c;
  } else {
    out[0] = c;
    out[1] = s;
  }
}

/** Scratch for sinf/cosf, which take their value from sincosf (glibc's sinf and cosf equal it bit for bit). */
const pair = new Float64Array(2);

/** sinf of the float32 `x` (a JS number is first rounded to float32); NaN for ±∞ and NaN. */
export function sinf(x: number): number {
  sincosf(x, pair);
  return pair[0] as number;
}

/** cosf of the float32 `x` (a JS number is first rounded to float32); NaN for ±∞ and NaN. */
export function cosf(x: number): number {
  sincosf(x, pair);
  return pair[1] as number;
}
