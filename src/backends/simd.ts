/**
 * The addon's CPU kernels (native/kernels/): AVX-512 and AVX2 intrinsics, picked by runtime CPU
 * detection, and a portable one ('generic': the target's baseline vectors); all compute what the
 * `ts` reference computes.
 */
import { NATIVE_CPU_KERNEL, type NativeBinding, type NativeCpuKernelName } from '../native/binding-types.js';
import { onSharedMemory } from '../native/shared-staging.js';
import type { OutputArray } from '../types.js';
import { MTGP32_MASK, MTGP32_PARAMS } from '../engines/mtgp32-params.js';
import { KERNEL_OP, type KernelCall, type KernelOp, type Mtgp32Kernel, type PhiloxKernel } from './kernel.js';

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
    this.mtgp32 = {
      fill: (op, out, rings, idx, chunks) => kernels.mtgp32(id, op, out, rings, idx, MTGP32_PARAMS, chunks, MTGP32_MASK),
      fillAsync: (op, out, rings, idx, chunks, threads) =>
        onSharedMemory(out, (target) => kernels.mtgp32Async(id, op, target, rings, idx, MTGP32_PARAMS, chunks, MTGP32_MASK, threads)),
    };
  }

  fill({ op, runs, slots, width, key, a, b }: KernelCall, out: OutputArray, at: number): void {
    this.binding.cpuKernels.philox(this.#id, op, out, at, runs, slots, width, key[0], key[1], a, b);
  }

  fillAsync({ op, runs, slots, width, key, a, b }: KernelCall, out: OutputArray, at: number, threads: number): Promise<void> {
    return onSharedMemory(out, (target) =>
      this.binding.cpuKernels.philoxAsync(this.#id, op, target, at, runs, slots, width, key[0], key[1], a, b, threads),
    );
  }
}
