/**
 * NumPy's broadcasting of distribution parameters (numpy/random/_common.pyx: cont, disc and their
 * *_broadcast_* loops; _bounded_integers.pyx.in: _rand_<dtype>_broadcast). Where any parameter is
 * an array, NumPy checks every element's constraints first, then draws one value per element of
 * the broadcast shape in C order, each with the scalar call's function and the element's
 * parameters: the same stream of words as scalar calls made one after another.
 *
 * A parameter array is a (nested) array of numbers, a typed array (1-D), or flat C-order data with
 * its shape, `{ data, shape }` (what JavaScript's tensor libraries hold). The result is flat in C
 * order, of `size`'s shape when size is given (every parameter must broadcast to it exactly, NumPy's
 * "Output size … is not compatible with broadcast dimensions of inputs") and of the parameters'
 * broadcast shape otherwise.
 */

import { sizeCount, type Size } from './size.js';
import { describe, MAX_LENGTH } from '../validate.js';

type TypedNumbers =
  | Float64Array
  | Float32Array
  | Int32Array
  | Uint32Array
  | Int16Array
  | Uint16Array
  | Int8Array
  | Uint8Array
  | Uint8ClampedArray
  | BigInt64Array
  | BigUint64Array;

/** Flat C-order data with its shape: a parameter of any dimension. */
export interface NdArray {
  readonly data: ArrayLike<number | bigint>;
  readonly shape: readonly number[];
}

/** A (nested) array of numbers: NumPy's array_like built from lists. */
export type NestedNumbers = readonly (number | bigint | NestedNumbers | TypedNumbers)[];

/** A parameter that is an array: nested arrays, a typed array, or `{ data, shape }`. */
export type ParamArray = NestedNumbers | TypedNumbers | NdArray;

/** A distribution parameter: a number (NumPy's scalar) or an array of them. */
export type Param = number | ParamArray;

/** An integer bound: a number or bigint (a scalar), or an array of them. */
export type IntegerParam = number | bigint | ParamArray;

/** One parameter, flat, with its shape. */
interface Operand {
  readonly name: string;
  readonly data: ArrayLike<number | bigint>;
  readonly shape: readonly number[];
  /** Whether every element is a number (no bigint). */
  readonly numbers: boolean;
}

/** Parameters broadcast together: the result's shape and element count, and each parameter's strides into it. */
export interface Broadcast {
  readonly call: string;
  readonly shape: readonly number[];
  readonly count: number;
  readonly operands: readonly Operand[];
  /** Every parameter 0-d (`{ data, shape: [] }`) and no size: NumPy's scalar result, one value. */
  readonly scalar: boolean;
}

function isSequence(v: unknown): v is ArrayLike<unknown> {
  return Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));
}

function isNdArray(v: unknown): v is NdArray {
  return typeof v === 'object' && v !== null && !isSequence(v) && 'data' in v && 'shape' in v;
}

/** Whether `v` is one value (a number or a bigint): NumPy's 0-d case, which takes the scalar path. */
export function isScalar(v: unknown): v is number | bigint {
  return typeof v === 'number' || typeof v === 'bigint';
}

function leaf(call: string, name: string, x: unknown, integers: boolean): number | bigint {
  if (typeof x === 'number' || (integers && typeof x === 'bigint')) return x;
  throw new TypeError(`${call}: ${name} must hold ${integers ? 'integers (numbers or bigints)' : 'numbers'}, got ${describe(x)}`);
}

