/**
 * glibc 2.36's double `erfc`, bit for bit on x86-64 (the body has no multiply-adds; the two `exp` calls
 * go to glibc's exp, whose FMA variant this machine's libm picks, so the caller passes that exp).
 *
 * Algorithm and coefficients: fdlibm's s_erf.c 5.1 (Copyright (C) 1993 Sun Microsystems, Inc.;
 * "Permission to use, copy, modify, and distribute this software is freely granted, provided that
 * this notice is preserved"), as glibc 2.36 carries it in `sysdeps/ieee754/dbl-64/s_erf.c`, with
 * Naohiko Shimizu's 1997 evaluation order for pipelined processors (each polynomial in pairs of
 * terms, summed in powers of z², not in Horner form). An independent TypeScript implementation:
 * - |x| < 0.84375: erfc x = 1 − (x + x·R(x²)), or 0.5 − (x·R + (x − 0.5)) for x ≥ 1/4, R = P/Q;
 * - 0.84375 ≤ |x| < 1.25: s = |x| − 1, erfc x = (1 − c) − P1(s)/Q1(s) (x > 0) or 1 + (c + P1/Q1),
 *   c = 0.84506291151 rounded to float;
 * - 1.25 ≤ |x| < 28: erfc |x| = exp(−z² − 0.5625)·exp((z − x)(z + x) + R(s)/S(s)) / |x| with
 *   s = 1/x², z = x with its low 32 bits cleared (so z² is exact), R/S from [1.25, 1/0.35) or
 *   [1/0.35, 28); erfc of a negative x is 2 minus that (2 itself below −6);
 * - beyond: 0 (x ≥ 28) or 2 (x ≤ −28); erfc(±∞) = 0, 2; NaN stays NaN.
 *
 * Checked bit for bit against this machine's libm (Python's math.erfc) in test/draws-discrete-
 * truncated-normal.test.ts. The coefficients are fdlibm's decimal constants (data); each parses to
 * the bit pattern the source prints beside it (checked in the same test).
 */

import { f64hi } from './bits.js';
import { pow2 } from './pow2.js';

/** c = (float)0.84506291151 (bits 0x3feb0ac160000000). */
const ERX = 8.45062911510467529297e-1;

// erfc on [0, 0.84375): R = P(z)/Q(z), z = x².
const PP0 = 1.28379167095512558561e-1; // 0x3fc06eba8214db68
const PP1 = -3.25042107247001499370e-1; // 0xbfd4cd7d691cb913
const PP2 = -2.84817495755985104766e-2; // 0xbf9d2a51dbd7194f
const PP3 = -5.77027029648944159157e-3; // 0xbf77a291236668e4
const PP4 = -2.37630166566501626084e-5; // 0xbef8ead6120016ac
const QQ1 = 3.97917223959155352819e-1; // 0x3fd97779cddadc09
const QQ2 = 6.50222499887672944485e-2; // 0x3fb0a54c5536ceba
const QQ3 = 5.08130628187576562776e-3; // 0x3f74d022c4d36b0f
const QQ4 = 1.32494738004321644526e-4; // 0x3f215dc9221c1a10
const QQ5 = -3.96022827877536812320e-6; // 0xbed09c4342a26120

// [0.84375, 1.25): P1(s)/Q1(s), s = |x| − 1.
const PA0 = -2.36211856075265944077e-3; // 0xbf6359b8bef77538
const PA1 = 4.14856118683748331666e-1; // 0x3fda8d00ad92b34d
const PA2 = -3.72207876035701323847e-1; // 0xbfd7d240fbb8c3f1
const PA3 = 3.18346619901161753674e-1; // 0x3fd45fca805120e4
const PA4 = -1.10894694282396677476e-1; // 0xbfbc63983d3e28ec
const PA5 = 3.54783043256182359371e-2; // 0x3fa22a36599795eb
const PA6 = -2.16637559486879084300e-3; // 0xbf61bf380a96073f
const QA1 = 1.06420880400844228286e-1; // 0x3fbb3e6618eee323
const QA2 = 5.40397917702171048937e-1; // 0x3fe14af092eb6f33
const QA3 = 7.18286544141962662868e-2; // 0x3fb2635cd99fe9a7
const QA4 = 1.26171219808761642112e-1; // 0x3fc02660e763351f
const QA5 = 1.36370839120290507362e-2; // 0x3f8bedc26b51dd1c
const QA6 = 1.19844998467991074170e-2; // 0x3f888b545735151d

