/**
 * NumPy's shuffles of n-dimensional arrays, on JavaScript's flat arrays with the shape beside them
 * (C order, docs/numpy.md "Conversions"). NumPy's `shuffle(x, axis)`, `permutation(x, axis)`
 * (numpy/random/_generator.pyx; RandomState's along axis 0) and `permuted(x, axis)` all take their
 * positions from random_interval (interval.ts), i from the last index down:
 * - shuffle and permutation swap whole slices along the axis, one random_interval(i) per i ≥ 1;
 * - permuted shuffles every 1-D lane along the axis on its own, lanes in C order of the other
 *   indices (PyArray_IterAllButAxis); with no axis, the flat array as one lane.
 * An array with no element draws nothing in shuffle and permuted, as NumPy returns before drawing;
 * permutation of an n-dimensional array (n ≥ 2) shuffles an index array of the axis's length first,
 * so it draws for that length even when another dimension is 0.
 */

import type { BitSource } from '../draws/bit-source.js';
import { randomInterval, shuffleByInterval } from '../draws/interval.js';
import { describe } from '../validate.js';

/** What the shuffles take: a JavaScript or typed array. */
export interface Indexable<T> {
  length: number;
  [index: number]: T;
}

/** The options of an n-dimensional shuffle: the array's shape (C order) and the axis. */
export interface AxisOptions {
  /** The shape whose C-order elements x holds (default [x.length]). */
  shape?: readonly number[];
  /** The axis, negative counting from the end as in NumPy (default 0). */
  axis?: number;
}

/** The layout of a shuffle along one axis: outer·n·inner elements, slice k of outer block o at o·n·inner + k·inner. */
interface AxisLayout {
  outer: number;
  n: number;
  inner: number;
}

/** Checks shape against x and normalises axis; a RangeError/TypeError names the call and the argument. */
function layout(call: string, length: number, shape: readonly number[] | undefined, axis: number | undefined): AxisLayout {
  const dims = shape ?? [length];
  if (!Array.isArray(dims) || dims.some((d) => !Number.isSafeInteger(d) || d < 0)) {
    throw new TypeError(`${call}: shape must be an array of integers ≥ 0, got ${describe(shape)}`);
  }
  const size = dims.reduce((a, b) => a * b, 1);
  if (size !== length) throw new RangeError(`${call}: shape [${dims.join(', ')}] holds ${size} elements, x has ${length}`);
  const ndim = dims.length;
  const a = axis ?? 0;
  if (!Number.isInteger(a) || a < -ndim || a >= ndim) throw new RangeError(`${call}: axis must be an integer in [${-ndim}, ${ndim - 1}], got ${describe(axis)}`);
  const k = a < 0 ? a + ndim : a;
  const outer = dims.slice(0, k).reduce((p, d) => p * d, 1);
  const inner = dims.slice(k + 1).reduce((p, d) => p * d, 1);
  return { outer, n: dims[k]!, inner };
}

/** Swaps slices j and i along the axis. */
function swapSlices<T>(x: Indexable<T>, { outer, n, inner }: AxisLayout, i: number, j: number): void {
  for (let o = 0; o < outer; o++) {
    const base = o * n * inner;
    for (let e = 0; e < inner; e++) {
      const a = base + i * inner + e;
      const b = base + j * inner + e;
      const t = x[a] as T;
      x[a] = x[b] as T;
      x[b] = t;
    }
  }
}

/**
 * NumPy's shuffle(x, axis) of an array of `shape`, in place; `indexFirst`: permutation's order of
 * draws (an index array of the axis's length shuffled, then the slices taken).
 */
export function shuffleAlongAxis<T>(src: BitSource, call: string, x: Indexable<T>, options: AxisOptions = {}, indexFirst = false): void {
  const l = layout(call, x.length, options.shape, options.axis);
  const nd = options.shape === undefined ? 1 : options.shape.length;
  if (x.length === 0 && !(indexFirst && nd > 1)) return;
  if (l.outer === 1 && l.inner === 1) {
    shuffleByInterval(src, x);
    return;
  }
  for (let i = l.n - 1; i > 0; i--) {
    const j = randomInterval(src, i);
    if (i !== j) swapSlices(x, l, i, j);
  }
}

/** NumPy's permuted(x, axis) of an array of `shape`, in place (the caller copies); axis null: the flat array. */
export function permuteLanes<T>(src: BitSource, call: string, x: Indexable<T>, shape: readonly number[] | undefined, axis: number | null): void {
  const l = layout(call, x.length, shape, axis ?? 0);
  if (axis === null || (l.outer === 1 && l.inner === 1)) {
    shuffleByInterval(src, x);
    return;
  }
  const { outer, n, inner } = l;
  for (let o = 0; o < outer; o++) {
    for (let e = 0; e < inner; e++) {
      const base = o * n * inner + e;
      for (let i = n - 1; i > 0; i--) {
        const j = randomInterval(src, i);
        if (i === j) continue;
        const a = base + i * inner;
        const b = base + j * inner;
        const t = x[a] as T;
        x[a] = x[b] as T;
        x[b] = t;
      }
    }
  }
}
