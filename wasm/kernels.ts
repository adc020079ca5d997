// The WebAssembly SIMD128 kernels of the `wasm` backend (AssemblyScript; scripts/build-wasm.mjs
// compiles it to dist/wasm/kernels.wasm). Exact accelerations of the `ts` reference: they compute
// Philox4x32-10 blocks for runs of whole slots (src/engines/philox.ts decides which counters) and
// cuRAND's transforms of them, and XORWOW's threads side by side (xorwow.ts), bit for bit as
// src/engines/, src/distributions/ and src/math/ do. Output goes to a scratch area the caller copies
// from.

import { floatPairs, PAIRS_BITS } from './box-muller';
import { store4 } from './lanes';
import { OP_LOG_NORMAL, OP_NORMAL, OP_UNIFORM, OP_UNIFORM_DOUBLE, OP_WORDS2 } from './ops';
import { uniform4, uniformDouble2 } from './uniform';

// The draws' loops (draws.ts) and XORWOW's (xorwow.ts) share this module and its scratch area.
export * from './draws';
export * from './xorwow';
export * from './mrg32k3a';
export * from './mt19937';
export * from './mtgp32';
export { inverseCdfNormals } from './inverse-cdf';

/**
 * Bytes of output scratch; the caller asks for at most this many bytes' worth of whole slots. 1 MiB:
 * the caller copies each chunk out with one memmove, which glibc runs with vector stores from the L2
 * size up on AMD CPUs and with `rep movsb` below (measured here, into a 64 MiB array: 16.6 against
 * 12 GB/s with 64 KiB chunks; uniform at 2^24 +3 %).
 */
export const SCRATCH_BYTES: i32 = 1 << 20;
// +384: the last group of twelve slots is computed whole even when fewer slots were asked for.
const scratch = memory.data(SCRATCH_BYTES + 384, 16);
/** The round keys, splatted: round r's key0 at 32r, key1 at 32r + 16. */
const keys = memory.data(320, 16);

export function scratchPointer(): usize {
  return scratch;
}

// Philox4x32-10 (Salmon et al., SC'11; Random123's constants).
const M0: u32 = 0xd2511f53;
const M1: u32 = 0xcd9e8d57;
const W0: u32 = 0x9e3779b9;
const W1: u32 = 0xbb67ae85;

function setKeys(k0: u32, k1: u32): void {
  for (let r = 0; r < 10; r++) {
    v128.store(keys + (r << 5), i32x4.splat(k0));
    v128.store(keys + (r << 5), i32x4.splat(k1), 16);
    k0 += W0;
    k1 += W1;
  }
}

/** High 32 bits of the four products x·m. */
@inline
function mulhi(x: v128, m: v128): v128 {
  return v128.shuffle<i32>(i64x2.extmul_low_i32x4_u(x, m), i64x2.extmul_high_i32x4_u(x, m), 1, 3, 5, 7);
}

/**
 * Twelve Philox blocks, lane i of x computing counter (lo, hi, t + i, 0), of y (lo, hi, t + 4 + i, 0)
 * and of z (lo, hi, t + 8 + i, 0), stored block by block from dst, block i at dst + i·stride.
 * Independent groups of four keep more multiplies in flight (measured: two groups 1.3× over one,
 * three 1.05× over two; four run out of the 16 SIMD registers V8 uses and are slower).
 */
