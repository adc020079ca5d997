/**
 * The whole surface of the native addon (`native/`), as one TypeScript type.
 * The addon trusts what it is given: every argument is validated in TypeScript before it gets here.
 * Bump NATIVE_ABI_VERSION (here and in native/addon.cc) whenever this surface changes.
 */

export const NATIVE_ABI_VERSION = 13;

/** The runtime-loaded NVIDIA libraries. */
export type LibraryName = 'curand' | 'cudart' | 'cublas' | 'cudnn';

export interface LibraryLoadAttempt {
  /** What was passed to dlopen: an absolute path, or a bare soname for the dynamic loader's own search. */
  candidate: string;
  /**
   * Why the candidate was not used: dlerror() text, a missing-symbol message, or, before any dlopen, what
   * is wrong with the file ("<path> is truncated: PT_LOAD segment 0 ends at byte …", "<path> is for
   * another architecture (machine …)", "<path> is not an ELF file"; for a bare soname, "<soname> would
   * load <path>, which is truncated: …"). Null for the attempt that succeeded.
   */
  error: string | null;
}

export interface LibraryStatus {
  loaded: boolean;
  /** The real path of the loaded file (from dlinfo), or null. */
  path: string | null;
  /**
   * The library's own version number: curandGetVersion (e.g. 10400), cudaRuntimeGetVersion (13000),
   * cublasGetProperty as major*10000+minor*100+patch (130101), cudnnGetVersion (92400). Null when not loaded.
   */
  version: number | null;
  /** Every dlopen attempt, in order, until one succeeded. Empty if loading was never attempted. */
  attempts: LibraryLoadAttempt[];
}

export interface CudaDeviceInfo {
  /** The ordinal as the CUDA runtime sees it (after CUDA_VISIBLE_DEVICES). */
  index: number;
  name: string;
  /** e.g. [8, 6] */
  computeCapability: [number, number];
  multiProcessorCount: number;
  totalMemoryBytes: number;
  /** 'GPU-xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx', as nvidia-smi prints it. */
  uuid: string;
}

export interface NativeFailure {
  status: number;
  statusName: string;
  operation: string;
}

export interface CudaStatus {
  /** cudaDriverGetVersion, or null when the runtime is not loaded or the call failed. */
  driverVersion: number | null;
  /** cudaRuntimeGetVersion, or null. */
  runtimeVersion: number | null;
  devices: CudaDeviceInfo[];
  /**
   * Why there are no devices: the failing call (cudaGetDeviceCount → cudaErrorInsufficientDriver, …);
   * null when devices were listed. Without libcudart: status -1, statusName 'LIBRARY_NOT_LOADED'.
   */
  error: NativeFailure | null;
}

/**
 * Properties the addon sets on every error it creates (through the factory given to setErrorFactory).
 * `operation` is the library function that failed (`curandSetGeneratorOrdering`, `cudaSetDevice`, …)
 * or, for failures the addon detects itself, the method (`generate`, `configure`, `NativeGenerator`).
 * A handle that cannot be used (disposed, never configured, libcurand not loaded) fails as cuRAND does
 * for a missing generator: ERR_CURAND_STATUS with CURAND_STATUS_NOT_INITIALIZED (101).
 */
export type NativeErrorProps =
  | { code: 'ERR_CURAND_STATUS' | 'ERR_CUDA_STATUS'; status: number; statusName: string; operation: string }
  /** A synchronous call (generate, configure) while generateAsync calls on the same handle are pending. */
  | { code: 'ERR_CURAND_BUSY'; operation: string };

/** Generate-call codes (the `kind` argument); the addon maps each to one cuRAND host-API function. */
export const NATIVE_KIND = {
  uint32: 0, // curandGenerate
  uniform: 1, // curandGenerateUniform
  uniformDouble: 2, // curandGenerateUniformDouble
  normal: 3, // curandGenerateNormal (mean, stddev)
  normalDouble: 4, // curandGenerateNormalDouble (mean, stddev)
  logNormal: 5, // curandGenerateLogNormal (mean, stddev)
  logNormalDouble: 6, // curandGenerateLogNormalDouble (mean, stddev)
  poisson: 7, // curandGeneratePoisson (lambda in `a`)
} as const;

export interface NativeConstants {
  /** curandRngType_t values, checked by static_assert against curand.h where it exists. */
  rngType: { philox4x32_10: number; mtgp32: number; xorwow: number; mrg32k3a: number; mt19937: number };
  /** curandOrdering_t values. */
  ordering: { best: number; default: number; seeded: number; legacy: number; dynamic: number };
}

