/**
 * The `wasm` backend's kernel: WebAssembly SIMD128 (wasm/kernels.ts, compiled by
 * scripts/build-wasm.mjs into dist/wasm/kernels.wasm). It needs no compiler and no native addon, only
 * a Node with WebAssembly SIMD (every Node ≥ 16.4). It computes Philox (not its double normals), on
 * worker threads for large async calls, XORWOW's words, uint32, uniforms and doubles (wasm-xorwow.ts),
 * and MRG32k3a's (wasm-mrg32k3a.ts), MTGP32's (wasm-mtgp32.ts) and MT19937's (wasm-mt19937.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

import { computeSegments, KERNEL_IMPORTS, scratchViews, type KernelInstance, type ScratchViews, type SegmentTask } from '../../wasm/segments.mjs';

import type { DrawKernel } from '../draws/draw-kernel.js';
import { CurandError } from '../errors.js';
import { PACKAGE_ROOT } from '../native/binding.js';
import { StagingBuffers, type OutputGuard } from '../shared-memory.js';
import type { Algorithm, Distribution, HostMath, OutputArray } from '../types.js';
import { KERNEL_OP, oneWordOp, philoxOp, unitsPerSlot, xorwowOp, type CpuKernel, type KernelCall, type KernelOp, type Mt19937Rows, type Mtgp32Chunks, type PhiloxSlots, type ThreadSlots } from './kernel.js';
import { forEachKernelRun } from './runs.js';
import { WasmDrawKernel, type DrawExports } from './wasm-draws.js';
import { WasmMrg32k3a, wasmMrg32k3aOp, type Mrg32k3aExports } from './wasm-mrg32k3a.js';
import { WASM_MT19937_OPS, WasmMt19937, type Mt19937Exports } from './wasm-mt19937.js';
import { WASM_MTGP32_OPS, WasmMtgp32, type Mtgp32Exports } from './wasm-mtgp32.js';
import { WASM_XORWOW_OPS, WasmXorwow, type XorwowExports } from './wasm-xorwow.js';

export const WASM_KERNEL_PATH = join(PACKAGE_ROOT, 'dist', 'wasm', 'kernels.wasm');

/**
 * The slice of the WebAssembly JS API used here, typed locally: @types/node 20 does not declare it,
 * and a global declaration would clash with the DOM library's in users' projects.
 */
interface WasmApi {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports?: object) => { exports: unknown };
}
/** A compiled module (it can be posted to worker threads). */
export type WasmModule = object & { readonly __wasmModule?: never };
const WebAssemblyApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

type Compiled = { module: WasmModule; error: null } | { module: null; error: string };

/** A new instance of the kernel module, with its imports (wasm/segments.mjs KERNEL_IMPORTS): its exports. */
export function kernelExports(module: WasmModule): unknown {
  return new WebAssemblyApi.Instance(module, KERNEL_IMPORTS).exports;
}

let compiled: Compiled | undefined;

/** Compiles the module once per thread; never throws (a missing or unusable module says why). */
export function wasmModule(): Compiled {
  if (compiled !== undefined) return compiled;
  try {
    compiled = { module: new WebAssemblyApi.Module(readFileSync(WASM_KERNEL_PATH)), error: null };
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'not built (run npm run build:ts)' : (error as Error).message;
    compiled = { module: null, error: `the WebAssembly kernel ${WASM_KERNEL_PATH} cannot be used: ${why}` };
  }
  return compiled;
}

/** Bytes a slot of `op` takes in the kernel's scratch. */
function slotBytes(op: KernelOp): number {
  return op === KERNEL_OP.words2 || op === KERNEL_OP.uniformDouble ? 32 : 16;
}

/** Segments [j, t, count, lo, hi]… of the call's slots [first, last) (wasm/segments.mjs runs them). */
function segmentsOf(runs: Float64Array, slots: number, width: 1 | 2, first: number, last: number): Float64Array {
  const segments: number[] = [];
  forEachKernelRun(runs, slots, width, (j, t, count, lo, hi) => {
    const from = Math.max(j, first);
    const to = Math.min(j + count, last);
    if (from < to) segments.push(from - first, t + from - j, to - from, lo, hi);
  });
  return Float64Array.from(segments);
}

/** Output element type names, as the worker threads rebuild the view. */
function typeOf(out: OutputArray): 'u32' | 'f32' | 'f64' {
  return out instanceof Float64Array ? 'f64' : out instanceof Float32Array ? 'f32' : 'u32';
}

/** Fewest slots a worker thread gets: a round trip to a worker costs about 80 µs. */
const MIN_SLOTS_PER_WORKER = 32768;

