/**
 * Where cuRAND's 8192 MT19937 streams come from (docs/more-generators.md, docs/jump-ahead.md):
 * stream k's initial window is init_genrand's jumped k times by 2^2048, and after a reset or restore
 * each stream is needed after the twists of the blocks before the position. Two sources provide
 * those windows, in stream order, in set-up steps of at most about one jump's work each; the engine
 * (mt19937.ts) picks the cheaper one.
 */

import { F2Modulus, XPower } from './f2-modulus.js';
import { initGenrand, jump, JumpScratch, MT_DEGREE, MT_N, twist } from './mt19937-core.js';
import { MT19937_CHARPOLY, MT19937_JUMP_2_2048 } from './mt19937-jump-data.js';

export const MT19937_STREAMS = 8192;
/** About as many twists as one jump costs (docs/jump-ahead.md, "MT19937: restoring a position"). */
const TWISTS_PER_JUMP = 200;

/**
 * Initial windows by seed32, shared by every engine of this thread with the same seed (a Generator,
 * its fromState copies, re-seeds back and forth). Stream k's initial window is a pure function of
 * seed32, so sharing is invisible except for the time saved; weak references let unused ones be
 * collected. The array is append-only: stream k at index k, computed in order.
 */
const streamCache = new Map<number, WeakRef<Int32Array[]>>();

export function streamsOf(seed32: number): Int32Array[] {
  const cached = streamCache.get(seed32)?.deref();
  if (cached !== undefined) return cached;
  for (const [key, ref] of streamCache) if (ref.deref() === undefined) streamCache.delete(key);
  const first = new Int32Array(MT_N);
  initGenrand(seed32, first);
  const streams = [first];
  streamCache.set(seed32, new WeakRef(streams));
  return streams;
}

/** Appends the next stream's initial window: one jump by 2^2048 from the last one. */
function extendInitial(initial: Int32Array[], scratch: JumpScratch): void {
  const next = new Int32Array(MT_N);
  jump(initial[initial.length - 1] as Int32Array, MT19937_JUMP_2_2048, next, scratch);
  initial.push(next);
}

/**
 * Where the engine takes each stream's state from after a reset or restore: every stream's window
 * after `twists` twists (the twists of the blocks before the position's), made in stream order in
 * set-up steps of at most about one jump's cost. The engine twists a window it takes into the
 * position's block itself.
 */
export interface StreamSource {
  readonly twists: number;
  /** Streams that can be taken (a prefix: 0 … ready − 1). */
  readonly ready: number;
  /** Set-up steps still needed before streams 0 … count − 1 can be taken. */
  stepsFor(count: number): number;
  /** Runs up to `steps` set-up steps, in stream order; returns how many ran. */
  run(steps: number): number;
  /** Stream k's window (k < ready), the caller's to keep and change. */
  take(k: number): Int32Array;
}

/**
 * Stepping: each stream's initial window (the shared cache, extended by jumps of 2^2048) twisted
 * `twists` times. Cheapest near the start of the streams, and whenever the cache is already full.
 * With `twists` = 0 (the first block) the windows are handed out as they are.
 */
class SteppedStreams implements StreamSource {
  readonly #initial: Int32Array[];
  readonly #made: Int32Array[] = [];
  #scratch: JumpScratch | undefined;

  constructor(
    initial: Int32Array[],
    readonly twists: number,
  ) {
    this.#initial = initial;
  }

  get ready(): number {
    return this.twists === 0 ? this.#initial.length : this.#made.length;
  }

  stepsFor(count: number): number {
    const jumps = Math.max(0, count - this.#initial.length);
    return this.twists === 0 ? jumps : jumps + Math.max(0, count - this.#made.length);
  }

  run(steps: number): number {
    const initial = this.#initial;
    const made = this.#made;
    let done = 0;
    for (; done < steps; done++) {
      const k = this.twists === 0 ? initial.length : made.length;
      if (k === MT19937_STREAMS) break;
      if (initial.length <= k) {
        extendInitial(initial, (this.#scratch ??= new JumpScratch()));
      } else {
        const window = (initial[k] as Int32Array).slice();
        for (let t = 0; t < this.twists; t++) twist(window);
        made.push(window);
      }
    }
    if (this.ready === MT19937_STREAMS) this.#scratch = undefined;
    return done;
  }

  take(k: number): Int32Array {
    return this.twists === 0 ? (this.#initial[k] as Int32Array).slice() : (this.#made[k] as Int32Array);
  }
}

/**
 * Jumping: stream 0 jumped by 624·twists words with x^(624·twists) mod φ (computed a square at a
 * time, f2-modulus.ts), then each next stream one jump by 2^2048 from the previous one — one jump
 * per stream however far the position, and no use of the initial windows beyond stream 0's.
 */
class JumpedStreams implements StreamSource {
  readonly #first: Int32Array;
  readonly #made: Int32Array[] = [];
  /** x^(624·twists) mod φ while it is computed; undefined before the first step and after. */
  #power: XPower | undefined;
  #powerSteps: number;
  /** The last stream made, as made (the engine changes the windows it takes). */
  #head: Int32Array | undefined;
  #scratch: JumpScratch | undefined;

  constructor(
    first: Int32Array,
    readonly twists: number,
  ) {
    this.#first = first;
    // One step sets up the modulus, then one per square.
    this.#powerSteps = 1 + XPower.stepsFor(MT_N * twists, MT_DEGREE);
  }

  get ready(): number {
    return this.#made.length;
  }

  stepsFor(count: number): number {
    return count <= this.#made.length ? 0 : this.#powerSteps + count - this.#made.length;
  }

  run(steps: number): number {
    let done = 0;
    for (; done < steps && this.#made.length < MT19937_STREAMS; done++) {
      if (this.#powerSteps > 0) {
        if (this.#power === undefined) this.#power = new XPower(new F2Modulus(MT19937_CHARPOLY, MT_DEGREE), MT_N * this.twists);
        else this.#power.run(1);
        this.#powerSteps--;
        continue;
      }
      const scratch = (this.#scratch ??= new JumpScratch());
      const window = new Int32Array(MT_N);
      if (this.#head === undefined) {
        jump(this.#first, (this.#power as XPower).value, window, scratch);
        this.#power = undefined;
      } else {
        jump(this.#head, MT19937_JUMP_2_2048, window, scratch);
      }
      this.#made.push(window);
      this.#head = window.slice();
    }
    if (this.#made.length === MT19937_STREAMS) {
      this.#head = undefined;
      this.#scratch = undefined;
    }
    return done;
  }

  take(k: number): Int32Array {
    return this.#made[k] as Int32Array;
  }
}

/**
 * The cheaper source for streams needing `twists` twists, in twist-sized units: stepping costs the
 * initial windows still missing plus `twists` per stream; jumping one jump per stream plus the
 * squares of x^(624·twists).
 */
export function sourceFor(initial: Int32Array[], twists: number): StreamSource {
  const stepping = (MT19937_STREAMS - initial.length) * TWISTS_PER_JUMP + MT19937_STREAMS * twists;
  const jumping = (MT19937_STREAMS + 1 + XPower.stepsFor(MT_N * twists, MT_DEGREE)) * TWISTS_PER_JUMP;
  return stepping <= jumping ? new SteppedStreams(initial, twists) : new JumpedStreams(initial[0] as Int32Array, twists);
}
