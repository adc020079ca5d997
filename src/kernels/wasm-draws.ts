/**
 * The draws' loops in WebAssembly (wasm/draws.ts, in the `wasm` backend's module): the draw kernel of
 * the `wasm` backend. Words are copied into the instance's scratch area and values out of it, a
 * chunk at a time; shuffle draws its steps' j there and swaps in JavaScript, so that it needs no copy
 * of the array and works on every array type.
 */
import type { NumberIntegerArray } from '../draws/array-types.js';
import type { CumulativeTable, SquareHistogram } from '../distributions/poisson-tables.js';
import type { DrawKernel, DrawPlace } from '../draws/draw-kernel.js';
import type { AnyTypedArray } from '../types.js';
import { typedArrayTypeOf } from '../validate.js';

/** What wasm/draws.ts exports (pointers and counts are i32, words u32). */
export interface DrawExports {
  memory: { buffer: ArrayBuffer };
  scratchPointer(): number;
  drawWords: { value: number };
  unitDoubles(words: number, out: number, count: number): void;
  unitFloats(words: number, out: number, count: number): void;
  bernoulli(words: number, below: number, type: number, out: number, count: number): void;
  bounded32(words: number, available: number, m: number, t: number, base: number, baseBits: number, type: number, out: number, count: number): number;
  shuffleSteps(words: number, available: number, i: number, most: number, out: number): number;
  poissonHistogram(words: number, out: number, count: number, shift: number, cells: number, threshold: number, alias: number, offset: number): void;
  poissonCumulative(words: number, out: number, count: number, shift: number, cdf: number, length: number): void;
}

/** Words copied in per kernel call (the first 256 KiB of the scratch area), and values out (its second half). */
const CHUNK = 65536;
const OUT_BYTES = 1 << 19;
/**
 * Poisson's tables go between the words and the output: 256 KiB, room for 21845 histogram entries
 * (12 bytes each) or 32768 cumulative ones, where cuRAND's capacity allows at most 3840 and 7680
 * (λ < 2000 and λ ≤ 8000; poisson-tables.ts capacity, checked when a table is built).
 */
const TABLE_AT = 4 * CHUNK;
const TABLE_BYTES = OUT_BYTES - TABLE_AT;

/**
 * Values below which a draw stays in TypeScript: the copies and the call cost about as much as the
 * TypeScript loop's work on this many values (docs/cpu-kernels.md, "Draw kernels").
 */
const WASM_MIN_VALUES = 64;

type View = Exclude<AnyTypedArray, BigInt64Array | BigUint64Array>;
type ViewType = { new (buffer: ArrayBuffer, byteOffset: number, length: number): View; readonly BYTES_PER_ELEMENT: number };

/** Element type codes (wasm/draws.ts, native/kernels/kernels.h Element) and constructors, by typed array name. */
const ELEMENTS: Record<string, [number, ViewType]> = {
  Int8Array: [0, Int8Array],
  Uint8Array: [1, Uint8Array],
  Uint8ClampedArray: [1, Uint8ClampedArray],
  Int16Array: [2, Int16Array],
  Uint16Array: [3, Uint16Array],
  Int32Array: [4, Int32Array],
  Uint32Array: [5, Uint32Array],
  Float32Array: [6, Float32Array],
  Float64Array: [7, Float64Array],
};

export class WasmDrawKernel implements DrawKernel {
  readonly name = 'wasm';
  readonly minValues = WASM_MIN_VALUES;
  readonly #k: DrawExports;
  readonly #in: number;
  readonly #out: number;
  readonly #words: Uint32Array;
  /** Views of the output half, by typed array name: `set` copies between arrays of one type. */
  readonly #views = new Map<string, [number, View]>();

  constructor(exports: DrawExports) {
    this.#k = exports;
    this.#in = exports.scratchPointer();
    this.#out = this.#in + OUT_BYTES;
    this.#words = new Uint32Array(exports.memory.buffer, this.#in, CHUNK);
    for (const [name, [code, Type]] of Object.entries(ELEMENTS)) {
      this.#views.set(name, [code, new Type(exports.memory.buffer, this.#out, OUT_BYTES / Type.BYTES_PER_ELEMENT)]);
    }
  }

