import type { BitSource } from './bit-source.js';
import { Binomial, checkCountTarget, COUNT_TYPES, countTypeFor, toTrials, type CountArray } from './binomial.js';
import type { DrawPlan } from './plan.js';
import { describe, MAX_LENGTH, toArrayOutput, toInteger, typedArrayTypeOf, type ResolvedOutput } from '../validate.js';

/** NumPy's tolerance on sum(pvals[:-1]) (Generator.multinomial): up to 1 + 1e-12 is accepted. */
const SUM_LIMIT = 1.0 + 1e-12;

/**
 * Kahan's compensated sum of values[0 … count), as NumPy's kahan_sum (numpy/random/_common.pyx)
 * forms it, step for step: 0 for count ≤ 0.
 */
export function kahanSum(values: Float64Array, count: number): number {
  if (count <= 0) return 0;
  let sum = values[0]!;
  let c = 0;
  for (let i = 1; i < count; i++) {
    const y = values[i]! - c;
    const t = sum + y;
    c = t - sum - y;
    sum = t;
  }
  return sum;
}

/** pvals: an array or a Float64Array/Float32Array of numbers in [0, 1], at least one. Copied. */
function toProbabilities(pvals: unknown): Float64Array {
  const typed = typedArrayTypeOf(pvals);
  if (!Array.isArray(pvals) && typed !== 'Float64Array' && typed !== 'Float32Array') {
    throw new TypeError(`pvals must be an array, a Float64Array or a Float32Array of probabilities, got ${describe(pvals)}`);
  }
  const source = pvals as ArrayLike<unknown>;
  const values = new Float64Array(source.length);
  for (let i = 0; i < values.length; i++) {
    const v = source[i];
    if (typeof v !== 'number') throw new TypeError(`pvals[${i}] must be a number in [0, 1], got ${describe(v)}`);
    if (!(v >= 0 && v <= 1)) throw new RangeError(`pvals[${i}] must be in [0, 1], got ${describe(v)}`);
    values[i] = v;
  }
  if (values.length === 0) throw new RangeError('pvals must have at least one element');
  const head = kahanSum(values, values.length - 1);
  if (head > SUM_LIMIT) throw new RangeError(`sum(pvals[:-1]) must be at most 1 (NumPy's tolerance: 1 + 1e-12), got ${head}`);
  return values;
}

/**
 * One multinomial sample into target[offset … offset + d): NumPy's random_multinomial
 * (numpy/random/src/distributions/distributions.c): category j gets binomial(remaining n,
 * pvals[j] / remaining mass), the mass shrinking by pvals[j] after each; it stops as soon as nothing
 * is left; the last category takes what remains (its own pvals entry is not used), the others stay 0.
 */
function sampleInto(src: BitSource, sampler: Binomial, n: number, pvals: Float64Array, target: CountArray, offset: number): void {
  const d = pvals.length;
  let remaining = 1;
  let left = n;
  let j = 0;
  while (j < d - 1) {
    const x = sampler.draw(src, left, pvals[j]! / remaining);
    target[offset + j] = x;
    left -= x;
    j++;
    if (left <= 0) break;
    remaining -= pvals[j - 1]!;
  }
  for (; j < d - 1; j++) target[offset + j] = 0;
  target[offset + d - 1] = left > 0 ? left : 0;
}

/**
 * multinomial(n, pvals, size?): NumPy 2.4's Generator.multinomial with a scalar n and a 1-D pvals.
 * Returns the counts of `size` samples (one when size is omitted) row after row: sample i's count of
 * category j is element i·d + j (d = pvals.length), in an Int32Array while n ≤ 2^31 − 1, else a
 * Float64Array. A typed array given as `size` is filled in place; its length must be a multiple of d.
 *
 * pvals as NumPy checks them: each in [0, 1], no NaN, sum(pvals[:-1]) ≤ 1 + 1e-12 (Kahan-summed). A
 * sum below 1 leaves the rest to the last category; a sum slightly above 1 (within the tolerance)
 * gives a later category a ratio pvals[j] / remaining ≥ 1, which takes every remaining trial.
 */
export function planMultinomial(n: unknown, pvals: unknown, size: unknown): DrawPlan<CountArray> {
  const trials = toTrials(n);
  const probabilities = toProbabilities(pvals);
  const d = probabilities.length;
  let out: ResolvedOutput<CountArray>;
  if (size === undefined || typeof size === 'number') {
    const samples = size === undefined ? 1 : toInteger(size, 'size', 0, Math.floor(MAX_LENGTH / d));
    out = toArrayOutput<CountArray>('multinomial()', 'size', samples * d, COUNT_TYPES, countTypeFor(trials));
  } else {
    out = toArrayOutput<CountArray>('multinomial()', 'size', size, COUNT_TYPES, countTypeFor(trials));
    if (out.length % d !== 0) {
      throw new RangeError(`multinomial(): the output's length must be a multiple of pvals.length = ${d} (one row per sample), got ${out.length}`);
    }
    checkCountTarget('multinomial()', out.target, trials);
  }
  const rows = out.length / d;
  // Each sample reads at least two words when some category before the last has p > 0 (it is reached
  // with every trial still left).
  const reads = trials > 0 && probabilities.subarray(0, d - 1).some((v) => v > 0) ? 2 : 0;
  return {
    words: reads * rows,
    output: out,
    run(src: BitSource) {
      const sampler = new Binomial();
      for (let row = 0; row < rows; row++) sampleInto(src, sampler, trials, probabilities, out.target, row * d);
      return out.result;
    },
  };
}
