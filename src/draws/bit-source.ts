import type { DrawKernel } from './draw-kernel.js';

/**
 * The seam every draw beyond cuRAND's own calls is written against: NumPy's `bitgen_t`
 * (numpy/random/bit_generator.pxd: next_uint32, next_uint64, next_double, next_float) for a 32-bit
 * generator. A draw reads the words of its generator's uint32 stream, in order, and nothing else, so
 * it gives the same values wherever the words come from (ts, wasm, simd, curand-host, cuda) and, fed
 * NumPy's own words, NumPy's values.
 */
export interface BitSource {
  /** The next 32-bit word of the stream, as an unsigned number. */
  nextUint32(): number;
  /**
   * A 64-bit generator's own double and 64-bit word (NumPy's PCG64 and the like, whose next_double
   * and next_uint64 are not made of two of its 32-bit draws). Absent for node-curand's streams and
   * NumPy's 32-bit generators: their double and 64-bit word are two 32-bit words.
   */
  readonly wide?: WideBits;
}

/** What a 64-bit bit generator draws itself (numpy/random/bit_generator.pxd bitgen_t). */
export interface WideBits {
  /** next_double. */
  nextDouble(): number;
  /** next_uint64, into halves: [0] the high 32 bits, [1] the low 32 bits. */
  nextUint64Into(halves: Float64Array): void;
}

/**
 * A BitSource whose next words can be read in place (the Generator's WordBuffer): bulk draws read them
 * straight from its array, without a call per word, and then move `cursor` past what they read. The
 * words read, and their order, are those nextUint32 would give.
 */
export interface WordArraySource extends BitSource {
  /**
   * Makes at least `n` words available (n ≥ 1, no more than the draw will surely read, so that the
   * words taken from the stream are the same however a draw reads them) and returns the array that
   * holds them, the next one at `cursor`.
   */
  lend(n: number): Uint32Array;
  /** Index, in the array lend() returned, of the next word; set it past the words read. */
  cursor: number;
  /** The inner loops of bulk draws, computed faster with the same values where the backend gives them; null: the TypeScript loops. */
  readonly drawKernel: DrawKernel | null;
}

export function lendsWords(src: BitSource): src is WordArraySource {
  return typeof (src as Partial<WordArraySource>).lend === 'function';
}

/**
 * Most words a bulk draw asks lend() for at once: a bound on the memory a large draw takes ahead
 * (4 MiB). Large, because each lend is one call into the backend, and some cost per call grows with
 * the call up to a size (Philox's per-subsequence bookkeeping, up to a round of 2^18 words):
 * docs/cpu-kernels.md, "Draw kernels".
 */
export const LEND_LIMIT = 1 << 20;

const TWO_POW_26 = 67108864;
const TWO_POW_MINUS_53 = 2 ** -53;
const TWO_POW_MINUS_24 = 2 ** -24;

/**
 * The double in [0, 1) with 53 random bits of two words a, b: ((a >>> 5)·2^26 + (b >>> 6))·2^-53.
 * NumPy's next_double for its 32-bit generators (mt19937_next_double in numpy/random/src/mt19937/
 * mt19937.h) and CPython's random.random() (genrand_res53 in Modules/_randommodule.c); never 1.
 */
export function unitDouble(a: number, b: number): number {
  return ((a >>> 5) * TWO_POW_26 + (b >>> 6)) * TWO_POW_MINUS_53;
}

/** The float in [0, 1) of one word: (w >>> 8)·2^-24, NumPy's next_float for 32-bit generators. Exact in float32. */
export function unitFloat(w: number): number {
  return (w >>> 8) * TWO_POW_MINUS_24;
}

/** The next double: unitDouble of the next two words, or a 64-bit generator's own. */
export function nextDouble(src: BitSource): number {
  if (src.wide !== undefined) return src.wide.nextDouble();
  const a = src.nextUint32();
  return unitDouble(a, src.nextUint32());
}

/** The next 64-bit word into halves ([0] high, [1] low): two words, the first high, or a 64-bit generator's own. */
export function nextUint64Into(src: BitSource, halves: Float64Array): void {
  if (src.wide !== undefined) {
    src.wide.nextUint64Into(halves);
    return;
  }
  halves[0] = src.nextUint32();
  halves[1] = src.nextUint32();
}

/** unitFloat of the next word. */
export function nextFloat(src: BitSource): number {
  return unitFloat(src.nextUint32());
}
