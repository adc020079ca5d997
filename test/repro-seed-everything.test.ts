import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import {
  defaultGenerator,
  deriveSeed,
  Generator,
  hashSeedString,
  initialSeed,
  restoreMathRandom,
  seedEverything,
  withGenerator,
  WORKER_BRANCH,
  workerSeed,
} from '../src/index.js';
import { restoreProcessState } from './fixtures/repro/support.js';

afterEach(restoreProcessState);

const words = (g: Generator, n = 6) => Array.from(g.uint32(n));
const fresh = (seed: bigint, n = 6) => {
  using g = new Generator({ backend: 'ts', seed });
  return words(g, n);
};

describe('seedEverything', () => {
  it('seeds the default generator, reseeds one already in use, and reports what it did', () => {
    const before = defaultGenerator();
    before.uint32(10);
    const report = seedEverything(1234n);
    expect(report).toMatchObject({ seed: 1234n, source: 'argument', rank: null, generatorSeed: 1234n, reseeded: ['cpu'], mathRandom: false });
    expect(report.environment.NODE_CURAND_SEED).toBe('1234');
    expect(process.env.NODE_CURAND_SEED).toBe('1234');
    expect(defaultGenerator()).toBe(before);
    expect(defaultGenerator('cpu')).toBe(before);
    expect(['ts', 'wasm', 'simd']).toContain(before.backend); // the fastest exact CPU backend here
    expect(words(before)).toEqual(fresh(1234n));
    expect(initialSeed()).toBe(1234n);
  });

  it('hashes string seeds and reads NODE_CURAND_SEED when called without one', () => {
    expect(seedEverything('experiment-1')).toMatchObject({ seed: hashSeedString('experiment-1'), source: 'string' });
    process.env.NODE_CURAND_SEED = '99';
    expect(seedEverything()).toMatchObject({ seed: 99n, source: 'environment' });
    expect(words(defaultGenerator())).toEqual(fresh(99n));
  });

  it('without any seed draws one from the OS and reports it, so the run can be replayed', () => {
    delete process.env.NODE_CURAND_SEED;
    const report = seedEverything();
    expect(report.source).toBe('os');
    const unseededRun = words(defaultGenerator(), 16);
    seedEverything(report.seed);
    expect(words(defaultGenerator(), 16)).toEqual(unseededRun);
  });

  it('workers: true seeds a worker with deriveSeed(seed, WORKER_BRANCH, rank) and exports NODE_CURAND_WORKERS', () => {
    expect(seedEverything(5n, { workers: true })).toMatchObject({ rank: null, generatorSeed: 5n });
    expect(process.env.NODE_CURAND_WORKERS).toBe('1');
    process.env.RANK = '2';
    const report = seedEverything(5n, { workers: true });
    expect(report).toMatchObject({ rank: { path: [2], sources: ['RANK'] }, generatorSeed: deriveSeed(5n, WORKER_BRANCH, 2) });
    expect(words(defaultGenerator())).toEqual(fresh(deriveSeed(5n, WORKER_BRANCH, 2)));
    expect(workerSeed()).toBe(deriveSeed(5n, WORKER_BRANCH, 2));
    expect(workerSeed(undefined, 6n)).toBe(deriveSeed(6n, WORKER_BRANCH, 2));
    // An explicit rank is this thread's own level, under the process's launcher rank.
    expect(workerSeed(4)).toBe(deriveSeed(5n, WORKER_BRANCH, 2, 4));
    expect(workerSeed(4, 6n)).toBe(deriveSeed(6n, WORKER_BRANCH, 2, 4));
    delete process.env.RANK;
    expect(() => workerSeed()).toThrow(/no rank.*nodeCurandRank/);
    process.env.RANK = '2';
    expect(seedEverything(5n).generatorSeed).toBe(deriveSeed(5n, WORKER_BRANCH, 2)); // the exported NODE_CURAND_WORKERS stands in for the option
    expect(seedEverything(5n, { workers: false }).generatorSeed).toBe(5n);
    expect(process.env.NODE_CURAND_WORKERS).toBeUndefined();
  });

  it('validates its arguments before changing anything', () => {
    seedEverything(1n);
    expect(() => seedEverything(-1)).toThrow(RangeError);
    expect(() => seedEverything(1n, { worker: true } as never)).toThrow(/unknown option 'worker'/);
    expect(() => seedEverything(1n, { deterministic: 'yes' as never })).toThrow(/deterministic must be/);
    expect(() => seedEverything(1n, { mathRandom: 1 as never })).toThrow(/mathRandom must be true or false/);
    process.env.NODE_CURAND_DETERMINISTIC = 'maybe';
    expect(() => seedEverything(2n)).toThrow(/NODE_CURAND_DETERMINISTIC must be/);
    expect(initialSeed()).toBe(1n);
  });

  it('default generators: one per device; bad devices are refused', () => {
    expect(() => defaultGenerator('gpu' as never)).toThrow(/device must be 'cpu', 'cuda' or 'cuda:N'/);
    expect(() => defaultGenerator(0 as never)).toThrow(TypeError);
  });
});