// [1.25, 1/0.35): R(s)/S(s), s = 1/x².
const RA0 = -9.86494403484714822705e-3; // 0xbf843412600d6435
const RA1 = -6.93858572707181764372e-1; // 0xbfe63416e4ba7360
const RA2 = -1.05586262253232909814e1; // 0xc0251e0441b0e726
const RA3 = -6.23753324503260060396e1; // 0xc04f300ae4cba38d
const RA4 = -1.62396669462573470355e2; // 0xc0644cb184282266
const RA5 = -1.84605092906711035994e2; // 0xc067135cebccabb2
const RA6 = -8.12874355063065934246e1; // 0xc054526557e4d2f2
const RA7 = -9.81432934416914548592e0; // 0xc023a0efc69ac25c
const SA1 = 1.96512716674392571292e1; // 0x4033a6b9bd707687
const SA2 = 1.37657754143519042600e2; // 0x4061350c526ae721
const SA3 = 4.34565877475229228821e2; // 0x407b290dd58a1a71
const SA4 = 6.45387271733267880336e2; // 0x40842b1921ec2868
const SA5 = 4.29008140027567833386e2; // 0x407ad02157700314
const SA6 = 1.08635005541779435134e2; // 0x405b28a3ee48ae2c
const SA7 = 6.57024977031928170135e0; // 0x401a47ef8e484a93
const SA8 = -6.04244152148580987438e-2; // 0xbfaeeff2ee749a62

// [1/0.35, 28): R(s)/S(s), s = 1/x².
const RB0 = -9.86494292470009928597e-3; // 0xbf84341239e86f4a
const RB1 = -7.99283237680523006574e-1; // 0xbfe993ba70c285de
const RB2 = -1.77579549177547519889e1; // 0xc031c209555f995a
const RB3 = -1.60636384855821916062e2; // 0xc064145d43c5ed98
const RB4 = -6.37566443368389627722e2; // 0xc083ec881375f228
const RB5 = -1.02509513161107724954e3; // 0xc09004616a2e5992
const RB6 = -4.83519191608651397019e2; // 0xc07e384e9bdc383f
const SB1 = 3.03380607434824582924e1; // 0x403e568b261d5190
const SB2 = 3.25792512996573918826e2; // 0x40745cae221b9f0a
const SB3 = 1.53672958608443695994e3; // 0x409802eb189d5118
const SB4 = 3.19985821950859553908e3; // 0x40a8ffb7688c246a
const SB5 = 2.55305040643316442583e3; // 0x40a3f219cedf3be6
const SB6 = 4.74528541206955367215e2; // 0x407da874e79fe763
const SB7 = -2.24409524465858183362e1; // 0xc03670e242712d62

/** Every coefficient with the bit pattern fdlibm prints beside it, for the test that checks the parse. */
export const ERFC_COEFFICIENT_BITS: ReadonlyArray<readonly [number, string]> = [
  [ERX, '3feb0ac160000000'],
  [PP0, '3fc06eba8214db68'], [PP1, 'bfd4cd7d691cb913'], [PP2, 'bf9d2a51dbd7194f'], [PP3, 'bf77a291236668e4'], [PP4, 'bef8ead6120016ac'],
  [QQ1, '3fd97779cddadc09'], [QQ2, '3fb0a54c5536ceba'], [QQ3, '3f74d022c4d36b0f'], [QQ4, '3f215dc9221c1a10'], [QQ5, 'bed09c4342a26120'],
  [PA0, 'bf6359b8bef77538'], [PA1, '3fda8d00ad92b34d'], [PA2, 'bfd7d240fbb8c3f1'], [PA3, '3fd45fca805120e4'], [PA4, 'bfbc63983d3e28ec'],
  [PA5, '3fa22a36599795eb'], [PA6, 'bf61bf380a96073f'],
  [QA1, '3fbb3e6618eee323'], [QA2, '3fe14af092eb6f33'], [QA3, '3fb2635cd99fe9a7'], [QA4, '3fc02660e763351f'], [QA5, '3f8bedc26b51dd1c'],
  [QA6, '3f888b545735151d'],
  [RA0, 'bf843412600d6435'], [RA1, 'bfe63416e4ba7360'], [RA2, 'c0251e0441b0e726'], [RA3, 'c04f300ae4cba38d'], [RA4, 'c0644cb184282266'],
  [RA5, 'c067135cebccabb2'], [RA6, 'c054526557e4d2f2'], [RA7, 'c023a0efc69ac25c'],
  [SA1, '4033a6b9bd707687'], [SA2, '4061350c526ae721'], [SA3, '407b290dd58a1a71'], [SA4, '40842b1921ec2868'], [SA5, '407ad02157700314'],
  [SA6, '405b28a3ee48ae2c'], [SA7, '401a47ef8e484a93'], [SA8, 'bfaeeff2ee749a62'],
  [RB0, 'bf84341239e86f4a'], [RB1, 'bfe993ba70c285de'], [RB2, 'c031c209555f995a'], [RB3, 'c064145d43c5ed98'], [RB4, 'c083ec881375f228'],
  [RB5, 'c09004616a2e5992'], [RB6, 'c07e384e9bdc383f'],
  [SB1, '403e568b261d5190'], [SB2, '40745cae221b9f0a'], [SB3, '409802eb189d5118'], [SB4, '40a8ffb7688c246a'], [SB5, '40a3f219cedf3be6'],
  [SB6, '407da874e79fe763'], [SB7, 'c03670e242712d62'],
];

