// MT19937 in cuRAND's row layout (src/engines/mt19937.ts): the kernel twists, tempers and converts a
// group of the engine's streams over the rows of a call, exactly as the reference loop mt19937RowsTs
// does. The engine keeps the state model; the caller (src/kernels/wasm-mt19937.ts) copies one group's
// windows, twist counts and the position table in, runs mt19937() over the call's rows of that group,
// copies each row's part of the output out of the scratch area, and the windows and counts back.
//
// Row r of a block reads lane b of every stream at position order[(r mod 78)·8 + b] of its twisted
// window, so four consecutive columns of one stream are a gather of four words (no gather in SIMD128:
// one load per lane); the twist is vectorised four words at a time.

import { inverseCdfNormals } from './inverse-cdf';
import { OP_LOG_NORMAL, OP_NORMAL, OP_UNIFORM, OP_UNIFORM_DOUBLE, OP_WORDS } from './ops';

const MT_N = 624;
const MT_M = 397;
const WINDOW_BYTES: usize = MT_N * 4;
const LANES = 8;
const ROWS_PER_BLOCK = MT_N / LANES;
const MATRIX_A: i32 = 0x9908b0df;
const UPPER: i32 = 0x80000000;
const LOWER: i32 = 0x7fffffff;

/**
 * Streams per group. A row reads a few cache lines of each window, the same ones again over the next
 * rows, so the group's working set stays in cache over the call's rows even where its windows do not
 * all fit; each row's part of the group is one contiguous run of output that the caller copies out
 * with one call, and such a copy out of WebAssembly memory has a fixed cost that long runs amortise
 * (docs/cpu-kernels.md, "MT19937 on WebAssembly").
 */
export const MT_GROUP: i32 = 512;
/** Stream s of the group's 624-word window at s·2496. */
const windows = memory.data(MT_GROUP * MT_N * 4, 16);
/** Twists each window of the group has had (the engine's counts). */
const twists = memory.data(MT_GROUP * 4, 16);
/** The engine's position table: 624 positions, 8 per row of a block. */
const order = memory.data(MT_N * 4, 16);
/** A call's edge: a vector's words and outputs computed aside, the part inside the call copied out. */
const edge = memory.data(32, 16);

export function mtWindowsPointer(): usize {
  return windows;
}

export function mtTwistsPointer(): usize {
  return twists;
}

export function mtOrderPointer(): usize {
  return order;
}

/** One word of the twist from x_i, x_{i+1} and x_{i+397}, four lanes. */
@inline
function twistWord(cur: v128, next: v128, far: v128): v128 {
  const y = v128.or(v128.and(cur, i32x4.splat(UPPER)), v128.and(next, i32x4.splat(LOWER)));
  const odd = i32x4.neg(v128.and(y, i32x4.splat(1)));
  return v128.xor(v128.xor(far, i32x4.shr_u(y, 1)), v128.and(odd, i32x4.splat(MATRIX_A)));
}

@inline
function twistScalar(cur: i32, next: i32, far: i32): i32 {
  const y = (cur & UPPER) | (next & LOWER);
  return far ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
}

/**
 * The classic in-place twist (src/engines/mt19937-core.ts twist), four words at a time: words
 * i < 227 read x_{i+397} before it is replaced, the later ones x_{i−227} after, so each vector's
 * inputs are those of the scalar order.
 */
function twistWindow(mt: usize): void {
  const split = MT_N - MT_M; // 227
  let i = 0;
  for (; i + 4 <= split; i += 4) {
    const p = mt + (<usize>i << 2);
    v128.store(p, twistWord(v128.load(p), v128.load(p, 4), v128.load(p, MT_M * 4)));
  }
  for (; i < split; i++) {
    const p = mt + (<usize>i << 2);
    store<i32>(p, twistScalar(load<i32>(p), load<i32>(p, 4), load<i32>(p, MT_M * 4)));
  }
  // From 227 to 622: 396 words, 99 vectors.
  for (; i + 4 <= MT_N - 1; i += 4) {
    const p = mt + (<usize>i << 2);
    v128.store(p, twistWord(v128.load(p), v128.load(p, 4), v128.load(p - split * 4)));
  }
  const last = mt + (MT_N - 1) * 4;
  store<i32>(last, twistScalar(load<i32>(last), load<i32>(mt), load<i32>(mt, (MT_M - 1) * 4)));
}

/** MT19937's output tempering, four lanes. */
@inline
function temper(x: v128): v128 {
  let y = v128.xor(x, i32x4.shr_u(x, 11));
  y = v128.xor(y, v128.and(i32x4.shl(y, 7), i32x4.splat(0x9d2c5680)));
  y = v128.xor(y, v128.and(i32x4.shl(y, 15), i32x4.splat(<i32>0xefc60000)));
  return v128.xor(y, i32x4.shr_u(y, 18));
}

const TWO_M32: f64 = 2.3283064365386963e-10;
const TWO_M33: f64 = 1.1641532182693481e-10;

/** x·2^-32 + 2^-33 of the two low lanes of w, exact in double (src/distributions/uniform.ts uniformDoubleCentered). */
@inline
function centered2(w: v128): v128 {
  return f64x2.add(f64x2.mul(f64x2.convert_low_i32x4_u(w), f64x2.splat(TWO_M32)), f64x2.splat(TWO_M33));
}

