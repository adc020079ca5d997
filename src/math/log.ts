/**
 * glibc 2.36's double `log`, bit for bit, in its two x86-64 ifunc variants.
 *
 * Algorithm and data: Szabolcs Nagy, ARM-software/optimized-routines `math/log.c` and
 * `math/log_data.c` (MIT OR Apache-2.0 WITH LLVM-exception), carried by glibc 2.36 as
 * `sysdeps/ieee754/dbl-64/e_log.c`. This is an independent TypeScript implementation of that
 * algorithm (docs/exact-double-math.md):
 * - near 1 (1 − 2^-4 ≤ x < 1 + 0x1.09p-4): log(1 + r), r = x − 1, by a degree-12 polynomial whose
 *   r² term is split exactly (r = rhi + rlo, rhi of 26 bits) for extra precision;
 * - elsewhere x = 2^k·z with z in [OFF, 2·OFF), OFF = 0x1.6p-1, z in subinterval i of 128:
 *   log x = k·ln2 + log c + log1p(z/c − 1), with 1/c and log c from the table and a degree-6
 *   polynomial for log1p(r) − r;
 * - subnormal x is rescaled by 2^52 first.
 *
 * Two variants:
 * - {@link logFma}: `__log_fma` (built with -mfma -mavx2, so __FP_FAST_FMA holds): r = fma(z, 1/c, −1)
 *   and gcc 12's contractions of every a·b + c, each a single-rounding {@link fma} here (read from gcc's
 *   GIMPLE for e_log.c and checked against this machine's libm). Products that are exact anyway
 *   (k·ln2hi, rhi²·(−1/2)) are plain products: fusing them cannot change a result.
 * - {@link logSse2}: the plain C evaluation (`__log_sse2`/`__log_avx`), which forms r as
 *   (z − chi − clo)·(1/c) with the second table.
 */

import { f64hi } from './bits.js';
import { certifiedSum, EPS, fma, fmaExactSum, fmaSmallProduct, fmaSplit, splitConstant, splitHi } from './fma.js';
import { pow2 } from './pow2.js';
import {
  LOG_A0,
  LOG_A1,
  LOG_A2,
  LOG_A3,
  LOG_A4,
  LOG_B0,
  LOG_B1,
  LOG_B10,
  LOG_B2,
  LOG_B3,
  LOG_B4,
  LOG_B5,
  LOG_B6,
  LOG_B7,
  LOG_B8,
  LOG_B9,
  LOG_CHI,
  LOG_CLO,
  LOG_INVC,
  LOG_LN2HI,
  LOG_LN2LO,
  LOG_LOGC,
} from './log-data.js';

/** The table's 1/c and the constants of exact fused products, split once (fma.ts). */
const INVC_HI = LOG_INVC.map(splitHi);
const INVC_LO = LOG_INVC.map((c, i) => c - (INVC_HI[i] as number));
const [LN2LO_HI, LN2LO_LO] = splitConstant(LOG_LN2LO);
const [A0H, A0L] = splitConstant(LOG_A0);

/** The near-1 window [1 − 2^-4, 1 + 0x1.09p-4), as e_log.c's LO/HI bit patterns bound it. */
const NEAR1_LO = 1 - 2 ** -4;
const NEAR1_HI = 1 + 0x109 * 2 ** -12;
/** Offset of the table subintervals: the high word of OFF = 0x3fe6000000000000 (its low word is 0). */
const OFF_HI = 0x3fe60000;

/** Written by {@link nearOneHead}: [low part, B0·rlo, r + rhi]. */
const head = new Float64Array(3);

/**
 * The exact head of the near-1 path: with r = rhi + rlo (rhi the top 26 bits), hi = r − rhi²/2
 * (rhi² is exact and B0 = −1/2). Returns hi and leaves in `head` the low part r − hi − rhi²/2 and the
 * two factors B0·rlo and r + rhi of the correction term.
 */
function nearOneHead(r: number): number {
  const w = r * 2 ** 27;
  const rhi = r + w - w;
  const hw = rhi * rhi * LOG_B0;
  const hi = r + hw;
  head[0] = r - hi + hw;
  head[1] = LOG_B0 * (r - rhi);
  head[2] = r + rhi;
  return hi;
}

