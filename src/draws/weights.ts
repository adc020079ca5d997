import { isJsArray, NUMBER_TYPES } from './array-types.js';
import type { AnyTypedArray } from '../types.js';
import { describe, MAX_LENGTH, toArrayOutput, typedArrayTypeOf } from '../validate.js';

/** Numbers given as a typed array (not a bigint one) or a JS array: weights, probabilities, logits. */
export function toNumbers(values: unknown, call: string, name: string): Float64Array {
  const typeName = typedArrayTypeOf(values);
  if (typeName !== undefined) {
    const given = toArrayOutput<Exclude<AnyTypedArray, BigInt64Array | BigUint64Array>>(call, name, values, NUMBER_TYPES, Float64Array);
    const copy = new Float64Array(given.length);
    copy.set(given.target);
    return copy;
  }
  if (!isJsArray(values)) throw new TypeError(`${call}: ${name} must be a typed array or an Array of numbers, got ${describe(values)}`);
  const list = values;
  const n = list.length;
  if (n > MAX_LENGTH) throw new RangeError(`${call}: ${name} may hold at most ${MAX_LENGTH} values, got ${n}`);
  const copy = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = list[i];
    if (typeof v !== 'number') throw new TypeError(`${call}: ${name}[${i}] must be a number, got ${describe(v)}`);
    copy[i] = v;
  }
  return copy;
}

/** Weights as the weighted draws take them, with what their checks learnt. */
export interface Weights {
  readonly w: Float64Array;
  /** w[0] + w[1] + … in order: positive and finite. */
  readonly total: number;
  /** How many weights are above 0. */
  readonly positive: number;
}

/**
 * Non-negative finite weights with a positive finite sum (they need not sum to 1: each draw uses
 * w[i] / Σw). NaN, negative and infinite weights, and weights that are all 0, are RangeErrors
 * naming `name`.
 */
export function toWeights(values: unknown, call: string, name: string): Weights {
  const w = toNumbers(values, call, name);
  let total = 0;
  let positive = 0;
  for (let i = 0; i < w.length; i++) {
    const v = w[i]!;
    if (!(v >= 0 && v < Infinity)) throw new RangeError(`${call}: ${name}[${i}] must be a finite number ≥ 0, got ${describe(v)}`);
    total += v;
    if (v > 0) positive++;
  }
  if (positive === 0) throw new RangeError(`${call}: ${name} must have a weight above 0, got ${w.length === 0 ? 'none' : 'only zeros'}`);
  if (total === Infinity) throw new RangeError(`${call}: the sum of ${name} must be finite, got one above the largest double`);
  return { w, total, positive };
}

/**
 * cdf[i] = (w[0] + … + w[i]) / (w[0] + … + w[n−1]), the sums taken in order (NumPy's cumsum, then
 * cdf /= cdf[-1]): the last entry is exactly 1 and a weight of 0 repeats its predecessor.
 */
export function normalisedCdf(w: Float64Array, n: number, cdf: Float64Array): void {
  let acc = 0;
  for (let i = 0; i < n; i++) {
    acc += w[i]!;
    cdf[i] = acc;
  }
  for (let i = 0; i < n; i++) cdf[i] = cdf[i]! / acc;
}

/**
 * The first i in [0, n) with cdf[i] > u (NumPy's searchsorted(…, side='right')): for u in [0, 1) and a
 * normalised cdf always one whose weight is above 0.
 */
export function searchRight(cdf: Float64Array, n: number, u: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (cdf[mid]! <= u) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
