#!/usr/bin/env bash
# The one-call GPU check: run from the repository root on a GPU machine that received the kit
# (node scripts/gpu-check/pack.mjs → .gpu-kit/, carried by the device tool). Within ~8 minutes it
#   1. finds Node (or unpacks the kit's Node 24), libcurand and libcudart,
#   2. records the machine (nvidia-smi, backendInfo(), CPU, Node),
#   3. runs the [cuda] tests (bundled; no node_modules),
#   4. compares device output with curand-host for every generator × distribution,
#   5. runs the cuda benchmark rows next to simd and curand-host,
#   6. writes <date>-<host>.{json,md,log} to $GPU_CHECK_OUT, else $OUT, else bench/results/gpu/.
# Exit: 0 PASS, 1 FAIL (a test, a comparison or a step failed), 3 NO GPU (cuda unavailable), 2 kit missing.
#
# Environment: GPU_CHECK_SIMULATE=1 (build the CUDA test double with g++ and run against it; needs
# libcurand here), GPU_CHECK_QUICK=1 (small sizes), GPU_CHECK_KIT (default .gpu-kit),
# GPU_CHECK_BUDGET_S (whole run, default 470), GPU_CHECK_FORCE_CARRIED_NODE=1 (use the kit's Node).
set -u -o pipefail

START=$(date +%s)
BUDGET=${GPU_CHECK_BUDGET_S:-470}
SIMULATE=${GPU_CHECK_SIMULATE:-0}
REPO=$(pwd)
KIT_DIR=${GPU_CHECK_KIT:-$REPO/.gpu-kit}
if [ ! -f "$KIT_DIR/manifest.json" ]; then
  echo "gpu-check: no kit at $KIT_DIR (run: node scripts/gpu-check/pack.mjs, and carry .gpu-kit)" >&2
  exit 2
fi
KIT=$(cd "$KIT_DIR" && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/gpu-check.XXXXXX")
HOST=$(hostname -s 2>/dev/null || hostname 2>/dev/null || echo host)
NAME="$(date -u +%Y-%m-%d)-${HOST}"
[ "$SIMULATE" = 1 ] && NAME="$NAME-simulated"
DEST=${GPU_CHECK_OUT:-${OUT:-$REPO/bench/results/gpu}}
mkdir -p "$DEST"
LOG="$WORK/run.log"
exec > >(tee -a "$LOG") 2>&1

elapsed() { echo $(( $(date +%s) - START )); }
say() { echo "[gpu-check +$(elapsed)s] $*"; }
loud() { echo; echo "!!!!!!!! $* !!!!!!!!"; echo; }

# step NAME MAX_SECONDS command...: runs under a timeout that also respects the whole run's budget
# (leaving 25 s for the report); the step's scripts get a deadline 8 s before it to end cleanly.
step() {
  local name=$1 max=$2
  shift 2
  local left=$(( BUDGET - $(elapsed) - 25 ))
  local limit=$(( max < left ? max : left ))
  if [ "$limit" -lt 10 ]; then
    say "step $name NOT RUN: the run's time budget is spent"
    echo "{\"step\":\"$name\",\"seconds\":0,\"rc\":-1,\"timedOut\":true}" >> "$WORK/steps.jsonl"
    return 0
  fi
  say "step $name (at most ${limit}s)"
  local began=$(date +%s)
  GPU_CHECK_STEP_DEADLINE_MS=$(( (began + limit - 8) * 1000 )) timeout -k 5 "$limit" "$@"
  local rc=$?
  local took=$(( $(date +%s) - began ))
  local timed=false
  { [ "$rc" = 124 ] || [ "$rc" = 137 ]; } && timed=true
  echo "{\"step\":\"$name\",\"seconds\":$took,\"rc\":$rc,\"timedOut\":$timed}" >> "$WORK/steps.jsonl"
  say "step $name: exit $rc after ${took}s$([ "$timed" = true ] && echo ' (TIMED OUT)')"
  return 0
}

# ---- Node: the machine's if recent enough (the package needs >= 20.19), else the kit's Node 24 ----
node_ok() {
  "$1" -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)' 2>/dev/null
}
NODE=""
if [ "${GPU_CHECK_FORCE_CARRIED_NODE:-0}" != 1 ] && command -v node >/dev/null 2>&1 && node_ok node; then
  NODE=$(command -v node)
  say "using this machine's Node $("$NODE" --version) ($NODE)"
