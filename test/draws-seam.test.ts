/**
 * The seam under every draw (src/draws/word-buffer.ts): draws read the generator's uint32 stream in
 * blocks of WORD_BLOCK words, so their values are the same on every backend, states carry the
 * buffered words, and cuRAND calls made after draws continue after the last block taken. cuRAND
 * itself (curand-host) is the oracle for the words.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { Generator, type Algorithm, type BackendName, type Ordering } from '../src/index.js';
import { WORD_BLOCK } from '../src/draws/word-buffer.js';
import { ALGORITHM_TRAITS } from '../src/algorithms.js';
import { hasCurandHost } from './support/backends.js';

const ALGORITHMS: readonly Algorithm[] = ['philox4x32-10', 'mtgp32', 'xorwow', 'mrg32k3a', 'mt19937'];
const CPU: readonly BackendName[] = ['ts', 'wasm', 'simd'];
const ALL: readonly BackendName[] = hasCurandHost ? [...CPU, 'curand-host'] : CPU;

function orderingsOf(algorithm: Algorithm): Ordering[] {
  return (['default', 'best', 'legacy'] as const).filter((o) => ALGORITHM_TRAITS[algorithm].orderings.includes(o));
}

/** NumPy's next_double of words a, b (the formula the issue and the README give, written out). */
function double(a: number, b: number): number {
  return ((a >>> 5) * 67108864 + (b >>> 6)) / 9007199254740992;
}

describe.runIf(hasCurandHost)('[curand-host] the uint32 stream cuRAND writes does not depend on how it is split into calls', () => {
  for (const algorithm of ALGORITHMS) {
    it(`[curand-host] ${algorithm}: any split of a uint32 run, from any position, equals one call`, () => {
      fc.assert(
        fc.property(
          fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
          fc.constantFrom(...orderingsOf(algorithm)),
          fc.constantFrom<'none' | 'uniform' | 'normal'>('none', 'uniform', 'normal'),
          fc.array(fc.oneof(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: 20000 })), { minLength: 1, maxLength: 5 }),
          (seed, ordering, before, sizes) => {
            const whole = new Generator({ backend: 'curand-host', algorithm, seed, ordering });
            const split = new Generator({ backend: 'curand-host', algorithm, seed, ordering });
            for (const g of [whole, split]) {
              if (before === 'uniform') g.uniform(3);
              if (before === 'normal') g.normal(6);
            }
            const total = sizes.reduce((a, b) => a + b, 0);
            const expected = whole.uint32(total);
            const parts = new Uint32Array(total);
            let at = 0;
            for (const n of sizes) {
              parts.set(split.uint32(n), at);
              at += n;
            }
            whole.dispose();
            split.dispose();
            expect(parts).toEqual(expected);
          },
        ),
        { numRuns: algorithm === 'mt19937' ? 2 : 8 },
      );
    });
  }
});

describe('draws read the uint32 stream in blocks', () => {
  it.runIf(hasCurandHost)('[curand-host] random(k) is next_double of cuRAND\'s words, and a later cuRAND call starts after the block', () => {
    for (const algorithm of ALGORITHMS) {
      const words = new Generator({ backend: 'curand-host', algorithm, seed: 7n }).uint32(2 * WORD_BLOCK + 5);
      const g = new Generator({ backend: 'ts', algorithm, seed: 7n });
      const values = g.random(WORD_BLOCK / 2 + 3); // one block and 6 words of the next
      for (let i = 0; i < values.length; i++) expect(values[i]).toBe(double(words[2 * i]!, words[2 * i + 1]!));
      expect(g.uint32(5)).toEqual(words.subarray(2 * WORD_BLOCK, 2 * WORD_BLOCK + 5));
      // The rest of the second block is still the draws'.
      expect(g.random()).toBe(double(words[WORD_BLOCK + 6]!, words[WORD_BLOCK + 7]!));
    }
  });

  it('a Float32Array gets (w >>> 8)·2^-24 from one word each', () => {
    const words = new Generator({ seed: 3n }).uint32(10);
    const out = new Generator({ seed: 3n }).random(new Float32Array(10));
    for (let i = 0; i < 10; i++) expect(out[i]).toBe((words[i]! >>> 8) / 16777216);
  });

  it('random() never returns 1, uniformRange stays in [low, high)', () => {
    const g = new Generator({ seed: 42n });
    const v = g.random(1 << 16);
    expect(Math.max(...v)).toBeLessThan(1);
    expect(Math.min(...v)).toBeGreaterThanOrEqual(0);
    const r = g.uniformRange(-2, 3, 1 << 12);
    for (const x of r) expect(x >= -2 && x < 3).toBe(true);
  });

  it('setSeed, setOffset and setOrdering drop the buffered words (the stream restarts)', () => {
    const a = new Generator({ seed: 5n });
    const b = new Generator({ seed: 5n });
    a.random();
    a.setSeed(5n);
    expect(a.random(4)).toEqual(b.random(4));
    a.random();
    a.setOffset(0);
    b.setOffset(0);
    expect(a.random(4)).toEqual(b.random(4));
  });
});

