// SPDX-License-Identifier: LGPL-2.1-or-later
/**
 * glibc 2.36's double `acos`, bit for bit, in its two x86-64 ifunc variants.
 *
 * Derived from the IBM Accurate Mathematical Library as distributed with glibc 2.36
 * (sysdeps/ieee754/dbl-64/e_asin.c `__ieee754_acos`, uasncs.h, asincos.tbl, root.tbl; written by
 * International Business Machines Corp., Copyright (C) 2001-2022 Free Software Foundation, Inc.). That
 * code is under the GNU Lesser General Public License, version 2.1 or (at your option) any later
 * version, and this TypeScript re-implementation of its algorithm is distributed under the same
 * licence, unlike the rest of node-curand (see NOTICE). It is kept in this file and acos-data.ts only.
 *
 * Since glibc 2.34 dropped the multi-precision slow paths, acos is its fast path alone (not always
 * correctly rounded: glibc measures up to 0.523 ulp), so only the same operations in the same order
 * give the same bits. By the high word k of |x|:
 * - |x| < 2^-55: π/2 (hp0);
 * - |x| < 1/8: π/2 − x − x³·P(x²), π/2 as hp0 + hp1, P of degree 5 (f1…f6);
 * - |x| < 0.96875: six ranges, each cut into subintervals of a table (asncs): at the centre c of the
 *   one holding |x|, asin|x| = asin c + a1·d + d²·Q(d) + a_last, d = |x| − c; acos x = π/2 ∓ that;
 * - |x| < 1: acos|x| = 2·asin√z, z = (1 − |x|)/2, with √z = y + cc in two parts from a seed 1/√z
 *   (inroot × a power of 2), a polynomial correction and one Newton step, and asin of it by the same
 *   series P(z); for x < 0, π − that;
 * - ±1: 0 or π; |x| > 1 and NaN: NaN (the C wrapper's errno is no concern here).
 *
 * Two variants:
 * - {@link acosFma}: `__ieee754_acos_fma` (built with -mfma -mavx2). The fused operations are those of
 *   this machine's libm.so.6 (Debian glibc 2.36, disassembled): every Horner step; in the table ranges
 *   p = fma(d², Q, a_last) and t = fma(a1, d, p); in the small range the final t is fused into the
 *   correction; near ±1 r = fma(−t², z, 1), the Newton step 1.5 − c·t/2 and its product with c into
 *   the denominator y + t, and z − y², while the last products p·(y + cc) stay rounded.
 * - {@link acosSse2}: the plain C evaluation (`__ieee754_acos_sse2`).
 */

import { f64hi } from './bits.js';
import { fma } from './fma.js';
import {
  ACOS_ASNCS as A,
  ACOS_F1,
  ACOS_F2,
  ACOS_F3,
  ACOS_F4,
  ACOS_F5,
  ACOS_F6,
  ACOS_INROOT,
  ACOS_RT0,
  ACOS_RT1,
  ACOS_RT2,
  ACOS_RT3,
} from './acos-data.js';
import { SC_HP0 as HP0, SC_HP1 as HP1 } from './sincos-data.js';

/** uasncs.h t27 = 2^27: (t27·c + c) − t27·c keeps the top 26 bits of c (Veltkamp's split). */
const T27 = 2 ** 27;

/** a·b + c as the variant rounds it: once (FMA) or twice (plain C). */
type MulAdd = (a: number, b: number, c: number) => number;

/**
 * One table range: its first subinterval's index in asncs, the subinterval width as a shift of the
 * high word (its index is (k >> shift) & mask) and the stride, and the degree of Q + 2 (`last`, the
 * index of Q's top coefficient within a subinterval's entries). Entries of a subinterval: centre,
 * a1, Q's coefficients (low to high), a_last, asin(centre).
 */
interface TableRange {
  readonly upToHigh: number;
  readonly base: number;
  readonly shift: number;
  readonly mask: number;
  readonly stride: number;
  readonly last: number;
}

