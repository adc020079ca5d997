// `npm run prebuilds` (not `prebuild`, which npm would run before every `npm run build`): builds the addon with cmake-js and stores it where node-gyp-build (and so
// src/native/binding.ts) finds it when there is no local build:
//   prebuilds/<platform>-<arch>/node.napi.<libc>.node
// One binary per platform serves every Node version (Node-API 8) and every CUDA setup (NVIDIA
// libraries are loaded at run time), so no other tags are needed.
//
// prebuildify 6 can only drive node-gyp: it runs `<nodeGyp> rebuild --target=… --arch=… --release`.
// It is pointed back at this script, which (called with `rebuild`) forwards to cmake-js, the main
// build; cmake-js builds offline with the node-api-headers package.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const self = fileURLToPath(import.meta.url);
const cwd = process.cwd();

/** The backend prebuildify calls in place of node-gyp. */
function buildWithCmakeJs(args) {
  const arch = args.find((arg) => arg.startsWith('--arch='))?.slice('--arch='.length);
  const cmakeArgs = ['rebuild', ...(arch ? ['--arch', arch] : []), ...(args.includes('--debug') ? ['--debug'] : [])];
  const result = spawnSync(process.execPath, [require.resolve('cmake-js/bin/cmake-js'), ...cmakeArgs], {
    cwd,
    stdio: 'inherit',
    env: { CMAKE_BUILD_PARALLEL_LEVEL: '2', ...process.env },
  });
  process.exit(result.status ?? 1);
}

function prebuild() {
  const prebuildify = require('prebuildify');
  const options = {
    napi: true,
    name: 'node.napi',
    tagLibc: true,
    strip: true,
    cwd,
    // prebuildify spawns `nodeGyp` with its arguments appended, through this shell.
    nodeGyp: `"${process.execPath}" "${self}"`,
    shell: '/bin/sh',
  };
  prebuildify(options, (error) => {
    if (error) {
      console.error(`node-curand: prebuild failed: ${error.message}`);
      process.exit(1);
    }
    // prebuildify moves the build out of build/Release; put a copy back so the local build stays.
    const dir = join(cwd, 'prebuilds', `${process.platform}-${process.arch}`);
    const file = readdirSync(dir).find((name) => name.startsWith('node.napi.') && name.endsWith('.node'));
    mkdirSync(join(cwd, 'build', 'Release'), { recursive: true });
    copyFileSync(join(dir, file), join(cwd, 'build', 'Release', 'node_curand.node'));
    console.log(`node-curand: prebuild written to ${join(dir, file)}`);
  });
}

if (process.argv[2] === 'rebuild') buildWithCmakeJs(process.argv.slice(3));
else prebuild();
