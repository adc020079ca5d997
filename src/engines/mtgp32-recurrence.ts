/**
 * MTGP32-11213's state recursion for one parameter set as a GF(2)-linear recurrence on a window of
 * 351 words (docs/spec/curand-host-semantics.md §3.1), for polynomial jumps (f2-horner.ts):
 *   x = (s[n] & mask) ^ s[n+1];  x ^= x << sh1;  y = x ^ (s[n+pos] >> sh2);  s[n+351] = y ^ tbl[y & 15].
 * Every part is linear over GF(2), the table lookup included: each set's tbl satisfies
 * tbl[a ^ b] = tbl[a] ^ tbl[b] (checked by scripts/gen-mtgp32-charpoly.ts and the tests). The mask
 * keeps 13 bits of the oldest word, so a window has 13 + 350·32 = 11213 significant bits, and each
 * set's characteristic polynomial has degree 11213 (Saito & Matsumoto, MTGP).
 */

import type { F2Recurrence } from './f2-horner.js';
import { MTGP32_MASK, MTGP32_PARAMS, MTGP32_PARAM_STRIDE } from './mtgp32-params.js';

/** Words in a state window. */
export const MTGP32_WORDS = 351;
/** The degree of every set's characteristic polynomial. */
export const MTGP32_DEGREE = 11213;

const PARAMS = new Int32Array(MTGP32_PARAMS.buffer, MTGP32_PARAMS.byteOffset, MTGP32_PARAMS.length);
const MASK = MTGP32_MASK | 0;

/** Parameter set `set`'s recursion on a linear buffer of words. */
export function mtgp32Recurrence(set: number): F2Recurrence {
  const p = set * MTGP32_PARAM_STRIDE;
  const pos = PARAMS[p] as number;
  const sh1 = PARAMS[p + 1] as number;
  const sh2 = PARAMS[p + 2] as number;
  const tbl = PARAMS.subarray(p + 3, p + 19);
  return {
    words: MTGP32_WORDS,
    degree: MTGP32_DEGREE,
    extend(buf, at, count) {
      for (let n = at, end = at + count; n < end; n++) {
        let x = ((buf[n] as number) & MASK) ^ (buf[n + 1] as number);
        x ^= x << sh1;
        const y = x ^ ((buf[n + pos] as number) >>> sh2);
        buf[n + MTGP32_WORDS] = y ^ (tbl[y & 15] as number);
      }
    },
  };
}
