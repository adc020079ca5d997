/**
 * NumPy's `size` argument: None, an int, or a shape (a tuple of ints). Results stay flat: a shape's
 * values come back as one typed array in C (row-major) order, NumPy's `arr.ravel()`, which is the
 * layout JavaScript's tensor libraries take with the shape beside it (docs/numpy.md, "Conversions").
 */

import { describe, MAX_LENGTH } from '../validate.js';

/** A size: a count, or a shape whose product is the count ([] and undefined: one value, no array). */
export type Size = number | readonly number[];

/**
 * The element count of `size`, or undefined for one value (size omitted, or the empty shape, NumPy's
 * 0-d result). A RangeError names `call` and the size for a negative or fractional dimension, or a
 * product beyond what a typed array holds.
 */
export function sizeCount(call: string, size: unknown): number | undefined {
  if (size === undefined) return undefined;
  if (typeof size === 'number') return dimension(call, size, size);
  if (!Array.isArray(size)) throw new TypeError(`${call}: size must be a count or an array of dimensions (NumPy's shape tuple), got ${describe(size)}`);
  if (size.length === 0) return undefined;
  const dims = (size as unknown[]).map((d) => dimension(call, d, size));
  // A zero dimension empties the array whatever the others (the product could overflow first).
  if (dims.includes(0)) return 0;
  const count = dims.reduce((a, b) => a * b, 1);
  if (count > MAX_LENGTH) throw new RangeError(`${call}: size [${size.join(', ')}] has ${count} elements, more than the ${MAX_LENGTH} a typed array holds`);
  return count;
}

function dimension(call: string, d: unknown, size: unknown): number {
  if (typeof d !== 'number') throw new TypeError(`${call}: size must be a count or an array of dimensions, got ${describe(d)} in ${describe(size)}`);
  if (!Number.isSafeInteger(d) || d < 0 || d > MAX_LENGTH) {
    throw new RangeError(`${call}: size's dimensions must be integers in [0, ${MAX_LENGTH}], got ${describe(d)}${size === d ? '' : ` in [${String(size)}]`}`);
  }
  return d;
}
