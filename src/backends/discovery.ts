import { loadLibraries } from '../native/library-search.js';
import { loadNative } from '../native/binding.js';
import type { CudaStatus, LibraryName, LibraryStatus, NativeBinding } from '../native/binding-types.js';
import type { BackendName } from '../types.js';
import { wasmStatus } from './wasm.js';

export interface BackendStatus {
  available: boolean;
  /** Why the backend cannot run here; null when it can. */
  reason: string | null;
}

/** What this process found: the addon, the NVIDIA libraries, the devices, and what that allows. */
export interface Discovery {
  addon: { loaded: boolean; path: string | null; error: string | null };
  libraries: Record<LibraryName, LibraryStatus> | null;
  cuda: CudaStatus | null;
  backends: Record<BackendName, BackendStatus>;
  binding: NativeBinding | null;
}

let cached: Discovery | null = null;

/** Looks once per thread: loading libraries and counting devices is process state that does not change. */
export function discover(): Discovery {
  cached ??= probe();
  return cached;
}

function libraryReason(name: string, status: LibraryStatus): string {
  const tried = status.attempts.length;
  const first = status.attempts.find((a) => a.error !== null);
  return (
    `${name} could not be loaded (${tried} location${tried === 1 ? '' : 's'} tried` +
    (first ? `; first failure: ${first.candidate}: ${first.error}` : '') +
    ')'
  );
}

const CURAND_HINT =
  'install it with `pip install nvidia-curand` (or the CUDA toolkit) and point NODE_CURAND_LIB_DIRS at the folder holding libcurand.so.10';

function probe(): Discovery {
  const native = loadNative();
  const addon = { loaded: native.binding !== null, path: native.path, error: native.error };
  const ts: BackendStatus = { available: true, reason: null };
  const wasm = wasmStatus();
  if (native.binding === null) {
    const reason = `the native addon is not available: ${native.error ?? 'not built'}`;
    const none = { available: false, reason };
    return { addon, libraries: null, cuda: null, binding: null, backends: { ts, wasm, simd: none, 'curand-host': none, cuda: none } };
  }
  const binding = native.binding;
  const simd: BackendStatus = binding.cpuKernels.available.some((k) => k !== 'generic')
    ? { available: true, reason: null }
    : { available: false, reason: 'this CPU has neither AVX-512 nor AVX2 (the addon\'s portable kernel is selectable with kernel: \'generic\')' };
  const libraries = loadLibraries(binding);
  const curandOk = libraries.curand.loaded;
  const host: BackendStatus = curandOk
    ? { available: true, reason: null }
    : { available: false, reason: `${libraryReason('libcurand', libraries.curand)}; ${CURAND_HINT}` };
  let cuda: CudaStatus | null = null;
  let gpu: BackendStatus;
  if (!curandOk) {
    gpu = { available: false, reason: host.reason };
  } else if (!libraries.cudart.loaded) {
    gpu = { available: false, reason: libraryReason('the CUDA runtime (libcudart)', libraries.cudart) };
  } else {
    const devices = binding.cudaDevices();
    cuda = devices;
    if (devices.error !== null) {
      gpu = { available: false, reason: `${devices.error.operation} failed: ${devices.error.statusName}` };
    } else if (devices.devices.length === 0) {
      gpu = { available: false, reason: 'the CUDA runtime reports no devices (check CUDA_VISIBLE_DEVICES)' };
    } else {
      gpu = { available: true, reason: null };
    }
  }
  return { addon, libraries, cuda, binding, backends: { ts, wasm, simd, 'curand-host': host, cuda: gpu } };
}
