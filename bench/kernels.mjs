#!/usr/bin/env node
// Side-by-side throughput of the CPU kernels (the 'wasm' backend and each 'simd' kernel this CPU
// runs) against the 'ts' reference, through the public API: large fills, threads, small calls.
// Usage: npm run build:ts && node bench/kernels.mjs [--quick]
// Prints the machine's load first: on a shared machine, compare rows of one run only.

import { cpus, loadavg } from 'node:os';

const { Generator, backendInfo } = await import(new URL('../dist/index.js', import.meta.url).href);

const quick = process.argv.includes('--quick');
const N = quick ? 1 << 22 : 1 << 24;
const REPS = quick ? 3 : 5;

const info = backendInfo();
const subjects = [{ backend: 'ts' }];
if (info.backends.wasm.available) subjects.push({ backend: 'wasm' });
for (const kernel of ['avx512', 'avx2', 'generic']) {
  try {
    new Generator({ backend: 'simd', kernel }).dispose();
    subjects.push({ backend: 'simd', kernel });
  } catch {
    // this CPU (or build) does not run it
  }
}
const label = (s) => (s.kernel ? `simd/${s.kernel}` : s.backend);
const rate = (n, ms) => `${((n / ms) * 1e-3).toFixed(0).padStart(6)} M/s`;

console.log(`load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}; ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}`);

/** Best of REPS: wall time of fn() in ms. */
async function best(fn) {
  await fn();
  let min = Infinity;
  for (let r = 0; r < REPS; r++) {
    const t0 = performance.now();
    await fn();
    min = Math.min(min, performance.now() - t0);
  }
  return min;
}

const TYPES = { uint32: Uint32Array, uniform: Float32Array, uniformDouble: Float64Array, normal: Float32Array, logNormal: Float32Array, normalDouble: Float64Array };
const header = ['backend', ...Object.keys(TYPES).map((d) => d.padStart(13))].join(' ');
console.log(`\nsingle thread, ${N} values per call (normalDouble: ${N >> 4})`);
console.log(header);
for (const s of subjects) {
  const g = new Generator({ ...s, seed: 42n });
  const cells = [];
  for (const [dist, Type] of Object.entries(TYPES)) {
    // The reference is slow: fewer values keep the run short; rates stay comparable.
    const n = dist === 'normalDouble' || s.backend === 'ts' ? N >> 4 : N;
    const out = new Type(n);
    cells.push(rate(n, await best(() => g[dist](out))).padStart(13));
  }
  console.log([label(s).padEnd(7), ...cells].join(' '));
  g.dispose();
}

console.log('\nuniformAsync, threads 1 vs 2 (same bits; outputs in a SharedArrayBuffer, which wasm workers write in place)');
for (const s of subjects.filter((x) => x.backend === 'wasm' || (x.backend === 'simd' && x.kernel !== 'generic'))) {
  for (const n of [1 << 22, N]) {
    const out = new Float32Array(new SharedArrayBuffer(4 * n));
    const rates = [];
    for (const threads of [1, 2]) {
      const g = new Generator({ ...s, seed: 42n, threads });
      rates.push(await best(() => g.uniformAsync(out)));
      g.dispose();
    }
    console.log(`${label(s).padEnd(12)} n=2^${Math.log2(n)}  1 thread ${rate(n, rates[0])}  2 threads ${rate(n, rates[1])}  ×${(rates[0] / rates[1]).toFixed(2)}`);
  }
}

console.log(`\nMTGP32, ${N} values per call (ts: ${N >> 4})`);
for (const s of subjects.filter((x) => x.backend !== 'wasm')) {
  const g = new Generator({ ...s, algorithm: 'mtgp32', seed: 42n });
  const cells = [];
  for (const [dist, Type] of [['uint32', Uint32Array], ['uniform', Float32Array], ['uniformDouble', Float64Array]]) {
    const out = new Type(s.backend === 'ts' ? N >> 4 : N);
    cells.push(`${dist} ${rate(out.length, await best(() => g[dist](out)))}`);
  }
  console.log(`${label(s).padEnd(12)} ${cells.join('  ')}`);
  g.dispose();
}

console.log('\n16-value uniform call (µs)');
for (const s of subjects) {
  const g = new Generator({ ...s, seed: 42n });
  const out = new Float32Array(16);
  const calls = 20000;
  const ms = await best(() => {
    for (let i = 0; i < calls; i++) g.uniform(out);
  });
  console.log(`${label(s).padEnd(12)} ${((ms * 1000) / calls).toFixed(2)}`);
  g.dispose();
}
console.log(`\nload average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
