/**
 * Math.random, seeded: seedEverything({ mathRandom: true }) replaces it with a stream of the job
 * seed, and restoreMathRandom() puts the original back. Its position can be saved and restored
 * (getRngState / setRngState, rng-state.ts).
 */

import { Generator } from '../generator.js';
import { UINT64_LIMIT, parseDecimal } from '../validate.js';

/**
 * Math.random's stream: Philox on 'ts' with the default generators' seed, from element 2^63 on
 * (the far half of the same stream, so it never overlaps what the default CPU generator draws).
 */
const MATH_RANDOM_OFFSET = 1n << 63n;
/** Words generated per refill (two per value). */
const MATH_RANDOM_BLOCK = 8192;

/** Where the seeded Math.random stands: Philox(seed) has given it the words before element `position` (2^63 + the words drawn). */
export interface MathRandomState {
  /** Decimal string of the 64-bit seed. */
  seed: string;
  /** Decimal string: 2^63 plus the words drawn so far (two per value). */
  position: string;
}

let mathRandom: { original: () => number; generator: Generator; position: () => bigint } | null = null;

/** Replaces Math.random with the stream of `seed`, from `position` (a MathRandomState's; default its start). */
export function installMathRandom(seed: bigint, position = MATH_RANDOM_OFFSET): void {
  const generator = new Generator({ seed, offset: position, backend: 'ts' });
  const original = mathRandom?.original ?? Math.random;
  mathRandom?.generator.dispose();
  const words = new Uint32Array(MATH_RANDOM_BLOCK);
  let next = MATH_RANDOM_BLOCK;
  // 53 random bits from two words, as Python's random.random() and MT19937's genrand_res53 build
  // them: (a·2^26 + b)·2^-53 with a = w0 >>> 5 (27 bits) and b = w1 >>> 6 (26 bits), so every value
  // is a multiple of 2^-53 in [0, 1), as Math.random promises.
  Math.random = function random(): number {
    if (next === MATH_RANDOM_BLOCK) {
      generator.uint32(words);
      next = 0;
    }
    const a = words[next] >>> 5;
    const b = words[next + 1] >>> 6;
    next += 2;
    return (a * 67108864 + b) / 9007199254740992;
  };
  // The words handed out so far: the generator's position less what is still buffered.
  mathRandom = { original, generator, position: () => generator.position - BigInt(MATH_RANDOM_BLOCK - next) };
}

/** Puts back the Math.random that seedEverything({ mathRandom: true }) replaced; false if it was not replaced. */
export function restoreMathRandom(): boolean {
  if (mathRandom === null) return false;
  Math.random = mathRandom.original;
  mathRandom.generator.dispose();
  mathRandom = null;
  return true;
}

export function isMathRandomSeeded(): boolean {
  return mathRandom !== null;
}

/** The seeded Math.random's state, or null when Math.random is not replaced. */
export function mathRandomState(): MathRandomState | null {
  if (mathRandom === null) return null;
  return { seed: mathRandom.generator.seed.toString(), position: mathRandom.position().toString() };
}

/** Checks a MathRandomState (`name` says where it sits); returns its seed and position. */
export function parseMathRandomState(value: unknown, name: string): { seed: bigint; position: bigint } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new TypeError(`${name} must be null or an object { seed, position }`);
  const v = value as Record<string, unknown>;
  for (const key of Object.keys(v)) if (key !== 'seed' && key !== 'position') throw new TypeError(`${name} has an unknown field '${key}' (accepted: seed, position)`);
  const seed = parseDecimal(v.seed, `${name}.seed`, UINT64_LIMIT - 1n);
  const position = parseDecimal(v.position, `${name}.position`, UINT64_LIMIT - 1n);
  if (position < MATH_RANDOM_OFFSET || (position - MATH_RANDOM_OFFSET) % 2n !== 0n) {
    throw new RangeError(`${name}.position must be 2^63 plus an even number of words (two per value), below 2^64, got ${position}`);
  }
  return { seed, position };
}
