/**
 * glibc's double `pow` (2.28 and later; checked against 2.36), bit for bit, in its two x86-64 ifunc
 * variants.
 *
 * Algorithm and data: Szabolcs Nagy, ARM-software/optimized-routines `math/pow.c` and
 * `math/pow_log_data.c` (MIT OR Apache-2.0 WITH LLVM-exception), carried by glibc as
 * `sysdeps/ieee754/dbl-64/e_pow.c` and `e_pow_log_data.c`; the exp part shares exp's data
 * (`e_exp_data.c`, here exp-data.ts). This is an independent TypeScript implementation of that
 * algorithm (docs/exact-double-math.md, "pow"):
 * - log|x| in extra precision: |x| = 2^k·z with z in [OFF, 2·OFF), OFF = 0x1.69555p-1, z in one of 128
 *   subintervals with 1/c of at most 9 bits, so r = z/c − 1 is exact; log|x| = k·ln2 + log c + r +
 *   A0·r² + … carried as hi + lo (about 15 bits beyond a double);
 * - y·log|x| as ehi + elo (the product's rounding error kept);
 * - exp(ehi + elo) by exp's method (2^(k/128) from the 128-entry table, a degree-5 polynomial),
 *   with elo added to the reduced argument, and the sign of x^y for negative x and odd integer y
 *   folded into the scale;
 * - the special cases of C99 Annex F: 0, ±inf, NaN, ±1, negative x with integer or non-integer y,
 *   |y| < 2^-65 and |y| ≥ 2^63, subnormal x (rescaled by 2^52).
 *
 * Two variants:
 * - {@link powFma}: `__pow_fma` (built with -mfma -mavx2, so __FP_FAST_FMA holds). The explicit fused
 *   steps of the source (r = fma(z, 1/c, −1), lo3 = fma(ar, r, −ar2), fma(y, hi, −ehi)) and gcc 12's
 *   contractions of every other a·b + c, read from its GIMPLE for e_pow.c (docs/exact-double-math.md
 *   lists them), each a single rounding here (fma.ts); products that are exact anyway (k·ln2hi,
 *   k·ln2hi/N) are plain.
 * - {@link powSse2}: the plain C evaluation (`__pow_sse2`), where the products are made exact by
 *   splitting z, y and log|x| into halves instead.
 */

import { f64hi } from './bits.js';
import { certifiedSum, EPS, fma, fmaExactSum, fmaSmallProduct, fmaSplit, splitConstant, splitHi } from './fma.js';
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
import { LOG_LN2HI, LOG_LN2LO } from './log-data.js';
import { POW_A0, POW_A1, POW_A2, POW_A3, POW_A4, POW_A5, POW_A6, POW_INVC, POW_LOGC, POW_LOGCTAIL } from './pow-log-data.js';

const [LN2LO_HI, LN2LO_LO] = splitConstant(LOG_LN2LO);

/** High word of OFF = 0x3fe6955500000000 (its low word is 0), the start of the log subintervals. */
const OFF_HI = 0x3fe69555;
const TWO_POW_M65 = 2 ** -65; // |y| below: x^y rounds to 1 ± y
const TWO_POW_63 = 2 ** 63; // |y| from here: x^y overflows or underflows (or is 1)
const TINY = 2 ** -54; // |ehi| below: exp(ehi) = 1 + ehi
const BIG = 512; // |ehi| from here to 1024: exp's rebiasing special case
const HUGE = 1024; // |ehi| from here: overflow or underflow

// The log part's results (module scratch, as log.ts: no allocation per call).
/** k and the subinterval index of |x| = 2^k·z, set by {@link reduce}. */
let reducedK = 0;
let reducedI = 0;
/** The low part of log|x| = hi + lo, set by the log functions beside their returned hi. */
let logTail = 0;

/**
 * |x| = 2^k·z with z in [OFF, 2·OFF) for finite |x| > 0, subnormals rescaled by 2^52 first (as
 * e_pow.c does before its log): returns z, leaves k and the subinterval index in reducedK, reducedI.
 */
function reduce(ax: number): number {
  const xs = ax < 2 ** -1022 ? ax * 2 ** 52 : ax;
  const tmp = (f64hi(xs) - OFF_HI) | 0;
  reducedI = (tmp >>> 13) & 127;
  const kz = tmp >> 20;
  reducedK = ax < 2 ** -1022 ? kz - 52 : kz;
  return xs * pow2(-kz);
}

