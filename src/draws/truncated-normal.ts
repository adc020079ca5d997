import { nextDouble, type BitSource } from './bit-source.js';
import { DRAW_LIBM } from './libm.js';
import { planEach } from './fill.js';
import type { DrawPlan } from './plan.js';
import { erfc } from '../math/erfc.js';
import { erfcinv } from '../math/erfcinv.js';
import { checkOptionKeys, describe, given, toArrayOutput, toFinite, type TypedArrayType } from '../validate.js';

/** The double nearest 1/√2 and √2. */
const SQRT1_2 = 0.7071067811865476;
const SQRT2 = 1.4142135623730951;
/** The smallest normal double: below it Φ has lost precision (subnormal) and soon underflows to 0. */
const MIN_NORMAL = 2 ** -1022;
/** |z| never exceeds this: Φ⁻¹ of the smallest u the draw can form is about −38.5. */
const Z_LIMIT = 40;

const TRUNCATED_NORMAL_TYPES: readonly TypedArrayType[] = [Float64Array, Float32Array];
const OPTION_KEYS = ['mean', 'std'] as const;

/** Φ(x) = erfc(−x/√2)/2, with glibc 2.36's erfc (src/math/erfc.ts) on glibc's exp. */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x * SQRT1_2, DRAW_LIBM.exp);
}

/** Φ⁻¹(u) = −√2·erfcinv(2u), with the CUDA host erfcinv cuRAND's inverse-CDF normals use (src/math/erfcinv.ts). */
export function normalQuantile(u: number): number {
  return -SQRT2 * erfcinv(2 * u, DRAW_LIBM);
}

function toBound(value: unknown, name: string): number {
  if (typeof value !== 'number') throw new TypeError(`${name} must be a number (±Infinity allowed), got ${describe(value)}`);
  if (value !== value) throw new RangeError(`${name} must not be NaN`);
  return value;
}

/**
 * truncatedNormal(lower, upper, size?, { mean = 0, std = 1 }): a standard normal truncated to
 * [lower, upper] (JAX's random.truncated_normal bounds), then mean + std·z; by inversion of the CDF
 * (docs/draws-discrete.md):
 *
 * 1. Work on the side of 0 where the tail is: if lower + upper > 0 the interval is mirrored,
 *    [a, b] = [−upper, −lower], else [a, b] = [lower, upper]. Then a is the bound farther out, and
 *    Φ(a), Φ(b) are lower-tail probabilities, which doubles hold to full relative precision.
 * 2. u = Φ(b) − U·(Φ(b) − Φ(a)) with U = next_double (two words), x = Φ⁻¹(u) clamped to [a, b].
 *    u is never 0 (Φ(b) ≥ 2^-1022, see below); u = 1 needs U = 0 and Φ(b) = 1, and gives x = +∞,
 *    which the clamp turns into b unless b = +∞ (both bounds infinite): then U is drawn again.
 * 3. z = x, or −x if mirrored; the value is mean + std·z (a Float32Array gets it rounded to float).
 *
 * Refused: NaN bounds, lower ≥ upper, an interval whose nearer bound lies beyond about 37.5 (Φ(b) below
 * 2^-1022), one too narrow for Φ to tell its bounds apart, std ≤ 0, and mean/std that would make a
 * value overflow.
 */
export function planTruncatedNormal(lower: unknown, upper: unknown, size: unknown, options: unknown): DrawPlan<number | Float64Array | Float32Array> {
  const lo = toBound(lower, 'lower');
  const hi = toBound(upper, 'upper');
  if (!(lo < hi)) throw new RangeError(`lower must be below upper, got lower ${describe(lo)}, upper ${describe(hi)}`);
  checkOptionKeys(options, OPTION_KEYS);
  const opts = (options ?? {}) as { mean?: unknown; std?: unknown };
  const mean = toFinite(given(opts.mean, 0), 'mean');
  const std = toFinite(given(opts.std, 1), 'std');
  if (!(std > 0)) throw new RangeError(`std must be above 0, got ${describe(std)}`);

  const mirrored = lo + hi > 0;
  const a = mirrored ? -hi : lo;
  const b = mirrored ? -lo : hi;
  const cdfA = normalCdf(a);
  const cdfB = normalCdf(b);
  if (!(cdfB >= MIN_NORMAL)) {
    throw new RangeError(
      `[lower, upper] = [${describe(lo)}, ${describe(hi)}] lies too far in the tail: its nearer bound must be within about 37.5 of 0 (the normal CDF there is below 2^-1022)`,
    );
  }
  const mass = cdfB - cdfA;
  if (!(mass > 0)) {
    throw new RangeError(`[lower, upper] = [${describe(lo)}, ${describe(hi)}] is too narrow: the normal CDF is the same double at both bounds`);
  }

  const out = size === undefined ? null : toArrayOutput<Float64Array | Float32Array>('truncatedNormal()', 'size', size, TRUNCATED_NORMAL_TYPES, Float64Array);
  const single = out !== null && out.target instanceof Float32Array;
  const round = single ? Math.fround : (v: number) => v;
  for (const z of [Math.max(lo, -Z_LIMIT), Math.min(hi, Z_LIMIT)]) {
    if (!Number.isFinite(round(mean + std * z))) {
      throw new RangeError(`mean + std·z overflows${single ? ' float32' : ''} for z = ${z} in [lower, upper], with mean ${describe(mean)}, std ${describe(std)}`);
    }
  }

  const one = (src: BitSource): number => {
    for (;;) {
      const x = normalQuantile(cdfB - nextDouble(src) * mass);
      const clamped = x < a ? a : x > b ? b : x;
      if (clamped === Infinity) continue; // u = 1: U = 0 with b = +∞ (then a = −∞)
      return mean + std * (mirrored ? -clamped : clamped);
    }
  };
  return planEach(out, 2, one);
}
