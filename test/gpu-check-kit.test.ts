/**
 * The GPU check kit (scripts/gpu-check/), end to end on the simulated device: pack it into a
 * temporary folder, run `scripts/gpu-check/run.sh` with GPU_CHECK_SIMULATE=1 (the CUDA test double,
 * built with g++) and GPU_CHECK_QUICK=1 (small sizes), and check its exit status and its report.
 * On a GPU machine the same run.sh is what the device tool runs (scripts/gpu-check/README.md).
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { childEnv, REPO_ROOT } from './native-support.js';
import { hasCurandHost } from './support/backends.js';

function hasCompiler(): boolean {
  try {
    execFileSync('g++', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const gxx = hasCompiler();
const hasDist = existsSync(join(REPO_ROOT, 'dist', 'index.js'));
if (!gxx) console.warn('\n!!! [curand-host] GPU kit test is SKIPPED: no g++ to build the CUDA test double\n');
if (!hasDist) throw new Error('test/gpu-check-kit.test.ts packs dist/: run npm run build:ts first (npm test does)');

interface Report {
  status: string;
  simulated: boolean;
  quick: boolean;
  problems: string[];
  steps: Array<{ step: string; rc: number; timedOut: boolean }>;
  facts: { backendInfo: { backends: { cuda: { available: boolean } }; cuda: { devices: Array<{ name: string }> } }; node: { version: string } };
  tests: { passed: number; failed: number; skipped: number; tests: Array<{ state: string; name: string; error: { message: string } | null }> };
  compare: {
    cases: Array<{ generator: string; case: string; expected: string; verdict: string; calls?: Array<{ deviceError?: { statusName: string | null } }> }>;
  };
  bench: {
    perCall: Array<{ dist: string; n: number; microseconds: Record<string, number> }>;
    throughput: Array<{ dist: string; valuesPerSecond: Record<string, number> }>;
    crossover: Record<string, Record<string, { note: string }>>;
    generationOnly: { available: boolean; note: string };
  };
}

describe.runIf(hasCurandHost && gxx)('[curand-host] the GPU check kit, packed and run against the simulated device', () => {
  const dir = mkdtempSync(join(tmpdir(), 'node-curand-gpu-kit-'));
  const kit = join(dir, 'kit');
  const out = join(dir, 'out');
  let run: { status: number | null; stdout: string; stderr: string };
  let report: Report;
  let markdown: string;

  beforeAll(async () => {
    execFileSync(process.execPath, ['scripts/gpu-check/pack.mjs', '--out', kit, '--skip-node', '--skip-build-ts'], { cwd: REPO_ROOT, stdio: 'pipe' });
    const env = childEnv({ GPU_CHECK_KIT: kit, GPU_CHECK_OUT: out, GPU_CHECK_SIMULATE: '1', GPU_CHECK_QUICK: '1' });
    delete env.OUT; // the device tool's output folder, never this test's
    run = await new Promise((resolve) => {
      execFile(
        join(REPO_ROOT, 'scripts/gpu-check/run.sh'),
        [],
        {
          cwd: REPO_ROOT,
          env,
          encoding: 'utf8',
          timeout: 160_000,
          maxBuffer: 64 * 2 ** 20,
        },
        (error, stdout, stderr) => resolve({ status: error === null ? 0 : typeof error.code === 'number' ? error.code : null, stdout, stderr }),
      );
    });
    const json = readdirSync(out).find((file) => file.endsWith('-simulated.json'));
    expect(json, `no report in ${out}; exit ${run.status}\n${run.stdout.slice(-4000)}`).toBeDefined();
    report = JSON.parse(readFileSync(join(out, json as string), 'utf8')) as Report;
    markdown = readFileSync(join(out, (json as string).replace(/json$/, 'md')), 'utf8');
  }, 180_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('carries no node_modules: the bundled tests import only Node built-ins and the kit’s dist/', () => {
    const bundle = readFileSync(join(kit, 'pkg', 'tests', 'cuda-tests.mjs'), 'utf8');
    const specifiers = [...bundle.matchAll(/(?:^|\n)\s*import\s[^'"]*?from\s*["']([^"']+)["']|import\(["']([^"']+)["']\)/g)].map((m) => m[1] ?? m[2]);
    expect(specifiers.length).toBeGreaterThan(0);
    for (const specifier of specifiers) expect(specifier).toMatch(/^(node:|\.\.\/dist\/)/);
    expect(existsSync(join(kit, 'node_modules'))).toBe(false);
    const manifest = JSON.parse(readFileSync(join(kit, 'manifest.json'), 'utf8')) as { testFiles: string[]; totalBytes: number };
    expect(manifest.testFiles).toEqual(expect.arrayContaining(['test/native-cuda.test.ts', 'test/repro-state.test.ts']));
    expect(manifest.totalBytes).toBeLessThan(16 * 2 ** 20); // without Node's binary (~26 MiB compressed)
  });

  it('exits with the status its report gives, within its time budget, and writes JSON, Markdown and the log', () => {
    expect(report.simulated).toBe(true);
    expect(report.quick).toBe(true);
    // The double's device generators are cuRAND's host ones: every check must pass.
    expect(report.status, report.problems.join('\n')).toBe('PASS');
    expect(run.status, run.stdout.slice(-3000)).toBe(0);
    expect(report.steps.map((s) => s.step)).toEqual(['facts', 'tests', 'compare', 'bench']);
    for (const s of report.steps) expect(s.timedOut, s.step).toBe(false);
    expect(readdirSync(out).sort().map((f) => f.replace(/^.*-simulated/, ''))).toEqual(['.json', '.log', '.md']);
    expect(markdown).toMatch(/^# GPU check: (PASS|FAIL) \(SIMULATED device/);
    for (const heading of ['## Machine', '## [cuda] tests', '## Device output against curand-host', '## Benchmarks', '## Steps']) expect(markdown).toContain(heading);
  });

  it('finds the simulated device and runs the cuda-tagged tests on it, all passing', () => {
    expect(report.facts.backendInfo.backends.cuda.available).toBe(true);
    expect(report.facts.backendInfo.cuda.devices[0]?.name).toBe('node-curand fake GPU (test double)');
    expect(report.tests.skipped).toBe(0);
    expect(report.tests.passed).toBeGreaterThanOrEqual(4);
    expect(report.tests.tests.filter((t) => t.state === 'fail').map((t) => `${t.name}: ${t.error?.message}`)).toEqual([]);
  });

  it('compares every generator: raw words and uniforms bit for bit, and no case fails', () => {
    for (const generator of ['philox4x32-10', 'mtgp32', 'xorwow', 'mrg32k3a', 'mt19937']) {
      for (const dist of ['uint32', 'uniform', 'uniformDouble']) {
        expect(report.compare.cases.find((c) => c.generator === generator && c.case === dist)?.verdict, `${generator} ${dist}`).toBe('pass');
      }
    }
    expect(report.compare.cases.filter((c) => c.verdict === 'fail').map((c) => `${c.generator} ${c.case}`)).toEqual([]);
    expect(report.compare.cases.filter((c) => c.verdict === 'not-run')).toEqual([]);
  });

  it('measures the cuda rows next to simd and curand-host, and says where cuda overtakes simd', () => {
    for (const dist of ['uniform', 'uniformDouble', 'normal']) {
      const row = report.bench.perCall.find((r) => r.dist === dist && r.n === 16);
      expect(Object.keys(row?.microseconds ?? {}).sort(), dist).toEqual(['cuda', 'cuda routed', 'curand-host', 'simd']);
      expect(report.bench.throughput.some((r) => r.dist === dist && r.valuesPerSecond.cuda > 0), dist).toBe(true);
      expect(report.bench.crossover[dist]?.['cuda vs simd']?.note, dist).toMatch(/cuda/);
    }
    // NativeGeneratorHandle.timeGenerate (ABI 7): CUDA-event times, which the double implements.
    expect(report.bench.generationOnly.available, report.bench.generationOnly.note).toBe(true);
  });
});
