// MRG32k3a on cuRAND's slot model (src/engines/mrg32k3a.ts, slot-engine.ts): the threads side by side,
// two to an f64x2 vector, each its components' last three values s1[0..2], s2[0..2] (exact integers in
// doubles), stepped exactly as the engine's writeThread() does. A word is a step's result r in
// [1, m1]; the outputs are MRG32k3a's transforms of it (docs/spec/curand-more-generators.md §2.4;
// src/distributions/table.ts). The caller copies the call's thread states into `mrgStates` (lane i:
// thread (first + i) mod T, its 6 values at 48·i, the engine's own layout), runs mrg32k3a() over
// blocks of lanes and rounds, and copies the states back (src/kernels/wasm-mrg32k3a.ts).
//
// The step's double arithmetic is the native kernel's (native/kernels/mrg32k3a_impl.h, where its
// exactness is proved): x = a·s − a'·s' is an exact integer below 2^53 in magnitude, q = x·(1/m)
// rounded to an integer by adding and subtracting 1.5·2^52, and x − q·m lies in (−m, m), moved into
// [0, m) by adding m where negative. WebAssembly never fuses a multiply into an add.

import { floatPairs, PAIRS_MRG } from './box-muller';
import { OP_LOG_NORMAL, OP_NORMAL, OP_UINT32_SCALED, OP_UNIFORM, OP_UNIFORM_DOUBLE, OP_WORDS } from './ops';

/** The most threads a call runs (cuRAND's DEFAULT and BEST orderings; LEGACY has 4096). */
export const MRG_MAX_THREADS: i32 = 81920;
/**
 * Lanes a group runs side by side: two vectors, whose independent steps hide each other's latency
 * (one vector's step waits on the previous one's reduction). The caller's thread counts and lane
 * blocks are multiples of it.
 */
export const MRG_GROUP_LANES: i32 = 4;
const STATE_BYTES: usize = 48;
const mrgStates = memory.data(MRG_MAX_THREADS * <i32>STATE_BYTES, 16);
/**
 * Rounds a group runs with its state in registers before the next group takes over: enough to pay
 * for the state's loads, transposes and stores, few enough for the rounds' outputs to stay in cache.
 */
const GROUP_ROUNDS = 16;

// L'Ecuyer 1999's MRG32k3a constants; MRG_NORM and MRG_UINT32_SCALE (src/distributions/uniform.ts).
const M1: f64 = 4294967087;
const M2: f64 = 4294944443;
const A12: f64 = 1403580;
const A13: f64 = 810728;
const A21: f64 = 527612;
const A23: f64 = 1370589;
const INV_M1: f64 = 1 / M1;
const INV_M2: f64 = 1 / M2;
const ROUND: f64 = 6755399441055744; // 1.5·2^52
const TWO_P52: f64 = 4503599627370496;
const NORM: f64 = 2.3283065498378288e-10;
const UINT32_SCALE: f64 = 1.000000048662;

export function mrgStatesPointer(): usize {
  return mrgStates;
}

/** x mod m for the recurrence's integers |x| < 2^53 (the proof in mrg32k3a_impl.h). */
@inline
function reduce(x: v128, m: f64, inverse: f64): v128 {
  const q = f64x2.sub(f64x2.add(f64x2.mul(x, f64x2.splat(inverse)), f64x2.splat(ROUND)), f64x2.splat(ROUND));
  const d = f64x2.sub(x, f64x2.mul(q, f64x2.splat(m)));
  return f64x2.add(d, v128.and(f64x2.lt(d, f64x2.splat(0)), f64x2.splat(m)));
}

/** Component 1's next value from s1[0], s1[1]. */
@inline
function next1(s0: v128, s1: v128): v128 {
  return reduce(f64x2.sub(f64x2.mul(s1, f64x2.splat(A12)), f64x2.mul(s0, f64x2.splat(A13))), M1, INV_M1);
}

/** Component 2's next value from s2[0], s2[2]. */
@inline
function next2(s0: v128, s2: v128): v128 {
  return reduce(f64x2.sub(f64x2.mul(s2, f64x2.splat(A21)), f64x2.mul(s0, f64x2.splat(A23))), M2, INV_M2);
}

