/**
 * MTGP32 (Saito & Matsumoto's Mersenne Twister for Graphic Processors, exponent 11213) in cuRAND's
 * host layout (docs/spec/curand-host-semantics.md §3).
 *
 * cuRAND runs one MTGP32 state per block, block i using parameter set i, and writes the output as
 * 256-word chunks from B = 192 blocks for the `default`/`best` orderings and 64 for `legacy`: chunk
 * k is the next 256 words of block k mod B — until a call starts past 2^32 words, where cuRAND's
 * 32-bit position changes which block a call starts in, and how (mtgp32-cursor.ts). Every element of
 * every distribution takes one word, so the position is the number of words generated.
 */

import type { Ordering } from '../types.js';
import type { EngineState, Mtgp32ChunkRunner, PlannedChunksEngine, StagedSetupEngine } from './engine.js';
import { MTGP32_CHUNK, Mtgp32Cursor, mtgp32Blocks } from './mtgp32-cursor.js';
import { Mtgp32BlockJump, Mtgp32JumpScratch, MTGP32_JUMP_MIN_STEPS } from './mtgp32-jump.js';
import { MTGP32_MASK, MTGP32_PARAMS, MTGP32_PARAM_STRIDE } from './mtgp32-params.js';

/** Live state words per block (the MTGP32-11213 state is ⌈11213/32⌉ words). */
const N = 351;
/**
 * The ring the state lives in: 1024 words as in cuRAND's own MTGP32 state. The size shows in the
 * output: the ring slots a call past 2^32 words skips keep their words of 1024 steps before
 * (mtgp32-cursor.ts).
 */
const RING = 1024;
const RING_MASK = RING - 1;
const TWO_64 = 1n << 64n;

/** An Int32Array over a SharedArrayBuffer of its own. */
function sharedInt32(length: number): Int32Array {
  return new Int32Array(new SharedArrayBuffer(4 * length));
}

/**
 * The most holes (mtgp32-cursor.ts) a restored state may have. Rebuilding a block jumps it ahead
 * (mtgp32-jump.ts) to its position and to each of its holes: ≈ 5–10 ms a jump with the WebAssembly
 * SIMD heap, 36–50 ms without (docs/jump-ahead.md), so 1024 holes — a generator that started 1024
 * calls past multiples of 2^32, ≈ 4.4·10^12 words — cost at most ≈ 10 s, or ≈ 50 s without SIMD.
 */
export const MTGP32_RESTORE_HOLES = 1024;

/**
 * Set-up steps (StagedSetupEngine) of rebuilding a block, each about a quarter to half a millisecond:
 * 2^16 words stepped, or one step of a jump (a square of its polynomial; Mtgp32BlockJump).
 */
const SETUP_WORDS = 1 << 16;
/**
 * Runs longer than this are jumped, all but their last RING words, which are stepped: a hole keeps
 * ring slots of up to 1024 steps before it, which a jump (exact only in the live window) leaves as
 * they were.
 */
const JUMP_FROM = MTGP32_JUMP_MIN_STEPS + RING;

/** MTGP32_PARAMS viewed as signed words: the recursion runs on int32 to keep V8 on small integers. */
const PARAMS = new Int32Array(MTGP32_PARAMS.buffer, MTGP32_PARAMS.byteOffset, MTGP32_PARAMS.length);
const MASK = MTGP32_MASK | 0;
const TBL = 3; // offsets inside one parameter set
const TMP_TBL = 19;

/**
 * Standard MTGP initialisation of one state from a 32-bit seed (MTGP's `mtgp32_init_state`, as
 * cuRAND's `curandMakeMTGP32KernelState` uses it): every byte of the state set to a value derived
 * from the "hidden seed" tbl[4] ^ (tbl[8] << 16), then words 0 and 1 set to the seed and the hidden
 * seed and Knuth's MT initialisation (multiplier 1812433253) run over the 351 words.
 */
function initBlock(ring: Int32Array, set: number, seed32: number): void {
  const p = set * MTGP32_PARAM_STRIDE;
  const hidden = (PARAMS[p + TBL + 4] as number) ^ ((PARAMS[p + TBL + 8] as number) << 16);
  let h = (hidden + (hidden >>> 16)) | 0;
  h = (h + (h >>> 8)) & 0xff;
  ring.fill(Math.imul(h, 0x01010101), 0, N);
  ring[0] = seed32;
  ring[1] = hidden;
  for (let i = 1; i < N; i++) {
    const prev = ring[i - 1] as number;
    ring[i] = (ring[i] as number) ^ ((Math.imul(1812433253, prev ^ (prev >>> 30)) + i) | 0);
  }
}

