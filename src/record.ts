/**
 * Reproducibility records: what decides the numbers of a run (reproRecord), which differences
 * between two runs can change them and why (diffRecords), and a self-test with known answers and
 * fingerprints that two machines can compare (selftest).
 */

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { ALGORITHM_TRAITS } from './algorithms.js';
import { backendInfo } from './backend-info.js';
import { currentSeed, defaultGenerators, isMathRandomSeeded, SEED_VARIABLES } from './default-generator.js';
import { DETERMINISM_VARIABLES, determinismSettings, glibcReproduced, hostDoubleVariant, machineProbe, REPRODUCED_GLIBC } from './determinism.js';
import { Generator } from './generator.js';
import type { LibraryName } from './native/binding-types.js';
import { libraryRelease } from './native/versions.js';
import { LAUNCHER_RANK_VARIABLES, RANK_VARIABLE } from './seed.js';
import { STREAM_VERSION } from './state.js';
import { BACKENDS, DISTRIBUTIONS, OUTPUT_TYPE, type Algorithm, type BackendName, type Distribution, type HostMath, type OutputArray } from './types.js';

export const RECORD_FORMAT = 'node-curand/repro-record';

const PACKAGE = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { name: string; version: string };

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

// ---------------------------------------------------------------------------------------------
// diffRecords

export interface RecordDifference {
  /** Dotted path of the field: 'seed.seed', 'glibc', 'libraries.curand.version', 'gpus.0.computeCapability'. */
  field: string;
  a: unknown;
  b: unknown;
  /** 'changes': the numbers differ; 'may-change': they can, for some outputs or backends; 'none': they cannot (listed with { all: true }). */
  impact: 'changes' | 'may-change' | 'none';
  reason: string;
}

const isBranch = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !(Array.isArray(v) && v.every((x) => typeof x !== 'object'));

/**
 * The fields where two records differ, descending into objects present in both (so a generator
 * or GPU present in one record only is one difference, not one per field).
 */
function differingFields(a: unknown, b: unknown, prefix: string, out: Array<[string, unknown, unknown]>): typeof out {
  if (isBranch(a) && isBranch(b)) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      differingFields(a[key], b[key], prefix === '' ? key : `${prefix}.${key}`, out);
    }
  } else if (JSON.stringify(a) !== JSON.stringify(b)) {
    out.push([prefix, a ?? null, b ?? null]);
  }
  return out;
}

type Verdict = Pick<RecordDifference, 'impact' | 'reason'>;
type Rule = [RegExp, (a: ReproRecord, b: ReproRecord, field: string) => Verdict];

const uses = (r: ReproRecord, backend: BackendName) =>
  r.backends[backend]?.available === true || Object.values(r.generators).some((g) => g.backend === backend) || r.autoBackend.startsWith(backend);
const either = (a: ReproRecord, b: ReproRecord, backend: BackendName) => uses(a, backend) || uses(b, backend);
const gpuRun = (a: ReproRecord, b: ReproRecord) => a.gpus.length > 0 || b.gpus.length > 0;
/** The exact CPU backends write the same bits as one another (the kernels are tested against 'ts'). */
const EXACT_CPU_BACKENDS: readonly string[] = ['ts', 'wasm', 'simd'];
const EXACT_CPU_REASON = "'ts', 'wasm' and 'simd' write the same bits";
const BACKEND_DIFFERENCE = "GPU Box–Muller normals and log-normals differ from CPU ones, and 'curand-host' normals follow the system's glibc";

function sameBitsBackends(a: string, b: string): boolean {
  return a === b || (EXACT_CPU_BACKENDS.includes(a) && EXACT_CPU_BACKENDS.includes(b));
}

const NOT_USED = (what: string): Verdict => ({ impact: 'none', reason: `${what} is not used by either run` });

