/**
 * XORWOW (Marsaglia, "Xorshift RNGs", J. Stat. Softw. 8(14), 2003: a 160-bit xorshift plus a Weyl
 * counter) in cuRAND's host layout (docs/more-generators.md; the measurements in the spec,
 * docs/spec/curand-more-generators.md §1).
 *
 * 4096 threads on the slot model (slot-cursor.ts); thread t is curand_init(seed, t, 0): the seed
 * scrambled into five xorshift words v and a Weyl counter d, then v advanced by 2^67·t steps. Every
 * ordering cuRAND accepts for XORWOW (BEST, DEFAULT, LEGACY) gives this layout.
 *
 * Skip-ahead: the xorshift part is linear over GF(2), one step being a 160×160 bit matrix M; jumping
 * by k steps applies M^k, taken from the powers M^(2^i) by the bits of k. The powers are recomputed
 * here by repeated squaring (they equal the tables cuRAND ships). The Weyl counter just adds
 * 362437·k, and 2^67·362437 ≡ 0 mod 2^32 leaves it untouched by subsequence jumps.
 */

import type { Ordering } from '../types.js';
import type { ThreadSlotWriter } from './engine.js';
import type { SlotLayout } from './slot-cursor.js';
import { SlotEngine } from './slot-engine.js';

export const XORWOW_THREADS = 4096;
/**
 * 4096 threads for every ordering; curandSetGeneratorOffset counts each thread's slots in 64-bit
 * arithmetic, which wraps near 2^64 (slot-cursor.ts offsetStarts; measured).
 */
export const XORWOW_LAYOUT: SlotLayout = { threads: XORWOW_THREADS, offsetWraps: true };
const WEYL = 362437;
/** Subsequences are 2^67 steps apart. */
const SUBSEQUENCE_LOG2 = 67;
/** Thread indices below 4096 have 12 bits. */
const THREAD_BITS = 12;
/** Word positions stay below 2^53. */
const POSITION_BITS = 53;
/** Skips below this are stepped rather than multiplied. */
const STEP_LIMIT = 256;

const WORDS = 5;
const BITS = 32 * WORDS;
/** Words per thread in the live state: v0 … v4, d. */
const STRIDE = 6;

/** One xorshift step on v (in place); the caller handles the Weyl counter. */
function stepV(v: Int32Array, at: number): void {
  const x = (v[at] as number) ^ ((v[at] as number) >>> 2);
  const v4 = v[at + 4] as number;
  v[at] = v[at + 1] as number;
  v[at + 1] = v[at + 2] as number;
  v[at + 2] = v[at + 3] as number;
  v[at + 3] = v4;
  v[at + 4] = v4 ^ (v4 << 4) ^ x ^ (x << 1);
}

/**
 * A 160×160 GF(2) matrix as 160 rows of 5 words: row i is the image of the unit vector "bit i % 32
 * of word ⌊i/32⌋", so applying it XORs together the rows of v's set bits.
 */
type Matrix = Int32Array;

/** out[outAt …] = m·v[at …] (5 words each; out may alias v). */
function apply(m: Matrix, v: Int32Array, at: number, out: Int32Array, outAt: number): void {
  let a0 = 0;
  let a1 = 0;
  let a2 = 0;
  let a3 = 0;
  let a4 = 0;
  for (let w = 0; w < WORDS; w++) {
    let bits = v[at + w] as number;
    while (bits !== 0) {
      const low = bits & -bits;
      bits ^= low;
      const r = (32 * w + 31 - Math.clz32(low)) * WORDS;
      a0 ^= m[r] as number;
      a1 ^= m[r + 1] as number;
      a2 ^= m[r + 2] as number;
      a3 ^= m[r + 3] as number;
      a4 ^= m[r + 4] as number;
    }
  }
  out[outAt] = a0;
  out[outAt + 1] = a1;
  out[outAt + 2] = a2;
  out[outAt + 3] = a3;
  out[outAt + 4] = a4;
}

/**
 * M^(2^i) for i < 67 + 12: element skips up to 2^53 and subsequence skips of 2^67·t, t < 4096.
 * Computed once, at first use (≈ 80 squarings of a 160×160 bit matrix, a few ms), then shared: the
 * table is a constant of the algorithm.
 */
let powers: Matrix[] | undefined;

