// A worker thread of the `wasm` backend's multi-threaded fills (src/kernels/wasm.ts). It knows
// nothing of the state model: the JS thread sends whole-slot segments (which threads, which counter,
// where they go) and this computes them with its own instance of the kernel, straight into the
// SharedArrayBuffer the output lives in.
import { parentPort } from 'node:worker_threads';

import { computeSegments, KERNEL_IMPORTS, scratchViews } from './segments.mjs';

let kernel;
let views;

parentPort.on('message', (message) => {
  if (message.module !== undefined) {
    kernel = new WebAssembly.Instance(message.module, KERNEL_IMPORTS).exports;
    views = scratchViews(kernel);
    return;
  }
  const { id, task, type, buffer, byteOffset, length, progress, part } = message;
  const out = new (type === 'f64' ? Float64Array : type === 'f32' ? Float32Array : Uint32Array)(buffer, byteOffset, length);
  // With `progress` (a staging buffer the JS thread copies from as it fills), each kernel call's
  // slots are reported written at once.
  const slots = progress === undefined ? undefined : new Int32Array(progress);
  const written = slots === undefined ? undefined : (n) => {
    Atomics.store(slots, part, n);
    Atomics.notify(slots, part);
  };
  computeSegments(kernel, views, task, out, 0, written);
  parentPort.postMessage(id);
});
