/**
 * Shared memory for async calls whose output the caller could take away meanwhile (an array over an
 * ordinary ArrayBuffer, which can be transferred or resized at any await): other threads write here,
 * and the JS thread copies into the caller's array after checking that it is still there.
 */
import type { OutputArray } from './types.js';

/**
 * The caller's array of an async call, when it lives in memory the caller can detach or shrink at
 * any await (Generator #runAsync makes one). Absent for arrays over a SharedArrayBuffer and for
 * arrays the call allocated, which nothing can take away.
 */
export interface OutputGuard {
  /** Throws (ERR_CURAND_OUTPUT_DETACHED) unless the caller's array still holds all its elements. */
  check(): void;
}

/**
 * The last staging buffer, kept for the next call: a fresh one costs its first-touch page faults,
 * about as much as computing it (docs/cpu-kernels.md). Held weakly, so the GC may reclaim it between
 * calls; calls in flight at once get their own.
 */
export class StagingBuffers {
  #spare: WeakRef<SharedArrayBuffer> | undefined;

  /** A typed array like `out` (its element type, `length` elements) over shared memory. */
  take(out: OutputArray, length: number): OutputArray {
    const Type = out.constructor as new (buffer: ArrayBufferLike, byteOffset: number, length: number) => OutputArray;
    const bytes = length * out.BYTES_PER_ELEMENT;
    let buffer = this.#spare?.deref();
    if (buffer === undefined || buffer.byteLength < bytes) {
      try {
        buffer = new SharedArrayBuffer(bytes);
      } catch (error) {
        throw new RangeError(`the ${length}-element call needs ${bytes} bytes of staging memory, which cannot be allocated here: ${(error as Error).message}`, { cause: error });
      }
    } else {
      this.#spare = undefined;
    }
    return new Type(buffer, 0, length);
  }

  /** Returns a buffer from take() once nothing writes into it any more; the larger one is kept. */
  give(staging: OutputArray): void {
    const buffer = staging.buffer as SharedArrayBuffer;
    const spare = this.#spare?.deref();
    if (spare === undefined || spare.byteLength < buffer.byteLength) this.#spare = new WeakRef(buffer);
  }
}
