/**
 * Jump-ahead for cuRAND's MTGP32 blocks: brings one block's state forward by k steps of its
 * recursion in about the time of a few tens of thousands of steps, however large k (up to 2^53),
 * as p(A)·state with p = x^k mod φ and φ the block's parameter set's characteristic polynomial
 * (mtgp32-charpoly.ts; Haramoto et al., INFORMS J. Computing 20(3), 2008).
 *
 * The block's state is kept as mtgp32.ts keeps it: an Int32Array ring of 1024 words whose live
 * window is the 351 words from ring index idx on (indices mod 1024). A jump leaves the ring as k
 * steps would in every word the recursion and the tempering can read (all but the masked-off low 19
 * bits of the window's oldest word, which neither reads: every set's pos is at least 3).
 */

import { jumpWindow, JumpScratch } from './f2-horner.js';
import { F2Modulus, XPower } from './f2-modulus.js';
import { MTGP32_CHARPOLY_BASE64 } from './mtgp32-charpoly.js';
import { MTGP32_DEGREE, MTGP32_WORDS, mtgp32Recurrence } from './mtgp32-recurrence.js';
import { createXorHeap, type XorHeap } from './xor-kernel.js';

const RING = 1024;
const RING_MASK = RING - 1;

/**
 * Steps below which stepping a block (mtgp32.ts's skip) costs less than jumping it; jumpBlock is
 * exact for any k, this only says which is faster (docs/jump-ahead.md, "MTGP32").
 */
export const MTGP32_JUMP_MIN_STEPS = 1 << 17;

/** Parameter sets with a characteristic polynomial here (cuRAND uses sets 0 … blocks − 1 ≤ 191). */
export const MTGP32_JUMP_SETS = MTGP32_CHARPOLY_BASE64.length;

/** Set `set`'s characteristic polynomial φ: coefficients 0 … 11213 as bits (bit i % 32 of word ⌊i/32⌋). */
export function mtgp32CharPoly(set: number): Uint32Array {
  const text = MTGP32_CHARPOLY_BASE64[set];
  if (text === undefined) throw new RangeError(`set must be an integer in [0, ${MTGP32_JUMP_SETS - 1}]`);
  const bytes = atob(text);
  const poly = new Uint32Array(MTGP32_WORDS);
  for (let i = 0; i < bytes.length; i++) poly[i >>> 2] = (poly[i >>> 2] as number) | (bytes.charCodeAt(i) << ((i & 3) * 8));
  return poly;
}

/** Scratch reused across block jumps: the polynomial tables' heap and the Horner table's. */
export class Mtgp32JumpScratch {
  readonly modulusHeap: XorHeap;
  readonly horner: JumpScratch;

  /** `plain` forces the JavaScript XOR loop. */
  constructor(plain = false) {
    this.modulusHeap = createXorHeap(F2Modulus.heapWords(MTGP32_DEGREE), plain);
    this.horner = new JumpScratch(plain);
  }
}

/**
 * One block's jump as set-up steps of about the same cost each (a square of the jump polynomial,
 * or setting up its tables, or the final evaluation), so that a staged set-up can run it in slices:
 * the ring (1024 words) holds the window at ring index `idx`; once `stepsLeft` is 0 the window is at
 * ring index {@link Mtgp32BlockJump.idx} = (idx + steps) mod 1024, as after `steps` steps. One job at
 * a time per scratch.
 */
export class Mtgp32BlockJump {
  readonly #ring: Int32Array;
  readonly #from: number;
  readonly #set: number;
  readonly #steps: number;
  readonly #scratch: Mtgp32JumpScratch;
  #power: XPower | undefined;
  #stepsLeft: number;

  constructor(ring: Int32Array, idx: number, set: number, steps: number, scratch = new Mtgp32JumpScratch()) {
    if (!(ring instanceof Int32Array) || ring.length !== RING) throw new TypeError('ring must be an Int32Array of 1024 words');
    if (!Number.isInteger(idx) || idx < 0 || idx >= RING) throw new RangeError('idx must be an integer in [0, 1023]');
    if (!Number.isInteger(set) || set < 0 || set >= MTGP32_JUMP_SETS) throw new RangeError(`set must be an integer in [0, ${MTGP32_JUMP_SETS - 1}]`);
    if (!Number.isSafeInteger(steps) || steps < 0) throw new RangeError('steps must be an integer in [0, 2^53 − 1]');
    this.#ring = ring;
    this.#from = idx;
    this.#set = set;
    this.#steps = steps;
    this.#scratch = scratch;
    this.#stepsLeft = Mtgp32BlockJump.stepsFor(steps);
  }

  /** Set-up steps a jump of `steps` steps takes: the tables, the squares, the evaluation. */
  static stepsFor(steps: number): number {
    return 2 + XPower.stepsFor(steps, MTGP32_DEGREE);
  }

  get stepsLeft(): number {
    return this.#stepsLeft;
  }

  /** The window's ring index after the jump. */
  get idx(): number {
    return (this.#from + (this.#steps % RING)) & RING_MASK;
  }

  /** Runs up to `count` set-up steps; returns how many ran. */
  run(count: number): number {
    let done = 0;
    for (; done < count && this.#stepsLeft > 0; done++, this.#stepsLeft--) {
      if (this.#power === undefined) {
        const modulus = new F2Modulus(mtgp32CharPoly(this.#set), MTGP32_DEGREE, this.#scratch.modulusHeap);
        this.#power = new XPower(modulus, this.#steps);
      } else if (this.#power.stepsLeft > 0) {
        this.#power.run(1);
      } else {
        this.#apply(this.#power.value);
      }
    }
    return done;
  }

  #apply(poly: Uint32Array): void {
    const ring = this.#ring;
    const window = new Int32Array(MTGP32_WORDS);
    for (let i = 0; i < MTGP32_WORDS; i++) window[i] = ring[(this.#from + i) & RING_MASK] as number;
    jumpWindow(mtgp32Recurrence(this.#set), window, poly, window, this.#scratch.horner);
    const to = this.idx;
    for (let i = 0; i < MTGP32_WORDS; i++) ring[(to + i) & RING_MASK] = window[i] as number;
    this.#power = undefined;
  }
}

/**
 * Brings a block forward by `steps` steps of parameter set `set`'s recursion at once: `ring` (1024
 * words) holds the window at ring index `idx`; returns the new ring index (idx + steps) mod 1024,
 * where the window now is. Tempered output then continues exactly as after `steps` steps.
 */
export function jumpBlock(ring: Int32Array, idx: number, set: number, steps: number, scratch = new Mtgp32JumpScratch()): number {
  const job = new Mtgp32BlockJump(ring, idx, set, steps, scratch);
  job.run(Infinity);
  return job.idx;
}
