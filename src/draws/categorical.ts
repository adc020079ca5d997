import { indexType, NUMBER_INTEGER_TYPES, toIntegerOutput, type NumberIntegerArray } from './array-types.js';
import { nextDouble, type BitSource } from './bit-source.js';
import { planEach } from './fill.js';
import type { DrawPlan } from './plan.js';
import { normalisedCdf, searchRight, toNumbers, toWeights } from './weights.js';
import { expFma } from '../math/exp.js';
import { checkOptionKeys, describe, given, toBoolean, toFinite, toInteger } from '../validate.js';

/** categorical()'s options. */
export interface CategoricalOptions {
  /** Logits are divided by it (after the largest is subtracted); default 1; logits only. */
  temperature?: number;
  /** Keep the k most likely categories (ties to the lower index); default all. */
  topK?: number;
  /** The values are probabilities (or weights), not logits; default false. */
  probs?: boolean;
}

const CALL = 'categorical()';

/** Whether index a ranks below index b: a smaller value, or the same value at a higher index (ties go to the lower index). */
function below(x: Float64Array, a: number, b: number): boolean {
  return x[a]! < x[b]! || (x[a] === x[b] && a > b);
}

/**
 * The indices of the k largest values of x, ties to the lower index, in increasing order: a min-heap
 * of k candidates (its root the lowest ranked) over one pass, O(K log k).
 */
export function topIndices(x: Float64Array, k: number): Float64Array {
  const heap = new Float64Array(k);
  const sift = (size: number): void => {
    let at = 0;
    for (;;) {
      const l = 2 * at + 1;
      if (l >= size) return;
      const r = l + 1;
      const low = r < size && below(x, heap[r]!, heap[l]!) ? r : l;
      if (!below(x, heap[low]!, heap[at]!)) return;
      const t = heap[at]!;
      heap[at] = heap[low]!;
      heap[low] = t;
      at = low;
    }
  };
  for (let i = 0; i < k; i++) {
    // Sift up the new candidate.
    heap[i] = i;
    let at = i;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (!below(x, heap[at]!, heap[parent]!)) break;
      const t = heap[at]!;
      heap[at] = heap[parent]!;
      heap[parent] = t;
      at = parent;
    }
  }
  for (let i = k; i < x.length; i++) {
    if (below(x, heap[0]!, i)) {
      heap[0] = i;
      sift(k);
    }
  }
  return heap.sort();
}

/**
 * categorical(logitsOrProbs, size?, { temperature = 1, topK, probs = false }): category indices
 * 0..K−1, for token sampling. Defined exactly:
 * 1. topK keeps the k largest inputs (ties to the lower index); the others get weight 0.
 * 2. Logits: w[i] = exp((x[i] − m) / temperature), m the largest logit, exp glibc's (src/math/exp.ts,
 *    the x86-64 FMA variant, whatever the generator's hostMath), so w ≤ 1 and the largest is 1;
 *    −Infinity logits (masked tokens) get 0. With probs: true, w[i] = x[i] (no temperature).
 * 3. cdf = the in-order sums of the kept weights divided by their total (weights.ts);
 * 4. each draw: u = nextDouble (two words), the first kept index whose cdf exceeds u.
 */
export function planCategorical(values: unknown, size: unknown, options: unknown): DrawPlan<number | NumberIntegerArray> {
  checkOptionKeys(options, ['temperature', 'topK', 'probs']);
  const o = options as { temperature?: unknown; topK?: unknown; probs?: unknown } | undefined;
  const probs = toBoolean(given(o?.probs, false), 'probs');
  let x: Float64Array;
  let temperature = 1;
  if (probs) {
    x = toWeights(values, CALL, 'probs').w;
    if (o?.temperature !== undefined) {
      throw new RangeError(`${CALL}: temperature applies to logits; with probs: true pass no temperature (or pass logits, log p)`);
    }
  } else {
    x = toNumbers(values, CALL, 'logits');
    if (x.length === 0) throw new RangeError(`${CALL}: logits must hold at least one value, got none`);
    let finite = false;
    for (let i = 0; i < x.length; i++) {
      const v = x[i]!;
      if (v !== v || v === Infinity) throw new RangeError(`${CALL}: logits[${i}] must be a finite number or −Infinity, got ${describe(v)}`);
      if (v !== -Infinity) finite = true;
    }
    if (!finite) throw new RangeError(`${CALL}: logits must have a finite value, got only −Infinity`);
    if (o?.temperature !== undefined) {
      temperature = toFinite(o.temperature, 'temperature');
      if (!(temperature > 0)) throw new RangeError(`temperature must be above 0, got ${describe(temperature)}`);
    }
  }
  const K = x.length;
  const topK = o?.topK === undefined ? K : toInteger(o.topK, 'topK', 1, K);
  const Index = indexType(K);
  const out = size === undefined ? null : toIntegerOutput<NumberIntegerArray>(CALL, 'size', size, NUMBER_INTEGER_TYPES, Index, 0n, BigInt(K - 1));

  const kept = topK < K ? topIndices(x, topK) : null;
  const count = kept === null ? K : topK;
  const w = new Float64Array(count);
  let m = -Infinity;
  for (let i = 0; i < K; i++) if (x[i]! > m) m = x[i]!;
  for (let j = 0; j < count; j++) {
    const v = x[kept === null ? j : kept[j]!]!;
    w[j] = probs ? v : expFma(temperature === 1 ? v - m : (v - m) / temperature);
  }
  const cdf = new Float64Array(count);
  normalisedCdf(w, count, cdf);
  const draw = (src: BitSource): number => {
    const j = searchRight(cdf, count, nextDouble(src));
    return kept === null ? j : kept[j]!;
  };
  return planEach(out, 2, draw);
}
