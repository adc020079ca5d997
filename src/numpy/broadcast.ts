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
  if (isScalar(v)) return { name, data: [leaf(call, name, v, integers)], shape: [] };
  if (isNdArray(v)) {
    const { data, shape } = v;
    if (!Array.isArray(shape)) throw new TypeError(`${call}: ${name}.shape must be an array of dimensions, got ${describe(shape)}`);
    const count = sizeCount(`${call}: ${name}.shape`, shape) ?? 1;
    if (!isSequence(data) || data.length !== count) {
      throw new RangeError(`${call}: ${name}.data must be an array of ${count} elements (the product of shape [${shape.join(', ')}]), got ${isSequence(data) ? `${data.length} elements` : describe(data)}`);
    }
    for (let i = 0; i < data.length; i++) leaf(call, name, data[i], integers);
    return { name, data: data as ArrayLike<number | bigint>, shape: [...shape] };
  }
  if (!isSequence(v)) throw new TypeError(`${call}: ${name} must be a number or an array of numbers (nested arrays, a typed array, or { data, shape }), got ${describe(v)}`);
  // The shape is read down the first elements; flattening then checks every row against it.
  const shape: number[] = [];
  for (let x: unknown = v; isSequence(x); x = x[0]) {
    shape.push(x.length);
    if (x.length === 0) break;
  }
  const data: (number | bigint)[] = [];
  const flatten = (x: unknown, depth: number, at: string): void => {
    if (depth === shape.length) {
      if (isSequence(x)) throw new RangeError(`${call}: ${name} is ragged: ${name}${at} is an array where a number is expected`);
      data.push(leaf(call, `${name}${at}`, x, integers));
      return;
    }
    if (!isSequence(x) || x.length !== shape[depth]) {
      throw new RangeError(`${call}: ${name} is ragged: ${name}${at} must be an array of ${shape[depth]} elements, got ${isSequence(x) ? x.length : describe(x)}`);
    }
    for (let i = 0; i < x.length; i++) flatten(x[i], depth + 1, `${at}[${i}]`);
  };
  flatten(v, 0, '');
  return { name, data, shape };
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
 * Calls `visit` with each element's parameters (one array, reused: copy what is kept) and its flat
 * index, in C order of the broadcast shape.
 */
export function forEachElement(b: Broadcast, visit: (values: (number | bigint)[], index: number) => void): void {
  const ndim = b.shape.length;
  const k = b.operands.length;
  // strides[p][d]: the step in operand p's data for one step along result dimension d (0 where broadcast).
  const strides = b.operands.map((op) => {
    const s = new Array<number>(ndim).fill(0);
    let step = 1;
    for (let j = op.shape.length - 1; j >= 0; j--) {
      if (op.shape[j] !== 1) s[ndim - op.shape.length + j] = step;
      step *= op.shape[j]!;
    }
    return s;
  });
  const counter = new Array<number>(ndim).fill(0);
  const offsets = new Array<number>(k).fill(0);
  const values = b.operands.map((op) => op.data[0]!);
  for (let i = 0; i < b.count; i++) {
    for (let p = 0; p < k; p++) values[p] = b.operands[p]!.data[offsets[p]!]!;
    visit(values, i);
    // The odometer: the last dimension moves fastest; a dimension that wraps rewinds its offsets.
    for (let d = ndim - 1; d >= 0; d--) {
      counter[d]!++;
      for (let p = 0; p < k; p++) offsets[p]! += strides[p]![d]!;
      if (counter[d]! < b.shape[d]!) break;
      for (let p = 0; p < k; p++) offsets[p]! -= strides[p]![d]! * counter[d]!;
      counter[d] = 0;
    }
  }
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
 * Per-element preparation, checked for every element before anything is drawn: `prepare` takes an
 * element's parameters (in the order of the names) and throws where they are refused, and its result is reused for
 * runs of equal parameters. The errors keep their class and name the element.
 */
export class ElementPlans<T, V extends number | bigint = number> {
  #last: (number | bigint)[] | null = null;
  #lastPlan: T | undefined;

  constructor(
    private readonly b: Broadcast,
    private readonly prepare: (values: readonly V[]) => T,
  ) {}

  /** Prepares every element, in C order: the checks, before anything is drawn. */
  check(): void {
    forEachElement(this.b, (values, i) => {
      try {
        this.#plan(values);
      } catch (e) {
        const where = `(at element ${elementIndex(this.b.shape, i)} of the broadcast shape ${shapeText(this.b.shape)})`;
        if (e instanceof RangeError) throw new RangeError(`${e.message} ${where}`);
        if (e instanceof TypeError) throw new TypeError(`${e.message} ${where}`);
        throw e;
      }
    });
    this.#last = null;
  }

  /** Calls `use` with each element's plan and flat index, in C order (after check()). */
  each(use: (plan: T, index: number) => void): void {
    forEachElement(this.b, (values, i) => use(this.#plan(values), i));
  }

  #plan(values: (number | bigint)[]): T {
    const last = this.#last;
    if (last !== null && values.every((v, p) => Object.is(v, last[p]))) return this.#lastPlan as T;
    this.#last = values.slice();
    this.#lastPlan = this.prepare(this.#last as V[]);
    return this.#lastPlan;
  }
}

/**
 * Doubles, one per element, each drawn by its element's `prepare(args)()`: NumPy's cont/disc
 * broadcast loop (one number for the 0-d case).
 */
export function broadcastFloats(b: Broadcast, prepare: (...values: number[]) => () => number): number | Float64Array {
  const plans = new ElementPlans(b, (values: readonly number[]) => prepare(...values));
  plans.check();
  const out = new Float64Array(b.count);
  plans.each((draw, i) => (out[i] = draw()));
  return b.scalar ? out[0]! : out;
}
