/**
 * Argument checks for the public API. Each throws a TypeError (wrong kind of value) or a RangeError
 * (right kind, outside the accepted range) that names the argument and what is accepted, before
 * anything is changed.
 */

import { OUTPUT_TYPE, type AnyTypedArray, type Distribution } from './types.js';

export const UINT64_LIMIT = 1n << 64n;

/** The largest element count one call accepts: cuRAND counts in size_t, typed arrays stop below 2^32. */
export const MAX_LENGTH = 2 ** 32 - 1;

/** How a rejected value is shown in a message; never runs user code (no getters, no toString). */
export function describe(value: unknown): string {
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (value === null) return 'null';
  const typedArray = typedArrayTypeOf(value);
  if (typedArray !== undefined) return `a ${typedArray}`;
  if (typeof value === 'object') {
    try {
      return Array.isArray(value) ? 'an array' : 'an object';
    } catch {
      return 'a revoked Proxy';
    }
  }
  return typeof value;
}

/** How states, the environment and seeds write a non-negative integer: no sign, no leading zero. */
const DECIMAL = /^(0|[1-9][0-9]*)$/;

export function isDecimal(text: string): boolean {
  return DECIMAL.test(text);
}

/** A non-negative decimal integer string (a state's field), at most `limit` where the caller has no message of its own. */
export function parseDecimal(value: unknown, name: string, limit?: bigint): bigint {
  if (typeof value !== 'string' || !DECIMAL.test(value)) {
    throw new TypeError(`${name} must be a decimal integer string, got ${describe(value)}`);
  }
  const v = BigInt(value);
  if (limit !== undefined && v > limit) throw new RangeError(`${name} must be at most ${limit}, got ${value}`);
  return v;
}

/** A 64-bit unsigned integer given as a bigint or a safe integer number: seeds and offsets. */
export function toUint64(value: unknown, name: string): bigint {
  if (typeof value === 'bigint') {
    if (value < 0n || value >= UINT64_LIMIT) {
      throw new RangeError(`${name} must be in [0, 2^64), got ${describe(value)}`);
    }
    return value;
  }
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) {
      throw new RangeError(`${name} must be an integer in [0, 2^64), got ${describe(value)}`);
    }
    if (value < 0) throw new RangeError(`${name} must be in [0, 2^64), got ${describe(value)}`);
    if (!Number.isSafeInteger(value)) {
      throw new RangeError(
        `${name} must be a safe integer when given as a number (pass a bigint for values above 2^53 - 1), got ${describe(value)}`,
      );
    }
    return BigInt(value);
  }
  throw new TypeError(`${name} must be a bigint or an integer number in [0, 2^64), got ${describe(value)}`);
}

/** The intrinsic accessors of every typed array: user code cannot shadow or fake them. */
const TYPED_ARRAY_PROTOTYPE = Object.getPrototypeOf(Uint8Array.prototype) as object;
function intrinsicGetter(key: PropertyKey): (this: unknown) => unknown {
  return Object.getOwnPropertyDescriptor(TYPED_ARRAY_PROTOTYPE, key)?.get as (this: unknown) => unknown;
}
const typedArrayName = intrinsicGetter(Symbol.toStringTag);
const typedArrayLength = intrinsicGetter('length') as (this: unknown) => number;
const typedArrayBuffer = intrinsicGetter('buffer') as (this: unknown) => ArrayBufferLike;
const typedArrayByteOffset = intrinsicGetter('byteOffset') as (this: unknown) => number;

/** Properties the backends read or call on an output array; an own one shadows the intrinsic. */
const SHADOWABLE = ['length', 'subarray', 'set', 'buffer', 'byteOffset', 'constructor'] as const;

/** The element type name of a genuine typed array ('Float32Array', …), or undefined for anything else (Proxies included). */
export function typedArrayTypeOf(value: unknown): string | undefined {
  return typedArrayName.call(value) as string | undefined;
}

/** The length a genuine typed array really has (0 once its buffer is detached or shrunk past it). */
export function intrinsicLength(array: AnyTypedArray): number {
  return typedArrayLength.call(array);
}

/** The memory behind a genuine typed array, from its internal slots. */
export function intrinsicBuffer(array: AnyTypedArray): ArrayBufferLike {
  return typedArrayBuffer.call(array);
}

