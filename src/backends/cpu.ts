/**
 * The exact CPU backends: `ts` (the TypeScript engines and transforms, the reference), and `wasm` and
 * `simd`, the same given a kernel (src/kernels/) that computes part of the work faster with the same
 * bits. The engine keeps the state model whichever computes; the backend asks its kernel what it
 * can compute whole (fusedOp), hands it the engine's plan for that, and otherwise gives the engine the
 * kernel's raw words as its slot or chunk strategy, the TypeScript transform doing the rest.
 */
import { CurandError } from '../errors.js';
import { consumptionOf, RAW, TRANSFORMS, transformOf, type TransformTable } from '../distributions/table.js';
import {
  hasCachedPairs,
  hasPlannedChunks,
  hasSlotRuns,
  hasSlotStates,
  hasStagedSetup,
  hasStreamRows,
  isCounterBased,
  type Engine,
  type EngineState,
  type Mtgp32ChunkRunner,
  type PhiloxSlotWriter,
  type SlotRunsEngine,
  type StreamRowsWriter,
  type ThreadSlotWriter,
} from '../engines/engine.js';
import type { DrawKernel } from '../draws/draw-kernel.js';
import { Mrg32k3aEngine } from '../engines/mrg32k3a.js';
import { Mt19937Engine, mt19937RowsTs } from '../engines/mt19937.js';
import { Mtgp32Engine } from '../engines/mtgp32.js';
import { PhiloxEngine, philoxSlotsTs } from '../engines/philox.js';
import { XorwowEngine } from '../engines/xorwow.js';
import { KERNEL_OP, type CpuKernel, type KernelOp, type ThreadSlots } from '../kernels/kernel.js';
import { DOUBLE_LIBM, type DoubleLibm } from '../math/libm.js';
import type { OutputGuard } from '../shared-memory.js';
import { DISTRIBUTIONS, type Algorithm, type Distribution, type HostMath, type Ordering, type OutputArray } from '../types.js';
import type { Backend, StreamOrigin } from './backend.js';

/** Elements per engine fill: small enough for the scratch words to stay in L2. */
const CHUNK = 16384;

/** Set-up steps between yields of an async set-up: 32 MT19937 jumps or 2^21 words of MTGP32 block rebuilding, ≈ 15–30 ms. */
const SETUP_SLICE = 32;

/**
 * Elements below which a call stays on the reference path whole: a kernel call's fixed cost (through
 * N-API or the WebAssembly glue) is more than the reference's work on a few values (docs/cpu-kernels.md,
 * "Small calls"). Same bits either way.
 */
const FUSED_MIN_ELEMENTS = 64;
/** Philox runs of fewer slots than this stay in TypeScript, for the same reason. */
const KERNEL_MIN_SLOTS = FUSED_MIN_ELEMENTS / 4;
/** Calls below this many elements use one thread: splitting costs more than it gains. */
const PARALLEL_MIN_ELEMENTS = 1 << 16;

export type CpuBackendName = 'ts' | 'wasm' | 'simd';

/** A fresh engine of `algorithm`, taking its raw words from `kernel` where it computes them. */
function engineFactory(algorithm: Algorithm, kernel: CpuKernel | null): () => Engine {
  const philox = kernel?.philox;
  const mtgp32 = kernel?.mtgp32;
  switch (algorithm) {
    case 'philox4x32-10': {
      if (philox === undefined) return () => new PhiloxEngine();
      const writeSlots: PhiloxSlotWriter = (out, at, t, count, counter, width, key) => {
        if (count < KERNEL_MIN_SLOTS) philoxSlotsTs(out, at, t, count, counter, width, key);
        else philox.fill({ op: width === 2 ? KERNEL_OP.words2 : KERNEL_OP.words, runs: Float64Array.of(0, t, count, counter), slots: count, width, key, a: 0, b: 0 }, out, at, 1);
      };
      return () => new PhiloxEngine(0n, 0n, writeSlots);
    }
    case 'mtgp32': {
      if (mtgp32 === undefined) return () => new Mtgp32Engine(0n, 'default');
      const runChunks: Mtgp32ChunkRunner = (out, chunks, rings, idx) => mtgp32.fill(KERNEL_OP.words, out, rings, idx, chunks, 0, 0, 1);
      return () => new Mtgp32Engine(0n, 'default', runChunks);
    }
    case 'xorwow': {
      const writeSlots = threadSlotWriter(kernel?.xorwow);
      return () => new XorwowEngine(0n, 0n, writeSlots);
    }
    case 'mrg32k3a': {
      const writeSlots = threadSlotWriter(kernel?.mrg32k3a);
      return () => new Mrg32k3aEngine(0n, 0n, 'default', writeSlots);
    }
    case 'mt19937': {
      const mt19937 = kernel?.mt19937;
      if (mt19937 === undefined) return () => new Mt19937Engine();
      const writeRows: StreamRowsWriter = (out, rows) => {
        if (rows.n < FUSED_MIN_ELEMENTS) mt19937RowsTs(out, rows);
        else mt19937.fill(KERNEL_OP.words, out, 0, rows, 0, 0, 1);
      };
      return () => new Mt19937Engine(0n, writeRows);
    }
  }
}

