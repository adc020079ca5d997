/**
 * NumPy's PCG64 and PCG64DXSM bit generators (numpy/random/_pcg64.pyx, src/pcg64/pcg64.h; after
 * M. E. O'Neill, "PCG: A family of simple fast space-efficient statistically good algorithms for
 * random number generation", 2014): a 128-bit LCG with an odd increment.
 * - PCG64 (XSL-RR): step with the 128-bit multiplier, then output rotr(high ^ low, state >> 122).
 * - PCG64DXSM: output DXSM of the state before stepping, step with the 64-bit "cheap" multiplier.
 * Both are seeded alike: SeedSequence(seed).generate_state(4, uint64) gives the initial state
 * (words 0, 1) and the stream (words 2, 3), taken through PCG's srandom with the 128-bit
 * multiplier. A 32-bit draw takes the low half of a 64-bit output and keeps the high half for the
 * next one. advance(δ) is Brown's arbitrary-stride jump ("Random Number Generation with Arbitrary
 * Stride", 1994); jumped() advances by ⌊(φ − 1)·2^128⌋ per jump.
 */

import { mulHigh } from '../draws/lemire.js';
import { SeedSequence, type Entropy } from './seed-sequence.js';

const MASK_128 = (1n << 128n) - 1n;
/** PCG's default 128-bit multiplier (PCG_DEFAULT_MULTIPLIER_128). */
const MULTIPLIER = (2549297995355413924n << 64n) | 4865540595714422341n;
/** PCG's 64-bit "cheap multiplier" (PCG_CHEAP_MULTIPLIER_128). */
const CHEAP_MULTIPLIER = 0xda942042e4dd58b5n;
/** The jump: the golden ratio's fraction times 2^128 (_pcg64.pyx jump_inplace). */
const JUMP_STEP = 0x9e3779b97f4a7c15f39cc0605cedc835n;
const TWO_POW_MINUS_53 = 2 ** -53;

/** The state as NumPy's `bit_generator.state` dict holds it, its 128-bit ints as decimal strings. */
export interface Pcg64State {
  bit_generator: 'PCG64' | 'PCG64DXSM';
  state: { state: string; inc: string };
  has_uint32: number;
  uinteger: number;
}

/** A seed: an int or array of ints (through SeedSequence), a SeedSequence, or none (OS entropy). */
export type BitGeneratorSeed = Entropy | SeedSequence | null | undefined;

/** PCG64 and PCG64DXSM: the 128-bit LCG they share. */
export abstract class Pcg128 {
  // The 128-bit state, increment and multiplier as six limbs, least significant first: five of 24
  // bits and a top one of 8. A step's limb products (below 2^48) and column sums (at most six
  // products and a carry, below 2^51) are exact in doubles: 21 products a step, several times faster
  // than bigint arithmetic. Seeding, advance and the state dict use bigints.
  readonly #s = new Float64Array(LIMBS);
  readonly #inc = new Float64Array(LIMBS);
  readonly #mult = new Float64Array(LIMBS);
  /** The last 64-bit output: [0] its high 32 bits, [1] its low 32 bits. */
  protected readonly out = new Float64Array(2);
  #hasUint32 = false;
  #uinteger = 0;
  /** The SeedSequence this generator was seeded from (spawn uses it). */
  readonly seedSeq: SeedSequence;

  protected abstract readonly name: 'PCG64' | 'PCG64DXSM';
  /** One 64-bit output into `out`, stepping the state. */
  protected abstract output(): void;

