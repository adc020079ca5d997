import { nextUint64Into, type BitSource } from './bit-source.js';
import { holds, INTEGER_TYPES, toIntegerOutput, type IntegerArray } from './array-types.js';
import { boundedUint32, boundedUint64, fillBounded32, threshold32 } from './lemire.js';
import type { DrawPlan } from './plan.js';
import { checkOptionKeys, describe, given, toBoolean, type TypedArrayType } from '../validate.js';

const TWO_32 = 4294967296;
const SAFE = 2n ** 53n - 1n;

/** integers()' options. */
export interface IntegersOptions {
  /** Include high in the range (NumPy's endpoint); default false. */
  endpoint?: boolean;
}

/** What integers() draws from: every integer in [min, max], as numbers or as bigints. */
export interface IntegerRange {
  readonly min: bigint;
  readonly max: bigint;
  /** max − min + 1, in [1, 2^64]. */
  readonly span: bigint;
  /** Bigint bounds give bigints (and BigInt64Array / BigUint64Array); number bounds give numbers. */
  readonly bigints: boolean;
}

function toBound(value: unknown, name: string): number | bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value !== 'number') throw new TypeError(`integers(): ${name} must be an integer number or a bigint, got ${describe(value)}`);
  if (!Number.isInteger(value)) throw new RangeError(`integers(): ${name} must be an integer, got ${describe(value)}`);
  return value;
}

/**
 * The range of integers(low, high?, …, { endpoint }), as NumPy's Generator.integers reads it: [low,
 * high), or [low, high] with endpoint; high omitted means [0, low) (or [0, low]).
 */
export function integerRange(low: unknown, high: unknown, endpoint: boolean): IntegerRange {
  const lo = toBound(low, 'low');
  const hi = high === undefined ? undefined : toBound(high, 'high');
  const bigints = typeof lo === 'bigint' || typeof hi === 'bigint';
  const min = hi === undefined ? 0n : BigInt(lo);
  const top = BigInt(hi === undefined ? lo : hi);
  const max = endpoint ? top : top - 1n;
  if (max < min) {
    throw new RangeError(
      hi === undefined
        ? `integers(): with high omitted the range is [0, low${endpoint ? ']' : ')'}, so low must be ${endpoint ? 'at least 0' : 'above 0'}, got ${describe(low)}`
        : `integers(): low must be ${endpoint ? 'at most' : 'below'} high${endpoint ? ' (endpoint: true)' : ''}, got low ${describe(low)}, high ${describe(high)}`,
    );
  }
  if (!bigints && (min < -SAFE || max > SAFE)) {
    throw new RangeError(`integers(): with number bounds every value must be a safe integer (|v| ≤ 2^53 − 1), got the range [${min}, ${max}]; pass bigint bounds for wider ranges`);
  }
  if (bigints && !holds(BigInt64Array, min, max) && !holds(BigUint64Array, min, max)) {
    throw new RangeError(`integers(): the range must fit int64 or uint64, got [${min}, ${max}]`);
  }
  return { min, max, span: max - min + 1n, bigints };
}

/** The array integers(…, size) makes: the narrowest of Int32Array, Uint32Array, then Float64Array (numbers) or BigInt64Array, BigUint64Array (bigints). */
function defaultType(range: IntegerRange): TypedArrayType {
  if (range.bigints) return holds(BigInt64Array, range.min, range.max) ? BigInt64Array : BigUint64Array;
  if (holds(Int32Array, range.min, range.max)) return Int32Array;
  return holds(Uint32Array, range.min, range.max) ? Uint32Array : Float64Array;
}

/** A span split for the samplers: m (≤ 2^32) for the 32-bit method, else the halves of a 64-bit span. */
class Span {
  /** The span when it is at most 2^32, else 0. */
  readonly m: number;
  readonly hi: number;
  readonly lo: number;
  /** Span 2^64: NumPy's next_uint64 as is. */
  readonly full: boolean;
  /** The offset's halves (high, low) after next(). */
  readonly parts = new Float64Array(2);

  constructor(span: bigint) {
    this.m = span <= BigInt(TWO_32) ? Number(span) : 0;
    this.full = span === 1n << 64n;
    this.hi = Number(span >> 32n);
    this.lo = Number(span & 0xffffffffn);
  }

