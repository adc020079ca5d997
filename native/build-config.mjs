// Build settings shared by CMakeLists.txt and binding.gyp, printed one item a line, so that the
// cmake-js and node-gyp builds compile the same files with the same definitions:
//
//   node native/build-config.mjs sources        translation units (native/sources.txt)
//   node native/build-config.mjs defines        preprocessor definitions
//   node native/build-config.mjs include-dirs   directories holding real NVIDIA headers
//   node native/build-config.mjs cflags         compile flags of every translation unit
//   node native/build-config.mjs isa-sources X [ARCH]
//                                               the kernels compiled for instruction set X (avx2,
//                                               avx512, neon) when building for ARCH (Node's name; default:
//                                               this Node's, which a cross build must not use)
//   node native/build-config.mjs isa-flags X    the flags that enable X in those files only
//   node native/build-config.mjs sanitize-flags compile and link flags of the ASan+UBSan build only
//
// The header directories only feed the ABI checks (native/cuda/abi_check_*.cc), which verify the
// hand-declared slices against whichever header families they find. Set NODE_CURAND_INCLUDE_DIRS
// (colon-separated) to add directories; set NODE_CURAND_REQUIRE_ABI_CHECKS=1 to make a missing
// family a build error (CI).
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { DEFAULT_CUDA_ROOT, searchDirs } from './search-paths.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));

// One header per family; a directory is used when it holds any of them (or the CUDA toolkit
// headers cuRAND and cuBLAS include).
const HEADERS = ['curand.h', 'cuda_runtime_api.h', 'cublas_api.h', 'cudnn.h', 'cuComplex.h'];

export function sources() {
  return readFileSync(join(root, 'native', 'sources.txt'), 'utf8')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

/**
 * The kernel files (native/kernels/) rebuild exactly what the TypeScript reference computes: no
 * fused multiply-adds unless written (GCC contracts by default), and no errno from sqrt, which only
 * keeps GCC from vectorising it (results are unchanged).
 */
export function cflags() {
  return ['-ffp-contract=off', '-fno-math-errno'];
}

/**
 * Kernels compiled for one instruction set each, on one architecture: on x86-64 chosen at run time by
 * CPU detection (native/cpu_kernels.cc) and compiled with their own flags, so that everything else is
 * compiled for the target's baseline and the addon loads on any x86-64 CPU; on arm64 the NEON kernel,
 * whose instructions every ARMv8-A CPU has (no flags).
 */
const ISA_KERNELS = {
  avx2: { arch: 'x64', sources: ['native/kernels/kernels_avx2.cc'], flags: ['-mavx2', '-mfma'] },
  avx512: { arch: 'x64', sources: ['native/kernels/kernels_avx512.cc'], flags: ['-mavx512f', '-mfma'] },
  neon: { arch: 'arm64', sources: ['native/kernels/kernels_neon.cc'], flags: [] },
};

export function isaSources(isa, arch = process.arch) {
  return ISA_KERNELS[isa]?.arch === arch ? ISA_KERNELS[isa].sources : [];
}

export function isaFlags(isa) {
  return ISA_KERNELS[isa]?.flags ?? [];
}

/**
 * The AddressSanitizer + UndefinedBehaviorSanitizer build (`npm run test:asan`, CMake option
 * NODE_CURAND_SANITIZE, its own build directory): never part of a normal build. Node itself is not
 * instrumented, so the test runner preloads the runtimes (scripts/asan/run.mjs). Uninitialised locals
 * get a fixed pattern (GCC 12+, Clang 8+), so a read of one behaves the same on every run.
 */
export function sanitizeFlags() {
  return ['-fsanitize=address,undefined', '-fno-omit-frame-pointer', '-g', '-ftrivial-auto-var-init=pattern'];
}

export function defines(env = process.env) {
  const list = ['NAPI_VERSION=8', 'NAPI_DISABLE_CPP_EXCEPTIONS', 'NODE_API_SWALLOW_UNTHROWABLE_EXCEPTIONS'];
  if (env.NODE_CURAND_REQUIRE_ABI_CHECKS === '1') list.push('NODE_CURAND_REQUIRE_ABI_CHECKS');
  return list;
}

export function includeDirs(env = process.env) {
  const spec = {
    listVariable: 'NODE_CURAND_INCLUDE_DIRS',
    cudaSubdirs: ['include'],
    wheels: ['cu13', 'cu12', 'curand', 'cuda_runtime', 'cublas', 'cudnn'],
    leaf: 'include',
  };
  const candidates = [...searchDirs(spec, env), join(DEFAULT_CUDA_ROOT, 'include')];
  const seen = new Set();
  return candidates.filter((dir) => {
    if (!HEADERS.some((header) => existsSync(join(dir, header)))) return false;
    const real = realpathSync(dir);
    if (seen.has(real)) return false;
    seen.add(real);
    return true;
  });
}

const commands = {
  sources,
  defines,
  'include-dirs': includeDirs,
  cflags,
  'isa-sources': () => isaSources(process.argv[3], process.argv[4]),
  'isa-flags': () => isaFlags(process.argv[3]),
  'sanitize-flags': sanitizeFlags,
};

if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const command = commands[process.argv[2]];
  if (!command) {
    console.error(`usage: node native/build-config.mjs ${Object.keys(commands).join('|')}`);
    process.exit(2);
  }
  const lines = command();
  if (process.argv[2] === 'include-dirs') {
    console.error(`node-curand: NVIDIA header directories for the ABI checks: ${lines.join(', ') || 'none found'}`);
  }
  if (lines.length > 0) console.log(lines.join('\n'));
}
