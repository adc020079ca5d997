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

import { createXorHeap, type XorHeap } from './xor-kernel.js';

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

/** Coefficient bits of the jump polynomial consumed per table lookup (Horner in base 2^8). */
const WINDOW = 8;
const TABLE = 1 << WINDOW;
/** Room for the accumulator to slide forward before it is copied back to the front. */
const SLIDE = 4 * MT_N;
/** Heap layout (words): the 2^8-entry table, the source's first windows, the accumulator. */
const TABLE_AT = 0;
const EXT_AT = TABLE * MT_N;
const ACC_AT = EXT_AT + MT_N + WINDOW;
const HEAP_WORDS = ACC_AT + SLIDE;

/**
 * Scratch for {@link jump}, reused across jumps (≈ 650 KB): the 2^8 combinations of the source's first
 * 8 shifted windows, and the accumulator's sliding buffer, in one heap whose block XORs run on
 * WebAssembly SIMD where available (xor-kernel.ts).
 */
export class JumpScratch {
  readonly xor: XorHeap;
  constructor(plain = false) {
    this.xor = createXorHeap(HEAP_WORDS, plain);
  }
}

/**
 * dst = p(A)·src for a polynomial p of degree < 19937 given as bits (coefficient i is bit i % 32 of
 * word ⌊i / 32⌋): with p = x^J mod φ (φ the characteristic polynomial) this advances the window by
 * J steps. Only the low 31 bits of dst's first word may differ from the true window; the recurrence
 * never reads them, so no output depends on them.
 *
 * Horner's rule eight coefficients at a time: acc ← A^8·acc + Σ_j p_{8c+j}·A^j·src, with the 256
 * possible inner sums tabulated once per jump. About 2·10^6 word XORs per jump.
 */
export function jump(src: Int32Array, poly: Uint32Array, dst: Int32Array, scratch: JumpScratch): void {
  const { heap, xorInto, xorOf } = scratch.xor;
  heap.set(src.subarray(0, MT_N), EXT_AT);
  extend(heap, EXT_AT, WINDOW - 1);
  // table[b] = XOR of the windows A^j·src (= ext[j … j+624)) for the set bits j of b.
  for (let b = 1; b < TABLE; b++) {
    const low = b & -b;
    xorOf(TABLE_AT + b * MT_N, TABLE_AT + (b ^ low) * MT_N, EXT_AT + 31 - Math.clz32(low), MT_N);
  }
  heap.fill(0, ACC_AT, ACC_AT + MT_N);
  let at = ACC_AT;
  const chunks = Math.ceil(MT_DEGREE / WINDOW);
  for (let c = chunks - 1; c >= 0; c--) {
    if (c !== chunks - 1) {
      if (at + MT_N + WINDOW > ACC_AT + SLIDE) {
        heap.copyWithin(ACC_AT, at, at + MT_N);
        at = ACC_AT;
      }
      extend(heap, at, WINDOW);
      at += WINDOW;
    }
    const bits = ((poly[c >>> 2] as number) >>> ((c & 3) * WINDOW)) & (TABLE - 1);
    if (bits !== 0) xorInto(at, TABLE_AT + bits * MT_N, MT_N);
  }
  dst.set(heap.subarray(at, at + MT_N));
}
