import type { NumberIntegerArray } from './array-types.js';
import type { CumulativeTable, SquareHistogram } from '../distributions/poisson-tables.js';
import type { AnyTypedArray } from '../types.js';

/**
 * Where a bulk draw stands, which a kernel reads and moves: [0] the index of the next word in the
 * lent array, [1] the next output element (bounded32) or the next Fisher–Yates step's i (shuffle).
 * An array, so that a call into native code or WebAssembly reads and updates both without allocating.
 */
export type DrawPlace = Float64Array;

/**
 * The inner loops of the bulk draws (and of Poisson's table methods), as a strategy a backend may give its Generator's word buffer
 * (Backend.drawKernel): each computes exactly what the TypeScript loop it stands for computes (the
 * reference, kept in random.ts, bernoulli.ts, lemire.ts and shuffle.ts), from the same words in the
 * same order. The draw still decides which words are lent and when; a kernel only runs over words
 * already in the lent array and says, through the place, how far it got. Whatever runs past the end
 * of those words (a rejected attempt there) the draw finishes word by word on the reference path.
 */
export interface DrawKernel {
  /** What computes: 'avx512', 'avx2', 'neon', 'generic' (the addon), 'wasm'. */
  readonly name: string;
  /**
   * Fewest values a call is worth: below, the call's fixed cost (through N-API or the WebAssembly
   * glue) is more than the TypeScript loop's work (docs/cpu-kernels.md, "Draw kernels").
   */
  readonly minValues: number;
  /** out[from + k] = nextDouble of words[at + 2k], words[at + 2k + 1], for k < count. */
  unitDoubles(words: Uint32Array, at: number, out: Float64Array, from: number, count: number): void;
  /** out[from + k] = nextFloat of words[at + k]. */
  unitFloats(words: Uint32Array, at: number, out: Float32Array, from: number, count: number): void;
  /** out[from + k] = words[at + k] < threshold ? 1 : 0, threshold = p·2^32 in [0, 2^32]. */
  bernoulli(words: Uint32Array, at: number, threshold: number, out: NumberIntegerArray | Float32Array, from: number, count: number): void;
  /**
   * out[i] = base + an integer in [0, m) by Lemire's method (lemire.ts; m in [2, 2^32), t =
   * threshold32(m)) for i = place[1] … to − 1, one word per attempt from words[place[0]] on. Stops
   * early only before a value none of whose remaining words is accepted, the place then at that
   * value's first word.
   */
  bounded32(words: Uint32Array, m: number, t: number, base: number, out: NumberIntegerArray, to: number, place: DrawPlace): void;
  /**
   * Fisher–Yates steps (shuffle.ts shuffleFrom) i = place[1], place[1] − 1, …, first (≥ 1) on
   * `array` (at most 2^32 elements), j by Lemire's method from words[place[0]] on; the place ends at
   * the next step and the word after the last step taken. Stops early as bounded32 does.
   */
  shuffle(words: Uint32Array, array: AnyTypedArray, first: number, place: DrawPlace): void;
  /**
   * out[from + k] = the square histogram's Poisson value of words[at + k], for k < count
   * (fillPoissonSquareHistogram in src/distributions/poisson.ts, curandGeneratePoisson's table method).
   */
  poissonHistogram(words: Uint32Array, at: number, out: Uint32Array, from: number, count: number, table: SquareHistogram, centred: boolean): void;
  /** out[from + k] = the cumulative table's Poisson value of words[at + k] (fillPoissonCumulative). */
  poissonCumulative(words: Uint32Array, at: number, out: Uint32Array, from: number, count: number, table: CumulativeTable): void;
}
