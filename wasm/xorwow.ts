// XORWOW on cuRAND's slot model (src/engines/xorwow.ts, slot-engine.ts): the threads side by side,
// four to a vector, each its xorshift words v0 … v4 and Weyl counter d, stepped exactly as the
// engine's writeThread() does; the outputs are Philox's transforms of the words (XORWOW shares them:
// docs/spec/curand-more-generators.md §1.6). The caller copies the call's thread states into
// `threadStates` (lane order: lane i is thread (first + i) mod T), runs xorwow() over chunks of whole
// rounds, and copies the states back (src/kernels/wasm-xorwow.ts).

import { store4 } from './lanes';
import { floatPairs, PAIRS_BITS } from './box-muller';
import { OP_LOG_NORMAL, OP_NORMAL, OP_UNIFORM, OP_UNIFORM_DOUBLE, OP_WORDS } from './ops';
import { uniform4, uniformDouble2 } from './uniform';

/** The most threads a call runs (XORWOW has 4096); a multiple of 4. */
export const MAX_THREADS: i32 = 4096;
const STATE_WORDS = 6;
/** The caller's layout: lane i's v0 … v4, d at 24·i. */
const threadStates = memory.data(MAX_THREADS * STATE_WORDS * 4, 16);
/** The kernel's: word k of lane i at 4·(k·MAX_THREADS + i), so that four lanes load as one vector. */
const laneStates = memory.data(MAX_THREADS * STATE_WORDS * 4, 16);
const ROW: usize = MAX_THREADS * 4;
/**
 * Rounds a group of four lanes runs with its state in registers before the next group takes over:
 * enough to pay for the state's loads and stores, few enough for the rounds' outputs (strided by a
 * round) to stay in cache meanwhile (native/kernels/thread_slots_impl.h does the same).
 */
const GROUP_ROUNDS = 16;
const WEYL: i32 = 362437;

export function threadStatesPointer(): usize {
  return threadStates;
}

/** Lanes [0, lanes) from the caller's layout to the kernel's. */
export function loadThreads(lanes: i32): void {
  for (let i = 0; i < lanes; i++) {
    for (let k = 0; k < STATE_WORDS; k++) store<i32>(laneStates + ((<usize>k * MAX_THREADS + i) << 2), load<i32>(threadStates + ((<usize>i * STATE_WORDS + k) << 2)));
  }
}

/** Lanes [0, lanes) back to the caller's layout. */
export function saveThreads(lanes: i32): void {
  for (let i = 0; i < lanes; i++) {
    for (let k = 0; k < STATE_WORDS; k++) store<i32>(threadStates + ((<usize>i * STATE_WORDS + k) << 2), load<i32>(laneStates + ((<usize>k * MAX_THREADS + i) << 2)));
  }
}

/** The xorshift part's next v4 from v4 and v0 (Marsaglia's xorwow). */
@inline
function nextV4(v4: v128, v0: v128): v128 {
  const x = v128.xor(v0, i32x4.shr_u(v0, 2));
  return v128.xor(v128.xor(v4, i32x4.shl(v4, 4)), v128.xor(x, i32x4.shl(x, 1)));
}

/**
 * Stores four lanes' slots from their words w0 … w3 (w_k: word k of every lane's slot), lane i's at
 * at + i·(the slot's bytes): `words` raw words, or one uniform of w0, or one uniformDouble of (w0, w1).
 */
@inline
function emit(op: i32, words: i32, at: usize, w0: v128, w1: v128, w2: v128, w3: v128): void {
  if (op == OP_UNIFORM) {
    v128.store(at, uniform4(w0));
  } else if (op == OP_UNIFORM_DOUBLE) {
    v128.store(at, uniformDouble2(v128.shuffle<i32>(w0, w1, 0, 4, 1, 5)));
    v128.store(at, uniformDouble2(v128.shuffle<i32>(w0, w1, 2, 6, 3, 7)), 16);
  } else if (words == 1) {
    v128.store(at, w0);
  } else if (words == 2) {
    v128.store(at, v128.shuffle<i32>(w0, w1, 0, 4, 1, 5));
    v128.store(at, v128.shuffle<i32>(w0, w1, 2, 6, 3, 7), 16);
  } else {
    store4(at, 16, w0, w1, w2, w3);
  }
}

/**
 * xorwow() for one op and words per slot (constants once inlined, so that each caller below gets its
 * own loop): `steps` words per slot, `bytes` bytes of output per slot.
 */
