import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { NATIVE_ABI_VERSION, type LibraryStatus } from '../src/native/binding-types.js';
import { loadFrom } from '../src/native/binding.js';
import { hasAddon, native, REPO_ROOT, runNode } from './native-support.js';

const scratch = mkdtempSync(join(tmpdir(), 'node-curand-loader-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A copy of the package's files named in `paths`, with node_modules linked to this checkout's. */
function packageCopy(name: string, paths: string[]): string {
  const root = join(scratch, name);
  for (const path of paths) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    cpSync(join(REPO_ROOT, path), join(root, path), { recursive: true });
  }
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
  return root;
}

const LOADER_FILES = [
  'package.json',
  'src/errors.ts',
  'src/native/binding.ts',
  'src/native/binding-types.ts',
  'src/native/library-search.ts',
  'native/search-paths.mjs',
  'native/search-paths.d.mts',
];

/** An environment with none of the variables the library search reads. */
function bareEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  // The sanitizer build (npm run test:asan) needs its preloaded runtimes in every process.
  const sanitizer = Object.fromEntries(
    ['LD_PRELOAD', 'ASAN_OPTIONS', 'UBSAN_OPTIONS'].flatMap((key) => (process.env[key] ? [[key, process.env[key]]] : [])),
  );
  return { PATH: process.env.PATH, ...sanitizer, ...extra };
}

