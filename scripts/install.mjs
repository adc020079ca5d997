// The package's `install` script. It builds the native addon with node-gyp only when no usable one
// exists, and never fails the install: without a compiler (or without CUDA, which the build never
// needs) the package still works through its TypeScript backend, and src/native/binding.ts does not
// depend on this script having run.
//
//   NODE_CURAND_SKIP_BUILD=1   skip the build entirely
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);

function say(message) {
  console.log(`node-curand: ${message}`);
}

/** The addon node-gyp-build would load (build/Release, then prebuilds/<platform>-<arch>) if it loads. */
function usableAddon() {
  let path;
  try {
    path = require('node-gyp-build').resolve(root);
  } catch {
    return null;
  }
  try {
    require(path);
    return path;
  } catch (error) {
    say(`ignoring ${path}: ${String(error.message).split('\n')[0]}`);
    return null;
  }
}

/** npm's own node-gyp (a JS file npm names in npm_config_node_gyp), else node-gyp on PATH. */
function nodeGypCommand() {
  const bundled = process.env.npm_config_node_gyp;
  if (bundled && existsSync(bundled)) return [process.execPath, [bundled]];
  return ['node-gyp', []];
}

/**
 * node-gyp downloads Node's headers unless told where they are. The running Node's own prefix has
 * them when it was installed with its headers (include/node/node_api.h), which keeps builds offline.
 */
function nodedirArgs() {
  if (process.env.npm_config_nodedir) return [];
  const prefix = dirname(dirname(process.execPath));
  return existsSync(join(prefix, 'include', 'node', 'node_api.h')) ? [`--nodedir=${prefix}`] : [];
}

function main() {
  if (process.env.NODE_CURAND_SKIP_BUILD === '1') {
    say('NODE_CURAND_SKIP_BUILD=1: not building the native addon');
    return;
  }
  const existing = usableAddon();
  if (existing) {
    say(`using the native addon ${existing}`);
    return;
  }
  const [command, prefixArgs] = nodeGypCommand();
  say('no prebuilt addon for this platform; building it with node-gyp');
  const result = spawnSync(command, [...prefixArgs, 'rebuild', ...nodedirArgs()], {
    cwd: root,
    stdio: 'inherit',
    env: process.env,
  });
  if (result.status === 0 && usableAddon()) {
    say('native addon built');
    return;
  }
  const why = result.error ? result.error.message : `node-gyp exited with ${result.status ?? result.signal}`;
  console.warn(
    `node-curand: WARNING: the native addon could not be built (${why}). ` +
      "The 'ts' backend works without it; the 'curand-host' and 'cuda' backends need it " +
      '(a C++17 compiler, then `npm rebuild node-curand`). NVIDIA libraries are not needed to build.',
  );
}

main();
