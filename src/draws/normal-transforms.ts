/**
 * NumPy's Generator draws built on its ziggurat normals (numpy/random/src/distributions/distributions.c:
 * random_lognormal, random_standard_cauchy, random_wald), bit for bit when fed NumPy's words
 * (docs/draws-continuous.md):
 * - log-normal exp(mean + sigma·Z);
 * - Cauchy Z₁/Z₂, the numerator drawn first;
 * - Wald (inverse Gaussian): NumPy 2's form of Michael, Schucany & Haas (1976), Y = mean·Z²,
 *   X = mean·(1 − 2/(1 + √(1 + 4·scale/Y))), then X if U ≤ mean/(mean + X), else mean²/X.
 * glibc's exp (src/draws/libm.ts).
 */

import { nextDouble } from './bit-source.js';
import { planFloat64 } from './fill.js';
import { exp } from './libm.js';
import type { DrawPlan } from './plan.js';
import { standardNormal } from './ziggurat.js';
import { toFinite, toNonNegative, toPositive } from '../validate.js';

/** lognormal(mean = 0, sigma = 1, size?): NumPy's Generator.lognormal, sigma ≥ 0. */
export function planLognormal(mean: unknown, sigma: unknown, size: unknown): DrawPlan<number | Float64Array> {
  const m = toFinite(mean, 'mean');
  const s = toNonNegative(sigma, 'sigma');
  return planFloat64('lognormal()', size, 2, (src) => exp(m + s * standardNormal(src)));
}

/** standardCauchy(size?): NumPy's Generator.standard_cauchy. */
export function planStandardCauchy(size: unknown): DrawPlan<number | Float64Array> {
  return planFloat64('standardCauchy()', size, 4, (src) => {
    const numerator = standardNormal(src);
    return numerator / standardNormal(src);
  });
}

/** wald(mean, scale, size?): NumPy's Generator.wald, mean > 0 and scale > 0. */
export function planWald(mean: unknown, scale: unknown, size: unknown): DrawPlan<number | Float64Array> {
  const m = toPositive(mean, 'mean');
  const s = toPositive(scale, 'scale');
  return planFloat64('wald()', size, 4, (src) => {
    const z = standardNormal(src);
    const y = m * z * z;
    const d = 1 + Math.sqrt(1 + (4 * s) / y);
    const x = m * (1 - 2 / d);
    return nextDouble(src) <= m / (m + x) ? x : (m * m) / x;
  });
}