  /** Draws an offset in [0, span) into `parts`. */
  next(src: BitSource): void {
    const parts = this.parts;
    if (this.m !== 0) {
      parts[0] = 0;
      parts[1] = boundedUint32(src, this.m);
    } else if (this.full) {
      nextUint64Into(src, parts);
    } else {
      boundedUint64(src, this.hi, this.lo, parts);
    }
  }

  /** min + the offset, as a number (exact: the value is a safe integer, and so is min + the high half's part of it). */
  number(min: number): number {
    return min + this.parts[0]! * TWO_32 + this.parts[1]!;
  }

  bigint(min: bigint): bigint {
    return min + ((BigInt(this.parts[0]!) << 32n) | BigInt(this.parts[1]!));
  }
}

/** Words one value reads at least. */
function wordsPerValue(span: bigint): number {
  return span === 1n ? 0 : span <= BigInt(TWO_32) ? 1 : 2;
}

/** Fills a number-typed array with values of `range` (which it holds: checked before). */
function fillNumbers(src: BitSource, range: IntegerRange, span: Span, target: { length: number; [i: number]: number }): void {
  const min = Number(range.min);
  const m = span.m;
  if (m === 1) {
    for (let i = 0; i < target.length; i++) target[i] = min;
  } else if (m === TWO_32) {
    for (let i = 0; i < target.length; i++) target[i] = min + src.nextUint32();
  } else if (m !== 0) {
    fillBounded32(src, m, threshold32(m), min, target);
  } else {
    for (let i = 0; i < target.length; i++) {
      span.next(src);
      target[i] = span.number(min);
    }
  }
}

function fillBigints(src: BitSource, range: IntegerRange, span: Span, target: { length: number; [i: number]: bigint }): void {
  for (let i = 0; i < target.length; i++) {
    span.next(src);
    target[i] = span.bigint(range.min);
  }
}

/**
 * integers(low, high?, size?, { endpoint }): unbiased integers in [low, high) (or [low, high]) by
 * Lemire's method, one word per attempt for spans up to 2^32 and two (a 64-bit word, high word
 * first) above (lemire.ts). NumPy's Generator.integers for 32- and 64-bit dtypes reads the same words
 * and gives the same values; NumPy's 8- and 16-bit dtypes split words in halves and quarters, which
 * these draws never do (one word per attempt for every output type).
 */
export function planIntegers(low: unknown, high: unknown, size: unknown, options: unknown): DrawPlan<number | bigint | IntegerArray> {
  checkOptionKeys(options, ['endpoint']);
  const endpoint = toBoolean(given((options as { endpoint?: unknown } | undefined)?.endpoint, false), 'endpoint');
  const range = integerRange(low, high, endpoint);
  const span = new Span(range.span);
  const words = wordsPerValue(range.span);
  if (size === undefined) {
    return {
      words,
      output: null,
      run: range.bigints
        ? (src) => (span.next(src), span.bigint(range.min))
        : (src) => (span.next(src), span.number(Number(range.min))),
    };
  }
  const out = toIntegerOutput<IntegerArray>('integers()', 'size', size, INTEGER_TYPES, defaultType(range), range.min, range.max);
  return {
    words: words * out.length,
    output: out,
    run(src: BitSource) {
      const target = out.target;
      if (target instanceof BigInt64Array || target instanceof BigUint64Array) fillBigints(src, range, span, target);
      else fillNumbers(src, range, span, target);
      return out.result;
    },
  };
}

/**
 * The common scalar call, integers(low, high) or integers(high) with number bounds and a span of at
 * most 2^32, drawn without planning; undefined (nothing read) for any other call, which planIntegers
 * then checks and draws. The same value planIntegers would give.
 */
export function quickInteger(src: BitSource, low: unknown, high: unknown): number | undefined {
  if (typeof low !== 'number') return undefined;
  let min: number;
  let top: number;
  if (high === undefined) {
    min = 0;
    top = low;
  } else if (typeof high === 'number') {
    min = low;
    top = high;
  } else {
    return undefined;
  }
  const m = top - min;
  if (!(m >= 1 && m <= TWO_32) || !Number.isSafeInteger(min) || !Number.isSafeInteger(top - 1)) return undefined;
  return min + boundedUint32(src, m);
}
