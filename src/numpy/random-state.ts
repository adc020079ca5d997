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
 * The int64 draws whose C code computes the value as a double first (negative binomial, geometric,
 * zipf, logseries) give numbers and Float64Arrays always: exact even beyond 2^53, and −2^63 where
 * NumPy's int64 conversion overflows. tomaxint gives bigints; multinomial and dirichlet one flat
 * Float64Array of shape size + (d,); bytes a Uint8Array. Distribution parameters and randint's
 * bounds may be arrays, broadcast as NumPy does (broadcast.ts).
 */

import { getRandomValues } from 'node:crypto';

import { Mersenne } from '../python/mersenne.js';
import { shuffleAlongAxis, type Indexable } from './axes.js';
import { poisson, POISSON_LAM_MAX } from '../draws/poisson.js';
import { kahanSum } from '../draws/multinomial.js';
import { checkedProbabilities, cumulative, searchRight, weightedWithoutReplacement } from './cdf.js';
import { laplace, gumbel, logistic, toTriangular, triangularSampler } from '../draws/uniform-transforms.js';
import { vonmisesSampler } from '../draws/vonmises.js';
import { pow } from '../draws/libm.js';
import {
  legacyBeta,
  legacyChisquare,
  legacyExponential,
  legacyF,
  legacyGauss,
  legacyLognormal,
  legacyNegativeBinomial,
  legacyNoncentralChisquare,
  legacyNoncentralF,
  legacyPareto,
  legacyPower,
  legacyRayleigh,
  legacyStandardCauchy,
  legacyStandardGamma,
  legacyStandardT,
  legacyWald,
  legacyWeibull,
  type LegacySource,
} from './legacy.js';
import { legacyGeometricSampler, legacyLogseries, legacyMultinomial, legacyZipf, SharedBinomial } from './legacy-discrete.js';
import { legacyHypergeometric } from './legacy-hypergeometric.js';
import { MT_N } from '../engines/mt19937-core.js';
import { fillBoundedSmall, maskedDraw } from './bounded-integers.js';
import { givesNumbers, integerArray, integerRequest, integerScalar, toIntegerDtype, type IntegerDtype, type IntegerRequest, type IntegerResult } from './integer-dtypes.js';
import { mtGauss, mtRandom } from './fills.js';
import { broadcast, type IntegerParam, type Param } from './broadcast.js';
import { broadcastFloats, locScaleUnits, rangeUnits, type Units } from './broadcast-elements.js';
import { integersBroadcast } from './broadcast-integers.js';
import { sizeCount, type Size } from './size.js';
import { checkOptionKeys, describe, MAX_LENGTH } from '../validate.js';

/** NumPy's legacy state tuple as JSON: ['MT19937', key (624 words), pos, has_gauss, cached_gaussian]. */
export type RandomStateState = [bitGenerator: 'MT19937', key: number[], pos: number, hasGauss: number, cachedGaussian: number];
/** What RandomState accepts as a seed: an int in [0, 2^32), an array of them, or null/undefined (fresh entropy). */
export type RandomStateSeed = number | bigint | ArrayLike<number> | null | undefined;

export class RandomState {
  readonly #s: LegacySource = { mt: new Mersenne(), hasGauss: false, gauss: 0 };
  /** NumPy's one binomial_t, shared by binomial and multinomial (legacy-discrete.ts). */
  readonly #binomial = new SharedBinomial();

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
  normal(loc: Param = 0, scale: Param = 1, size?: Size): number | Float64Array {
    const prepare = (l: number, s: number) => {
      nonNegative('normal', 'scale', s);
      return () => l + s * legacyGauss(this.#s);
    };
    return this.#dist('normal', size, 'loc scale', [loc, scale], prepare, { ...LEGACY_NORMAL_UNITS, draw: (count) => mtGauss(this.#s, count) });
  }

  /** size's standard normals on the vectorised fills, or null where they do not apply. */
  #vectorGauss(size: Size | undefined): Float64Array | null {
    const count = sizeCount('size', size);
    return count === undefined ? null : mtGauss(this.#s, count);
  }

  /** uniform(low=0, high=1, size=None): low + (high − low)·U. */
  uniform(low: Param = 0, high: Param = 1, size?: Size): number | Float64Array {
    return this.#dist(
      'uniform',
      size,
      'low high',
      [low, high],
      (low, high) => {
        checkRange(low, high);
        const range = high - low;
        return () => low + range * this.#s.mt.random();
      },
      { ...LEGACY_UNIFORM_UNITS, draw: (count) => mtRandom(this.#s.mt, count) },
    );
  }

  /** exponential(scale=1, size=None). */
  exponential(scale: Param = 1, size?: Size): number | Float64Array {
    return this.#dist('exponential', size, 'scale', [scale], (scale) => {
      nonNegative('exponential', 'scale', scale);
      return () => scale * legacyExponential(this.#s);
    });
  }

  /** standard_exponential(size=None). */
  standardExponential(size?: Size): number | Float64Array {
    return this.#floats(size, () => legacyExponential(this.#s));
  }

  /** standard_gamma(shape, size=None). */
  standardGamma(shape: Param, size?: Size): number | Float64Array {
    return this.#dist('standardGamma', size, 'shape', [shape], (shape) => {
      nonNegative('standardGamma', 'shape', shape);
      return () => legacyStandardGamma(this.#s, shape);
    });
  }