/**
 * Copies a worker's part from `from` into `to` as the worker reports its slots written
 * (progress[part], wasm/worker.mjs), until `finished` (the worker's reply) settles with all of it.
 * `to` is the caller's memory: guard.check() before every copy into it.
 */
async function copyAsWritten(
  progress: Int32Array,
  part: number,
  finished: Promise<void>,
  from: OutputArray,
  to: OutputArray,
  units: number,
  guard: OutputGuard,
): Promise<void> {
  const slots = from.length / units;
  for (let copied = 0; copied < slots; ) {
    const written = Atomics.load(progress, part);
    if (written > copied) {
      guard.check();
      to.set(from.subarray(copied * units, written * units), copied * units);
      copied = written;
      continue;
    }
    const wait = Atomics.waitAsync(progress, part, written);
    // A failed worker never reports again: its reply's rejection ends the wait.
    if (wait.async) await Promise.race([wait.value, finished]);
  }
  await finished;
}

/**
 * Double normals stay in TypeScript: WebAssembly has no guaranteed fused multiply-add, and glibc's
 * FMA-build double functions would need a software one, as slow as the TypeScript port.
 */
const WASM_OPS: ReadonlySet<KernelOp> = new Set([
  KERNEL_OP.words,
  KERNEL_OP.words2,
  KERNEL_OP.uniform,
  KERNEL_OP.uniformDouble,
  KERNEL_OP.normal,
  KERNEL_OP.logNormal,
]);

/**
 * The instance shared by every generator of this thread (calls are synchronous and never
 * interleave), and the worker threads of its multi-threaded fills, started on first use and kept.
 */
class WasmKernel implements CpuKernel, PhiloxSlots {
  readonly name = 'wasm-simd128';
  readonly philox: PhiloxSlots = this;
  readonly #module: WasmModule;
  readonly #kernel: KernelInstance;
  readonly #views: ScratchViews;
  readonly #workers: Worker[] = [];
  readonly #waiting = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  #nextTask = 0;
  readonly #staging = new StagingBuffers();
  /** The draws' loops, on the same instance: its calls and the draws' are synchronous and never interleave. */
  readonly draws: DrawKernel;
  /** XORWOW's threads, on the same instance, for the same reason. */
  readonly xorwow: ThreadSlots;
  /** MRG32k3a's threads, on the same instance, for the same reason. */
  readonly mrg32k3a: ThreadSlots;
  /** MTGP32's blocks, on the same instance, for the same reason. */
  readonly mtgp32: Mtgp32Chunks;
  /** MT19937's streams, on the same instance. */
  readonly mt19937: Mt19937Rows;

  constructor(module: WasmModule) {
    this.#module = module;
    const exports = kernelExports(module);
    this.#kernel = exports as KernelInstance;
    this.#views = scratchViews(this.#kernel);
    this.draws = new WasmDrawKernel(exports as DrawExports);
    this.xorwow = new WasmXorwow(exports as XorwowExports);
    this.mrg32k3a = new WasmMrg32k3a(exports as Mrg32k3aExports);
    this.mtgp32 = new WasmMtgp32(exports as Mtgp32Exports);
    this.mt19937 = new WasmMt19937(exports as Mt19937Exports);
  }

  /** The call's slots [first, last) as segments for wasm/segments.mjs (its slot `first` at index 0). */
  #task({ op, runs, slots, width, key, a, b }: KernelCall, first: number, last: number): SegmentTask {
    // Whole groups of twelve slots per kernel call: it computes twelve at a time.
    const most = Math.floor(this.#kernel.SCRATCH_BYTES.value / slotBytes(op) / 12) * 12;
    return { op, k0: key[0], k1: key[1], a, b, segments: segmentsOf(runs, slots, width, first, last), units: unitsPerSlot(op), most };
  }

  fusedOp(algorithm: Algorithm, dist: Distribution, hostMath: HostMath): KernelOp | undefined {
    if (algorithm === 'xorwow') {
      const op = xorwowOp(dist, hostMath);
      return op !== undefined && WASM_XORWOW_OPS.has(op) ? op : undefined;
    }
    if (algorithm === 'mrg32k3a') return wasmMrg32k3aOp(dist, hostMath);
    if (algorithm === 'mtgp32') {
      const op = oneWordOp(algorithm, dist, hostMath);
      return op !== undefined && WASM_MTGP32_OPS.has(op) ? op : undefined;
    }
    if (algorithm === 'mt19937') {
      const op = oneWordOp(algorithm, dist, hostMath);
      return op !== undefined && WASM_MT19937_OPS.has(op) ? op : undefined;
    }
    const op = algorithm === 'philox4x32-10' ? philoxOp(dist, hostMath) : undefined;
    return op !== undefined && WASM_OPS.has(op) ? op : undefined;
  }