@inline
function run(op: i32, words: i32, steps: i32, bytes: usize, out: usize, threads: i32, slots: i32): void {
  const rounds = slots / threads;
  const rest = slots % threads; // lanes j < rest run one round more
  const lanes = min(slots, threads);
  const roundBytes = <usize>threads * bytes;
  const weyl = i32x4.splat(WEYL);
  // Blocks of GROUP_ROUNDS rounds over every lane, then the last, partial round over lanes < rest.
  for (let r0 = 0; ; ) {
    const partial = r0 >= rounds;
    if (partial && rest == 0) break;
    const r1 = partial ? rounds + 1 : min(rounds, r0 + GROUP_ROUNDS);
    const end = partial ? rest : lanes;
    for (let i = 0; i < end; i += 4) {
      const p = laneStates + (<usize>i << 2);
      let v0 = v128.load(p);
      let v1 = v128.load(p, ROW);
      let v2 = v128.load(p, 2 * ROW);
      let v3 = v128.load(p, 3 * ROW);
      let v4 = v128.load(p, 4 * ROW);
      let d = v128.load(p, 5 * ROW);
      let at = out + (<usize>r0 * threads + i) * bytes;
      for (let r = r0; r < r1; r++, at += roundBytes) {
        // Each step: v moves on, d += 362437, the word is v4 + d (writeThread).
        let t = nextV4(v4, v0);
        v0 = v1;
        v1 = v2;
        v2 = v3;
        v3 = v4;
        v4 = t;
        d = i32x4.add(d, weyl);
        const w0 = i32x4.add(v4, d);
        let w1 = w0;
        let w2 = w0;
        let w3 = w0;
        if (steps > 1) {
          t = nextV4(v4, v0);
          v0 = v1;
          v1 = v2;
          v2 = v3;
          v3 = v4;
          v4 = t;
          d = i32x4.add(d, weyl);
          w1 = i32x4.add(v4, d);
        }
        if (steps > 2) {
          t = nextV4(v4, v0);
          v0 = v1;
          v1 = v2;
          v2 = v3;
          v3 = v4;
          v4 = t;
          d = i32x4.add(d, weyl);
          w2 = i32x4.add(v4, d);
          t = nextV4(v4, v0);
          v0 = v1;
          v1 = v2;
          v2 = v3;
          v3 = v4;
          v4 = t;
          d = i32x4.add(d, weyl);
          w3 = i32x4.add(v4, d);
        }
        emit(op, words, at, w0, w1, w2, w3);
      }
      if (partial && end - i < 4) {
        // The group the partial round ends inside: its outputs past `rest` fall in the round's
        // unused part of the output; its lanes past `rest` keep their states.
        const keep = i32x4.lt_s(i32x4(0, 1, 2, 3), i32x4.splat(end - i));
        v0 = v128.bitselect(v0, v128.load(p), keep);
        v1 = v128.bitselect(v1, v128.load(p, ROW), keep);
        v2 = v128.bitselect(v2, v128.load(p, 2 * ROW), keep);
        v3 = v128.bitselect(v3, v128.load(p, 3 * ROW), keep);
        v4 = v128.bitselect(v4, v128.load(p, 4 * ROW), keep);
        d = v128.bitselect(d, v128.load(p, 5 * ROW), keep);
      }
      v128.store(p, v0);
      v128.store(p, v1, ROW);
      v128.store(p, v2, 2 * ROW);
      v128.store(p, v3, 3 * ROW);
      v128.store(p, v4, 4 * ROW);
      v128.store(p, d, 5 * ROW);
    }
    if (partial) break;
    r0 = r1;
  }
}

/**
 * Runs `slots` slots of op `op` (`words` raw words each for OP_WORDS: 1, 2 or 4) on the loaded lanes
 * (loadThreads) of a call on `threads` threads (a multiple of 4, at most MAX_THREADS), starting at a
 * round's start: slot g is lane g mod threads's next; its outputs at out + g·(the slot's bytes), the
 * partial round's last group computed whole (its outputs stay inside the round). The float normals
 * ((a, b) = (mean, stddev)) are the Box–Muller pairs of each slot's two words, transformed in place.
 */
export function xorwow(op: i32, out: usize, threads: i32, slots: i32, words: i32, a: f64, b: f64): void {
  if (op == OP_NORMAL || op == OP_LOG_NORMAL) {
    run(OP_WORDS, 2, 2, 8, out, threads, slots);
    floatPairs(out, slots, PAIRS_BITS, <f32>a, <f32>b, op == OP_LOG_NORMAL);
  } else if (op == OP_UNIFORM) run(OP_UNIFORM, 1, 1, 4, out, threads, slots);
  else if (op == OP_UNIFORM_DOUBLE) run(OP_UNIFORM_DOUBLE, 2, 2, 8, out, threads, slots);
  else if (words == 1) run(OP_WORDS, 1, 1, 4, out, threads, slots);
  else if (words == 2) run(OP_WORDS, 2, 2, 8, out, threads, slots);
  else run(OP_WORDS, 4, 4, 16, out, threads, slots);
}
