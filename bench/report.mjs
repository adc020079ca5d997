// @ts-check
// From raw samples to what the benchmark reports: values/s, GB/s, the ratio to the best JavaScript
// peer, the fraction of the write bandwidth measured in the same run; the issue's goals checked
// against them; the tables (markdown) and the chart (vega-lite rendered to SVG, no browser).

import { bytesPerValue, elementType, notInstalled } from './candidates.mjs';
import { SETUP_BUDGET_SECONDS, median } from './harness.mjs';

/** @typedef {import('./candidates.mjs').CandidateInfo} CandidateInfo */
/** @typedef {import('./candidates.mjs').BenchDist} BenchDist */
/** @typedef {import('./main.mjs').RawResult} RawResult */
/** @typedef {import('./main.mjs').SmallCall} SmallCall */
/** @typedef {import('./main.mjs').SetupTime} SetupTime */
/**
 * @typedef {RawResult & {
 *   secondsPerCall: number, valuesPerSecond: number, bytesPerSecond: number,
 *   bestPeer: string | null, ratioToBestPeer: number | null, fractionOfWrite: number | null
 * }} Result
 */
/**
 * @typedef {object} RawReport
 * @property {'node-curand-bench/1'} schema
 * @property {string} createdAt
 * @property {{ quick: boolean, reps: number, sizes: number[], dists: BenchDist[], algorithms: string[], threads: number, filter: string | null, minSampleSeconds: number }} options
 * @property {{ cpu: string, cores: number, availableParallelism: number, totalMemoryBytes: number, platform: string, arch: string, node: string, loadAverage: { start: number[], end: number[] } }} machine
 * @property {Record<string, { available: boolean, reason: string | null }>} backends
 * @property {string | null} defaultCpuBackend
 * @property {string} writeBaseline the candidate id of the write bandwidth
 * @property {CandidateInfo[]} candidates
 * @property {{ id: string, reason: string }[]} skipped
 * @property {RawResult[]} results
 * @property {SmallCall[]} smallCalls
 * @property {SetupTime[]} setups
 */
/** @typedef {Omit<RawReport, 'results'> & { results: Result[] }} Report */
/**
 * @typedef {object} Goal
 * @property {string} goal
 * @property {string} target
 * @property {number | null} value the measured number in the target's unit, null when not measured here
 * @property {string} measured
 * @property {boolean | null} met null: the candidate it needs is not present on this machine or build
 */

/** Single-threaded results compare with single-threaded ones, the rest with the worker split. */
const modeClass = (/** @type {RawResult} */ r) => (r.mode === 'single' ? 'single' : 'workers');

/** @param {RawReport} raw @returns {Report} */
export function derive(raw) {
  const group = new Map(raw.candidates.map((c) => [c.id, c.group]));
  const base = raw.results.map((r) => {
    const secondsPerCall = median(r.samples);
    const valuesPerSecond = r.size / secondsPerCall;
    return { ...r, secondsPerCall, valuesPerSecond, bytesPerSecond: valuesPerSecond * bytesPerValue(r.dist) };
  });
  const same = (/** @type {RawResult} */ a, /** @type {RawResult} */ b) => a.dist === b.dist && a.size === b.size && modeClass(a) === modeClass(b);
  const results = base.map((r) => {
    const write = base.find((w) => w.candidate === raw.writeBaseline && same(w, r) && w.mode !== 'async');
    const peers = base.filter((p) => group.get(p.candidate) === 'peer' && same(p, r));
    const best = peers.reduce((/** @type {typeof base[number] | null} */ a, p) => (a === null || p.valuesPerSecond > a.valuesPerSecond ? p : a), null);
    return {
      ...r,
      bestPeer: best?.candidate ?? null,
      ratioToBestPeer: best === null ? null : r.valuesPerSecond / best.valuesPerSecond,
      fractionOfWrite: write === undefined ? null : r.bytesPerSecond / write.bytesPerSecond,
    };
  });
  return { ...raw, results };
}

/** '612 M', '2.41 G' values/s. */
export function rate(/** @type {number} */ valuesPerSecond) {
  return valuesPerSecond >= 1e9 ? `${(valuesPerSecond / 1e9).toPrecision(3)} G` : `${(valuesPerSecond / 1e6).toPrecision(3)} M`;
}