/** The kernel's part that runs a slot-model algorithm's threads (XORWOW, MRG32k3a), if it has one. */
function threadSlotsOf(kernel: CpuKernel | null, algorithm: Algorithm): ThreadSlots | undefined {
  return algorithm === 'xorwow' ? kernel?.xorwow : algorithm === 'mrg32k3a' ? kernel?.mrg32k3a : undefined;
}

/** A slot-model engine's raw words from the kernel's part, where there is one. */
function threadSlotWriter(threadSlots: ThreadSlots | undefined): ThreadSlotWriter | undefined {
  if (threadSlots === undefined) return undefined;
  return (out, states, first, slots, words) => threadSlots.fill(KERNEL_OP.words, out, 0, states, first, slots, words, 0, 0, 1);
}

/** Splits a Philox call of n elements at the cursor: a head finishing the current slot, whole slots, a tail starting the next. */
function splitAtSlots(engine: SlotRunsEngine, n: number): { head: number; slots: number; tail: number } {
  const head = Math.min(n, (4 - (engine.roundPosition & 3)) & 3);
  const slots = Math.floor((n - head) / 4);
  return { head, slots, tail: n - head - 4 * slots };
}

export class CpuBackend implements Backend {
  readonly device = 'cpu';
  readonly detail: string;
  readonly writesOffThread: boolean;
  #engine: Engine;
  readonly #createEngine: () => Engine;
  readonly #transforms: TransformTable;
  readonly #libm: DoubleLibm;
  readonly #scratch = new Uint32Array(2 * (CHUNK + 2));

  /**
   * `kernel` and `drawKernel`: null for 'ts'; `threads`: how many threads a large call may use (the
   * kernel's; identical results for any number).
   */
  constructor(
    readonly name: CpuBackendName,
    readonly algorithm: Algorithm,
    private readonly hostMath: HostMath,
    private readonly kernel: CpuKernel | null,
    private readonly threads: number,
    readonly drawKernel: DrawKernel | null = null,
  ) {
    this.#createEngine = engineFactory(algorithm, kernel);
    this.#engine = this.#createEngine();
    this.#transforms = TRANSFORMS[algorithm];
    this.#libm = DOUBLE_LIBM[hostMath];
    // The native kernels' async calls run on the thread pool; WebAssembly's on worker threads once split.
    this.writesOffThread = name === 'simd' || (name === 'wasm' && threads > 1);
    this.detail = kernel === null ? `TypeScript (glibc 2.36 math, ${hostMath} double variant)` : this.#kernelDetail(kernel);
  }

