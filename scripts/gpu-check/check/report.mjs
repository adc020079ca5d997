// Puts the steps' JSON together into one report, JSON and Markdown, and decides the run's status:
// PASS (exit 0), FAIL (exit 1: a failed test, a failed comparison, a step that crashed or timed out)
// or NO GPU (exit 3: the `cuda` backend is unavailable, so the [cuda] tests were skipped).
//
//   node report.mjs WORKDIR DEST_DIR NAME    → DEST_DIR/NAME.json, DEST_DIR/NAME.md
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [workDir, destDir, name] = process.argv.slice(2);

function read(file) {
  const path = join(workDir, file);
  if (!existsSync(path)) return null;
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    return { unreadable: String(error) };
  }
}

const facts = read('facts.json');
const tests = read('tests.json');
const compare = read('compare.json');
const bench = read('bench.json');
const steps = existsSync(join(workDir, 'steps.jsonl'))
  ? readFileSync(join(workDir, 'steps.jsonl'), 'utf8').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line))
  : [];

const simulated = facts?.simulated ?? process.env.GPU_CHECK_SIMULATE === '1';
const cuda = facts?.backendInfo?.backends?.cuda ?? { available: false, reason: 'facts step did not run' };
const problems = [];
for (const step of steps) {
  if (step.timedOut) problems.push(`step ${step.step} timed out after ${step.seconds} s`);
  else if (step.rc !== 0 && !(step.step === 'tests' && tests) && !(step.step === 'compare' && compare)) problems.push(`step ${step.step} exited with ${step.rc}`);
}
if (tests === null) problems.push('no test results');
else if (tests.failed > 0) problems.push(`${tests.failed} [cuda] test(s) failed`);
if (compare === null) problems.push('no comparison results');
else if ((compare.counts?.fail ?? 0) > 0) problems.push(`${compare.counts.fail} comparison case(s) failed`);
if ((compare?.counts?.['not-run'] ?? 0) > 0) problems.push(`${compare.counts['not-run']} comparison case(s) not run (time budget)`);
const status = !cuda.available ? 'NO GPU' : problems.length > 0 ? 'FAIL' : 'PASS';

const report = {
  schema: 'node-curand-gpu-check/1',
  status,
  simulated,
  quick: Boolean(compare?.quick || bench?.quick),
  problems,
  generatedAt: new Date().toISOString(),
  steps,
  facts,
  tests,
  compare,
  bench,
};

// ---- Markdown ----
const md = [];
const fmt = (x, digits = 3) => (typeof x === 'number' && Number.isFinite(x) ? Number(x.toPrecision(digits)).toString() : x === null || x === undefined ? '–' : String(x));
const gps = (x) => (typeof x === 'number' ? (x / 1e9).toFixed(3) : '–');
const pow = (n) => (Number.isInteger(Math.log2(n)) && n >= 1024 ? `2^${Math.log2(n)}` : String(n));

const quick = compare?.quick || bench?.quick;
md.push(`# GPU check: ${status}${simulated ? ' (SIMULATED device: test double, not hardware)' : ''}${quick ? ' (QUICK: small sizes)' : ''}`, '');
if (simulated) md.push('The device is the CUDA test double (test/fixtures/fake-cuda): its device generators are cuRAND host generators, so timings say nothing about a GPU.', '');
md.push(`Generated ${report.generatedAt} on ${facts?.hostname ?? '?'} by \`scripts/gpu-check/run.sh\`.`);
if (facts?.kitManifest) md.push(`Kit packed ${facts.kitManifest.packedAt} from commit ${facts.kitManifest.commit ?? '?'}${facts.kitManifest.dirty ? ' (with uncommitted changes)' : ''}, native ABI ${facts.kitManifest.nativeAbi}.`);
md.push('');
if (!cuda.available) md.push(`**!!! NO USABLE GPU: the [cuda] tests were SKIPPED and nothing was compared on a device.** Reason: ${cuda.reason}`, '');
if (problems.length > 0) md.push('Problems:', '', ...problems.map((p) => `- ${p}`), '');

