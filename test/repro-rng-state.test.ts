/**
 * getRngState() / setRngState() (src/repro/rng-state.ts): every default generator, the job seed and
 * the seeded Math.random saved as JSON and restored in place, in the same process or a new one; a
 * malformed or unusable snapshot changes nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { defaultGenerator, Generator, getRngState, initialSeed, RNG_STATE_FORMAT, seedEverything, setRngState, withGenerator, type RngState } from '../src/index.js';
import { fixture, lastJson, restoreProcessState, runScript } from './fixtures/repro/support.js';

afterEach(restoreProcessState);

/** What the process draws next: the CPU default generator (cuRAND calls and draws) and Math.random. */
function draw() {
  const g = defaultGenerator();
  return { normals: Array.from(g.normalDouble(5, 1, 2)), words: Array.from(g.uint32(7)), random: Array.from(g.random(3)), math: [Math.random(), Math.random()] };
}

describe('getRngState / setRngState in one process', () => {
  it('save, draw, restore, draw again: the same values, with the same generator object', () => {
    seedEverything('rng-state', { mathRandom: true });
    const g = defaultGenerator();
    g.uniform(33);
    g.random(); // words left buffered
    Math.random();
    const snapshot = getRngState();
    expect(snapshot).toMatchObject({ format: RNG_STATE_FORMAT, version: 1, seed: { source: 'string', rank: null } });
    expect(Object.keys(snapshot.generators)).toEqual(['cpu']);
    expect(snapshot.mathRandom).not.toBeNull();
    // Plain JSON: it survives a round trip unchanged.
    expect(JSON.parse(JSON.stringify(snapshot))).toEqual(snapshot);

    const first = draw();
    setRngState(snapshot);
    expect(defaultGenerator()).toBe(g);
    expect(draw()).toEqual(first);
    setRngState(JSON.stringify(snapshot)); // its JSON text too
    expect(draw()).toEqual(first);
  });

  it('restores the job seed and an unreplaced Math.random; other default generators restart from the seed', () => {
    const original = Math.random;
    seedEverything(7n);
    defaultGenerator().uint32(10);
    const snapshot = getRngState();
    expect(snapshot.mathRandom).toBeNull();
    const expected = draw();

    seedEverything(8n, { mathRandom: true });
    defaultGenerator().uint32(3);
    setRngState(snapshot);
    expect(initialSeed()).toBe(7n);
    expect(process.env.NODE_CURAND_SEED).toBe('7');
    expect(Math.random).toBe(original);
    const again = draw();
    expect({ ...again, math: [] }).toEqual({ ...expected, math: [] });

    // A default generator the snapshot does not list restarts from the seed, as one first used after it would.
    setRngState({ ...snapshot, generators: {} });
    using fresh = new Generator({ backend: 'ts', seed: 7n });
    expect(Array.from(defaultGenerator().uint32(6))).toEqual(Array.from(fresh.uint32(6)));
  });

  it('Math.random resumes at its saved position, whatever it drew since', () => {
    seedEverything(9n, { mathRandom: true });
    for (let i = 0; i < 5000; i++) Math.random(); // past a refill of its block
    const snapshot = getRngState();
    const next = Array.from({ length: 4100 }, () => Math.random());
    setRngState(snapshot);
    expect(Array.from({ length: 4100 }, () => Math.random())).toEqual(next);
    // The documented stream: Philox(seed) from element 2^63, two words per value.
    using g = new Generator({ backend: 'ts', seed: 9n, offset: BigInt(snapshot.mathRandom!.position) });
    const w = g.uint32(2);
    setRngState(snapshot);
    expect(Math.random()).toBe(((w[0]! >>> 5) * 2 ** 26 + (w[1]! >>> 6)) / 2 ** 53);
  });

  it('is process-wide: refused inside withGenerator', () => {
    seedEverything(1n);
    const snapshot = getRngState();
    withGenerator(2n, () => {
      expect(() => getRngState()).toThrow(expect.objectContaining({ code: 'ERR_CURAND_CONTEXT' }));
      expect(() => setRngState(snapshot)).toThrow(expect.objectContaining({ code: 'ERR_CURAND_CONTEXT', message: expect.stringMatching(/withGenerator/) }));
    });
  });
});

