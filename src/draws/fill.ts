import type { BitSource } from './bit-source.js';
import type { DrawPlan } from './plan.js';
import type { AnyTypedArray } from '../types.js';
import { toArrayOutput, type ResolvedOutput, type TypedArrayType } from '../validate.js';

const FLOAT64: readonly TypedArrayType[] = [Float64Array];

/**
 * The plan of a draw whose values come one at a time from `one`, which reads at least `wordsEach`
 * words each (DrawPlan.words): without an output one value, else the output filled in order.
 */
export function planEach<T extends Exclude<AnyTypedArray, BigInt64Array | BigUint64Array>>(
  out: ResolvedOutput<T> | null,
  wordsEach: number,
  one: (src: BitSource) => number,
): DrawPlan<number | T> {
  if (out === null) return { words: wordsEach, output: null, run: one };
  return {
    words: out.length * wordsEach,
    output: out,
    run(src: BitSource) {
      const target = out.target;
      for (let i = 0; i < target.length; i++) target[i] = one(src);
      return out.result;
    },
  };
}

/**
 * The plan of a draw of doubles whose arguments are already checked: no size → one value; a length →
 * a new Float64Array; a Float64Array → filled in place.
 */
export function planFloat64(call: string, size: unknown, wordsEach: number, one: (src: BitSource) => number): DrawPlan<number | Float64Array> {
  const out = size === undefined ? null : toArrayOutput<Float64Array>(call, 'size', size, FLOAT64, Float64Array);
  return planEach(out, wordsEach, one);
}