/** A parameter as flat data and a shape; a TypeError or RangeError names it where it is not an array of numbers or is ragged. */
function toOperand(call: string, name: string, v: unknown, integers: boolean): Operand {
  if (isScalar(v)) return { name, data: [leaf(call, name, v, integers)], shape: [], numbers: typeof v === 'number' };
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return { name, ...typedData(call, name, v, integers), shape: [(v as unknown as ArrayLike<unknown>).length] };
  if (isNdArray(v)) {
    const { data, shape } = v;
    if (!Array.isArray(shape)) throw new TypeError(`${call}: ${name}.shape must be an array of dimensions, got ${describe(shape)}`);
    const count = sizeCount(`${call}: ${name}.shape`, shape) ?? 1;
    if (!isSequence(data) || data.length !== count) {
      throw new RangeError(`${call}: ${name}.data must be an array of ${count} elements (the product of shape [${shape.join(', ')}]), got ${isSequence(data) ? `${data.length} elements` : describe(data)}`);
    }
    if (ArrayBuffer.isView(data)) return { name, ...typedData(call, name, data, integers), shape: [...shape] };
    let numbers = true;
    for (let i = 0; i < data.length; i++) numbers = typeof leaf(call, `${name}.data[${i}]`, data[i], integers) === 'number' && numbers;
    return { name, data: data as ArrayLike<number | bigint>, shape: [...shape], numbers };
  }
  if (!Array.isArray(v)) throw new TypeError(`${call}: ${name} must be a number or an array of numbers (nested arrays, a typed array, or { data, shape }), got ${describe(v)}`);
  // The shape is read down the first elements; flattening then checks every row against it.
  const shape: number[] = [];
  for (let x: unknown = v; isSequence(x); x = x[0]) {
    shape.push(x.length);
    if (x.length === 0) break;
  }
  const data: (number | bigint)[] = [];
  let numbers = true;
  // The path of indices to the element being read: written into messages only.
  const path: number[] = [];
  const at = () => `${name}${path.map((i) => `[${i}]`).join('')}`;
  const flatten = (x: unknown, depth: number): void => {
    if (depth === shape.length) {
      if (isSequence(x)) throw new RangeError(`${call}: ${name} is ragged: ${at()} is an array where a number is expected`);
      if (typeof x !== 'number') numbers = false;
      data.push(typeof x === 'number' ? x : leaf(call, at(), x, integers));
      return;
    }
    if (!isSequence(x) || x.length !== shape[depth]) {
      throw new RangeError(`${call}: ${name} is ragged: ${at()} must be an array of ${shape[depth]} elements, got ${isSequence(x) ? x.length : describe(x)}`);
    }
    for (let i = 0; i < x.length; i++) {
      path[depth] = i;
      path.length = depth + 1;
      flatten(x[i], depth + 1);
    }
    path.length = depth;
  };
  flatten(v, 0);
  return { name, data, shape, numbers };
}

/** A typed array's elements: numbers, or bigints where integers are accepted. */
function typedData(call: string, name: string, v: ArrayBufferView, integers: boolean): Pick<Operand, 'data' | 'numbers'> {
  const bigints = v instanceof BigInt64Array || v instanceof BigUint64Array;
  if (bigints && !integers) throw new TypeError(`${call}: ${name} must hold numbers, got a ${v.constructor.name}`);
  return { data: v as unknown as ArrayLike<number | bigint>, numbers: !bigints };
}

const shapeText = (shape: readonly number[]): string => `[${shape.join(', ')}]`;

/**
 * The broadcast of the parameters `values` (named by `names`, space-separated) against `size`, or null where every parameter is a
 * scalar (the caller's scalar path). NumPy's rules: shapes aligned on their last dimension, each
 * dimension equal or 1; with a size, every parameter must broadcast to size's shape.
 */
export function broadcast(call: string, size: Size | undefined, names: string, values: readonly unknown[], integers = false): Broadcast | null {
  // The scalar path takes numbers (and bigint bounds); anything else is an operand, or refused by
  // toOperand. A plain loop over an array: this runs on every scalar call.
  let scalars = true;
  for (let i = 0; i < values.length; i++) {
    const t = typeof values[i];
    if (t !== 'number' && (t !== 'bigint' || !integers)) {
      scalars = false;
      break;
    }
  }
  if (scalars) return null;
  const operands = names.split(' ').map((n, i) => toOperand(call, n, values[i], integers));
  let shape: number[] = [];
  for (const op of operands) {
    const ndim = Math.max(shape.length, op.shape.length);
    const next: number[] = [];
    for (let d = 0; d < ndim; d++) {
      const a = shape[d - (ndim - shape.length)] ?? 1;
      const b = op.shape[d - (ndim - op.shape.length)] ?? 1;
      if (a !== b && a !== 1 && b !== 1) {
        const shapes = operands.map((o) => `${o.name} ${shapeText(o.shape)}`).join(', ');
        throw new RangeError(`${call}: the parameters' shapes cannot be broadcast together (${shapes}; NumPy: shape mismatch)`);
      }
      next.push(a === 1 ? b : a);
    }
    shape = next;
  }
  if (size !== undefined) {
    sizeCount(call, size);
    const out = typeof size === 'number' ? [size] : [...size];
    for (const op of operands) {
      const offset = out.length - op.shape.length;
      if (offset < 0 || op.shape.some((d, i) => d !== 1 && d !== out[offset + i])) {
        throw new RangeError(`${call}: size ${shapeText(out)} is not compatible with ${op.name}'s shape ${shapeText(op.shape)}: every parameter must broadcast to size (NumPy: output size is not compatible with broadcast dimensions of inputs)`);
      }
    }
    shape = out;
  }
  const count = shape.includes(0) ? 0 : shape.reduce((a, b) => a * b, 1);
  if (count > MAX_LENGTH) throw new RangeError(`${call}: the broadcast shape ${shapeText(shape)} has ${count} elements, more than the ${MAX_LENGTH} a typed array holds`);
  return { call, shape, count, operands, scalar: size === undefined && shape.length === 0 };
}

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
