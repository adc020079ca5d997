// `npm pack` and `npm publish` run this first (the `prepack` script): the package carries a prebuilt
// addon for linux-x64 and linux-arm64, so that installing it on either compiles nothing. A prebuild
// that is missing, or older than any of the addon's sources, is rebuilt with scripts/prebuild.mjs
// (linux-arm64 cross-compiled with Debian's aarch64 toolchain). A stale one would not load anyway:
// the loader refuses an addon of another native ABI version and the package falls back to `ts`.
//
//   NODE_CURAND_PACK_WITHOUT_PREBUILDS=1   pack whatever prebuilds/ holds (CI's compiler-less check)
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const ARCHES = ['x64', 'arm64'];

/** The newest modification time among the files the addon is built from. */
function newestSource() {
  let newest = 0;
  const visit = (path) => {
    const stat = statSync(path);
    if (stat.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
    else newest = Math.max(newest, stat.mtimeMs);
  };
  for (const path of ['native', 'CMakeLists.txt', 'binding.gyp']) visit(join(root, path));
  return newest;
}

/** The prebuilt addon for linux-<arch>, or null. */
function prebuildOf(arch) {
  const dir = join(root, 'prebuilds', `linux-${arch}`);
  if (!existsSync(dir)) return null;
  const file = readdirSync(dir).find((name) => name.startsWith('node.napi.') && name.endsWith('.node'));
  return file ? join(dir, file) : null;
}

function main() {
  if (process.env.NODE_CURAND_PACK_WITHOUT_PREBUILDS === '1') {
    console.log('node-curand: NODE_CURAND_PACK_WITHOUT_PREBUILDS=1: packing prebuilds/ as it is');
    return;
  }
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    // The cross build runs from linux-x64 only; elsewhere the prebuilds must already be there.
    const missing = ARCHES.filter((arch) => prebuildOf(arch) === null);
    if (missing.length > 0) throw new Error(`no prebuilt addon for ${missing.map((a) => `linux-${a}`).join(', ')}: pack on linux-x64, where scripts/prepack.mjs builds them`);
    return;
  }
  const sources = newestSource();
  for (const arch of ARCHES) {
    const prebuild = prebuildOf(arch);
    if (prebuild !== null && statSync(prebuild).mtimeMs >= sources) {
      console.log(`node-curand: ${prebuild} is up to date`);
      continue;
    }
    console.log(`node-curand: building the linux-${arch} prebuild (${prebuild === null ? 'missing' : 'older than the sources'})`);
    const result = spawnSync(process.execPath, [join(root, 'scripts', 'prebuild.mjs'), '--arch', arch], { cwd: root, stdio: 'inherit' });
    if (result.status !== 0) throw new Error(`the linux-${arch} prebuild failed (arm64 needs g++-aarch64-linux-gnu: apt-get install g++-aarch64-linux-gnu)`);
  }
}

try {
  main();
} catch (error) {
  console.error(`node-curand: ${error.message}`);
  process.exit(1);
}