describe('malformed or unusable snapshots are refused, naming the field, and change nothing', () => {
  const xorwowState = () => {
    using g = new Generator({ backend: 'ts', algorithm: 'xorwow' });
    return g.getState();
  };
  /** Mutations of a good snapshot, each with the error it must give. */
  const cases: [string, (s: RngState & Record<string, unknown>) => unknown, ErrorConstructor, RegExp][] = [
    ['not an object', () => 42, TypeError, /snapshot must be an object/],
    ['not JSON text', () => '{"format":', TypeError, /not JSON/],
    ['another format', (s) => ({ ...s, format: 'node-curand/generator-state' }), TypeError, /snapshot\.format must be 'node-curand\/rng-state'/],
    ['another version', (s) => ({ ...s, version: 2 }), RangeError, /snapshot\.version must be 1/],
    ['a missing field', ({ mathRandom: _m, ...s }) => s, TypeError, /snapshot\.mathRandom is missing/],
    ['an unknown field', (s) => ({ ...s, extra: 1 }), TypeError, /unknown field 'extra'/],
    ['a seed of 2^64', (s) => ({ ...s, seed: { ...s.seed, seed: '18446744073709551616', generatorSeed: '18446744073709551616' } }), RangeError, /snapshot\.seed\.seed must be at most/],
    ['a seed as a number', (s) => ({ ...s, seed: { ...s.seed, seed: 5 } }), TypeError, /snapshot\.seed\.seed must be a decimal integer string/],
    ['an unknown seed source', (s) => ({ ...s, seed: { ...s.seed, source: 'dice' } }), RangeError, /snapshot\.seed\.source must be one of/],
    ['a generator seed that is not the seed', (s) => ({ ...s, seed: { ...s.seed, generatorSeed: '1' } }), RangeError, /snapshot\.seed\.generatorSeed must be seed/],
    ['a rank that is not a path', (s) => ({ ...s, seed: { ...s.seed, rank: { path: [-1], sources: ['RANK'] } } }), TypeError, /snapshot\.seed\.rank\.path/],
    ['a rank whose seed does not follow', (s) => ({ ...s, seed: { ...s.seed, rank: { path: [1], sources: ['RANK'] } } }), RangeError, /generatorSeed must be deriveSeed\(seed, WORKER_BRANCH, \.\.\.rank\.path\)/],
    ['an unknown device', (s) => ({ ...s, generators: { gpu: s.generators.cpu } }), RangeError, /snapshot\.generators \("gpu"\) must be 'cpu', 'cuda' or 'cuda:N'/],
    ['a device not written as getRngState writes it', (s) => ({ ...s, generators: { cuda: s.generators.cpu } }), RangeError, /snapshot\.generators\.cuda: devices are written 'cpu' or 'cuda:N'/],
    ['a generator state that is not one', (s) => ({ ...s, generators: { cpu: { format: 'x' } } }), TypeError, /snapshot\.generators\.cpu: state\.format must be/],
    ['a state of another algorithm', (s) => ({ ...s, generators: { cpu: xorwowState() } }), RangeError, /snapshot\.generators\.cpu\.algorithm must be 'philox4x32-10'/],
    ['a tampered engine part', (s) => ({ ...s, generators: { cpu: { ...s.generators.cpu, engine: { cursor: '-1' } } } }), Error, /snapshot\.generators\.cpu: /],
    ['Math.random at an odd word', (s) => ({ ...s, mathRandom: { ...s.mathRandom!, position: (BigInt(s.mathRandom!.position) + 1n).toString() } }), RangeError, /snapshot\.mathRandom\.position must be 2\^63 plus an even number/],
    ['Math.random before its stream', (s) => ({ ...s, mathRandom: { ...s.mathRandom!, position: '4' } }), RangeError, /snapshot\.mathRandom\.position/],
    ['Math.random without a seed', (s) => ({ ...s, mathRandom: { position: s.mathRandom!.position } }), TypeError, /snapshot\.mathRandom\.seed must be a decimal/],
  ];

  for (const [name, mutate, type, message] of cases) {
    it(name, () => {
      seedEverything('good', { mathRandom: true });
      defaultGenerator().uint32(5);
      const good = getRngState() as RngState & Record<string, unknown>;
      // Move away from the snapshot, so that a partial restore would show.
      seedEverything('elsewhere', { mathRandom: true });
      defaultGenerator().uint32(9);
      const stateBefore = getRngState();
      const bad = mutate(structuredClone(good));
      expect(() => setRngState(bad as RngState)).toThrow(type);
      expect(() => setRngState(bad as RngState)).toThrow(message);
      expect(getRngState()).toEqual(stateBefore);
      expect(process.env.NODE_CURAND_SEED).toBe(stateBefore.seed.seed);
    });
  }

  it('a generator busy with an async call: ERR_CURAND_BUSY, and nothing changes', async () => {
    seedEverything(3n, { mathRandom: true });
    const snapshot = getRngState();
    defaultGenerator().uint32(4);
    Math.random();
    const before = getRngState();
    const pending = defaultGenerator().uint32Async(1000);
    expect(() => setRngState(snapshot)).toThrow(expect.objectContaining({ code: 'ERR_CURAND_BUSY', message: expect.stringMatching(/^snapshot\.generators\.cpu: /) }));
    await pending;
    // Only the async call moved the generator on.
    using twin = Generator.fromState(before.generators.cpu!, { backend: 'ts' });
    twin.uint32(1000);
    expect(getRngState()).toEqual({ ...before, generators: { cpu: twin.getState() } });
  });
});

describe('a checkpoint on disk, restored in a new process (child processes)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'node-curand-rng-state-'));
  const file = join(dir, 'checkpoint.json');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  interface Next {
    normals: number[];
    words: number[];
    random: number[];
    mathRandom: number[];
    seed: string;
    same?: boolean;
    exported?: string;
  }

  it('continues exactly, in a fresh process and in one whose default generator is already in use', async () => {
    const saved = await lastJson<Next>(runScript(fixture('checkpoint.ts'), ['save', file]));
    const [fresh, inUse] = await Promise.all([
      lastJson<Next>(runScript(fixture('checkpoint.ts'), ['resume', file], { NODE_CURAND_SEED: undefined })),
      lastJson<Next>(runScript(fixture('checkpoint.ts'), ['resume-in-use', file], { NODE_CURAND_SEED: undefined })),
    ]);
    expect(fresh).toEqual({ ...saved, same: true, exported: saved.seed });
    expect(inUse).toEqual({ ...saved, same: true, exported: saved.seed });
  });

  it('a snapshot listing a device this machine lacks is refused whole: the CPU generator it had made is not kept', async () => {
    const out = await lastJson<{ code: string | null; message: string | null; seed: string; words: number[]; mathRandom: unknown }>(
      runScript(fixture('checkpoint.ts'), ['refuse-cuda', file], { NODE_CURAND_SEED: '5' }),
    );
    expect(out.message).toMatch(/^snapshot\.generators\.cuda:9999: /);
    expect(out.seed).toBe('5');
    using g = new Generator({ backend: 'ts', seed: 5n });
    expect(out.words).toEqual(Array.from(g.uint32(3)));
    expect(out.mathRandom).toBeNull();
  });
});