describe('native loader', () => {
  it('never throws: a package without an addon gives a reason', () => {
    const result = loadFrom(mkdtempSync(join(scratch, 'empty-')), {});
    expect(result.binding).toBeNull();
    expect(result.path).toBeNull();
    expect(result.error).toMatch(/^no native addon found: /);
  });

  it('NODE_CURAND_ADDON names the file to load; a bad one is a reason, not a throw', () => {
    const garbage = join(scratch, 'garbage.node');
    writeFileSync(garbage, 'not an ELF file');
    const result = loadFrom(REPO_ROOT, { NODE_CURAND_ADDON: garbage });
    expect(result).toMatchObject({ binding: null, path: garbage, error: expect.stringMatching(/^cannot load /) });
    // Something that loads but is not this addon (or another ABI version of it) is refused.
    const other = loadFrom(REPO_ROOT, { NODE_CURAND_ADDON: join(REPO_ROOT, 'package.json') });
    expect(other).toMatchObject({ binding: null, error: expect.stringMatching(new RegExp(`has native ABI version undefined, this package needs ${NATIVE_ABI_VERSION}`)) });
  });

  it.runIf(hasAddon)('without libcurand anywhere: not loaded, every attempt listed with its reason, no crash', () => {
    const emptyDir = mkdtempSync(join(scratch, 'libs-'));
    const result = runNode(
      `
      import { existsSync } from 'node:fs';
      import { loadNative } from './src/native/binding.ts';
      import { libraryCandidates, loadLibraries } from './src/native/library-search.ts';
      const status = loadLibraries(loadNative().binding);
      const present = libraryCandidates().curand.filter((c) => c.startsWith('/') && existsSync(c));
      let construct = null;
      try {
        const b = loadNative().binding;
        new b.NativeGenerator({ rngType: b.constants.rngType.philox4x32_10, host: true, device: 0 });
      } catch (error) {
        construct = { name: error.name, code: error.code, statusName: error.statusName, message: error.message };
      }
      console.log(JSON.stringify({ curand: status.curand, present, construct }));
    `,
      {
        typescript: true,
        env: bareEnv({
          NODE_CURAND_ADDON: native.path!,
          NODE_CURAND_LIB_DIRS: emptyDir,
          LD_LIBRARY_PATH: '',
          HOME: emptyDir,
        }),
      },
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const { curand, present, construct } = JSON.parse(result.stdout) as {
      curand: LibraryStatus;
      present: string[];
      construct: Record<string, string>;
    };
    if (present.length > 0) {
      console.warn(`this machine has libcurand in a system location (${present.join(', ')}): not-found case not checkable`);
      return;
    }
    expect(curand.loaded).toBe(false);
    expect(curand.path).toBeNull();
    expect(curand.version).toBeNull();
    expect(curand.attempts[0]).toEqual({
      candidate: join(emptyDir, 'libcurand.so.10'),
      error: expect.stringContaining('No such file'),
    });
    expect(curand.attempts.map((a) => a.candidate)).toContain('libcurand.so.10');
    for (const attempt of curand.attempts) expect(attempt.error).toMatch(/\S/);
    expect(construct).toMatchObject({
      name: 'CurandError',
      code: 'ERR_CURAND_STATUS',
      statusName: 'CURAND_STATUS_NOT_INITIALIZED',
    });
    expect(construct.message).toContain('libcurand is not loaded');
  });
});

/** prebuilds/<platform>-<arch>/*.node of this checkout, or one made by `npm run prebuilds` in a copy. */
function findOrMakePrebuild(): string {
  const tuple = `${process.platform}-${process.arch}`;
  const existing = join(REPO_ROOT, 'prebuilds', tuple);
  if (existsSync(existing) && readdirSync(existing).some((f) => f.endsWith('.node'))) return existing;
  const copy = packageCopy('prebuild-src', ['package.json', 'CMakeLists.txt', 'native', 'scripts/prebuild.mjs']);
  const build = spawnSync(process.execPath, ['scripts/prebuild.mjs'], { cwd: copy, encoding: 'utf8', timeout: 600_000 });
  expect(build.status, build.stderr).toBe(0);
  return join(copy, 'prebuilds', tuple);
}

describe.runIf(hasAddon)('prebuilds and the install script', () => {
  it('a copy of the package without build/ loads the prebuild', () => {
    const prebuilds = findOrMakePrebuild();
    const files = readdirSync(prebuilds);
    expect(files.some((f) => /^node\.napi\.(glibc|musl)\.node$/.test(f))).toBe(true);
    const pkg = packageCopy('with-prebuild', LOADER_FILES);
    cpSync(prebuilds, join(pkg, 'prebuilds', `${process.platform}-${process.arch}`), { recursive: true });
    const result = runNode(
      `
      import { loadNative } from './src/native/binding.ts';
      const { binding, path, error } = loadNative();
      console.log(JSON.stringify({ path, error, abiVersion: binding?.abiVersion }));
    `,
      { typescript: true, cwd: pkg, env: bareEnv({}) },
    );
    expect(result.stderr).toBe('');
    const loaded = JSON.parse(result.stdout) as { path: string; error: string | null; abiVersion: number };
    expect(loaded.error).toBeNull();
    expect(loaded.path).toMatch(new RegExp(`^${pkg}/prebuilds/${process.platform}-${process.arch}/node\\.napi\\.\\w+\\.node$`));
    expect(loaded.abiVersion).toBe(NATIVE_ABI_VERSION);

    const install = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts/install.mjs')], {
      cwd: pkg,
      encoding: 'utf8',
      env: bareEnv({}),
    });
    // The script finds the package from its own location: run the copy's.
    expect(install.status).toBe(0);
    mkdirSync(join(pkg, 'scripts'), { recursive: true });
    cpSync(join(REPO_ROOT, 'scripts/install.mjs'), join(pkg, 'scripts/install.mjs'));
    const again = spawnSync(process.execPath, ['scripts/install.mjs'], { cwd: pkg, encoding: 'utf8', env: bareEnv({}) });
    expect(again.status).toBe(0);
    expect(again.stdout).toContain(`using the native addon ${join(pkg, 'prebuilds')}`);
  });

  it('install: NODE_CURAND_SKIP_BUILD=1 does nothing', () => {
    const result = spawnSync(process.execPath, ['scripts/install.mjs'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: bareEnv({ NODE_CURAND_SKIP_BUILD: '1' }),
    });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('NODE_CURAND_SKIP_BUILD=1');
  });

  it('install without a compiler (CC=false CXX=false) warns once and succeeds', () => {
    const pkg = packageCopy('no-compiler', ['package.json', 'binding.gyp', 'native', 'scripts/install.mjs']);
    const npmNodeGyp = join(dirname(process.execPath), '../lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js');
    const env = bareEnv({ CC: 'false', CXX: 'false', HOME: scratch });
    if (existsSync(npmNodeGyp)) env.npm_config_node_gyp = npmNodeGyp;
    const result = spawnSync(process.execPath, ['scripts/install.mjs'], { cwd: pkg, encoding: 'utf8', env, timeout: 300_000 });
    expect(result.status).toBe(0);
    expect(result.stderr.match(/WARNING: the native addon could not be built/g)).toHaveLength(1);
    expect(existsSync(join(pkg, 'build', 'Release', 'node_curand.node'))).toBe(false);
  });
});
