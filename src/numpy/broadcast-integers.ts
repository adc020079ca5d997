/**
 * Integer bounds that are arrays (numpy/random/_bounded_integers.pyx.in, _rand_<dtype>_broadcast):
 * each element's closed range [low, high − 1] (or [low, high] with endpoint) checked against the
 * dtype first, then one value per element in C order. The 64- and 32-bit dtypes draw each value as
 * the scalar call does (random_bounded_uint64, random_buffered_bounded_uint32); the 16-, 8- and 1-bit
 * dtypes cut every value from one buffered word that lives for the whole call (BufferedBounded).
 */

import { BufferedBounded, type WordSource } from './bounded-integers.js';
import { broadcast, isScalar } from './broadcast.js';
import { Elements } from './broadcast-elements.js';
import { sizeCount, type Size } from './size.js';
import { dtypeArray, dtypeRange, givesNumbers, integerRequest, type IntegerDtype, type IntegerRequest, type IntegerResult } from './integer-dtypes.js';

/** How a class draws one 64- or 32-bit dtype value: off + a value in [0, rng]. */
export interface WideDraws {
  /** For off and rng safe integers, rng < 2^53. */
  numbers(off: number, rng: number): () => number;
  /** For any checked request. */
  request(req: IntegerRequest): () => number | bigint;
}

/**
 * integers()/randint() where a bound is an array, or null where both are scalars (the scalar path).
 * High omitted: [0, low) (NumPy's high = low, low = 0, before broadcasting). A size with a zero
 * dimension returns the empty array before any check, as NumPy does. `wide` draws the 64- and 32-bit
 * dtypes' values; the narrower ones come from one buffered word per call, by masked rejection
 * (`masked`, RandomState) or Lemire's method (Generator). The result is the dtype's typed array,
 * Float64Array for the 64-bit dtypes while every element's range stays within the safe integers.
 */
export function integersBroadcast(
  call: string,
  low: unknown,
  high: unknown,
  size: Size | undefined,
  dtype: IntegerDtype,
  closed: boolean,
  src: WordSource,
  masked: boolean,
  wide: WideDraws,
): number | bigint | boolean | IntegerResult | null {
  const noHigh = high === undefined || high === null;
  if (isScalar(low) && (noHigh || isScalar(high))) return null;
  if (sizeCount(call, size) === 0) return dtypeArray(dtype, true, 0);
  const b = broadcast(call, size, 'low high', noHigh ? [0, low] : [low, high], true)!;
  const [min, max, bits] = dtypeRange(dtype);
  const narrow = bits !== 64 && bits !== 32 ? new BufferedBounded(src, bits, masked) : null;
  let numbers = true;
  const elements = new Elements<() => number | bigint, number | bigint>(b, (lo, top) => {
    // Safe integers inside the dtype: checked and drawn with numbers (BigInt arithmetic costs more than the draw).
    if (typeof lo === 'number' && typeof top === 'number') {
      const hi = closed ? top : top - 1;
      if (Number.isSafeInteger(lo) && Number.isSafeInteger(hi) && lo >= min && hi <= max && lo <= hi && hi - lo < 2 ** 53) {
        const rng = hi - lo;
        return narrow === null ? wide.numbers(lo, rng) : () => narrow.next(lo, rng);
      }
    }
    // The rest: NumPy's checks and messages (integerRequest throws), and bigint ranges.
    const req = integerRequest(b.call, lo, top, dtype, closed);
    numbers &&= givesNumbers(req);
    if (narrow === null) return wide.request(req);
    const off = Number(req.lo);
    const rng = Number(req.hi - req.lo);
    return () => narrow.next(off, rng);
  });
  const out = dtypeArray(dtype, numbers, b.count);
  if (out instanceof BigInt64Array || out instanceof BigUint64Array) for (let i = 0; i < out.length; i++) out[i] = BigInt(elements.at(i)());
  else for (let i = 0; i < out.length; i++) out[i] = Number(elements.at(i)());
  if (!b.scalar) return out;
  // A 0-d low and high: NumPy's scalar result, as integerScalar gives it.
  const v = out[0]!;
  return dtype === 'bool' ? v !== 0 : numbers ? Number(v) : BigInt(v);
}
