/**
 * NumPy's SeedSequence (numpy/random/bit_generator.pyx; after M. E. O'Neill's randutils seed_seq_fe):
 * entropy and a spawn key, as 32-bit words, mixed into a pool of `poolSize` words by a hash with
 * multiplicative constants; generateState reads the pool out through a second hash; spawn gives
 * children keyed by their index. The same entropy, key and pool size give NumPy's words exactly.
 */

import { getRandomValues } from 'node:crypto';

// The hash constants of NumPy's SeedSequence (bit_generator.pyx).
const INIT_A = 0x43b0d7e5;
const MULT_A = 0x931e8875;
const INIT_B = 0x8b51f9dd;
const MULT_B = 0x58f38ded;
const MIX_MULT_L = 0xca01f9dd;
const MIX_MULT_R = 0x4973f715;
const XSHIFT = 16;
const DEFAULT_POOL_SIZE = 4;

/** An int (≥ 0) or a sequence of them, as NumPy's SeedSequence takes entropy and spawn keys. */
export type Entropy = bigint | number | ArrayLike<bigint | number>;

export interface SeedSequenceOptions {
  /** The spawn key: the path of child indices (default none). */
  spawnKey?: ArrayLike<bigint | number>;
  /** Words of the pool (default 4). */
  poolSize?: number;
  /** Children already spawned (default 0): spawn() continues from here. */
  nChildrenSpawned?: number;
}

export class SeedSequence {
  /** The entropy as given (null: drawn from the OS, then kept here as a bigint). */
  readonly entropy: bigint | readonly bigint[];
  readonly spawnKey: readonly bigint[];
  readonly poolSize: number;
  nChildrenSpawned: number;
  /** The mixed pool: what every generateState reads. */
  readonly pool: Uint32Array;

  /** SeedSequence(entropy=None, *, spawn_key=(), pool_size=4, n_children_spawned=0). */
  constructor(entropy?: Entropy | null, options: SeedSequenceOptions = {}) {
    if (entropy === null || entropy === undefined) {
      // NumPy: randbits(128) from the OS.
      const w = getRandomValues(new Uint32Array(4));
      this.entropy = w.reduce((acc, x, i) => acc | (BigInt(x) << BigInt(32 * i)), 0n);
    } else if (typeof entropy === 'bigint' || typeof entropy === 'number') {
      this.entropy = toNonNegativeInt(entropy, 'entropy');
    } else {
      this.entropy = Array.from(entropy, (x, i) => toNonNegativeInt(x, `entropy[${i}]`));
    }
    this.spawnKey = Array.from(options.spawnKey ?? [], (x, i) => toNonNegativeInt(x, `spawnKey[${i}]`));
    this.poolSize = options.poolSize ?? DEFAULT_POOL_SIZE;
    if (!Number.isSafeInteger(this.poolSize) || this.poolSize < DEFAULT_POOL_SIZE) throw new RangeError(`SeedSequence: poolSize must be an integer ≥ ${DEFAULT_POOL_SIZE}`);
    this.nChildrenSpawned = options.nChildrenSpawned ?? 0;
    this.pool = mixEntropy(this.poolSize, this.#assembledEntropy());
  }

  /** The entropy words, padded with zeros to the pool size when there is a spawn key, then the key's words. */
  #assembledEntropy(): number[] {
    const run = typeof this.entropy === 'bigint' ? intWords(this.entropy) : this.entropy.flatMap(intWords);
    const key = this.spawnKey.flatMap(intWords);
    if (key.length > 0) while (run.length < this.poolSize) run.push(0);
    return [...run, ...key];
  }

