/**
 * The `wasm` backend's MT19937 (wasm/mt19937.ts, in the kernel's module): computes a call's words of
 * the row layout (Mt19937Engine.runRows) on the engine's stream windows and twist counts.
 *
 * The windows stay the engine's (20 MiB for all 8192 streams): keeping them in the module's memory
 * instead would need memory per generator that a WebAssembly memory can never give back, and growing
 * it would detach every view of it. So the call's streams go through the module a group at a time:
 * the group's windows and counts are copied in, every row of the call runs on them while they are in
 * cache, and they are copied back. Those copies read and write each window the call takes words from
 * once per call (the twists read and rewrite it once per block anyway), and no other. Each row's part
 * of a group is one contiguous run of output, copied out of the scratch area with one call.
 */
import type { StreamRows } from '../engines/engine.js';
import { MT_N } from '../engines/mt19937-core.js';
import { MT19937_STREAMS } from '../engines/mt19937-streams.js';
import type { OutputArray } from '../types.js';
import { KERNEL_OP, type KernelOp, type Mt19937Rows } from './kernel.js';

/** What wasm/mt19937.ts exports (pointers and counts are i32). */
export interface Mt19937Exports {
  memory: { buffer: ArrayBuffer };
  scratchPointer(): number;
  SCRATCH_BYTES: { value: number };
  MT_GROUP: { value: number };
  mtWindowsPointer(): number;
  mtTwistsPointer(): number;
  mtOrderPointer(): number;
  mt19937(op: number, out: number, c0: number, c1: number, rowInBlock: number, block: number, rows: number, a: number, b: number): void;
}

/** The MT19937 ops the kernel computes: uint32 (the words), uniform, uniformDouble and the float inverse-CDF normals and log-normals. */
export const WASM_MT19937_OPS: ReadonlySet<KernelOp> = new Set([KERNEL_OP.words, KERNEL_OP.uniform, KERNEL_OP.uniformDouble, KERNEL_OP.normal, KERNEL_OP.logNormal]);

const LANES = 8;
const ROW = MT19937_STREAMS * LANES;
const ROWS_PER_BLOCK = MT_N / LANES;

/** What a call's rows share: its op, the scratch view and output, the output's first word position, and (a, b) = (mean, stddev). */
interface RowsCall {
  op: KernelOp;
  view: Uint32Array | Float32Array | Float64Array;
  out: OutputArray;
  at: number;
  position: number;
  a: number;
  b: number;
}

export class WasmMt19937 implements Mt19937Rows {
  readonly #k: Mt19937Exports;
  readonly #group: number;
  readonly #windows: Int32Array;
  readonly #twists: Int32Array;
  readonly #order: Int32Array;
  readonly #scratch: number;
  readonly #views: { u32: Uint32Array; f32: Float32Array; f64: Float64Array };

  constructor(exports: Mt19937Exports) {
    this.#k = exports;
    const { buffer } = exports.memory;
    this.#group = exports.MT_GROUP.value;
    this.#windows = new Int32Array(buffer, exports.mtWindowsPointer(), this.#group * MT_N);
    this.#twists = new Int32Array(buffer, exports.mtTwistsPointer(), this.#group);
    this.#order = new Int32Array(buffer, exports.mtOrderPointer(), MT_N);
    this.#scratch = exports.scratchPointer();
    const bytes = exports.SCRATCH_BYTES.value;
    this.#views = { u32: new Uint32Array(buffer, this.#scratch, bytes / 4), f32: new Float32Array(buffer, this.#scratch, bytes / 4), f64: new Float64Array(buffer, this.#scratch, bytes / 8) };
  }

  /** On this thread, whatever `threads` says (the groups are not split over the worker threads yet). */
  fill(op: KernelOp, out: OutputArray, at: number, rows: StreamRows, a: number, b: number): void {
    if (!WASM_MT19937_OPS.has(op)) throw new TypeError(`the WebAssembly MT19937 kernel has no op ${op}`);
    const { states, twists, order, position, n } = rows;
    if (n === 0) return;
    this.#order.set(order);
    const end = position + n;
    const firstRow = Math.floor(position / ROW);
    const lastRow = Math.floor((end - 1) / ROW);
    // Columns of the first and last rows (the rows between take every column).
    const head = position - firstRow * ROW;
    const tail = end - lastRow * ROW;
    // The streams the call takes words from: those of its one row, else any (groups without columns
    // in the call are passed over below).
    const from = firstRow === lastRow ? Math.floor(head / LANES) : 0;
    const to = firstRow === lastRow ? Math.ceil(tail / LANES) : MT19937_STREAMS;
    const view = out instanceof Float64Array ? this.#views.f64 : out instanceof Float32Array ? this.#views.f32 : this.#views.u32;
    const call: RowsCall = { op, view, out, at, position, a, b };
    for (let g0 = from; g0 < to; g0 += this.#group) {
      const g1 = Math.min(to, g0 + this.#group);
      // The group's rows: its columns of the first row, of the rows between, of the last row.
      const runs: [number, number, number, number][] = [];
      const part = (row: number, count: number, start: number, stop: number): void => {
        const c0 = Math.max(start, LANES * g0);
        const c1 = Math.min(stop, LANES * g1);
        if (count > 0 && c0 < c1) runs.push([row, count, c0, c1]);
      };
      part(firstRow, 1, head, firstRow === lastRow ? tail : ROW);
      part(firstRow + 1, lastRow - firstRow - 1, 0, ROW);
      if (lastRow > firstRow) part(lastRow, 1, 0, tail);
      if (runs.length === 0) continue;
      // Only the group's streams with columns in the call: a one-row call's edge streams are whole.
      const s0 = Math.floor(Math.min(...runs.map((r) => r[2])) / LANES);
      const s1 = Math.ceil(Math.max(...runs.map((r) => r[3])) / LANES);
      this.#windows.set(states.subarray(s0 * MT_N, s1 * MT_N), (s0 - g0) * MT_N);
      this.#twists.set(twists.subarray(s0, s1), s0 - g0);
      for (const [row0, count, c0, c1] of runs) this.#runRows(call, row0, count, c0 - LANES * g0, c1 - LANES * g0, c0);
      states.set(this.#windows.subarray((s0 - g0) * MT_N, (s1 - g0) * MT_N), s0 * MT_N);
      twists.set(this.#twists.subarray(s0 - g0, s1 - g0), s0);
    }
  }

  /**
   * Rows row0 … row0 + count − 1, the group's columns [c0, c1) of each (`column`: c0's column in the
   * row), as many rows per kernel call as the scratch area holds; row r's outputs to
   * out[at + r·ROW + column − position …].
   */
  #runRows({ op, view, out, at, position, a, b }: RowsCall, row0: number, count: number, c0: number, c1: number, column: number): void {
    const width = c1 - c0;
    const units = op === KERNEL_OP.uniformDouble ? 2 : 1;
    const most = Math.max(1, Math.floor(this.#k.SCRATCH_BYTES.value / (4 * units * width)));
    for (let done = 0; done < count; ) {
      const rows = Math.min(most, count - done);
      const row = row0 + done;
      const block = Math.floor(row / ROWS_PER_BLOCK);
      this.#k.mt19937(op, this.#scratch, c0, c1, row - block * ROWS_PER_BLOCK, block, rows, a, b);
      for (let i = 0; i < rows; i++) out.set(view.subarray(i * width, (i + 1) * width), at + (row + i) * ROW + column - position);
      done += rows;
    }
  }
}
