/**
 * multivariateNormal(mean, cov, size?, { method: 'cholesky', tol }): our own exact definition, in
 * NumPy's parameterisation (docs/draws-continuous.md):
 * - L, the lower Cholesky factor of cov, computed once, row by row (Cholesky–Banachiewicz):
 *   s = c_ij − L_i0·L_j0 − L_i1·L_j1 − … − L_i(j−1)·L_j(j−1), subtracted left to right; L_ii = √s,
 *   L_ij = s/L_jj. A semi-definite cov is accepted: a pivot s in [−tol·m, 0] (m the largest |c_ii|)
 *   gives L_jj = 0, and then the entries below it must be within tol·m of 0 and become 0;
 * - each vector from d standard normals z_0 … z_{d−1} (ziggurat.ts, in that order):
 *   x_i = (L_i0·z_0 + L_i1·z_1 + … + L_ii·z_i) + mean_i, the sum left to right.
 * NumPy's default method 'svd' (and 'eigh') factor cov by LAPACK, whose rounding is not reproduced
 * here; with method='cholesky' NumPy draws the same z and forms z·Lᵀ + mean, so its values agree with
 * these to rounding (bit for bit where its BLAS sums in the same order, as for d = 1).
 */

import type { BitSource } from './bit-source.js';
import type { DrawPlan } from './plan.js';
import { standardNormal } from './ziggurat.js';
import { checkOptionKeys, describe, toArrayOutput, toChoice, typedArrayTypeOf, type ResolvedOutput, type TypedArrayType } from '../validate.js';

const FLOAT64: readonly TypedArrayType[] = [Float64Array];
/** NumPy's default tol for its positive-semi-definite check. */
const DEFAULT_TOL = 1e-8;
const MAX_LENGTH = 2 ** 32 - 1;

export interface MultivariateNormalOptions {
  /** 'cholesky' (the only one: NumPy's 'svd' and 'eigh' are not reproduced). */
  method?: 'cholesky';
  /** Relative tolerance of the symmetry and semi-definiteness checks, default 1e-8 (NumPy's). */
  tol?: number;
}

function isVector(value: unknown): value is ArrayLike<unknown> {
  return Array.isArray(value) || (typedArrayTypeOf(value) !== undefined && !(value instanceof BigInt64Array || value instanceof BigUint64Array));
}

/** A finite number read from a vector or matrix, named by its place. */
function finiteAt(value: unknown, name: string): number {
  if (typeof value !== 'number') throw new TypeError(`${name} must be a number, got ${describe(value)}`);
  if (!Number.isFinite(value)) throw new RangeError(`${name} must be a finite number, got ${describe(value)}`);
  return value;
}

function toMean(mean: unknown): Float64Array {
  if (!isVector(mean)) throw new TypeError(`mean must be an array of numbers, got ${describe(mean)}`);
  return Float64Array.from({ length: mean.length }, (_, i) => finiteAt(mean[i], `mean[${i}]`));
}

/** cov as a row-major d×d Float64Array: an array of d rows of d numbers, or d² numbers row-major. */
function toCov(cov: unknown, d: number): Float64Array {
  const shape = `a ${d}×${d} matrix (${d} rows of ${d} numbers, or ${d * d} numbers row-major)`;
  if (!isVector(cov)) throw new TypeError(`cov must be ${shape}, got ${describe(cov)}`);
  const out = new Float64Array(d * d);
  if (cov.length === d * d && (d === 0 || typeof cov[0] === 'number')) {
    for (let i = 0; i < d * d; i++) out[i] = finiteAt(cov[i], `cov[${i}]`);
    return out;
  }
  if (cov.length !== d) throw new RangeError(`cov must be ${shape} to match mean, got ${cov.length} entries`);
  for (let i = 0; i < d; i++) {
    const row = cov[i];
    if (!isVector(row) || row.length !== d) throw new RangeError(`cov[${i}] must be a row of ${d} numbers, got ${describe(row)}`);
    for (let j = 0; j < d; j++) out[i * d + j] = finiteAt(row[j], `cov[${i}][${j}]`);
  }
  return out;
}

