/**
 * The `simd` backend's kernels: the addon's AVX-512 and AVX2 intrinsics (native/kernels/), picked by
 * runtime CPU detection, on x86-64; NEON on arm64; and a portable build ('generic': the target's
 * baseline vectors). They
 * compute every Philox op; MTGP32's and MT19937's words, uniforms, doubles and inverse-CDF normals and
 * log-normals; XORWOW's words and every Philox transform of them; and MRG32k3a's step results and its
 * uint32, uniforms and Box–Muller normals and log-normals; on several threads where asked.
 */
import { MTGP32_MASK, MTGP32_PARAMS } from '../engines/mtgp32-params.js';
import { NATIVE_CPU_KERNEL, NATIVE_SLOT_GENERATOR, type NativeBinding, type NativeCpuKernelName } from '../native/binding-types.js';
import type { OutputGuard } from '../shared-memory.js';
import type { Algorithm, Distribution, HostMath, OutputArray } from '../types.js';
import {
  mrg32k3aOp,
  oneWordOp,
  philoxOp,
  unitsPerSlot,
  xorwowOp,
  type CpuKernel,
  type KernelCall,
  type KernelOp,
  type Mt19937Rows,
  type Mtgp32Chunks,
  type PhiloxSlots,
  type ThreadSlots,
} from './kernel.js';
import { sliceRuns } from './runs.js';

/**
 * Elements one slice of an async call into memory the caller may take away computes on the JS
 * thread (with the helper threads) before the event loop gets a turn: well under a millisecond,
 * long next to a kernel call's fixed cost.
 */
const SLICE_ELEMENTS = 1 << 21;

/** Resolves after the event loop has run once (I/O and timers included). */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** The `kernel` option: 'auto' takes the fastest this CPU runs (AVX-512, then AVX2; NEON on arm64). */
export type CpuKernelChoice = 'auto' | NativeCpuKernelName;
export const CPU_KERNEL_CHOICES: readonly CpuKernelChoice[] = ['auto', 'avx512', 'avx2', 'neon', 'generic'];

/** Why 'auto' finds no kernel but the portable one (an x86-64 CPU without AVX2, or another architecture). */
export const NO_FAST_KERNEL = 'this CPU has neither AVX-512 nor AVX2 (x86-64) nor NEON (arm64)';

/** The kernel a choice resolves to here, or why it cannot run. */
export function resolveCpuKernel(binding: NativeBinding, choice: CpuKernelChoice): { kernel: NativeCpuKernelName } | { reason: string } {
  const available = binding.cpuKernels.available;
  if (choice === 'auto') {
    const best = available[0];
    return best !== undefined && best !== 'generic' ? { kernel: best } : { reason: NO_FAST_KERNEL };
  }
  return available.includes(choice)
    ? { kernel: choice }
    : { reason: `this CPU cannot run the '${choice}' kernel (it runs: ${available.join(', ')})` };
}

export class SimdKernel implements CpuKernel {
  readonly philox: PhiloxSlots;
  readonly mtgp32: Mtgp32Chunks;
  readonly xorwow: ThreadSlots;
  readonly mrg32k3a: ThreadSlots;
  readonly mt19937: Mt19937Rows;

  constructor(
    binding: NativeBinding,
    readonly name: NativeCpuKernelName,
  ) {
    const id = NATIVE_CPU_KERNEL[name];
    const kernels = binding.cpuKernels;
    const philox = ({ op, runs, slots, width, key, a, b }: KernelCall, out: OutputArray, at: number, threads: number): void =>
      kernels.philox(id, op, out, at, runs, slots, width, key[0], key[1], a, b, threads);
    const mtgp32 = (op: KernelOp, out: OutputArray, rings: Int32Array, idx: Int32Array, chunks: Float64Array, a: number, b: number, threads: number): void =>
      kernels.mtgp32(id, op, out, rings, idx, MTGP32_PARAMS, chunks, MTGP32_MASK, a, b, threads);

    // Async calls run off the JS thread into shared memory. Into memory the caller may take away
    // (`guard`) they run in slices of SLICE_ELEMENTS that this thread computes with the helper
    // threads and waits for, with a turn of the event loop between them: the loop stays responsive,
    // and no slice can outlive the memory it writes.
    this.philox = {
      fill: philox,
      fillAsync: async (call, out, at, threads, guard) => {
        const { op, runs, slots, width, key, a, b } = call;
        if (guard === null) return kernels.philoxAsync(id, op, out, at, runs, slots, width, key[0], key[1], a, b, threads);
        const units = unitsPerSlot(op);
        const step = Math.max(1, Math.floor(SLICE_ELEMENTS / units));
        for (let first = 0; first < slots; first += step) {
          if (first > 0) await turnAndCheck(guard);
          const last = Math.min(slots, first + step);
          philox({ ...call, runs: sliceRuns(runs, slots, width, first, last), slots: last - first }, out, at + first * units, threads);
        }
      },
    };
    // Synchronous only: an async XORWOW, MRG32k3a or MT19937 call runs here too (CpuBackend.generateAsync).
    const threadSlots = (generator: number): ThreadSlots => ({
      fill: (op, out, at, states, first, slots, words, a, b, threads) => kernels.threadSlots(id, generator, op, out, at, states, first, slots, words, a, b, threads),
    });
    this.xorwow = threadSlots(NATIVE_SLOT_GENERATOR.xorwow);
    this.mrg32k3a = threadSlots(NATIVE_SLOT_GENERATOR.mrg32k3a);
    this.mt19937 = {
      fill: (op, out, at, { states, twists, order, position, n }, a, b, threads) =>
        kernels.mt19937(id, op, out, at, states, twists, order, position, n, a, b, threads),
    };
    this.mtgp32 = {
      fill: mtgp32,
      fillAsync: async (op, out, rings, idx, chunks, a, b, threads, guard) => {
        if (guard === null) return kernels.mtgp32Async(id, op, out, rings, idx, MTGP32_PARAMS, chunks, MTGP32_MASK, a, b, threads);
        // Consecutive runs of chunks, in plan order (a block's chunks must run in order).
        for (let c = 0; c < chunks.length; ) {
          let words = 0;
          let end = c;
          while (end < chunks.length && words < SLICE_ELEMENTS) {
            words += chunks[end + 2] as number;
            end += 3;
          }
          if (c > 0) await turnAndCheck(guard);
          mtgp32(op, out, rings, idx, chunks.subarray(c, end), a, b, threads);
          c = end;
        }
      },
    };
  }

  fusedOp(algorithm: Algorithm, dist: Distribution, hostMath: HostMath): KernelOp | undefined {
    if (algorithm === 'philox4x32-10') return philoxOp(dist, hostMath);
    if (algorithm === 'mtgp32' || algorithm === 'mt19937') return oneWordOp(algorithm, dist, hostMath);
    if (algorithm === 'xorwow') return xorwowOp(dist, hostMath);
    if (algorithm === 'mrg32k3a') return mrg32k3aOp(dist, hostMath);
    return undefined;
  }
}

/** A turn of the event loop, then the guard's check: the caller's memory may have gone meanwhile. */
async function turnAndCheck(guard: OutputGuard): Promise<void> {
  await nextTurn();
  guard.check();
}
