import type { BitSource } from './bit-source.js';
import type { DrawPlan } from './plan.js';
import { toArrayOutput, type TypedArrayType } from '../validate.js';

const FLOAT64: readonly TypedArrayType[] = [Float64Array];

/**
 * The plan of a draw of doubles whose arguments are already checked: no size → one value; a length →
 * a new Float64Array; a Float64Array → filled in place. `wordsEach` is the fewest words one value
 * reads (DrawPlan.words); `one` draws one value.
 */
export function planFloat64(call: string, size: unknown, wordsEach: number, one: (src: BitSource) => number): DrawPlan<number | Float64Array> {
  if (size === undefined) return { words: wordsEach, output: null, run: one };
  const out = toArrayOutput<Float64Array>(call, 'size', size, FLOAT64, Float64Array);
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
