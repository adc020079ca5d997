import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { deriveSeed, Generator, hashSeedString } from '../src/index.js';
import { findRank, type RankContext } from '../src/repro/ranks.js';
import { parseSeedText, toSeed } from '../src/repro/seeds.js';

/** NumPy's own SeedSequence outputs (fixtures/repro/numpy-seedsequence.py, run once with NumPy 2.4). */
const numpy = JSON.parse(readFileSync(new URL('./fixtures/repro/numpy-seedsequence.json', import.meta.url), 'utf8')) as {
  numpy: string;
  derive: Array<{ seed: string; path: string[]; value: string }>;
  spawn: { seed: string; first: string[]; second: string[]; grandchildrenOfChild1: string[] };
  strings: Array<{ text: string; value: string }>;
};

describe('deriveSeed: NumPy SeedSequence(seed, spawn_key=path).generate_state(1, uint64)[0]', () => {
  it(`matches NumPy ${numpy.numpy} on ${numpy.derive.length} (seed, path) pairs`, () => {
    expect(numpy.derive.length).toBeGreaterThan(100);
    for (const d of numpy.derive) {
      expect(deriveSeed(BigInt(d.seed), ...d.path.map(BigInt)).toString(), `${d.seed} / (${d.path.join(', ')})`).toBe(d.value);
    }
  });

  it('accepts safe-integer numbers and string seeds as the same 64-bit seeds', () => {
    expect(deriveSeed(42, 3)).toBe(deriveSeed(42n, 3n));
    expect(deriveSeed('experiment-1', 0)).toBe(deriveSeed(hashSeedString('experiment-1'), 0));
  });

  it('rejects bad seeds and path elements, naming them', () => {
    expect(() => deriveSeed(-1)).toThrow(RangeError);
    expect(() => deriveSeed(2n ** 64n)).toThrow(/seed must be in \[0, 2\^64\)/);
    expect(() => deriveSeed(1.5)).toThrow(/seed must be an integer/);
    expect(() => deriveSeed(null as never)).toThrow(TypeError);
    expect(() => deriveSeed(1, -2)).toThrow(/path\[0\]/);
    expect(() => deriveSeed(1, 0, '3' as never)).toThrow(/path\[1\] must be a bigint or a safe integer/);
  });
});

describe('string seeds', () => {
  it('hash as SHA-256 of the UTF-8 bytes, first 8 bytes big-endian (Python hashlib vectors)', () => {
    for (const s of numpy.strings) expect(hashSeedString(s.text).toString(), JSON.stringify(s.text)).toBe(s.value);
    expect(toSeed('día-😀')).toBe(hashSeedString('día-😀'));
  });

  it('NODE_CURAND_SEED text: decimals below 2^64 are integers, anything else is hashed', () => {
    expect(parseSeedText('42')).toBe(42n);
    expect(parseSeedText('18446744073709551615')).toBe(2n ** 64n - 1n);
    expect(parseSeedText('18446744073709551616')).toBe(hashSeedString('18446744073709551616'));
    expect(parseSeedText('042')).toBe(hashSeedString('042'));
    expect(parseSeedText('run-7')).toBe(hashSeedString('run-7'));
  });
});

