/**
 * NumPy's float32 standard gamma (numpy/random/src/distributions/distributions.c,
 * random_standard_gamma_f), what Generator.standard_gamma draws with dtype=np.float32: the double
 * algorithm's steps (src/draws/gamma.ts) in float, every operation rounded to float32 as C on x86-64
 * computes it, on the float ziggurat (ziggurat-float.ts) and next_float, with C's powf and logf as
 * glibc 2.36 computes them on x86-64 CPUs with FMA (src/math/powf.ts, src/math/logf.ts).
 * shape = 1: one exponential; 0: zero; below 1: Johnk's method (powf, logf); above: Marsaglia–Tsang.
 */

import { nextFloat, type BitSource } from '../draws/bit-source.js';
import { logf } from '../math/logf.js';
import { powfFma } from '../math/powf.js';
import { standardExponentialFloat, standardNormalFloat } from './ziggurat-float.js';

const f32 = Math.fround;
const THIRD = f32(1 / 3);
const SQUEEZE = f32(0.0331);

/** One float32 standard gamma for a float32 shape ≥ 0 (checked by the caller). */
export function standardGammaFloat(src: BitSource, shape: number): number {
  if (shape === 1) return standardExponentialFloat(src);
  if (shape === 0) return 0;
  if (shape < 1) {
    const oneMinus = f32(1 - shape);
    const inverse = f32(1 / shape);
    for (;;) {
      const u = nextFloat(src);
      const v = standardExponentialFloat(src);
      if (u <= oneMinus) {
        const x = powfFma(u, inverse);
        if (x <= v) return x;
      } else {
        const y = -logf(f32(f32(1 - u) / shape));
        const x = powfFma(f32(oneMinus + f32(shape * y)), inverse);
        if (x <= f32(v + y)) return x;
      }
    }
  }
  const b = f32(shape - THIRD);
  const c = f32(1 / f32(Math.sqrt(f32(9 * b))));
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = standardNormalFloat(src);
      v = f32(1 + f32(c * x));
    } while (v <= 0);
    v = f32(f32(v * v) * v);
    const u = nextFloat(src);
    const x2 = f32(x * x);
    if (u < f32(1 - f32(f32(SQUEEZE * x2) * x2))) return f32(b * v);
    // logf(0) = −∞ is fine here, as NumPy notes.
    if (logf(u) < f32(f32(f32(0.5 * x) * x) + f32(b * f32(f32(1 - v) + logf(v))))) return f32(b * v);
  }
}
