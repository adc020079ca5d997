/**
 * The Philox4x32-10 block function (Salmon, Moraes, Dror & Shaw, "Parallel random numbers: as easy
 * as 1, 2, 3", SC'11; constants as in Random123's philox.h): 10 rounds over a 4-word counter with a
 * 2-word key bumped by the Weyl constants between rounds.
 *
 * JS numbers cannot hold a 64-bit product, so each 32×32 multiply takes its low half from Math.imul
 * and its high half from the double product corrected by the low half: x·M (< 2^64) rounds to a
 * double p within 2^10 of it, so (p − lo)·2^-32 lies within 2^-20 of the high half, an integer, and
 * adding 0.5 and truncating (ToInt32) gives it exactly. State words are kept as int32 bit patterns.
 */

const M0 = 0xd2511f53;
const M1 = 0xcd9e8d57;
const W0 = 0x9e3779b9;
const W1 = 0xbb67ae85;
const TWO_M32 = 2 ** -32;
const TWO_M33 = 2 ** -33;

/** A block's words to out[o …]. */
function putWords(out: Uint32Array, o: number, x0: number, x1: number, x2: number, x3: number): void {
  out[o] = x0;
  out[o + 1] = x1;
  out[o + 2] = x2;
  out[o + 3] = x3;
}

/** A block's float uniforms (uniformFloat, src/distributions/uniform.ts; the store rounds) to out[o …]. */
function putUniforms(out: Float32Array, o: number, x0: number, x1: number, x2: number, x3: number): void {
  out[o] = Math.fround(x0 >>> 0) * TWO_M32 + TWO_M33;
  out[o + 1] = Math.fround(x1 >>> 0) * TWO_M32 + TWO_M33;
  out[o + 2] = Math.fround(x2 >>> 0) * TWO_M32 + TWO_M33;
  out[o + 3] = Math.fround(x3 >>> 0) * TWO_M32 + TWO_M33;
}

/**
 * Philox4x32-10 of the `count` counters (c0, c1, c2 + i, c3), i = 0 … count−1 (c2 + count ≤ 2^32),
 * key (k0, k1): block i goes to out[at + stride·i …], its four words into a Uint32Array or their
 * float uniforms (uniformFloat) into a Float32Array: the `ts` backend's uniform, with no scratch
 * words and no second pass (written by small helpers V8 inlines). Four blocks side by side, their
 * rounds in one loop: each round's multiply chain is long, and independent ones keep the CPU busy
 * (faster than three blocks or one, and than the rounds written out: docs/cpu-kernels.md).
 */
export function philoxBlocks(
  c0: number,
  c1: number,
  c2: number,
  c3: number,
  count: number,
  k0: number,
  k1: number,
  out: Uint32Array | Float32Array,
  at: number,
  stride: number,
): void {
  for (let i = 0, o = at; i < count; i += 4, o += 4 * stride) {
    let x0 = c0 | 0;
    let x1 = c1 | 0;
    let x2 = (c2 + i) | 0;
    let x3 = c3 | 0;
    let y0 = x0;
    let y1 = x1;
    let y2 = (x2 + 1) | 0;
    let y3 = x3;
    let z0 = x0;
    let z1 = x1;
    let z2 = (x2 + 2) | 0;
    let z3 = x3;
    let w0 = x0;
    let w1 = x1;
    let w2 = (x2 + 3) | 0;
    let w3 = x3;
    let key0 = k0 | 0;
    let key1 = k1 | 0;
    for (let round = 0; round < 10; round++) {
      const lx0 = Math.imul(x0, M0);
      const lx2 = Math.imul(x2, M1);
      const ly0 = Math.imul(y0, M0);
      const ly2 = Math.imul(y2, M1);
      const lz0 = Math.imul(z0, M0);
      const lz2 = Math.imul(z2, M1);
      const lw0 = Math.imul(w0, M0);
      const lw2 = Math.imul(w2, M1);
      const hx0 = ((x0 >>> 0) * M0 - (lx0 >>> 0)) * TWO_M32 + 0.5;
      const hx2 = ((x2 >>> 0) * M1 - (lx2 >>> 0)) * TWO_M32 + 0.5;
      const hy0 = ((y0 >>> 0) * M0 - (ly0 >>> 0)) * TWO_M32 + 0.5;
      const hy2 = ((y2 >>> 0) * M1 - (ly2 >>> 0)) * TWO_M32 + 0.5;
      const hz0 = ((z0 >>> 0) * M0 - (lz0 >>> 0)) * TWO_M32 + 0.5;
      const hz2 = ((z2 >>> 0) * M1 - (lz2 >>> 0)) * TWO_M32 + 0.5;
      const hw0 = ((w0 >>> 0) * M0 - (lw0 >>> 0)) * TWO_M32 + 0.5;
      const hw2 = ((w2 >>> 0) * M1 - (lw2 >>> 0)) * TWO_M32 + 0.5;
      // `^` truncates the high halves (ToInt32).
      x0 = hx2 ^ x1 ^ key0;
      x1 = lx2;
      x2 = hx0 ^ x3 ^ key1;
      x3 = lx0;
      y0 = hy2 ^ y1 ^ key0;
      y1 = ly2;
      y2 = hy0 ^ y3 ^ key1;
      y3 = ly0;
      z0 = hz2 ^ z1 ^ key0;
      z1 = lz2;
      z2 = hz0 ^ z3 ^ key1;
      z3 = lz0;
      w0 = hw2 ^ w1 ^ key0;
      w1 = lw2;
      w2 = hw0 ^ w3 ^ key1;
      w3 = lw0;
      key0 = (key0 + W0) | 0;
      key1 = (key1 + W1) | 0;
    }
    const n = count - i;
    if (out instanceof Float32Array) {
      putUniforms(out, o, x0, x1, x2, x3);
      if (n > 1) putUniforms(out, o + stride, y0, y1, y2, y3);
      if (n > 2) putUniforms(out, o + 2 * stride, z0, z1, z2, z3);
      if (n > 3) putUniforms(out, o + 3 * stride, w0, w1, w2, w3);
    } else {
      putWords(out, o, x0, x1, x2, x3);
      if (n > 1) putWords(out, o + stride, y0, y1, y2, y3);
      if (n > 2) putWords(out, o + 2 * stride, z0, z1, z2, z3);
      if (n > 3) putWords(out, o + 3 * stride, w0, w1, w2, w3);
    }
  }
}
