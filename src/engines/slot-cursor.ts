import type { Ordering } from '../types.js';
import type { EngineState } from './engine.js';
import { expandRuns, minimum, runsOf } from './state-fields.js';
import { parseDecimal } from '../validate.js';

/**
 * The state model cuRAND's host XORWOW and MRG32k3a generators share
 * (docs/spec/curand-more-generators.md §1.4–§1.5, §2.3; measured over mixed calls and offsets).
 *
 * T threads; thread t's words are those of curand_init(seed, t, 0), consumed in order. Output goes in
 * slots, one thread-step each: slot g belongs to thread g mod T. A call fills whole slots — one
 * element each, or a Box–Muller pair for normals (an odd normal count is rejected before it gets
 * here) — and every slot takes the next `wordsPerSlot` words of its thread. The state is therefore
 * a slot cursor and each thread's word position; there are no partial slots.
 *
 * Offsets (curandSetGeneratorOffset) count slots: the cursor is set to o and thread t starts at word
 * ⌊o/T⌋, plus one for t < o mod T, as if o one-word slots had been generated — except that XORWOW
 * computes that count in 64-bit arithmetic, which wraps to 0 within T of 2^64 (see offsetStarts).
 * The cursor itself never wraps: past slot 2^64 − 1 the threads keep their order (measured on
 * MRG32k3a's 81920 threads, where 2^64 is not a multiple of T), so states carry it as it is.
 *
 * One more piece of per-thread state (measured for curandGeneratePoisson, docs/more-generators.md):
 * Poisson's normal approximation draws one float normal per slot the way the device API's
 * curand_normal does, through a one-value cache per thread. A slot whose thread has nothing cached
 * takes a new Box–Muller pair (two words), uses its sin half and caches the pair; the thread's next
 * such slot uses the cos half and takes no words. The cache outlives every other kind of call (they
 * neither read nor clear it); only a restart (seed, offset, ordering) empties it. It is kept as the
 * word position of the cached pair.
 *
 * This class is the bookkeeping alone (what the native backends keep to produce the portable state);
 * SlotEngine (slot-engine.ts) adds the threads' actual generator states for the CPU backends.
 */
/** A generator's slot layout: T threads, and how its offsets place them (offsetStarts). */
export interface SlotLayout {
  threads: number;
  /** XORWOW: the per-thread count of curandSetGeneratorOffset wraps modulo 2^64. */
  offsetWraps: boolean;
}

const TWO_64 = 1n << 64n;
/**
 * The largest slot or element count a state may hold: offsets stay below 2^64, and what can be
 * generated after one keeps every thread's word position below 2^53 (far less than this).
 */
const CURSOR_LIMIT = (1n << 65n) - 1n;

/**
 * Where curandSetGeneratorOffset(o) starts each thread, as [from, to, word] ranges of threads covering
 * 0 … T−1: thread t has one word behind it for every slot g < o with g ≡ t (mod T), that is ⌊o/T⌋
 * plus one for t < o mod T. XORWOW computes that as ⌊(o + T − 1 − t)/T⌋ in 64-bit arithmetic, so
 * within T of 2^64 it wraps to 0 for the threads t < o + T − 2^64: they start at their first word
 * (measured with offsets 2^64 − k, k = 1 … 10000: docs/spec/curand-more-generators.md §1.5).
 * MRG32k3a counts without wrapping (§2.3).
 */
function offsetStarts(layout: SlotLayout, offset: bigint): [number, number, number][] {
  const t = BigInt(layout.threads);
  const q0 = Number(offset / t);
  const r = Number(offset % t);
  const wrapped = layout.offsetWraps ? Math.max(0, Math.min(r, Number(offset + t - TWO_64))) : 0;
  const ranges: [number, number, number][] = [];
  if (wrapped > 0) ranges.push([0, wrapped, 0]);
  if (r > wrapped) ranges.push([wrapped, r, q0 + 1]);
  if (layout.threads > r) ranges.push([r, layout.threads, q0]);
  return ranges;
}

export class SlotCursor {
  threads = 0;
  offsetWraps = false;
  /** The slot cursor c. */
  slots = 0n;
  /** c mod T, for the hot path. */
  inRound = 0;
  /** Elements since the start of the stream, the offset counted as that many elements (Generator.position). */
  elements = 0n;
  /** Word position of thread t = wordsAll + delta[t]; whole rounds only touch wordsAll. Positions stay below 2^53. */
  wordsAll = 0;
  delta = new Float64Array(0);
  /** Word position of each thread's cached Box–Muller pair, or −1. */
  cached = new Float64Array(0);

  reset(layout: SlotLayout, offset: bigint): void {
    const threads = layout.threads;
    if (this.threads !== threads) {
      this.threads = threads;
      this.delta = new Float64Array(threads);
      this.cached = new Float64Array(threads);
    }
    this.offsetWraps = layout.offsetWraps;
    this.cached.fill(-1);
    this.slots = offset;
    this.elements = offset;
    this.inRound = Number(offset % BigInt(threads));
    const ranges = offsetStarts(layout, offset);
    this.wordsAll = Math.min(...ranges.map(([, , word]) => word));
    for (const [from, to, word] of ranges) this.delta.fill(word - this.wordsAll, from, to);
  }

