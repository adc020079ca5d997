import { fillNormalDouble, fillNormalFloat, type PairInputs } from './box-muller.js';
import {
  fillLogNormalDoubleInverseCdf,
  fillLogNormalInverseCdf,
  fillNormalDoubleFromFloat,
  fillNormalDoubleInverseCdf,
  fillNormalInverseCdf,
} from './inverse-cdf.js';
import {
  fillPoissonBoxMuller,
  fillPoissonCachedBoxMuller,
  fillPoissonFloatNormal,
  fillPoissonCumulative,
  fillPoissonInverseCdf,
  fillPoissonSquareHistogram,
} from './poisson.js';
import { cumulativeTable, squareHistogram } from './poisson-tables.js';
import {
  fillUniform,
  MRG_NORM,
  MRG_UINT32_SCALE,
  uniformDouble32,
  uniformDouble53,
  uniformDoubleCentered,
} from './uniform.js';
import type { DrawKernel } from '../draws/draw-kernel.js';
import type { DoubleLibm } from '../math/libm.js';
import type { Algorithm, Distribution, OutputArray } from '../types.js';

/**
 * The one table of what cuRAND's host generators do for each (algorithm, distribution): which
 * transform turns which words into values, and so how many words each element takes and whether
 * elements come in pairs. Everything that follows a stream's words — the CPU backends that compute
 * them and the cuRAND backends that only keep count (`consumption` below) — reads it here.
 * Philox uses two-word doubles and Box–Muller pairs (docs/spec/curand-host-semantics.md §4.2);
 * MTGP32 reads one word per element for everything (§4.3); the others: docs/more-generators.md.
 */
export interface Transform {
  width: 1 | 2;
  pairAligned: boolean;
  /**
   * The words come from CachedPairsEngine.fillCachedPairs (3 per element) instead of Engine.fill:
   * Poisson's normals on XORWOW and MRG32k3a, one per slot through each thread's cache.
   */
  cachedPairs?: true;
  /**
   * Writes out[outAt .. outAt+n) from `words` (as Engine.fill wrote them; `lead` partner elements
   * first). (a, b) are the call's parameters (mean, stddev).
   */
  apply(out: OutputArray, outAt: number, words: Uint32Array, lead: number, n: number, a: number, b: number, libm: DoubleLibm): void;
  /**
   * Present when the transform is a table lookup over the generator's `uint32` values, one per
   * element (Poisson's table methods): a backend with a draw kernel may then make the call's uint32
   * values into `values` its fastest way and look them up there, in place — the same words, and the
   * same position afterwards, as a uint32 call of that length. `a` is λ.
   */
  lookupInPlace?(draws: DrawKernel, values: Uint32Array, a: number, libm: DoubleLibm): void;
}

/** The raw-word call: the engine writes straight into the caller's Uint32Array. */
export const RAW = 'raw';

/**
 * A distribution's transform, or, where cuRAND switches methods with the parameters (Poisson by λ),
 * a function choosing it from the call's (a, b).
 */
export type TransformEntry = Transform | typeof RAW | ((a: number, b: number) => Transform | typeof RAW);

export type TransformTable = Record<Distribution, TransformEntry>;

/**
 * Where curandGeneratePoisson changes method with λ (docs/poisson.md, docs/more-generators.md): below
 * POISSON_NORMAL_FROM every generator but MTGP32 samples a square histogram, one word per value, and
 * from it uses the normal approximation; MTGP32 samples the histogram below
 * MTGP32_POISSON_CUMULATIVE_FROM, a cumulative table up to MTGP32_POISSON_CUMULATIVE_TO inclusive, and
 * the normal approximation above it.
 */
export const POISSON_NORMAL_FROM = 2000;
export const MTGP32_POISSON_CUMULATIVE_FROM = 32;
export const MTGP32_POISSON_CUMULATIVE_TO = 8000;

const uniform: Transform = {
  width: 1,
  pairAligned: false,
  apply: (out, outAt, words, _lead, n) => fillUniform(out as Float32Array, words, n, outAt),
};

