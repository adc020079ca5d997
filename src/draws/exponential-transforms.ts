/**
 * NumPy's Generator draws that transform one standard exponential E from its ziggurat
 * (numpy/random/src/distributions/distributions.c: random_pareto, random_weibull, random_power,
 * random_rayleigh), bit for bit when fed NumPy's words (docs/draws-continuous.md):
 * Pareto expm1(E/a), Weibull E^(1/a) (0 for a = 0, reading nothing), power (−expm1(−E))^(1/a),
 * Rayleigh scale·√(2E). glibc's expm1 and pow (src/draws/libm.ts). RandomState's legacy versions
 * take −log(1 − U) for E and exp(…) − 1 for expm1 (src/numpy/legacy.ts).
 */

import { planFloat64 } from './fill.js';
import { expm1, pow } from './libm.js';
import type { DrawPlan } from './plan.js';
import { standardExponential } from './ziggurat.js';
import { toNonNegative, toPositive } from '../validate.js';

/** pareto(a, size?): NumPy's Generator.pareto, a > 0 (Pareto II / Lomax, shifted to start at 0). */
export function planPareto(a: unknown, size: unknown): DrawPlan<number | Float64Array> {
  const shape = toPositive(a, 'a');
  return planFloat64('pareto()', size, 2, (src) => expm1(standardExponential(src) / shape));
}

/** weibull(a, size?): NumPy's Generator.weibull, a ≥ 0. */
export function planWeibull(a: unknown, size: unknown): DrawPlan<number | Float64Array> {
  const shape = toNonNegative(a, 'a');
  if (shape === 0) return planFloat64('weibull()', size, 0, () => 0);
  const inverse = 1 / shape;
  return planFloat64('weibull()', size, 2, (src) => pow(standardExponential(src), inverse));
}

/** power(a, size?): NumPy's Generator.power, a > 0. */
export function planPower(a: unknown, size: unknown): DrawPlan<number | Float64Array> {
  const inverse = 1 / toPositive(a, 'a');
  return planFloat64('power()', size, 2, (src) => pow(-expm1(-standardExponential(src)), inverse));
}

/** rayleigh(scale = 1, size?): NumPy's Generator.rayleigh, scale ≥ 0. */
export function planRayleigh(scale: unknown, size: unknown): DrawPlan<number | Float64Array> {
  const mode = toNonNegative(scale, 'scale');
  return planFloat64('rayleigh()', size, 2, (src) => mode * Math.sqrt(2 * standardExponential(src)));
}