/**
 * The goals of issues 6 and 16 for this run's table. A goal whose kernel is not present here (no WebAssembly
 * or AVX backend yet, no GPU) is listed with met: null.
 * @param {Report} report
 * @returns {Goal[]}
 */
export function evaluateGoals(report) {
  const info = new Map(report.candidates.map((c) => [c.id, c]));
  const largest = Math.max(...report.options.sizes);
  const at = (/** @type {(c: CandidateInfo) => boolean} */ pick, /** @type {BenchDist} */ dist, mode = 'single', size = largest) =>
    report.results
      .filter((r) => r.dist === dist && r.size === size && r.mode === mode && pick(/** @type {CandidateInfo} */ (info.get(r.candidate))))
      .sort((a, b) => b.valuesPerSecond - a.valuesPerSecond)[0] ?? null;
  const philox = (/** @type {CandidateInfo} */ c) => c.algorithm === 'philox4x32-10';
  const kernel = (/** @type {RegExp} */ pattern) => (/** @type {CandidateInfo} */ c) =>
    c.group === 'node-curand' && philox(c) && (pattern.test(c.backend ?? '') || pattern.test(c.detail ?? ''));
  const wasm = at(kernel(/wasm|webassembly/i), 'uniform');
  const avx512 = at(kernel(/avx-?512/i), 'uniform');
  const avx2 = at((c) => kernel(/avx2/i)(c) && !/avx-?512/i.test(c.detail ?? ''), 'uniform');
  const xorwow = at((c) => c.id === 'seedrandom-xorwow', 'uniform');
  const host = at((c) => c.group === 'curand-host' && philox(c), 'uniform');
  const fastest = at((c) => c.group === 'node-curand' && philox(c), 'uniform');
  const fastestNormal = at((c) => c.group === 'node-curand' && philox(c), 'normal');
  const ziggurat = at((c) => c.id === 'stdlib-improved-ziggurat', 'normal');
  const size = `2^${Math.log2(largest)}`;
  const name = (/** @type {Result | null} */ r) => (r === null ? '' : /** @type {CandidateInfo} */ (info.get(r.candidate)).label);

  /** @type {Goal[]} */
  const goals = [];
  /**
   * @param {string} goal @param {string} target @param {number} threshold
   * @param {number | null} value @param {string} measured
   */
  const add = (goal, target, threshold, value, measured) =>
    goals.push({ goal, target, value, measured: value === null ? `not measured here${measured ? `: ${measured}` : ''}` : measured, met: value === null ? null : value >= threshold });
  const ratio = (/** @type {Result | null} */ a, /** @type {Result | null} */ b) => (a === null || b === null ? null : a.valuesPerSecond / b.valuesPerSecond);
  const missing = (/** @type {string} */ what) => `no ${what} in this run`;

  add(`Philox uniform float32 ${size}, WebAssembly`, '≥ 600 M values/s', 600e6, wasm?.valuesPerSecond ?? null,
    wasm ? `${rate(wasm.valuesPerSecond)} values/s (${name(wasm)})` : missing('WebAssembly backend'));
  add(`… WebAssembly vs seedrandom xorwow`, '≥ 1.1×', 1.1, ratio(wasm, xorwow),
    wasm && xorwow ? `${(/** @type {number} */ (ratio(wasm, xorwow))).toFixed(2)}× (${rate(xorwow.valuesPerSecond)}/s)` : missing('WebAssembly backend or seedrandom'));
  add(`… WebAssembly vs cuRAND host`, '≥ 2×', 2, ratio(wasm, host),
    wasm && host ? `${(/** @type {number} */ (ratio(wasm, host))).toFixed(2)}× (${rate(host.valuesPerSecond)}/s)` : missing('WebAssembly backend or cuRAND host'));
  add(`Philox uniform float32 ${size}, native AVX-512`, '≥ 2.4 G values/s', 2.4e9, avx512?.valuesPerSecond ?? null,
    avx512 ? `${rate(avx512.valuesPerSecond)} values/s (${name(avx512)})` : missing('AVX-512 kernel'));
  add(`Philox uniform float32 ${size}, native AVX2`, '≥ 1.1 G values/s', 1.1e9, avx2?.valuesPerSecond ?? null,
    avx2 ? `${rate(avx2.valuesPerSecond)} values/s (${name(avx2)})` : missing('AVX2 kernel'));
  const native = avx512 ?? avx2;
  add(`… native kernel vs the best JS peer`, '≥ 4×', 4, native?.ratioToBestPeer ?? null,
    native?.ratioToBestPeer ? `${native.ratioToBestPeer.toFixed(2)}× ${name(native)} vs ${native.bestPeer}` : missing('native kernel'));
  add(`Philox float normals ${size} on the fastest kernel vs @stdlib improved ziggurat`, '≥ 1.5×', 1.5, ratio(fastestNormal, ziggurat),
    fastestNormal && ziggurat
      ? `${(/** @type {number} */ (ratio(fastestNormal, ziggurat))).toFixed(2)}×: ${name(fastestNormal)} ${rate(fastestNormal.valuesPerSecond)}/s vs ${rate(ziggurat.valuesPerSecond)}/s`
      : missing('node-curand normal or @stdlib ziggurat'));
  // Issue 16: on the default CPU backend every generator's every call ≥ 1.5× cuRAND's host generator
  // (the table hostRatioTable prints), and wasm's uniforms ≥ 1×.
  const hostFor = (/** @type {string | null} */ algorithm, /** @type {BenchDist} */ dist) => at((c) => c.group === 'curand-host' && c.algorithm === algorithm, dist);
  // Where the simd backend is measured kernel by kernel (Philox), the one its 'auto' picks here.
  const defaultCpu = (/** @type {CandidateInfo} */ x) => x.group === 'node-curand' && x.backend === report.defaultCpuBackend && x.autoKernel !== false;
  for (const algorithm of new Set(report.candidates.filter(defaultCpu).map((x) => x.algorithm))) {
    const ours = (/** @type {CandidateInfo} */ x) => defaultCpu(x) && x.algorithm === algorithm;
    const ratios = report.options.dists.flatMap((d) => {
      const r = ratio(at(ours, d), hostFor(algorithm, d));
      return r === null ? [] : [{ d, r }];
    });
    const worst = ratios.sort((a, b) => a.r - b.r)[0] ?? null;
    add(`${report.defaultCpuBackend} ${algorithm} ${size}, every call vs cuRAND host`, '≥ 1.5× (issue 16)', 1.5, worst?.r ?? null,
      worst ? `lowest ${worst.r.toFixed(2)}× (${worst.d}) of ${ratios.length} calls` : missing('cuRAND host'));
  }
  for (const c of report.candidates.filter((x) => x.group === 'node-curand' && x.backend === 'wasm')) {
    const r = ratio(at((x) => x.id === c.id, 'uniform'), hostFor(c.algorithm, 'uniform'));
    add(`${c.label} uniform ${size} vs cuRAND host`, '≥ 1× (issue 16)', 1, r, r === null ? missing('cuRAND host or uniform') : `${r.toFixed(2)}×`);
  }
  // Two threads against one, for every node-curand backend, at each size of at least 2^22 values:
  // Philox ≥ 1.8× (issue 6), the other generators ≥ 1.7× (issue 16).
  for (const s of report.options.sizes.filter((x) => x >= 2 ** 22)) {
    const backends = report.candidates.filter((c) => c.group === 'node-curand' && c.backend !== 'cuda');
    for (const c of backends) {
      const target = philox(c) ? 1.8 : 1.7;
      const one = at((x) => x.id === c.id, 'uniform', 'single', s);
      const many = [at((x) => x.id === c.id, 'uniform', 'workers', s), at((x) => x.id === c.id, 'uniform', 'async', s)]
        .filter((r) => r !== null)
        .sort((a, b) => b.valuesPerSecond - a.valuesPerSecond)[0] ?? null;
      add(`${c.label} uniform 2^${Math.log2(s)}: ${report.options.threads} threads vs one`, `≥ ${target}×`, target, ratio(many, one),
        many && one ? `${(/** @type {number} */ (ratio(many, one))).toFixed(2)}× (${many.mode === 'async' ? '…Async' : 'worker threads'}: ${rate(many.valuesPerSecond)}/s)` : missing('multi-threaded run (--threads 1?)'));
    }
  }
  const small = report.smallCalls.find((x) => x.defaultCpu) ?? null;
  goals.push({
    goal: `16-value uniform on the default CPU backend${small ? ` (${small.backend})` : ''}`,
    target: '≤ 2 µs',
    value: small?.allocatingMicroseconds ?? null,
    measured: small ? `${small.allocatingMicroseconds.toFixed(2)} µs (in place ${small.inPlaceMicroseconds.toFixed(2)} µs)` : 'not measured',
    met: small ? small.allocatingMicroseconds <= 2 : null,
  });
  if (fastest !== null) {
    goals.push({
      goal: `fastest node-curand Philox uniform ${size} (for reference)`,
      target: '—',
      value: fastest.valuesPerSecond,
      measured: `${rate(fastest.valuesPerSecond)} values/s, ${name(fastest)}${fastest.ratioToBestPeer === null ? '' : `, ${fastest.ratioToBestPeer.toFixed(2)}× best peer`}`,
      met: null,
    });
  }
  return goals;
}

