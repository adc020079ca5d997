/**
 * glibc 2.36's float `expf` as x86-64 runs it (its FMA build), bit for bit on all 2^32 float inputs
 * (NaN payloads aside; docs/exact-float-math.md).
 *
 * Algorithm: ARM optimized-routines `math/expf.c` + `math/exp2f_data.c` (Szabolcs Nagy), shipped by
 * glibc as sysdeps/ieee754/flt-32/e_expf.c. With N = 32: z = x·N/ln2 = k + r (k the nearest integer,
 * found by adding and subtracting 1.5·2^52), then e^x = 2^(k/N)·2^(r/N) ≈ s·(C0·r³ + C1·r² + C2·r + 1)
 * in double, rounded to float once. The C builds s by adding k << 47 to the 64-bit pattern of a table
 * entry; here s = 2^((k mod 32)/32) · 2^floor(k/32), an exact product of doubles (k/32 is in
 * [−150, 128] on the computed path).
 *
 * Exceptions: glibc's x86-64 ifunc picks `__expf_fma`, where gcc contracted the evaluation into fused
 * multiply-adds. That changes the float result for exactly two inputs, which `expf` patches; the
 * plain evaluation (`expfNoFma`) matches glibc's non-FMA build on all 2^32 inputs. Derivation:
 * scripts/prove-math/float/expf-fma-exceptions.mjs (exact FMA evaluation of both inputs).
 */

import { fromUint32 } from './bits.js';
import {
  EXPF_C0,
  EXPF_C1,
  EXPF_C2,
  EXPF_INVLN2N,
  EXPF_OVERFLOW_BOUND,
  EXPF_SCALE,
  EXPF_SHIFT,
  EXPF_SPECIAL_BOUND,
  EXPF_UNDERFLOW_BOUND,
} from './float-tables.js';
import { pow2 } from './pow2.js';

// Module-local copies: V8's optimizing compiler folds these consts into the code, but not imported
// bindings (docs/cpu-kernels.md has the difference).
const C0 = EXPF_C0;
const C1 = EXPF_C1;
const C2 = EXPF_C2;
const INVLN2N = EXPF_INVLN2N;
const OVERFLOW_BOUND = EXPF_OVERFLOW_BOUND;
const SCALE = EXPF_SCALE;
const SHIFT = EXPF_SHIFT;
const SPECIAL_BOUND = EXPF_SPECIAL_BOUND;
const UNDERFLOW_BOUND = EXPF_UNDERFLOW_BOUND;

/**
 * The two inputs where glibc's FMA build rounds to the float one ulp above the plain evaluation:
 * 0x4202422f (32.5646…) → 0x56fc9f1c, and 0xc27c65d9 (−63.0995…) → 0x11fa2993.
 */
const FMA_X0 = fromUint32(0x4202422f);
const FMA_Y0 = fromUint32(0x56fc9f1c);
const FMA_X1 = fromUint32(0xc27c65d9);
const FMA_Y1 = fromUint32(0x11fa2993);

/**
 * e^x for the float32 `x` (a JS number is first rounded to float32), returned as a float32 value, as
 * glibc 2.36 computes it on x86-64 CPUs with FMA and AVX2 (its default there).
 * expf(−∞) = +0, expf(+∞) = +∞, overflow gives +∞, underflow +0, NaN gives NaN.
 */
export function expf(x: number): number {
  const xf = Math.fround(x);
  if (!(Math.abs(xf) < SPECIAL_BOUND)) return expSpecial(xf);
  if (xf === FMA_X0) return FMA_Y0;
  if (xf === FMA_X1) return FMA_Y1;
  return expKernel(xf);
}

/**
 * e^x as glibc 2.36's non-FMA build computes it (x86-64 without FMA/AVX2, or with the hwcaps
 * tunable masking them): the plain evaluation, no exceptions.
 */
export function expfNoFma(x: number): number {
  const xf = Math.fround(x);
  if (!(Math.abs(xf) < SPECIAL_BOUND)) return expSpecial(xf);
  return expKernel(xf);
}

/**
 * |x| >= 88 or NaN (the C tests the top 12 bits of |x| against those of 88.0f, whose low 20 bits are
 * 0): ±∞, NaN, overflow and underflow; finite values between the bounds are computed normally.
 */
function expSpecial(xf: number): number {
  if (xf === -Infinity) return 0;
  if (xf !== xf || xf === Infinity) return xf + xf;
  if (xf > OVERFLOW_BOUND) return Infinity;
  if (xf < UNDERFLOW_BOUND) return 0;
  return expKernel(xf);
}

/** The evaluation for float xf with a finite, non-overflowing, non-underflowing result. */
function expKernel(xf: number): number {
  const z = INVLN2N * xf;
  const kd = z + SHIFT - SHIFT;
  const r = z - kd;
  const k = kd | 0;
  const s = (SCALE[k & 31] as number) * pow2(k >> 5);
  const p = C0 * r + C1;
  const r2 = r * r;
  let y = C2 * r + 1;
  y = p * r2 + y;
  return Math.fround(y * s);
}
