import { Mtgp32Engine } from '../engines/mtgp32.js';
import { forEachSlotRun, PHILOX_SUBSEQUENCES, PhiloxEngine } from '../engines/philox.js';
import type { Engine } from '../engines/engine.js';
import { ALGORITHM_TRAITS } from '../algorithms.js';
import { DISTRIBUTIONS, type Algorithm, type Distribution, type HostMath, type OutputArray } from '../types.js';
import type { OutputGuard } from './staging.js';
import { FUSED_MIN_ELEMENTS, splitAtSlots, TsBackend } from './ts.js';

/**
 * What a kernel computes for each whole Philox slot. The numbers are shared with the WebAssembly
 * kernel (wasm/kernels.ts) and the native one (native/kernels/philox_kernel.h).
 */
export const KERNEL_OP = {
  /** The slot's 4 raw words (width-1 elements). */
  words: 0,
  /** 8 raw words: the blocks at counter and counter + 1 (width-2 elements). */
  words2: 1,
  uniform: 2,
  uniformDouble: 3,
  /** Float Box–Muller normals; (a, b) = (mean, stddev). */
  normal: 4,
  logNormal: 5,
  /** Double Box–Muller normals with glibc's double math, its FMA build (hostMath 'x86-fma')… */
  normalDoubleFma: 6,
  logNormalDoubleFma: 7,
  /** … or its SSE2 build ('x86-sse2'). */
  normalDoubleSse2: 8,
  logNormalDoubleSse2: 9,
} as const;
export type KernelOp = (typeof KERNEL_OP)[keyof typeof KERNEL_OP];

/** The op computing a Philox distribution whole (generation and transform in one pass), if any. */
function fusedOp(dist: Distribution, hostMath: HostMath): KernelOp | undefined {
  const fma = hostMath === 'x86-fma';
  switch (dist) {
    case 'uint32':
      return KERNEL_OP.words;
    case 'uniform':
      return KERNEL_OP.uniform;
    case 'uniformDouble':
      return KERNEL_OP.uniformDouble;
    case 'normal':
      return KERNEL_OP.normal;
    case 'logNormal':
      // The kernels' expf is glibc's FMA build; the SSE2 one differs on two inputs (src/math/libm.ts).
      return fma ? KERNEL_OP.logNormal : undefined;
    case 'normalDouble':
      return fma ? KERNEL_OP.normalDoubleFma : KERNEL_OP.normalDoubleSse2;
    case 'logNormalDouble':
      return fma ? KERNEL_OP.logNormalDoubleFma : KERNEL_OP.logNormalDoubleSse2;
    default:
      return undefined;
  }
}

/** Output array elements one slot of `op` fills: 8 words for words2, else 4 elements (or 4 doubles). */
export function unitsPerSlot(op: KernelOp): 4 | 8 {
  return op === KERNEL_OP.words2 ? 8 : 4;
}

/**
 * One call's whole slots for a kernel: `slots` slots of `op`, those of `runs` (the call's first round,
 * PhiloxEngine.slotRuns) and their repetitions in later rounds, with counters moved on by `width` per
 * round (forEachSlotRun). `key` = (k0, k1); (a, b) = (mean, stddev) for the normals.
 */
export interface KernelCall {
  op: KernelOp;
  runs: Float64Array;
  slots: number;
  width: 1 | 2;
  key: readonly [number, number];
  a: number;
  b: number;
}

/**
 * An exact accelerated computation of Philox slots. The TypeScript state model decides which slots
 * and counters a call uses (PhiloxEngine.slotRuns); a kernel only computes them.
 */
export interface PhiloxKernel {
  /** What computes: 'wasm-simd128', 'avx512', 'avx2', 'generic'. */
  readonly name: string;
  /** The ops it implements (words and words2 always). */
  readonly ops: ReadonlySet<KernelOp>;
  /** Writes the call's slot j at out[at + j·unitsPerSlot(op) …]. */
  fill(call: KernelCall, out: OutputArray, at: number): void;
  /**
   * The same, split over `threads` threads, off the JS thread where the kernel can. With a `guard`,
   * `out` is memory the caller may take away at any await: the kernel writes it only on the JS
   * thread, right after guard.check(), or stages the values elsewhere.
   */
  fillAsync(call: KernelCall, out: OutputArray, at: number, threads: number, guard: OutputGuard | null): Promise<void>;
  /** Its MTGP32 kernel, if it has one. */
  readonly mtgp32?: Mtgp32Kernel;
}

/**
 * An exact accelerated MTGP32: runs the chunks Mtgp32Engine planned ([block, at, words]…) on the
 * engine's own rings and ring indices, writing op's outputs (KERNEL_OP.words, uniform, or
 * uniformDouble: MTGP32's one-word double) from out[at].
 */