/** '0.45 ms', '4.90 s'. */
function duration(/** @type {number} */ seconds) {
  return seconds >= 1 ? `${seconds.toFixed(2)} s` : `${(seconds * 1000).toPrecision(3)} ms`;
}

/**
 * Each CPU backend against cuRAND's host generator of the same algorithm, per distribution, one
 * thread, at the largest size: the table of issue 16 (goal ≥ 1.5×; below it in bold).
 * @param {Report} report
 * @returns {string[]}
 */
function hostRatioTable(report) {
  const largest = Math.max(...report.options.sizes);
  const info = new Map(report.candidates.map((c) => [c.id, c]));
  const one = (/** @type {string} */ id, /** @type {BenchDist} */ dist) =>
    report.results.find((r) => r.candidate === id && r.dist === dist && r.size === largest && r.mode === 'single') ?? null;
  const rows = report.candidates.filter((c) => c.group === 'node-curand' && c.backend !== 'cuda');
  const hostOf = (/** @type {CandidateInfo} */ c) => report.candidates.find((h) => h.group === 'curand-host' && h.algorithm === c.algorithm) ?? null;
  if (!rows.some((c) => hostOf(c) !== null)) return [];
  const dists = report.options.dists;
  const lines = [
    '',
    `## Against cuRAND's host generators (2^${Math.log2(largest)} values, one thread)`,
    '',
    'M values/s of each CPU backend / of cuRAND host for the same generator and call = the ratio; **bold** below 1.5×.',
    '',
    `| generator | ${dists.join(' | ')} |`,
    `|---|${dists.map(() => '---:|').join('')}`,
  ];
  for (const c of rows) {
    const host = hostOf(c);
    if (host === null) continue;
    const cells = dists.map((d) => {
      const ours = one(c.id, d);
      const theirs = one(host.id, d);
      if (ours === null || theirs === null) return '—';
      const ratio = ours.valuesPerSecond / theirs.valuesPerSecond;
      const text = `${ratio.toFixed(2)}×`;
      return `${(ours.valuesPerSecond / 1e6).toPrecision(3)} / ${(theirs.valuesPerSecond / 1e6).toPrecision(3)} = ${ratio < 1.5 ? `**${text}**` : text}`;
    });
    lines.push(`| ${info.get(c.id)?.label ?? c.id} | ${cells.join(' | ')} |`);
  }
  return lines;
}

