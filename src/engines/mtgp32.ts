/**
 * MTGP32 (Saito & Matsumoto's Mersenne Twister for Graphic Processors, exponent 11213) in cuRAND's
 * host layout (docs/spec/curand-host-semantics.md §3).
 *
 * cuRAND runs one MTGP32 state per block, block i using parameter set i, and writes the output as
 * 256-word chunks: chunk k is the next 256 words of block k mod B, with B = 192 blocks for the
 * `default`/`best` orderings and 64 for `legacy`. Every element of every distribution takes one
 * word, so the position is the number of words generated.
 */

import type { Ordering } from '../types.js';
import type { Engine, EngineState } from './engine.js';
import { MTGP32_MASK, MTGP32_PARAMS, MTGP32_PARAM_STRIDE } from './mtgp32-params.js';

/** Live state words per block (the MTGP32-11213 state is ⌈11213/32⌉ words). */
const N = 351;
/** The ring the state lives in; a power of two so that indices wrap with a mask. */
const RING = 1024;
const RING_MASK = RING - 1;
/** Words a block contributes before the layout moves to the next block (cuRAND's threads per block). */
const CHUNK = 256;

/** An Int32Array over a SharedArrayBuffer of its own. */
function sharedInt32(length: number): Int32Array {
  return new Int32Array(new SharedArrayBuffer(4 * length));
}

/** Blocks per ordering (§3.2): 192 for DEFAULT/BEST, 64 for LEGACY. */
function blockCount(ordering: Ordering): number {
  return ordering === 'legacy' ? 64 : 192;
}

/** Positions are kept as doubles; 2^53 words are ≈ 1.4 years of generation at full speed. */
const MAX_POSITION = Number.MAX_SAFE_INTEGER;
const TWO_64 = 1n << 64n;

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
 * Runs `count` steps of the recursion alone, without tempering or output: how a block is brought
 * forward after setState. Kept apart from `step` so that neither hot loop carries a branch
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

/** Words block `b` of `blocks` has produced when the stream is at word `position` (§3.2 layout). */
function wordsOfBlock(b: number, blocks: number, position: number): number {
  const chunk = Math.floor(position / CHUNK);
  const within = position - chunk * CHUNK;
  const completed = chunk > b ? Math.ceil((chunk - b) / blocks) : 0;
  return completed * CHUNK + (chunk % blocks === b ? within : 0);
}

function seed32Of(seed: bigint): number {
  return Number(BigInt.asUintN(32, seed ^ (seed >> 32n)));
}

function checkSeed(seed: bigint): void {
  if (typeof seed !== 'bigint') throw new TypeError('seed must be a bigint');
  if (seed < 0n || seed >= TWO_64) throw new RangeError('seed must be in [0, 2^64)');
}

function parseDecimal(value: unknown, name: string, limit: bigint): bigint {
  if (typeof value !== 'string' || !/^(0|[1-9][0-9]*)$/.test(value)) {
    throw new TypeError(`${name} must be a decimal integer string`);
  }
  const v = BigInt(value);
  if (v > limit) throw new RangeError(`${name} must be at most ${limit}`);
  return v;
}

/**
 * State (`getState`): `{ position: "<decimal words generated>" }`, the same portable state the
 * cuRAND-backed backends keep for MTGP32 (seed and ordering travel in the Generator's envelope and
 * arrive through `reset`). Every block's state follows from seed, ordering and position, so
 * `setState` only records the position; each block is regenerated (seeded and run forward by its
 * share of the position) when it is next used, at the engine's full speed.
 */
export class Mtgp32Engine implements Engine {
  #seed32 = 0;
  #blocks = 192;
  #position = 0;
  /**
   * Every block's ring, block b at [b·RING, (b+1)·RING): one buffer, so that kernels see them all;
   * shared, as native async kernels write only into SharedArrayBuffers.
   */
  #ringStore = sharedInt32(192 * RING);
  /** Ring per block (views of #ringStore), undefined until the block is first used. */
  #rings: (Int32Array | undefined)[] = [];
  #idx = sharedInt32(192);

  constructor(seed: bigint, ordering: Ordering) {
    this.reset(seed, 0n, ordering);
  }

