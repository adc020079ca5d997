/**
 * Math.random, seeded: seedEverything({ mathRandom: true }) replaces it with a stream of the job
 * seed, and restoreMathRandom() puts the original back.
 */

import { Generator } from '../generator.js';

/**
 * Math.random's stream: Philox on 'ts' with the default generators' seed, from element 2^63 on
 * (the far half of the same stream, so it never overlaps what the default CPU generator draws).
 */
const MATH_RANDOM_OFFSET = 1n << 63n;
/** Words generated per refill (two per value). */
const MATH_RANDOM_BLOCK = 8192;

let mathRandom: { original: () => number; generator: Generator } | null = null;

export function installMathRandom(seed: bigint): void {
  const generator = new Generator({ seed, offset: MATH_RANDOM_OFFSET, backend: 'ts' });
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
  mathRandom = { original, generator };
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
