/** Where a generator runs, and the backend that runs it there. */
import { CurandError } from '../errors.js';
import { fastestNativeDrawKernel, NativeDrawKernel } from '../kernels/native-draws.js';
import { SimdKernel, CPU_KERNEL_CHOICES, resolveCpuKernel } from '../kernels/simd.js';
import { wasmKernel } from '../kernels/wasm.js';
import type { NativeCpuKernelName } from '../native/binding-types.js';
import { libraryRelease } from '../native/versions.js';
import { BACKENDS, type Algorithm, type BackendChoice, type BackendName, type EnvironmentVariables, type HostMath } from '../types.js';
import { given, toChoice, toDevice } from '../validate.js';
import type { Backend } from './backend.js';
import { CpuBackend } from './cpu.js';
import { CudaRoutedBackend, cudaCpuBelow, ROUTED_ALGORITHMS } from './cuda-routed.js';
import { CurandBackend } from './curand.js';
import { addonBinding, backendStatus, cudaStatus, curandStatus, type BackendStatus } from './discovery.js';

/** Where a generator runs: a backend and, for `cuda`, a device ordinal; for `simd`, which kernel. */
export interface Placement {
  backend: BackendName;
  deviceIndex: number;
  cpuKernel?: NativeCpuKernelName;
}

/** 'auto' on the CPU: the first available of these, fastest first (all give the same bits). */
export const CPU_BACKEND_ORDER: readonly BackendName[] = ['simd', 'wasm', 'ts'];

function unavailable(name: BackendName, status: BackendStatus): CurandError {
  const reason = status.reason ?? 'unknown reason';
  return new CurandError('ERR_CURAND_BACKEND_UNAVAILABLE', `backend '${name}' is not available here: ${reason}`, { reason });
}

/**
 * Decides where a generator runs. An explicit backend or device that cannot run here throws; only
 * 'auto' falls back (GPU when there is one, else the fastest exact CPU backend). NODE_CURAND_BACKEND
 * stands in for an unspecified `backend` option, unless it names a backend of the other kind than an
 * explicit `device` ('cuda' with device 'cpu', or a CPU backend with 'cuda:N'): the explicit device
 * wins. Only what the choice needs is looked at (discovery.ts): 'ts' and 'wasm' load no native code,
 * and only a choice that may land on the GPU asks the CUDA runtime for devices.
 */
export function place(
  backendOption: unknown,
  deviceOption: unknown,
  env: EnvironmentVariables = process.env,
  kernelOption: unknown = undefined,
): Placement {
  const kernel = toChoice(given(kernelOption, 'auto'), 'kernel', CPU_KERNEL_CHOICES);
  const device = toDevice(given(deviceOption, 'auto'));
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
  const autoBackend = (): BackendName => {
    if (kernel !== 'auto') return 'simd';
    if (device.kind === 'cuda' || (device.kind === 'auto' && cudaStatus().status.available)) return 'cuda';
    return CPU_BACKEND_ORDER.find((name) => backendStatus(name).available) ?? 'ts';
  };
  const backend: BackendName = choice !== 'auto' ? choice : autoBackend();
  if (backend === 'cuda' && device.kind === 'cpu') throw new RangeError(`device 'cpu' cannot be used with backend 'cuda'`);
  if (backend !== 'cuda' && device.kind === 'cuda') {
    throw new RangeError(`device '${String(deviceOption)}' cannot be used with backend '${backend}' (a CPU backend)`);
  }
  if (backend === 'cuda') {
    const cuda = cudaStatus();
    if (!cuda.status.available) throw unavailable('cuda', cuda.status);
    const count = cuda.devices?.devices.length ?? 0;
    const index = device.index ?? 0;
    if (index >= count) {
      throw new RangeError(`device 'cuda:${index}' does not exist: this machine has cuda:0 to cuda:${count - 1}`);
    }
    return { backend, deviceIndex: index };
  }
  if (backend === 'simd') {
    const addon = addonBinding();
    if (addon.binding === null) throw unavailable(backend, addon.status);
    const resolved = resolveCpuKernel(addon.binding, kernel);
    if ('reason' in resolved) throw unavailable(backend, { available: false, reason: resolved.reason });
    return { backend, deviceIndex: -1, cpuKernel: resolved.kernel };
  }
  const status = backendStatus(backend);
  if (!status.available) throw unavailable(backend, status);
  return { backend, deviceIndex: -1 };
}

/**
 * The backend for a placement; `threads`: how many threads a large call may use on `simd` and `wasm`.
 * `cuda` of an algorithm with offsets routes small calls of raw words and uniforms to the CPU
 * (cuda-routed.ts; NODE_CURAND_CUDA_CPU_BELOW).
 */
export function createBackend(placement: Placement, algorithm: Algorithm, hostMath: HostMath, threads = 1): Backend {
  switch (placement.backend) {
    case 'ts':
      return new CpuBackend('ts', algorithm, hostMath, null, 1);
    case 'wasm': {
      const kernel = wasmKernel();
      return new CpuBackend('wasm', algorithm, hostMath, kernel, threads, kernel.draws);
    }
    case 'simd': {
      const addon = addonBinding();
      if (addon.binding === null || placement.cpuKernel === undefined) throw unavailable('simd', addon.status);
      const kernel = placement.cpuKernel;
      return new CpuBackend('simd', algorithm, hostMath, new SimdKernel(addon.binding, kernel), threads, new NativeDrawKernel(addon.binding, kernel));
    }
    case 'curand-host':
      return curandBackend('curand-host', -1, algorithm, hostMath);
    case 'cuda': {
      if (!ROUTED_ALGORITHMS.includes(algorithm)) return curandBackend('cuda', placement.deviceIndex, algorithm, hostMath);
      const below = cudaCpuBelow(process.env);
      // The CPU side: what 'auto' picks on the CPU, whatever NODE_CURAND_BACKEND says.
      const cpu = createBackend(place(undefined, 'cpu', {}), algorithm, hostMath, threads);
      return new CudaRoutedBackend(curandBackend('cuda', placement.deviceIndex, algorithm, hostMath), cpu, below);
    }
  }
}

/** A cuRAND backend: host generators, or device `deviceIndex`'s. */
function curandBackend(name: 'curand-host' | 'cuda', deviceIndex: number, algorithm: Algorithm, hostMath: HostMath): CurandBackend {
  const host = curandStatus();
  if (host.binding === null || host.library === null || !host.status.available) throw unavailable(name, host.status);
  const where = name === 'cuda' ? `device ${deviceIndex}` : 'host generator';
  const version = libraryRelease('curand', host.library.version) ?? 'unknown version';
  const detail = `cuRAND ${version} ${where} (${host.library.path ?? 'unknown path'})`;
  const draws = fastestNativeDrawKernel(host.binding);
  return new CurandBackend(host.binding, algorithm, name, Math.max(deviceIndex, 0), detail, draws, hostMath);
}