/** @param {Report & { goals: Goal[] }} report */
export function markdownReport(report) {
  const info = new Map(report.candidates.map((c) => [c.id, c]));
  const m = report.machine;
  const load = (/** @type {number[]} */ l) => l.map((x) => x.toFixed(2)).join(' ');
  const o = report.options;
  const lines = [
    '# node-curand benchmark',
    '',
    `${report.createdAt} · ${m.cpu} (${m.cores} cores) · Node ${m.node} ${m.platform}-${m.arch}`,
    `load average ${load(m.loadAverage.start)} at the start, ${load(m.loadAverage.end)} at the end · median of ${o.reps} repetitions, round-robin, samples ≥ ${o.minSampleSeconds * 1000} ms${o.quick ? ' · **quick mode**' : ''}`,
    '',
    'Backends: ' +
      Object.entries(report.backends)
        .map(([name, s]) => (s.available ? `\`${name}\`` : `\`${name}\` (unavailable: ${s.reason})`))
        .join(', '),
    '',
    'Values/s per call size; GB/s, × best peer (the fastest JavaScript generator: the libraries and Math.random) and % of the write bandwidth (the same bytes written by `TypedArray.fill`, same threads) at the largest size.',
  ];
  const largest = Math.max(...o.sizes);
  const header = `| candidate | ${o.sizes.map((s) => `2^${Math.log2(s)}`).join(' | ')} | GB/s | × best peer | % write |`;
  const rule = `|---|${o.sizes.map(() => '---:|').join('')}---:|---:|---:|`;
  const tables = [
    { title: 'one thread', modes: ['single'] },
    { title: `${o.threads} threads (worker threads splitting the output; node-curand \`…Async\` as each backend threads it)`, modes: ['workers', 'async'] },
  ];
  for (const dist of o.dists) {
    for (const t of tables) {
      const rows = report.results.filter((r) => r.dist === dist && t.modes.includes(r.mode));
      if (rows.length === 0) continue;
      lines.push('', `## ${dist} (${elementType(dist)}), ${t.title}`, '', header, rule);
      /** @type {Map<string, Result[]>} */
      const byRow = new Map();
      for (const r of rows) {
        const key = `${r.candidate}|${r.mode}`;
        byRow.set(key, [...(byRow.get(key) ?? []), r]);
      }
      const big = (/** @type {Result[]} */ rs) => rs.find((r) => r.size === largest);
      const ordered = [...byRow.values()].sort((a, b) => (big(b)?.valuesPerSecond ?? 0) - (big(a)?.valuesPerSecond ?? 0));
      for (const rs of ordered) {
        const c = /** @type {CandidateInfo} */ (info.get(rs[0].candidate));
        const top = big(rs);
        const cells = o.sizes.map((s) => {
          const r = rs.find((x) => x.size === s);
          return r ? rate(r.valuesPerSecond) : '—';
        });
        const label = `${c.label}${rs[0].mode === 'async' ? ' `…Async`' : ''}`;
        lines.push(
          `| ${label} | ${cells.join(' | ')} | ${top ? (top.bytesPerSecond / 1e9).toFixed(2) : '—'} | ${top?.ratioToBestPeer != null ? top.ratioToBestPeer.toFixed(2) : '—'} | ${top?.fractionOfWrite != null ? (top.fractionOfWrite * 100).toFixed(1) : '—'} |`,
        );
      }
      const best = rows.find((r) => r.size === largest)?.bestPeer;
      if (best) lines.push('', `Best peer at 2^${Math.log2(largest)}: ${info.get(best)?.label}.`);
    }
  }
  lines.push(...hostRatioTable(report));
  lines.push('', '## Small calls (16 values, µs per call)', '', '| generator | `uniform(16)` | `uniform(out)` in place |', '|---|---:|---:|');
  for (const s of report.smallCalls) lines.push(`| ${s.label} | ${s.allocatingMicroseconds.toFixed(2)} | ${s.inPlaceMicroseconds.toFixed(2)} |`);
  if (report.setups.length > 0) {
    const backends = [...new Set(report.setups.map((x) => x.backend))];
    const algorithms = [...new Set(report.setups.map((x) => x.algorithm))];
    lines.push(
      '',
      '## Set-up (from `new Generator(…)` through the first `uniform(16)`)',
      '',
      `Median of up to ${o.reps} set-ups, each with its own seed; slow ones are repeated only until ${SETUP_BUDGET_SECONDS} s have gone into them (the run count is then given). The first set-up of an algorithm also compiles its code.`,
      '',
      `| generator | ${backends.map((b) => `\`${b}\``).join(' | ')} |`,
      `|---|${backends.map(() => '---:|').join('')}`,
    );
    for (const algorithm of algorithms) {
      const cells = backends.map((backend) => {
        const x = report.setups.find((y) => y.backend === backend && y.algorithm === algorithm);
        return x === undefined ? '—' : `${duration(x.medianSeconds)}${x.samples.length < o.reps ? ` (${x.samples.length} run${x.samples.length === 1 ? '' : 's'})` : ''}`;
      });
      lines.push(`| ${algorithm} | ${cells.join(' | ')} |`);
    }
  }
  lines.push('', '## Goals (issues 6 and 16)', '', '| goal | target | measured | met |', '|---|---|---|---|');
  for (const g of report.goals) lines.push(`| ${g.goal} | ${g.target} | ${g.measured} | ${g.met === null ? '—' : g.met ? 'yes' : '**no**'} |`);
  lines.push('', '## Candidates', '', '| candidate | id | what computes, or how it is called |', '|---|---|---|');
  for (const c of report.candidates) lines.push(`| ${c.label} | \`${c.id}\` | ${c.detail ?? ''} |`);
  if (report.skipped.length > 0) {
    lines.push('', '## Not measured here', '');
    for (const s of report.skipped) lines.push(`- \`${s.id}\`: ${s.reason}`);
  }
  return `${lines.join('\n')}\n`;
}

