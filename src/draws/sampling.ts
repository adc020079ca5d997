import { nextDouble, type BitSource } from './bit-source.js';
import { boundedSafe, fillBounded32, threshold32 } from './lemire.js';
import { shuffleFrom } from './shuffle.js';
import { normalisedCdf, searchRight, type Weights } from './weights.js';

/** Where the samplers write indices: a number-typed array's plain view. */
export interface IndexSink {
  readonly length: number;
  [i: number]: number;
}

const TWO_32 = 4294967296;

/** Each index integers(0, n): uniform, with replacement. */
export function uniformIndices(src: BitSource, n: number, idx: IndexSink): void {
  if (n >= 2 && n < TWO_32) fillBounded32(src, n, threshold32(n), 0, idx);
  else for (let i = 0; i < idx.length; i++) idx[i] = boundedSafe(src, n);
}

/**
 * NumPy's rule (Generator.choice) for which exact method samples k of n without replacement: the
 * tail of a Fisher–Yates shuffle of 0..n−1 when n > 10000 and k > ⌊n / c⌋ (c = 50 when the sample is
 * shuffled, 20 when not), else Floyd's algorithm (O(k) memory).
 */
export function usesTailShuffle(n: number, k: number, shuffle: boolean): boolean {
  return n > 10000 && k > Math.floor(n / (shuffle ? 50 : 20));
}

/**
 * Floyd's algorithm (J. Bentley and R. Floyd, "Programming pearls: a sample of brilliance", CACM
 * 30(9), 1987), as NumPy's Generator.choice runs it: for j = n − k … n − 1, v = integers(0, j + 1);
 * the sample gets v unless v is already in it, else j. Then, when `shuffle`, the k values are shuffled
 * (shuffleFrom, first = 1), since Floyd's order is not uniform.
 */
export function floydSample(src: BitSource, n: number, k: number, shuffle: boolean, idx: IndexSink): void {
  const seen = new Set<number>();
  for (let j = n - k; j < n; j++) {
    const v = boundedSafe(src, j + 1);
    const pick = seen.has(v) ? j : v;
    seen.add(pick);
    idx[j - n + k] = pick;
  }
  if (shuffle) shuffleFrom(src, idx, k, 1);
}

/**
 * The last k entries of a Fisher–Yates shuffle of `pool` (= 0..n−1) run from the end down to
 * max(n − k, 1), as NumPy's Generator.choice does for large samples; already in random order.
 */
export function tailSample(src: BitSource, pool: IndexSink, k: number, idx: IndexSink): void {
  const n = pool.length;
  shuffleFrom(src, pool, n, Math.max(n - k, 1));
  for (let i = 0; i < k; i++) idx[i] = pool[n - k + i]!;
}

/**
 * Weighted sampling without replacement, NumPy's Generator.choice(…, replace=False, p) exactly: in
 * rounds, draw r = k − found doubles (nextDouble) first; build the normalised cdf of the weights with
 * those already found set to 0 (weights.ts); map each double to searchsorted-right of the cdf; keep,
 * in draw order, the first occurrence of each index not yet found. Repeat until k are found.
 */
export function weightedSample(src: BitSource, weights: Weights, k: number, idx: IndexSink): void {
  const n = weights.w.length;
  const w = weights.w.slice();
  const cdf = new Float64Array(n);
  const draws = new Float64Array(k);
  const taken = new Uint8Array(n);
  let found = 0;
  while (found < k) {
    const r = k - found;
    for (let i = 0; i < r; i++) draws[i] = nextDouble(src);
    normalisedCdf(w, n, cdf);
    for (let i = 0; i < r; i++) {
      const at = searchRight(cdf, n, draws[i]!);
      if (taken[at] === 0) {
        taken[at] = 1;
        // The next round's cdf leaves it out (this round's is already built).
        w[at] = 0;
        idx[found++] = at;
      }
    }
  }
}

/** Makes 0..n−1 in `pool`. */
export function fillRange(pool: IndexSink): void {
  for (let i = 0; i < pool.length; i++) pool[i] = i;
}
