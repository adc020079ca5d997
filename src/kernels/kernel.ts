/**
 * What an exact CPU kernel is to the rest of the code: a strategy the `wasm` and `simd` backends are
 * given (backends/cpu.ts), which computes what the TypeScript engines and transforms compute, bit for
 * bit, faster. The engines keep the state model and decide which words a call takes (which Philox
 * slots and counters, which MTGP32 chunks); a kernel only computes them, raw or transformed.
 *
 * The op numbers are an ABI shared with the WebAssembly kernel (wasm/kernels.ts) and the native ones
 * (native/kernels/kernels.h, enum Op).
 */
import type { StreamRows, ThreadStates } from '../engines/engine.js';
import type { OutputGuard } from '../shared-memory.js';
import type { Algorithm, Distribution, HostMath, OutputArray } from '../types.js';

/**
 * What a kernel computes for each whole Philox slot, each XORWOW or MRG32k3a slot, or each MTGP32 or
 * MT19937 word. The normal ops are each generator's normals: Box–Muller pairs for Philox, XORWOW and
 * MRG32k3a, the inverse-CDF normals (one word each) for MTGP32 and MT19937.
 */
export const KERNEL_OP = {
  /** Philox: the slot's 4 raw words (width-1 elements). MTGP32: its words. */
  words: 0,
  /** Philox: 8 raw words, the blocks at counter and counter + 1 (width-2 elements). */
  words2: 1,
  uniform: 2,
  /** Philox: from two blocks. MTGP32: its one-word double. */
  uniformDouble: 3,
  /** Float Box–Muller normals; (a, b) = (mean, stddev). */
  normal: 4,
  /** Float log-normals with glibc's FMA-build expf. */
  logNormal: 5,
  /** Double Box–Muller normals with glibc's double math, its FMA build (hostMath 'x86-fma')… */
  normalDoubleFma: 6,
  logNormalDoubleFma: 7,
  /** … or its SSE2 build ('x86-sse2'). */
  normalDoubleSse2: 8,
  logNormalDoubleSse2: 9,
  /** MTGP32's double normals: its float inverse-CDF normal widened (no other generator's). */
  normalDoubleFromFloat: 10,
  /** MRG32k3a's uint32 (curandGenerate): trunc(r·MRG_UINT32_SCALE) of its step result r. */
  uint32Scaled: 11,
} as const;
export type KernelOp = (typeof KERNEL_OP)[keyof typeof KERNEL_OP];

/** Output array elements one Philox slot of `op` fills: 8 words for words2, else 4 elements (or 4 doubles). */
export function unitsPerSlot(op: KernelOp): 4 | 8 {
  return op === KERNEL_OP.words2 ? 8 : 4;
}

/**
 * The double ops of a hostMath variant: the kernels' double math is glibc's FMA or SSE2 build. aarch64's
 * glibc computes log, log1p and sincos as the FMA build but exp (at ties) and expf (as the SSE2 build)
 * differently (src/math/libm.ts): its normals are the FMA ops', its log-normals the TypeScript transforms'.
 */
function doubleOps(hostMath: HostMath): { normal: KernelOp; logNormal: KernelOp | undefined } {
  if (hostMath === 'x86-sse2') return { normal: KERNEL_OP.normalDoubleSse2, logNormal: KERNEL_OP.logNormalDoubleSse2 };
  return { normal: KERNEL_OP.normalDoubleFma, logNormal: hostMath === 'x86-fma' ? KERNEL_OP.logNormalDoubleFma : undefined };
}

/** The op computing a Philox distribution whole (the blocks and cuRAND's transform in one pass), if any. */
export function philoxOp(dist: Distribution, hostMath: HostMath): KernelOp | undefined {
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
      // The kernels' expf is glibc's FMA build; the SSE2 one (and aarch64's) differs on two inputs
      // (src/math/libm.ts).
      return fma ? KERNEL_OP.logNormal : undefined;
    case 'normalDouble':
      return doubleOps(hostMath).normal;
    case 'logNormalDouble':
      return doubleOps(hostMath).logNormal;
    default:
      return undefined;
  }
}

/**
 * The MTGP32 and MT19937 outputs a kernel computes whole, one word per element
 * (src/distributions/table.ts): their own uniforms, and the inverse-CDF normals — MTGP32's double
 * normal is its float one widened, MT19937's the double path in the host's double math. The float
 * log-normal needs glibc's FMA-build expf, as for Philox.
 */
