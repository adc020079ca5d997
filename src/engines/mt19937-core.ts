/**
 * The Mersenne Twister MT19937 (Matsumoto & Nishimura, "Mersenne Twister: a 623-dimensionally
 * equidistributed uniform pseudo-random number generator", ACM TOMACS 8(1), 1998) and its jump-ahead
 * by a polynomial (Haramoto, Matsumoto, Nishimura, Panneton & L'Ecuyer, "Efficient jump ahead for
 * F2-linear random number generators", INFORMS J. Computing 20(3), 2008).
 *
 * A state is a window of 624 consecutive words x_n … x_{n+623} of the recurrence
 *   x_{n+624} = x_{n+397} ^ twist(upper bit of x_n | lower 31 bits of x_{n+1}),
 * oldest word first; advancing the window by one word is one step of the linear map A. Words are
 * kept as int32 (Int32Array) so that V8 stays on small integers.
 */

import { jumpWindow, JumpScratch, type F2Recurrence } from './f2-horner.js';

export { JumpScratch };

export const MT_N = 624;
const MT_M = 397;
const MATRIX_A = 0x9908b0df | 0;
const UPPER = 0x80000000 | 0;
const LOWER = 0x7fffffff;
/** The degree of MT19937's characteristic polynomial: the state has 19937 significant bits. */
export const MT_DEGREE = 19937;

/** init_genrand: Knuth's multiplier 1812433253 spreads a 32-bit seed over the 624 words. */
export function initGenrand(seed32: number, mt: Int32Array): void {
  mt[0] = seed32 | 0;
  for (let i = 1; i < MT_N; i++) {
    const prev = mt[i - 1] as number;
    mt[i] = (Math.imul(1812433253, prev ^ (prev >>> 30)) + i) | 0;
  }
}

/** Replaces the 624 words by the next 624 of the recurrence (the classic in-place twist). */
export function twist(mt: Int32Array): void {
  let i = 0;
  for (; i < MT_N - MT_M; i++) {
    const y = ((mt[i] as number) & UPPER) | ((mt[i + 1] as number) & LOWER);
    mt[i] = (mt[i + MT_M] as number) ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
  }
  for (; i < MT_N - 1; i++) {
    const y = ((mt[i] as number) & UPPER) | ((mt[i + 1] as number) & LOWER);
    mt[i] = (mt[i + MT_M - MT_N] as number) ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
  }
  const y = ((mt[MT_N - 1] as number) & UPPER) | ((mt[0] as number) & LOWER);
  mt[MT_N - 1] = (mt[MT_M - 1] as number) ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
}

/** MT19937's output tempering of one word (result as uint32). */
export function temper(x: number): number {
  let y = x ^ (x >>> 11);
  y ^= (y << 7) & 0x9d2c5680;
  y ^= (y << 15) & 0xefc60000;
  return (y ^ (y >>> 18)) >>> 0;
}

/**
 * Extends a linear buffer of words: buf[at + 624 + k] for k < count, from the window at `at`.
 * The caller guarantees the room.
 */
export function extend(buf: Int32Array, at: number, count: number): void {
  for (let n = at, end = at + count; n < end; n++) {
    const y = ((buf[n] as number) & UPPER) | ((buf[n + 1] as number) & LOWER);
    buf[n + MT_N] = (buf[n + MT_M] as number) ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
  }
}

/** MT19937 as a recurrence on its 624-word window, for the polynomial jumps of f2-horner.ts. */
export const MT19937_RECURRENCE: F2Recurrence = { words: MT_N, degree: MT_DEGREE, extend };

/**
 * dst = p(A)·src for a polynomial p of degree < 19937 given as bits (coefficient i is bit i % 32 of
 * word ⌊i / 32⌋): with p = x^J mod φ (φ the characteristic polynomial) this advances the window by
 * J steps. Only the low 31 bits of dst's first word may differ from the true window (the twist never
 * reads them; {@link repairFirstWord} recovers them where the word is output). About 2·10^6 word
 * XORs per jump.
 */
export function jump(src: Int32Array, poly: Uint32Array, dst: Int32Array, scratch: JumpScratch): void {
  jumpWindow(MT19937_RECURRENCE, src, poly, dst, scratch);
}

/**
 * Recomputes the low 31 bits of a window's first word x_n from the rest of the window: by the
 * recurrence, x_{n+623} ^ x_{n+396} = twist(upper bit of x_{n−1} | lower 31 bits of x_n), and the
 * twist is invertible because MATRIX_A's top bit is set (it tells the shifted-out bit). The window
 * must be one the recurrence produced (not init_genrand's, whose x_0 has no predecessor).
 */
export function repairFirstWord(mt: Int32Array): void {
  const v = (mt[MT_N - 1] as number) ^ (mt[MT_M - 1] as number);
  const odd = v >>> 31;
  const y = ((v ^ (-odd & MATRIX_A)) << 1) | odd;
  mt[0] = ((mt[0] as number) & UPPER) | (y & LOWER);
}
