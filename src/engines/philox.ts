import type { Ordering } from '../types.js';
import type { EngineState, PhiloxSlotWriter, SlotRunsEngine } from './engine.js';
import { philoxBlocks } from './philox-block.js';
import { expandRuns, minimum, runsOf } from './state-fields.js';
import { parseDecimal } from '../validate.js';

/**
 * cuRAND's host Philox4x32-10 generator: layout and state model of docs/spec/curand-host-semantics.md
 * §2.4–§2.5 (measured against cuRAND 10.4 over mixed call types, offsets and successive calls).
 *
 * Output goes in slots of 4 elements; slot G belongs to subsequence t = G mod 65536. Subsequence t
 * owns the counters (p_lo, p_hi, t, 0). The state is an element cursor `c` and a base counter per
 * subsequence; a call of width w (words per element) reads slot G of thread t at counter
 * base[t] + w·m, m being how many earlier slots of t this call has filled, and afterwards advances
 * base[t] by w for every slot of t the call completed. A slot left partly filled is finished by the
 * next call, whatever its width. All orderings cuRAND accepts for Philox give this same layout.
 */

export const PHILOX_SUBSEQUENCES = 65536;
/** Elements per round of the layout: 4 per slot × 65536 subsequences. */
const ROUND_ELEMENTS = 4 * PHILOX_SUBSEQUENCES;
const TWO_32 = 4294967296;

/** The reference slot writer: the TypeScript Philox blocks (philox-block.ts). */
export const philoxSlotsTs: PhiloxSlotWriter = (out, o, t, count, counter, width, key) => {
  const lo = counter % TWO_32;
  const hi = (counter - lo) / TWO_32;
  philoxBlocks(lo, hi, t, 0, count, key[0], key[1], out, o, 4 * width);
  if (width === 2) philoxBlocks(lo + 1, lo === TWO_32 - 1 ? hi + 1 : hi, t, 0, count, key[0], key[1], out, o + 4, 8);
};

export class PhiloxEngine implements SlotRunsEngine {
  private key0 = 0;
  private key1 = 0;
  /** Element cursor. */
  private cursor = 0n;
  /** cursor mod ROUND_ELEMENTS, kept as a number for the hot path. */
  private cursorInRound = 0;
  /**
   * base[t] = baseAll + baseDelta[t]. A call that completes whole rounds adds to baseAll in O(1);
   * only the threads of a partial round are touched one by one. Counters stay far below 2^53.
   */
  private baseAll = 0;
  private readonly baseDelta = new Float64Array(PHILOX_SUBSEQUENCES);
  /** Scratch for one or two Philox blocks (one slot). */
  private readonly block = new Uint32Array(8);

  /** `writeSlots` computes whole slots (engine.ts PhiloxSlotWriter); the state model here decides which. */
  constructor(
    seed: bigint = 0n,
    offset: bigint = 0n,
    private readonly writeSlots: PhiloxSlotWriter = philoxSlotsTs,
  ) {
    this.reset(seed, offset);
  }

  get position(): bigint {
    return this.cursor;
  }

  /** The key (k0, k1): the seed's low and high words. */
  get key(): readonly [number, number] {
    return [this.key0, this.key1];
  }

  /** The cursor's element position within the current round of 262144 elements. */
  get roundPosition(): number {
    return this.cursorInRound;
  }

  /**
   * curandSetPseudoRandomGeneratorSeed + curandSetGeneratorOffset(offset) on a fresh generator. The
   * ordering is ignored: BEST, DEFAULT and LEGACY give the same Philox layout (spec §2.3).
   */
  reset(seed: bigint, offset: bigint, _ordering?: Ordering): void {
    // key = (low, high) 32 bits of the seed (spec §2.2).
    this.key0 = Number(seed & 0xffffffffn);
    this.key1 = Number((seed >> 32n) & 0xffffffffn);
    this.cursor = offset;
    this.cursorInRound = Number(offset % BigInt(ROUND_ELEMENTS));
    // Spec §2.5: base[t] = q0 + 1 for t < t0, q0 otherwise, with q0 = floor(o / 262144), t0 = floor(o / 4) mod 65536.
    this.baseAll = Number(offset / BigInt(ROUND_ELEMENTS));
    this.baseDelta.fill(0);
    this.baseDelta.fill(1, 0, this.cursorInRound >>> 2);
  }