/**
 * x with the low 32 bits of its representation cleared (fdlibm's SET_LOW_WORD(z, 0)), for a normal
 * x ≥ 1: the low word holds the mantissa bits below 2^(e−20), so this is a truncation to a multiple
 * of that power of two (every step exact).
 */
function clearLowWord(x: number): number {
  const e = ((f64hi(x) >>> 20) & 0x7ff) - 1023;
  return Math.floor(x * pow2(20 - e)) * pow2(e - 20);
}

/** glibc 2.36's erfc(x); `exp` must be glibc's exp in the variant being reproduced. */
export function erfc(x: number, exp: (x: number) => number): number {
  const hx = f64hi(x) | 0;
  const ix = hx & 0x7fffffff;
  if (ix >= 0x7ff00000) return x !== x ? x : hx < 0 ? 2 : 0; // NaN, −∞, +∞
  if (ix < 0x3feb0000) {
    // |x| < 0.84375
    if (ix < 0x3c700000) return 1 - x; // |x| < 2^-56
    const z = x * x;
    const r1 = PP0 + z * PP1;
    const z2 = z * z;
    const r2 = PP2 + z * PP3;
    const z4 = z2 * z2;
    const s1 = 1 + z * QQ1;
    const s2 = QQ2 + z * QQ3;
    const s3 = QQ4 + z * QQ5;
    const r = r1 + z2 * r2 + z4 * PP4;
    const s = s1 + z2 * s2 + z4 * s3;
    const y = r / s;
    if (hx < 0x3fd00000) return 1 - (x + x * y); // x < 1/4 (negative x included: hx is signed)
    return 0.5 - (x * y + (x - 0.5));
  }
  if (ix < 0x3ff40000) {
    // 0.84375 ≤ |x| < 1.25
    const s = Math.abs(x) - 1;
    const p1 = PA0 + s * PA1;
    const s2 = s * s;
    const q1 = 1 + s * QA1;
    const s4 = s2 * s2;
    const p2 = PA2 + s * PA3;
    const s6 = s4 * s2;
    const q2 = QA2 + s * QA3;
    const p3 = PA4 + s * PA5;
    const q3 = QA4 + s * QA5;
    const P = p1 + s2 * p2 + s4 * p3 + s6 * PA6;
    const Q = q1 + s2 * q2 + s4 * q3 + s6 * QA6;
    return hx >= 0 ? 1 - ERX - P / Q : 1 + (ERX + P / Q);
  }
  if (ix >= 0x403c0000) return hx > 0 ? 0 : 2; // |x| ≥ 28: tiny·tiny underflows to 0; 2 − tiny rounds to 2
  const ax = Math.abs(x);
  const s = 1 / (ax * ax);
  let R: number;
  let S: number;
  if (ix < 0x4006db6d) {
    // |x| < 1/0.35
    const r1 = RA0 + s * RA1;
    const s2 = s * s;
    const t1 = 1 + s * SA1;
    const s4 = s2 * s2;
    const r2 = RA2 + s * RA3;
    const s6 = s4 * s2;
    const t2 = SA2 + s * SA3;
    const s8 = s4 * s4;
    const r3 = RA4 + s * RA5;
    const t3 = SA4 + s * SA5;
    const r4 = RA6 + s * RA7;
    const t4 = SA6 + s * SA7;
    R = r1 + s2 * r2 + s4 * r3 + s6 * r4;
    S = t1 + s2 * t2 + s4 * t3 + s6 * t4 + s8 * SA8;
  } else {
    if (hx < 0 && ix >= 0x40180000) return 2; // x ≤ −6: 2 − tiny
    const r1 = RB0 + s * RB1;
    const s2 = s * s;
    const t1 = 1 + s * SB1;
    const s4 = s2 * s2;
    const r2 = RB2 + s * RB3;
    const s6 = s4 * s2;
    const t2 = SB2 + s * SB3;
    const r3 = RB4 + s * RB5;
    const t3 = SB4 + s * SB5;
    const t4 = SB6 + s * SB7;
    R = r1 + s2 * r2 + s4 * r3 + s6 * RB6;
    S = t1 + s2 * t2 + s4 * t3 + s6 * t4;
  }
  const z = clearLowWord(ax);
  const r = exp(-z * z - 0.5625) * exp((z - ax) * (z + ax) + R / S);
  return hx > 0 ? r / ax : 2 - r / ax;
}