/**
 * Stores the outputs of four tempered words at `at`: the words, MT19937's float uniform (the exact
 * double rounded once to float, not Philox's float arithmetic), or its one-word double.
 */
@inline
function emit(op: i32, at: usize, w: v128): void {
  if (op == OP_UNIFORM) {
    const lo = f32x4.demote_f64x2_zero(centered2(w));
    const hi = f32x4.demote_f64x2_zero(centered2(v128.shuffle<i32>(w, w, 2, 3, 2, 3)));
    v128.store(at, v128.shuffle<i64>(lo, hi, 0, 2));
  } else if (op == OP_UNIFORM_DOUBLE) {
    v128.store(at, centered2(w));
    v128.store(at, centered2(v128.shuffle<i32>(w, w, 2, 3, 2, 3)), 16);
  } else {
    v128.store(at, w);
  }
}

/** Four lanes of one stream's window: the words at byte offsets p0 … p3. */
@inline
function gather4(window: usize, p0: usize, p1: usize, p2: usize, p3: usize): v128 {
  let v = v128.load32_zero(window + p0);
  v = v128.load32_lane(window + p1, v, 1);
  v = v128.load32_lane(window + p2, v, 2);
  return v128.load32_lane(window + p3, v, 3);
}

/** mt19937() for one op, `bytes` bytes per output (both constants at each call below). */
@inline
function run(op: i32, bytes: usize, out: usize, c0: i32, c1: i32, rowInBlock: i32, block: i32, rows: i32): void {
  const first = c0 >>> 3;
  const last = (c1 - 1) >>> 3;
  for (let r = 0; r < rows; r++) {
    // A stream is twisted where the call first reaches it in a block, to that block's count.
    const twisted = block + 1;
    for (let s = first; s <= last; s++) {
      const count = twists + (<usize>s << 2);
      let t = load<i32>(count);
      if (t >= twisted) continue;
      for (; t < twisted; t++) twistWindow(windows + <usize>s * WINDOW_BYTES);
      store<i32>(count, twisted);
    }
    // The row's eight positions, as byte offsets into a window.
    const lanes = order + ((<usize>rowInBlock * LANES) << 2);
    const p0 = <usize>load<i32>(lanes) << 2;
    const p1 = <usize>load<i32>(lanes, 4) << 2;
    const p2 = <usize>load<i32>(lanes, 8) << 2;
    const p3 = <usize>load<i32>(lanes, 12) << 2;
    const p4 = <usize>load<i32>(lanes, 16) << 2;
    const p5 = <usize>load<i32>(lanes, 20) << 2;
    const p6 = <usize>load<i32>(lanes, 24) << 2;
    const p7 = <usize>load<i32>(lanes, 28) << 2;
    let c = c0;
    while (c < c1) {
      let window = windows + <usize>(c >>> 3) * WINDOW_BYTES;
      if ((c & 7) == 0 && c + LANES <= c1) {
        // Whole streams: eight columns, two gathers.
        do {
          emit(op, out, temper(gather4(window, p0, p1, p2, p3)));
          emit(op, out + 4 * bytes, temper(gather4(window, p4, p5, p6, p7)));
          out += LANES * bytes;
          window += WINDOW_BYTES;
          c += LANES;
        } while (c + LANES <= c1);
        continue;
      }
      // The call's edge: lanes up to the next vector boundary, computed as a vector aside.
      const stop = min(c1, (c | 3) + 1);
      for (let l = c; l < stop; l++) {
        const p = <usize>load<i32>(lanes + (<usize>(l & 7) << 2)) << 2;
        store<i32>(edge + (<usize>(l & 3) << 2), load<i32>(window + p));
      }
      emit(op, edge, temper(v128.load(edge)));
      const size = <usize>(stop - c) * bytes;
      memory.copy(out, edge + <usize>(c & 3) * bytes, size);
      out += size;
      c = stop;
    }
    if (++rowInBlock == ROWS_PER_BLOCK) {
      rowInBlock = 0;
      block++;
    }
  }
}

/**
 * Writes op's outputs of `rows` consecutive rows from row `rowInBlock` of block `block` (both the
 * engine's: the row is block·78 + rowInBlock), each taking the group's columns [c0, c1) (column c:
 * stream c >>> 3 of the group, lane c & 7; 0 <= c0 < c1 <= 8·MT_GROUP), twisting the windows in
 * place where the row's block needs it. Row i's outputs go to out + i·(c1 − c0)·(bytes per output).
 * The float normals and log-normals ((a, b) = (mean, stddev)) are the inverse-CDF transforms of the
 * rows' words, in place.
 */
export function mt19937(op: i32, out: usize, c0: i32, c1: i32, rowInBlock: i32, block: i32, rows: i32, a: f64, b: f64): void {
  if (op == OP_NORMAL || op == OP_LOG_NORMAL) {
    run(OP_WORDS, 4, out, c0, c1, rowInBlock, block, rows);
    inverseCdfNormals(out, rows * (c1 - c0), <f32>a, <f32>b, op == OP_LOG_NORMAL);
  } else if (op == OP_UNIFORM) run(OP_UNIFORM, 4, out, c0, c1, rowInBlock, block, rows);
  else if (op == OP_UNIFORM_DOUBLE) run(OP_UNIFORM_DOUBLE, 8, out, c0, c1, rowInBlock, block, rows);
  else run(OP_WORDS, 4, out, c0, c1, rowInBlock, block, rows);
}
