/**
 * NumPy's MT19937 bit generator (numpy/random/_mt19937.pyx, src/mt19937/): the Mersenne Twister
 * seeded through SeedSequence — its 624 words from generate_state(624), the first replaced by
 * 0x80000000, and the read position left at 623 (so the first output is the last seeded word,
 * tempered, before the first twist), as NumPy's constructor leaves it. 64-bit draws are two words,
 * the first high; doubles take two words (the 53-bit double CPython's random() also makes).
 *
 * jumped() is NumPy's mt19937_jump: the state advanced by 2^128 words through Horner's rule on the
 * polynomial x^(2^128) mod φ (Haramoto et al., "Efficient jump ahead for F2-linear random number
 * generators", 2008), φ MT19937's characteristic polynomial. The polynomial is computed here from φ
 * (src/engines/mt19937-jump-data.ts) by 128 squarings; the Horner steps follow NumPy's exactly,
 * including their view of the words as a circular buffer from the read position, which decides
 * the words (and position) NumPy reads next.
 */

import { F2Modulus } from '../engines/f2-modulus.js';
import { MT_DEGREE, MT_N } from '../engines/mt19937-core.js';
import { MT19937_CHARPOLY } from '../engines/mt19937-jump-data.js';
import { Mersenne } from '../python/mersenne.js';
import { SeedSequence } from './seed-sequence.js';
import type { BitGeneratorSeed } from './pcg64.js';

const MT_M = 397;
const MATRIX_A = 0x9908b0df | 0;
const UPPER = 0x80000000 | 0;
const LOWER = 0x7fffffff;

/** NumPy's `state` dict: the 624 key words and the read position. */
export interface Mt19937State {
  bit_generator: 'MT19937';
  state: { key: number[]; pos: number };
}

let jumpPolynomial: Uint32Array | undefined;

/** x^(2^128) mod φ, computed once on first use. */
function jumpPoly(): Uint32Array {
  if (jumpPolynomial === undefined) {
    const mod = new F2Modulus(MT19937_CHARPOLY, MT_DEGREE);
    const a = new Uint32Array(MT_N);
    a[0] = 2; // x
    for (let i = 0; i < 128; i++) mod.square(a);
    jumpPolynomial = a;
  }
  return jumpPolynomial;
}

export class MT19937 {
  readonly #mt = new Mersenne();
  readonly seedSeq: SeedSequence;

  constructor(seed?: BitGeneratorSeed) {
    this.seedSeq = seed instanceof SeedSequence ? seed : new SeedSequence(seed);
    const val = this.seedSeq.generateState(MT_N, 'uint32');
    this.#mt.mt.set(val);
    this.#mt.mt[0] = UPPER;
    this.#mt.index = MT_N - 1;
  }

  nextUint32(): number {
    return this.#mt.nextUint32();
  }

  nextUint64(): bigint {
    return this.#mt.nextUint64();
  }

  nextUint64Into(halves: Float64Array): void {
    halves[0] = this.#mt.nextUint32();
    halves[1] = this.#mt.nextUint32();
  }

  nextDouble(): number {
    return this.#mt.random();
  }

  /** random_raw(size=None): NumPy's raw output of MT19937 is one 32-bit word (as a uint64). */
  randomRaw(): bigint;
  randomRaw(size: number): BigUint64Array;
  randomRaw(size?: number): bigint | BigUint64Array {
    if (size === undefined) return BigInt(this.#mt.nextUint32());
    if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`randomRaw: size must be an integer ≥ 0 (got ${size})`);
    const out = new BigUint64Array(size);
    for (let i = 0; i < size; i++) out[i] = BigInt(this.#mt.nextUint32());
    return out;
  }

  /** jumped(jumps=1): a copy advanced by jumps·2^128 words (NumPy's mt19937_jump, once per jump). */
  jumped(jumps = 1): MT19937 {
    if (!Number.isSafeInteger(jumps) || jumps < 0) throw new RangeError(`jumped: jumps must be an integer ≥ 0 (got ${jumps})`);
    const copy = new MT19937(this.seedSeq);
    copy.state = this.state;
    for (let j = 0; j < jumps; j++) copy.#jumpOnce();
    return copy;
  }

  /** mt19937_jump_state: Horner's rule over the jump polynomial on the circular (key, pos) state. */
  #jumpOnce(): void {
    const poly = jumpPoly();
    const coef = (d: number): boolean => (((poly[d >>> 5] as number) >>> (d & 31)) & 1) === 1;
    const state = { key: Int32Array.from(this.#mt.mt), pos: this.#mt.index >= MT_N ? 0 : this.#mt.index };
    let d = MT_DEGREE - 1;
    while (d >= 0 && !coef(d)) d--;
    const temp = { key: Int32Array.from(state.key), pos: state.pos };
    if (d > 0) {
      genNext(temp);
      for (d--; d > 0; d--) {
        if (coef(d)) addState(temp, state);
        genNext(temp);
      }
      if (coef(0)) addState(temp, state);
    }
    this.#mt.mt.set(temp.key);
    this.#mt.index = temp.pos;
  }

  /** spawn(n_children): generators seeded from this one's SeedSequence's children. */
  spawn(nChildren: number): MT19937[] {
    return this.seedSeq.spawn(nChildren).map((child) => new MT19937(child));
  }

  get state(): Mt19937State {
    return { bit_generator: 'MT19937', state: { key: Array.from(this.#mt.mt, (w) => w >>> 0), pos: this.#mt.index } };
  }

  set state(value: Mt19937State) {
    if (value?.bit_generator !== 'MT19937') throw new RangeError('state must be for a MT19937 PRNG');
    const key = value.state?.key;
    const pos = value.state?.pos;
    if (!Array.isArray(key) || key.length !== MT_N || key.some((w) => !Number.isInteger(w) || w < 0 || w > 0xffffffff)) throw new RangeError(`state: key must be ${MT_N} integers in [0, 2^32 − 1]`);
    if (!Number.isInteger(pos) || pos < 0 || pos > MT_N) throw new RangeError(`state: pos must be an integer in [0, ${MT_N}]`);
    this.#mt.mt.set(key);
    this.#mt.index = pos;
  }
}

interface Circular {
  key: Int32Array;
  pos: number;
}

/** gen_next: one word of the recurrence written over the oldest (at pos), pos moved on circularly. */
function genNext(s: Circular): void {
  const k = s.key;
  const n = s.pos;
  const next = n === MT_N - 1 ? 0 : n + 1;
  const y = ((k[n] as number) & UPPER) | ((k[next] as number) & LOWER);
  k[n] = (k[(n + MT_M) % MT_N] as number) ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
  s.pos = next;
}

/** add_state: a ^= b word by word, each read from its own position. */
function addState(a: Circular, b: Circular): void {
  for (let i = 0; i < MT_N; i++) {
    const ia = (i + a.pos) % MT_N;
    a.key[ia] = (a.key[ia] as number) ^ (b.key[(i + b.pos) % MT_N] as number);
  }
}
