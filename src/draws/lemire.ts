import type { NumberIntegerArray } from './array-types.js';
import { LEND_LIMIT, lendsWords, nextUint64Into, type BitSource } from './bit-source.js';
import type { DrawPlace } from './draw-kernel.js';
import { typedArrayTypeOf } from '../validate.js';

/**
 * Unbiased integers in [0, m) by Lemire's nearly-divisionless method (D. Lemire, "Fast Random Integer
 * Generation in an Interval", ACM TOMACS 29(1), 2019), one word per attempt: x = word·m; the attempt is
 * accepted when x mod 2^32 ≥ (2^32 − m) mod m, and the value is ⌊x / 2^32⌋. NumPy's
 * buffered_bounded_lemire_uint32 and bounded_lemire_uint64 (numpy/random/src/distributions/
 * distributions.c) make the same draws from the same words, so NumPy's Generator.integers is the
 * oracle (test/draws-core-numpy.test.ts).
 */

const TWO_32 = 4294967296;
const TWO_MINUS_32 = 2 ** -32;

/**
 * ⌊a·b / 2^32⌋ for 32-bit a, b, given lo = a·b mod 2^32 (Math.imul). The double product a·b is
 * below 2^64, where an ulp is at most 2^11, so it is within 2^10 of the exact one; subtracting lo
 * rounds by at most 2^10 more, so (a·b − lo)/2^32 lies within 2^-21 of the integer wanted and
 * rounding it gives that integer exactly. Below 2^53 every step is exact anyway.
 */
export function mulHigh(a: number, b: number, lo: number): number {
  return Math.round((a * b - lo) * TWO_MINUS_32);
}

/** The acceptance bound (2^32 − m) mod m of a span m in [2, 2^32). */
export function threshold32(m: number): number {
  return (TWO_32 - m) % m;
}

/**
 * An integer in [0, m) for a span m in [1, 2^32]. Span 1 reads no word and span 2^32 takes the word
 * as is (NumPy's random_bounded_uint64 does both the same way). The threshold is only computed when
 * the low half is below m, which bounds it (Lemire's trick): most calls divide nothing.
 */
export function boundedUint32(src: BitSource, m: number): number {
  if (m === TWO_32) return src.nextUint32();
  if (m === 1) return 0;
  let w = src.nextUint32();
  let lo = Math.imul(w, m) >>> 0;
  if (lo < m) {
    const t = threshold32(m);
    while (lo < t) {
      w = src.nextUint32();
      lo = Math.imul(w, m) >>> 0;
    }
  }
  return mulHigh(w, m, lo);
}

/** The rest of a draw whose words ran out in the lent array: attempts from nextUint32 until one is accepted. */
function retry32(src: BitSource, m: number, t: number): number {
  for (;;) {
    const w = src.nextUint32();
    const lo = Math.imul(w, m) >>> 0;
    if (lo >= t) return mulHigh(w, m, lo);
  }
}

/** The 64-bit word an attempt reads, as halves (calls are synchronous and never interleave). */
const WORD = new Float64Array(2);

/** The place a draw kernel reads and moves (one per module: calls are synchronous and never interleave). */
const PLACE: DrawPlace = new Float64Array(2);

/**
 * Fills `target` with base + an integer in [0, m) each, for a span m in [2, 2^32) whose values fit
 * the target (checked by the caller); `t` is threshold32(m). Reads the words in place where the
 * source lends them (the same words, in the same order), through its draw kernel where it has one,
 * the target is a typed array and enough values are left.
 */
