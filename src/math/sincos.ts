// SPDX-License-Identifier: LGPL-2.1-or-later
/**
 * glibc 2.36's double `sincos` (and so `sin` and `cos`, which agree with it), bit for bit, in its two
 * x86-64 ifunc variants.
 *
 * Derived from the IBM Accurate Mathematical Library as distributed with glibc 2.36
 * (sysdeps/ieee754/dbl-64/s_sin.c, s_sincos.c, usncs.h, sincostab.c; written by International
 * Business Machines Corp., Copyright (C) 2001-2022 Free Software Foundation, Inc.). That code is under
 * the GNU Lesser General Public License, version 2.1 or (at your option) any later version, and this
 * TypeScript re-implementation of its algorithm is distributed under the same licence, unlike the rest
 * of node-curand (see NOTICE). It is kept in this file and sincos-data.ts only.
 *
 * Algorithm (docs/exact-double-math.md), by the high word of |x|:
 * - |x| < 2^-27: sin x = x, cos x = 1;
 * - |x| < 0.855469: do_sin(x, 0), do_cos(x, 0);
 * - |x| < 2.426265: a + da = π/2 − |x| (π/2 as hp0 + hp1), then sin = ±do_cos(a, da), cos = do_sin(a, da);
 * - |x| < 105414336: n = round(x·2/π), a + da = x − n·π/2 with π/2 in four pieces, then do_sin/do_cos
 *   chosen and negated by the quadrant n mod 4;
 * - larger |x| (glibc's __branred, a 1200-bit reduction) is not ported: cuRAND calls sincos(v·π) with
 *   v ≤ 2, and such arguments throw a RangeError here rather than return a wrong value.
 * do_sin/do_cos round |a| to a multiple of 1/128, take sin, cos and their corrections at that point
 * from __sincostab and combine them with short polynomials in the remainder; do_sin uses a plain
 * Taylor polynomial instead for |a| < 0.126.
 *
 * Two variants:
 * - {@link sincosFma}: `__sincos_fma` (built with -mfma -mavx2). gcc 12 contracts every product whose
 *   result only feeds an addition into that addition (read from gcc's GIMPLE for s_sincos.c, checked
 *   against this machine's libm). The reduction rounds each such a·b + c once ({@link fma},
 *   {@link fmaSmallProduct}; the products n·mp1, n·mp2, n·pp3 are exact for the quadrant counts
 *   n < 2^26, so they stay plain). do_sin and do_cos evaluate their fused chains plainly with an error
 *   bound and certify the final rounding (fma.ts, "certified chains"), else evaluate them exactly.
 * - {@link sincosSse2}: the plain C evaluation (`__sincos_sse2`/`__sincos_avx`).
 */

import { f64hi } from './bits.js';
import { certifiedSum, EPS, fma, fmaSmallProduct, fmaSplit, splitConstant } from './fma.js';
import {
  SC_BIG,
  SC_CS2,
  SC_CS4,
  SC_CS6,
  SC_HP0,
  SC_HP1,
  SC_HPINV,
  SC_MP1,
  SC_MP2,
  SC_PP3,
  SC_PP4,
  SC_S1,
  SC_S2,
  SC_S3,
  SC_S4,
  SC_S5,
  SC_SN3,
  SC_SN5,
  SC_TOINT,
  SINCOSTAB,
} from './sincos-data.js';

const [PP4H, PP4L] = splitConstant(SC_PP4);

/** Branch bounds: high words of |x| (low words 0), as s_sincos.c compares them. */
const TINY_HI = 0x3e400000; // 2^-27
const SMALL_HI = 0x3feb6000; // 0.85546875
const MEDIUM_HI = 0x400368fd; // 2.426265…
const LARGE_HI = 0x419921fb; // 105414336 (glibc's comments round it to 105414350)
/** do_sin's switch to the Taylor polynomial. */
const TAYLOR_BOUND = 0.126;

/** |x| >= 105414336 takes glibc's __branred, a multi-precision reduction that is not ported. */
const branredNeeded = (x: number) =>
  new RangeError(`sincos: |x| >= 105414336 needs glibc's __branred reduction, which is not ported (x = ${x})`);

/** The table record for |x| rounded to a multiple of 1/128: index of its first double. */
const record = (u: number): number => (u - SC_BIG) * 512;

// ---------------------------------------------------------------------------------------------------
// FMA variant

/** Error bound of the last sinPolyPlain or cosPolyPlain result (fma.ts, "certified chains"). */
let polyErr = 0;

