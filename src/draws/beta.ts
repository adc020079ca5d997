/**
 * NumPy's beta and Dirichlet draws (numpy/random/src/distributions/distributions.c: random_beta;
 * numpy/random/_generator.pyx: Generator.dirichlet), bit for bit when fed NumPy's words
 * (docs/draws-continuous.md):
 * - beta, a ≤ 1 and b ≤ 1: Jöhnk's algorithm (Jöhnk 1964; Devroye, Non-Uniform Random Variate
 *   Generation, 1986, IX.3): X = U^(1/a), Y = V^(1/b), accepted when X + Y ≤ 1 (and U + V > 0),
 *   returning X/(X + Y), computed with logarithms when X or Y underflowed to 0; both a and b below
 *   3e-103: the Bernoulli (a + b)·U < a, as NumPy (the chance of a value other than 0 or 1 is below
 *   about 1e-100);
 * - beta otherwise: Ga/(Ga + Gb) with Ga, Gb standard gammas of shapes a, b (gamma.ts);
 * - Dirichlet, max α < 0.1: NumPy's stick-breaking with betas, v_j = beta(α_j, α_{j+1} + … + α_{K−1});
 * - Dirichlet otherwise: K standard gammas, each times 1/(their sum).
 */

import { nextDouble, type BitSource } from './bit-source.js';
import { gammaSampler, gammaWords, type GammaSampler } from './gamma.js';
import { planFloat64 } from './fill.js';
import { exp, log, log1p, pow } from './libm.js';
import type { DrawPlan } from './plan.js';
import { describe, toArrayOutput, toPositive, typedArrayTypeOf, type ResolvedOutput, type TypedArrayType } from '../validate.js';

/** Below this, both a and b: a Bernoulli draw (NumPy's BETA_TINY_THRESHOLD). */
const BETA_TINY = 3e-103;

/** Jöhnk's algorithm for a, b ≤ 1 (not both below BETA_TINY). */
function johnk(a: number, b: number): GammaSampler {
  const ia = 1 / a;
  const ib = 1 / b;
  return (src) => {
    for (;;) {
      const u = nextDouble(src);
      const v = nextDouble(src);
      const x = pow(u, ia);
      const y = pow(v, ib);
      const xpy = x + y;
      if (xpy <= 1 && u + v > 0) {
        if (x > 0 && y > 0) return x / xpy;
        // X or Y underflowed: X/(X + Y) from log X − log Y.
        const logX = log(u) / a;
        const logY = log(v) / b;
        const delta = logX - logY;
        return delta > 0 ? exp(-log1p(exp(-delta))) : exp(delta - log1p(exp(delta)));
      }
    }
  };
}

/** The beta sampler NumPy's random_beta runs for a, b (> 0, or 0 as Dirichlet's stick-breaking may pass). */
export function betaSampler(a: number, b: number): GammaSampler {
  if (a <= 1 && b <= 1) {
    if (a < BETA_TINY && b < BETA_TINY) return (src) => ((a + b) * nextDouble(src) < a ? 1 : 0);
    return johnk(a, b);
  }
  const ga = gammaSampler(a);
  const gb = gammaSampler(b);
  return (src) => {
    const x = ga(src);
    const y = gb(src);
    return x / (x + y);
  };
}

function betaWords(a: number, b: number): number {
  return a <= 1 && b <= 1 ? (a < BETA_TINY && b < BETA_TINY ? 2 : 4) : gammaWords(a) + gammaWords(b);
}

/** beta(a, b, size?): NumPy's Generator.beta (a > 0, b > 0). */
export function planBeta(a: unknown, b: unknown, size: unknown): DrawPlan<number | Float64Array> {
  const pa = toPositive(a, 'a');
  const pb = toPositive(b, 'b');
  return planFloat64('beta()', size, betaWords(pa, pb), betaSampler(pa, pb));
}

const FLOAT64: readonly TypedArrayType[] = [Float64Array];
/** Below this largest α, NumPy's Dirichlet breaks sticks with betas instead of normalising gammas. */
const DIRICHLET_SMALL_ALPHA = 0.1;
/** The most concentration parameters accepted (a typed array's length). */
const MAX_K = 2 ** 32 - 1;

/** α as a checked Float64Array: an array or typed array of finite numbers ≥ 0 (NumPy allows 0). */
function toAlpha(alpha: unknown): Float64Array {
  if (!Array.isArray(alpha) && typedArrayTypeOf(alpha) === undefined) {
    throw new TypeError(`alpha must be an array of numbers ≥ 0, got ${describe(alpha)}`);
  }
  const values = alpha as ArrayLike<unknown>;
  if (values.length > MAX_K) throw new RangeError(`alpha may hold at most ${MAX_K} values, got ${values.length}`);
  const out = new Float64Array(values.length);
  for (let j = 0; j < out.length; j++) {
    const v = values[j];
    if (typeof v !== 'number') throw new TypeError(`alpha[${j}] must be a number, got ${describe(v)}`);
    if (!Number.isFinite(v) || v < 0 || Object.is(v, -0)) {
      throw new RangeError(`alpha[${j}] must be a finite number ≥ 0 (not NaN, as NumPy would take it), got ${describe(v)}`);
    }
    out[j] = v;
  }
  return out;
}

