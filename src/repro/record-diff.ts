/** Which differences between two records (record.ts) can change a run's numbers, and why (diffRecords). */

import type { BackendName } from '../types.js';
import { isObjectLike } from '../validate.js';
import { glibcReproduced, REPRODUCED_GLIBC } from './determinism/machine.js';
import { RECORD_FORMAT, type ReproRecord } from './record.js';

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

/** The fields the diff reads, with the shape each must have. */
const RECORD_SHAPE: Array<[string, (r: Record<string, unknown>) => boolean]> = [
  ['createdAt', (r) => typeof r.createdAt === 'string'],
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
  if (!isObjectLike(options)) throw new TypeError('options must be an object ({ all?: boolean })');
  if (options.all !== undefined && typeof options.all !== 'boolean') throw new TypeError('options.all must be true or false');
  const order = { changes: 0, 'may-change': 1, none: 2 };
  return differingFields(ra, rb, '', [])
    .filter(([field]) => field !== 'createdAt')
    .map(([field, va, vb]) => ({ field, a: va, b: vb, ...verdict(field, ra, rb) }))
    .filter((d) => options.all === true || d.impact !== 'none')
    .sort((x, y) => order[x.impact] - order[y.impact]);
}
