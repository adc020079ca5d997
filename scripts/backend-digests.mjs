#!/usr/bin/env node
// Digests of a fixed set of calls on every CPU backend that runs here, for comparing machines: on
// each, `ts`, `wasm`, `simd` with every kernel the CPU runs, and `curand-host` where libcurand loads
// must agree call for call, and the printed table must be the same on every machine (`.ci/arm64.sh`
// diffs an x64 run against an arm64 one under qemu). Needs dist/ (npm run build:ts).
//
//   node scripts/backend-digests.mjs [--n 4099] [--backends ts,wasm,simd:neon,...]
//
// stdout: one line per algorithm × call × hostMath, `<call> <sha256 of the outputs, 16 hex digits>`
// (or the error code every backend gave), then `all <digest of the lines>`; stderr: what ran. Exits 1
// when backends disagree.
import { createHash } from 'node:crypto';

import { Generator } from '../dist/index.js';

function option(name, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : fallback;
}
const n = Number(option('n', '4099'));

const ALGORITHMS = ['philox4x32-10', 'mtgp32', 'xorwow', 'mrg32k3a', 'mt19937'];
const HOST_MATH = ['x86-fma', 'x86-sse2', 'aarch64'];
// Each case runs its calls in order on one generator (seed 1234, offset 5 where the algorithm takes
// one): odd lengths and a short first call put the calls off slot boundaries; the normals take even
// counts (cuRAND refuses odd ones on XORWOW and MRG32k3a).
const even = n - (n % 2);
const CASES = [
  ['uint32', (g) => [g.uint32(3), g.uint32(n)]],
  ['uniform', (g) => [g.uniform(5), g.uniform(n)]],
  ['uniformDouble', (g) => [g.uniformDouble(3), g.uniformDouble(n)]],
  ['normal', (g) => [g.normal(2, 0.5, 2), g.normal(even, 0.5, 2)]],
  ['normalDouble', (g) => [g.normalDouble(2, 0.5, 2), g.normalDouble(even, 0.5, 2)]],
  ['logNormal', (g) => [g.logNormal(2, 0, 0.75), g.logNormal(even, 0, 0.75)]],
  ['logNormalDouble', (g) => [g.logNormalDouble(2, 0, 0.75), g.logNormalDouble(even, 0, 0.75)]],
  ['poisson', (g) => [g.poisson(7, 4.5), g.poisson(n, 4.5), g.poisson(n, 3000)]],
];
const KERNELS = ['avx512', 'avx2', 'neon', 'generic'];

/** The backends to compare: every one that runs here, or those asked for (simd:<kernel>). */
function backends() {
  const asked = option('backends', null);
  const candidates = asked
    ? asked.split(',')
    : ['ts', 'wasm', ...KERNELS.map((k) => `simd:${k}`), 'curand-host'];
  return candidates.filter((b) => {
    try {
      new Generator(options(b, 'philox4x32-10', 'x86-fma')).dispose?.();
      return true;
    } catch (error) {
      if (asked) throw error;
      return false;
    }
  });
}

function options(backend, algorithm, hostMath) {
  const [name, kernel] = backend.split(':');
  return { algorithm, seed: 1234n, backend: name, hostMath, ...(kernel ? { kernel } : {}) };
}

function digest(backend, algorithm, hostMath, calls) {
  const hash = createHash('sha256');
  try {
    const g = new Generator(options(backend, algorithm, hostMath));
    try {
      g.setOffset(5);
    } catch {
      // MTGP32 takes no offset: its calls start at the seed's first word.
    }
    for (const out of calls(g)) hash.update(new Uint8Array(out.buffer, out.byteOffset, out.byteLength));
    g.dispose?.();
    return hash.digest('hex').slice(0, 16);
  } catch (error) {
    return `error:${error.code ?? error.name}`;
  }
}

const used = backends();
console.error(`backend-digests: ${process.arch}, node ${process.version}, n = ${n}, backends ${used.join(' ')}`);
const lines = [];
let disagree = 0;
for (const algorithm of ALGORITHMS) {
  for (const [name, calls] of CASES) {
    for (const hostMath of HOST_MATH) {
      // curand-host computes with this machine's glibc, whatever hostMath says: it is compared where
      // hostMath names the usual x86-64 one ('x86-fma').
      const here = used.filter((b) => b !== 'curand-host' || hostMath === 'x86-fma');
      const results = here.map((b) => digest(b, algorithm, hostMath, calls));
      const line = `${algorithm} ${name} ${hostMath} ${results[0]}`;
      if (results.some((r) => r !== results[0])) {
        disagree++;
        console.error(`DISAGREE ${algorithm} ${name} ${hostMath}: ${here.map((b, i) => `${b}=${results[i]}`).join(' ')}`);
      }
      lines.push(line);
      console.log(line);
    }
  }
}
console.log(`all ${createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 16)}`);
process.exit(disagree === 0 ? 0 : 1);
