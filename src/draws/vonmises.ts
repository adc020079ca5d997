/**
 * NumPy's von Mises draw (numpy/random/src/distributions/distributions.c: random_vonmises; its legacy
 * twin in numpy/random/src/legacy/legacy-distributions.c: legacy_vonmises), bit for bit when fed
 * NumPy's words (docs/draws-continuous.md). Best & Fisher's rejection method (Applied Statistics 28,
 * 1979) as NumPy writes it:
 * - κ < 1e-8: a uniform angle π·(2U − 1);
 * - else s = 1/κ + κ below κ = 1e-5 (second-order Taylor), else from r = 1 + √(1 + 4κ²),
 *   ρ = (r − √(2r))/(2κ), s = (1 + ρ²)/(2ρ); then pairs (U, V) until Y(2 − Y) ≥ V or
 *   log(Y/V) + 1 ≥ Y, with Z = cos(πU), W = (1 + sZ)/(s + Z), Y = κ(s − W); the sign of acos W from
 *   one more U; plus μ, wrapped into [−π, π] by C's fmod (JavaScript's % on doubles is the same
 *   exact operation);
 * - Generator only, κ > 1e6: the wrapped normal μ + √(1/κ)·Z (Z from the ziggurat), folded once.
 * cos and acos are glibc's (src/math/, x86-64 FMA bodies, as every draw: src/draws/libm.ts).
 */

import { nextDouble, type BitSource } from './bit-source.js';
import { planFloat64 } from './fill.js';
import { DRAW_LIBM, log } from './libm.js';
import type { DrawPlan } from './plan.js';
import { standardNormal } from './ziggurat.js';
import { toFinite, toNonNegative } from '../validate.js';

const { acos, sincos } = DRAW_LIBM;
const PI = Math.PI;
const TWO_PI = 2 * Math.PI;

/** `legacy`: RandomState's variant, without the wrapped normal above κ = 1e6. κ ≥ 0 or NaN (NaN gives NaN, reading nothing). */
export function vonmisesSampler(mu: number, kappa: number, legacy: boolean): (src: BitSource) => number {
  if (Number.isNaN(kappa)) return () => NaN;
  if (kappa < 1e-8) return (src) => PI * (2 * nextDouble(src) - 1);
  if (!legacy && kappa > 1e6) {
    const spread = Math.sqrt(1 / kappa);
    return (src) => {
      let result = mu + spread * standardNormal(src);
      if (result < -PI) result += TWO_PI;
      if (result > PI) result -= TWO_PI;
      return result;
    };
  }
  let s: number;
  if (kappa < 1e-5) {
    s = 1 / kappa + kappa;
  } else {
    const r = 1 + Math.sqrt(1 + 4 * kappa * kappa);
    const rho = (r - Math.sqrt(2 * r)) / (2 * kappa);
    s = (1 + rho * rho) / (2 * rho);
  }
  const sc = new Float64Array(2);
  return (src) => {
    let w: number;
    for (;;) {
      sincos(PI * nextDouble(src), sc);
      const z = sc[1]!;
      w = (1 + s * z) / (s + z);
      const y = kappa * (s - w);
      const v = nextDouble(src);
      if (y * (2 - y) - v >= 0 || log(y / v) + 1 - y >= 0) break;
    }
    const u = nextDouble(src);
    let result = acos(w);
    if (u < 0.5) result = -result;
    result += mu;
    const mod = (Math.abs(result) + PI) % TWO_PI - PI;
    return result < 0 ? -mod : mod;
  };
}

/** vonmises(mu, kappa, size?): NumPy's Generator.vonmises, angles in [−π, π], kappa ≥ 0. */
export function planVonmises(mu: unknown, kappa: unknown, size: unknown): DrawPlan<number | Float64Array> {
  const m = toFinite(mu, 'mu');
  const k = toNonNegative(kappa, 'kappa');
  return planFloat64('vonmises()', size, 2, vonmisesSampler(m, k, false));
}
