/**
 * NumPy's gamma family (numpy/random/src/distributions/distributions.c: random_standard_gamma,
 * random_gamma, random_chisquare, random_standard_t), bit for bit when fed NumPy's words
 * (docs/draws-continuous.md):
 * - shape 1: the standard exponential; shape 0: 0, reading nothing;
 * - shape > 1: Marsaglia & Tsang, "A Simple Method for Generating Gamma Variables", ACM TOMS 26(3),
 *   2000: b = shape − 1/3, c = 1/√(9b), V = (1 + c·X)³ for a standard normal X > −1/c, accepted
 *   when U < 1 − 0.0331·X⁴ or log U < X²/2 + b·(1 − V + log V), returning b·V;
 * - shape < 1: NumPy's rejection from the exponential (Ahrens & Dieter's GS idea, as NumPy writes
 *   it): with U uniform and V exponential, U ≤ 1 − shape gives X = U^(1/shape), accepted if X ≤ V;
 *   otherwise Y = −log((1 − U)/shape), X = (1 − shape + shape·Y)^(1/shape), accepted if X ≤ V + Y.
 */

import { nextDouble, type BitSource } from './bit-source.js';
import { planFloat64 } from './fill.js';
import { log, pow } from './libm.js';
import type { DrawPlan } from './plan.js';
import { standardExponential, standardNormal } from './ziggurat.js';
import { toNonNegative, toPositive } from '../validate.js';

/** A sampler of one standard gamma variate of a fixed shape ≥ 0. */
export type GammaSampler = (src: BitSource) => number;

const zero: GammaSampler = () => 0;

/** Marsaglia–Tsang for shape > 1 (b and c computed once, as NumPy computes them per call). */
function marsagliaTsang(shape: number): GammaSampler {
  const b = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * b);
  return (src) => {
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = standardNormal(src);
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = nextDouble(src);
      if (u < 1 - 0.0331 * (x * x) * (x * x)) return b * v;
      if (log(u) < 0.5 * x * x + b * (1 - v + log(v))) return b * v; // log(0) = −inf is fine here
    }
  };
}

/** NumPy's method for 0 < shape < 1. */
function smallShape(shape: number): GammaSampler {
  const inverse = 1 / shape;
  const threshold = 1 - shape;
  return (src) => {
    for (;;) {
      const u = nextDouble(src);
      const v = standardExponential(src);
      if (u <= threshold) {
        const x = pow(u, inverse);
        if (x <= v) return x;
      } else {
        const y = -log((1 - u) / shape);
        const x = pow(threshold + shape * y, inverse);
        if (x <= v + y) return x;
      }
    }
  };
}

/** The standard gamma sampler NumPy's random_standard_gamma runs for `shape` (≥ 0, finite: checked by the caller). */
export function gammaSampler(shape: number): GammaSampler {
  if (shape === 1) return standardExponential;
  if (shape === 0) return zero;
  return shape < 1 ? smallShape(shape) : marsagliaTsang(shape);
}

/** The fewest words one standard gamma of this shape reads. */
export function gammaWords(shape: number): number {
  return shape === 0 ? 0 : shape === 1 ? 2 : 4;
}

/** gamma(shape, scale = 1, size?): scale·standard gamma, NumPy's Generator.gamma (shape ≥ 0, scale ≥ 0). */
export function planGamma(shape: unknown, scale: unknown, size: unknown): DrawPlan<number | Float64Array> {
  const k = toNonNegative(shape, 'shape');
  const s = toNonNegative(scale, 'scale');
  const draw = gammaSampler(k);
  const one: GammaSampler = s === 1 ? draw : (src) => s * draw(src);
  return planFloat64('gamma()', size, gammaWords(k), one);
}

/** chisquare(df, size?): 2·standard gamma(df/2), NumPy's Generator.chisquare (df > 0). */
export function planChisquare(df: unknown, size: unknown): DrawPlan<number | Float64Array> {
  const d = toPositive(df, 'df');
  const draw = gammaSampler(d / 2);
  return planFloat64('chisquare()', size, gammaWords(d / 2), (src) => 2 * draw(src));
}

/**
 * standardT(df, size?): √(df/2)·Z/√G with Z standard normal, then G standard gamma(df/2), NumPy's
 * Generator.standard_t (df > 0).
 */
export function planStandardT(df: unknown, size: unknown): DrawPlan<number | Float64Array> {
  const d = toPositive(df, 'df');
  const draw = gammaSampler(d / 2);
  const factor = Math.sqrt(d / 2);
  return planFloat64('standardT()', size, 2 + gammaWords(d / 2), (src) => {
    const num = standardNormal(src);
    const denom = draw(src);
    return (factor * num) / Math.sqrt(denom);
  });
}