/** The step's result: p1 − p2, plus m1 where that is ≤ 0, in [1, m1]. */
@inline
function combine(p1: v128, p2: v128): v128 {
  const d = f64x2.sub(p1, p2);
  return f64x2.add(d, v128.and(f64x2.le(d, f64x2.splat(0)), f64x2.splat(M1)));
}

/** The integers 0 ≤ x < 2^32 as the low halves of the i64 lanes: 2^52 + x holds x in its low bits. */
@inline
function bits(x: v128): v128 {
  return f64x2.add(x, f64x2.splat(TWO_P52));
}

/**
 * trunc(r·scale) mod 2^32 (curandGenerate's uint32 store) in the low halves of the i64 lanes: y + 2^52
 * rounds y in [1, 2^32 + 1) to a nearest integer n in its low bits; one less where n > y.
 */
@inline
function scaled(r: v128): v128 {
  const y = f64x2.mul(r, f64x2.splat(UINT32_SCALE));
  const big = f64x2.add(y, f64x2.splat(TWO_P52));
  return i64x2.add(big, f64x2.gt(f64x2.sub(big, f64x2.splat(TWO_P52)), y));
}

/** The low halves of the i64 lanes of a (lanes 0, 1) and b (lanes 2, 3) as four i32s. */
@inline
function low4(a: v128, b: v128): v128 {
  return v128.shuffle<i32>(a, b, 0, 2, 4, 6);
}

/** Four slots of `words` raw words: lane l's words (w0 … w3 of a for l < 2, of b after) at at + l·4·words. */
@inline
function emitWords(words: i32, at: usize, a0: v128, a1: v128, a2: v128, a3: v128, b0: v128, b1: v128, b2: v128, b3: v128): void {
  if (words == 1) {
    v128.store(at, low4(bits(a0), bits(b0)));
  } else if (words == 2) {
    v128.store(at, v128.shuffle<i32>(bits(a0), bits(a1), 0, 4, 2, 6));
    v128.store(at, v128.shuffle<i32>(bits(b0), bits(b1), 0, 4, 2, 6), 16);
  } else {
    let t01 = v128.shuffle<i32>(bits(a0), bits(a1), 0, 4, 2, 6);
    let t23 = v128.shuffle<i32>(bits(a2), bits(a3), 0, 4, 2, 6);
    v128.store(at, v128.shuffle<i64>(t01, t23, 0, 2));
    v128.store(at, v128.shuffle<i64>(t01, t23, 1, 3), 16);
    t01 = v128.shuffle<i32>(bits(b0), bits(b1), 0, 4, 2, 6);
    t23 = v128.shuffle<i32>(bits(b2), bits(b3), 0, 4, 2, 6);
    v128.store(at, v128.shuffle<i64>(t01, t23, 0, 2), 32);
    v128.store(at, v128.shuffle<i64>(t01, t23, 1, 3), 48);
  }
}

/** Four slots of a one-word op from the words a (lanes 0, 1) and b (lanes 2, 3). */
@inline
function emitOne(op: i32, at: usize, a: v128, b: v128): void {
  const norm = f64x2.splat(NORM);
  if (op == OP_UNIFORM) {
    // fround(r·NORM): the demotion rounds the exact double product once, as the reference's store does.
    v128.store(at, v128.shuffle<i32>(f32x4.demote_f64x2_zero(f64x2.mul(a, norm)), f32x4.demote_f64x2_zero(f64x2.mul(b, norm)), 0, 1, 4, 5));
  } else if (op == OP_UNIFORM_DOUBLE) {
    v128.store(at, f64x2.mul(a, norm));
    v128.store(at, f64x2.mul(b, norm), 16);
  } else {
    v128.store(at, low4(scaled(a), scaled(b)));
  }
}

/**
 * mrg32k3a() for one op and words per slot (constants once inlined, so that each caller below gets
 * its own loop): `steps` words per slot, `bytes` bytes of output per slot.
 */
