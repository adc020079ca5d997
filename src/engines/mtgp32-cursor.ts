import type { Ordering } from '../types.js';
import type { EngineState } from './engine.js';
import { expandRuns, minimum, runsOf } from './state-fields.js';
import { parseDecimal } from '../validate.js';

/**
 * cuRAND's host MTGP32 layout as bookkeeping alone: which block makes which words of a call, and how
 * far each block's state has moved (docs/spec/curand-host-semantics.md §3.2, §3.4). The `ts` engine
 * (mtgp32.ts) adds the blocks' actual states; the native backends keep only this, so that both write
 * the same portable state.
 *
 * The model, measured against cuRAND 10.4's host generator over 226 calls around one, two and three
 * crossings of 2^32 words (every call's words compared; 0 differences):
 *
 * - B blocks (192, or 64 for `legacy`) and 256-word chunks. A block computes a chunk from its state at
 *   the chunk's start (the 256 words of a chunk depend only on that state, which is how the device
 *   runs them on 256 threads), and its state moves on by 256 words only when a call completes the
 *   chunk. A call that stops inside a chunk leaves the block where it was; the words it computed stay
 *   in the block's 1024-word ring.
 * - The generator keeps its position modulo 2^32. A call starts with chunk ⌊s/256⌋ at word s mod 256,
 *   s being the position mod 2^32, and goes on through the following chunks without wrapping inside
 *   the call; chunk c comes from block c mod B.
 * - While every call starts below 2^32, a call starts in the block and at the word where the last one
 *   stopped, which is the plain layout: chunk k is the next 256 words of block k mod B. A call that
 *   starts at 2^32 or later is placed by the truncated position instead: for B = 192 that is 64
 *   blocks behind the true one (2^24 mod 192 = 64); for B = 64 it is the same block, so `legacy` is
 *   never affected. The block it starts in then computes only words w… of its chunk: the ring slots of
 *   words 0…w−1 keep what they held, words of 1024 steps before, and feed that block's later words
 *   (a "hole"). The block where the previous call stopped recomputes its chunk from word 0 when it is
 *   next used.
 *
 * State per block: `words[b]`, its ring position in words (256 × chunks completed, plus the words of
 * the current chunk computed by the call that used it last), and the holes in its history. Holes
 * arise only at the first call after a crossing of 2^32, one per crossing; with none, and every
 * words[b] what the plain layout gives, the state is canonical: a function of the position alone.
 */

/** Words a block contributes before the layout moves to the next block (cuRAND's threads per block). */
export const MTGP32_CHUNK = 256;
/** cuRAND keeps the position modulo 2^32 between calls. */
const WRAP = 4294967296;
/** Positions are kept as doubles; 2^53 words are ≈ 1.4 years of generation at full speed. */
const MTGP32_MAX_POSITION = Number.MAX_SAFE_INTEGER;

/** Blocks per ordering (§3.2): 192 for DEFAULT/BEST, 64 for LEGACY. */
export function mtgp32Blocks(ordering: Ordering): number {
  return ordering === 'legacy' ? 64 : 192;
}

/** Words block `b` of `blocks` has produced when the plain layout is at word `position`. */
function plainWordsOfBlock(b: number, blocks: number, position: number): number {
  const chunk = Math.floor(position / MTGP32_CHUNK);
  const within = position - chunk * MTGP32_CHUNK;
  const completed = chunk > b ? Math.ceil((chunk - b) / blocks) : 0;
  return completed * MTGP32_CHUNK + (chunk % blocks === b ? within : 0);
}

/** A hole: block `block`'s chunk number `chunk` had its words [from, to) never computed. */
export interface Mtgp32Hole {
  block: number;
  chunk: number;
  from: number;
  to: number;
}

export class Mtgp32Cursor {
  blocks = 192;
  /** Words generated since the start of the stream (Generator.position). */
  position = 0;
  /** Ring position of each block in words. */
  words: Float64Array = new Float64Array(192);
  /** Every hole so far, in the order they arose (so each block's holes are in chunk order). */
  holes: Mtgp32Hole[] = [];

  reset(blocks: number): void {
    this.blocks = blocks;
    this.position = 0;
    this.words = new Float64Array(blocks);
    this.holes = [];
  }

