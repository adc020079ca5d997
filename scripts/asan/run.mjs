// `npm run test:asan [-- <test files or filters>… <vitest options>…]`: builds the addon with AddressSanitizer and
// UndefinedBehaviorSanitizer into build-asan/ (CMake option NODE_CURAND_SANITIZE; the normal builds
// never get these flags), then runs the native-facing tests against it: by default
// test/native-*.test.ts, test/robustness/*.test.ts and the kernels' test/kernels-*.test.ts. The
// build also fills uninitialised locals with a pattern (-ftrivial-auto-var-init), so a kernel that
// computes on lanes it never loaded gets the same values on every run rather than whatever the stack
// held. Node is not instrumented, so the sanitizer
// runtimes are preloaded (LD_PRELOAD) into the test runner and, through the environment, into every
// child process and worker the tests start; NODE_CURAND_ADDON points them all at this build.
// Set NODE_CURAND_ASAN_SKIP_BUILD=1 to reuse an existing build-asan/.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
const require = createRequire(join(root, 'package.json'));
const started = Date.now();
const seconds = () => ((Date.now() - started) / 1000).toFixed(0);

const buildDir = join(root, 'build-asan');
const addon = join(buildDir, 'Release', 'node_curand.node');
if (process.env.NODE_CURAND_ASAN_SKIP_BUILD !== '1' || !existsSync(addon)) {
  const cmakeJs = join(dirname(require.resolve('cmake-js/package.json')), 'bin', 'cmake-js');
  const build = spawnSync(process.execPath, [cmakeJs, 'compile', '--out', buildDir, '--CDNODE_CURAND_SANITIZE=ON'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
  console.log(`test:asan: built ${addon} in ${seconds()} s`);
}

/** The runtime the compiler links `-fsanitize=…` against (gcc -print-file-name). */
function runtime(name) {
  const compiler = process.env.CXX || 'g++';
  const path = execFileSync(compiler, [`-print-file-name=${name}`], { encoding: 'utf8' }).trim();
  if (!path.startsWith('/') || !existsSync(path)) throw new Error(`test:asan: ${compiler} has no ${name}`);
  return realpathSync(path);
}

// Arguments: test files or filters, and vitest options (anything starting with '-', e.g. a reporter).
const args = process.argv.slice(2);
const files = args.filter((arg) => !arg.startsWith('-'));
const options = args.filter((arg) => arg.startsWith('-'));
const env = {
  ...process.env,
  NODE_CURAND_ADDON: addon,
  NODE_CURAND_SANITIZED: '1',
  LD_PRELOAD: [runtime('libasan.so'), runtime('libubsan.so'), process.env.LD_PRELOAD].filter(Boolean).join(':'),
  // detect_leaks: Node frees little at exit by design. allow_user_segv_handler: Node's own SIGSEGV
  // handler (WebAssembly bounds traps) must keep working. abort_on_error: a report fails the process.
  // allocator_may_return_null: a buffer too large for memory must stay V8's RangeError (the battery
  // asks for one on purpose), not an ASan out-of-memory abort.
  ASAN_OPTIONS: ['detect_leaks=0', 'allow_user_segv_handler=1', 'abort_on_error=1', 'allocator_may_return_null=1', process.env.ASAN_OPTIONS]
    .filter(Boolean)
    .join(':'),
  // libasan's dlopen interceptor becomes the caller of every dlopen, so a library's own RUNPATH
  // ($ORIGIN) no longer applies to what it opens itself: cuDNN's libcudnn.so.9 then cannot find its
  // sub-libraries and exits the process. The search directories on LD_LIBRARY_PATH stand in for it.
  LD_LIBRARY_PATH: [process.env.NODE_CURAND_LIB_DIRS, process.env.LD_LIBRARY_PATH].filter(Boolean).join(':'),
  UBSAN_OPTIONS: ['print_stacktrace=1', 'halt_on_error=1', 'abort_on_error=1', process.env.UBSAN_OPTIONS].filter(Boolean).join(':'),
};
const vitest = join(dirname(require.resolve('vitest/package.json')), 'vitest.mjs');
const run = spawnSync(process.execPath, [vitest, 'run', ...options, ...(files.length > 0 ? files : ['test/native-', 'test/robustness/', 'test/kernels-'])], {
  cwd: root,
  env,
  stdio: 'inherit',
});
console.log(`test:asan: ${run.status === 0 ? 'passed' : 'FAILED'} after ${seconds()} s in all`);
process.exit(run.status ?? 1);
