import { LEND_LIMIT, lendsWords, type BitSource, type WordArraySource } from './bit-source.js';
import { ANY_TYPES, indexType, isJsArray } from './array-types.js';
import type { DrawKernel, DrawPlace } from './draw-kernel.js';
import { boundedUint32 } from './lemire.js';
import type { DrawPlan } from './plan.js';
import type { AnyTypedArray } from '../types.js';
import { describe, MAX_LENGTH, toArrayOutput, toInteger, typedArrayTypeOf } from '../validate.js';

/** Anything shuffled in place: a typed array's plain view or a JS array. */
export interface Swappable<T> {
  [i: number]: T;
}

/**
 * Fisher–Yates from the end (Durstenfeld's form; Knuth, TAOCP vol. 2, §3.4.2, Algorithm P): for i
 * from n − 1 down to `first`, swap a[i] with a[j], j = integers(0, i + 1) (Lemire, one word per
 * attempt). first = 1 shuffles all n; a larger `first` leaves a[first..n) a uniform sample of the
 * whole, in order (NumPy's _shuffle_int, which choice without replacement uses with the same draws).
 * A typed array is shuffled by the source's draw kernel where it has one and the steps are many.
 */
export function shuffleFrom<T>(src: BitSource, array: Swappable<T>, n: number, first: number): void {
  const a = bitsOf(array);
  let i = n - 1;
  if (lendsWords(src) && src.drawKernel !== null && typedArrayTypeOf(a) !== undefined) {
    i = shuffleLent(src, src.drawKernel, a as unknown as AnyTypedArray, i, first);
  }
  for (; i >= first; i--) swap(a, i, boundedUint32(src, i + 1));
}

/**
 * What the swaps move: a Float32Array's bits through a Uint32Array over the same memory, since a
 * float32 read into JavaScript becomes a double and a signalling NaN would come back quieted. So
 * every backend, kernels (which move bytes) and TypeScript alike, moves the very bits.
 */
function bitsOf<T>(a: Swappable<T>): Swappable<T> {
  if (typedArrayTypeOf(a) !== 'Float32Array') return a;
  const f = a as unknown as Float32Array;
  return new Uint32Array(f.buffer, f.byteOffset, f.length) as unknown as Swappable<T>;
}

function swap<T>(a: Swappable<T>, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}

/** The place a draw kernel reads and moves (one per module: calls are synchronous and never interleave). */
const PLACE: DrawPlace = new Float64Array(2);

/**
 * The steps from i down by the kernel over lent words while at least kernel.minValues are left;
 * returns the next step's i. Each step reads one word at least, so lending as many words as there are
 * steps takes from the stream only words the shuffle surely reads.
 */
function shuffleLent(src: WordArraySource, kernel: DrawKernel, a: AnyTypedArray, i: number, first: number): number {
  while (i - first + 1 >= kernel.minValues) {
    const words = src.lend(Math.min(i - first + 1, LEND_LIMIT));
    PLACE[0] = src.cursor;
    PLACE[1] = i;
    kernel.shuffle(words, a, first, PLACE);
    src.cursor = PLACE[0]!;
    i = PLACE[1]!;
    // Stopped before a step whose words ran out (its rejected words unread): that step word by word.
    if (i >= first && src.cursor < words.length) {
      swap(a as Swappable<number | bigint>, i, boundedUint32(src, i + 1));
      i--;
    }
  }
  return i;
}

/** shuffle(array): Fisher–Yates in place over a typed array (any kind) or a JS array; returns the array. */
export function planShuffle<T extends AnyTypedArray | unknown[]>(array: T, call = 'shuffle()'): DrawPlan<T> {
  if (typedArrayTypeOf(array) !== undefined) {
    const out = toArrayOutput<AnyTypedArray>(call, 'array', array, ANY_TYPES, Float64Array);
    return {
      words: Math.max(out.length - 1, 0),
      output: out,
      run(src: BitSource) {
        shuffleFrom(src, out.target as Swappable<number | bigint>, out.length, 1);
        return array;
      },
    };
  }
  if (!isJsArray(array)) throw new TypeError(`${call}: array must be a typed array or an Array, got ${describe(array)}`);
  const list = array as unknown[];
  const n = list.length;
  return {
    words: Math.max(n - 1, 0),
    output: null,
    run(src: BitSource) {
      // An async call runs after the words are taken: an array that changed length meanwhile is refused.
      if (list.length !== n) throw new RangeError(`${call}: the array's length changed from ${n} to ${list.length} before it was shuffled`);
      shuffleFrom(src, list, n, 1);
      return array;
    },
  };
}

/**
 * permutation(n): 0..n−1 shuffled (Int32Array up to n = 2^31, else Float64Array); permutation(array):
 * a shuffled copy of a typed array (same type) or a JS array, the original untouched.
 */
export function planPermutation(nOrArray: unknown, call = 'permutation()'): DrawPlan<AnyTypedArray | unknown[]> {
  let copy: AnyTypedArray | unknown[];
  if (typeof nOrArray === 'number') {
    const n = toInteger(nOrArray, 'n', 0, MAX_LENGTH);
    const Type = indexType(n);
    const indices = toArrayOutput<Int32Array | Float64Array>(call, 'n', n, [Type], Type).result;
    for (let i = 0; i < n; i++) indices[i] = i;
    copy = indices;
  } else if (typedArrayTypeOf(nOrArray) !== undefined) {
    const source = toArrayOutput<AnyTypedArray>(call, 'array', nOrArray, ANY_TYPES, Float64Array);
    const Type = ANY_TYPES.find((type) => type.name === typedArrayTypeOf(source.target))!;
    const fresh = toArrayOutput<AnyTypedArray>(call, 'array', source.length, [Type], Type).result;
    (fresh as Float64Array).set(source.target as Float64Array);
    copy = fresh;
  } else if (isJsArray(nOrArray)) {
    const list = nOrArray as unknown[];
    const n = list.length;
    const fresh: unknown[] = [];
    for (let i = 0; i < n; i++) fresh.push(list[i]);
    copy = fresh;
  } else {
    throw new TypeError(`${call} takes a length n or an array (typed or JS) to copy, got ${describe(nOrArray)}`);
  }
  return planShuffle(copy, call);
}