/** fma(xx, sn5, sn3) evaluated plainly; its bound goes to polyErr. */
function sinPolyPlain(xx: number): number {
  const m5 = xx * SC_SN5;
  const p5 = m5 + SC_SN3;
  polyErr = EPS * (Math.abs(m5) + Math.abs(p5));
  return p5;
}

/** fma(xx, fma(xx, cs6, cs4), cs2) evaluated plainly; its bound goes to polyErr. */
function cosPolyPlain(xx: number): number {
  const m6 = xx * SC_CS6;
  const c4 = m6 + SC_CS4;
  const m4 = xx * c4;
  const c2 = m4 + SC_CS2;
  polyErr = xx * EPS * (Math.abs(m6) + Math.abs(c4)) + EPS * (Math.abs(m4) + Math.abs(c2));
  return c2;
}

/**
 * do_sin(x, dx) of s_sin.c as __sincos_fma evaluates it. The fused chains are evaluated plainly with
 * an error bound and the final rounding certified (fma.ts, "certified chains"); when that is not
 * certain the exact evaluation decides.
 */
function doSinFma(x: number, dx: number): number {
  if (Math.abs(x) < TAYLOR_BOUND) {
    // TAYLOR_SIN: x + fma(xx, fma(x, POLY(xx), −dx/2), dx), POLY = s1 + xx·(s2 + xx·(s3 + xx·(s4 + xx·s5))).
    const xx = x * x;
    const m4 = xx * SC_S5;
    const q4 = m4 + SC_S4;
    let e = EPS * (Math.abs(m4) + Math.abs(q4));
    const m3 = xx * q4;
    const q3 = m3 + SC_S3;
    e = xx * e + EPS * (Math.abs(m3) + Math.abs(q3));
    const m2 = xx * q3;
    const q2 = m2 + SC_S2;
    e = xx * e + EPS * (Math.abs(m2) + Math.abs(q2));
    const m1 = xx * q2;
    const poly = m1 + SC_S1;
    e = xx * e + EPS * (Math.abs(m1) + Math.abs(poly));
    const p = x * poly;
    const y1 = p - 0.5 * dx;
    e = Math.abs(x) * e + EPS * (Math.abs(p) + Math.abs(y1));
    const q = xx * y1;
    const tay = q + dx;
    e = xx * e + EPS * (Math.abs(q) + Math.abs(tay));
    const r = certifiedSum(x, tay, e);
    return r === r ? r : taylorSinExact(x, dx);
  }
  if (x <= 0) dx = -dx;
  const ax = Math.abs(x);
  const u = SC_BIG + ax;
  const k = record(u);
  const t = ax - (u - SC_BIG);
  const xx = t * t;
  const sn = SINCOSTAB[k] as number;
  const ssn = SINCOSTAB[k + 1] as number;
  const cs = SINCOSTAB[k + 2] as number;
  const ccs = SINCOSTAB[k + 3] as number;
  // s = fma(xx·t, fma(xx, sn5, sn3), dx) + t
  const p5 = sinPolyPlain(xx);
  const q = xx * t;
  const mz = q * p5;
  const z = mz + dx;
  const s = z + t;
  const es = Math.abs(q) * polyErr + EPS * (Math.abs(mz) + Math.abs(z) + Math.abs(s));
  // c = fma(dx, t, xx·fma(xx, fma(xx, cs6, cs4), cs2))
  const w = xx * cosPolyPlain(xx);
  const md = dx * t;
  const c = md + w;
  const ec = xx * polyErr + EPS * (Math.abs(w) + Math.abs(md) + Math.abs(c));
  // cor = fma(s, cs, fma(−c, sn, fma(s, ccs, ssn))), result sn + cor
  const p1 = s * ccs;
  const s1 = ssn + p1;
  const p2 = c * sn;
  const s2 = s1 - p2;
  const p3 = s * cs;
  const s3 = s2 + p3;
  const e = (Math.abs(ccs) + cs) * es + sn * ec + EPS * (Math.abs(p1) + Math.abs(s1) + Math.abs(p2) + Math.abs(s2) + Math.abs(p3) + Math.abs(s3));
  let r = certifiedSum(sn, s3, e);
  if (r !== r) r = sinTableExact(t, xx, dx, k);
  return x < 0 ? -r : r;
}

/** TAYLOR_SIN with every fused step exact (fallback of {@link doSinFma}). */
function taylorSinExact(x: number, dx: number): number {
  const xx = x * x;
  const poly = fmaSmallProduct(xx, fmaSmallProduct(xx, fmaSmallProduct(xx, fmaSmallProduct(xx, SC_S5, SC_S4), SC_S3), SC_S2), SC_S1);
  return x + fma(xx, fma(x, poly, -0.5 * dx), dx);
}

