/**
 * The package as a user gets it: `npm pack` (what npm would publish), installed into a throwaway
 * project (install scripts off: no addon is compiled, the pure CPU backends serve), then used there.
 * - Its declarations type-check under `strict` in a TypeScript project without @types/node, with
 *   Node's resolution (node16) and a bundler's, in a file that imports every name of every entry point.
 * - require() from CommonJS loads every entry point.
 * - `npx node-curand bench` runs, without the JavaScript peers (devDependencies) and says so.
 * Needs dist/ (npm test builds it first) and npm; the install is offline from npm's cache when it can be.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

if (!existsSync(join(REPO_ROOT, 'dist', 'index.js'))) {
  throw new Error('test/installed-package.test.ts packs dist/: run npm run build:ts first (npm test does)');
}

const FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'package');
/** Entry point → its declaration file, from package.json's exports. */
const ENTRIES: Record<string, string> = Object.fromEntries(
  Object.entries(JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).exports as Record<string, { types?: string }>)
    .filter(([, target]) => typeof target === 'object' && target.types !== undefined)
    .map(([subpath, target]) => [subpath === '.' ? 'node-curand' : `node-curand/${subpath.slice(2)}`, target.types!]),
);

function run(command: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd, encoding: 'utf8', timeout: 120_000 });
}

function output(result: SpawnSyncReturns<string>): string {
  return `${result.error?.message ?? ''}${result.stdout}${result.stderr}`;
}

/** The names in `export { … }` / `export type { … }` lists (the entry points only re-export). */
function exportedNames(declarations: string): string[] {
  return [...declarations.matchAll(/export\s+(?:type\s+)?\{([^}]*)\}/g)].flatMap((m) =>
    m[1].split(',').map((item) => item.trim().replace(/^type\s+/, '').split(/\s+as\s+/).pop()!).filter((name) => name !== ''),
  );
}

/** Specifier → the names `import { … } from specifier` brings in; '*' for a namespace import. */
function importedNames(source: string): Map<string, string[]> {
  const names = new Map<string, string[]>();
  for (const m of source.matchAll(/import\s+(?:\*\s+as\s+\w+|\{([^}]*)\})\s+from\s+'([^']+)'/g)) {
    const list = m[1] === undefined ? ['*'] : m[1].split(',').map((item) => item.trim().replace(/^type\s+/, '').split(/\s+as\s+/)[0]).filter((name) => name !== '');
    names.set(m[2], [...(names.get(m[2]) ?? []), ...list]);
  }
  return names;
}

describe('the packed package, installed into a fresh project', () => {
  const dir = mkdtempSync(join(tmpdir(), 'node-curand-installed-'));
  const project = join(dir, 'project');
  const installed = join(project, 'node_modules', 'node-curand');

  beforeAll(() => {
    const pack = run('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', dir], REPO_ROOT);
    expect(pack.status, output(pack)).toBe(0);
    const tarball = join(dir, readdirSync(dir).find((name) => name.endsWith('.tgz'))!);
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), `${JSON.stringify({ name: 'node-curand-user', private: true, type: 'module' })}\n`);
    // From npm's cache when the dependencies are there (no network), else from the registry.
    const install = (mode: string) => run('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', mode, tarball], project);
    let result = install('--offline');
    if (result.status !== 0) result = install('--prefer-offline');
    expect(result.status, output(result)).toBe(0);
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('the type-check fixture imports every name of every entry point', () => {
    const imported = importedNames(readFileSync(join(FIXTURES, 'api.ts'), 'utf8'));
    for (const [entry, types] of Object.entries(ENTRIES)) {
      const names = imported.get(entry);
      expect(names, `test/fixtures/package/api.ts imports nothing from ${entry}`).toBeDefined();
      if (names!.includes('*')) continue;
      const exported = exportedNames(readFileSync(join(installed, types), 'utf8'));
      expect([...names!].sort(), entry).toEqual([...exported].sort());
    }
  });

  it.each([
    ['node16, without @types/node', { module: 'node16', moduleResolution: 'node16', types: [] }],
    ['bundler, without @types/node', { module: 'esnext', moduleResolution: 'bundler', types: [] }],
    // A Node user's project: @types/node declares Disposable too, and must not clash with the package's.
    ['node16, with @types/node', { module: 'node16', moduleResolution: 'node16', types: ['node'], typeRoots: [join(REPO_ROOT, 'node_modules', '@types')] }],
  ])('its declarations type-check under strict (%s)', (name, settings) => {
    copyFileSync(join(FIXTURES, 'api.ts'), join(project, 'api.ts'));
    const config = `tsconfig.${name.replace(/\W+/g, '-')}.json`;
    const compilerOptions = {
      ...settings,
      // @tsconfig/node20's target and lib: nothing newer than the oldest Node line the package supports.
      target: 'es2022',
      lib: ['es2023'],
      strict: true,
      noUnusedLocals: true,
      noEmit: true,
      // The package's own .d.ts files are what is under test.
      skipLibCheck: false,
    };
    writeFileSync(join(project, config), `${JSON.stringify({ compilerOptions, files: ['api.ts'] }, null, 2)}\n`);
    const tsc = run(process.execPath, [join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', config], project);
    expect(tsc.status, output(tsc)).toBe(0);
  });

  it('require() from CommonJS loads every entry point, with the same exports as import()', () => {
    copyFileSync(join(FIXTURES, 'require.cjs'), join(project, 'require.cjs'));
    const node = run(process.execPath, ['require.cjs'], project);
    expect(node.status, output(node)).toBe(0);
    const { required, imported, uniform } = JSON.parse(node.stdout) as { required: Record<string, string[]>; imported: Record<string, string[]>; uniform: number[] };
    expect(Object.keys(required).sort()).toEqual(Object.keys(ENTRIES).sort());
    expect(required).toEqual(imported);
    expect(required['node-curand']).toContain('Generator');
    expect(uniform).toHaveLength(2);
  });

  it('runs `node-curand bench` from the installed package, the absent peers listed as skipped', () => {
    // npm's bin link, as npx runs it.
    const cli = join(project, 'node_modules', '.bin', 'node-curand');
    const bench = run(process.execPath, [cli, 'bench', '--quick', '--sizes', '10', '--reps', '1', '--dists', 'uniform'], project);
    expect(bench.status, output(bench)).toBe(0);
    expect(bench.stdout).toMatch(/^## uniform \(float32\), one thread$/m);
    expect(bench.stdout).toMatch(/^\| node-curand ts Philox \|/m);
    expect(bench.stdout).toMatch(/^\| Math\.random \|/m);
    expect(bench.stdout).toMatch(/^## Not measured here$/m);
    for (const [id, pkg] of [['seedrandom-xorwow', 'seedrandom'], ['pure-rand-xoroshiro128plus', 'pure-rand'], ['stdlib-randu', '@stdlib/random-base-randu'], ['random-js-mt19937', 'random-js']]) {
      expect(bench.stdout).toContain(`- \`${id}\`: not installed (npm install ${pkg} measures it too)`);
    }
    // The chart's libraries are devDependencies too: refused before anything is measured.
    const chart = run(process.execPath, [cli, 'bench', '--quick', '--svg', join(dir, 'bench.svg')], project);
    expect(chart).toMatchObject({ status: 2, stderr: expect.stringMatching(/vega and vega-lite, which are not installed here/) });
  });
});