const RULES: Rule[] = [
  [/^package\.streamVersion$/, () => ({ impact: 'changes', reason: 'the stream version is the mapping from (algorithm, ordering, seed, calls) to numbers; another version is another mapping' })],
  [/^package\.version$/, () => ({ impact: 'none', reason: 'node-curand keeps every stream identical within a stream version (golden vectors guard it)' })],
  [/^seed\.seed$/, () => ({ impact: 'changes', reason: 'the job seed decides every stream' })],
  [
    /^seed\.(generatorSeed|rank)$/,
    (a, b) =>
      a.seed.seed === b.seed.seed
        ? { impact: 'changes', reason: 'the default generators were seeded for another worker rank' }
        : { impact: 'none', reason: 'follows from seed.seed' },
  ],
  [/^generators\.[^.]+$/, (_a, _b, f) => ({ impact: 'may-change', reason: `only one run had used the default generator on ${f.split('.')[1]}` })],
  [
    /^generators\.[^.]+\.backend$/,
    (a, b, f) => {
      const device = f.split('.')[1];
      return sameBitsBackends(a.generators[device].backend, b.generators[device].backend)
        ? { impact: 'none', reason: EXACT_CPU_REASON }
        : { impact: 'changes', reason: `the default generator on ${device} runs on another backend (${BACKEND_DIFFERENCE})` };
    },
  ],
  [
    /^generators\.[^.]+\.(seed|algorithm|ordering)$/,
    (a, b, f) =>
      f.endsWith('.seed') && a.seed.seed !== b.seed.seed
        ? { impact: 'none', reason: 'follows from seed.seed' }
        : { impact: 'changes', reason: `the default generator on ${f.split('.')[1]} draws a different stream` },
  ],
  [
    /^generators\.[^.]+\.(stateDigest|position)$/,
    (a, b, f) => {
      const device = f.split('.')[1];
      return a.generators[device].seed !== b.generators[device].seed
        ? { impact: 'none', reason: `follows from generators.${device}.seed` }
        : { impact: 'changes', reason: `the default generator on ${device} was at another point of its stream (different calls so far)` };
    },
  ],
  [
    /^glibc$/,
    (a, b) =>
      !either(a, b, 'curand-host')
        ? NOT_USED("backend 'curand-host'")
        : glibcReproduced(a.glibc) && glibcReproduced(b.glibc)
          ? { impact: 'none', reason: `both are glibc ${REPRODUCED_GLIBC.min.join('.')}–${REPRODUCED_GLIBC.max.join('.')}, whose math functions give the same results` }
          : {
              impact: 'may-change',
              reason:
                "backend 'curand-host' computes normals, log-normals and Poisson with glibc's math, and glibc outside 2.36–2.40 gives other last bits (glibc 2.41 replaced several float functions; before 2.36 some double functions differ); 'ts' and 'cuda' are unaffected",
            },
  ],
  [
    /^cpu\.(hostMath|glibcTunables)$/,
    (a, b) =>
      either(a, b, 'curand-host')
        ? { impact: 'may-change', reason: "glibc picks FMA or non-FMA double functions by CPU: 'curand-host' double normals and log-normals differ by one ulp in about 0.01–0.07 % of values; 'ts' follows its hostMath option instead" }
        : NOT_USED("backend 'curand-host'"),
  ],
  [
    /^libraries(\.curand\.(version|loaded))?$/,
    (a, b) =>
      either(a, b, 'curand-host') || either(a, b, 'cuda')
        ? { impact: 'may-change', reason: "cuRAND's own output ('curand-host', 'cuda') may change between releases: NVIDIA promises only the 'legacy' ordering stable, and normals may use newer math; 'ts' reproduces cuRAND 10.4" }
        : NOT_USED('cuRAND'),
  ],
  [
    /^(libraries\.cudart\.(version|loaded)|cuda\.(runtime|driver))$/,
    (a, b) => (gpuRun(a, b) ? { impact: 'may-change', reason: 'the CUDA runtime and driver run every GPU kernel (cuRAND, cuBLAS, cuDNN)' } : NOT_USED('a GPU')),
  ],
  [
    /^libraries\.cublas\.(version|loaded)$/,
    (a, b) => (gpuRun(a, b) ? { impact: 'may-change', reason: 'cuBLAS promises bitwise-identical results only within one version (cuBLAS documentation, "Results reproducibility")' } : NOT_USED('a GPU')),
  ],
  [
    /^libraries\.cudnn\.(version|loaded)$/,
    (a, b) => (gpuRun(a, b) ? { impact: 'may-change', reason: 'cuDNN kernels and their selection change between versions' } : NOT_USED('a GPU')),
  ],
  [
    /^gpus(\.\d+(\.(name|computeCapability|multiProcessorCount))?)?$/,
    () => ({
      impact: 'may-change',
      reason: 'cuBLAS promises identical results only on GPUs of the same architecture and SM count, and GPU normals and log-normals use hardware approximations',
    }),
  ],
  [
    /^autoBackend$/,
    (a, b) =>
      sameBitsBackends(a.autoBackend.split(' ')[0], b.autoBackend.split(' ')[0])
        ? { impact: 'none', reason: EXACT_CPU_REASON }
        : { impact: 'changes', reason: `backend 'auto' picks a different backend (${BACKEND_DIFFERENCE})` },
  ],
  [/^determinism\.mathRandom$/, () => ({ impact: 'changes', reason: 'Math.random was a seeded stream in one run only' })],
  [/^determinism\.deterministicAlgorithms$/, () => ({ impact: 'may-change', reason: 'one run refused (or warned about) machine-dependent choices that the other allowed, and GPU libraries saw different determinism settings' })],
  [/^determinism\.(cudnnDeterministic|cudnnBenchmark)$/, () => ({ impact: 'may-change', reason: 'cuDNN users (TensorFlow through TF_CUDNN_*) pick kernels differently' })],
  [/^determinism\.cublasWorkspaceConfig$/, (a, b) => (gpuRun(a, b) ? { impact: 'may-change', reason: 'cuBLAS is deterministic across streams only with :4096:8 or :16:8' } : NOT_USED('a GPU'))],
  [/^environment\.NODE_CURAND_BACKEND$/, () => ({ impact: 'changes', reason: 'NODE_CURAND_BACKEND chooses the backend of every generator created without one' })],
  [/^environment\.(CUDA_VISIBLE_DEVICES|CUDA_DEVICE_ORDER)$/, (a, b) => (gpuRun(a, b) ? { impact: 'may-change', reason: 'a different GPU becomes cuda:0' } : NOT_USED('a GPU'))],
  [/^environment\.TF_/, () => ({ impact: 'may-change', reason: 'TensorFlow (tfjs-node-gpu) reads it for its GPU kernels' })],
];

