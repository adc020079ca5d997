// `npm run prebuilds` (not `prebuild`, which npm would run before every `npm run build`): builds the addon with cmake-js and stores it where node-gyp-build (and so
// src/native/binding.ts) finds it when there is no local build:
//   prebuilds/<platform>-<arch>/node.napi.<libc>.node
// One binary per platform serves every Node version (Node-API 8) and every CUDA setup (NVIDIA
// libraries are loaded at run time), so no other tags are needed.
//
//   npm run prebuilds                    this machine's platform and architecture (and build/Release)
//   npm run prebuilds -- --arch arm64    linux-arm64, cross-compiled with Debian's aarch64 toolchain
//                                        (native/toolchains/linux-arm64.cmake) in build-linux-arm64/,
//                                        leaving build/ alone
//
// prebuildify 6 can only drive node-gyp: it runs `<nodeGyp> rebuild --target=… --arch=… --release`.
// It is pointed back at this script, which (called with `rebuild`) forwards to cmake-js, the main
// build; cmake-js builds offline with the node-api-headers package.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const self = fileURLToPath(import.meta.url);
const root = dirname(dirname(self));

/** The cross builds this script knows: a CMake toolchain file, and the strip that reads its binaries. */
const CROSS = {
  'linux-arm64': { toolchain: join(root, 'native', 'toolchains', 'linux-arm64.cmake'), strip: 'aarch64-linux-gnu-strip' },
};

/**
 * The backend prebuildify calls in place of node-gyp, in the directory prebuildify builds in (the
 * repository, or a cross build's own directory): the addon goes to ./build/Release, where prebuildify
 * takes it from.
 */
function buildWithCmakeJs(args) {
  const arch = args.find((arg) => arg.startsWith('--arch='))?.slice('--arch='.length) ?? process.arch;
  const cross = arch === process.arch ? undefined : CROSS[`${process.platform}-${arch}`];
  const cmakeArgs = [
    'rebuild',
    '--directory',
    root,
    '--out',
    join(process.cwd(), 'build'),
    '--arch',
    arch,
    ...(cross ? [`--CDCMAKE_TOOLCHAIN_FILE=${cross.toolchain}`] : []),
    ...(args.includes('--debug') ? ['--debug'] : []),
  ];
  const result = spawnSync(process.execPath, [require.resolve('cmake-js/bin/cmake-js'), ...cmakeArgs], {
    cwd: root,
    stdio: 'inherit',
    env: { CMAKE_BUILD_PARALLEL_LEVEL: '2', ...process.env },
  });
  process.exit(result.status ?? 1);
}

function prebuild(arch) {
  const target = `${process.platform}-${arch}`;
  const cross = arch === process.arch ? undefined : CROSS[target];
  if (arch !== process.arch && !cross) {
    console.error(`node-curand: no cross build for ${target} (known: ${Object.keys(CROSS).join(', ')})`);
    process.exit(1);
  }
  // A cross build runs in build-<platform>-<arch>/, so that the local build/ stays this machine's.
  const cwd = cross ? join(root, `build-${target}`) : root;
  mkdirSync(cwd, { recursive: true });
  const prebuildify = require('prebuildify');
  const options = {
    napi: true,
    name: 'node.napi',
    tagLibc: true,
    strip: true,
    stripBin: cross?.strip ?? 'strip',
    arch,
    cwd,
    out: root,
    // prebuildify spawns `nodeGyp` with its arguments appended, through this shell.
    nodeGyp: `"${process.execPath}" "${self}"`,
    shell: '/bin/sh',
  };
  prebuildify(options, (error) => {
    if (error) {
      console.error(`node-curand: prebuild failed: ${error.message}`);
      process.exit(1);
    }
    const dir = join(root, 'prebuilds', target);
    const file = readdirSync(dir).find((name) => name.startsWith('node.napi.') && name.endsWith('.node'));
    // prebuildify moves the build out of build/Release; put a copy back so the local build stays.
    if (!cross) {
      mkdirSync(join(root, 'build', 'Release'), { recursive: true });
      copyFileSync(join(dir, file), join(root, 'build', 'Release', 'node_curand.node'));
    }
    console.log(`node-curand: prebuild written to ${join(dir, file)}`);
  });
}

/** --arch <arch> or --arch=<arch>: Node's architecture names (x64, arm64). */
function archArgument(args) {
  const at = args.findIndex((arg) => arg === '--arch' || arg.startsWith('--arch='));
  if (at < 0) return process.arch;
  return args[at].includes('=') ? args[at].slice('--arch='.length) : args[at + 1];
}

if (process.argv[2] === 'rebuild') buildWithCmakeJs(process.argv.slice(3));
else prebuild(archArgument(process.argv.slice(2)));