describe('Generator.spawn: NumPy SeedSequence.spawn', () => {
  it('children, repeated calls and grandchildren have the seeds NumPy gives', () => {
    using root = new Generator({ backend: 'ts', seed: BigInt(numpy.spawn.seed) });
    const first = root.spawn(3);
    const second = root.spawn(2);
    const grand = first[1].spawn(2);
    expect(first.map((g) => g.seed.toString())).toEqual(numpy.spawn.first);
    expect(second.map((g) => g.seed.toString())).toEqual(numpy.spawn.second);
    expect(grand.map((g) => g.seed.toString())).toEqual(numpy.spawn.grandchildrenOfChild1);
    for (const g of [...first, ...second, ...grand]) g.dispose();
  });

  it('child k is deriveSeed(seed, k), with the parent algorithm, ordering, backend, device and hostMath', () => {
    using parent = new Generator({ backend: 'ts', seed: 7n, ordering: 'legacy', hostMath: 'x86-sse2' });
    const kids = parent.spawn(4);
    kids.forEach((kid, k) => {
      expect(kid.seed).toBe(deriveSeed(7n, k));
      expect([kid.algorithm, kid.ordering, kid.backend, kid.device]).toEqual(['philox4x32-10', 'legacy', 'ts', 'cpu']);
      expect(kid.backendDetail).toContain('x86-sse2');
      expect(kid.position).toBe(0n);
    });
    // The stream of child 3 is the same whoever makes it, however many siblings it has.
    using alone = new Generator({ backend: 'ts', seed: deriveSeed(7n, 3), ordering: 'legacy' });
    expect(Array.from(kids[3].uint32(8))).toEqual(Array.from(alone.uint32(8)));
    for (const kid of kids) kid.dispose();
  });

  it('a reseeded parent starts a new family; spawn(0) and bad counts', () => {
    using g = new Generator({ backend: 'ts', seed: 1n });
    g.spawn(2).forEach((c) => c.dispose());
    g.setSeed(2n);
    const [c0] = g.spawn(1);
    expect(c0.seed).toBe(deriveSeed(2n, 0));
    c0.dispose();
    expect(g.spawn(0)).toEqual([]);
    expect(() => g.spawn(-1)).toThrow(RangeError);
    expect(() => g.spawn(1.5)).toThrow(/n must be an integer/);
    g.dispose();
    expect(() => g.spawn(1)).toThrow(/disposed/);
  });
});

describe('findRank: each launch level adds one element to the rank path', () => {
  // Deterministic mode here: a worker thread without a rank is refused (test/repro-ranks.test.ts covers the creation order).
  const ctx = (over: Partial<RankContext>): RankContext => ({ env: {}, isMainThread: true, workerData: null, clusterWorkerId: null, threadId: 0, refusesCreationOrder: () => true, ...over });

  it('nothing: not a worker', () => {
    expect(findRank(ctx({}))).toBeNull();
  });

  it('reads the launchers in order of trust', () => {
    expect(findRank(ctx({ env: { RANK: '3', LOCAL_RANK: '1' } }))).toEqual({ path: [3], sources: ['RANK'] });
    expect(findRank(ctx({ env: { SLURM_PROCID: '5' } }))).toEqual({ path: [5], sources: ['SLURM_PROCID'] });
    expect(findRank(ctx({ env: { OMPI_COMM_WORLD_RANK: '2' } }))?.path).toEqual([2]);
    expect(findRank(ctx({ env: { PMI_RANK: '4' } }))?.path).toEqual([4]);
    expect(findRank(ctx({ env: { JOB_COMPLETION_INDEX: '9' } }))?.sources).toEqual(['JOB_COMPLETION_INDEX']);
    expect(findRank(ctx({ env: { LOCAL_RANK: '1' } }))?.sources).toEqual(['LOCAL_RANK']);
  });

  it('nests launcher, NODE_CURAND_RANK, cluster worker and worker thread', () => {
    expect(
      findRank(ctx({ env: { RANK: '1', NODE_CURAND_RANK: '2' }, clusterWorkerId: 4, isMainThread: false, workerData: { nodeCurandRank: 0 } })),
    ).toEqual({ path: [1, 2, 3, 0], sources: ['RANK', 'NODE_CURAND_RANK', 'cluster.worker.id', 'workerData.nodeCurandRank'] });
  });

  it('in deterministic mode a worker thread must be given its rank; malformed ranks are refused', () => {
    expect(() => findRank(ctx({ isMainThread: false, workerData: { other: 1 } }))).toThrow(/workerData: \{ nodeCurandRank: k \}/);
    expect(() => findRank(ctx({ env: { RANK: 'x' } }))).toThrow(/RANK must be a non-negative integer/);
    expect(() => findRank(ctx({ isMainThread: false, workerData: { nodeCurandRank: -1 } }))).toThrow(RangeError);
  });
});