/** e_asin.c's ranges in [1/8, 0.96875), bounded by the high word of |x| (the `k < 0x3f…` tests). */
const RANGES: readonly TableRange[] = [
  { upToHigh: 0x3fd00000, base: 0, shift: 15, mask: 0x1f, stride: 11, last: 6 },
  { upToHigh: 0x3fe00000, base: 352, shift: 14, mask: 0x3f, stride: 11, last: 6 },
  { upToHigh: 0x3fe80000, base: 1056, shift: 13, mask: 0x7f, stride: 12, last: 7 },
  { upToHigh: 0x3fed8000, base: 992, shift: 13, mask: 0x7f, stride: 13, last: 8 },
  { upToHigh: 0x3fee8000, base: 884, shift: 13, mask: 0x7f, stride: 14, last: 9 },
  { upToHigh: 0x3fef0000, base: 768, shift: 13, mask: 0x7f, stride: 15, last: 10 },
];

function makeAcos(mulAdd: MulAdd): (x: number) => number {
  /** f1 + f2·w + … + f6·w⁵ by Horner. */
  const series = (w: number) => mulAdd(mulAdd(mulAdd(mulAdd(mulAdd(ACOS_F6, w, ACOS_F5), w, ACOS_F4), w, ACOS_F3), w, ACOS_F2), w, ACOS_F1);

  function table(x: number, ax: number, k: number): number {
    let range = RANGES[0] as TableRange;
    for (const r of RANGES) {
      range = r;
      if (k < r.upToHigh) break;
    }
    const n = range.base + ((k >> range.shift) & range.mask) * range.stride;
    const d = ax - (A[n] as number);
    let q = A[n + range.last] as number;
    for (let i = range.last - 1; i >= 2; i--) q = mulAdd(q, d, A[n + i] as number);
    const p = mulAdd(d * d, q, A[n + range.last + 1] as number);
    const t = mulAdd(A[n + 1] as number, d, p);
    const asinC = A[n + range.last + 2] as number;
    return x > 0 ? HP1 - t + (HP0 - asinC) : t + HP1 + (HP0 + asinC);
  }

  function nearOne(x: number): number {
    const z = 0.5 * (x > 0 ? 1 - x : 1 + x);
    const kz = f64hi(z);
    let t = (ACOS_INROOT[(kz & 0x1fffff) >>> 14] as number) * 2 ** (511 - (kz >>> 21));
    const r = mulAdd(-(t * t), z, 1);
    t *= mulAdd(mulAdd(mulAdd(ACOS_RT3, r, ACOS_RT2), r, ACOS_RT1), r, ACOS_RT0);
    const c = t * z;
    const newton = mulAdd(-c, 0.5 * t, 1.5);
    const y = T27 * c + c - T27 * c;
    const cc = mulAdd(-y, y, z) / mulAdd(c, newton, y);
    const p = series(z) * z;
    const res = x < 0 ? HP1 - cc - (y + cc) * p + (HP0 - y) : cc + p * (y + cc) + y;
    return res + res;
  }

  return function acos(x: number): number {
    const ax = Math.abs(x);
    const k = f64hi(ax);
    if (k < 0x3c880000) return HP0;
    if (k < 0x3fc00000) {
      const x2 = x * x;
      const r = HP0 - x;
      return r + mulAdd(-series(x2), x * x2, HP0 - r - x + HP1);
    }
    if (k < 0x3fef0000) return table(x, ax, k);
    if (k < 0x3ff00000) return nearOne(x);
    if (ax === 1) return x > 0 ? 0 : 2 * HP0;
    return Number.NaN;
  };
}

/** glibc 2.36's x86-64 `acos` on a CPU with FMA and AVX2 (`__ieee754_acos_fma`). */
export const acosFma = makeAcos(fma);
/** glibc 2.36's x86-64 `acos` without FMA (`__ieee754_acos_sse2`). */
export const acosSse2 = makeAcos((a, b, c) => a * b + c);
