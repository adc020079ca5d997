import type { EngineState } from '../state.js';
import type { Ordering } from '../types.js';

/**
 * A bit generator in cuRAND's host layout: raw 32-bit words, seed, position and state.
 * Nothing here knows about floats, distributions or devices.
 *
 * An element is one output value of a generate call. cuRAND's engines differ in how many words an
 * element takes and in how elements are laid out over subsequences; the `fill` contract below is
 * general enough for all of them (Philox's slot model needs `width` and `pairAligned`; MTGP32 and
 * MT19937 always use width 1 and no pairs; on XORWOW's and MRG32k3a's slot-cursor model
 * (slot-cursor.ts) `pairAligned` means two elements per slot — a Box–Muller pair, n even — and a
 * slot takes width·(pairAligned ? 2 : 1) words of its thread).
 */
export interface Engine {
  /**
   * Writes the raw words of the next `n` elements into `out` (from index 0) and advances the
   * position by `n` elements of `width` words.
   *
   * With `pairAligned`, the words written cover the Box–Muller pairs that the n elements belong
   * to: if the first element is the second half of a pair, the words of its partner come first
   * (the return value is then 1, else 0), and if the last element is the first half of a pair the
   * partner's words are appended. `out` must hold `width * (n + 2)` words in that case, `width * n`
   * otherwise. Only the n elements themselves count towards the position.
   */
  fill(out: Uint32Array, n: number, width: 1 | 2, pairAligned: boolean): number;

  /** Restarts the stream for `seed`, positioned at element `offset`. */
  reset(seed: bigint, offset: bigint, ordering: Ordering): void;

  /** A JSON-serialisable snapshot of the whole state (see state.ts for the envelope). */
  getState(): EngineState;

  /** Restores a snapshot produced by getState of the same engine kind; throws TypeError/RangeError if malformed. */
  setState(state: EngineState): void;

  /**
   * True if the state is exactly what `reset(seed, position, ordering)` would produce, i.e.
   * cuRAND's own API (seed + curandSetGeneratorOffset) can reach it.
   */
  isCanonical(): boolean;

  /** Elements generated since the start of the stream, counting the initial offset. */
  readonly position: bigint;
}

/** Engine-specific JSON fields; the envelope in state.ts adds format, version, algorithm, ordering, seed. */
export type { EngineState };

/** Engines that reach any position without generating what precedes it (Philox). */
export interface CounterBasedEngine extends Engine {
  /** Moves past n elements of `width` words as fill() would, in O(1). */
  advance(n: number | bigint, width: 1 | 2): void;
}

export function isCounterBased(engine: Engine): engine is CounterBasedEngine {
  return typeof (engine as Partial<CounterBasedEngine>).advance === 'function';
}

/**
 * Computes Philox's whole slots: threads t … t+count−1 at one base counter, `width` words per
 * element (4·width words a slot), into out[at …], with key (k0, k1). The strategy a Philox engine is
 * given for its raw words (PhiloxEngine's constructor): the TypeScript blocks by default, a kernel
 * (src/kernels/) where the backend has one; the engine decides which slots and counters, the writer
 * only computes them.
 */
export type PhiloxSlotWriter = (out: Uint32Array, at: number, t: number, count: number, counter: number, width: 1 | 2, key: readonly [number, number]) => void;

/**
 * Runs planned MTGP32 chunks [block, out index, words]… in order on the engine's rings (block b's
 * 1024-word ring at rings[b·1024 …], its ring index idx[b], moved on), writing the tempered words to
 * out: the strategy an MTGP32 engine is given for its raw words (the TypeScript recursion by default).
 */
export type Mtgp32ChunkRunner = (out: Uint32Array, chunks: Float64Array, rings: Int32Array, idx: Int32Array) => void;

/**
 * Engines that lay out whole slots of a round as runs a kernel can compute (Philox): what a backend
 * needs to compute a call's distribution whole, in one pass, while the engine keeps the state.
 */
export interface SlotRunsEngine extends CounterBasedEngine {
  /** The key (k0, k1). */
  readonly key: readonly [number, number];
  /** The cursor's element position within the current round. */
  readonly roundPosition: number;
  /** The runs [j, t, count, base]… of the next `slots` whole slots from slot `first` of the round (at most one round). */
  slotRuns(first: number, slots: number): Float64Array;
  /** Float uniforms of whole slots straight from the blocks (the reference's fused path). */
  uniformSlots(out: Float32Array, at: number, runs: Float64Array, slots: number): void;
}

export function hasSlotRuns(engine: Engine): engine is SlotRunsEngine {
  return typeof (engine as Partial<SlotRunsEngine>).slotRuns === 'function';
}

/**
 * Engines whose words come from planned chunks (MTGP32): a backend can plan a call and have the
 * chunks run by something that computes the distribution whole (a kernel) on the engine's rings.
 */
