/**
 * The `wasm` backend's MRG32k3a (wasm/mrg32k3a.ts, in the kernel's module): runs a call's slots on the
 * engine's thread states (SlotStatesEngine.runSlots), which it copies into the instance and back, and
 * copies the outputs out of the scratch area: whole rounds of every thread where 16 of them fit it (the
 * 4096 threads), else blocks of threads, 16 rows of each per kernel call, copied out row by row.
 */
import type { ThreadStates } from '../engines/engine.js';
import type { Distribution, HostMath, OutputArray } from '../types.js';
import { KERNEL_OP, mrg32k3aOp, type KernelOp, type ThreadSlots } from './kernel.js';

/** What wasm/mrg32k3a.ts exports (pointers and counts are i32). */
export interface Mrg32k3aExports {
  memory: { buffer: ArrayBuffer };
  scratchPointer(): number;
  SCRATCH_BYTES: { value: number };
  MRG_MAX_THREADS: { value: number };
  MRG_GROUP_LANES: { value: number };
  mrgStatesPointer(): number;
  mrg32k3a(op: number, out: number, from: number, to: number, rounds: number, words: number, a: number, b: number): void;
}

/** Values of the engine's state per thread: s1[0..2], s2[0..2] (src/engines/mrg32k3a.ts). */
const STATE_VALUES = 6;
/**
 * Rounds a kernel call runs at least, where the call has them: the kernel loads and transposes a group's
 * states once per call and runs up to 16 rounds on them in registers (wasm/mrg32k3a.ts GROUP_ROUNDS).
 */
const ROWS_PER_CALL = 16;

/**
 * The MRG32k3a ops the kernel computes: raw words (the step results), its scaled uint32, uniform,
 * uniformDouble and the float normals and log-normals.
 */
const WASM_MRG32K3A_OPS: ReadonlySet<KernelOp> = new Set([
  KERNEL_OP.words,
  KERNEL_OP.uint32Scaled,
  KERNEL_OP.uniform,
  KERNEL_OP.uniformDouble,
  KERNEL_OP.normal,
  KERNEL_OP.logNormal,
]);

/** The op computing `dist` whole on the kernel (uint32, uniform, uniformDouble, normal, logNormal), if any (CpuKernel.fusedOp). */
export function wasmMrg32k3aOp(dist: Distribution, hostMath: HostMath): KernelOp | undefined {
  const op = mrg32k3aOp(dist, hostMath);
  return op !== undefined && WASM_MRG32K3A_OPS.has(op) ? op : undefined;
}

/** Bytes one slot of `op` writes: its raw words, a uint32 or float, a double or a float pair. */
function slotBytes(op: KernelOp, words: number): number {
  return op === KERNEL_OP.words ? 4 * words : op === KERNEL_OP.uniformDouble || op === KERNEL_OP.normal || op === KERNEL_OP.logNormal ? 8 : 4;
}

/** What a call's rows share: its op, raw words per slot, bytes per slot, and (a, b) = (mean, stddev). */
interface RowsCall {
  op: KernelOp;
  words: number;
  bytes: number;
  a: number;
  b: number;
}

export class WasmMrg32k3a implements ThreadSlots {
  readonly #k: Mrg32k3aExports;
  readonly #states: Float64Array;
  readonly #group: number;
  readonly #scratch: number;
  readonly #scratchBytes: number;
  readonly #views: { u32: Uint32Array; f32: Float32Array; f64: Float64Array };

  constructor(exports: Mrg32k3aExports) {
    this.#k = exports;
    const { buffer } = exports.memory;
    this.#states = new Float64Array(buffer, exports.mrgStatesPointer(), STATE_VALUES * exports.MRG_MAX_THREADS.value);
    this.#group = exports.MRG_GROUP_LANES.value;
    this.#scratch = exports.scratchPointer();
    this.#scratchBytes = exports.SCRATCH_BYTES.value;
    const bytes = this.#scratchBytes;
    this.#views = { u32: new Uint32Array(buffer, this.#scratch, bytes / 4), f32: new Float32Array(buffer, this.#scratch, bytes / 4), f64: new Float64Array(buffer, this.#scratch, bytes / 8) };
  }