export function oneWordOp(algorithm: 'mtgp32' | 'mt19937', dist: Distribution, hostMath: HostMath): KernelOp | undefined {
  switch (dist) {
    case 'normalDouble':
      if (algorithm === 'mtgp32') return KERNEL_OP.normalDoubleFromFloat;
      return doubleOps(hostMath).normal;
    case 'uint32':
    case 'uniform':
    case 'uniformDouble':
    case 'normal':
    case 'logNormal':
    case 'logNormalDouble':
      return philoxOp(dist, hostMath);
    default:
      return undefined;
  }
}

/**
 * The XORWOW outputs a kernel computes whole: XORWOW shares Philox's transforms
 * (docs/spec/curand-more-generators.md §1.6), one slot per element or Box–Muller pair.
 */
export function xorwowOp(dist: Distribution, hostMath: HostMath): KernelOp | undefined {
  return philoxOp(dist, hostMath);
}

/**
 * The MRG32k3a outputs a kernel computes whole: its own transforms of the step results (§2.4), one
 * slot per element or Box–Muller pair; uint32 is not the raw word but its scaled truncation.
 */
export function mrg32k3aOp(dist: Distribution, hostMath: HostMath): KernelOp | undefined {
  return dist === 'uint32' ? KERNEL_OP.uint32Scaled : philoxOp(dist, hostMath);
}

/**
 * One call's whole Philox slots: `slots` slots of `op`, those of `runs` (the call's first round,
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

/** A kernel's Philox: computes the slots the engine planned. */
export interface PhiloxSlots {
  /** Writes the call's slot j at out[at + j·unitsPerSlot(op) …], split over up to `threads` threads where it can. */
  fill(call: KernelCall, out: OutputArray, at: number, threads: number): void;
  /**
   * The same without blocking the event loop for long, off the JS thread where it can. With a
   * `guard`, `out` is memory the caller may take away at any await: the kernel writes it only on the
   * JS thread, right after guard.check(), or stages the values elsewhere (Backend.generateAsync).
   */
  fillAsync(call: KernelCall, out: OutputArray, at: number, threads: number, guard: OutputGuard | null): Promise<void>;
}

/**
 * A kernel's MTGP32: runs the chunks the engine planned ([block, at, words]…) on the engine's own
 * rings and ring indices, writing op's outputs (oneWordOp) from out[at]; (a, b) = (mean, stddev) for
 * the normals.
 */
export interface Mtgp32Chunks {
  fill(op: KernelOp, out: OutputArray, rings: Int32Array, idx: Int32Array, chunks: Float64Array, a: number, b: number, threads: number): void;
  /** The same without blocking the event loop for long; `guard` as for PhiloxSlots.fillAsync. */
  fillAsync(
    op: KernelOp,
    out: OutputArray,
    rings: Int32Array,
    idx: Int32Array,
    chunks: Float64Array,
    a: number,
    b: number,
    threads: number,
    guard: OutputGuard | null,
  ): Promise<void>;
}

/**
 * A kernel's XORWOW or MRG32k3a: runs `slots` slots of the engine's threads (SlotStatesEngine.runSlots:
 * thread (first + g) mod T makes slot g) on its thread states in place, writing op's outputs from
 * out[at] (`words` raw words per slot for op words); (a, b) = (mean, stddev) for the normals.
 */
export interface ThreadSlots {
  fill(op: KernelOp, out: OutputArray, at: number, states: ThreadStates, first: number, slots: number, words: number, a: number, b: number, threads: number): void;
}

/**
 * A kernel's MT19937: words [position, position + n) of the row layout (Mt19937Engine.runRows) on the
 * engine's stream windows and twist counts in place, with the engine's position table `order`,
 * writing op's outputs (oneWordOp) from out[at]; (a, b) = (mean, stddev) for the normals.
 */
export interface Mt19937Rows {
  fill(op: KernelOp, out: OutputArray, at: number, rows: StreamRows, a: number, b: number, threads: number): void;
}

/** An exact CPU kernel: what it computes, and what of a call it can compute whole. */
export interface CpuKernel {
  /** What computes: 'wasm-simd128', 'avx512', 'avx2', 'neon', 'generic'. */
  readonly name: string;
  readonly philox?: PhiloxSlots;
  readonly mtgp32?: Mtgp32Chunks;
  readonly xorwow?: ThreadSlots;
  readonly mrg32k3a?: ThreadSlots;
  readonly mt19937?: Mt19937Rows;
  /**
   * The op that computes `dist` of `algorithm` whole (words and transform in one pass) under
   * `hostMath`, or undefined: the backend then takes the kernel's raw words (if it computes the
   * algorithm) through the TypeScript transform.
   */
  fusedOp(algorithm: Algorithm, dist: Distribution, hostMath: HostMath): KernelOp | undefined;
}