  /** gamma(shape, scale=1, size=None). */
  gamma(shape: Param, scale: Param = 1, size?: Size): number | Float64Array {
    return this.#dist('gamma', size, 'shape scale', [shape, scale], (shape, scale) => {
      nonNegative('gamma', 'shape', shape);
      nonNegative('gamma', 'scale', scale);
      return () => scale * legacyStandardGamma(this.#s, shape);
    });
  }

  /** beta(a, b, size=None). */
  beta(a: Param, b: Param, size?: Size): number | Float64Array {
    return this.#dist('beta', size, 'a b', [a, b], (a, b) => {
      if (!(a > 0)) throw new RangeError(`beta: a must be > 0 (got ${a})`);
      if (!(b > 0)) throw new RangeError(`beta: b must be > 0 (got ${b})`);
      return () => legacyBeta(this.#s, a, b);
    });
  }

  /** binomial(n, p, size=None): int64 counts. */
  binomial(n: Param, p: Param, size?: Size): number | Float64Array {
    return this.#dist('binomial', size, 'n p', [n, p], (n, p) => {
      if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`binomial: n must be an integer ≥ 0 (got ${n})`);
      if (!(p >= 0 && p <= 1)) throw new RangeError(`binomial: p must be in [0, 1] (got ${p})`);
      return () => this.#binomial.legacy(this.#s.mt, n, p);
    });
  }

  /** poisson(lam=1, size=None): int64 counts. */
  poisson(lam: Param = 1, size?: Size): number | Float64Array {
    return this.#dist('poisson', size, 'lam', [lam], (lam) => {
      if (!(lam >= 0)) throw new RangeError(`poisson: lam must be ≥ 0 (got ${lam})`);
      if (lam > POISSON_LAM_MAX) throw new RangeError('poisson: lam value too large');
      return () => poisson(this.#s.mt, lam);
    });
  }

  /**
   * randint(low, high=None, size=None, dtype='int64'): integers in [low, high) (in [0, low) without
   * high) by NumPy's masked rejection (bounded-integers.ts); dtype one of NumPy's integer dtypes.
   */
  randint(low: IntegerParam, high?: IntegerParam | null, size?: Size, dtype: IntegerDtype = 'int64'): number | bigint | boolean | IntegerResult {
    const mt = this.#s.mt;
    const broadcastValues = integersBroadcast('randint', low, high, size, toIntegerDtype('randint', dtype), false, mt, true, {
      numbers: (off, rng) => {
        const draw = maskedDraw(mt, rng);
        return () => off + Number(draw());
      },
      request: (req) => {
        const draw = maskedDraw(mt, req.hi - req.lo);
        if (!givesNumbers(req)) return () => req.lo + BigInt(draw());
        const lo = Number(req.lo);
        return () => lo + Number(draw());
      },
    });
    if (broadcastValues !== null) return broadcastValues;
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

  /**
   * shuffle(x): in place, from the last element down, positions by NumPy's random_interval. An
   * n-dimensional array is x flat in C order with `options.shape`; its rows (slices along axis 0)
   * are shuffled (axes.ts).
   */
  shuffle<T>(x: Indexable<T>, options: { shape?: readonly number[] } = {}): void {
    checkOptionKeys(options, ['shape'], 'shuffle options');
    shuffleAlongAxis(this.#s.mt, 'shuffle', x, options);
  }

  /**
   * permutation(x): a shuffled arange(x) (Float64Array) for a number, else a shuffled copy (of the
   * rows, for an n-dimensional x with `options.shape`).
   */
  permutation<T>(x: number | readonly T[] | Float64Array, options: { shape?: readonly number[] } = {}): Float64Array | T[] {
    if (typeof x === 'number') {
      if (!Number.isSafeInteger(x) || x < 0) throw new RangeError(`permutation: x must be an integer ≥ 0 (got ${x})`);
      const arr = Float64Array.from({ length: x }, (_, i) => i);
      this.shuffle(arr);
      return arr;
    }
    checkOptionKeys(options, ['shape'], 'permutation options');
    const copy = x instanceof Float64Array ? x.slice() : [...x];
    shuffleAlongAxis(this.#s.mt, 'permutation', copy as T[], options, true);
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

  /** tomaxint(size=None): next_uint64 >> 1, uniform on [0, 2^63 − 1] (C long on Linux); always bigints. */
  tomaxint(size?: Size): bigint | BigInt64Array {
    const count = sizeCount('tomaxint', size);
    const mt = this.#s.mt;
    if (count === undefined) return mt.nextUint64() >> 1n;
    const out = new BigInt64Array(count);
    for (let i = 0; i < count; i++) out[i] = mt.nextUint64() >> 1n;
    return out;
  }

  /**
   * bytes(length): the little-endian bytes of randint(0, 2^32, ⌊(length − 1)/4⌋ + 1, uint32) (C's
   * division, so length 0 still reads one word), cut to length. A negative length is refused.
   */
  bytes(length: number): Uint8Array {
    if (typeof length !== 'number') throw new TypeError(`bytes: length must be a number, got ${describe(length)}`);
    if (!Number.isSafeInteger(length) || length < 0 || length > MAX_LENGTH) throw new RangeError(`bytes: length must be an integer in [0, ${MAX_LENGTH}] (got ${describe(length)})`);
    const words = Math.trunc((length - 1) / 4) + 1;
    const out = new Uint8Array(words * 4);
    const view = new DataView(out.buffer);
    for (let i = 0; i < words; i++) view.setUint32(4 * i, this.#s.mt.nextUint32(), true);
    return out.subarray(0, length).slice();
  }

  /** chisquare(df, size=None). */
  chisquare(df: Param, size?: Size): number | Float64Array {
    return this.#dist('chisquare', size, 'df', [df], (df) => {
      positive('chisquare', 'df', df);
      return () => legacyChisquare(this.#s, df);
    });
  }

  /** f(dfnum, dfden, size=None). */
  f(dfnum: Param, dfden: Param, size?: Size): number | Float64Array {
    return this.#dist('f', size, 'dfnum dfden', [dfnum, dfden], (dfnum, dfden) => {
      positive('f', 'dfnum', dfnum);
      positive('f', 'dfden', dfden);
      return () => legacyF(this.#s, dfnum, dfden);
    });
  }

  /** noncentral_chisquare(df, nonc, size=None). */
  noncentralChisquare(df: Param, nonc: Param, size?: Size): number | Float64Array {
    return this.#dist('noncentralChisquare', size, 'df nonc', [df, nonc], (df, nonc) => {
      positive('noncentralChisquare', 'df', df);
      notNegative('noncentralChisquare', 'nonc', nonc);
      return () => legacyNoncentralChisquare(this.#s, df, nonc);
    });
  }

  /** noncentral_f(dfnum, dfden, nonc, size=None). */
  noncentralF(dfnum: Param, dfden: Param, nonc: Param, size?: Size): number | Float64Array {
    return this.#dist('noncentralF', size, 'dfnum dfden nonc', [dfnum, dfden, nonc], (dfnum, dfden, nonc) => {
      positive('noncentralF', 'dfnum', dfnum);
      positive('noncentralF', 'dfden', dfden);
      notNegative('noncentralF', 'nonc', nonc);
      return () => legacyNoncentralF(this.#s, dfnum, dfden, nonc);
    });
  }

  /** standard_t(df, size=None). */
  standardT(df: Param, size?: Size): number | Float64Array {
    return this.#dist('standardT', size, 'df', [df], (df) => {
      positive('standardT', 'df', df);
      return () => legacyStandardT(this.#s, df);
    });
  }

  /** standard_cauchy(size=None). */
  standardCauchy(size?: Size): number | Float64Array {
    return this.#floats(size, () => legacyStandardCauchy(this.#s));
  }

  /** lognormal(mean=0, sigma=1, size=None). */
  lognormal(mean: Param = 0, sigma: Param = 1, size?: Size): number | Float64Array {
    return this.#dist('lognormal', size, 'mean sigma', [mean, sigma], (mean, sigma) => {
      numberArg('lognormal', 'mean', mean);
      notNegative('lognormal', 'sigma', sigma);
      return () => legacyLognormal(this.#s, mean, sigma);
    });
  }

  /** pareto(a, size=None): the Lomax (Pareto II) form, exp(E/a) − 1. */
  pareto(a: Param, size?: Size): number | Float64Array {
    return this.#dist('pareto', size, 'a', [a], (a) => {
      positive('pareto', 'a', a);
      return () => legacyPareto(this.#s, a);
    });
  }

  /** weibull(a, size=None): a = 0 gives zeros and draws nothing. */
  weibull(a: Param, size?: Size): number | Float64Array {
    return this.#dist('weibull', size, 'a', [a], (a) => {
      notNegative('weibull', 'a', a);
      return () => legacyWeibull(this.#s, a);
    });
  }

  /** power(a, size=None). */
  power(a: Param, size?: Size): number | Float64Array {
    return this.#dist('power', size, 'a', [a], (a) => {
      positive('power', 'a', a);
      return () => legacyPower(this.#s, a);
    });
  }

  /** rayleigh(scale=1, size=None). */
  rayleigh(scale: Param = 1, size?: Size): number | Float64Array {
    return this.#dist('rayleigh', size, 'scale', [scale], (scale) => {
      notNegative('rayleigh', 'scale', scale);
      return () => legacyRayleigh(this.#s.mt, scale);
    });
  }

  /** wald(mean, scale, size=None). */
  wald(mean: Param, scale: Param, size?: Size): number | Float64Array {
    return this.#dist('wald', size, 'mean scale', [mean, scale], (mean, scale) => {
      positive('wald', 'mean', mean);
      positive('wald', 'scale', scale);
      return () => legacyWald(this.#s, mean, scale);
    });
  }

  /**
   * vonmises(mu, kappa, size=None): legacy_vonmises (src/draws/vonmises.ts, legacy). Refused where
   * NumPy's loop never ends: κ from about 1.46·10^16 (∞ included), where Best & Fisher's s rounds to 1
   * (or is NaN) and no candidate can be accepted.
   */
  vonmises(mu: Param, kappa: Param, size?: Size): number | Float64Array {
    return this.#dist('vonmises', size, 'mu kappa', [mu, kappa], (mu, kappa) => {
      numberArg('vonmises', 'mu', mu);
      notNegative('vonmises', 'kappa', kappa);
      if (!vonmisesEnds(kappa)) throw new RangeError(`vonmises: kappa must be below about 1.46e16 (got ${describe(kappa)}): there NumPy's legacy loop never ends`);
      const draw = vonmisesSampler(mu, kappa, true);
      return () => draw(this.#s.mt);
    });
  }

  /** laplace(loc=0, scale=1, size=None): random_laplace, shared with the Generator. */
  laplace(loc: Param = 0, scale: Param = 1, size?: Size): number | Float64Array {
    return this.#dist('laplace', size, 'loc scale', [loc, scale], (loc, scale) => {
      numberArg('laplace', 'loc', loc);
      notNegative('laplace', 'scale', scale);
      return () => laplace(this.#s.mt, loc, scale);
    });
  }

  /** gumbel(loc=0, scale=1, size=None): random_gumbel, shared with the Generator. */
  gumbel(loc: Param = 0, scale: Param = 1, size?: Size): number | Float64Array {
    return this.#dist('gumbel', size, 'loc scale', [loc, scale], (loc, scale) => {
      numberArg('gumbel', 'loc', loc);
      notNegative('gumbel', 'scale', scale);
      return () => gumbel(this.#s.mt, loc, scale);
    });
  }

  /** logistic(loc=0, scale=1, size=None): random_logistic, shared with the Generator. */
  logistic(loc: Param = 0, scale: Param = 1, size?: Size): number | Float64Array {
    return this.#dist('logistic', size, 'loc scale', [loc, scale], (loc, scale) => {
      numberArg('logistic', 'loc', loc);
      notNegative('logistic', 'scale', scale);
      return () => logistic(this.#s.mt, loc, scale);
    });
  }

  /** triangular(left, mode, right, size=None): random_triangular, shared with the Generator (finite arguments). */
  triangular(left: Param, mode: Param, right: Param, size?: Size): number | Float64Array {
    return this.#dist('triangular', size, 'left mode right', [left, mode, right], (left, mode, right) => {
      let bounds: [number, number, number];
      try {
        bounds = toTriangular(left, mode, right);
      } catch (e) {
        if (e instanceof TypeError) throw new TypeError(`triangular: ${e.message}`);
        if (e instanceof RangeError) throw new RangeError(`triangular: ${e.message}`);
        throw e;
      }
      const draw = triangularSampler(...bounds);
      return () => draw(this.#s.mt);
    });
  }

  /** negative_binomial(n, p, size=None): int64 counts (p = 0 gives NumPy's INT64_MIN, −2^63). */
  negativeBinomial(n: Param, p: Param, size?: Size): number | Float64Array {
    return this.#dist('negativeBinomial', size, 'n p', [n, p], (n, p) => {
      positive('negativeBinomial', 'n', n);
      unitInterval('negativeBinomial', 'p', p, '[0, 1]', p >= 0 && p <= 1);
      return () => legacyNegativeBinomial(this.#s, n, p);
    });
  }

  /** geometric(p, size=None): int64 counts ≥ 1 (legacy-discrete.ts). */
  geometric(p: Param, size?: Size): number | Float64Array {
    return this.#dist('geometric', size, 'p', [p], (p) => {
      unitInterval('geometric', 'p', p, '(0, 1]', p > 0 && p <= 1);
      const draw = legacyGeometricSampler(p);
      return () => draw(this.#s.mt);
    });
  }

  /**
   * zipf(a, size=None): int64 values ≥ 1 (as doubles, exact beyond 2^53). Refused from a = 1025,
   * where 2^(a−1) overflows and NumPy's loop never ends.
   */
  zipf(a: Param, size?: Size): number | Float64Array {
    return this.#dist('zipf', size, 'a', [a], (a) => {
      numberArg('zipf', 'a', a);
      if (!(a > 1)) throw new RangeError(`zipf: a must be > 1 (got ${describe(a)}; NumPy: a <= 1 or a is NaN)`);
      if (pow(2, a - 1) === Infinity) throw new RangeError(`zipf: a must be below 1025 (got ${describe(a)}): there 2^(a − 1) overflows and NumPy's legacy loop never ends`);
      return () => legacyZipf(this.#s.mt, a);
    });
  }

  /** logseries(p, size=None): int64 values ≥ 1. */
  logseries(p: Param, size?: Size): number | Float64Array {
    return this.#dist('logseries', size, 'p', [p], (p) => {
      unitInterval('logseries', 'p', p, '[0, 1)', p >= 0 && p < 1);
      return () => legacyLogseries(this.#s.mt, p);
    });
  }

  /**
   * hypergeometric(ngood, nbad, nsample, size=None): int64 counts. NumPy's checks in
   * its order (ngood + nbad ≥ nsample first, then ngood ≥ 0, nbad ≥ 0, nsample ≥ 1); integers only,
   * and ngood + nbad ≤ 2^53 − 2 (NumPy's int64 arithmetic stays exact in doubles there).
   */
  hypergeometric(ngood: Param, nbad: Param, nsample: Param, size?: Size): number | Float64Array {
    return this.#dist('hypergeometric', size, 'ngood nbad nsample', [ngood, nbad, nsample], (ngood, nbad, nsample) => {
      const call = 'hypergeometric';
      integerArg(call, 'ngood', ngood);
      integerArg(call, 'nbad', nbad);
      integerArg(call, 'nsample', nsample);
      if (ngood + nbad < nsample) throw new RangeError(`${call}: ngood + nbad must be ≥ nsample (got ${ngood} + ${nbad} < ${nsample})`);
      if (ngood < 0) throw new RangeError(`${call}: ngood must be ≥ 0 (got ${ngood})`);
      if (nbad < 0) throw new RangeError(`${call}: nbad must be ≥ 0 (got ${nbad})`);
      if (nsample < 1) throw new RangeError(`${call}: nsample must be ≥ 1 (got ${nsample})`);
      if (ngood + nbad > HYPERGEOMETRIC_MAX) throw new RangeError(`${call}: ngood + nbad must be ≤ 2^53 − 2 (got ${ngood} + ${nbad})`);
      return () => legacyHypergeometric(this.#s.mt, ngood, nbad, nsample);
    });
  }

  /**
   * multinomial(n, pvals, size=None): counts of size samples (one without size) in rows of
   * d = pvals.length, flat row-major: shape size + (d,). int64 counts in a Float64Array. Sampled with
   * the Generator's binomial (random_multinomial), on the binomial set-up binomial() shares.
   */
  multinomial(n: number, pvals: ArrayLike<number>, size?: Size): Float64Array {
    const call = 'multinomial';
    integerArg(call, 'n', n);
    const p = probabilityVector(call, 'pvals', pvals);
    for (let i = 0; i < p.length; i++) {
      if (!(p[i]! >= 0 && p[i]! <= 1)) throw new RangeError(`${call}: pvals must be in [0, 1] (got pvals[${i}] = ${describe(p[i])}; NumPy: pvals < 0, pvals > 1 or pvals contains NaNs)`);
    }
    const d = p.length;
    if (d > 0 && kahanSum(p, d - 1) > 1 + 1e-12) throw new RangeError(`${call}: sum(pvals[:-1]) must be ≤ 1 (NumPy's tolerance 1 + 1e-12; got ${kahanSum(p, d - 1)})`);
    const rows = rowCount(call, size, d);
    if (n < 0) throw new RangeError(`${call}: n must be ≥ 0 (got ${n})`);
    const out = new Float64Array(rows * d);
    for (let i = 0; i < rows; i++) legacyMultinomial(this.#s.mt, this.#binomial, n, p, out, i * d);
    return out;
  }

  /**
   * dirichlet(alpha, size=None): size samples (one without size) of k = alpha.length proportions,
   * flat row-major (shape size + (k,)): each row k legacy gammas scaled by 1/their sum.
   */
  dirichlet(alpha: ArrayLike<number>, size?: Size): Float64Array {
    const call = 'dirichlet';
    const a = probabilityVector(call, 'alpha', alpha);
    for (let j = 0; j < a.length; j++) {
      if (a[j]! <= 0) throw new RangeError(`${call}: alpha must be > 0 (got alpha[${j}] = ${describe(a[j])}; NumPy: alpha <= 0)`);
    }
    const k = a.length;
    const out = new Float64Array(rowCount(call, size, k) * k);
    for (let i = 0; i < out.length; i += k) {
      let acc = 0;
      for (let j = 0; j < k; j++) {
        out[i + j] = legacyStandardGamma(this.#s, a[j]!);
        acc = acc + out[i + j]!;
      }
      const invacc = 1 / acc;
      for (let j = 0; j < k; j++) out[i + j] = out[i + j]! * invacc;
    }
    return out;
  }

  /**
   * A distribution whose parameters are numbers or arrays (broadcast.ts): `prepare(args)` checks one
   * set of parameters and returns its draw. All numbers: one value or size's many; else NumPy's
   * broadcast, every element checked before the first draw. `units`, where the draw is a function of
   * one parameter-free value, draws those on the vectorised fills where they apply (fills.ts).
   */
  #dist(call: string, size: Size | undefined, names: string, values: readonly unknown[], prepare: (a: number, b: number, c: number) => () => number, units?: Units): number | Float64Array {
    const br = broadcast(call, size, names, values);
    if (br === null) {
      // Numbers (broadcast says so), at most three.
      const v = values as number[];
      const draw = prepare(v[0]!, v[1]!, v[2]!);
      const count = units === undefined ? undefined : sizeCount('size', size);
      const out = count === undefined ? null : units!.draw(count);
      if (out === null) return this.#floats(size, draw);
      for (let i = 0; i < out.length; i++) out[i] = units!.value(out[i]!, v[0]!, v[1]!);
      return out;
    }
    return broadcastFloats(br, prepare, callDraw, units);
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

/** uniform's check: high − low finite. */
function checkRange(low: number, high: number): void {
  if (!Number.isFinite(high - low)) throw new RangeError('uniform: high − low must be finite (NumPy: OverflowError, range exceeds valid bounds)');
}

/** normal as units: loc + scale·z of a legacy_gauss z. */
const LEGACY_NORMAL_UNITS = locScaleUnits((_, scale) => nonNegative('normal', 'scale', scale));

/** uniform as units: low + (high − low)·u of a random_sample u. */
const LEGACY_UNIFORM_UNITS = rangeUnits(checkRange, (low, high) => !Number.isFinite(high - low));

/** An element's value in a broadcast: its draw, called. */
const callDraw = (draw: () => number): number => draw();

function nonNegative(call: string, name: string, x: number): void {
  if (!(x >= 0)) throw new RangeError(`${call}: ${name} must be ≥ 0 (got ${x})`);
}

/** The largest ngood + nbad hypergeometric takes: its int64 sums up to ngood + nbad + 2 stay exact in doubles. */
const HYPERGEOMETRIC_MAX = 2 ** 53 - 2;

function numberArg(call: string, name: string, x: unknown): asserts x is number {
  if (typeof x !== 'number') throw new TypeError(`${call}: ${name} must be a number, got ${describe(x)}`);
}

function integerArg(call: string, name: string, x: unknown): asserts x is number {
  numberArg(call, name, x);
  if (!Number.isSafeInteger(x)) throw new RangeError(`${call}: ${name} must be an integer (a safe integer), got ${describe(x)}`);
}

/** NumPy's CONS_POSITIVE: x ≤ 0 refused; NaN passes (and gives NaN). */
function positive(call: string, name: string, x: unknown): void {
  numberArg(call, name, x);
  if (x <= 0) throw new RangeError(`${call}: ${name} must be > 0 (got ${describe(x)}; NumPy: ${name} <= 0)`);
}

/** NumPy's CONS_NON_NEGATIVE for doubles: a set sign bit refused (−0 included); NaN passes. */
function notNegative(call: string, name: string, x: unknown): void {
  numberArg(call, name, x);
  if (x < 0 || Object.is(x, -0)) throw new RangeError(`${call}: ${name} must be ≥ 0 (got ${describe(x)}; NumPy: ${name} < 0)`);
}

/** NumPy's CONS_BOUNDED_* checks of a probability: `ok` says whether p is in `range` (NaN never is). */
function unitInterval(call: string, name: string, p: unknown, range: string, ok: boolean): void {
  numberArg(call, name, p);
  if (!ok) throw new RangeError(`${call}: ${name} must be in ${range} (got ${describe(p)})`);
}

/** A 1-D sequence of numbers (an array or a typed array), copied; a TypeError otherwise (NumPy's TypeError for a scalar). */
function probabilityVector(call: string, name: string, v: unknown): Float64Array {
  if (typeof v !== 'object' || v === null || typeof (v as ArrayLike<unknown>).length !== 'number') {
    throw new TypeError(`${call}: ${name} must be a 1-d sequence of numbers (an array or a typed array), got ${describe(v)}`);
  }
  const src = v as ArrayLike<unknown>;
  const out = new Float64Array(src.length);
  for (let i = 0; i < out.length; i++) {
    const x = src[i];
    if (typeof x !== 'number') throw new TypeError(`${call}: ${name}[${i}] must be a number, got ${describe(x)}`);
    out[i] = x;
  }
  return out;
}

/** The rows of a multivariate draw (1 without size), with rows·d within what a typed array holds. */
function rowCount(call: string, size: Size | undefined, d: number): number {
  const rows = sizeCount(call, size) ?? 1;
  if (rows * d > MAX_LENGTH) throw new RangeError(`${call}: size times ${d} is ${rows * d} elements, more than the ${MAX_LENGTH} a typed array holds`);
  return rows;
}

/**
 * Whether legacy_vonmises's rejection loop can end for this κ: below 1e-5 (or NaN) it can; above,
 * Best & Fisher's s must exceed 1 (at s = 1, or NaN once 4κ² overflows, no candidate is accepted).
 * The same double expressions as src/draws/vonmises.ts.
 */
function vonmisesEnds(kappa: number): boolean {
  if (!(kappa >= 1e-5)) return true;
  const r = 1 + Math.sqrt(1 + 4 * kappa * kappa);
  const rho = (r - Math.sqrt(2 * r)) / (2 * kappa);
  return (1 + rho * rho) / (2 * rho) > 1;
}
