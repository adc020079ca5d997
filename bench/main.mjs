#!/usr/bin/env node
// @ts-check
// The benchmark suite: `npx node-curand bench [options]` (src/repro/cli.ts hands over here), `npm run bench`,
// or `node bench/main.mjs` (after `npm run build:ts`). See bench/README.md for the method.

import { availableParallelism, loadavg } from 'node:os';
import { realpathSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { BENCH_DISTS, DEFAULT_ALGORITHMS, DEFAULT_DISTS, WRITE_ID, discoverCandidates, loadCandidate, newArray, nodeCurandGenerator, notInstalled } from './candidates.mjs';
import { SETUP_BUDGET_SECONDS, ThreadTeam, machineRecord, median, roundRobin, timeAsync, timeSync } from './harness.mjs';
import { UsageError, integer, list, optionsOrStatus } from './options.mjs';
import { chartLibraries, derive, evaluateGoals, markdownReport, renderSvg } from './report.mjs';

/** @typedef {import('./candidates.mjs').Library} Library */
/** @typedef {import('./candidates.mjs').BenchDist} BenchDist */
/** @typedef {import('./candidates.mjs').LoadedCandidate} LoadedCandidate */
/** @typedef {import('./harness.mjs').Timed} Timed */
/**
 * One measured configuration of one candidate.
 * @typedef {object} RawResult
 * @property {string} candidate
 * @property {BenchDist} dist
 * @property {number} size values per call
 * @property {'single' | 'workers' | 'async'} mode single: one thread; workers: split over `threads`
 *   threads; async: node-curand's `…Async` call, threaded as the backend chooses
 * @property {number | null} threads null for 'async'
 * @property {number[]} samples seconds per call, one per repetition
 */
/**
 * @typedef {object} SmallCall
 * @property {string} label
 * @property {string | null} backend
 * @property {string | null} algorithm
 * @property {boolean} defaultCpu whether this is what `new Generator({ device: 'cpu' })` picks
 * @property {number} allocatingMicroseconds g.uniform(16), median
 * @property {number} inPlaceMicroseconds g.uniform(out) with a 16-value out, median
 */
/**
 * The set-up cost of one generator: from `new Generator({ backend, algorithm, seed })` through its
 * first `uniform(16)`, each repetition with a seed of its own.
 * @typedef {object} SetupTime
 * @property {string} id 'node-curand:backend:algorithm'
 * @property {string} backend
 * @property {string} algorithm
 * @property {number[]} samples seconds, one per repetition (fewer for slow set-ups: SETUP_BUDGET_SECONDS)
 * @property {number} medianSeconds
 */

export const USAGE = `Usage: node-curand bench [options]
       node-curand bench python [options]   node-curand/python and node-curand/numpy against CPython
                                            and NumPy (bench/python.mjs; bench python --help)

Measures every node-curand backend found here (and its kernels), cuRAND's host generators, the
JavaScript peers, Math.random and crypto.randomFillSync, side by side in one process, round-robin,
median of --reps repetitions, against this machine's write bandwidth measured in the same run.
The peers are node-curand's devDependencies: where one is not installed (node-curand installed as a
package) it is listed under 'Not measured here'; --svg and --out need vega and vega-lite.

Options:
  --quick              a few seconds (CI, tests): 2^10 and 2^12 values, 3 repetitions, Philox only
  --reps N             repetitions per measurement, the median is reported (default 7)
  --sizes LIST         values per call as powers of two, e.g. 16,20,24 (the default)
  --dists LIST         of uniform, uniformDouble, normal, uint32, normalDouble, poisson-10, poisson-1000
                       (λ = 10 and 1000), or 'all' (default: uniform, uniformDouble, normal)
  --algorithms LIST    node-curand algorithms per backend (default philox4x32-10,mtgp32; 'all' for every one);
                       set-up times cover every algorithm (--quick: the measured ones)
  --threads N          threads of the multi-threaded runs (default: available parallelism); 1: single only
  --filter REGEX       only candidates whose id matches (ids are listed with --json); the write
                       bandwidth always runs, e.g. --filter 'cuda|curand-host'
  --min-sample-ms MS   shortest timed sample; calls are repeated up to it (default 25)
  --json               print the results as JSON instead of the tables
  --svg FILE           write a chart of the results (vega-lite, rendered to SVG in Node)
  --out DIR            write bench.json, bench.md and bench.svg into DIR (e.g. bench/results)
  -h, --help           this text`;

/**
 * @param {string[]} argv
 * @param {readonly string[]} algorithmNames every algorithm node-curand has
 */
function parseOptions(argv, algorithmNames) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      quick: { type: 'boolean' },
      reps: { type: 'string' },
      sizes: { type: 'string' },
      dists: { type: 'string' },
      algorithms: { type: 'string' },
      threads: { type: 'string' },
      filter: { type: 'string' },
      'min-sample-ms': { type: 'string' },
      json: { type: 'boolean' },
      svg: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (positionals.length > 0) throw new UsageError(`bench takes no arguments, got ${positionals.join(' ')}`);
  const quick = values.quick === true;
  const sizes = (values.sizes === undefined ? (quick ? [10, 12] : [16, 20, 24]) : list(values.sizes).map((s) => integer(s, '--sizes', 2))).map((log2) => {
    if (log2 > 27) throw new UsageError(`--sizes: 2^${log2} values is more than this benchmark allocates (at most 2^27)`);
    return 2 ** log2;
  });
  const dists = values.dists === undefined ? [...DEFAULT_DISTS] : values.dists === 'all' ? [...BENCH_DISTS] : list(values.dists);
  for (const d of dists) {
    if (!BENCH_DISTS.includes(/** @type {BenchDist} */ (d))) throw new UsageError(`--dists: '${d}' is not one of ${BENCH_DISTS.join(', ')}`);
  }
  const known = algorithmNames;
  const algorithms =
    values.algorithms === 'all' ? [...known] : values.algorithms === undefined ? (quick ? ['philox4x32-10'] : DEFAULT_ALGORITHMS) : list(values.algorithms);
  for (const a of algorithms) {
    if (!known.includes(a)) throw new UsageError(`--algorithms: '${a}' is not one of ${known.join(', ')}`);
  }
  let filter = null;
  if (values.filter !== undefined) {
    try {
      filter = new RegExp(values.filter);
    } catch (error) {
      throw new UsageError(`--filter: ${/** @type {Error} */ (error).message}`);
    }
  }
  return {
    help: values.help === true,
    quick,
    reps: values.reps === undefined ? (quick ? 3 : 7) : integer(values.reps, '--reps', 1),
    sizes,
    dists: /** @type {BenchDist[]} */ (dists),
    algorithms,
    /** Whose set-up is timed: every algorithm, the measured ones with --quick. */
    setupAlgorithms: quick ? algorithms : [...known],
    threads: values.threads === undefined ? (quick ? Math.min(2, availableParallelism()) : availableParallelism()) : integer(values.threads, '--threads', 1),
    filter,
    minSampleSeconds: (values['min-sample-ms'] === undefined ? (quick ? 1 : 25) : integer(values['min-sample-ms'], '--min-sample-ms', 0)) / 1000,
    json: values.json === true,
    svg: values.svg ?? null,
    out: values.out ?? null,
  };
}

