/**
 * Where the calls of a `cuda` generator run (docs/gpu.md, "Where calls run"). A GPU call costs tens
 * of microseconds whatever its size, which a CPU kernel spends on tens of thousands of values; for
 * the outputs whose bits NVIDIA documents as the same on the host and the device, small calls
 * therefore run on the exact CPU backend of the same algorithm, large ones on the device, one stream
 * between them:
 *
 * - A call runs on the CPU when it has fewer than `below` elements, is raw words or uniforms taking
 *   one word per element (uint32 and uniform; Philox's doubles take two), and the stream is in a
 *   canonical state (one curandSetGeneratorOffset reaches it: CurandBackend.isCanonical). From a
 *   canonical state such a call leaves one, so the device can always follow.
 * - Everything else runs on the device: Box–Muller normals and log-normals (whose device bits differ
 *   from the host's in the last digits), Poisson (normals for large λ), two-word doubles, and any call
 *   while the state is not canonical (after mixed-width calls, until a restart or a restore).
 * - The side a call does not use is brought to the stream's position lazily, before its next call:
 *   the device by curandSetGeneratorOffset on its live generator (CurandBackend.seekTo), the CPU by a
 *   reset at that offset. Neither generates anything.
 * - After a device failure every call stays on the device until one succeeds or the stream is
 *   restarted or restored, so that cuRAND's own failure rules (PREEXISTING_FAILURE after a call that
 *   failed part-way) hold as they do without routing.
 *
 * Only Philox is routed (select.ts gives the others the device backend alone): its offsets are a
 * counter, so moving either side costs nothing. MTGP32 and MT19937 have no offsets (the device could
 * follow the CPU only by generating the words again); an offset of XORWOW or MRG32k3a re-seeds every
 * thread's state by skipping ahead, on the device and in the CPU engines alike, and a switch would
 * cost more than the GPU call it saves (docs/gpu.md, "Where calls run").
 */
import { consumptionOf } from '../distributions/table.js';
import type { DrawKernel } from '../draws/draw-kernel.js';
import type { EngineState } from '../engines/engine.js';
import type { OutputGuard } from '../shared-memory.js';
import type { Algorithm, Distribution, EnvironmentVariables, Ordering, OutputArray } from '../types.js';
import type { Backend, StreamOrigin } from './backend.js';
import type { CurandBackend } from './curand.js';
import type { DeviceArray } from './device-array.js';

/**
 * Elements below which a call of raw words or uniforms runs on the CPU, unless NODE_CURAND_CUDA_CPU_BELOW
 * says otherwise: where a CPU kernel's time equals a GPU call's fixed cost plus its copy (docs/gpu.md,
 * "Where calls run": expected, to be measured by scripts/gpu-check).
 */
export const CUDA_CPU_BELOW_DEFAULT = 1 << 16;

const TWO_64 = 1n << 64n;

/** The algorithms routed: those whose position either side takes up at no cost (the module comment). */
export const ROUTED_ALGORITHMS: readonly Algorithm[] = ['philox4x32-10'];

/** The outputs with the same bits on the host and the device (cuRAND's documentation: raw words and uniforms). */
const SAME_BITS: ReadonlySet<Distribution> = new Set<Distribution>(['uint32', 'uniform', 'uniformDouble']);

/** NODE_CURAND_CUDA_CPU_BELOW as a number of elements (0: every call on the device); unset or empty: the default. */
export function cudaCpuBelow(env: EnvironmentVariables = process.env): number {
  const text = env.NODE_CURAND_CUDA_CPU_BELOW;
  if (text === undefined || text === '') return CUDA_CPU_BELOW_DEFAULT;
  const value = /^[0-9]+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`NODE_CURAND_CUDA_CPU_BELOW must be a whole number of elements in [0, 2^53) (0: every call on the GPU), got '${text}'`);
  }
  return value;
}

export class CudaRoutedBackend implements Backend {
  readonly name = 'cuda';
  readonly writesOffThread = true;
  readonly device: string;
  readonly detail: string;
  readonly drawKernel: DrawKernel | null;
  /** Which sides are at the stream's position; the other one is moved there before its next call. */
  #current: 'both' | 'device' | 'cpu' = 'both';
  /** Whether the stream's state is canonical; null: not known since a device call that may have left it. */
  #canonical: boolean | null = true;
  /** A device call failed: the device takes every call until one succeeds (see the module comment). */
  #deviceOnly = false;
  #seed = 0n;
  #ordering: Ordering = 'default';

  constructor(
    private readonly gpu: CurandBackend,
    private readonly cpu: Backend,
    /** Calls of raw words and uniforms with fewer elements run on `cpu`; 0: none. */
    readonly below: number,
  ) {
    this.device = gpu.device;
    this.drawKernel = gpu.drawKernel;
    this.detail =
      below === 0
        ? `${gpu.detail}; every call on the device (NODE_CURAND_CUDA_CPU_BELOW=0)`
        : `${gpu.detail}; calls of fewer than ${below} raw words or uniforms on '${cpu.name}' (the same bits)`;
  }

  get position(): bigint {
    return this.#current === 'cpu' ? this.cpu.position : this.gpu.position;
  }