/** @typedef {[typeof import('vega'), typeof import('vega-lite')]} ChartLibraries */

/**
 * What the chart is drawn with, or null where vega and vega-lite are not installed (devDependencies:
 * absent from an installed node-curand).
 * @returns {Promise<ChartLibraries | null>}
 */
export async function chartLibraries() {
  try {
    return await Promise.all([import('vega'), import('vega-lite')]);
  } catch (error) {
    if (notInstalled(error)) return null;
    throw error;
  }
}

/**
 * The chart: values/s (log scale) of every candidate, one panel per distribution and threading,
 * bars per call size. Vega-Lite compiles it, Vega renders the SVG in Node (no browser, no canvas).
 * @param {Report} report
 * @param {ChartLibraries} libraries
 * @returns {Promise<string>}
 */
export async function renderSvg(report, [vega, vegaLite]) {
  const info = new Map(report.candidates.map((c) => [c.id, c]));
  const panel = (/** @type {BenchDist} */ dist, /** @type {boolean} */ single) => `${dist}, ${single ? 'one thread' : `${report.options.threads} threads`}`;
  const panels = report.options.dists.flatMap((d) => [panel(d, true), panel(d, false)]);
  const values = report.results.map((r) => ({
    candidate: `${info.get(r.candidate)?.label ?? r.candidate}${r.mode === 'async' ? ' …Async' : ''}`,
    panel: panel(r.dist, r.mode === 'single'),
    size: `2^${Math.log2(r.size)}`,
    valuesPerSecond: r.valuesPerSecond,
  }));
  /** @type {import('vega-lite').TopLevelSpec} */
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: `node-curand benchmark, ${report.machine.cpu}, Node ${report.machine.node}`, subtitle: `median of ${report.options.reps} repetitions · ${report.createdAt}` },
    data: { values },
    // One wrapped facet rather than rows × columns: with independent y scales, a row × column facet
    // drew some cells under the wrong headers (vega-lite 6).
    facet: { field: 'panel', type: 'nominal', sort: panels, title: null },
    columns: report.options.threads > 1 ? 2 : 1,
    resolve: { scale: { y: 'independent' } },
    spec: {
      width: 340,
      height: { step: 14 },
      mark: { type: 'bar', tooltip: true },
      encoding: {
        y: { field: 'candidate', type: 'nominal', sort: '-x', title: null, axis: { labelLimit: 320 } },
        yOffset: { field: 'size', type: 'ordinal', sort: report.options.sizes.map((s) => `2^${Math.log2(s)}`) },
        // No stacking: stacked bars on a log scale collapse to zero width.
        x: { field: 'valuesPerSecond', type: 'quantitative', scale: { type: 'log' }, stack: null, title: 'values per second', axis: { format: '~s' } },
        color: { field: 'size', type: 'ordinal', title: 'values per call', sort: report.options.sizes.map((s) => `2^${Math.log2(s)}`) },
      },
    },
  };
  const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}
