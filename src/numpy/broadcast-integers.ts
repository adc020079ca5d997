/**
 * Integer bounds that are arrays (numpy/random/_bounded_integers.pyx.in, _rand_<dtype>_broadcast):
 * each element's closed range [low, high − 1] (or [low, high] with endpoint) checked against the
 * dtype first, then one value per element in C order. The 64- and 32-bit dtypes draw each value as
 * the scalar call does (random_bounded_uint64, random_buffered_bounded_uint32); the 16-, 8- and 1-bit
 * dtypes cut every value from one buffered word that lives for the whole call (BufferedBounded).
 */

import { BufferedBounded, type WordSource } from './bounded-integers.js';
import { broadcast, ElementPlans, isScalar, type Broadcast } from './broadcast.js';
import { sizeCount, type Size } from './size.js';
import { dtypeArray, givesNumbers, integerRequest, type IntegerDtype, type IntegerRequest, type IntegerResult } from './integer-dtypes.js';

/** The draw of one element's value (lo included) for a checked request. */
export type ElementDraw = (req: IntegerRequest) => () => number | bigint;

/**
 * The values of a broadcast of `{ low, high }` (high already the top: NumPy swaps low into high
 * when high is omitted, before broadcasting) in `dtype`: the dtype's typed array, Float64Array for
 * the 64-bit dtypes while every element's range stays within the safe integers.
 */
export function broadcastIntegers(b: Broadcast, dtype: IntegerDtype, closed: boolean, draw: ElementDraw): number | bigint | boolean | IntegerResult {
  let numbers = true;
  const plans = new ElementPlans<{ req: IntegerRequest; next: () => number | bigint }, number | bigint>(b, ([low, high]) => {
    const req = integerRequest(b.call, low, high, dtype, closed);
    numbers &&= givesNumbers(req);
    return { req, next: draw(req) };
  });
  plans.check();
  const out = dtypeArray(dtype, numbers, b.count);
  if (out instanceof BigInt64Array || out instanceof BigUint64Array) plans.each(({ next }, i) => (out[i] = BigInt(next())));
  else plans.each(({ next }, i) => (out[i] = Number(next())));
  if (!b.scalar) return out;
  // A 0-d low and high: NumPy's scalar result, as integerScalar gives it.
  const v = out[0]!;
  return dtype === 'bool' ? v !== 0 : numbers ? Number(v) : BigInt(v);
}

/**
 * integers()/randint() where a bound is an array, or null where both are scalars (the scalar path).
 * High omitted: [0, low) (NumPy's high = low, low = 0, before broadcasting). A size with a zero
 * dimension returns the empty array before any check, as NumPy does. `wide` draws the 64- and 32-bit
 * dtypes' values; the narrower ones come from one buffered word per call, by masked rejection
 * (`masked`, RandomState) or Lemire's method (Generator).
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
  wide: ElementDraw,
): number | bigint | boolean | IntegerResult | null {
  const noHigh = high === undefined || high === null;
  if (isScalar(low) && (noHigh || isScalar(high))) return null;
  if (sizeCount(call, size) === 0) return dtypeArray(dtype, true, 0);
  const b = broadcast(call, size, 'low high', noHigh ? [0, low] : [low, high], true)!;
  let small: BufferedBounded | undefined;
  return broadcastIntegers(b, dtype, closed, (req) => {
    if (req.bits === 64 || req.bits === 32) return wide(req);
    const parts = (small ??= new BufferedBounded(src, req.bits, masked));
    const off = Number(req.lo);
    const rng = Number(req.hi - req.lo);
    return () => parts.next(off, rng);
  });
}