  /** multiplier: this variant's LCG multiplier (its steps and advance). */
  constructor(seed: BitGeneratorSeed, private readonly multiplier: bigint) {
    this.seedSeq = seed instanceof SeedSequence ? seed : new SeedSequence(seed);
    const [s0, s1, i0, i1] = this.seedSeq.generateState(4, 'uint64') as unknown as [bigint, bigint, bigint, bigint];
    // pcg_setseq_128_srandom_r, with the 128-bit multiplier for both variants (pcg64_set_seed).
    const inc = ((((i0 << 64n) | i1) << 1n) | 1n) & MASK_128;
    let state = inc;
    state = (state + ((s0 << 64n) | s1)) & MASK_128;
    state = (state * MULTIPLIER + inc) & MASK_128;
    toLimbs(state, this.#s);
    toLimbs(inc, this.#inc);
    toLimbs(multiplier, this.#mult);
  }

  /** PCG64DXSM's output and cheap multiplier (the vectorised fills take the variant as a flag). */
  abstract readonly cheap: boolean;

  /**
   * The state as 32-bit words, least significant first, into w: state [0–3], increment [4–7],
   * has_uint32 [8], uinteger [9] (the vectorised fills' state block, src/numpy/fills.ts).
   */
  saveWords(w: Uint32Array): void {
    const s = this.#s;
    const inc = this.#inc;
    w[0] = word0(s);
    w[1] = word1(s);
    w[2] = word2(s);
    w[3] = word3(s);
    w[4] = word0(inc);
    w[5] = word1(inc);
    w[6] = word2(inc);
    w[7] = word3(inc);
    w[8] = this.#hasUint32 ? 1 : 0;
    w[9] = this.#uinteger;
  }

  /** The state and 32-bit buffer back from words saveWords wrote (the increment never changes). */
  loadWords(w: Uint32Array): void {
    const s = this.#s;
    const w0 = w[0]!, w1 = w[1]!, w2 = w[2]!, w3 = w[3]!;
    s[0] = w0 & 0xffffff;
    s[1] = (w0 >>> 24) | ((w1 & 0xffff) << 8);
    s[2] = (w1 >>> 16) | ((w2 & 0xff) << 16);
    s[3] = w2 >>> 8;
    s[4] = w3 & 0xffffff;
    s[5] = w3 >>> 24;
    this.#hasUint32 = w[8] !== 0;
    this.#uinteger = w[9]!;
  }

  /** The state's limbs, for the variants' outputs. */
  protected get limbs(): Float64Array {
    return this.#s;
  }

  /** One LCG step, state·multiplier + inc mod 2^128, column by column with carries (unrolled: the hot loop). */
  protected step(): void {
    const s = this.#s;
    const m = this.#mult;
    const inc = this.#inc;
    const s0 = s[0] as number, s1 = s[1] as number, s2 = s[2] as number, s3 = s[3] as number, s4 = s[4] as number, s5 = s[5] as number;
    const m0 = m[0] as number, m1 = m[1] as number, m2 = m[2] as number, m3 = m[3] as number, m4 = m[4] as number, m5 = m[5] as number;
    let c = (inc[0] as number) + s0 * m0;
    let hi = Math.floor(c * TWO_POW_MINUS_24);
    s[0] = c - hi * TWO_POW_24;
    c = hi + (inc[1] as number) + s0 * m1 + s1 * m0;
    hi = Math.floor(c * TWO_POW_MINUS_24);
    s[1] = c - hi * TWO_POW_24;
    c = hi + (inc[2] as number) + s0 * m2 + s1 * m1 + s2 * m0;
    hi = Math.floor(c * TWO_POW_MINUS_24);
    s[2] = c - hi * TWO_POW_24;
    c = hi + (inc[3] as number) + s0 * m3 + s1 * m2 + s2 * m1 + s3 * m0;
    hi = Math.floor(c * TWO_POW_MINUS_24);
    s[3] = c - hi * TWO_POW_24;
    c = hi + (inc[4] as number) + s0 * m4 + s1 * m3 + s2 * m2 + s3 * m1 + s4 * m0;
    hi = Math.floor(c * TWO_POW_MINUS_24);
    s[4] = c - hi * TWO_POW_24;
    c = hi + (inc[5] as number) + s0 * m5 + s1 * m4 + s2 * m3 + s3 * m2 + s4 * m1 + s5 * m0;
    s[5] = c - Math.floor(c * TWO_POW_MINUS_8) * TWO_POW_8;
  }

  /** next_uint64. */
  nextUint64(): bigint {
    this.output();
    return (BigInt(this.out[0] as number) << 32n) | BigInt(this.out[1] as number);
  }

  /** next_uint64 as halves ([0] high, [1] low), without a bigint. */
  nextUint64Into(halves: Float64Array): void {
    this.output();
    halves[0] = this.out[0] as number;
    halves[1] = this.out[1] as number;
  }

  /** next_uint32: the low half of a 64-bit output, its high half the next call's. */
  nextUint32(): number {
    if (this.#hasUint32) {
      this.#hasUint32 = false;
      return this.#uinteger;
    }
    this.output();
    this.#hasUint32 = true;
    this.#uinteger = this.out[0] as number;
    return this.out[1] as number;
  }

  /** next_double: the top 53 bits of a 64-bit output. */
  nextDouble(): number {
    this.output();
    return ((this.out[0] as number) * TWO_POW_21 + ((this.out[1] as number) >>> 11)) * TWO_POW_MINUS_53;
  }

  /** random_raw(size=None): 64-bit outputs. */
  randomRaw(): bigint;
  randomRaw(size: number): BigUint64Array;
  randomRaw(size?: number): bigint | BigUint64Array {
    if (size === undefined) return this.nextUint64();
    if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`randomRaw: size must be an integer ≥ 0 (got ${size})`);
    const out = new BigUint64Array(size);
    const halves = new Uint32Array(out.buffer);
    for (let i = 0; i < size; i++) {
      this.output();
      // Little-endian: the low word first.
      halves[2 * i] = this.out[1] as number;
      halves[2 * i + 1] = this.out[0] as number;
    }
    return out;
  }

  /** advance(delta): as if delta 64-bit outputs were drawn (delta mod 2^128; the 32-bit buffer is dropped). */
  advance(delta: bigint | number): this {
    const d = typeof delta === 'bigint' ? delta : Number.isSafeInteger(delta) ? BigInt(delta) : undefined;
    if (d === undefined) throw new TypeError(`advance: delta must be an integer (a safe-integer number or a bigint), got ${String(delta)}`);
    // Brown's method: the composite multiplier and increment of 2^k steps, by squaring.
    let rest = d & MASK_128;
    let curMult = this.multiplier;
    let curPlus = fromLimbs(this.#inc);
    let accMult = 1n;
    let accPlus = 0n;
    while (rest > 0n) {
      if (rest & 1n) {
        accMult = (accMult * curMult) & MASK_128;
        accPlus = (accPlus * curMult + curPlus) & MASK_128;
      }
      curPlus = ((curMult + 1n) * curPlus) & MASK_128;
      curMult = (curMult * curMult) & MASK_128;
      rest >>= 1n;
    }
    toLimbs((accMult * fromLimbs(this.#s) + accPlus) & MASK_128, this.#s);
    this.#hasUint32 = false;
    this.#uinteger = 0;
    return this;
  }

  /** jumped(jumps=1): a copy advanced by jumps·⌊(φ − 1)·2^128⌋. */
  jumped(jumps: bigint | number = 1): this {
    const copy = this.#fresh();
    copy.state = this.state;
    const j = typeof jumps === 'bigint' ? jumps : BigInt(jumps);
    return copy.advance(JUMP_STEP * j);
  }

  /** spawn(n_children): new generators seeded from this one's SeedSequence's children. */
  spawn(nChildren: number): this[] {
    return this.seedSeq.spawn(nChildren).map((child) => this.#fresh(child));
  }

  #fresh(seed?: SeedSequence): this {
    const Ctor = this.constructor as new (seed?: BitGeneratorSeed) => this;
    return new Ctor(seed ?? this.seedSeq);
  }

  /** NumPy's `state` dict (128-bit ints as decimal strings). */
  get state(): Pcg64State {
    return {
      bit_generator: this.name,
      state: { state: fromLimbs(this.#s).toString(), inc: fromLimbs(this.#inc).toString() },
      has_uint32: this.#hasUint32 ? 1 : 0,
      uinteger: this.#uinteger,
    };
  }

  set state(value: Pcg64State) {
    if (value?.bit_generator !== this.name) throw new RangeError(`state must be for a ${this.name} RNG`);
    const state = toUint128(value.state?.state, 'state.state');
    const inc = toUint128(value.state?.inc, 'state.inc');
    if (!Number.isInteger(value.uinteger) || value.uinteger < 0 || value.uinteger > 0xffffffff) throw new RangeError('state: uinteger must be an integer in [0, 2^32 − 1]');
    toLimbs(state, this.#s);
    toLimbs(inc, this.#inc);
    this.#hasUint32 = Boolean(value.has_uint32);
    this.#uinteger = value.uinteger;
  }
}

export class PCG64 extends Pcg128 {
  protected readonly name = 'PCG64' as const;
  readonly cheap = false;

  constructor(seed?: BitGeneratorSeed) {
    super(seed, MULTIPLIER);
  }

  /** XSL-RR after the step: rotr64(high ^ low, state >> 122). */
  protected output(): void {
    this.step();
    const s = this.limbs;
    let h = (word3(s) ^ word1(s)) >>> 0;
    let l = (word2(s) ^ word0(s)) >>> 0;
    let rot = (s[5] as number) >>> 2;
    if (rot >= 32) {
      const t = h;
      h = l;
      l = t;
      rot -= 32;
    }
    if (rot !== 0) {
      const nh = ((h >>> rot) | (l << (32 - rot))) >>> 0;
      l = ((l >>> rot) | (h << (32 - rot))) >>> 0;
      h = nh;
    }
    this.out[0] = h;
    this.out[1] = l;
  }
}

export class PCG64DXSM extends Pcg128 {
  protected readonly name = 'PCG64DXSM' as const;
  readonly cheap = true;

  constructor(seed?: BitGeneratorSeed) {
    super(seed, CHEAP_MULTIPLIER);
  }

  /** DXSM of the state before the step: hi ^= hi >> 32, ·cheap multiplier, hi ^= hi >> 48, ·(lo | 1), all mod 2^64. */
  protected output(): void {
    const s = this.limbs;
    let h1 = word3(s);
    let h0 = word2(s);
    const l1 = word1(s);
    const l0 = (word0(s) | 1) >>> 0;
    h0 = (h0 ^ h1) >>> 0;
    mul64(h1, h0, CHEAP_HI, CHEAP_LO, this.out);
    h1 = this.out[0] as number;
    h0 = ((this.out[1] as number) ^ (h1 >>> 16)) >>> 0;
    mul64(h1, h0, l1, l0, this.out);
    this.step();
  }
}

/** The cheap multiplier's 32-bit halves. */
const CHEAP_HI = 0xda942042;
const CHEAP_LO = 0xe4dd58b5;
const TWO_POW_21 = 2097152;
const LIMBS = 6;
const TWO_POW_24 = 2 ** 24;
const TWO_POW_MINUS_24 = 2 ** -24;
const TWO_POW_8 = 256;
const TWO_POW_MINUS_8 = 1 / 256;

// The state's 32-bit words from its limbs (word k: bits 32k to 32k + 31), as unsigned numbers.
function word0(s: Float64Array): number {
  return ((((s[1] as number) & 0xff) << 24) | (s[0] as number)) >>> 0;
}
function word1(s: Float64Array): number {
  return ((((s[2] as number) & 0xffff) << 16) | ((s[1] as number) >>> 8)) >>> 0;
}
function word2(s: Float64Array): number {
  return (((s[3] as number) << 8) | ((s[2] as number) >>> 16)) >>> 0;
}
function word3(s: Float64Array): number {
  return (((s[5] as number) << 24) | (s[4] as number)) >>> 0;
}

/** (a1·2^32 + a0)·(b1·2^32 + b0) mod 2^64 into out ([0] high, [1] low). */
function mul64(a1: number, a0: number, b1: number, b0: number, out: Float64Array): void {
  const lo = Math.imul(a0, b0) >>> 0;
  out[0] = (mulHigh(a0, b0, lo) + Math.imul(a1, b0) + Math.imul(a0, b1)) >>> 0;
  out[1] = lo;
}

function toLimbs(v: bigint, out: Float64Array): void {
  for (let k = 0; k < LIMBS; k++) out[k] = Number((v >> BigInt(24 * k)) & 0xffffffn);
}

function fromLimbs(limbs: Float64Array): bigint {
  let v = 0n;
  for (let k = LIMBS - 1; k >= 0; k--) v = (v << 24n) | BigInt(limbs[k] as number);
  return v;
}

function toUint128(x: unknown, name: string): bigint {
  let v: bigint | undefined;
  if (typeof x === 'bigint') v = x;
  else if (typeof x === 'number' && Number.isSafeInteger(x)) v = BigInt(x);
  else if (typeof x === 'string' && /^\d+$/.test(x)) v = BigInt(x);
  if (v === undefined || v < 0n || v > MASK_128) throw new RangeError(`state: ${name} must be an integer in [0, 2^128) (a decimal string, bigint or safe integer)`);
  return v;
}
