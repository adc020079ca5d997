/** Public vocabulary shared by every layer. */

/** The generators node-curand implements, named as cuRAND's `curandRngType_t` values are. */
export type Algorithm = 'philox4x32-10' | 'mtgp32' | 'xorwow' | 'mrg32k3a' | 'mt19937';

/** cuRAND's pseudo-random orderings that node-curand exposes (`CURAND_ORDERING_PSEUDO_*`). */
export type Ordering = 'default' | 'best' | 'legacy';

/** Every ordering name cuRAND knows; the ones not in {@link Ordering} are rejected with cuRAND's status. */
export type AnyOrdering = Ordering | 'seeded' | 'dynamic';

/**
 * 'ts': the pure-TypeScript reference; 'wasm', 'simd': exact CPU kernels (WebAssembly SIMD128; the
 * addon's AVX-512/AVX2 code) with the same bits as 'ts'; 'curand-host', 'cuda': cuRAND itself.
 */
export type BackendName = 'ts' | 'wasm' | 'simd' | 'curand-host' | 'cuda';
export type BackendChoice = 'auto' | BackendName;

export type DeviceSpec = 'auto' | 'cpu' | 'cuda' | `cuda:${number}`;

/** One generate call of cuRAND's host API each. */
export type Distribution =
  | 'uint32'
  | 'uniform'
  | 'uniformDouble'
  | 'normal'
  | 'normalDouble'
  | 'logNormal'
  | 'logNormalDouble'
  | 'poisson';

/** The glibc math variant the CPU backends reproduce: x86-64's two ifunc builds, or arm64's (see docs/exactness.md). */
export type HostMath = 'x86-fma' | 'x86-sse2' | 'aarch64';

/**
 * Environment variables as the code reads them (process.env, or a test's own record): a type of
 * its own rather than NodeJS.ProcessEnv, so that the published declarations need no @types/node.
 */
export type EnvironmentVariables = Readonly<Record<string, string | undefined>>;

export type OutputArray = Uint32Array | Float32Array | Float64Array;

/** Every typed array kind: what the draws (src/draws/) fill. */
export type AnyTypedArray =
  | Int8Array
  | Uint8Array
  | Uint8ClampedArray
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | Float32Array
  | Float64Array
  | BigInt64Array
  | BigUint64Array;

/** What each distribution writes: cuRAND's output element type. */
export const OUTPUT_TYPE = {
  uint32: Uint32Array,
  uniform: Float32Array,
  uniformDouble: Float64Array,
  normal: Float32Array,
  normalDouble: Float64Array,
  logNormal: Float32Array,
  logNormalDouble: Float64Array,
  poisson: Uint32Array,
} as const satisfies Record<Distribution, { new (n: number): OutputArray }>;

/**
 * The array a distribution writes, over any memory: an ArrayBuffer or a SharedArrayBuffer (which the
 * async calls write in place), so not `InstanceType`, which would narrow it to an ArrayBuffer's.
 */
interface OutputTypes {
  uint32: Uint32Array;
  uniform: Float32Array;
  uniformDouble: Float64Array;
  normal: Float32Array;
  normalDouble: Float64Array;
  logNormal: Float32Array;
  logNormalDouble: Float64Array;
  poisson: Uint32Array;
}

export type OutputOf<D extends Distribution> = OutputTypes[D];

/**
 * Where a generate call (uint32 … poisson and their …Async twins) puts its values: the last
 * argument, after the distribution's parameters. PyTorch's `device=` and `pin_memory=` are the model.
 */
export interface OutputOptions {
  /**
   * true: keep the values in GPU memory and return a DeviceArray (the 'cuda' backend only; the call
   * takes a length, not an array). Normals and log-normals need an even length there.
   */
  device?: boolean;
  /**
   * true: return an array over page-locked host memory, which the 'cuda' backend fills straight from
   * the GPU with no host copy (and fills again so when it is passed back as the output). Elsewhere,
   * or when page-locked memory cannot be had, an ordinary array: the values are the same.
   */
  pinned?: boolean;
}

/** OutputOptions of a call that returns a typed array. */
export type HostOutputOptions = OutputOptions & { device?: false };
/** OutputOptions of a call that returns a DeviceArray. */
export type DeviceOutputOptions = OutputOptions & { device: true; pinned?: false };

export const ALGORITHMS: readonly Algorithm[] = ['philox4x32-10', 'mtgp32', 'xorwow', 'mrg32k3a', 'mt19937'];
export const ORDERINGS: readonly AnyOrdering[] = ['default', 'best', 'legacy', 'seeded', 'dynamic'];
export const BACKENDS: readonly BackendName[] = ['ts', 'wasm', 'simd', 'curand-host', 'cuda'];
export const DISTRIBUTIONS: readonly Distribution[] = Object.keys(OUTPUT_TYPE) as Distribution[];
