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

import { SeedSequence, type Entropy } from './seed-sequence.js';

const MASK_64 = (1n << 64n) - 1n;
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

abstract class Pcg128 {
  #state = 0n;
  #inc = 0n;
  #hasUint32 = false;
  #uinteger = 0;
  /** The SeedSequence this generator was seeded from (spawn uses it). */
  readonly seedSeq: SeedSequence;

  protected abstract readonly name: 'PCG64' | 'PCG64DXSM';
  /** The LCG multiplier of this variant's steps and advance. */
  protected abstract readonly multiplier: bigint;
  /** One 64-bit output, stepping the state. */
  protected abstract output(): bigint;

  constructor(seed?: BitGeneratorSeed) {
    this.seedSeq = seed instanceof SeedSequence ? seed : new SeedSequence(seed);
    const [s0, s1, i0, i1] = this.seedSeq.generateState(4, 'uint64') as unknown as [bigint, bigint, bigint, bigint];
    // pcg_setseq_128_srandom_r, with the 128-bit multiplier for both variants (pcg64_set_seed).
    this.#inc = (((i0 << 64n) | i1) << 1n | 1n) & MASK_128;
    this.#state = 0n;
    this.#state = (0n * MULTIPLIER + this.#inc) & MASK_128;
    this.#state = (this.#state + ((s0 << 64n) | s1)) & MASK_128;
    this.#state = (this.#state * MULTIPLIER + this.#inc) & MASK_128;
  }

  /** The 128-bit state, for the variants' outputs. */
  protected get lcgState(): bigint {
    return this.#state;
  }

  /** One LCG step with this variant's multiplier. */
  protected step(): void {
    this.#state = (this.#state * this.multiplier + this.#inc) & MASK_128;
  }

  /** next_uint64. */
  nextUint64(): bigint {
    return this.output();
  }

  /** next_uint32: the low half of a 64-bit output, its high half the next call's. */
  nextUint32(): number {
    if (this.#hasUint32) {
      this.#hasUint32 = false;
      return this.#uinteger;
    }
    const next = this.output();
    this.#hasUint32 = true;
    this.#uinteger = Number(next >> 32n);
    return Number(next & 0xffffffffn);
  }

  /** next_double: the top 53 bits of a 64-bit output. */
  nextDouble(): number {
    return Number(this.output() >> 11n) * TWO_POW_MINUS_53;
  }

  /** random_raw(size=None): 64-bit outputs. */
  randomRaw(): bigint;
  randomRaw(size: number): BigUint64Array;
  randomRaw(size?: number): bigint | BigUint64Array {
    if (size === undefined) return this.output();
    if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`randomRaw: size must be an integer ≥ 0 (got ${size})`);
    const out = new BigUint64Array(size);
    for (let i = 0; i < size; i++) out[i] = this.output();
    return out;
  }

  /** advance(delta): as if delta 64-bit outputs were drawn (delta mod 2^128; the 32-bit buffer is dropped). */
  advance(delta: bigint | number): this {
    const d = typeof delta === 'bigint' ? delta : Number.isSafeInteger(delta) ? BigInt(delta) : undefined;
    if (d === undefined) throw new TypeError(`advance: delta must be an integer (a safe-integer number or a bigint), got ${String(delta)}`);
    // Brown's method: the composite multiplier and increment of 2^k steps, by squaring.
    let rest = d & MASK_128;
    let curMult = this.multiplier;
    let curPlus = this.#inc;
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
    this.#state = (accMult * this.#state + accPlus) & MASK_128;
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
    return { bit_generator: this.name, state: { state: this.#state.toString(), inc: this.#inc.toString() }, has_uint32: this.#hasUint32 ? 1 : 0, uinteger: this.#uinteger };
  }

  set state(value: Pcg64State) {
    if (value?.bit_generator !== this.name) throw new RangeError(`state must be for a ${this.name} RNG`);
    const state = toUint128(value.state?.state, 'state.state');
    const inc = toUint128(value.state?.inc, 'state.inc');
    if (!Number.isInteger(value.uinteger) || value.uinteger < 0 || value.uinteger > 0xffffffff) throw new RangeError('state: uinteger must be an integer in [0, 2^32 − 1]');
    this.#state = state;
    this.#inc = inc;
    this.#hasUint32 = Boolean(value.has_uint32);
    this.#uinteger = value.uinteger;
  }
}

export class PCG64 extends Pcg128 {
  protected readonly name = 'PCG64' as const;
  protected readonly multiplier = MULTIPLIER;

  protected output(): bigint {
    this.step();
    const s = this.lcgState;
    const x = ((s >> 64n) ^ s) & MASK_64;
    const rot = s >> 122n;
    return ((x >> rot) | (x << ((64n - rot) & 63n))) & MASK_64;
  }
}

export class PCG64DXSM extends Pcg128 {
  protected readonly name = 'PCG64DXSM' as const;
  protected readonly multiplier = CHEAP_MULTIPLIER;

  protected output(): bigint {
    const s = this.lcgState;
    let hi = s >> 64n;
    const lo = (s & MASK_64) | 1n;
    hi ^= hi >> 32n;
    hi = (hi * CHEAP_MULTIPLIER) & MASK_64;
    hi ^= hi >> 48n;
    hi = (hi * lo) & MASK_64;
    this.step();
    return hi;
  }
}

function toUint128(x: unknown, name: string): bigint {
  let v: bigint | undefined;
  if (typeof x === 'bigint') v = x;
  else if (typeof x === 'number' && Number.isSafeInteger(x)) v = BigInt(x);
  else if (typeof x === 'string' && /^\d+$/.test(x)) v = BigInt(x);
  if (v === undefined || v < 0n || v > MASK_128) throw new RangeError(`state: ${name} must be an integer in [0, 2^128) (a decimal string, bigint or safe integer)`);
  return v;
}
