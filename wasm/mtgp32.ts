// MTGP32 on cuRAND's host layout (src/engines/mtgp32.ts keeps the state model: which block makes
// which chunk of the output, when a block is seeded or rebuilt). This runs a call's planned chunks
// on copies of the engine's rings, exactly as the engine's step() does, sixteen consecutive steps of
// a block at a time (four vectors). The caller copies the rings and ring indices of the blocks a call uses into
// `rings` and `ringIdx`, the chunks into `chunkList`, runs mtgp32() over batches that fit the output
// scratch area, and copies the rings and indices back (src/kernels/wasm-mtgp32.ts).
//
// Why sixteen consecutive steps at once are exact: step i reads ring[i], ring[i+1], ring[i+pos−1],
// ring[i+pos] and writes ring[i+351]; with pos <= 93 in every parameter set, a value written is read
// no sooner than 351 − 93 = 258 steps later (MTGP's own GPU kernel relies on the same for its 256
// threads per block).

import { inverseCdfNormals } from './inverse-cdf';
import { OP_LOG_NORMAL, OP_NORMAL, OP_UNIFORM, OP_UNIFORM_DOUBLE, OP_WORDS } from './ops';
import { uniform4 } from './uniform';

/** Parameter sets (src/engines/mtgp32-params.ts): one per block, and more than any layout uses. */
export const MTGP32_SETS: i32 = 200;
/** Chunks one mtgp32() call runs at most. */
export const MTGP32_MAX_CHUNKS: i32 = 4096;
const RING: i32 = 1024;
const RING_MASK: i32 = RING - 1;
/** Live state words per block. */
const N: i32 = 351;
/** Words per parameter set: pos, sh1, sh2, tbl[16], tmp_tbl[16]; tbl at byte 12, tmp_tbl at 76. */
const STRIDE: i32 = 35;

/** The caller's copy of MTGP32_PARAMS. */
const params = memory.data(MTGP32_SETS * STRIDE * 4, 16);
/**
 * Per set, tbl and tmp_tbl as byte planes for i8x16.swizzle: plane k (k = 0 … 3) holds byte k of
 * each of the 16 entries; tbl's four planes at 128·set, tmp_tbl's at 128·set + 64.
 */
const planes = memory.data(MTGP32_SETS * 128, 16);
/** Block b's ring at 4096·b (1024 words, indices mod 1024 as in the engine). */
const rings = memory.data(MTGP32_SETS * RING * 4, 16);
/** Block b's ring index at 4·b. */
const ringIdx = memory.data(MTGP32_SETS * 4, 16);
/** Chunk c as (block, output element relative to the batch, words) at 12·c. */
const chunkList = memory.data(MTGP32_MAX_CHUNKS * 12, 16);
/** The recursion's mask, the same in every set. */
let stateMask: u32 = 0;

export function mtgp32ParamsPointer(): usize {
  return params;
}

export function mtgp32RingsPointer(): usize {
  return rings;
}

export function mtgp32IdxPointer(): usize {
  return ringIdx;
}

export function mtgp32ChunksPointer(): usize {
  return chunkList;
}

/** Takes the mask and builds every set's byte planes from the parameters the caller copied in. */
export function mtgp32Setup(mask: u32): void {
  stateMask = mask;
  for (let s = 0; s < MTGP32_SETS; s++) {
    const p = params + <usize>(s * STRIDE) * 4;
    const q = planes + <usize>s * 128;
    for (let k = 0; k < 4; k++) {
      for (let j = 0; j < 16; j++) {
        store<u8>(q + <usize>(16 * k + j), <u8>(load<u32>(p + <usize>(12 + 4 * j)) >> (8 * k)));
        store<u8>(q + <usize>(64 + 16 * k + j), <u8>(load<u32>(p + <usize>(76 + 4 * j)) >> (8 * k)));
      }
    }
  }
}

/**
 * The four lanes' table entries tbl[i] for indices i in [0, 16) (one per i32 lane), from the table's
 * byte planes at q: lane index i·0x01010101 with 0x80 or-ed into every byte but byte k picks plane
 * k's byte i into byte k and zero elsewhere (swizzle gives 0 for indices of 16 and more).
 */
