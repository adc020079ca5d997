// @ts-check
// `node-curand bench python [options]` (bench/main.mjs hands over here): node-curand/python and
// node-curand/numpy side by side with CPython's `random` and NumPy themselves, the same calls with the
// same counts, in values/s. This process times node-curand (harness.mjs's round-robin); python3 times
// its own calls in a subprocess (python-side.py, time.perf_counter, the same method), run first and
// alone so that the two never share the CPU. Checks issue 17's goals against the run.

import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { machineRecord, median, roundRobin } from './harness.mjs';
import { UsageError, integer, list, optionsOrStatus } from './options.mjs';

/** The interpreter, as the [python] and [numpy] tests find it (test/support/cpython.ts). */
const PYTHON = process.env.NODE_CURAND_PYTHON ?? 'python3';
const SEED = 42;

export const USAGE = `Usage: node-curand bench python [options]

node-curand/python's Random and node-curand/numpy's Generator and RandomState against CPython's
random and NumPy (${PYTHON}, or $NODE_CURAND_PYTHON), the same calls with the same counts: scalar calls
element-wise (a loop of calls, in JavaScript and in Python) and vectorised fills. Python times itself in
a subprocess with time.perf_counter; each side: warm-up, calibration, median of --reps samples.

Options:
  --quick              the machinery, not the speed (tests): 10^3 values, 10^3 scalar calls, 1 repetition
  --reps N             repetitions, the median is reported (default 7)
  --sizes LIST         vectorised sizes as powers of ten (default 3,5,7)
  --scalar-calls N     element-wise calls per sample unit (default 100000)
  --min-sample-ms MS   a sample repeats its unit until it lasts this long (default 25)
  --fills NAME         node-curand/numpy's vectorised fills: auto (default: the addon's where it
                       loads, else WebAssembly's), native, wasm, or none (its TypeScript loops)
  --note TEXT          a line for the report: what else ran on the machine
  --json               the report as JSON
  --out DIR            also write DIR/bench.json and DIR/bench.md
  -h, --help           this text`;

/**
 * The modules measured.
 * @typedef {{ python: typeof import('../src/python/index.js'), numpy: typeof import('../src/numpy/index.js') }} Modules
 */
/**
 * One call measured on both sides. A unit is `n` element-wise calls (scalar) or one call of `n`
 * values (vectorised). `make` returns node-curand's unit; `py` says python-side.py's: `setup`
 * (statements), `bind` (the method, bound to `f` once), `call` (the statement run `loops` times,
 * `n` in scope).
 * @typedef {object} Case
 * @property {'scalar' | 'vectorised'} kind
 * @property {'python' | 'numpy'} library
 * @property {string} js node-curand's call
 * @property {string} python the Python call
 * @property {(m: Modules, n: number) => () => void} make
 * @property {{ setup: string, bind: string, call: string }} py
 * @property {number | null} target the least JS/Python ratio issue 17 asks for, null: shown only
 */

/** Keeps the scalar results alive, so that no loop is optimised away. */
let sink = 0;
/** @type {unknown} */
let kept = null;

const POPULATION = Array.from({ length: 10 }, (_, i) => i);
const PY_RANDOM = `r = random.Random(${SEED})\npopulation = list(range(10))`;
const PY_GENERATOR = `g = np.random.default_rng(${SEED})`;
const PY_RANDOM_STATE = `rs = np.random.RandomState(${SEED})`;

/** Parameters for the broadcast cases: base + (i mod 1000)/scale, a different value for each of 1000 elements in a row. */
const spread = (n, base, scale = 100) => Float64Array.from({ length: n }, (_, i) => base + (i % 1000) / scale);
/** The same array in Python (the same doubles: IEEE division of the same integers). */
const PY_SPREAD = (name, base, scale = 100) => `${name} = ${base} + (np.arange(n) % 1000) / ${scale}`;

