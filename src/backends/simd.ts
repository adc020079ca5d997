/**
 * The addon's CPU kernels (native/kernels/): AVX-512 and AVX2 intrinsics, picked by runtime CPU
 * detection, and a portable one ('generic': the target's baseline vectors); all compute what the
 * `ts` reference computes.
 */
import { NATIVE_CPU_KERNEL, type NativeBinding, type NativeCpuKernelName } from '../native/binding-types.js';
import type { OutputArray } from '../types.js';
import { MTGP32_MASK, MTGP32_PARAMS } from '../engines/mtgp32-params.js';
import { KERNEL_OP, sliceRuns, unitsPerSlot, type KernelCall, type KernelOp, type Mtgp32Kernel, type PhiloxKernel } from './kernel.js';
import type { OutputGuard } from './staging.js';

/**
 * Elements one slice of an async call into the caller's ordinary memory computes on the JS thread
 * before yielding: well under a millisecond, long next to a kernel call's fixed cost.
 */
const SLICE_ELEMENTS = 1 << 21;

/** Resolves after the event loop has run once (I/O and timers included). */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Kernel choices: 'auto' takes the fastest this CPU runs (AVX-512, then AVX2). */
export type CpuKernelChoice = 'auto' | NativeCpuKernelName;
export const CPU_KERNEL_CHOICES: readonly CpuKernelChoice[] = ['auto', 'avx512', 'avx2', 'generic'];

/** The kernel a choice resolves to here, or why it cannot run. */
export function resolveCpuKernel(binding: NativeBinding, choice: CpuKernelChoice): { kernel: NativeCpuKernelName } | { reason: string } {
  const available = binding.cpuKernels.available;
  if (choice === 'auto') {
    const best = available[0];
    return best !== undefined && best !== 'generic' ? { kernel: best } : { reason: 'this CPU has neither AVX-512 nor AVX2' };
  }
  return available.includes(choice)
    ? { kernel: choice }
    : { reason: `this CPU cannot run the '${choice}' kernel (it runs: ${available.join(', ')})` };
}

/** Every op: the native kernels cover all of KERNEL_OP. */
const ALL_OPS: ReadonlySet<KernelOp> = new Set(Object.values(KERNEL_OP));

export class NativeCpuKernel implements PhiloxKernel {
  readonly ops = ALL_OPS;
  readonly mtgp32: Mtgp32Kernel;
  readonly #id: number;

  constructor(
    private readonly binding: NativeBinding,
    readonly name: NativeCpuKernelName,
  ) {
    const id = NATIVE_CPU_KERNEL[name];
    this.#id = id;
    const kernels = binding.cpuKernels;
    const fill = (op: KernelOp, out: OutputArray, rings: Int32Array, idx: Int32Array, chunks: Float64Array, threads = 1): void =>
      kernels.mtgp32(id, op, out, rings, idx, MTGP32_PARAMS, chunks, MTGP32_MASK, threads);
    this.mtgp32 = {
      fill,
      fillAsync: async (op, out, rings, idx, chunks, threads, guard) => {
        if (guard === null) return kernels.mtgp32Async(id, op, out, rings, idx, MTGP32_PARAMS, chunks, MTGP32_MASK, threads);
        // Consecutive runs of chunks, in plan order (a block's chunks must run in order).
        for (let c = 0; c < chunks.length; ) {
          let words = 0;
          let end = c;
          while (end < chunks.length && words < SLICE_ELEMENTS) {
            words += chunks[end + 2] as number;
            end += 3;
          }
          if (c > 0) await nextTurn();
          guard.check();
          fill(op, out, rings, idx, chunks.subarray(c, end), threads);
          c = end;
        }
      },
    };
  }

  fill({ op, runs, slots, width, key, a, b }: KernelCall, out: OutputArray, at: number): void {
    this.binding.cpuKernels.philox(this.#id, op, out, at, runs, slots, width, key[0], key[1], a, b);
  }

  /**
   * Off the JS thread into shared memory; into memory the caller may take away (`guard`), in slices
   * of SLICE_ELEMENTS that this thread computes with the helper threads and waits for, with a turn of
   * the event loop between them, so the loop stays responsive and no slice can outlive the memory it
   * writes.
   */
  async fillAsync(call: KernelCall, out: OutputArray, at: number, threads: number, guard: OutputGuard | null): Promise<void> {
    const { op, runs, slots, width, key, a, b } = call;
    if (guard === null) return this.binding.cpuKernels.philoxAsync(this.#id, op, out, at, runs, slots, width, key[0], key[1], a, b, threads);
    const units = unitsPerSlot(op);
    const step = Math.max(1, Math.floor(SLICE_ELEMENTS / units));
    for (let first = 0; first < slots; first += step) {
      if (first > 0) await nextTurn();
      guard.check();
      const last = Math.min(slots, first + step);
      const part = sliceRuns(runs, slots, width, first, last);
      this.binding.cpuKernels.philox(this.#id, op, out, at + first * units, part, last - first, width, key[0], key[1], a, b, threads);
    }
  }
}
