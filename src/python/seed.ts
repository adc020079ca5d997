/**
 * CPython's `random.seed(a, version)` (Lib/random.py, Modules/_randommodule.c random_seed): what the
 * seed becomes before init_by_array, as the key of 32-bit words, least significant first.
 * - an int: its absolute value;
 * - str, bytes (version 2, the default): the bytes (str as UTF-8) followed by their SHA-512 digest,
 *   read as one big-endian int;
 * - str, bytes (version 1, Python 2's): a 64-bit hash of the characters (latin-1 for bytes);
 * - a float: its hash (Python's numeric hash, modulo 2^61 − 1), as a 64-bit unsigned value;
 * - None: 624 words from the operating system's random source.
 */

import { createHash, getRandomValues } from 'node:crypto';

/** What `Random` accepts as a seed (Python's int, float, str, bytes and None). */
export type PySeed = number | bigint | string | Uint8Array | null | undefined;

/** Python's hash modulus for numbers, 2^61 − 1 (sys.hash_info.modulus). */
const HASH_MODULUS = (1n << 61n) - 1n;
const HASH_BITS = 61n;
const MASK_64 = (1n << 64n) - 1n;

/** The key init_by_array takes for `seed` under `version` (1 or 2). */
export function seedKey(seed: PySeed, version: number): Uint32Array {
  if (version !== 1 && version !== 2) throw new RangeError(`seed: version must be 1 or 2 (got ${String(version)})`);
  if (seed === null || seed === undefined) return getRandomValues(new Uint32Array(624));
  if (typeof seed === 'string' || seed instanceof Uint8Array) {
    if (version === 1) return intKey(version1Hash(seed));
    const bytes = typeof seed === 'string' ? Buffer.from(seed, 'utf8') : seed;
    const digest = createHash('sha512').update(bytes).digest();
    return intKey(bigIntFromBytes(Buffer.concat([bytes, digest])));
  }
  if (typeof seed === 'bigint') return intKey(seed < 0n ? -seed : seed);
  if (typeof seed === 'number') {
    if (Number.isInteger(seed)) return intKey(BigInt(Math.abs(seed)));
    // A float is seeded by its hash, cast to size_t: not its absolute value.
    return intKey(BigInt.asUintN(64, floatHash(seed)));
  }
  throw new TypeError(`seed: expected a number, bigint, string, Uint8Array, null or undefined (Python's int, float, str, bytes or None), got ${typeof seed}`);
}

/** A non-negative int as init_by_array's key: 32-bit words, least significant first; 0 is [0]. */
function intKey(n: bigint): Uint32Array {
  const words: number[] = [];
  for (let rest = n; rest > 0n; rest >>= 32n) words.push(Number(rest & 0xffffffffn));
  return Uint32Array.from(words.length === 0 ? [0] : words);
}

function bigIntFromBytes(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : BigInt(`0x${Buffer.from(bytes).toString('hex')}`);
}

/** Version 1's hash of a str's code points (or bytes' values), as random.py computes it. */
function version1Hash(seed: string | Uint8Array): bigint {
  const codes = typeof seed === 'string' ? Array.from(seed, (c) => c.codePointAt(0) as number) : Array.from(seed);
  let x = codes.length === 0 ? 0n : BigInt(codes[0] as number) << 7n;
  for (const c of codes) x = ((1000003n * x) ^ BigInt(c)) & MASK_64;
  return x ^ BigInt(codes.length);
}

/**
 * Python's hash of a finite or infinite float (Python/pyhash.c _Py_HashDouble): |x| = m/2^k exactly,
 * hash = m·2^-k mod (2^61 − 1) with the sign of x, and −1 (an error in C) becomes −2. NaN hashes
 * by identity in Python: no stable seed, so it is refused.
 */
function floatHash(x: number): bigint {
  if (Number.isNaN(x)) throw new RangeError('seed: NaN has no stable hash in Python (it hashes by identity); use another seed');
  if (!Number.isFinite(x)) return x > 0 ? 314159n : -314159n;
  let m = Math.abs(x);
  let k = 0n;
  // Scale to an integer: each doubling is exact, at most 1074 of them.
  while (!Number.isInteger(m)) {
    m *= 2;
    k++;
  }
  let h = BigInt(m) % HASH_MODULUS;
  // 2^61 ≡ 1 (mod 2^61 − 1), so 2^-k ≡ 2^((61 − k mod 61) mod 61).
  h = (h << ((HASH_BITS - (k % HASH_BITS)) % HASH_BITS)) % HASH_MODULUS;
  if (x < 0) h = -h;
  return h === -1n ? -2n : h;
}