@inline
function lookup(q: usize, i: v128): v128 {
  const s = i32x4.mul(i, i32x4.splat(0x01010101));
  const b0 = i8x16.swizzle(v128.load(q), v128.or(s, i32x4.splat(0x80808000)));
  const b1 = i8x16.swizzle(v128.load(q, 16), v128.or(s, i32x4.splat(0x80800080)));
  const b2 = i8x16.swizzle(v128.load(q, 32), v128.or(s, i32x4.splat(0x80008080)));
  const b3 = i8x16.swizzle(v128.load(q, 48), v128.or(s, i32x4.splat(0x00808080)));
  return v128.or(v128.or(b0, b1), v128.or(b2, b3));
}

/**
 * Four steps' y (the recursion before its table) from the ring words at a0 (step i), a1 (i + 1), ap
 * (i + pos); x << sh1 as x · 2^sh1 (mul1): V8 turns a shift by a variable count into several instructions.
 */
@inline
function recursion(a0: usize, a1: usize, ap: usize, mask: v128, mul1: v128, sh2: i32): v128 {
  let x = v128.xor(v128.and(v128.load(a0), mask), v128.load(a1));
  x = v128.xor(x, i32x4.mul(x, mul1));
  return v128.xor(x, i32x4.shr_u(v128.load(ap), sh2));
}

/** Four steps' tempering value, whose low 4 bits index tmp_tbl, from the ring words at am (i + pos − 1). */
@inline
function tempering(am: usize): v128 {
  let t = v128.load(am);
  t = v128.xor(t, i32x4.shr_u(t, 16));
  return v128.xor(t, i32x4.shr_u(t, 8));
}

/** The low 4 bits of sixteen lanes (four vectors) as sixteen bytes, in order: one swizzle looks them all up. */
@inline
function pack(a: v128, b: v128, c: v128, d: v128): v128 {
  const f = i32x4.splat(15);
  return i8x16.narrow_i16x8_u(i16x8.narrow_i32x4_u(v128.and(a, f), v128.and(b, f)), i16x8.narrow_i32x4_u(v128.and(c, f), v128.and(d, f)));
}

const TWO_M32: f64 = 2.3283064365386963e-10; // 2^-32
const TWO_M33: f64 = 1.1641532182693481e-10; // 2^-33

/**
 * Four outputs of `op` at dst from four tempered words: raw, the float uniform (uniform4), or the
 * one-word double x·2^-32 + 2^-32 (src/distributions/uniform.ts uniformDouble32; exact in double).
 */
@inline
function emit4(op: i32, dst: usize, w: v128): void {
  if (op == OP_UNIFORM) {
    v128.store(dst, uniform4(w));
  } else if (op == OP_UNIFORM_DOUBLE) {
    const scale = f64x2.splat(TWO_M32);
    v128.store(dst, f64x2.add(f64x2.mul(f64x2.convert_low_i32x4_u(w), scale), scale));
    v128.store(dst, f64x2.add(f64x2.mul(f64x2.convert_low_i32x4_u(v128.shuffle<i32>(w, w, 2, 3, 2, 3)), scale), scale), 16);
  } else {
    v128.store(dst, w);
  }
}

/** One output of `op` at dst (emit4 for one word). */
@inline
function emit1(op: i32, dst: usize, w: u32): void {
  if (op == OP_UNIFORM) store<f32>(dst, <f32>(<f64><f32>w * TWO_M32 + TWO_M33));
  else if (op == OP_UNIFORM_DOUBLE) store<f64>(dst, <f64>w * TWO_M32 + TWO_M32);
  else store<u32>(dst, w);
}

/**
 * `take` steps of the block with parameter set `set` on its ring from ring index `i`, outputs of
 * `op` (`bytes` each) from dst; returns the new ring index. Vectors run while none of their five
 * accesses wraps around the ring, single steps where one would.
 */
