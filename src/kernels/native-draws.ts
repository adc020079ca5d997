/**
 * The draws' loops in the addon (native/kernels/draws_impl.h, compiled for AVX-512, AVX2 and the
 * portable baseline): the draw kernel of the `simd` backend, and of `curand-host` and `cuda`, which
 * load the addon anyway (backends/select.ts).
 */
import type { NumberIntegerArray } from '../draws/array-types.js';
import type { CumulativeTable, SquareHistogram } from '../distributions/poisson-tables.js';
import type { DrawKernel, DrawPlace } from '../draws/draw-kernel.js';
import { NATIVE_CPU_KERNEL, type NativeBinding, type NativeCpuKernelName, type NativeDrawKernels } from '../native/binding-types.js';
import type { AnyTypedArray } from '../types.js';

/**
 * Values below which a draw stays in TypeScript: a call through N-API costs about as much as the
 * TypeScript loop's work on this many values (docs/cpu-kernels.md, "Draw kernels").
 */
const NATIVE_MIN_VALUES = 64;

export class NativeDrawKernel implements DrawKernel {
  readonly minValues = NATIVE_MIN_VALUES;
  readonly #draws: NativeDrawKernels;
  readonly #id: number;

  constructor(
    binding: NativeBinding,
    readonly name: NativeCpuKernelName,
  ) {
    this.#draws = binding.drawKernels;
    this.#id = NATIVE_CPU_KERNEL[name];
  }

  unitDoubles(words: Uint32Array, at: number, out: Float64Array, from: number, count: number): void {
    this.#draws.unitDoubles(this.#id, words, at, out, from, count);
  }

  unitFloats(words: Uint32Array, at: number, out: Float32Array, from: number, count: number): void {
    this.#draws.unitFloats(this.#id, words, at, out, from, count);
  }

  bernoulli(words: Uint32Array, at: number, threshold: number, out: NumberIntegerArray | Float32Array, from: number, count: number): void {
    this.#draws.bernoulli(this.#id, words, at, threshold, out, from, count);
  }

  bounded32(words: Uint32Array, m: number, t: number, base: number, out: NumberIntegerArray, to: number, place: DrawPlace): void {
    this.#draws.bounded32(this.#id, words, m, t, base, out, to, place);
  }

  shuffle(words: Uint32Array, array: AnyTypedArray, first: number, place: DrawPlace): void {
    this.#draws.shuffle(this.#id, words, array, first, place);
  }

  poissonHistogram(words: Uint32Array, at: number, out: Uint32Array, from: number, count: number, table: SquareHistogram, centred: boolean): void {
    this.#draws.poissonHistogram(this.#id, words, at, out, from, count, table.shift, table.threshold, table.alias, centred);
  }

  poissonCumulative(words: Uint32Array, at: number, out: Uint32Array, from: number, count: number, table: CumulativeTable): void {
    this.#draws.poissonCumulative(this.#id, words, at, out, from, count, table.shift, table.cdf);
  }
}

/** The addon's draw kernel for the fastest kernel this CPU runs (the backends that are not `simd` have no kernel option). */
export function fastestNativeDrawKernel(binding: NativeBinding): NativeDrawKernel {
  return new NativeDrawKernel(binding, binding.cpuKernels.available[0] ?? 'generic');
}
