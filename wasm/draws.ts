// The draws' bulk loops for the `wasm` backend (src/kernels/wasm-draws.ts calls them; kernels.ts
// exports them): what src/draws/random.ts, bernoulli.ts, lemire.ts, shuffle.ts and Poisson's table
// lookups in src/distributions/poisson.ts compute, from the same words in the same order. The caller
// copies the words in at `words`, the tables in, and the values out from `out`, all inside the
// kernel's scratch area.

/** Output element types (native/kernels/kernels.h Element has the same numbers). */
const INT8: i32 = 0;
const UINT8: i32 = 1;
const INT16: i32 = 2;
const UINT16: i32 = 3;
const INT32: i32 = 4;
const UINT32: i32 = 5;
const FLOAT32: i32 = 6;
const FLOAT64: i32 = 7;

const TWO_POW_26: f64 = 67108864;
const TWO_POW_MINUS_53: f64 = 1.1102230246251565e-16;
const TWO_POW_MINUS_24: f32 = 5.960464477539063e-8;

/** Words the last bounded32 or shuffleSteps call read (the values it wrote are its result). */
export let drawWords: i32 = 0;

/**
 * NumPy's next_double from word pairs: ((a >>> 5)·2^26 + (b >>> 6))·2^-53, exact (both parts
 * convert exactly, the sum is below 2^53, the scaling is by a power of two). Two values per vector.
 */
export function unitDoubles(words: usize, out: usize, count: i32): void {
  const scale = f64x2.splat(TWO_POW_26);
  const unit = f64x2.splat(TWO_POW_MINUS_53);
  let k = 0;
  for (; k + 2 <= count; k += 2) {
    const v = v128.load(words + (<usize>k << 3));
    // Lanes a0 b0 a1 b1: the a's shifted by 5, the b's by 6, each pair side by side.
    const a = i32x4.shr_u(v, 5);
    const b = i32x4.shr_u(v, 6);
    const hi = f64x2.convert_low_i32x4_s(v128.shuffle<i32>(a, a, 0, 2, 0, 2));
    const lo = f64x2.convert_low_i32x4_s(v128.shuffle<i32>(b, b, 1, 3, 1, 3));
    v128.store(out + (<usize>k << 3), f64x2.mul(f64x2.add(f64x2.mul(hi, scale), lo), unit));
  }
  for (; k < count; k++) {
    const p = words + (<usize>k << 3);
    const a = <f64>(<i32>(load<u32>(p) >>> 5));
    const b = <f64>(<i32>(load<u32>(p, 4) >>> 6));
    store<f64>(out + (<usize>k << 3), (a * TWO_POW_26 + b) * TWO_POW_MINUS_53);
  }
}

/** NumPy's next_float: (w >>> 8)·2^-24, exact in float. Four values per vector. */
export function unitFloats(words: usize, out: usize, count: i32): void {
  const unit = f32x4.splat(TWO_POW_MINUS_24);
  let k = 0;
  for (; k + 4 <= count; k += 4) {
    const at = <usize>k << 2;
    v128.store(out + at, f32x4.mul(f32x4.convert_i32x4_s(i32x4.shr_u(v128.load(words + at), 8)), unit));
  }
  for (; k < count; k++) {
    const at = <usize>k << 2;
    store<f32>(out + at, <f32>(<i32>(load<u32>(words + at) >>> 8)) * TWO_POW_MINUS_24);
  }
}

@inline
function bernoulliTyped<T>(words: usize, below: u64, out: usize, count: i32): void {
  for (let k = 0; k < count; k++) {
    store<T>(out + (<usize>k << alignof<T>()), <u64>load<u32>(words + (<usize>k << 2)) < below ? <T>1 : <T>0);
  }
}

/** 1 when a word w is below threshold = p·2^32, i.e. below ⌈threshold⌉ (given: in [0, 2^32]), else 0. */
export function bernoulli(words: usize, below: f64, type: i32, out: usize, count: i32): void {
  const b = <u64>below;
  if (type == INT8 || type == UINT8) bernoulliTyped<u8>(words, b, out, count);
  else if (type == INT16 || type == UINT16) bernoulliTyped<u16>(words, b, out, count);
  else if (type == INT32 || type == UINT32) bernoulliTyped<u32>(words, b, out, count);
  else if (type == FLOAT32) bernoulliTyped<f32>(words, b, out, count);
  else if (type == FLOAT64) bernoulliTyped<f64>(words, b, out, count);
}

/**
 * Lemire's method, one word per attempt (lemire.ts fillBounded32): x = w·m, accepted when
 * x mod 2^32 >= t, the offset ⌊x / 2^32⌋; out[i] = base + offset, integer arrays keeping its low
 * bits (baseBits + offset), a Float64Array the exact sum. Stops before a value none of whose
 * remaining words is accepted; drawWords then ends at that value's first word.
 */
