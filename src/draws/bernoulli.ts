import { LEND_LIMIT, lendsWords, type BitSource } from './bit-source.js';
import { NUMBER_TYPES, type NumberIntegerArray } from './array-types.js';
import type { DrawPlan } from './plan.js';
import { describe, toArrayOutput } from '../validate.js';

/** p as bernoulli() accepts it: a number in [0, 1] (NaN refused). */
export function toProbability(p: unknown, name: string): number {
  if (typeof p !== 'number') throw new TypeError(`${name} must be a number in [0, 1], got ${describe(p)}`);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`${name} must be in [0, 1], got ${describe(p)}`);
  return p;
}

/** Fills `target` with 0/1, one word each, read in place where the source lends them (through its draw kernel where it has one). */
function fillBernoulli(src: BitSource, threshold: number, target: NumberIntegerArray | Float32Array): void {
  const n = target.length;
  if (!lendsWords(src)) {
    for (let i = 0; i < n; i++) target[i] = src.nextUint32() < threshold ? 1 : 0;
    return;
  }
  const kernel = src.drawKernel;
  for (let i = 0; i < n; ) {
    const words = src.lend(Math.min(n - i, LEND_LIMIT));
    let k = src.cursor;
    const stop = Math.min(n, i + words.length - k);
    if (kernel !== null && stop - i >= kernel.minValues) {
      kernel.bernoulli(words, k, threshold, target, i, stop - i);
      k += stop - i;
      i = stop;
    } else {
      for (; i < stop; i++) target[i] = words[k++]! < threshold ? 1 : 0;
    }
    src.cursor = k;
  }
}

/**
 * bernoulli(p, size?): 1 exactly when a word w satisfies w < p·2^32, else 0; one word per value.
 * p·2^32 is exact in doubles, so P(1) = ⌈p·2^32⌉ / 2^32: p rounded up to a multiple of 2^-32 (0 and
 * 1 exactly for p = 0 and p = 1). A Uint8Array by default; any integer or float array as `out`.
 */
export function planBernoulli(p: unknown, size: unknown): DrawPlan<number | NumberIntegerArray | Float32Array> {
  const threshold = toProbability(p, 'p') * 4294967296;
  if (size === undefined) return { words: 1, output: null, run: (src) => (src.nextUint32() < threshold ? 1 : 0) };
  const out = toArrayOutput<NumberIntegerArray | Float32Array>('bernoulli()', 'size', size, NUMBER_TYPES, Uint8Array);
  return {
    words: out.length,
    output: out,
    run(src: BitSource) {
      fillBernoulli(src, threshold, out.target);
      return out.result;
    },
  };
}
