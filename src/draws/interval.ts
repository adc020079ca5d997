/**
 * NumPy's random_interval(max) (numpy/random/src/distributions/distributions.c): a value in
 * [0, max] by masked rejection, one 32-bit word per attempt for max < 2^32. NumPy's shuffles (its
 * Generator's and its legacy RandomState's) draw their swap positions with it.
 */

import type { BitSource } from './bit-source.js';

export function randomInterval(src: BitSource, max: number): number {
  if (max === 0) return 0;
  // The smallest all-ones mask ≥ max.
  const mask = (2 ** (32 - Math.clz32(max)) - 1) >>> 0;
  let v: number;
  do v = (src.nextUint32() & mask) >>> 0;
  while (v > max);
  return v;
}

/** Fisher–Yates from the end with random_interval, as NumPy's shuffles run it on a 1-D array. */
export function shuffleByInterval<T>(src: BitSource, x: { length: number; [index: number]: T }): void {
  if (x.length > 0xffffffff) throw new RangeError('shuffle: more than 2^32 elements is not supported');
  for (let i = x.length - 1; i > 0; i--) {
    const j = randomInterval(src, i);
    if (i === j) continue;
    const t = x[j] as T;
    x[j] = x[i] as T;
    x[i] = t;
  }
}
