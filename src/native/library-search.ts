/**
 * Which files the addon should dlopen for each NVIDIA library, in order (the shared search
 * directories come from native/search-paths.mjs, which the build uses to find headers):
 *
 * 1. every directory of `NODE_CURAND_LIB_DIRS` (colon-separated);
 * 2. `CUDA_PATH` and `CUDA_HOME` (their `lib64` and `lib`);
 * 3. NVIDIA's pip wheels inside Python environments (`site-packages/nvidia/cu13/lib`,
 *    `nvidia/curand/lib`, …): PyTorch users' GPU machines usually carry them;
 * 4. the bare soname, for the dynamic loader's own search (LD_LIBRARY_PATH, ld.so.cache, RUNPATH);
 * 5. `/usr/local/cuda/lib64`.
 *
 * Within a directory the newer soname comes first. Only existing directories are listed.
 */
import { dirname, join, sep } from 'node:path';

import {
  DEFAULT_CUDA_ROOT,
  type FsProbe,
  nodeFs,
  type SearchEnv,
  searchDirs,
} from '../../native/search-paths.mjs';
import type { LibraryName, LibraryStatus, NativeBinding } from './binding-types.js';
import { curandCudaMajor } from './versions.js';

export type { FsProbe, SearchEnv };

export const LIBRARY_NAMES: readonly LibraryName[] = ['curand', 'cudart', 'cublas', 'cudnn'];

/**
 * The sonames to try, preferred first. The wheels ship only these versioned names (no
 * `libcurand.so` link). cuRAND has been `.so.10` across CUDA 11, 12 and 13.
 */
export const LIBRARY_SONAMES: Readonly<Record<LibraryName, readonly string[]>> = {
  curand: ['libcurand.so.10'],
  cudart: ['libcudart.so.13', 'libcudart.so.12'],
  cublas: ['libcublas.so.13', 'libcublas.so.12'],
  cudnn: ['libcudnn.so.9'],
};

/**
 * The wheel folders under `site-packages/nvidia/` that hold each library's `lib/`: CUDA 13 wheels
 * share `cu13`, CUDA 12 wheels have one folder per library, cuDNN wheels use `cudnn` for both.
 */
const WHEEL_DIRS: Readonly<Record<LibraryName, readonly string[]>> = {
  curand: ['cu13', 'cu12', 'curand'],
  cudart: ['cu13', 'cu12', 'cuda_runtime'],
  cublas: ['cu13', 'cu12', 'cublas'],
  cudnn: ['cudnn', 'cu13', 'cu12'],
};

/** The ordered dlopen candidates for every library (see the module comment). */
export function libraryCandidates(
  env: SearchEnv = process.env,
  probe: FsProbe = nodeFs,
): Record<LibraryName, string[]> {
  const defaultDir = join(DEFAULT_CUDA_ROOT, 'lib64');
  const fallbackDirs = probe.isDirectory(defaultDir) ? [defaultDir] : [];
  const candidates = {} as Record<LibraryName, string[]>;
  for (const name of LIBRARY_NAMES) {
    const sonames = LIBRARY_SONAMES[name];
    const dirs = searchDirs(
      { listVariable: 'NODE_CURAND_LIB_DIRS', cudaSubdirs: ['lib64', 'lib'], wheels: WHEEL_DIRS[name], leaf: 'lib' },
      env,
      probe,
    );
    const inDirs = (list: string[]) => list.flatMap((dir) => sonames.map((soname) => join(dir, soname)));
    candidates[name] = [...new Set([...inDirs(dirs), ...sonames, ...inDirs(fallbackDirs)])];
  }
  return candidates;
}

/**
 * The libcudart candidates for a loaded libcurand, the runtime of libcurand's own CUDA major first:
 * libcurand and libcudart of different majors cannot share a device generator's stream (a cu13
 * libcurand brings its own CUDA 13 runtime). Among the candidates of that soname, the one in
 * libcurand's own directory comes first (the cu13 wheel's `nvidia/cu13/lib`, a toolkit's `lib64`),
 * then those in the same wheel tree (the cu12 wheels' `nvidia/cuda_runtime/lib` beside
 * `nvidia/curand/lib`), then the others in their order; the other majors' candidates stay last,
 * so that what does load can be reported (discovery.ts refuses a mismatch). A libcurand of unknown
 * release keeps the order as it was.
 */
export function cudartCandidatesFor(
  candidates: readonly string[],
  curand: Pick<LibraryStatus, 'path' | 'version'>,
  probe: FsProbe = nodeFs,
): string[] {
  const major = curandCudaMajor(curand.version);
  if (major === null) return [...candidates];
  const soname = `libcudart.so.${major}`;
  const own = curand.path === null ? null : dirname(curand.path);
  // libcurand found through the dynamic loader's own search: its directory is still the best guess.
  const extra = own !== null && probe.readdir(own).includes(soname) ? [join(own, soname)] : [];
  const tree = own === null ? null : dirname(dirname(own)) + sep;
  const rank = (candidate: string): number => {
    if (!candidate.endsWith(soname)) return 3;
    if (own !== null && dirname(candidate) === own) return 0;
    if (tree !== null && candidate.startsWith(tree)) return 1;
    return 2;
  };
  // Array.prototype.sort is stable: equal ranks keep the search order.
  return [...new Set([...extra, ...candidates])].sort((a, b) => rank(a) - rank(b));
}

/** Libraries this thread has asked the addon to load (the addon's table is process-wide). */
const attempted = new Set<LibraryName>();

/**
 * Loads `names` from {@link libraryCandidates} the first time each is asked for in this thread (later
 * threads find them in the addon's process-wide table) and returns the status of all four. Only what
 * a use needs is loaded: libcurand for the cuRAND backends, libcudart for the GPU, cuBLAS and cuDNN
 * only for what reports on them (backendInfo, reproRecord).
 */
export function loadLibraries(binding: NativeBinding, names: readonly LibraryName[] = LIBRARY_NAMES): Record<LibraryName, LibraryStatus> {
  const wanted = names.filter((name) => !attempted.has(name));
  if (wanted.length === 0) return binding.libraryStatus();
  // libcudart's order depends on which libcurand loaded (cudartCandidatesFor).
  if (wanted.includes('curand') && wanted.includes('cudart')) {
    loadLibraries(binding, ['curand']);
    return loadLibraries(binding, names);
  }
  const all = libraryCandidates();
  const candidates: Partial<Record<LibraryName, string[]>> = {};
  const curand = binding.libraryStatus().curand;
  for (const name of wanted) {
    candidates[name] = name === 'cudart' && curand.loaded ? cudartCandidatesFor(all.cudart, curand) : all[name];
    attempted.add(name);
  }
  return binding.loadLibraries(candidates);
}