/**
 * Box–Muller pairs, optionally exp'd: one word per element in float, and in double two (raw bits:
 * Philox, XORWOW) or one (MRG32k3a's step results).
 */
function boxMullerFloat(logNormal: boolean, inputs: PairInputs = 'bits'): Transform {
  return {
    width: 1,
    pairAligned: true,
    apply: (out, outAt, words, lead, n, a, b, libm) =>
      fillNormalFloat(out as Float32Array, outAt, words, lead, n, a, b, logNormal ? libm.expf : null, inputs),
  };
}

function boxMullerDouble(logNormal: boolean, inputs: PairInputs = 'bits'): Transform {
  return {
    width: inputs === 'bits' ? 2 : 1,
    pairAligned: true,
    apply: (out, outAt, words, lead, n, a, b, libm) =>
      fillNormalDouble(out as Float64Array, outAt, words, lead, n, a, b, logNormal, libm, inputs),
  };
}

/** The square histogram's lookup over a call's uint32 values, in place (centred: MT19937's uniform). */
const histogramInPlace =
  (centred: boolean) =>
  (draws: DrawKernel, values: Uint32Array, lambda: number, libm: DoubleLibm): void =>
    draws.poissonHistogram(values, 0, values, 0, values.length, squareHistogram(lambda, libm), centred);

/** Poisson's square histogram: one word per value, consumed exactly like a `uint32` element. */
const poissonSquareHistogram: Transform = {
  width: 1,
  pairAligned: false,
  apply: (out, outAt, words, _lead, n, lambda, _b, libm) =>
    fillPoissonSquareHistogram(out as Uint32Array, outAt, words, n, squareHistogram(lambda, libm)),
  lookupInPlace: histogramInPlace(false),
};

/**
 * Philox's curandGeneratePoisson (docs/spec/curand-poisson.md §1, §6): the square histogram below
 * λ = 2000, from there the normal approximation on the float Box–Muller normal, consumed exactly
 * like a `normal` element (pairs included).
 */
const philoxPoisson = (lambda: number): Transform =>
  lambda < POISSON_NORMAL_FROM
    ? poissonSquareHistogram
    : {
        width: 1,
        pairAligned: true,
        apply: (out, outAt, words, lead, n) => fillPoissonBoxMuller(out as Uint32Array, outAt, words, lead, n, lambda),
      };

const philox: TransformTable = {
  uint32: RAW,
  uniform,
  uniformDouble: {
    width: 2,
    pairAligned: false,
    apply(out, outAt, words, _lead, n) {
      for (let i = 0; i < n; i++) out[outAt + i] = uniformDouble53(words[2 * i], words[2 * i + 1]);
    },
  },
  normal: boxMullerFloat(false),
  normalDouble: boxMullerDouble(false),
  logNormal: boxMullerFloat(true),
  logNormalDouble: boxMullerDouble(true),
  poisson: philoxPoisson,
};

/** One word per element: the fill writes out[outAt …] from words[0 …]. */
function oneWord(
  fill: (out: never, words: Uint32Array, n: number, a: number, b: number, outAt: number, libm: DoubleLibm) => void,
): Transform {
  return { width: 1, pairAligned: false, apply: (out, outAt, words, _lead, n, a, b, libm) => fill(out as never, words, n, a, b, outAt, libm) };
}

/**
 * MTGP32's curandGeneratePoisson (docs/spec/curand-poisson.md §1): the square histogram below λ = 32, the
 * cumulative table up to λ = 8000 inclusive, then the normal approximation on the float
 * inverse-CDF normal; one word per value throughout.
 */
