import { DOUBLE_LIBM } from '../math/libm.js';

/**
 * The C-library functions the draws' transforms call (log, exp, log1p, expm1, pow, erfc…): glibc's x86-64
 * FMA bodies (src/math/, bit for bit), whatever the host CPU or a Generator's `hostMath` (that option
 * says which host cuRAND's own calls reproduce). A draw's values are part of the stream's definition,
 * so they must not depend on an option; and NumPy's distributions.c computes with exactly these on any
 * x86-64 CPU with FMA and AVX2 (glibc ≥ 2.28), which is what lets the tests compare with NumPy bit
 * for bit (docs/draws-continuous.md, docs/draws-discrete.md).
 */
export const DRAW_LIBM = DOUBLE_LIBM['x86-fma'];

export const log = DRAW_LIBM.log;
export const exp = DRAW_LIBM.exp;
export const log1p = DRAW_LIBM.log1p;
export const expm1 = DRAW_LIBM.expm1;
export const pow = DRAW_LIBM.pow;