// Each node-curand loop is a function literal of its own: V8 keeps type feedback per function, so
// one shared loop calling every case's method would stop inlining them.
/** @type {Case[]} */
const SCALAR = [
  {
    kind: 'scalar', library: 'python', js: 'Random.random()', python: 'random.random()', target: 1,
    make: (m, n) => { const r = new m.python.Random(SEED); return () => { for (let i = 0; i < n; i++) sink += r.random(); }; },
    py: { setup: PY_RANDOM, bind: 'r.random', call: 'f()' },
  },
  {
    kind: 'scalar', library: 'python', js: 'Random.randint(0, 9)', python: 'random.randint(0, 9)', target: null,
    make: (m, n) => { const r = new m.python.Random(SEED); return () => { for (let i = 0; i < n; i++) sink += /** @type {number} */ (r.randint(0, 9)); }; },
    py: { setup: PY_RANDOM, bind: 'r.randint', call: 'f(0, 9)' },
  },
  {
    kind: 'scalar', library: 'python', js: 'Random.gauss()', python: 'random.gauss()', target: null,
    make: (m, n) => { const r = new m.python.Random(SEED); return () => { for (let i = 0; i < n; i++) sink += r.gauss(); }; },
    py: { setup: PY_RANDOM, bind: 'r.gauss', call: 'f()' },
  },
  {
    kind: 'scalar', library: 'python', js: 'Random.normalvariate()', python: 'random.normalvariate()', target: null,
    make: (m, n) => { const r = new m.python.Random(SEED); return () => { for (let i = 0; i < n; i++) sink += r.normalvariate(); }; },
    py: { setup: PY_RANDOM, bind: 'r.normalvariate', call: 'f()' },
  },
  {
    kind: 'scalar', library: 'python', js: 'Random.choice(list of 10)', python: 'random.choice(list of 10)', target: null,
    make: (m, n) => { const r = new m.python.Random(SEED); return () => { for (let i = 0; i < n; i++) sink += r.choice(POPULATION); }; },
    py: { setup: PY_RANDOM, bind: 'r.choice', call: 'f(population)' },
  },
  {
    kind: 'scalar', library: 'numpy', js: 'Generator.random()', python: 'rng.random()', target: 1,
    make: (m, n) => { const g = m.numpy.defaultRng(SEED); return () => { for (let i = 0; i < n; i++) sink += /** @type {number} */ (g.random()); }; },
    py: { setup: PY_GENERATOR, bind: 'g.random', call: 'f()' },
  },
  {
    kind: 'scalar', library: 'numpy', js: 'Generator.integers(0, 10)', python: 'rng.integers(0, 10)', target: null,
    make: (m, n) => { const g = m.numpy.defaultRng(SEED); return () => { for (let i = 0; i < n; i++) sink += /** @type {number} */ (g.integers(0, 10)); }; },
    py: { setup: PY_GENERATOR, bind: 'g.integers', call: 'f(0, 10)' },
  },
  {
    kind: 'scalar', library: 'numpy', js: 'Generator.standardNormal()', python: 'rng.standard_normal()', target: null,
    make: (m, n) => { const g = m.numpy.defaultRng(SEED); return () => { for (let i = 0; i < n; i++) sink += /** @type {number} */ (g.standardNormal()); }; },
    py: { setup: PY_GENERATOR, bind: 'g.standard_normal', call: 'f()' },
  },
  {
    kind: 'scalar', library: 'numpy', js: 'RandomState.randomSample()', python: 'np.random.random_sample()', target: null,
    make: (m, n) => { const rs = new m.numpy.RandomState(SEED); return () => { for (let i = 0; i < n; i++) sink += /** @type {number} */ (rs.randomSample()); }; },
    py: { setup: PY_RANDOM_STATE, bind: 'rs.random_sample', call: 'f()' },
  },
];

