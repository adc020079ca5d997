/**
 * NumPy's geometric draw (numpy/random/src/distributions/distributions.c: random_geometric), bit for
 * bit when fed NumPy's words (docs/draws-continuous.md): the number of Bernoulli(p) trials up to and
 * including the first success, k ≥ 1.
 * - p ≥ 1/3: sequential search, X = 1, 2, … with the running sum of p·(1 − p)^(X−1) against one
 *   uniform double;
 * - p < 1/3: inversion, ⌈−E/log1p(−p)⌉ with E a standard exponential (ziggurat.ts), capped at NumPy's
 *   INT64_MAX.
 * Values are doubles: every value NumPy returns is an integer a double holds exactly, except its cap
 * INT64_MAX = 2^63 − 1, which comes back as 2^63 (as NumPy's int64 converts to float).
 */

import { nextDouble, type BitSource } from './bit-source.js';
import { planFloat64 } from './fill.js';
import { log1p } from './libm.js';
import type { DrawPlan } from './plan.js';
import { standardExponential } from './ziggurat.js';
import { describe } from '../validate.js';

/** NumPy's switch from search to inversion (its literal 0.333333333333333333333333, i.e. RN(1/3)). */
const SEARCH_FROM = 0.333333333333333333333333;
/** The smallest double above INT64_MAX: NumPy caps there. */
const INT64_CAP = 9.223372036854776e18;

/** random_geometric_search: the sequential search, also RandomState's (legacy_random_geometric) from p = 1/3. */
export function search(p: number): (src: BitSource) => number {
  const q = 1 - p;
  return (src) => {
    const u = nextDouble(src);
    let x = 1;
    let sum = p;
    let prod = p;
    while (u > sum) {
      prod *= q;
      sum += prod;
      x++;
    }
    return x;
  };
}

function inversion(p: number): (src: BitSource) => number {
  const denominator = log1p(-p);
  return (src) => {
    const z = Math.ceil(-standardExponential(src) / denominator);
    return z >= INT64_CAP ? INT64_CAP : z;
  };
}

/** geometric(p, size?): NumPy's Generator.geometric, 0 < p ≤ 1. Doubles holding integers ≥ 1. */
export function planGeometric(p: unknown, size: unknown): DrawPlan<number | Float64Array> {
  if (typeof p !== 'number') throw new TypeError(`p must be a number in (0, 1], got ${describe(p)}`);
  if (!(p > 0 && p <= 1)) throw new RangeError(`p must be in (0, 1], got ${describe(p)}`);
  return planFloat64('geometric()', size, 2, p >= SEARCH_FROM ? search(p) : inversion(p));
}