const mtgp32PoissonCumulative: Transform = {
  ...oneWord((out: Uint32Array, words, n, lambda, _b, outAt, libm) => fillPoissonCumulative(out, outAt, words, n, cumulativeTable(lambda, libm))),
  lookupInPlace: (draws, values, lambda, libm) => draws.poissonCumulative(values, 0, values, 0, values.length, cumulativeTable(lambda, libm)),
};
const mtgp32PoissonNormal = oneWord((out: Uint32Array, words, n, lambda, _b, outAt) => fillPoissonInverseCdf(out, outAt, words, n, lambda));
const mtgp32Poisson = (lambda: number): Transform =>
  lambda < MTGP32_POISSON_CUMULATIVE_FROM
    ? poissonSquareHistogram
    : lambda <= MTGP32_POISSON_CUMULATIVE_TO
      ? mtgp32PoissonCumulative
      : mtgp32PoissonNormal;

const mtgp32: TransformTable = {
  uint32: RAW,
  uniform,
  uniformDouble: oneWord((out: Float64Array, words, n, _a, _b, outAt) => {
    for (let i = 0; i < n; i++) out[outAt + i] = uniformDouble32(words[i]);
  }),
  normal: oneWord(fillNormalInverseCdf),
  normalDouble: oneWord(fillNormalDoubleFromFloat),
  logNormal: oneWord(fillLogNormalInverseCdf),
  logNormalDouble: oneWord((out: Float64Array, words, n, a, b, outAt, libm) =>
    fillLogNormalDoubleInverseCdf(out, words, n, a, b, libm, outAt),
  ),
  poisson: mtgp32Poisson,
};

/**
 * curandGeneratePoisson on XORWOW and MRG32k3a (measured; docs/more-generators.md): the square
 * histogram on the generator's curandGenerate words below λ = 2000, one slot of one word per value;
 * from λ = 2000 the normal approximation trunc(z·√λ + λ + 0.5) with z the float Box–Muller normal
 * drawn through each thread's one-value cache.
 */
function slotPoisson(squareHistogram: Transform, inputs: PairInputs): (lambda: number) => Transform {
  const cached: Transform = {
    width: 1,
    pairAligned: false,
    cachedPairs: true,
    apply: (out, outAt, words, _lead, n, lambda) => fillPoissonCachedBoxMuller(out as Uint32Array, outAt, words, n, lambda, inputs),
  };
  return (lambda) => (lambda < POISSON_NORMAL_FROM ? squareHistogram : cached);
}

/**
 * XORWOW: Philox's transforms on the same kind of words (docs/spec/curand-more-generators.md §1.6);
 * a slot holds one element, or one Box–Muller pair.
 */
const xorwow: TransformTable = { ...philox, poisson: slotPoisson(poissonSquareHistogram, 'bits') };

/** MRG32k3a (§2.4): every element is made from step results r, one per element or per pair member. */
const mrg32k3a: TransformTable = {
  uint32: oneWord((out: Uint32Array, words, n, _a, _b, outAt) => {
    // The uint32 store truncates, as cuRAND's conversion does (r = m1 would give 2^32 → 0; unobserved).
    for (let i = 0; i < n; i++) out[outAt + i] = (words[i] as number) * MRG_UINT32_SCALE;
  }),
  uniform: oneWord((out: Float32Array, words, n, _a, _b, outAt) => {
    for (let i = 0; i < n; i++) out[outAt + i] = (words[i] as number) * MRG_NORM;
  }),
  uniformDouble: oneWord((out: Float64Array, words, n, _a, _b, outAt) => {
    for (let i = 0; i < n; i++) out[outAt + i] = (words[i] as number) * MRG_NORM;
  }),
  normal: boxMullerFloat(false, 'mrg'),
  normalDouble: boxMullerDouble(false, 'mrg'),
  logNormal: boxMullerFloat(true, 'mrg'),
  logNormalDouble: boxMullerDouble(true, 'mrg'),
  poisson: slotPoisson(
    {
      width: 1,
      pairAligned: false,
      apply(out, outAt, words, _lead, n, lambda, _b, libm) {
        // The histogram samples MRG32k3a's curandGenerate values, not the step results (measured):
        // converted in place in the backend's scratch words.
        for (let i = 0; i < n; i++) words[i] = (words[i] as number) * MRG_UINT32_SCALE;
        fillPoissonSquareHistogram(out as Uint32Array, outAt, words, n, squareHistogram(lambda, libm));
      },
      // MRG32k3a's uint32 values are those curandGenerate values.
      lookupInPlace: histogramInPlace(false),
    },
    'mrg',
  ),
};

