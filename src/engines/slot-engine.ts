/**
 * The CPU engines on the slot model (XORWOW, MRG32k3a): the bookkeeping of slot-cursor.ts plus every
 * thread's live generator state.
 */
import type { Ordering } from '../types.js';
import type { CachedPairsEngine, EngineState, SlotStatesEngine, ThreadSlotWriter, ThreadStates } from './engine.js';
import { SlotCursor, type SlotLayout } from './slot-cursor.js';

const TWO_64 = 1n << 64n;

/** Threads seeded together when first used: small calls touch few of them. */
const BLOCK = 256;
/** Rounds written per pass over the threads (4096 threads × 16 rounds of one-word slots: 256 KiB). */
const ROUND_BLOCK = 16;
/** Calls with fewer slots than this stay on writeThread: a kernel call's fixed cost is more than their work. */
const KERNEL_MIN_SLOTS = 64;

/**
 * The `ts` engines on the slot model: the bookkeeping above plus every thread's live generator state
 * (`stateSize` values per thread in an array of type S), seeded lazily, BLOCK threads at a time, when
 * a call first touches them. An engine supplies its seeding, its two kinds of skip-ahead and its hot
 * loop; the layout, the seeding order and the state are shared, and so is how a kernel runs the
 * threads instead (runSlots, and the raw words of large calls).
 */
export abstract class SlotEngine<S extends ThreadStates> implements CachedPairsEngine, SlotStatesEngine {
  protected readonly cursor = new SlotCursor();
  protected seed = 0n;
  /** Live state of every thread, `stateSize` values each. */
  protected states: S;
  #ready = new Uint8Array(0);
  /** curand_init(seed, 0, 0) advanced to word position #baseWords (NaN: not computed). */
  readonly #base: S;
  #baseWords = NaN;
  readonly #kernelSlots: ThreadSlotWriter | undefined;

  /** `kernelSlots`: a kernel that writes the raw words of large calls (the bits of writeThread). */
  constructor(
    protected readonly stateSize: number,
    kernelSlots?: ThreadSlotWriter,
  ) {
    this.#kernelSlots = kernelSlots;
    this.states = this.newStates(0);
    this.#base = this.newStates(1);
  }

  get position(): bigint {
    return this.cursor.elements;
  }

  /** The layout for an ordering. */
  protected abstract layout(ordering: Ordering): SlotLayout;
  /** A zeroed array for the states of `threads` threads. */
  protected abstract newStates(threads: number): S;
  /** Writes curand_init(seed, 0, 0)'s state at s[at …]. */
  protected abstract seedState(s: S, at: number): void;
  /** Advances the state at s[at …] by k words (0 ≤ k < 2^53). */
  protected abstract skipWords(s: S, at: number, k: number): void;
  /** Moves the state at s[at …] t subsequences on (curand_init's subsequence skip). */
  protected abstract skipThreads(s: S, at: number, t: number): void;
  /**
   * Writes `count` consecutive slots of thread t, `words` words each, slot r at out[at + r·stride …],
   * advancing the thread. The hot loop: the thread's state stays in locals for all its slots.
   */
  protected abstract writeThread(out: Uint32Array, t: number, at: number, count: number, words: number, stride: number): void;

