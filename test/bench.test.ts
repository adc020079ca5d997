import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import { REPO_ROOT, runScript } from './fixtures/repro/support.js';
import { hasCurandHost } from './support/backends.js';

// The benchmark suite (bench/), through the command line as users run it: `node-curand bench`.
// Quick mode only (2^10 and 2^12 values, 3 repetitions): this checks the machinery and the shape of
// its output, not speed.
describe('node-curand bench', () => {
  const cli = join(REPO_ROOT, 'src/repro/cli.ts');

  it('--quick --json measures every candidate and writes the results, the goals and a chart', async () => {
    const svg = join(mkdtempSync(join(tmpdir(), 'node-curand-bench-')), 'bench.svg');
    const run = await runScript(cli, ['bench', '--quick', '--json', '--svg', svg]);
    expect(run.status, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({
      schema: 'node-curand-bench/1',
      options: { quick: true, reps: 3, sizes: [1024, 4096], dists: ['uniform', 'uniformDouble', 'normal'] },
      machine: { cores: expect.any(Number), loadAverage: { start: expect.any(Array), end: expect.any(Array) } },
      writeBaseline: 'write',
    });
    const ids = report.candidates.map((c: { id: string }) => c.id);
    expect(ids).toEqual(
      expect.arrayContaining(['write', 'node-curand:ts:philox4x32-10', 'seedrandom-xorwow', 'seedrandom-arc4', 'pure-rand-xoroshiro128plus',
        'stdlib-randu', 'stdlib-improved-ziggurat', 'random-js-mt19937', 'math-random', 'crypto-randomfill']),
    );
    // Every available backend is measured, every other one is listed with its reason.
    for (const [backend, status] of Object.entries(report.backends as Record<string, { available: boolean }>)) {
      const measured = ids.some((id: string) => id.startsWith(`node-curand:${backend}:`));
      const skipped = report.skipped.some((s: { id: string }) => s.id.startsWith(`node-curand:${backend}:`));
      expect(measured || skipped, backend).toBe(true);
      if (!status.available) expect(measured, backend).toBe(false);
    }
    for (const r of report.results) {
      expect(r.samples).toHaveLength(3);
      expect(r.valuesPerSecond).toBeGreaterThan(0);
      expect(r.bytesPerSecond).toBeCloseTo(r.valuesPerSecond * (r.dist === 'uniformDouble' ? 8 : 4), -3);
      expect(['single', 'workers', 'async']).toContain(r.mode);
      expect(r.fractionOfWrite).toBeGreaterThan(0);
    }
    // One-thread and split runs for each distribution and size, node-curand's …Async runs too.
    const modes = new Set(report.results.map((r: { mode: string }) => r.mode));
    if (report.options.threads > 1) expect([...modes].sort()).toEqual(['async', 'single', 'workers']);
    const ts = report.results.filter((r: { candidate: string }) => r.candidate === 'node-curand:ts:philox4x32-10');
    expect(ts.filter((r: { mode: string }) => r.mode === 'single')).toHaveLength(6);
    // The ratio to the best JavaScript peer is 1 for that peer.
    const best = report.results.find((r: { candidate: string; bestPeer: string }) => r.candidate === r.bestPeer);
    expect(best.ratioToBestPeer).toBe(1);
    expect(report.smallCalls.some((s: { defaultCpu: boolean }) => s.defaultCpu)).toBe(true);
    // Set-up times of every available backend (quick mode: the measured algorithm only).
    const setups = report.setups as { id: string; algorithm: string; samples: number[]; medianSeconds: number }[];
    expect(setups.map((x) => x.id)).toContain('node-curand:ts:philox4x32-10');
    for (const x of setups) {
      expect(x.algorithm).toBe('philox4x32-10');
      expect(x.samples.length).toBeGreaterThan(0);
      expect(x.medianSeconds).toBeGreaterThan(0);
    }
    expect(report.goals.length).toBeGreaterThan(5);
    for (const g of report.goals) expect([true, false, null]).toContain(g.met);
    expect(readFileSync(svg, 'utf8')).toMatch(/^<svg[^>]*>.*node-curand benchmark/s);
  });

  it('prints the tables without --json, and refuses bad options with status 2', async () => {
    const help = await runScript(cli, ['bench', '--help']);
    expect(help).toMatchObject({ status: 0, stdout: expect.stringMatching(/^Usage: node-curand bench/) });
    const bad = await runScript(cli, ['bench', '--reps', '0']);
    expect(bad).toMatchObject({ status: 2, stderr: expect.stringMatching(/--reps must be an integer >= 1/) });
    const tables = await runScript(cli, ['bench', '--quick', '--dists', 'uniform', '--threads', '1', '--filter', 'ts:|xorwow']);
    expect(tables.status, tables.stderr).toBe(0);
    expect(tables.stdout).toMatch(/^## uniform \(float32\), one thread$/m);
    expect(tables.stdout).toMatch(/^\| node-curand ts Philox \|/m);
    expect(tables.stdout).toMatch(/^## Goals \(issues 6 and 16\)$/m);
    expect(tables.stdout).toMatch(/^\| philox4x32-10 \| [\d.]+ ms \|$/m);
    expect(tables.stdout).not.toMatch(/threads \(worker threads/);
  });

  it.runIf(hasCurandHost)('--dists all measures uint32, double normals and Poisson too, each against cuRAND host (issue 16)', async () => {
    const run = await runScript(cli, ['bench', '--quick', '--dists', 'all', '--algorithms', 'philox4x32-10,xorwow', '--threads', '1', '--filter', '^node-curand:(ts|curand-host):']);
    expect(run.status, run.stderr).toBe(0);
    for (const [dist, type] of [['uint32', 'uint32'], ['normalDouble', 'float64'], ['poisson-10', 'uint32'], ['poisson-1000', 'uint32']]) {
      expect(run.stdout).toMatch(new RegExp(`^## ${dist} \\(${type}\\), one thread$`, 'm'));
    }
    expect(run.stdout).toMatch(/^## Against cuRAND's host generators \(2\^12 values, one thread\)$/m);
    expect(run.stdout).toMatch(/^\| generator \| uniform \| uniformDouble \| normal \| uint32 \| normalDouble \| poisson-10 \| poisson-1000 \|$/m);
    // One row per generator on ts, each of its 7 cells a ratio.
    for (const name of ['Philox', 'xorwow']) {
      expect(run.stdout).toMatch(new RegExp(`^\\| node-curand ts ${name} (\\| [\\d.]+ / [\\d.]+ = (\\*\\*)?[\\d.]+×(\\*\\*)? ){7}\\|$`, 'm'));
    }
    const bad = await runScript(cli, ['bench', '--dists', 'poisson']);
    expect(bad).toMatchObject({ status: 2, stderr: expect.stringMatching(/--dists: 'poisson' is not one of uniform, .*poisson-10, poisson-1000/) });
  });
});
