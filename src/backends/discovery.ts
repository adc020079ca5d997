/**
 * What this thread can run, found lazily, each piece the first time something needs it: `ts` needs
 * nothing, `wasm` its module, `simd` the addon, `curand-host` libcurand as well, `cuda` the CUDA runtime
 * of libcurand's CUDA major, a device count (which alone costs tens of milliseconds) and one device
 * generator created and freed (the probe), and only what reports on the machine
 * (backendInfo, reproRecord) loads cuBLAS and cuDNN. Loading libraries and counting devices is process
 * state that does not change, so each answer is kept.
 */
import { readFileSync } from 'node:fs';

import { NO_FAST_KERNEL } from '../kernels/simd.js';
import { wasmModule } from '../kernels/wasm.js';
import { loadNative } from '../native/binding.js';
import { NATIVE_KIND, type CudaStatus, type LibraryName, type LibraryStatus, type NativeBinding, type NativeGeneratorHandle } from '../native/binding-types.js';
import { loadLibraries } from '../native/library-search.js';
import { curandCudaMajor, DRIVER_BRANCH_FOR_CUDA, libraryRelease } from '../native/versions.js';
import type { BackendName } from '../types.js';

export interface BackendStatus {
  available: boolean;
  /** Why the backend cannot run here; null when it can. */
  reason: string | null;
}

/** Everything at once (backendInfo, reproRecord): the addon, the four NVIDIA libraries, the devices. */
export interface Discovery {
  addon: { loaded: boolean; path: string | null; error: string | null };
  libraries: Record<LibraryName, LibraryStatus> | null;
  cuda: CudaStatus | null;
  backends: Record<BackendName, BackendStatus>;
  binding: NativeBinding | null;
}

const AVAILABLE: BackendStatus = { available: true, reason: null };

const CURAND_HINT =
  'install it with `pip install nvidia-curand` (or the CUDA toolkit) and point NODE_CURAND_LIB_DIRS at the folder holding libcurand.so.10';

function libraryReason(name: string, status: LibraryStatus): string {
  const tried = status.attempts.length;
  const first = status.attempts.find((a) => a.error !== null);
  return (
    `${name} could not be loaded (${tried} location${tried === 1 ? '' : 's'} tried` +
    (first ? `; first failure: ${first.candidate}: ${first.error}` : '') +
    ')'
  );
}

/** Real paths of the shared objects mapped into this process. */
function mappedPaths(): Set<string> {
  let maps = '';
  try {
    maps = readFileSync('/proc/self/maps', 'utf8');
  } catch {
    return new Set();
  }
  const found = new Set<string>();
  for (const line of maps.split('\n')) {
    const at = line.indexOf('/');
    if (at >= 0) found.add(line.slice(at));
  }
  return found;
}

/** NVIDIA libraries node-curand mapped itself: not "loaded by the program" (determinism's cuBLAS warning). */
const own = new Set<string>();

/**
 * Loads `names` as loadLibraries does, remembering every file it brought into the process: the
 * libraries and what they pulled in (libcublas brings libcublasLt).
 */
function loadOwn(binding: NativeBinding, names: readonly LibraryName[]): Record<LibraryName, LibraryStatus> {
  const before = mappedPaths();
  const status = loadLibraries(binding, names);
  for (const path of mappedPaths()) if (!before.has(path)) own.add(path);
  return status;
}

/** The files node-curand itself mapped (as /proc/self/maps names them). */
export function ownLibraryPaths(): ReadonlySet<string> {
  return own;
}

/** The addon, or why there is none. */
export function addonBinding(): { binding: NativeBinding; status: BackendStatus } | { binding: null; status: BackendStatus } {
  const native = loadNative();
  if (native.binding === null) return { binding: null, status: { available: false, reason: `the native addon is not available: ${native.error ?? 'not built'}` } };
  return { binding: native.binding, status: AVAILABLE };
}

export function wasmStatus(): BackendStatus {
  const { error } = wasmModule();
  return error === null ? AVAILABLE : { available: false, reason: error };
}

/** `simd`: the addon with a kernel this CPU runs (AVX-512 or AVX2, NEON on arm64). */
export function simdStatus(): BackendStatus {
  const addon = addonBinding();
  if (addon.binding === null) return addon.status;
  return addon.binding.cpuKernels.available.some((k) => k !== 'generic')
    ? AVAILABLE
    : { available: false, reason: `${NO_FAST_KERNEL} (the addon's portable kernel is selectable with kernel: 'generic')` };
}

/** `curand-host`: the addon and libcurand. */
export function curandStatus(): { binding: NativeBinding | null; library: LibraryStatus | null; status: BackendStatus } {
  const addon = addonBinding();
  if (addon.binding === null) return { binding: null, library: null, status: addon.status };
  const library = loadOwn(addon.binding, ['curand']).curand;
  const status = library.loaded ? AVAILABLE : { available: false, reason: `${libraryReason('libcurand', library)}; ${CURAND_HINT}` };
  return { binding: addon.binding, library, status };
}

let devices: CudaStatus | null | undefined;
let probed: BackendStatus | undefined;

/** The CUDA major of a runtime or driver version number (13000 = 13.0). */
const cudaMajor = (v: number): number => Math.floor(v / 1000);