/** NumPy's vectorised calls; each returns a new array, as NumPy's do. */
/** @type {Case[]} */
const VECTORISED = [
  {
    kind: 'vectorised', library: 'numpy', js: 'Generator.random(n)', python: 'rng.random(n)', target: 0.5,
    make: (m, n) => { const g = m.numpy.defaultRng(SEED); return () => { kept = g.random(n); }; },
    py: { setup: PY_GENERATOR, bind: 'g.random', call: 'f(n)' },
  },
  {
    kind: 'vectorised', library: 'numpy', js: 'Generator.integers(0, 10, n)', python: 'rng.integers(0, 10, n)', target: 0.5,
    make: (m, n) => { const g = m.numpy.defaultRng(SEED); return () => { kept = g.integers(0, 10, n); }; },
    py: { setup: PY_GENERATOR, bind: 'g.integers', call: 'f(0, 10, n)' },
  },
  {
    kind: 'vectorised', library: 'numpy', js: 'Generator.standardNormal(n)', python: 'rng.standard_normal(n)', target: 0.5,
    make: (m, n) => { const g = m.numpy.defaultRng(SEED); return () => { kept = g.standardNormal(n); }; },
    py: { setup: PY_GENERATOR, bind: 'g.standard_normal', call: 'f(n)' },
  },
  {
    kind: 'vectorised', library: 'numpy', js: 'RandomState.randomSample(n)', python: 'np.random.random_sample(n)', target: 0.5,
    make: (m, n) => { const rs = new m.numpy.RandomState(SEED); return () => { kept = rs.randomSample(n); }; },
    py: { setup: PY_RANDOM_STATE, bind: 'rs.random_sample', call: 'f(n)' },
  },
  {
    kind: 'vectorised', library: 'numpy', js: 'RandomState.randn(n)', python: 'np.random.randn(n)', target: 0.5,
    make: (m, n) => { const rs = new m.numpy.RandomState(SEED); return () => { kept = rs.randn(n); }; },
    py: { setup: PY_RANDOM_STATE, bind: 'rs.randn', call: 'f(n)' },
  },
  // Array parameters (NumPy's broadcasting): one value per element, each with its own parameters.
  {
    kind: 'vectorised', library: 'numpy', js: 'Generator.normal(locs, 1), n locs', python: 'rng.normal(locs, 1)', target: null,
    make: (m, n) => { const g = m.numpy.defaultRng(SEED); const locs = spread(n, 0); return () => { kept = g.normal(locs, 1); }; },
    py: { setup: `${PY_GENERATOR}\n${PY_SPREAD('locs', 0)}`, bind: 'g.normal', call: 'f(locs, 1)' },
  },
  {
    kind: 'vectorised', library: 'numpy', js: 'Generator.integers(0, highs), n highs', python: 'rng.integers(0, highs)', target: null,
    make: (m, n) => { const g = m.numpy.defaultRng(SEED); const highs = spread(n, 10, 1); return () => { kept = g.integers(0, highs); }; },
    py: { setup: `${PY_GENERATOR}\n${PY_SPREAD('highs', 10, 1)}`, bind: 'g.integers', call: 'f(0, highs)' },
  },
  {
    kind: 'vectorised', library: 'numpy', js: 'RandomState.normal(locs, 1), n locs', python: 'np.random.normal(locs, 1)', target: null,
    make: (m, n) => { const rs = new m.numpy.RandomState(SEED); const locs = spread(n, 0); return () => { kept = rs.normal(locs, 1); }; },
    py: { setup: `${PY_RANDOM_STATE}\n${PY_SPREAD('locs', 0)}`, bind: 'rs.normal', call: 'f(locs, 1)' },
  },
];

