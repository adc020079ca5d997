// The inverse-CDF float normals of MTGP32 and MT19937 (src/distributions/inverse-cdf.ts
// normalFloatInverseCdf; docs/spec/curand-host-semantics.md §4.3): words above the median mirrored
// (2^32 − 1 − x = ~x) with the sign flipped, p the float uniform fround(fround(x)·2^-32 + 2^-33),
// z = ∓√2·erfcinv(2p) with the CUDA toolkit's host double erfcinv (src/math/erfcinv.ts), rounded to
// float, then float arithmetic. The tail's log and log1p are imported from the host: V8's Math.log and
// Math.log1p, exactly the TypeScript's (exact there: an exhaustive comparison of all 2^32 words with
// CUDA's erfcinv on glibc's log found no difference once rounded to float).

import { expf } from './box-muller';
import { ERFCINV_P18, ERFCINV_P39, ERFCINV_P59, ERFCINV_Q18, ERFCINV_Q39, ERFCINV_Q59 } from './math-tables';

@external('env', 'log')
declare function hostLog(x: f64): f64;
@external('env', 'log1p')
declare function hostLog1p(x: f64): f64;

const TWO_M32: f32 = 2.3283064365386963e-10; // 2^-32
const TWO_M33: f32 = 1.1641532182693481e-10; // 2^-33
/** cuRAND's float √2, 1.4142135f (the reference's −NEG_SQRT2_FLOAT). */
const SQRT2_FLOAT: f32 = 1.4142135381698608;
const MEDIAN: u32 = 0x80000000;

/** Horner evaluation of P, highest degree first. */
@inline
function horner(c: StaticArray<f64>, t: f64): f64 {
  let p = unchecked(c[0]);
  for (let i = 1; i < c.length; i++) p = p * t + unchecked(c[i]);
  return p;
}

/** Horner evaluation of the monic Q (implied leading 1). */
@inline
function hornerMonic(c: StaticArray<f64>, t: f64): f64 {
  let q = t + unchecked(c[0]);
  for (let i = 1; i < c.length; i++) q = q * t + unchecked(c[i]);
  return q;
}

/** erfcinv's tail P59(t)/(Q59(t)·t), t = 1/√(−logValue). */
function tail(logValue: f64): f64 {
  const t = 1 / Math.sqrt(-logValue);
  return horner(ERFCINV_P59, t) / (hornerMonic(ERFCINV_Q59, t) * t);
}

/**
 * erfcinv(a) for a in (0, 1] (a = 2p, p ≤ 1/2): erfinv(1 − a) by Table 39 or 18 from 1/16 up (a = 1/16
 * itself through erfinv's tail, log1p(−15/16)), the tail of log(a) below.
 */
@inline
function erfcinv(a: f64): f64 {
  if (a >= 0.0625) {
    const b = 1 - a;
    if (b >= 0.9375) return tail(hostLog1p(-b));
    if (b >= 0.75) {
      const t = b * b - 0.87890625;
      return b * (horner(ERFCINV_P39, t) / hornerMonic(ERFCINV_Q39, t));
    }
    const t = b * b - 0.5625;
    return b * (horner(ERFCINV_P18, t) / hornerMonic(ERFCINV_Q18, t));
  }
  return tail(hostLog(a));
}

/** horner() on two lanes. */
@inline
function horner2(c: StaticArray<f64>, t: v128): v128 {
  let p = f64x2.splat(unchecked(c[0]));
  for (let i = 1; i < c.length; i++) p = f64x2.add(f64x2.mul(p, t), f64x2.splat(unchecked(c[i])));
  return p;
}

/** hornerMonic() on two lanes. */
@inline
function hornerMonic2(c: StaticArray<f64>, t: v128): v128 {
  let q = f64x2.add(t, f64x2.splat(unchecked(c[0])));
  for (let i = 1; i < c.length; i++) q = f64x2.add(f64x2.mul(q, t), f64x2.splat(unchecked(c[i])));
  return q;
}