@inline
function run(op: i32, words: i32, steps: i32, bytes: usize, out: usize, from: i32, to: i32, rounds: i32): void {
  const width = (to - from + MRG_GROUP_LANES - 1) & ~(MRG_GROUP_LANES - 1);
  const roundBytes = <usize>width * bytes;
  for (let r0 = 0; r0 < rounds; r0 += GROUP_ROUNDS) {
    const r1 = min(rounds, r0 + GROUP_ROUNDS);
    for (let i = from; i < to; i += MRG_GROUP_LANES) {
      const p = mrgStates + <usize>i * STATE_BYTES;
      // Lanes i, i + 1 into a, lanes i + 2, i + 3 into b: each value k of the two lanes as a vector.
      let x = v128.load(p);
      let y = v128.load(p, 48);
      let a10 = v128.shuffle<f64>(x, y, 0, 2);
      let a11 = v128.shuffle<f64>(x, y, 1, 3);
      x = v128.load(p, 16);
      y = v128.load(p, 64);
      let a12 = v128.shuffle<f64>(x, y, 0, 2);
      let a20 = v128.shuffle<f64>(x, y, 1, 3);
      x = v128.load(p, 32);
      y = v128.load(p, 80);
      let a21 = v128.shuffle<f64>(x, y, 0, 2);
      let a22 = v128.shuffle<f64>(x, y, 1, 3);
      x = v128.load(p, 96);
      y = v128.load(p, 144);
      let b10 = v128.shuffle<f64>(x, y, 0, 2);
      let b11 = v128.shuffle<f64>(x, y, 1, 3);
      x = v128.load(p, 112);
      y = v128.load(p, 160);
      let b12 = v128.shuffle<f64>(x, y, 0, 2);
      let b20 = v128.shuffle<f64>(x, y, 1, 3);
      x = v128.load(p, 128);
      y = v128.load(p, 176);
      let b21 = v128.shuffle<f64>(x, y, 0, 2);
      let b22 = v128.shuffle<f64>(x, y, 1, 3);
      let at = out + (<usize>r0 * width + (i - from)) * bytes;
      for (let r = r0; r < r1; r++, at += roundBytes) {
        // Each step, on both vectors: the components move on, the word is combine(p1, p2).
        let p1 = next1(a10, a11);
        let p2 = next2(a20, a22);
        let q1 = next1(b10, b11);
        let q2 = next2(b20, b22);
        a10 = a11;
        a11 = a12;
        a12 = p1;
        a20 = a21;
        a21 = a22;
        a22 = p2;
        b10 = b11;
        b11 = b12;
        b12 = q1;
        b20 = b21;
        b21 = b22;
        b22 = q2;
        const wa0 = combine(p1, p2);
        const wb0 = combine(q1, q2);
        if (steps == 1) {
          if (op == OP_UNIFORM || op == OP_UNIFORM_DOUBLE || op == OP_UINT32_SCALED) emitOne(op, at, wa0, wb0);
          else emitWords(1, at, wa0, wa0, wa0, wa0, wb0, wb0, wb0, wb0);
          continue;
        }
        p1 = next1(a10, a11);
        p2 = next2(a20, a22);
        q1 = next1(b10, b11);
        q2 = next2(b20, b22);
        a10 = a11;
        a11 = a12;
        a12 = p1;
        a20 = a21;
        a21 = a22;
        a22 = p2;
        b10 = b11;
        b11 = b12;
        b12 = q1;
        b20 = b21;
        b21 = b22;
        b22 = q2;
        const wa1 = combine(p1, p2);
        const wb1 = combine(q1, q2);
        if (steps == 2) {
          emitWords(2, at, wa0, wa1, wa1, wa1, wb0, wb1, wb1, wb1);
          continue;
        }
        p1 = next1(a10, a11);
        p2 = next2(a20, a22);
        q1 = next1(b10, b11);
        q2 = next2(b20, b22);
        a10 = a11;
        a11 = a12;
        a12 = p1;
        a20 = a21;
        a21 = a22;
        a22 = p2;
        b10 = b11;
        b11 = b12;
        b12 = q1;
        b20 = b21;
        b21 = b22;
        b22 = q2;
        const wa2 = combine(p1, p2);
        const wb2 = combine(q1, q2);
        p1 = next1(a10, a11);
        p2 = next2(a20, a22);
        q1 = next1(b10, b11);
        q2 = next2(b20, b22);
        a10 = a11;
        a11 = a12;
        a12 = p1;
        a20 = a21;
        a21 = a22;
        a22 = p2;
        b10 = b11;
        b11 = b12;
        b12 = q1;
        b20 = b21;
        b21 = b22;
        b22 = q2;
        emitWords(4, at, wa0, wa1, wa2, combine(p1, p2), wb0, wb1, wb2, combine(q1, q2));
      }
      // Back, lane by lane: the group `to` ends inside keeps the states of its lanes from `to` on
      // (real threads outside the call, or the caller's copies of its last lane).
      const keep = to - i;
      v128.store(p, v128.shuffle<f64>(a10, a11, 0, 2));
      v128.store(p, v128.shuffle<f64>(a12, a20, 0, 2), 16);
      v128.store(p, v128.shuffle<f64>(a21, a22, 0, 2), 32);
      if (keep > 1) {
        v128.store(p, v128.shuffle<f64>(a10, a11, 1, 3), 48);
        v128.store(p, v128.shuffle<f64>(a12, a20, 1, 3), 64);
        v128.store(p, v128.shuffle<f64>(a21, a22, 1, 3), 80);
      }
      if (keep > 2) {
        v128.store(p, v128.shuffle<f64>(b10, b11, 0, 2), 96);
        v128.store(p, v128.shuffle<f64>(b12, b20, 0, 2), 112);
        v128.store(p, v128.shuffle<f64>(b21, b22, 0, 2), 128);
      }
      if (keep > 3) {
        v128.store(p, v128.shuffle<f64>(b10, b11, 1, 3), 144);
        v128.store(p, v128.shuffle<f64>(b12, b20, 1, 3), 160);
        v128.store(p, v128.shuffle<f64>(b21, b22, 1, 3), 176);
      }
    }
  }
}

