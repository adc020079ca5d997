// Disposable and Symbol.dispose come from TypeScript's esnext.disposable lib (or @types/node). Kept in
// the .d.ts (preserve), this directive adds that lib to a user's project, so that one on an older lib
// without @types/node still type-checks (test/installed-package.test.ts).
/// <reference lib="esnext.disposable" preserve="true" />

import { ALGORITHM_TRAITS, POISSON_MAX_LAMBDA } from './algorithms.js';
import { consumptionOf } from './distributions/table.js';
import type { Backend } from './backends/backend.js';
import type { DeviceArray } from './backends/device-array.js';
import { createBackend, place } from './backends/select.js';
import type { CpuKernelChoice } from './kernels/simd.js';
import { checkDeterministic } from './repro/determinism/policy.js';
import { CurandError, outputDetached, unsupported } from './errors.js';
import { spawnChildren } from './repro/spawn.js';
import type { EngineState } from './engines/engine.js';
import { makeState, parseState, type GeneratorState, type ParsedState } from './state.js';
import { WORD_BLOCK, WordBuffer } from './draws/word-buffer.js';
import type { DrawPlan } from './draws/plan.js';
import { planRandom, planUniformRange } from './draws/random.js';
import { nextDouble } from './draws/bit-source.js';
import { planBinomial } from './draws/binomial.js';
import { planMultinomial } from './draws/multinomial.js';
import { planNegativeBinomial } from './draws/negative-binomial.js';
import { planF, planNoncentralChisquare, planNoncentralF } from './draws/noncentral.js';
import { planStandardCauchy, planWald } from './draws/normal-transforms.js';
import { planLogseries, planZipf } from './draws/series.js';
import { planGumbel, planLaplace, planLogistic, planTriangular } from './draws/uniform-transforms.js';
import { planVonmises } from './draws/vonmises.js';
import { planPareto, planPower, planRayleigh, planWeibull } from './draws/exponential-transforms.js';
import { planTruncatedNormal } from './draws/truncated-normal.js';
import type { IntegerArray, NumberIntegerArray } from './draws/array-types.js';
import { planBernoulli } from './draws/bernoulli.js';
import { planCategorical, type CategoricalOptions } from './draws/categorical.js';
import { planChoice, type ChoiceOptions } from './draws/choice.js';
import { planIntegers, quickInteger, type IntegersOptions } from './draws/integers.js';
import { planPermutation, planShuffle } from './draws/shuffle.js';
import { planBeta, planDirichlet } from './draws/beta.js';
import { planChisquare, planGamma, planStandardT } from './draws/gamma.js';
import { planGeometric } from './draws/geometric.js';
import { planHypergeometric } from './draws/hypergeometric.js';
import { planMultivariateHypergeometric, type MultivariateHypergeometricMethod } from './draws/multivariate-hypergeometric.js';
import { planMultivariateNormal, type MultivariateNormalOptions } from './draws/multivariate-normal.js';
import { planExponential, planStandardNormal } from './draws/ziggurat.js';
import {
  ALGORITHMS,
  DISTRIBUTIONS,
  ORDERINGS,
  type Algorithm,
  type AnyTypedArray,
  type BackendChoice,
  type BackendName,
  type DeviceOutputOptions,
  type DeviceSpec,
  type Distribution,
  type HostOutputOptions,
  type HostMath,
  type Ordering,
  type OutputArray,
  type OutputOf,
  type OutputOptions,
} from './types.js';
import { availableParallelism } from 'node:os';

import { checkOptionKeys, given, isObjectLike, intrinsicBuffer, intrinsicLength, MAX_LENGTH, toChoice, toFinite, toInteger, toOutput, toUint64, UINT64_LIMIT, type ResolvedOutput } from './validate.js';

export interface GeneratorOptions {
  /** Default 'philox4x32-10'. */
  algorithm?: Algorithm;
  /** 0 <= seed < 2^64; default 0 as in cuRAND. */
  seed?: bigint | number;
  /**
   * Absolute position (curandSetGeneratorOffset); default 0. Philox counts elements, XORWOW and
   * MRG32k3a count slots (one-word elements); MTGP32 and MT19937 reject offsets as cuRAND does.
   */
  offset?: bigint | number;
  /** Default 'default'. */
  ordering?: Ordering;
  /** Default 'auto': the first CUDA device when there is one, else the CPU. */
  device?: DeviceSpec;
  /**
   * Default 'auto' (or NODE_CURAND_BACKEND): 'cuda' on a GPU, else the fastest exact CPU backend
   * available: 'simd', then 'wasm', then 'ts' (all three give the same bits).
   */
  backend?: BackendChoice;
  /**
   * Which glibc math variant the CPU backends reproduce: 'x86-fma' (default: x86-64 with FMA and
   * AVX2), 'x86-sse2' (x86-64 without them), 'aarch64' (Arm64 servers' glibc).
   */
  hostMath?: HostMath;
  /**
   * The 'simd' backend's kernel: 'auto' (default: AVX-512 where the CPU has it, else AVX2; NEON on
   * arm64), 'avx512', 'avx2', 'neon' or 'generic' (portable); anything but 'auto' implies backend 'simd'.
   */
  kernel?: CpuKernelChoice;
  /**
   * Threads one async fill may use on the 'simd' and 'wasm' backends (default 1): large `…Async` calls
   * are split into slices computed in parallel, with the same bits as one thread. Accepted up to 256;
   * more than the machine runs at once (os.availableParallelism()) only costs memory and time, so the
   * split uses at most that many.
   */
  threads?: number;
}

const OPTION_KEYS = ['algorithm', 'seed', 'offset', 'ordering', 'device', 'backend', 'hostMath', 'kernel', 'threads'] as const;
/** What fromState takes besides the state: where to run it, not what it is. */
const FROM_STATE_KEYS = ['device', 'backend', 'hostMath', 'kernel', 'threads'] as const;

/** Most threads an async fill may be split over. */
const MAX_THREADS = 256;

type NOrOut<D extends Distribution> = number | OutputOf<D>;

/** cuRAND's host-API function for a distribution: curandGenerate, curandGenerateUniform, … */
function curandFunction(dist: Distribution): string {
  return dist === 'uint32' ? 'curandGenerate' : `curandGenerate${dist[0]!.toUpperCase()}${dist.slice(1)}`;
}

const NO_WORDS = new Uint32Array(0);

/** The calls that device generators fill only in pairs (curand.h, curandGenerateNormal and the others). */
const PAIRED_ON_DEVICE: ReadonlySet<Distribution> = new Set(['normal', 'normalDouble', 'logNormal', 'logNormalDouble']);

/** A generate call's OutputOptions, checked: booleans, and not device and pinned at once. */
function toOutputOptions(options: unknown): { device: boolean; pinned: boolean } {
  // A number there is a distribution parameter the call does not take (generic code calls every
  // distribution as g[dist](n, a, b)): ignored, as extra arguments always were.
  if (options === undefined || typeof options === 'number') return { device: false, pinned: false };
  checkOptionKeys(options, ['device', 'pinned']);
  const { device, pinned } = options as OutputOptions;
  for (const [key, value] of [['device', device], ['pinned', pinned]] as const) {
    if (value !== undefined && typeof value !== 'boolean') throw new TypeError(`options.${key} must be a boolean, got ${typeof value}`);
  }
  if (device === true && pinned === true) {
    throw new TypeError('options.device and options.pinned exclude each other: pinned memory is host memory, a device array stays on the GPU');
  }
  return { device: device === true, pinned: pinned === true };
}

function disposedError(operation: string): CurandError {
  return new CurandError('ERR_CURAND_DISPOSED', `${operation}: this generator has been disposed`, { operation });
}

/** A method called on something that is not a Generator. */
function notAGenerator(method: string): TypeError {
  return new TypeError(`Generator.prototype.${method} was called on something that is not a Generator (a method taken off its generator loses it: call g.${method}(…))`);
}


/**
 * A cuRAND pseudo-random generator on any backend. Validates every argument before anything changes,
 * keeps seed / offset / ordering, and serialises calls: calls take effect in the order they are made,
 * async ones included, and a synchronous call while an async one is pending throws ERR_CURAND_BUSY.
 *
 * Unlike raw cuRAND, setSeed() and setOrdering() always restart the stream (at element 0, or at the
 * offset last set), as torch.manual_seed does; cuRAND's own mid-stream re-seed keeps part of the old
 * position (docs/spec/curand-host-semantics.md §2.6).
 */