/** A resolved output: `result` is what the call returns (the caller's own array), `target` what the backend writes. */
export interface ResolvedOutput<T extends AnyTypedArray> {
  result: T;
  /**
   * The same memory as `result`, as a plain view of the exact type whose length, methods and
   * prototype are the intrinsic ones: a caller's array may carry an own `length`, a subclass or a
   * tampered prototype, none of which may steer how many values are written or where.
   */
  target: T;
  /** The element count fixed at validation. */
  length: number;
}

/** Allocates n elements of `Type`, in a SharedArrayBuffer when `shared`; a failed allocation names `n`. */
function allocate<T extends AnyTypedArray>(Type: new (buffer: ArrayBufferLike) => T, bytesPerElement: number, n: number, shared: boolean): T {
  try {
    return new Type(shared ? new SharedArrayBuffer(n * bytesPerElement) : new ArrayBuffer(n * bytesPerElement));
  } catch (error) {
    throw new RangeError(`n = ${n} elements (${n * bytesPerElement} bytes) cannot be allocated here (see the cause)`, { cause: error });
  }
}

/** A typed array constructor, as the outputs' checks use it. */
export type TypedArrayType<T extends AnyTypedArray = AnyTypedArray> = (new (buffer: ArrayBufferLike, byteOffset?: number, length?: number) => T) & {
  readonly name: string;
  readonly prototype: object;
  readonly BYTES_PER_ELEMENT: number;
};

/**
 * Resolves `nOrOut` for distribution `dist`: a length allocates a new array of cuRAND's output type
 * (in a SharedArrayBuffer when `shared`), a genuine typed array of that exact type is filled in
 * place. Type and length come from the array's internal slots, never from its properties.
 */
export function toOutput<D extends Distribution>(dist: D, nOrOut: unknown, shared = false): ResolvedOutput<InstanceType<(typeof OUTPUT_TYPE)[D]>> {
  type T = InstanceType<(typeof OUTPUT_TYPE)[D]>;
  const Type = OUTPUT_TYPE[dist] as unknown as TypedArrayType<T>;
  return toArrayOutput<T>(`${dist}()`, 'n', nOrOut, [Type], Type, shared);
}

/**
 * The same for any call that writes typed arrays: a length (argument `name`) allocates `allocateAs`,
 * a genuine typed array of one of the `accepted` types is filled in place.
 */
export function toArrayOutput<T extends AnyTypedArray>(
  call: string,
  name: string,
  nOrOut: unknown,
  accepted: readonly TypedArrayType[],
  allocateAs: TypedArrayType,
  shared = false,
): ResolvedOutput<T> {
  if (typeof nOrOut === 'number') {
    if (!Number.isInteger(nOrOut) || nOrOut < 0 || nOrOut > MAX_LENGTH) {
      throw new RangeError(`${name} must be an integer in [0, ${MAX_LENGTH}], got ${describe(nOrOut)}`);
    }
    const out = allocate(allocateAs, allocateAs.BYTES_PER_ELEMENT, nOrOut, shared) as T;
    return { result: out, target: out, length: nOrOut };
  }
  const typeName = typedArrayTypeOf(nOrOut);
  const Type = accepted.find((type) => type.name === typeName);
  if (Type === undefined) {
    const got = typeName ?? (typeof nOrOut === 'object' && nOrOut !== null ? 'an object that is not a typed array' : describe(nOrOut));
    const types = accepted.map((type) => type.name);
    const list = types.length === 1 ? `a ${types[0]}` : `one of ${types.join(', ')}`;
    throw new TypeError(`${call} takes a length or ${list} to fill, got ${got}`);
  }
  const out = nOrOut as T;
  const length = typedArrayLength.call(out);
  const plain = Object.getPrototypeOf(out) === Type.prototype && !SHADOWABLE.some((key) => Object.hasOwn(out, key));
  // An empty view is any empty array: its buffer may be detached, which no view can be made over and
  // nothing can read (not even TypedArray.prototype.set).
  const target = (length === 0 ? new Type(new ArrayBuffer(0)) : plain ? out : new Type(typedArrayBuffer.call(out), typedArrayByteOffset.call(out), length)) as T;
  return { result: out, target, length };
}

/**
 * An optional argument or option: `fallback` when it is undefined. Null is a value like any other (and
 * refused by the check it then meets), as Node's own validators treat it.
 */