  /**
   * Sets the live state of threads [first, first + count) to their word positions: the seed state is
   * advanced to the common position once (skips commute), each thread is one subsequence skip from
   * the previous one, and then moves on by its own excess.
   */
  #seedThreads(first: number, count: number): void {
    const cursor = this.cursor;
    const size = this.stateSize;
    const base = this.#base;
    if (this.#baseWords !== cursor.wordsAll) {
      this.seedState(base, 0);
      this.skipWords(base, 0, cursor.wordsAll);
      this.#baseWords = cursor.wordsAll;
    }
    const s = base.slice() as S;
    this.skipThreads(s, 0, first);
    for (let t = first; t < first + count; t++) {
      if (t > first) this.skipThreads(s, 0, 1);
      this.states.set(s, t * size);
      this.skipWords(this.states, t * size, cursor.wordsOf(t) - cursor.wordsAll);
    }
  }

  /** Sets thread t's live state to word `position` from scratch (slow; for restoring cached pairs). */
  #seekThread(t: number, position: number): void {
    const s = this.newStates(1);
    this.seedState(s, 0);
    this.skipThreads(s, 0, t);
    this.skipWords(s, 0, position);
    this.states.set(s, t * this.stateSize);
  }

  /** The words of each thread's cached Box–Muller pair (valid where cursor.cached[t] ≥ 0). */
  #cacheWords = new Uint32Array(0);
  readonly #pair = new Uint32Array(2);

  reset(seed: bigint, offset: bigint, ordering: Ordering): void {
    if (typeof seed !== 'bigint' || seed < 0n || seed >= TWO_64) throw new RangeError('seed must be a bigint in [0, 2^64)');
    if (typeof offset !== 'bigint' || offset < 0n || offset >= TWO_64) throw new RangeError('offset must be a bigint in [0, 2^64)');
    this.seed = seed;
    const layout = this.layout(ordering);
    const threads = layout.threads;
    this.cursor.reset(layout, offset);
    if (this.states.length !== threads * this.stateSize) this.states = this.newStates(threads);
    this.#baseWords = NaN;
    this.#ready = new Uint8Array(Math.ceil(threads / BLOCK));
    if (this.#cacheWords.length !== 2 * threads) this.#cacheWords = new Uint32Array(2 * threads);
  }

  fill(out: Uint32Array, n: number, width: 1 | 2, pairAligned: boolean): number {
    const { first, slots, words } = this.#slotsOf(n, width, pairAligned);
    if (out.length < slots * words) throw new RangeError('out is too short');
    this.#seedUsed(first, Math.min(slots, this.cursor.threads));
    this.#writeSlots(out, first, slots, words);
    this.cursor.advance(n, width, pairAligned);
    return 0;
  }

  runSlots<R>(n: number, width: 1 | 2, pairAligned: boolean, run: (states: S, first: number, slots: number, words: number) => R): R {
    const { first, slots, words } = this.#slotsOf(n, width, pairAligned);
    this.#seedUsed(first, Math.min(slots, this.cursor.threads));
    const result = run(this.states, first, slots, words);
    this.cursor.advance(n, width, pairAligned);
    return result;
  }

  /** A call of n elements: its first thread, its slots and the words each takes; throws a RangeError for a bad n. */
  #slotsOf(n: number, width: 1 | 2, pairAligned: boolean): { first: number; slots: number; words: number } {
    if (!Number.isInteger(n) || n < 0) throw new RangeError('n must be a non-negative integer');
    if (pairAligned && n % 2 !== 0) throw new RangeError('normal-type calls need an even length on this generator');
    return { first: this.cursor.inRound, slots: pairAligned ? n / 2 : n, words: pairAligned ? 2 * width : width };
  }

  /**
   * Poisson's normal approximation on XORWOW and MRG32k3a: n slots of cached normals (see SlotCursor).
   * Writes 3 words per element: the two words of the Box–Muller pair, then 0 when the value is the
   * pair's sin half (a new pair, now cached) or 1 for its cos half (from the cache).
   */
  fillCachedPairs(out: Uint32Array, n: number): void {
    if (!Number.isInteger(n) || n < 0 || out.length < 3 * n) throw new RangeError('out must hold 3 words per element');
    this.#seedUsed(this.cursor.inRound, Math.min(n, this.cursor.threads));
    const words = this.#cacheWords;
    const pair = this.#pair;
    this.cursor.advanceCached(n, (t, fromCache, k) => {
      if (!fromCache) {
        this.writeThread(pair, t, 0, 1, 2, 2);
        words[2 * t] = pair[0] as number;
        words[2 * t + 1] = pair[1] as number;
      }
      out[3 * k] = words[2 * t] as number;
      out[3 * k + 1] = words[2 * t + 1] as number;
      out[3 * k + 2] = fromCache ? 1 : 0;
    });
  }

  /**
   * Writes `slots` slots of `words` words each, for threads first, first+1, … (mod T), advancing
   * them: by the kernel where there is one and the call is large, else thread by thread rather than
   * slot by slot, so that each thread's state stays in registers, in blocks of ROUND_BLOCK rounds so
   * that the output being written stays in cache.
   */
  #writeSlots(out: Uint32Array, first: number, slots: number, words: number): void {
    if (this.#kernelSlots !== undefined && slots >= KERNEL_MIN_SLOTS) {
      this.#kernelSlots(out, this.states, first, slots, words);
      return;
    }
    const threads = this.cursor.threads;
    const active = Math.min(slots, threads);
    const stride = threads * words;
    const rounds = Math.ceil(slots / threads);
    for (let r0 = 0; r0 < rounds; r0 += ROUND_BLOCK) {
      for (let j = 0; j < active; j++) {
        const g = j + r0 * threads;
        if (g >= slots) break;
        const t = first + j < threads ? first + j : first + j - threads;
        const count = Math.min(ROUND_BLOCK, Math.floor((slots - 1 - g) / threads) + 1);
        this.writeThread(out, t, g * words, count, words, stride);
      }
    }
  }

  /** Seeds the not-yet-seeded blocks among threads first … first+count−1 (mod T). */
  #seedUsed(first: number, count: number): void {
    const threads = this.cursor.threads;
    const ready = this.#ready;
    for (let k = 0; k < count; ) {
      const t = (first + k) % threads;
      const b = Math.floor(t / BLOCK);
      if (ready[b] === 0) {
        const start = b * BLOCK;
        const count = Math.min(BLOCK, threads - start);
        this.#seedThreads(start, count);
        this.#restoreCache(start, count);
        ready[b] = 1;
      }
      k += Math.min((b + 1) * BLOCK, threads) - t;
    }
  }

  /** Regenerates the cached pairs of threads [first, first + count) from their word positions. */
  #restoreCache(first: number, count: number): void {
    const cursor = this.cursor;
    for (let t = first; t < first + count; t++) {
      const at = cursor.cached[t] as number;
      if (at < 0) continue;
      this.#seekThread(t, at);
      this.writeThread(this.#pair, t, 0, 1, 2, 2);
      this.#cacheWords[2 * t] = this.#pair[0] as number;
      this.#cacheWords[2 * t + 1] = this.#pair[1] as number;
      this.#seekThread(t, cursor.wordsOf(t));
    }
  }

  getState(): EngineState {
    return this.cursor.getState();
  }

  setState(state: EngineState): void {
    this.cursor.setState(state);
    this.#ready.fill(0);
  }

  isCanonical(): boolean {
    return this.cursor.isCanonical();
  }
}
