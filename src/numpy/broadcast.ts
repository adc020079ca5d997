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

/** Parameters broadcast together: the result's shape and element count, and the parameters, flat. */
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

/** A shape or an index as messages write it: [d0, d1, …]. */
export const shapeText = (shape: readonly number[]): string => `[${shape.join(', ')}]`;

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
