/**
 * NumPy's multivariate hypergeometric draw (Generator.multivariate_hypergeometric, NumPy 2.4), bit
 * for bit when fed NumPy's words (docs/draws-discrete.md): how many items of each colour are among
 * `nsample` taken without replacement from colors[j] items of colour j. Both of NumPy's methods, each
 * run on the complement when nsample > ⌊total/2⌋ (the row is then colors − the complement's counts):
 *
 * - 'marginals' (numpy/random/src/distributions/random_mvhg_marginals.c): colour by colour, the count
 *   of colour j is a univariate hypergeometric (hypergeometric.ts) of colors[j] against the colours
 *   after it, on what is still to draw; the last colour takes the rest. sum(colors) < 10^9.
 * - 'count' (random_mvhg_count.c): the items laid out colour by colour, a partial Fisher–Yates
 *   shuffle of the first n positions by random_interval (interval.ts), then counted. The layout is
 *   not reset between vectors: each shuffle starts from the order the previous one left, as NumPy's.
 */

import { hypergeometric, hypergeometricWords, HYPERGEOMETRIC_MAX } from './hypergeometric.js';
import { randomInterval } from './interval.js';
import type { BitSource } from './bit-source.js';
import type { DrawPlan } from './plan.js';
import { describe, MAX_LENGTH, toArrayOutput, toChoice, toInteger, typedArrayTypeOf, type ResolvedOutput, type TypedArrayType } from '../validate.js';

export type MultivariateHypergeometricMethod = 'marginals' | 'count';
const METHODS: readonly MultivariateHypergeometricMethod[] = ['marginals', 'count'];
const FLOAT64: readonly TypedArrayType[] = [Float64Array];

/**
 * The largest sum(colors) the 'count' method takes here: its layout is one Uint32Array element per
 * item, and random_interval's 32-bit path (NumPy switches to 64-bit words past 2^32 − 1, which this
 * port does not reproduce). NumPy's own limit is INT64_MAX / 8, where its malloc would overflow.
 */
export const COUNT_MAX_TOTAL = 2 ** 32 - 1;

function toColors(colors: unknown): { values: Float64Array; total: number } {
  if (!Array.isArray(colors) && typedArrayTypeOf(colors) === undefined) {
    throw new TypeError(`colors must be an array of integers ≥ 0, got ${describe(colors)}`);
  }
  const given = colors as ArrayLike<unknown>;
  if (given.length > MAX_LENGTH) throw new RangeError(`colors may hold at most ${MAX_LENGTH} values, got ${given.length}`);
  const values = new Float64Array(given.length);
  let total = 0;
  for (let j = 0; j < values.length; j++) {
    const v = toInteger(given[j], `colors[${j}]`, 0, Number.MAX_SAFE_INTEGER);
    values[j] = v;
    total += v;
    if (total > Number.MAX_SAFE_INTEGER) throw new RangeError(`sum(colors) must be at most ${Number.MAX_SAFE_INTEGER}, got more`);
  }
  return { values, total };
}

/** The output: one row (no size), `size` rows, or a Float64Array holding whole rows. */
function rowsOutput(size: unknown, k: number): ResolvedOutput<Float64Array> {
  if (size === undefined) {
    const row = new Float64Array(k);
    return { result: row, target: row, length: k };
  }
  if (typeof size === 'number') {
    if (!Number.isInteger(size) || size < 0 || size * k > MAX_LENGTH) {
      throw new RangeError(`size must be an integer ≥ 0 with size·K ≤ ${MAX_LENGTH} (K = ${k} colors), got ${describe(size)}`);
    }
    return toArrayOutput<Float64Array>('multivariateHypergeometric()', 'size', size * k, FLOAT64, Float64Array);
  }
  const out = toArrayOutput<Float64Array>('multivariateHypergeometric()', 'size', size, FLOAT64, Float64Array);
  if (k === 0 ? out.length !== 0 : out.length % k !== 0) {
    throw new RangeError(`multivariateHypergeometric() fills whole vectors: the output's length must be a multiple of K = ${k}, got ${out.length}`);
  }
  return out;
}