  /** The block and word of the call's first chunk: the position modulo 2^32 places it. */
  get start(): { block: number; word: number } {
    const s = this.position % WRAP;
    const chunk = Math.floor(s / MTGP32_CHUNK);
    return { block: chunk % this.blocks, word: s - chunk * MTGP32_CHUNK };
  }

  /** The blocks the next n words come from, in order of first use (at most all of them). */
  blocksFor(n: number): number[] {
    const { block, word } = this.start;
    const count = Math.min(this.blocks, this.chunksFor(n));
    const out: number[] = [];
    for (let k = 0; k < count; k++) out.push((block + k) % this.blocks);
    return out;
  }

  /**
   * Moves past a call of n words. With `chunks`, writes its pieces [block, out index, words]… there
   * (the form the kernels take: 3 entries per chunk touched). `onStart(b, words)` is told of every
   * block whose first piece in the call does not start at its ring position — the block must first
   * be moved to ring position `words` (back, or forward over a hole) — before the pieces run.
   */
  advance(n: number, chunks?: Float64Array, onStart?: (block: number, words: number) => void): void {
    if (this.position + n > MTGP32_MAX_POSITION) throw new RangeError('MTGP32 position would exceed 2^53 − 1 words');
    const blocks = this.blocks;
    const words = this.words;
    const { block: first, word: w0 } = this.start;
    let o = 0;
    // First appearance of each block: the only piece that may start away from its ring position.
    for (let k = 0; k < blocks && o < n; k++) {
      const b = first + k < blocks ? first + k : first + k - blocks;
      const w = k === 0 ? w0 : 0;
      const take = Math.min(MTGP32_CHUNK - w, n - o);
      const at = words[b] as number;
      const chunk = Math.floor(at / MTGP32_CHUNK);
      const progress = at - chunk * MTGP32_CHUNK;
      if (w !== progress) {
        if (w > progress) this.holes.push({ block: b, chunk, from: progress, to: w });
        words[b] = chunk * MTGP32_CHUNK + w;
        onStart?.(b, words[b] as number);
      }
      if (chunks !== undefined) setChunk(chunks, k, b, o, take);
      words[b] = (words[b] as number) + take;
      o += take;
    }
    // Later chunks start at word 0 of blocks whose last chunk this call completed: whole rounds,
    // then one partial round.
    const rest = n - o;
    if (rest > 0) {
      const round = blocks * MTGP32_CHUNK;
      const rounds = Math.floor(rest / round);
      if (chunks === undefined && rounds > 0) {
        for (let b = 0; b < blocks; b++) words[b] = (words[b] as number) + rounds * round / blocks;
        o += rounds * round;
      }
      for (let k = blocks; o < n; k++) {
        const b = (first + k) % blocks;
        const take = Math.min(MTGP32_CHUNK, n - o);
        if (chunks !== undefined) setChunk(chunks, k, b, o, take);
        words[b] = (words[b] as number) + take;
        o += take;
      }
    }
    this.position += n;
  }

  /** Chunks a call of n words touches (its plan's length is 3 entries per chunk). */
  chunksFor(n: number): number {
    return n === 0 ? 0 : Math.ceil((this.start.word + n) / MTGP32_CHUNK);
  }

  /** The holes of block b, in chunk order. */
  holesOf(b: number): Mtgp32Hole[] {
    return this.holes.filter((h) => h.block === b);
  }

  /** Words block b must be stepped through to be rebuilt from its seed (its ring position less its holes). */
  rebuildCost(b: number): number {
    let cost = this.words[b] as number;
    for (const h of this.holes) if (h.block === b) cost -= h.to - h.from;
    return cost;
  }

  /** True if the state is the plain layout's at this position: what generating from the seed in calls that all start below 2^32 gives. */
  isCanonical(): boolean {
    if (this.holes.length > 0) return false;
    for (let b = 0; b < this.blocks; b++) {
      if (this.words[b] !== plainWordsOfBlock(b, this.blocks, this.position)) return false;
    }
    return true;
  }

