/**
 * NumPy's `Generator` (numpy/random/_generator.pyx) and `default_rng`, bit for bit, over NumPy's bit
 * generators (pcg64.ts). The draws are node-curand's own (src/draws/), which implement NumPy's
 * Generator algorithms: fed through this adapter, the bit generator's own next_uint32, next_uint64
 * and next_double, they give NumPy's values. Where node-curand's draws choose another method (its
 * weighted choice with replacement, its shuffles), this class takes NumPy's (cdf.ts, interval.ts).
 *
 * Results: one value without size (or with []), else a flat typed array in C order (size.ts), with
 * NumPy's int64 results as Float64Array while every value the call can give is a safe integer, else
 * BigInt64Array (docs/numpy.md, "Conversions"); integers' other dtypes give their own typed arrays.
 * Distribution parameters and integer bounds may be arrays, broadcast as NumPy does (broadcast.ts).
 */

import { nextDouble, nextFloat, type BitSource, type WideBits } from '../draws/bit-source.js';
import { planBeta, planDirichlet } from '../draws/beta.js';
import { planBinomial } from '../draws/binomial.js';
import { planChoice } from '../draws/choice.js';
import { planEach, planFloat64 } from '../draws/fill.js';
import { planPareto, planPower, planRayleigh, planWeibull } from '../draws/exponential-transforms.js';
import { planChisquare, planGamma, planStandardT } from '../draws/gamma.js';
import { planGeometric } from '../draws/geometric.js';
import { planHypergeometric } from '../draws/hypergeometric.js';
import { planMultivariateHypergeometric, type MultivariateHypergeometricMethod } from '../draws/multivariate-hypergeometric.js';
import { planIntegers, quickInteger } from '../draws/integers.js';
import { boundedSafe, threshold32 } from '../draws/lemire.js';
import { planMultinomial } from '../draws/multinomial.js';
import { planNegativeBinomial } from '../draws/negative-binomial.js';
import { planF, planNoncentralChisquare, planNoncentralF } from '../draws/noncentral.js';
import { planLognormal, planStandardCauchy, planWald } from '../draws/normal-transforms.js';
import type { DrawPlan } from '../draws/plan.js';
import { poisson, POISSON_LAM_MAX } from '../draws/poisson.js';
import { planRandom } from '../draws/random.js';
import { planLogseries, planZipf } from '../draws/series.js';
import { planGumbel, planLaplace, planLogistic, planTriangular } from '../draws/uniform-transforms.js';
import { planVonmises } from '../draws/vonmises.js';
import { planExponential, planStandardNormal, standardNormal } from '../draws/ziggurat.js';
import { permuteLanes, shuffleAlongAxis, type AxisOptions, type Indexable } from './axes.js';
import { fillBoundedSmall } from './bounded-integers.js';
import { broadcast, type IntegerParam, type Param } from './broadcast.js';
import { broadcastFloats, Elements, locScaleUnits, rangeUnits, type Units } from './broadcast-elements.js';
import { standardGammaFloat } from './gamma-float.js';
import { integersBroadcast } from './broadcast-integers.js';
import { checkedProbabilities, cumulative, searchRight } from './cdf.js';
import { pcgBounded32, pcgRandom, pcgStandardNormal } from './fills.js';
import { givesNumbers, integerArray, integerRequest, integerScalar, toIntegerDtype, type IntegerDtype, type IntegerResult } from './integer-dtypes.js';
import { PCG64, type BitGeneratorSeed } from './pcg64.js';
import { sizeCount, type Size } from './size.js';
import { standardExponentialFloat, standardNormalFloat } from './ziggurat-float.js';
import { checkOptionKeys, describe, given, toArrayOutput, toBoolean, toFinite, toNonNegative } from '../validate.js';