export interface NativeGeneratorOptions {
  /** One of NativeConstants.rngType. */
  rngType: number;
  /** true: curandCreateGeneratorHost (CPU); false: curandCreateGenerator on `device`. */
  host: boolean;
  /** CUDA device ordinal for host === false; ignored otherwise. */
  device: number;
}

export interface NativeGeneratorHandle {
  /**
   * Creates a fresh cuRAND generator with these settings (ordering, then seed, then offset when
   * `setOffset` is true) and only then replaces and destroys the current one, so a failure leaves
   * the handle exactly as it was. A fresh generator is what makes `setSeed` restart the stream
   * (cuRAND's own mid-stream re-seed keeps a partial position: docs/spec/curand-host-semantics.md §2.6).
   */
  configure(seed: bigint, offset: bigint, setOffset: boolean, ordering: number): void;
  // A new handle holds no cuRAND generator: generate before the first configure() throws
  // CURAND_STATUS_NOT_INITIALIZED. The constructor throws the same when libcurand (or, for a
  // device generator, libcudart) is not loaded; device errors surface from configure().
  /**
   * Fills all of `out` (out.length elements) with one call of the cuRAND function for `kind`
   * (NATIVE_KIND), writing directly into its memory. `a`, `b` are (mean, stddev) for the normal and
   * log-normal kinds and (lambda, unused) for poisson. Host generators write in place, except that an
   * `out` cuRAND cannot store into (XORWOW and MRG32k3a double normals and log-normals need 16-byte
   * alignment: docs/curand-host-model.md) is generated, in one call, into aligned memory and copied; device
   * generators go through device memory in chunks, double-buffered through pinned memory
   * (docs/gpu.md). A device call that fails after some of its chunks were generated has moved
   * cuRAND by an unknown amount: every later generate then throws CURAND_STATUS_PREEXISTING_FAILURE
   * until configure() succeeds.
   */
  generate(kind: number, out: Uint32Array | Float32Array | Float64Array, a: number, b: number): void;
  /**
   * The same on the libuv thread pool; resolves with undefined once `out` is written. Calls on one
   * handle run one at a time in call order (they continue one stream); while any is pending,
   * generate() and configure() throw ERR_CURAND_BUSY rather than overtake them. `out` must be a view
   * of a SharedArrayBuffer (fixed or growable), which can be neither detached nor shrunk while the
   * call writes it: a view of a plain or resizable ArrayBuffer rejects with a TypeError ("generateAsync
   * writes only into SharedArrayBuffer-backed arrays; stage other outputs (…)") before anything
   * moves. `out` is kept alive and written in place: do not read it before the promise settles.
   */
  generateAsync(kind: number, out: Uint32Array | Float32Array | Float64Array, a: number, b: number): Promise<void>;
  /**
   * curandSetGeneratorOffset(offset) on the current generator, which keeps its seed and ordering: an
   * absolute position (docs/spec/curand-host-semantics.md §2.6), without creating a generator. Throws
   * CURAND_STATUS_TYPE_ERROR for MTGP32 and MT19937; success makes a lost position known again.
   */
  seek(offset: bigint): void;
  /**
   * Moves the stream on by `words` raw words (curandGenerate) that nobody reads: a device generator
   * generates them into device memory only. A failure after some were generated loses the position
   * (as generate does).
   */
  discard(words: number): void;
  /**
   * Device generators only: `n` values of `kind` generated by ONE cuRAND call (no chunks, no host
   * copy) into one new cudaMalloc'd buffer on the generator's generation stream, followed by an event
   * record; returns at once, without waiting for the GPU. The position moves as generate() of n
   * values moves it. Host generators throw CURAND_STATUS_TYPE_ERROR; cuRAND's own refusals (an odd n
   * for the normal and log-normal kinds: CURAND_STATUS_LENGTH_NOT_MULTIPLE) consume nothing. A
   * failure after the launch (the event record) loses the position, as in generate().
   */
  generateToDevice(kind: number, n: number, a: number, b: number): NativeDeviceArrayHandle;
  /**
   * Device generators only (host generators throw CURAND_STATUS_TYPE_ERROR): `repeats` (1 … 10000)
   * cuRAND calls of n values of `kind` into device memory on the generation stream, back to back,
   * each between two timing events (cudaEventCreateWithFlags(cudaEventDefault)); returns each call's
   * milliseconds (cudaEventElapsedTime): generation only, no copy. Moves the stream as `repeats`
   * generate calls of n values do (the caller's bookkeeping must follow); a failure after the first
   * call loses the position, as in generate().
   */
  timeGenerate(kind: number, n: number, a: number, b: number, repeats: number): number[];
  /**
   * Destroys the cuRAND generator and frees device/pinned memory; idempotent. Later calls throw
   * (generateAsync rejects) with CURAND_STATUS_NOT_INITIALIZED; pending generateAsync calls that have
   * not started are rejected, a running one completes first. Garbage collection and environment
   * teardown (worker exit) free the same resources.
   */
  dispose(): void;
}

