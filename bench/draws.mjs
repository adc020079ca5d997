#!/usr/bin/env node
// The draws (integers, shuffle, random, bernoulli, gamma; scalar random() and integers()) side by
// side with the JavaScript libraries people use for them, in one process, round-robin, median of
// --reps samples, on the default CPU backend (and the `ts` backend for reference); checks issue 14's
// goals against this run.
// Usage: npm run build:ts && node bench/draws.mjs [--reps N] [--json]   (or: npx tsx bench/draws.mjs --src)

import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

import { median, roundRobin } from './harness.mjs';

const { values: args } = parseArgs({
  options: { reps: { type: 'string', default: '7' }, json: { type: 'boolean', default: false }, src: { type: 'boolean', default: false } },
});
const reps = Number(args.reps);
const dir = resolve(new URL(args.src ? '../src' : '../dist', import.meta.url).pathname);
const { Generator } = await import(pathToFileURL(`${dir}/index.${args.src ? 'ts' : 'js'}`).href);
const { xoroshiro128plus } = await import('pure-rand/generator/xoroshiro128plus');
const { uniformInt } = await import('pure-rand/distribution/uniformInt');
const { default: discreteUniform } = await import('@stdlib/random-base-discrete-uniform');
const { default: stdlibBernoulli } = await import('@stdlib/random-base-bernoulli');
const { default: stdlibGamma } = await import('@stdlib/random-base-gamma');
const { default: seedrandom } = await import('seedrandom');

const SEED = 42;
const N = 1 << 20;
const BIG = 1 << 24;
const SCALAR_CALLS = 1 << 16;

const cpu = new Generator({ seed: BigInt(SEED) });
const ts = new Generator({ seed: BigInt(SEED), backend: 'ts' });
const backendOf = { default: cpu, ts };

/**
 * Each task: what is computed, per candidate a function doing it once (`values` values per call).
 * Every candidate's loop is its own function, so V8's type feedback for one does not slow another.
 * @type {{ id: string, label: string, values: number, candidates: Record<string, () => void>, goal?: { over: string, ratio: number, text: string } }[]}
 */
const tasks = [];

{
  const out = new Int32Array(N);
  const pr = xoroshiro128plus(SEED);
  const du = discreteUniform.factory({ seed: SEED });
  tasks.push({
    id: 'integers',
    label: 'integers(0, 1000), 2^20 values',
    values: N,
    candidates: {
      'node-curand (default CPU)': () => backendOf.default.integers(0, 1000, out),
      'node-curand (ts)': () => backendOf.ts.integers(0, 1000, out),
      "pure-rand uniformInt (xoroshiro128+)": () => {
        for (let i = 0; i < N; i++) out[i] = uniformInt(pr, 0, 999);
      },
      '@stdlib discrete-uniform': () => {
        for (let i = 0; i < N; i++) out[i] = du(0, 999);
      },
      'Math.floor(Math.random() * 1000) (biased)': () => {
        for (let i = 0; i < N; i++) out[i] = Math.floor(Math.random() * 1000);
      },
    },
    goal: { over: "pure-rand uniformInt (xoroshiro128+)", ratio: 3, text: 'integers(0, 1000, 2^20) ≥ 3× pure-rand' },
  });
}

{
  const data = new Float64Array(N).map((_, i) => i);
  tasks.push({
    id: 'shuffle',
    label: 'shuffle of 2^20 elements (Float64Array)',
    values: N,
    candidates: {
      'node-curand (default CPU)': () => backendOf.default.shuffle(data),
      'node-curand (ts)': () => backendOf.ts.shuffle(data),
      'Fisher–Yates on Math.random': () => {
        for (let i = data.length - 1; i > 0; i--) {
          const j = Math.floor(Math.random() * (i + 1));
          const t = data[i];
          data[i] = data[j];
          data[j] = t;
        }
      },
    },
    goal: { over: 'Fisher–Yates on Math.random', ratio: 1.5, text: 'shuffle of 2^20 ≥ 1.5× a Math.random Fisher–Yates' },
  });
}

{
  const out = new Float64Array(BIG);
  const xw = seedrandom.xorwow(String(SEED));
  tasks.push({
    id: 'random',
    label: 'random(): 2^24 doubles in [0, 1)',
    values: BIG,
    candidates: {
      'node-curand (default CPU)': () => backendOf.default.random(out),
      'node-curand (ts)': () => backendOf.ts.random(out),
      'seedrandom xorwow .double()': () => {
        for (let i = 0; i < BIG; i++) out[i] = xw.double();
      },
      'Math.random': () => {
        for (let i = 0; i < BIG; i++) out[i] = Math.random();
      },
    },
    goal: { over: 'seedrandom xorwow .double()', ratio: 2, text: 'random(2^24) ≥ 2× seedrandom xorwow' },
  });
}

