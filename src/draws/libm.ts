/**
 * The C-library functions NumPy's distributions call (log, exp, log1p, pow), as the draws compute
 * them: glibc's x86-64 FMA bodies (src/math/, bit for bit), whatever the host CPU or the generator's
 * hostMath. NumPy on any x86-64 CPU with FMA and AVX2 (glibc ≥ 2.28) computes with exactly these, so
 * the draws are NumPy's values there, and the same values on every backend and machine
 * (docs/draws-continuous.md).
 */

import { DOUBLE_LIBM } from '../math/libm.js';

const FMA = DOUBLE_LIBM['x86-fma'];

export const log = FMA.log;
export const exp = FMA.exp;
export const log1p = FMA.log1p;
export const pow = FMA.pow;