export interface Mtgp32Kernel {
  fill(op: KernelOp, out: OutputArray, rings: Int32Array, idx: Int32Array, chunks: Float64Array): void;
  /** The same, the blocks split over `threads` threads, off the JS thread; `guard` as for PhiloxKernel.fillAsync. */
  fillAsync(
    op: KernelOp,
    out: OutputArray,
    rings: Int32Array,
    idx: Int32Array,
    chunks: Float64Array,
    threads: number,
    guard: OutputGuard | null,
  ): Promise<void>;
}

/** The MTGP32 outputs its kernel computes whole: one word per element. */
const MTGP32_FUSED: Partial<Record<Distribution, KernelOp>> = {
  uint32: KERNEL_OP.words,
  uniform: KERNEL_OP.uniform,
  uniformDouble: KERNEL_OP.uniformDouble,
};

/** Runs shorter than this stay in TypeScript: a kernel call costs more than a few blocks. */
const KERNEL_MIN_SLOTS = FUSED_MIN_ELEMENTS / 4;

/** Philox whose whole slots come from a kernel; everything else (the state model) is PhiloxEngine's. */
class KernelPhiloxEngine extends PhiloxEngine {
  constructor(private readonly kernel: PhiloxKernel) {
    super();
  }

  protected override writeSlots(out: Uint32Array, o: number, t: number, count: number, counter: number, width: 1 | 2): void {
    if (count < KERNEL_MIN_SLOTS) {
      super.writeSlots(out, o, t, count, counter, width);
      return;
    }
    const op = width === 2 ? KERNEL_OP.words2 : KERNEL_OP.words;
    this.kernel.fill({ op, runs: Float64Array.of(0, t, count, counter), slots: count, width, key: this.key, a: 0, b: 0 }, out, o);
  }
}


/** MTGP32 whose chunks a kernel runs; the state model (which block makes which chunk) is Mtgp32Engine's. */
class KernelMtgp32Engine extends Mtgp32Engine {
  constructor(private readonly kernel: Mtgp32Kernel) {
    super(0n, 'default');
  }

  protected override runChunks(out: Uint32Array, chunks: Float64Array): void {
    this.fillPlanned(KERNEL_OP.words, out, chunks);
  }

  /** The next out.length elements of op (MTGP32_FUSED), computed whole by the kernel. */
  fillOp(op: KernelOp, out: OutputArray): void {
    this.fillPlanned(op, out, this.planChunks(out.length));
  }

  /** The same with the blocks over `threads` threads; the state moves now, the words arrive later. */
  fillOpAsync(op: KernelOp, out: OutputArray, threads: number, guard: OutputGuard | null): Promise<void> {
    return this.kernel.fillAsync(op, out, this.ringStore, this.ringIndex, this.planChunks(out.length), threads, guard);
  }

  private fillPlanned(op: KernelOp, out: OutputArray, chunks: Float64Array): void {
    if (op === KERNEL_OP.words && out.length < FUSED_MIN_ELEMENTS) super.runChunks(out as Uint32Array, chunks);
    else this.kernel.fill(op, out, this.ringStore, this.ringIndex, chunks);
  }
}

/** Async calls below this many elements run on one thread: splitting costs more than it gains. */
const PARALLEL_MIN_ELEMENTS = 1 << 16;

/**
 * A CPU backend accelerated by a kernel: the `ts` backend's engines and transforms, with Philox's
 * words (and, fused, its uint32, uniform, uniformDouble, normal and logNormal outputs) computed by
 * `kernel`. What the kernel does not cover runs the reference code, so every algorithm and
 * distribution works, with the same bits as `ts`.
 */
export class KernelBackend extends TsBackend {
  override readonly name: 'wasm' | 'simd';
  override readonly detail: string;
  override readonly writesOffThread: boolean;

  constructor(
    name: 'wasm' | 'simd',
    algorithm: Algorithm,
    private readonly hostMath: HostMath,
    private readonly kernel: PhiloxKernel,
    /** Threads an async fill may use. */
    private readonly threads: number,
  ) {
    super(algorithm, hostMath, kernelEngine(algorithm, kernel));
    this.name = name;
    // The native kernels' async calls run on the thread pool; WebAssembly's on worker threads once split.
    this.writesOffThread = name === 'simd' || threads > 1;
    const fused = DISTRIBUTIONS.filter((d) => this.fused(d) !== undefined);
    const threadText = `${threads} thread${threads === 1 ? '' : 's'} for async fills`;
    this.detail =
      kernelEngine(algorithm, kernel) === undefined
        ? `TypeScript (no ${kernel.name} kernel for ${algorithm} yet)`
        : `${kernel.name} kernel (${algorithm} ${fused.join(', ')}; other outputs: its words + TypeScript transforms` +
          `${algorithm === 'philox4x32-10' ? `; ${hostMath} double math` : ''}), ${threadText}`;
  }

