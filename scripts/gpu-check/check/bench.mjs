// The `cuda` benchmark rows, side by side with `simd` and `curand-host` in the same process:
// - per-call µs of synchronous calls into preallocated arrays, n = 1 … 2^20 (the small-call cost),
// - values/s from 2^10 to 2^28 into preallocated arrays (host-bound output: what a JS caller gets),
// - generation only, timed with CUDA events (NativeGeneratorHandle.timeGenerate) where the addon has it,
// - the crossover n from which a `cuda` call takes less time than a `simd` call (the routing policy's default).
// Each figure is the median of several samples; a sample repeats the call until it lasts a few ms.
//
//   node bench.mjs OUT.json      (GPU_CHECK_QUICK=1: sizes up to 2^16, short samples)
import { availableParallelism } from 'node:os';

import { errorSummary, lib, loadNative, median, NATIVE_KIND, QUICK, timeLeftMs, writeJson } from './common.mjs';

const { Generator, backendInfo } = lib;
const outPath = process.argv[2];

const ALGORITHM = process.env.GPU_CHECK_BENCH_ALGORITHM ?? 'philox4x32-10';
const DISTS = [
  { dist: 'uniform', args: [], bytes: 4 },
  { dist: 'uniformDouble', args: [], bytes: 8 },
  { dist: 'normal', args: [0, 1], bytes: 4 },
];
const THREADS = availableParallelism();
/**
 * `cuda` is the device alone (NODE_CURAND_CUDA_CPU_BELOW=0 when it is created: the device's own
 * figures, which set the routing default); `cuda routed` is the default policy (small Philox raw-word
 * and float-uniform calls on the CPU: src/backends/cuda-routed.ts), per call only.
 */
const CANDIDATES = [
  { id: 'cuda', backend: 'cuda', options: {}, env: { NODE_CURAND_CUDA_CPU_BELOW: '0' } },
  { id: 'cuda routed', backend: 'cuda', options: {}, env: { NODE_CURAND_CUDA_CPU_BELOW: undefined }, perCallOnly: true },
  { id: 'simd', backend: 'simd', options: {} },
  { id: 'curand-host', backend: 'curand-host', options: {} },
  { id: `simd x${THREADS}`, backend: 'simd', options: { threads: THREADS }, throughputOnly: true },
  // Output arrays in pinned memory ({ pinned: true }, passed back as the output): device → output
  // directly, the bus the only limit (docs/gpu.md, "Pinned outputs").
  { id: 'cuda pinned', backend: 'cuda', options: {}, env: { NODE_CURAND_CUDA_CPU_BELOW: '0' }, throughputOnly: true, pinned: true },
];
const log2 = (from, to, step = 1) => Array.from({ length: Math.floor((to - from) / step) + 1 }, (_, i) => 2 ** (from + i * step));
const PER_CALL_SIZES = QUICK ? [1, 16, 256, 4096, 1 << 14] : [1, 4, ...log2(4, 20)];
const THROUGHPUT_SIZES = QUICK ? log2(10, 16, 2) : log2(10, 28, 2);
const SAMPLES = QUICK ? 3 : 5;
const SAMPLE_MS = QUICK ? 2 : 10;
const GENERATION_SIZES = QUICK ? [1 << 16, 1 << 18] : [1 << 20, 1 << 24, 1 << 28];

/** Seconds per call: the median over samples, each repeating the call until it lasts sampleMs. */
function timeCalls(run, samples, sampleMs) {
  run(); // warm-up: compiles, allocates the generator's buffers
  const first = performance.now();
  run();
  const once = (performance.now() - first) / 1000;
  if (once > 1) return { seconds: once, samples: [once] }; // one slow call is measurement enough
  const repeat = Math.max(1, Math.ceil(sampleMs / 1000 / Math.max(once, 1e-7)));
  const results = [];
  for (let s = 0; s < samples; s++) {
    const started = performance.now();
    for (let r = 0; r < repeat; r++) run();
    results.push((performance.now() - started) / 1000 / repeat);
  }
  return { seconds: median(results), samples: results };
}

/** Output arrays of the largest size, viewed at each size (no allocation in the timed calls). */
const maxN = Math.max(...THROUGHPUT_SIZES, ...PER_CALL_SIZES);
const buffers = { 4: new ArrayBuffer(maxN * 4), 8: new ArrayBuffer(maxN * 8) };
function outputFor(dist, n) {
  return dist.bytes === 8 ? new Float64Array(buffers[8], 0, n) : new Float32Array(buffers[4], 0, n);
}

