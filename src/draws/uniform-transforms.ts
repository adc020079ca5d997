/**
 * NumPy's draws that transform one uniform double (numpy/random/src/distributions/distributions.c:
 * random_uniform, random_laplace, random_gumbel, random_logistic, random_triangular), bit for bit when
 * fed NumPy's words (docs/draws-continuous.md). NumPy's Generator and its legacy RandomState share
 * them. Each expression keeps C's order of evaluation (NumPy's wheels are built without FMA
 * contraction); the rejections of U = 0 (U = 1 for Gumbel) draw the next double, as NumPy's recursive
 * calls do.
 */

import { nextDouble, type BitSource } from './bit-source.js';
import { planFloat64 } from './fill.js';
import { log } from './libm.js';
import type { DrawPlan } from './plan.js';
import { toFinite, toNonNegative } from '../validate.js';

/** Laplace(loc, scale): loc ∓ scale·log of twice the distance of U from its nearer end. */
export function laplace(src: BitSource, loc: number, scale: number): number {
  for (;;) {
    const u = nextDouble(src);
    if (u >= 0.5) return loc - scale * log(2 - u - u);
    if (u > 0) return loc + scale * log(u + u);
  }
}

/** Gumbel(loc, scale): loc − scale·log(−log U) with U = 1 − next double, U = 1 refused. */
export function gumbel(src: BitSource, loc: number, scale: number): number {
  for (;;) {
    const u = 1 - nextDouble(src);
    if (u < 1) return loc - scale * log(-log(u));
  }
}

/** Logistic(loc, scale): loc + scale·log(U/(1 − U)), U = 0 refused. */
export function logistic(src: BitSource, loc: number, scale: number): number {
  for (;;) {
    const u = nextDouble(src);
    if (u > 0) return loc + scale * log(u / (1 - u));
  }
}

/** Triangular(left, mode, right) by inversion of its CDF, with NumPy's intermediate products. */
export function triangularSampler(left: number, mode: number, right: number): (src: BitSource) => number {
  const base = right - left;
  const leftBase = mode - left;
  const ratio = leftBase / base;
  const leftProd = leftBase * base;
  const rightProd = (right - mode) * base;
  return (src) => {
    const u = nextDouble(src);
    return u <= ratio ? left + Math.sqrt(u * leftProd) : right - Math.sqrt((1 - u) * rightProd);
  };
}

/** Checks loc (finite) and scale (≥ 0) of a location-scale draw. */
function locScale(loc: unknown, scale: unknown): [number, number] {
  return [toFinite(loc, 'loc'), toNonNegative(scale, 'scale')];
}

/** laplace(loc = 0, scale = 1, size?): NumPy's Generator.laplace (scale ≥ 0). */
export function planLaplace(loc: unknown, scale: unknown, size: unknown): DrawPlan<number | Float64Array> {
  const [m, s] = locScale(loc, scale);
  return planFloat64('laplace()', size, 2, (src) => laplace(src, m, s));
}

/** gumbel(loc = 0, scale = 1, size?): NumPy's Generator.gumbel (scale ≥ 0). */
export function planGumbel(loc: unknown, scale: unknown, size: unknown): DrawPlan<number | Float64Array> {
  const [m, s] = locScale(loc, scale);
  return planFloat64('gumbel()', size, 2, (src) => gumbel(src, m, s));
}

/** logistic(loc = 0, scale = 1, size?): NumPy's Generator.logistic (scale ≥ 0). */
export function planLogistic(loc: unknown, scale: unknown, size: unknown): DrawPlan<number | Float64Array> {
  const [m, s] = locScale(loc, scale);
  return planFloat64('logistic()', size, 2, (src) => logistic(src, m, s));
}

/** The checked (left, mode, right) of a triangular draw: finite, left ≤ mode ≤ right, left < right (NumPy's checks). */
export function toTriangular(left: unknown, mode: unknown, right: unknown): [number, number, number] {
  const l = toFinite(left, 'left');
  const m = toFinite(mode, 'mode');
  const r = toFinite(right, 'right');
  if (l > m) throw new RangeError(`left must be ≤ mode, got left ${l}, mode ${m}`);
  if (m > r) throw new RangeError(`mode must be ≤ right, got mode ${m}, right ${r}`);
  if (l === r) throw new RangeError(`left must be below right, got left = right = ${l}`);
  return [l, m, r];
}

/** triangular(left, mode, right, size?): NumPy's Generator.triangular. */
export function planTriangular(left: unknown, mode: unknown, right: unknown, size: unknown): DrawPlan<number | Float64Array> {
  const [l, m, r] = toTriangular(left, mode, right);
  return planFloat64('triangular()', size, 2, triangularSampler(l, m, r));
}
