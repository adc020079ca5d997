/**
 * MRG32k3a (L'Ecuyer, "Good parameters and implementations for combined multiple recursive random
 * number generators", Operations Research 47(1), 1999) in cuRAND's host layout
 * (docs/more-generators.md; the measurements in the spec, docs/spec/curand-more-generators.md §2).
 *
 * Threads on the slot model (slot-cursor.ts): 81920 for the DEFAULT and BEST orderings, 4096 for
 * LEGACY. Thread t is curand_init(seed, t, 0): the seed scrambled into the two components' states,
 * then advanced by 2^76·t steps. A "word" here is one step's integer result r in [1, m1], which
 * fits a uint32; the distributions (src/distributions/mrg32k3a.ts) turn r into cuRAND's values.
 *
 * Each component is a linear recurrence of order 3 modulo a prime, one step being a 3×3 companion
 * matrix; skips multiply by its powers A^(2^i), recomputed here exactly by repeated squaring.
 * All arithmetic is exact in doubles: the recurrence's products stay below 2^53, and the matrix
 * products split one factor into 16-bit halves.
 */

import type { Ordering } from '../types.js';
import type { ThreadSlotWriter } from './engine.js';
import type { SlotLayout } from './slot-cursor.js';
import { SlotEngine } from './slot-engine.js';

const M1 = 4294967087;
const M2 = 4294944443;
const A12 = 1403580;
const A13 = 810728;
const A21 = 527612;
const A23 = 1370589;
/** Reductions multiply by 1/m rather than divide (faster; see reduce). */
const INV_M1 = 1 / M1;
const INV_M2 = 1 / M2;
/** Subsequences are 2^76 steps apart. */
const SUBSEQUENCE_LOG2 = 76;
/** Thread indices below 81920 < 2^17. */
const THREAD_BITS = 17;
const POSITION_BITS = 53;
const STEP_LIMIT = 64;
/** Values per thread in the live state: s1[0..2], s2[0..2]. */
const STRIDE = 6;

/**
 * Threads per ordering (§2.3): 81920 for DEFAULT/BEST, 4096 for LEGACY; curandSetGeneratorOffset
 * counts each thread's slots exactly, also near 2^64 (measured; slot-cursor.ts offsetStarts).
 */
export function mrg32k3aLayout(ordering: Ordering): SlotLayout {
  return { threads: ordering === 'legacy' ? 4096 : 81920, offsetWraps: false };
}

/** (a·b) mod m for 0 ≤ a, b < 2^32, exactly in doubles (every partial product < 2^49). */
function mulMod(a: number, b: number, m: number): number {
  const hi = Math.floor(b / 65536);
  const r = (a * hi) % m;
  return (r * 65536 + a * (b - hi * 65536)) % m;
}

/** A 3×3 matrix modulo m, row-major; s ← A·s maps (s0, s1, s2) to the state one step on. */
type Matrix = Float64Array;

/** st[at … at+2] ← a·st[at … at+2] mod m. */
function apply(a: Matrix, m: number, st: Float64Array, at: number): void {
  const x = st[at] as number;
  const y = st[at + 1] as number;
  const z = st[at + 2] as number;
  for (let i = 0; i < 3; i++) {
    st[at + i] =
      (mulMod(a[3 * i] as number, x, m) + mulMod(a[3 * i + 1] as number, y, m) + mulMod(a[3 * i + 2] as number, z, m)) % m;
  }
}

/** A^(2^i) for both components, i < 76 + 17; computed once with BigInt at first use (a constant of the algorithm). */
let powers: { one: Matrix[]; two: Matrix[] } | undefined;

function powerTable(): { one: Matrix[]; two: Matrix[] } {
  if (powers !== undefined) return powers;
  const squares = (first: bigint[], m: bigint): Matrix[] => {
    const out: Matrix[] = [];
    let a = first;
    for (let i = 0; i < SUBSEQUENCE_LOG2 + THREAD_BITS; i++) {
      out.push(Float64Array.from(a, Number));
      const b: bigint[] = new Array<bigint>(9);
      for (let r = 0; r < 3; r++) {
        for (let c = 0; c < 3; c++) {
          b[3 * r + c] = ((a[3 * r] as bigint) * (a[c] as bigint) + (a[3 * r + 1] as bigint) * (a[3 + c] as bigint) + (a[3 * r + 2] as bigint) * (a[6 + c] as bigint)) % m;
        }
      }
      a = b;
    }
    return out;
  };
  const m1 = BigInt(M1);
  const m2 = BigInt(M2);
  // Companion matrices: the new last element is a12·s1 − a13·s0 (component 1), a21·s2 − a23·s0 (component 2).
  const a1 = [0n, 1n, 0n, 0n, 0n, 1n, m1 - BigInt(A13), BigInt(A12), 0n];
  const a2 = [0n, 1n, 0n, 0n, 0n, 1n, m2 - BigInt(A23), 0n, BigInt(A21)];
  powers = { one: squares(a1, m1), two: squares(a2, m2) };
  return powers;
}

