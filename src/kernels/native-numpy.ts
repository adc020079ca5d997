/** node-curand/numpy's vectorised fills on the addon (native/numpy_fills.cc): see numpy-fills.ts. */
import { FI_NORMAL, KI_NORMAL, WI_NORMAL } from '../draws/ziggurat-data.js';
import type { NativeNumpyFills } from '../native/binding-types.js';
import type { BoundedArray, NumpyFills } from './numpy-fills.js';

class NativeFills implements NumpyFills {
  readonly name = 'native';
  readonly pcg = new Uint32Array(10);
  readonly mt = new Int32Array(625);

  constructor(private readonly fills: NativeNumpyFills) {}

  pcgDoubles(cheap: boolean, out: Float64Array, at: number, count: number): void {
    this.fills.pcgDoubles(this.pcg, cheap ? 1 : 0, out, at, count);
  }

  pcgBounded32(cheap: boolean, m: number, threshold: number, min: number, out: BoundedArray, at: number, count: number): void {
    this.fills.pcgBounded32(this.pcg, cheap ? 1 : 0, m, threshold, min, out, at, count);
  }

  pcgNormals(cheap: boolean, out: Float64Array, at: number, count: number): number {
    return this.fills.pcgNormals(this.pcg, cheap ? 1 : 0, out, at, count, WI_NORMAL, KI_NORMAL, FI_NORMAL);
  }

  mtDoubles(out: Float64Array, at: number, count: number): void {
    this.fills.mtDoubles(this.mt, out, at, count);
  }

  mtGauss(out: Float64Array, at: number, pairs: number): void {
    this.fills.mtGauss(this.mt, out, at, pairs);
  }
}

export function nativeNumpyFills(fills: NativeNumpyFills): NumpyFills {
  return new NativeFills(fills);
}
