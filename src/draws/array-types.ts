import { describe, toArrayOutput, typedArrayTypeOf, type ResolvedOutput, type TypedArrayType } from '../validate.js';

/** Typed arrays that hold integers as numbers: every one but the float32 and bigint kinds (Float64Array holds the safe integers). */
export type NumberIntegerArray = Int8Array | Uint8Array | Uint8ClampedArray | Int16Array | Uint16Array | Int32Array | Uint32Array | Float64Array;
export type BigIntegerArray = BigInt64Array | BigUint64Array;
export type IntegerArray = NumberIntegerArray | BigIntegerArray;

const SAFE = 2n ** 53n - 1n;

/** Each integer-holding type with the values it holds exactly. */
const RANGES: ReadonlyArray<[TypedArrayType, bigint, bigint]> = [
  [Int8Array, -128n, 127n],
  [Uint8Array, 0n, 255n],
  [Uint8ClampedArray, 0n, 255n],
  [Int16Array, -32768n, 32767n],
  [Uint16Array, 0n, 65535n],
  [Int32Array, -(2n ** 31n), 2n ** 31n - 1n],
  [Uint32Array, 0n, 2n ** 32n - 1n],
  [Float64Array, -SAFE, SAFE],
  [BigInt64Array, -(2n ** 63n), 2n ** 63n - 1n],
  [BigUint64Array, 0n, 2n ** 64n - 1n],
];

/** The integer-holding types whose elements are numbers. */
export const NUMBER_INTEGER_TYPES: readonly TypedArrayType[] = RANGES.slice(0, 8).map(([type]) => type);
/** Every integer-holding type, bigint ones included. */
export const INTEGER_TYPES: readonly TypedArrayType[] = RANGES.map(([type]) => type);
/** Every type whose elements are numbers (Float32Array included). */
export const NUMBER_TYPES: readonly TypedArrayType[] = [...NUMBER_INTEGER_TYPES, Float32Array];
/** Every typed array type. */
export const ANY_TYPES: readonly TypedArrayType[] = [...INTEGER_TYPES, Float32Array];

/** Whether every integer in [min, max] is exactly representable in `Type`'s elements. */
export function holds(Type: TypedArrayType, min: bigint, max: bigint): boolean {
  const range = RANGES.find(([type]) => type === Type);
  return range !== undefined && min >= range[1] && max <= range[2];
}

/**
 * An output for integers in [min, max]: a length allocates `allocateAs`, an array of one of
 * `accepted` is filled in place when its type holds the range (a RangeError naming `name` otherwise).
 */
export function toIntegerOutput<T extends IntegerArray>(
  call: string,
  name: string,
  nOrOut: unknown,
  accepted: readonly TypedArrayType[],
  allocateAs: TypedArrayType,
  min: bigint,
  max: bigint,
): ResolvedOutput<T> {
  const out = toArrayOutput<T>(call, name, nOrOut, accepted, allocateAs);
  const typeName = typedArrayTypeOf(out.target);
  const Type = accepted.find((type) => type.name === typeName)!;
  if (!holds(Type, min, max)) {
    throw new RangeError(`${call}: out (${describe(out.result)}, given as ${name}) cannot hold every value in [${min}, ${max}]; pass a length, or an array whose type holds them`);
  }
  return out;
}

/** The array type of n indices 0..n−1 (choices, categories, permutations): Int32Array up to 2^31, else Float64Array. */
export function indexType(n: number): TypedArrayType<Int32Array | Float64Array> {
  return (n <= 2 ** 31 ? Int32Array : Float64Array) as TypedArrayType<Int32Array | Float64Array>;
}

/** Array.isArray without its throw on a revoked Proxy (which is then no array). */
export function isJsArray(value: unknown): value is unknown[] {
  try {
    return Array.isArray(value);
  } catch {
    return false;
  }
}