/** Marginals: row[at + j] for each colour; n ≤ total the (complemented) sample. */
function fillByMarginals(src: BitSource, colors: Float64Array, total: number, n: number, row: Float64Array, at: number): void {
  const k = colors.length;
  let toDraw = n;
  let after = total;
  for (let j = 0; j + 1 < k && toDraw > 0; j++) {
    const c = colors[j] as number;
    after -= c;
    const r = hypergeometric(src, c, after, toDraw);
    row[at + j] = r;
    toDraw -= r;
  }
  if (toDraw > 0) row[at + k - 1] = toDraw;
}

/** Count: shuffles the first n positions of `layout` (kept between rows) and counts their colours. */
function fillByCount(src: BitSource, layout: Uint32Array, n: number, row: Float64Array, at: number): void {
  const total = layout.length;
  for (let i = 0; i < n; i++) {
    const j = i + randomInterval(src, total - i - 1);
    const t = layout[j] as number;
    layout[j] = layout[i] as number;
    layout[i] = t;
  }
  for (let i = 0; i < n; i++) row[at + (layout[i] as number)]++;
}

/**
 * multivariateHypergeometric(colors, nsample, size?, method = 'marginals'): NumPy's
 * Generator.multivariate_hypergeometric. colors: K integers ≥ 0 (an array or typed array); nsample
 * an integer in [0, sum(colors)]. NumPy's int64 counts as doubles: one row of K (no size), `size`
 * rows row-major (row i at [i·K, (i + 1)·K)), or a Float64Array of whole rows filled in place.
 */
export function planMultivariateHypergeometric(colors: unknown, nsample: unknown, size: unknown, method: unknown = 'marginals'): DrawPlan<Float64Array> {
  const how = toChoice(method, 'method', METHODS);
  const { values, total } = toColors(colors);
  if (how === 'marginals' && total >= HYPERGEOMETRIC_MAX) {
    throw new RangeError(`with method 'marginals', sum(colors) must be less than ${HYPERGEOMETRIC_MAX}, got ${total}`);
  }
  if (how === 'count' && total > COUNT_MAX_TOTAL) {
    throw new RangeError(`with method 'count', sum(colors) must be at most ${COUNT_MAX_TOTAL}, got ${total}`);
  }
  const sample = toInteger(nsample, 'nsample', 0, total);
  const k = values.length;
  const out = rowsOutput(size, k);
  const rows = k === 0 ? 0 : out.length / k;
  const complement = sample > Math.floor(total / 2);
  const n = complement ? total - sample : sample;
  // Each row reads at least: count, one word per position shuffled; marginals, the first colour's draw.
  let wordsEach = 0;
  if (n > 0 && how === 'count') wordsEach = n;
  else if (n > 0 && k >= 2) wordsEach = hypergeometricWords(values[0] as number, total - (values[0] as number), n);
  return {
    words: rows * wordsEach,
    output: size === undefined ? null : out,
    run(src: BitSource) {
      const target = out.target;
      target.fill(0);
      if (rows === 0) return out.result;
      let layout: Uint32Array | null = null;
      if (how === 'count' && n > 0) {
        layout = new Uint32Array(total);
        let end = 0;
        for (let j = 0; j < k; j++) {
          const start = end;
          end += values[j] as number;
          layout.fill(j, start, end);
        }
      }
      for (let r = 0; r < rows; r++) {
        const at = r * k;
        if (n > 0) {
          if (layout !== null) fillByCount(src, layout, n, target, at);
          else fillByMarginals(src, values, total, n, target, at);
        }
        if (complement) for (let j = 0; j < k; j++) target[at + j] = (values[j] as number) - (target[at + j] as number);
      }
      return out.result;
    },
  };
}
