/**
 * The CUDA toolkit's host (CPU) double `erfinv` and `erfcinv`, which cuRAND's host generators use
 * for their inverse-CDF normals (docs/spec/curand-host-semantics.md §4.3).
 *
 * Algorithm and coefficients: J. M. Blair, C. A. Edwards, J. H. Johnson, "Rational Chebyshev
 * approximations for the inverse of the error function", Mathematics of Computation 30 (136),
 * 1976, pp. 827–830, Tables 18, 39, 59 and 82, with the branch points and evaluation order of the
 * host implementation in the CUDA 13 toolkit's `crt/math_functions.hpp`. The coefficients are the
 * decimal constants printed there (data); JavaScript parses decimal literals to the same nearest
 * doubles as a C compiler. Every step is one IEEE double operation in Horner order, as that header
 * evaluates it on the host (no contraction into FMA on x86-64).
 *
 * `log` and `log1p` are the C library's in cuRAND (glibc's FMA variants on x86-64, see
 * docs/spec/exact-math.md), so the caller supplies them.
 */

/** The C-library functions the host implementation calls. */
export interface ErfcinvLibm {
  log(x: number): number;
  log1p(x: number): number;
}

/**
 * Polynomial coefficients, highest degree first. The denominators Q are monic: their leading 1 is
 * implied (the evaluation starts from t + Q[0]).
 */
// Table 18: erfinv(b) = b · P(t)/Q(t), t = b² − 0.5625, for |b| < 0.75.
const P18 = new Float64Array([
  -0.238862401043087559e2, 0.4556020427268912817e3, -0.22977467176607144887e4, 0.46631433533434331287e4,
  -0.43799652308386926161e4, 0.19007153590528134753e4, -0.3078687264231369528e3,
]);
const Q18 = new Float64Array([
  -0.8328832790193657e2, 0.927413191609353188e3, -0.35088976383877264098e4, 0.59039348134843665626e4,
  -0.48481635430048872102e4, 0.1899776918645305781e4, -0.28386514725366621129e3,
]);
// Table 39: erfinv(b) = b · P(t)/Q(t), t = b² − 0.87890625, for 0.75 ≤ |b| < 0.9375.
const P39 = new Float64Array([
  0.21489185007307062e0, -0.64200071507209448655e1, 0.29631331505876308123e2, -0.47644367129787181803e2,
  0.34810057749357500873e2, -0.12954198980646771502e2, 0.25349389220714893917e1, -0.24758242362823355486e0,
  0.9489736280868108002e-2,
]);
const Q39 = new Float64Array([
  -0.12831383833953226499e2, 0.41409991778428888716e2, -0.53715373448862143349e2, 0.33880176779595142685e2,
  -0.11315360624238054876e2, 0.2036929504721635116e1, -0.18611650627372178511e0, 0.6754451277885094594e-2,
]);
// Table 59: erfinv(b) = P(t)/(t·Q(t)), t = 1/√(−log(1 − |b|)), for 0.9375 ≤ |b| < 1; erfcinv uses
// it directly with t = 1/√(−log a) for 1e-100 ≤ a < 0.0625.
const P59 = new Float64Array([
  2.783401035374700106e-3, 8.603009752628026058e-1, 2.1371214997265515515e0, 3.1598519601132090206e0,
  3.5780402569085996758e0, 1.5335297523989890804e0, 3.4839207139657522572e-1, 5.3644861147153648366e-2,
  4.3836709877126095665e-3, 1.3858518113496718808e-4, 1.173835250999166668e-6,
]);
const Q59 = new Float64Array([
  2.2859981272422905412e0, 4.3859045256449554654e0, 4.6632960348736635331e0, 3.9846608184671757296e0,
  1.6068377709719017609e0, 3.560908730590026556e-1, 5.3963550303200816744e-2, 4.3873424022706935023e-3,
  1.3858762165532246059e-4, 1.1738313872397777529e-6,
]);
// Table 82: as Table 59, for erfcinv(a) with a < 1e-100 (unreachable from 32-bit uniforms).
const P82 = new Float64Array([
  6.9952990607058154858e-1, 1.9507620287580568829e0, 8.2810030904462690216e-1, 1.1279046353630280005e-1,
  6.0537914739162189689e-3, 1.3714329569665128933e-4, 1.2964481560643197452e-6, 4.615600632134533251e-9,
  4.534468956320939845e-12,
]);
const Q82 = new Float64Array([
  1.5771922386662040546e0, 2.1238242087454993542e0, 8.4001814918178042919e-1, 1.1311889334355782065e-1,
  6.0574830550097140404e-3, 1.3715891988350205065e-4, 1.2964671850944981713e-6, 4.6156017600933592558e-9,
  4.5344687377088206783e-12,
]);

/** Horner evaluation of P, highest degree first. */
function horner(coefficients: Float64Array, t: number): number {
  let p = coefficients[0] as number;
  for (let i = 1; i < coefficients.length; i++) p = p * t + (coefficients[i] as number);
  return p;
}

/** Horner evaluation of the monic Q (implied leading 1). */
function hornerMonic(coefficients: Float64Array, t: number): number {
  let q = t + (coefficients[0] as number);
  for (let i = 1; i < coefficients.length; i++) q = q * t + (coefficients[i] as number);
  return q;
}

/** The tail form P(t)/(t·Q(t)), t = 1/√(−logValue). */
function tail(logValue: number, p: Float64Array, q: Float64Array): number {
  const t = 1 / Math.sqrt(-logValue);
  return horner(p, t) / (hornerMonic(q, t) * t);
}

/** Inverse error function, CUDA host algorithm: NaN outside [−1, 1], ±Infinity at ±1. */
export function erfinv(a: number, libm: ErfcinvLibm): number {
  const fa = Math.abs(a);
  if (fa >= 1) return fa === 1 ? a * Infinity : NaN;
  if (fa >= 0.9375) {
    const t = tail(libm.log1p(-fa), P59, Q59);
    return a < 0 ? -t : t;
  }
  if (fa >= 0.75) {
    const t = a * a - 0.87890625;
    return a * (horner(P39, t) / hornerMonic(Q39, t));
  }
  if (fa >= 0) {
    const t = a * a - 0.5625;
    return a * (horner(P18, t) / hornerMonic(Q18, t));
  }
  return NaN; // a is NaN (the header reaches the same NaN through Table 18)
}

/** Inverse complementary error function, CUDA host algorithm: NaN for a < 0 or NaN, +Infinity at 0. */
export function erfcinv(a: number, libm: ErfcinvLibm): number {
  if (!(a > 0)) return a === 0 ? Infinity : NaN;
  if (a >= 0.0625) return erfinv(1 - a, libm);
  return a >= 1e-100 ? tail(libm.log(a), P59, Q59) : tail(libm.log(a), P82, Q82);
}
