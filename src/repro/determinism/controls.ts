/**
 * The determinism controls, in PyTorch's vocabulary (torch.use_deterministic_algorithms,
 * torch.backends.cudnn.benchmark / .deterministic) plus cuBLAS's CUBLAS_WORKSPACE_CONFIG, and the
 * environment they export for other GPU libraries (with the values they replaced, put back when a
 * control is switched off).
 */

import { checkOptionKeys } from '../../validate.js';
import { cublasRefusal, DETERMINISTIC_WORKSPACE_CONFIGS, parseWorkspaceConfig } from './cublas-workspace.js';
import { machineProbe } from './machine.js';
import { flags, refuse, warnOnce } from './mode.js';
import type { DeterministicMode } from './switches.js';

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