  /** On this thread: a synchronous call cannot wait for worker threads, so `threads` does not apply. */
  fill(call: KernelCall, out: OutputArray, at: number, _threads: number): void {
    computeSegments(this.#kernel, this.#views, this.#task(call, 0, call.slots), out, at);
  }

  /**
   * With threads > 1, contiguous slot ranges on as many worker threads, each with its own instance,
   * writing into a SharedArrayBuffer: `out`'s own when it has one. An ordinary array (`guard`) cannot
   * be written by other threads, and the caller may take it away at any await: the workers then fill
   * a staging buffer and report each kernel chunk written, and this thread copies it into `out`
   * meanwhile (copyAsWritten), checking it first. One copy at the end instead made two threads
   * slower than the overlapped copy (docs/cpu-kernels.md).
   */
  async fillAsync(call: KernelCall, out: OutputArray, at: number, threads: number, guard: OutputGuard | null): Promise<void> {
    const slots = call.slots;
    const parts = Math.min(threads, Math.floor(slots / MIN_SLOTS_PER_WORKER));
    if (parts <= 1) {
      this.fill(call, out, at, 1);
      return;
    }
    const units = unitsPerSlot(call.op);
    const length = slots * units;
    const staged = guard !== null || !(out.buffer instanceof SharedArrayBuffer);
    const target = staged ? this.#staging.take(out, length) : out.subarray(at, at + length);
    // progress[p]: the slots of part p written so far (staging only).
    const progress = staged ? new Int32Array(new SharedArrayBuffer(4 * parts)) : undefined;
    const check = guard ?? { check() {} };
    const done: Promise<void>[] = [];
    for (let p = 0; p < parts; p++) {
      const first = Math.floor((slots * p) / parts);
      const last = Math.floor((slots * (p + 1)) / parts);
      const view = target.subarray(first * units, last * units);
      const message = { task: this.#task(call, first, last), type: typeOf(out), buffer: view.buffer, byteOffset: view.byteOffset, length: view.length, progress: progress?.buffer, part: p };
      const finished = this.#run(p, message);
      done.push(progress === undefined ? finished : copyAsWritten(progress, p, finished, view, out.subarray(at + first * units, at + last * units), units, check));
    }
    await Promise.all(done);
    // Only after success: after a failure a worker may still be writing into it.
    if (staged) this.#staging.give(target);
  }

  /** Runs one message on worker `index` (started, and given the module, on first use). */
  #run(index: number, message: Record<string, unknown>): Promise<void> {
    while (this.#workers.length <= index) {
      // The worker script needs none of the process's flags, and some of them stop a worker from
      // starting (`--input-type` of `node -e`, per-process V8 flags such as --expose-gc).
      const worker = new Worker(WORKER_URL, { execArgv: [] });
      worker.postMessage({ module: this.#module });
      worker.on('message', (id: number) => {
        this.#waiting.get(id)?.resolve();
        this.#waiting.delete(id);
        // An idle worker must not keep the process alive.
        if (this.#waiting.size === 0) for (const w of this.#workers) w.unref();
      });
      worker.on('error', (error: Error) => {
        // A broken worker is replaced on next use; the calls waiting on any worker fail with it.
        this.#workers.splice(this.#workers.indexOf(worker), 1);
        for (const waiter of this.#waiting.values()) waiter.reject(error);
        this.#waiting.clear();
      });
      this.#workers.push(worker);
    }
    const id = this.#nextTask++;
    const worker = this.#workers[index] as Worker;
    worker.ref();
    return new Promise((resolve, reject) => {
      this.#waiting.set(id, { resolve, reject });
      worker.postMessage({ id, ...message });
    });
  }
}

/** The worker script: beside the kernel's source, two levels above this file in src/ and in dist/. */
const WORKER_URL = new URL('../../wasm/worker.mjs', import.meta.url);

let shared: WasmKernel | undefined;

/** This thread's WebAssembly kernel and draw kernel. */
export function wasmKernel(): CpuKernel & { readonly draws: DrawKernel } {
  const found = wasmModule();
  if (found.module === null) throw new CurandError('ERR_CURAND_BACKEND_UNAVAILABLE', `backend 'wasm' is not available here: ${found.error}`, { reason: found.error });
  shared ??= new WasmKernel(found.module);
  return shared;
}
