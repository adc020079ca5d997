// Disposable and Symbol.dispose come from TypeScript's esnext.disposable lib (or @types/node). Kept in
// the .d.ts (preserve), this directive adds that lib to a user's project, so that one on an older lib
// without @types/node still type-checks (test/installed-package.test.ts).
/// <reference lib="esnext.disposable" preserve="true" />

import { CurandError, outputDetached } from '../errors.js';
import type { NativeDeviceArrayHandle } from '../native/binding-types.js';
import type { Distribution, OutputArray, OutputOf } from '../types.js';
import { intrinsicBuffer, intrinsicLength, toOutput } from '../validate.js';

/** The element type of a device array, as NumPy and PyTorch name it. */
export type DeviceDtype = 'uint32' | 'float32' | 'float64';

const DTYPE: Record<Distribution, DeviceDtype> = {
  uint32: 'uint32',
  uniform: 'float32',
  uniformDouble: 'float64',
  normal: 'float32',
  normalDouble: 'float64',
  logNormal: 'float32',
  logNormalDouble: 'float64',
  poisson: 'uint32',
};

/**
 * Values a `cuda` generator left on the GPU (`g.uniform(n, { device: true })`): one buffer of
 * device memory that cuRAND filled in one call on the generator's generation stream, with nothing
 * copied to the host. Other native libraries consume it through `pointer` (the device address),
 * after waiting for `event` (recorded once the values are written: cudaStreamWaitEvent on their
 * stream, or cudaEventSynchronize). `toHost()` / `toHostAsync()` copy the values into a typed array;
 * `dispose()` frees the memory now, garbage collection otherwise (docs/gpu.md, "Device-resident output").
 */
export class DeviceArray<D extends Distribution = Distribution> implements Disposable {
  /** The generate call that wrote it. */
  readonly distribution: D;
  readonly dtype: DeviceDtype;
  /** Elements. */
  readonly length: number;
  readonly byteLength: number;
  /** 'cuda:N'. */
  readonly device: string;
  #handle: NativeDeviceArrayHandle | null;

  /** @internal Made by the `cuda` backend's generate calls. */
  constructor(handle: NativeDeviceArrayHandle, distribution: D, length: number) {
    this.#handle = handle;
    this.distribution = distribution;
    this.dtype = DTYPE[distribution];
    this.length = length;
    this.byteLength = handle.byteLength;
    this.device = `cuda:${handle.deviceIndex}`;
  }

  /** The device address (cudaMalloc'd; 0n when length is 0), as a bigint for other native code. */
  get pointer(): bigint {
    return this.#live('pointer').pointer;
  }
  /**
   * The cudaStream_t the values were generated on: the generator's generation stream, valid while the
   * generator is not disposed. Waiting on `event` is the better hand-over: it covers exactly this work.
   */
  get stream(): bigint {
    return this.#live('stream').stream;
  }
  /** The cudaEvent_t recorded after the generation (blocking-sync, no timing), valid until dispose(). */
  get event(): bigint {
    return this.#live('event').event;
  }
  get disposed(): boolean {
    return this.#handle === null;
  }

  /**
   * Copies the values into a new typed array (Float32Array, Float64Array or Uint32Array, as the
   * distribution writes), or into `out` (that type, exactly `length` elements), once the generation is done.
   */
  toHost(out?: OutputOf<D>): OutputOf<D> {
    const handle = this.#live('toHost');
    const target = this.#target('toHost', out);
    handle.copyToHost(target.target);
    return target.result;
  }

  /**
   * The same without blocking the event loop: the copy runs on the thread pool. `out` may be any
   * array toHost takes; one over an ordinary ArrayBuffer is written on this thread once the copy is
   * done (rejects with ERR_CURAND_OUTPUT_DETACHED if it was detached or shrunk meanwhile).
   */
  async toHostAsync(out?: OutputOf<D>): Promise<OutputOf<D>> {
    const handle = this.#live('toHostAsync');
    const target = this.#target('toHostAsync', out);
    // The addon writes from another thread only into memory nobody can take away meanwhile.
    if (intrinsicBuffer(target.target) instanceof SharedArrayBuffer) {
      await handle.copyToHostAsync(target.target);
      return target.result;
    }
    const staging = toOutput(this.distribution, this.length, true).target;
    await handle.copyToHostAsync(staging);
    if (intrinsicLength(target.target) !== this.length) throw outputDetached('toHostAsync');
    (target.target as OutputArray).set(staging as never);
    return target.result;
  }

  /** Frees the device memory and the event now (after a copy in progress); later calls throw ERR_CURAND_DISPOSED. Idempotent. */
  dispose(): void {
    const handle = this.#handle;
    this.#handle = null;
    handle?.dispose();
  }

  [Symbol.dispose](): void {
    this.dispose();
  }

  #live(operation: string): NativeDeviceArrayHandle {
    if (this.#handle === null) {
      throw new CurandError('ERR_CURAND_DISPOSED', `${operation}: this device array has been disposed`, { operation });
    }
    return this.#handle;
  }

  /** The array toHost writes: a new one of `length` elements, or the caller's, checked. */
  #target(operation: string, out: OutputOf<D> | undefined): { result: OutputOf<D>; target: OutputOf<D> } {
    if (out === undefined) {
      const fresh = toOutput(this.distribution, this.length).result as OutputOf<D>;
      return { result: fresh, target: fresh };
    }
    const checked = toOutput(this.distribution, out);
    if (checked.length !== this.length) {
      throw new RangeError(`${operation}: out must have ${this.length} elements (this device array's length), got ${checked.length}`);
    }
    return { result: checked.result as OutputOf<D>, target: checked.target as OutputOf<D> };
  }
}