{
  const out = new Uint8Array(N);
  const sb = stdlibBernoulli.factory({ seed: SEED });
  tasks.push({
    id: 'bernoulli',
    label: 'bernoulli(0.3), 2^20 values',
    values: N,
    candidates: {
      'node-curand (default CPU)': () => backendOf.default.bernoulli(0.3, out),
      'node-curand (ts)': () => backendOf.ts.bernoulli(0.3, out),
      '@stdlib bernoulli': () => {
        for (let i = 0; i < N; i++) out[i] = sb(0.3);
      },
      'Math.random() < p': () => {
        for (let i = 0; i < N; i++) out[i] = Math.random() < 0.3 ? 1 : 0;
      },
    },
  });
}

{
  const out = new Float64Array(N);
  const sg = stdlibGamma.factory({ seed: SEED });
  tasks.push({
    id: 'gamma',
    label: 'gamma(2.5, 1), 2^20 values',
    values: N,
    candidates: {
      'node-curand (default CPU)': () => backendOf.default.gamma(2.5, 1, out),
      'node-curand (ts)': () => backendOf.ts.gamma(2.5, 1, out),
      '@stdlib gamma': () => {
        for (let i = 0; i < N; i++) out[i] = sg(2.5, 1);
      },
    },
  });
}

{
  let sink = 0;
  tasks.push({
    id: 'scalar-random',
    label: 'scalar random(), per call',
    values: SCALAR_CALLS,
    candidates: {
      'node-curand (default CPU)': () => {
        const g = backendOf.default;
        for (let i = 0; i < SCALAR_CALLS; i++) sink += g.random();
      },
      'node-curand (ts)': () => {
        const g = backendOf.ts;
        for (let i = 0; i < SCALAR_CALLS; i++) sink += g.random();
      },
      'Math.random()': () => {
        for (let i = 0; i < SCALAR_CALLS; i++) sink += Math.random();
      },
    },
    goal: { over: 'Math.random()', ratio: 0.5, text: 'scalar random() ≤ 2× the time of Math.random()' },
  });
  tasks.push({
    id: 'scalar-integers',
    label: 'scalar integers(0, 10), per call',
    values: SCALAR_CALLS,
    candidates: {
      'node-curand (default CPU)': () => {
        const g = backendOf.default;
        for (let i = 0; i < SCALAR_CALLS; i++) sink += g.integers(0, 10);
      },
      'node-curand (ts)': () => {
        const g = backendOf.ts;
        for (let i = 0; i < SCALAR_CALLS; i++) sink += g.integers(0, 10);
      },
      'Math.floor(Math.random() * 10)': () => {
        for (let i = 0; i < SCALAR_CALLS; i++) sink += Math.floor(Math.random() * 10);
      },
    },
    goal: { over: 'Math.floor(Math.random() * 10)', ratio: 0.5, text: 'scalar integers(0, 10) ≤ 2× the time of Math.floor(Math.random() * 10)' },
  });
  // Keeps the sums alive, so that the scalar loops are not optimised away.
  process.on('exit', () => sink === -1 && console.log(sink));
}

const results = [];
for (const task of tasks) {
  const entries = Object.entries(task.candidates).map(([key, run]) => ({
    key,
    sample: async (/** @type {number} */ calls) => {
      const start = performance.now();
      for (let i = 0; i < calls; i++) run();
      return (performance.now() - start) / 1000 / calls;
    },
  }));
  const samples = await roundRobin(entries, { reps, minSampleSeconds: 0.05, tick: () => {} });
  const rows = [...samples].map(([key, s]) => ({ key, nsPerValue: (median(s) * 1e9) / task.values }));
  results.push({ id: task.id, label: task.label, rows, goal: task.goal ?? null });
}

const goals = results
  .filter((r) => r.goal !== null)
  .map((r) => {
    const ours = r.rows.find((row) => row.key === 'node-curand (default CPU)');
    const peer = r.rows.find((row) => row.key === r.goal.over);
    const speedup = peer.nsPerValue / ours.nsPerValue;
    return { goal: r.goal.text, speedup, met: speedup >= r.goal.ratio };
  });

if (args.json) {
  console.log(JSON.stringify({ machine: { node: process.version, defaultBackend: cpu.backend }, results, goals }, null, 2));
} else {
  console.log(`node-curand draws, default CPU backend: ${cpu.backend}; ${reps} repetitions, median\n`);
  for (const r of results) {
    console.log(`## ${r.label}\n`);
    const ours = r.rows[0].nsPerValue;
    for (const row of r.rows) console.log(`  ${row.key.padEnd(44)} ${row.nsPerValue.toFixed(2).padStart(8)} ns/value  ${(row.nsPerValue / ours).toFixed(2).padStart(6)}× node-curand's time`);
    console.log('');
  }
  console.log('## Goals (issue 14)\n');
  for (const g of goals) console.log(`  ${g.met ? 'met' : 'NOT met'}: ${g.goal} (this run: ${g.speedup.toFixed(2)}× the peer's speed)`);
}