/** The lower Cholesky factor (row-major, zeros above the diagonal), or a RangeError naming cov. */
export function choleskyFactor(c: Float64Array, d: number, tol: number): Float64Array {
  let m = 0;
  for (let i = 0; i < d; i++) m = Math.max(m, Math.abs(c[i * d + i]!));
  const slack = tol * m;
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < i; j++) {
      if (!(Math.abs(c[i * d + j]! - c[j * d + i]!) <= slack)) {
        throw new RangeError(`cov must be symmetric (within tol·max|cov[i][i]| = ${slack}), but cov[${i}][${j}] = ${c[i * d + j]} and cov[${j}][${i}] = ${c[j * d + i]}`);
      }
    }
  }
  const l = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = c[i * d + j]!;
      for (let k = 0; k < j; k++) s -= l[i * d + k]! * l[j * d + k]!;
      if (i === j) {
        if (s < -slack) throw new RangeError(`cov must be positive semi-definite (within tol·max|cov[i][i]| = ${slack}): pivot ${i} is ${s}`);
        l[i * d + i] = s > 0 ? Math.sqrt(s) : 0;
      } else if (l[j * d + j]! > 0) {
        l[i * d + j] = s / l[j * d + j]!;
      } else if (Math.abs(s) > slack) {
        throw new RangeError(`cov must be positive semi-definite (within tol·max|cov[i][i]| = ${slack}): column ${j} has a zero pivot but entry ${s} in row ${i}`);
      }
    }
  }
  return l;
}

function toOptions(options: unknown): { tol: number } {
  checkOptionKeys(options, ['method', 'tol']);
  const o = (options ?? {}) as MultivariateNormalOptions;
  if (o.method !== undefined) {
    toChoice(o.method, "options.method (NumPy's 'svd' and 'eigh' are not reproduced)", ['cholesky'] as const);
  }
  const tol = o.tol ?? DEFAULT_TOL;
  if (typeof tol !== 'number') throw new TypeError(`options.tol must be a finite number ≥ 0, got ${describe(tol)}`);
  if (!Number.isFinite(tol) || tol < 0) throw new RangeError(`options.tol must be a finite number ≥ 0, got ${describe(tol)}`);
  return { tol };
}

function output(size: unknown, d: number): ResolvedOutput<Float64Array> {
  if (size === undefined) {
    const row = new Float64Array(d);
    return { result: row, target: row, length: d };
  }
  if (typeof size === 'number') {
    if (!Number.isInteger(size) || size < 0 || size * d > MAX_LENGTH) {
      throw new RangeError(`size must be an integer ≥ 0 with size·d ≤ ${MAX_LENGTH} (d = ${d}), got ${describe(size)}`);
    }
    return toArrayOutput<Float64Array>('multivariateNormal()', 'size', size * d, FLOAT64, Float64Array);
  }
  const out = toArrayOutput<Float64Array>('multivariateNormal()', 'size', size, FLOAT64, Float64Array);
  if (d === 0 ? out.length !== 0 : out.length % d !== 0) {
    throw new RangeError(`multivariateNormal() fills whole vectors: the output's length must be a multiple of d = ${d}, got ${out.length}`);
  }
  return out;
}

/**
 * multivariateNormal(mean, cov, size?, options?): no size → one vector (a Float64Array of d); a size
 * n → a Float64Array of n·d, row-major (vector i at [i·d, (i + 1)·d)); a Float64Array to fill must
 * hold whole vectors.
 */
export function planMultivariateNormal(mean: unknown, cov: unknown, size: unknown, options: unknown): DrawPlan<Float64Array> {
  const mu = toMean(mean);
  const d = mu.length;
  const c = toCov(cov, d);
  const { tol } = toOptions(options);
  const l = choleskyFactor(c, d, tol);
  const out = output(size, d);
  const rows = d === 0 ? 0 : out.length / d;
  return {
    words: 2 * out.length,
    output: size === undefined ? null : out,
    run(src: BitSource) {
      const target = out.target;
      const z = new Float64Array(d);
      for (let r = 0; r < rows; r++) {
        for (let k = 0; k < d; k++) z[k] = standardNormal(src);
        const at = r * d;
        for (let i = 0; i < d; i++) {
          let s = 0;
          for (let k = 0; k <= i; k++) s += l[i * d + k]! * z[k]!;
          target[at + i] = s + mu[i]!;
        }
      }
      return out.result;
    },
  };
}
