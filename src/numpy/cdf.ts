/**
 * NumPy's weighted choice pieces (numpy/random/_generator.pyx and mtrand.pyx choice): the check of
 * p, its cumulative sum normalised by the last value, and searchsorted(side='right').
 */

/** p as doubles, checked as NumPy checks it: one per element, no NaN, non-negative, summing to 1 within √ε (Kahan sum). */
export function checkedProbabilities(p: ArrayLike<number>, popSize: number): Float64Array {
  const probs = Float64Array.from(p);
  if (probs.length !== popSize) throw new RangeError("choice: 'a' and 'p' must have same size");
  let sum = 0;
  let comp = 0;
  for (const x of probs) {
    const y = x - comp;
    const t = sum + y;
    comp = t - sum - y;
    sum = t;
  }
  if (Number.isNaN(sum)) throw new RangeError('choice: probabilities contain NaN');
  if (probs.some((x) => x < 0)) throw new RangeError('choice: probabilities are not non-negative');
  if (Math.abs(sum - 1) > Math.sqrt(2 ** -52)) throw new RangeError('choice: probabilities do not sum to 1');
  return probs;
}

/** np.cumsum (sequential), divided by its last value. */
export function cumulative(p: Float64Array): Float64Array {
  const cdf = new Float64Array(p.length);
  let total = 0;
  for (let i = 0; i < p.length; i++) cdf[i] = total += p[i] as number;
  const last = cdf[cdf.length - 1] as number;
  for (let i = 0; i < cdf.length; i++) cdf[i] = (cdf[i] as number) / last;
  return cdf;
}

/** searchsorted(side='right'): the first index whose value exceeds x. */
export function searchRight(a: Float64Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (x < (a[mid] as number)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Weighted choice without replacement: rounds of `draw(k)` doubles over the p left (those found
 * set to 0), keeping the first occurrence of each new position, until `count` are found.
 */
export function weightedWithoutReplacement(probs: Float64Array, count: number, draw: (k: number) => Float64Array): Float64Array {
  if (probs.filter((x) => x > 0).length < count) throw new RangeError('choice: fewer non-zero entries in p than size');
  const left = probs.slice();
  const idx = new Float64Array(count);
  let found = 0;
  while (found < count) {
    const x = draw(count - found);
    for (let i = 0; i < found; i++) left[idx[i] as number] = 0;
    const cdf = cumulative(left);
    const seen = new Set<number>();
    for (const u of x) {
      const j = searchRight(cdf, u);
      if (!seen.has(j)) {
        seen.add(j);
        idx[found++] = j;
      }
    }
  }
  return idx;
}