/**
 * Runs `count` MTGP32 steps of one block from ring index `idx`, writing the tempered outputs to
 * out[o…] (§3.1: recursion with the shared mask, then tempering with tmp_tbl), and returns the
 * new ring index.
 */
function step(
  ring: Int32Array,
  idx: number,
  set: number,
  out: Uint32Array,
  o: number,
  count: number,
): number {
  const p = set * MTGP32_PARAM_STRIDE;
  const pos = PARAMS[p] as number;
  const sh1 = PARAMS[p + 1] as number;
  const sh2 = PARAMS[p + 2] as number;
  const tbl = PARAMS.subarray(p + TBL, p + TBL + 16);
  const tmp = PARAMS.subarray(p + TMP_TBL, p + TMP_TBL + 16);
  const end = o + count;
  for (; o < end; o++) {
    let x = ((ring[idx] as number) & MASK) ^ (ring[(idx + 1) & RING_MASK] as number);
    x ^= x << sh1;
    const y = x ^ ((ring[(idx + pos) & RING_MASK] as number) >>> sh2);
    const r = y ^ (tbl[y & 15] as number);
    ring[(idx + N) & RING_MASK] = r;
    let t = ring[(idx + pos - 1) & RING_MASK] as number;
    t ^= t >>> 16;
    t ^= t >>> 8;
    out[o] = r ^ (tmp[t & 15] as number);
    idx = (idx + 1) & RING_MASK;
  }
  return idx;
}

/**
 * Runs `count` steps of the recursion alone, without tempering or output: how a block is rebuilt
 * after setState. Kept apart from `step` so that neither hot loop carries a branch
 * (about twice as fast as generating into a scratch buffer).
 */
function skip(ring: Int32Array, idx: number, set: number, count: number): number {
  const p = set * MTGP32_PARAM_STRIDE;
  const pos = PARAMS[p] as number;
  const sh1 = PARAMS[p + 1] as number;
  const sh2 = PARAMS[p + 2] as number;
  const tbl = PARAMS.subarray(p + TBL, p + TBL + 16);
  for (let k = 0; k < count; k++) {
    let x = ((ring[idx] as number) & MASK) ^ (ring[(idx + 1) & RING_MASK] as number);
    x ^= x << sh1;
    const y = x ^ ((ring[(idx + pos) & RING_MASK] as number) >>> sh2);
    ring[(idx + N) & RING_MASK] = y ^ (tbl[y & 15] as number);
    idx = (idx + 1) & RING_MASK;
  }
  return idx;
}

function seed32Of(seed: bigint): number {
  return Number(BigInt.asUintN(32, seed ^ (seed >> 32n)));
}

function checkSeed(seed: bigint): void {
  if (typeof seed !== 'bigint') throw new TypeError('seed must be a bigint');
  if (seed < 0n || seed >= TWO_64) throw new RangeError('seed must be in [0, 2^64)');
}

/**
 * State (`getState`): the cursor's (mtgp32-cursor.ts) — `{ position: "<decimal words generated>" }`
 * while every block follows from the position, as the cuRAND-backed backends keep it too (seed and
 * ordering travel in the Generator's envelope and arrive through `reset`). `setState` only records
 * it; each block is rebuilt (seeded, then jumped and stepped through its history) when it is next
 * used, or ahead of time in slices through the staged set-up (runSetup).
 */
export class Mtgp32Engine implements StagedSetupEngine, PlannedChunksEngine {
  #seed32 = 0;
  readonly #cursor = new Mtgp32Cursor();
  /**
   * Every block's ring, block b at [b·RING, (b+1)·RING): one buffer, so that kernels see them all;
   * shared, as the native kernels' async calls write only into SharedArrayBuffers.
   */
  #ringStore = sharedInt32(192 * RING);
  /** Ring per block (views of #ringStore). */
  #rings: Int32Array[] = [];
  #idx = sharedInt32(192);
  /** Per block: 1 once its ring is at the cursor's ring position; and how many are. */
  #ready = new Uint8Array(192);
  #readyCount = 0;
  /** Per block being rebuilt: the ring position reached (−1: not started), and its jump under way. */
  #rebuiltTo = new Float64Array(192);
  #jumps: ({ job: Mtgp32BlockJump; steps: number } | undefined)[] = [];
  /** Shared by the blocks' jumps, one at a time; dropped once every block is rebuilt. */
  #jumpScratch: Mtgp32JumpScratch | undefined;