export class Generator implements Disposable {
  readonly algorithm: Algorithm;
  #backend: Backend;
  #seed: bigint;
  #offset: bigint | null;
  #ordering: Ordering;
  /** Kept for spawn(): children reproduce the same glibc variant, kernel and threads. */
  #hostMath: HostMath;
  #cpu: Pick<GeneratorOptions, 'kernel' | 'threads'>;
  #disposed = false;
  /**
   * Why the stream position is unknown, after a failed async call whose state could not be put back
   * (the cuRAND backends cannot express every state); every call but a restart then throws.
   */
  #lost: string | null = null;
  #pending = 0;
  #queue: Promise<unknown> = Promise.resolve();
  /** The words draws read (random, integers, …): taken from this generator's uint32 stream in blocks. */
  readonly #words: WordBuffer;

  constructor(options: GeneratorOptions = {}) {
    checkOptionKeys(options, OPTION_KEYS);
    this.algorithm = toChoice(given(options.algorithm, 'philox4x32-10'), 'algorithm', ALGORITHMS);
    this.#seed = toUint64(given(options.seed, 0n), 'seed');
    this.#offset = options.offset === undefined ? null : this.#checkOffset(options.offset);
    this.#ordering = this.#checkOrdering(given(options.ordering, 'default'));
    const hostMath = toChoice(given(options.hostMath, 'x86-fma'), 'hostMath', ['x86-fma', 'x86-sse2', 'aarch64'] as const);
    this.#hostMath = hostMath;
    const threads = toInteger(given(options.threads, 1), 'threads', 1, MAX_THREADS);
    const placement = place(options.backend, options.device, process.env, options.kernel);
    this.#backend = createBackend(placement, this.algorithm, hostMath, Math.min(threads, availableParallelism()));
    this.#words = new WordBuffer((out) => this.#backend.generate('uint32', out, 0, 0), this.#backend.drawKernel);
    this.#cpu = { threads, ...(options.kernel === undefined ? {} : { kernel: options.kernel }) };
    try {
      // Deterministic mode (determinism.ts) refuses generators whose numbers would depend on the machine.
      checkDeterministic({
        algorithm: this.algorithm,
        ordering: this.#ordering,
        backend: this.#backend.name,
        hostMath,
        backendOption: options.backend,
        deviceOption: options.device,
      });
      this.#backend.configure(this.#seed, this.#offset, this.#ordering);
    } catch (error) {
      this.#backend.dispose();
      throw error;
    }
  }

  /** Resumes a state from getState() (on any backend; `options` may choose another one). */
  static fromState(state: GeneratorState | string, options: Omit<GeneratorOptions, 'algorithm' | 'seed' | 'offset' | 'ordering'> = {}): Generator {
    const parsed = parseState(state);
    checkOptionKeys(options, FROM_STATE_KEYS, 'options');
    const g = new Generator({ ...options, algorithm: parsed.algorithm, seed: parsed.seed, ordering: parsed.ordering });
    try {
      g.#restore(parsed);
    } catch (error) {
      g.dispose();
      throw error;
    }
    return g;
  }

  /**
   * Restores a state from getState() in place (PyTorch's Generator.set_state): this generator then
   * continues exactly where the state was saved, on its own backend. The state's algorithm must be
   * this generator's; a refused state leaves the generator as it was.
   */
  setState(state: GeneratorState | string): this {
    Generator.#receiver(this, 'setState');
    this.#usable('setState', true);
    const parsed = parseState(state);
    if (parsed.algorithm !== this.algorithm) {
      throw new RangeError(`state.algorithm must be this generator's '${this.algorithm}', got '${parsed.algorithm}' (Generator.fromState makes a generator of any algorithm)`);
    }
    if (parsed.ordering !== this.#ordering) this.#checkOrdering(parsed.ordering);
    this.#restore(parsed);
    this.#lost = null;
    return this;
  }

  /** Puts a checked state into this generator (the backend refuses what it cannot express, changing nothing). */
  #restore(parsed: ParsedState): void {
    if (parsed.offset !== null && ALGORITHM_TRAITS[parsed.algorithm].offset !== true) {
      throw new RangeError(`state.offset must be null for ${parsed.algorithm}, which has no offsets, got "${parsed.offset}"`);
    }
    this.#backend.setEngineState(parsed.seed, parsed.ordering, parsed.engine);
    this.#seed = parsed.seed;
    this.#ordering = parsed.ordering;
    this.#offset = parsed.offset;
    this.#words.restore(parsed.words);
  }

  get seed(): bigint {
    Generator.#receiver(this, 'seed');
    return this.#seed;
  }
  /** The offset last set (setOffset or the option), or null. */
  get offset(): bigint | null {
    Generator.#receiver(this, 'offset');
    return this.#offset;
  }
  get ordering(): Ordering {
    Generator.#receiver(this, 'ordering');
    return this.#ordering;
  }
  get backend(): BackendName {
    Generator.#receiver(this, 'backend');
    return this.#backend.name;
  }
  /** 'cpu' or 'cuda:N'. */
  get device(): string {
    Generator.#receiver(this, 'device');
    return this.#backend.device;
  }
  /** What computes the numbers: the TypeScript engines, or which cuRAND library and generator. */
  get backendDetail(): string {
    Generator.#receiver(this, 'backendDetail');
    return this.#backend.detail;
  }
  /** Elements generated since the start of the stream, the offset included. */
  get position(): bigint {
    Generator.#receiver(this, 'position');
    this.#usable('position');
    return this.#backend.position;
  }
  get disposed(): boolean {
    Generator.#receiver(this, 'disposed');
    return this.#disposed;
  }

  /** Restarts the stream at element 0 with a new seed (0 <= seed < 2^64). */
  setSeed(seed: bigint | number): this {
    Generator.#receiver(this, 'setSeed');
    this.#usable('setSeed', true);
    const s = toUint64(seed, 'seed');
    this.#backend.configure(s, null, this.#ordering);
    this.#seed = s;
    this.#offset = null;
    this.#lost = null;
    this.#words.restore(NO_WORDS);
    return this;
  }

  /** Moves to absolute element `offset` of the current seed's stream (curandSetGeneratorOffset). */
  setOffset(offset: bigint | number): this {
    Generator.#receiver(this, 'setOffset');
    this.#usable('setOffset', true);
    const o = this.#checkOffset(offset);
    this.#backend.configure(this.#seed, o, this.#ordering);
    this.#offset = o;
    this.#lost = null;
    this.#words.restore(NO_WORDS);
    return this;
  }

  /** Changes the ordering and restarts the stream at the offset last set (or element 0). */
  setOrdering(ordering: Ordering): this {
    Generator.#receiver(this, 'setOrdering');
    this.#usable('setOrdering', true);
    const o = this.#checkOrdering(ordering);
    this.#backend.configure(this.#seed, this.#offset, o);
    this.#ordering = o;
    this.#lost = null;
    this.#words.restore(NO_WORDS);
    return this;
  }

  getState(): GeneratorState {
    Generator.#receiver(this, 'getState');
    this.#usable('getState');
    return makeState({
      algorithm: this.algorithm,
      ordering: this.#ordering,
      seed: this.#seed,
      offset: this.#offset,
      engine: this.#backend.getEngineState(),
      words: this.#words.remaining(),
    });
  }

  // Draws beyond cuRAND's calls (src/draws/): NumPy's Generator names and arguments, size last; no
  // size gives one number, a size a typed array, a typed array is filled in place. Each reads only
  // the words of this generator's uint32 stream (word-buffer.ts), so every backend gives the same values.

