// Reads vitest JSON reports, prints per-build counts, fails if a test that needs libcurand was
// skipped, and ends with the plain line CI reads: "N passed, N failed, N skipped".
import { existsSync, readFileSync } from 'node:fs';

const reports = process.argv.slice(2).filter((f) => f.endsWith('.json'));
const extra = process.argv.slice(2).filter((f) => !f.endsWith('.json'));
let passed = 0;
let failed = 0;
let skipped = 0;
const problems = [];

for (const file of reports) {
  if (!existsSync(file)) {
    problems.push(`${file}: no report (the test run did not finish)`);
    failed++;
    continue;
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  let p = 0, f = 0, s = 0;
  for (const suite of report.testResults ?? []) {
    // A file that failed without a failed test did not load, or its worker died (a native crash
    // leaves the rest of its tests skipped): a failure of its own, with vitest's message.
    const tests = suite.assertionResults ?? [];
    if (suite.status === 'failed' && !tests.some((t) => t.status === 'failed')) {
      problems.push(`${file}: ${suite.name} ${tests.length === 0 ? 'failed to load' : 'failed outside its tests'}: ${suite.message ?? ''}`.slice(0, 800));
      f++;
    }
    for (const t of tests) {
      const name = [...(t.ancestorTitles ?? []), t.title].join(' > ');
      if (t.status === 'passed') p++;
      else if (t.status === 'failed') { f++; problems.push(`${file}: FAILED ${name}`); }
      else {
        s++;
        if (/\[curand-host\]|\[curand-headers\]/.test(name)) {
          f++;
          problems.push(`${file}: a test that needs libcurand was skipped: ${name}`);
        } else if (/\[numpy\]/.test(name)) {
          f++;
          problems.push(`${file}: a test that needs NumPy (the draws' oracle) was skipped: ${name}`);
        } else if (/\[python\]/.test(name)) {
          f++;
          problems.push(`${file}: a test that needs CPython (node-curand/python's oracle) was skipped: ${name}`);
        }
      }
    }
  }
  console.log(`${file}: ${p} passed, ${f} failed, ${s} skipped`);
  passed += p; failed += f; skipped += s;
}
for (const file of extra) {
  const text = existsSync(file) ? readFileSync(file, 'utf8').trim() : `${file}: missing`;
  if (/ok$/.test(text)) passed++;
  else { failed++; problems.push(text); }
}
for (const p of problems) console.log(p);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
