/**
 * The `wasm` backend's XORWOW (wasm/xorwow.ts, in the kernel's module): runs a call's slots on the
 * engine's thread states (SlotStatesEngine.runSlots), which it copies into the instance and back,
 * and copies the outputs out of the scratch area a chunk of whole rounds at a time.
 */
import type { ThreadStates } from '../engines/engine.js';
import type { OutputArray } from '../types.js';
import { KERNEL_OP, type KernelOp, type ThreadSlots } from './kernel.js';

/** What wasm/xorwow.ts exports (pointers and counts are i32). */
export interface XorwowExports {
  memory: { buffer: ArrayBuffer };
  scratchPointer(): number;
  SCRATCH_BYTES: { value: number };
  MAX_THREADS: { value: number };
  threadStatesPointer(): number;
  loadThreads(lanes: number): void;
  saveThreads(lanes: number): void;
  xorwow(op: number, out: number, threads: number, slots: number, words: number, a: number, b: number): void;
}

/** Values of the engine's state per thread: v0 … v4, d (src/engines/xorwow.ts). */
const STATE_WORDS = 6;

/** The XORWOW ops the kernel computes: raw words, uint32 (one word), uniform, uniformDouble and the float normals and log-normals. */
export const WASM_XORWOW_OPS: ReadonlySet<KernelOp> = new Set([KERNEL_OP.words, KERNEL_OP.uniform, KERNEL_OP.uniformDouble, KERNEL_OP.normal, KERNEL_OP.logNormal]);

/** Bytes one slot of `op` writes: its raw words, a float, a double or a float pair. */
function slotBytes(op: KernelOp, words: number): number {
  return op === KERNEL_OP.words ? 4 * words : op === KERNEL_OP.uniform ? 4 : 8;
}

export class WasmXorwow implements ThreadSlots {
  readonly #k: XorwowExports;
  readonly #states: Int32Array;
  readonly #scratch: number;
  readonly #views: { u32: Uint32Array; f32: Float32Array; f64: Float64Array };

  constructor(exports: XorwowExports) {
    this.#k = exports;
    const { buffer } = exports.memory;
    this.#states = new Int32Array(buffer, exports.threadStatesPointer(), STATE_WORDS * exports.MAX_THREADS.value);
    this.#scratch = exports.scratchPointer();
    const bytes = exports.SCRATCH_BYTES.value;
    this.#views = { u32: new Uint32Array(buffer, this.#scratch, bytes / 4), f32: new Float32Array(buffer, this.#scratch, bytes / 4), f64: new Float64Array(buffer, this.#scratch, bytes / 8) };
  }

  /** On this thread, whatever `threads` says (the lanes are not split over the worker threads yet). */
  fill(op: KernelOp, out: OutputArray, at: number, states: ThreadStates, first: number, slots: number, words: number, a: number, b: number): void {
    if (!WASM_XORWOW_OPS.has(op)) throw new TypeError(`the WebAssembly XORWOW kernel has no op ${op}`);
    const threads = states.length / STATE_WORDS;
    if (threads > this.#k.MAX_THREADS.value || threads % 4 !== 0) throw new RangeError(`the WebAssembly XORWOW kernel runs 4 … ${this.#k.MAX_THREADS.value} threads, a multiple of 4`);
    const lanes = Math.min(slots, threads);
    if (lanes === 0) return;
    // Lane i is thread (first + i) mod threads: the call's threads from `first`, wrapping at most once.
    const head = Math.min(lanes, threads - first);
    const copy = this.#states;
    copy.set(states.subarray(STATE_WORDS * first, STATE_WORDS * (first + head)));
    if (lanes > head) copy.set(states.subarray(0, STATE_WORDS * (lanes - head)), STATE_WORDS * head);
    this.#k.loadThreads(lanes);
    const bytes = slotBytes(op, words);
    const view = out instanceof Float64Array ? this.#views.f64 : out instanceof Float32Array ? this.#views.f32 : this.#views.u32;
    const units = bytes / view.BYTES_PER_ELEMENT;
    // Whole rounds per kernel call, as many as the scratch area holds.
    const most = Math.floor(this.#k.SCRATCH_BYTES.value / (threads * bytes)) * threads;
    for (let g = 0; g < slots; g += most) {
      const k = Math.min(most, slots - g);
      this.#k.xorwow(op, this.#scratch, threads, k, words, a, b);
      out.set(view.subarray(0, k * units), at + g * units);
    }
    this.#k.saveThreads(lanes);
    states.set(copy.subarray(0, STATE_WORDS * head), STATE_WORDS * first);
    if (lanes > head) states.set(copy.subarray(STATE_WORDS * head, STATE_WORDS * lanes));
  }
}
