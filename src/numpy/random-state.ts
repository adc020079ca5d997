/**
 * NumPy's legacy `RandomState` (numpy/random/mtrand.pyx; what `np.random.seed` and the module-level
 * `np.random.*` functions drive), bit for bit: its MT19937 and seeding, its 53-bit doubles, its
 * masked-rejection integers, its shuffles and choices, and its legacy distributions (legacy.ts).
 * docs/numpy.md maps each NumPy call to its JavaScript counterpart.
 *
 * Results: one value (a number; a bigint for int64 values beyond 2^53) when `size` is omitted, else
 * a typed array of size's elements (a shape's elements in row-major order): Float64Array for floats,
 * and for NumPy's int64 results a Float64Array when every value the call can give is a safe integer,
 * else a BigInt64Array.
 */

import { getRandomValues } from 'node:crypto';

import { Mersenne } from '../python/mersenne.js';
import { shuffleByInterval } from '../draws/interval.js';
import { poisson } from '../draws/poisson.js';
import { checkedProbabilities, cumulative, searchRight, weightedWithoutReplacement } from './cdf.js';
import { Binomial } from '../draws/binomial.js';
import { legacyBeta, legacyExponential, legacyGauss, legacyStandardGamma, type LegacySource } from './legacy.js';
import { MT_N } from '../engines/mt19937-core.js';

/** A size: a count, or a shape whose product is the count. */
export type Size = number | readonly number[];
/** NumPy's legacy state tuple as JSON: ['MT19937', key (624 words), pos, has_gauss, cached_gaussian]. */
export type RandomStateState = [bitGenerator: 'MT19937', key: number[], pos: number, hasGauss: number, cachedGaussian: number];
/** What RandomState accepts as a seed: an int in [0, 2^32), an array of them, or null/undefined (fresh entropy). */
export type RandomStateSeed = number | bigint | ArrayLike<number> | null | undefined;

type IntArray = Float64Array | BigInt64Array;
const SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
/** np.random's poisson_lam_max: the largest λ its int64 results hold (int64 max − 10·√(int64 max)). */
const POISSON_LAM_MAX = 9.223372006484771e18;

export class RandomState {
  readonly #s: LegacySource = { mt: new Mersenne(), hasGauss: false, gauss: 0 };
  readonly #binomial = new Binomial(true);

  constructor(seed?: RandomStateSeed) {
    this.seed(seed);
  }

  /** seed(seed=None): an int in [0, 2^32) by init_genrand, an array by init_by_array, none from the OS. */
  seed(seed?: RandomStateSeed): void {
    const mt = this.#s.mt;
    if (seed === null || seed === undefined) {
      // NumPy: the key from fresh entropy with its first word's top bit set.
      const key = getRandomValues(new Uint32Array(MT_N));
      key[0] = 0x80000000;
      mt.mt.set(key);
      mt.index = MT_N;
    } else if (typeof seed === 'number' || typeof seed === 'bigint') {
      const s = typeof seed === 'bigint' ? seed : Number.isSafeInteger(seed) ? BigInt(seed) : -1n;
      if (s < 0n || s > 0xffffffffn) throw new RangeError(`seed: must be an integer in [0, 2^32 − 1] (got ${String(seed)})`);
      mt.seedInteger(Number(s));
    } else {
      if (seed.length === 0) throw new RangeError('seed: an array seed must be non-empty');
      const key = new Uint32Array(seed.length);
      for (let i = 0; i < seed.length; i++) {
        const w = seed[i] as number;
        if (!Number.isInteger(w) || w < 0 || w > 0xffffffff) throw new RangeError(`seed: seed[${i}] must be an integer in [0, 2^32 − 1]`);
        key[i] = w;
      }
      mt.seedByArray(key);
    }
    this.#s.hasGauss = false;
    this.#s.gauss = 0;
  }

