import { describe, expect, it } from 'vitest';

import { REPO_ROOT, runScript } from './fixtures/repro/support.js';
import { hasPython } from './support/cpython.js';
import { hasNumpy } from './support/numpy.js';
import { join } from 'node:path';

// `node-curand bench python` (bench/python.mjs), through the command line as users run it, in its
// quickest mode (10^3 values, 10^3 scalar calls, one repetition): the machinery and the shape of its
// report, not speed.
describe('node-curand bench python', () => {
  const cli = join(REPO_ROOT, 'src/repro/cli.ts');

  it.runIf(hasPython && hasNumpy)('[python] [numpy] --quick --json measures every call on both sides and checks the goals', async () => {
    const run = await runScript(cli, ['bench', 'python', '--quick', '--json']);
    expect(run.status, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({
      schema: 'node-curand-bench-python/1',
      options: { quick: true, reps: 1, sizes: [1000], scalarCalls: 1000 },
      fills: expect.stringMatching(/^(native|wasm)$/),
      machine: { cores: expect.any(Number), loadAverage: { start: expect.any(Array), end: expect.any(Array) } },
      python: { version: expect.stringMatching(/^3\.\d+/), numpy: expect.any(String) },
      skipped: [],
    });
    const rows = report.results as { kind: string; library: string; js: string; n: number; jsSamples: number[]; pythonSamples: number[];
      jsValuesPerSecond: number; pythonValuesPerSecond: number; ratio: number; target: number | null; met: boolean | null }[];
    expect(rows.map((r) => r.js)).toEqual(expect.arrayContaining(['Random.random()', 'Random.randint(0, 9)', 'Random.gauss()', 'Random.choice(list of 10)',
      'Generator.random()', 'Generator.integers(0, 10)', 'Generator.random(n)', 'Generator.integers(0, 10, n)', 'Generator.standardNormal(n)',
      'RandomState.randomSample(n)', 'RandomState.randn(n)']));
    for (const r of rows) {
      expect(r.n).toBe(1000);
      expect(r.jsSamples).toHaveLength(1);
      expect(r.pythonSamples).toHaveLength(1);
      expect(r.jsValuesPerSecond).toBeGreaterThan(0);
      expect(r.pythonValuesPerSecond).toBeGreaterThan(0);
      expect(r.ratio).toBeCloseTo(r.jsValuesPerSecond / r.pythonValuesPerSecond, 10);
      expect(r.met).toBe(r.target === null ? null : r.ratio >= r.target);
    }
    // Scalar random() of both modules against 1× the element-wise Python call; every fill against 0.5× NumPy.
    const goals = report.goals as { goal: string; met: boolean }[];
    expect(goals).toHaveLength(7);
    for (const g of goals) expect(typeof g.met).toBe('boolean');
    expect(goals[0]!.goal).toBe('Random.random() ≥ 1× random.random() element-wise in Python');
  });

  it('prints the tables without --json, and refuses bad options with status 2', async () => {
    const help = await runScript(cli, ['bench', 'python', '--help']);
    expect(help).toMatchObject({ status: 0, stdout: expect.stringMatching(/^Usage: node-curand bench python/) });
    const bad = await runScript(cli, ['bench', 'python', '--sizes', '9']);
    expect(bad).toMatchObject({ status: 2, stderr: expect.stringMatching(/--sizes: 10\^9 values/) });
    const badFills = await runScript(cli, ['bench', 'python', '--fills', 'gpu']);
    expect(badFills).toMatchObject({ status: 2, stderr: expect.stringMatching(/--fills: one of auto, native, wasm, none/) });
    // Without Python the same report, node-curand's side only, with the reason.
    const alone = await runScript(cli, ['bench', 'python', '--quick', '--fills', 'none', '--note', 'test run'], { NODE_CURAND_PYTHON: 'no-such-python-here' });
    expect(alone.status, alone.stderr).toBe(0);
    expect(alone.stdout).toMatch(/^## Scalar calls, element-wise \(10\^3 calls/m);
    expect(alone.stdout).toMatch(/^\| Random\.random\(\) \| [\d.]+ [kMG] \| random\.random\(\) \| – \| – \|$/m);
    expect(alone.stdout).toMatch(/^- not measured: Generator\.random\(n\) ≥ 0\.5×/m);
    expect(alone.stdout).toMatch(/^- python: no-such-python-here cannot be run/m);
    expect(alone.stdout).toMatch(/test run$/m);
    expect(alone.stdout).toMatch(/^node-curand\/numpy's vectorised fills: none\.$/m);
  });
});
