// @ts-check
// Set-up time and values/s of one generator on the 'ts' and 'curand-host' backends, side by side in
// one run (bench/xorwow.mjs, bench/mrg32k3a.mjs, bench/mt19937.mjs call it).
//
// - set-up: a fresh generator with a new seed, timed to the end of its first 1-element call and to the
//   end of a call that needs every thread or stream (2^17 elements; MT19937's first 65536 words span
//   all 8192 streams). cuRAND does all of its set-up inside the first call.
// - values/s: the median of 5 timed calls of 2^22 elements (Poisson: 2^20) after one warm-up call.
//
// Usage: npm run build:ts && node bench/<generator>.mjs [library-dir, default dist]
//        (or: npx tsx bench/<generator>.mjs src, to measure the TypeScript sources without building)

import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** @param {string} algorithm */
export async function benchGenerator(algorithm) {
  const dir = resolve(process.argv[2] ?? new URL('../dist', import.meta.url).pathname);
  const { Generator, backendInfo } = await import(pathToFileURL(`${dir}/index.js`).href);
  const backends = ['ts', 'curand-host'].filter((b) => backendInfo().backends[b].available);
  const skipped = ['ts', 'curand-host'].filter((b) => !backends.includes(b));
  for (const b of skipped) console.log(`(${b} skipped: ${backendInfo().backends[b].reason})`);
  const now = () => performance.now();
  const pad = (s, n) => String(s).padEnd(n);

  console.log(`\n${algorithm}: set-up (ms)`);
  console.log(`${pad('backend', 14)}${pad('first call', 14)}all threads`);
  let seed = BigInt(Date.now()) * 7919n; // a seed no cache has seen
  for (const backend of backends) {
    const t0 = now();
    const g = new Generator({ algorithm, backend, seed: seed++ });
    g.uint32(1);
    const t1 = now();
    g.uint32(1 << 17);
    const t2 = now();
    console.log(`${pad(backend, 14)}${pad((t1 - t0).toFixed(1), 14)}${(t1 - t0 + t2 - t1).toFixed(1)}`);
    g.dispose();
  }

  /** @type {[string, number, number?, number?][]} */
  const calls = [
    ['uint32', 1 << 22],
    ['uniform', 1 << 22],
    ['uniformDouble', 1 << 22],
    ['normal', 1 << 22, 0, 1],
    ['normalDouble', 1 << 22, 0, 1],
    ['logNormal', 1 << 22, 0, 1],
    ['poisson', 1 << 20, 10],
    ['poisson', 1 << 20, 5000],
  ];
  console.log(`\n${algorithm}: M values/s (median of 5 calls)`);
  console.log(pad('call', 22) + backends.map((b) => pad(b, 14)).join(''));
  const gens = Object.fromEntries(backends.map((b) => [b, new Generator({ algorithm, backend: b, seed: 42n })]));
  for (const [dist, n, a, b] of calls) {
    const row = [];
    for (const backend of backends) {
      const g = gens[backend];
      const run = () => g[dist](n, a, b);
      run();
      const times = [];
      for (let i = 0; i < 5; i++) {
        const t = now();
        run();
        times.push(now() - t);
      }
      times.sort((x, y) => x - y);
      row.push(pad((n / (times[2] / 1000) / 1e6).toFixed(1), 14));
    }
    console.log(pad(dist + (dist === 'poisson' ? ` λ=${a}` : ''), 22) + row.join(''));
  }
  for (const g of Object.values(gens)) g.dispose();
}
