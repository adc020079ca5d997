/** cuBLAS's workspace configuration (CUBLAS_WORKSPACE_CONFIG): its syntax, and when deterministic mode refuses it. */

import type { Refusal } from './mode.js';

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