/** Fills row[0..K) with one Dirichlet vector by NumPy's stick-breaking (max α < 0.1, Σα > 0). */
function stickBreaking(alpha: Float64Array, tail: Float64Array): (src: BitSource, row: Float64Array, at: number) => void {
  const k = alpha.length;
  const betas = Array.from({ length: Math.max(k - 1, 0) }, (_, j) => betaSampler(alpha[j]!, tail[j + 1]!));
  return (src, row, at) => {
    let acc = 1;
    let j = 0;
    for (; j < k - 1; j++) {
      const v = betas[j]!(src);
      row[at + j] = acc * v;
      acc *= 1 - v;
      if (tail[j + 1] === 0) break; // v is 1 and the rest stay 0
    }
    for (j++; j < k - 1; j++) row[at + j] = 0;
    row[at + k - 1] = acc;
  };
}

/** Fills row[0..K) with K standard gammas, each times 1/(their sum), as NumPy does. */
function normalisedGammas(alpha: Float64Array): (src: BitSource, row: Float64Array, at: number) => void {
  const k = alpha.length;
  const gammas = Array.from(alpha, gammaSampler);
  return (src, row, at) => {
    let acc = 0;
    for (let j = 0; j < k; j++) acc += row[at + j] = gammas[j]!(src);
    const inv = 1 / acc;
    for (let j = 0; j < k; j++) row[at + j]! *= inv;
  };
}

/** The words one stick-breaking vector reads at least: its betas, up to the first with an all-zero tail. */
function stickWords(alpha: Float64Array, tail: Float64Array): number {
  let words = 0;
  for (let j = 0; j + 1 < alpha.length; j++) {
    words += betaWords(alpha[j]!, tail[j + 1]!);
    if (tail[j + 1] === 0) break;
  }
  return words;
}

/** The right-to-left running sums α_j + … + α_{K−1}, as NumPy forms them. */
function tailSums(alpha: Float64Array): Float64Array {
  const tail = new Float64Array(alpha.length);
  let sum = 0;
  for (let j = alpha.length - 1; j >= 0; j--) tail[j] = sum += alpha[j]!;
  return tail;
}

/** Where the vectors go: a new array of `size`·K values, or the caller's, checked to hold whole vectors. */
function dirichletOutput(size: unknown, k: number): ResolvedOutput<Float64Array> {
  if (size === undefined) {
    const row = new Float64Array(k);
    return { result: row, target: row, length: k };
  }
  if (typeof size === 'number') {
    if (!Number.isInteger(size) || size < 0 || size * k > MAX_K) {
      throw new RangeError(`size must be an integer ≥ 0 with size·K ≤ ${MAX_K} (K = ${k}), got ${describe(size)}`);
    }
    return toArrayOutput<Float64Array>('dirichlet()', 'size', size * k, FLOAT64, Float64Array);
  }
  const out = toArrayOutput<Float64Array>('dirichlet()', 'size', size, FLOAT64, Float64Array);
  if (k === 0 ? out.length !== 0 : out.length % k !== 0) {
    throw new RangeError(`dirichlet() fills whole vectors: the output's length must be a multiple of K = ${k}, got ${out.length}`);
  }
  return out;
}

/**
 * dirichlet(alpha, size?): NumPy's Generator.dirichlet. No size → one vector (a Float64Array of K);
 * a size n → a Float64Array of n·K, row-major (vector i at [i·K, (i + 1)·K)); a Float64Array to
 * fill must hold whole vectors. α ≥ 0 as in NumPy (all zero gives zeros, reading nothing).
 */
export function planDirichlet(alpha: unknown, size: unknown): DrawPlan<Float64Array> {
  const a = toAlpha(alpha);
  const k = a.length;
  const out = dirichletOutput(size, k);
  let max = 0;
  for (const v of a) max = Math.max(max, v);
  let fillRow: ((src: BitSource, row: Float64Array, at: number) => void) | null = null;
  let wordsEach = 0;
  if (k > 0 && max < DIRICHLET_SMALL_ALPHA) {
    if (max > 0) {
      const tail = tailSums(a);
      fillRow = stickBreaking(a, tail);
      wordsEach = stickWords(a, tail);
    }
  } else {
    fillRow = normalisedGammas(a);
    for (const v of a) wordsEach += gammaWords(v);
  }
  const rows = k === 0 ? 0 : out.length / k;
  return {
    words: rows * wordsEach,
    output: size === undefined ? null : out,
    run(src: BitSource) {
      const target = out.target;
      if (fillRow === null) target.fill(0);
      else for (let i = 0; i < rows; i++) fillRow(src, target, i * k);
      return out.result;
    },
  };
}