  /** `runChunks` runs the planned chunks of raw-word calls (engine.ts Mtgp32ChunkRunner); null: the TypeScript recursion. */
  constructor(
    seed: bigint,
    ordering: Ordering,
    private readonly runChunks: Mtgp32ChunkRunner | null = null,
  ) {
    this.reset(seed, 0n, ordering);
  }

  get position(): bigint {
    return BigInt(this.#cursor.position);
  }

  reset(seed: bigint, offset: bigint, ordering: Ordering): void {
    checkSeed(seed);
    // cuRAND rejects curandSetGeneratorOffset for MTGP32 (status 103, §3.2); the façade never passes one.
    if (offset !== 0n) throw new RangeError('MTGP32 has no offset: offset must be 0n');
    this.#seed32 = seed32Of(seed);
    this.#cursor.reset(mtgp32Blocks(ordering));
    this.#dropBlocks();
  }

  /** Forgets every block's ring: each is rebuilt from the cursor at its next use. */
  #dropBlocks(): void {
    const blocks = this.#cursor.blocks;
    if (this.#ringStore.length !== blocks * RING || this.#rings.length !== blocks) {
      this.#ringStore = sharedInt32(blocks * RING);
      this.#rings = Array.from({ length: blocks }, (_, b) => this.#ringStore.subarray(b * RING, (b + 1) * RING));
    }
    this.#idx = sharedInt32(blocks);
    this.#ready = new Uint8Array(blocks);
    this.#readyCount = 0;
    this.#rebuiltTo = new Float64Array(blocks).fill(-1);
    this.#jumps = new Array<{ job: Mtgp32BlockJump; steps: number } | undefined>(blocks).fill(undefined);
  }

  isCanonical(): boolean {
    return this.#cursor.isCanonical();
  }

