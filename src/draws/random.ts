import { LEND_LIMIT, lendsWords, nextDouble, nextFloat, unitDouble, unitFloat, type BitSource } from './bit-source.js';
import type { DrawPlan } from './plan.js';
import { toArrayOutput, toFinite, type TypedArrayType } from '../validate.js';

const RANDOM_TYPES: readonly TypedArrayType[] = [Float64Array, Float32Array];

/**
 * random(size?): doubles in [0, 1) from two words each, NumPy's next_double (bit-source.ts); a
 * Float32Array gets NumPy's next_float, one word each. Never 1, unlike cuRAND's (0, 1] uniform.
 */
export function planRandom(size: unknown, call = 'random()'): DrawPlan<number | Float64Array | Float32Array> {
  if (size === undefined) return { words: 2, output: null, run: nextDouble };
  const out = toArrayOutput<Float64Array | Float32Array>(call, 'size', size, RANDOM_TYPES, Float64Array);
  const single = out.target instanceof Float32Array;
  return {
    words: out.length * (single ? 1 : 2),
    output: out,
    run(src: BitSource) {
      const target = out.target;
      if (single) fillUnit(src, target, 1);
      else fillUnit(src, target, 2);
      return out.result;
    },
  };
}

/**
 * Fills `target` with nextFloat (1 word each) or nextDouble (2 words each) values, reading the words
 * in place where the source lends them: the same words in the same order, without a call per word,
 * and through the source's draw kernel where it has one and the run is long enough.
 */
function fillUnit(src: BitSource, target: Float64Array | Float32Array, wordsEach: 1 | 2): void {
  const n = target.length;
  if (!lendsWords(src)) {
    if (wordsEach === 1) for (let i = 0; i < n; i++) target[i] = nextFloat(src);
    else for (let i = 0; i < n; i++) target[i] = nextDouble(src);
    return;
  }
  const kernel = src.drawKernel;
  for (let i = 0; i < n; ) {
    const words = src.lend(Math.min((n - i) * wordsEach, LEND_LIMIT));
    let k = src.cursor;
    const count = Math.min(n - i, Math.floor((words.length - k) / wordsEach));
    const end = i + count;
    if (kernel !== null && count >= kernel.minValues) {
      if (wordsEach === 1) kernel.unitFloats(words, k, target as Float32Array, i, count);
      else kernel.unitDoubles(words, k, target as Float64Array, i, count);
      i = end;
      k += count * wordsEach;
    } else if (wordsEach === 1) {
      for (; i < end; i++) target[i] = unitFloat(words[k++]!);
    } else {
      for (; i < end; i++, k += 2) target[i] = unitDouble(words[k]!, words[k + 1]!);
    }
    src.cursor = k;
  }
}

/**
 * uniformRange(low, high, size?): low + (high − low)·u with u from random(), NumPy's
 * random_uniform (numpy/random/src/distributions/distributions.c): values in [low, high) up to the
 * rounding of that sum. Named apart from cuRAND's uniform(n), which keeps its (0, 1] meaning.
 */
export function planUniformRange(low: unknown, high: unknown, size: unknown): DrawPlan<number | Float64Array | Float32Array> {
  const lo = toFinite(low, 'low');
  const hi = toFinite(high, 'high');
  if (!(lo < hi)) throw new RangeError(`low must be below high, got low ${lo}, high ${hi}`);
  const range = hi - lo;
  if (!Number.isFinite(range)) throw new RangeError(`high − low must be finite, got low ${lo}, high ${hi}`);
  const unit = planRandom(size, 'uniformRange()');
  if (size === undefined) return { words: 2, output: null, run: (src) => lo + range * nextDouble(src) };
  return {
    words: unit.words,
    output: unit.output,
    run(src: BitSource) {
      const result = unit.run(src) as Float64Array | Float32Array;
      const target = unit.output!.target as Float64Array | Float32Array;
      for (let i = 0; i < target.length; i++) target[i] = lo + range * target[i]!;
      return result;
    },
  };
}
