// The vectorised fills of node-curand/numpy (AssemblyScript; scripts/build-wasm.mjs compiles it to
// dist/wasm/numpy.wasm, a module apart from the backend's kernels). Exact accelerations of the
// TypeScript reference (src/numpy/pcg64.ts, src/python/mersenne.ts, src/draws/): the same words in
// the same order, the same doubles. The caller (src/kernels/wasm-numpy.ts) copies a bit generator's
// state into the state block, runs one fill into the scratch area, copies the values out and the
// state back.
//
// - PCG64 and PCG64DXSM (NumPy's src/pcg64/pcg64.h): a 128-bit LCG step as 64-bit halves, the high
//   half of the low halves' product from four 32-bit products (WebAssembly has no 64×64→128
//   multiply). XSL-RR outputs the stepped state; DXSM outputs the state before its step.
// - MT19937 (mt19937ar.c), one stream: the classic in-place twist, tempering, two words per double.
// Nothing here calls a libm function: the draws that need one (the ziggurat's rare wedges and tail,
// the polar method's log) hand their element back to the TypeScript reference.

/** Bytes of output scratch: the caller asks for at most this many bytes' worth of values. */
export const SCRATCH_BYTES: i32 = 1 << 19;
const scratch = memory.data(SCRATCH_BYTES, 16);
/** PCG state: state low, high; increment low, high (u64 each); has_uint32, uinteger (u32 each). */
const pcg = memory.data(48, 16);
/** MT19937: the 624 words, then the read position (624: twist first). */
const mt = memory.data(624 * 4 + 16, 16);
/** NumPy's ziggurat tables for the normal: wi_double then ki_double (256 doubles each). */
const ziggurat = memory.data(2 * 256 * 8, 16);

export function scratchPointer(): usize {
  return scratch;
}
export function pcgPointer(): usize {
  return pcg;
}
export function mtPointer(): usize {
  return mt;
}
export function zigguratPointer(): usize {
  return ziggurat;
}

// PCG's multipliers (pcg64.h): the default 128-bit one, as halves, and the 64-bit cheap one.
const MULT_HI: u64 = 2549297995355413924;
const MULT_LO: u64 = 4865540595714422341;
const CHEAP: u64 = 0xda942042e4dd58b5;
const TWO_POW_MINUS_53: f64 = 1.1102230246251565e-16;

/** The high 64 bits of a·b, from four 32-bit products (Warren, "Hacker's Delight", 2nd ed., §8-2: no partial sum overflows). */
// @ts-ignore: decorator
@inline function mulHigh(a: u64, b: u64): u64 {
  const a0 = a & 0xffffffff;
  const a1 = a >> 32;
  const b0 = b & 0xffffffff;
  const b1 = b >> 32;
  const t = a1 * b0 + ((a0 * b0) >> 32);
  const w = a0 * b1 + (t & 0xffffffff);
  return a1 * b1 + (t >> 32) + (w >> 32);
}

/** The high half of state·mult + inc mod 2^128 (mHi = 0 for the cheap 64-bit multiplier). */
// @ts-ignore: decorator
@inline function stepHigh(hi: u64, lo: u64, mHi: u64, mLo: u64, incHi: u64, incLo: u64): u64 {
  const p = lo * mLo;
  const carry = u64(p + incLo < p);
  return hi * mLo + lo * mHi + mulHigh(lo, mLo) + incHi + carry;
}

/** XSL-RR of a stepped state. */
// @ts-ignore: decorator
@inline function xslRr(hi: u64, lo: u64): u64 {
  return rotr<u64>(hi ^ lo, hi >> 58);
}

/** DXSM of a state before its step. */
// @ts-ignore: decorator
@inline function dxsm(hi: u64, lo: u64): u64 {
  let h = hi ^ (hi >> 32);
  h *= CHEAP;
  h ^= h >> 48;
  return h * (lo | 1);
}

/**
 * The PCG fills share one shape: the state in locals, one 64-bit output a step, written back at the
 * end. `cheap` picks PCG64DXSM (output first, cheap multiplier) over PCG64 (step first, XSL-RR).
 */

