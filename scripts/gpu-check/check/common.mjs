// Shared by the check scripts of the GPU kit (they run from <kit>/pkg/check/, next to the kit's dist/).
import { writeFileSync } from 'node:fs';

/** The library as the package ships it (the kit's copy of dist/). */
export const lib = await import(new URL('../dist/index.js', import.meta.url).href);
export const { loadNative } = await import(new URL('../dist/native/binding.js', import.meta.url).href);
export const { NATIVE_KIND } = await import(new URL('../dist/native/binding-types.js', import.meta.url).href);

/** GPU_CHECK_QUICK=1: small sizes and few repetitions (the kit's own test, a smoke run). */
export const QUICK = process.env.GPU_CHECK_QUICK === '1';
export const SIMULATED = process.env.GPU_CHECK_SIMULATE === '1';

/**
 * The wall-clock time this step must finish by (run.sh sets it below the step's hard timeout), so
 * that a slow machine ends the step with what it measured, marking the rest "not run: time budget".
 */
export const DEADLINE = Number(process.env.GPU_CHECK_STEP_DEADLINE_MS) || Date.now() + 10 * 60_000;

export function timeLeftMs() {
  return DEADLINE - Date.now();
}

export function writeJson(path, value) {
  if (path) writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}

export function errorSummary(error) {
  const e = /** @type {{ name?: string, code?: string, statusName?: string, message?: string }} */ (error);
  return { name: e?.name ?? 'Error', code: e?.code ?? null, statusName: e?.statusName ?? null, message: String(e?.message ?? error).split('\n')[0] };
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The output array type of each distribution. */
export function arrayFor(dist) {
  if (dist === 'uint32' || dist === 'poisson') return Uint32Array;
  return dist.endsWith('Double') ? Float64Array : Float32Array;
}