/** @typedef {ReturnType<typeof parseOptions>} BenchOptions */

/**
 * A progress bar on standard error when it is a terminal (cli-progress prints nothing otherwise);
 * none where cli-progress is not installed (node-curand installed as a package: a devDependency).
 * @param {number} total
 * @returns {Promise<{ increment(step: number, payload: { task: string }): void, stop(): void }>}
 */
async function progressBar(total) {
  let cliProgress;
  try {
    ({ default: cliProgress } = await import('cli-progress'));
  } catch (error) {
    if (!notInstalled(error)) throw error;
    return { increment: () => {}, stop: () => {} };
  }
  const bar = new cliProgress.SingleBar(
    { format: 'bench {bar} {percentage}% | {value}/{total} samples | {eta_formatted} left | {task}', stream: process.stderr, hideCursor: true, etaBuffer: 50 },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { task: '' });
  return bar;
}

/**
 * Runs every measurement; returns the raw samples.
 * @param {Library} lib
 * @param {string} libraryUrl
 * @param {BenchOptions} options
 * @param {import('./candidates.mjs').CandidateInfo[]} candidates
 */
async function measure(lib, libraryUrl, options, candidates) {
  const nodeCurand = candidates.filter((c) => c.backend !== null);
  const forDist = (/** @type {BenchDist} */ d) => candidates.filter((c) => c.dists.includes(d));
  const multi = options.threads > 1;
  let total = 0;
  for (const d of options.dists) {
    const perSize = forDist(d).length + (multi ? forDist(d).length + nodeCurand.length : 0);
    total += perSize * options.sizes.length * (options.reps + 1);
  }
  const small = [...nodeCurand, null];
  total += small.length * 2 * (options.reps + 1);
  const setupIds = setupCandidates(lib, options);
  total += setupIds.length;
  const bar = await progressBar(total);
  const tick = (/** @type {string} */ task) => bar.increment(1, { task });
  const rr = (/** @type {Timed[]} */ entries) => roundRobin(entries, { reps: options.reps, minSampleSeconds: options.minSampleSeconds, tick });

  /** @type {Map<string, LoadedCandidate>} */
  const loaded = new Map();
  for (const c of candidates) loaded.set(c.id, await loadCandidate(c.id, lib, 0, options.threads));
  const own = (/** @type {string} */ id) => /** @type {LoadedCandidate} */ (loaded.get(id));
  const releaseAll = () => {
    for (const c of loaded.values()) c.release();
  };
  const team = multi ? await ThreadTeam.start(options.threads, libraryUrl) : null;
  /** @type {RawResult[]} */
  const results = [];
  try {
    for (const dist of options.dists) {
      const here = forDist(dist);
      for (const size of options.sizes) {
        const label = `${dist} 2^${Math.log2(size)}`;
        {
          const out = newArray(dist, size);
          const fills = here.map((c) => own(c.id).fill(dist, out));
          const samples = await rr(here.map((c, i) => ({ key: `${c.id} ${label}`, sample: async (calls) => timeSync(fills[i], calls) })));
          here.forEach((c) => results.push({ candidate: c.id, dist, size, mode: 'single', threads: 1, samples: samples.get(`${c.id} ${label}`) ?? [] }));
          releaseAll();
        }
        if (team !== null) {
          await team.setup(dist, size, here.map((c) => c.id), (id, part) => own(id).fill(dist, part));
          const out = newArray(dist, size);
          /** @type {{ id: string, mode: 'workers' | 'async', timed: Timed }[]} */
          const entries = here.map((c, i) => ({
            id: c.id,
            mode: 'workers',
            timed: { key: `${c.id} ${label} ×${team.threads}`, sample: async (calls) => timeSync(() => team.run(i), calls) },
          }));
          for (const c of nodeCurand) {
            const fillAsync = own(c.id).fillAsync?.(dist, out);
            if (fillAsync) entries.push({ id: c.id, mode: 'async', timed: { key: `${c.id} ${label} async`, sample: (calls) => timeAsync(fillAsync, calls) } });
          }
          const samples = await rr(entries.map((e) => e.timed));
          for (const e of entries) {
            results.push({ candidate: e.id, dist, size, mode: e.mode, threads: e.mode === 'async' ? null : team.threads, samples: samples.get(e.timed.key) ?? [] });
          }
          await team.teardown();
          releaseAll();
        }
      }
    }
  } finally {
    await team?.close();
  }

  // The cost of a small call: 16 values, allocating and in place, on every backend and on the
  // default CPU generator (what `new Generator({ device: 'cpu' })` picks here).
  /** @type {Timed[]} */
  const smallEntries = [];
  /** @type {SmallCall[]} */
  const smallCalls = [];
  /** @type {import('../src/index.js').Generator[]} */
  const generators = [];
  for (const c of small) {
    const g = c === null ? new lib.Generator({ device: 'cpu' }) : nodeCurandGenerator(lib, c.id, 0, 1);
    generators.push(g);
    const key = c === null ? 'default CPU generator' : c.id;
    const out16 = new Float32Array(16);
    smallEntries.push({ key: `${key} uniform(16)`, sample: async (calls) => timeSync(() => void g.uniform(16), calls) });
    smallEntries.push({ key: `${key} uniform(out16)`, sample: async (calls) => timeSync(() => void g.uniform(out16), calls) });
    smallCalls.push({
      label: c === null ? `default CPU generator (${g.backend}, ${g.algorithm})` : c.label,
      backend: g.backend,
      algorithm: g.algorithm,
      defaultCpu: c === null,
      allocatingMicroseconds: 0,
      inPlaceMicroseconds: 0,
    });
  }
  const smallSamples = await rr(smallEntries);
  smallCalls.forEach((s, i) => {
    s.allocatingMicroseconds = median(smallSamples.get(smallEntries[2 * i].key) ?? []) * 1e6;
    s.inPlaceMicroseconds = median(smallSamples.get(smallEntries[2 * i + 1].key) ?? []) * 1e6;
  });
  for (const g of generators) g.dispose();
  const { setups, skipped } = measureSetups(lib, setupIds, options.reps, tick);
  bar.stop();
  return { results, smallCalls, setups, setupSkipped: skipped };
}

