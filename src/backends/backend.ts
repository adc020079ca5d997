import type { DrawKernel } from '../draws/draw-kernel.js';
import type { EngineState } from '../engines/engine.js';
import type { BackendName, Distribution, Ordering, OutputArray } from '../types.js';
import type { OutputGuard } from '../shared-memory.js';
import type { DeviceArray } from './device-array.js';

/** Where a stream starts: what a fresh generator is configured with. */
export interface StreamOrigin {
  seed: bigint;
  offset: bigint | null;
  ordering: Ordering;
}

/**
 * What every backend implements. The Generator façade validates every argument and serialises
 * calls before they reach a backend; a backend only generates and keeps its stream position.
 */
export interface Backend {
  readonly name: BackendName;
  /** 'cpu' or 'cuda:N'. */
  readonly device: string;
  /** What actually computes, e.g. 'ts', 'libcurand.so.10 10.4.0 (host)'. */
  readonly detail: string;
  /**
   * True when generateAsync writes from other threads: the outputs async calls allocate then live in
   * a SharedArrayBuffer, which those threads can write in place (see generateAsync).
   */
  readonly writesOffThread: boolean;
  /**
   * The draws' inner loops, computed faster with the same values (draws/draw-kernel.ts), that the
   * Generator's word buffer uses; null: the TypeScript loops (the reference).
   */
  readonly drawKernel: DrawKernel | null;
  /** Restarts the stream: fresh generator, `seed`, positioned at `offset` (null: never call curandSetGeneratorOffset). */
  configure(seed: bigint, offset: bigint | null, ordering: Ordering): void;
  /** Fills all of `out`. (a, b) = (mean, stddev) for normals, (lambda, 0) for poisson. */
  generate(dist: Distribution, out: OutputArray, a: number, b: number): void;
  /**
   * The same, without blocking the event loop for long. Without a `guard`, `out` is memory nobody can
   * take away meanwhile (a SharedArrayBuffer, or an array the call allocated as writesOffThread asks),
   * which other threads may write. With one, `out` is the caller's ordinary memory, which may be
   * detached or shrunk at any await: it is written only on the JS thread right after guard.check(),
   * or through a staging buffer copied in after one. A rejected call may have moved the state: the
   * façade puts it back.
   */
  generateAsync(dist: Distribution, out: OutputArray, a: number, b: number, guard: OutputGuard | null): Promise<void>;
  /**
   * Runs the set-up a generate call of n elements would need (Infinity: all of it) in slices that
   * yield to the event loop, reporting progress in set-up steps: MT19937's stream jumps and MTGP32's
   * block rebuilding after a restore on the CPU backends, the discarding that brings cuRAND to a
   * restored MTGP32 or MT19937 position on the native ones. Resolves at once when there is none.
   */
  prepareAsync?(n: number, onProgress?: (done: number, total: number) => void): Promise<void>;
  /**
   * Backends with GPU memory ('cuda'): n values generated in one call into device memory, left there
   * (DeviceArray); the position moves as generate() of n values moves it. Absent elsewhere.
   */
  generateToDevice?<D extends Distribution>(dist: D, n: number, a: number, b: number): DeviceArray<D>;
  /**
   * Backends that copy from a GPU ('cuda'): an output of n elements over page-locked memory, which
   * generate() and generateAsync() fill straight from the device; null when it cannot be allocated.
   * Absent elsewhere (ordinary memory is as fast there).
   */
  allocPinned?(dist: Distribution, n: number): OutputArray | null;
  /** The engine state in the portable format of the algorithm (identical across backends). */
  getEngineState(): EngineState;
  /**
   * Resumes from an engine state saved by any backend; throws CurandError ERR_CURAND_STATE when
   * this backend cannot express it. Leaves the backend unchanged on failure.
   */
  setEngineState(seed: bigint, ordering: Ordering, state: EngineState): void;
  readonly position: bigint;
  /**
   * Fills `out` with elements [start, start + out.length) of the stream that only `dist` calls
   * would produce from `origin`, without moving this backend's own position (counter-based
   * engines only: the façade checks). Throws ERR_CURAND_STATE where cuRAND cannot express it.
   */
  slice(dist: Distribution, origin: StreamOrigin, start: bigint, out: OutputArray, a: number, b: number): void;
  dispose(): void;
}