  /** generate_state(n_words, dtype): n 32-bit words, or n 64-bit words (pairs of them, little-endian). */
  generateState(nWords: number, dtype: 'uint32'): Uint32Array;
  generateState(nWords: number, dtype: 'uint64'): BigUint64Array;
  generateState(nWords: number, dtype?: 'uint32' | 'uint64'): Uint32Array | BigUint64Array;
  generateState(nWords: number, dtype: 'uint32' | 'uint64' = 'uint32'): Uint32Array | BigUint64Array {
    if (!Number.isSafeInteger(nWords) || nWords < 0) throw new RangeError(`generateState: nWords must be an integer ≥ 0 (got ${nWords})`);
    if (dtype !== 'uint32' && dtype !== 'uint64') throw new TypeError("generateState: dtype must be 'uint32' or 'uint64'");
    const out = new Uint32Array(dtype === 'uint64' ? 2 * nWords : nWords);
    let hashConst = INIT_B;
    for (let i = 0; i < out.length; i++) {
      let v = ((this.pool[i % this.poolSize] as number) ^ hashConst) >>> 0;
      hashConst = Math.imul(hashConst, MULT_B) >>> 0;
      v = Math.imul(v, hashConst) >>> 0;
      out[i] = v ^ (v >>> XSHIFT);
    }
    if (dtype === 'uint32') return out;
    const wide = new BigUint64Array(nWords);
    for (let i = 0; i < nWords; i++) wide[i] = (BigInt(out[2 * i + 1] as number) << 32n) | BigInt(out[2 * i] as number);
    return wide;
  }

  /** spawn(n_children): children with this key plus their index, continuing after those already spawned. */
  spawn(nChildren: number): SeedSequence[] {
    if (!Number.isSafeInteger(nChildren) || nChildren < 0) throw new RangeError(`spawn: nChildren must be an integer ≥ 0 (got ${nChildren})`);
    const first = this.nChildrenSpawned;
    this.nChildrenSpawned += nChildren;
    return Array.from(
      { length: nChildren },
      (_, i) => new SeedSequence(typeof this.entropy === 'bigint' ? this.entropy : [...this.entropy], { spawnKey: [...this.spawnKey, BigInt(first + i)], poolSize: this.poolSize }),
    );
  }
}

/** mix_entropy: each word hashed into the pool, every pool word mixed with every other, the rest mixed in. */
function mixEntropy(poolSize: number, words: readonly number[]): Uint32Array {
  let hashConst = INIT_A;
  const hashmix = (value: number): number => {
    let v = (value ^ hashConst) >>> 0;
    hashConst = Math.imul(hashConst, MULT_A) >>> 0;
    v = Math.imul(v, hashConst) >>> 0;
    return (v ^ (v >>> XSHIFT)) >>> 0;
  };
  const mix = (x: number, y: number): number => {
    const r = (Math.imul(MIX_MULT_L, x) - Math.imul(MIX_MULT_R, y)) >>> 0;
    return (r ^ (r >>> XSHIFT)) >>> 0;
  };
  const pool = new Uint32Array(poolSize);
  for (let i = 0; i < poolSize; i++) pool[i] = hashmix(i < words.length ? (words[i] as number) : 0);
  for (let src = 0; src < poolSize; src++) {
    for (let dst = 0; dst < poolSize; dst++) if (src !== dst) pool[dst] = mix(pool[dst] as number, hashmix(pool[src] as number));
  }
  for (let src = poolSize; src < words.length; src++) {
    for (let dst = 0; dst < poolSize; dst++) pool[dst] = mix(pool[dst] as number, hashmix(words[src] as number));
  }
  return pool;
}

/** NumPy's _int_to_uint32_array: little-endian 32-bit words, at least one. */
function intWords(value: bigint): number[] {
  if (value === 0n) return [0];
  const words: number[] = [];
  for (let v = value; v > 0n; v >>= 32n) words.push(Number(v & 0xffffffffn));
  return words;
}

function toNonNegativeInt(x: bigint | number, name: string): bigint {
  const v = typeof x === 'bigint' ? x : Number.isSafeInteger(x) ? BigInt(x) : undefined;
  if (v === undefined || v < 0n) throw new RangeError(`SeedSequence: ${name} must be a non-negative integer (a safe-integer number or a bigint), got ${String(x)}`);
  return v;
}
