/**
 * node-curand/numpy's vectorised fills in WebAssembly (wasm/numpy.ts, compiled to
 * dist/wasm/numpy.wasm; numpy-fills.ts says what each computes): the state blocks are views of the
 * instance's memory, and values come out of its scratch area a chunk at a time. One instance per
 * thread, made on first use.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { log } from '../draws/libm.js';
import { KI_NORMAL, WI_NORMAL } from '../draws/ziggurat-data.js';
import { PACKAGE_ROOT } from '../native/binding.js';
import type { BoundedArray, NumpyFills } from './numpy-fills.js';
import type { WasmModule } from './wasm.js';

export const WASM_NUMPY_PATH = join(PACKAGE_ROOT, 'dist', 'wasm', 'numpy.wasm');

/** What wasm/numpy.ts exports (pointers and counts are i32; `cheap` 1 for PCG64DXSM, 0 for PCG64). */
interface NumpyExports {
  memory: { buffer: ArrayBuffer };
  SCRATCH_BYTES: { value: number };
  scratchPointer(): number;
  pcgPointer(): number;
  mtPointer(): number;
  zigguratPointer(): number;
  pcgDoubles(cheap: number, n: number): void;
  pcgBounded32(cheap: number, n: number, m: number, threshold: number, min: number): void;
  pcgNormals(cheap: number, n: number): number;
  mtDoubles(n: number): void;
  mtPolar(pairs: number): void;
}

/** The slice of the WebAssembly JS API used here (see wasm.ts). */
const WebAssemblyApi = (globalThis as unknown as { WebAssembly: { Module: new (bytes: Uint8Array) => WasmModule; Instance: new (module: WasmModule) => { exports: unknown } } }).WebAssembly;

class WasmFills implements NumpyFills {
  readonly name = 'wasm';
  readonly #k: NumpyExports;
  readonly #out: Float64Array;
  /** Doubles per chunk. */
  readonly #chunk: number;
  readonly pcg: Uint32Array;
  readonly mt: Int32Array;

  constructor(exports: NumpyExports) {
    this.#k = exports;
    const { buffer } = exports.memory;
    this.#chunk = exports.SCRATCH_BYTES.value / 8;
    this.#out = new Float64Array(buffer, exports.scratchPointer(), this.#chunk);
    this.pcg = new Uint32Array(buffer, exports.pcgPointer(), 10);
    this.mt = new Int32Array(buffer, exports.mtPointer(), 625);
    const tables = new Float64Array(buffer, exports.zigguratPointer(), 512);
    tables.set(WI_NORMAL, 0);
    tables.set(KI_NORMAL, 256);
  }

  pcgDoubles(cheap: boolean, out: Float64Array, at: number, count: number): void {
    for (let done = 0; done < count; ) {
      const n = Math.min(this.#chunk, count - done);
      this.#k.pcgDoubles(cheap ? 1 : 0, n);
      out.set(n === this.#chunk ? this.#out : this.#out.subarray(0, n), at + done);
      done += n;
    }
  }

  pcgBounded32(cheap: boolean, m: number, threshold: number, min: number, out: BoundedArray, at: number, count: number): void {
    for (let done = 0; done < count; ) {
      const n = Math.min(this.#chunk, count - done);
      this.#k.pcgBounded32(cheap ? 1 : 0, n, m, threshold, min);
      out.set(n === this.#chunk ? this.#out : this.#out.subarray(0, n), at + done);
      done += n;
    }
  }

  pcgNormals(cheap: boolean, out: Float64Array, at: number, count: number): number {
    let done = 0;
    while (done < count) {
      const n = Math.min(this.#chunk, count - done);
      const got = this.#k.pcgNormals(cheap ? 1 : 0, n);
      out.set(this.#out.subarray(0, got), at + done);
      done += got;
      if (got < n) break;
    }
    return done;
  }

  mtDoubles(out: Float64Array, at: number, count: number): void {
    for (let done = 0; done < count; ) {
      const n = Math.min(this.#chunk, count - done);
      this.#k.mtDoubles(n);
      out.set(n === this.#chunk ? this.#out : this.#out.subarray(0, n), at + done);
      done += n;
    }
  }

  /** The module draws the accepted pairs (x1, x2, r2); f = sqrt(−2 log r2 / r2) is computed here, on glibc's log. */
  mtGauss(out: Float64Array, at: number, pairs: number): void {
    const t = this.#out;
    for (let done = 0; done < pairs; ) {
      const n = Math.min(Math.floor(this.#chunk / 3), pairs - done);
      this.#k.mtPolar(n);
      for (let p = 0, o = at + 2 * done; p < 3 * n; p += 3, o += 2) {
        const r2 = t[p + 2]!;
        const f = Math.sqrt((-2 * log(r2)) / r2);
        out[o] = f * t[p + 1]!;
        out[o + 1] = f * t[p]!;
      }
      done += n;
    }
  }
}

/** A new instance of the fills, or null where dist/wasm/numpy.wasm is missing or unusable. */
export function wasmNumpyFills(): NumpyFills | null {
  try {
    const module = new WebAssemblyApi.Module(readFileSync(WASM_NUMPY_PATH));
    return new WasmFills(new WebAssemblyApi.Instance(module).exports as NumpyExports);
  } catch {
    return null;
  }
}
