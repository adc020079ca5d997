/**
 * The one-stream Mersenne Twister under CPython's `random.Random` (Modules/_randommodule.c) and
 * NumPy's legacy `RandomState` (numpy/random/src/mt19937/): seeded by Matsumoto & Nishimura's
 * init_genrand or init_by_array (mt19937ar.c, 2002), with the 53-bit double both read from two words
 * (the draws' unitDouble), CPython's `getrandbits` and NumPy's 64-bit word (high word first). The
 * twist and tempering are the ones node-curand's MT19937 engine uses (src/engines/mt19937-core.ts).
 */

import type { BitSource } from '../draws/bit-source.js';
import { unitDouble } from '../draws/bit-source.js';
import { initGenrand, MT_N, temper, twist } from '../engines/mt19937-core.js';

/** init_by_array's first pass multiplier and its second's (mt19937ar.c). */
const INIT_MULT_1 = 1664525;
const INIT_MULT_2 = 1566083941;
/** init_by_array starts from init_genrand(19650218). */
const INIT_BY_ARRAY_SEED = 19650218;

export class Mersenne implements BitSource {
  /** The 624 words, as int32. */
  readonly mt = new Int32Array(MT_N);
  /** Index of the next word; MT_N: twist first (what seeding leaves). */
  index = MT_N;

  /** init_genrand(seed): NumPy's legacy seeding of an integer seed in [0, 2^32). */
  seedInteger(seed: number): void {
    initGenrand(seed, this.mt);
    this.index = MT_N;
  }

  /** init_by_array(key): CPython's seeding for every seed, NumPy's for an array seed (never empty). */
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

  /** A 53-bit double in [0, 1) from two words: CPython's random(), NumPy's next_double. */
  random(): number {
    const a = this.nextUint32();
    return unitDouble(a, this.nextUint32());
  }

  /**
   * random() into every element of `out`: the same words in the same order, read from the state in
   * place a block at a time rather than through a call per word (RandomState's vectorised fills).
   */
  fillRandom(out: Float64Array): void {
    const mt = this.mt;
    const n = out.length;
    let index = this.index;
    let i = 0;
    while (i < n) {
      if (index >= MT_N) {
        twist(mt);
        index = 0;
      }
      if (index === MT_N - 1) {
        // The double's two words straddle a twist.
        const a = temper(mt[index] as number);
        twist(mt);
        out[i++] = unitDouble(a, temper(mt[0] as number));
        index = 1;
        continue;
      }
      for (const end = i + Math.min(n - i, (MT_N - index) >> 1); i < end; i++, index += 2) {
        out[i] = unitDouble(temper(mt[index] as number), temper(mt[index + 1] as number));
      }
    }
    this.index = index;
  }

  /** NumPy's next_uint64 of a 32-bit generator: the first word high, the second low. */
  nextUint64(): bigint {
    const hi = this.nextUint32();
    return (BigInt(hi) << 32n) | BigInt(this.nextUint32());
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
