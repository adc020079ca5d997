#!/usr/bin/env node
// Raw-word throughput of the TypeScript MTGP32 engine: large fills, small calls, restoring a state.
// Usage: npm run build:ts && node bench/mtgp32-engine.mjs [compiled-src-dir, default dist]

import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const dir = resolve(process.argv[2] ?? new URL('../dist', import.meta.url).pathname);
const { Mtgp32Engine } = await import(pathToFileURL(`${dir}/engines/mtgp32.js`).href);

const seconds = (t0) => Number(process.hrtime.bigint() - t0) / 1e9;
const row = (label, value) => console.log(`${label.padEnd(36)} ${value}`);

function measure(label, ordering, callWords, totalWords) {
  const engine = new Mtgp32Engine(42n, ordering);
  const out = new Uint32Array(callWords);
  engine.fill(out, callWords, 1, false); // warm up
  let best = Infinity;
  for (let rep = 0; rep < 5; rep++) {
    const t0 = process.hrtime.bigint();
    for (let done = 0; done < totalWords; done += callWords) engine.fill(out, callWords, 1, false);
    best = Math.min(best, seconds(t0));
  }
  row(label, `${(totalWords / best / 1e6).toFixed(1)} M words/s`);
}

measure('default, 2^22-word fills', 'default', 1 << 22, 1 << 26);
measure('legacy, 2^22-word fills', 'legacy', 1 << 22, 1 << 26);
measure('default, 1000-word fills', 'default', 1000, 1 << 24);
measure('default, 10-word fills', 'default', 10, 1 << 22);

// setState keeps only the position; the first fill afterwards regenerates every block it touches.
const position = 100_000_000;
const restored = new Mtgp32Engine(42n, 'default');
let t0 = process.hrtime.bigint();
restored.setState({ position: String(position) });
restored.fill(new Uint32Array(192 * 256), 192 * 256, 1, false);
const s = seconds(t0);
row('restore at 1e8, touch all blocks', `${s.toFixed(3)} s (${(position / s / 1e6).toFixed(1)} M words/s)`);

t0 = process.hrtime.bigint();
for (let i = 0; i < 1000; i++) new Mtgp32Engine(BigInt(i), 'default').fill(new Uint32Array(4), 4, 1, false);
row('construct + 4 words', `${((seconds(t0) * 1e6) / 1000).toFixed(1)} µs`);