/** log|x| = hi + logTail as `__pow_fma`'s log_inline computes it; returns hi. */
function logFma(ax: number): number {
  const z = reduce(ax);
  const k = reducedK;
  const i = reducedI;
  const invc = POW_INVC[i] as number;
  // fma(z, invc, −1) is exact (invc has at most 9 bits, so z/c − 1 is a double): Sterbenz makes
  // RN(z·invc) − 1 exact, and the product's error, exact by Dekker (invc is its own high half), completes it.
  const r = fmaExactSum(z, invc, invc, 0, -1);
  const t1 = k * LOG_LN2HI + (POW_LOGC[i] as number); // k·ln2hi is exact: the fused sum rounds once either way
  const t2 = t1 + r;
  const lo1 = fmaSplit(k, LOG_LN2LO, LN2LO_HI, LN2LO_LO, POW_LOGCTAIL[i] as number);
  const lo2 = t1 - t2 + r;
  const ar = POW_A0 * r;
  const ar2 = r * ar;
  const ar3 = r * ar2;
  const hi = t2 + ar2;
  // fma(ar, r, −ar2): the rounding error of ar2 = RN(−r²/2), exact by Dekker (RN(ar·r) − ar2 = 0).
  const rh = splitHi(r);
  const lo3 = fmaExactSum(ar, r, rh, r - rh, -ar2);
  const lo4 = t2 - hi + ar2;
  // p = fma(ar2, fma(ar2, fma(r, A6, A5), fma(r, A4, A3)), fma(r, A2, A1)), lo = fma(ar3, p, sum)
  const p = fmaSmallProduct(
    ar2,
    fmaSmallProduct(ar2, fmaSmallProduct(r, POW_A6, POW_A5), fmaSmallProduct(r, POW_A4, POW_A3)),
    fmaSmallProduct(r, POW_A2, POW_A1),
  );
  const lo = fmaSmallProduct(ar3, p, lo4 + (lo3 + (lo1 + lo2)));
  const y = hi + lo;
  logTail = lo + (hi - y);
  return y;
}

/** The high part of v with its low 27 mantissa bits cleared (e_pow.c's `asuint64(v) & -1ULL << 27`), v normal. */
function truncate27(v: number): number {
  const q = pow2(((f64hi(v) >>> 20) & 0x7ff) - 1023 - 25);
  return Math.trunc(v / q) * q;
}

/** log|x| = hi + logTail as `__pow_sse2`'s log_inline computes it; returns hi. */
function logSse2(ax: number): number {
  const z = reduce(ax);
  const k = reducedK;
  const i = reducedI;
  const invc = POW_INVC[i] as number;
  // z = zhi + zlo with zhi the high word of z rounded half up (the C adds 2^31 to the low word and
  // clears it): a multiple of 2^-21 below 1, of 2^-20 above, so zhi·invc and rhi·rhi are exact.
  const q = z < 1 ? 2 ** -21 : 2 ** -20;
  const zhi = Math.floor(z / q + 0.5) * q;
  const zlo = z - zhi;
  const rhi = zhi * invc - 1;
  const rlo = zlo * invc;
  const r = rhi + rlo;
  const t1 = k * LOG_LN2HI + (POW_LOGC[i] as number);
  const t2 = t1 + r;
  const lo1 = k * LOG_LN2LO + (POW_LOGCTAIL[i] as number);
  const lo2 = t1 - t2 + r;
  const ar = POW_A0 * r;
  const ar2 = r * ar;
  const ar3 = r * ar2;
  const arhi = POW_A0 * rhi;
  const arhi2 = rhi * arhi;
  const hi = t2 + arhi2;
  const lo3 = rlo * (ar + arhi);
  const lo4 = t2 - hi + arhi2;
  const p = ar3 * (POW_A1 + r * POW_A2 + ar2 * (POW_A3 + r * POW_A4 + ar2 * (POW_A5 + r * POW_A6)));
  const lo = lo1 + lo2 + lo3 + lo4 + p;
  const y = hi + lo;
  logTail = hi - y + lo;
  return y;
}

/** ±0 or ±inf as __math_uflow / __math_oflow give them. */
const signed = (v: number, negative: boolean): number => (negative ? -v : v);

/**
 * The k < 0 side of e_pow.c's specialcase(): scale = ±2^(k/128)·2^1022, result 2^-1022·(scale +
 * scale·tmp), rounded once more before the subnormal scaling. gcc leaves it unfused in both variants.
 */
function underflowSide(tmp: number, scale: number): number {
  const st = scale * tmp;
  let y = scale + st;
  if (Math.abs(y) < 1) {
    const one = y < 0 ? -1 : 1;
    let lo = scale - y + st;
    const hi = one + y;
    lo = one - hi + y + lo;
    y = hi + lo - one;
    if (y === 0) y = scale < 0 ? -0 : 0; // the sign of 0 is the scale's
  }
  return 2 ** -1022 * y;
}

