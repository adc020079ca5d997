import type { WordArraySource } from './bit-source.js';
import type { DrawKernel } from './draw-kernel.js';

/**
 * Draws take the words of their generator's uint32 stream in blocks of this many. The block is part
 * of the stream's definition: a cuRAND call (uint32, uniform, normal, …) made after draws continues
 * the stream after the last block taken, and the words of that block still unused stay for the next
 * draw. cuRAND's uint32 stream is the same however it is split into calls (test/draws-seam.test.ts
 * checks every generator and ordering against cuRAND), so taking k blocks in one call is the same as
 * taking them one by one.
 */
export const WORD_BLOCK = 4096;

/** Fills all of `out` with the next words of the generator's uint32 stream. */
export type TakeWords = (out: Uint32Array) => void;

/**
 * The buffered word source of a Generator (NumPy's bitgen_t over cuRAND's stream): words are read
 * one at a time by scalar draws and reserved in bulk by array draws, and what is left of the last
 * block belongs to the generator's state (GeneratorState.words).
 */
export class WordBuffer implements WordArraySource {
  /** The words taken, the next at #next: a view of #store from its start. */
  #words: Uint32Array = new Uint32Array(0);
  /** The memory behind #words, filled again by the next blocks (no allocation per block). */
  #store: Uint32Array = new Uint32Array(0);
  #next = 0;
  readonly #take: TakeWords;

  /** `drawKernel`: the backend's (Backend.drawKernel), or null for the TypeScript loops. */
  constructor(
    take: TakeWords,
    readonly drawKernel: DrawKernel | null = null,
  ) {
    this.#take = take;
  }

  nextUint32(): number {
    if (this.#next === this.#words.length) this.#refill(1);
    return this.#words[this.#next++]!;
  }

  lend(n: number): Uint32Array {
    this.reserve(n);
    return this.#words;
  }

  get cursor(): number {
    return this.#next;
  }

  set cursor(at: number) {
    this.#next = at;
  }

  /** Words taken and not yet used. */
  get available(): number {
    return this.#words.length - this.#next;
  }

  /** How many words must be taken (whole blocks) so that `n` are available. */
  static blocksFor(available: number, n: number): number {
    return n <= available ? 0 : Math.ceil((n - available) / WORD_BLOCK);
  }

  /** Makes at least `n` words available, taking whole blocks in one call. */
  reserve(n: number): void {
    if (n > this.available) this.#refill(n);
  }

  /** Appends blocks taken elsewhere (an async call): `words.length` is a multiple of WORD_BLOCK. */
  append(words: Uint32Array): void {
    const rest = this.available;
    const next = new Uint32Array(rest + words.length);
    next.set(this.#words.subarray(this.#next));
    next.set(words, rest);
    this.#hold(next, next.length);
  }

  /** The words taken and not yet used, in order (a copy: the state's `words`). */
  remaining(): Uint32Array {
    return this.#words.slice(this.#next);
  }

  /** Replaces what is buffered (a restored state, or nothing after a reseed). */
  restore(words: Uint32Array): void {
    const copy = words.slice();
    this.#hold(copy, copy.length);
  }

  #hold(store: Uint32Array, length: number): void {
    this.#store = store;
    this.#words = length === store.length ? store : store.subarray(0, length);
    this.#next = 0;
  }

  #refill(n: number): void {
    const rest = this.available;
    const total = rest + WordBuffer.blocksFor(rest, n) * WORD_BLOCK;
    // The memory is kept for the next blocks while they fill at least half of it: a large draw's
    // memory (a lend's, an async call's words) is let go once scalar draws follow.
    const keep = this.#store.length >= total && this.#store.length <= 2 * total;
    const store = keep ? this.#store : new Uint32Array(total);
    // The words still unused go first (copyWithin allows the overlap): until #take returns only they
    // are available, so a backend that throws halfway leaves the buffer as it was.
    if (keep) store.copyWithin(0, this.#next, this.#next + rest);
    else store.set(this.#words.subarray(this.#next));
    this.#hold(store, rest);
    this.#take(store.subarray(rest, total));
    this.#words = total === store.length ? store : store.subarray(0, total);
  }
}
