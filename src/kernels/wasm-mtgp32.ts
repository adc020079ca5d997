/**
 * The `wasm` backend's MTGP32 (wasm/mtgp32.ts, in the kernel's module): runs the chunks the engine
 * planned (PlannedChunksEngine.runPlanned) on copies of the rings and ring indices of the blocks they
 * use (into the instance, the ring slots the call reads; back, those it writes), and copies the
 * outputs out of the scratch area a batch of chunks at a time.
 */
import { MTGP32_MASK, MTGP32_PARAMS } from '../engines/mtgp32-params.js';
import type { OutputArray } from '../types.js';
import { KERNEL_OP, type KernelOp, type Mtgp32Chunks } from './kernel.js';

/** What wasm/mtgp32.ts exports (pointers and counts are i32). */
export interface Mtgp32Exports {
  memory: { buffer: ArrayBuffer };
  scratchPointer(): number;
  SCRATCH_BYTES: { value: number };
  MTGP32_SETS: { value: number };
  MTGP32_MAX_CHUNKS: { value: number };
  mtgp32ParamsPointer(): number;
  mtgp32RingsPointer(): number;
  mtgp32IdxPointer(): number;
  mtgp32ChunksPointer(): number;
  mtgp32Setup(mask: number): void;
  mtgp32(op: number, out: number, chunks: number, n: number, a: number, b: number): void;
}

/** Words of a block's ring, and live state words in it (src/engines/mtgp32.ts). */
const RING = 1024;
const N = 351;

/** Below this many values a copy runs element by element: a view for set() costs more. */
const COPY_BY_SET = 64;

/** Copies `length` words of block b's ring from ring index `at` on (wrapping), from one ring store to another. */
function copyRing(from: Int32Array, to: Int32Array, b: number, at: number, length: number): void {
  const base = b * RING;
  if (length < COPY_BY_SET) {
    for (let k = 0; k < length; k++) {
      const i = base + ((at + k) & (RING - 1));
      to[i] = from[i] as number;
    }
    return;
  }
  const head = Math.min(length, RING - at);
  to.set(from.subarray(base + at, base + at + head), base + at);
  if (length > head) to.set(from.subarray(base, base + length - head), base);
}

/** The MTGP32 ops the kernel computes, one word each: raw words (uint32), uniform, uniformDouble and the float inverse-CDF normals and log-normals. */
export const WASM_MTGP32_OPS: ReadonlySet<KernelOp> = new Set([KERNEL_OP.words, KERNEL_OP.uniform, KERNEL_OP.uniformDouble, KERNEL_OP.normal, KERNEL_OP.logNormal]);

export class WasmMtgp32 implements Mtgp32Chunks {
  readonly #k: Mtgp32Exports;
  readonly #rings: Int32Array;
  readonly #idx: Int32Array;
  readonly #chunks: Int32Array;
  readonly #scratch: number;
  readonly #views: { u32: Uint32Array; f32: Float32Array; f64: Float64Array };
  /** Per block: the number of the call that last used it (#calls), and the words it takes in that call. */
  readonly #usedBy: Float64Array;
  readonly #words: Float64Array;
  /** The blocks the call uses, in order of first use. */
  readonly #used: Int32Array;
  #calls = 0;

  constructor(exports: Mtgp32Exports) {
    this.#k = exports;
    const { buffer } = exports.memory;
    const sets = exports.MTGP32_SETS.value;
    new Uint32Array(buffer, exports.mtgp32ParamsPointer(), MTGP32_PARAMS.length).set(MTGP32_PARAMS);
    exports.mtgp32Setup(MTGP32_MASK);
    this.#rings = new Int32Array(buffer, exports.mtgp32RingsPointer(), sets * RING);
    this.#idx = new Int32Array(buffer, exports.mtgp32IdxPointer(), sets);
    this.#chunks = new Int32Array(buffer, exports.mtgp32ChunksPointer(), 3 * exports.MTGP32_MAX_CHUNKS.value);
    this.#scratch = exports.scratchPointer();
    const bytes = exports.SCRATCH_BYTES.value;
    this.#views = { u32: new Uint32Array(buffer, this.#scratch, bytes / 4), f32: new Float32Array(buffer, this.#scratch, bytes / 4), f64: new Float64Array(buffer, this.#scratch, bytes / 8) };
    this.#usedBy = new Float64Array(sets).fill(-1);
    this.#words = new Float64Array(sets);
    this.#used = new Int32Array(sets);
  }