  configure(seed: bigint, offset: bigint | null, ordering: Ordering): void {
    this.gpu.configure(seed, offset, ordering);
    this.cpu.configure(seed, offset, ordering);
    this.#restarted(seed, ordering, 'both');
  }

  #restarted(seed: bigint, ordering: Ordering, current: 'both' | 'device'): void {
    this.#seed = seed;
    this.#ordering = ordering;
    this.#current = current;
    this.#canonical = true;
    this.#deviceOnly = false;
  }

  /** Whether a call of n elements of `dist` runs on the CPU (the module comment's rule). */
  #onCpu(dist: Distribution, n: number, a: number, b: number): boolean {
    if (n >= this.below || this.#deviceOnly || !SAME_BITS.has(dist)) return false;
    const use = consumptionOf(this.gpu.algorithm, dist, a, b);
    if (use.width !== 1 || use.pairs || use.cachedPairs) return false;
    // Only the device can have left a state that is not canonical; its bookkeeping is then current.
    this.#canonical ??= this.gpu.isCanonical();
    return this.#canonical;
  }

  /** Brings the CPU to the stream's (canonical) position. */
  #cpuReady(): void {
    if (this.#current !== 'device') return;
    this.cpu.configure(this.#seed, this.gpu.position, this.#ordering);
    this.#current = 'both';
  }

  /** Brings the device to the stream's position, which is canonical whenever the CPU moved it. */
  #deviceReady(): void {
    if (this.#current !== 'cpu') return;
    this.gpu.seekTo(this.cpu.position);
    this.#current = 'both';
  }

  /** After a device call of `dist` succeeded. */
  #deviceMoved(dist: Distribution, a: number, b: number): void {
    this.#current = 'device';
    this.#deviceOnly = false;
    const use = consumptionOf(this.gpu.algorithm, dist, a, b);
    if (use.width !== 1 || use.pairs || use.cachedPairs) this.#canonical = null;
  }

  generate(dist: Distribution, out: OutputArray, a: number, b: number): void {
    if (this.#onCpu(dist, out.length, a, b)) {
      this.#cpuReady();
      this.cpu.generate(dist, out, a, b);
      this.#current = 'cpu';
      return;
    }
    this.#deviceReady();
    try {
      this.gpu.generate(dist, out, a, b);
    } catch (error) {
      this.#deviceOnly = true;
      throw error;
    }
    this.#deviceMoved(dist, a, b);
  }

  async generateAsync(dist: Distribution, out: OutputArray, a: number, b: number, guard: OutputGuard | null): Promise<void> {
    if (this.#onCpu(dist, out.length, a, b)) {
      this.#cpuReady();
      // The CPU moves its state when the call starts (CpuBackend.generateAsync).
      this.#current = 'cpu';
      return this.cpu.generateAsync(dist, out, a, b, guard);
    }
    this.#deviceReady();
    try {
      await this.gpu.generateAsync(dist, out, a, b, guard);
    } catch (error) {
      this.#deviceOnly = true;
      throw error;
    }
    this.#deviceMoved(dist, a, b);
  }

  /** Device-resident output is the device's by definition: it moves the stream there. */
  generateToDevice<D extends Distribution>(dist: D, n: number, a: number, b: number): DeviceArray<D> {
    this.#deviceReady();
    let array: DeviceArray<D>;
    try {
      array = (this.gpu.generateToDevice as NonNullable<CurandBackend['generateToDevice']>)(dist, n, a, b);
    } catch (error) {
      this.#deviceOnly = true;
      throw error;
    }
    this.#deviceMoved(dist, a, b);
    return array;
  }

  /** Page-locked outputs come from the device's allocator, whichever side then fills them. */
  allocPinned(dist: Distribution, n: number): OutputArray | null {
    return this.gpu.allocPinned?.(dist, n) ?? null;
  }

  async prepareAsync(n: number, onProgress?: (done: number, total: number) => void): Promise<void> {
    return this.gpu.prepareAsync(n, onProgress);
  }

  getEngineState(): EngineState {
    return this.#current === 'cpu' ? this.cpu.getEngineState() : this.gpu.getEngineState();
  }

  /** The device decides what can be restored (as without routing); the CPU follows when it is next used. */
  setEngineState(seed: bigint, ordering: Ordering, state: EngineState): void {
    this.gpu.setEngineState(seed, ordering, state);
    this.#restarted(seed, ordering, 'device');
  }

  /**
   * Raw words and float uniforms from the CPU engine, with the device's bits and no device generator;
   * normals and log-normals from the device (CurandBackend.slice), whose bits they are.
   */
  slice(dist: Distribution, origin: StreamOrigin, start: bigint, out: OutputArray, a: number, b: number): void {
    const use = consumptionOf(this.gpu.algorithm, dist, a, b);
    // Past offset 2^64 − 1 the device refuses (CurandBackend.slice), and so does this.
    const expressible = (origin.offset ?? 0n) + start < TWO_64;
    if (SAME_BITS.has(dist) && use.width === 1 && !use.pairs && expressible) this.cpu.slice(dist, origin, start, out, a, b);
    else this.gpu.slice(dist, origin, start, out, a, b);
  }

  dispose(): void {
    this.gpu.dispose();
    this.cpu.dispose();
  }
}
