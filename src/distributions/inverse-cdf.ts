import { type ErfcinvLibm, erfcinv } from '../math/erfcinv.js';
import { uniformFloat } from './uniform.js';

/**
 * Inverse-CDF normals, one word per element, as cuRAND's host generators compute them for MTGP32
 * (docs/spec/curand-host-semantics.md §4.3) and, with a different double path, MT19937
 * (docs/spec/curand-more-generators.md §3.4):
 *
 * - the word is mirrored into the lower half (x > 2^31 → 2^32 − 1 − x, flipping the sign), so only
 *   the tail below the median is ever inverted;
 * - z = −√2 · erfcinv(2p) with CUDA's host double erfcinv (src/math/erfcinv.ts);
 * - float: p is the float uniform, erfcinv's result and the product with cuRAND's float −√2 are
 *   rounded to float; double: p = x·2^-32 + 2^-33 and everything stays in double.
 */

/** cuRAND's float −√2, −1.4142135f (= −1.41421353816986083984375); the sign is negative. */
const NEG_SQRT2_FLOAT = Math.fround(-1.4142135);
/** The double −√2 of the double path, −1.4142135623730951. */
const NEG_SQRT2 = -Math.SQRT2;
const MEDIAN = 0x80000000;
const MAX_WORD = 0xffffffff;
const TWO_M32 = 2 ** -32;
const TWO_M33 = 2 ** -33;

/**
 * V8's own log/log1p for the float path. Exact there: zf is rounded to float, and an exhaustive
 * comparison of all 2^32 words with CUDA's host erfcinv on glibc's log/log1p (nvcc oracle,
 * scripts/prove-math/erfcinv/) found no difference.
 */
const FLOAT_PATH_LIBM: ErfcinvLibm = { log: Math.log, log1p: Math.log1p };

/** The float standard normal zf of one word (before mean and stddev). */
export function normalFloatInverseCdf(x: number): number {
  const upper = x > MEDIAN;
  // 2p is exact: p is a float in (0, 0.5].
  const e = Math.fround(erfcinv(2 * uniformFloat(upper ? MAX_WORD - x : x), FLOAT_PATH_LIBM));
  return Math.fround((upper ? -NEG_SQRT2_FLOAT : NEG_SQRT2_FLOAT) * e);
}

/**
 * The double standard normal of one word. `libm` must be glibc's log/log1p (DOUBLE_LIBM from
 * src/math/libm.ts): unlike the float path, the double result shows their last-bit differences
 * (V8's Math.log changes 1,187,062 of the 2^31 + 1 distinct results, all in the log tail; the ported
 * FMA log changes none, by the same exhaustive comparison). log1p is never reached here: 2p would
 * have to be exactly 0.0625.
 */
export function normalDoubleInverseCdf(x: number, libm: ErfcinvLibm): number {
  const upper = x > MEDIAN;
  // p = y·2^-32 + 2^-33 = (2y + 1)·2^-33 is exact, and so is 2p.
  const e = erfcinv(2 * ((upper ? MAX_WORD - x : x) * TWO_M32 + TWO_M33), libm);
  return (upper ? -NEG_SQRT2 : NEG_SQRT2) * e;
}

/** Writes out[outIndex … outIndex + n) from words[0 … n), one word per element. */
type InverseCdfFill<Out> = (
  out: Out,
  words: Uint32Array,
  n: number,
  mean: number,
  stddev: number,
  outIndex?: number,
) => void;

/** `fround(m + fround(s·zf))` with m, s rounded to float (curandGenerateNormal). */
export const fillNormalInverseCdf: InverseCdfFill<Float32Array> = (out, words, n, mean, stddev, outIndex = 0) => {
  const m = Math.fround(mean);
  const s = Math.fround(stddev);
  for (let i = 0; i < n; i++) {
    out[outIndex + i] = m + Math.fround(s * normalFloatInverseCdf(words[i] as number));
  }
};

/** `expf(fround(m + fround(s·zf)))` with glibc's expf in the host's variant (curandGenerateLogNormal). */
export function fillLogNormalInverseCdf(
  out: Float32Array,
  words: Uint32Array,
  n: number,
  mean: number,
  stddev: number,
  outIndex: number,
  libm: { expf(x: number): number },
): void {
  fillNormalInverseCdf(out, words, n, mean, stddev, outIndex);
  for (let i = outIndex; i < outIndex + n; i++) out[i] = libm.expf(out[i] as number);
}

/**
 * MTGP32's curandGenerateNormalDouble: `m + s·zf` in double, from the *float* zf widened
 * (measured; MT19937 instead uses the double path, normalDoubleInverseCdf).
 */
export const fillNormalDoubleFromFloat: InverseCdfFill<Float64Array> = (out, words, n, mean, stddev, outIndex = 0) => {
  for (let i = 0; i < n; i++) out[outIndex + i] = mean + stddev * normalFloatInverseCdf(words[i] as number);
};

/** `m + s·z` with the genuine double path: MT19937's curandGenerateNormalDouble (measured, §3.4). */
export function fillNormalDoubleInverseCdf(
  out: Float64Array,
  words: Uint32Array,
  n: number,
  mean: number,
  stddev: number,
  libm: ErfcinvLibm,
  outIndex = 0,
): void {
  for (let i = 0; i < n; i++) out[outIndex + i] = mean + stddev * normalDoubleInverseCdf(words[i] as number, libm);
}

/** `exp(m + s·z)` with the double path and glibc's exp (curandGenerateLogNormalDouble). */
export function fillLogNormalDoubleInverseCdf(
  out: Float64Array,
  words: Uint32Array,
  n: number,
  mean: number,
  stddev: number,
  libm: ErfcinvLibm & { exp(x: number): number },
  outIndex = 0,
): void {
  fillNormalDoubleInverseCdf(out, words, n, mean, stddev, libm, outIndex);
  for (let i = outIndex; i < outIndex + n; i++) out[i] = libm.exp(out[i] as number);
}
