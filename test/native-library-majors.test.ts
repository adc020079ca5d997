import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { majorMismatch } from '../src/backends/discovery.js';
import { cudartCandidatesFor } from '../src/native/library-search.js';
import { curandCudaMajor } from '../src/native/versions.js';

// libcurand is libcurand.so.10 in CUDA 11, 12 and 13 alike: its version number says which runtime
// (libcudart.so.12 or .13) it goes with, and that one must be tried first (issue 15, defect 2).
const root = mkdtempSync(join(tmpdir(), 'node-curand-majors-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A folder under the temp root holding empty files of these names. */
function dir(path: string, files: string[] = []): string {
  const at = join(root, path);
  mkdirSync(at, { recursive: true });
  for (const f of files) writeFileSync(join(at, f), '');
  return at;
}

const user = dir('user', ['libcudart.so.13', 'libcudart.so.12']);
const cu13 = dir('venv/site-packages/nvidia/cu13/lib', ['libcurand.so.10', 'libcudart.so.13']);
const cu12Curand = dir('venv12/site-packages/nvidia/curand/lib', ['libcurand.so.10']);
const cu12Runtime = dir('venv12/site-packages/nvidia/cuda_runtime/lib', ['libcudart.so.12']);
const toolkit = dir('cuda-12.8/lib64', ['libcurand.so.10', 'libcudart.so.12']);

/** The candidates as libraryCandidates lists them: search folders in order, newer soname first, then the bare sonames. */
function searchOrder(dirs: string[]): string[] {
  return [...dirs.flatMap((d) => [join(d, 'libcudart.so.13'), join(d, 'libcudart.so.12')]), 'libcudart.so.13', 'libcudart.so.12'];
}

describe('curandCudaMajor', () => {
  it("maps cuRAND's release to its CUDA major (10.3.0 was CUDA 11.8's, 10.3.1 CUDA 12.0's, 10.4.0 CUDA 13.0's)", () => {
    expect([10200, 10210, 10300, 10301, 10309, 10310, 10400, 10401].map(curandCudaMajor)).toEqual([11, 11, 11, 12, 12, 12, 13, 13]);
    expect([null, 10100, 10500].map(curandCudaMajor)).toEqual([null, null, null]);
  });
});

describe('cudartCandidatesFor', () => {
  it("a cu13 wheel's libcurand: libcudart.so.13 from its own folder first, then the other .so.13, the .so.12 last", () => {
    const got = cudartCandidatesFor(searchOrder([user, cu13]), { path: join(cu13, 'libcurand.so.10'), version: 10400 });
    expect(got).toEqual([
      join(cu13, 'libcudart.so.13'),
      join(user, 'libcudart.so.13'),
      'libcudart.so.13',
      join(user, 'libcudart.so.12'),
      join(cu13, 'libcudart.so.12'),
      'libcudart.so.12',
    ]);
  });

  it("a cu12 wheel's libcurand: the runtime wheel of the same tree (nvidia/cuda_runtime) before other folders", () => {
    const got = cudartCandidatesFor(searchOrder([user, cu12Curand, cu12Runtime]), { path: join(cu12Curand, 'libcurand.so.10'), version: 10309 });
    // libcurand's own folder is listed (as every search folder is, with each soname) though it holds no runtime.
    expect(got.slice(0, 4)).toEqual([join(cu12Curand, 'libcudart.so.12'), join(cu12Runtime, 'libcudart.so.12'), join(user, 'libcudart.so.12'), 'libcudart.so.12']);
    expect(got.slice(4).every((c) => c.endsWith('libcudart.so.13'))).toBe(true);
  });

  it("libcurand found by the dynamic loader's own search: its folder's runtime is tried first all the same", () => {
    const got = cudartCandidatesFor(searchOrder([user]), { path: join(toolkit, 'libcurand.so.10'), version: 10309 });
    expect(got[0]).toBe(join(toolkit, 'libcudart.so.12'));
    expect(got[1]).toBe(join(user, 'libcudart.so.12'));
    // A folder without the runtime adds no candidate.
    const without = cudartCandidatesFor(searchOrder([user]), { path: join(cu12Curand, 'libcurand.so.10'), version: 10309 });
    expect(without).not.toContain(join(cu12Curand, 'libcudart.so.12'));
    expect(without[0]).toBe(join(user, 'libcudart.so.12'));
  });

  it('a libcurand of unknown release keeps the search order', () => {
    const order = searchOrder([user, cu13]);
    expect(cudartCandidatesFor(order, { path: join(cu13, 'libcurand.so.10'), version: 10500 })).toEqual(order);
  });
});

describe('majorMismatch', () => {
  const curand13 = { loaded: true, path: join(cu13, 'libcurand.so.10'), version: 10400, attempts: [] };
  it('only a runtime of another CUDA major loaded: that is why cuda is unavailable', () => {
    const reason = majorMismatch(curand13, { loaded: true, path: join(user, 'libcudart.so.12'), version: 12080, attempts: [] });
    expect(reason).toContain('libcurand 10.4.0');
    expect(reason).toContain('is from CUDA 13, but the CUDA runtime that loaded is 12.8');
    expect(reason).toContain('no libcudart.so.13 was found');
  });
  it('the same major, or an unknown release: no objection', () => {
    expect(majorMismatch(curand13, { loaded: true, path: join(cu13, 'libcudart.so.13'), version: 13020, attempts: [] })).toBeNull();
    expect(majorMismatch({ ...curand13, version: 10500 }, { loaded: true, path: 'x', version: 12080, attempts: [] })).toBeNull();
  });
});