@inline
function boundedTyped<T>(words: usize, available: i32, m: u32, t: u32, base: f64, baseBits: u32, out: usize, count: i32): i32 {
  let k = 0;
  let i = 0;
  const mv = i32x4.splat(m);
  const tv = i32x4.splat(t);
  while (i < count) {
    // Groups of four attempts while none is rejected: four words make four values.
    while (i + 4 <= count && k + 4 <= available) {
      const w = v128.load(words + (<usize>k << 2));
      const x01 = i64x2.extmul_low_i32x4_u(w, mv);
      const x23 = i64x2.extmul_high_i32x4_u(w, mv);
      const lo = v128.shuffle<i32>(x01, x23, 0, 2, 4, 6);
      if (v128.any_true(i32x4.lt_u(lo, tv))) break;
      const hi = v128.shuffle<i32>(x01, x23, 1, 3, 5, 7);
      const at = out + (<usize>i << alignof<T>());
      if (isFloat<T>()) {
        store<T>(at, <T>(base + <f64><u32>i32x4.extract_lane(hi, 0)));
        store<T>(at, <T>(base + <f64><u32>i32x4.extract_lane(hi, 1)), 8);
        store<T>(at, <T>(base + <f64><u32>i32x4.extract_lane(hi, 2)), 16);
        store<T>(at, <T>(base + <f64><u32>i32x4.extract_lane(hi, 3)), 24);
      } else if (sizeof<T>() == 4) {
        v128.store(at, i32x4.add(hi, i32x4.splat(baseBits)));
      } else {
        const v = i32x4.add(hi, i32x4.splat(baseBits));
        store<T>(at, <T>i32x4.extract_lane(v, 0));
        store<T>(at, <T>i32x4.extract_lane(v, 1), sizeof<T>());
        store<T>(at, <T>i32x4.extract_lane(v, 2), 2 * sizeof<T>());
        store<T>(at, <T>i32x4.extract_lane(v, 3), 3 * sizeof<T>());
      }
      i += 4;
      k += 4;
    }
    if (i == count) break;
    // An attempt rejected in the group (or fewer than four left): one value, word by word.
    let s = k;
    let x: u64;
    do {
      if (s == available) {
        drawWords = k;
        return i;
      }
      x = <u64>load<u32>(words + (<usize>s << 2)) * <u64>m;
      s++;
    } while (<u32>x < t);
    const offset = <u32>(x >>> 32);
    if (isFloat<T>()) store<T>(out + (<usize>i << alignof<T>()), <T>(base + <f64>offset));
    else store<T>(out + (<usize>i << alignof<T>()), <T>(baseBits + offset));
    k = s;
    i++;
  }
  drawWords = k;
  return i;
}

/** Up to `count` values of base + Lemire's integer in [0, m) from `available` words; returns how many. */
export function bounded32(words: usize, available: i32, m: u32, t: u32, base: f64, baseBits: u32, type: i32, out: usize, count: i32): i32 {
  if (type == INT8 || type == UINT8) return boundedTyped<u8>(words, available, m, t, base, baseBits, out, count);
  if (type == INT16 || type == UINT16) return boundedTyped<u16>(words, available, m, t, base, baseBits, out, count);
  if (type == INT32 || type == UINT32) return boundedTyped<u32>(words, available, m, t, base, baseBits, out, count);
  return boundedTyped<f64>(words, available, m, t, base, baseBits, out, count);
}

/**
 * The j of up to `most` Fisher–Yates steps i, i − 1, … (shuffle.ts shuffleFrom: Lemire's integer
 * in [0, i + 1), the threshold computed only when the low half is below the span), written to out as
 * u32; the swaps stay in JavaScript, for every array type. Stops as bounded32 does; returns the
 * steps drawn.
 */
export function shuffleSteps(words: usize, available: i32, i: u32, most: i32, out: usize): i32 {
  let k = 0;
  let d = 0;
  for (; d < most; d++) {
    const m = <u64>(i - <u32>d) + 1;
    let s = k;
    if (s == available) break;
    let x = <u64>load<u32>(words + (<usize>s << 2)) * m;
    s++;
    if (<u64>(<u32>x) < m) {
      const t = <u32>(((<u64>1 << 32) - m) % m);
      let ranOut = false;
      while (<u32>x < t) {
        if (s == available) {
          ranOut = true;
          break;
        }
        x = <u64>load<u32>(words + (<usize>s << 2)) * m;
        s++;
      }
      if (ranOut) break;
    }
    store<u32>(out + (<usize>d << 2), <u32>(x >>> 32));
    k = s;
  }
  drawWords = k;
  return d;
}

const TWO_POW_MINUS_32: f64 = 2.3283064365386963e-10;

/**
 * Poisson's square histogram (src/distributions/poisson.ts fillPoissonSquareHistogram): u = (x +
 * offset)·2^-32 (exact; offset 1, or 0.5 for MT19937's cell centre), j = ⌊cells·u⌋, out = shift + (u <
 * threshold[j] ? j : alias[j]); the tables hold cells + 1 entries.
 */
export function poissonHistogram(words: usize, out: usize, count: i32, shift: u32, cells: u32, threshold: usize, alias: usize, offset: f64): void {
  const c = <f64>cells;
  for (let k = 0; k < count; k++) {
    const u = (<f64>load<u32>(words + (<usize>k << 2)) + offset) * TWO_POW_MINUS_32;
    const j = <u32>(c * u);
    const value = u < load<f64>(threshold + (<usize>j << 3)) ? j : load<u32>(alias + (<usize>j << 2));
    store<u32>(out + (<usize>k << 2), shift + value);
  }
}

/**
 * Poisson's cumulative table (fillPoissonCumulative): shift + the first i in [0, length − 1) with
 * cdf[i] >= u, else length − 1, counted as the entries below u in a halving window (the table is
 * non-decreasing; native/kernels/draws_impl.h PoissonCumulativeImpl says why this equals the search).
 */
export function poissonCumulative(words: usize, out: usize, count: i32, shift: u32, cdf: usize, length: i32): void {
  for (let k = 0; k < count; k++) {
    const u = (<f64>load<u32>(words + (<usize>k << 2)) + 1.0) * TWO_POW_MINUS_32;
    let lo: usize = 0;
    let len = length - 1;
    while (len > 1) {
      const half = len >> 1;
      if (load<f64>(cdf + ((lo + <usize>half - 1) << 3)) < u) lo += <usize>half;
      len -= half;
    }
    if (len == 1 && load<f64>(cdf + (lo << 3)) < u) lo++;
    store<u32>(out + (<usize>k << 2), shift + <u32>lo);
  }
}
