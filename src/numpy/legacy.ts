/**
 * The distributions of NumPy's legacy `RandomState` (numpy/random/src/legacy/legacy-distributions.c,
 * which keeps NumPy 1.16's code so that its streams never change, and the shared parts of
 * numpy/random/src/distributions/distributions.c it calls): the polar-method normal with its cached
 * second value, the exponential as −log(1 − U), Marsaglia & Tsang's gamma on those normals,
 * and Jöhnk's beta; its binomial and Poisson are the draws' (src/draws/binomial.ts with its legacy
 * option, src/draws/poisson.ts). Every double expression is
 * NumPy's, in C's evaluation order (NumPy's x86-64 wheels are built without FMA contraction), with
 * glibc's log, exp and pow (src/draws/libm.ts).
 */

import { exp, log, pow } from '../draws/libm.js';
import type { Mersenne } from '../python/mersenne.js';

/** The bit generator and the polar method's cached value (NumPy's aug_bitgen_t). */
export interface LegacySource {
  readonly mt: Mersenne;
  hasGauss: boolean;
  gauss: number;
}

/** legacy_gauss: the polar method; the second value of each pair is kept for the next call. */
export function legacyGauss(s: LegacySource): number {
  if (s.hasGauss) {
    const value = s.gauss;
    s.hasGauss = false;
    s.gauss = 0;
    return value;
  }
  let x1: number;
  let x2: number;
  let r2: number;
  do {
    x1 = 2 * s.mt.random() - 1;
    x2 = 2 * s.mt.random() - 1;
    r2 = x1 * x1 + x2 * x2;
  } while (r2 >= 1 || r2 === 0);
  const f = Math.sqrt((-2 * log(r2)) / r2);
  s.gauss = f * x1;
  s.hasGauss = true;
  return f * x2;
}

/** legacy_standard_exponential: −log(1 − U). */
export function legacyExponential(s: LegacySource): number {
  return -log(1 - s.mt.random());
}

/** legacy_standard_gamma: exponential at 1, 0 at 0, Jöhnk-style rejection below 1, Marsaglia & Tsang above. */
export function legacyStandardGamma(s: LegacySource, shape: number): number {
  if (shape === 1) return legacyExponential(s);
  if (shape === 0) return 0;
  if (shape < 1) {
    for (;;) {
      const u = s.mt.random();
      const v = legacyExponential(s);
      if (u <= 1 - shape) {
        const x = pow(u, 1 / shape);
        if (x <= v) return x;
      } else {
        const y = -log((1 - u) / shape);
        const x = pow(1 - shape + shape * y, 1 / shape);
        if (x <= v + y) return x;
      }
    }
  }
  const b = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * b);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = legacyGauss(s);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = s.mt.random();
    if (u < 1 - 0.0331 * (x * x) * (x * x)) return b * v;
    if (log(u) < 0.5 * x * x + b * (1 - v + log(v))) return b * v;
  }
}

/** legacy_beta: Jöhnk's algorithm when both parameters are ≤ 1, else a ratio of gammas. */
export function legacyBeta(s: LegacySource, a: number, b: number): number {
  if (a <= 1 && b <= 1) {
    for (;;) {
      const u = s.mt.random();
      const v = s.mt.random();
      const x = pow(u, 1 / a);
      const y = pow(v, 1 / b);
      if (x + y <= 1) {
        if (x + y > 0) return x / (x + y);
        // Both underflowed: the ratio in logarithms.
        let logX = log(u) / a;
        let logY = log(v) / b;
        const logM = logX > logY ? logX : logY;
        logX -= logM;
        logY -= logM;
        return exp(logX - log(exp(logX) + exp(logY)));
      }
    }
  }
  const ga = legacyStandardGamma(s, a);
  const gb = legacyStandardGamma(s, b);
  return ga / (ga + gb);
}
