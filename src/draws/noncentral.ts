/**
 * NumPy's Generator draws built on chi-square variates (numpy/random/src/distributions/distributions.c:
 * random_f, random_noncentral_chisquare, random_noncentral_f), bit for bit when fed NumPy's words
 * (docs/draws-continuous.md). A chi-square of df degrees is 2·standard gamma(df/2) (gamma.ts):
 * - F: (χ²(dfnum)·dfden)/(χ²(dfden)·dfnum), the numerator drawn first;
 * - noncentral χ²: χ²(df) when nonc = 0; for df > 1, χ²(df − 1) + (Z + √nonc)²; else χ²(df + 2i)
 *   with i Poisson(nonc/2) (NumPy's Poisson: poisson.ts);
 * - noncentral F: (noncentral χ²(dfnum, nonc)·dfden)/(χ²(dfden)·dfnum).
 */

import type { BitSource } from './bit-source.js';
import { planFloat64 } from './fill.js';
import { gammaSampler, gammaWords } from './gamma.js';
import type { DrawPlan } from './plan.js';
import { poisson } from './poisson.js';
import { standardNormal } from './ziggurat.js';
import { toNonNegative, toPositive } from '../validate.js';

/** A chi-square sampler of df > 0 degrees (random_chisquare). */
function chisquareSampler(df: number): (src: BitSource) => number {
  const draw = gammaSampler(df / 2);
  return (src) => 2 * draw(src);
}

/** The noncentral chi-square sampler of df > 0 degrees and nonc ≥ 0 (random_noncentral_chisquare). */
function noncentralChisquareSampler(df: number, nonc: number): (src: BitSource) => number {
  if (nonc === 0) return chisquareSampler(df);
  if (df > 1) {
    const central = chisquareSampler(df - 1);
    const shift = Math.sqrt(nonc);
    return (src) => {
      const chi2 = central(src);
      const n = standardNormal(src) + shift;
      return chi2 + n * n;
    };
  }
  const halfNonc = nonc / 2;
  // The degrees change with each Poisson count: a sampler per draw, as NumPy computes per call.
  return (src) => chisquareSampler(df + 2 * poisson(src, halfNonc))(src);
}

/** f(dfnum, dfden, size?): NumPy's Generator.f, both > 0. */
export function planF(dfnum: unknown, dfden: unknown, size: unknown): DrawPlan<number | Float64Array> {
  const dn = toPositive(dfnum, 'dfnum');
  const dd = toPositive(dfden, 'dfden');
  const numerator = chisquareSampler(dn);
  const denominator = chisquareSampler(dd);
  return planFloat64('f()', size, gammaWords(dn / 2) + gammaWords(dd / 2), (src) => {
    const top = numerator(src) * dd;
    return top / (denominator(src) * dn);
  });
}

/** noncentralChisquare(df, nonc, size?): NumPy's Generator.noncentral_chisquare, df > 0, nonc ≥ 0. */
export function planNoncentralChisquare(df: unknown, nonc: unknown, size: unknown): DrawPlan<number | Float64Array> {
  const d = toPositive(df, 'df');
  const lam = toNonNegative(nonc, 'nonc');
  return planFloat64('noncentralChisquare()', size, 2, noncentralChisquareSampler(d, lam));
}

/** noncentralF(dfnum, dfden, nonc, size?): NumPy's Generator.noncentral_f, dfnum > 0, dfden > 0, nonc ≥ 0. */
export function planNoncentralF(dfnum: unknown, dfden: unknown, nonc: unknown, size: unknown): DrawPlan<number | Float64Array> {
  const dn = toPositive(dfnum, 'dfnum');
  const dd = toPositive(dfden, 'dfden');
  const numerator = noncentralChisquareSampler(dn, toNonNegative(nonc, 'nonc'));
  const denominator = chisquareSampler(dd);
  return planFloat64('noncentralF()', size, 2 + gammaWords(dd / 2), (src) => {
    const t = numerator(src) * dd;
    return t / (denominator(src) * dn);
  });
}