  /** Doubles in [0, 1) (53 bits; a Float32Array gets 24-bit floats): NumPy's random(). */
  random(): number;
  random(size: number | Float64Array): Float64Array;
  random(out: Float32Array): Float32Array;
  random(size?: number | Float64Array | Float32Array): number | Float64Array | Float32Array {
    if (size === undefined && this.#ready()) return nextDouble(this.#words);
    return this.#draw('random', () => planRandom(size));
  }
  randomAsync(size: number | Float64Array): Promise<Float64Array>;
  randomAsync(out: Float32Array): Promise<Float32Array>;
  randomAsync(size: number | Float64Array | Float32Array): Promise<Float64Array | Float32Array> {
    return this.#drawAsync('randomAsync', () => planRandom(size)) as Promise<Float64Array | Float32Array>;
  }

  /** Values in [low, high): NumPy's uniform(low, high, size) (cuRAND's uniform keeps its name and meaning). */
  uniformRange(low: number, high: number): number;
  uniformRange(low: number, high: number, size: number | Float64Array): Float64Array;
  uniformRange(low: number, high: number, out: Float32Array): Float32Array;
  uniformRange(low: number, high: number, size?: number | Float64Array | Float32Array): number | Float64Array | Float32Array {
    return this.#draw('uniformRange', () => planUniformRange(low, high, size));
  }
  uniformRangeAsync(low: number, high: number, size: number | Float64Array): Promise<Float64Array>;
  uniformRangeAsync(low: number, high: number, out: Float32Array): Promise<Float32Array>;
  uniformRangeAsync(low: number, high: number, size: number | Float64Array | Float32Array): Promise<Float64Array | Float32Array> {
    return this.#drawAsync('uniformRangeAsync', () => planUniformRange(low, high, size)) as Promise<Float64Array | Float32Array>;
  }

  // Integers, masks, shuffles and choices (src/draws/integers.ts, bernoulli.ts, shuffle.ts, choice.ts, categorical.ts)

  /** Unbiased integers in [low, high) ([0, low) with high omitted, [low, high] with endpoint): NumPy's integers(). */
  integers(low: number, high?: number, size?: undefined, options?: IntegersOptions): number;
  integers(low: bigint | number, high?: bigint | number, size?: undefined, options?: IntegersOptions): bigint;
  integers(low: number, high: number | undefined, size: number, options?: IntegersOptions): Int32Array | Uint32Array | Float64Array;
  integers(low: bigint | number, high: bigint | number | undefined, size: number, options?: IntegersOptions): BigInt64Array | BigUint64Array;
  integers<T extends IntegerArray>(low: bigint | number, high: bigint | number | undefined, out: T, options?: IntegersOptions): T;
  integers(low: bigint | number, high?: bigint | number, size?: number | IntegerArray, options?: IntegersOptions): number | bigint | IntegerArray {
    Generator.#receiver(this, 'integers');
    if (size === undefined && options === undefined) {
      // The everyday scalar call, drawn without planning; anything else is planned (and checked) below.
      this.#usable('integers');
      const value = quickInteger(this.#words, low, high);
      if (value !== undefined) return value;
    }
    return this.#draw('integers', () => planIntegers(low, high, size, options));
  }
  integersAsync(low: number, high: number | undefined, size: number, options?: IntegersOptions): Promise<Int32Array | Uint32Array | Float64Array>;
  integersAsync(low: bigint | number, high: bigint | number | undefined, size: number, options?: IntegersOptions): Promise<BigInt64Array | BigUint64Array>;
  integersAsync<T extends IntegerArray>(low: bigint | number, high: bigint | number | undefined, out: T, options?: IntegersOptions): Promise<T>;
  integersAsync(low: bigint | number, high: bigint | number | undefined, size: number | IntegerArray, options?: IntegersOptions): Promise<IntegerArray> {
    return this.#drawAsync('integersAsync', () => planIntegers(low, high, size, options)) as Promise<IntegerArray>;
  }

  /** 1 with probability p (word < p·2^32), else 0: masks, dropout. */
  bernoulli(p: number): number;
  bernoulli(p: number, size: number): Uint8Array;
  bernoulli<T extends NumberIntegerArray | Float32Array>(p: number, out: T): T;
  bernoulli(p: number, size?: number | NumberIntegerArray | Float32Array): number | NumberIntegerArray | Float32Array {
    return this.#draw('bernoulli', () => planBernoulli(p, size));
  }
  bernoulliAsync(p: number, size: number): Promise<Uint8Array>;
  bernoulliAsync<T extends NumberIntegerArray | Float32Array>(p: number, out: T): Promise<T>;
  bernoulliAsync(p: number, size: number | NumberIntegerArray | Float32Array): Promise<NumberIntegerArray | Float32Array> {
    return this.#drawAsync('bernoulliAsync', () => planBernoulli(p, size)) as Promise<NumberIntegerArray | Float32Array>;
  }

  /** Shuffles a typed array or a JS array in place (Fisher–Yates from the end) and returns it. */
  shuffle<T extends AnyTypedArray | unknown[]>(array: T): T {
    return this.#draw('shuffle', () => planShuffle(array));
  }
  shuffleAsync<T extends AnyTypedArray | unknown[]>(array: T): Promise<T> {
    return this.#drawAsync('shuffleAsync', () => planShuffle(array, 'shuffleAsync()'));
  }

  /** 0..n−1 shuffled, or a shuffled copy of an array. */
  permutation(n: number): Int32Array | Float64Array;
  permutation<T extends AnyTypedArray>(array: T): T;
  permutation<E>(array: readonly E[]): E[];
  permutation(nOrArray: number | AnyTypedArray | readonly unknown[]): AnyTypedArray | unknown[] {
    return this.#draw('permutation', () => planPermutation(nOrArray));
  }
  permutationAsync(n: number): Promise<Int32Array | Float64Array>;
  permutationAsync<T extends AnyTypedArray>(array: T): Promise<T>;
  permutationAsync<E>(array: readonly E[]): Promise<E[]>;
  permutationAsync(nOrArray: number | AnyTypedArray | readonly unknown[]): Promise<AnyTypedArray | unknown[]> {
    return this.#drawAsync('permutationAsync', () => planPermutation(nOrArray, 'permutationAsync()'));
  }

  /** A sample of 0..n−1 or of an array's elements: uniform or weighted (p), with or without replacement. */
  choice(a: number, size?: undefined, options?: ChoiceOptions): number;
  choice(a: number, size: number, options?: ChoiceOptions): Int32Array | Float64Array;
  choice<T extends NumberIntegerArray>(a: number, out: T, options?: ChoiceOptions): T;
  choice(a: BigInt64Array | BigUint64Array, size?: undefined, options?: ChoiceOptions): bigint;
  choice(a: Exclude<AnyTypedArray, BigInt64Array | BigUint64Array>, size?: undefined, options?: ChoiceOptions): number;
  choice<T extends AnyTypedArray>(a: T, size: number | T, options?: ChoiceOptions): T;
  choice<E>(a: readonly E[], size?: undefined, options?: ChoiceOptions): E;
  choice<E>(a: readonly E[], size: number, options?: ChoiceOptions): E[];
  choice(a: number | AnyTypedArray | readonly unknown[], size?: number | AnyTypedArray, options?: ChoiceOptions): unknown {
    return this.#draw('choice', () => planChoice(a, size, options));
  }
  choiceAsync(a: number, size: number, options?: ChoiceOptions): Promise<Int32Array | Float64Array>;
  choiceAsync<T extends NumberIntegerArray>(a: number, out: T, options?: ChoiceOptions): Promise<T>;
  choiceAsync<T extends AnyTypedArray>(a: T, size: number | T, options?: ChoiceOptions): Promise<T>;
  choiceAsync<E>(a: readonly E[], size: number, options?: ChoiceOptions): Promise<E[]>;
  choiceAsync(a: number | AnyTypedArray | readonly unknown[], size: number | AnyTypedArray, options?: ChoiceOptions): Promise<unknown> {
    return this.#drawAsync('choiceAsync', () => planChoice(a, size, options));
  }

  /** Category indices drawn from logits (or probabilities), with temperature and top-k: token sampling. */
  categorical(logits: ArrayLike<number>, size?: undefined, options?: CategoricalOptions): number;
  categorical(logits: ArrayLike<number>, size: number, options?: CategoricalOptions): Int32Array | Float64Array;
  categorical<T extends NumberIntegerArray>(logits: ArrayLike<number>, out: T, options?: CategoricalOptions): T;
  categorical(logits: ArrayLike<number>, size?: number | NumberIntegerArray, options?: CategoricalOptions): number | NumberIntegerArray {
    return this.#draw('categorical', () => planCategorical(logits, size, options));
  }
  categoricalAsync(logits: ArrayLike<number>, size: number, options?: CategoricalOptions): Promise<Int32Array | Float64Array>;
  categoricalAsync<T extends NumberIntegerArray>(logits: ArrayLike<number>, out: T, options?: CategoricalOptions): Promise<T>;
  categoricalAsync(logits: ArrayLike<number>, size: number | NumberIntegerArray, options?: CategoricalOptions): Promise<number | NumberIntegerArray> {
    return this.#drawAsync('categoricalAsync', () => planCategorical(logits, size, options));
  }

  // Binomial, multinomial and the truncated normal (src/draws/binomial.ts, multinomial.ts, truncated-normal.ts)

  /**
   * Successes in n trials of probability p: NumPy 2.4's binomial (inversion for n·min(p, 1 − p) ≤ 30,
   * else BTPE), bit for bit on the same words. n a safe integer ≥ 0, p in [0, 1]. Counts come in an
   * Int32Array while n ≤ 2^31 − 1, else a Float64Array; either may be given to fill.
   */
  binomial(n: number, p: number): number;
  binomial(n: number, p: number, out: Int32Array): Int32Array;
  binomial(n: number, p: number, out: Float64Array): Float64Array;
  binomial(n: number, p: number, size: number): Int32Array | Float64Array;
  binomial(n: number, p: number, size?: number | Int32Array | Float64Array): number | Int32Array | Float64Array {
    return this.#draw('binomial', () => planBinomial(n, p, size));
  }
  binomialAsync(n: number, p: number, out: Int32Array): Promise<Int32Array>;
  binomialAsync(n: number, p: number, out: Float64Array): Promise<Float64Array>;
  binomialAsync(n: number, p: number, size: number): Promise<Int32Array | Float64Array>;
  binomialAsync(n: number, p: number, size: number | Int32Array | Float64Array): Promise<Int32Array | Float64Array> {
    return this.#drawAsync('binomialAsync', () => planBinomial(n, p, size)) as Promise<Int32Array | Float64Array>;
  }

  /**
   * Counts of n trials over the categories of `pvals`: NumPy 2.4's multinomial (a binomial per
   * category on what is left; the last takes the rest). `size` samples (default 1), row after row:
   * element i·pvals.length + j counts category j in sample i. Int32Array while n ≤ 2^31 − 1, else
   * Float64Array; a typed array whose length is a multiple of pvals.length is filled in place.
   */
  multinomial(n: number, pvals: ArrayLike<number>, out: Int32Array): Int32Array;
  multinomial(n: number, pvals: ArrayLike<number>, out: Float64Array): Float64Array;
  multinomial(n: number, pvals: ArrayLike<number>, size?: number): Int32Array | Float64Array;
  multinomial(n: number, pvals: ArrayLike<number>, size?: number | Int32Array | Float64Array): Int32Array | Float64Array {
    return this.#draw('multinomial', () => planMultinomial(n, pvals, size));
  }
  multinomialAsync(n: number, pvals: ArrayLike<number>, out: Int32Array): Promise<Int32Array>;
  multinomialAsync(n: number, pvals: ArrayLike<number>, out: Float64Array): Promise<Float64Array>;
  multinomialAsync(n: number, pvals: ArrayLike<number>, size: number): Promise<Int32Array | Float64Array>;
  multinomialAsync(n: number, pvals: ArrayLike<number>, size: number | Int32Array | Float64Array): Promise<Int32Array | Float64Array> {
    return this.#drawAsync('multinomialAsync', () => planMultinomial(n, pvals, size));
  }

  /**
   * A standard normal truncated to [lower, upper] (JAX's bounds; ±Infinity allowed), then
   * mean + std·z: inversion of the normal CDF with exact, library-owned Φ and Φ⁻¹
   * (docs/draws-discrete.md). PyTorch's trunc_normal_(mean, std, a, b) is
   * truncatedNormal((a − mean)/std, (b − mean)/std, size, { mean, std }).
   */
  truncatedNormal(lower: number, upper: number, size?: undefined, options?: { mean?: number; std?: number }): number;
  truncatedNormal(lower: number, upper: number, size: number | Float64Array, options?: { mean?: number; std?: number }): Float64Array;
  truncatedNormal(lower: number, upper: number, out: Float32Array, options?: { mean?: number; std?: number }): Float32Array;
  truncatedNormal(
    lower: number,
    upper: number,
    size?: number | Float64Array | Float32Array,
    options?: { mean?: number; std?: number },
  ): number | Float64Array | Float32Array {
    return this.#draw('truncatedNormal', () => planTruncatedNormal(lower, upper, size, options));
  }
  truncatedNormalAsync(lower: number, upper: number, size: number | Float64Array, options?: { mean?: number; std?: number }): Promise<Float64Array>;
  truncatedNormalAsync(lower: number, upper: number, out: Float32Array, options?: { mean?: number; std?: number }): Promise<Float32Array>;
  truncatedNormalAsync(
    lower: number,
    upper: number,
    size: number | Float64Array | Float32Array,
    options?: { mean?: number; std?: number },
  ): Promise<Float64Array | Float32Array> {
    return this.#drawAsync('truncatedNormalAsync', () => planTruncatedNormal(lower, upper, size, options)) as Promise<Float64Array | Float32Array>;
  }

  // NumPy's continuous distributions (src/draws/ziggurat.ts, gamma.ts, beta.ts, geometric.ts, multivariate-normal.ts)

  /** Standard normals by NumPy's ziggurat: NumPy's standard_normal(size) (docs/draws-continuous.md). */
  standardNormal(): number;
  standardNormal(size: number | Float64Array): Float64Array;
  standardNormal(size?: number | Float64Array): number | Float64Array {
    return this.#draw('standardNormal', () => planStandardNormal(size));
  }
  standardNormalAsync(size: number | Float64Array): Promise<Float64Array> {
    return this.#drawAsync('standardNormalAsync', () => planStandardNormal(size)) as Promise<Float64Array>;
  }

  /** scale·standard exponential (ziggurat), scale ≥ 0: NumPy's exponential(scale, size). */
  exponential(scale?: number): number;
  exponential(scale: number, size: number | Float64Array): Float64Array;
  exponential(scale = 1, size?: number | Float64Array): number | Float64Array {
    return this.#draw('exponential', () => planExponential(scale, size));
  }
  exponentialAsync(scale: number, size: number | Float64Array): Promise<Float64Array> {
    return this.#drawAsync('exponentialAsync', () => planExponential(scale, size)) as Promise<Float64Array>;
  }

  /** Gamma(shape, scale), shape ≥ 0 and scale ≥ 0 (0 gives 0): NumPy's gamma(shape, scale, size). */
  gamma(shape: number, scale?: number): number;
  gamma(shape: number, scale: number, size: number | Float64Array): Float64Array;
  gamma(shape: number, scale = 1, size?: number | Float64Array): number | Float64Array {
    return this.#draw('gamma', () => planGamma(shape, scale, size));
  }
  gammaAsync(shape: number, scale: number, size: number | Float64Array): Promise<Float64Array> {
    return this.#drawAsync('gammaAsync', () => planGamma(shape, scale, size)) as Promise<Float64Array>;
  }

  /** Beta(a, b), a > 0 and b > 0: NumPy's beta(a, b, size). */
  beta(a: number, b: number): number;
  beta(a: number, b: number, size: number | Float64Array): Float64Array;
  beta(a: number, b: number, size?: number | Float64Array): number | Float64Array {
    return this.#draw('beta', () => planBeta(a, b, size));
  }

  /** Chi-square with df > 0 degrees of freedom: NumPy's chisquare(df, size). */
  chisquare(df: number): number;
  chisquare(df: number, size: number | Float64Array): Float64Array;
  chisquare(df: number, size?: number | Float64Array): number | Float64Array {
    return this.#draw('chisquare', () => planChisquare(df, size));
  }

  /** Student's t with df > 0 degrees of freedom: NumPy's standard_t(df, size). */
  standardT(df: number): number;
  standardT(df: number, size: number | Float64Array): Float64Array;
  standardT(df: number, size?: number | Float64Array): number | Float64Array {
    return this.#draw('standardT', () => planStandardT(df, size));
  }

  /**
   * Dirichlet(alpha), every α ≥ 0: NumPy's dirichlet(alpha, size). One vector of K = alpha.length
   * values, or `size` vectors row-major in one Float64Array of size·K.
   */
  dirichlet(alpha: ArrayLike<number>, size?: number | Float64Array): Float64Array {
    return this.#draw('dirichlet', () => planDirichlet(alpha, size));
  }

  /** Trials up to the first success, 0 < p ≤ 1, as doubles: NumPy's geometric(p, size). */
  geometric(p: number): number;
  geometric(p: number, size: number | Float64Array): Float64Array;
  geometric(p: number, size?: number | Float64Array): number | Float64Array {
    return this.#draw('geometric', () => planGeometric(p, size));
  }

  /** Pareto II (Lomax) with a > 0, expm1(E/a): NumPy's pareto(a, size). */
  pareto(a: number): number;
  pareto(a: number, size: number | Float64Array): Float64Array;
  pareto(a: number, size?: number | Float64Array): number | Float64Array {
    return this.#draw('pareto', () => planPareto(a, size));
  }

  /** Weibull with shape a ≥ 0: NumPy's weibull(a, size). */
  weibull(a: number): number;
  weibull(a: number, size: number | Float64Array): Float64Array;
  weibull(a: number, size?: number | Float64Array): number | Float64Array {
    return this.#draw('weibull', () => planWeibull(a, size));
  }

  /** Power distribution with a > 0: NumPy's power(a, size). */
  power(a: number): number;
  power(a: number, size: number | Float64Array): Float64Array;
  power(a: number, size?: number | Float64Array): number | Float64Array {
    return this.#draw('power', () => planPower(a, size));
  }

  /** Rayleigh with scale ≥ 0: NumPy's rayleigh(scale, size). */
  rayleigh(scale?: number): number;
  rayleigh(scale: number, size: number | Float64Array): Float64Array;
  rayleigh(scale = 1, size?: number | Float64Array): number | Float64Array {
    return this.#draw('rayleigh', () => planRayleigh(scale, size));
  }

  /** Laplace(loc, scale), scale ≥ 0: NumPy's laplace(loc, scale, size). */
  laplace(loc?: number, scale?: number): number;
  laplace(loc: number, scale: number, size: number | Float64Array): Float64Array;
  laplace(loc = 0, scale = 1, size?: number | Float64Array): number | Float64Array {
    return this.#draw('laplace', () => planLaplace(loc, scale, size));
  }

  /** Gumbel(loc, scale), scale ≥ 0: NumPy's gumbel(loc, scale, size). */
  gumbel(loc?: number, scale?: number): number;
  gumbel(loc: number, scale: number, size: number | Float64Array): Float64Array;
  gumbel(loc = 0, scale = 1, size?: number | Float64Array): number | Float64Array {
    return this.#draw('gumbel', () => planGumbel(loc, scale, size));
  }

  /** Logistic(loc, scale), scale ≥ 0: NumPy's logistic(loc, scale, size). */
  logistic(loc?: number, scale?: number): number;
  logistic(loc: number, scale: number, size: number | Float64Array): Float64Array;
  logistic(loc = 0, scale = 1, size?: number | Float64Array): number | Float64Array {
    return this.#draw('logistic', () => planLogistic(loc, scale, size));
  }

  /** Triangular(left, mode, right), left ≤ mode ≤ right and left < right: NumPy's triangular. */
  triangular(left: number, mode: number, right: number): number;
  triangular(left: number, mode: number, right: number, size: number | Float64Array): Float64Array;
  triangular(left: number, mode: number, right: number, size?: number | Float64Array): number | Float64Array {
    return this.#draw('triangular', () => planTriangular(left, mode, right, size));
  }

  /** Wald (inverse Gaussian), mean > 0 and scale > 0: NumPy's wald(mean, scale, size). */
  wald(mean: number, scale: number): number;
  wald(mean: number, scale: number, size: number | Float64Array): Float64Array;
  wald(mean: number, scale: number, size?: number | Float64Array): number | Float64Array {
    return this.#draw('wald', () => planWald(mean, scale, size));
  }

  /** Standard Cauchy, a ratio of two ziggurat normals: NumPy's standard_cauchy(size). */
  standardCauchy(): number;
  standardCauchy(size: number | Float64Array): Float64Array;
  standardCauchy(size?: number | Float64Array): number | Float64Array {
    return this.#draw('standardCauchy', () => planStandardCauchy(size));
  }

  /** Von Mises angles in [−π, π], kappa ≥ 0: NumPy's vonmises(mu, kappa, size). */
  vonmises(mu: number, kappa: number): number;
  vonmises(mu: number, kappa: number, size: number | Float64Array): Float64Array;
  vonmises(mu: number, kappa: number, size?: number | Float64Array): number | Float64Array {
    return this.#draw('vonmises', () => planVonmises(mu, kappa, size));
  }

  /** F(dfnum, dfden), both > 0: NumPy's f(dfnum, dfden, size). */
  f(dfnum: number, dfden: number): number;
  f(dfnum: number, dfden: number, size: number | Float64Array): Float64Array;
  f(dfnum: number, dfden: number, size?: number | Float64Array): number | Float64Array {
    return this.#draw('f', () => planF(dfnum, dfden, size));
  }

  /** Noncentral chi-square, df > 0 and nonc ≥ 0: NumPy's noncentral_chisquare(df, nonc, size). */
  noncentralChisquare(df: number, nonc: number): number;
  noncentralChisquare(df: number, nonc: number, size: number | Float64Array): Float64Array;
  noncentralChisquare(df: number, nonc: number, size?: number | Float64Array): number | Float64Array {
    return this.#draw('noncentralChisquare', () => planNoncentralChisquare(df, nonc, size));
  }

  /** Noncentral F, dfnum > 0, dfden > 0 and nonc ≥ 0: NumPy's noncentral_f(dfnum, dfden, nonc, size). */
  noncentralF(dfnum: number, dfden: number, nonc: number): number;
  noncentralF(dfnum: number, dfden: number, nonc: number, size: number | Float64Array): Float64Array;
  noncentralF(dfnum: number, dfden: number, nonc: number, size?: number | Float64Array): number | Float64Array {
    return this.#draw('noncentralF', () => planNoncentralF(dfnum, dfden, nonc, size));
  }

  /** Failures before n successes (n > 0, 0 < p ≤ 1), as doubles: NumPy's negative_binomial(n, p, size). */
  negativeBinomial(n: number, p: number): number;
  negativeBinomial(n: number, p: number, size: number | Float64Array): Float64Array;
  negativeBinomial(n: number, p: number, size?: number | Float64Array): number | Float64Array {
    return this.#draw('negativeBinomial', () => planNegativeBinomial(n, p, size));
  }

  /** Zipf with a > 1, as doubles: NumPy's zipf(a, size). */
  zipf(a: number): number;
  zipf(a: number, size: number | Float64Array): Float64Array;
  zipf(a: number, size?: number | Float64Array): number | Float64Array {
    return this.#draw('zipf', () => planZipf(a, size));
  }

  /** Logarithmic series with 0 ≤ p < 1, as doubles: NumPy's logseries(p, size). */
  logseries(p: number): number;
  logseries(p: number, size: number | Float64Array): Float64Array;
  logseries(p: number, size?: number | Float64Array): number | Float64Array {
    return this.#draw('logseries', () => planLogseries(p, size));
  }

  /**
   * Multivariate normal by a Cholesky factor of cov (our exact definition; NumPy's default SVD is not
   * reproduced): one vector of d = mean.length values, or `size` vectors row-major in one Float64Array.
   */
  multivariateNormal(mean: ArrayLike<number>, cov: ArrayLike<number> | ArrayLike<ArrayLike<number>>, size?: number | Float64Array, options?: MultivariateNormalOptions): Float64Array {
    return this.#draw('multivariateNormal', () => planMultivariateNormal(mean, cov, size, options));
  }

  /**
   * Good items among nsample drawn without replacement from ngood good and nbad bad ones (integers
   * in [0, 10^9), nsample ≤ ngood + nbad), as doubles: NumPy's hypergeometric(ngood, nbad, nsample, size).
   */
  hypergeometric(ngood: number, nbad: number, nsample: number): number;
  hypergeometric(ngood: number, nbad: number, nsample: number, size: number | Float64Array): Float64Array;
  hypergeometric(ngood: number, nbad: number, nsample: number, size?: number | Float64Array): number | Float64Array {
    return this.#draw('hypergeometric', () => planHypergeometric(ngood, nbad, nsample, size));
  }

  /**
   * Counts per colour among nsample drawn without replacement: NumPy's multivariate_hypergeometric
   * (method 'marginals' or 'count'). One vector of K = colors.length counts, or `size` vectors
   * row-major in one Float64Array (a Float64Array given is filled with whole vectors).
   */
  multivariateHypergeometric(colors: ArrayLike<number>, nsample: number, size?: number | Float64Array, method?: MultivariateHypergeometricMethod): Float64Array {
    return this.#draw('multivariateHypergeometric', () => planMultivariateHypergeometric(colors, nsample, size, method));
  }

  uint32(n: number, options: DeviceOutputOptions): DeviceArray<'uint32'>;
  uint32(nOrOut: NOrOut<'uint32'>, options?: HostOutputOptions): Uint32Array;
  uint32(nOrOut: NOrOut<'uint32'>, options?: OutputOptions): Uint32Array | DeviceArray<'uint32'> {
    Generator.#receiver(this, 'uint32');
    return this.#run('uint32', nOrOut, 0, 0, options);
  }
  uniform(n: number, options: DeviceOutputOptions): DeviceArray<'uniform'>;
  uniform(nOrOut: NOrOut<'uniform'>, options?: HostOutputOptions): Float32Array;
  uniform(nOrOut: NOrOut<'uniform'>, options?: OutputOptions): Float32Array | DeviceArray<'uniform'> {
    Generator.#receiver(this, 'uniform');
    return this.#run('uniform', nOrOut, 0, 0, options);
  }
  uniformDouble(n: number, options: DeviceOutputOptions): DeviceArray<'uniformDouble'>;
  uniformDouble(nOrOut: NOrOut<'uniformDouble'>, options?: HostOutputOptions): Float64Array;
  uniformDouble(nOrOut: NOrOut<'uniformDouble'>, options?: OutputOptions): Float64Array | DeviceArray<'uniformDouble'> {
    Generator.#receiver(this, 'uniformDouble');
    return this.#run('uniformDouble', nOrOut, 0, 0, options);
  }
  normal(n: number, mean: number | undefined, stddev: number | undefined, options: DeviceOutputOptions): DeviceArray<'normal'>;
  normal(nOrOut: NOrOut<'normal'>, mean?: number, stddev?: number, options?: HostOutputOptions): Float32Array;
  normal(nOrOut: NOrOut<'normal'>, mean = 0, stddev = 1, options?: OutputOptions): Float32Array | DeviceArray<'normal'> {
    Generator.#receiver(this, 'normal');
    return this.#run('normal', nOrOut, mean, stddev, options);
  }
  normalDouble(n: number, mean: number | undefined, stddev: number | undefined, options: DeviceOutputOptions): DeviceArray<'normalDouble'>;
  normalDouble(nOrOut: NOrOut<'normalDouble'>, mean?: number, stddev?: number, options?: HostOutputOptions): Float64Array;
  normalDouble(nOrOut: NOrOut<'normalDouble'>, mean = 0, stddev = 1, options?: OutputOptions): Float64Array | DeviceArray<'normalDouble'> {
    Generator.#receiver(this, 'normalDouble');
    return this.#run('normalDouble', nOrOut, mean, stddev, options);
  }
  logNormal(n: number, mean: number | undefined, stddev: number | undefined, options: DeviceOutputOptions): DeviceArray<'logNormal'>;
  logNormal(nOrOut: NOrOut<'logNormal'>, mean?: number, stddev?: number, options?: HostOutputOptions): Float32Array;
  logNormal(nOrOut: NOrOut<'logNormal'>, mean = 0, stddev = 1, options?: OutputOptions): Float32Array | DeviceArray<'logNormal'> {
    Generator.#receiver(this, 'logNormal');
    return this.#run('logNormal', nOrOut, mean, stddev, options);
  }
  logNormalDouble(n: number, mean: number | undefined, stddev: number | undefined, options: DeviceOutputOptions): DeviceArray<'logNormalDouble'>;
  logNormalDouble(nOrOut: NOrOut<'logNormalDouble'>, mean?: number, stddev?: number, options?: HostOutputOptions): Float64Array;
  logNormalDouble(nOrOut: NOrOut<'logNormalDouble'>, mean = 0, stddev = 1, options?: OutputOptions): Float64Array | DeviceArray<'logNormalDouble'> {
    Generator.#receiver(this, 'logNormalDouble');
    return this.#run('logNormalDouble', nOrOut, mean, stddev, options);
  }
  poisson(n: number, lambda: number, options: DeviceOutputOptions): DeviceArray<'poisson'>;
  poisson(nOrOut: NOrOut<'poisson'>, lambda: number, options?: HostOutputOptions): Uint32Array;
  poisson(nOrOut: NOrOut<'poisson'>, lambda: number, options?: OutputOptions): Uint32Array | DeviceArray<'poisson'> {
    Generator.#receiver(this, 'poisson');
    return this.#run('poisson', nOrOut, lambda, 0, options);
  }

  uint32Async(n: number, options: DeviceOutputOptions): Promise<DeviceArray<'uint32'>>;
  uint32Async(nOrOut: NOrOut<'uint32'>, options?: HostOutputOptions): Promise<Uint32Array>;
  uint32Async(nOrOut: NOrOut<'uint32'>, options?: OutputOptions): Promise<Uint32Array | DeviceArray<'uint32'>> {
    if (!Generator.#is(this)) return Promise.reject(notAGenerator('uint32Async'));
    return this.#runAsync('uint32', nOrOut, 0, 0, options);
  }
  uniformAsync(n: number, options: DeviceOutputOptions): Promise<DeviceArray<'uniform'>>;
  uniformAsync(nOrOut: NOrOut<'uniform'>, options?: HostOutputOptions): Promise<Float32Array>;
  uniformAsync(nOrOut: NOrOut<'uniform'>, options?: OutputOptions): Promise<Float32Array | DeviceArray<'uniform'>> {
    if (!Generator.#is(this)) return Promise.reject(notAGenerator('uniformAsync'));
    return this.#runAsync('uniform', nOrOut, 0, 0, options);
  }
  uniformDoubleAsync(n: number, options: DeviceOutputOptions): Promise<DeviceArray<'uniformDouble'>>;
  uniformDoubleAsync(nOrOut: NOrOut<'uniformDouble'>, options?: HostOutputOptions): Promise<Float64Array>;
  uniformDoubleAsync(nOrOut: NOrOut<'uniformDouble'>, options?: OutputOptions): Promise<Float64Array | DeviceArray<'uniformDouble'>> {
    if (!Generator.#is(this)) return Promise.reject(notAGenerator('uniformDoubleAsync'));
    return this.#runAsync('uniformDouble', nOrOut, 0, 0, options);
  }
  normalAsync(n: number, mean: number | undefined, stddev: number | undefined, options: DeviceOutputOptions): Promise<DeviceArray<'normal'>>;
  normalAsync(nOrOut: NOrOut<'normal'>, mean?: number, stddev?: number, options?: HostOutputOptions): Promise<Float32Array>;
  normalAsync(nOrOut: NOrOut<'normal'>, mean = 0, stddev = 1, options?: OutputOptions): Promise<Float32Array | DeviceArray<'normal'>> {
    if (!Generator.#is(this)) return Promise.reject(notAGenerator('normalAsync'));
    return this.#runAsync('normal', nOrOut, mean, stddev, options);
  }
  normalDoubleAsync(n: number, mean: number | undefined, stddev: number | undefined, options: DeviceOutputOptions): Promise<DeviceArray<'normalDouble'>>;
  normalDoubleAsync(nOrOut: NOrOut<'normalDouble'>, mean?: number, stddev?: number, options?: HostOutputOptions): Promise<Float64Array>;
  normalDoubleAsync(nOrOut: NOrOut<'normalDouble'>, mean = 0, stddev = 1, options?: OutputOptions): Promise<Float64Array | DeviceArray<'normalDouble'>> {
    if (!Generator.#is(this)) return Promise.reject(notAGenerator('normalDoubleAsync'));
    return this.#runAsync('normalDouble', nOrOut, mean, stddev, options);
  }
  logNormalAsync(n: number, mean: number | undefined, stddev: number | undefined, options: DeviceOutputOptions): Promise<DeviceArray<'logNormal'>>;
  logNormalAsync(nOrOut: NOrOut<'logNormal'>, mean?: number, stddev?: number, options?: HostOutputOptions): Promise<Float32Array>;
  logNormalAsync(nOrOut: NOrOut<'logNormal'>, mean = 0, stddev = 1, options?: OutputOptions): Promise<Float32Array | DeviceArray<'logNormal'>> {
    if (!Generator.#is(this)) return Promise.reject(notAGenerator('logNormalAsync'));
    return this.#runAsync('logNormal', nOrOut, mean, stddev, options);
  }
  logNormalDoubleAsync(n: number, mean: number | undefined, stddev: number | undefined, options: DeviceOutputOptions): Promise<DeviceArray<'logNormalDouble'>>;
  logNormalDoubleAsync(nOrOut: NOrOut<'logNormalDouble'>, mean?: number, stddev?: number, options?: HostOutputOptions): Promise<Float64Array>;
  logNormalDoubleAsync(nOrOut: NOrOut<'logNormalDouble'>, mean = 0, stddev = 1, options?: OutputOptions): Promise<Float64Array | DeviceArray<'logNormalDouble'>> {
    if (!Generator.#is(this)) return Promise.reject(notAGenerator('logNormalDoubleAsync'));
    return this.#runAsync('logNormalDouble', nOrOut, mean, stddev, options);
  }
  poissonAsync(n: number, lambda: number, options: DeviceOutputOptions): Promise<DeviceArray<'poisson'>>;
  poissonAsync(nOrOut: NOrOut<'poisson'>, lambda: number, options?: HostOutputOptions): Promise<Uint32Array>;
  poissonAsync(nOrOut: NOrOut<'poisson'>, lambda: number, options?: OutputOptions): Promise<Uint32Array | DeviceArray<'poisson'>> {
    if (!Generator.#is(this)) return Promise.reject(notAGenerator('poissonAsync'));
    return this.#runAsync('poisson', nOrOut, lambda, 0, options);
  }

  /**
   * Runs the generator's pending set-up now, in slices that keep the event loop responsive, so that
   * later calls start at once: MT19937's jumps to its 8192 streams on the CPU backends (a few
   * seconds; README), and after fromState the catch-up to the restored position where it takes
   * generating — MTGP32's blocks on the CPU backends, cuRAND's discarding for MTGP32 and MT19937 on
   * the native ones (docs/reproducibility.md). It otherwise runs inside the calls that need it.
   * Elsewhere this resolves at once (cuRAND's own MT19937 set-up runs inside its first call).
   * `onProgress(done, total)` follows the set-up in steps (stream jumps, slices of words). Async calls
   * made after it wait for it, like any async call.
   */
  prepareAsync(options: { onProgress?: (done: number, total: number) => void } = {}): Promise<void> {
    if (!Generator.#is(this)) return Promise.reject(notAGenerator('prepareAsync'));
    let onProgress: ((done: number, total: number) => void) | undefined;
    try {
      if (!isObjectLike(options)) throw new TypeError('options must be an object ({ onProgress? })');
      onProgress = options.onProgress;
      if (onProgress !== undefined && typeof onProgress !== 'function') throw new TypeError('options.onProgress must be a function');
    } catch (error) {
      return Promise.reject(error);
    }
    if (this.#disposed) return Promise.reject(disposedError('prepareAsync'));
    return this.#enqueue('prepareAsync', async () => this.#backend.prepareAsync?.(Infinity, onProgress));
  }

  /**
   * Elements [start, end) of the stream that a fresh generator with this seed, offset and ordering
   * writes when asked only for `dist` — without generating what comes before `start` and without
   * moving this generator. Counter-based algorithms only (Philox): N workers or machines can each
   * compute a slice, and the concatenation equals one sequential run. (a, b) as for the generate
   * call: (mean, stddev), or lambda for poisson.
   */
  slice<D extends Distribution>(dist: D, start: bigint | number, end: bigint | number, a?: number, b?: number): OutputOf<D> {
    Generator.#receiver(this, 'slice');
    if (this.#disposed) throw disposedError('slice');
    const d = toChoice(dist, 'dist', DISTRIBUTIONS) as D;
    const from = toUint64(start, 'start');
    // end is exclusive: the stream's last element, 2^64 − 1, ends at 2^64.
    const to = end === UINT64_LIMIT ? UINT64_LIMIT : toUint64(end, 'end');
    if (to < from || to - from > BigInt(MAX_LENGTH)) {
      throw new RangeError(`end must be in [start, min(start + ${MAX_LENGTH}, 2^64)], got start ${from}, end ${to}`);
    }
    if (!ALGORITHM_TRAITS[this.algorithm].randomAccess) {
      throw new CurandError(
        'ERR_CURAND_UNSUPPORTED',
        `${this.algorithm} is not counter-based: slices need 'philox4x32-10'`,
        { operation: 'slice' },
      );
    }
    const [out, pa, pb] = this.#prepare(d, Number(to - from), given(a, d === 'poisson' ? NaN : 0), given(b, 1));
    const origin = { seed: this.#seed, offset: this.#offset, ordering: this.#ordering };
    if (out.length > 0) this.#backend.slice(d, origin, from, out.target as OutputArray, pa, pb);
    return out.result;
  }

  /** Element `index` of the stream of `dist` calls (see slice); `uint32` by default. */
  at(index: bigint | number, dist: Distribution = 'uint32', a?: number, b?: number): number {
    Generator.#receiver(this, 'at');
    const i = toUint64(index, 'index');
    return this.slice(dist, i, i + 1n, a, b)[0] as number;
  }

  /**
   * n new generators with this one's algorithm, ordering, backend, device and hostMath, seeded as
   * NumPy's SeedSequence.spawn seeds children (seed.ts): child k of a generator seeded with s gets
   * deriveSeed(s, k); later calls continue the count; a child's children extend the key
   * (deriveSeed(s, k, j)). The stream of child k is therefore the same however many children
   * are made, and by whom.
   */
  spawn(n: number): Generator[] {
    Generator.#receiver(this, 'spawn');
    if (this.#disposed) throw disposedError('spawn');
    return spawnChildren(
      this,
      n,
      (seed) =>
        new Generator({
          algorithm: this.algorithm,
          seed,
          ordering: this.#ordering,
          backend: this.#backend.name,
          device: this.#backend.device as DeviceSpec,
          hostMath: this.#hostMath,
          ...this.#cpu,
        }),
    );
  }

  /** Frees the backend's resources; every later call throws. Idempotent. */
  dispose(): void {
    Generator.#receiver(this, 'dispose');
    if (this.#disposed) return;
    this.#disposed = true;
    this.#backend.dispose();
  }

  [Symbol.dispose](): void {
    Generator.#receiver(this, '[Symbol.dispose]');
    this.dispose();
  }

  static #is(self: unknown): self is Generator {
    return typeof self === 'object' && self !== null && #disposed in self;
  }

  /** Methods called on anything but a Generator (`const { uint32 } = g; uint32(4)`) throw a TypeError that says so. */
  static #receiver(self: unknown, method: string): void {
    if (!Generator.#is(self)) throw notAGenerator(method);
  }

  #checkOffset(offset: unknown): bigint {
    const o = toUint64(offset, 'offset');
    const support = ALGORITHM_TRAITS[this.algorithm].offset;
    if (support !== true) {
      throw unsupported(`${this.algorithm} does not support offsets`, support, 'curandSetGeneratorOffset');
    }
    return o;
  }

  #checkOrdering(ordering: unknown): Ordering {
    const o = toChoice(ordering, 'ordering', ORDERINGS);
    const traits = ALGORITHM_TRAITS[this.algorithm];
    if (traits.unresolvedOrderings.includes(o)) {
      throw new CurandError(
        'ERR_CURAND_NOT_IMPLEMENTED',
        `ordering '${o}' of ${this.algorithm} is accepted by cuRAND, but its layout is not known, so node-curand refuses it on every backend (accepted: ${traits.orderings.map((x) => `'${x}'`).join(', ')})`,
        { operation: 'curandSetGeneratorOrdering' },
      );
    }
    if (!traits.orderings.includes(o)) {
      throw unsupported(
        `ordering '${o}' is not supported by ${this.algorithm} (accepted: ${traits.orderings.map((x) => `'${x}'`).join(', ')})`,
        traits.rejectedOrdering,
        'curandSetGeneratorOrdering',
      );
    }
    return o as Ordering;
  }

  /** Throws when a call cannot run now; `restart`: setSeed/setOffset/setOrdering, which clear a lost position. */
  #usable(operation: string, restart = false): void {
    if (this.#disposed) throw disposedError(operation);
    if (this.#pending > 0) {
      throw new CurandError(
        'ERR_CURAND_BUSY',
        `${operation}: an async call on this generator is still running; await it first (calls take effect in order)`,
        { operation },
      );
    }
    if (!restart) this.#positioned(operation);
  }

  #positioned(operation: string): void {
    if (this.#lost !== null) {
      throw new CurandError('ERR_CURAND_STATE', `${operation}: ${this.#lost}; restart the stream with setSeed, setOffset or setOrdering`, { operation });
    }
  }

  /** Validates one generate call; returns the output and the checked parameters. */
  #prepare<D extends Distribution>(dist: D, nOrOut: NOrOut<D>, a: number, b: number, shared = false): [ResolvedOutput<OutputOf<D>>, number, number] {
    const out = toOutput(dist, nOrOut, shared) as ResolvedOutput<OutputOf<D>>;
    if (dist === 'poisson') {
      // NaN and ±∞ get the range too: cuRAND itself returns zeros (Philox) or corrupts its heap
      // (MTGP32) for NaN (docs/poisson.md), so the message says what is accepted.
      if (typeof a !== 'number') toFinite(a, 'lambda');
      if (!(a > 0 && a <= POISSON_MAX_LAMBDA)) throw new RangeError(`lambda must be in (0, ${POISSON_MAX_LAMBDA}], got ${a}`);
      return [out, a, 0];
    }
    const mean = toFinite(a, 'mean');
    const stddev = toFinite(b, 'stddev');
    // cuRAND takes any stddev (docs/spec/curand-host-semantics.md §2.7), but a negative one is a
    // caller's mistake: NumPy (scale < 0) and PyTorch (std >= 0) refuse it and allow 0, and so does this.
    if (stddev < 0) throw new RangeError(`stddev must be a finite number in [0, ∞), got ${stddev}`);
    const traits = ALGORITHM_TRAITS[this.algorithm];
    if (traits.oddNormals !== true && out.length % 2 !== 0 && consumptionOf(this.algorithm, dist, mean, stddev).pairs) {
      // XORWOW and MRG32k3a fill whole Box–Muller pairs (docs/spec/curand-more-generators.md §5).
      throw unsupported(`${this.algorithm} generates ${dist} values in pairs: the length must be even, got ${out.length}`, traits.oddNormals, curandFunction(dist));
    }
    return [out, mean, stddev];
  }

  #run<D extends Distribution>(dist: D, nOrOut: NOrOut<D>, a: number, b: number, options: unknown): OutputOf<D> | DeviceArray<D> {
    this.#usable(dist);
    const where = toOutputOptions(options);
    if (where.device) {
      const [n, pa, pb] = this.#prepareDevice(dist, nOrOut, a, b);
      return this.#onDevice(dist, n, pa, pb);
    }
    const [out, pa, pb] = this.#prepare(dist, where.pinned ? this.#pinnedOutput(dist, nOrOut, a, b) : nOrOut, a, b);
    if (out.length > 0) this.#backend.generate(dist, out.target as OutputArray, pa, pb);
    return out.result;
  }

  /**
   * Validates a device-resident call as #prepare does a host-bound one; returns the length and the
   * checked parameters. Device generators take normals only in pairs (curand.h: "n must be even"
   * for pseudo-random normals), and a DeviceArray is one cuRAND call, so an odd length is refused here.
   */
  #prepareDevice<D extends Distribution>(dist: D, nOrOut: NOrOut<D>, a: number, b: number): [number, number, number] {
    if (typeof nOrOut !== 'number') {
      throw new TypeError(`${dist}(): options.device allocates the device memory itself: pass a length, not an array to fill`);
    }
    const n = toInteger(nOrOut, 'n', 0, MAX_LENGTH);
    const [, pa, pb] = this.#prepare(dist, 0 as NOrOut<D>, a, b);
    if (n % 2 !== 0 && PAIRED_ON_DEVICE.has(dist)) {
      throw unsupported(`${dist} with options.device needs an even length (cuRAND's device generators write normals in pairs), got ${n}`, 'CURAND_STATUS_LENGTH_NOT_MULTIPLE', curandFunction(dist));
    }
    if (this.#backend.generateToDevice === undefined) {
      throw new CurandError(
        'ERR_CURAND_BACKEND_UNAVAILABLE',
        `${dist}(): options.device keeps values in GPU memory, which only the 'cuda' backend has; this generator runs on '${this.#backend.name}' (${this.#backend.device})`,
        { operation: dist },
      );
    }
    return [n, pa, pb];
  }

  /** A checked device-resident call. */
  #onDevice<D extends Distribution>(dist: D, n: number, a: number, b: number): DeviceArray<D> {
    return (this.#backend.generateToDevice as NonNullable<Backend['generateToDevice']>)(dist, n, a, b);
  }

  /**
   * options.pinned: the output for a length, allocated in page-locked memory where the backend has
   * it (else the length, for an ordinary array). The parameters are checked first, so that a refused
   * call pins nothing.
   */
  #pinnedOutput<D extends Distribution>(dist: D, nOrOut: NOrOut<D>, a: number, b: number): NOrOut<D> {
    if (typeof nOrOut !== 'number') {
      throw new TypeError(`${dist}(): options.pinned allocates the output itself: pass a length (an array passed in is filled where it is)`);
    }
    const n = toInteger(nOrOut, 'n', 0, MAX_LENGTH);
    this.#prepare(dist, 0 as NOrOut<D>, a, b);
    return (this.#backend.allocPinned?.(dist, n) as OutputOf<D> | null | undefined) ?? n;
  }

  /**
   * An async call. No thread but this one ever writes memory the caller can take away: outputs the
   * call allocates live in a SharedArrayBuffer where the backend writes from other threads, a caller's
   * SharedArrayBuffer is written in place, and a caller's array over an ordinary ArrayBuffer (which
   * may be transferred or resized at any await) gets a guard that the backend checks before writing
   * it on this thread (Backend.generateAsync). A call whose output was taken away rejects with
   * ERR_CURAND_OUTPUT_DETACHED, and the state is put back as it was (README, "Async calls").
   */
  #runAsync<D extends Distribution>(dist: D, nOrOut: NOrOut<D>, a: number, b: number, options: unknown): Promise<OutputOf<D> | DeviceArray<D>> {
    const operation = `${dist}Async`;
    let out: ResolvedOutput<OutputOf<D>>;
    let pa: number;
    let pb: number;
    try {
      if (this.#disposed) throw disposedError(operation);
      const where = toOutputOptions(options);
      if (where.device) {
        const [n, da, db] = this.#prepareDevice(dist, nOrOut, a, b);
        // The launch itself does not wait for the GPU; only a pending catch-up (prepareAsync) would block.
        return this.#enqueue(operation, async () => {
          await this.#backend.prepareAsync?.(n);
          return this.#onDevice(dist, n, da, db);
        });
      }
      // A pinned output is the call's own, and the addon may write it from other threads.
      [out, pa, pb] = this.#prepare(dist, where.pinned ? this.#pinnedOutput(dist, nOrOut, a, b) : nOrOut, a, b, this.#backend.writesOffThread);
    } catch (error) {
      return Promise.reject(error);
    }
    const guarded = typeof nOrOut !== 'number' && !(intrinsicBuffer(out.target) instanceof SharedArrayBuffer);
    return this.#enqueue(operation, async () => {
      if (out.length === 0) return out.result;
      if (!guarded) {
        await this.#backend.generateAsync(dist, out.target as OutputArray, pa, pb, null);
        return out.result;
      }
      const guard = {
        check: () => {
          if (intrinsicLength(out.target) !== out.length) throw outputDetached(operation);
        },
      };
      const before = this.#backend.getEngineState();
      const position = this.#backend.position;
      try {
        await this.#backend.generateAsync(dist, out.target as OutputArray, pa, pb, guard);
      } catch (error) {
        if (this.#backend.position !== position) this.#putBack(before, operation);
        throw error;
      }
      return out.result;
    });
  }

  /**
   * Whether a scalar draw may run straight away: the checks of #draw that pass in the common case,
   * in one cheap test (scalar draws are what most code calls, and what Math.random is measured by).
   */
  #ready(): boolean {
    return Generator.#is(this) && !this.#disposed && this.#pending === 0 && this.#lost === null;
  }

  /** A draw: checked (nothing read yet), then run on the word buffer. */
  #draw<R>(method: string, plan: () => DrawPlan<R>): R {
    Generator.#receiver(this, method);
    this.#usable(method);
    return plan().run(this.#words);
  }

  /**
   * A draw's async twin: the words it needs at least are taken without blocking (in whole blocks,
   * from other threads where the backend can), then the draw runs on this thread. If the caller's
   * output was taken away meanwhile, the call rejects and the generator is put back as it was.
   */
  #drawAsync<R>(method: string, plan: () => DrawPlan<R>): Promise<R> {
    if (!Generator.#is(this)) return Promise.reject(notAGenerator(method));
    let checked: DrawPlan<R>;
    try {
      if (this.#disposed) throw disposedError(method);
      checked = plan();
    } catch (error) {
      return Promise.reject(error);
    }
    return this.#enqueue(method, async () => {
      const out = checked.output;
      const detached = (): boolean => out !== null && intrinsicLength(out.target) !== out.length;
      const blocks = WordBuffer.blocksFor(this.#words.available, checked.words);
      if (blocks > 0 && !detached()) {
        const before = this.#backend.getEngineState();
        const fresh = toOutput('uint32', blocks * WORD_BLOCK, this.#backend.writesOffThread).result;
        await this.#backend.generateAsync('uint32', fresh, 0, 0, null);
        if (detached()) this.#putBack(before, method);
        else this.#words.append(fresh);
      }
      if (detached()) throw outputDetached(method);
      return checked.run(this.#words);
    });
  }

  /** Restores the engine state saved before a failed async call, or records that it could not be. */
  #putBack(state: EngineState, operation: string): void {
    try {
      this.#backend.setEngineState(this.#seed, this.#ordering, state);
    } catch (error) {
      this.#lost = `the stream position is unknown: ${operation} failed after the '${this.#backend.name}' backend had moved on, and its earlier state cannot be restored there (${(error as Error).message})`;
    }
  }

  /** Runs `task` after every async call made before it; sync calls meanwhile throw ERR_CURAND_BUSY. */
  #enqueue<T>(operation: string, task: () => Promise<T>): Promise<T> {
    this.#pending++;
    const run = this.#queue.then(async () => {
      try {
        if (this.#disposed) throw disposedError(operation);
        this.#positioned(operation);
        return await task();
      } finally {
        this.#pending--;
      }
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }
}
