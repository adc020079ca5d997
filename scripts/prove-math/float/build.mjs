/**
 * Build steps shared by the float-math proof, fixture and bench scripts: compile src/math's float
 * modules with the project's tsc into a temporary directory, and the glibc oracle with the machine's gcc.
 */

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { compileOracle, TARGET, targetGlibc } from '../target.mjs';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const ORACLE_C = fileURLToPath(new URL('./oracle.c', import.meta.url));

let buildDir;
function dir() {
  if (buildDir === undefined) {
    buildDir = mkdtempSync(join(tmpdir(), 'node-curand-float-math-'));
    process.on('exit', () => rmSync(buildDir, { recursive: true, force: true }));
  }
  return buildDir;
}

/**
 * All exports of src/math/{logf,expf,sincosf}.ts and of what they import (bits, fma, float-tables,
 * pow2), compiled by compileFloatMath unless `compiled` names a directory it already wrote.
 */
export async function loadFloatMath(compiled = process.env.NODE_CURAND_FLOAT_MATH_JS) {
  const out = compiled ?? compileFloatMath();
  const load = (f) => import(pathToFileURL(join(out, `${f}.js`)).href);
  const modules = await Promise.all(['logf', 'expf', 'sincosf', 'fma', 'float-tables'].map(load));
  return Object.assign({}, ...modules);
}

/** Compiles the float modules once and returns the directory of the JavaScript output. */
export function compileFloatMath() {
  const out = join(dir(), 'js');
  const tsc = join(ROOT, 'node_modules', '.bin', 'tsc');
  const files = ['logf', 'expf', 'sincosf'].map((f) => join(ROOT, 'src', 'math', `${f}.ts`));
  execFileSync(
    tsc,
    [
      '--ignoreConfig', '--outDir', out, '--rootDir', join(ROOT, 'src', 'math'),
      '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022',
      '--strict', '--sourceMap', 'false', '--types', '', ...files,
    ],
    { stdio: 'inherit' },
  );
  writeFileSync(join(out, 'package.json'), '{"type":"module"}\n');
  return out;
}

/** Compiles oracle.c against the target's libm (../target.mjs) and returns the executable's path. */
export function buildOracle() {
  const exe = join(dir(), 'oracle');
  compileOracle(ORACLE_C, exe);
  return exe;
}

/** glibc version string of this machine (e.g. "2.36"), from getconf, or the cross target's version line. */
export function glibcVersion() {
  return TARGET === 'native' ? execFileSync('getconf', ['GNU_LIBC_VERSION'], { encoding: 'utf8' }).trim() : targetGlibc();
}

/** Environment that makes glibc pick its SSE2 (non-FMA) ifunc variants. */
export const NO_FMA_ENV = { ...process.env, GLIBC_TUNABLES: 'glibc.cpu.hwcaps=-AVX2,-FMA,-FMA4,-AVX512F' };
