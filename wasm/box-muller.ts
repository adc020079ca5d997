// Float Box–Muller (src/distributions/box-muller.ts floatPair) with glibc 2.36's logf, sincosf and
// expf (src/math/logf.ts, sincosf.ts, expf.ts): double arithmetic rounded to float once, as there.
// Philox's and XORWOW's pairs take two raw words, MRG32k3a's two step results (PairInputs).

import {
  EXPF_C0,
  EXPF_C1,
  EXPF_C2,
  EXPF_INVLN2N,
  EXPF_OVERFLOW_BOUND,
  EXPF_SCALE,
  EXPF_SHIFT,
  EXPF_SPECIAL_BOUND,
  EXPF_UNDERFLOW_BOUND,
  LOGF_A0,
  LOGF_A1,
  LOGF_A2,
  LOGF_LN2,
  LOGF_OFF,
  LOGF_TABLE,
  SINCOSF_C0,
  SINCOSF_C1,
  SINCOSF_C2,
  SINCOSF_C3,
  SINCOSF_C4,
  SINCOSF_HPI_HI,
  SINCOSF_HPI_INV,
  SINCOSF_HPI_LO,
  SINCOSF_POLY_BOUND,
  SINCOSF_S1,
  SINCOSF_S2,
  SINCOSF_S3,
  SINCOSF_TINY_BOUND,
} from './math-tables';

/** 2^n for n in [−1022, 1023], from its exponent bits. */
@inline
function pow2(n: i32): f64 {
  return reinterpret<f64>(<u64>(n + 1023) << 52);
}

/** logf for u in (0, 1], a normal float (the Box–Muller radius input never leaves that range). */
@inline
function logf(x: f32): f32 {
  const ix = reinterpret<u32>(x);
  if (ix == 0x3f800000) return 0;
  const tmp = ix - LOGF_OFF;
  const i = <i32>((tmp >> 19) & 15);
  const k = <i32>tmp >> 23;
  const z = <f64>x * pow2(-k);
  const invc = unchecked(LOGF_TABLE[2 * i]);
  const logc = unchecked(LOGF_TABLE[2 * i + 1]);
  const r = z * invc - 1;
  const y0 = logc + <f64>k * LOGF_LN2;
  const r2 = r * r;
  let y = LOGF_A1 * r + LOGF_A2;
  y = LOGF_A0 * r2 + y;
  y = y * r2 + (y0 + r);
  return <f32>y;
}

let sinOut: f32 = 0;
let cosOut: f32 = 0;

/**
 * sincosf for v in (0, fround(2π)], the Box–Muller angle: no large-argument path, and there the plain
 * polynomials equal glibc's fused ones on every input (docs/exact-float-math.md).
 */
@inline
function sincosf(x: f32): void {
  const xd = <f64>x;
  if (xd < SINCOSF_TINY_BOUND) {
    sinOut = x;
    cosOut = 1;
    return;
  }
  let n: i32 = 0;
  let r = xd;
  if (!(xd < SINCOSF_POLY_BOUND)) {
    n = (i32(xd * SINCOSF_HPI_INV) + 0x800000) >> 24;
    r = xd - <f64>n * SINCOSF_HPI_HI - <f64>n * SINCOSF_HPI_LO;
  }
  const r2 = r * r;
  const r3 = r2 * r;
  const r5 = r3 * r2;
  const sr = <f32>(r + r3 * SINCOSF_S1 + r5 * (SINCOSF_S2 + r2 * SINCOSF_S3));
  const r4 = r2 * r2;
  const r6 = r4 * r2;
  const cr = <f32>(SINCOSF_C0 + r2 * SINCOSF_C1 + r4 * SINCOSF_C2 + r6 * (SINCOSF_C3 + r2 * SINCOSF_C4));
  const s = ((n + 1) & 2) == 0 ? sr : -sr;
  const c = (n & 2) == 0 ? cr : -cr;
  if ((n & 1) == 0) {
    sinOut = s;
    cosOut = c;
  } else {
    sinOut = c;
    cosOut = s;
  }
}