  /** get_state(): ['MT19937', key, pos, has_gauss, cached_gaussian], as JSON writes NumPy's tuple (key.tolist()). */
  getState(): RandomStateState {
    return ['MT19937', Array.from(this.#s.mt.mt, (w) => w >>> 0), this.#s.mt.index, this.#s.hasGauss ? 1 : 0, this.#s.gauss];
  }

  /** set_state(state): a state from getState(), or NumPy's get_state() through JSON. */
  setState(state: RandomStateState): void {
    if (!Array.isArray(state) || state.length !== 5 || state[0] !== 'MT19937') throw new TypeError("setState: state must be ['MT19937', key, pos, hasGauss, cachedGaussian]");
    const [, key, pos, hasGauss, gauss] = state;
    if (!Array.isArray(key) || key.length !== MT_N || key.some((w) => !Number.isInteger(w) || w < 0 || w > 0xffffffff)) {
      throw new RangeError(`setState: key must be ${MT_N} integers in [0, 2^32 − 1]`);
    }
    if (!Number.isInteger(pos) || pos < 0 || pos > MT_N) throw new RangeError(`setState: pos must be an integer in [0, ${MT_N}]`);
    if (typeof gauss !== 'number') throw new TypeError('setState: cachedGaussian must be a number');
    this.#s.mt.mt.set(key);
    this.#s.mt.index = pos;
    this.#s.hasGauss = Boolean(hasGauss);
    this.#s.gauss = gauss;
  }

  /** random_sample(size=None), also random(): doubles in [0, 1). */
  randomSample(size?: Size): number | Float64Array {
    return this.#floats(size, () => this.#s.mt.random());
  }

  random(size?: Size): number | Float64Array {
    return this.randomSample(size);
  }

  /** rand(d0, d1, …): random_sample of that shape (a number with no arguments). */
  rand(...shape: number[]): number | Float64Array {
    return this.randomSample(shape.length === 0 ? undefined : shape);
  }

  /** randn(d0, d1, …): standard normals of that shape (a number with no arguments). */
  randn(...shape: number[]): number | Float64Array {
    return this.standardNormal(shape.length === 0 ? undefined : shape);
  }

  /** standard_normal(size=None): the legacy polar method. */
  standardNormal(size?: Size): number | Float64Array {
    return this.#floats(size, () => legacyGauss(this.#s));
  }

  /** normal(loc=0, scale=1, size=None). */
  normal(loc = 0, scale = 1, size?: Size): number | Float64Array {
    nonNegative('normal', 'scale', scale);
    return this.#floats(size, () => loc + scale * legacyGauss(this.#s));
  }

  /** uniform(low=0, high=1, size=None): low + (high − low)·U. */
  uniform(low = 0, high = 1, size?: Size): number | Float64Array {
    const range = high - low;
    if (!Number.isFinite(range)) throw new RangeError('uniform: high − low must be finite (NumPy: OverflowError, range exceeds valid bounds)');
    return this.#floats(size, () => low + range * this.#s.mt.random());
  }

  /** exponential(scale=1, size=None). */
  exponential(scale = 1, size?: Size): number | Float64Array {
    nonNegative('exponential', 'scale', scale);
    return this.#floats(size, () => scale * legacyExponential(this.#s));
  }

  /** standard_exponential(size=None). */
  standardExponential(size?: Size): number | Float64Array {
    return this.#floats(size, () => legacyExponential(this.#s));
  }

  /** standard_gamma(shape, size=None). */
  standardGamma(shape: number, size?: Size): number | Float64Array {
    nonNegative('standardGamma', 'shape', shape);
    return this.#floats(size, () => legacyStandardGamma(this.#s, shape));
  }

  /** gamma(shape, scale=1, size=None). */
  gamma(shape: number, scale = 1, size?: Size): number | Float64Array {
    nonNegative('gamma', 'shape', shape);
    nonNegative('gamma', 'scale', scale);
    return this.#floats(size, () => scale * legacyStandardGamma(this.#s, shape));
  }

  /** beta(a, b, size=None). */
  beta(a: number, b: number, size?: Size): number | Float64Array {
    if (!(a > 0)) throw new RangeError(`beta: a must be > 0 (got ${a})`);
    if (!(b > 0)) throw new RangeError(`beta: b must be > 0 (got ${b})`);
    return this.#floats(size, () => legacyBeta(this.#s, a, b));
  }

  /** binomial(n, p, size=None): int64 counts. */
  binomial(n: number, p: number, size?: Size): number | Float64Array {
    if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`binomial: n must be an integer ≥ 0 (got ${n})`);
    if (!(p >= 0 && p <= 1)) throw new RangeError(`binomial: p must be in [0, 1] (got ${p})`);
    return this.#floats(size, () => this.#binomial.draw(this.#s.mt, n, p));
  }

  /** poisson(lam=1, size=None): int64 counts. */
  poisson(lam = 1, size?: Size): number | Float64Array {
    if (!(lam >= 0)) throw new RangeError(`poisson: lam must be ≥ 0 (got ${lam})`);
    if (lam > POISSON_LAM_MAX) throw new RangeError('poisson: lam value too large');
    return this.#floats(size, () => poisson(this.#s.mt, lam));
  }

  /**
   * randint(low, high=None, size=None): int64 in [low, high) (in [0, low) without high), by NumPy's
   * masked rejection: the range's bit mask over one word below 2^32, else over two (high first).
   */
  randint(low: number | bigint, high?: number | bigint | null, size?: Size): number | bigint | IntArray {
    let lo = toInt64('randint', 'low', low);
    let hi: bigint;
    if (high === undefined || high === null) {
      hi = lo;
      lo = 0n;
    } else {
      hi = toInt64('randint', 'high', high);
    }
    if (lo >= hi) throw new RangeError(`randint: low >= high (${lo} >= ${hi})`);
    return this.#integers(lo, hi - 1n, size);
  }

  /** random_integers(low, high=None, size=None): int64 in [low, high] ([1, low] without high). */
  randomIntegers(low: number | bigint, high?: number | bigint | null, size?: Size): number | bigint | IntArray {
    let lo = toInt64('randomIntegers', 'low', low);
    let hi: bigint;
    if (high === undefined || high === null) {
      hi = lo;
      lo = 1n;
    } else {
      hi = toInt64('randomIntegers', 'high', high);
    }
    if (lo > hi) throw new RangeError(`randomIntegers: low > high (${lo} > ${hi})`);
    return this.#integers(lo, hi, size);
  }

  /** Values in [lo, hi] (hi − lo < 2^64) by random_bounded_uint64_fill's masked path. */
  #integers(lo: bigint, hi: bigint, size: Size | undefined): number | bigint | IntArray {
    const rng = hi - lo;
    const mt = this.#s.mt;
    let draw: () => bigint | number;
    if (rng <= 0xffffffffn) {
      const r = Number(rng);
      const mask = maskOf32(r);
      const base = Number(lo);
      draw = () => {
        if (r === 0) return lo;
        if (r === 0xffffffff) return lo + BigInt(mt.nextUint32());
        let v: number;
        do v = (mt.nextUint32() & mask) >>> 0;
        while (v > r);
        return Number.isSafeInteger(base) ? base + v : lo + BigInt(v);
      };
    } else {
      const mask = maskOf64(rng);
      draw = () => {
        if (rng === 0xffffffffffffffffn) return BigInt.asIntN(64, lo + mt.nextUint64());
        let v: bigint;
        do v = mt.nextUint64() & mask;
        while (v > rng);
        return lo + v;
      };
    }
    const safe = lo >= -SAFE && hi <= SAFE;
    if (size === undefined) {
      const v = draw();
      return safe ? Number(v) : BigInt(v);
    }
    const count = countOf('randint', size);
    const out = safe ? new Float64Array(count) : new BigInt64Array(count);
    for (let i = 0; i < count; i++) out[i] = (safe ? Number(draw()) : BigInt(draw())) as never;
    return out;
  }

