/**
 * glibc 2.36's float `logf`, bit for bit (proven on every float in (0, 1] and on the committed
 * fixtures; docs/exact-float-math.md).
 *
 * Algorithm: ARM optimized-routines `math/logf.c` (Szabolcs Nagy), which glibc ships as
 * sysdeps/ieee754/flt-32/e_logf.c. x = 2^k·z with z in [OFF, 2·OFF); the top 4 mantissa bits of
 * z − OFF pick a subinterval whose centre c has a tabulated 1/c and log c; then
 * log x = k·ln2 + log c + log1p(r), r = z/c − 1, with a degree-4 polynomial for log1p, all in double and
 * rounded to float once. glibc's x86-64 FMA build fuses r = fma(z, invc, −1), k·ln2 + log c and the
 * polynomial, yet its results equal its non-FMA build's on all 2^32 inputs (both variants of Debian's
 * libm 2.36 called side by side), so this plain evaluation needs no FMA emulation.
 */

import { asUint32 } from './bits.js';
import { LOGF_A0, LOGF_A1, LOGF_A2, LOGF_LN2, LOGF_OFF, LOGF_TABLE } from './float-tables.js';
import { pow2 } from './pow2.js';

// Module-local copies: V8's optimizing compiler folds module consts into the code, not imported
// bindings (see expf.ts).
const A0 = LOGF_A0;
const A1 = LOGF_A1;
const A2 = LOGF_A2;
const LN2 = LOGF_LN2;
const OFF = LOGF_OFF;
const TABLE = LOGF_TABLE;

const TWO_P23 = 2 ** 23;

/**
 * Natural logarithm of the float32 `x` (a JS number is first rounded to float32, as C's conversion to
 * `float` would), returned as a float32 value. logf(±0) = −∞, logf(+∞) = +∞, logf(x < 0) = NaN,
 * logf(NaN) = NaN (glibc's NaN sign and payload are not reproduced: JS does not promise them).
 */
export function logf(x: number): number {
  const xf = Math.fround(x);
  let ix = asUint32(xf);
  if (ix === 0x3f800000) return 0;
  if ((ix - 0x00800000) >>> 0 >= 0x7f800000 - 0x00800000) {
    // Below 2^-126 (subnormal, ±0, negative), +∞ or NaN.
    if ((ix & 0x7fffffff) === 0) return -Infinity;
    if (ix === 0x7f800000) return xf;
    if (ix >= 0x7f800000) return (xf - xf) / (xf - xf); // NaN, or a sign bit set: invalid, as the C
    // Subnormal: take the pattern of x·2^23 (exact) with 23 taken off its exponent field.
    ix = asUint32(xf * TWO_P23) - (23 << 23);
  }
  const tmp = (ix - OFF) | 0;
  const i = (tmp >>> 19) & 15;
  const k = tmp >> 23;
  // z = x·2^-k, the float the C code rebuilds from the pattern ix − (tmp & 0xff800000): a power-of-two
  // scaling landing in [OFF, 2·OFF), exact in double also for subnormal x.
  const z = xf * pow2(-k);
  const invc = TABLE[2 * i] as number;
  const logc = TABLE[2 * i + 1] as number;
  const r = z * invc - 1;
  const y0 = logc + k * LN2;
  const r2 = r * r;
  let y = A1 * r + A2;
  y = A0 * r2 + y;
  y = y * r2 + (y0 + r);
  return Math.fround(y);
}
