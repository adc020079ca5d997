/**
 * The whole surface of the native addon (`native/`), as one TypeScript type.
 * The addon trusts what it is given: every argument is validated in TypeScript before it gets here.
 * Bump NATIVE_ABI_VERSION (here and in native/addon.cc) whenever this surface changes.
 */

export const NATIVE_ABI_VERSION = 1;

/** The runtime-loaded NVIDIA libraries. */
export type LibraryName = 'curand' | 'cudart' | 'cublas' | 'cudnn';

export interface LibraryLoadAttempt {
  /** What was passed to dlopen: an absolute path, or a bare soname for the dynamic loader's own search. */
  candidate: string;
  /** dlerror() text, or a missing-symbol message; null for the attempt that succeeded. */
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
  /** Why there are no devices: the failing call (cudaGetDeviceCount → cudaErrorInsufficientDriver, …); null when devices were listed. */
  error: NativeFailure | null;
}

/** Properties the addon sets on every error it creates (through the factory given to setErrorFactory). */
export interface NativeErrorProps {
  code: 'ERR_CURAND_STATUS' | 'ERR_CUDA_STATUS';
  status: number;
  statusName: string;
  operation: string;
}

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
   * (cuRAND's own mid-stream re-seed keeps a partial position: docs/curand-host-semantics.md §2.6).
   */
  configure(seed: bigint, offset: bigint, setOffset: boolean, ordering: number): void;
  /**
   * Fills all of `out` (out.length elements) with one call of the cuRAND function for `kind`
   * (NATIVE_KIND), writing directly into its memory. `a`, `b` are (mean, stddev) for the normal and
   * log-normal kinds and (lambda, unused) for poisson. Host generators write in place; device
   * generators go through device memory in chunks and copy back.
   */
  generate(kind: number, out: Uint32Array | Float32Array | Float64Array, a: number, b: number): void;
  /** The same on the libuv thread pool; resolves with undefined once `out` is written. */
  generateAsync(kind: number, out: Uint32Array | Float32Array | Float64Array, a: number, b: number): Promise<void>;
  /** Destroys the cuRAND generator and frees device/pinned memory; idempotent. Later calls throw. */
  dispose(): void;
}

export interface NativeBinding {
  readonly abiVersion: number;
  readonly constants: NativeConstants;
  /** The factory the addon calls to build every error it throws or rejects with (per environment). */
  setErrorFactory(factory: (message: string, props: NativeErrorProps) => Error): void;
  /**
   * Loads each library from the first candidate that dlopens and exposes every needed symbol.
   * Process-wide and idempotent: a library already loaded stays loaded and its status is returned.
   */
  loadLibraries(candidates: Record<LibraryName, string[]>): Record<LibraryName, LibraryStatus>;
  /** The current status without loading anything. */
  libraryStatus(): Record<LibraryName, LibraryStatus>;
  /** Lists CUDA devices through the runtime (requires cudart loaded; otherwise error says so). */
  cudaDevices(): CudaStatus;
  NativeGenerator: new (options: NativeGeneratorOptions) => NativeGeneratorHandle;
}