@inline
function blocks12(lo: u32, hi: u32, t: u32, dst: usize, stride: usize, uniform: bool): void {
  const m0 = i32x4.splat(M0);
  const m1 = i32x4.splat(M1);
  let x0 = i32x4.splat(lo);
  let x1 = i32x4.splat(hi);
  let x2 = i32x4.add(i32x4.splat(t), i32x4(0, 1, 2, 3));
  let x3 = i32x4.splat(0);
  let y0 = x0;
  let y1 = x1;
  let y2 = i32x4.add(x2, i32x4.splat(4));
  let y3 = x3;
  let z0 = x0;
  let z1 = x1;
  let z2 = i32x4.add(x2, i32x4.splat(8));
  let z3 = x3;
  for (let r = 0; r < 10; r++) {
    const k0 = v128.load(keys + (r << 5));
    const k1 = v128.load(keys + (r << 5), 16);
    const hx0 = mulhi(x0, m0);
    const lx0 = i32x4.mul(x0, m0);
    const hx2 = mulhi(x2, m1);
    const lx2 = i32x4.mul(x2, m1);
    const hy0 = mulhi(y0, m0);
    const ly0 = i32x4.mul(y0, m0);
    const hy2 = mulhi(y2, m1);
    const ly2 = i32x4.mul(y2, m1);
    const hz0 = mulhi(z0, m0);
    const lz0 = i32x4.mul(z0, m0);
    const hz2 = mulhi(z2, m1);
    const lz2 = i32x4.mul(z2, m1);
    x0 = v128.xor(v128.xor(hx2, x1), k0);
    x1 = lx2;
    x2 = v128.xor(v128.xor(hx0, x3), k1);
    x3 = lx0;
    y0 = v128.xor(v128.xor(hy2, y1), k0);
    y1 = ly2;
    y2 = v128.xor(v128.xor(hy0, y3), k1);
    y3 = ly0;
    z0 = v128.xor(v128.xor(hz2, z1), k0);
    z1 = lz2;
    z2 = v128.xor(v128.xor(hz0, z3), k1);
    z3 = lz0;
  }
  if (uniform) {
    // Fused while the words are in registers: saves a pass over the output.
    x0 = uniform4(x0);
    x1 = uniform4(x1);
    x2 = uniform4(x2);
    x3 = uniform4(x3);
    y0 = uniform4(y0);
    y1 = uniform4(y1);
    y2 = uniform4(y2);
    y3 = uniform4(y3);
    z0 = uniform4(z0);
    z1 = uniform4(z1);
    z2 = uniform4(z2);
    z3 = uniform4(z3);
  }
  store4(dst, stride, x0, x1, x2, x3);
  store4(dst + 4 * stride, stride, y0, y1, y2, y3);
  store4(dst + 8 * stride, stride, z0, z1, z2, z3);
}

/**
 * Raw words of `slots` slots into scratch: 4 per slot, or 8 (counter, counter + 1) for two-word
 * elements; with `uniform`, their float uniforms instead.
 */
function words(lo: u32, hi: u32, t: u32, slots: i32, two: bool, uniform: bool): void {
  const stride: usize = two ? 32 : 16;
  // Counter + 1 as (lo, hi) with the carry, for the second block of two-word elements.
  const lo2 = lo + 1;
  const hi2 = lo2 == 0 ? hi + 1 : hi;
  for (let s = 0; s < slots; s += 12) {
    const dst = scratch + <usize>s * stride;
    blocks12(lo, hi, t + s, dst, stride, uniform);
    if (two) blocks12(lo2, hi2, t + s, dst + 16, stride, false);
  }
}

/** uniformDouble in place over n word pairs (x, y), two at a time. */
function uniformDouble(n: i32): void {
  for (let p = scratch, end = scratch + (<usize>n << 3); p < end; p += 16) v128.store(p, uniformDouble2(v128.load(p)));
}

/**
 * Writes `slots` whole slots (4 elements each) of operation `op` to scratch, for threads t … t+slots−1
 * at counter (lo, hi) and key (k0, k1); (a, b) = (mean, stddev) for the normals.
 */
export function philox(op: i32, k0: u32, k1: u32, lo: u32, hi: u32, t: u32, slots: i32, a: f64, b: f64): void {
  setKeys(k0, k1);
  const two = op == OP_WORDS2 || op == OP_UNIFORM_DOUBLE;
  words(lo, hi, t, slots, two, op == OP_UNIFORM);
  const n = slots << 2;
  if (op == OP_UNIFORM_DOUBLE) uniformDouble(n);
  else if (op == OP_NORMAL || op == OP_LOG_NORMAL) floatPairs(scratch, n >> 1, PAIRS_BITS, <f32>a, <f32>b, op == OP_LOG_NORMAL);
}