/**
 * ±exp(x + xtail) as `__pow_fma`'s exp_inline computes it, x = ehi, xtail = elo (|xtail| < 2^-8/128),
 * negated when `negative`.
 */
function expFma(x: number, xtail: number, negative: boolean): number {
  const ax = Math.abs(x);
  if (!(ax >= TINY)) return signed(1 + x, negative);
  if (ax >= HUGE) return signed(x < 0 ? 0 : Infinity, negative);
  // kd = fma(x, N/ln2, shift) − shift; r = fma(k, −ln2lo/N, fma(k, −ln2hi/N, x)) + xtail (the inner
  // product is exact: a 36-bit constant times |k| ≤ 189093).
  const k = fmaSmallProduct(EXP_INVLN2N, x, EXP_SHIFT) - EXP_SHIFT;
  const r0 = x + k * EXP_NEGLN2HIN;
  const r = xtail + fmaSmallProduct(EXP_NEGLN2LON, k, r0);
  const idx = k & 127;
  const r2 = r * r;
  // tmp = fma(r2², fma(r, C5, C4), fma(r2, fma(r, C3, C2), r + tail))
  const tmp = fmaSmallProduct(
    r2 * r2,
    fmaSmallProduct(r, EXP_C5, EXP_C4),
    fmaSmallProduct(r2, fmaSmallProduct(r, EXP_C3, EXP_C2), r + (EXP_TAIL[idx] as number)),
  );
  const h = signed(EXP_SCALE[idx] as number, negative);
  if (ax >= BIG) {
    if (k < 0) return underflowSide(tmp, h * pow2((k >> 7) + 1022));
    const scale = h * pow2((k >> 7) - 1009);
    return fma(tmp, scale, scale) * 2 ** 1009;
  }
  const scale = h * pow2(k >> 7);
  return fmaSmallProduct(tmp, scale, scale);
}

/** ±exp(x + xtail) as `__pow_sse2`'s exp_inline computes it. */
function expSse2(x: number, xtail: number, negative: boolean): number {
  const ax = Math.abs(x);
  if (!(ax >= TINY)) return signed(1 + x, negative);
  if (ax >= HUGE) return signed(x < 0 ? 0 : Infinity, negative);
  const k = EXP_INVLN2N * x + EXP_SHIFT - EXP_SHIFT;
  let r = x + k * EXP_NEGLN2HIN + k * EXP_NEGLN2LON;
  r += xtail;
  const idx = k & 127;
  const r2 = r * r;
  const tmp = EXP_TAIL[idx] + r + r2 * (EXP_C2 + r * EXP_C3) + r2 * r2 * (EXP_C4 + r * EXP_C5);
  const h = signed(EXP_SCALE[idx] as number, negative);
  if (ax >= BIG) {
    if (k < 0) return underflowSide(tmp, h * pow2((k >> 7) + 1022));
    const scale = h * pow2((k >> 7) - 1009);
    return 2 ** 1009 * (scale + scale * tmp);
  }
  const scale = h * pow2(k >> 7);
  return scale + scale * tmp;
}

/** 0 if finite nonzero y is not an integer, 1 if it is odd, 2 if even (e_pow.c's checkint). */
function integerKind(y: number): 0 | 1 | 2 {
  if (!Number.isInteger(y)) return 0;
  return y % 2 === 0 ? 2 : 1;
}

// What {@link special} leaves for the main path when it returns with goOn set.
let goOn = false;
let goAbs = 0; // |x|
let goNegative = false; // the result's sign: negative x, odd integer y

/**
 * The special cases of e_pow.c, in its order, for x not a positive normal double or |y| outside
 * [2^-65, 2^63): returns the result, or sets goOn (with goAbs, goNegative) for the main path.
 */