/** The candidate's generator, created under its environment (read when the backend is made). */
function make(candidate) {
  const saved = {};
  for (const [key, value] of Object.entries(candidate.env ?? {})) {
    saved[key] = process.env[key];
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  try {
    return new Generator({ backend: candidate.backend, algorithm: ALGORITHM, seed: 42n, ...candidate.options });
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

/** Per-call time into a preallocated array (for `pinned`, one the library allocated in pinned memory). */
function measure(g, dist, n, samples, sampleMs, pinned = false) {
  const out = pinned ? g[dist.dist](n, ...dist.args, { pinned: true }) : outputFor(dist, n);
  const { seconds, samples: all } = timeCalls(() => g[dist.dist](out, ...dist.args), samples, sampleMs);
  return { seconds, valuesPerSecond: n / seconds, bytesPerSecond: (n * dist.bytes) / seconds, samples: all.length };
}

/**
 * The n from which `a` takes less time per call than `b` and stays so at every larger measured n,
 * interpolated log-linearly between the two bracketing sizes; null when `a` never gets there.
 */
function crossover(rows, a, b) {
  const points = rows
    .filter((r) => r.times[a] !== undefined && r.times[b] !== undefined)
    .map((r) => ({ n: r.n, d: Math.log(r.times[a]) - Math.log(r.times[b]) }))
    .sort((x, y) => x.n - y.n);
  if (points.length === 0) return { n: null, note: 'not measured' };
  let k = points.length;
  while (k > 0 && points[k - 1].d < 0) k--;
  if (k === points.length) return { n: null, note: `${a} is slower than ${b} at every measured size up to ${points.at(-1).n}` };
  if (k === 0) return { n: points[0].n, note: `${a} is faster from the smallest measured size` };
  const [lo, hi] = [points[k - 1], points[k]];
  const t = lo.d / (lo.d - hi.d);
  const n = Math.round(2 ** (Math.log2(lo.n) + t * (Math.log2(hi.n) - Math.log2(lo.n))));
  return { n, between: [lo.n, hi.n], note: `${a} faster from about ${n} (between ${lo.n} and ${hi.n})` };
}

/** Generation only (CUDA events around one cuRAND call into device memory), where the addon has it. */
function generationOnly() {
  const binding = loadNative().binding;
  const probe = binding && new binding.NativeGenerator({ rngType: binding.constants.rngType.philox4x32_10, host: false, device: 0 });
  if (!probe || typeof probe.timeGenerate !== 'function') {
    probe?.dispose();
    return { available: false, note: 'not available in this build (NativeGeneratorHandle.timeGenerate is missing)', rows: [] };
  }
  probe.dispose();
  const rows = [];
  const kinds = [
    ['uint32', 0, 0, 4],
    ['uniform', 0, 0, 4],
    ['uniformDouble', 0, 0, 8],
    ['normal', 0, 1, 4],
    ['normalDouble', 0, 1, 8],
  ];
  const algorithms = ['philox4x32_10', 'mtgp32', 'xorwow', 'mrg32k3a', 'mt19937'];
  const jobs = [
    ...kinds.flatMap(([kind, a, b, bytes]) => GENERATION_SIZES.map((n) => ({ algorithm: 'philox4x32_10', kind, a, b, bytes, n }))),
    ...algorithms.slice(1).map((algorithm) => ({ algorithm, kind: 'uniform', a: 0, b: 0, bytes: 4, n: GENERATION_SIZES.at(-1) })),
  ];
  for (const job of jobs) {
    if (timeLeftMs() < 10_000) {
      rows.push({ ...job, skipped: 'time budget' });
      continue;
    }
    const handle = new binding.NativeGenerator({ rngType: binding.constants.rngType[job.algorithm], host: false, device: 0 });
    try {
      handle.configure(42n, 0n, false, binding.constants.ordering.best);
      handle.timeGenerate(NATIVE_KIND[job.kind], job.n, job.a, job.b, 1); // warm-up: allocation, kernel load
      const ms = handle.timeGenerate(NATIVE_KIND[job.kind], job.n, job.a, job.b, SAMPLES);
      const seconds = median(ms) / 1000;
      rows.push({ ...job, ms, valuesPerSecond: job.n / seconds, bytesPerSecond: (job.n * job.bytes) / seconds });
    } catch (error) {
      rows.push({ ...job, error: errorSummary(error) });
    } finally {
      handle.dispose();
    }
  }
  return { available: true, note: 'median of CUDA-event times around one cuRAND call into device memory', rows };
}

async function main() {
  const info = backendInfo();
  const report = {
    schema: 'node-curand-gpu-bench/1',
    quick: QUICK,
    algorithm: ALGORITHM,
    samples: SAMPLES,
    sampleMs: SAMPLE_MS,
    candidates: CANDIDATES.map((c) => ({ id: c.id, backend: c.backend, available: info.backends[c.backend].available, reason: info.backends[c.backend].reason })),
    perCall: [],
    throughput: [],
    asyncPerCall: [],
    generationOnly: null,
    crossover: {},
    skipped: [],
    skippedAll: null,
  };
  const save = () => writeJson(outPath, report);
  if (!info.backends.cuda.available) {
    report.skippedAll = `cuda is not available: ${info.backends.cuda.reason}`;
    console.log(`!!! bench SKIPPED: ${report.skippedAll}`);
    save();
    return 0;
  }
  const live = CANDIDATES.filter((c) => info.backends[c.backend].available);
  const generators = new Map(live.map((c) => [c.id, make(c)]));

  // Per-call cost at small and medium n (the routing policy's question).
  for (const dist of DISTS) {
    for (const n of PER_CALL_SIZES) {
      const row = { dist: dist.dist, n, times: {}, microseconds: {} };
      for (const c of live.filter((c) => !c.throughputOnly)) {
        if (timeLeftMs() < 20_000) {
          report.skipped.push(`per-call ${c.id} ${dist.dist} n=${n}: time budget`);
          continue;
        }
        try {
          const m = measure(generators.get(c.id), dist, n, SAMPLES, SAMPLE_MS);
          row.times[c.id] = m.seconds;
          row.microseconds[c.id] = Number((m.seconds * 1e6).toFixed(3));
        } catch (error) {
          row[`error ${c.id}`] = errorSummary(error);
        }
      }
      report.perCall.push(row);
    }
    save();
    console.log(`per-call ${dist.dist}: ${report.perCall.filter((r) => r.dist === dist.dist).map((r) => `n=${r.n} ${Object.entries(r.microseconds).map(([k, v]) => `${k} ${v}µs`).join(' ')}`).join(' | ')}`);
  }

  // Values/s from 2^10 to 2^28: the largest sizes first lose their place when time runs short.
  for (const dist of DISTS) {
    for (const n of THROUGHPUT_SIZES) {
      const row = { dist: dist.dist, n, times: {}, valuesPerSecond: {}, bytesPerSecond: {} };
      for (const c of live.filter((c) => !c.perCallOnly)) {
        if (timeLeftMs() < 30_000) {
          report.skipped.push(`throughput ${c.id} ${dist.dist} n=${n}: time budget`);
          continue;
        }
        try {
          const m = measure(generators.get(c.id), dist, n, 3, 25, c.pinned === true);
          if (c.pinned) globalThis.gc?.(); // pinned arrays are freed by their finalizers (run.sh passes --expose-gc)
          row.times[c.id] = m.seconds;
          row.valuesPerSecond[c.id] = m.valuesPerSecond;
          row.bytesPerSecond[c.id] = m.bytesPerSecond;
        } catch (error) {
          row[`error ${c.id}`] = errorSummary(error);
        }
      }
      report.throughput.push(row);
      save();
    }
    console.log(`throughput ${dist.dist}: ${report.throughput.filter((r) => r.dist === dist.dist).map((r) => `2^${Math.log2(r.n)} ${Object.entries(r.valuesPerSecond).map(([k, v]) => `${k} ${(v / 1e9).toFixed(2)}G/s`).join(' ')}`).join(' | ')}`);
  }

  // The libuv hop of …Async on cuda.
  const cuda = generators.get('cuda');
  if (cuda) {
    for (const n of [16, 1 << 16, 1 << 20].filter((n) => n <= maxN)) {
      try {
        const out = new Float32Array(new SharedArrayBuffer(n * 4));
        const samples = [];
        await cuda.uniformAsync(out);
        for (let s = 0; s < SAMPLES; s++) {
          const started = performance.now();
          const repeat = n > 1 << 18 ? 3 : 30;
          for (let r = 0; r < repeat; r++) await cuda.uniformAsync(out);
          samples.push((performance.now() - started) / repeat);
        }
        report.asyncPerCall.push({ dist: 'uniform', n, microseconds: Number((median(samples) * 1000).toFixed(3)) });
      } catch (error) {
        report.asyncPerCall.push({ dist: 'uniform', n, error: errorSummary(error) });
      }
    }
  }
  for (const g of generators.values()) g.dispose();

  // Crossover from per-call and throughput rows together (per-call time at every measured n).
  for (const dist of DISTS) {
    const rows = [...report.perCall, ...report.throughput].filter((r) => r.dist === dist.dist);
    report.crossover[dist.dist] = {
      'cuda vs simd': crossover(rows, 'cuda', 'simd'),
      'cuda vs curand-host': crossover(rows, 'cuda', 'curand-host'),
    };
  }
  save();
  try {
    report.generationOnly = info.backends.cuda.available ? generationOnly() : { available: false, note: `cuda unavailable: ${info.backends.cuda.reason}`, rows: [] };
  } catch (error) {
    report.generationOnly = { available: false, note: `failed: ${errorSummary(error).message}`, rows: [] };
  }
  save();
  for (const [dist, c] of Object.entries(report.crossover)) console.log(`crossover ${dist}: ${c['cuda vs simd'].note}`);
  console.log(`generation only: ${report.generationOnly.note}`);
  return 0;
}

process.exitCode = await main();
