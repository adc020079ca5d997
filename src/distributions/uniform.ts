/**
 * Uniform transforms of raw words, as cuRAND's host generators compute them
 * (docs/spec/curand-host-semantics.md §4.1–§4.3, docs/spec/curand-more-generators.md §1.6, §2.4, §3.4;
 * measured bit-exact against cuRAND 10.4).
 */

const TWO_M32 = 2 ** -32;
const TWO_M33 = 2 ** -33;
const TWO_M53 = 2 ** -53;
const TWO_M54 = 2 ** -54;

/**
 * Float in (0, 1]: the word is rounded to float first, scaled by the float 2^-32 (exact) and
 * offset by 2^-33, then rounded once more. The sum is exact in double, so one fround is enough.
 */
export function uniformFloat(x: number): number {
  return Math.fround(Math.fround(x) * TWO_M32 + TWO_M33);
}

/** Philox/XORWOW double in (0, 1): 53 bits `x ^ (y << 21)` from two words (low word first). */
export function uniformDouble53(x: number, y: number): number {
  // (y << 21) as a 53-bit integer: the top 11 bits of y go above bit 31, the rest is XORed into x.
  const z = Math.floor(y / 2048) * 4294967296 + ((((y & 2047) << 21) ^ x) >>> 0);
  return z * TWO_M53 + TWO_M54;
}

/** MTGP32 double in (2^-32, 1]: one word, `x·2^-32 + 2^-32` (only 32 random bits). */
export function uniformDouble32(x: number): number {
  return x * TWO_M32 + TWO_M32;
}

/**
 * MT19937's uniforms (docs/spec/curand-more-generators.md §3.4): the centre of the word's 2^-32 cell,
 * x·2^-32 + 2^-33, exact in double; the float is that value rounded once (no fround(x) first, unlike
 * the others: 7,770 in 10^6 differ).
 */
export function uniformDoubleCentered(x: number): number {
  return x * TWO_M32 + TWO_M33;
}

/**
 * MRG32k3a's scale for its step results r in [1, m1] (§2.4): the double 2.3283065498378288e-10
 * (≈ 1/m1). uniform = fround(r·NORM), uniformDouble = r·NORM (one step: about 32 random bits),
 * and r·NORM feeds Box–Muller (box-muller.ts, 'mrg' inputs).
 */
export const MRG_NORM = 2.3283065498378288e-10;
/** MRG32k3a's curandGenerate: trunc(r·MRG_UINT32_SCALE) as a uint32 (not a raw word; §2.4). */
export const MRG_UINT32_SCALE = 1.000000048662;

/** Fills `out[i] = uniformFloat(words[i])`. */
export function fillUniform(out: Float32Array, words: Uint32Array, n: number, outIndex = 0): void {
  for (let i = 0; i < n; i++) out[outIndex + i] = Math.fround(words[i] as number) * TWO_M32 + TWO_M33;
}