/** do_sin's table branch with every fused step exact (fallback of {@link doSinFma}); |result|. */
function sinTableExact(t: number, xx: number, dx: number, k: number): number {
  const s = fma(xx * t, fmaSmallProduct(xx, SC_SN5, SC_SN3), dx) + t;
  const c = fmaSmallProduct(dx, t, xx * fmaSmallProduct(xx, fmaSmallProduct(xx, SC_CS6, SC_CS4), SC_CS2));
  const sn = SINCOSTAB[k] as number;
  const cor = fmaSmallProduct(s, SINCOSTAB[k + 3] as number, SINCOSTAB[k + 1] as number);
  return sn + fma(s, SINCOSTAB[k + 2] as number, fma(-c, sn, cor));
}

/** do_cos(x, dx) of s_sin.c as __sincos_fma evaluates it, certified like {@link doSinFma}. */
function doCosFma(x: number, dx: number): number {
  if (x < 0) dx = -dx;
  const ax = Math.abs(x);
  const u = SC_BIG + ax;
  const k = record(u);
  const t = ax - (u - SC_BIG) + dx;
  const xx = t * t;
  const sn = SINCOSTAB[k] as number;
  const ssn = SINCOSTAB[k + 1] as number;
  const cs = SINCOSTAB[k + 2] as number;
  const ccs = SINCOSTAB[k + 3] as number;
  // s = fma(t·xx, fma(xx, sn5, sn3), t)
  const p5 = sinPolyPlain(xx);
  const q = t * xx;
  const mz = q * p5;
  const s = mz + t;
  const es = Math.abs(q) * polyErr + EPS * (Math.abs(mz) + Math.abs(s));
  // c = xx·fma(xx, fma(xx, cs6, cs4), cs2)
  const c = xx * cosPolyPlain(xx);
  const ec = xx * polyErr + EPS * Math.abs(c);
  // cor = fma(−s, sn, fma(−c, cs, fma(−s, ssn, ccs))), result cs + cor
  const p1 = s * ssn;
  const s1 = ccs - p1;
  const p2 = c * cs;
  const s2 = s1 - p2;
  const p3 = s * sn;
  const s3 = s2 - p3;
  const e = (Math.abs(ssn) + sn) * es + cs * ec + EPS * (Math.abs(p1) + Math.abs(s1) + Math.abs(p2) + Math.abs(s2) + Math.abs(p3) + Math.abs(s3));
  const r = certifiedSum(cs, s3, e);
  return r === r ? r : cosTableExact(t, xx, k);
}

/** do_cos's table evaluation with every fused step exact (fallback of {@link doCosFma}). */
function cosTableExact(t: number, xx: number, k: number): number {
  const s = fmaSmallProduct(t * xx, fmaSmallProduct(xx, SC_SN5, SC_SN3), t);
  const c = xx * fmaSmallProduct(xx, fmaSmallProduct(xx, SC_CS6, SC_CS4), SC_CS2);
  const cs = SINCOSTAB[k + 2] as number;
  const cor = fmaSmallProduct(-s, SINCOSTAB[k + 1] as number, SINCOSTAB[k + 3] as number);
  return cs + fma(-s, SINCOSTAB[k] as number, fma(-c, cs, cor));
}

/**
 * reduce_sincos of s_sin.c with the FMA contractions: x − n·π/2 as a + da, into `ab` ([a, da]);
 * returns n (the quadrant count, any integer; only n mod 4 is used).
 */
function reduceFma(x: number, ab: Float64Array): number {
  const t = fmaSmallProduct(x, SC_HPINV, SC_TOINT);
  const xn = t - SC_TOINT;
  // xn·mp1, xn·mp2 and xn·pp3 are exact (26/27/26-bit constants, |xn| < 2^26): fusing changes nothing.
  const y = x - xn * SC_MP1 - xn * SC_MP2;
  const t1 = xn * SC_PP3;
  const t2 = y - t1;
  let db = y - t2 - t1;
  const b = fmaSmallProduct(-xn, SC_PP4, t2);
  db += fmaSplit(-xn, SC_PP4, PP4H, PP4L, t2 - b);
  ab[0] = b;
  ab[1] = db;
  return xn;
}

// ---------------------------------------------------------------------------------------------------
// SSE2 variant