function special(x: number, y: number): number {
  goOn = false;
  goNegative = false;
  const ay = Math.abs(y);
  const yOrdinary = ay >= TWO_POW_M65 && ay < TWO_POW_63;
  if (y === 0 || !(ay < Infinity)) {
    // y is ±0, ±inf or NaN
    if (y === 0) return 1; // pow(x, ±0) = 1, NaN x included
    if (x === 1) return 1; // pow(1, y) = 1, NaN y included
    if (x !== x || y !== y) return x + y;
    if (x === -1) return 1; // pow(−1, ±inf) = 1
    if (Math.abs(x) < 1 === y > 0) return 0; // |x| < 1 and y = +inf, or |x| > 1 and y = −inf
    return y * y; // +inf
  }
  const xNegative = x < 0 || Object.is(x, -0);
  if (x === 0 || !(Math.abs(x) < Infinity)) {
    // x is ±0, ±inf or NaN; y finite and nonzero
    let x2 = x * x;
    let negative = false;
    if (xNegative && integerKind(y) === 1) {
      x2 = -x2;
      negative = true;
    }
    if (x === 0 && y < 0) return negative ? -Infinity : Infinity; // __math_divzero
    return y < 0 ? 1 / x2 : x2;
  }
  // x and y finite and nonzero
  if (xNegative) {
    const kind = integerKind(y);
    if (kind === 0) return NaN; // __math_invalid
    goNegative = kind === 1;
  }
  const ax = Math.abs(x);
  if (!yOrdinary) {
    // |y| < 2^-65 or |y| ≥ 2^63 (an even integer, so the sign is +)
    if (ax === 1) return 1;
    if (ay < TWO_POW_M65) return ax > 1 ? 1 + y : 1 - y;
    return ax > 1 === y > 0 ? Infinity : 0; // __math_oflow(0), __math_uflow(0)
  }
  goAbs = ax; // subnormal |x| is rescaled in reduce()
  goOn = true;
  return 0;
}

/** Whether pow(x, y) takes the main path directly: x a positive normal double, 2^-65 ≤ |y| < 2^63. */
function ordinary(x: number, y: number): boolean {
  const ay = Math.abs(y);
  return x >= 2 ** -1022 && x < Infinity && ay >= TWO_POW_M65 && ay < TWO_POW_63;
}

/** x^y as glibc's `__pow_fma` (x86-64 CPUs with FMA and AVX2) computes it. */
export function powFma(x: number, y: number): number {
  let ax = x;
  let negative = false;
  if (!ordinary(x, y)) {
    const result = special(x, y);
    if (!goOn) return result;
    ax = goAbs;
    negative = goNegative;
  }
  const fast = powFmaCertified(ax, y, negative);
  return fast === fast ? fast : powFmaExact(ax, y, negative);
}

/**
 * The main path of `__pow_fma` with every fused step exact: log's hi and tail, ehi = y·hi,
 * elo = fma(y, tail, fma(y, hi, −ehi)), then exp.
 */
function powFmaExact(ax: number, y: number, negative: boolean): number {
  const hi = logFma(ax);
  const lo = logTail;
  // ehi = y·hi, elo = fma(y, lo, fma(y, hi, −ehi))
  const ehi = y * hi;
  const hh = splitHi(hi);
  const elo = fma(y, lo, fmaExactSum(y, hi, hh, hi - hh, -ehi)); // the inner fma is ehi's exact rounding error
  return expFma(ehi, elo, negative);
}

/**
 * The main path of `__pow_fma` by the certified-chain method of fma.ts: the fused steps whose
 * results only feed later sums (log's lo1, its polynomial and lo, elo, exp's polynomial) are
 * evaluated plainly with a bound on their distance from glibc's values; the two roundings that
 * decide everything after them are certified: log|x|'s hi = RN(hi + lo) (ehi = y·hi and exp's k
 * follow from it exactly) and the result RN(s + s·tmp). Steps that are exact in glibc (r, lo3,
 * y·hi's rounding error, exp's k and reduction) are computed exactly. Returns NaN when a rounding
 * is not certain or exp takes a special case (|ehi| < 2^-54 or ≥ 512); {@link powFmaExact} then
 * decides. Every value here is finite, so NaN is never a result.
 */