  /**
   * The chunks [block, at, words]… in order, covering out[at …] contiguously as the engine plans them;
   * mean and stddev for the normals. `threads` does not apply: it runs on this thread.
   */
  fill(op: KernelOp, out: OutputArray, rings: Int32Array, idx: Int32Array, chunks: Float64Array, mean: number, stddev: number): void {
    if (!WASM_MTGP32_OPS.has(op)) throw new TypeError(`the WebAssembly MTGP32 kernel has no op ${op}`);
    const count = chunks.length / 3;
    if (count === 0) return;
    const blocks = idx.length;
    if (blocks > this.#idx.length || rings.length !== blocks * RING) throw new RangeError(`the WebAssembly MTGP32 kernel runs at most ${this.#idx.length} blocks of ${RING}-word rings`);
    const call = this.#calls++;
    let used = 0;
    for (let c = 0; c < chunks.length; c += 3) {
      const b = chunks[c] as number;
      if (this.#usedBy[b] !== call) {
        this.#usedBy[b] = call;
        this.#used[used++] = b;
        this.#words[b] = 0;
      }
      this.#words[b] = (this.#words[b] as number) + (chunks[c + 2] as number);
    }
    // Of each block's ring, only what the call reads: the W steps it takes from ring index i read
    // slots up to i + W + pos − 1, pos < 351, or slots they wrote themselves first.
    for (let u = 0; u < used; u++) {
      const b = this.#used[u] as number;
      copyRing(rings, this.#rings, b, idx[b] as number, Math.min((this.#words[b] as number) + N, RING));
      this.#idx[b] = idx[b] as number;
    }
    const view = out instanceof Float64Array ? this.#views.f64 : out instanceof Float32Array ? this.#views.f32 : this.#views.u32;
    // One element per word: a batch is the chunks whose outputs fit the scratch area.
    const most = view.length;
    const list = this.#chunks;
    const maxChunks = list.length / 3;
    for (let c = 0; c < count; ) {
      const base = chunks[3 * c + 1] as number;
      let end = base;
      let k = 0;
      for (; c + k < count && k < maxChunks; k++) {
        const e = 3 * (c + k);
        const at = chunks[e + 1] as number;
        const words = chunks[e + 2] as number;
        if (k > 0 && at + words - base > most) break;
        list[3 * k] = chunks[e] as number;
        list[3 * k + 1] = at - base;
        list[3 * k + 2] = words;
        end = at + words;
      }
      this.#k.mtgp32(op, this.#scratch, k, end - base, mean, stddev);
      if (end - base < COPY_BY_SET) for (let j = 0; j < end - base; j++) out[base + j] = view[j] as number;
      else out.set(view.subarray(0, end - base), base);
      c += k;
    }
    // And back only what it wrote: the W slots from i + 351.
    for (let u = 0; u < used; u++) {
      const b = this.#used[u] as number;
      copyRing(this.#rings, rings, b, ((idx[b] as number) + N) % RING, Math.min(this.#words[b] as number, RING));
      idx[b] = this.#idx[b] as number;
    }
  }

  /** On this thread, at once (the blocks are not split over the worker threads). */
  async fillAsync(op: KernelOp, out: OutputArray, rings: Int32Array, idx: Int32Array, chunks: Float64Array, mean: number, stddev: number): Promise<void> {
    this.fill(op, out, rings, idx, chunks, mean, stddev);
  }
}