/** One call of a mix: cuRAND's own calls and every family of draws, small and block-crossing sizes. */
type Call =
  | { kind: 'random' | 'uint32' | 'normal' | 'range' | 'integers' | 'wide' | 'bernoulli' | 'shuffle' | 'choice' | 'weighted' | 'gamma' | 'binomial' | 'categorical'; n: number }
  | { kind: 'scalar' | 'scalarInteger' };

const sizeArb = fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 9000 }));
const callArb: fc.Arbitrary<Call> = fc.oneof(
  fc.record({ kind: fc.constantFrom('random', 'range', 'integers', 'wide', 'bernoulli', 'shuffle', 'choice', 'weighted', 'gamma', 'binomial', 'categorical'), n: sizeArb }),
  fc.record({ kind: fc.constantFrom('scalar', 'scalarInteger') }),
  fc.record({ kind: fc.constant('uint32' as const), n: fc.integer({ min: 1, max: 3000 }) }),
  fc.record({ kind: fc.constant('normal' as const), n: fc.integer({ min: 1, max: 600 }).map((n) => 2 * n) }),
);

/** What `f` returns, or null when the backend refuses the state as one cuRAND cannot express. */
function expressible<T>(f: () => T): T | null {
  try {
    return f();
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_CURAND_STATE') return null;
    throw error;
  }
}

function apply(g: Generator, call: Call): unknown[] {
  switch (call.kind) {
    case 'scalar':
      return [g.random()];
    case 'scalarInteger':
      return [g.integers(-3, 1000)];
    case 'random':
      return [...g.random(call.n)];
    case 'uint32':
      return [...g.uint32(call.n)];
    case 'normal':
      return [...g.normal(call.n, 1, 2)];
    case 'range':
      return [...g.uniformRange(-1, 4, call.n)];
    case 'integers':
      return [...g.integers(0, 2 ** 31 + 1, call.n)];
    case 'wide':
      return [...g.integers(0n, 2n ** 64n - 3n, call.n)];
    case 'bernoulli':
      return [...g.bernoulli(0.3, call.n)];
    case 'shuffle':
      return [...g.shuffle(Float64Array.from({ length: call.n }, (_, i) => i))];
    case 'choice':
      return [...g.choice(call.n + 1, call.n, { replace: false })];
    case 'weighted':
      return [...g.choice(5, call.n, { p: [0.1, 0.4, 0, 0.3, 0.2] })];
    case 'gamma':
      return [...g.gamma(0.7, 2, call.n)];
    case 'binomial':
      return [...g.binomial(500, 0.2, call.n)];
    case 'categorical':
      return [...g.categorical([0.5, -1, 2, 0], call.n, { temperature: 0.9 })];
  }
}

describe('the same values on every backend, and states that resume anywhere', () => {
  for (const algorithm of ALGORITHMS) {
    it(`${hasCurandHost ? '[curand-host] ' : ''}${algorithm}: mixes of cuRAND calls and draws, a state saved mid-way resumed on another backend`, () => {
      fc.assert(
        fc.property(
          fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
          fc.array(callArb, { minLength: 1, maxLength: 6 }),
          fc.array(callArb, { minLength: 1, maxLength: 4 }),
          fc.constantFrom(...ALL),
          fc.constantFrom(...ALL),
          (seed, first, second, saveOn, resumeOn) => {
            const reference = new Generator({ backend: 'ts', algorithm, seed });
            const expected = [...first, ...second].map((c) => apply(reference, c));
            const g = new Generator({ backend: saveOn, algorithm, seed });
            const got = first.map((c) => apply(g, c));
            const state = JSON.stringify(g.getState());
            // cuRAND's API cannot reach every state (README, "State"): such a resume is refused
            // with ERR_CURAND_STATE, and the state resumes on the CPU backends instead.
            const h = expressible(() => Generator.fromState(state, { backend: resumeOn })) ?? Generator.fromState(state, { backend: 'ts' });
            got.push(...second.map((c) => apply(h, c)));
            expect(got).toEqual(expected);
            // In place too: the saved generator restored and replayed.
            if (expressible(() => g.setState(state)) !== null) expect(second.map((c) => apply(g, c))).toEqual(expected.slice(first.length));
            for (const x of [g, h, reference]) x.dispose();
          },
        ),
        { numRuns: algorithm === 'mt19937' ? 3 : 10 },
      );
    });
  }
});

