import { CurandError } from '../errors.js';
import { BACKENDS, type Algorithm, type BackendChoice, type BackendName, type HostMath } from '../types.js';
import type { NativeCpuKernelName } from '../native/binding-types.js';
import { given, toChoice } from '../validate.js';
import type { Backend } from './backend.js';
import { discover } from './discovery.js';
import { NativeBackend } from './native.js';
import { KernelBackend } from './kernel.js';
import { CPU_KERNEL_CHOICES, NativeCpuKernel, resolveCpuKernel } from './simd.js';
import { TsBackend } from './ts.js';
import { wasmKernel, wasmStatus } from './wasm.js';

/** Where a generator runs: a backend and, for `cuda`, a device ordinal; for `simd`, which kernel. */
export interface Placement {
  backend: BackendName;
  deviceIndex: number;
  cpuKernel?: NativeCpuKernelName;
}

/** 'auto' on the CPU: the first available of these, fastest first (all give the same bits). */
export const CPU_BACKEND_ORDER: readonly BackendName[] = ['simd', 'wasm', 'ts'];

/** 'auto' | 'cpu' | 'cuda' | 'cuda:N' → kind and optional index. */
function parseDevice(device: unknown): { kind: 'auto' | 'cpu' | 'cuda'; index: number | null } {
  if (typeof device !== 'string') {
    throw new TypeError(`device must be 'auto', 'cpu', 'cuda' or 'cuda:N', got ${typeof device}`);
  }
  if (device === 'auto' || device === 'cpu' || device === 'cuda') return { kind: device, index: null };
  const m = /^cuda:(0|[1-9][0-9]{0,3})$/.exec(device);
  if (m === null) throw new RangeError(`device must be 'auto', 'cpu', 'cuda' or 'cuda:N' (N a device index), got '${device}'`);
  return { kind: 'cuda', index: Number(m[1]) };
}

function unavailable(name: BackendName, reason: string | null): CurandError {
  return new CurandError('ERR_CURAND_BACKEND_UNAVAILABLE', `backend '${name}' is not available here: ${reason ?? 'unknown reason'}`, {
    reason: reason ?? undefined,
  });
}

/**
 * Decides where a generator runs. An explicit backend or device that cannot run here throws; only
 * 'auto' falls back (GPU when there is one, else the fastest exact CPU backend). NODE_CURAND_BACKEND
 * stands in for an unspecified `backend` option, unless it names a backend of the other kind than an
 * explicit `device` ('cuda' with device 'cpu', or a CPU backend with 'cuda:N'): the explicit device
 * wins. Only what the choice needs is looked at: 'ts' and 'wasm' load no native code.
 */
export function place(
  backendOption: unknown,
  deviceOption: unknown,
  env: NodeJS.ProcessEnv = process.env,
  kernelOption: unknown = undefined,
): Placement {
  const kernel = toChoice(given(kernelOption, 'auto'), 'kernel', CPU_KERNEL_CHOICES);
  const device = parseDevice(given(deviceOption, 'auto'));
  const envChoice =
    backendOption === undefined && env.NODE_CURAND_BACKEND !== undefined && env.NODE_CURAND_BACKEND !== ''
      ? toChoice(env.NODE_CURAND_BACKEND, 'NODE_CURAND_BACKEND', ['auto', ...BACKENDS] as const)
      : undefined;
  const conflicts = (name: BackendChoice): boolean =>
    (name === 'cuda' && device.kind === 'cpu') || (name !== 'cuda' && name !== 'auto' && device.kind === 'cuda');
  const choice: BackendChoice =
    envChoice !== undefined ? (conflicts(envChoice) ? 'auto' : envChoice) : toChoice(given(backendOption, 'auto'), 'backend', ['auto', ...BACKENDS] as const);

  if (kernel !== 'auto' && choice !== 'auto' && choice !== 'simd') {
    throw new TypeError(`kernel '${kernel}' selects a kernel of backend 'simd', not of '${choice}'`);
  }
  if (choice === 'cuda' && device.kind === 'cpu') throw new RangeError(`device 'cpu' cannot be used with backend 'cuda'`);
  if (choice !== 'auto' && choice !== 'cuda' && device.kind === 'cuda') {
    throw new RangeError(`device '${String(deviceOption)}' cannot be used with backend '${choice}' (a CPU backend)`);
  }
  if (choice === 'ts') return { backend: 'ts', deviceIndex: -1 };
  if (choice === 'wasm') {
    const wasm = wasmStatus();
    if (!wasm.available) throw unavailable('wasm', wasm.reason);
    return { backend: 'wasm', deviceIndex: -1 };
  }

  const found = discover();
  const status = found.backends;
  const autoBackend = (): BackendName => {
    if (kernel !== 'auto') return 'simd';
    if (device.kind === 'cuda' || (device.kind === 'auto' && status.cuda.available)) return 'cuda';
    return CPU_BACKEND_ORDER.find((name) => status[name].available) ?? 'ts';
  };
  const backend: BackendName = choice !== 'auto' ? choice : autoBackend();
  if (backend !== 'cuda' && device.kind === 'cuda') {
    throw new RangeError(`device '${String(deviceOption)}' cannot be used with backend '${backend}' (a CPU backend)`);
  }
  if (backend === 'cuda') {
    if (!status.cuda.available) throw unavailable('cuda', status.cuda.reason);
    const count = found.cuda?.devices.length ?? 0;
    const index = device.index ?? 0;
    if (index >= count) {
      throw new RangeError(`device 'cuda:${index}' does not exist: this machine has cuda:0 to cuda:${count - 1}`);
    }
    return { backend, deviceIndex: index };
  }
  if (backend === 'simd' && found.binding !== null) {
    const resolved = resolveCpuKernel(found.binding, kernel);
    if ('reason' in resolved) throw unavailable(backend, resolved.reason);
    return { backend, deviceIndex: -1, cpuKernel: resolved.kernel };
  }
  if (!status[backend].available) throw unavailable(backend, status[backend].reason);
  return { backend, deviceIndex: -1 };
}

function formatVersion(v: number | null): string {
  if (v === null) return 'unknown version';
  return `${Math.floor(v / 1000)}.${Math.floor((v % 1000) / 100)}.${v % 100}`;
}

/**
 * `threads`: how many threads an async fill of the kernel backends may use (identical results for any
 * number).
 */
export function createBackend(placement: Placement, algorithm: Algorithm, hostMath: HostMath, threads = 1): Backend {
  if (placement.backend === 'ts') return new TsBackend(algorithm, hostMath);
  if (placement.backend === 'wasm') return new KernelBackend('wasm', algorithm, hostMath, wasmKernel(), threads);
  const found = discover();
  if (placement.backend === 'simd') {
    const binding = found.binding;
    if (binding === null || placement.cpuKernel === undefined) throw unavailable('simd', found.backends.simd.reason);
    return new KernelBackend('simd', algorithm, hostMath, new NativeCpuKernel(binding, placement.cpuKernel), threads);
  }
  const binding = found.binding;
  const curand = found.libraries?.curand;
  if (binding === null || curand === undefined) throw unavailable(placement.backend, found.backends[placement.backend].reason);
  const where = placement.backend === 'cuda' ? `device ${placement.deviceIndex}` : 'host generator';
  const detail = `cuRAND ${formatVersion(curand.version)} ${where} (${curand.path ?? 'unknown path'})`;
  return new NativeBackend(binding, algorithm, placement.backend as 'curand-host' | 'cuda', Math.max(placement.deviceIndex, 0), detail);
}