/** n doubles, next_double each: (u >> 11)·2^-53. */
export function pcgDoubles(cheap: bool, n: i32): void {
  let lo = load<u64>(pcg);
  let hi = load<u64>(pcg, 8);
  const incLo = load<u64>(pcg, 16);
  const incHi = load<u64>(pcg, 24);
  const mHi = cheap ? 0 : MULT_HI;
  const mLo = cheap ? CHEAP : MULT_LO;
  for (let i = 0; i < n; i++) {
    let u: u64 = 0;
    if (cheap) u = dxsm(hi, lo);
    const h = stepHigh(hi, lo, mHi, mLo, incHi, incLo);
    lo = lo * mLo + incLo;
    hi = h;
    if (!cheap) u = xslRr(hi, lo);
    store<f64>(scratch + (<usize>i << 3), f64(i64(u >> 11)) * TWO_POW_MINUS_53);
  }
  store<u64>(pcg, lo);
  store<u64>(pcg, hi, 8);
}

/**
 * n integers min + Lemire's bounded draw in [0, m) (1 < m < 2^32) from next_uint32, as doubles:
 * NumPy's buffered_bounded_lemire_uint32 over a 64-bit generator's next_uint32 (the low half of an
 * output first, its high half kept for the next draw: the has_uint32 / uinteger pair).
 */
export function pcgBounded32(cheap: bool, n: i32, m: u32, threshold: u32, min: f64): void {
  let lo = load<u64>(pcg);
  let hi = load<u64>(pcg, 8);
  const incLo = load<u64>(pcg, 16);
  const incHi = load<u64>(pcg, 24);
  let has = load<u32>(pcg, 32);
  let kept = load<u32>(pcg, 36);
  const mHi = cheap ? 0 : MULT_HI;
  const mLo = cheap ? CHEAP : MULT_LO;
  const m64 = u64(m);
  for (let i = 0; i < n; i++) {
    let r: u64;
    do {
      let w: u32;
      if (has) {
        has = 0;
        w = kept;
      } else {
        let u: u64 = 0;
        if (cheap) u = dxsm(hi, lo);
        const h = stepHigh(hi, lo, mHi, mLo, incHi, incLo);
        lo = lo * mLo + incLo;
        hi = h;
        if (!cheap) u = xslRr(hi, lo);
        has = 1;
        kept = u32(u >> 32);
        w = u32(u);
      }
      r = u64(w) * m64;
    } while (u32(r) < threshold);
    store<f64>(scratch + (<usize>i << 3), min + f64(i64(r >> 32)));
  }
  store<u64>(pcg, lo);
  store<u64>(pcg, hi, 8);
  store<u32>(pcg, has, 32);
  store<u32>(pcg, kept, 36);
}

/**
 * Up to n standard normals by NumPy's ziggurat (random_standard_normal): the layer from bits 0–7,
 * the sign from bit 8, the 52-bit magnitude from bits 9–60. Returns how many were accepted at once;
 * at the first word that needs the wedge or the tail (exp, log1p) it stops with the state as it
 * was before that word, so the reference draws that value whole.
 */
export function pcgNormals(cheap: bool, n: i32): i32 {
  let lo = load<u64>(pcg);
  let hi = load<u64>(pcg, 8);
  const incLo = load<u64>(pcg, 16);
  const incHi = load<u64>(pcg, 24);
  const mHi = cheap ? 0 : MULT_HI;
  const mLo = cheap ? CHEAP : MULT_LO;
  let i = 0;
  for (; i < n; i++) {
    let u: u64 = 0;
    if (cheap) u = dxsm(hi, lo);
    const h = stepHigh(hi, lo, mHi, mLo, incHi, incLo);
    const l = lo * mLo + incLo;
    if (!cheap) u = xslRr(h, l);
    const idx = <usize>(u & 0xff);
    const rabs = f64(i64((u >> 9) & 0x000fffffffffffff));
    if (!(rabs < load<f64>(ziggurat + 2048 + (idx << 3)))) break;
    const x = rabs * load<f64>(ziggurat + (idx << 3));
    store<f64>(scratch + (<usize>i << 3), u & 0x100 ? -x : x);
    lo = l;
    hi = h;
  }
  store<u64>(pcg, lo);
  store<u64>(pcg, hi, 8);
  return i;
}