  fill(out: Uint32Array, n: number, width: 1 | 2, pairAligned: boolean): number {
    const start = this.cursorInRound;
    const lead = pairAligned ? start & 1 : 0;
    const trail = pairAligned ? (start + n) & 1 : 0;
    this.writeWords(out, start - lead, lead + n + trail, width);
    this.advance(n, width);
    return lead;
  }

  /**
   * Moves the state past n elements of the given width without computing them: O(1) in n (at most
   * one pass over the 65536 counters). This is what makes Philox counter-based: any position of a
   * stream is reached without generating what comes before it.
   */
  advance(n: number | bigint, width: 1 | 2): void {
    const start = this.cursorInRound;
    // Slots completed by this call: those whose lane-3 element lies in [c, c+n).
    let rounds: number;
    let rest: number;
    if (typeof n === 'number') {
      const completed = Math.floor((start + n) / 4) - (start >>> 2);
      rounds = Math.floor(completed / PHILOX_SUBSEQUENCES);
      rest = completed - rounds * PHILOX_SUBSEQUENCES;
    } else {
      const completed = (BigInt(start) + n) / 4n - BigInt(start >>> 2);
      const big = completed / BigInt(PHILOX_SUBSEQUENCES);
      rounds = Number(big);
      rest = Number(completed - big * BigInt(PHILOX_SUBSEQUENCES));
    }
    this.baseAll += rounds * width;
    const first = start >>> 2;
    const end = Math.min(first + rest, PHILOX_SUBSEQUENCES);
    const delta = this.baseDelta;
    for (let t = first; t < end; t++) delta[t] += width;
    for (let t = 0; t < first + rest - PHILOX_SUBSEQUENCES; t++) delta[t] += width;
    this.cursor += BigInt(n);
    this.cursorInRound = typeof n === 'number' ? (start + n) % ROUND_ELEMENTS : Number((BigInt(start) + n) % BigInt(ROUND_ELEMENTS));
  }

  /**
   * The runs of the `slots` slots that a call starting at slot `first` of the current round touches
   * first, at most one round (65536 slots): flat [j, t, count, base] quadruples, run k covering the
   * call's slots j … j+count−1, threads t … t+count−1 (never wrapping past 65535), all with base
   * counter base = base[t]. A later round of the same call repeats these runs with counters
   * base + width·round ({@link forEachSlotRun}). Runs are what the accelerated kernels compute: within
   * one, the counter words c0, c1 are constant and c2 counts up.
   */
  slotRuns(first: number, slots: number): Float64Array {
    const span = Math.min(slots, PHILOX_SUBSEQUENCES);
    const delta = this.baseDelta;
    const found: number[] = [];
    for (let j = 0; j < span; ) {
      const t = (first + j) & 0xffff;
      const end = Math.min(PHILOX_SUBSEQUENCES, t + span - j);
      const d = delta[t] as number;
      let u = t + 1;
      while (u < end && delta[u] === d) u++;
      found.push(j, t, u - t, this.baseAll + d);
      j += u - t;
    }
    return Float64Array.from(found);
  }

  /**
   * Writes the words of `count` elements starting at element `from` of the current round position
   * (from = cursorInRound or one less for a pair partner), `width` words per element, as the state
   * model addresses them for a call that started at the current cursor.
   */
  private writeWords(out: Uint32Array, from: number, count: number, width: 1 | 2): void {
    const lane = from & 3;
    const slots = (lane + count + 3) >>> 2;
    // Slot s of the call holds its elements [4s − lane, 4s − lane + 4): only the first and the last
    // slot can be partial.
    const whole = (s: number) => 4 * s - lane >= 0 && 4 * s - lane + 4 <= count;
    forEachSlotRun(this.slotRuns(from >>> 2, slots), slots, width, (j, t, n, counter) => {
      let first = j;
      let last = j + n;
      if (first === 0 && !whole(0)) {
        this.writePartialSlot(out, -lane, count, t, counter, width);
        first = 1;
      }
      if (last === slots && last > first && !whole(last - 1)) {
        last--;
        this.writePartialSlot(out, 4 * last - lane, count, t + last - j, counter, width);
      }
      if (last > first) this.writeSlots(out, (4 * first - lane) * width, t + first - j, last - first, counter, width, this.key);
    });
  }

