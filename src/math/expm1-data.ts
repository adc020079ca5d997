// Constants of glibc 2.36's double expm1: glibc 2.36 sysdeps/ieee754/dbl-64/s_expm1.c (fdlibm 5.1, Copyright (C) 1993 Sun Microsystems, Inc.).
// Developed at SunPro, a Sun Microsystems, Inc. business. Permission to use, copy, modify, and
// distribute this software is freely granted, provided that this notice is preserved.
// Written from the bit patterns the source gives beside its decimals (each decimal below is the
// shortest one that reads back as that pattern); test/math-expm1.test.ts checks every pattern, and the
// same values were read from the constant pool of Debian's libm.so.6 (__expm1_fma and __expm1_sse2).

/** ln2_hi: ln2 to 32 bits, so k·it is exact for |k| ≤ 1024 (bits 0x3fe62e42fee00000). */
export const EXPM1_LN2HI = 0.6931471803691238;
/** ln2_lo = RN(ln2 − ln2_hi) (bits 0x3dea39ef35793c76). */
export const EXPM1_LN2LO = 1.9082149292705877e-10;
/** invln2 = RN(1/ln2) (bits 0x3ff71547652b82fe). */
export const EXPM1_INVLN2 = 1.4426950408889634;
/** o_threshold: the largest x whose exp(x) − 1 is finite, just below 1024·ln2 (bits 0x40862e42fefa39ef). */
export const EXPM1_O_THRESHOLD = 709.782712893384;
/** Q1, the coefficient of hxs = x²/2 (the minimax Q1 scaled by 2; bits 0xbfa11111111110f4). */
export const EXPM1_Q1 = -0.03333333333333313;
/** Q2 (scaled by 2^2; bits 0x3f5a01a019fe5585). */
export const EXPM1_Q2 = 0.0015873015872548146;
/** Q3 (scaled by 2^3; bits 0xbf14ce199eaadbb7). */
export const EXPM1_Q3 = -7.93650757867488e-5;
/** Q4 (scaled by 2^4; bits 0x3ed0cfca86e65239). */
export const EXPM1_Q4 = 4.008217827329362e-6;
/** Q5 (scaled by 2^5; bits 0xbe8afdb76e09c32d). */
export const EXPM1_Q5 = -2.0109921818362437e-7;
