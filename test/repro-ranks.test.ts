/**
 * Worker ranks (src/repro/ranks.ts): an explicit rank for workerSeed(rank), and worker threads
 * without one (thread pools cannot give each thread its own workerData), which outside
 * deterministic mode take their creation order, with a one-time warning.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { deriveSeed, Generator, hashSeedString, seedEverything, WORKER_BRANCH, workerSeed } from '../src/index.js';
import { CREATION_ORDER_SOURCE, creationOrderWarning, findRank, type RankContext } from '../src/repro/ranks.js';
import { fixture, lastJson, restoreProcessState, runBuilt, runScript } from './fixtures/repro/support.js';

afterEach(restoreProcessState);

/** A worker thread's context, as default-generators.ts builds it; `refuses`: deterministic mode. */
const thread = (more: Partial<RankContext> = {}, refuses = false): RankContext => ({
  env: {},
  isMainThread: false,
  workerData: undefined,
  clusterWorkerId: null,
  threadId: 5,
  refusesCreationOrder: () => refuses,
  ...more,
});

describe('findRank', () => {
  it('a worker thread without a rank takes threadId − 1, its place in the order the process created its threads', () => {
    const rank = findRank(thread());
    expect(rank).toEqual({ path: [4], sources: [CREATION_ORDER_SOURCE] });
    expect(creationOrderWarning(rank)).toMatch(/rank 4, its place in the order in which this process created its worker threads .*same in every run only if/);
    expect(findRank(thread({ env: { RANK: '2' } }))).toEqual({ path: [2, 4], sources: ['RANK', CREATION_ORDER_SOURCE] });
  });

  it('deterministic mode refuses it, saying how to pass a rank', () => {
    expect(() => findRank(thread({}, true))).toThrow(expect.objectContaining({ code: 'ERR_CURAND_CONTEXT', message: expect.stringMatching(/nodeCurandRank.*workerSeed\(k\)/) }));
  });

  it('workerData.nodeCurandRank and an explicit rank come first, with no warning; deterministic mode is asked only when neither is given', () => {
    const ask = () => {
      throw new Error('asked');
    };
    const fromData = findRank(thread({ workerData: { nodeCurandRank: 3 }, refusesCreationOrder: ask }));
    expect(fromData).toEqual({ path: [3], sources: ['workerData.nodeCurandRank'] });
    expect(creationOrderWarning(fromData)).toBeNull();
    expect(findRank(thread({ workerData: { nodeCurandRank: 3 }, rank: 8, refusesCreationOrder: ask }))).toEqual({ path: [8], sources: ['rank'] });
    // In a main thread, an explicit rank is one level below the process's own rank.
    expect(findRank(thread({ isMainThread: true, threadId: 0, rank: 8, env: { SLURM_PROCID: '1' } }))).toEqual({ path: [1, 8], sources: ['SLURM_PROCID', 'rank'] });
    expect(findRank(thread({ isMainThread: true, threadId: 0 }))).toBeNull();
  });
});

describe('workerSeed(rank?, seed?)', () => {
  it('an explicit rank gives deriveSeed(seed, WORKER_BRANCH, ...process rank, rank), in any thread', () => {
    seedEverything(5n);
    expect(workerSeed(0)).toBe(deriveSeed(5n, WORKER_BRANCH, 0));
    expect(workerSeed(3)).toBe(deriveSeed(5n, WORKER_BRANCH, 3));
    expect(workerSeed(3, 'job')).toBe(deriveSeed(hashSeedString('job'), WORKER_BRANCH, 3));
    expect(workerSeed(Number.MAX_SAFE_INTEGER, 6n)).toBe(deriveSeed(6n, WORKER_BRANCH, Number.MAX_SAFE_INTEGER));
    process.env.RANK = '2';
    expect(workerSeed(3)).toBe(deriveSeed(5n, WORKER_BRANCH, 2, 3));
  });

  it('refuses a rank that is not a non-negative safe integer, naming it and the range', () => {
    seedEverything(5n);
    for (const rank of [-1, 1.5, NaN, Infinity, 2 ** 53]) {
      expect(() => workerSeed(rank)).toThrow(RangeError);
      expect(() => workerSeed(rank)).toThrow(/rank must be an integer in \[0, 9007199254740991\]/);
    }
    for (const rank of ['1', 1n, null]) expect(() => workerSeed(rank as never)).toThrow(TypeError);
    // The rank is checked before the job seed is looked for.
    delete process.env.NODE_CURAND_SEED;
    expect(() => workerSeed(-1, 'x')).toThrow(/rank must be/);
  });
});

interface ThreadReport {
  threadId: number;
  rank: { path: number[]; sources: string[] } | { error: string };
  generatorSeed: string | null;
  workerSeed: string | { error: string };
  explicit: string;
  stream: number[] | null;
  warnings: string[];
}

const pool = (mode: 'off' | 'on' | 'warn') => lastJson<ThreadReport[]>(runBuilt(fixture('pool.mjs'), ['11', mode]));

describe('a pool of worker threads started without workerData (child processes)', () => {
  it('three threads created one after another get three distinct seeds, the same in every run, and one warning each', async () => {
    const [first, second] = [await pool('off'), await pool('off')];
    expect(second).toEqual(first);
    expect(first).toHaveLength(3);
    expect(new Set(first.map((t) => t.generatorSeed)).size).toBe(3);
    for (const t of first) {
      // The creation order is the thread id (1 for the first worker thread).
      expect(t.rank).toEqual({ path: [t.threadId - 1], sources: [CREATION_ORDER_SOURCE] });
      expect(t.generatorSeed).toBe(deriveSeed(11n, WORKER_BRANCH, t.threadId - 1).toString());
      expect(t.workerSeed).toBe(t.generatorSeed);
      using g = new Generator({ backend: 'ts', seed: BigInt(t.generatorSeed!) });
      expect(t.stream).toEqual(Array.from(g.uint32(4)));
      // seedEverything() twice and workerSeed() twice in the thread: one warning.
      expect(t.warnings).toEqual(['NODE_CURAND_CREATION_ORDER_RANK']);
      expect(t.explicit).toBe(deriveSeed(11n, WORKER_BRANCH, 7).toString());
    }
  });

  it('deterministic mode refuses them a rank (ERR_CURAND_CONTEXT) but takes an explicit one; warn-only mode gives it with the warning', async () => {
    const [strict, warnOnly, off] = await Promise.all([pool('on'), pool('warn'), pool('off')]);
    for (const t of strict) {
      expect(t.rank).toEqual({ error: 'ERR_CURAND_CONTEXT' });
      expect(t.workerSeed).toEqual({ error: 'ERR_CURAND_CONTEXT' });
      expect(t.warnings).toEqual([]);
      expect(t.explicit).toBe(deriveSeed(11n, WORKER_BRANCH, 7).toString());
    }
    expect(warnOnly.map((t) => t.generatorSeed)).toEqual(off.map((t) => t.generatorSeed));
    for (const t of warnOnly) expect(t.warnings).toEqual(['NODE_CURAND_CREATION_ORDER_RANK']);
  });
});
