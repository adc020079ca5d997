// The one loop that runs the WebAssembly kernel over whole-slot segments, and what the kernel module
// imports, shared by the JS thread (src/kernels/wasm.ts) and the worker threads of multi-threaded fills
// (worker.mjs).

/**
 * What the kernel module imports: V8's Math.log and Math.log1p, the logs of the TypeScript's
 * inverse-CDF float normals (wasm/inverse-cdf.ts), so that both compute the same.
 */
export const KERNEL_IMPORTS = { env: { log: Math.log, log1p: Math.log1p } };

/** Typed views of a kernel instance's scratch area, by output element type. */
export function scratchViews(kernel) {
  const { buffer } = kernel.memory;
  const at = kernel.scratchPointer();
  const bytes = kernel.SCRATCH_BYTES.value;
  return { u32: new Uint32Array(buffer, at, bytes / 4), f32: new Float32Array(buffer, at, bytes / 4), f64: new Float64Array(buffer, at, bytes / 8) };
}

/**
 * Computes segments [j, t, count, lo, hi]… (call slots j … j+count−1: threads t …, counter (lo, hi);
 * in increasing j) of kernel op `op` with key (k0, k1), at most `most` slots per kernel call, and
 * copies slot j to out[outAt + j·units …]; `written(slots)`, if given, after each kernel call with
 * the slots written so far.
 */
export function computeSegments(kernel, views, task, out, outAt, written) {
  const { op, k0, k1, a, b, segments, units, most } = task;
  const view = out instanceof Float64Array ? views.f64 : out instanceof Float32Array ? views.f32 : views.u32;
  for (let s = 0; s < segments.length; s += 5) {
    const j = segments[s];
    const t = segments[s + 1];
    const count = segments[s + 2];
    const lo = segments[s + 3];
    const hi = segments[s + 4];
    for (let done = 0; done < count; ) {
      const k = Math.min(most, count - done);
      kernel.philox(op, k0, k1, lo, hi, t + done, k, a, b);
      out.set(view.subarray(0, k * units), outAt + (j + done) * units);
      done += k;
      written?.(j + done);
    }
  }
}