  /** The op this backend's kernel computes `dist` with, if it covers it whole. */
  private fused(dist: Distribution): KernelOp | undefined {
    if (this.algorithm === 'mtgp32') return this.kernel.mtgp32 === undefined ? undefined : MTGP32_FUSED[dist];
    const op = fusedOp(dist, this.hostMath);
    return this.algorithm === 'philox4x32-10' && op !== undefined && this.kernel.ops.has(op) ? op : undefined;
  }

  protected override run(engine: Engine, dist: Distribution, out: OutputArray, a: number, b: number): void {
    // Small calls cost mostly their overhead, which is lowest on the reference path (same bits).
    const op = out.length < FUSED_MIN_ELEMENTS ? undefined : this.fused(dist);
    if (op !== undefined && engine instanceof KernelMtgp32Engine) {
      engine.fillOp(op, out);
      return;
    }
    if (op === undefined || !(engine instanceof KernelPhiloxEngine)) {
      super.run(engine, dist, out, a, b);
      return;
    }
    this.runWholeSlots(engine, dist, out, a, b, (runs, slots, width, at) => this.kernel.fill({ op, runs, slots, width, key: engine.key, a, b }, out, at));
  }

  override generateAsync(dist: Distribution, out: OutputArray, a: number, b: number, guard: OutputGuard | null): Promise<void> {
    const op = this.fused(dist);
    const engine = this.engine;
    if (op !== undefined && engine instanceof KernelMtgp32Engine && out.length >= PARALLEL_MIN_ELEMENTS) {
      // Blocks still to be rebuilt after a restore are rebuilt in slices first (the staged set-up).
      return this.prepareAsync(out.length).then(() => engine.fillOpAsync(op, out, this.threads, guard));
    }
    if (op === undefined || !(engine instanceof KernelPhiloxEngine) || out.length < PARALLEL_MIN_ELEMENTS) {
      return super.generateAsync(dist, out, a, b, guard);
    }
    // The state moves now, in call order; only the bulk of the words is computed off the JS thread.
    const { head, slots, tail } = splitAtSlots(engine, out.length);
    if (head > 0) super.run(engine, dist, out.subarray(0, head), a, b);
    const width = ALGORITHM_TRAITS[this.algorithm].width(dist);
    const call: KernelCall = { op, runs: engine.slotRuns(engine.roundPosition >>> 2, slots), slots, width, key: engine.key, a, b };
    engine.advance(4 * slots, width);
    if (tail > 0) super.run(engine, dist, out.subarray(out.length - tail), a, b);
    return this.kernel.fillAsync(call, out, head, this.threads, guard);
  }
}

/** The engine whose words `kernel` computes for `algorithm`, or undefined (the TypeScript engine). */
function kernelEngine(algorithm: Algorithm, kernel: PhiloxKernel): (() => Engine) | undefined {
  if (algorithm === 'philox4x32-10') return () => new KernelPhiloxEngine(kernel);
  const mtgp32 = kernel.mtgp32;
  if (algorithm === 'mtgp32' && mtgp32 !== undefined) return () => new KernelMtgp32Engine(mtgp32);
  return undefined;
}

/**
 * The runs (PhiloxEngine.slotRuns' form) of the call's slots [first, last), numbered from `first`:
 * what a kernel call computing only that part of the call takes. The runs of its first 65536 slots
 * suffice, the kernel repeating them for later rounds as for a whole call.
 */
export function sliceRuns(runs: Float64Array, slots: number, width: 1 | 2, first: number, last: number): Float64Array {
  const end = Math.min(last, first + PHILOX_SUBSEQUENCES);
  const found: number[] = [];
  forEachSlotRun(runs, slots, width, (j, t, count, counter) => {
    const from = Math.max(j, first);
    const to = Math.min(j + count, end);
    if (from < to) found.push(from - first, t + from - j, to - from, counter);
  });
  return Float64Array.from(found);
}

/** Calls fill() for each run of a call, one slot range at a time (the kernels that loop in JavaScript). */
export function forEachKernelRun(
  runs: Float64Array,
  slots: number,
  width: 1 | 2,
  visit: (j: number, t: number, count: number, lo: number, hi: number) => void,
): void {
  forEachSlotRun(runs, slots, width, (j, t, count, counter) => {
    const lo = counter % 4294967296;
    visit(j, t, count, lo, (counter - lo) / 4294967296);
  });
}