  #view(out: View): [number, View] {
    return this.#views.get(typedArrayTypeOf(out)!)!;
  }

  unitDoubles(words: Uint32Array, at: number, out: Float64Array, from: number, count: number): void {
    this.#unit(words, at, out, from, count, 2);
  }

  unitFloats(words: Uint32Array, at: number, out: Float32Array, from: number, count: number): void {
    this.#unit(words, at, out, from, count, 1);
  }

  #unit(words: Uint32Array, at: number, out: Float64Array | Float32Array, from: number, count: number, each: 1 | 2): void {
    this.#byChunks(words, at, out, from, count, each, (c) => (each === 2 ? this.#k.unitDoubles(this.#in, this.#out, c) : this.#k.unitFloats(this.#in, this.#out, c)));
  }

  bernoulli(words: Uint32Array, at: number, threshold: number, out: NumberIntegerArray | Float32Array, from: number, count: number): void {
    // A word (an integer) is below threshold exactly when it is below ⌈threshold⌉.
    const below = Math.ceil(threshold);
    const type = this.#view(out)[0];
    this.#byChunks(words, at, out, from, count, 1, (c) => this.#k.bernoulli(this.#in, below, type, this.#out, c));
  }

  /**
   * One value per `each` words, a chunk at a time: the chunk's words copied in, `run(count)` over the
   * scratch area, its values copied out.
   */
  #byChunks(words: Uint32Array, at: number, out: View, from: number, count: number, each: 1 | 2, run: (count: number) => void): void {
    const view = this.#view(out)[1];
    for (let done = 0; done < count; ) {
      const c = Math.min(count - done, CHUNK / each);
      this.#words.set(words.subarray(at + done * each, at + (done + c) * each));
      run(c);
      out.set(view.subarray(0, c), from + done);
      done += c;
    }
  }

  bounded32(words: Uint32Array, m: number, t: number, base: number, out: NumberIntegerArray, to: number, place: DrawPlace): void {
    const [type, view] = this.#view(out);
    let k = place[0]!;
    let i = place[1]!;
    while (i < to) {
      const available = Math.min(words.length - k, CHUNK);
      const want = Math.min(to - i, CHUNK);
      this.#words.set(words.subarray(k, k + available));
      // base >>> 0: the low 32 bits of base, which integer arrays keep.
      const written = this.#k.bounded32(this.#in, available, m, t, base, base >>> 0, type, this.#out, want);
      const used = this.#k.drawWords.value;
      out.set(view.subarray(0, written), i);
      i += written;
      k += used;
      // Stopped at the end of the lent words, or with no value taken from a whole chunk (an attempt
      // rejected all through it): the draw finishes that value word by word.
      if (written < want && (k + available - used >= words.length || used === 0)) break;
    }
    place[0] = k;
    place[1] = i;
  }

  shuffle(words: Uint32Array, array: AnyTypedArray, first: number, place: DrawPlace): void {
    const js = this.#views.get('Uint32Array')![1];
    const a = array as { [i: number]: number | bigint };
    let k = place[0]!;
    let i = place[1]!;
    while (i >= first) {
      const available = Math.min(words.length - k, CHUNK);
      const most = Math.min(i - first + 1, CHUNK);
      this.#words.set(words.subarray(k, k + available));
      const steps = this.#k.shuffleSteps(this.#in, available, i, most, this.#out);
      const used = this.#k.drawWords.value;
      for (let d = 0; d < steps; d++, i--) {
        const j = js[d]!;
        const v = a[i]!;
        a[i] = a[j]!;
        a[j] = v;
      }
      k += used;
      if (steps < most && (k + available - used >= words.length || used === 0)) break;
    }
    place[0] = k;
    place[1] = i;
  }

  poissonHistogram(words: Uint32Array, at: number, out: Uint32Array, from: number, count: number, table: SquareHistogram, centred: boolean): void {
    const entries = table.threshold.length;
    const threshold = this.#table(12 * entries);
    new Float64Array(this.#k.memory.buffer, threshold, entries).set(table.threshold);
    new Int32Array(this.#k.memory.buffer, threshold + 8 * entries, entries).set(table.alias);
    this.#byChunks(words, at, out, from, count, 1, (c) => this.#k.poissonHistogram(this.#in, this.#out, c, table.shift, entries - 1, threshold, threshold + 8 * entries, centred ? 0.5 : 1));
  }

  poissonCumulative(words: Uint32Array, at: number, out: Uint32Array, from: number, count: number, table: CumulativeTable): void {
    const cdf = this.#table(8 * table.cdf.length);
    new Float64Array(this.#k.memory.buffer, cdf, table.cdf.length).set(table.cdf);
    this.#byChunks(words, at, out, from, count, 1, (c) => this.#k.poissonCumulative(this.#in, this.#out, c, table.shift, cdf, table.cdf.length));
  }

  /** Where a Poisson table of `bytes` goes in the scratch area. */
  #table(bytes: number): number {
    if (bytes > TABLE_BYTES) throw new RangeError(`a Poisson table of ${bytes} bytes exceeds the WebAssembly kernel's ${TABLE_BYTES}`);
    return this.#in + TABLE_AT;
  }

}