/**
 * Runs lanes [from, to) of the loaded states (`from` a multiple of MRG_GROUP_LANES) for `rounds`
 * rounds of op `op` (`words` raw words per slot for OP_WORDS: 1, 2 or 4; the float normals two steps
 * per slot, their Box–Muller pair with (a, b) = (mean, stddev); the other ops one step per slot): lane j's slot of round r at out + (r·W + j − from)·(the slot's bytes), W = to − from
 * rounded up to a multiple of MRG_GROUP_LANES. The group `to` ends inside is computed whole, its
 * lanes from `to` on from the states there (which must be states: the caller's copies where no thread
 * is) and their outputs written into the row's padding; their states are left as they were.
 */
export function mrg32k3a(op: i32, out: usize, from: i32, to: i32, rounds: i32, words: i32, a: f64, b: f64): void {
  if (op == OP_NORMAL || op == OP_LOG_NORMAL) {
    // Every slot of the rows, padding included (its lanes step copies of real states), in place.
    run(OP_WORDS, 2, 2, 8, out, from, to, rounds);
    const width = (to - from + MRG_GROUP_LANES - 1) & ~(MRG_GROUP_LANES - 1);
    floatPairs(out, rounds * width, PAIRS_MRG, <f32>a, <f32>b, op == OP_LOG_NORMAL);
  } else if (op == OP_UNIFORM) run(OP_UNIFORM, 1, 1, 4, out, from, to, rounds);
  else if (op == OP_UNIFORM_DOUBLE) run(OP_UNIFORM_DOUBLE, 1, 1, 8, out, from, to, rounds);
  else if (op == OP_UINT32_SCALED) run(OP_UINT32_SCALED, 1, 1, 4, out, from, to, rounds);
  else if (words == 1) run(OP_WORDS, 1, 1, 4, out, from, to, rounds);
  else if (words == 2) run(OP_WORDS, 2, 2, 8, out, from, to, rounds);
  else run(OP_WORDS, 4, 4, 16, out, from, to, rounds);
}