/**
 * The generators whose set-up is timed: every available backend with options.setupAlgorithms, those
 * --filter lets through.
 * @param {Library} lib
 * @param {BenchOptions} options
 */
function setupCandidates(lib, options) {
  return Object.entries(lib.backendInfo().backends)
    .filter(([, status]) => status.available)
    .flatMap(([backend]) => options.setupAlgorithms.map((algorithm) => `node-curand:${backend}:${algorithm}`))
    .filter((id) => options.filter === null || options.filter.test(id));
}

/**
 * Times each generator's set-up (SetupTime) up to `reps` times, fewer once SETUP_BUDGET_SECONDS
 * have gone into it. The first repetition also pays for compiling the algorithm's code. A generator
 * that cannot be made is listed in `skipped` with the reason.
 * @param {Library} lib
 * @param {string[]} ids
 * @param {number} reps
 * @param {(task: string) => void} tick
 */
function measureSetups(lib, ids, reps, tick) {
  /** @type {SetupTime[]} */
  const setups = [];
  /** @type {{ id: string, reason: string }[]} */
  const skipped = [];
  for (const id of ids) {
    const [, backend, algorithm] = id.split(':');
    /** @type {number[]} */
    const samples = [];
    try {
      for (let r = 0; r < reps && samples.reduce((a, b) => a + b, 0) < SETUP_BUDGET_SECONDS; r++) {
        const start = performance.now();
        const g = nodeCurandGenerator(lib, id, r, 1);
        g.uniform(16);
        samples.push((performance.now() - start) / 1000);
        g.dispose();
      }
      setups.push({ id, backend, algorithm, samples, medianSeconds: median(samples) });
    } catch (error) {
      skipped.push({ id: `set-up ${id}`, reason: /** @type {Error} */ (error).message });
    }
    tick(`set-up ${id}`);
  }
  return { setups, skipped };
}