/**
 * erfcinv() of two lanes: both central tables on both lanes, each lane keeping its own (Table 39 where
 * 1 − a ≥ 0.75); lanes at or below 1/16 by the scalar function (its tail, one lane in 16).
 */
@inline
function erfcinv2(a: v128): v128 {
  const b = f64x2.sub(f64x2.splat(1), a);
  const b2 = f64x2.mul(b, b);
  const t39 = f64x2.sub(b2, f64x2.splat(0.87890625));
  const t18 = f64x2.sub(b2, f64x2.splat(0.5625));
  const e39 = f64x2.mul(b, f64x2.div(horner2(ERFCINV_P39, t39), hornerMonic2(ERFCINV_Q39, t39)));
  const e18 = f64x2.mul(b, f64x2.div(horner2(ERFCINV_P18, t18), hornerMonic2(ERFCINV_Q18, t18)));
  let e = v128.bitselect(e39, e18, f64x2.ge(b, f64x2.splat(0.75)));
  const tails = f64x2.le(a, f64x2.splat(0.0625));
  if (v128.any_true(tails)) {
    if (i64x2.extract_lane(tails, 0) != 0) e = f64x2.replace_lane(e, 0, erfcinv(f64x2.extract_lane(a, 0)));
    if (i64x2.extract_lane(tails, 1) != 0) e = f64x2.replace_lane(e, 1, erfcinv(f64x2.extract_lane(a, 1)));
  }
  return e;
}

/** The float normal of one word (before mean and stddev). */
@inline
function normal1(x: u32): f32 {
  const upper = x > MEDIAN;
  const u = <f32>(upper ? ~x : x) * TWO_M32 + TWO_M33;
  return (upper ? SQRT2_FLOAT : -SQRT2_FLOAT) * <f32>erfcinv(2 * <f64>u);
}

/**
 * normal / logNormal in place over n words at `at`, one output per word: fround(m + fround(s·zf)) with
 * (m, s) = (mean, stddev) as floats (fillNormalInverseCdf), or glibc's FMA-build expf of it
 * (fillLogNormalInverseCdf). Four words at a time, as the scalar steps lane by lane.
 */
export function inverseCdfNormals(at: usize, n: i32, mean: f32, stddev: f32, logNormal: bool): void {
  const end = at + (<usize>n << 2);
  let p = at;
  for (; p + 16 <= end; p += 16) {
    const x = v128.load(p);
    const upper = i32x4.gt_u(x, i32x4.splat(MEDIAN));
    const u = f32x4.add(f32x4.mul(f32x4.convert_i32x4_u(v128.bitselect(v128.not(x), x, upper)), f32x4.splat(TWO_M32)), f32x4.splat(TWO_M33));
    const e0 = erfcinv2(f64x2.mul(f64x2.promote_low_f32x4(u), f64x2.splat(2)));
    const e1 = erfcinv2(f64x2.mul(f64x2.promote_low_f32x4(v128.shuffle<i32>(u, u, 2, 3, 2, 3)), f64x2.splat(2)));
    const e = v128.shuffle<i32>(f32x4.demote_f64x2_zero(e0), f32x4.demote_f64x2_zero(e1), 0, 1, 4, 5);
    const sign = v128.bitselect(f32x4.splat(SQRT2_FLOAT), f32x4.splat(-SQRT2_FLOAT), upper);
    let z = f32x4.add(f32x4.splat(mean), f32x4.mul(f32x4.splat(stddev), f32x4.mul(sign, e)));
    if (logNormal) {
      z = f32x4.replace_lane(z, 0, expf(f32x4.extract_lane(z, 0)));
      z = f32x4.replace_lane(z, 1, expf(f32x4.extract_lane(z, 1)));
      z = f32x4.replace_lane(z, 2, expf(f32x4.extract_lane(z, 2)));
      z = f32x4.replace_lane(z, 3, expf(f32x4.extract_lane(z, 3)));
    }
    v128.store(p, z);
  }
  for (; p < end; p += 4) {
    const z = mean + stddev * normal1(load<u32>(p));
    store<f32>(p, logNormal ? expf(z) : z);
  }
}
