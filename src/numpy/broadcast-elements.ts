/**
 * NumPy's broadcast loop (numpy/random/_common.pyx: cont_broadcast_*, disc_broadcast_*) over a
 * Broadcast (broadcast.ts): every element's parameters checked in C order before the first draw,
 * then one value per element with its own parameters. Elements runs the per-element preparations;
 * broadcastFloats fills the doubles, and draws of the form f(unit, a, b) (normal, uniform: Units)
 * check, draw and combine in plain loops over whole columns.
 */

import { shapeText, type Broadcast } from './broadcast.js';

/**
 * Each operand's value for every element of the result, in C order: the data itself where the
 * operand has the result's shape (a Float64Array of it, for numbers: the loops over columns then see
 * one array type), else the operand repeated along its broadcast dimensions.
 */
function columns(b: Broadcast): ArrayLike<number | bigint>[] {
  const ndim = b.shape.length;
  return b.operands.map((op) => {
    if (op.shape.length === ndim && op.shape.every((d, i) => d === b.shape[i])) {
      return !op.numbers || op.data instanceof Float64Array ? op.data : Float64Array.from(op.data as ArrayLike<number>);
    }
    if (op.data.length === 1 && op.numbers) return new Float64Array(b.count).fill(op.data[0] as number);
    // steps[d]: the step in op's data for one step along result dimension d (0 where broadcast).
    const steps = new Array<number>(ndim).fill(0);
    let step = 1;
    for (let j = op.shape.length - 1; j >= 0; j--) {
      if (op.shape[j] !== 1) steps[ndim - op.shape.length + j] = step;
      step *= op.shape[j]!;
    }
    const col: (number | bigint)[] | Float64Array = op.numbers ? new Float64Array(b.count) : new Array<number | bigint>(b.count);
    const counter = new Array<number>(ndim).fill(0);
    let at = 0;
    for (let i = 0; i < b.count; i++) {
      col[i] = op.data[at]!;
      // The odometer: the last dimension moves fastest; a dimension that wraps rewinds its offset.
      for (let d = ndim - 1; d >= 0; d--) {
        counter[d]!++;
        at += steps[d]!;
        if (counter[d]! < b.shape[d]!) break;
        at -= steps[d]! * counter[d]!;
        counter[d] = 0;
      }
    }
    return col;
  });
}

/** The element at flat index i, as NumPy would index it: [i0, i1, …]. */
function elementIndex(shape: readonly number[], i: number): string {
  const idx: number[] = [];
  for (let d = shape.length - 1; d >= 0; d--) {
    idx.unshift(i % shape[d]!);
    i = Math.floor(i / shape[d]!);
  }
  return shapeText(idx);
}

/**
 * NumPy's broadcast loop over at most three parameters, in two steps. `prepare(a, b, c)` checks one
 * element's parameters (in the order of the names; missing ones undefined) and throws where they
 * are refused: the constructor prepares every element, in C order, so a refused call draws nothing.
 * Then `at(i)`, called for i = 0, 1, … in order, gives element i's preparation. Runs of equal
 * parameters share one preparation. Errors keep their class and name the element.
 */
export class Elements<T, V extends number | bigint = number> {
  readonly #A: ArrayLike<V>;
  readonly #B: ArrayLike<V> | undefined;
  readonly #C: ArrayLike<V> | undefined;
  #plan: T | undefined;