/** do_sin(x, dx) of s_sin.c, one rounding per operation. */
function doSinSse2(x: number, dx: number): number {
  if (Math.abs(x) < TAYLOR_BOUND) {
    const xx = x * x;
    const poly = (((SC_S5 * xx + SC_S4) * xx + SC_S3) * xx + SC_S2) * xx + SC_S1;
    return x + ((poly * x - 0.5 * dx) * xx + dx);
  }
  if (x <= 0) dx = -dx;
  const ax = Math.abs(x);
  const u = SC_BIG + ax;
  const k = record(u);
  const t = ax - (u - SC_BIG);
  const xx = t * t;
  const s = t + (dx + t * xx * (SC_SN3 + xx * SC_SN5));
  const c = t * dx + xx * (SC_CS2 + xx * (SC_CS4 + xx * SC_CS6));
  const sn = SINCOSTAB[k] as number;
  const cor = (SINCOSTAB[k + 1] as number) + s * (SINCOSTAB[k + 3] as number) - sn * c + (SINCOSTAB[k + 2] as number) * s;
  const r = sn + cor;
  return x < 0 ? -r : r;
}

/** do_cos(x, dx) of s_sin.c, one rounding per operation. */
function doCosSse2(x: number, dx: number): number {
  if (x < 0) dx = -dx;
  const ax = Math.abs(x);
  const u = SC_BIG + ax;
  const k = record(u);
  const t = ax - (u - SC_BIG) + dx;
  const xx = t * t;
  const s = t + t * xx * (SC_SN3 + xx * SC_SN5);
  const c = xx * (SC_CS2 + xx * (SC_CS4 + xx * SC_CS6));
  const cs = SINCOSTAB[k + 2] as number;
  const cor = (SINCOSTAB[k + 3] as number) - s * (SINCOSTAB[k + 1] as number) - cs * c - (SINCOSTAB[k] as number) * s;
  return cs + cor;
}

/** reduce_sincos of s_sin.c, one rounding per operation; see {@link reduceFma}. */
function reduceSse2(x: number, ab: Float64Array): number {
  const t = x * SC_HPINV + SC_TOINT;
  const xn = t - SC_TOINT;
  const y = x - xn * SC_MP1 - xn * SC_MP2;
  let t1 = xn * SC_PP3;
  const t2 = y - t1;
  let db = y - t2 - t1;
  t1 = xn * SC_PP4;
  const b = t2 - t1;
  db += t2 - b - t1;
  ab[0] = b;
  ab[1] = db;
  return xn;
}

// ---------------------------------------------------------------------------------------------------
// __sincos of s_sincos.c, shared by both variants

const ab = new Float64Array(2);

/**
 * s_sincos.c's __sincos: out[0] = sin x, out[1] = cos x, with the FMA or the SSE2 kernels. (The flag
 * is a constant at each call site below, so the optimising compiler keeps one branch of each test.)
 */
function sincosWith(x: number, out: Float64Array, fused: boolean): void {
  const k = f64hi(x) & 0x7fffffff;
  if (k < MEDIUM_HI) {
    if (k < TINY_HI) {
      out[0] = x;
      out[1] = 1;
    } else if (k < SMALL_HI) {
      out[0] = fused ? doSinFma(x, 0) : doSinSse2(x, 0);
      out[1] = fused ? doCosFma(x, 0) : doCosSse2(x, 0);
    } else {
      const y = SC_HP0 - Math.abs(x);
      const a = y + SC_HP1;
      const da = y - a + SC_HP1;
      const c = fused ? doCosFma(a, da) : doCosSse2(a, da);
      out[0] = x < 0 ? -c : c;
      out[1] = fused ? doSinFma(a, da) : doSinSse2(a, da);
    }
    return;
  }
  if (k >= 0x7ff00000) {
    out[0] = out[1] = NaN;
    return;
  }
  if (k >= LARGE_HI) throw branredNeeded(x);
  const n = (fused ? reduceFma(x, ab) : reduceSse2(x, ab)) & 3;
  let a = ab[0] as number;
  let da = ab[1] as number;
  if (n === 1 || n === 2) {
    a = -a;
    da = -da;
  }
  const s = fused ? doSinFma(a, da) : doSinSse2(a, da);
  const c = fused ? doCosFma(a, da) : doCosSse2(a, da);
  // s_sincos.c swaps the output pointers for odd n and negates the second result for n = 2, 3.
  out[n & 1] = s;
  out[1 - (n & 1)] = n & 2 ? -c : c;
}

/** sin(x) and cos(x) as glibc 2.36's `__sincos_fma` computes them: out[0] = sin x, out[1] = cos x. */
export function sincosFma(x: number, out: Float64Array): void {
  sincosWith(x, out, true);
}

/** sin(x) and cos(x) as glibc 2.36's non-FMA `__sincos_sse2` (and `__sincos_avx`) computes them. */
export function sincosSse2(x: number, out: Float64Array): void {
  sincosWith(x, out, false);
}
