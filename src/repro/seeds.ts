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
import { SeedSequence } from '../numpy/seed-sequence.js';
import { describe, isDecimal, toUint64, UINT64_LIMIT } from '../validate.js';

/** A seed as the public API accepts it: a 64-bit integer, or a string hashed by {@link hashSeedString}. */
export type SeedInput = bigint | number | string;

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

/**
 * NumPy's SeedSequence(entropy, spawn_key).generate_state(1, np.uint64)[0] for a 64-bit entropy
 * (src/numpy/seed-sequence.ts).
 */
export function seedSequenceUint64(entropy: bigint, key: readonly bigint[]): bigint {
  return new SeedSequence(entropy, { spawnKey: key }).generateState(1, 'uint64')[0] as bigint;
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
