/**
 * The distributions of NumPy's legacy `RandomState` (numpy/random/src/legacy/legacy-distributions.c,
 * which keeps NumPy 1.16's code so that its streams never change, and the shared parts of
 * numpy/random/src/distributions/distributions.c it calls): the polar-method normal with its cached
 * second value, the exponential as −log(1 − U), Marsaglia & Tsang's gamma on those normals,
 * Jöhnk's beta, and the binomial of NumPy 1.16 (inversion, and BTPE with its original error terms);
 * the Poisson is the Generator's too (src/draws/poisson.ts). Every double expression is
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

/** legacy_random_binomial (NumPy 1.16's): n − a draw with 1 − p above 0.5; inversion up to np = 30, BTPE beyond. */
export function legacyBinomial(s: LegacySource, n: number, p: number): number {
  if (p <= 0.5) return p * n <= 30 ? inversion(s.mt, n, p) : btpe(s.mt, n, p);
  const q = 1 - p;
  return n - (q * n <= 30 ? inversion(s.mt, n, q) : btpe(s.mt, n, q));
}

function inversion(mt: Mersenne, n: number, p: number): number {
  const q = 1 - p;
  const qn = exp(n * log(q));
  const np = n * p;
  // C's (RAND_INT_TYPE) cast of MIN(n, …) truncates toward zero.
  const bound = Math.trunc(Math.min(n, np + 10 * Math.sqrt(np * q + 1)));
  let x = 0;
  let px = qn;
  let u = mt.random();
  while (u > px) {
    x++;
    if (x > bound) {
      x = 0;
      px = qn;
      u = mt.random();
    } else {
      u -= px;
      px = ((n - x + 1) * p * px) / (x * q);
    }
  }
  return x;
}

/** BTPE as NumPy 1.16 has it (Kachitvichyanukul & Schmeiser 1988; its Stirling error terms all added). */
function btpe(mt: Mersenne, n: number, p: number): number {
  const r = Math.min(p, 1 - p);
  const q = 1 - r;
  const fm = n * r + r;
  const m = Math.floor(fm);
  const p1 = Math.floor(2.195 * Math.sqrt(n * r * q) - 4.6 * q) + 0.5;
  const xm = m + 0.5;
  const xl = xm - p1;
  const xr = xm + p1;
  const c = 0.134 + 20.5 / (15.3 + m);
  let a = (fm - xl) / (fm - xl * r);
  const laml = a * (1 + a / 2);
  a = (xr - fm) / (xr * q);
  const lamr = a * (1 + a / 2);
  const p2 = p1 * (1 + 2 * c);
  const p3 = p2 + c / laml;
  const p4 = p3 + c / lamr;
  const nrq = n * r * q;
  for (;;) {
    const u = mt.random() * p4;
    let v = mt.random();
    let y: number;
    if (u <= p1) {
      y = Math.floor(xm - p1 * v + u);
      return p > 0.5 ? n - y : y;
    }
    if (u <= p2) {
      const x = xl + (u - p1) / c;
      v = v * c + 1 - Math.abs(m - x + 0.5) / p1;
      if (v > 1) continue;
      y = Math.floor(x);
    } else if (u <= p3) {
      y = Math.floor(xl + log(v) / laml);
      if (y < 0 || v === 0) continue;
      v = v * (u - p2) * laml;
    } else {
      y = Math.floor(xr - log(v) / lamr);
      if (y > n || v === 0) continue;
      v = v * (u - p3) * lamr;
    }
    const k = Math.abs(y - m);
    if (!(k > 20 && k < nrq / 2 - 1)) {
      // Step 50: the pmf ratio by recursion from the mode.
      const sr = r / q;
      const aa = sr * (n + 1);
      let f = 1;
      if (m < y) {
        for (let i = m + 1; i <= y; i++) f *= aa / i - sr;
      } else if (m > y) {
        for (let i = y + 1; i <= m; i++) f /= aa / i - sr;
      }
      if (v > f) continue;
      return p > 0.5 ? n - y : y;
    }
    // Step 52: squeeze, then the bound with Stirling's series.
    const rho = (k / nrq) * ((k * (k / 3 + 0.625) + 0.16666666666666666) / nrq + 0.5);
    const t = (-k * k) / (2 * nrq);
    const A = log(v);
    if (A < t - rho) return p > 0.5 ? n - y : y;
    if (A > t + rho) continue;
    const x1 = y + 1;
    const f1 = m + 1;
    const z = n + 1 - m;
    const w = n - y + 1;
    const x2 = x1 * x1;
    const f2 = f1 * f1;
    const z2 = z * z;
    const w2 = w * w;
    const bound =
      xm * log(f1 / x1) +
      (n - m + 0.5) * log(z / w) +
      (y - m) * log((w * r) / (x1 * q)) +
      stirlingTerm(f2) / f1 / 166320 +
      stirlingTerm(z2) / z / 166320 +
      stirlingTerm(x2) / x1 / 166320 +
      stirlingTerm(w2) / w / 166320;
    if (A > bound) continue;
    return p > 0.5 ? n - y : y;
  }
}

/** 13680 − (462 − (132 − (99 − 140/s)/s)/s)/s, BTPE's Stirling correction numerator. */
function stirlingTerm(s: number): number {
  return 13680 - (462 - (132 - (99 - 140 / s) / s) / s) / s;
}