  /** On this thread, whatever `threads` says (the lanes are not split over the worker threads yet). */
  fill(op: KernelOp, out: OutputArray, at: number, states: ThreadStates, first: number, slots: number, words: number, a: number, b: number): void {
    if (!WASM_MRG32K3A_OPS.has(op)) throw new TypeError(`the WebAssembly MRG32k3a kernel has no op ${op}`);
    if (!(states instanceof Float64Array)) throw new TypeError('the WebAssembly MRG32k3a kernel runs Float64Array thread states');
    const threads = states.length / STATE_VALUES;
    const group = this.#group;
    if (threads > this.#k.MRG_MAX_THREADS.value || threads % group !== 0) {
      throw new RangeError(`the WebAssembly MRG32k3a kernel runs ${group} … ${this.#k.MRG_MAX_THREADS.value} threads, a multiple of ${group}`);
    }
    const lanes = Math.min(slots, threads);
    if (lanes === 0) return;
    // Lane i is thread (first + i) mod threads: the call's threads from `first`, wrapping at most once.
    const head = Math.min(lanes, threads - first);
    const copy = this.#states;
    copy.set(states.subarray(STATE_VALUES * first, STATE_VALUES * (first + head)));
    if (lanes > head) copy.set(states.subarray(0, STATE_VALUES * (lanes - head)), STATE_VALUES * head);
    // The kernel steps the last group whole: its lanes past the call's last one (only where the call
    // has fewer slots than threads) must hold a state, never what an earlier call left there.
    for (let i = lanes; i % group !== 0; i++) copy.copyWithin(STATE_VALUES * i, STATE_VALUES * (lanes - 1), STATE_VALUES * lanes);
    const bytes = slotBytes(op, words);
    const rounds = Math.floor(slots / threads);
    const rest = slots % threads;
    const call = { op, words, bytes, a, b };
    this.#rows(call, out, at, threads, 0, rounds, threads);
    this.#rows(call, out, at, threads, rounds, rest > 0 ? 1 : 0, rest);
    states.set(copy.subarray(0, STATE_VALUES * head), STATE_VALUES * first);
    if (lanes > head) states.set(copy.subarray(STATE_VALUES * head, STATE_VALUES * lanes));
  }

  /**
   * Rounds [r0, r0 + count) of lanes [0, lanes): slot (r·threads + j) at out[at + …]. Blocks of lanes
   * of which ROWS_PER_CALL rows fit the scratch area, as many rows per kernel call as fit.
   */
  #rows({ op, words, bytes, a, b }: RowsCall, out: OutputArray, at: number, threads: number, r0: number, count: number, lanes: number): void {
    if (count === 0) return;
    const group = this.#group;
    const view = out instanceof Float64Array ? this.#views.f64 : out instanceof Float32Array ? this.#views.f32 : this.#views.u32;
    const units = bytes / view.BYTES_PER_ELEMENT;
    const block = Math.min(lanes, Math.floor(this.#scratchBytes / bytes / ROWS_PER_CALL / group) * group);
    for (let from = 0; from < lanes; from += block) {
      const to = Math.min(lanes, from + block);
      const n = to - from;
      // The kernel's rows are whole groups long.
      const width = Math.ceil(n / group) * group;
      const most = Math.floor(this.#scratchBytes / (width * bytes));
      for (let r = 0; r < count; r += most) {
        const k = Math.min(most, count - r);
        this.#k.mrg32k3a(op, this.#scratch, from, to, k, words, a, b);
        if (n === threads) {
          out.set(view.subarray(0, k * n * units), at + (r0 + r) * threads * units);
          continue;
        }
        for (let i = 0; i < k; i++) out.set(view.subarray(i * width * units, (i * width + n) * units), at + ((r0 + r + i) * threads + from) * units);
      }
    }
  }
}
