/**
 * NumPy's Philox bit generator (numpy/random/_philox.pyx, src/philox/philox.h): Philox4x64-10 of
 * Salmon, Moraes, Dror & Shaw, "Parallel random numbers: as easy as 1, 2, 3" (SC 2011; Random123),
 * a 256-bit counter and a 128-bit key. Each block of four 64-bit outputs comes from the counter
 * incremented first; the outputs are used in order, and a 32-bit draw takes the low half of one and
 * keeps the high half. Seeded by SeedSequence.generate_state(2, uint64) as the key, the counter 0
 * (or both given). advance adds to the counter as NumPy's philox_advance does; jumped advances by
 * 2^128 per jump. Words are kept as 32-bit halves; each 64×64-bit product is formed exactly from
 * four 32×32-bit ones.
 */

import { mulHigh } from '../draws/lemire.js';
import { SeedSequence } from './seed-sequence.js';
import type { BitGeneratorSeed } from './pcg64.js';

/** Philox4x64's round multipliers and Weyl key increments (Random123), as 32-bit halves [high, low]. */
const M0 = [0xd2e7470e, 0xe14c6c93] as const;
const M1 = [0xca5a8263, 0x95121157] as const;
const W0 = [0x9e3779b9, 0x7f4a7c15] as const;
const W1 = [0xbb67ae85, 0x84caa73b] as const;
const ROUNDS = 10;
const TWO_32 = 4294967296;
const TWO_POW_21 = 2097152;
const TWO_POW_MINUS_53 = 2 ** -53;
const MASK_64 = (1n << 64n) - 1n;
const MASK_256 = (1n << 256n) - 1n;

/** NumPy's `state` dict, 64-bit words as decimal strings. */
export interface PhiloxState {
  bit_generator: 'Philox';
  state: { counter: string[]; key: string[] };
  buffer: string[];
  buffer_pos: number;
  has_uint32: number;
  uinteger: number;
}

export interface PhiloxOptions {
  /** The 256-bit counter: an int, or four 64-bit words (least significant first). Default 0. */
  counter?: bigint | number | ArrayLike<bigint | number>;
  /** The 128-bit key: an int, or two 64-bit words; given, it replaces seeding (seed must be omitted). */
  key?: bigint | number | ArrayLike<bigint | number>;
}

export class Philox {
  /** Counter words 0–3 as halves: [2i] high, [2i + 1] low. */
  readonly #ctr = new Float64Array(8);
  /** Key words 0, 1 as halves. */
  readonly #key = new Float64Array(4);
  /** The block's four outputs as halves, and how many are used. */
  readonly #buffer = new Float64Array(8);
  #bufferPos = 4;
  #hasUint32 = false;
  #uinteger = 0;
  /** The round's working words (halves) and a product's four 32-bit columns. */
  readonly #x = new Float64Array(8);
  readonly #k = new Float64Array(4);
  readonly #p = new Float64Array(4);
  readonly #q = new Float64Array(4);
  readonly #out = new Float64Array(2);
  /** The SeedSequence this generator was seeded from (null when a key was given). */
  readonly seedSeq: SeedSequence | null;