/** @param {string[]} argv */
function parseOptions(argv) {
  // No positionals: parseArgs refuses them with a TypeError (a usage error).
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean' },
      reps: { type: 'string' },
      sizes: { type: 'string' },
      'scalar-calls': { type: 'string' },
      'min-sample-ms': { type: 'string' },
      fills: { type: 'string' },
      note: { type: 'string' },
      json: { type: 'boolean' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const quick = values.quick === true;
  const sizes = (values.sizes === undefined ? (quick ? [3] : [3, 5, 7]) : list(values.sizes).map((s) => integer(s, '--sizes', 0))).map((log10) => {
    if (log10 > 8) throw new UsageError(`--sizes: 10^${log10} values is more than this benchmark allocates (at most 10^8)`);
    return 10 ** log10;
  });
  return {
    help: values.help === true,
    quick,
    reps: values.reps === undefined ? (quick ? 1 : 7) : integer(values.reps, '--reps', 1),
    sizes,
    scalarCalls: values['scalar-calls'] === undefined ? (quick ? 1000 : 100_000) : integer(values['scalar-calls'], '--scalar-calls', 1),
    minSampleSeconds: (values['min-sample-ms'] === undefined ? (quick ? 1 : 25) : integer(values['min-sample-ms'], '--min-sample-ms', 0)) / 1000,
    fills: fillsChoice(values.fills),
    note: values.note ?? null,
    json: values.json === true,
    out: values.out ?? null,
  };
}

/** @param {string | undefined} value @returns {'auto' | 'native' | 'wasm' | 'none'} */
function fillsChoice(value) {
  if (value === undefined || value === 'auto' || value === 'native' || value === 'wasm' || value === 'none') return value ?? 'auto';
  throw new UsageError(`--fills: one of auto, native, wasm, none (got ${JSON.stringify(value)})`);
}

/** @typedef {ReturnType<typeof parseOptions>} Options */
/**
 * One case at one count, measured on both sides.
 * @typedef {object} Row
 * @property {string} key
 * @property {'scalar' | 'vectorised'} kind
 * @property {'python' | 'numpy'} library
 * @property {string} js
 * @property {string} python
 * @property {number} n values per unit
 * @property {number[]} jsSamples seconds per unit
 * @property {number[] | null} pythonSamples seconds per unit, null where Python did not run it
 * @property {number} jsValuesPerSecond
 * @property {number | null} pythonValuesPerSecond
 * @property {number | null} ratio JS / Python
 * @property {number | null} target
 * @property {boolean | null} met null: no target, or Python not measured
 */

/** @param {Options} options */
function measuredCases(options) {
  return [
    ...SCALAR.map((c) => ({ ...c, n: options.scalarCalls })),
    ...options.sizes.flatMap((n) => VECTORISED.map((c) => ({ ...c, n }))),
  ].map((c) => ({ ...c, key: `${c.kind} ${c.js} n=${c.n}` }));
}

/**
 * Runs python-side.py over the cases; its answer, or the reason it could not run.
 * @param {ReturnType<typeof measuredCases>} cases
 * @param {Options} options
 * @returns {{ ok: true, python: string, implementation: string, executable: string, numpy: string | null, samples: Record<string, number[]>, skipped: { key: string, reason: string }[] } | { ok: false, reason: string }}
 */
function runPython(cases, options) {
  const input = {
    reps: options.reps,
    min_sample_seconds: options.minSampleSeconds,
    cases: cases.map((c) => ({ key: c.key, needs: c.library, setup: c.py.setup, bind: c.py.bind, call: c.py.call, loops: c.kind === 'scalar' ? c.n : 1, n: c.n })),
  };
  const script = fileURLToPath(new URL('./python-side.py', import.meta.url));
  const r = spawnSync(PYTHON, [script], { input: JSON.stringify(input), encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.error) return { ok: false, reason: `${PYTHON} cannot be run: ${r.error.message}` };
  if (r.status !== 0) return { ok: false, reason: `${PYTHON} failed (status ${r.status}): ${r.stderr.trim().split('\n').pop()}` };
  return { ok: true, ...JSON.parse(r.stdout) };
}

/**
 * `node-curand bench python …`: returns the exit status (0 done, 2 usage error).
 * @param {string[]} argv the arguments after `bench python`
 * @param {string} libraryUrl the node-curand entry module; its python/ and numpy/ are measured
 */
export async function runPythonBench(argv, libraryUrl) {
  const options = optionsOrStatus(() => parseOptions(argv), USAGE);
  if (typeof options === 'number') return options;
  /** @type {Modules} */
  const modules = {
    python: await import(new URL('./python/index.js', libraryUrl).href),
    numpy: await import(new URL('./numpy/index.js', libraryUrl).href),
  };
  /** @type {typeof import('../src/kernels/numpy-fills-choice.js')} */
  const choice = await import(new URL('./kernels/numpy-fills-choice.js', libraryUrl).href);
  let fills;
  try {
    fills = choice.useNumpyFills(options.fills) ?? 'none';
  } catch (error) {
    process.stderr.write(`bench python: ${/** @type {Error} */ (error).message}\n`);
    return 2;
  }
  const loadStart = loadavg();
  const cases = measuredCases(options);
  process.stderr.write(`bench python: ${PYTHON} times ${cases.length} cases…\n`);
  const py = runPython(cases, options);
  process.stderr.write(`bench python: node-curand times ${cases.length} cases…\n`);
  const jsSamples = await roundRobin(
    cases.map((c) => {
      const unit = c.make(modules, c.n);
      return { key: c.key, sample: async (/** @type {number} */ units) => timeUnits(unit, units) };
    }),
    { reps: options.reps, minSampleSeconds: options.minSampleSeconds, tick: () => {} },
  );
  kept = null;
  /** @type {Row[]} */
  const rows = cases.map((c) => {
    const jsS = jsSamples.get(c.key) ?? [];
    const pyS = py.ok ? (py.samples[c.key] ?? null) : null;
    const jsVps = c.n / median(jsS);
    const pyVps = pyS === null ? null : c.n / median(pyS);
    const ratio = pyVps === null ? null : jsVps / pyVps;
    return {
      key: c.key, kind: c.kind, library: c.library, js: c.js, python: c.python, n: c.n,
      jsSamples: jsS, pythonSamples: pyS, jsValuesPerSecond: jsVps, pythonValuesPerSecond: pyVps, ratio,
      target: c.target, met: c.target === null || ratio === null ? null : ratio >= c.target,
    };
  });
  const report = {
    schema: 'node-curand-bench-python/1',
    createdAt: new Date().toISOString(),
    options: { quick: options.quick, reps: options.reps, sizes: options.sizes, scalarCalls: options.scalarCalls, minSampleSeconds: options.minSampleSeconds },
    note: options.note,
    fills,
    machine: machineRecord(loadStart),
    python: py.ok ? { executable: py.executable, implementation: py.implementation, version: py.python, numpy: py.numpy } : null,
    skipped: py.ok ? py.skipped : [{ key: 'python', reason: py.reason }],
    results: rows,
    goals: goals(rows),
  };
  const json = `${JSON.stringify(report, null, 2)}\n`;
  const markdown = markdownReport(report);
  if (options.out !== null) {
    mkdirSync(options.out, { recursive: true });
    writeFileSync(join(options.out, 'bench.json'), json);
    writeFileSync(join(options.out, 'bench.md'), markdown);
  }
  process.stdout.write(options.json ? json : markdown);
  if (sink === -1) process.stderr.write(`${sink}\n`);
  return 0;
}

/** Seconds per unit of `units` units. */
function timeUnits(/** @type {() => void} */ unit, /** @type {number} */ units) {
  const start = performance.now();
  for (let i = 0; i < units; i++) unit();
  return (performance.now() - start) / 1000 / units;
}

/**
 * Issue 17's goals, each from its rows (a vectorised call's lowest ratio over the sizes).
 * @param {Row[]} rows
 * @returns {import('./report.mjs').Goal[]}
 */
function goals(rows) {
  const targeted = rows.filter((r) => r.target !== null);
  const calls = [...new Set(targeted.map((r) => r.js))];
  return calls.map((js) => {
    const mine = targeted.filter((r) => r.js === js);
    const first = mine[0];
    const ratios = mine.map((r) => r.ratio);
    const value = ratios.includes(null) ? null : Math.min(.../** @type {number[]} */ (ratios));
    const over = first.kind === 'scalar' ? `${first.python} element-wise in Python` : `NumPy's ${first.python}${mine.length > 1 ? ' at every size' : ''}`;
    return {
      goal: `${js} ≥ ${first.target}× ${over}`,
      target: `≥ ${first.target}×`,
      value,
      measured: value === null ? 'not measured (no Python here)' : `${value.toFixed(2)}×${mine.length > 1 ? ', the lowest over the sizes' : ''}`,
      met: value === null ? null : value >= /** @type {number} */ (first.target),
    };
  });
}

/** @param {number | null} v values/s */
function rate(v) {
  if (v === null) return '–';
  return v >= 1e9 ? `${(v / 1e9).toFixed(2)} G` : v >= 1e6 ? `${(v / 1e6).toFixed(1)} M` : `${(v / 1e3).toFixed(0)} k`;
}

/** @param {Row} r */
function ratioCell(r) {
  if (r.ratio === null) return '–';
  const text = `${r.ratio.toFixed(2)}×`;
  return r.met === false ? `**${text}**` : text;
}

/** @param {number} n */
const powerOfTen = (n) => (Number.isInteger(Math.log10(n)) ? `10^${Math.log10(n)}` : String(n));

/**
 * @param {{ createdAt: string, options: { reps: number, scalarCalls: number }, note: string | null, fills: string, machine: { cpu: string, cores: number, node: string, loadAverage: { start: number[], end: number[] } },
 *   python: { version: string, implementation: string, numpy: string | null } | null, skipped: { key: string, reason: string }[], results: Row[], goals: import('./report.mjs').Goal[] }} report
 */
function markdownReport(report) {
  const m = report.machine;
  const load = (/** @type {number[]} */ l) => l.map((x) => x.toFixed(2)).join(' ');
  const py = report.python === null ? 'not run' : `${report.python.implementation} ${report.python.version}, NumPy ${report.python.numpy ?? 'not installed'}`;
  const lines = [
    '# node-curand/python and node-curand/numpy against CPython and NumPy',
    '',
    `${report.createdAt}; ${m.cpu}, ${m.cores} cores; Node ${m.node}; Python: ${py}. Median of ${report.options.reps} samples per side; values/s (M: 10^6).`,
    `node-curand/numpy's vectorised fills: ${report.fills}.`,
    `Load average at the start ${load(m.loadAverage.start)}, at the end ${load(m.loadAverage.end)}.${report.note === null ? '' : ` ${report.note}`}`,
    '',
    `## Scalar calls, element-wise (${powerOfTen(report.options.scalarCalls)} calls in a loop, in JavaScript and in Python)`,
    '',
    '| node-curand | values/s | Python | values/s | JS / Python |',
    '|---|---:|---|---:|---:|',
    ...report.results.filter((r) => r.kind === 'scalar').map((r) => `| ${r.js} | ${rate(r.jsValuesPerSecond)} | ${r.python} | ${rate(r.pythonValuesPerSecond)} | ${ratioCell(r)} |`),
    '',
    '## Vectorised fills (one call of n values, a new array each, as NumPy)',
    '',
    '| node-curand | n | values/s | NumPy | values/s | JS / NumPy |',
    '|---|---:|---:|---|---:|---:|',
    ...report.results.filter((r) => r.kind === 'vectorised').map((r) => `| ${r.js} | ${powerOfTen(r.n)} | ${rate(r.jsValuesPerSecond)} | ${r.python} | ${rate(r.pythonValuesPerSecond)} | ${ratioCell(r)} |`),
    '',
    '## Goals (issue 17)',
    '',
    ...report.goals.map((g) => `- ${g.met === null ? 'not measured' : g.met ? 'met' : '**NOT met**'}: ${g.goal} (${g.measured})`),
  ];
  if (report.skipped.length > 0) lines.push('', '## Not measured here', '', ...report.skipped.map((s) => `- ${s.key}: ${s.reason}`));
  return `${lines.join('\n')}\n`;
}