/**
 * Values a device generator left in device memory (generateToDevice): one cudaMalloc'd buffer and the
 * event recorded after its generation. Freed by dispose(), garbage collection or environment
 * teardown; each free first waits for the generation (cudaEventSynchronize on `event`).
 */
export interface NativeDeviceArrayHandle {
  /** The buffer's device address (0n for an empty one). */
  readonly pointer: bigint;
  readonly byteLength: number;
  /** The CUDA ordinal of the device it lives on. */
  readonly deviceIndex: number;
  /** The generator's generation stream (cudaStream_t) it was written on; valid while the generator lives. */
  readonly stream: bigint;
  /** cudaEvent_t recorded after the generation (blocking-sync, no timing); valid until dispose. */
  readonly event: bigint;
  /**
   * Copies the whole buffer into `out` (any TypedArray of exactly byteLength bytes) once the
   * generation is done, on a stream of the array's own; throws CURAND_STATUS_NOT_INITIALIZED after dispose.
   */
  copyToHost(out: Uint32Array | Float32Array | Float64Array): void;
  /** The same on the libuv thread pool; `out` must be a view of a SharedArrayBuffer (as generateAsync's). */
  copyToHostAsync(out: Uint32Array | Float32Array | Float64Array): Promise<void>;
  /** Frees the device memory and the event now (after a copy in progress); idempotent. */
  dispose(): void;
}

/** The addon's CPU kernels (native/kernels/), by the number the `kernel` argument takes. */
export const NATIVE_CPU_KERNEL = { generic: 0, avx2: 1, avx512: 2, neon: 3 } as const;
export type NativeCpuKernelName = keyof typeof NATIVE_CPU_KERNEL;

/** The generators NativeCpuKernels.threadSlots runs (native/kernels/kernels.h SlotGenerator). */
export const NATIVE_SLOT_GENERATOR = { xorwow: 0, mrg32k3a: 1 } as const;

/**
 * Philox slots computed by the addon (src/kernels/kernel.ts PhiloxSlots.fill describes the
 * arguments): `op` is a KERNEL_OP, `runs` PhiloxEngine.slotRuns' [j, t, count, base] quadruples of
 * the call's first round, repeated in later rounds with counters moved on by `width` per round.
 */