function powFmaCertified(ax: number, y: number, negative: boolean): number {
  const z = reduce(ax);
  const k = reducedK;
  const i = reducedI;
  const invc = POW_INVC[i] as number;
  const r = fmaExactSum(z, invc, invc, 0, -1);
  const t1 = k * LOG_LN2HI + (POW_LOGC[i] as number);
  const t2 = t1 + r;
  const ml = k * LOG_LN2LO;
  const lo1 = ml + (POW_LOGCTAIL[i] as number);
  const e1 = EPS * (Math.abs(ml) + Math.abs(lo1));
  const lo2 = t1 - t2 + r;
  const ar = POW_A0 * r;
  const ar2 = r * ar;
  const ar3 = r * ar2;
  const hi = t2 + ar2;
  const rh = splitHi(r);
  const lo3 = fmaExactSum(ar, r, rh, r - rh, -ar2);
  const lo4 = t2 - hi + ar2;
  // p = fma(ar2, fma(ar2, fma(r, A6, A5), fma(r, A4, A3)), fma(r, A2, A1)), plainly, with its bound
  const ma = r * POW_A2;
  const pa = ma + POW_A1;
  const mb = r * POW_A4;
  const pb = mb + POW_A3;
  const mc = r * POW_A6;
  const pc = mc + POW_A5;
  const md = ar2 * pc;
  const pd = md + pb;
  const mp = ar2 * pd;
  const p = mp + pa;
  const aar2 = Math.abs(ar2);
  const ed = aar2 * EPS * (Math.abs(mc) + Math.abs(pc)) + EPS * (Math.abs(mb) + Math.abs(pb) + Math.abs(md) + Math.abs(pd));
  const ep = aar2 * ed + EPS * (Math.abs(ma) + Math.abs(pa) + Math.abs(mp) + Math.abs(p));
  // lo = fma(ar3, p, ((lo1 + lo2) + lo3) + lo4)
  const s1 = lo1 + lo2;
  const s2 = s1 + lo3;
  const s3 = s2 + lo4;
  const mlo = ar3 * p;
  const lo = mlo + s3;
  const elo = Math.abs(ar3) * ep + e1 + EPS * (Math.abs(s1) + Math.abs(s2) + Math.abs(s3) + Math.abs(mlo) + Math.abs(lo));
  const logHi = certifiedSum(hi, lo, elo);
  if (logHi !== logHi) return NaN;
  const tail = lo + (hi - logHi); // hi − logHi is the same in both; only lo differs
  const etail = elo + EPS * Math.abs(tail);
  const ehi = y * logHi;
  const aehi = Math.abs(ehi);
  if (!(aehi >= TINY && aehi < BIG)) return NaN;
  const hh = splitHi(logHi);
  const err = fmaExactSum(y, logHi, hh, logHi - hh, -ehi); // fma(y, hi, −ehi), exact
  const my = y * tail;
  const xtail = my + err; // fma(y, tail, err)
  const extail = Math.abs(y) * etail + EPS * (Math.abs(my) + Math.abs(xtail));
  // exp: k and the reduction from ehi exactly, then r + xtail
  const kk = fmaSmallProduct(EXP_INVLN2N, ehi, EXP_SHIFT) - EXP_SHIFT;
  const rr = xtail + fmaSmallProduct(EXP_NEGLN2LON, kk, ehi + kk * EXP_NEGLN2HIN);
  const er = extail + EPS * Math.abs(rr);
  const idx = kk & 127;
  // tmp = fma(r2², fma(r, C5, C4), fma(r2, fma(r, C3, C2), r + tail)), plainly, with its bound
  const absR = Math.abs(rr);
  const m3 = EXP_C3 * rr;
  const c23 = m3 + EXP_C2;
  const ec23 = Math.abs(EXP_C3) * er + EPS * (Math.abs(m3) + Math.abs(c23));
  const rt = rr + (EXP_TAIL[idx] as number);
  const ert = er + EPS * Math.abs(rt);
  const r2 = rr * rr;
  const er2 = (2 * absR + er) * er + EPS * r2;
  const mt = c23 * r2;
  const u1 = mt + rt;
  const eu1 = r2 * ec23 + Math.abs(c23) * er2 + ert + EPS * (Math.abs(mt) + Math.abs(u1));
  const m5 = EXP_C5 * rr;
  const c45 = m5 + EXP_C4;
  const ec45 = Math.abs(EXP_C5) * er + EPS * (Math.abs(m5) + Math.abs(c45));
  const r4 = r2 * r2;
  const er4 = (2 * r2 + er2) * er2 + EPS * r4;
  const m4 = r4 * c45;
  const tmp = m4 + u1;
  const etmp = r4 * ec45 + Math.abs(c45) * er4 + eu1 + EPS * (Math.abs(m4) + Math.abs(tmp));
  const scale = signed(EXP_SCALE[idx] as number, negative) * pow2(kk >> 7);
  const st = scale * tmp;
  return certifiedSum(scale, st, Math.abs(scale) * etmp + EPS * Math.abs(st));
}

/** x^y as glibc's non-FMA `__pow_sse2` computes it. */
export function powSse2(x: number, y: number): number {
  let ax = x;
  let negative = false;
  if (!ordinary(x, y)) {
    const result = special(x, y);
    if (!goOn) return result;
    ax = goAbs;
    negative = goNegative;
  }
  const hi = logSse2(ax);
  const lo = logTail;
  // y·log|x| with y and hi split so that yhi·lhi is exact (the C clears their low 27 bits).
  const yhi = truncate27(y);
  const ylo = y - yhi;
  const lhi = hi === 0 ? 0 : truncate27(hi);
  const llo = hi - lhi + lo;
  const ehi = yhi * lhi;
  const elo = ylo * lhi + y * llo;
  return expSse2(ehi, elo, negative);
}