  #kernelDetail(kernel: CpuKernel): string {
    const algorithm = this.algorithm;
    const computes =
      (algorithm === 'philox4x32-10' && kernel.philox !== undefined) ||
      (algorithm === 'mtgp32' && kernel.mtgp32 !== undefined) ||
      (algorithm === 'mt19937' && kernel.mt19937 !== undefined) ||
      threadSlotsOf(kernel, algorithm) !== undefined;
    if (!computes) return `TypeScript (no ${kernel.name} kernel for ${algorithm} yet)`;
    const fused = DISTRIBUTIONS.filter((d) => kernel.fusedOp(algorithm, d, this.hostMath) !== undefined);
    const threads = `${this.threads} thread${this.threads === 1 ? '' : 's'} for async fills`;
    return (
      `${kernel.name} kernel (${algorithm} ${fused.join(', ')}; other outputs: its words + TypeScript transforms` +
      `; ${this.hostMath} double math), ${threads}`
    );
  }

  get position(): bigint {
    return this.#engine.position;
  }

  configure(seed: bigint, offset: bigint | null, ordering: Ordering): void {
    this.#engine.reset(seed, offset ?? 0n, ordering);
  }

  generate(dist: Distribution, out: OutputArray, a: number, b: number): void {
    this.#run(this.#engine, dist, out, a, b, out.length >= PARALLEL_MIN_ELEMENTS ? this.threads : 1);
  }

  slice(dist: Distribution, origin: StreamOrigin, start: bigint, out: OutputArray, a: number, b: number): void {
    const engine = this.#createEngine();
    if (!isCounterBased(engine)) throw new CurandError('ERR_CURAND_UNSUPPORTED', `${this.algorithm} is not counter-based: slices need 'philox4x32-10'`);
    engine.reset(origin.seed, origin.offset ?? 0n, origin.ordering);
    engine.advance(start, consumptionOf(this.algorithm, dist, a, b).width);
    this.#run(engine, dist, out, a, b, 1);
  }

  /** The op this backend's kernel computes `dist` with whole, for a call of n elements. */
  #fused(dist: Distribution, n: number): KernelOp | undefined {
    return n < FUSED_MIN_ELEMENTS ? undefined : this.kernel?.fusedOp(this.algorithm, dist, this.hostMath);
  }

  /** Fills `out` from `engine`: whole by the kernel where it can, else the engine's words and the transform. */
  #run(engine: Engine, dist: Distribution, out: OutputArray, a: number, b: number, threads: number): void {
    const draws = this.drawKernel;
    const transform = draws === null || out.length < draws.minValues ? RAW : transformOf(this.algorithm, dist, a, b);
    if (draws !== null && transform !== RAW && transform.lookupInPlace !== undefined) {
      // A table lookup over the call's uint32 values (Poisson): those values the fastest way, then
      // the draw kernel's lookup over them in place.
      this.#run(engine, 'uint32', out, a, b, threads);
      transform.lookupInPlace(draws, out as Uint32Array, a, this.#libm);
      return;
    }
    const op = this.#fused(dist, out.length);
    const kernel = this.kernel;
    if (op !== undefined && kernel?.mtgp32 !== undefined && hasPlannedChunks(engine)) {
      const mtgp32 = kernel.mtgp32;
      engine.runPlanned(out.length, (chunks, rings, idx) => mtgp32.fill(op, out, rings, idx, chunks, a, b, threads));
      return;
    }
    if (op !== undefined && kernel?.mt19937 !== undefined && hasStreamRows(engine)) {
      const mt19937 = kernel.mt19937;
      engine.runRows(out.length, (rows) => mt19937.fill(op, out, 0, rows, a, b, threads));
      return;
    }
    if (op !== undefined && kernel?.philox !== undefined && hasSlotRuns(engine)) {
      const philox = kernel.philox;
      this.#runWholeSlots(engine, dist, out, a, b, (runs, slots, width, at) => philox.fill({ op, runs, slots, width, key: engine.key, a, b }, out, at, threads));
      return;
    }
    const threadSlots = threadSlotsOf(kernel, this.algorithm);
    if (op !== undefined && threadSlots !== undefined && hasSlotStates(engine)) {
      const { width, pairs } = consumptionOf(this.algorithm, dist, a, b);
      engine.runSlots(out.length, width, pairs, (states, first, slots, words) => threadSlots.fill(op, out, 0, states, first, slots, words, a, b, threads));
      return;
    }
    if (dist === 'uniform' && hasSlotRuns(engine) && out.length >= FUSED_MIN_ELEMENTS) {
      // The reference's own fused uniform: whole slots straight from the blocks into out, without
      // the scratch words and the transform's second pass (docs/cpu-kernels.md, "ts").
      this.#runWholeSlots(engine, dist, out, a, b, (runs, slots, _width, at) => engine.uniformSlots(out as Float32Array, at, runs, slots));
      return;
    }
    this.#runReference(engine, dist, out, a, b);
  }

  /** The engine's words through the transform (distributions/table.ts). */
  #runReference(engine: Engine, dist: Distribution, out: OutputArray, a: number, b: number): void {
    const entry = this.#transforms[dist];
    const transform = typeof entry === 'function' ? entry(a, b) : entry;
    const n = out.length;
    if (transform === RAW) {
      engine.fill(out as Uint32Array, n, 1, false);
      return;
    }
    const scratch = this.#scratch;
    if (transform.cachedPairs === true) {
      if (!hasCachedPairs(engine)) throw new CurandError('ERR_CURAND_NOT_IMPLEMENTED', `${this.algorithm} has no per-thread normal cache`);
      for (let done = 0; done < n; ) {
        const k = Math.min(CHUNK / 2, n - done); // 3 words per element
        engine.fillCachedPairs(scratch, k);
        transform.apply(out, done, scratch, 0, k, a, b, this.#libm);
        done += k;
      }
      return;
    }
    const { width, pairAligned } = transform;
    for (let done = 0; done < n; ) {
      const k = Math.min(CHUNK, n - done);
      const lead = engine.fill(scratch, k, width, pairAligned);
      transform.apply(out, done, scratch, lead, k, a, b, this.#libm);
      done += k;
    }
  }

  /**
   * Fills `out` with Philox's `dist`: its whole slots by fillSlots(runs, slots, width, at), which
   * writes the call's slot j at out[at + 4j …] (PhiloxEngine.slotRuns and forEachSlotRun say which
   * counters), the edges (at most 3 + 3 elements) on the reference path. The engine's own advance()
   * moves the state, so positions, getState() and slice() are the reference's.
   */
  #runWholeSlots(
    engine: SlotRunsEngine,
    dist: Distribution,
    out: OutputArray,
    a: number,
    b: number,
    fillSlots: (runs: Float64Array, slots: number, width: 1 | 2, at: number) => void,
  ): void {
    const { head, slots, tail } = splitAtSlots(engine, out.length);
    if (head > 0) this.#runReference(engine, dist, out.subarray(0, head), a, b);
    if (slots > 0) {
      const width = consumptionOf(this.algorithm, dist, a, b).width;
      fillSlots(engine.slotRuns(engine.roundPosition >>> 2, slots), slots, width, head);
      engine.advance(4 * slots, width);
    }
    if (tail > 0) this.#runReference(engine, dist, out.subarray(out.length - tail), a, b);
  }

  /**
   * The same without blocking the event loop for long: a pending set-up first (MT19937's stream
   * jumps, MTGP32's block rebuilding after a restore), in slices; then large calls go to the kernel's
   * async path, on other threads where it has them. The state moves now, in call order; only the
   * bulk of the words is computed later.
   */
  async generateAsync(dist: Distribution, out: OutputArray, a: number, b: number, guard: OutputGuard | null): Promise<void> {
    await this.prepareAsync(out.length);
    guard?.check();
    const engine = this.#engine;
    const n = out.length;
    const op = n < PARALLEL_MIN_ELEMENTS ? undefined : this.#fused(dist, n);
    const kernel = this.kernel;
    if (op !== undefined && kernel?.mtgp32 !== undefined && hasPlannedChunks(engine)) {
      const mtgp32 = kernel.mtgp32;
      return engine.runPlanned(n, (chunks, rings, idx) => mtgp32.fillAsync(op, out, rings, idx, chunks, a, b, this.threads, guard));
    }
    if (op !== undefined && kernel?.philox !== undefined && hasSlotRuns(engine)) {
      const { head, slots, tail } = splitAtSlots(engine, n);
      if (head > 0) this.#runReference(engine, dist, out.subarray(0, head), a, b);
      const width = consumptionOf(this.algorithm, dist, a, b).width;
      const call = { op, runs: engine.slotRuns(engine.roundPosition >>> 2, slots), slots, width, key: engine.key, a, b };
      engine.advance(4 * slots, width);
      if (tail > 0) this.#runReference(engine, dist, out.subarray(n - tail), a, b);
      return kernel.philox.fillAsync(call, out, head, this.threads, guard);
    }
    this.generate(dist, out, a, b);
  }

  async prepareAsync(n: number, onProgress?: (done: number, total: number) => void): Promise<void> {
    const engine = this.#engine;
    if (!hasStagedSetup(engine)) return;
    // What is still needed is asked afresh after every slice: between slices other generators may
    // have done part of it (MT19937's jumped streams are shared), so a total fixed up front could
    // never be reached. `done` only grows; the total is done plus what is left.
    let done = 0;
    let left = engine.setupNeeded(n);
    while (left > 0) {
      const ran = engine.runSetup(Math.min(SETUP_SLICE, left));
      done += ran;
      left = engine.setupNeeded(n);
      onProgress?.(done, done + left);
      // ran = 0 with work left would be an engine fault: the call's own fill finishes it instead.
      if (left === 0 || ran === 0) return;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  getEngineState(): EngineState {
    return this.#engine.getState();
  }

  setEngineState(seed: bigint, ordering: Ordering, state: EngineState): void {
    // A fresh engine, swapped in only once the state has been accepted.
    const engine = this.#createEngine();
    engine.reset(seed, 0n, ordering);
    engine.setState(state);
    this.#engine = engine;
  }

  dispose(): void {}
}
