import type { BitSource } from './bit-source.js';
import type { AnyTypedArray } from '../types.js';
import type { ResolvedOutput } from '../validate.js';

/**
 * A draw whose arguments have been checked: planning throws the TypeError/RangeError of a bad
 * argument before a single word is read, so a refused call leaves the generator as it was. The
 * Generator then runs it on its word buffer, at once (sync) or after taking `words` words from the
 * stream without blocking (async).
 */
export interface DrawPlan<R> {
  /** Words the draw reads at least (exactly, for draws without rejection). */
  readonly words: number;
  /** The caller's output array, if the draw fills one: an async call checks it is still there before running. */
  readonly output: ResolvedOutput<AnyTypedArray> | null;
  /** Reads the words and computes the result. */
  run(src: BitSource): R;
}
