// The public API: re-exports only (docs/architecture.md says where each part lives).
export { Generator, type GeneratorOptions } from './generator.js';
export { backendInfo, type BackendInfo } from './backends/info.js';
export type { BackendStatus } from './backends/discovery.js';
export { CurandError, type CurandErrorCode } from './errors.js';
export type { GeneratorState } from './state.js';
export type { IntegerArray, NumberIntegerArray } from './draws/array-types.js';
export type { CategoricalOptions } from './draws/categorical.js';
export type { ChoiceOptions } from './draws/choice.js';
export type { IntegersOptions } from './draws/integers.js';
export type { MultivariateNormalOptions } from './draws/multivariate-normal.js';
export type {
  Algorithm,
  BackendChoice,
  BackendName,
  DeviceOutputOptions,
  DeviceSpec,
  Distribution,
  HostMath,
  HostOutputOptions,
  Ordering,
  OutputOptions,
} from './types.js';
export { DeviceArray, type DeviceDtype } from './backends/device-array.js';
export type { CpuKernelChoice } from './kernels/simd.js';
export type { CudaDeviceInfo, LibraryStatus } from './native/binding-types.js';
export { deriveSeed, hashSeedString, type SeedInput } from './repro/seeds.js';
export { LAUNCHER_RANK_VARIABLES, RANK_VARIABLE, WORKER_BRANCH, WORKER_RANK_KEY, type WorkerRank } from './repro/ranks.js';
export {
  defaultGenerator,
  initialSeed,
  withGenerator,
  workerSeed,
  type DefaultDevice,
  type SeedSource,
} from './repro/default-generators.js';
export { restoreMathRandom, type MathRandomState } from './repro/math-random.js';
export { getRngState, RNG_STATE_FORMAT, setRngState, type RngState } from './repro/rng-state.js';
export { seedEverything, type SeedEverythingOptions, type SeedReport } from './repro/seed-everything.js';
export {
  areDeterministicAlgorithmsEnabled,
  isDeterministicAlgorithmsWarnOnlyEnabled,
  NondeterminismError,
  type NondeterminismCause,
} from './repro/determinism/mode.js';
export { backends, useDeterministicAlgorithms, type DeterminismBackends } from './repro/determinism/controls.js';
export { DETERMINISTIC_WORKSPACE_CONFIGS, parseWorkspaceConfig } from './repro/determinism/cublas-workspace.js';
export type { DeterministicMode } from './repro/determinism/switches.js';
export { reproRecord, type ReproRecord } from './repro/record.js';
export { diffRecords, type RecordDifference } from './repro/record-diff.js';
export { selftest, type SelftestReport } from './repro/selftest.js';
