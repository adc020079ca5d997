/**
 * Seeds: what a seed may be given as, and how seeds are derived from one another. Pure functions;
 * the process-wide seeding (seedEverything, the default generators) builds on them.
 *
 * Seed derivation is NumPy's SeedSequence, exactly: deriveSeed(seed, ...path) equals
 * `np.random.SeedSequence(seed, spawn_key=path).generate_state(1, np.uint64)[0]`, so that seeds
 * can be reproduced in Python. The algorithm and its constants are those of NumPy's
 * `numpy/random/bit_generator.pyx` (Melissa O'Neill's seed_seq_fe design, "Developing a
 * seed_seq Alternative", pcg-random.org, 2015): a 4-word pool filled by a multiplicative hash,
 * cross-mixed, and read out through a second hash.
 */

import { createHash, getRandomValues } from 'node:crypto';
import { describe, isDecimal, toUint64, UINT64_LIMIT } from '../validate.js';

/** A seed as the public API accepts it: a 64-bit integer, or a string hashed by {@link hashSeedString}. */
export type SeedInput = bigint | number | string;

// NumPy bit_generator.pyx: pool size and hash constants.
const POOL_SIZE = 4;
const INIT_A = 0x43b0d7e5;
const MULT_A = 0x931e8875;
const INIT_B = 0x8b51f9dd;
const MULT_B = 0x58f38ded;
const MIX_MULT_L = 0xca01f9dd;
const MIX_MULT_R = 0x4973f715;
const XSHIFT = 16;

/**
 * A string seed as a 64-bit integer: the first 8 bytes, big-endian, of the SHA-256 digest of the
 * string's UTF-8 bytes. (Python: `int.from_bytes(hashlib.sha256(s.encode()).digest()[:8], 'big')`.)
 */
export function hashSeedString(text: string): bigint {
  if (typeof text !== 'string') throw new TypeError(`text must be a string, got ${typeof text}`);
  return createHash('sha256').update(text, 'utf8').digest().readBigUInt64BE(0);
}

/** A seed argument as a 64-bit integer: bigint or safe integer in [0, 2^64), or a string (hashed). */
export function toSeed(seed: unknown, name = 'seed'): bigint {
  if (typeof seed === 'string') return hashSeedString(seed);
  if (typeof seed === 'bigint' || typeof seed === 'number') return toUint64(seed, name);
  throw new TypeError(`${name} must be a bigint, a safe integer in [0, 2^64) or a string, got ${seed === null ? 'null' : typeof seed}`);
}

/**
 * A seed written in the environment (NODE_CURAND_SEED): a decimal integer below 2^64 is that
 * integer, anything else is a string seed and hashed. seedEverything() exports the decimal form,
 * so a child process gets the very seed of its parent.
 */
export function parseSeedText(text: string): bigint {
  if (isDecimal(text)) {
    const value = BigInt(text);
    if (value < UINT64_LIMIT) return value;
  }
  return hashSeedString(text);
}

/** A fresh 64-bit seed from the operating system's entropy source. */
export function osSeed(): bigint {
  const words = getRandomValues(new Uint32Array(2));
  return (BigInt(words[1]) << 32n) | BigInt(words[0]);
}

/** NumPy's `_int_to_uint32_array`: little-endian 32-bit words, at least one. */
function uint32Words(value: bigint): number[] {
  if (value === 0n) return [0];
  const words: number[] = [];
  for (let v = value; v > 0n; v >>= 32n) words.push(Number(v & 0xffffffffn));
  return words;
}

/**
 * NumPy's SeedSequence(entropy, spawn_key).generate_state(1, np.uint64)[0] for a 64-bit entropy.
 * With a spawn key, the entropy words are padded with zeros to the pool size first (NumPy ≥ 1.19,
 * gh-16539), so that a key can never be mistaken for more entropy.
 */
export function seedSequenceUint64(entropy: bigint, key: readonly bigint[]): bigint {
  const run = uint32Words(entropy);
  if (key.length > 0) while (run.length < POOL_SIZE) run.push(0);
  const words = [...run, ...key.flatMap(uint32Words)];

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

  const pool = new Array<number>(POOL_SIZE);
  for (let i = 0; i < POOL_SIZE; i++) pool[i] = hashmix(i < words.length ? words[i] : 0);
  for (let src = 0; src < POOL_SIZE; src++) {
    for (let dst = 0; dst < POOL_SIZE; dst++) if (src !== dst) pool[dst] = mix(pool[dst], hashmix(pool[src]));
  }
  for (let src = POOL_SIZE; src < words.length; src++) {
    for (let dst = 0; dst < POOL_SIZE; dst++) pool[dst] = mix(pool[dst], hashmix(words[src]));
  }

  // generate_state: two 32-bit words, read as one little-endian 64-bit integer.
  let outConst = INIT_B;
  const out = [0, 0];
  for (let i = 0; i < 2; i++) {
    let v = (pool[i % POOL_SIZE] ^ outConst) >>> 0;
    outConst = Math.imul(outConst, MULT_B) >>> 0;
    v = Math.imul(v, outConst) >>> 0;
    out[i] = (v ^ (v >>> XSHIFT)) >>> 0;
  }
  return (BigInt(out[1]) << 32n) | BigInt(out[0]);
}

function toPathElement(value: unknown, index: number): bigint {
  const name = `path[${index}]`;
  if (typeof value === 'bigint' || typeof value === 'number') return toUint64(value, name);
  throw new TypeError(`${name} must be a bigint or a safe integer in [0, 2^64), got ${value === null ? 'null' : typeof value}`);
}

/**
 * The seed of stream `path` of the job seeded with `seed`: NumPy's
 * `SeedSequence(seed, spawn_key=path).generate_state(1, np.uint64)[0]`. Distinct paths give
 * unrelated seeds; the same path always gives the same seed, however many workers compute what.
 * Path elements above 2^32 − 1 are split into 32-bit words as NumPy does, so keep them below
 * 2^32 for paths that cannot be confused ((2^32 + 5) and (5, 1) are the same key in NumPy).
 */
export function deriveSeed(seed: SeedInput, ...path: (bigint | number)[]): bigint {
  return seedSequenceUint64(toSeed(seed), path.map(toPathElement));
}