describe('Math.random', () => {
  it('is replaced by a seeded stream in [0, 1) and restored', () => {
    const original = Math.random;
    seedEverything(5n, { mathRandom: true });
    expect(Math.random).not.toBe(original);
    const first = Array.from({ length: 10 }, () => Math.random());
    // The documented construction: words of Philox(seed) from element 2^63, two per value, genrand_res53.
    using g = new Generator({ backend: 'ts', seed: 5n, offset: 2n ** 63n });
    const w = g.uint32(20);
    expect(first).toEqual(Array.from({ length: 10 }, (_, i) => ((w[2 * i] >>> 5) * 2 ** 26 + (w[2 * i + 1] >>> 6)) / 2 ** 53));

    const many = Array.from({ length: 50000 }, () => Math.random());
    expect(many.every((x) => x >= 0 && x < 1 && Number.isInteger(x * 2 ** 53))).toBe(true);
    const mean = many.reduce((s, x) => s + x, 0) / many.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.01);

    seedEverything(5n); // reseeds the replacement (mathRandom left unspecified)
    expect(Array.from({ length: 10 }, () => Math.random())).toEqual(first);
    expect(restoreMathRandom()).toBe(true);
    expect(Math.random).toBe(original);
    expect(restoreMathRandom()).toBe(false);
  });

  it('mathRandom: false restores it', () => {
    const original = Math.random;
    seedEverything(1n, { mathRandom: true });
    expect(seedEverything(1n, { mathRandom: false }).mathRandom).toBe(false);
    expect(Math.random).toBe(original);
  });
});

describe('withGenerator', () => {
  it('isolates concurrent async tasks, and leaves the outer default generator untouched', async () => {
    seedEverything(777n);
    const outer = defaultGenerator();
    outer.uint32(3);
    const outerState = JSON.stringify(outer.getState());

    const task = (seed: bigint, delays: number[]) =>
      withGenerator(seed, async () => {
        const out: number[] = [];
        for (const ms of delays) {
          out.push(...defaultGenerator().uint32(2));
          await sleep(ms);
        }
        return out;
      });
    const [a, b] = await Promise.all([task(1n, [5, 0, 7, 1]), task(2n, [0, 6, 1, 3])]);
    expect(a).toEqual(fresh(1n, 8));
    expect(b).toEqual(fresh(2n, 8));
    expect(defaultGenerator()).toBe(outer);
    expect(JSON.stringify(outer.getState())).toBe(outerState);
  });

  it('runs sync functions, nests, resumes states and uses a given generator', () => {
    seedEverything(1n);
    let scoped: Generator | undefined;
    const result = withGenerator(10n, () => {
      scoped = defaultGenerator();
      const inner = withGenerator(11n, () => words(defaultGenerator()));
      expect(inner).toEqual(fresh(11n));
      return words(defaultGenerator());
    });
    expect(result).toEqual(fresh(10n));
    expect(scoped?.disposed).toBe(true); // generators the scope made are freed with it

    using g = new Generator({ backend: 'ts', seed: 3n });
    g.uint32(5);
    const state = g.getState();
    const resumed = withGenerator(state, () => words(defaultGenerator()));
    expect(withGenerator(g, () => defaultGenerator())).toBe(g);
    expect(resumed).toEqual(words(g));
    expect(g.disposed).toBe(false);
  });

  it('disposes its generators when fn throws; refuses bad sources and seedEverything inside', async () => {
    let scoped: Generator | undefined;
    expect(() =>
      withGenerator(1n, () => {
        scoped = defaultGenerator();
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(scoped?.disposed).toBe(true);
    await expect(withGenerator(1n, async () => Promise.reject(new Error('later')))).rejects.toThrow('later');
    expect(() => withGenerator({} as never, () => 0)).toThrow(/takes a seed/);
    expect(() => withGenerator(1n, 5 as never)).toThrow(/fn must be a function/);
    expect(() => withGenerator(1n, () => seedEverything(2n))).toThrow(/cannot run inside withGenerator/);
  });
});