  constructor(
    b: Broadcast,
    private readonly prepare: (a: V, b: V, c: V) => T,
  ) {
    [this.#A, this.#B, this.#C] = columns(b) as [ArrayLike<V>, ArrayLike<V> | undefined, ArrayLike<V> | undefined];
    prepareAll(b, this.#A, this.#B, this.#C, prepare);
  }

  /** Element i's preparation (i in order from 0). */
  at(i: number): T {
    if (!this.#same(i)) this.#plan = this.prepare(this.#A[i]!, this.#B?.[i] as V, this.#C?.[i] as V);
    return this.#plan as T;
  }

  /** Whether element i has element i − 1's parameters. */
  #same(i: number): boolean {
    return sameAsPrevious(i, this.#A, this.#B, this.#C);
  }
}

/** Whether element i has element i − 1's parameters. Object.is, not ===: −0 and 0 are different parameters (NumPy's signbit checks). */
function sameAsPrevious<V>(i: number, A: ArrayLike<V>, B: ArrayLike<V> | undefined, C: ArrayLike<V> | undefined): boolean {
  return i > 0 && Object.is(A[i], A[i - 1]) && (B === undefined || Object.is(B[i], B[i - 1])) && (C === undefined || Object.is(C[i], C[i - 1]));
}

/** Runs prepare on every element whose parameters differ from the one before, in C order; its error names the element. */
function prepareAll<V>(b: Broadcast, A: ArrayLike<V>, B: ArrayLike<V> | undefined, C: ArrayLike<V> | undefined, prepare: (a: V, b: V, c: V) => unknown): void {
  let i = 0;
  try {
    for (; i < b.count; i++) if (!sameAsPrevious(i, A, B, C)) prepare(A[i]!, B?.[i] as V, C?.[i] as V);
  } catch (e) {
    const where = `(at element ${elementIndex(b.shape, i)} of the broadcast shape ${shapeText(b.shape)})`;
    if (e instanceof RangeError) throw new RangeError(`${e.message} ${where}`);
    if (e instanceof TypeError) throw new TypeError(`${e.message} ${where}`);
    throw e;
  }
}

/**
 * A draw whose value is a function of one parameter-free value (normal: loc + scale·z, z a standard
 * normal): `draw(count)` gives count of those in one call, or null where it cannot (the element loop
 * then runs); `combine` makes an element's value from its unit and parameters, in the scalar call's
 * expression.
 */
export interface Units {
  /** The checks of one element's parameters (what prepare checks, without preparing): throws the element's error. */
  check(a: number, b: number): void;
  /** The index of the first of n elements whose parameters check() refuses, or −1 (a plain loop: no call per element). */
  firstRefused(A: Float64Array, B: Float64Array, n: number): number;
  draw(count: number): Float64Array | null;
  /** The value of an element of unit u and parameters a, b, in the scalar call's expression. */
  value(u: number, a: number, b: number): number;
  /** out[i] ← value(out[i], A[i], B[i]) for every i (a plain loop). */
  combine(out: Float64Array, A: Float64Array, B: Float64Array): void;
}

/** normal's units, loc + scale·z: refused where scale is not ≥ 0 (NaN too), with `check`'s error. */
export function locScaleUnits(check: (loc: number, scale: number) => void): Omit<Units, 'draw'> {
  return {
    check,
    firstRefused(_, scale, n) {
      for (let i = 0; i < n; i++) if (!(scale[i]! >= 0)) return i;
      return -1;
    },
    value: (z, loc, scale) => loc + scale * z,
    combine(out, loc, scale) {
      for (let i = 0; i < out.length; i++) out[i] = loc[i]! + scale[i]! * out[i]!;
    },
  };
}

/** uniform's units, low + (high − low)·u: refused where `refused(low, high)`, with `check`'s error. */
export function rangeUnits(check: (low: number, high: number) => void, refused: (low: number, high: number) => boolean): Omit<Units, 'draw'> {
  return {
    check,
    firstRefused(low, high, n) {
      for (let i = 0; i < n; i++) if (refused(low[i]!, high[i]!)) return i;
      return -1;
    },
    value: (u, low, high) => low + (high - low) * u,
    combine(out, low, high) {
      for (let i = 0; i < out.length; i++) out[i] = low[i]! + (high[i]! - low[i]!) * out[i]!;
    },
  };
}

/**
 * Doubles, one per element: NumPy's cont/disc broadcast loop, each element's value `value(plan)` of
 * its `prepare(a, b, c)` (one number for the 0-d case). With `units` (two parameters), after every
 * element is checked, the units are drawn in one call where they can be: the same words, in the same
 * order, as the loop.
 */
export function broadcastFloats<T>(b: Broadcast, prepare: (a: number, b: number, c: number) => T, value: (plan: T) => number, units?: Units): number | Float64Array {
  let out: Float64Array | null = null;
  if (units !== undefined) {
    const [A, B] = columns(b) as [Float64Array, Float64Array];
    const bad = units.firstRefused(A, B, b.count);
    if (bad >= 0) prepareAll(b, A, B, undefined, units.check); // throws the first refused element's error
    out = units.draw(b.count);
    if (out !== null) units.combine(out, A, B);
  }
  if (out === null) {
    const elements = new Elements(b, prepare);
    out = new Float64Array(b.count);
    for (let i = 0; i < out.length; i++) out[i] = value(elements.at(i));
  }
  return b.scalar ? out[0]! : out;
}