export function fillBounded32(src: BitSource, m: number, t: number, base: number, target: { length: number; [i: number]: number }): void {
  const n = target.length;
  let i = 0;
  if (!lendsWords(src)) {
    for (; i < n; i++) target[i] = base + retry32(src, m, t);
    return;
  }
  const kernel = typedArrayTypeOf(target) === undefined ? null : src.drawKernel;
  while (i < n) {
    const words = src.lend(Math.min(n - i, LEND_LIMIT));
    const end = words.length;
    let short = false;
    if (kernel !== null && n - i >= kernel.minValues) {
      PLACE[0] = src.cursor;
      PLACE[1] = i;
      kernel.bounded32(words, m, t, base, target as NumberIntegerArray, n, PLACE);
      src.cursor = PLACE[0]!;
      i = PLACE[1]!;
      // Stopped before a value whose words ran out: the kernel left its rejected words unread.
      short = i < n && src.cursor < end;
    } else {
      let k = src.cursor;
      // Values whose first word is surely there; only a rejection (rare) checks for the end.
      let stop = Math.min(n, i + end - k);
      for (; i < stop; i++) {
        let w = words[k++]!;
        let lo = Math.imul(w, m) >>> 0;
        if (lo < t) {
          while (lo < t && k < end) {
            w = words[k++]!;
            lo = Math.imul(w, m) >>> 0;
          }
          if (lo < t) {
            short = true;
            break;
          }
          stop = Math.min(n, i + 1 + end - k);
        }
        target[i] = base + mulHigh(w, m, lo);
      }
      src.cursor = k;
    }
    // Rejected at the end of the lent words: that value continues word by word.
    if (short) target[i++] = base + retry32(src, m, t);
  }
}

/**
 * An integer in [0, M) for a span M = mHi·2^32 + mLo in (2^32, 2^64), from 64-bit words (NumPy's
 * next_uint64 for 32-bit generators: first word high), with the 128-bit product formed exactly from
 * four 32×32-bit products. Writes the result's high and low halves into `into`.
 */
export function boundedUint64(src: BitSource, mHi: number, mLo: number, into: Float64Array): void {
  let tHi = -1;
  let tLo = 0;
  for (;;) {
    nextUint64Into(src, WORD);
    const xHi = WORD[0]!;
    const xLo = WORD[1]!;
    const l0 = Math.imul(xLo, mLo) >>> 0;
    const h0 = mulHigh(xLo, mLo, l0);
    const l1 = Math.imul(xLo, mHi) >>> 0;
    const h1 = mulHigh(xLo, mHi, l1);
    const l2 = Math.imul(xHi, mLo) >>> 0;
    const h2 = mulHigh(xHi, mLo, l2);
    const l3 = Math.imul(xHi, mHi) >>> 0;
    const h3 = mulHigh(xHi, mHi, l3);
    // Limb 1 and limb 2 of the product, each with its carry (sums below 2^34, exact in doubles).
    const s1 = h0 + l1 + l2;
    const c1 = Math.floor(s1 * TWO_MINUS_32);
    const limb1 = s1 - c1 * TWO_32;
    const s2 = h1 + h2 + l3 + c1;
    const c2 = Math.floor(s2 * TWO_MINUS_32);
    // The low 64 bits (limb1, l0) decide; the threshold, below M, is only needed when they are below M.
    if (limb1 > mHi || (limb1 === mHi && l0 >= mLo)) {
      into[0] = h3 + c2;
      into[1] = s2 - c2 * TWO_32;
      return;
    }
    if (tHi < 0) {
      const m = BigInt(mHi) * 4294967296n + BigInt(mLo);
      const t = ((1n << 64n) - m) % m;
      tHi = Number(t >> 32n);
      tLo = Number(t & 0xffffffffn);
    }
    if (limb1 > tHi || (limb1 === tHi && l0 >= tLo)) {
      into[0] = h3 + c2;
      into[1] = s2 - c2 * TWO_32;
      return;
    }
  }
}

const PARTS = new Float64Array(2);

/**
 * An integer in [0, m) for a span m in [1, 2^53] given as a number: the 32-bit method up to 2^32,
 * the 64-bit one above (NumPy's random_bounded_uint64 with rng = m − 1).
 */
export function boundedSafe(src: BitSource, m: number): number {
  if (m <= TWO_32) return boundedUint32(src, m);
  const mHi = Math.floor(m * TWO_MINUS_32);
  boundedUint64(src, mHi, m - mHi * TWO_32, PARTS);
  return PARTS[0]! * TWO_32 + PARTS[1]!;
}
