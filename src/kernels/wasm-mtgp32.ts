/**
 * The `wasm` backend's MTGP32 (wasm/mtgp32.ts, in the kernel's module): runs the chunks the engine
 * planned (PlannedChunksEngine.runPlanned) on copies of the rings and ring indices of the blocks they
 * use, which it copies into the instance and back, and copies the outputs out of the scratch area a
 * batch of chunks at a time.
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
  mtgp32(op: number, out: number, chunks: number): void;
}

/** Words of a block's ring (src/engines/mtgp32.ts). */
const RING = 1024;

/** The MTGP32 ops the kernel computes: raw words (uint32), uniform and uniformDouble, one word each. */
export const WASM_MTGP32_OPS: ReadonlySet<KernelOp> = new Set([KERNEL_OP.words, KERNEL_OP.uniform, KERNEL_OP.uniformDouble]);

export class WasmMtgp32 implements Mtgp32Chunks {
  readonly #k: Mtgp32Exports;
  readonly #rings: Int32Array;
  readonly #idx: Int32Array;
  readonly #chunks: Int32Array;
  readonly #scratch: number;
  readonly #views: { u32: Uint32Array; f32: Float32Array; f64: Float64Array };
  /** Per block: the number of the call that last copied its ring in (#calls). */
  readonly #loadedBy: Float64Array;
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
    this.#loadedBy = new Float64Array(sets).fill(-1);
  }

  /**
   * The chunks [block, at, words]… in order, covering out[at …] contiguously as the engine plans them.
   * (a, b) and `threads` do not apply: the kernel's ops take no parameters, and it runs on this thread.
   */
  fill(op: KernelOp, out: OutputArray, rings: Int32Array, idx: Int32Array, chunks: Float64Array): void {
    if (!WASM_MTGP32_OPS.has(op)) throw new TypeError(`the WebAssembly MTGP32 kernel has no op ${op}`);
    const count = chunks.length / 3;
    if (count === 0) return;
    const blocks = idx.length;
    if (blocks > this.#idx.length || rings.length !== blocks * RING) throw new RangeError(`the WebAssembly MTGP32 kernel runs at most ${this.#idx.length} blocks of ${RING}-word rings`);
    const call = this.#calls++;
    const used: number[] = [];
    for (let c = 0; c < chunks.length; c += 3) {
      const b = chunks[c] as number;
      if (this.#loadedBy[b] === call) continue;
      this.#loadedBy[b] = call;
      used.push(b);
      this.#rings.set(rings.subarray(b * RING, (b + 1) * RING), b * RING);
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
      this.#k.mtgp32(op, this.#scratch, k);
      out.set(view.subarray(0, end - base), base);
      c += k;
    }
    for (const b of used) {
      rings.set(this.#rings.subarray(b * RING, (b + 1) * RING), b * RING);
      idx[b] = this.#idx[b] as number;
    }
  }

  /** On this thread, at once (the blocks are not split over the worker threads). */
  async fillAsync(op: KernelOp, out: OutputArray, rings: Int32Array, idx: Int32Array, chunks: Float64Array): Promise<void> {
    this.fill(op, out, rings, idx, chunks);
  }
}
