/**
 * Bit access to float32 and float64 values through typed-array aliases.
 *
 * Word order is little-endian (every engine V8 runs on); `f64hi` is the word holding the sign,
 * exponent and top 20 mantissa bits, as glibc's GET_HIGH_WORD. The scratch buffers are
 * module-private and every helper finishes with them before returning, so the helpers are
 * reentrant within one thread.
 */

const f32 = new Float32Array(1);
const u32of32 = new Uint32Array(f32.buffer);

const f64 = new Float64Array(1);
const u32of64 = new Uint32Array(f64.buffer);

/** Bit pattern (0 … 2^32−1) of `x` rounded to float32. */
export function asUint32(x: number): number {
  f32[0] = x;
  return u32of32[0] as number;
}

/** The float32 whose bit pattern is `u` (only the low 32 bits of `u` are used). */
export function fromUint32(u: number): number {
  u32of32[0] = u;
  return f32[0] as number;
}

/** High word (sign, exponent, top 20 mantissa bits) of the float64 `x`, as an unsigned 32-bit integer. */
export function f64hi(x: number): number {
  f64[0] = x;
  return u32of64[1] as number;
}