export interface PlannedChunksEngine extends Engine {
  /**
   * Plans the next n words (moving the position past them) and calls run(chunks, rings, idx) at once
   * with the plan and the engine's own rings and ring indices, which `run` must bring on through every
   * chunk, in order, before anything else touches the engine.
   */
  runPlanned<R>(n: number, run: (chunks: Float64Array, rings: Int32Array, idx: Int32Array) => R): R;
}

export function hasPlannedChunks(engine: Engine): engine is PlannedChunksEngine {
  return typeof (engine as Partial<PlannedChunksEngine>).runPlanned === 'function';
}

/**
 * The thread states of an engine on the slot model, 6 values per thread in its own array: XORWOW's
 * uint32 words in an Int32Array, MRG32k3a's exact integers in a Float64Array.
 */
export type ThreadStates = Int32Array | Float64Array;

/**
 * Writes `slots` slots of `words` raw words each into out[0 …], slot g made by thread (first + g) mod
 * T from its state in `states`, which it moves on: the strategy a slot-model engine is given for the
 * raw words of large calls (a kernel's ThreadSlots, src/kernels/kernel.ts), with the bits of its own
 * writeThread.
 */
export type ThreadSlotWriter = (out: Uint32Array, states: ThreadStates, first: number, slots: number, words: number) => void;

/**
 * Engines on the slot model whose threads' states a kernel can run in place (XORWOW, MRG32k3a): a
 * backend can have a call's slots computed whole, the transform included.
 */
export interface SlotStatesEngine extends Engine {
  /**
   * Runs a call of n elements of `width` words (pairAligned: Box–Muller pairs, two elements per slot,
   * n even): calls run(states, first, slots, words) at once with the engine's thread states, every
   * thread the call uses set to its position, and `run` must move thread (first + g) mod T past slot
   * g's `words` words for every g < slots; then moves the position past the call. A RangeError (odd
   * n with pairAligned) comes before `run` and changes nothing.
   */
  runSlots<R>(n: number, width: 1 | 2, pairAligned: boolean, run: (states: ThreadStates, first: number, slots: number, words: number) => R): R;
}

export function hasSlotStates(engine: Engine): engine is SlotStatesEngine {
  return typeof (engine as Partial<SlotStatesEngine>).runSlots === 'function';
}

/**
 * One MT19937 call's words as its engine hands them to whoever computes them (Mt19937Engine.runRows):
 * words [position, position + n) of cuRAND's row layout, on the 8192 streams' 624-word windows
 * (`states`, stream k at k·624) with their twist counts (`twists`, moved on in place; every stream the
 * call touches is set up, twists >= 0), and the layout's window position of each row-in-block and lane
 * (`order`, 78·8 entries).
 */
export interface StreamRows {
  readonly states: Int32Array;
  readonly twists: Int32Array;
  readonly order: Int32Array;
  readonly position: number;
  readonly n: number;
}

/**
 * Computes a call's tempered words into out[0 …] (mt19937RowsTs by default, a kernel where the backend
 * has one): the strategy an MT19937 engine is given for its raw words.
 */
export type StreamRowsWriter = (out: Uint32Array, rows: StreamRows) => void;

/**
 * Engines whose streams a kernel can run in place (MT19937): a backend can have a call's words computed
 * whole, the transform included.
 */
export interface StreamRowsEngine extends Engine {
  /**
   * Sets up and takes every stream a call of n words needs, calls run(rows) at once, which must compute
   * all n words (moving the streams on), then moves the position past them. A RangeError (n out of
   * range) comes before `run` and changes nothing.
   */
  runRows<R>(n: number, run: (rows: StreamRows) => R): R;
}

export function hasStreamRows(engine: Engine): engine is StreamRowsEngine {
  return typeof (engine as Partial<StreamRowsEngine>).runRows === 'function';
}

/** Engines whose Poisson normals go through a one-value cache per thread (XORWOW, MRG32k3a; slot-cursor.ts). */
export interface CachedPairsEngine extends Engine {
  /** n elements, 3 words each: a Box–Muller pair's two words and 0 (its sin half) or 1 (its cos half). */
  fillCachedPairs(out: Uint32Array, n: number): void;
}

export function hasCachedPairs(engine: Engine): engine is CachedPairsEngine {
  return typeof (engine as Partial<CachedPairsEngine>).fillCachedPairs === 'function';
}

/** Engines with a long set-up that runs lazily and can run in slices (MT19937's stream jumps). */
export interface StagedSetupEngine extends Engine {
  /** Set-up steps still needed before fill(n) can run: 0 when ready; n = Infinity asks for the whole set-up. */
  setupNeeded(n: number): number;
  /** Runs up to `steps` of them; returns how many ran. */
  runSetup(steps: number): number;
}

export function hasStagedSetup(engine: Engine): engine is StagedSetupEngine {
  return typeof (engine as Partial<StagedSetupEngine>).runSetup === 'function';
}