  /**
   * `{ position }` for a canonical state (every block follows from the position); otherwise also each
   * block's ring position, as `words` (the smallest) plus run-length encoded excesses [excess, count, …]
   * in block order, and the holes as [block, chunk, from, to] quadruples.
   */
  getState(): EngineState {
    const position = String(this.position);
    if (this.isCanonical()) return { position };
    const min = minimum(this.words);
    return {
      position,
      words: min,
      wordRuns: runsOf(this.words, min),
      holes: this.holes.map((h) => [h.block, h.chunk, h.from, h.to]),
    };
  }

  /**
   * Restores a state from getState (any backend). `limits` bound what the restore may have to
   * regenerate on this backend: `words`, the position and the blocks' ring positions together (for
   * backends that generate their way there), `holes`, the holes (for the engine, which jumps to them).
   */
  setState(state: EngineState, limits: { words?: number; holes?: number }): void {
    if (typeof state !== 'object' || state === null) throw new TypeError('state.engine must be an object');
    const words = limits.words ?? MTGP32_MAX_POSITION;
    const exact = parseDecimal(state.position, 'state.engine.position');
    if (exact > BigInt(words)) throw beyondLimit(`its position, ${exact} words`, `${words} words`);
    const position = Number(exact);
    let blockWords: Float64Array;
    let holes: Mtgp32Hole[] = [];
    if (state.words === undefined && state.wordRuns === undefined && state.holes === undefined) {
      blockWords = new Float64Array(this.blocks);
      for (let b = 0; b < this.blocks; b++) blockWords[b] = plainWordsOfBlock(b, this.blocks, position);
    } else {
      const min = state.words;
      if (typeof min !== 'number' || !Number.isSafeInteger(min) || min < 0) {
        throw new TypeError('state.engine.words must be a non-negative safe integer');
      }
      blockWords = expandRuns(state.wordRuns, this.blocks, 'state.engine.wordRuns');
      for (let b = 0; b < this.blocks; b++) {
        blockWords[b] = (blockWords[b] as number) + min;
        if (!Number.isSafeInteger(blockWords[b])) throw new RangeError('state.engine.wordRuns: a block position exceeds 2^53');
      }
      holes = parseHoles(state.holes, blockWords);
    }
    if (limits.words !== undefined) {
      let total = 0;
      for (const w of blockWords) total += w;
      if (!(total <= limits.words)) throw beyondLimit(`${total} words of its blocks`, `${limits.words} words`);
    }
    if (limits.holes !== undefined && holes.length > limits.holes) throw beyondLimit(`${holes.length} holes`, `${limits.holes} holes`);
    this.position = position;
    this.words = blockWords;
    this.holes = holes;
  }
}

function beyondLimit(what: string, limit: string): RangeError {
  return new RangeError(
    `state.engine: restoring this MTGP32 state here means regenerating ${what}; at most ${limit} are accepted ` +
      `on this backend (docs/reproducibility.md)`,
  );
}

/** [[block, chunk, from, to], …]: each hole inside its block's history, a block's holes in chunk order. */
function parseHoles(value: unknown, words: Float64Array): Mtgp32Hole[] {
  if (!Array.isArray(value)) throw new TypeError('state.engine.holes must be an array of [block, chunk, from, to]');
  const holes: Mtgp32Hole[] = [];
  const last = new Float64Array(words.length).fill(-1);
  for (let i = 0; i < value.length; i++) {
    const h: unknown = value[i];
    const ok =
      Array.isArray(h) &&
      h.length === 4 &&
      h.every((x) => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0) &&
      (h[0] as number) < words.length &&
      (h[2] as number) < (h[3] as number) &&
      (h[3] as number) <= MTGP32_CHUNK &&
      (h[1] as number) > (last[h[0] as number] as number) &&
      (h[1] as number) * MTGP32_CHUNK + (h[3] as number) <= (words[h[0] as number] as number);
    if (!ok) throw new RangeError(`state.engine.holes[${i}] is not a hole of its block's history`);
    const [block, chunk, from, to] = h as number[];
    last[block as number] = chunk as number;
    holes.push({ block: block as number, chunk: chunk as number, from: from as number, to: to as number });
  }
  return holes;
}

/** Chunk k of a plan: [block, out index, words]; written element by element: an array per chunk was a noticeable part of a large kernel call. */
function setChunk(chunks: Float64Array, k: number, block: number, at: number, words: number): void {
  chunks[3 * k] = block;
  chunks[3 * k + 1] = at;
  chunks[3 * k + 2] = words;
}
