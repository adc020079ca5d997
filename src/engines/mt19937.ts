/**
 * MT19937 in cuRAND's host layout (docs/more-generators.md; the spec's measurements,
 * docs/spec/curand-more-generators.md §3, cover all 2^24 outputs of one call and mixed calls).
 *
 * - Seeding: init_genrand of the seed's low 32 bits; cuRAND ignores the high 32.
 * - 8192 streams: stream k is that MT19937 sequence advanced by k·2^2048 steps. Each is obtained
 *   from the previous one by a polynomial jump (mt19937-core.ts) with x^(2^2048) mod φ, a constant
 *   computed by scripts/gen-mt19937-jump.ts.
 * - Output in rows of 65536 words: column c of a row belongs to stream ⌊c/8⌋, lane c mod 8. Every
 *   78 rows (a block) take exactly one twist's 624 words of every stream: row 0 of the block reads
 *   the 8 "single" positions of the twisted state, rows 1–77 the other 616 positions in groups of
 *   56 (7 rows × 8 lanes, column-major). Outputs are tempered as usual.
 * - Every distribution takes one word per element, so the position is the word count. No offsets
 *   (cuRAND returns TYPE_ERROR), and the layout is the same for DEFAULT and LEGACY.
 *
 * Set-up cost: 8191 jumps of ≈ 2·10^6 word operations each (seconds of CPU time; README table).
 * Streams are therefore computed lazily, in order, when first needed: a call that stays within its
 * row needs only the streams up to the last one it touches (the first n words: streams below
 * ⌈n/8⌉), and only a call crossing into the next row needs them all.
 * {@link Mt19937Engine.setupNeeded} / {@link Mt19937Engine.runSetup} let the backend run the set-up
 * in slices (async calls yield between slices, with progress).
 *
 * Restoring a position (setState) costs no more than that set-up, however far the position: each
 * stream is needed after the twists of the blocks before it, which is either stepped (few twists,
 * initial windows at hand) or reached with one polynomial jump per stream (stream 0 by
 * x^(624·twists) mod φ, the others by 2^2048 from their predecessor), whichever costs less
 * (mt19937-streams.ts).
 */

import type { Ordering } from '../types.js';
import type { EngineState, StagedSetupEngine, StreamRows, StreamRowsEngine, StreamRowsWriter } from './engine.js';
import { MT_N, temper, twist } from './mt19937-core.js';
import { MT19937_STREAMS, sourceFor, streamsOf, type StreamSource } from './mt19937-streams.js';
import { parseDecimal } from '../validate.js';

const LANES = 8;
const ROW = MT19937_STREAMS * LANES;
/** Rows per block: each stream's 624 words of one twist, 8 per row. */
const ROWS_PER_BLOCK = MT_N / LANES;
const MAX_POSITION = Number.MAX_SAFE_INTEGER;

/**
 * POSITION[r·8 + b]: the index in a stream's twisted 624-word state that row r of a block reads in
 * lane b (§3.3). Row 0 reads the singles; rows 1… read the others in groups of 56, each group
 * filling 7 rows lane by lane.
 */
const POSITION: Int32Array = (() => {
  const singles = [0, 113, 170, 283, 340, 397, 510, 567];
  const others: number[] = [];
  for (let p = 1; p < MT_N; p++) if (!singles.includes(p)) others.push(p);
  const table = new Int32Array(MT_N);
  for (let r = 0; r < ROWS_PER_BLOCK; r++) {
    for (let b = 0; b < LANES; b++) {
      if (r === 0) {
        table[b] = singles[b] as number;
      } else {
        const g = Math.floor((r - 1) / 7);
        table[r * LANES + b] = others[56 * g + 7 * b + ((r - 1) % 7)] as number;
      }
    }
  }
  return table;
})();

/**
 * The streams (a prefix, as streams are made in order) that a call of n words from `position` needs:
 * up to the last one it touches in its row, or all once it crosses into the next row.
 */
function streamsFor(position: number, n: number): number {
  return touchedStreams(position, n)[1];
}

/** The streams [from, to) a call of n words from `position` takes words from. */
function touchedStreams(position: number, n: number): [number, number] {
  if (n === 0) return [0, 0];
  const column = position % ROW;
  if (column + n > ROW) return [0, MT19937_STREAMS];
  return [Math.floor(column / LANES), Math.floor((column + n - 1) / LANES) + 1];
}

/**
 * The reference computation of a call's words (the default StreamRowsWriter): each stream's window is
 * twisted where the call first reaches the stream in a block, to that block's count, and row r of a
 * block reads it at order[(r mod 78)·8 + lane], tempered.
 */
export function mt19937RowsTs(out: Uint32Array, rows: StreamRows): void {
  const { states, twists, order, n } = rows;
  let position = rows.position;
  let o = 0;
  while (o < n) {
    const row = Math.floor(position / ROW);
    const column = position - row * ROW;
    const block = Math.floor(row / ROWS_PER_BLOCK);
    const lanes = (row - block * ROWS_PER_BLOCK) * LANES;
    const end = o + Math.min(ROW - column, n - o);
    let c = column;
    while (o < end) {
      const k = c >>> 3;
      const base = k * MT_N;
      if ((twists[k] as number) <= block) {
        const window = states.subarray(base, base + MT_N);
        for (let t = twists[k] as number; t <= block; t++) twist(window);
        twists[k] = block + 1;
      }
      // The rest of this stream's 8 lanes in the row, or of the call.
      const stop = Math.min(end, o + LANES - (c & 7));
      for (; o < stop; o++, c++) out[o] = temper(states[base + (order[lanes + (c & 7)] as number)] as number);
    }
    position = row * ROW + c;
  }
}

