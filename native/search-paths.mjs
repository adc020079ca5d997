// Where NVIDIA libraries and headers are looked for, in order. One module for the run-time search
// (src/native/library-search.ts, which picks the .so files to dlopen) and the build-time search
// (build-config.mjs, which finds the real headers for the ABI checks), so the two cannot disagree.
// Plain JavaScript because the build runs before (and without) the TypeScript compile.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** @type {import('./search-paths.d.mts').FsProbe} */
export const nodeFs = {
  isDirectory(path) {
    try {
      return statSync(path).isDirectory();
    } catch {
      return false;
    }
  },
  readdir(path) {
    try {
      return readdirSync(path);
    } catch {
      return [];
    }
  },
};

/** The conventional CUDA toolkit location, searched last. */
export const DEFAULT_CUDA_ROOT = '/usr/local/cuda';

/** A colon-separated list of directories (NODE_CURAND_LIB_DIRS, PYTHONPATH, …), empty entries dropped. */
export function splitPathList(value) {
  return (value ?? '').split(':').filter((entry) => entry !== '');
}

/** `<base>/python3.N<suffix>` for every python3.N under base, newest first. */
function pythonVersionDirs(base, suffix, probe) {
  const versions = probe
    .readdir(base)
    .map((name) => /^python3\.(\d+)t?$/.exec(name))
    .filter((match) => match !== null)
    .sort((a, b) => Number(b[1]) - Number(a[1]) || a[0].localeCompare(b[0]));
  return versions.map((match) => join(base, match[0], suffix));
}

/**
 * The Python package directories that may hold NVIDIA's pip wheels (`nvidia/…`), in search order:
 * the active virtualenv, the active conda env, PYTHONPATH, the user's site, the system's sites,
 * then every pyenv version. Only existing directories.
 */
export function pythonPackageDirs(env, probe = nodeFs) {
  const dirs = [];
  for (const prefix of [env.VIRTUAL_ENV, env.CONDA_PREFIX]) {
    if (prefix) dirs.push(...pythonVersionDirs(join(prefix, 'lib'), 'site-packages', probe));
  }
  dirs.push(...splitPathList(env.PYTHONPATH));
  if (env.HOME) dirs.push(...pythonVersionDirs(join(env.HOME, '.local', 'lib'), 'site-packages', probe));
  for (const suffix of ['site-packages', 'dist-packages']) {
    dirs.push(...pythonVersionDirs('/usr/local/lib', suffix, probe));
  }
  dirs.push('/usr/lib/python3/dist-packages');
  const pyenvRoot = env.PYENV_ROOT || (env.HOME ? join(env.HOME, '.pyenv') : '');
  if (pyenvRoot) {
    const versions = join(pyenvRoot, 'versions');
    const newestFirst = probe.readdir(versions).sort((a, b) => b.localeCompare(a, 'en', { numeric: true }));
    for (const version of newestFirst) {
      dirs.push(...pythonVersionDirs(join(versions, version, 'lib'), 'site-packages', probe));
    }
  }
  return unique(dirs).filter((dir) => probe.isDirectory(dir));
}

/**
 * Existing directories to search, in order, for one library's files or headers:
 * the user's list (`listVariable`), then CUDA_PATH and CUDA_HOME (`cudaSubdirs` of each), then the
 * pip wheel layouts (`nvidia/<wheel>/<leaf>` for each of `wheels`) in every Python environment.
 * The default CUDA root is not included: callers put it last, after the dynamic loader's own search.
 */
export function searchDirs({ listVariable, cudaSubdirs, wheels, leaf }, env, probe = nodeFs) {
  const dirs = [...splitPathList(env[listVariable])];
  for (const root of [env.CUDA_PATH, env.CUDA_HOME]) {
    if (root) dirs.push(...cudaSubdirs.map((sub) => join(root, sub)));
  }
  for (const packages of pythonPackageDirs(env, probe)) {
    dirs.push(...wheels.map((wheel) => join(packages, 'nvidia', wheel, leaf)));
  }
  return unique(dirs).filter((dir) => probe.isDirectory(dir));
}

function unique(items) {
  return [...new Set(items)];
}
