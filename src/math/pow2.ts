/**
 * Powers of two as doubles, for exact rescaling: x·2^n is exact whenever the result is normal (also
 * when 2^n itself is subnormal). The ports use this instead of writing exponent bits, because writing
 * a 32-bit word into a typed array and reading the 64-bit double back defeats store-to-load
 * forwarding, which made an earlier FMA emulation several times slower.
 */

const MIN = -1074;
const MAX = 1023;

/** POW2[n + 1074] = 2^n for n = −1074 … 1023 (every power of two that is a double), built exactly. */
const POW2 = new Float64Array(MAX - MIN + 1);
POW2[-MIN] = 1;
for (let n = 1; n <= MAX; n++) POW2[n - MIN] = POW2[n - 1 - MIN] * 2;
for (let n = -1; n >= MIN; n--) POW2[n - MIN] = POW2[n + 1 - MIN] * 0.5;

/** 2^n for an integer n in [−1074, 1023] (NaN outside). */
export function pow2(n: number): number {
  return POW2[n - MIN] as number;
}
