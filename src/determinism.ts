/**
 * Determinism controls, in PyTorch's vocabulary (torch.use_deterministic_algorithms,
 * torch.backends.cudnn.benchmark / .deterministic) plus cuBLAS's CUBLAS_WORKSPACE_CONFIG, and the
 * checks deterministic mode makes when a Generator is created.
 *
 * Deterministic mode refuses what would make node-curand's numbers depend on the machine rather
 * than on the program and its seed (docs/reproducibility.md lists each cause and its fix):
 * - 'unseeded': a default generator or seedEverything() seeded from OS entropy;
 * - 'host-glibc': the `curand-host` backend on a C library other than glibc 2.36–2.40 (docs/exactness.md);
 * - 'host-cpu': the `curand-host` backend where glibc's double-math variant (chosen by CPU
 *   features) is not the one the generator's `hostMath` declares, or cannot be known;
 * - 'auto-backend': `backend: 'auto'` landing on the GPU, whose Box–Muller normals and log-normals
 *   differ from the CPU ones that the same program gives on a machine without a GPU;
 * - 'device-ordering': an ordering whose output depends on the GPU model;
 * - 'cublas-workspace': a GPU present and CUBLAS_WORKSPACE_CONFIG unset or not deterministic.
 * Each is an error (or, with warnOnly, a warning) naming the cause and the fix.
 *
 * Process-wide state, which is what this module is: the four flags below and the environment
 * variables it exported (with their previous values, restored when a control is switched off).
 */

import { readdirSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { cudaStatus } from './backends/discovery.js';
import { CurandError } from './errors.js';
import { checkOptionKeys } from './validate.js';
import type { Algorithm, AnyOrdering, BackendName, HostMath } from './types.js';

export type NondeterminismCause = 'unseeded' | 'host-glibc' | 'host-cpu' | 'auto-backend' | 'device-ordering' | 'cublas-workspace';

export interface Refusal {
  reason: NondeterminismCause;
  /** What would make the results depend on the machine. */
  message: string;
  /** What to do instead. */
  fix: string;
}

/** Thrown in deterministic mode for each refused cause (see the module comment). */
export class NondeterminismError extends CurandError {
  declare readonly reason: NondeterminismCause;
  readonly fix: string;

  constructor(refusal: Refusal) {
    super('ERR_CURAND_NONDETERMINISTIC', refusalText(refusal), { reason: refusal.reason });
    this.name = 'NondeterminismError';
    this.fix = refusal.fix;
  }
}

function refusalText(r: Refusal): string {
  return `deterministic mode (useDeterministicAlgorithms(true)) refuses this: ${r.message}. Fix: ${r.fix}`;
}

const flags = {
  deterministic: false,
  warnOnly: false,
  cudnnDeterministic: false,
  cudnnBenchmark: false,
};

/** Messages already warned about: a warning per cause and situation, not per call. */
const warned = new Set<string>();

function warnOnce(message: string, code: string): void {
  if (warned.has(message)) return;
  warned.add(message);
  process.emitWarning(message, { type: 'NodeCurandWarning', code });
}

function refuse(refusal: Refusal, warnOnly: boolean): void {
  if (!warnOnly) throw new NondeterminismError(refusal);
  warnOnce(refusalText(refusal), 'NODE_CURAND_NONDETERMINISTIC');
}

// ---------------------------------------------------------------------------------------------
// What the machine is: injectable, so that every refusal can be tested on any machine.

export interface MachineProbe {
  /** The glibc version in use ('2.36'), or null (another C library, or not Linux). */
  glibc: string | null;
  /** process.arch */
  arch: string;
  /** CPU feature flags as /proc/cpuinfo names them ('fma', 'avx2', …), or null when unknown. */
  cpuFlags: readonly string[] | null;
  /** GLIBC_TUNABLES, which can mask CPU features from glibc's function selection. */
  glibcTunables: string | null;
  /** Whether a CUDA GPU is visible to GPU libraries in this process. */
  gpuPresent(): boolean;
  /** Paths of the loaded shared objects whose file name matches `pattern`. */
  loadedLibraries(pattern: RegExp): string[];
}

let realProbe: MachineProbe | null = null;
let probeOverride: Partial<MachineProbe> | null = null;

function readCpuFlags(): string[] | null {
  try {
    const line = /^flags\s*:(.*)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    return line === null ? null : line[1].trim().split(/\s+/);
  } catch {
    return null;
  }
}

function readGlibc(): string | null {
  const report = process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined;
  return report?.header?.glibcVersionRuntime ?? null;
}

function countDriverGpus(): number {
  try {
    return readdirSync('/proc/driver/nvidia/gpus').length;
  } catch {
    return 0;
  }
}

function mappedLibraries(pattern: RegExp): string[] {
  let maps: string;
  try {
    maps = readFileSync('/proc/self/maps', 'utf8');
  } catch {
    return [];
  }
  const found = new Set<string>();
  for (const line of maps.split('\n')) {
    const at = line.indexOf('/');
    if (at >= 0 && pattern.test(basename(line.slice(at)))) found.add(line.slice(at));
  }
  return [...found];
}

/** The machine as deterministic mode sees it (cached; tests replace parts with setMachineProbe). */
export function machineProbe(): MachineProbe {
  realProbe ??= {
    glibc: readGlibc(),
    arch: process.arch,
    cpuFlags: readCpuFlags(),
    glibcTunables: process.env.GLIBC_TUNABLES ?? null,
    // The NVIDIA kernel driver lists its GPUs even where node-curand found no CUDA runtime; other
    // libraries in the process may bring their own. CUDA_VISIBLE_DEVICES='' or '-1' hides them all.
    gpuPresent: () =>
      (cudaStatus().devices?.devices.length ?? 0) > 0 ||
      (countDriverGpus() > 0 && !['', '-1'].includes(process.env.CUDA_VISIBLE_DEVICES ?? 'all')),
    loadedLibraries: mappedLibraries,
  };
  return probeOverride === null ? realProbe : { ...realProbe, ...probeOverride };
}

/** Replaces parts of the machine probe (tests only); null restores the real one. */
export function setMachineProbe(overrides: Partial<MachineProbe> | null): void {
  probeOverride = overrides;
}

/** The glibc versions whose math node-curand reproduces (docs/spec/exact-math.md). */
export const REPRODUCED_GLIBC = { min: [2, 36], max: [2, 40] } as const;

export function glibcReproduced(version: string | null): boolean {
  const m = version === null ? null : /^(\d+)\.(\d+)/.exec(version);
  if (m === null) return false;
  const v = Number(m[1]) * 1000 + Number(m[2]);
  const at = ([major, minor]: readonly [number, number]) => major * 1000 + minor;
  return v >= at(REPRODUCED_GLIBC.min) && v <= at(REPRODUCED_GLIBC.max);
}

/**
 * Which of glibc's x86-64 double-math variants this process runs, as a HostMath value, or null
 * when it cannot be told. glibc's ifunc selectors (sysdeps/x86_64/fpu/multiarch/ifunc-fma*.h) take
 * the FMA bodies when FMA and AVX2 are usable, FMA4 bodies on FMA4-only CPUs (not reproduced), and
 * otherwise the SSE2/AVX bodies, which compute like the plain C code; GLIBC_TUNABLES
 * glibc.cpu.hwcaps=-FMA,… masks features.
 */
export function hostDoubleVariant(probe: MachineProbe): HostMath | null {
  if (probe.arch !== 'x64' || probe.cpuFlags === null) return null;
  const hwcaps = /glibc\.cpu\.hwcaps=([^:]*)/.exec(probe.glibcTunables ?? '')?.[1].split(',') ?? [];
  const usable = (flag: string, name: string) =>
    probe.cpuFlags!.includes(flag) && !hwcaps.includes(`-${name}`) && !hwcaps.includes(`-${name}_Usable`);
  if (usable('fma', 'FMA') && usable('avx2', 'AVX2')) return 'x86-fma';
  if (usable('fma4', 'FMA4')) return null;
  return 'x86-sse2';
}

// ---------------------------------------------------------------------------------------------
// Refusals.

/** What the Generator constructor tells deterministic mode about a new generator. */
export interface GeneratorRequest {
  algorithm: Algorithm;
  ordering: AnyOrdering;
  /** The backend it runs on. */
  backend: BackendName;
  hostMath: HostMath;
  /** The `backend` and `device` options as given (undefined when omitted): tells an automatic choice from an explicit one. */
  backendOption: unknown;
  deviceOption: unknown;
}

/** Orderings cuRAND documents as depending on the GPU model (PSEUDO_DYNAMIC). */
const DEVICE_DEPENDENT_ORDERINGS: readonly AnyOrdering[] = ['dynamic'];

/** Why deterministic mode would refuse this generator here, or null. Pure, for tests. */
export function generatorRefusal(request: GeneratorRequest, probe: MachineProbe, env: NodeJS.ProcessEnv = process.env): Refusal | null {
  if (DEVICE_DEPENDENT_ORDERINGS.includes(request.ordering)) {
    return {
      reason: 'device-ordering',
      message: `ordering '${request.ordering}' lets cuRAND lay the stream out for the GPU at hand, so the numbers depend on the GPU model`,
      fix: `use ordering 'legacy' (the only one NVIDIA promises stable across releases) or 'default'`,
    };
  }
  if (request.backend === 'curand-host') {
    if (!glibcReproduced(probe.glibc)) {
      return {
        reason: 'host-glibc',
        message:
          `backend 'curand-host' computes normals, log-normals and Poisson tables with this system's C library ` +
          `(${probe.glibc === null ? 'not glibc, or its version is unknown' : `glibc ${probe.glibc}`}), ` +
          `whose last bits depend on its version; node-curand reproduces glibc 2.36–2.40 only (glibc 2.41 replaced several float functions, glibc before 2.36 computes some double functions differently)`,
        fix: `use backend: 'ts' (the same numbers on every machine, equal to cuRAND's host generator under glibc 2.36–2.40), or run on a system with glibc 2.36–2.40`,
      };
    }
    const variant = hostDoubleVariant(probe);
    if (variant !== request.hostMath) {
      return {
        reason: 'host-cpu',
        message:
          variant === null
            ? `backend 'curand-host' computes double normals and log-normals with the variant of glibc's math that this CPU selects (${probe.arch}, features ${probe.cpuFlags === null ? 'unknown' : 'without FMA+AVX2 but with FMA4'}), which node-curand cannot tell`
            : `this CPU makes glibc run its '${variant}' double functions, so backend 'curand-host' gives the double normals and log-normals of hostMath '${variant}', not the '${request.hostMath}' this generator declares (about 0.01–0.07 % of values differ by one ulp)`,
        fix:
          `use backend: 'ts' with the hostMath your runs agree on (the same numbers on every machine)` +
          (variant === null ? '' : `, or declare hostMath: '${variant}' if every machine of the run selects that variant`),
      };
    }
  }
  const backendAuto = request.backendOption === undefined ? ['', 'auto'].includes(env.NODE_CURAND_BACKEND ?? '') : request.backendOption === 'auto';
  const deviceAuto = request.deviceOption === undefined || request.deviceOption === 'auto';
  if (request.backend === 'cuda' && backendAuto && deviceAuto) {
    return {
      reason: 'auto-backend',
      message:
        `backend 'auto' chose the GPU here and chooses an exact CPU backend on a machine without one; GPU Box–Muller normals and all GPU log-normals ` +
        `differ from the CPU ones (raw words and uniforms agree), so the same program would give different numbers on different machines`,
      fix: `choose explicitly: backend: 'ts' (identical numbers on every machine) or backend: 'cuda' (GPU numbers, which a CPU run will not match for normals and log-normals)`,
    };
  }
  return null;
}

/** Called by the Generator constructor: refuses (or warns about) a machine-dependent generator in deterministic mode. */
export function checkDeterministic(request: GeneratorRequest): void {
  if (!flags.deterministic) return;
  const refusal = generatorRefusal(request, machineProbe());
  if (refusal !== null) refuse(refusal, flags.warnOnly);
}

/** Refuses a seed drawn from the OS in deterministic mode (`what` names the caller). */
export function checkSeeded(seededFromOs: boolean, what: string, warnOnly = flags.warnOnly, enabled = flags.deterministic): void {
  if (!enabled || !seededFromOs) return;
  refuse(
    {
      reason: 'unseeded',
      message: `${what} would use a seed drawn from the operating system, so every run draws different numbers`,
      fix: `seed the run: seedEverything(seed) at the start, NODE_CURAND_SEED=<seed> in the environment (with node --import node-curand/register), or withGenerator(seed, fn)`,
    },
    warnOnly,
  );
}

// ---------------------------------------------------------------------------------------------
// cuBLAS workspace configuration.

/**
 * The values NVIDIA names as making cuBLAS deterministic when streams share a handle (cuBLAS
 * documentation, "Results reproducibility"); PyTorch accepts exactly these two as well.
 */
export const DETERMINISTIC_WORKSPACE_CONFIGS = [':4096:8', ':16:8'] as const;

const WORKSPACE_SYNTAX = /^(?::\d+:\d+)+$/;

/**
 * Checks a CUBLAS_WORKSPACE_CONFIG value: one or more `:SIZE:COUNT` pairs (COUNT buffers of SIZE
 * KiB each), e.g. ':4096:8', ':16:8', ':4096:2:16:8'. Returns the pairs.
 */
export function parseWorkspaceConfig(value: unknown): Array<{ sizeKiB: number; count: number }> {
  if (typeof value !== 'string') throw new TypeError(`CUBLAS_WORKSPACE_CONFIG must be a string such as ':4096:8', got ${value === null ? 'null' : typeof value}`);
  if (!WORKSPACE_SYNTAX.test(value)) {
    throw new RangeError(
      `CUBLAS_WORKSPACE_CONFIG must be one or more ':SIZE:COUNT' pairs (COUNT buffers of SIZE KiB, decimal integers, ` +
        `with the leading colon), e.g. ':4096:8', ':16:8' or ':4096:2:16:8'; got ${JSON.stringify(value)}`,
    );
  }
  const numbers = value.slice(1).split(':').map(Number);
  const pairs: Array<{ sizeKiB: number; count: number }> = [];
  for (let i = 0; i < numbers.length; i += 2) pairs.push({ sizeKiB: numbers[i], count: numbers[i + 1] });
  return pairs;
}

/** Why deterministic mode refuses this CUBLAS_WORKSPACE_CONFIG value, or null. Pure, for tests. */
export function cublasRefusal(value: string | undefined, gpuPresent: () => boolean): Refusal | null {
  if (value !== undefined && (DETERMINISTIC_WORKSPACE_CONFIGS as readonly string[]).includes(value)) return null;
  if (!gpuPresent()) return null;
  let problem: string;
  try {
    problem = value === undefined ? 'is not set' : (parseWorkspaceConfig(value), `is ${JSON.stringify(value)}, which NVIDIA does not name as deterministic`);
  } catch (error) {
    problem = `is malformed (${(error as Error).message})`;
  }
  return {
    reason: 'cublas-workspace',
    message:
      `a GPU is present and CUBLAS_WORKSPACE_CONFIG ${problem}: cuBLAS (used by GPU libraries in this process and its children) ` +
      `may then give different results from run to run when CUDA streams share a handle`,
    fix:
      `set CUBLAS_WORKSPACE_CONFIG=:4096:8 (about 24 MiB more GPU memory) or CUBLAS_WORKSPACE_CONFIG=:16:8 (may be slower) before the first ` +
      `cuBLAS call — in the shell, with NODE_CURAND_DETERMINISTIC=1 and node --import node-curand/register, or with ` +
      `backends.cublas.workspaceConfig = ':4096:8' first thing in the program ` +
      `(https://docs.nvidia.com/cuda/cublas/index.html#results-reproducibility)`,
  };
}

// ---------------------------------------------------------------------------------------------
// Environment exported for other GPU libraries, with the values it replaced.

/** The variables the controls export for GPU libraries (CUBLAS_WORKSPACE_CONFIG is the user's to set, through backends.cublas). */
export const DETERMINISM_VARIABLES = ['CUBLAS_WORKSPACE_CONFIG', 'TF_DETERMINISTIC_OPS', 'TF_CUDNN_DETERMINISTIC', 'TF_CUDNN_USE_AUTOTUNE'] as const;

const replaced = new Map<string, string | undefined>();

function exportVariable(name: string, value: string): void {
  if (!replaced.has(name)) replaced.set(name, process.env[name]);
  process.env[name] = value;
}

function restoreVariable(name: string): void {
  if (!replaced.has(name)) return;
  const previous = replaced.get(name);
  replaced.delete(name);
  if (previous === undefined) delete process.env[name];
  else process.env[name] = previous;
}

function toBoolean(value: unknown, name: string): boolean {
  if (typeof value !== 'boolean') throw new TypeError(`${name} must be true or false, got ${value === null ? 'null' : typeof value}`);
  return value;
}

function warnBenchmarkWithDeterminism(): void {
  warnOnce(
    'backends.cudnn.benchmark is true while deterministic mode or backends.cudnn.deterministic is on: benchmarking picks ' +
      'GPU kernels by timing, so libraries that honour TF_CUDNN_USE_AUTOTUNE may choose differently from run to run ' +
      '(node-curand only ever tunes choices that leave its numbers unchanged). Set backends.cudnn.benchmark = false.',
    'NODE_CURAND_BENCHMARK_DETERMINISTIC',
  );
}

function cublasLoadedWarning(): void {
  const loaded = machineProbe().loadedLibraries(/^libcublas(Lt)?\.so/);
  if (loaded.length === 0) return;
  warnOnce(
    `CUBLAS_WORKSPACE_CONFIG changed after cuBLAS was loaded in this process (${loaded.join(', ')}): cuBLAS handles and ` +
      `workspaces set up before now may keep the old setting (node-curand itself creates none). Set it before any GPU library starts: in the shell, ` +
      `or with node --import node-curand/register and NODE_CURAND_DETERMINISTIC=1.`,
    'NODE_CURAND_CUBLAS_LOADED',
  );
}

export interface DeterminismBackends {
  cudnn: {
    /**
     * Allows autotuning by timing (PyTorch's torch.backends.cudnn.benchmark). node-curand tunes
     * only choices that leave its numbers unchanged; setting it exports TF_CUDNN_USE_AUTOTUNE.
     */
    benchmark: boolean;
    /** Asks cuDNN users for deterministic kernels; setting it exports TF_CUDNN_DETERMINISTIC. */
    deterministic: boolean;
  };
  cublas: {
    /**
     * CUBLAS_WORKSPACE_CONFIG in this process's environment (visible to native libraries and
     * inherited by children); undefined when unset. Assigning validates, and warns when cuBLAS is
     * already loaded.
     */
    workspaceConfig: string | undefined;
  };
}

export const backends: DeterminismBackends = {
  cudnn: {
    get benchmark() {
      return flags.cudnnBenchmark;
    },
    set benchmark(value: boolean) {
      flags.cudnnBenchmark = toBoolean(value, 'backends.cudnn.benchmark');
      exportVariable('TF_CUDNN_USE_AUTOTUNE', value ? '1' : '0');
      if (value && (flags.deterministic || flags.cudnnDeterministic)) warnBenchmarkWithDeterminism();
    },
    get deterministic() {
      return flags.cudnnDeterministic;
    },
    set deterministic(value: boolean) {
      flags.cudnnDeterministic = toBoolean(value, 'backends.cudnn.deterministic');
      if (value) exportVariable('TF_CUDNN_DETERMINISTIC', '1');
      else if (!flags.deterministic) restoreVariable('TF_CUDNN_DETERMINISTIC');
      if (value && flags.cudnnBenchmark) warnBenchmarkWithDeterminism();
    },
  },
  cublas: {
    get workspaceConfig() {
      return process.env.CUBLAS_WORKSPACE_CONFIG;
    },
    set workspaceConfig(value: string | undefined) {
      if (value === undefined) {
        delete process.env.CUBLAS_WORKSPACE_CONFIG;
        return;
      }
      parseWorkspaceConfig(value);
      if (process.env.CUBLAS_WORKSPACE_CONFIG === value) return;
      process.env.CUBLAS_WORKSPACE_CONFIG = value;
      cublasLoadedWarning();
    },
  },
};

/**
 * Turns deterministic mode on or off (torch.use_deterministic_algorithms). On: refuses the causes
 * in the module comment from now on (warnOnly: warns instead), checks CUBLAS_WORKSPACE_CONFIG when
 * a GPU is present, and exports TF_DETERMINISTIC_OPS=1 and TF_CUDNN_DETERMINISTIC=1. Off: restores
 * what it exported. A refusal leaves everything as it was.
 */
export function useDeterministicAlgorithms(enabled: boolean, options: { warnOnly?: boolean } = {}): void {
  toBoolean(enabled, 'enabled');
  checkOptionKeys(options, ['warnOnly']);
  const warnOnly = toBoolean(options.warnOnly === undefined ? false : options.warnOnly, 'options.warnOnly');
  if (!enabled) {
    flags.deterministic = false;
    flags.warnOnly = false;
    restoreVariable('TF_DETERMINISTIC_OPS');
    if (!flags.cudnnDeterministic) restoreVariable('TF_CUDNN_DETERMINISTIC');
    return;
  }
  const refusal = cublasRefusal(process.env.CUBLAS_WORKSPACE_CONFIG, () => machineProbe().gpuPresent());
  if (refusal !== null) refuse(refusal, warnOnly);
  flags.deterministic = true;
  flags.warnOnly = warnOnly;
  exportVariable('TF_DETERMINISTIC_OPS', '1');
  exportVariable('TF_CUDNN_DETERMINISTIC', '1');
  if (flags.cudnnBenchmark) warnBenchmarkWithDeterminism();
}

export function areDeterministicAlgorithmsEnabled(): boolean {
  return flags.deterministic;
}

export function isDeterministicAlgorithmsWarnOnlyEnabled(): boolean {
  return flags.deterministic && flags.warnOnly;
}

/** Deterministic mode as seedEverything and NODE_CURAND_DETERMINISTIC express it. */
export type DeterministicMode = boolean | 'warn';

/**
 * An on/off environment variable: '1'/'true' → true, '0'/'false'/'' → false, and 'warn' where
 * `acceptWarn` (NODE_CURAND_DETERMINISTIC); undefined when unset. Anything else is a RangeError.
 */
export function parseEnvSwitch(name: string, text: string | undefined, acceptWarn = false): DeterministicMode | undefined {
  if (text === undefined) return undefined;
  const t = text.trim().toLowerCase();
  if (t === '1' || t === 'true') return true;
  if (t === '0' || t === 'false' || t === '') return false;
  if (acceptWarn && t === 'warn') return 'warn';
  throw new RangeError(`${name} must be '1', 'true', ${acceptWarn ? "'warn', " : ''}'0' or 'false', got ${JSON.stringify(text)}`);
}

/** NODE_CURAND_DETERMINISTIC, as seedEverything's `deterministic` option. */
export function parseDeterministicEnv(text: string | undefined): DeterministicMode | undefined {
  return parseEnvSwitch('NODE_CURAND_DETERMINISTIC', text, true);
}

/**
 * Everything seedEverything({ deterministic }) sets, as Lightning's Trainer(deterministic=True)
 * does: CUBLAS_WORKSPACE_CONFIG=:4096:8 when unset, cudnn.benchmark off, cudnn.deterministic on,
 * deterministic mode on (warn-only for 'warn'). false switches all of it off. A refusal (a GPU
 * with a non-deterministic CUBLAS_WORKSPACE_CONFIG that the user set) changes nothing.
 */
export function configureDeterminism(mode: DeterministicMode): void {
  if (mode === false) {
    useDeterministicAlgorithms(false);
    backends.cudnn.deterministic = false;
    return;
  }
  const warnOnly = mode === 'warn';
  const value = process.env.CUBLAS_WORKSPACE_CONFIG;
  if (value !== undefined) {
    const refusal = cublasRefusal(value, () => machineProbe().gpuPresent());
    if (refusal !== null) refuse(refusal, warnOnly);
  } else {
    backends.cublas.workspaceConfig = DETERMINISTIC_WORKSPACE_CONFIGS[0];
  }
  backends.cudnn.benchmark = false;
  backends.cudnn.deterministic = true;
  useDeterministicAlgorithms(true, { warnOnly });
}

/** The controls' current values, for records. */
export function determinismSettings(): {
  deterministicAlgorithms: boolean;
  warnOnly: boolean;
  cudnnDeterministic: boolean;
  cudnnBenchmark: boolean;
  cublasWorkspaceConfig: string | null;
} {
  return {
    deterministicAlgorithms: flags.deterministic,
    warnOnly: flags.deterministic && flags.warnOnly,
    cudnnDeterministic: flags.cudnnDeterministic,
    cudnnBenchmark: flags.cudnnBenchmark,
    cublasWorkspaceConfig: process.env.CUBLAS_WORKSPACE_CONFIG ?? null,
  };
}
