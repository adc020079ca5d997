export { Generator, type GeneratorOptions } from './generator.js';
export { backendInfo, type BackendInfo } from './backend-info.js';
export { CurandError, type CurandErrorCode } from './errors.js';
export type { GeneratorState } from './state.js';
export type {
  Algorithm,
  BackendChoice,
  BackendName,
  DeviceSpec,
  Distribution,
  HostMath,
  Ordering,
} from './types.js';
export type { CudaDeviceInfo, LibraryStatus } from './native/binding-types.js';
export {
  deriveSeed,
  hashSeedString,
  LAUNCHER_RANK_VARIABLES,
  RANK_VARIABLE,
  WORKER_BRANCH,
  WORKER_RANK_KEY,
  type SeedInput,
  type WorkerRank,
} from './seed.js';
export {
  defaultGenerator,
  initialSeed,
  restoreMathRandom,
  seedEverything,
  withGenerator,
  workerSeed,
  type DefaultDevice,
  type SeedEverythingOptions,
  type SeedReport,
  type SeedSource,
} from './default-generator.js';
export {
  areDeterministicAlgorithmsEnabled,
  backends,
  DETERMINISTIC_WORKSPACE_CONFIGS,
  isDeterministicAlgorithmsWarnOnlyEnabled,
  NondeterminismError,
  parseWorkspaceConfig,
  useDeterministicAlgorithms,
  type DeterminismBackends,
  type DeterministicMode,
  type NondeterminismCause,
} from './determinism.js';
export {
  diffRecords,
  reproRecord,
  selftest,
  type RecordDifference,
  type ReproRecord,
  type SelftestReport,
} from './record.js';
