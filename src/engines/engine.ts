import type { Ordering } from '../types.js';

/**
 * A bit generator in cuRAND's host layout: raw 32-bit words, seed, position and state.
 * Nothing here knows about floats, distributions or devices.
 *
 * An element is one output value of a generate call. cuRAND's engines differ in how many words an
 * element takes and in how elements are laid out over subsequences; the `fill` contract below is
 * general enough for all of them (Philox's slot model needs `width` and `pairAligned`; MTGP32
 * always uses width 1 and no pairs).
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
export type EngineState = Record<string, unknown>;
