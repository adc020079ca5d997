/**
 * The glibc oracle (oracle.c) and the TypeScript ports, for run.mjs and golden.mjs.
 *
 * The C oracle is compiled at run time with this machine's gcc against its glibc, and run either
 * normally (glibc picks its FMA ifunc bodies on an FMA + AVX2 CPU) or with
 * GLIBC_TUNABLES=glibc.cpu.hwcaps=-AVX2,-FMA,-FMA4,-AVX512F (the SSE2/AVX bodies, no FMA).
 */

import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { compileOracle, targetGlibc } from '../target.mjs';

export const FUNCTIONS = ['log', 'exp', 'log1p', 'sincos'];
// The ports' variants: x86-64's two ifunc bodies, and glibc built for aarch64 (--target aarch64).
export const VARIANTS = ['fma', 'sse2', 'aarch64'];
const HOST_MATH = { fma: 'x86-fma', sse2: 'x86-sse2', aarch64: 'aarch64' };
const NO_FMA_TUNABLES = 'glibc.cpu.hwcaps=-AVX2,-FMA,-FMA4,-AVX512F';

/**
 * Compiles oracle.c into a temporary directory; returns the executable's path, the directory (for the
 * compiled ports) and a cleanup.
 */
export function buildOracle() {
  const dir = mkdtempSync(join(tmpdir(), 'double-libm-oracle-'));
  const exe = join(dir, 'oracle');
  const src = fileURLToPath(new URL('./oracle.c', import.meta.url));
  compileOracle(src, exe);
  return { exe, dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** glibc's version string, for the report (the target's: ../target.mjs). */
export function glibcVersion() {
  return targetGlibc();
}

/**
 * A running oracle for one function and variant. `evaluate(inputs)` resolves to the C library's results
 * (a Float64Array, two per input for sincos). Calls must not overlap.
 */
export function startOracle(exe, fn, variant) {
  const env = { ...process.env };
  if (variant === 'sse2') env.GLIBC_TUNABLES = NO_FMA_TUNABLES;
  else delete env.GLIBC_TUNABLES;
  const child = spawn(exe, [fn], { env, stdio: ['pipe', 'pipe', 'inherit'] });
  const width = fn === 'sincos' ? 2 : 1;
  let pending = null; // { need, chunks, got, resolve, reject }
  child.stdout.on('data', (chunk) => {
    if (!pending) return;
    pending.chunks.push(chunk);
    pending.got += chunk.length;
    if (pending.got >= pending.need) {
      const done = pending;
      pending = null;
      const all = Buffer.concat(done.chunks, done.got);
      const out = new Float64Array(done.need / 8);
      new Uint8Array(out.buffer).set(all.subarray(0, done.need));
      done.resolve(out);
    }
  });
  child.on('exit', (code) => {
    if (pending) pending.reject(new Error(`oracle exited with code ${code}`));
  });
  return {
    evaluate(inputs) {
      return new Promise((resolve, reject) => {
        pending = { need: inputs.length * 8 * width, chunks: [], got: 0, resolve, reject };
        const header = Buffer.alloc(4);
        header.writeUInt32LE(inputs.length);
        child.stdin.write(header);
        child.stdin.write(Buffer.from(inputs.buffer, inputs.byteOffset, inputs.byteLength));
      });
    },
    close() {
      child.stdin.end();
    },
  };
}

/**
 * The TypeScript ports, compiled by the project's TypeScript (`tsc`, a devDependency) into `outDir`
 * (src/math/libm.ts and what it imports; code run through a transpiling loader was several times
 * slower). Returns { fn: { fma, sse2 } } where each entry maps (inputs, out) → fills out (two per
 * input for sincos).
 */
export async function loadPorts(outDir) {
  const root = fileURLToPath(new URL('../../../', import.meta.url));
  const tsc = join(root, 'node_modules', '.bin', 'tsc');
  execFileSync(
    tsc,
    ['--ignoreConfig', '--outDir', outDir, '--rootDir', join(root, 'src'), '--module', 'nodenext', '--moduleResolution', 'nodenext',
      '--target', 'es2022', '--strict', '--skipLibCheck', '--types', 'node', join(root, 'src', 'math', 'libm.ts')],
    { stdio: 'inherit' },
  );
  writeFileSync(join(outDir, 'package.json'), '{"type":"module"}\n');
  const { DOUBLE_LIBM } = await import(pathToFileURL(join(outDir, 'math', 'libm.js')).href);
  const ports = {};
  for (const fn of FUNCTIONS) {
    ports[fn] = {};
    for (const variant of VARIANTS) {
      const libm = DOUBLE_LIBM[HOST_MATH[variant]];
      if (fn === 'sincos') {
        const sc = libm.sincos;
        ports[fn][variant] = (inputs, out) => {
          const pair = new Float64Array(2);
          for (let i = 0; i < inputs.length; i++) {
            sc(inputs[i], pair);
            out[2 * i] = pair[0];
            out[2 * i + 1] = pair[1];
          }
        };
      } else {
        const f = libm[fn];
        ports[fn][variant] = (inputs, out) => {
          for (let i = 0; i < inputs.length; i++) out[i] = f(inputs[i]);
        };
      }
    }
  }
  return ports;
}

/** Indices where two result arrays differ in bits (any NaN equals any NaN: JS does not keep payloads). */
export function mismatches(a, b) {
  const ua = new Uint32Array(a.buffer, a.byteOffset, a.length * 2);
  const ub = new Uint32Array(b.buffer, b.byteOffset, b.length * 2);
  const bad = [];
  for (let i = 0; i < a.length; i++) {
    if (ua[2 * i] !== ub[2 * i] || ua[2 * i + 1] !== ub[2 * i + 1]) {
      if (!(Number.isNaN(a[i]) && Number.isNaN(b[i]))) bad.push(i);
    }
  }
  return bad;
}