/** What a NumPy bit generator gives a Generator (bitgen_t's next_uint64, next_uint32, next_double). */
export interface NumpyBitGenerator {
  nextUint64(): bigint;
  /** next_uint64 as halves ([0] high, [1] low), without a bigint. */
  nextUint64Into(halves: Float64Array): void;
  nextUint32(): number;
  nextDouble(): number;
  spawn(nChildren: number): NumpyBitGenerator[];
}

/** The draws' view of a bit generator: its 32-bit draws, and its own doubles and 64-bit words. */
class BitGeneratorSource implements BitSource {
  readonly wide: WideBits;
  constructor(private readonly bg: NumpyBitGenerator) {
    // The bit generator itself, not closures around it: calls through `wide` then see one class
    // per bit generator kind however many Generators there are, and V8 inlines them.
    this.wide = bg;
  }

  nextUint32(): number {
    return this.bg.nextUint32();
  }
}

export interface GeneratorChoiceOptions {
  /** Draw with replacement (default true). */
  replace?: boolean;
  /** Probabilities, one per element (default uniform). */
  p?: ArrayLike<number>;
  /** Shuffle the result of a sample without replacement (default true). */
  shuffle?: boolean;
}

export interface IntegersOptions {
  /** NumPy's dtype (default 'int64'). */
  dtype?: IntegerDtype;
  /** Include high (default false). */
  endpoint?: boolean;
}

/** Float dtypes of random(), standardNormal() and standardExponential(). */
export type FloatDtype = 'float64' | 'float32';

export class Generator {
  readonly bitGenerator: NumpyBitGenerator;
  readonly #src: BitGeneratorSource;

  constructor(bitGenerator: NumpyBitGenerator) {
    this.bitGenerator = bitGenerator;
    this.#src = new BitGeneratorSource(bitGenerator);
  }

  #run<R>(plan: DrawPlan<R>): R {
    return plan.run(this.#src);
  }

