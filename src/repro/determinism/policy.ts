/**
 * What deterministic mode refuses (docs/reproducibility.md lists each cause and its fix): anything
 * that would make node-curand's numbers depend on the machine rather than on the program and its seed.
 * - 'unseeded': a default generator or seedEverything() seeded from OS entropy;
 * - 'host-glibc': the `curand-host` backend on a C library other than glibc 2.36–2.40 (docs/exactness.md);
 * - 'host-cpu': the `curand-host` backend where glibc's double-math variant (chosen by CPU
 *   features) is not the one the generator's `hostMath` declares, or cannot be known;
 * - 'auto-backend': `backend: 'auto'` landing on the GPU, whose Box–Muller normals and log-normals
 *   differ from the CPU ones that the same program gives on a machine without a GPU;
 * - 'device-ordering': an ordering whose output depends on the GPU model;
 * - 'cublas-workspace' (determinism/cublas-workspace.ts): a GPU present and CUBLAS_WORKSPACE_CONFIG
 *   unset or not deterministic.
 * Each is an error (or, with warnOnly, a warning) naming the cause and the fix.
 */

import type { Algorithm, AnyOrdering, BackendName, EnvironmentVariables, HostMath } from '../../types.js';
import { glibcReproduced, hostDoubleVariant, machineProbe, type MachineProbe } from './machine.js';
import { flags, refuse, type Refusal } from './mode.js';

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
export function generatorRefusal(request: GeneratorRequest, probe: MachineProbe, env: EnvironmentVariables = process.env): Refusal | null {
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