export interface NativeCpuKernels {
  /** The kernels this CPU can run (runtime detection), fastest first; 'generic' (portable) always. */
  readonly available: NativeCpuKernelName[];
  philox(
    kernel: number,
    op: number,
    out: Uint32Array | Float32Array | Float64Array,
    at: number,
    runs: Float64Array,
    slots: number,
    width: number,
    k0: number,
    k1: number,
    a: number,
    b: number,
    /** Threads to split the slots over (default 1); this thread takes part and the call returns when all are done. */
    threads?: number,
  ): void;
  /**
   * The same on the libuv thread pool, split into `threads` contiguous slot ranges computed by as many
   * threads; resolves once `out` is written (keep it untouched until then). `out` must be a view of a
   * SharedArrayBuffer: a view of a plain or resizable ArrayBuffer rejects with a TypeError
   * ("philoxAsync writes only into SharedArrayBuffer-backed arrays; stage other outputs (…)") and
   * nothing is written. `runs` is copied when the call starts.
   */
  philoxAsync(
    kernel: number,
    op: number,
    out: Uint32Array | Float32Array | Float64Array,
    at: number,
    runs: Float64Array,
    slots: number,
    width: number,
    k0: number,
    k1: number,
    a: number,
    b: number,
    threads: number,
  ): Promise<void>;
  /**
   * MTGP32 chunks [block, at, words]… (Mtgp32Engine's runChunks plan), run in order on the engine's
   * rings (`rings`: 1024 words per block; `idx`: each block's ring index, moved on) with parameter
   * set b for block b (`params`: MTGP32_PARAMS), writing block b's words (op KERNEL_OP.words),
   * float uniforms (uniform), one-word doubles (uniformDouble) or inverse-CDF normals (normal,
   * logNormal, normalDoubleFromFloat, logNormalDouble*; (a, b) = (mean, stddev)) from out[at].
   */
  mtgp32(
    kernel: number,
    op: number,
    out: Uint32Array | Float32Array | Float64Array,
    rings: Int32Array,
    idx: Int32Array,
    params: Uint32Array,
    chunks: Float64Array,
    mask: number,
    a: number,
    b: number,
    /** Threads to split the blocks over (default 1), as for philox. */
    threads?: number,
  ): void;
  /**
   * The same on the libuv thread pool, the blocks split over `threads` threads. What it writes — `out`,
   * `rings` and `idx` — must be views of SharedArrayBuffers: otherwise it rejects with a TypeError
   * ("mtgp32Async writes only into SharedArrayBuffer-backed arrays; stage other outputs (…)") and
   * nothing changes. `params` and `chunks` are copied when the call starts.
   */
  mtgp32Async(
    kernel: number,
    op: number,
    out: Uint32Array | Float32Array | Float64Array,
    rings: Int32Array,
    idx: Int32Array,
    params: Uint32Array,
    chunks: Float64Array,
    mask: number,
    a: number,
    b: number,
    threads: number,
  ): Promise<void>;
  /**
   * Slots of a generator on the slot model (SlotEngine.runSlots; `generator` from
   * NATIVE_SLOT_GENERATOR): `slots` slots of `op` (a KERNEL_OP: words with `words` = 1, 2 or 4 raw
   * words per slot, or a transform the generator has) on the engine's thread states (`states`: its own
   * array, 6 values per thread, moved on: an Int32Array for XORWOW, a Float64Array for MRG32k3a), slot
   * g made by thread (first + g) mod threads, its outputs from out[at + g·(elements per slot)];
   * (a, b) = (mean, stddev) for the normals.
   */
  threadSlots(
    kernel: number,
    generator: number,
    op: number,
    out: Uint32Array | Float32Array | Float64Array,
    at: number,
    states: Int32Array | Float64Array,
    first: number,
    slots: number,
    words: number,
    a: number,
    b: number,
    /** Threads to split the generator's threads over (default 1), as for philox. */
    threads?: number,
  ): void;
  /**
   * MT19937 words [position, position + n) of cuRAND's row layout (Mt19937Engine.runRows): `states`
   * the 8192 streams' 624-word windows and `twists` their twist counts (both moved on in place; every
   * stream the call touches must be set up, twists >= 0), `order` the row layout's 624 window
   * positions; word j's output (op: words, uniform, uniformDouble or an inverse-CDF normal op but
   * normalDoubleFromFloat) at out[at + j]; (a, b) = (mean, stddev) for the normals.
   */
  mt19937(
    kernel: number,
    op: number,
    out: Uint32Array | Float32Array | Float64Array,
    at: number,
    states: Int32Array,
    twists: Int32Array,
    order: Int32Array,
    position: number,
    n: number,
    a: number,
    b: number,
    /** Threads to split the streams over (default 1), as for philox. */
    threads?: number,
  ): void;
}

/** Typed arrays that hold numbers: what bernoulli and bounded32 write. */
export type NativeNumberArray = Int8Array | Uint8Array | Uint8ClampedArray | Int16Array | Uint16Array | Int32Array | Uint32Array | Float32Array | Float64Array;
/** Every typed array kind: what shuffle permutes. */
export type NativeAnyArray = NativeNumberArray | BigInt64Array | BigUint64Array;

/**
 * The draws' bulk loops (src/draws/draw-kernel.ts DrawKernel describes what each computes), by the
 * kernel numbers of NATIVE_CPU_KERNEL: synchronous, on the JS thread, over a Uint32Array of words
 * and the caller's typed array. Every index and count is checked against its array (a TypeError
 * otherwise, nothing written); `place` is a Float64Array [word, value] the call reads and moves.
 */