/** Set by {@link reduce}: the exponent k and table index i of x = 2^k·z. */
let reducedK = 0;
let reducedI = 0;

/**
 * x = 2^k·z with z in [OFF, 2·OFF) and exact, for finite x > 0 (subnormals rescaled by 2^52 first):
 * returns z, leaves k and the index i of z's subinterval in reducedK and reducedI. The high word of
 * x − OFF holds both, as OFF's low word is 0.
 */
function reduce(x: number): number {
  const xs = x < 2 ** -1022 ? x * 2 ** 52 : x;
  const tmp = (f64hi(xs) - OFF_HI) | 0;
  reducedI = (tmp >>> 13) & 127;
  const kz = tmp >> 20; // exponent of xs relative to z
  reducedK = x < 2 ** -1022 ? kz - 52 : kz;
  return xs * pow2(-kz);
}

/** log of ±0, x < 0, +inf and NaN. */
function logOutside(x: number): number {
  if (x === 0) return -Infinity; // __math_divzero(1)
  if (x === Infinity) return x;
  return NaN; // negative or NaN: __math_invalid
}

/**
 * log(x) as glibc 2.36's `__log_fma` computes it. The fused chains after the argument reduction are
 * evaluated plainly with an error bound and the final rounding certified (fma.ts, "certified
 * chains"); when that is not certain the exact evaluation decides.
 */
export function logFma(x: number): number {
  if (x >= NEAR1_LO && x < NEAR1_HI) {
    if (x === 1) return 0;
    const r = x - 1;
    const r2 = r * r;
    const r3 = r * r2;
    const ar3 = Math.abs(r3);
    // p1 = fma(B3, r2, fma(B2, r, B1)), p4 = fma(B6, r2, fma(B5, r, B4)),
    // p7 = fma(B10, r3, fma(B9, r2, fma(B8, r, B7))), p = fma(fma(p7, r3, p4), r3, p1)
    const ma = LOG_B2 * r;
    const pa = ma + LOG_B1;
    const mb = LOG_B3 * r2;
    const p1 = mb + pa;
    const e1 = EPS * (Math.abs(ma) + Math.abs(pa) + Math.abs(mb) + Math.abs(p1));
    const mc = LOG_B5 * r;
    const pc = mc + LOG_B4;
    const md = LOG_B6 * r2;
    const p4 = md + pc;
    const e4 = EPS * (Math.abs(mc) + Math.abs(pc) + Math.abs(md) + Math.abs(p4));
    const me = LOG_B8 * r;
    const pe = me + LOG_B7;
    const mf = LOG_B9 * r2;
    const pf = mf + pe;
    const mg = LOG_B10 * r3;
    const p7 = mg + pf;
    const e7 = EPS * (Math.abs(me) + Math.abs(pe) + Math.abs(mf) + Math.abs(pf) + Math.abs(mg) + Math.abs(p7));
    const mi = p7 * r3;
    const pi = mi + p4;
    const ei = ar3 * e7 + e4 + EPS * (Math.abs(mi) + Math.abs(pi));
    const mp = pi * r3;
    const p = mp + p1;
    const ep = ar3 * ei + e1 + EPS * (Math.abs(mp) + Math.abs(p));
    const hi = nearOneHead(r);
    const lo0 = head[0] as number;
    // lo = fma(B0·rlo, r + rhi, lo0), result hi + fma(p, r3, lo)
    const ml = (head[1] as number) * (head[2] as number);
    const lo = ml + lo0;
    const my = p * r3;
    const y = my + lo;
    const ey = ar3 * ep + EPS * (Math.abs(ml) + Math.abs(lo) + Math.abs(my) + Math.abs(y));
    const out = certifiedSum(hi, y, ey);
    return out === out ? out : hi + fma(nearOnePolyExact(r, r2, r3), r3, fma(head[1] as number, head[2] as number, lo0));
  }
  if (!(x > 0 && x < Infinity)) return logOutside(x);
  const z = reduce(x);
  const k = reducedK;
  const i = reducedI;
  const invc = LOG_INVC[i] as number;
  const logc = LOG_LOGC[i] as number;
  // z·invc is within 2^-8 of 1, so RN(z·invc) − 1 is exact (Sterbenz) and only the product error remains.
  const r = fmaExactSum(z, invc, INVC_HI[i] as number, INVC_LO[i] as number, -1);
  const w = k * LOG_LN2HI + logc; // k·ln2hi is exact, so this is the fused result too
  const hi = r + w;
  const d = w - hi + r;
  const r2 = r * r;
  const r3 = r * r2;
  // q = fma(fma(A4, r, A3), r2, fma(A2, r, A1))
  const ma = LOG_A2 * r;
  const qa = ma + LOG_A1;
  const mb = LOG_A4 * r;
  const qb = mb + LOG_A3;
  const mq = qb * r2;
  const q = mq + qa;
  const eq = r2 * EPS * (Math.abs(mb) + Math.abs(qb)) + EPS * (Math.abs(ma) + Math.abs(qa) + Math.abs(mq) + Math.abs(q));
  // lo = fma(k, ln2lo, d), m = fma(A0, r2, lo), result fma(r3, q, m) + hi
  const ml = k * LOG_LN2LO;
  const lo = ml + d;
  const m0 = LOG_A0 * r2;
  const m = m0 + lo;
  const my = r3 * q;
  const y = my + m;
  const ey = Math.abs(r3) * eq + EPS * (Math.abs(ml) + Math.abs(lo) + Math.abs(m0) + Math.abs(m) + Math.abs(my) + Math.abs(y));
  const out = certifiedSum(hi, y, ey);
  if (out === out) return out;
  const qx = fmaSmallProduct(fmaSmallProduct(LOG_A4, r, LOG_A3), r2, fmaSmallProduct(LOG_A2, r, LOG_A1));
  return fmaSmallProduct(r3, qx, fmaSplit(r2, LOG_A0, A0H, A0L, fmaSplit(k, LOG_LN2LO, LN2LO_HI, LN2LO_LO, d))) + hi;
}

