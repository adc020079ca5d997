/**
 * NumPy's legacy `RandomState` (numpy/random/mtrand.pyx; what `np.random.seed` and the module-level
 * `np.random.*` functions drive), bit for bit: its MT19937 and seeding, its 53-bit doubles, its
 * masked-rejection integers, its shuffles and choices, and its legacy distributions (legacy.ts).
 * docs/numpy.md maps each NumPy call to its JavaScript counterpart.
 *
 * Results: one value (a number; a bigint for int64 values beyond 2^53) when `size` is omitted or [],
 * else a typed array of size's elements (a shape's elements in C order, size.ts): Float64Array for
 * floats, and for NumPy's int64 results a Float64Array when every value the call can give is a safe
 * integer, else a BigInt64Array; randint's other dtypes give their own typed arrays (integer-dtypes.ts).
 */

import { getRandomValues } from 'node:crypto';

import { Mersenne } from '../python/mersenne.js';
import { shuffleByInterval } from '../draws/interval.js';
import { poisson } from '../draws/poisson.js';
import { checkedProbabilities, cumulative, searchRight, weightedWithoutReplacement } from './cdf.js';
import { Binomial } from '../draws/binomial.js';
import { legacyBeta, legacyExponential, legacyGauss, legacyStandardGamma, type LegacySource } from './legacy.js';
import { MT_N } from '../engines/mt19937-core.js';
import { fillBoundedSmall, maskedDraw } from './bounded-integers.js';
import { givesNumbers, integerArray, integerRequest, integerScalar, toIntegerDtype, type IntegerDtype, type IntegerRequest, type IntegerResult } from './integer-dtypes.js';
import { mtGauss, mtRandom } from './fills.js';
import { sizeCount, type Size } from './size.js';

/** NumPy's legacy state tuple as JSON: ['MT19937', key (624 words), pos, has_gauss, cached_gaussian]. */
export type RandomStateState = [bitGenerator: 'MT19937', key: number[], pos: number, hasGauss: number, cachedGaussian: number];
/** What RandomState accepts as a seed: an int in [0, 2^32), an array of them, or null/undefined (fresh entropy). */
export type RandomStateSeed = number | bigint | ArrayLike<number> | null | undefined;

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
    const count = sizeCount('size', size);
    if (count === undefined) return this.#s.mt.random();
    const filled = mtRandom(this.#s.mt, count);
    if (filled !== null) return filled;
    const out = new Float64Array(count);
    this.#s.mt.fillRandom(out);
    return out;
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
    return this.#vectorGauss(size) ?? this.#floats(size, () => legacyGauss(this.#s));
  }

  /** normal(loc=0, scale=1, size=None). */
  normal(loc = 0, scale = 1, size?: Size): number | Float64Array {
    nonNegative('normal', 'scale', scale);
    const out = this.#vectorGauss(size);
    if (out === null) return this.#floats(size, () => loc + scale * legacyGauss(this.#s));
    for (let i = 0; i < out.length; i++) out[i] = loc + scale * out[i]!;
    return out;
  }

  /** size's standard normals on the vectorised fills, or null where they do not apply. */
  #vectorGauss(size: Size | undefined): Float64Array | null {
    const count = sizeCount('size', size);
    return count === undefined ? null : mtGauss(this.#s, count);
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
   * randint(low, high=None, size=None, dtype='int64'): integers in [low, high) (in [0, low) without
   * high) by NumPy's masked rejection (bounded-integers.ts); dtype one of NumPy's integer dtypes.
   */
  randint(low: number | bigint, high?: number | bigint | null, size?: Size, dtype: IntegerDtype = 'int64'): number | bigint | boolean | IntegerResult {
    const count = sizeCount('randint', size);
    const req = integerRequest('randint', low, high, toIntegerDtype('randint', dtype), false, count === 0);
    return this.#integers(req, count);
  }

  /** random_integers(low, high=None, size=None): int64 in [low, high] ([1, low] without high). */
  randomIntegers(low: number | bigint, high?: number | bigint | null, size?: Size): number | bigint | Float64Array | BigInt64Array {
    const noHigh = high === undefined || high === null;
    const count = sizeCount('randomIntegers', size);
    const req = integerRequest('randomIntegers', noHigh ? 1 : low, noHigh ? low : high, 'int64', true, count === 0);
    return this.#integers(req, count) as number | bigint | Float64Array | BigInt64Array;
  }

  /** Values of the request, one (count undefined) or count: random_bounded_<type>_fill's masked paths, a fresh buffer each call. */
  #integers(req: IntegerRequest, count: number | undefined): number | bigint | boolean | IntegerResult {
    if (count === 0) return integerArray(req, 0);
    const mt = this.#s.mt;
    const bits = req.bits;
    if (bits !== 64 && bits !== 32) {
      const out = integerArray(req, count ?? 1) as Int16Array | Uint16Array | Int8Array | Uint8Array;
      fillBoundedSmall(mt, bits, Number(req.lo), Number(req.hi - req.lo), true, out);
      return count === undefined ? integerScalar(req, out[0]!) : out;
    }
    const draw = maskedDraw(mt, req.hi - req.lo);
    if (count === undefined) return integerScalar(req, givesNumbers(req) ? Number(req.lo) + Number(draw()) : req.lo + BigInt(draw()));
    const out = integerArray(req, count);
    if (out instanceof BigInt64Array || out instanceof BigUint64Array) {
      for (let i = 0; i < count; i++) out[i] = req.lo + BigInt(draw());
    } else {
      const lo = Number(req.lo);
      for (let i = 0; i < count; i++) out[i] = lo + Number(draw());
    }
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
    const k = sizeCount('choice', size);
    const count = k ?? 1;
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
    if (typeof a === 'number') return k === undefined ? (idx[0] as number) : idx;
    const picked = Array.from(idx, (i) => a[i] as T);
    return k === undefined ? (picked[0] as T) : picked;
  }

  /** Doubles from `draw`, one or size's many. */
  #floats(size: Size | undefined, draw: () => number): number | Float64Array {
    const count = sizeCount('size', size);
    if (count === undefined) return draw();
    const out = new Float64Array(count);
    for (let i = 0; i < out.length; i++) out[i] = draw();
    return out;
  }
}

function nonNegative(call: string, name: string, x: number): void {
  if (!(x >= 0)) throw new RangeError(`${call}: ${name} must be ≥ 0 (got ${x})`);
}
