// Types of segments.mjs for the TypeScript that imports it (src/kernels/wasm.ts).

export interface KernelInstance {
  memory: { buffer: ArrayBuffer };
  SCRATCH_BYTES: { value: number };
  scratchPointer(): number;
  philox(op: number, k0: number, k1: number, lo: number, hi: number, t: number, slots: number, a: number, b: number): void;
}

export interface ScratchViews {
  u32: Uint32Array;
  f32: Float32Array;
  f64: Float64Array;
}

/** One fill's work: segments [j, t, count, lo, hi]… of op `op`, at most `most` slots a kernel call. */
export interface SegmentTask {
  op: number;
  k0: number;
  k1: number;
  a: number;
  b: number;
  segments: Float64Array;
  units: number;
  most: number;
}

/** What the kernel module imports (Math.log and Math.log1p). */
export const KERNEL_IMPORTS: { env: { log: (x: number) => number; log1p: (x: number) => number } };

export function scratchViews(kernel: KernelInstance): ScratchViews;
export function computeSegments(
  kernel: KernelInstance,
  views: ScratchViews,
  task: SegmentTask,
  out: Uint32Array | Float32Array | Float64Array,
  outAt: number,
): void;