  fill(out: Uint32Array, n: number, width: 1 | 2, pairAligned: boolean): number {
    if (width !== 1 || pairAligned) throw new TypeError('MTGP32 takes one word per element and has no pairs');
    if (!Number.isInteger(n) || n < 0 || n > out.length) throw new RangeError('n must be an integer in [0, out.length]');
    const chunks = this.#plan(n);
    if (this.runChunks === null) this.#step(out, chunks);
    else this.runChunks(out, chunks, this.#ringStore, this.#idx);
    return 0;
  }

  runPlanned<R>(n: number, run: (chunks: Float64Array, rings: Int32Array, idx: Int32Array) => R): R {
    return run(this.#plan(n), this.#ringStore, this.#idx);
  }

  /**
   * The chunks [block, out index, words]… of the next n words (each block's words come from its own
   * ring), with every block they use rebuilt and at the ring position its first chunk starts from;
   * moves the position past them. They must then be run, in order, before anything else touches the
   * rings.
   */
  #plan(n: number): Float64Array {
    const cursor = this.#cursor;
    if (this.#readyCount < cursor.blocks) for (const b of cursor.blocksFor(n)) if (this.#ready[b] === 0) this.#rebuild(b, Infinity);
    // Written in place, the form the kernels take (a growing array of numbers cost a third of a
    // 2^24-word kernel call).
    const chunks = new Float64Array(3 * cursor.chunksFor(n));
    cursor.advance(n, chunks, (b, words) => {
      // Back to recompute a chunk from its start, or forward over a hole: the ring still holds
      // every word the chunk reads (they precede it by at most 351 + 255 < 1024 words).
      this.#idx[b] = words % RING;
    });
    return chunks;
  }

  /**
   * Runs the chunks [b, o, take]… in order: `take` steps of block b (its ring at ring index
   * #idx[b], moved on) writing its tempered words to out[o …]. Chunks of different blocks are
   * independent.
   */
  #step(out: Uint32Array, chunks: Float64Array): void {
    for (let c = 0; c < chunks.length; c += 3) {
      const b = chunks[c] as number;
      this.#idx[b] = step(this.#rings[b] as Int32Array, this.#idx[b] as number, b, out, chunks[c + 1] as number, chunks[c + 2] as number);
    }
  }

  /**
   * Runs up to `budget` set-up steps of rebuilding block b (seeded with low32(seed ^ seed >> 32) + b + 1,
   * §3.1, curandMakeMTGP32KernelState; then brought to its ring position, jumping over its holes as
   * cuRAND did); returns the steps run.
   */
  #rebuild(b: number, budget: number): number {
    const ring = this.#rings[b] as Int32Array;
    let at = this.#rebuiltTo[b] as number;
    if (at < 0) {
      initBlock(ring, b, (this.#seed32 + b + 1) | 0);
      this.#idx[b] = 0;
      at = 0;
    }
    const target = this.#cursor.words[b] as number;
    const holes = this.#cursor.holesOf(b);
    let done = 0;
    while (done < budget) {
      const jump = this.#jumps[b];
      if (jump !== undefined) {
        done += jump.job.run(budget - done);
        if (jump.job.stepsLeft > 0) break;
        at += jump.steps;
        this.#idx[b] = jump.job.idx;
        this.#jumps[b] = undefined;
        continue;
      }
      if (at === target) break;
      const hole = holes.find((h) => h.chunk * MTGP32_CHUNK + h.from >= at);
      const holeAt = hole === undefined ? Infinity : hole.chunk * MTGP32_CHUNK + hole.from;
      if (hole !== undefined && holeAt === at) {
        // The chunk's words [from, to) were never computed: their ring slots keep older words.
        at = hole.chunk * MTGP32_CHUNK + hole.to;
        this.#idx[b] = at % RING;
        continue;
      }
      const k = Math.min(target, holeAt) - at;
      if (k >= JUMP_FROM) {
        this.#jumpScratch ??= new Mtgp32JumpScratch();
        this.#jumps[b] = { job: new Mtgp32BlockJump(ring, this.#idx[b] as number, b, k - RING, this.#jumpScratch), steps: k - RING };
        continue;
      }
      const words = Math.min(k, (budget - done) * SETUP_WORDS);
      this.#idx[b] = skip(ring, this.#idx[b] as number, b, words);
      at += words;
      done += Math.ceil(words / SETUP_WORDS);
    }
    this.#rebuiltTo[b] = at;
    if (at === target && this.#jumps[b] === undefined) {
      this.#ready[b] = 1;
      if (++this.#readyCount === this.#cursor.blocks) this.#jumpScratch = undefined;
    }
    return done;
  }

  /** Set-up steps still needed to rebuild block b from where its rebuilding stands (the same walk as #rebuild). */
  #rebuildSteps(b: number): number {
    const jump = this.#jumps[b];
    let at = Math.max(0, this.#rebuiltTo[b] as number);
    let steps = 0;
    if (jump !== undefined) {
      steps += jump.job.stepsLeft;
      at += jump.steps;
    }
    const target = this.#cursor.words[b] as number;
    for (const hole of this.#cursor.holesOf(b)) {
      const holeAt = hole.chunk * MTGP32_CHUNK + hole.from;
      if (holeAt < at) continue;
      steps += runSteps(holeAt - at);
      at = hole.chunk * MTGP32_CHUNK + hole.to;
    }
    return steps + runSteps(target - at);
  }

  /** Set-up steps (2^16 stepped words, or one step of a block jump) still needed before fill(n) runs without any. */
  setupNeeded(n: number): number {
    let steps = 0;
    for (const b of this.#cursor.blocksFor(n)) if (this.#ready[b] === 0) steps += this.#rebuildSteps(b);
    return steps;
  }

  /** Runs up to `steps` set-up steps, rebuilding blocks in the order the stream next uses them; returns how many ran. */
  runSetup(steps: number): number {
    let ran = 0;
    for (const b of this.#cursor.blocksFor(Infinity)) {
      while (ran < steps && this.#ready[b] === 0) ran += this.#rebuild(b, steps - ran);
      if (ran >= steps) break;
    }
    return ran;
  }

  getState(): EngineState {
    return this.#cursor.getState();
  }

  setState(state: EngineState): void {
    this.#cursor.setState(state, { holes: MTGP32_RESTORE_HOLES });
    this.#dropBlocks();
  }
}

/** Set-up steps of bringing a block k steps on: jumped (all but the last 1024, stepped) or stepped. */
function runSteps(k: number): number {
  return k >= JUMP_FROM ? Mtgp32BlockJump.stepsFor(k - RING) + Math.ceil(RING / SETUP_WORDS) : Math.ceil(k / SETUP_WORDS);
}