describe('buffered words in the state', () => {
  it('a state without buffered words is version 1 as before; with them version 2 and base64 words', () => {
    const g = new Generator({ seed: 9n });
    expect(g.getState().version).toBe(1);
    expect(g.getState()).not.toHaveProperty('words');
    g.random();
    const s = g.getState();
    expect(s.version).toBe(2);
    expect(Buffer.from(s.words!, 'base64').length).toBe(4 * (WORD_BLOCK - 2));
  });

  it('malformed words are refused naming state.words, and setState leaves the generator as it was', () => {
    const g = new Generator({ seed: 9n });
    g.random(3);
    const good = g.getState();
    const bad: unknown[] = [
      { ...good, words: undefined },
      { ...good, version: 1 },
      { ...good, words: 'not base64!' },
      { ...good, words: 'AAA=' },
      { ...good, words: '' },
      { ...good, words: 12 },
      { ...good, words: Buffer.alloc(4 * ((1 << 16) + 1)).toString('base64') },
      { ...good, version: 3 },
      { ...good, algorithm: 'mtgp32', engine: new Generator({ algorithm: 'mtgp32' }).getState().engine },
    ];
    for (const state of bad) {
      const before = JSON.stringify(g.getState());
      expect(() => g.setState(state as never)).toThrow(/state\.(words|version|algorithm)/);
      expect(JSON.stringify(g.getState())).toBe(before);
    }
    expect(() => Generator.fromState({ ...good, words: 'AAA=' })).toThrow(RangeError);
  });

  it('setState resumes the draws where getState was called', () => {
    const g = new Generator({ seed: 11n, algorithm: 'xorwow' });
    g.random(100);
    const s = g.getState();
    const a = [g.random(), ...g.random(5000), ...g.uint32(7)];
    g.random(17);
    g.setState(s);
    expect([g.random(), ...g.random(5000), ...g.uint32(7)]).toEqual(a);
  });
});

describe('async draws', () => {
  for (const backend of ALL) {
    it(`${backend === 'curand-host' ? '[curand-host] ' : ''}${backend}: randomAsync gives what random gives, in order with the other calls`, async () => {
      const a = new Generator({ backend, seed: 21n });
      const b = new Generator({ backend: 'ts', seed: 21n });
      const p1 = a.randomAsync(3);
      const p2 = a.uint32Async(5);
      const p3 = a.randomAsync(WORD_BLOCK * 3 + 1);
      const p4 = a.randomAsync(new Float32Array(9));
      const p5 = a.uniformRangeAsync(-2, 5, WORD_BLOCK + 3);
      expect([...(await p1)]).toEqual([...b.random(3)]);
      expect([...(await p2)]).toEqual([...b.uint32(5)]);
      expect([...(await p3)]).toEqual([...b.random(WORD_BLOCK * 3 + 1)]);
      expect([...(await p4)]).toEqual([...b.random(new Float32Array(9))]);
      expect([...(await p5)]).toEqual([...b.uniformRange(-2, 5, WORD_BLOCK + 3)]);
      expect(a.getState()).toEqual(b.getState());
      a.dispose();
    });
  }

  it('an output taken away during the call rejects with ERR_CURAND_OUTPUT_DETACHED and leaves the state as it was', async () => {
    const g = new Generator({ backend: 'wasm', seed: 4n });
    g.random();
    const before = JSON.stringify(g.getState());
    const out = new Float64Array(WORD_BLOCK * 4);
    const pending = g.randomAsync(out);
    structuredClone(out.buffer, { transfer: [out.buffer] });
    await expect(pending).rejects.toMatchObject({ code: 'ERR_CURAND_OUTPUT_DETACHED' });
    expect(JSON.stringify(g.getState())).toBe(before);
  });

  it('bad arguments reject before anything is read', async () => {
    const g = new Generator({ seed: 4n });
    const before = JSON.stringify(g.getState());
    await expect(g.randomAsync(-1)).rejects.toThrow(RangeError);
    await expect(g.randomAsync(new Uint32Array(2) as never)).rejects.toThrow(/Float64Array, Float32Array/);
    expect(() => g.uniformRange(2, 1)).toThrow(/low must be below high/);
    expect(() => g.uniformRange(-Number.MAX_VALUE, Number.MAX_VALUE)).toThrow(/finite/);
    expect(() => g.uniformRange(0, NaN)).toThrow(/high/);
    expect(JSON.stringify(g.getState())).toBe(before);
  });
});