md.push('## Machine', '');
if (facts) {
  md.push(`- Node ${facts.node.version} (${facts.node.execPath}); ${facts.platform}`);
  md.push(`- CPU: ${facts.cpu.model} × ${facts.cpu.logicalCores} logical cores, ${facts.cpu.memoryGiB} GiB; SIMD flags: ${facts.cpu.simdFlags.join(' ') || '–'}; load ${facts.loadAverage.map((x) => x.toFixed(2)).join(' ')}`);
  if (facts.cudaSummary) {
    md.push(`- CUDA driver ${facts.cudaSummary.driverVersion}, runtime ${facts.cudaSummary.runtimeVersion} (backendInfo().cuda)`);
    for (const d of facts.cudaSummary.devices) md.push(`- device ${d}`);
    if (facts.cudaSummary.error) md.push(`- CUDA error: ${JSON.stringify(facts.cudaSummary.error)}`);
  }
  for (const [lib, s] of Object.entries(facts.libraries ?? {})) md.push(`- ${lib}: ${s ? `${s.path} (version ${s.version})` : 'not loaded'}`);
  md.push(`- backends: ${Object.entries(facts.backendInfo.backends).map(([k, v]) => `${k} ${v.available ? 'yes' : `no (${v.reason})`}`).join('; ')}`);
  if (facts.nvidiaSmi) md.push('', '```', facts.nvidiaSmi, '```');
  if (facts.nvidiaSmiQuery) md.push('', '```', facts.nvidiaSmiQuery, '```');
} else {
  md.push('(the facts step did not run)');
}
md.push('');

md.push('## [cuda] tests', '');
if (tests) {
  md.push(`${tests.passed} passed, ${tests.failed} failed, ${tests.skipped} skipped, ${tests.todo} todo (filter \`${tests.filter}\`; ${tests.filteredOut} other tests of the same files not selected).`, '');
  if (tests.skipped > 0 && tests.passed === 0) md.push('**!!! Every [cuda] test was SKIPPED.**', '');
  for (const t of tests.tests.filter((t) => t.state === 'fail')) md.push(`- ✗ ${t.file}: ${t.name}: ${t.error?.message?.split('\n')[0]}`);
  md.push('', '| file | passed | failed | skipped |', '|---|---|---|---|');
  const files = [...new Set(tests.tests.map((t) => t.file))];
  for (const file of files) {
    const of = (state) => tests.tests.filter((t) => t.file === file && t.state === state).length;
    md.push(`| ${file} | ${of('pass')} | ${of('fail')} | ${of('skip')} |`);
  }
} else {
  md.push('(no results)');
}
md.push('');

md.push('## Device output against curand-host', '');
if (compare?.skipped) md.push(`**SKIPPED**: ${compare.skipped}`);
else if (compare) {
  md.push(`Sizes ${compare.sizes.join(', ')}, then the mixed sequence ${compare.mixedSizes.join(', ')} on the same stream; \`interleaved\`: ${compare.interleaved.map(([d, n, ...a]) => `${d}(${n}${a.length ? `, ${a.join(', ')}` : ''})`).join(', ')}.`);
  md.push('', 'Expectations:', '', ...Object.entries(compare.expectations).map(([k, v]) => `- \`${k}\`: ${v}`));
  md.push(`- tolerance: float ${compare.tolerance.float}, double ${compare.tolerance.double} (|device − host| / max(1, |host|)); Poisson: at most ${compare.tolerance.poissonFraction * 100} % of counts differ`);
  md.push('', `Verdicts: ${Object.entries(compare.counts).map(([k, v]) => `${v} ${k}`).join(', ')}.`, '');
  md.push('| generator | case | expected | verdict | values | differing | max ulp | max rel. | notes |', '|---|---|---|---|---|---|---|---|---|');
  for (const c of compare.cases) {
    const notes = (c.calls ?? [])
      .filter((x) => x.verdict === 'fail' || x.verdict === 'refused')
      .slice(0, 3)
      .map((x) => `n=${x.n} ${x.dist ?? ''} ${x.verdict}: ${(x.deviceError ?? x.error)?.statusName ?? (x.deviceError ?? x.error)?.message ?? (x.hostError ? `host: ${x.hostError.message}` : `${x.differing} differ`)}`)
      .join('; ');
    const stopped = c.stoppedAfter ? `; stopped after ${c.stoppedAfter}` : '';
    md.push(`| ${c.generator} | ${c.case} | ${c.expected} | ${c.verdict === 'fail' ? '**fail**' : c.verdict} | ${c.values ?? '–'} | ${c.differing ?? '–'} | ${fmt(c.maxUlp)} | ${fmt(c.maxRelative)} | ${(notes || c.reason) ?? ''}${stopped} |`);
  }
} else {
  md.push('(no results)');
}
md.push('');

