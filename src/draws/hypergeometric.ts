/**
 * NumPy's hypergeometric draw (numpy/random/src/distributions/random_hypergeometric.c, NumPy 2.4),
 * bit for bit when fed NumPy's words (docs/draws-discrete.md): the number of good items among
 * `sample` taken without replacement from `good` good and `bad` bad ones.
 *
 * - 10 ≤ sample ≤ total − 10: HRUA, Stadlober's ratio-of-uniforms (E. Stadlober, "The ratio of
 *   uniforms approach for generating discrete random variates", J. Comput. Appl. Math. 31, 1990),
 *   run on n = min(sample, total − sample) and M = min(good, bad), then mapped back; two doubles per
 *   attempt, log-factorials by NumPy's logfactorial (logfactorial.ts).
 * - otherwise: drawing one item at a time, each a random_interval (interval.ts) over what is left,
 *   for min(sample, total − sample) items at most (the complement when sample > ⌊total/2⌋), stopping
 *   as soon as only one kind is left.
 *
 * Every double expression is NumPy's, in C's evaluation order (no contraction), with glibc's log
 * (libm.ts). Counts are below 2·10^9, so the integer arithmetic is exact in doubles.
 */

import { nextDouble, type BitSource } from './bit-source.js';
import { planFloat64 } from './fill.js';
import { randomInterval } from './interval.js';
import { log } from './libm.js';
import { logFactorial } from './logfactorial.js';
import type { DrawPlan } from './plan.js';
import { toInteger } from '../validate.js';

/** NumPy's Generator refuses ngood or nbad ≥ 10^9 (its HYPERGEOM_MAX). */
export const HYPERGEOMETRIC_MAX = 1e9;
/** HRUA for sample in [HRUA_MARGIN, total − HRUA_MARGIN], NumPy's bound. */
const HRUA_MARGIN = 10;
/** 2·√(2/e) and 3 − 2·√(3/e): NumPy's literals D1 and D2 (the table mountain's scale). */
const D1 = 1.7155277699214135;
const D2 = 0.8989161620588988;
/** How many standard deviations past the mean HRUA's proposals stop (NumPy's 16). */
const TAIL_SDS = 16;

/** Draws one item at a time (NumPy's hypergeometric_sample). */
function bySampling(src: BitSource, good: number, bad: number, sample: number): number {
  const total = good + bad;
  const complement = sample > Math.floor(total / 2);
  let toDraw = complement ? total - sample : sample;
  let left = total;
  let goodLeft = good;
  while (toDraw > 0 && goodLeft > 0 && left > goodLeft) {
    left--;
    // An index in [0, left]: below goodLeft is a good item.
    if (randomInterval(src, left) < goodLeft) goodLeft--;
    toDraw--;
  }
  // Only good items left: the rest of the draw takes them.
  if (left === goodLeft) goodLeft -= toDraw;
  return complement ? goodLeft : good - goodLeft;
}

/** Stadlober's ratio-of-uniforms (NumPy's hypergeometric_hrua). */
function byRatioOfUniforms(src: BitSource, good: number, bad: number, sample: number): number {
  const total = good + bad;
  const n = Math.min(sample, total - sample);
  const fewer = Math.min(good, bad);
  const more = Math.max(good, bad);
  const p = fewer / total;
  const q = more / total;
  const a = n * p + 0.5;
  const variance = (((total - n) * n * p) * q) / (total - 1);
  const c = Math.sqrt(variance + 0.5);
  const h = D1 * c + D2;
  const mode = Math.floor(((n + 1) * (fewer + 1)) / (total + 2));
  const g = logFactorial(mode) + logFactorial(fewer - mode) + logFactorial(n - mode) + logFactorial(more - n + mode);
  // Proposals at or past `bound` are rejected: the support's end, or 16 deviations past the mean.
  const bound = Math.min(Math.min(n, fewer) + 1, Math.floor(a + TAIL_SDS * c));
  let k: number;
  for (;;) {
    const u = nextDouble(src);
    const v = nextDouble(src);
    const x = a + (h * (v - 0.5)) / u;
    if (x < 0 || x >= bound) continue;
    k = Math.floor(x);
    const t = g - (logFactorial(k) + logFactorial(fewer - k) + logFactorial(n - k) + logFactorial(more - n + k));
    // The squeezes first, then the exact test.
    if (u * (4 - u) - 3 <= t) break;
    if (u * (u - t) >= 1) continue;
    if (2 * log(u) <= t) break;
  }
  // k counts the scarcer kind in the smaller of sample and complement: back to good items in sample.
  if (good > bad) k = n - k;
  if (n < sample) k = good - k;
  return k;
}

/**
 * One hypergeometric value (NumPy's random_hypergeometric): good, bad, sample integers ≥ 0 with
 * sample ≤ good + bad and good + bad < 2^31 (unchecked here).
 */
export function hypergeometric(src: BitSource, good: number, bad: number, sample: number): number {
  return sample >= HRUA_MARGIN && sample <= good + bad - HRUA_MARGIN ? byRatioOfUniforms(src, good, bad, sample) : bySampling(src, good, bad, sample);
}

/**
 * The fewest 32-bit words one `hypergeometric` reads: HRUA two doubles; sampling one word per item
 * drawn, and it draws at least min(n, good, bad) (n as above) before one kind runs out.
 */
export function hypergeometricWords(good: number, bad: number, sample: number): number {
  const total = good + bad;
  if (sample >= HRUA_MARGIN && sample <= total - HRUA_MARGIN) return 4;
  const n = sample > Math.floor(total / 2) ? total - sample : sample;
  return Math.min(n, good, bad);
}

/**
 * hypergeometric(ngood, nbad, nsample, size?): NumPy's Generator.hypergeometric with scalar
 * arguments: ngood and nbad integers in [0, 10^9), nsample an integer in [0, ngood + nbad]. Values
 * are NumPy's int64 as doubles: one, or a Float64Array (size a length, or one to fill).
 */
export function planHypergeometric(ngood: unknown, nbad: unknown, nsample: unknown, size: unknown): DrawPlan<number | Float64Array> {
  const good = toInteger(ngood, 'ngood', 0, HYPERGEOMETRIC_MAX - 1);
  const bad = toInteger(nbad, 'nbad', 0, HYPERGEOMETRIC_MAX - 1);
  const sample = toInteger(nsample, 'nsample', 0, good + bad);
  return planFloat64('hypergeometric()', size, hypergeometricWords(good, bad, sample), (src) => hypergeometric(src, good, bad, sample));
}