function verdict(field: string, a: ReproRecord, b: ReproRecord): Verdict {
  for (const [pattern, judge] of RULES) if (pattern.test(field)) return judge(a, b, field);
  return { impact: 'none', reason: 'does not enter the numbers (or is accounted for by another field)' };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The fields the diff rules read, with the shape each must have. */
const RECORD_SHAPE: Array<[string, (r: Record<string, unknown>) => boolean]> = [
  ['autoBackend', (r) => typeof r.autoBackend === 'string'],
  ['glibc', (r) => r.glibc === null || typeof r.glibc === 'string'],
  ['gpus', (r) => Array.isArray(r.gpus)],
  ['seed', (r) => isObject(r.seed)],
  ['backends', (r) => isObject(r.backends) && Object.values(r.backends).every(isObject)],
  ['generators', (r) => isObject(r.generators) && Object.values(r.generators).every((g) => isObject(g) && typeof g.backend === 'string')],
];

function checkRecord(value: unknown, name: string): ReproRecord {
  if (!isObject(value) || value.format !== RECORD_FORMAT) throw new TypeError(`${name} must be a record from reproRecord() (format '${RECORD_FORMAT}')`);
  if (value.version !== 1) {
    throw typeof value.version === 'number'
      ? new RangeError(`${name}.version ${value.version} is not supported (supported: 1)`)
      : new TypeError(`${name}.version must be the number 1`);
  }
  for (const [field, ok] of RECORD_SHAPE) {
    if (!ok(value)) throw new TypeError(`${name}.${field} is missing or malformed: ${name} must be a record from reproRecord()`);
  }
  return value as unknown as ReproRecord;
}

/**
 * The differences between two records that can change results, each with its reason (with
 * { all: true }, every difference). Ordered: certain changes first.
 */
export function diffRecords(a: ReproRecord, b: ReproRecord, options: { all?: boolean } = {}): RecordDifference[] {
  const ra = checkRecord(a, 'a');
  const rb = checkRecord(b, 'b');
  if (typeof options !== 'object' || options === null) throw new TypeError('options must be an object ({ all?: boolean })');
  if (options.all !== undefined && typeof options.all !== 'boolean') throw new TypeError('options.all must be true or false');
  const order = { changes: 0, 'may-change': 1, none: 2 };
  return differingFields(ra, rb, '', [])
    .filter(([field]) => field !== 'createdAt')
    .map(([field, va, vb]) => ({ field, a: va, b: vb, ...verdict(field, ra, rb) }))
    .filter((d) => options.all === true || d.impact !== 'none')
    .sort((x, y) => order[x.impact] - order[y.impact]);
}

// ---------------------------------------------------------------------------------------------
// selftest

interface KnownAnswer {
  name: string;
  algorithm: Algorithm;
  seed: bigint;
  offset?: bigint;
  dist: Distribution;
  /** Elements generated (and dropped) before the expected ones, in the same call. */
  skip?: number;
  a?: number;
  b?: number;
  expect: number[];
  /** GPU output differs by design (NVIDIA: Box–Muller normals and log-normals use other math on the device). */
  hostOnly?: boolean;
}

/**
 * cuRAND's host generators, measured (docs/spec/curand-host-semantics.md §3.3 and §7; Philox seed 0 is
 * also the first Random123 philox4x32-10 known-answer row; Poisson(10) is NVIDIA's
 * CUDALibrarySamples cuRAND/Host/philox output).
 */
const KNOWN_ANSWERS: KnownAnswer[] = [
  { name: 'philox seed 0 uint32', algorithm: 'philox4x32-10', seed: 0n, dist: 'uint32', expect: [0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8] },
  {
    name: 'philox seed 42 uint32',
    algorithm: 'philox4x32-10',
    seed: 42n,
    dist: 'uint32',
    expect: [0x9ceaf053, 0x77f5493b, 0x12bf50ad, 0x5742b3d7, 0x02933769, 0x2051e913, 0x3b68b038, 0xb62c409c],
  },
  { name: 'philox seed 42 uint32 [262144, 262148)', algorithm: 'philox4x32-10', seed: 42n, dist: 'uint32', skip: 262144, expect: [0xfcdb2127, 0x53ba6cfd, 0x838f5a6e, 0x744e06fb] },
  { name: 'philox seed 42 offset 1000003 uint32', algorithm: 'philox4x32-10', seed: 42n, offset: 1000003n, dist: 'uint32', expect: [0xd4f14c80, 0xa11f64d5, 0xacef4f0b, 0xdffbc00a] },
  {
    name: 'philox seed 2^64-1 uint32',
    algorithm: 'philox4x32-10',
    seed: 2n ** 64n - 1n,
    dist: 'uint32',
    expect: [0x72a47709, 0x15474739, 0x9f41b01f, 0x22799a5a, 0xa74236ed, 0x7e853102, 0x4c324aa2, 0x4212cad6],
  },
  { name: 'philox seed 42 uniform', algorithm: 'philox4x32-10', seed: 42n, dist: 'uniform', expect: [0.6129598617553711, 0.4685865044593811, 0.07323173433542252, 0.34086155891418457] },
  { name: 'philox seed 42 uniformDouble', algorithm: 'philox4x32-10', seed: 42n, dist: 'uniformDouble', expect: [0.46858679418029187, 0.34086151490420996, 0.3270632689464365, 0.4543153586517528] },
  { name: 'philox seed 42 normal', algorithm: 'philox4x32-10', seed: 42n, dist: 'normal', hostOnly: true, expect: [0.194018871, -0.97018981, 1.92392659, -1.23562121] },
  {
    name: 'philox seed 42 normalDouble (glibc FMA variant)',
    algorithm: 'philox4x32-10',
    seed: 42n,
    dist: 'normalDouble',
    hostOnly: true,
    expect: [1.0360235505368471, -0.6653743849976409, 0.42328043627196804, -1.4338887543449035],
  },
  { name: 'philox seed 1234 poisson(10)', algorithm: 'philox4x32-10', seed: 1234n, dist: 'poisson', a: 10, expect: [15, 7, 12, 8, 7, 12, 8, 17, 10, 6, 11, 12] },
  { name: 'mtgp32 seed 42 uint32', algorithm: 'mtgp32', seed: 42n, dist: 'uint32', expect: [0xbbb4d53b, 0xcf53ac06, 0xe03a187d, 0xe9b34bd3] },
  { name: 'mtgp32 seed 42 uint32 [256, 260)', algorithm: 'mtgp32', seed: 42n, dist: 'uint32', skip: 256, expect: [0x8a3682b7, 0x188ec172, 0x372bdad1, 0xb0d0c676] },
  { name: 'mtgp32 seed 42 uint32 [16384, 16388)', algorithm: 'mtgp32', seed: 42n, dist: 'uint32', skip: 16384, expect: [0x7766bad3, 0x08941227, 0xf113dc02, 0x3c8fa887] },
  { name: 'mtgp32 seed 1234 uint32', algorithm: 'mtgp32', seed: 1234n, dist: 'uint32', expect: [0x95130d0d, 0x76af12e1, 0x9d99d21c, 0xff1234b2] },
  { name: 'mtgp32 seed 42 uniformDouble', algorithm: 'mtgp32', seed: 42n, dist: 'uniformDouble', expect: [0.7332280417904258, 0.8098704831209034] },
  { name: 'mtgp32 seed 42 normal', algorithm: 'mtgp32', seed: 42n, dist: 'normal', expect: [0.622605264, 0.877419055, 1.15466642, 1.35878158] },
  // docs/spec/curand-more-generators.md §6 (cuRAND host, measured).
  { name: 'xorwow seed 42 uint32', algorithm: 'xorwow', seed: 42n, dist: 'uint32', expect: [0x11ece47f, 0x28ff4cc2, 0x6ba5a19e, 0x938d0a4a] },
  { name: 'xorwow seed 42 uint32 [4096, 4100)', algorithm: 'xorwow', seed: 42n, dist: 'uint32', skip: 4096, expect: [0x8cdacf50, 0x9a883f28, 0x6a46f9c0, 0x6d9e5af9] },
  { name: 'mrg32k3a seed 42 uint32', algorithm: 'mrg32k3a', seed: 42n, dist: 'uint32', expect: [0x3b3f724d, 0x1c3bfde7, 0xf789b814, 0x894c2884] },
  { name: 'mrg32k3a seed 42 uniformDouble', algorithm: 'mrg32k3a', seed: 42n, dist: 'uniformDouble', expect: [0.23143686665461985, 0.1102904023254975, 0.9669451760341279, 0.5363183329092646] },
  { name: 'mt19937 seed 42 uint32', algorithm: 'mt19937', seed: 42n, dist: 'uint32', expect: [0x5fe1dc66, 0x92089dcd, 0x533f36d7, 0xb240ff26] },
];

export interface SelftestCheck {
  name: string;
  status: 'pass' | 'fail' | 'skip';
  detail: string | null;
}

export interface SelftestBackend {
  backend: BackendName;
  available: boolean;
  reason: string | null;
  checks: SelftestCheck[];
  /** Per algorithm and distribution: digest of the first FINGERPRINT_LENGTH values ('n/a' where not implemented). */
  fingerprints: Record<string, string>;
  /** One digest over all of `fingerprints`: two machines agree on this backend when theirs are equal. */
  fingerprint: string | null;
}

export interface SelftestReport {
  ok: boolean;
  package: string;
  fingerprintSeed: string;
  fingerprintLength: number;
  backends: SelftestBackend[];
}

export const FINGERPRINT_SEED = 20240917n;
export const FINGERPRINT_LENGTH = 4096;
const FINGERPRINT_PARAMS: Partial<Record<Distribution, [number, number]>> = { poisson: [10, 0] };

/** The backend cannot run this (not implemented yet, or not supported by cuRAND): no value to compare. */
function isNotImplemented(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === 'ERR_CURAND_NOT_IMPLEMENTED' || code === 'ERR_CURAND_UNSUPPORTED';
}

/** Runs one generate call of `dist` on a fresh generator; null when the backend does not implement it. */
function sample(backend: BackendName, algorithm: Algorithm, seed: bigint, offset: bigint | undefined, dist: Distribution, n: number, a: number, b: number): OutputArray | null {
  let g: Generator;
  try {
    g = new Generator({ algorithm, seed, backend, ...(offset === undefined ? {} : { offset }) });
  } catch (error) {
    if (isNotImplemented(error)) return null;
    throw error;
  }
  try {
    const generate = g[dist] as (n: number, a: number, b: number) => OutputArray;
    return generate.call(g, n, a, b);
  } catch (error) {
    if (isNotImplemented(error)) return null;
    throw error;
  } finally {
    g.dispose();
  }
}

function runKnownAnswer(backend: BackendName, k: KnownAnswer): SelftestCheck {
  if (k.hostOnly && backend === 'cuda') return { name: k.name, status: 'skip', detail: 'GPU normals and log-normals differ from host ones by design' };
  const skip = k.skip ?? 0;
  let out: OutputArray | null;
  try {
    out = sample(backend, k.algorithm, k.seed, k.offset, k.dist, skip + k.expect.length, k.a ?? 0, k.b ?? 1);
  } catch (error) {
    return { name: k.name, status: 'fail', detail: (error as Error).message };
  }
  if (out === null) return { name: k.name, status: 'skip', detail: `not implemented on '${backend}' yet` };
  const got = out.subarray(skip);
  const want = new OUTPUT_TYPE[k.dist](k.expect);
  const same = got.every((x, i) => Object.is(x, want[i]));
  if (same) return { name: k.name, status: 'pass', detail: null };
  const hint = backend === 'curand-host' && k.hostOnly ? " (curand-host normals depend on the glibc version and the CPU's FMA support)" : '';
  return { name: k.name, status: 'fail', detail: `got ${Array.from(got).join(' ')}, expected ${Array.from(want).join(' ')}${hint}` };
}

/**
 * One generator per algorithm, every distribution drawn from it in turn: a fresh generator per
 * distribution would cost MT19937's multi-second set-up eight times on cuRAND.
 */
function fingerprints(backend: BackendName): Record<string, string> {
  const result: Record<string, string> = {};
  for (const algorithm of Object.keys(ALGORITHM_TRAITS) as Algorithm[]) {
    let g: Generator | null = null;
    try {
      g = new Generator({ algorithm, seed: FINGERPRINT_SEED, backend });
    } catch (error) {
      if (!isNotImplemented(error)) throw error;
    }
    try {
      for (const dist of DISTRIBUTIONS) {
        const [a, b] = FINGERPRINT_PARAMS[dist] ?? [0, 1];
        let out: OutputArray | null = null;
        try {
          if (g !== null) out = (g[dist] as (n: number, a: number, b: number) => OutputArray).call(g, FINGERPRINT_LENGTH, a, b);
        } catch (error) {
          // A refused call leaves the stream untouched, so the next distribution is unaffected.
          if (!isNotImplemented(error)) throw error;
        }
        result[`${algorithm} ${dist}`] = out === null ? 'n/a' : digest(new Uint8Array(out.buffer, out.byteOffset, out.byteLength));
      }
    } finally {
      g?.dispose();
    }
  }
  return result;
}

/**
 * Known-answer vectors on every available backend, and a fingerprint of the first values of each
 * generator and distribution, so that CI can assert that two machines (or backends) agree.
 */
export function selftest(): SelftestReport {
  const info = backendInfo();
  const backends = BACKENDS.map((backend): SelftestBackend => {
    const status = info.backends[backend];
    if (!status.available) return { backend, available: false, reason: status.reason, checks: [], fingerprints: {}, fingerprint: null };
    const fp = fingerprints(backend);
    return {
      backend,
      available: true,
      reason: null,
      checks: KNOWN_ANSWERS.map((k) => runKnownAnswer(backend, k)),
      fingerprints: fp,
      fingerprint: digest(Object.entries(fp).map(([k, v]) => `${k}=${v};`).join('')),
    };
  });
  return {
    ok: backends.every((b) => b.checks.every((c) => c.status !== 'fail')),
    package: `${PACKAGE.name} ${PACKAGE.version}`,
    fingerprintSeed: FINGERPRINT_SEED.toString(),
    fingerprintLength: FINGERPRINT_LENGTH,
    backends,
  };
}