/**
 * MT19937 (§3.4): one word per element; its own uniforms (the cell centre, rounded once), MTGP32's
 * inverse-CDF float normals, and the genuine double inverse CDF for the double normals.
 */
/**
 * MT19937's square histogram reads MT19937's own uniform, the cell centre x·2^-32 + 2^-33, where the
 * other generators read (x + 1)·2^-32: measured against cuRAND host, 8·2^20 values at each of λ = 7.5,
 * 100.25, 31.999999999999996 and 1999.9999999999998 (seed 2024): 0 differ with the centre, 3 (values
 * whose u falls within 2^-33 of a cell boundary) with (x + 1)·2^-32. The draw kernels' lookup reads
 * the same centre (their `centred` histogram).
 */
const mt19937SquareHistogram: Transform = {
  width: 1,
  pairAligned: false,
  apply: (out, outAt, words, _lead, n, lambda, _b, libm) =>
    fillPoissonSquareHistogram(out as Uint32Array, outAt, words, n, squareHistogram(lambda, libm), uniformDoubleCentered),
  lookupInPlace: histogramInPlace(true),
};

const mt19937: TransformTable = {
  uint32: RAW,
  uniform: oneWord((out: Float32Array, words, n, _a, _b, outAt) => {
    for (let i = 0; i < n; i++) out[outAt + i] = uniformDoubleCentered(words[i] as number);
  }),
  uniformDouble: oneWord((out: Float64Array, words, n, _a, _b, outAt) => {
    for (let i = 0; i < n; i++) out[outAt + i] = uniformDoubleCentered(words[i] as number);
  }),
  normal: oneWord(fillNormalInverseCdf),
  normalDouble: oneWord((out: Float64Array, words, n, a, b, outAt, libm) => fillNormalDoubleInverseCdf(out, words, n, a, b, libm, outAt)),
  logNormal: oneWord(fillLogNormalInverseCdf),
  logNormalDouble: mtgp32.logNormalDouble,
  // One word per value: the square histogram below λ = 2000, then the float normal (mean λ, stddev √λ) rounded.
  poisson: (lambda) =>
    lambda < POISSON_NORMAL_FROM
      ? mt19937SquareHistogram
      : oneWord((out: Uint32Array, words, n, a, _b, outAt) => fillPoissonFloatNormal(out, outAt, words, n, a)),
};

export const TRANSFORMS: Record<Algorithm, TransformTable> = {
  'philox4x32-10': philox,
  mtgp32,
  xorwow,
  mrg32k3a,
  mt19937,
};

/** The transform `algorithm` applies for `dist` with the call's parameters (a, b): λ picks Poisson's method. */
export function transformOf(algorithm: Algorithm, dist: Distribution, a: number, b: number): Transform | typeof RAW {
  const entry = TRANSFORMS[algorithm][dist];
  return typeof entry === 'function' ? entry(a, b) : entry;
}

/** How a call consumes its stream, read off its transform: what the cuRAND backends' bookkeeping follows. */
export interface Consumption {
  /** Words per element (Philox's doubles: 2). */
  width: 1 | 2;
  /** Elements come in Box–Muller pairs, one pair per slot on XORWOW and MRG32k3a (Engine.fill's pairAligned). */
  pairs: boolean;
  /** One float normal per slot through each thread's one-value cache (XORWOW and MRG32k3a Poisson; slot-cursor.ts). */
  cachedPairs: boolean;
}

export function consumptionOf(algorithm: Algorithm, dist: Distribution, a: number, b: number): Consumption {
  const transform = transformOf(algorithm, dist, a, b);
  if (transform === RAW) return { width: 1, pairs: false, cachedPairs: false };
  return { width: transform.width, pairs: transform.pairAligned, cachedPairs: transform.cachedPairs === true };
}