export function given<T>(value: T | undefined, fallback: T): T {
  return value === undefined ? fallback : value;
}

/** An object in the language's sense (functions included): what an options argument may be. */
export function isObjectLike(value: unknown): value is object {
  return (typeof value === 'object' && value !== null) || typeof value === 'function';
}

/**
 * An options object: undefined (no options) or a non-null object whose own keys are all among
 * `accepted`; anything else is a TypeError naming `name`.
 */
export function checkOptionKeys(options: unknown, accepted: readonly string[], name = 'options'): void {
  if (options === undefined) return;
  if (!isObjectLike(options)) throw new TypeError(`${name} must be an object, got ${describe(options)}`);
  for (const key of Object.keys(options)) {
    if (!accepted.includes(key)) throw new TypeError(`unknown option '${key}' in ${name}; accepted: ${accepted.join(', ')}`);
  }
}

/** A `device` value: 'auto', 'cpu', 'cuda' or 'cuda:N' (N < 10000), as a kind and an optional index. */
export function toDevice(value: unknown, name = 'device', accepted: readonly ('auto' | 'cpu' | 'cuda')[] = ['auto', 'cpu', 'cuda']): { kind: 'auto' | 'cpu' | 'cuda'; index: number | null } {
  const names = `${accepted.map((k) => `'${k}'`).join(', ')} or 'cuda:N'`;
  if (typeof value !== 'string') throw new TypeError(`${name} must be ${names}, got ${describe(value)}`);
  if ((accepted as readonly string[]).includes(value)) return { kind: value as 'auto' | 'cpu' | 'cuda', index: null };
  const m = /^cuda:(0|[1-9][0-9]{0,3})$/.exec(value);
  if (m === null) throw new RangeError(`${name} must be ${names} (N a device index), got ${describe(value)}`);
  return { kind: 'cuda', index: Number(m[1]) };
}

/** An integer number in [min, max]: a TypeError for anything but a number, a RangeError outside the range. */
export function toInteger(value: unknown, name: string, min: number, max: number): number {
  if (typeof value !== 'number') throw new TypeError(`${name} must be an integer in [${min}, ${max}], got ${describe(value)}`);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be an integer in [${min}, ${max}], got ${describe(value)}`);
  }
  return value;
}

/** A finite number, for means, standard deviations and λ. */
export function toFinite(value: unknown, name: string): number {
  if (typeof value !== 'number') throw new TypeError(`${name} must be a number, got ${describe(value)}`);
  if (!Number.isFinite(value)) throw new RangeError(`${name} must be a finite number, got ${describe(value)}`);
  return value;
}

/**
 * A finite number ≥ 0, as NumPy's CONS_NON_NEGATIVE (a scale, a gamma shape). NumPy tests the sign
 * bit, so −0 is refused as "< 0" there; here too, so that a refused call is refused on both.
 */
export function toNonNegative(value: unknown, name: string): number {
  if (typeof value !== 'number') throw new TypeError(`${name} must be a finite number ≥ 0, got ${describe(value)}`);
  if (!Number.isFinite(value) || value < 0 || Object.is(value, -0)) {
    throw new RangeError(`${name} must be a finite number ≥ 0 (not −0, as in NumPy), got ${describe(value)}`);
  }
  return value;
}

/** A finite number > 0, as NumPy's CONS_POSITIVE (degrees of freedom, beta's a and b). */
export function toPositive(value: unknown, name: string): number {
  if (typeof value !== 'number') throw new TypeError(`${name} must be a finite number > 0, got ${describe(value)}`);
  if (!Number.isFinite(value) || !(value > 0)) throw new RangeError(`${name} must be a finite number > 0, got ${describe(value)}`);
  return value;
}

/** One of a fixed set of string values. */
export function toChoice<T extends string>(value: unknown, name: string, choices: readonly T[]): T {
  if (typeof value === 'string' && (choices as readonly string[]).includes(value)) return value as T;
  throw new (typeof value === 'string' ? RangeError : TypeError)(
    `${name} must be one of ${choices.map((c) => `'${c}'`).join(', ')}, got ${describe(value)}`,
  );
}

/** A boolean option or argument. */
export function toBoolean(value: unknown, name: string): boolean {
  if (typeof value !== 'boolean') throw new TypeError(`${name} must be a boolean, got ${describe(value)}`);
  return value;
}