  /** Philox(seed=None, counter=None, key=None). */
  constructor(seed?: BitGeneratorSeed, options: PhiloxOptions = {}) {
    if (options.key !== undefined) {
      if (seed !== undefined && seed !== null) throw new TypeError('Philox: seed and key cannot be both used');
      this.seedSeq = null;
      setWords(this.#key, toWords(options.key, 2, 'key'));
    } else {
      this.seedSeq = seed instanceof SeedSequence ? seed : new SeedSequence(seed);
      setWords(this.#key, Array.from(this.seedSeq.generateState(2, 'uint64')));
    }
    if (options.counter !== undefined) setWords(this.#ctr, toWords(options.counter, 4, 'counter'));
  }

  /** The next 64-bit output into #out ([0] high, [1] low): the buffered block, or a new one. */
  #next(): void {
    if (this.#bufferPos >= 4) {
      this.#increment();
      this.#block();
      this.#bufferPos = 0;
    }
    const i = this.#bufferPos++;
    this.#out[0] = this.#buffer[2 * i] as number;
    this.#out[1] = this.#buffer[2 * i + 1] as number;
  }

  /** The counter plus one, carrying across its four words. */
  #increment(): void {
    const c = this.#ctr;
    // Word w's halves are c[2w] (high) and c[2w + 1] (low): from the least significant half up.
    for (let w = 0; w < 4; w++) {
      const lo = ((c[2 * w + 1] as number) + 1) % TWO_32;
      c[2 * w + 1] = lo;
      if (lo !== 0) return;
      const hi = ((c[2 * w] as number) + 1) % TWO_32;
      c[2 * w] = hi;
      if (hi !== 0) return;
    }
  }

  /** Philox4x64-10 of the counter and key into the buffer. */
  #block(): void {
    const x = this.#x;
    const k = this.#k;
    x.set(this.#ctr);
    k.set(this.#key);
    for (let r = 0; r < ROUNDS; r++) {
      if (r > 0) {
        add64(k, 0, W0);
        add64(k, 2, W1);
      }
      // lo0:hi0 = M0·x0, lo1:hi1 = M1·x2; x = (hi1 ^ x1 ^ k0, lo1, hi0 ^ x3 ^ k1, lo0).
      mul128(M0[0], M0[1], x[0] as number, x[1] as number, this.#p);
      mul128(M1[0], M1[1], x[4] as number, x[5] as number, this.#q);
      const p = this.#p;
      const q = this.#q;
      const n0h = ((q[0] as number) ^ (x[2] as number) ^ (k[0] as number)) >>> 0;
      const n0l = ((q[1] as number) ^ (x[3] as number) ^ (k[1] as number)) >>> 0;
      const n2h = ((p[0] as number) ^ (x[6] as number) ^ (k[2] as number)) >>> 0;
      const n2l = ((p[1] as number) ^ (x[7] as number) ^ (k[3] as number)) >>> 0;
      x[0] = n0h;
      x[1] = n0l;
      x[2] = q[2] as number;
      x[3] = q[3] as number;
      x[4] = n2h;
      x[5] = n2l;
      x[6] = p[2] as number;
      x[7] = p[3] as number;
    }
    this.#buffer.set(x);
  }

  /** next_uint64. */
  nextUint64(): bigint {
    this.#next();
    return (BigInt(this.#out[0] as number) << 32n) | BigInt(this.#out[1] as number);
  }

  /** next_uint64 as halves ([0] high, [1] low). */
  nextUint64Into(halves: Float64Array): void {
    this.#next();
    halves[0] = this.#out[0] as number;
    halves[1] = this.#out[1] as number;
  }

  /** next_uint32: the low half of a 64-bit output, its high half the next call's. */
  nextUint32(): number {
    if (this.#hasUint32) {
      this.#hasUint32 = false;
      return this.#uinteger;
    }
    this.#next();
    this.#hasUint32 = true;
    this.#uinteger = this.#out[0] as number;
    return this.#out[1] as number;
  }

  /** next_double: the top 53 bits of a 64-bit output. */
  nextDouble(): number {
    this.#next();
    return ((this.#out[0] as number) * TWO_POW_21 + ((this.#out[1] as number) >>> 11)) * TWO_POW_MINUS_53;
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
      this.#next();
      halves[2 * i] = this.#out[1] as number;
      halves[2 * i + 1] = this.#out[0] as number;
    }
    return out;
  }

  /** advance(delta): the counter plus delta (mod 2^256), as NumPy adds it; the buffers are dropped. */
  advance(delta: bigint | number): this {
    const d = typeof delta === 'bigint' ? delta : Number.isSafeInteger(delta) ? BigInt(delta) : undefined;
    if (d === undefined) throw new TypeError(`advance: delta must be an integer (a safe-integer number or a bigint), got ${String(delta)}`);
    const counter = (wordsOf(this.#ctr, 4).reduce((acc, w, i) => acc | (w << BigInt(64 * i)), 0n) + (d & MASK_256)) & MASK_256;
    setWords(this.#ctr, Array.from({ length: 4 }, (_, i) => (counter >> BigInt(64 * i)) & MASK_64));
    this.#bufferPos = 4;
    this.#buffer.fill(0);
    this.#hasUint32 = false;
    this.#uinteger = 0;
    return this;
  }

  /** jumped(jumps=1): a copy advanced by jumps·2^128. */
  jumped(jumps: bigint | number = 1): Philox {
    const copy = new Philox(undefined, { key: 0n });
    copy.state = this.state;
    return copy.advance(BigInt(jumps) << 128n);
  }

  /** spawn(n_children): generators seeded from this one's SeedSequence's children. */
  spawn(nChildren: number): Philox[] {
    if (this.seedSeq === null) throw new TypeError('spawn: this Philox was given a key, not a SeedSequence');
    return this.seedSeq.spawn(nChildren).map((child) => new Philox(child));
  }

  /** NumPy's `state` dict (64-bit words as decimal strings). */
  get state(): PhiloxState {
    return {
      bit_generator: 'Philox',
      state: { counter: wordsOf(this.#ctr, 4).map(String), key: wordsOf(this.#key, 2).map(String) },
      buffer: wordsOf(this.#buffer, 4).map(String),
      buffer_pos: this.#bufferPos,
      has_uint32: this.#hasUint32 ? 1 : 0,
      uinteger: this.#uinteger,
    };
  }

  set state(value: PhiloxState) {
    if (value?.bit_generator !== 'Philox') throw new RangeError('state must be for a Philox RNG');
    const counter = toWords(value.state?.counter, 4, 'state.counter');
    const key = toWords(value.state?.key, 2, 'state.key');
    const buffer = toWords(value.buffer, 4, 'buffer');
    if (!Number.isInteger(value.buffer_pos) || value.buffer_pos < 0 || value.buffer_pos > 4) throw new RangeError('state: buffer_pos must be an integer in [0, 4]');
    if (!Number.isInteger(value.uinteger) || value.uinteger < 0 || value.uinteger > 0xffffffff) throw new RangeError('state: uinteger must be an integer in [0, 2^32 − 1]');
    setWords(this.#ctr, counter);
    setWords(this.#key, key);
    setWords(this.#buffer, buffer);
    this.#bufferPos = value.buffer_pos;
    this.#hasUint32 = Boolean(value.has_uint32);
    this.#uinteger = value.uinteger;
  }
}

/** halves[at], halves[at + 1] (a 64-bit word) plus w, mod 2^64. */
function add64(halves: Float64Array, at: number, w: readonly [number, number]): void {
  const lo = (halves[at + 1] as number) + w[1];
  halves[at + 1] = lo % TWO_32;
  halves[at] = ((halves[at] as number) + w[0] + (lo >= TWO_32 ? 1 : 0)) % TWO_32;
}

/** The 128-bit product of (ah, al) and (bh, bl) into out: [0] bits 127–96, [1] 95–64, [2] 63–32, [3] 31–0. */
function mul128(ah: number, al: number, bh: number, bl: number, out: Float64Array): void {
  const ll = Math.imul(al, bl) >>> 0;
  const llh = mulHigh(al, bl, ll);
  const lh = Math.imul(al, bh) >>> 0;
  const lhh = mulHigh(al, bh, lh);
  const hl = Math.imul(ah, bl) >>> 0;
  const hlh = mulHigh(ah, bl, hl);
  const hh = Math.imul(ah, bh) >>> 0;
  const hhh = mulHigh(ah, bh, hh);
  const c1 = llh + lh + hl;
  const w1 = c1 % TWO_32;
  const c2 = (c1 - w1) / TWO_32 + lhh + hlh + hh;
  const w2 = c2 % TWO_32;
  out[0] = ((c2 - w2) / TWO_32 + hhh) % TWO_32;
  out[1] = w2;
  out[2] = w1;
  out[3] = ll;
}

/** n 64-bit words of halves, least significant word first. */
function wordsOf(halves: Float64Array, n: number): bigint[] {
  return Array.from({ length: n }, (_, i) => (BigInt(halves[2 * i] as number) << 32n) | BigInt(halves[2 * i + 1] as number));
}

function setWords(halves: Float64Array, words: readonly bigint[]): void {
  for (const [i, w] of words.entries()) {
    halves[2 * i] = Number(w >> 32n);
    halves[2 * i + 1] = Number(w & 0xffffffffn);
  }
}

/** An int (split into n 64-bit words, NumPy's int_to_array) or n words, each in [0, 2^64). */
function toWords(x: unknown, n: number, name: string): bigint[] {
  const one = (v: unknown): bigint | undefined =>
    typeof v === 'bigint' ? v : typeof v === 'number' && Number.isSafeInteger(v) ? BigInt(v) : typeof v === 'string' && /^\d+$/.test(v) ? BigInt(v) : undefined;
  if (typeof x === 'bigint' || typeof x === 'number' || typeof x === 'string') {
    const v = one(x);
    if (v === undefined || v < 0n || v >= 1n << BigInt(64 * n)) throw new RangeError(`Philox: ${name} must be an integer in [0, 2^${64 * n})`);
    return Array.from({ length: n }, (_, i) => (v >> BigInt(64 * i)) & MASK_64);
  }
  const list = x !== null && typeof x === 'object' && 'length' in x ? Array.from(x as ArrayLike<unknown>, one) : [];
  if (list.length !== n || list.some((v) => v === undefined || v < 0n || v > MASK_64)) throw new RangeError(`Philox: ${name} must be ${n} integers in [0, 2^64)`);
  return list as bigint[];
}