/**
 * x mod m for an integer |x| < 2^53 (the recurrences' exact products): the quotient from the
 * reciprocal may be one off, which the sign tests correct.
 */
function reduce(x: number, m: number, inverse: number): number {
  const r = x - Math.floor(x * inverse) * m;
  return r < 0 ? r + m : r >= m ? r - m : r;
}

/** The combined output of the two new values: p1 − p2, plus m1 when that is ≤ 0, in [1, m1]. */
function combine(p1: number, p2: number): number {
  return p1 > p2 ? p1 - p2 : p1 - p2 + M1;
}

/** One step of both components on st[at … at+5]; returns the combined result. */
function step(st: Float64Array, at: number): number {
  const p1 = reduce(A12 * (st[at + 1] as number) - A13 * (st[at] as number), M1, INV_M1);
  st[at] = st[at + 1] as number;
  st[at + 1] = st[at + 2] as number;
  st[at + 2] = p1;
  const p2 = reduce(A21 * (st[at + 5] as number) - A23 * (st[at + 3] as number), M2, INV_M2);
  st[at + 3] = st[at + 4] as number;
  st[at + 4] = st[at + 5] as number;
  st[at + 5] = p2;
  return combine(p1, p2);
}

/** Advances both components by k < 2^53 steps. */
function skip(st: Float64Array, at: number, k: number): void {
  if (k < STEP_LIMIT) {
    for (let i = 0; i < k; i++) step(st, at);
    return;
  }
  const { one, two } = powerTable();
  for (let i = 0; i < POSITION_BITS && k > 0; i++) {
    if (k % 2 === 1) {
      apply(one[i] as Matrix, M1, st, at);
      apply(two[i] as Matrix, M2, st, at + 3);
    }
    k = Math.floor(k / 2);
  }
}

/** curand_init(seed, 0, 0)'s state (§2.2): 12345 everywhere for seed 0, else the seed halves scrambled. */
function seedState(seed: bigint, st: Float64Array, at: number): void {
  if (seed === 0n) {
    st.fill(12345, at, at + STRIDE);
    return;
  }
  const x1 = (Number(seed & 0xffffffffn) ^ 0x55555555) >>> 0;
  const x2 = (Number(seed >> 32n) ^ 0xaaaaaaaa) >>> 0;
  // x·12345 < 2^46: exact, reduced as a whole (x may exceed m).
  st[at] = (x1 * 12345) % M1;
  st[at + 1] = (x2 * 12345) % M1;
  st[at + 2] = (x1 * 12345) % M1;
  st[at + 3] = (x2 * 12345) % M2;
  st[at + 4] = (x1 * 12345) % M2;
  st[at + 5] = (x2 * 12345) % M2;
}

export class Mrg32k3aEngine extends SlotEngine<Float64Array> {
  /** `kernelSlots`: a kernel that writes the raw words of large calls (same bits as writeThread). */
  constructor(seed = 0n, offset = 0n, ordering: Ordering = 'default', kernelSlots?: ThreadSlotWriter) {
    super(STRIDE, kernelSlots);
    this.reset(seed, offset, ordering);
  }

  protected layout(ordering: Ordering): SlotLayout {
    return mrg32k3aLayout(ordering);
  }

  protected newStates(threads: number): Float64Array {
    return new Float64Array(threads * STRIDE);
  }

  protected seedState(s: Float64Array, at: number): void {
    seedState(this.seed, s, at);
  }

  protected skipWords(s: Float64Array, at: number, k: number): void {
    skip(s, at, k);
  }

  protected skipThreads(s: Float64Array, at: number, t: number): void {
    // Both components ← A^(2^76·t)·state.
    const { one, two } = powerTable();
    for (let i = 0; i < THREAD_BITS; i++) {
      if (((t >>> i) & 1) !== 0) {
        apply(one[SUBSEQUENCE_LOG2 + i] as Matrix, M1, s, at);
        apply(two[SUBSEQUENCE_LOG2 + i] as Matrix, M2, s, at + 3);
      }
    }
  }

  protected writeThread(out: Uint32Array, t: number, at: number, count: number, words: number, stride: number): void {
    const st = this.states;
    const p = t * STRIDE;
    let s10 = st[p] as number;
    let s11 = st[p + 1] as number;
    let s12 = st[p + 2] as number;
    let s20 = st[p + 3] as number;
    let s21 = st[p + 4] as number;
    let s22 = st[p + 5] as number;
    for (let r = 0; r < count; r++) {
      let o = at + r * stride;
      for (let k = 0; k < words; k++) {
        // One step (step(), on locals).
        const p1 = reduce(A12 * s11 - A13 * s10, M1, INV_M1);
        s10 = s11;
        s11 = s12;
        s12 = p1;
        const p2 = reduce(A21 * s22 - A23 * s20, M2, INV_M2);
        s20 = s21;
        s21 = s22;
        s22 = p2;
        out[o++] = combine(p1, p2);
      }
    }
    st[p] = s10;
    st[p + 1] = s11;
    st[p + 2] = s12;
    st[p + 3] = s20;
    st[p + 4] = s21;
    st[p + 5] = s22;
  }
}
