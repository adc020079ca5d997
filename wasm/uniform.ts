// cuRAND's uniforms of raw words, four lanes at a time, shared by the Philox and XORWOW kernels
// (kernels.ts, xorwow.ts): src/distributions/uniform.ts bit for bit.

const TWO_M32: f32 = 2.3283064365386963e-10; // 2^-32
const TWO_M33: f32 = 1.1641532182693481e-10; // 2^-33
const TWO_M16: f32 = 1.52587890625e-5; // 2^-16

/**
 * uniform of four words: fround(fround(x)·2^-32 + 2^-33) (src/distributions/uniform.ts), in float
 * arithmetic. fround(x)·2^-32 is the one rounding of hi·2^-16 + lo·2^-32 (x's 16-bit halves, each
 * converted and scaled exactly): 8 instructions on x64 where V8's f32x4.convert_i32x4_u (8) and the
 * scale and offset take 10; the conversion is about a fifth of the uniform kernel's time.
 */
@inline
export function uniform4(x: v128): v128 {
  const hi = f32x4.mul(f32x4.convert_i32x4_s(i32x4.shr_u(x, 16)), f32x4.splat(TWO_M16));
  const lo = f32x4.mul(f32x4.convert_i32x4_s(v128.and(x, i32x4.splat(0xffff))), f32x4.splat(TWO_M32));
  return f32x4.add(f32x4.add(hi, lo), f32x4.splat(TWO_M33));
}

const TWO_P52: f64 = 4503599627370496;
const TWO_P84: f64 = 1.9342813113834067e25;

/**
 * uniformDouble of two word pairs v = (x0, y0, x1, y1) (each i64 lane x + y·2^32): z = x ^ (y << 21),
 * 53 bits, then z·2^-53 + 2^-54 (uniformDouble53). z's two halves become doubles exactly through the
 * 2^52 / 2^84 exponent trick.
 */
@inline
export function uniformDouble2(v: v128): v128 {
  const low32 = i64x2.splat(0xffffffff);
  // (y << 21) ^ x: bits of y above 11 go to z's high half, the rest is XORed into x.
  const z = v128.xor(i64x2.shl(i64x2.shr_u(v, 32), 21), v128.and(v, low32));
  const lo = f64x2.sub(v128.or(v128.and(z, low32), i64x2.splat(0x4330000000000000)), f64x2.splat(TWO_P52));
  const hi = f64x2.sub(v128.or(i64x2.shr_u(z, 32), i64x2.splat(0x4530000000000000)), f64x2.splat(TWO_P84));
  return f64x2.add(f64x2.mul(f64x2.add(hi, lo), f64x2.splat(1.1102230246251565e-16)), f64x2.splat(5.551115123125783e-17));
}
