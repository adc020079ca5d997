/**
 * The addon's async calls write only into SharedArrayBuffer-backed arrays (binding-types.ts): a
 * plain ArrayBuffer could be detached or shrunk while a native thread writes it. This runs such a
 * call on `out` itself when it is shared, otherwise on a shared copy written back once it resolved.
 */
import type { OutputArray } from '../types.js';

export async function onSharedMemory<T extends OutputArray>(out: T, call: (target: T) => Promise<void>): Promise<void> {
  if (out.buffer instanceof SharedArrayBuffer) return call(out);
  const staged = sharedLike(out);
  staged.set(out);
  await call(staged);
  out.set(staged);
}

function sharedLike<T extends OutputArray>(out: T): T {
  const buffer = new SharedArrayBuffer(out.byteLength);
  if (out instanceof Uint32Array) return new Uint32Array(buffer) as T;
  if (out instanceof Float32Array) return new Float32Array(buffer) as T;
  return new Float64Array(buffer) as T;
}
