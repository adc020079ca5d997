/**
 * NumPy's Generator draws of the logarithmic series and Zipf distributions
 * (numpy/random/src/distributions/distributions.c: random_logseries, random_zipf), bit for bit when
 * fed NumPy's words (docs/draws-discrete.md). Values are doubles holding NumPy's int64 counts ≥ 1.
 * - Logarithmic series: Kemp's second accelerated generator ("Efficient generation of logarithmically
 *   distributed pseudo-random variables", Applied Statistics 30, 1981) as NumPy writes it, with
 *   r = log1p(−p) and q = −expm1(r·U).
 * - Zipf: Devroye's rejection ("Non-Uniform Random Variate Generation", 1986, X.6), with U from
 *   (Umin, 1] so that no X beyond int64 is proposed; 1 at once for a ≥ 1025.
 * glibc's log, log1p, expm1 and pow (src/draws/libm.ts).
 */

import { nextDouble, type BitSource } from './bit-source.js';
import { planFloat64 } from './fill.js';
import { expm1, log, log1p, pow } from './libm.js';
import type { DrawPlan } from './plan.js';
import { describe } from '../validate.js';

/** INT64_MAX as C converts it to double (2^63): NumPy's RAND_INT_MAX in its double comparisons. */
const INT64_MAX_DOUBLE = 9223372036854775807;

function logseriesSampler(p: number): (src: BitSource) => number {
  const r = log1p(-p);
  return (src) => {
    for (;;) {
      const v = nextDouble(src);
      if (v >= p) return 1;
      const q = -expm1(r * nextDouble(src));
      if (v <= q * q) {
        const result = Math.floor(1 + log(v) / log(q));
        if (result < 1 || v === 0) continue;
        return result;
      }
      return v >= q ? 1 : 2;
    }
  };
}

function zipfSampler(a: number): (src: BitSource) => number {
  if (a >= 1025) return () => 1;
  const am1 = a - 1;
  const b = pow(2, am1);
  const uMin = pow(INT64_MAX_DOUBLE, -am1);
  const exponent = -1 / am1;
  return (src) => {
    for (;;) {
      const u01 = nextDouble(src);
      const u = u01 * uMin + (1 - u01);
      const v = nextDouble(src);
      const x = Math.floor(pow(u, exponent));
      if (x > INT64_MAX_DOUBLE || x < 1) continue;
      const t = pow(1 + 1 / x, am1);
      if ((v * x * (t - 1)) / (b - 1) <= t / b) return x;
    }
  };
}

/** logseries(p, size?): NumPy's Generator.logseries, 0 ≤ p < 1. */
export function planLogseries(p: unknown, size: unknown): DrawPlan<number | Float64Array> {
  if (typeof p !== 'number') throw new TypeError(`p must be a number in [0, 1), got ${describe(p)}`);
  if (!(p >= 0 && p < 1)) throw new RangeError(`p must be in [0, 1), got ${describe(p)}`);
  return planFloat64('logseries()', size, 2, logseriesSampler(p));
}

/** zipf(a, size?): NumPy's Generator.zipf, a > 1. */
export function planZipf(a: unknown, size: unknown): DrawPlan<number | Float64Array> {
  if (typeof a !== 'number') throw new TypeError(`a must be a number > 1, got ${describe(a)}`);
  if (!(a > 1)) throw new RangeError(`a must be > 1, got ${describe(a)}`);
  return planFloat64('zipf()', size, a >= 1025 ? 0 : 4, zipfSampler(a));
}