  /**
   * The float uniforms of a call's whole slots (`runs` and `slots` as for forEachSlotRun, width 1)
   * straight from the blocks into out[at …]: the `ts` backend's fused uniform, with no scratch words.
   */
  uniformSlots(out: Float32Array, at: number, runs: Float64Array, slots: number): void {
    forEachSlotRun(runs, slots, 1, (j, t, count, counter) => {
      const lo = counter % TWO_32;
      philoxBlocks(lo, (counter - lo) / TWO_32, t, 0, count, this.key0, this.key1, out, at + 4 * j, 4);
    });
  }

  /** The elements of one slot (thread t) that lie in [0, count), the slot starting at call element `start`. */
  private writePartialSlot(out: Uint32Array, start: number, count: number, t: number, counter: number, width: 1 | 2): void {
    const block = this.block;
    philoxSlotsTs(block, 0, t, 1, counter, width, this.key);
    const from = Math.max(0, start) * width;
    const to = Math.min(count, start + 4) * width;
    for (let w = from; w < to; w++) out[w] = block[w - start * width] as number;
  }

  getState(): EngineState {
    // Canonical form: the smallest per-thread delta is folded into baseAll, so equal states print equally.
    const min = minimum(this.baseDelta);
    return {
      cursor: this.cursor.toString(),
      baseAll: this.baseAll + min,
      baseRuns: runsOf(this.baseDelta, min),
    };
  }

  setState(state: EngineState): void {
    // Offsets stay below 2^64; the cursor may run past it (cuRAND's counters carry on: measured).
    const cursor = parseDecimal(state.cursor, 'state.engine.cursor', (1n << 65n) - 1n);
    const baseAll = state.baseAll;
    if (typeof baseAll !== 'number' || !Number.isSafeInteger(baseAll) || baseAll < 0) {
      throw new TypeError('state.engine.baseAll must be a non-negative safe integer');
    }
    const delta = expandRuns(state.baseRuns, PHILOX_SUBSEQUENCES, 'state.engine.baseRuns');
    this.cursor = cursor;
    this.cursorInRound = Number(cursor % BigInt(ROUND_ELEMENTS));
    this.baseAll = baseAll;
    this.baseDelta.set(delta);
  }

  isCanonical(): boolean {
    const q0 = Number(this.cursor / BigInt(ROUND_ELEMENTS));
    const t0 = this.cursorInRound >>> 2;
    const delta = this.baseDelta;
    for (let t = 0; t < PHILOX_SUBSEQUENCES; t++) {
      if (this.baseAll + delta[t] !== q0 + (t < t0 ? 1 : 0)) return false;
    }
    return true;
  }
}

/**
 * Visits the runs of a call of `slots` slots: the runs of its first round ({@link PhiloxEngine.slotRuns})
 * and their repetitions in later rounds, where every thread's counter has moved on by `width` per
 * slot the call already gave it. visit(j, t, count, counter): slots j … j+count−1 of the call.
 */
export function forEachSlotRun(
  runs: Float64Array,
  slots: number,
  width: 1 | 2,
  visit: (j: number, t: number, count: number, counter: number) => void,
): void {
  for (let round = 0; round * PHILOX_SUBSEQUENCES < slots; round++) {
    for (let r = 0; r < runs.length; r += 4) {
      const j = (runs[r] as number) + round * PHILOX_SUBSEQUENCES;
      if (j >= slots) return;
      visit(j, runs[r + 1] as number, Math.min(runs[r + 2] as number, slots - j), (runs[r + 3] as number) + width * round);
    }
  }
}
