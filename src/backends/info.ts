/** backendInfo(): what can run here and why not, which library files were loaded, the CUDA devices. */
import type { CudaStatus, LibraryName, LibraryStatus } from '../native/binding-types.js';
import type { BackendName } from '../types.js';
import { discover, type BackendStatus } from './discovery.js';
import { place } from './select.js';

export interface BackendInfo {
  /** The native addon: where it was loaded from, or why it could not be. */
  addon: { loaded: boolean; path: string | null; error: string | null };
  /** The NVIDIA libraries: file loaded, version, and every location tried. Null without the addon. */
  libraries: Record<LibraryName, LibraryStatus> | null;
  /** CUDA driver/runtime versions and devices (null without libcurand and the CUDA runtime). */
  cuda: (CudaStatus & { visibleDevices: string | null }) | null;
  /** Which backends can run here, and why not. */
  backends: Record<BackendName, BackendStatus>;
  /** What `new Generator()` picks here ('auto' device and backend, after NODE_CURAND_BACKEND), or why it fails. */
  default: { backend: BackendName; device: string } | { error: string };
}

/** Which backends are available here, which library files were loaded, the CUDA devices, and why anything is missing. */
export function backendInfo(): BackendInfo {
  const found = discover();
  let chosen: BackendInfo['default'];
  try {
    const p = place(undefined, undefined);
    chosen = { backend: p.backend, device: p.backend === 'cuda' ? `cuda:${p.deviceIndex}` : 'cpu' };
  } catch (error) {
    chosen = { error: (error as Error).message };
  }
  return {
    addon: found.addon,
    libraries: found.libraries,
    cuda: found.cuda === null ? null : { ...found.cuda, visibleDevices: process.env.CUDA_VISIBLE_DEVICES ?? null },
    backends: found.backends,
    default: chosen,
  };
}
