import { fillNormalFloat, fillNormalFloatHalves, type PairInputs } from './box-muller.js';
import { fillNormalInverseCdf, normalFloatInverseCdf } from './inverse-cdf.js';
import type { CumulativeTable, SquareHistogram } from './poisson-tables.js';
import { uniformDouble32 } from './uniform.js';

/**
 * Poisson variates as cuRAND's host generators compute them in curandGeneratePoisson
 * (docs/poisson.md; measured facts in docs/spec/curand-poisson.md). Which method applies for which λ is
 * the generator's business (src/distributions/table.ts); each method here reads:
 *
 * - square histogram and cumulative table: one word per value, u = (x + 1)·2^-32 in (0, 1];
 * - normal approximation: one float standard normal z per value (the generator's own float normal,
 *   so Poisson reuses exactly the code of curandGenerateNormal), out = trunc(z·√λ + λ + 0.5).
 */

/**
 * The square-histogram method (Marsaglia, Tsang & Wang 2004, "M2"). The draw kernels' poissonHistogram
 * is the same loop, natively or in WebAssembly (Transform.lookupInPlace).
 */
export function fillPoissonSquareHistogram(
  out: Uint32Array,
  outAt: number,
  words: Uint32Array,
  n: number,
  table: SquareHistogram,
  uniform: (x: number) => number = uniformDouble32,
): void {
  const { shift, cells, threshold, alias } = table;
  for (let i = 0; i < n; i++) {
    // Same double u as MTGP32's uniform double (MT19937: its own, the cell centre); u = 1
    // (x = 0xFFFFFFFF) reads the spare cell L.
    const u = uniform(words[i]);
    // ⌊cells·u⌋ as an int32 (0 ≤ cells·u ≤ cells < 2^31): V8 then indexes the tables with an
    // integer, where Math.floor's double result made the loop several times slower.
    const j = (cells * u) | 0;
    out[outAt + i] = shift + (u < threshold[j] ? j : alias[j]);
  }
}

/** The cumulative-table method: the first k (from shift) whose cumulative pmf is ≥ u (the draw kernels' poissonCumulative). */
export function fillPoissonCumulative(out: Uint32Array, outAt: number, words: Uint32Array, n: number, table: CumulativeTable): void {
  const { shift, cdf } = table;
  const last = cdf.length - 1;
  for (let i = 0; i < n; i++) {
    const u = uniformDouble32(words[i]);
    // cuRAND's search: a value above every entry (only u = 1 can be) ends on the last entry.
    let lo = 0;
    let hi = last;
    do {
      const mid = (lo + hi) >> 1;
      if (cdf[mid] >= u) hi = mid;
      else lo = mid + 1;
    } while (lo < hi);
    out[outAt + i] = shift + lo;
  }
}

/** The normal approximation of one value: z is a float, λ and √λ doubles; never negative for λ ≥ 2000. */
function fromNormal(z: number, lambda: number, sqrtLambda: number): number {
  return Math.trunc(z * sqrtLambda + lambda + 0.5);
}

/** Standard normals of the Box–Muller fill, kept between calls (resized for longer calls). */
let normals = new Float32Array(0);

/**
 * The normal approximation with Box–Muller float normals from pair-aligned words (Philox, λ ≥ 2000):
 * words, lead and n as for fillNormalFloat.
 */
export function fillPoissonBoxMuller(
  out: Uint32Array,
  outAt: number,
  words: Uint32Array,
  lead: number,
  n: number,
  lambda: number,
): void {
  if (normals.length < n) normals = new Float32Array(n);
  // mean 0, stddev 1: fround(0 + fround(1·z)) is z itself (up to the sign of a zero).
  fillNormalFloat(normals, 0, words, lead, n, 0, 1, null);
  const s = Math.sqrt(lambda);
  for (let i = 0; i < n; i++) out[outAt + i] = fromNormal(normals[i], lambda, s);
}

/** The normal approximation with inverse-CDF float normals, one word per value (MTGP32, λ > 8000). */
export function fillPoissonInverseCdf(out: Uint32Array, outAt: number, words: Uint32Array, n: number, lambda: number): void {
  const s = Math.sqrt(lambda);
  for (let i = 0; i < n; i++) out[outAt + i] = fromNormal(normalFloatInverseCdf(words[i]), lambda, s);
}

/**
 * The normal approximation with one float normal per value drawn through each thread's one-value
 * cache (XORWOW and MRG32k3a, λ ≥ 2000; docs/more-generators.md): 3 words per value, as
 * SlotEngine.fillCachedPairs writes them.
 */
export function fillPoissonCachedBoxMuller(out: Uint32Array, outAt: number, words: Uint32Array, n: number, lambda: number, inputs: PairInputs): void {
  if (normals.length < n) normals = new Float32Array(n);
  fillNormalFloatHalves(normals, 0, words, n, inputs);
  const s = Math.sqrt(lambda);
  for (let i = 0; i < n; i++) out[outAt + i] = fromNormal(normals[i], lambda, s);
}

/**
 * MT19937's normal approximation (λ ≥ 2000): curandGenerateNormal's float inverse-CDF value with mean
 * λ and stddev √λ (both rounded to float), then trunc(v + 0.5) — float arithmetic where MTGP32 and
 * Philox compute z·√λ + λ in double (measured; docs/more-generators.md).
 */
export function fillPoissonFloatNormal(out: Uint32Array, outAt: number, words: Uint32Array, n: number, lambda: number): void {
  if (normals.length < n) normals = new Float32Array(n);
  fillNormalInverseCdf(normals, words, n, lambda, Math.sqrt(lambda));
  for (let i = 0; i < n; i++) out[outAt + i] = Math.trunc(normals[i] + 0.5);
}