  /** Word position of thread t. */
  wordsOf(t: number): number {
    return this.wordsAll + (this.delta[t] as number);
  }

  /**
   * Moves past a call of n elements: `pairs` = two elements per slot (Box–Muller normals; n even),
   * `width` = words per element, so a slot takes width·(pairs ? 2 : 1) words of its thread.
   */
  advance(n: number, width: 1 | 2, pairs: boolean): void {
    const slots = pairs ? n / 2 : n;
    const words = pairs ? 2 * width : width;
    const threads = this.threads;
    const rounds = Math.floor(slots / threads);
    const rest = slots - rounds * threads;
    this.wordsAll += rounds * words;
    const delta = this.delta;
    const first = this.inRound;
    const end = Math.min(first + rest, threads);
    for (let t = first; t < end; t++) delta[t] = (delta[t] as number) + words;
    for (let t = 0; t < first + rest - threads; t++) delta[t] = (delta[t] as number) + words;
    this.slots += BigInt(slots);
    this.elements += BigInt(n);
    this.inRound = (first + rest) % threads;
  }

  /**
   * Moves past n slots of Poisson's cached normals (see the class comment), telling `visit` for each
   * slot k its thread and whether the value comes from the cache (before the slot changes anything).
   */
  advanceCached(n: number, visit?: (t: number, fromCache: boolean, k: number) => void): void {
    const threads = this.threads;
    const delta = this.delta;
    const cached = this.cached;
    let t = this.inRound;
    for (let k = 0; k < n; k++) {
      const fromCache = (cached[t] as number) >= 0;
      visit?.(t, fromCache, k);
      if (fromCache) {
        cached[t] = -1;
      } else {
        cached[t] = this.wordsAll + (delta[t] as number);
        delta[t] = (delta[t] as number) + 2;
      }
      if (++t === threads) t = 0;
    }
    this.slots += BigInt(n);
    this.elements += BigInt(n);
    this.inRound = t;
  }

  /**
   * `{ slots, elements, words, wordRuns, cacheRuns }`: the slot cursor and the element count (decimal
   * strings); the threads' word positions as `words` plus run-length encoded excesses [excess, count,
   * …] in thread order (one or two runs unless calls of different widths were mixed); and each
   * thread's cached Box–Muller pair as how many words back from its position it starts (0: none),
   * run-length encoded the same way.
   */
  getState(): EngineState {
    const min = minimum(this.delta);
    const back = new Float64Array(this.threads);
    for (let t = 0; t < this.threads; t++) {
      const c = this.cached[t] as number;
      back[t] = c < 0 ? 0 : this.wordsOf(t) - c;
    }
    return {
      slots: this.slots.toString(),
      elements: this.elements.toString(),
      words: this.wordsAll + min,
      wordRuns: runsOf(this.delta, min),
      cacheRuns: runsOf(back, 0),
    };
  }

  setState(state: EngineState): void {
    if (typeof state !== 'object' || state === null) throw new TypeError('state.engine must be an object');
    const slots = parseDecimal(state.slots, 'state.engine.slots', CURSOR_LIMIT);
    const elements = parseDecimal(state.elements, 'state.engine.elements', CURSOR_LIMIT);
    const words = state.words;
    if (typeof words !== 'number' || !Number.isSafeInteger(words) || words < 0) {
      throw new TypeError('state.engine.words must be a non-negative safe integer');
    }
    const delta = expandRuns(state.wordRuns, this.threads, 'state.engine.wordRuns');
    const back = expandRuns(state.cacheRuns, this.threads, 'state.engine.cacheRuns');
    for (let t = 0; t < this.threads; t++) {
      const position = words + (delta[t] as number);
      if (!Number.isSafeInteger(position)) throw new RangeError('state.engine.wordRuns: a word position exceeds 2^53');
      const b = back[t] as number;
      if (b !== 0 && (b < 2 || b > position)) throw new RangeError(`state.engine.cacheRuns: thread ${t} caches a pair outside its words`);
    }
    this.slots = slots;
    this.elements = elements;
    this.inRound = Number(slots % BigInt(this.threads));
    this.wordsAll = words;
    this.delta.set(delta);
    for (let t = 0; t < this.threads; t++) {
      const b = back[t] as number;
      this.cached[t] = b === 0 ? -1 : this.wordsOf(t) - b;
    }
  }

  /** True if curandSetGeneratorOffset(slots) on a fresh generator gives this state (one-word slots only, below slot 2^64). */
  isCanonical(): boolean {
    if (this.elements !== this.slots || this.slots >= TWO_64) return false;
    for (const c of this.cached) if (c >= 0) return false;
    for (const [from, to, word] of offsetStarts(this, this.slots)) {
      for (let t = from; t < to; t++) if (this.wordsOf(t) !== word) return false;
    }
    return true;
  }
}