  /**
   * A distribution whose parameters are numbers or arrays (broadcast.ts): all numbers, `plan(count,
   * …args)` at once; else NumPy's broadcast, each element's value drawn by `plan(undefined, …its
   * args)`, every element checked before the first draw. `units`, where the draw is a function of
   * one parameter-free value, draws those on the vectorised fills where they apply (fills.ts).
   */
  #dist(
    call: string,
    size: Size | undefined,
    names: string,
    values: readonly unknown[],
    plan: (count: number | undefined, a: number, b: number, c: number) => DrawPlan<number | Float64Array>,
    units?: Units,
  ): number | Float64Array {
    const br = broadcast(call, size, names, values);
    if (br === null) {
      // Numbers (broadcast says so), at most three.
      const v = values as number[];
      const count = sizeCount(call, size);
      if (units !== undefined && count !== undefined) {
        units.check(v[0]!, v[1]!);
        const out = units.draw(count);
        if (out !== null) {
          for (let i = 0; i < out.length; i++) out[i] = units.value(out[i]!, v[0]!, v[1]!);
          return out;
        }
      }
      return this.#run(plan(count, v[0]!, v[1]!, v[2]!));
    }
    const src = this.#src;
    return broadcastFloats(
      br,
      (a, b, c) => plan(undefined, a, b, c),
      (one) => one.run(src) as number,
      units,
    );
  }

  /** Values of `one` as float32: one, or a Float32Array of size's many. */
  #float32(call: string, size: Size | undefined, one: (src: BitSource) => number): number | Float32Array {
    const count = sizeCount(call, size);
    return this.#run(planEach(count === undefined ? null : toArrayOutput<Float32Array>(call, 'size', count, [Float32Array], Float32Array), 1, one));
  }

  /** random(size=None, dtype='float64'): doubles in [0, 1) (next_double); float32: next_float, one 32-bit draw each. */
  random(size?: Size, dtype: FloatDtype = 'float64'): number | Float64Array | Float32Array {
    if (toFloatDtype('random()', dtype) === 'float32') return this.#float32('random()', size, nextFloat);
    const count = sizeCount('random()', size);
    return (count === undefined ? null : pcgRandom(this.bitGenerator, count)) ?? (this.#run(planRandom(count)) as number | Float64Array);
  }

  /**
   * integers(low, high=None, size=None, dtype='int64', endpoint=False): Lemire's method as NumPy's
   * Generator draws it; the 4th argument is the dtype or { dtype, endpoint }. 32- and 64-bit dtypes
   * are node-curand's draws (src/draws/integers.ts), the 16-, 8- and 1-bit ones NumPy's buffered
   * draws (bounded-integers.ts).
   */
  integers(low: IntegerParam, high?: IntegerParam | null, size?: Size, dtypeOrOptions: IntegerDtype | IntegersOptions = {}): number | bigint | boolean | IntegerResult {
    const options = typeof dtypeOrOptions === 'string' ? { dtype: dtypeOrOptions } : dtypeOrOptions;
    checkOptionKeys(options, ['dtype', 'endpoint'], 'integers() options');
    const dtype = toIntegerDtype('integers()', options?.dtype);
    const endpoint = toBoolean(given(options?.endpoint, false), 'endpoint');
    const src = this.#src;
    const broadcastValues = integersBroadcast('integers()', low, high, size, dtype, endpoint, src, false, {
      numbers: (off, rng) => () => off + boundedSafe(src, rng + 1),
      request: (req) => {
        const plan = planIntegers(req.lo, req.hi, undefined, { endpoint: true });
        return () => plan.run(src) as number | bigint;
      },
    });
    if (broadcastValues !== null) return broadcastValues;
    const count = sizeCount('integers()', size);
    if (count === undefined && dtype === 'int64' && !endpoint) {
      // The common scalar call, without bigints (the same value: see quickInteger).
      const quick = quickInteger(this.#src, low, high === null ? undefined : high);
      if (quick !== undefined) return quick;
    }
    const req = integerRequest('integers()', low, high, dtype, endpoint, count === 0);
    if (count === 0) return integerArray(req, 0);
    const bits = req.bits;
    if (bits !== 64 && bits !== 32) {
      const out = integerArray(req, count ?? 1) as Int16Array | Uint16Array | Int8Array | Uint8Array;
      fillBoundedSmall(this.#src, bits, Number(req.lo), Number(req.hi - req.lo), false, out);
      return count === undefined ? integerScalar(req, out[0]!) : out;
    }
    // Number bounds where the values are numbers: the draws' number path.
    const [lo, hi] = givesNumbers(req) ? [Number(req.lo), Number(req.hi)] : [req.lo, req.hi];
    if (count === undefined) return integerScalar(req, this.#run(planIntegers(lo, hi, undefined, { endpoint: true })) as number | bigint);
    const out = integerArray(req, count);
    if (typeof lo === 'number' && typeof hi === 'number' && (out instanceof Float64Array || out instanceof Int32Array || out instanceof Uint32Array)) {
      // Spans of 2 to 2^32 − 1, NumPy's 32-bit Lemire draw (the span 2^32 and 1 take no rejection).
      const m = hi - lo + 1;
      if (m > 1 && m < 2 ** 32 && pcgBounded32(this.bitGenerator, m, threshold32(m), lo, out)) return out;
    }
    return this.#run(planIntegers(lo, hi, out, { endpoint: true })) as IntegerResult;
  }

  /** standard_normal(size=None, dtype='float64'): NumPy's ziggurat (float32: its float ziggurat). */
  standardNormal(size?: Size, dtype: FloatDtype = 'float64'): number | Float64Array | Float32Array {
    if (toFloatDtype('standardNormal()', dtype) === 'float32') return this.#float32('standardNormal()', size, standardNormalFloat);
    const count = sizeCount('standardNormal()', size);
    return this.#vectorNormals(count) ?? this.#run(planStandardNormal(count));
  }

  /** normal(loc=0, scale=1, size=None): loc + scale·standard_normal. */
  normal(loc: Param = 0, scale: Param = 1, size?: Size): number | Float64Array {
    return this.#dist('normal()', size, 'loc scale', [loc, scale], planNormal, { ...NORMAL_UNITS, draw: (count) => this.#vectorNormals(count) });
  }

  /** count standard normals on the vectorised fills, or null where they do not apply. */
  #vectorNormals(count: number | undefined): Float64Array | null {
    return count === undefined ? null : pcgStandardNormal(this.bitGenerator, count, () => standardNormal(this.#src));
  }

  /** exponential(scale=1, size=None): NumPy's ziggurat. */
  exponential(scale: Param = 1, size?: Size): number | Float64Array {
    return this.#dist('exponential()', size, 'scale', [scale], (count, scale) => planExponential(scale, count));
  }

  /** standard_exponential(size=None, dtype='float64'): NumPy's ziggurat (float32: its float ziggurat). */
  standardExponential(size?: Size, dtype: FloatDtype = 'float64'): number | Float64Array | Float32Array {
    if (toFloatDtype('standardExponential()', dtype) === 'float32') return this.#float32('standardExponential()', size, standardExponentialFloat);
    return this.exponential(1, size);
  }

  /** gamma(shape, scale=1, size=None). */
  gamma(shape: Param, scale: Param = 1, size?: Size): number | Float64Array {
    return this.#dist('gamma()', size, 'shape scale', [shape, scale], (count, shape, scale) => planGamma(shape, scale, count));
  }

  /**
   * standard_gamma(shape, size=None, dtype='float64'); float32: NumPy's float algorithm on the shape
   * rounded to float32 (gamma-float.ts).
   */
  standardGamma(shape: Param, size?: Size, dtype: FloatDtype = 'float64'): number | Float64Array | Float32Array {
    if (toFloatDtype('standardGamma()', dtype) === 'float64') return this.gamma(shape, 1, size);
    const call = 'standardGamma()';
    const br = broadcast(call, size, 'shape', [shape]);
    if (br === null) {
      const k = floatShape(shape as number);
      return this.#float32(call, size, (src) => standardGammaFloat(src, k));
    }
    const elements = new Elements(br, floatShape);
    const out = new Float32Array(br.count);
    for (let i = 0; i < out.length; i++) out[i] = standardGammaFloat(this.#src, elements.at(i));
    return br.scalar ? out[0]! : out;
  }

  /** beta(a, b, size=None). */
  beta(a: Param, b: Param, size?: Size): number | Float64Array {
    return this.#dist('beta()', size, 'a b', [a, b], (count, a, b) => planBeta(a, b, count));
  }

  /** binomial(n, p, size=None): int64 counts (Float64Array). */
  binomial(n: Param, p: Param, size?: Size): number | Float64Array {
    return this.#dist('binomial()', size, 'n p', [n, p], (count, n, p) => planBinomial(n, p, count === undefined ? undefined : new Float64Array(count)) as DrawPlan<number | Float64Array>);
  }

  /** poisson(lam=1, size=None): int64 counts (Float64Array). */
  poisson(lam: Param = 1, size?: Size): number | Float64Array {
    return this.#dist('poisson()', size, 'lam', [lam], (count, lam) => planPoisson(lam, count));
  }

  /** uniform(low=0, high=1, size=None): low + (high − low)·next_double, high − low finite and ≥ 0. */
  uniform(low: Param = 0, high: Param = 1, size?: Size): number | Float64Array {
    return this.#dist('uniform()', size, 'low high', [low, high], (count, low, high) => planUniform(low, high, count), {
      ...UNIFORM_UNITS,
      draw: (count) => pcgRandom(this.bitGenerator, count),
    });
  }

  /** lognormal(mean=0, sigma=1, size=None): exp(mean + sigma·standard_normal). */
  lognormal(mean: Param = 0, sigma: Param = 1, size?: Size): number | Float64Array {
    return this.#dist('lognormal()', size, 'mean sigma', [mean, sigma], (count, mean, sigma) => planLognormal(mean, sigma, count));
  }

  /** chisquare(df, size=None): 2·standard_gamma(df/2), df > 0. */
  chisquare(df: Param, size?: Size): number | Float64Array {
    return this.#dist('chisquare()', size, 'df', [df], (count, df) => planChisquare(df, count));
  }

  /** f(dfnum, dfden, size=None): the F distribution, both > 0. */
  f(dfnum: Param, dfden: Param, size?: Size): number | Float64Array {
    return this.#dist('f()', size, 'dfnum dfden', [dfnum, dfden], (count, dfnum, dfden) => planF(dfnum, dfden, count));
  }

  /** noncentral_chisquare(df, nonc, size=None): df > 0, nonc ≥ 0. */
  noncentralChisquare(df: Param, nonc: Param, size?: Size): number | Float64Array {
    return this.#dist('noncentralChisquare()', size, 'df nonc', [df, nonc], (count, df, nonc) => planNoncentralChisquare(df, nonc, count));
  }

  /** noncentral_f(dfnum, dfden, nonc, size=None): dfnum > 0, dfden > 0, nonc ≥ 0. */
  noncentralF(dfnum: Param, dfden: Param, nonc: Param, size?: Size): number | Float64Array {
    return this.#dist('noncentralF()', size, 'dfnum dfden nonc', [dfnum, dfden, nonc], (count, dfnum, dfden, nonc) => planNoncentralF(dfnum, dfden, nonc, count));
  }

  /** standard_cauchy(size=None): a ratio of two standard normals. */
  standardCauchy(size?: Size): number | Float64Array {
    return this.#run(planStandardCauchy(sizeCount('standardCauchy()', size)));
  }

  /** standard_t(df, size=None): Student's t, df > 0. */
  standardT(df: Param, size?: Size): number | Float64Array {
    return this.#dist('standardT()', size, 'df', [df], (count, df) => planStandardT(df, count));
  }

  /** vonmises(mu, kappa, size=None): angles in [−π, π], kappa ≥ 0. */
  vonmises(mu: Param, kappa: Param, size?: Size): number | Float64Array {
    return this.#dist('vonmises()', size, 'mu kappa', [mu, kappa], (count, mu, kappa) => planVonmises(mu, kappa, count));
  }

  /** pareto(a, size=None): Pareto II (Lomax), a > 0. */
  pareto(a: Param, size?: Size): number | Float64Array {
    return this.#dist('pareto()', size, 'a', [a], (count, a) => planPareto(a, count));
  }

  /** weibull(a, size=None): a ≥ 0. */
  weibull(a: Param, size?: Size): number | Float64Array {
    return this.#dist('weibull()', size, 'a', [a], (count, a) => planWeibull(a, count));
  }

  /** power(a, size=None): a > 0. */
  power(a: Param, size?: Size): number | Float64Array {
    return this.#dist('power()', size, 'a', [a], (count, a) => planPower(a, count));
  }

  /** laplace(loc=0, scale=1, size=None): scale ≥ 0. */
  laplace(loc: Param = 0, scale: Param = 1, size?: Size): number | Float64Array {
    return this.#dist('laplace()', size, 'loc scale', [loc, scale], (count, loc, scale) => planLaplace(loc, scale, count));
  }

  /** gumbel(loc=0, scale=1, size=None): scale ≥ 0. */
  gumbel(loc: Param = 0, scale: Param = 1, size?: Size): number | Float64Array {
    return this.#dist('gumbel()', size, 'loc scale', [loc, scale], (count, loc, scale) => planGumbel(loc, scale, count));
  }

  /** logistic(loc=0, scale=1, size=None): scale ≥ 0. */
  logistic(loc: Param = 0, scale: Param = 1, size?: Size): number | Float64Array {
    return this.#dist('logistic()', size, 'loc scale', [loc, scale], (count, loc, scale) => planLogistic(loc, scale, count));
  }

  /** rayleigh(scale=1, size=None): scale ≥ 0. */
  rayleigh(scale: Param = 1, size?: Size): number | Float64Array {
    return this.#dist('rayleigh()', size, 'scale', [scale], (count, scale) => planRayleigh(scale, count));
  }

  /** wald(mean, scale, size=None): the inverse Gaussian, mean > 0, scale > 0. */
  wald(mean: Param, scale: Param, size?: Size): number | Float64Array {
    return this.#dist('wald()', size, 'mean scale', [mean, scale], (count, mean, scale) => planWald(mean, scale, count));
  }

  /** triangular(left, mode, right, size=None): left ≤ mode ≤ right, left < right. */
  triangular(left: Param, mode: Param, right: Param, size?: Size): number | Float64Array {
    return this.#dist('triangular()', size, 'left mode right', [left, mode, right], (count, left, mode, right) => planTriangular(left, mode, right, count));
  }

  /** negative_binomial(n, p, size=None): int64 counts, n > 0, 0 < p ≤ 1. */
  negativeBinomial(n: Param, p: Param, size?: Size): number | Float64Array {
    return this.#dist('negativeBinomial()', size, 'n p', [n, p], (count, n, p) => planNegativeBinomial(n, p, count));
  }

  /** geometric(p, size=None): int64 trials up to the first success, 0 < p ≤ 1. */
  geometric(p: Param, size?: Size): number | Float64Array {
    return this.#dist('geometric()', size, 'p', [p], (count, p) => planGeometric(p, count));
  }

  /** zipf(a, size=None): int64 values ≥ 1, a > 1 (doubles: exact, beyond 2^53 too). */
  zipf(a: Param, size?: Size): number | Float64Array {
    return this.#dist('zipf()', size, 'a', [a], (count, a) => planZipf(a, count));
  }

  /** logseries(p, size=None): int64 values ≥ 1, 0 ≤ p < 1. */
  logseries(p: Param, size?: Size): number | Float64Array {
    return this.#dist('logseries()', size, 'p', [p], (count, p) => planLogseries(p, count));
  }

  /**
   * multinomial(n, pvals, size=None) with an int n and a 1-D pvals: int64 counts, one row of
   * pvals.length per sample (size's samples, a shape's in C order), row-major.
   */
  multinomial(n: number, pvals: ArrayLike<number>, size?: Size): Float64Array {
    const count = sizeCount('multinomial()', size) ?? 1;
    const d = typeof pvals === 'object' && pvals !== null ? pvals.length : 0;
    return this.#run(planMultinomial(n, pvals, new Float64Array(count * d))) as Float64Array;
  }

  /** dirichlet(alpha, size=None): one vector of alpha.length per sample (size's samples), row-major. */
  dirichlet(alpha: ArrayLike<number>, size?: Size): Float64Array {
    const count = sizeCount('dirichlet()', size);
    const k = typeof alpha === 'object' && alpha !== null ? alpha.length : 0;
    return this.#run(planDirichlet(alpha, count === undefined ? undefined : new Float64Array(count * k)));
  }

  /**
   * shuffle(x, axis=0): in place, positions by random_interval. An n-dimensional array is x flat in C
   * order with `options.shape`; its slices along `options.axis` are shuffled (axes.ts).
   */
  shuffle<T>(x: Indexable<T>, options: AxisOptions = {}): void {
    checkOptionKeys(options, ['shape', 'axis'], 'shuffle() options');
    shuffleAlongAxis(this.#src, 'shuffle()', x, options);
  }

  /**
   * permutation(x, axis=0): a shuffled arange(x) (Float64Array) for a number, else a shuffled copy (of
   * slices along the axis, for an n-dimensional x with `options.shape`).
   */
  permutation<T>(x: number | readonly T[] | Float64Array, options: AxisOptions = {}): Float64Array | T[] {
    if (typeof x === 'number') {
      if (!Number.isSafeInteger(x) || x < 0) throw new RangeError(`permutation(): x must be an integer ≥ 0 (got ${x})`);
      const arr = Float64Array.from({ length: x }, (_, i) => i);
      this.shuffle(arr);
      return arr;
    }
    const copy = x instanceof Float64Array ? x.slice() : [...x];
    checkOptionKeys(options, ['shape', 'axis'], 'permutation() options');
    shuffleAlongAxis(this.#src, 'permutation()', copy as T[], options, true);
    return copy as T[] | Float64Array;
  }

  /**
   * permuted(x, axis=None): a copy of x with each 1-D lane along `options.axis` shuffled on its own
   * (NumPy's Generator.permuted); no axis (null or omitted) shuffles the flat array. An n-dimensional
   * x is flat in C order with `options.shape`. Typed arrays give the same type, arrays an array.
   */
  permuted<A extends Indexable<unknown> & { slice(): A }>(x: A, options: { shape?: readonly number[]; axis?: number | null } = {}): A {
    checkOptionKeys(options, ['shape', 'axis'], 'permuted() options');
    if (x === null || typeof x !== 'object' || typeof x.slice !== 'function') throw new TypeError('permuted(): x must be an array or a typed array');
    const copy = x.slice();
    permuteLanes(this.#src, 'permuted()', copy, options.shape, options.axis ?? null);
    return copy;
  }

  /**
   * choice(a, size=None, replace=True, p=None, shuffle=True) for an int or a 1-D array: NumPy's
   * methods; with p and replacement, its cumulative sum searched for each double.
   */
  choice<T>(a: number | readonly T[], size?: Size, options: GeneratorChoiceOptions = {}): unknown {
    const replace = options.replace ?? true;
    const count = sizeCount('choice()', size);
    if (options.p === undefined || !replace) {
      // Indices of arange(a) as int64 (Float64Array), as the other int64 results.
      const out = typeof a === 'number' && count !== undefined ? new Float64Array(count) : count;
      return this.#run(planChoice(a, out, options));
    }
    const popSize = typeof a === 'number' ? a : a.length;
    const cdf = cumulative(checkedProbabilities(options.p, popSize));
    const draw = () => searchRight(cdf, this.#src.wide.nextDouble());
    if (count === undefined) {
      const i = draw();
      return typeof a === 'number' ? i : a[i];
    }
    const idx = Float64Array.from({ length: count }, draw);
    return typeof a === 'number' ? idx : Array.from(idx, (i) => a[i] as T);
  }

  /**
   * bytes(length): little-endian 32-bit draws, cut to length. NumPy draws (length − 1) / 4 + 1 words
   * in C's truncating division (its Cython module divides as C does), so one word even for length 0.
   */
  bytes(length: number): Uint8Array {
    if (!Number.isSafeInteger(length) || length < 0) throw new RangeError(`bytes(): length must be an integer ≥ 0 (got ${length})`);
    const words = new Uint32Array(Math.trunc((length - 1) / 4) + 1);
    for (let i = 0; i < words.length; i++) words[i] = this.#src.nextUint32();
    const bytes = new Uint8Array(length);
    for (let i = 0; i < length; i++) bytes[i] = ((words[i >>> 2] as number) >>> (8 * (i & 3))) & 0xff;
    return bytes;
  }

  /**
   * hypergeometric(ngood, nbad, nsample, size=None): good items among nsample drawn without
   * replacement; ngood, nbad integers in [0, 10^9), nsample in [0, ngood + nbad]. int64 counts
   * (Float64Array), NumPy's sampling or HRUA (src/draws/hypergeometric.ts).
   */
  hypergeometric(ngood: Param, nbad: Param, nsample: Param, size?: Size): number | Float64Array {
    return this.#dist('hypergeometric()', size, 'ngood nbad nsample', [ngood, nbad, nsample], (count, ngood, nbad, nsample) => planHypergeometric(ngood, nbad, nsample, count));
  }

  /**
   * multivariate_hypergeometric(colors, nsample, size=None, method='marginals'): int64 counts per
   * colour (Float64Array), NumPy's shape size + (K,) flattened row-major: one row of K for no size.
   */
  multivariateHypergeometric(colors: ArrayLike<number>, nsample: number, size?: Size, method: MultivariateHypergeometricMethod = 'marginals'): Float64Array {
    return this.#run(planMultivariateHypergeometric(colors, nsample, sizeCount('multivariateHypergeometric()', size), method));
  }

  /** spawn(n_children): Generators over the bit generator's spawned children. */
  spawn(nChildren: number): Generator[] {
    return this.bitGenerator.spawn(nChildren).map((bg) => new Generator(bg));
  }
}

/** normal's checks: scale ≥ 0 (loc takes any number). */
function checkNormal(_loc: number, scale: number): void {
  if (!(scale >= 0)) throw new RangeError(`normal(): scale must be ≥ 0 (got ${describe(scale)})`);
}

/** normal's value: loc + scale·standard_normal. */
function planNormal(count: number | undefined, loc: number, scale: number): DrawPlan<number | Float64Array> {
  checkNormal(loc, scale);
  return planFloat64('normal()', count, 2, (src) => loc + scale * standardNormal(src));
}

/** poisson's value: lam in [0, POISSON_LAM_MAX]. */
function planPoisson(lam: number, count: number | undefined): DrawPlan<number | Float64Array> {
  if (!(lam >= 0)) throw new RangeError(`poisson(): lam must be ≥ 0 (got ${describe(lam)})`);
  if (lam > POISSON_LAM_MAX) throw new RangeError(`poisson(): lam value too large (lam must be ≤ ${POISSON_LAM_MAX}, got ${describe(lam)})`);
  return planFloat64('poisson()', count, 2, (src) => poisson(src, lam));
}

/** uniform's checks: low and high finite, high − low finite and ≥ 0. */
function checkUniform(low: unknown, high: unknown): void {
  const range = toFinite(high, 'high') - toFinite(low, 'low');
  if (!Number.isFinite(range)) throw new RangeError(`uniform(): high − low must be finite (NumPy: OverflowError), got low ${describe(low)}, high ${describe(high)}`);
  if (range < 0) throw new RangeError(`uniform(): high − low must be ≥ 0, got low ${describe(low)}, high ${describe(high)}`);
}

/** uniform's value: low + (high − low)·next_double. */
function planUniform(low: number, high: number, count: number | undefined): DrawPlan<number | Float64Array> {
  checkUniform(low, high);
  const range = high - low;
  return planFloat64('uniform()', count, 2, (src) => low + range * nextDouble(src));
}

/** standard_gamma's float32 shape: NumPy converts it to float32 first, then checks it (≥ 0, not −0, finite, as the float64 path). */
function floatShape(shape: number): number {
  return toNonNegative(Math.fround(toFinite(shape, 'shape')), 'shape');
}

/** normal as units: loc + scale·z of a standard normal z. */
const NORMAL_UNITS = locScaleUnits(checkNormal);

/** uniform as units: low + (high − low)·u of a next_double u. */
const UNIFORM_UNITS = rangeUnits(checkUniform, (low, high) => !(Number.isFinite(low) && Number.isFinite(high) && Number.isFinite(high - low) && high - low >= 0));

/** The dtype of a float draw: NumPy's float64 or float32 (a TypeError otherwise, as NumPy's). */
function toFloatDtype(call: string, dtype: unknown): FloatDtype {
  if (dtype === 'float64' || dtype === 'float32') return dtype;
  throw new TypeError(`${call}: dtype must be 'float64' or 'float32', got ${typeof dtype === 'string' ? JSON.stringify(dtype) : String(dtype)}`);
}


/** default_rng(seed=None): a Generator over PCG64 seeded through SeedSequence (or over a given bit generator). */
export function defaultRng(seed?: BitGeneratorSeed | NumpyBitGenerator | Generator): Generator {
  if (seed instanceof Generator) return seed;
  if (seed !== null && typeof seed === 'object' && 'nextUint64' in seed) return new Generator(seed as NumpyBitGenerator);
  return new Generator(new PCG64(seed as BitGeneratorSeed));
}
