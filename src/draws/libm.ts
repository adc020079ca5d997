import { DOUBLE_LIBM } from '../math/libm.js';

/**
 * The C-library functions the draws' transforms call: glibc 2.36's FMA variants, whatever a
 * Generator's `hostMath` (that option says which host cuRAND's own calls reproduce). A draw's values
 * are part of the stream's definition, so they must not depend on an option; and these are the
 * functions NumPy's distributions.c calls on any x86-64 CPU with FMA and AVX2 (this machine), which
 * is what lets the tests compare with NumPy bit for bit.
 */
export const DRAW_LIBM = DOUBLE_LIBM['x86-fma'];