/** The near-1 polynomial p of e_log.c with every fused step exact (fallback of {@link logFma}). */
function nearOnePolyExact(r: number, r2: number, r3: number): number {
  const p1 = fmaSmallProduct(LOG_B3, r2, fmaSmallProduct(LOG_B2, r, LOG_B1));
  const p4 = fmaSmallProduct(LOG_B6, r2, fmaSmallProduct(LOG_B5, r, LOG_B4));
  const p7 = fmaSmallProduct(LOG_B10, r3, fmaSmallProduct(LOG_B9, r2, fmaSmallProduct(LOG_B8, r, LOG_B7)));
  return fmaSmallProduct(fmaSmallProduct(p7, r3, p4), r3, p1);
}

/** log(x) as glibc 2.36's non-FMA `__log_sse2` (and `__log_avx`) computes it. */
export function logSse2(x: number): number {
  if (x >= NEAR1_LO && x < NEAR1_HI) {
    if (x === 1) return 0;
    const r = x - 1;
    const r2 = r * r;
    const r3 = r * r2;
    let y =
      r3 *
      (LOG_B1 + r * LOG_B2 + r2 * LOG_B3 + r3 * (LOG_B4 + r * LOG_B5 + r2 * LOG_B6 + r3 * (LOG_B7 + r * LOG_B8 + r2 * LOG_B9 + r3 * LOG_B10)));
    const hi = nearOneHead(r);
    const lo = (head[0] as number) + (head[1] as number) * (head[2] as number);
    y += lo;
    return y + hi;
  }
  if (!(x > 0 && x < Infinity)) return logOutside(x);
  const z = reduce(x);
  const k = reducedK;
  const i = reducedI;
  const invc = LOG_INVC[i] as number;
  const r = (z - (LOG_CHI[i] as number) - (LOG_CLO[i] as number)) * invc;
  const w = k * LOG_LN2HI + (LOG_LOGC[i] as number);
  const hi = w + r;
  const lo = w - hi + r + k * LOG_LN2LO;
  const r2 = r * r;
  return lo + r2 * LOG_A0 + r * r2 * (LOG_A1 + r * LOG_A2 + r2 * (LOG_A3 + r * LOG_A4)) + hi;
}
