#!/usr/bin/env node
// Throughput of the double libm ports (src/math/libm.ts) in both variants against V8's Math.*, on
// cuRAND-shaped inputs (docs/exact-double-math.md): M calls/s of CPU time, best of 6 passes over 2^21
// inputs. Each case runs in a fresh process, as an application uses one variant.
// Usage: npm run build:ts && node bench/math-double.mjs [compiled-src-dir, default dist]

import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dir = resolve(process.argv[2] ?? fileURLToPath(new URL('../dist', import.meta.url)));
const CASES = ['log', 'exp', 'log1p', 'sincos'].flatMap((fn) => ['x86-fma', 'x86-sse2', 'Math'].map((impl) => [fn, impl]));

async function measure(fn, impl) {
  const { DOUBLE_LIBM } = await import(pathToFileURL(`${dir}/math/libm.js`).href);
  const N = 1 << 21;
  let state = 0x9e3779b9;
  const u32 = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return state >>> 0;
  };
  const draw = {
    log: () => ((u32() >>> 11) * 2 ** 32 + u32()) * 2 ** -53 + 2 ** -54, // Philox double uniform
    exp: () => u32() * 2 ** -32 * 100 - 50, // [-50, 50]
    log1p: () => -1 + (u32() + 1) * 2 ** -36, // (-1, -0.9375]
    sincos: () => (((u32() >>> 12) * 2 ** 32 + u32()) * 2 ** -52 + 2 ** -53) * Math.PI, // v·π
  }[fn];
  const xs = Float64Array.from({ length: N }, draw);
  const pair = new Float64Array(2);
  let f;
  if (impl === 'Math') f = fn === 'sincos' ? (x) => Math.sin(x) + Math.cos(x) : Math[fn];
  else if (fn === 'sincos') {
    const sc = DOUBLE_LIBM[impl].sincos;
    f = (x) => (sc(x, pair), pair[0] + pair[1]);
  } else f = DOUBLE_LIBM[impl][fn];
  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  };
  let best = Infinity;
  let sink = 0;
  for (let rep = 0; rep < 7; rep++) {
    const t0 = cpu();
    for (let i = 0; i < N; i++) sink += f(xs[i]);
    if (rep > 0) best = Math.min(best, cpu() - t0);
  }
  return { rate: N / best / 1e6, sink };
}

if (process.argv[3] === '--case') {
  const { rate } = await measure(process.argv[4], process.argv[5]);
  console.log(rate.toFixed(1));
} else {
  const self = fileURLToPath(import.meta.url);
  for (const [fn, impl] of CASES) {
    const rate = execFileSync(process.execPath, [self, dir, '--case', fn, impl], { encoding: 'utf8' }).trim();
    const label = impl === 'Math' ? (fn === 'sincos' ? 'Math.sin + Math.cos' : `Math.${fn}`) : `${fn} ${impl}${fn === 'sincos' ? ' (pair)' : ''}`;
    console.log(`${label.padEnd(28)} ${rate.padStart(7)} M calls/s`);
  }
}