else
  say "no usable node on PATH ($(command -v node || echo 'none')): unpacking the kit's"
  XZ_FILE=$(ls "$KIT"/node/node-v*-linux-x64.xz 2>/dev/null | head -n 1)
  if [ -z "$XZ_FILE" ]; then
    loud "NO NODE: none on this machine and none in the kit (packed with --skip-node?)"
    exit 2
  fi
  mkdir -p "$WORK/node/bin"
  if command -v xz >/dev/null 2>&1; then
    xz -dc "$XZ_FILE" > "$WORK/node/bin/node"
  else
    python3 -c 'import lzma, shutil, sys; shutil.copyfileobj(lzma.open(sys.argv[1]), open(sys.argv[2], "wb"))' "$XZ_FILE" "$WORK/node/bin/node"
  fi
  chmod +x "$WORK/node/bin/node"
  NODE="$WORK/node/bin/node"
  if ! node_ok "$NODE"; then
    loud "NO NODE: the kit's Node does not run here: $("$NODE" --version 2>&1 | head -n 2)"
    exit 2
  fi
  say "unpacked Node $("$NODE" --version) in $(elapsed)s"
fi
export PATH="$(dirname "$NODE"):$PATH"
PKG="$KIT/pkg"
export NODE_CURAND_ADDON="$PKG/addon/node_curand.node"

# ---- libcurand and libcudart ----
# Adds the folders holding them to NODE_CURAND_LIB_DIRS (searched first by the library): the CUDA
# toolkit's, the dynamic loader's, and NVIDIA's pip wheels in this machine's Python environments.
lib_dirs_for() {
  local soname=$1 dir
  local candidates=()
  IFS=: read -r -a candidates <<< "${NODE_CURAND_LIB_DIRS:-}"
  candidates+=("${CUDA_PATH:-/usr/local/cuda}/lib64" /usr/local/cuda/lib64 /usr/local/cuda/targets/x86_64-linux/lib)
  for dir in /usr/local/cuda-*/lib64; do [ -d "$dir" ] && candidates+=("$dir"); done
  if command -v python3 >/dev/null 2>&1; then
    while IFS= read -r sp; do
      for wheel in cu13 cu12 curand cuda_runtime; do candidates+=("$sp/nvidia/$wheel/lib"); done
    done < <(timeout 20 python3 -c 'import site, sys; print("\n".join(site.getsitepackages() + [site.getusersitepackages()] + sys.path))' 2>/dev/null)
  fi
  [ -n "${EXTRA_LIB_DIR:-}" ] && candidates+=("$EXTRA_LIB_DIR")
  for dir in "${candidates[@]}"; do
    if [ -e "$dir/$soname" ]; then echo "$dir"; return 0; fi
  done
  dir=$(ldconfig -p 2>/dev/null | awk -v s="$soname" '$1 == s { print $NF; exit }')
  [ -n "$dir" ] && dirname "$dir"
  return 0
}
find_libraries() {
  CURAND_DIR=$(lib_dirs_for libcurand.so.10)
  if [ -z "$CURAND_DIR" ]; then
    say "no libcurand.so.10 found; trying pip (nvidia-curand) if an index is reachable"
    if timeout 8 python3 -c 'import urllib.request; urllib.request.urlopen("https://pypi.org/simple/nvidia-curand/", timeout=6)' >/dev/null 2>&1; then
      timeout 90 python3 -m pip install -q --no-deps --target "$WORK/pip" nvidia-curand && EXTRA_LIB_DIR=$(dirname "$(find "$WORK/pip" -name 'libcurand.so.10' | head -n 1)")
      CURAND_DIR=$(lib_dirs_for libcurand.so.10)
    else
      loud "NO LIBCURAND: none found and no package index reachable (pip install nvidia-curand not possible)"
    fi
  fi
  CUDART_DIR=$(lib_dirs_for libcudart.so.13)
  [ -z "$CUDART_DIR" ] && CUDART_DIR=$(lib_dirs_for libcudart.so.12)
  say "libcurand: ${CURAND_DIR:-NOT FOUND}; libcudart: ${CUDART_DIR:-NOT FOUND}"
  local joined
  joined=$(printf '%s\n' "${NODE_CURAND_LIB_DIRS:-}" "$CURAND_DIR" "$CUDART_DIR" | tr ':' '\n' | awk 'NF && !seen[$0]++' | paste -sd: -)
  export NODE_CURAND_LIB_DIRS="$joined"
}