/** glibc's FMA build of expf rounds these two inputs one ulp above the plain evaluation (src/math/expf.ts). */
const FMA_X0: u32 = 0x4202422f;
const FMA_Y0: u32 = 0x56fc9f1c;
const FMA_X1: u32 = 0xc27c65d9;
const FMA_Y1: u32 = 0x11fa2993;

export function expf(x: f32): f32 {
  const xd = <f64>x;
  if (!(Math.abs(xd) < EXPF_SPECIAL_BOUND)) {
    if (x == -Infinity) return 0;
    if (isNaN(x) || x == Infinity) return x + x;
    if (xd > EXPF_OVERFLOW_BOUND) return Infinity;
    if (xd < EXPF_UNDERFLOW_BOUND) return 0;
  }
  const ix = reinterpret<u32>(x);
  if (ix == FMA_X0) return reinterpret<f32>(FMA_Y0);
  if (ix == FMA_X1) return reinterpret<f32>(FMA_Y1);
  const z = EXPF_INVLN2N * xd;
  const kd = z + EXPF_SHIFT - EXPF_SHIFT;
  const r = z - kd;
  const k = <i32>kd;
  const s = unchecked(EXPF_SCALE[k & 31]) * pow2(k >> 5);
  const p = EXPF_C0 * r + EXPF_C1;
  const r2 = r * r;
  let y = EXPF_C2 * r + 1;
  y = p * r2 + y;
  return <f32>(y * s);
}

const TWO_M32: f32 = 2.3283064365386963e-10; // 2^-32
const TWO_M33: f32 = 1.1641532182693481e-10; // 2^-33
const K: f32 = 1.462918119976564e-9; // fround(2^-32 · fround(6.2831855))
const HALF_K: f32 = 7.31459059988282e-10;
/** MRG32k3a's 1/(m1 + 1) and cuRAND's float 2π, fround(6.2831855) (src/distributions/uniform.ts, box-muller.ts). */
const MRG_NORM: f64 = 2.3283065498378288e-10;
const TWO_PI_FLOAT: f32 = 6.2831854820251465;

/** The pairs' inputs: two raw 32-bit words (Philox, XORWOW) or two MRG32k3a step results r in [1, m1]. */
export const PAIRS_BITS: i32 = 0;
export const PAIRS_MRG: i32 = 1;

/**
 * normal / logNormal in place over n pairs at `at`, each two 32-bit words (x, y) → (sin output, cos
 * output): u = fround(x)·2^-32 + 2^-33 and v = fround(y)·K + K/2 for raw words; u = fround(x·NORM) and
 * v = fround(fround(y·NORM)·fround(2π)) for MRG32k3a's step results.
 */
export function floatPairs(at: usize, n: i32, inputs: i32, mean: f32, stddev: f32, logNormal: bool): void {
  for (let p = at, end = at + (<usize>n << 3); p < end; p += 8) {
    let u: f32;
    let v: f32;
    if (inputs == PAIRS_BITS) {
      u = <f32>load<u32>(p) * TWO_M32 + TWO_M33;
      v = <f32>load<u32>(p, 4) * K + HALF_K;
    } else {
      u = <f32>(<f64>load<u32>(p) * MRG_NORM);
      v = <f32>(<f64>(<f32>(<f64>load<u32>(p, 4) * MRG_NORM)) * <f64>TWO_PI_FLOAT);
    }
    const rad = Mathf.sqrt(-2 * logf(u));
    sincosf(v);
    let z0 = mean + stddev * (sinOut * rad);
    let z1 = mean + stddev * (cosOut * rad);
    if (logNormal) {
      z0 = expf(z0);
      z1 = expf(z1);
    }
    store<f32>(p, z0);
    store<f32>(p, z1, 4);
  }
}