@inline
function chunk(op: i32, bytes: usize, set: i32, i: i32, take: i32, dst: usize): i32 {
  const p = params + <usize>(set * STRIDE) * 4;
  const pos = load<i32>(p);
  const sh1 = load<i32>(p, 4);
  const sh2 = load<i32>(p, 8);
  const tbl = planes + <usize>set * 128;
  const tmp = tbl + 64;
  const ring = rings + (<usize>set << 12);
  const mask = stateMask;
  const maskV = i32x4.splat(mask);
  const fifteen = i32x4.splat(15);
  const mul1 = i32x4.splat(1 << sh1);
  while (take > 0) {
    // Words before the first access that would wrap (the window of each is 4 words).
    let room = min(take, RING - (i & RING_MASK));
    room = min(room, RING - ((i + 1) & RING_MASK));
    room = min(room, RING - ((i + pos - 1) & RING_MASK));
    room = min(room, RING - ((i + pos) & RING_MASK));
    room = min(room, RING - ((i + N) & RING_MASK));
    const vectors = room >> 2;
    if (vectors == 0) {
      let x = (load<u32>(ring + (<usize>(i & RING_MASK) << 2)) & mask) ^ load<u32>(ring + (<usize>((i + 1) & RING_MASK) << 2));
      x ^= x << sh1;
      const y = x ^ (load<u32>(ring + (<usize>((i + pos) & RING_MASK) << 2)) >>> sh2);
      const r = y ^ load<u32>(p + 12 + (<usize>(y & 15) << 2));
      store<u32>(ring + (<usize>((i + N) & RING_MASK) << 2), r);
      let t = load<u32>(ring + (<usize>((i + pos - 1) & RING_MASK) << 2));
      t ^= t >>> 16;
      t ^= t >>> 8;
      emit1(op, dst, r ^ load<u32>(p + 76 + (<usize>(t & 15) << 2)));
      dst += bytes;
      i = (i + 1) & RING_MASK;
      take--;
      continue;
    }
    let a0 = ring + (<usize>(i & RING_MASK) << 2);
    let a1 = ring + (<usize>((i + 1) & RING_MASK) << 2);
    let am = ring + (<usize>((i + pos - 1) & RING_MASK) << 2);
    let ap = ring + (<usize>((i + pos) & RING_MASK) << 2);
    let an = ring + (<usize>((i + N) & RING_MASK) << 2);
    let v = 0;
    // Sixteen steps at a time: their 16 table indices packed into one vector, each table byte plane
    // looked up for all of them with one swizzle, the bytes interleaved back into words.
    for (; v + 4 <= vectors; v += 4) {
      const y0 = recursion(a0, a1, ap, maskV, mul1, sh2);
      const y1 = recursion(a0 + 16, a1 + 16, ap + 16, maskV, mul1, sh2);
      const y2 = recursion(a0 + 32, a1 + 32, ap + 32, maskV, mul1, sh2);
      const y3 = recursion(a0 + 48, a1 + 48, ap + 48, maskV, mul1, sh2);
      let k = pack(y0, y1, y2, y3);
      let p0 = i8x16.swizzle(v128.load(tbl), k);
      let p1 = i8x16.swizzle(v128.load(tbl, 16), k);
      let p2 = i8x16.swizzle(v128.load(tbl, 32), k);
      let p3 = i8x16.swizzle(v128.load(tbl, 48), k);
      let l01 = i8x16.shuffle(p0, p1, 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
      let h01 = i8x16.shuffle(p0, p1, 8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);
      let l23 = i8x16.shuffle(p2, p3, 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
      let h23 = i8x16.shuffle(p2, p3, 8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);
      const r0 = v128.xor(y0, i16x8.shuffle(l01, l23, 0, 8, 1, 9, 2, 10, 3, 11));
      const r1 = v128.xor(y1, i16x8.shuffle(l01, l23, 4, 12, 5, 13, 6, 14, 7, 15));
      const r2 = v128.xor(y2, i16x8.shuffle(h01, h23, 0, 8, 1, 9, 2, 10, 3, 11));
      const r3 = v128.xor(y3, i16x8.shuffle(h01, h23, 4, 12, 5, 13, 6, 14, 7, 15));
      v128.store(an, r0);
      v128.store(an, r1, 16);
      v128.store(an, r2, 32);
      v128.store(an, r3, 48);
      k = pack(tempering(am), tempering(am + 16), tempering(am + 32), tempering(am + 48));
      p0 = i8x16.swizzle(v128.load(tmp), k);
      p1 = i8x16.swizzle(v128.load(tmp, 16), k);
      p2 = i8x16.swizzle(v128.load(tmp, 32), k);
      p3 = i8x16.swizzle(v128.load(tmp, 48), k);
      l01 = i8x16.shuffle(p0, p1, 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
      h01 = i8x16.shuffle(p0, p1, 8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);
      l23 = i8x16.shuffle(p2, p3, 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
      h23 = i8x16.shuffle(p2, p3, 8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);
      emit4(op, dst, v128.xor(r0, i16x8.shuffle(l01, l23, 0, 8, 1, 9, 2, 10, 3, 11)));
      emit4(op, dst + (bytes << 2), v128.xor(r1, i16x8.shuffle(l01, l23, 4, 12, 5, 13, 6, 14, 7, 15)));
      emit4(op, dst + (bytes << 3), v128.xor(r2, i16x8.shuffle(h01, h23, 0, 8, 1, 9, 2, 10, 3, 11)));
      emit4(op, dst + 12 * bytes, v128.xor(r3, i16x8.shuffle(h01, h23, 4, 12, 5, 13, 6, 14, 7, 15)));
      dst += bytes << 4;
      a0 += 64;
      a1 += 64;
      am += 64;
      ap += 64;
      an += 64;
    }
    for (; v < vectors; v++) {
      const y = recursion(a0, a1, ap, maskV, mul1, sh2);
      const r = v128.xor(y, lookup(tbl, v128.and(y, fifteen)));
      v128.store(an, r);
      emit4(op, dst, v128.xor(r, lookup(tmp, v128.and(tempering(am), fifteen))));
      dst += bytes << 2;
      a0 += 16;
      a1 += 16;
      am += 16;
      ap += 16;
      an += 16;
    }
    i = (i + (vectors << 2)) & RING_MASK;
    take -= vectors << 2;
  }
  return i;
}

/** mtgp32() for one op (constant once inlined, so that each caller below gets its own loops). */
@inline
function run(op: i32, bytes: usize, out: usize, chunks: i32): void {
  for (let c = 0; c < chunks; c++) {
    const e = chunkList + <usize>c * 12;
    const block = load<i32>(e);
    const at = <usize>load<i32>(e, 4);
    const words = load<i32>(e, 8);
    const idx = ringIdx + (<usize>block << 2);
    // Block b runs parameter set b (cuRAND's host generator).
    store<i32>(idx, chunk(op, bytes, block, load<i32>(idx), words, out + at * bytes));
  }
}

// One function per op: with the three loops inside one function, the optimiser merges them into
// one loop that tests the op on every vector.
function runWords(out: usize, chunks: i32): void {
  run(OP_WORDS, 4, out, chunks);
}

function runUniform(out: usize, chunks: i32): void {
  run(OP_UNIFORM, 4, out, chunks);
}

function runUniformDouble(out: usize, chunks: i32): void {
  run(OP_UNIFORM_DOUBLE, 8, out, chunks);
}

/**
 * Runs the first `chunks` chunks of chunkList in order (block b on its ring with parameter set b, from
 * its ring index, moved on), outputs of op (OP_WORDS, OP_UNIFORM, OP_UNIFORM_DOUBLE, and the float
 * normals and log-normals with (a, b) = (mean, stddev)) from `out`, each chunk's at its output
 * element; the chunks cover out's first n elements.
 */
export function mtgp32(op: i32, out: usize, chunks: i32, n: i32, a: f64, b: f64): void {
  if (op == OP_NORMAL || op == OP_LOG_NORMAL) {
    runWords(out, chunks);
    inverseCdfNormals(out, n, <f32>a, <f32>b, op == OP_LOG_NORMAL);
  } else if (op == OP_UNIFORM) runUniform(out, chunks);
  else if (op == OP_UNIFORM_DOUBLE) runUniformDouble(out, chunks);
  else runWords(out, chunks);
}