export class Mt19937Engine implements StagedSetupEngine, StreamRowsEngine {
  #position = 0;
  /** The shared initial windows of this seed (stream k at index k; append-only). */
  #initial: Int32Array[] = [];
  /** Where streams not yet taken come from, for the position of the last reset or restore. */
  #source!: StreamSource;
  /** Every stream's live window, stream k at k·624; allocated on first use (20 MiB). */
  #states: Int32Array | undefined;
  /**
   * The twists each stream's window has had; −1: not taken since the last reset or restore. At most
   * 2^53 / (65536·78) < 2^31 twists: Int32 holds them.
   */
  readonly #twists = new Int32Array(MT19937_STREAMS);
  readonly #writeRows: StreamRowsWriter;

  /** `writeRows`: what computes the words of a call (the TypeScript loop by default, a kernel on `simd`). */
  constructor(seed = 0n, writeRows: StreamRowsWriter = mt19937RowsTs) {
    this.#writeRows = writeRows;
    this.reset(seed, 0n, 'default');
  }

  get position(): bigint {
    return BigInt(this.#position);
  }

  reset(seed: bigint, offset: bigint, _ordering: Ordering): void {
    if (typeof seed !== 'bigint' || seed < 0n || seed >= 1n << 64n) throw new RangeError('seed must be a bigint in [0, 2^64)');
    // cuRAND rejects offsets for MT19937 (TYPE_ERROR, §3.3); the façade never passes one.
    if (offset !== 0n) throw new RangeError('MT19937 has no offset: offset must be 0n');
    // Only the low 32 bits count (§3.1).
    this.#initial = streamsOf(Number(seed & 0xffffffffn));
    this.#moveTo(0);
  }

  /** Sets the position; every stream is taken afresh, with the twists of the blocks before it. */
  #moveTo(position: number): void {
    this.#position = position;
    this.#source = sourceFor(this.#initial, Math.floor(position / (ROW * ROWS_PER_BLOCK)));
    this.#twists.fill(-1);
  }

  isCanonical(): boolean {
    // Any position is reachable on cuRAND by generating and discarding words.
    return true;
  }

  /**
   * Set-up steps still needed before `fill(n)` can run (0 when ready), each about one jump's work
   * or less: jumps by 2^2048 that extend the streams, and after a restore beyond the first block the
   * squares of the jump polynomial or the twists that bring each stream to the position's block.
   * Never grows, and falls by one per step that runSetup runs.
   */
  setupNeeded(n: number): number {
    return this.#source.stepsFor(streamsFor(this.#position, n));
  }

  /** Runs up to `steps` of the set-up steps still missing for all 8192 streams; returns how many ran. */
  runSetup(steps: number): number {
    return this.#source.run(steps);
  }

  /** Streams ready to be generated from (1 … 8192). */
  get streamsReady(): number {
    return this.#source.ready;
  }

  fill(out: Uint32Array, n: number, width: 1 | 2, pairAligned: boolean): number {
    if (width !== 1 || pairAligned) throw new TypeError('MT19937 takes one word per element and has no pairs');
    if (!Number.isInteger(n) || n < 0 || n > out.length) throw new RangeError('n must be an integer in [0, out.length]');
    this.runRows(n, (rows) => this.#writeRows(out, rows));
    return 0;
  }

  runRows<R>(n: number, run: (rows: StreamRows) => R): R {
    if (!Number.isInteger(n) || n < 0) throw new RangeError('n must be a non-negative integer');
    if (this.#position + n > MAX_POSITION) throw new RangeError('MT19937 position would exceed 2^53 − 1 words');
    const missing = this.setupNeeded(n);
    if (missing > 0) this.runSetup(missing);
    // Every stream the call touches is taken now (a stream's window is the source's until then).
    const states = (this.#states ??= new Int32Array(MT19937_STREAMS * MT_N));
    const twists = this.#twists;
    const [from, to] = touchedStreams(this.#position, n);
    for (let k = from; k < to; k++) {
      if ((twists[k] as number) >= 0) continue;
      states.set(this.#source.take(k), k * MT_N);
      twists[k] = this.#source.twists;
    }
    const result = run({ states, twists, order: POSITION, position: this.#position, n });
    this.#position += n;
    return result;
  }

  /** `{ position: "<decimal words generated>" }`, the same state the cuRAND-backed backends keep. */
  getState(): EngineState {
    return { position: String(this.#position) };
  }

  setState(state: EngineState): void {
    if (typeof state !== 'object' || state === null) throw new TypeError('state.engine must be an object');
    this.#moveTo(Number(parseDecimal(state.position, 'state.engine.position', BigInt(MAX_POSITION))));
  }
}
