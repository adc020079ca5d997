import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { nodeFs, pythonPackageDirs } from '../native/search-paths.mjs';
import { type FsProbe, libraryCandidates } from '../src/native/library-search.js';

const root = mkdtempSync(join(tmpdir(), 'node-curand-search-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function dir(...parts: string[]): string {
  const path = join(root, ...parts);
  mkdirSync(path, { recursive: true });
  return path;
}

/** The real file system, restricted to the temp tree (plus `alsoVisible`) so the machine's own dirs do not leak in. */
function sandbox(alsoVisible: string[] = []): FsProbe {
  const visible = (path: string) => path.startsWith(root) || alsoVisible.includes(path);
  return {
    isDirectory: (path) => visible(path) && nodeFs.isDirectory(path),
    readdir: (path) => (path.startsWith(root) ? nodeFs.readdir(path) : []),
  };
}

const userA = dir('user-a');
const userB = dir('user-b');
const cudaPath = dir('cuda-path');
const cudaPathLib64 = dir('cuda-path', 'lib64');
const cudaHomeLib = dir('cuda-home', 'lib');
const venv = dir('venv');
const venv312cu13 = dir('venv', 'lib', 'python3.12', 'site-packages', 'nvidia', 'cu13', 'lib');
const venv39curand = dir('venv', 'lib', 'python3.9', 'site-packages', 'nvidia', 'curand', 'lib');
const conda = dir('conda');
const conda311cu12 = dir('conda', 'lib', 'python3.11', 'site-packages', 'nvidia', 'cu12', 'lib');
const pythonPath = dir('pythonpath');
const pythonPathRuntime = dir('pythonpath', 'nvidia', 'cuda_runtime', 'lib');
const home = dir('home');
const userSiteCudnn = dir('home', '.local', 'lib', 'python3.11', 'site-packages', 'nvidia', 'cudnn', 'lib');
const pyenvCublas = dir('home', '.pyenv', 'versions', '3.11.7', 'lib', 'python3.11', 'site-packages', 'nvidia', 'cublas', 'lib');

const env = {
  NODE_CURAND_LIB_DIRS: `${userA}::${join(root, 'missing')}:${userB}:${cudaPathLib64}`,
  CUDA_PATH: cudaPath,
  CUDA_HOME: join(root, 'cuda-home'),
  VIRTUAL_ENV: venv,
  CONDA_PREFIX: conda,
  PYTHONPATH: pythonPath,
  HOME: home,
};

describe('libraryCandidates', () => {
  it('orders curand: NODE_CURAND_LIB_DIRS, CUDA_PATH/CUDA_HOME, pip wheels, then the bare soname', () => {
    const candidates = libraryCandidates(env, sandbox());
    const so = (d: string) => join(d, 'libcurand.so.10');
    expect(candidates.curand).toEqual([
      so(userA),
      so(userB),
      so(cudaPathLib64), // listed by the user first; CUDA_PATH/lib64 is not repeated
      so(cudaHomeLib),
      so(venv312cu13), // python3.12 before python3.9: newest first, compared as numbers
      so(venv39curand),
      so(conda311cu12),
      'libcurand.so.10',
    ]);
  });

  it('tries the newer soname first within each directory and picks each library its wheel folders', () => {
    const candidates = libraryCandidates(env, sandbox());
    expect(candidates.cudart).toEqual([
      ...[userA, userB, cudaPathLib64, cudaHomeLib, venv312cu13, conda311cu12, pythonPathRuntime].flatMap((d) => [
        join(d, 'libcudart.so.13'),
        join(d, 'libcudart.so.12'),
      ]),
      'libcudart.so.13',
      'libcudart.so.12',
    ]);
    expect(candidates.cublas.slice(-4)).toEqual([
      join(pyenvCublas, 'libcublas.so.13'),
      join(pyenvCublas, 'libcublas.so.12'),
      'libcublas.so.13',
      'libcublas.so.12',
    ]);
    expect(candidates.cudnn).toContain(join(userSiteCudnn, 'libcudnn.so.9'));
    expect(candidates.cudnn.indexOf(join(userSiteCudnn, 'libcudnn.so.9'))).toBeLessThan(
      candidates.cudnn.indexOf('libcudnn.so.9'),
    );
  });

  it('puts /usr/local/cuda/lib64 last, after the dynamic loader search, when it exists', () => {
    const candidates = libraryCandidates({}, sandbox(['/usr/local/cuda/lib64']));
    expect(candidates.curand).toEqual(['libcurand.so.10', '/usr/local/cuda/lib64/libcurand.so.10']);
    expect(candidates.cudart).toEqual([
      'libcudart.so.13',
      'libcudart.so.12',
      '/usr/local/cuda/lib64/libcudart.so.13',
      '/usr/local/cuda/lib64/libcudart.so.12',
    ]);
  });

  it('lists only existing directories (but always the bare sonames)', () => {
    const candidates = libraryCandidates(
      { NODE_CURAND_LIB_DIRS: join(root, 'nope'), CUDA_PATH: join(root, 'nope2'), HOME: join(root, 'nohome') },
      sandbox(),
    );
    expect(candidates).toEqual({
      curand: ['libcurand.so.10'],
      cudart: ['libcudart.so.13', 'libcudart.so.12'],
      cublas: ['libcublas.so.13', 'libcublas.so.12'],
      cudnn: ['libcudnn.so.9'],
    });
  });

  it('finds the Python environments in order: venv, conda, PYTHONPATH, user site, pyenv', () => {
    expect(pythonPackageDirs(env, sandbox())).toEqual([
      join(venv, 'lib', 'python3.12', 'site-packages'),
      join(venv, 'lib', 'python3.9', 'site-packages'),
      join(conda, 'lib', 'python3.11', 'site-packages'),
      pythonPath,
      join(home, '.local', 'lib', 'python3.11', 'site-packages'),
      join(home, '.pyenv', 'versions', '3.11.7', 'lib', 'python3.11', 'site-packages'),
    ]);
  });

  it('runs against the real file system and process.env without throwing', () => {
    const candidates = libraryCandidates();
    for (const list of Object.values(candidates)) expect(list.length).toBeGreaterThan(0);
  });
});
