/**
 * The C-library functions cuRAND's host generators call whose results depend on glibc's x86-64 ifunc
 * variant (or on the architecture): the double `log`, `exp`, `log1p` and `sincos` (glibc 2.36), and the float `expf`,
 * reproduced bit for bit in each variant; the double `pow` and `expm1`, which NumPy's draws
 * call (src/draws/); and the double `acos` and `log2`, which CPython's vonmisesvariate and
 * binomialvariate call (src/python/). The rest of the code imports them from here, choosing the
 * variant with a {@link HostMath} value.
 *
 * - 'x86-fma' (default): the FMA bodies glibc runs on any x86-64 CPU with FMA and AVX2.
 * - 'x86-sse2': the non-FMA bodies (older CPUs, or GLIBC_TUNABLES=glibc.cpu.hwcaps=-AVX2,-FMA,...).
 * - 'aarch64': glibc 2.36 built for arm64 (Grace, Graviton, DGX Spark), measured under qemu
 *   (docs/exact-double-math.md, "aarch64"): `log`, `log1p`, `sincos` as the FMA bodies; `exp` as
 *   them but for its rounding of k at exact ties (expAarch64); `expf` as the non-FMA build (gcc does
 *   not fuse its reduction there). `pow` is the FMA body's: NumPy's draws, its only caller, always
 *   compute with 'x86-fma' (src/draws/libm.ts), so it is not measured on aarch64;
 *   `expm1`, the draws' too, likewise takes the FMA body there unmeasured.
 * The double functions differ by one ulp on 0.007–0.07 % of inputs, so host cuRAND's double normal
 * and log-normal output depends on the host CPU as well as on the glibc version
 * (docs/exact-double-math.md); `expf` differs on two inputs, which reach every generator's float
 * log-normal (measured on all five with the tunable set). The other float functions cuRAND calls,
 * `logf` and `sincosf`, are the same in both builds (docs/exact-float-math.md).
 */

import type { HostMath } from '../types.js';
import { acosFma, acosSse2 } from './acos.js';
import { expAarch64, expFma, expSse2 } from './exp.js';
import { expf, expfNoFma } from './expf.js';
import { logFma, logSse2 } from './log.js';
import { log2Fma, log2Sse2 } from './log2.js';
import { powFma, powSse2 } from './pow.js';
import { log1pFma, log1pSse2 } from './log1p.js';
import { expm1Fma, expm1Sse2 } from './expm1.js';
import { sincosFma, sincosSse2 } from './sincos.js';

export interface DoubleLibm {
  log(x: number): number;
  exp(x: number): number;
  log1p(x: number): number;
  expm1(x: number): number;
  /** out[0] = sin x, out[1] = cos x. Throws a RangeError for |x| ≥ 105414336 (glibc's __branred range, not ported). */
  sincos(x: number, out: Float64Array): void;
  /** The float expf (a number rounded to float32 first; the result is a float32 value). */
  expf(x: number): number;
  pow(x: number, y: number): number;
  acos(x: number): number;
  log2(x: number): number;
}

export const DOUBLE_LIBM: Record<HostMath, DoubleLibm> = {
  'x86-fma': { log: logFma, exp: expFma, log1p: log1pFma, expm1: expm1Fma, sincos: sincosFma, expf, pow: powFma, acos: acosFma, log2: log2Fma },
  'x86-sse2': { log: logSse2, exp: expSse2, log1p: log1pSse2, expm1: expm1Sse2, sincos: sincosSse2, expf: expfNoFma, pow: powSse2, acos: acosSse2, log2: log2Sse2 },
  // acos, log2 and expm1 were not measured on arm64 glibc (only log, exp, log1p, sincos, expf were: docs/exact-double-math.md); they take the FMA bodies, as log and sincos do there.
  aarch64: { log: logFma, exp: expAarch64, log1p: log1pFma, expm1: expm1Fma, sincos: sincosFma, expf: expfNoFma, pow: powFma, acos: acosFma, log2: log2Fma },
};
