/**
 * The integer dtypes of NumPy's `Generator.integers` and `RandomState.randint`
 * (numpy/random/_bounded_integers.pyx.in): their ranges, NumPy's checks of the bounds against them,
 * and the JavaScript values each gives (docs/numpy.md, "Conversions").
 */

import { describe } from '../validate.js';

export type IntegerDtype = 'int64' | 'int32' | 'int16' | 'int8' | 'uint64' | 'uint32' | 'uint16' | 'uint8' | 'bool';

interface DtypeInfo {
  readonly min: bigint;
  readonly max: bigint;
  /** Bits a value is drawn from: NumPy draws 16-, 8- and 1-bit values from parts of a buffered 32-bit word. */
  readonly bits: 64 | 32 | 16 | 8 | 1;
}

const DTYPES: Readonly<Record<IntegerDtype, DtypeInfo>> = {
  int64: { min: -(2n ** 63n), max: 2n ** 63n - 1n, bits: 64 },
  int32: { min: -(2n ** 31n), max: 2n ** 31n - 1n, bits: 32 },
  int16: { min: -32768n, max: 32767n, bits: 16 },
  int8: { min: -128n, max: 127n, bits: 8 },
  uint64: { min: 0n, max: 2n ** 64n - 1n, bits: 64 },
  uint32: { min: 0n, max: 2n ** 32n - 1n, bits: 32 },
  uint16: { min: 0n, max: 65535n, bits: 16 },
  uint8: { min: 0n, max: 255n, bits: 8 },
  bool: { min: 0n, max: 1n, bits: 1 },
};

const NAMES = Object.keys(DTYPES) as IntegerDtype[];
const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** A checked draw: the closed range [lo, hi] of one dtype. */
export interface IntegerRequest {
  readonly dtype: IntegerDtype;
  readonly bits: DtypeInfo['bits'];
  readonly lo: bigint;
  readonly hi: bigint;
}

/** The dtype argument: one of NumPy's integer dtype names, 'int64' when omitted (NumPy's TypeError otherwise). */
export function toIntegerDtype(call: string, dtype: unknown): IntegerDtype {
  if (dtype === undefined) return 'int64';
  if (typeof dtype === 'string' && Object.hasOwn(DTYPES, dtype)) return dtype as IntegerDtype;
  throw new TypeError(`${call}: dtype must be one of ${NAMES.map((n) => `'${n}'`).join(', ')}, got ${describe(dtype)}`);
}

function toBound(call: string, name: string, x: unknown): bigint {
  if (typeof x === 'bigint') return x;
  if (typeof x !== 'number') throw new TypeError(`${call}: ${name} must be an integer (a number or a bigint), got ${describe(x)}`);
  if (!Number.isSafeInteger(x)) throw new RangeError(`${call}: ${name} must be a safe integer as a number (a bigint beyond ±(2^53 − 1)), got ${describe(x)}`);
  return BigInt(x);
}

/**
 * NumPy's scalar-bounds checks (_rand_<dtype>): high omitted means [0, low); without `closed` the
 * top is high − 1; low below the dtype, the top above it, or an empty range are RangeErrors (NumPy's
 * ValueErrors, in its order and words, with the accepted range added). NumPy skips these checks
 * when size has a zero dimension (it returns the empty array first): so does `empty`.
 */
export function integerRequest(call: string, low: unknown, high: unknown, dtype: IntegerDtype, closed: boolean, empty = false): IntegerRequest {
  let lo = toBound(call, 'low', low);
  let top: bigint;
  if (high === undefined || high === null) {
    top = lo;
    lo = 0n;
  } else {
    top = toBound(call, 'high', high);
  }
  const hi = closed ? top : top - 1n;
  const { min, max, bits } = DTYPES[dtype];
  if (empty) return { dtype, bits, lo, hi };
  if (lo < min) throw new RangeError(`${call}: low is out of bounds for ${dtype} (low must be ≥ ${min}, got ${lo})`);
  if (hi > max) throw new RangeError(`${call}: high is out of bounds for ${dtype} (high must be ≤ ${closed ? max : max + 1n}${closed ? ' with endpoint' : ''}, got ${top})`);
  if (lo > hi) {
    const what = lo === 0n ? `high ${closed ? '<' : '<='} 0` : `low ${closed ? '>' : '>='} high`;
    throw new RangeError(`${call}: ${what} (low ${lo}, high ${top}${closed ? ', endpoint' : ''})`);
  }
  return { dtype, bits, lo, hi };
}

/** The dtype's range as numbers (its ends beyond 2^53 rounded, which only compares safe integers correctly): a fast first check. */
export function dtypeRange(dtype: IntegerDtype): [min: number, max: number, bits: DtypeInfo['bits']] {
  const { min, max, bits } = DTYPES[dtype];
  return [Number(min), Number(max), bits];
}

/** Whether the request's values come back as numbers (always, but for 64-bit dtypes whose range leaves ±(2^53 − 1)). */
export function givesNumbers(req: IntegerRequest): boolean {
  return req.bits !== 64 || (req.lo >= -SAFE && req.hi <= SAFE);
}

export type IntegerResult = Float64Array | BigInt64Array | BigUint64Array | Int32Array | Uint32Array | Int16Array | Uint16Array | Int8Array | Uint8Array;

/** The array of `count` values of the request: the dtype's typed array; for 64-bit dtypes Float64Array while the values are safe integers. */
export function integerArray(req: IntegerRequest, count: number): IntegerResult {
  return dtypeArray(req.dtype, givesNumbers(req), count);
}

/** The array of `count` values of a dtype: for 64-bit dtypes Float64Array where `numbers` (every value a safe integer), else bigints. */
export function dtypeArray(dtype: IntegerDtype, numbers: boolean, count: number): IntegerResult {
  switch (dtype) {
    case 'int64':
      return numbers ? new Float64Array(count) : new BigInt64Array(count);
    case 'uint64':
      return numbers ? new Float64Array(count) : new BigUint64Array(count);
    case 'int32':
      return new Int32Array(count);
    case 'uint32':
      return new Uint32Array(count);
    case 'int16':
      return new Int16Array(count);
    case 'uint16':
      return new Uint16Array(count);
    case 'int8':
      return new Int8Array(count);
    case 'uint8':
    case 'bool':
      return new Uint8Array(count);
  }
}

/** One value of the request as JavaScript gives it: a boolean for bool, a bigint for a 64-bit range beyond the safe integers, else a number. */
export function integerScalar(req: IntegerRequest, v: number | bigint): number | bigint | boolean {
  if (req.dtype === 'bool') return v !== 0 && v !== 0n;
  return givesNumbers(req) ? Number(v) : BigInt(v);
}
