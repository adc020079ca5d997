/**
 * glibc 2.36's float `log1pf` (sysdeps/ieee754/flt-32/s_log1pf.c, the float version of fdlibm's
 * log1p by Sun Microsystems), every operation in float as C computes it on x86-64 (SSE, no FMA: the
 * function has no FMA variant). Checked against Debian's libm 2.36 on every float in (−1, 0] of the
 * form −k·2^-24 (the inputs NumPy's float ziggurat gives it) and on random floats (test/numpy-
 * generator.test.ts compares the draws that use it with NumPy's).
 *
 * Algorithm (fdlibm): 1 + x = 2^k·(1 + f) with √2/2 ≤ 1 + f < √2, and a correction c for the
 * rounding of 1 + x; then log1p(x) = k·ln2_hi + (f − (hfsq − s·(hfsq + R)) + (k·ln2_lo + c)) with
 * s = f/(2 + f), hfsq = f²/2 and R a degree-7 polynomial in s² (Remez, |error| < 2^-58 in the
 * double version, truncated to float constants). Small |x| skip the reduction (k = 0, f = x).
 */

import { asUint32, fromUint32 } from './bits.js';

const f32 = Math.fround;

// fdlibm's constants, as C converts its decimal literals to float.
const LN2_HI = f32(6.9313812256e-1); // 0x3f317180
const LN2_LO = f32(9.0580006145e-6); // 0x3717f7d1
const LP1 = f32(6.6666668653e-1);
const LP2 = f32(4.0000000596e-1);
const LP3 = f32(2.8571429849e-1);
const LP4 = f32(2.2222198546e-1);
const LP5 = f32(1.8183572590e-1);
const LP6 = f32(1.5313838422e-1);
const LP7 = f32(1.4798198640e-1);
const TWO_THIRDS = f32(0.66666666666666666);
/** Lp6 … Lp1, the order Horner's scheme adds them in. */
const INNER = [LP6, LP5, LP4, LP3, LP2, LP1];

/** log(1 + x) of the float32 `x` (a number is first rounded to float32), as glibc 2.36's log1pf. */
export function log1pf(x: number): number {
  x = f32(x);
  const hx = asUint32(x) | 0;
  const ax = hx & 0x7fffffff;
  let k = 1;
  let f = 0;
  let c = 0;
  let hu = 0;
  if (hx < 0x3ed413d7) {
    // x < 0.41422 (negative patterns are negative int32s).
    if (ax >= 0x3f800000) return x === -1 ? -Infinity : NaN;
    if (ax < 0x31000000) {
      // |x| < 2^-29.
      if (ax < 0x24800000) return x;
      return f32(x - f32(f32(x * x) * 0.5));
    }
    if (hx > 0 || hx <= (0xbe95f61f | 0)) {
      // −0.2929 < x < 0.41422: no reduction.
      k = 0;
      f = x;
      hu = 1;
    }
  } else if (hx >= 0x7f800000) {
    return x + x;
  }
  if (k !== 0) {
    let u: number;
    if (hx < 0x5a000000) {
      u = f32(1 + x);
      hu = asUint32(u);
      k = (hu >>> 23) - 127;
      // What the rounding of 1 + x lost, relative to u.
      c = k > 0 ? f32(1 - f32(u - x)) : f32(x - f32(u - 1));
      c = f32(c / u);
    } else {
      u = x;
      hu = asUint32(u);
      k = (hu >>> 23) - 127;
      c = 0;
    }
    hu &= 0x007fffff;
    if (hu < 0x3504f7) {
      u = fromUint32(hu | 0x3f800000);
    } else {
      k += 1;
      u = fromUint32(hu | 0x3f000000);
      hu = (0x00800000 - hu) >> 2;
    }
    f = f32(u - 1);
  }
  const hfsq = f32(f32(0.5 * f) * f);
  if (hu === 0) {
    // |f| < 2^-20.
    if (f === 0) {
      if (k === 0) return 0;
      c = f32(c + f32(k * LN2_LO));
      return f32(f32(k * LN2_HI) + c);
    }
    const r = f32(hfsq * f32(1 - f32(TWO_THIRDS * f)));
    if (k === 0) return f32(f - r);
    return f32(f32(k * LN2_HI) - f32(f32(r - f32(f32(k * LN2_LO) + c)) - f));
  }
  const s = f32(f / f32(2 + f));
  const z = f32(s * s);
  // R = z·(Lp1 + z·(Lp2 + … + z·Lp7)), innermost first.
  let t = LP7;
  for (const lp of INNER) t = f32(lp + f32(z * t));
  const poly = f32(z * t);
  if (k === 0) return f32(f - f32(hfsq - f32(s * f32(hfsq + poly))));
  return f32(f32(k * LN2_HI) - f32(f32(hfsq - f32(f32(s * f32(hfsq + poly)) + f32(f32(k * LN2_LO) + c))) - f));
}