  /** shuffle(x): in place, from the last element down, positions by NumPy's random_interval. */
  shuffle<T>(x: { length: number; [index: number]: T }): void {
    shuffleByInterval(this.#s.mt, x);
  }

  /** permutation(x): a shuffled arange(x) (Float64Array) for a number, else a shuffled copy. */
  permutation<T>(x: number | readonly T[] | Float64Array): Float64Array | T[] {
    if (typeof x === 'number') {
      if (!Number.isSafeInteger(x) || x < 0) throw new RangeError(`permutation: x must be an integer ≥ 0 (got ${x})`);
      const arr = Float64Array.from({ length: x }, (_, i) => i);
      this.shuffle(arr);
      return arr;
    }
    const copy = x instanceof Float64Array ? x.slice() : [...x];
    this.shuffle(copy as T[]);
    return copy as T[] | Float64Array;
  }

  /**
   * choice(a, size=None, replace=True, p=None): positions of arange(a) for a number, else elements of
   * a. With p: the cumulative sum (normalised by its last value) searched for each double (side
   * 'right'); without replacement and p: rounds of new doubles over the p left, keeping first
   * occurrences; without either: the first elements of a permutation.
   */
  choice<T>(a: number | readonly T[], size?: Size, replace = true, p?: ArrayLike<number>): number | T | Float64Array | T[] {
    const popSize = typeof a === 'number' ? a : a.length;
    if (typeof a === 'number' && !Number.isSafeInteger(a)) throw new RangeError(`choice: a must be an integer or an array (got ${a})`);
    const count = size === undefined ? 1 : countOf('choice', size);
    if (popSize <= 0 && count !== 0) throw new RangeError(typeof a === 'number' ? 'choice: a must be greater than 0 unless no samples are taken' : "choice: 'a' cannot be empty unless no samples are taken");
    const probs = p === undefined ? undefined : checkedProbabilities(p, popSize);
    let idx: Float64Array;
    if (replace) {
      if (probs !== undefined) {
        const cdf = cumulative(probs);
        idx = new Float64Array(count);
        for (let i = 0; i < count; i++) idx[i] = searchRight(cdf, this.#s.mt.random());
      } else {
        idx = this.randint(0, popSize, count) as Float64Array;
      }
    } else {
      if (count > popSize) throw new RangeError("choice: cannot take a larger sample than population when 'replace=False'");
      if (probs !== undefined) {
        idx = weightedWithoutReplacement(probs, count, (k) => this.randomSample(k) as Float64Array);
      } else {
        idx = (this.permutation(popSize) as Float64Array).subarray(0, count).slice();
      }
    }
    if (typeof a === 'number') return size === undefined ? (idx[0] as number) : idx;
    const picked = Array.from(idx, (i) => a[i] as T);
    return size === undefined ? (picked[0] as T) : picked;
  }

  /** Doubles from `draw`, one or size's many. */
  #floats(size: Size | undefined, draw: () => number): number | Float64Array {
    if (size === undefined) return draw();
    const out = new Float64Array(countOf('size', size));
    for (let i = 0; i < out.length; i++) out[i] = draw();
    return out;
  }
}

/** The elements of a size or shape (NumPy's np.prod). */
function countOf(call: string, size: Size): number {
  const dims = typeof size === 'number' ? [size] : size;
  let n = 1;
  for (const d of dims) {
    if (!Number.isSafeInteger(d) || d < 0) throw new RangeError(`${call}: size must be a non-negative integer or a shape of them (got ${String(size)})`);
    n *= d;
  }
  if (!Number.isSafeInteger(n) || n > 2 ** 32) throw new RangeError(`${call}: size too large (${n} elements)`);
  return n;
}

function nonNegative(call: string, name: string, x: number): void {
  if (!(x >= 0)) throw new RangeError(`${call}: ${name} must be ≥ 0 (got ${x})`);
}

function toInt64(call: string, name: string, x: number | bigint): bigint {
  const v = typeof x === 'bigint' ? x : Number.isSafeInteger(x) ? BigInt(x) : undefined;
  if (v === undefined || v < INT64_MIN || v > INT64_MAX) throw new RangeError(`${call}: ${name} must be an int64 (a safe-integer number or a bigint), got ${String(x)}`);
  return v;
}

/** The smallest all-ones mask ≥ r (r < 2^32), as an unsigned number. */
function maskOf32(r: number): number {
  return r === 0 ? 0 : (2 ** (32 - Math.clz32(r)) - 1) >>> 0;
}

function maskOf64(r: bigint): bigint {
  return (1n << BigInt(r.toString(2).length)) - 1n;
}
