/**
 * NumPy's ziggurat standard normal and standard exponential (numpy/random/src/distributions/
 * distributions.c: random_standard_normal, random_standard_exponential), after Marsaglia & Tsang,
 * "The Ziggurat Method for Generating Random Variables", J. Stat. Softw. 5(8), 2000, with NumPy's
 * 256-layer tables (ziggurat-data.ts) and its bit layout of one 64-bit word (first word high).
 * Fed NumPy's words, these give NumPy's values bit for bit (docs/draws-continuous.md).
 */

import { nextDouble, nextUint64Into, type BitSource } from './bit-source.js';
import { planFloat64 } from './fill.js';
import { exp, log1p } from './libm.js';
import type { DrawPlan } from './plan.js';
import { FE_EXPONENTIAL, FI_NORMAL, KE_EXPONENTIAL, KI_NORMAL, WE_EXPONENTIAL, WI_NORMAL } from './ziggurat-data.js';
import { toNonNegative } from '../validate.js';

/** r, the start of the normal's tail (ziggurat_nor_r in NumPy's ziggurat_constants.h), and 1/r. */
const NORMAL_R = 3.6541528853610087963519472518;
const NORMAL_INV_R = 0.27366123732975827203338247596;
/** r, the start of the exponential's tail (ziggurat_exp_r). */
const EXPONENTIAL_R = 7.6971174701310497140446280481;
const TWO_POW_23 = 8388608;
const TWO_POW_21 = 2097152;
/** The 64-bit word a draw reads, as halves (calls are synchronous and never interleave). */
const WORD = new Float64Array(2);

/**
 * One standard normal. Of the 64-bit word: bits 0–7 pick the layer, bit 8 the sign, bits 9–60 the
 * 52-bit magnitude (bit 17, the magnitude's bit 8, gives the tail's sign). Accepted at once when the
 * magnitude is below the layer's bound (99.3 %); the base layer samples the tail beyond r from two
 * more doubles (Marsaglia's method, with log1p(−u) so that u = 0 is harmless); other layers accept
 * by comparing a point of the wedge with exp(−x²/2), else start over with a new word.
 */
export function standardNormal(src: BitSource): number {
  for (;;) {
    nextUint64Into(src, WORD);
    const hi = WORD[0]!;
    const lo = WORD[1]!;
    const idx = lo & 0xff;
    const rabs = (hi & 0x1fffffff) * TWO_POW_23 + (lo >>> 9);
    const magnitude = rabs * WI_NORMAL[idx]!;
    const x = lo & 0x100 ? -magnitude : magnitude;
    if (rabs < KI_NORMAL[idx]!) return x;
    if (idx === 0) {
      for (;;) {
        const xx = -NORMAL_INV_R * log1p(-nextDouble(src));
        const yy = -log1p(-nextDouble(src));
        if (yy + yy > xx * xx) return lo & 0x20000 ? -(NORMAL_R + xx) : NORMAL_R + xx;
      }
    }
    if ((FI_NORMAL[idx - 1]! - FI_NORMAL[idx]!) * nextDouble(src) + FI_NORMAL[idx]! < exp(-0.5 * x * x)) return x;
  }
}

/**
 * One standard exponential. Of the 64-bit word: bits 3–10 pick the layer, bits 11–63 are the 53-bit
 * magnitude. Accepted at once below the layer's bound (98.9 %); the base layer returns r − log1p(−u);
 * other layers accept x when a point of the wedge lies below exp(−x), else draw anew.
 */
export function standardExponential(src: BitSource): number {
  for (;;) {
    nextUint64Into(src, WORD);
    const hi = WORD[0]!;
    const lo = WORD[1]!;
    const idx = (lo >>> 3) & 0xff;
    const ri = hi * TWO_POW_21 + (lo >>> 11);
    const x = ri * WE_EXPONENTIAL[idx]!;
    if (ri < KE_EXPONENTIAL[idx]!) return x;
    if (idx === 0) return EXPONENTIAL_R - log1p(-nextDouble(src));
    if ((FE_EXPONENTIAL[idx - 1]! - FE_EXPONENTIAL[idx]!) * nextDouble(src) + FE_EXPONENTIAL[idx]! < exp(-x)) return x;
  }
}

/** standardNormal(size?): NumPy's Generator.standard_normal. Two words per value at least. */
export function planStandardNormal(size: unknown): DrawPlan<number | Float64Array> {
  return planFloat64('standardNormal()', size, 2, standardNormal);
}

/** exponential(scale, size?): scale·standard exponential, NumPy's Generator.exponential (scale ≥ 0). */
export function planExponential(scale: unknown, size: unknown): DrawPlan<number | Float64Array> {
  const s = toNonNegative(scale, 'scale');
  if (s === 1) return planFloat64('exponential()', size, 2, standardExponential);
  return planFloat64('exponential()', size, 2, (src) => s * standardExponential(src));
}