export interface NativeDrawKernels {
  /** out[from + k] = NumPy's next_double of words[at + 2k], words[at + 2k + 1], for k < count. */
  unitDoubles(kernel: number, words: Uint32Array, at: number, out: Float64Array, from: number, count: number): void;
  /** out[from + k] = NumPy's next_float of words[at + k]. */
  unitFloats(kernel: number, words: Uint32Array, at: number, out: Float32Array, from: number, count: number): void;
  /** out[from + k] = words[at + k] < threshold ? 1 : 0; threshold in [0, 2^32]. */
  bernoulli(kernel: number, words: Uint32Array, at: number, threshold: number, out: NativeNumberArray, from: number, count: number): void;
  /**
   * base + Lemire's integer in [0, m) (m in [2, 2^32), t = (2^32 − m) mod m; base a safe integer) into
   * out[place[1]] … out[to − 1] (not a Float32Array), from words[place[0]] on; stops before a value
   * whose words run out, the place then at its first word.
   */
  bounded32(kernel: number, words: Uint32Array, m: number, t: number, base: number, out: Exclude<NativeNumberArray, Float32Array>, to: number, place: Float64Array): void;
  /** Fisher–Yates steps i = place[1] down to first (≥ 1) on `array`, from words[place[0]] on; stops as bounded32 does. */
  shuffle(kernel: number, words: Uint32Array, array: NativeAnyArray, first: number, place: Float64Array): void;
  /**
   * out[from + k] = shift + Poisson's square-histogram value of words[at + k] (threshold and alias:
   * the table's cells + 1 entries; src/distributions/poisson.ts fillPoissonSquareHistogram), from u =
   * (x + 1)·2^-32, or with `centred` MT19937's (x + 0.5)·2^-32.
   */
  poissonHistogram(kernel: number, words: Uint32Array, at: number, out: Uint32Array, from: number, count: number, shift: number, threshold: Float64Array, alias: Int32Array, centred: boolean): void;
  /** out[from + k] = shift + Poisson's cumulative-table value of words[at + k] (fillPoissonCumulative). */
  poissonCumulative(kernel: number, words: Uint32Array, at: number, out: Uint32Array, from: number, count: number, shift: number, cdf: Float64Array): void;
}

/**
 * node-curand/numpy's vectorised fills (src/kernels/native-numpy.ts): synchronous, on the JS thread,
 * over a state block the caller copies its bit generator into and back (src/numpy/fills.ts): PCG's a
 * Uint32Array of 10 words (state and increment, least significant word first; has_uint32;
 * uinteger), MT19937's an Int32Array of 625 (the words; the read position in [0, 624]). `cheap`: 1
 * for PCG64DXSM, 0 for PCG64. Every index and count is checked against its array (a TypeError
 * otherwise, nothing written).
 */
export interface NativeNumpyFills {
  /** out[at + k] = next_double, for k < count. */
  pcgDoubles(state: Uint32Array, cheap: number, out: Float64Array, at: number, count: number): void;
  /** out[at + k] = min + Lemire's draw in [0, m) from next_uint32 (m in [2, 2^32), threshold = 2^32 mod m); out holds [min, min + m). */
  pcgBounded32(state: Uint32Array, cheap: number, m: number, threshold: number, min: number, out: Float64Array | Int32Array | Uint32Array, at: number, count: number): void;
  /** NumPy's ziggurat normals into out[at, …) up to count or the first value that reaches the tail (the state left before it); returns how many. */
  pcgNormals(state: Uint32Array, cheap: number, out: Float64Array, at: number, count: number, wi: Float64Array, ki: Float64Array, fi: Float64Array): number;
  /** out[at + k] = MT19937's 53-bit double, for k < count. */
  mtDoubles(mt: Int32Array, out: Float64Array, at: number, count: number): void;
  /** `pairs` pairs of legacy_gauss into out[at, at + 2·pairs): f·x2, f·x1 of each accepted polar pair. */
  mtGauss(mt: Int32Array, out: Float64Array, at: number, pairs: number): void;
}

export interface NativeBinding {
  readonly abiVersion: number;
  readonly cpuKernels: NativeCpuKernels;
  readonly drawKernels: NativeDrawKernels;
  readonly numpyFills: NativeNumpyFills;
  readonly constants: NativeConstants;
  /** The factory the addon calls to build every error it throws or rejects with (per environment). */
  setErrorFactory(factory: (message: string, props: NativeErrorProps) => Error): void;
  /**
   * Loads each library from the first candidate that dlopens and exposes every needed symbol.
   * Process-wide and idempotent: a library already loaded stays loaded and its status is returned.
   */
  loadLibraries(candidates: Partial<Record<LibraryName, string[]>>): Record<LibraryName, LibraryStatus>;
  /** The current status without loading anything. */
  libraryStatus(): Record<LibraryName, LibraryStatus>;
  /** Lists CUDA devices through the runtime (requires cudart loaded; otherwise error says so). */
  cudaDevices(): CudaStatus;
  NativeGenerator: new (options: NativeGeneratorOptions) => NativeGeneratorHandle;
  /**
   * `bytes` (≥ 1) of page-locked host memory (cudaHostAlloc, portable) on `device`'s context, as an
   * external ArrayBuffer, freed (cudaFreeHost) once the ArrayBuffer is collected and no call writes
   * into it any more; null when libcudart is not loaded or the allocation fails. A device generator's
   * generate/generateAsync recognises such memory and copies into it straight from the device;
   * generateAsync accepts it although it is not a SharedArrayBuffer.
   */
  allocPinned(bytes: number, device: number): ArrayBuffer | null;
}
