import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { deriveSeed, Generator, WORKER_BRANCH } from '../src/index.js';
import { fixture, lastJson, runScript } from './fixtures/repro/support.js';

interface StreamRun {
  seed: string;
  source: string;
  generatorSeed: string;
  rank: number[] | null;
  words: number[];
  normals: number[];
  mathRandom: number[];
}

interface WorkerResult {
  rank: number[];
  generatorSeed: string;
  workerSeed: string;
  stream: number[];
  items: Record<string, number[]>;
}

const stream = (args: string[], env: Record<string, string | undefined> = {}) => lastJson<StreamRun>(runScript(fixture('stream.ts'), args, env));
const job = (seed: number, workers: number) => lastJson<WorkerResult[]>(runScript(fixture('workers.ts'), [String(seed), String(workers)]));

describe('separate processes', () => {
  it('with the same seedEverything seed produce identical streams (generator, normals, Math.random)', async () => {
    // The second process gets the seed only through NODE_CURAND_SEED, as a child of the first would.
    const [a, b] = await Promise.all([stream(['2024']), stream([], { NODE_CURAND_SEED: '2024' })]);
    expect(b).toEqual({ ...a, source: 'environment' });
    using g = new Generator({ backend: 'ts', seed: 2024n });
    expect(a.words).toEqual(Array.from(g.uint32(8)));
  });

  it('launcher ranks give each process its own stream, reproducibly', async () => {
    const env = { NODE_CURAND_SEED: '7', NODE_CURAND_WORKERS: '1' };
    const [r1, again] = await Promise.all([stream([], { ...env, RANK: '1' }), stream([], { ...env, SLURM_PROCID: '1' })]);
    expect(r1.rank).toEqual([1]);
    expect(r1.generatorSeed).toBe(deriveSeed(7n, WORKER_BRANCH, 1).toString());
    expect(again).toEqual(r1);
    using rank0 = new Generator({ backend: 'ts', seed: deriveSeed(7n, WORKER_BRANCH, 0) });
    expect(Array.from(rank0.uint32(8))).not.toEqual(r1.words);
  });
});

describe('worker_threads', () => {
  it('get distinct streams, identical across runs and independent of the number of workers', async () => {
    const [two, three] = await Promise.all([job(7, 2), job(7, 3)]);

    // Each worker: its own stream, from deriveSeed(seed, WORKER_BRANCH, rank), whoever else runs.
    for (const w of [...two, ...three]) {
      expect(w.generatorSeed).toBe(deriveSeed(7n, WORKER_BRANCH, w.rank[0]).toString());
      expect(w.workerSeed).toBe(w.generatorSeed);
    }
    expect(new Set(three.map((w) => w.stream.join())).size).toBe(3);
    // Ranks 0 and 1 draw the same in both runs, though one run has a third worker.
    expect(two.map((w) => w.stream)).toEqual(three.slice(0, 2).map((w) => w.stream));

    // Work item k: the same numbers whichever worker computes it, with 2 or 3 workers.
    const items = (ws: WorkerResult[]) => Object.fromEntries(ws.flatMap((w) => Object.entries(w.items)).sort(([a], [b]) => Number(a) - Number(b)));
    expect(Object.keys(items(two))).toEqual(['0', '1', '2', '3', '4', '5']);
    expect(items(three)).toEqual(items(two));
    using item4 = new Generator({ backend: 'ts', seed: deriveSeed(7n, 4) });
    expect(items(two)['4']).toEqual(Array.from(item4.uint32(4)));
    // Worker streams and item streams never coincide.
    const workerStreams = new Set(three.map((w) => w.stream.join()));
    expect(Object.values(items(two)).some((s) => workerStreams.has(s.join()))).toBe(false);
  });
});

describe('node --import node-curand/register', () => {
  const register = ['--import', './src/repro/register.ts'];
  const app = fixture('register-app.mjs');

  it('applies NODE_CURAND_SEED and NODE_CURAND_DETERMINISTIC before the application runs', async () => {
    const run = await lastJson<{ atStart: Record<string, string | null>; deterministic: boolean; seed: string; words: number[] }>(
      runScript(app, [], { NODE_CURAND_SEED: '42', NODE_CURAND_DETERMINISTIC: '1', CUBLAS_WORKSPACE_CONFIG: undefined }, register),
    );
    expect(run.atStart).toEqual({ NODE_CURAND_SEED: '42', CUBLAS_WORKSPACE_CONFIG: ':4096:8', TF_DETERMINISTIC_OPS: '1', TF_CUDNN_DETERMINISTIC: '1' });
    expect(run.deterministic).toBe(true);
    expect(run.seed).toBe('42');
    expect(run.words).toEqual([0x9ceaf053, 0x77f5493b, 0x12bf50ad, 0x5742b3d7]); // Philox seed 42 (cuRAND host, measured)
  });

  it('does nothing without those variables, and fails at start on a malformed one', async () => {
    const [plain, bad] = await Promise.all([
      runScript(app, [], { NODE_CURAND_SEED: undefined, NODE_CURAND_DETERMINISTIC: undefined, CUBLAS_WORKSPACE_CONFIG: undefined }, register),
      runScript(app, [], { NODE_CURAND_DETERMINISTIC: 'sometimes' }, register),
    ]);
    const run = await lastJson<{ atStart: Record<string, string | null>; deterministic: boolean }>(Promise.resolve(plain));
    expect(run.atStart.CUBLAS_WORKSPACE_CONFIG).toBeNull();
    expect(run.deterministic).toBe(false);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/NODE_CURAND_DETERMINISTIC must be/);
  });

  it('is the package export node-curand/register', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    expect(pkg.exports['./register']).toEqual({ types: './dist/repro/register.d.ts', default: './dist/repro/register.js' });
    expect(pkg.bin).toEqual({ 'node-curand': 'dist/repro/cli.js' });
  });
});
