/**
 * Reproducibility records: what decides the numbers of a run (reproRecord). record-diff.ts says
 * which differences between two records can change them, and why.
 */

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';

import { backendInfo } from '../backends/info.js';
import type { Generator } from '../generator.js';
import type { LibraryName } from '../native/binding-types.js';
import { libraryRelease } from '../native/versions.js';
import { STREAM_VERSION } from '../state.js';
import { BACKENDS, type Algorithm, type BackendName, type HostMath } from '../types.js';
import { currentSeed, defaultGenerators, SEED_VARIABLES } from './default-generators.js';
import { DETERMINISM_VARIABLES, determinismSettings } from './determinism/controls.js';
import { hostDoubleVariant, machineProbe } from './determinism/machine.js';
import { isMathRandomSeeded } from './math-random.js';
import { LAUNCHER_RANK_VARIABLES, RANK_VARIABLE } from './ranks.js';

export const RECORD_FORMAT = 'node-curand/repro-record';

export const PACKAGE = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { name: string; version: string };

/** Environment variables that can decide which numbers a run produces (recorded when set). */
export const RECORDED_VARIABLES = [
  ...Object.values(SEED_VARIABLES),
  RANK_VARIABLE,
  'NODE_CURAND_BACKEND',
  'NODE_CURAND_LIB_DIRS',
  'CUDA_VISIBLE_DEVICES',
  'CUDA_DEVICE_ORDER',
  ...DETERMINISM_VARIABLES,
  'GLIBC_TUNABLES',
  'LD_LIBRARY_PATH',
  ...LAUNCHER_RANK_VARIABLES,
];

export interface LibraryRecord {
  loaded: boolean;
  path: string | null;
  /** As the library reports it (curandGetVersion, …). */
  version: number | null;
  /** The same, as major.minor[.patch]. */
  release: string | null;
}

export interface GeneratorRecord {
  backend: BackendName;
  algorithm: Algorithm;
  ordering: string;
  seed: string;
  position: string | null;
  /** First 16 hex digits of SHA-256 of the JSON state: equal digests, equal continuations. */
  stateDigest: string | null;
}

export interface ReproRecord {
  format: typeof RECORD_FORMAT;
  version: 1;
  createdAt: string;
  package: { name: string; version: string; streamVersion: number };
  node: { version: string; v8: string };
  os: { platform: string; release: string; arch: string };
  /** The glibc in use, or null (another C library, or not Linux). */
  glibc: string | null;
  cpu: {
    model: string | null;
    /** The CPU features that decide glibc's math variant. */
    features: string[];
    /** The glibc double-math variant this process runs (hostMath name), null if unknown. */
    hostMath: HostMath | null;
    glibcTunables: string | null;
  };
  addon: { loaded: boolean; path: string | null; error: string | null };
  libraries: Record<LibraryName, LibraryRecord> | null;
  cuda: { runtime: string | null; driver: string | null; error: string | null } | null;
  gpus: Array<{ index: number; name: string; computeCapability: string; multiProcessorCount: number; totalMemoryBytes: number; uuid: string }>;
  backends: Record<BackendName, { available: boolean; reason: string | null }>;
  /** What backend 'auto' picks here ('ts on cpu', 'cuda on cuda:0'), or why it fails. */
  autoBackend: string;
  seed: { seed: string | null; source: string | null; generatorSeed: string | null; rank: number[] | null; rankSources: string[] | null };
  /** The default generators created so far, by device. */
  generators: Record<string, GeneratorRecord>;
  determinism: ReturnType<typeof determinismSettings> & { mathRandom: boolean };
  environment: Record<string, string>;
}

const RELEVANT_CPU_FEATURES = ['sse2', 'avx', 'avx2', 'fma', 'fma4', 'avx512f'];

export function digest(text: string | Uint8Array, length = 16): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}

function generatorRecord(g: Generator): GeneratorRecord {
  let position: string | null = null;
  let stateDigest: string | null = null;
  try {
    position = g.position.toString();
    stateDigest = digest(JSON.stringify(g.getState()));
  } catch {
    // An async call is still running on it: the position is not defined yet.
  }
  return { backend: g.backend, algorithm: g.algorithm, ordering: g.ordering, seed: g.seed.toString(), position, stateDigest };
}

/**
 * Everything that decides this run's numbers: versions (package, Node, OS, glibc, CPU features,
 * cuRAND, CUDA runtime and driver, cuBLAS, cuDNN), GPUs, backends, the seed, every default
 * generator's algorithm, ordering and state digest, the determinism flags and the environment.
 * JSON-serialisable; compare two with diffRecords. Loads the native addon and libraries (as
 * backendInfo() does).
 */
export function reproRecord(): ReproRecord {
  const info = backendInfo();
  const probe = machineProbe();
  const seed = currentSeed();
  const libraries =
    info.libraries === null
      ? null
      : (Object.fromEntries(
          Object.entries(info.libraries).map(([name, s]) => [
            name,
            { loaded: s.loaded, path: s.path, version: s.version, release: libraryRelease(name as LibraryName, s.version) },
          ]),
        ) as Record<LibraryName, LibraryRecord>);
  const cpuModel = os.cpus()[0]?.model ?? null;
  return {
    format: RECORD_FORMAT,
    version: 1,
    createdAt: new Date().toISOString(),
    package: { name: PACKAGE.name, version: PACKAGE.version, streamVersion: STREAM_VERSION },
    node: { version: process.version, v8: process.versions.v8 },
    os: { platform: process.platform, release: os.release(), arch: process.arch },
    glibc: probe.glibc,
    cpu: {
      model: cpuModel,
      features: RELEVANT_CPU_FEATURES.filter((f) => probe.cpuFlags?.includes(f)),
      hostMath: hostDoubleVariant(probe),
      glibcTunables: probe.glibcTunables,
    },
    addon: info.addon,
    libraries,
    cuda:
      info.cuda === null
        ? null
        : {
            runtime: libraryRelease('cudart', info.cuda.runtimeVersion),
            driver: libraryRelease('driver', info.cuda.driverVersion),
            error: info.cuda.error === null ? null : `${info.cuda.error.operation}: ${info.cuda.error.statusName}`,
          },
    gpus: (info.cuda?.devices ?? []).map((d) => ({
      index: d.index,
      name: d.name,
      computeCapability: d.computeCapability.join('.'),
      multiProcessorCount: d.multiProcessorCount,
      totalMemoryBytes: d.totalMemoryBytes,
      uuid: d.uuid,
    })),
    backends: info.backends,
    autoBackend: 'error' in info.default ? `error: ${info.default.error}` : `${info.default.backend} on ${info.default.device}`,
    seed: {
      seed: seed === null ? null : seed.seed.toString(),
      source: seed?.source ?? null,
      generatorSeed: seed === null ? null : seed.generatorSeed.toString(),
      rank: seed?.rank?.path ?? null,
      rankSources: seed?.rank?.sources ?? null,
    },
    generators: Object.fromEntries([...defaultGenerators()].map(([device, g]) => [device, generatorRecord(g)])),
    determinism: { ...determinismSettings(), mathRandom: isMathRandomSeeded() },
    environment: Object.fromEntries(RECORDED_VARIABLES.flatMap((name) => (process.env[name] === undefined ? [] : [[name, process.env[name]!]]))),
  };
}
