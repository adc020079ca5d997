/**
 * Issue 12, item 4: a truncated libcurand.so.10 on the search path killed the process with SIGBUS
 * inside dlopen(). The addon now checks each candidate's ELF headers against the file first
 * (native/library_files.cc): corrupt, truncated and foreign files become recorded attempts with the
 * reason, and the search goes on. Every case runs in a child process on a temporary search path.
 */
import { closeSync, copyFileSync, mkdirSync, mkdtempSync, openSync, readSync, rmSync, statSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { childEnv, hasCurand, libraries, native, runNode } from '../native-support.js';

const SONAME = 'libcurand.so.10';

interface Attempt {
  candidate: string;
  error: string | null;
}
interface Status {
  loaded: boolean;
  path: string | null;
  attempts: Attempt[];
}

describe.runIf(hasCurand)('[curand-host] damaged libraries on the search path', () => {
  const good = libraries!.curand.path!;
  let root = '';
  /** Case name → directory holding a damaged `libcurand.so.10`, and the reason it must be refused with. */
  const cases: Record<string, { dir: string; reason: RegExp }> = {};

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'node-curand-env-'));
    const real = Buffer.alloc(1 << 20);
    const fd = openSync(good, 'r');
    readSync(fd, real, 0, real.length, 0);
    closeSync(fd);
    const size = statSync(good).size;
    // Where the real library's second PT_LOAD and its section headers are (ELF64 little-endian).
    const header = Buffer.from(real.subarray(0, 64));
    const phoff = Number(header.readBigUInt64LE(32));
    const phnum = header.readUInt16LE(56);
    const loads: { offset: number; filesz: number }[] = [];
    for (let i = 0; i < phnum; i++) {
      const at = phoff + 56 * i;
      if (real.readUInt32LE(at) === 1) loads.push({ offset: Number(real.readBigUInt64LE(at + 8)), filesz: Number(real.readBigUInt64LE(at + 32)) });
    }
    const last = loads[loads.length - 1]!;
    const add = (name: string, reason: RegExp, write: (file: string) => void) => {
      const dir = join(root, name);
      mkdirSync(dir);
      write(join(dir, SONAME));
      cases[name] = { dir, reason };
    };
    // The first `keep` bytes of the real file, then (sparse) zeros up to `length` bytes.
    const prefix = (keep: number, length: number) => (file: string) => {
      const fd = openSync(file, 'w');
      writeSync(fd, real.subarray(0, Math.min(keep, length)));
      closeSync(fd);
      truncateSync(file, length);
    };
    add('random-bytes', /is not an ELF file$/, (file) => writeFileSync(file, Buffer.from(Array.from({ length: 65536 }, (_, i) => (i * 7919 + 13) & 0xff))));
    add('cut-in-elf-header', /is truncated: the ELF header ends at byte 64 but the file has 40 bytes$/, prefix(40, 40));
    add('cut-in-program-headers', /is truncated: the program header table ends at byte \d+ but the file has 100 bytes$/, prefix(100, 100));
    add('cut-in-first-load', /is truncated: PT_LOAD segment 0 ends at byte \d+ but the file has 1048576 bytes$/, prefix(1 << 20, 1 << 20));
    add('cut-in-last-load', /is truncated: PT_LOAD segment \d ends at byte \d+ but the file has \d+ bytes$/, prefix(1 << 20, last.offset + (last.filesz >> 1)));
    add('cut-in-section-headers', /is truncated: the section header table ends at byte \d+ but the file has \d+ bytes$/, prefix(1 << 20, size - 10));
    // A real shared library (the addon itself) marked for AArch64.
    add('wrong-architecture', /is for another architecture \(machine 183; this process runs machine \d+\)$/, (file) => {
      copyFileSync(native.path!, file);
      const fd = openSync(file, 'r+');
      writeSync(fd, Buffer.from([183, 0]), 0, 2, 18);
      closeSync(fd);
    });
  });

  afterAll(() => {
    if (root !== '') rmSync(root, { recursive: true, force: true });
  });

  /** Runs loadLibraries() in a child with `env`, for each candidate list in turn; returns the curand statuses. */
  function loadInChild(lists: string[][], env: NodeJS.ProcessEnv = childEnv()) {
    const result = runNode(
      `
      import { createRequire } from 'node:module';
      const require = createRequire(process.cwd() + '/');
      const b = require(process.env.NODE_CURAND_ADDON);
      const statuses = ${JSON.stringify(lists)}.map((curand) => b.loadLibraries({ curand }).curand);
      console.log(JSON.stringify(statuses));
      `,
      { env },
    );
    expect(result.signal, result.stderr).toBeNull();
    expect(result.status, result.stderr).toBe(0);
    return JSON.parse(result.stdout) as Status[];
  }

  it('with only damaged candidates nothing loads and each attempt says why; then the good one after them loads', () => {
    const bad = Object.values(cases).map(({ dir }) => join(dir, SONAME));
    const [alone, after] = loadInChild([bad, [...bad, good]]);
    expect(alone!.loaded).toBe(false);
    expect(alone!.attempts.map((a) => a.candidate)).toEqual(bad);
    Object.entries(cases).forEach(([name, { dir, reason }], i) => {
      expect(alone!.attempts[i]!.error, name).toMatch(reason);
      expect(alone!.attempts[i]!.error, name).toContain(join(dir, SONAME));
    });
    expect(after).toMatchObject({ loaded: true, path: good });
    expect(after!.attempts.at(-1)).toEqual({ candidate: good, error: null });
  });

  it('through NODE_CURAND_LIB_DIRS: damaged copies before the good one are skipped, and curand-host generates', () => {
    const dirs = [...Object.values(cases).map(({ dir }) => dir), dirname(good)].join(':');
    const result = runNode(
      `
      import { Generator } from './src/index.ts';
      import { loadNative } from './src/native/binding.ts';
      import { loadLibraries } from './src/native/library-search.ts';
      const status = loadLibraries(loadNative().binding, ['curand']).curand;
      const words = Array.from(new Generator({ backend: 'curand-host', seed: 42n }).uint32(4), (w) => w.toString(16));
      console.log(JSON.stringify({ status, words }));
      `,
      { typescript: true, env: childEnv({ NODE_CURAND_LIB_DIRS: dirs }) },
    );
    expect(result.signal, result.stderr).toBeNull();
    expect(result.status, result.stderr).toBe(0);
    const { status, words } = JSON.parse(result.stdout) as { status: Status; words: string[] };
    expect(status.path).toBe(good);
    expect(status.attempts.slice(0, Object.keys(cases).length).map((a) => a.error)).toEqual(
      Object.values(cases).map(({ reason }) => expect.stringMatching(reason)),
    );
    expect(words).toEqual(['9ceaf053', '77f5493b', '12bf50ad', '5742b3d7']);
  });

  it.each(['ts', 'curand-host'])('with only damaged copies, backend %s does not crash and curand-host says why', (backend) => {
    const dirs = Object.values(cases).map(({ dir }) => dir).join(':');
    const isolated = childEnv({ NODE_CURAND_LIB_DIRS: dirs, NODE_CURAND_REQUIRE_CURAND: undefined, CUDA_PATH: undefined, CUDA_HOME: undefined, VIRTUAL_ENV: undefined, CONDA_PREFIX: undefined, PYTHONPATH: undefined, HOME: root, LD_LIBRARY_PATH: undefined });
    const result = runNode(
      `
      import { Generator } from './src/index.ts';
      try {
        console.log('generated ' + new Generator({ backend: '${backend}', seed: 42n }).uint32(1)[0].toString(16));
      } catch (error) {
        console.log('refused: ' + error.message);
      }
      `,
      { typescript: true, env: isolated },
    );
    expect(result.signal, result.stderr).toBeNull();
    expect(result.status, result.stderr).toBe(0);
    if (backend === 'ts') expect(result.stdout.trim()).toBe('generated 9ceaf053');
    // The façade names the first failure: the random bytes come first on this search path.
    else expect(result.stdout).toMatch(/^refused: .*random-bytes\/libcurand\.so\.10 is not an ELF file/s);
  });

  it('a bare soname is checked where the loader would find it: a truncated file in LD_LIBRARY_PATH is refused, a foreign one skipped', () => {
    const [truncated] = loadInChild([[SONAME]], childEnv({ LD_LIBRARY_PATH: cases['cut-in-first-load']!.dir }));
    expect(truncated!.loaded).toBe(false);
    expect(truncated!.attempts[0]!.error).toMatch(
      new RegExp(`^${SONAME} would load ${cases['cut-in-first-load']!.dir}/${SONAME}, which is truncated: PT_LOAD segment 0`),
    );
    const [skipped] = loadInChild([[SONAME]], childEnv({ LD_LIBRARY_PATH: `${cases['wrong-architecture']!.dir}:${dirname(good)}` }));
    expect(skipped).toMatchObject({ loaded: true, path: good });
  });
});