/** Why libcurand and the loaded libcudart cannot work together (different CUDA majors), or null. */
export function majorMismatch(curand: LibraryStatus, cudart: LibraryStatus): string | null {
  const wanted = curandCudaMajor(curand.version);
  if (wanted === null || cudart.version === null || cudaMajor(cudart.version) === wanted) return null;
  return (
    `libcurand ${libraryRelease('curand', curand.version)} (${curand.path}) is from CUDA ${wanted}, but the CUDA runtime that loaded is ` +
    `${libraryRelease('cudart', cudart.version)} (${cudart.path}): no libcudart.so.${wanted} was found; install the CUDA ${wanted} runtime ` +
    `(\`pip install nvidia-cuda-runtime${wanted === 13 ? '' : `-cu${wanted}`}\`) or point NODE_CURAND_LIB_DIRS at the folder holding libcurand and libcudart of one CUDA version`
  );
}

/**
 * What to do about a failed device generator: where the driver is older than libcurand's CUDA major,
 * that is the cause (the cu13 wheel's libcurand carries its own CUDA 13 runtime, which needs an
 * R580+ driver whatever libcudart says).
 */
function probeHint(curand: LibraryStatus, cuda: CudaStatus): string {
  const wanted = curandCudaMajor(curand.version);
  const driver = cuda.driverVersion;
  if (wanted === null || driver === null || cudaMajor(driver) >= wanted) return 'check the driver with nvidia-smi and the device with CUDA_VISIBLE_DEVICES';
  const older = cudaMajor(driver);
  return (
    `libcurand ${libraryRelease('curand', curand.version)} is from CUDA ${wanted}, which needs a driver of CUDA ${wanted}.0 or newer ` +
    `(${DRIVER_BRANCH_FOR_CUDA[wanted] ?? `CUDA ${wanted}`}+), but this driver supports CUDA ${libraryRelease('driver', driver)} (cudaDriverGetVersion ${driver}); ` +
    `update the driver, or use libcurand and libcudart of CUDA ${older} (\`pip install nvidia-curand-cu${older} nvidia-cuda-runtime-cu${older}\`, NODE_CURAND_LIB_DIRS)`
  );
}

/**
 * Whether a device generator can be created, which is what `cuda` needs: creating one on the first
 * device, configuring it and generating four words, then freeing it. Listing devices is not enough:
 * libcurand's own runtime may need a newer driver than the one that lists them (docs/gpu.md).
 */
function probeDevice(binding: NativeBinding, curand: LibraryStatus, cuda: CudaStatus): BackendStatus {
  const what = 'creating a device generator on cuda:0 (probe)';
  let handle: NativeGeneratorHandle | null = null;
  try {
    handle = new binding.NativeGenerator({ rngType: binding.constants.rngType.philox4x32_10, host: false, device: 0 });
    handle.configure(0n, 0n, false, binding.constants.ordering.default);
    handle.generate(NATIVE_KIND.uint32, new Uint32Array(4), 0, 0);
    return AVAILABLE;
  } catch (error) {
    const e = error as { statusName?: string; operation?: string; message?: string };
    const failure = e.statusName !== undefined ? `${e.operation ?? 'a call'} failed with ${e.statusName}` : (e.message ?? String(error));
    return { available: false, reason: `${what}: ${failure}; ${probeHint(curand, cuda)}` };
  } finally {
    handle?.dispose();
  }
}

/**
 * `cuda`: libcurand, a CUDA runtime of the same CUDA major, at least one device (listed once per
 * thread) and a device generator that can be created there (probed once per thread).
 */
export function cudaStatus(): { devices: CudaStatus | null; status: BackendStatus } {
  const host = curandStatus();
  if (host.binding === null || host.library === null || !host.status.available) return { devices: null, status: host.status };
  const cudart = loadOwn(host.binding, ['cudart']).cudart;
  if (!cudart.loaded) return { devices: null, status: { available: false, reason: libraryReason('the CUDA runtime (libcudart)', cudart) } };
  devices ??= host.binding.cudaDevices();
  if (devices === null) return { devices: null, status: { available: false, reason: 'the CUDA runtime reports no devices' } };
  const mismatch = majorMismatch(host.library, cudart);
  if (mismatch !== null) return { devices, status: { available: false, reason: mismatch } };
  if (devices.error !== null) return { devices, status: { available: false, reason: `${devices.error.operation} failed: ${devices.error.statusName}` } };
  if (devices.devices.length === 0) return { devices, status: { available: false, reason: 'the CUDA runtime reports no devices (check CUDA_VISIBLE_DEVICES)' } };
  probed ??= probeDevice(host.binding, host.library, devices);
  return { devices, status: probed };
}

/** A backend's status, finding out only what that backend needs. */
export function backendStatus(name: BackendName): BackendStatus {
  switch (name) {
    case 'ts':
      return AVAILABLE;
    case 'wasm':
      return wasmStatus();
    case 'simd':
      return simdStatus();
    case 'curand-host':
      return curandStatus().status;
    case 'cuda':
      return cudaStatus().status;
  }
}

/** Everything, cuBLAS and cuDNN included: what reports on the machine (backendInfo, reproRecord) calls this. */
export function discover(): Discovery {
  const native = loadNative();
  const addon = { loaded: native.binding !== null, path: native.path, error: native.error };
  const cuda = cudaStatus();
  const backends = {
    ts: AVAILABLE,
    wasm: wasmStatus(),
    simd: simdStatus(),
    'curand-host': curandStatus().status,
    cuda: cuda.status,
  };
  const libraries = native.binding === null ? null : loadOwn(native.binding, ['curand', 'cudart', 'cublas', 'cudnn']);
  return { addon, libraries, cuda: cuda.devices, backends, binding: native.binding };
}