md.push('## Benchmarks', '');
if (bench?.skippedAll) md.push(`**SKIPPED**: ${bench.skippedAll}`);
else if (bench) {
  const ids = bench.candidates.map((c) => c.id);
  md.push(`Algorithm ${bench.algorithm}; median of ${bench.samples} samples of ≥ ${bench.sampleMs} ms (per-call), 3 samples of ≥ 25 ms (values/s); outputs preallocated. \`cuda\`: every call on the device (NODE_CURAND_CUDA_CPU_BELOW=0); \`cuda routed\`: the default routing policy; \`cuda pinned\`: into an array from \`{ pinned: true }\`.`);
  for (const c of bench.candidates.filter((c) => !c.available)) md.push(`- ${c.id}: unavailable (${c.reason})`);
  for (const dist of [...new Set(bench.perCall.map((r) => r.dist))]) {
    const perCallIds = ids.filter((id) => bench.perCall.some((r) => r.microseconds[id] !== undefined));
    md.push('', `### ${dist}: µs per synchronous call`, '', `| n | ${perCallIds.join(' | ')} |`, `|---|${perCallIds.map(() => '---').join('|')}|`);
    for (const r of bench.perCall.filter((r) => r.dist === dist)) md.push(`| ${pow(r.n)} | ${perCallIds.map((id) => fmt(r.microseconds[id])).join(' | ')} |`);
    const x = bench.crossover[dist];
    if (x) md.push('', `Crossover: ${x['cuda vs simd'].note}; ${x['cuda vs curand-host'].note}.`);
  }
  const throughputIds = ids.filter((id) => bench.throughput.some((r) => r.valuesPerSecond[id] !== undefined));
  for (const dist of [...new Set(bench.throughput.map((r) => r.dist))]) {
    md.push('', `### ${dist}: G values/s (GB/s) into a JS array`, '', `| n | ${throughputIds.join(' | ')} |`, `|---|${throughputIds.map(() => '---').join('|')}|`);
    for (const r of bench.throughput.filter((r) => r.dist === dist)) {
      md.push(`| ${pow(r.n)} | ${throughputIds.map((id) => (r.valuesPerSecond[id] === undefined ? '–' : `${gps(r.valuesPerSecond[id])} (${(r.bytesPerSecond[id] / 1e9).toFixed(2)})`)).join(' | ')} |`);
    }
  }
  if (bench.asyncPerCall.length > 0) {
    md.push('', '### cuda uniformAsync: µs per call (libuv hop included)', '', '| n | µs |', '|---|---|');
    for (const r of bench.asyncPerCall) md.push(`| ${pow(r.n)} | ${r.error ? r.error.message : fmt(r.microseconds)} |`);
  }
  md.push('', '### Generation only (CUDA events, device memory)', '');
  const gen = bench.generationOnly;
  if (!gen) md.push('(not run)');
  else if (!gen.available) md.push(gen.note);
  else {
    md.push(gen.note, '', '| generator | kind | n | median ms | G values/s | GB/s |', '|---|---|---|---|---|---|');
    for (const r of gen.rows) {
      const med = r.ms ? [...r.ms].sort((a, b) => a - b)[r.ms.length >> 1] : null;
      md.push(`| ${r.algorithm} | ${r.kind} | ${pow(r.n)} | ${r.error ? r.error.statusName ?? r.error.message : r.skipped ?? fmt(med)} | ${gps(r.valuesPerSecond)} | ${r.bytesPerSecond ? (r.bytesPerSecond / 1e9).toFixed(1) : '–'} |`);
    }
  }
  if (bench.skipped.length > 0) md.push('', `Not measured (time budget): ${bench.skipped.length} rows, e.g. ${bench.skipped.slice(0, 3).join('; ')}.`);
} else {
  md.push('(no results)');
}
md.push('');
md.push('## Steps', '', '| step | seconds | exit | timed out |', '|---|---|---|---|');
for (const s of steps) md.push(`| ${s.step} | ${s.seconds} | ${s.rc} | ${s.timedOut ? 'yes' : ''} |`);
md.push('');

mkdirSync(destDir, { recursive: true });
writeFileSync(join(destDir, `${name}.json`), `${JSON.stringify(report, null, 2)}\n`);
writeFileSync(join(destDir, `${name}.md`), md.join('\n'));
console.log(`status: ${status}${simulated ? ' (simulated device)' : ''}${problems.length ? ` — ${problems.join('; ')}` : ''}`);
console.log(`report: ${join(destDir, `${name}.json`)} and .md`);
process.exitCode = status === 'PASS' ? 0 : status === 'NO GPU' ? 3 : 1;