/**
 * `node-curand bench …`: returns the exit status (0 done, 2 usage error). `bench python …` is
 * bench/python.mjs, node-curand/python and node-curand/numpy against CPython and NumPy.
 * @param {string[]} argv the arguments after `bench`
 * @param {string} libraryUrl the node-curand entry module to measure (and to load in worker threads)
 */
export async function runBench(argv, libraryUrl) {
  if (argv[0] === 'python') return (await import('./python.mjs')).runPythonBench(argv.slice(1), libraryUrl);
  const lib = /** @type {Library} */ (await import(libraryUrl));
  // The list of algorithms is not part of the public API; the bench sits next to the library.
  const { ALGORITHMS } = /** @type {typeof import('../src/types.js')} */ (await import(new URL('./types.js', libraryUrl).href));
  const options = optionsOrStatus(() => parseOptions(argv, ALGORITHMS), USAGE);
  if (typeof options === 'number') return options;
  // Checked before measuring, not after: the chart needs vega and vega-lite (devDependencies).
  const chart = options.svg !== null || options.out !== null ? await chartLibraries() : undefined;
  if (chart === null) {
    process.stderr.write('--svg and --out draw the chart with vega and vega-lite, which are not installed here (npm install vega vega-lite)\n');
    return 2;
  }
  const loadStart = loadavg();
  // The 'simd' backend's kernels, each measured on its own where the CPU runs it (none before that
  // backend existed: then its default kernel only).
  // (src/kernels/simd.js since the kernels became strategies; src/backends/simd.js before.)
  const kernelModule = await import(new URL('./kernels/simd.js', libraryUrl).href).catch(() => import(new URL('./backends/simd.js', libraryUrl).href)).catch(() => ({}));
  const kernels = /** @type {readonly string[]} */ (kernelModule.CPU_KERNEL_CHOICES ?? []).filter((k) => k !== 'auto');
  const { candidates, skipped } = await discoverCandidates(lib, { ...options, kernels });
  const { results, smallCalls, setups, setupSkipped } = await measure(lib, libraryUrl, options, candidates);
  const info = lib.backendInfo();
  const report = derive({
    schema: 'node-curand-bench/1',
    createdAt: new Date().toISOString(),
    options: {
      quick: options.quick,
      reps: options.reps,
      sizes: options.sizes,
      dists: options.dists,
      algorithms: options.algorithms,
      threads: options.threads,
      filter: options.filter?.source ?? null,
      minSampleSeconds: options.minSampleSeconds,
    },
    machine: machineRecord(loadStart),
    backends: info.backends,
    defaultCpuBackend: smallCalls.find((s) => s.defaultCpu)?.backend ?? null,
    writeBaseline: WRITE_ID,
    candidates,
    skipped: [...skipped, ...setupSkipped],
    results,
    smallCalls,
    setups,
  });
  const goals = evaluateGoals(report);
  const full = { ...report, goals };
  const markdown = markdownReport(full);
  const json = `${JSON.stringify(full, null, 2)}\n`;
  const svg = chart === undefined ? null : await renderSvg(full, chart);
  if (options.out !== null) {
    mkdirSync(options.out, { recursive: true });
    writeFileSync(join(options.out, 'bench.json'), json);
    writeFileSync(join(options.out, 'bench.md'), markdown);
    if (svg !== null) writeFileSync(join(options.out, 'bench.svg'), svg);
  }
  if (options.svg !== null && svg !== null) writeFileSync(options.svg, svg);
  process.stdout.write(options.json ? json : markdown);
  return 0;
}

/** Run as a program (`node bench/main.mjs`): measure the built package, as `npm run bench` does. */
function isEntryPoint() {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  runBench(process.argv.slice(2), import.meta.resolve('node-curand')).then((status) => {
    process.exitCode = status;
  });
}