function powerTable(): Matrix[] {
  if (powers !== undefined) return powers;
  const one: Matrix = new Int32Array(BITS * WORDS);
  for (let i = 0; i < BITS; i++) {
    one[i * WORDS + (i >>> 5)] = 1 << (i & 31);
    stepV(one, i * WORDS);
  }
  const table = [one];
  for (let i = 1; i < SUBSEQUENCE_LOG2 + THREAD_BITS; i++) {
    const prev = table[i - 1] as Matrix;
    const sq: Matrix = new Int32Array(BITS * WORDS);
    for (let r = 0; r < BITS; r++) apply(prev, prev, r * WORDS, sq, r * WORDS);
    table.push(sq);
  }
  powers = table;
  return table;
}

/** v ← M^k·v for 0 ≤ k < 2^53 (k a number), by the binary digits of k. */
function skipV(v: Int32Array, at: number, k: number): void {
  if (k < STEP_LIMIT) {
    for (let i = 0; i < k; i++) stepV(v, at);
    return;
  }
  const table = powerTable();
  for (let i = 0; i < POSITION_BITS && k > 0; i++) {
    if (k % 2 === 1) apply(table[i] as Matrix, v, at, v, at);
    k = Math.floor(k / 2);
  }
}

/** curand_init(seed, 0, 0)'s v and d (§1.2): the seed's halves scrambled with fixed constants. */
function seedState(seed: bigint, out: Int32Array, at: number): void {
  const s0 = Number(seed & 0xffffffffn) ^ 0xaad26b49;
  const s1 = Number(seed >> 32n) ^ 0xf7dcefdd;
  const t0 = Math.imul(1099087573, s0);
  const t1 = Math.imul(2591861531 | 0, s1);
  out[at] = 123456789 + t0;
  out[at + 1] = 362436069 ^ t0;
  out[at + 2] = 521288629 + t1;
  out[at + 3] = 88675123 ^ t1;
  out[at + 4] = 5783321 + t0;
  out[at + 5] = 6615241 + t1 + t0;
}

export class XorwowEngine extends SlotEngine<Int32Array> {
  /** `kernelSlots`: a kernel that writes the raw words of large calls (same bits as writeThread). */
  constructor(seed = 0n, offset = 0n, kernelSlots?: ThreadSlotWriter) {
    super(STRIDE, kernelSlots);
    this.reset(seed, offset, 'default');
  }

  protected layout(_ordering: Ordering): SlotLayout {
    return XORWOW_LAYOUT;
  }

  protected newStates(threads: number): Int32Array {
    return new Int32Array(threads * STRIDE);
  }

  protected seedState(s: Int32Array, at: number): void {
    seedState(this.seed, s, at);
  }

  protected skipWords(s: Int32Array, at: number, k: number): void {
    skipV(s, at, k);
    // ToInt32 inside Math.imul reduces k mod 2^32 exactly (k < 2^53).
    s[at + 5] = (s[at + 5] as number) + Math.imul(WEYL, k);
  }

  protected skipThreads(s: Int32Array, at: number, t: number): void {
    // v ← M^(2^67·t)·v; the Weyl counter does not move (362437·2^67 ≡ 0 mod 2^32).
    const table = powerTable();
    for (let i = 0; i < THREAD_BITS; i++) {
      if (((t >>> i) & 1) !== 0) apply(table[SUBSEQUENCE_LOG2 + i] as Matrix, s, at, s, at);
    }
  }

  protected writeThread(out: Uint32Array, t: number, at: number, count: number, words: number, stride: number): void {
    const st = this.states;
    const p = t * STRIDE;
    let v0 = st[p] as number;
    let v1 = st[p + 1] as number;
    let v2 = st[p + 2] as number;
    let v3 = st[p + 3] as number;
    let v4 = st[p + 4] as number;
    let d = st[p + 5] as number;
    for (let r = 0; r < count; r++) {
      let o = at + r * stride;
      for (let k = 0; k < words; k++) {
        // One xorwow step (stepV, on locals).
        const x = v0 ^ (v0 >>> 2);
        v0 = v1;
        v1 = v2;
        v2 = v3;
        v3 = v4;
        v4 = v4 ^ (v4 << 4) ^ x ^ (x << 1);
        d = (d + WEYL) | 0;
        out[o++] = v4 + d;
      }
    }
    st[p] = v0;
    st[p + 1] = v1;
    st[p + 2] = v2;
    st[p + 3] = v3;
    st[p + 4] = v4;
    st[p + 5] = d;
  }
}
