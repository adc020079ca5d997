/**
 * NumPy's float32 ziggurat (numpy/random/src/distributions/distributions.c: random_standard_normal_f,
 * random_standard_exponential_f), what Generator.standard_normal and standard_exponential draw with
 * dtype=np.float32: one 32-bit draw per attempt, NumPy's float tables (ziggurat-float-data.ts) and
 * float arithmetic (every operation rounded to float32, as C on x86-64 computes it), with C's
 * log1pf and expf as glibc 2.36 computes them (src/math/) and, in the normal's wedge test, the
 * double exp of the double −x²/2 (NumPy calls exp there, not expf). The double ziggurat is
 * src/draws/ziggurat.ts.
 */

import { nextFloat, type BitSource } from '../draws/bit-source.js';
import { exp } from '../draws/libm.js';
import { expf } from '../math/expf.js';
import { log1pf } from '../math/log1pf.js';
import { FE_EXPONENTIAL_FLOAT, FI_NORMAL_FLOAT, KE_EXPONENTIAL_FLOAT, KI_NORMAL_FLOAT, WE_EXPONENTIAL_FLOAT, WI_NORMAL_FLOAT } from './ziggurat-float-data.js';

const f32 = Math.fround;
/** ziggurat_nor_r_f, ziggurat_nor_inv_r_f and ziggurat_exp_r_f (ziggurat_constants.h), as floats. */
const NORMAL_R = f32(3.6541528853610087963519472518);
const NORMAL_INV_R = f32(0.27366123732975827203338247596);
const EXPONENTIAL_R = f32(7.6971174701310497140446280481);

/**
 * One float32 standard normal. Of the word: bits 0–7 pick the layer, bit 8 the sign, bits 9–31 the
 * 23-bit magnitude (its bit 8, the word's bit 17, gives the tail's sign). The same steps as the double
 * ziggurat's, in float.
 */
export function standardNormalFloat(src: BitSource): number {
  for (;;) {
    const r = src.nextUint32();
    const idx = r & 0xff;
    const rabs = r >>> 9;
    const magnitude = f32(rabs * WI_NORMAL_FLOAT[idx]!);
    const x = r & 0x100 ? -magnitude : magnitude;
    if (rabs < KI_NORMAL_FLOAT[idx]!) return x;
    if (idx === 0) {
      for (;;) {
        const xx = f32(-NORMAL_INV_R * log1pf(-nextFloat(src)));
        const yy = -log1pf(-nextFloat(src));
        if (f32(yy + yy) > f32(xx * xx)) return rabs & 0x100 ? -f32(NORMAL_R + xx) : f32(NORMAL_R + xx);
      }
    }
    const fi = FI_NORMAL_FLOAT[idx]!;
    if (f32(f32(f32(FI_NORMAL_FLOAT[idx - 1]! - fi) * nextFloat(src)) + fi) < exp(-0.5 * x * x)) return x;
  }
}

/**
 * One float32 standard exponential. Of the word shifted right once: bits 0–7 pick the layer, the 23
 * bits above are the magnitude. The base layer returns r − log1pf(−u); a rejected wedge point starts over.
 */
export function standardExponentialFloat(src: BitSource): number {
  for (;;) {
    const ri = src.nextUint32() >>> 1;
    const idx = ri & 0xff;
    const magnitude = ri >>> 8;
    const x = f32(magnitude * WE_EXPONENTIAL_FLOAT[idx]!);
    if (magnitude < KE_EXPONENTIAL_FLOAT[idx]!) return x;
    if (idx === 0) return f32(EXPONENTIAL_R - log1pf(-nextFloat(src)));
    const fe = FE_EXPONENTIAL_FLOAT[idx]!;
    if (f32(f32(f32(FE_EXPONENTIAL_FLOAT[idx - 1]! - fe) * nextFloat(src)) + fe) < expf(-x)) return x;
  }
}
