/**
 * NumPy's negative binomial draw (numpy/random/src/distributions/distributions.c:
 * random_negative_binomial), bit for bit when fed NumPy's words (docs/draws-discrete.md): a Poisson
 * count (poisson.ts) of rate Y, Y gamma(n, (1 − p)/p) (gamma.ts), the gamma–Poisson mixture. Values
 * are doubles holding NumPy's int64 counts.
 */

import { planFloat64 } from './fill.js';
import { gammaSampler, gammaWords } from './gamma.js';
import type { DrawPlan } from './plan.js';
import { poisson, POISSON_LAM_MAX } from './poisson.js';
import { describe } from '../validate.js';

/** negativeBinomial(n, p, size?): NumPy's Generator.negative_binomial, n > 0 and 0 < p ≤ 1. */
export function planNegativeBinomial(n: unknown, p: unknown, size: unknown): DrawPlan<number | Float64Array> {
  if (typeof n !== 'number') throw new TypeError(`n must be a number > 0, got ${describe(n)}`);
  if (!(n > 0) || n === Infinity) throw new RangeError(`n must be a finite number > 0, got ${describe(n)}`);
  if (typeof p !== 'number') throw new TypeError(`p must be a number in (0, 1], got ${describe(p)}`);
  if (!(p > 0 && p <= 1)) throw new RangeError(`p must be in (0, 1], got ${describe(p)}`);
  // NumPy's bound on the rates the Poisson draw may get: (1 − p)/p·(n + 10√n) ≤ its λ limit.
  if (((1 - p) / p) * (n + 10 * Math.sqrt(n)) > POISSON_LAM_MAX) {
    throw new RangeError(`n too large or p too small: (1 − p)/p·(n + 10√n) must be ≤ ${POISSON_LAM_MAX}, got n ${n}, p ${p}`);
  }
  const scale = (1 - p) / p;
  const gamma = gammaSampler(n);
  return planFloat64('negativeBinomial()', size, gammaWords(n), (src) => poisson(src, scale * gamma(src)));
}
