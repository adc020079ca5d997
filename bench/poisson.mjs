#!/usr/bin/env node
// curandGeneratePoisson throughput and table-build time, 'ts' against 'curand-host' in the same run,
// for λ in each method of each generator (docs/poisson.md).
// Usage: npm run build:ts && NODE_CURAND_LIB_DIRS=… node bench/poisson.mjs [compiled-src-dir, default dist]
//    or: NODE_CURAND_LIB_DIRS=… npx tsx bench/poisson.mjs src

import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const dir = resolve(process.argv[2] ?? new URL('../dist', import.meta.url).pathname);
const load = (file) => import(pathToFileURL(`${dir}/${file}`).href);
const { Generator, backendInfo } = await load('index.js');
const { buildCumulativeTable, buildSquareHistogram } = await load('distributions/poisson-tables.js');
const { DOUBLE_LIBM } = await load('math/libm.js');

const hostAvailable = backendInfo().backends['curand-host'].available;
if (!hostAvailable) console.log(`curand-host unavailable (${backendInfo().backends['curand-host'].reason}): ts only\n`);
const backends = hostAvailable ? ['ts', 'curand-host'] : ['ts'];

const CALL = 1 << 20;
const TOTAL = 1 << 23;
const seconds = (t0) => Number(process.hrtime.bigint() - t0) / 1e9;

/** Best of 3 runs of TOTAL values in calls of CALL, after one warm-up call (which builds the table). */
function throughput(algorithm, backend, lambda) {
  const g = new Generator({ algorithm, backend, seed: 42n });
  const out = new Uint32Array(CALL);
  g.poisson(out, lambda);
  let best = Infinity;
  for (let rep = 0; rep < 3; rep++) {
    const t0 = process.hrtime.bigint();
    for (let done = 0; done < TOTAL; done += CALL) g.poisson(out, lambda);
    best = Math.min(best, seconds(t0));
  }
  g.dispose();
  return TOTAL / best;
}

/**
 * Time of a one-value call that must build its table, minus one that need not: λ steps down through
 * distinct values (cuRAND rebuilds whenever λ changes, measured; ts's cache never holds them),
 * against repeating one λ.
 */
function buildTime(algorithm, backend, lambda) {
  const g = new Generator({ algorithm, backend, seed: 42n });
  const out = new Uint32Array(1);
  const calls = 100;
  let step = 0;
  const run = (distinct) => {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < calls; i++) g.poisson(out, distinct ? lambda * (1 - ++step * 2 ** -40) : lambda);
    return seconds(t0) / calls;
  };
  // Best of 7 of each: a call's fixed cost varies more than a build does.
  let distinct = Infinity;
  let same = Infinity;
  for (let rep = 0; rep < 7; rep++) {
    distinct = Math.min(distinct, run(true));
    same = Math.min(same, run(false));
  }
  g.dispose();
  return distinct - same;
}

/** The ts table builders alone (no call overhead), per build. */
function tsBuilderTime(build, lambda) {
  const libm = DOUBLE_LIBM['x86-fma'];
  for (let i = 0; i < 20; i++) build(lambda * (1 - i * 2 ** -40), libm);
  const reps = 200;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < reps; i++) build(lambda * (1 - (i + 20) * 2 ** -40), libm);
  return seconds(t0) / reps;
}

const CASES = [
  ['philox4x32-10', 0.5, 'square histogram', buildSquareHistogram],
  ['philox4x32-10', 10, 'square histogram', buildSquareHistogram],
  ['philox4x32-10', 100, 'square histogram', buildSquareHistogram],
  ['philox4x32-10', 1999, 'square histogram', buildSquareHistogram],
  ['philox4x32-10', 2000, 'Box–Muller normal', null],
  ['philox4x32-10', 100000, 'Box–Muller normal', null],
  ['mtgp32', 10, 'square histogram', buildSquareHistogram],
  ['mtgp32', 100, 'cumulative table', buildCumulativeTable],
  ['mtgp32', 1000, 'cumulative table', buildCumulativeTable],
  ['mtgp32', 8000, 'cumulative table', buildCumulativeTable],
  ['mtgp32', 100000, 'inverse-CDF normal', null],
];

const mvs = (x) => `${(x / 1e6).toFixed(1)} M/s`;
const us = (x) => `${(x * 1e6).toFixed(0)} µs`;
console.log(`Poisson values/s (calls of ${CALL}) and table build time (per build)\n`);
console.log(
  ['algorithm', 'λ', 'method', ...backends.map((b) => `${b} values/s`), 'ts builder', ...backends.map((b) => `${b} build in call`)]
    .map((s, i) => s.padEnd(i < 3 ? [14, 8, 20][i] : 24))
    .join(''),
);
for (const [algorithm, lambda, method, build] of CASES) {
  const rates = backends.map((b) => mvs(throughput(algorithm, b, lambda)));
  const builds = build === null ? backends.map(() => '—') : backends.map((b) => us(buildTime(algorithm, b, lambda)));
  const builder = build === null ? '—' : us(tsBuilderTime(build, lambda));
  console.log(
    [algorithm, String(lambda), method, ...rates, builder, ...builds].map((s, i) => s.padEnd(i < 3 ? [14, 8, 20][i] : 24)).join(''),
  );
}