  get position(): bigint {
    return BigInt(this.#position);
  }

  reset(seed: bigint, offset: bigint, ordering: Ordering): void {
    checkSeed(seed);
    // cuRAND rejects curandSetGeneratorOffset for MTGP32 (status 103, §3.2); the façade never passes one.
    if (offset !== 0n) throw new RangeError('MTGP32 has no offset: offset must be 0n');
    const blocks = blockCount(ordering);
    this.#seed32 = seed32Of(seed);
    this.#blocks = blocks;
    this.#moveTo(0);
  }

  /** Sets the position and drops every block; #materialise rebuilds each one at its next use. */
  #moveTo(position: number): void {
    this.#position = position;
    if (this.#ringStore.length !== this.#blocks * RING) this.#ringStore = sharedInt32(this.#blocks * RING);
    this.#rings = new Array<Int32Array | undefined>(this.#blocks).fill(undefined);
    this.#idx = sharedInt32(this.#blocks);
  }

  isCanonical(): boolean {
    // Any MTGP32 position is reachable on cuRAND by generating and discarding words.
    return true;
  }

  fill(out: Uint32Array, n: number, width: 1 | 2, pairAligned: boolean): number {
    if (width !== 1 || pairAligned) throw new TypeError('MTGP32 takes one word per element and has no pairs');
    if (!Number.isInteger(n) || n < 0 || n > out.length) throw new RangeError('n must be an integer in [0, out.length]');
    this.runChunks(out, this.planChunks(n));
    return 0;
  }

  /**
   * The chunks [block, out index, words]… of the next n words (each block's words come from its own
   * ring), with every block they use materialised; moves the position past them. runChunks (or a
   * kernel) must then run them, in order, before anything else touches the rings.
   */
  protected planChunks(n: number): Float64Array {
    if (this.#position + n > MAX_POSITION) throw new RangeError('MTGP32 position would exceed 2^53 − 1 words');
    // Written in place, the form the kernels take (a growing array of numbers cost a third of a
    // 2^24-word kernel call).
    const chunks = new Float64Array(n === 0 ? 0 : 3 * Math.ceil(((this.#position % CHUNK) + n) / CHUNK));
    let c = 0;
    let o = 0;
    let position = this.#position;
    while (o < n) {
      const chunk = Math.floor(position / CHUNK);
      const within = position - chunk * CHUNK;
      const b = chunk % this.#blocks;
      const take = Math.min(CHUNK - within, n - o);
      if (this.#rings[b] === undefined) this.#materialise(b, position);
      chunks[c] = b;
      chunks[c + 1] = o;
      chunks[c + 2] = take;
      c += 3;
      o += take;
      position += take;
    }
    this.#position = position;
    return chunks;
  }

  /**
   * Runs the chunks [b, o, take]… in order: `take` steps of block b (its ring at ring index
   * ringIndex[b], moved on) writing its tempered words to out[o …]. Chunks of different blocks are
   * independent. The kernel engines (src/backends/kernel.ts) override this with a kernel.
   */
  protected runChunks(out: Uint32Array, chunks: Float64Array): void {
    for (let c = 0; c < chunks.length; c += 3) {
      const b = chunks[c] as number;
      this.#idx[b] = step(this.#rings[b] as Int32Array, this.#idx[b] as number, b, out, chunks[c + 1] as number, chunks[c + 2] as number);
    }
  }

  /** Every block's ring, block b at [b·1024, (b+1)·1024) (the blocks a call uses are materialised). */
  protected get ringStore(): Int32Array {
    return this.#ringStore;
  }

  /** Each block's ring index. */
  protected get ringIndex(): Int32Array {
    return this.#idx;
  }

  /** Seeds block b and advances it by its share of `position` (lazy: blocks cost nothing until used). */
  #materialise(b: number, position: number): Int32Array {
    const ring = this.#ringStore.subarray(b * RING, (b + 1) * RING);
    // Block b is seeded with low32(seed ^ seed >> 32) + b + 1 (§3.1, curandMakeMTGP32KernelState).
    initBlock(ring, b, (this.#seed32 + b + 1) | 0);
    this.#rings[b] = ring;
    this.#idx[b] = skip(ring, 0, b, wordsOfBlock(b, this.#blocks, position));
    return ring;
  }

  getState(): EngineState {
    return { position: String(this.#position) };
  }

  setState(state: EngineState): void {
    if (typeof state !== 'object' || state === null) throw new TypeError('state.engine must be an object');
    this.#moveTo(Number(parseDecimal(state.position, 'state.engine.position', BigInt(MAX_POSITION))));
  }
}
