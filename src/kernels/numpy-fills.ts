/**
 * node-curand/numpy's vectorised fills (src/numpy/fills.ts runs its calls on them): PCG64 /
 * PCG64DXSM doubles, bounded integers and ziggurat normals, MT19937 doubles and polar pairs, over a
 * state block the caller copies its bit generator into before a fill and back after it. Two
 * implementations give the same values as the TypeScript reference: the addon's (native-numpy.ts,
 * 128-bit integer arithmetic, writing straight into the caller's array) where it loads, else the
 * WebAssembly module's (wasm-numpy.ts), else none and the callers keep their TypeScript loops
 * (numpy-fills-choice.ts chooses).
 */

/** Numbers a bounded fill writes into: the arrays of integers()' 32- and 64-bit number results. */
export type BoundedArray = Float64Array | Int32Array | Uint32Array;

export interface NumpyFills {
  readonly name: 'native' | 'wasm';
  /**
   * PCG state block as 32-bit words, least significant first: state [0–3], increment [4–7],
   * has_uint32 [8], uinteger [9].
   */
  readonly pcg: Uint32Array;
  /** MT19937 block: the 624 words, then the read position [624] (in [0, 624]). */
  readonly mt: Int32Array;
  /** next_double of the PCG block into out[at, at + count); cheap: PCG64DXSM. */
  pcgDoubles(cheap: boolean, out: Float64Array, at: number, count: number): void;
  /** min + Lemire's draw in [0, m) (1 < m < 2^32; threshold = 2^32 mod m) from next_uint32 into out[at, at + count). */
  pcgBounded32(cheap: boolean, m: number, threshold: number, min: number, out: BoundedArray, at: number, count: number): void;
  /**
   * Ziggurat normals into out[at, at + count) up to the first value this implementation leaves to
   * the reference (the addon: one that reaches the tail; WebAssembly, which has no exact exp: one
   * that reaches a wedge or the tail): returns how many were written, the state left before that
   * value's first word.
   */
  pcgNormals(cheap: boolean, out: Float64Array, at: number, count: number): number;
  /** next_double of the MT19937 block into out[at, at + count). */
  mtDoubles(out: Float64Array, at: number, count: number): void;
  /** `pairs` pairs of legacy_gauss from the MT19937 block into out[at, at + 2·pairs): f·x2, f·x1 of each accepted polar pair. */
  mtGauss(out: Float64Array, at: number, pairs: number): void;
}
