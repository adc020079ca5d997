/**
 * The Mersenne Twister under CPython's `random.Random` (Modules/_randommodule.c): one MT19937 stream,
 * seeded by Matsumoto & Nishimura's init_by_array (mt19937ar.c, 2002) from the seed's 32-bit key,
 * with CPython's 53-bit `random()` and its `getrandbits`. The twist and tempering are the ones
 * node-curand's MT19937 engine uses (src/engines/mt19937-core.ts).
 */

import { initGenrand, MT_N, temper, twist } from '../engines/mt19937-core.js';

/** init_by_array's first pass multiplier and its second's (mt19937ar.c). */
const INIT_MULT_1 = 1664525;
const INIT_MULT_2 = 1566083941;
/** init_by_array starts from init_genrand(19650218). */
const INIT_BY_ARRAY_SEED = 19650218;

/** 2^-53, CPython's `random()` scale: (a·2^26 + b) / 2^53 with a of 27 bits and b of 26. */
const TWO_POW_MINUS_53 = 1 / 9007199254740992;

export class PyMersenne {
  /** The 624 words, as int32. */
  readonly mt = new Int32Array(MT_N);
  /** Index of the next word; MT_N: twist first (what seeding leaves). */
  index = MT_N;

  /** init_by_array(key): CPython's seeding for every seed (its key is never empty). */
  seedByArray(key: Uint32Array): void {
    const mt = this.mt;
    initGenrand(INIT_BY_ARRAY_SEED, mt);
    let i = 1;
    let j = 0;
    for (let k = Math.max(MT_N, key.length); k > 0; k--) {
      const prev = mt[i - 1] as number;
      mt[i] = ((mt[i] as number) ^ Math.imul(prev ^ (prev >>> 30), INIT_MULT_1)) + (key[j] as number) + j;
      i++;
      j++;
      if (i >= MT_N) {
        mt[0] = mt[MT_N - 1] as number;
        i = 1;
      }
      if (j >= key.length) j = 0;
    }
    for (let k = MT_N - 1; k > 0; k--) {
      const prev = mt[i - 1] as number;
      mt[i] = ((mt[i] as number) ^ Math.imul(prev ^ (prev >>> 30), INIT_MULT_2)) - i;
      i++;
      if (i >= MT_N) {
        mt[0] = mt[MT_N - 1] as number;
        i = 1;
      }
    }
    // The most significant bit set: the state is never all zero.
    mt[0] = 0x80000000 | 0;
    this.index = MT_N;
  }

  /** genrand_uint32: the next tempered word, as an unsigned number. */
  nextUint32(): number {
    if (this.index >= MT_N) {
      twist(this.mt);
      this.index = 0;
    }
    return temper(this.mt[this.index++] as number);
  }

  /** random(): a 53-bit double in [0, 1) from two words (27 and 26 bits). */
  random(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) * TWO_POW_MINUS_53;
  }

  /** getrandbits(k) for k ≥ 0: words least significant first, the last one's top bits. */
  getrandbits(k: number): bigint {
    if (k <= 32) return k === 0 ? 0n : BigInt(this.nextUint32() >>> (32 - k));
    let result = 0n;
    let shift = 0n;
    for (let left = k; left > 0; left -= 32, shift += 32n) {
      let word = this.nextUint32();
      if (left < 32) word >>>= 32 - left;
      result |= BigInt(word) << shift;
    }
    return result;
  }

  /** getrandbits(k) for 0 ≤ k ≤ 32 as a number (the common case of _randbelow, without bigints). */
  bits32(k: number): number {
    return k === 0 ? 0 : this.nextUint32() >>> (32 - k);
  }
}