if [ "$SIMULATE" = 1 ]; then
  say "SIMULATE mode: building the CUDA test double (fake libcudart.so.13 + libcurand.so.10)"
  find_libraries
  REAL_CURAND=$("$NODE" --input-type=module -e "const { backendInfo } = await import('$PKG/dist/index.js'); process.stdout.write(backendInfo().libraries?.curand.path ?? '')")
  if [ -z "$REAL_CURAND" ]; then
    loud "SIMULATE needs the real libcurand (its host generators play the device): none found"
    exit 2
  fi
  mkdir -p "$WORK/fake"
  if ! g++ -std=c++17 -O1 -shared -fPIC -pthread -o "$WORK/fake/libcudart.so.13" "$KIT/sim/test/fixtures/fake-cuda/fake_cuda.cc" -ldl; then
    loud "SIMULATE: g++ could not build the test double"
    exit 2
  fi
  ln -sf libcudart.so.13 "$WORK/fake/libcurand.so.10"
  export FAKE_CURAND_REAL="$REAL_CURAND" NODE_CURAND_LIB_DIRS="$WORK/fake"
  say "fake device built in $(elapsed)s; its device generators are $REAL_CURAND's host generators"
else
  find_libraries
fi

# ---- the machine ----
if command -v nvidia-smi >/dev/null 2>&1; then
  timeout 20 nvidia-smi > "$WORK/nvidia-smi.txt" 2>&1
  timeout 20 nvidia-smi --query-gpu=name,driver_version,memory.total,pcie.link.gen.max,pcie.link.width.max,clocks.max.sm,clocks.max.mem,power.limit --format=csv > "$WORK/nvidia-smi-query.txt" 2>&1
else
  echo "nvidia-smi not found" > "$WORK/nvidia-smi.txt"
fi
command -v lscpu >/dev/null 2>&1 && lscpu > "$WORK/lscpu.txt" 2>&1
cd "$PKG" || exit 2
step facts 30 "$NODE" check/facts.mjs "$WORK/facts.json" "$WORK"
CUDA_OK=$("$NODE" -e "const f = JSON.parse(require('fs').readFileSync('$WORK/facts.json', 'utf8')); process.stdout.write(String(f.backendInfo.backends.cuda.available) + ' ' + (f.backendInfo.backends.cuda.reason ?? ''))" 2>/dev/null || echo "false facts step failed")
if [ "${CUDA_OK%% *}" != true ]; then
  loud "NO USABLE GPU: the cuda backend is unavailable (${CUDA_OK#* }); the [cuda] tests will be SKIPPED"
fi

# ---- the checks ----
GPU_CHECK_TESTS_JSON="$WORK/tests.json" step tests 130 "$NODE" tests/cuda-tests.mjs
step compare 140 "$NODE" check/compare.mjs "$WORK/compare.json"
step bench 150 "$NODE" --expose-gc check/bench.mjs "$WORK/bench.json"

# ---- the report ----
cd "$REPO" || exit 2
timeout 30 "$NODE" "$PKG/check/report.mjs" "$WORK" "$DEST" "$NAME"
RC=$?
say "done in $(elapsed)s; exit $RC"
cp "$LOG" "$DEST/$NAME.log"
exit "$RC"
