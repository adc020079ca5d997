#!/usr/bin/env node
// Throughput of the exact float libm ports (src/math/logf.ts, sincosf.ts, expf.ts) against V8's
// Math.* rounded to float, on cuRAND-shaped inputs: u = fround(fround(w)·2^-32 + 2^-33) for logf,
// v = fround(fround(fround(w)·K) + K/2) for sincosf, float m + s·z for expf. Each case runs in its own
// process (so no case's JIT feedback shapes another's) with its own monomorphic loop.
// M calls/s (sincosf: M pairs/s), best of 5 timed passes over 2^22 inputs, after one warm-up pass.
// Usage: node bench/math-float.mjs [case ...]   (compiles src/math with tsc to a temp dir)

import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { compileFloatMath, loadFloatMath } from '../scripts/prove-math/float/build.mjs';
import { prng } from '../scripts/prove-math/float/fixture-inputs.mjs';

const N = 1 << 22;
const CASES = [
  'logf', 'fround(Math.log)',
  'sincosf (pair)', 'fround(Math.sin), fround(Math.cos)',
  'sinf', 'fround(Math.sin)',
  'expf', 'fround(Math.exp)',
];

async function runCase(name) {
  const { logf, expf, sincosf, sinf } = await loadFloatMath();
  const u32 = prng(0x9e3779b9);
  const K = Math.fround(2 ** -32 * Math.fround(6.2831855));
  const us = Float32Array.from({ length: N }, () => Math.fround(Math.fround(u32()) * 2 ** -32 + 2 ** -33));
  const vs = Float32Array.from({ length: N }, () => Math.fround(Math.fround(Math.fround(u32()) * K) + K / 2));
  // Normals by Box–Muller in float (Math.* is fine here: only the shape matters), then m + s·z.
  const zs = Float32Array.from({ length: N }, (_, i) => {
    const z = Math.fround(Math.sqrt(-2 * Math.log(us[i])) * Math.sin(vs[i]));
    return Math.fround(0.25 + Math.fround(1.5 * z));
  });
  const out = new Float32Array(2 * N);
  const pair = new Float64Array(2);
  const loops = {
    logf: () => { for (let i = 0; i < N; i++) out[i] = logf(us[i]); },
    'fround(Math.log)': () => { for (let i = 0; i < N; i++) out[i] = Math.fround(Math.log(us[i])); },
    'sincosf (pair)': () => {
      for (let i = 0; i < N; i++) {
        sincosf(vs[i], pair);
        out[2 * i] = pair[0];
        out[2 * i + 1] = pair[1];
      }
    },
    'fround(Math.sin), fround(Math.cos)': () => {
      for (let i = 0; i < N; i++) {
        out[2 * i] = Math.fround(Math.sin(vs[i]));
        out[2 * i + 1] = Math.fround(Math.cos(vs[i]));
      }
    },
    sinf: () => { for (let i = 0; i < N; i++) out[i] = sinf(vs[i]); },
    'fround(Math.sin)': () => { for (let i = 0; i < N; i++) out[i] = Math.fround(Math.sin(vs[i])); },
    expf: () => { for (let i = 0; i < N; i++) out[i] = expf(zs[i]); },
    'fround(Math.exp)': () => { for (let i = 0; i < N; i++) out[i] = Math.fround(Math.exp(zs[i])); },
  };
  const run = loops[name];
  let best = Infinity;
  for (let rep = 0; rep < 6; rep++) {
    const t0 = process.hrtime.bigint();
    run();
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    if (rep > 0) best = Math.min(best, s);
  }
  console.log(`${name.padEnd(36)} ${(N / best / 1e6).toFixed(1).padStart(7)} M/s`);
}

if (process.env.NODE_CURAND_FLOAT_MATH_JS && process.argv[2] === '--case') {
  await runCase(process.argv[3]);
} else {
  const names = process.argv.slice(2).length > 0 ? process.argv.slice(2) : CASES;
  const env = { ...process.env, NODE_CURAND_FLOAT_MATH_JS: compileFloatMath() };
  console.log(`node ${process.version}, ${N} inputs per pass, best of 5, one process per case`);
  for (const name of names) {
    execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--case', name], { env, stdio: 'inherit' });
  }
}