const MT_N: u32 = 624;
const MT_M: u32 = 397;
const MATRIX_A: u32 = 0x9908b0df;
const UPPER: u32 = 0x80000000;
const LOWER: u32 = 0x7fffffff;

/** The in-place twist of the 624 words. */
function twist(): void {
  let i: u32 = 0;
  for (; i < MT_N - MT_M; i++) {
    const y = (load<u32>(mt + (i << 2)) & UPPER) | (load<u32>(mt + (i << 2), 4) & LOWER);
    store<u32>(mt + (i << 2), load<u32>(mt + ((i + MT_M) << 2)) ^ (y >> 1) ^ (-(y & 1) & MATRIX_A));
  }
  for (; i < MT_N - 1; i++) {
    const y = (load<u32>(mt + (i << 2)) & UPPER) | (load<u32>(mt + (i << 2), 4) & LOWER);
    store<u32>(mt + (i << 2), load<u32>(mt + ((i + MT_M - MT_N) << 2)) ^ (y >> 1) ^ (-(y & 1) & MATRIX_A));
  }
  const y = (load<u32>(mt + ((MT_N - 1) << 2)) & UPPER) | (load<u32>(mt) & LOWER);
  store<u32>(mt + ((MT_N - 1) << 2), load<u32>(mt + ((MT_M - 1) << 2)) ^ (y >> 1) ^ (-(y & 1) & MATRIX_A));
}

// @ts-ignore: decorator
@inline function temper(x: u32): u32 {
  let y = x ^ (x >> 11);
  y ^= (y << 7) & 0x9d2c5680;
  y ^= (y << 15) & 0xefc60000;
  return y ^ (y >> 18);
}

/** The next tempered word; the position lives in memory between calls. */
// @ts-ignore: decorator
@inline function mtNext(): u32 {
  let index = load<u32>(mt, MT_N * 4);
  if (index >= MT_N) {
    twist();
    index = 0;
  }
  store<u32>(mt, index + 1, MT_N * 4);
  return temper(load<u32>(mt + (<usize>index << 2)));
}

/** The 53-bit double of two words (NumPy's mt19937_next_double, CPython's random()). */
// @ts-ignore: decorator
@inline function mtDouble(): f64 {
  const a = mtNext() >> 5;
  const b = mtNext() >> 6;
  return (f64(a) * 67108864.0 + f64(b)) * TWO_POW_MINUS_53;
}

/** n doubles; whole runs of a block read in place, a double whose words straddle a twist through mtNext. */
export function mtDoubles(n: i32): void {
  let i = 0;
  while (i < n) {
    const index = load<u32>(mt, MT_N * 4);
    if (index + 2 > MT_N) {
      store<f64>(scratch + (<usize>i << 3), mtDouble());
      i++;
      continue;
    }
    const run = min<i32>(n - i, (MT_N - index) >> 1);
    let p = mt + (<usize>index << 2);
    for (let end = i + run; i < end; i++, p += 8) {
      const a = temper(load<u32>(p)) >> 5;
      const b = temper(load<u32>(p, 4)) >> 6;
      store<f64>(scratch + (<usize>i << 3), (f64(a) * 67108864.0 + f64(b)) * TWO_POW_MINUS_53);
    }
    store<u32>(mt, index + 2 * run, MT_N * 4);
  }
}

/**
 * `pairs` accepted pairs of the polar method (NumPy's legacy_gauss): x1 = 2u − 1, x2 = 2u − 1, r2 =
 * x1² + x2², drawn again while r2 ≥ 1 or r2 = 0; written as (x1, x2, r2) triples for the caller's
 * f = sqrt(−2 log r2 / r2).
 */
export function mtPolar(pairs: i32): void {
  for (let i = 0; i < pairs; i++) {
    let x1: f64;
    let x2: f64;
    let r2: f64;
    do {
      x1 = 2.0 * mtDouble() - 1.0;
      x2 = 2.0 * mtDouble() - 1.0;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1.0 || r2 == 0.0);
    const p = scratch + <usize>i * 24;
    store<f64>(p, x1);
    store<f64>(p, x2, 8);
    store<f64>(p, r2, 16);
  }
}
