/**
 * Argument checks for the public API. Each throws a TypeError (wrong kind of value) or a RangeError
 * (right kind, outside the accepted range) that names the argument and what is accepted, before
 * anything is changed.
 */

import { OUTPUT_TYPE, type Distribution, type OutputArray } from './types.js';

export const UINT64_LIMIT = 1n << 64n;

/** The largest element count one call accepts: cuRAND counts in size_t, typed arrays stop below 2^32. */
export const MAX_LENGTH = 2 ** 32 - 1;

function describe(value: unknown): string {
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return String(value);
  if (value === null) return 'null';
  if (ArrayBuffer.isView(value)) return value.constructor.name;
  return typeof value;
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

/**
 * Resolves `nOrOut` for distribution `dist`: a length allocates a new array of cuRAND's output type,
 * a typed array of that exact type is filled in place.
 */
export function toOutput<D extends Distribution>(dist: D, nOrOut: unknown, shared = false): InstanceType<(typeof OUTPUT_TYPE)[D]> {
  const Type = OUTPUT_TYPE[dist];
  if (typeof nOrOut === 'number') {
    if (!Number.isInteger(nOrOut) || nOrOut < 0 || nOrOut > MAX_LENGTH) {
      throw new RangeError(`n must be an integer in [0, ${MAX_LENGTH}], got ${describe(nOrOut)}`);
    }
    const OnBuffer = Type as unknown as new (buffer: ArrayBufferLike) => OutputArray;
    const out = shared ? new OnBuffer(new SharedArrayBuffer(nOrOut * Type.BYTES_PER_ELEMENT)) : new Type(nOrOut);
    return out as InstanceType<(typeof OUTPUT_TYPE)[D]>;
  }
  if (nOrOut instanceof Type) return nOrOut as InstanceType<(typeof OUTPUT_TYPE)[D]>;
  throw new TypeError(`${dist}() takes a length or a ${Type.name} to fill, got ${describe(nOrOut)}`);
}

/** A finite number, for means, standard deviations and λ. */
export function toFinite(value: unknown, name: string): number {
  if (typeof value !== 'number') throw new TypeError(`${name} must be a number, got ${describe(value)}`);
  if (!Number.isFinite(value)) throw new RangeError(`${name} must be a finite number, got ${describe(value)}`);
  return value;
}

/** One of a fixed set of string values. */
export function toChoice<T extends string>(value: unknown, name: string, choices: readonly T[]): T {
  if (typeof value === 'string' && (choices as readonly string[]).includes(value)) return value as T;
  throw new (typeof value === 'string' ? RangeError : TypeError)(
    `${name} must be one of ${choices.map((c) => `'${c}'`).join(', ')}, got ${describe(value)}`,
  );
}
