import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Generator } from '../src/index.js';
import { DISTRIBUTIONS, type Algorithm, type BackendName, type Distribution, type Ordering } from '../src/types.js';
import { hasCurandHost } from './support/backends.js';
import { expectSameBits } from './support/compare.js';
import { runDifferential, seedArb, type Scenario, type Step } from './support/scenarios.js';

/**
 * Offsets near 2^64 and streams running past it (issue 12, item 10), against cuRAND's host
 * generators (docs/spec/curand-more-generators.md §1.5, §2.3; curand-host-semantics.md §2.5):
 * - XORWOW: curandSetGeneratorOffset(o) counts each thread's slots as ⌊(o + 4095 − t)/4096⌋ in 64-bit
 *   arithmetic, so within 4096 of 2^64 the threads t < o + 4096 − 2^64 start at their first word;
 * - MRG32k3a and Philox count exactly; past element 2^64 − 1 every generator simply goes on, its
 *   threads in the same order (MRG32k3a's 81920 threads do not divide 2^64, which shows it);
 * - every state getState() returns past 2^64 resumes on the CPU backends, and the native ones refuse
 *   it with ERR_CURAND_STATE (curandSetGeneratorOffset cannot express it).
 */

const CPU_BACKENDS: BackendName[] = ['ts', 'wasm', 'simd'];
const TWO_64 = 2n ** 64n;

interface Layout {
  algorithm: Algorithm;
  ordering: Ordering;
  /** Elements per round of the layout: threads × elements per slot (Philox: 4 × 65536). */
  round: number;
}
const LAYOUTS: Layout[] = [
  { algorithm: 'xorwow', ordering: 'default', round: 4096 },
  { algorithm: 'mrg32k3a', ordering: 'default', round: 81920 },
  { algorithm: 'mrg32k3a', ordering: 'legacy', round: 4096 },
  { algorithm: 'philox4x32-10', ordering: 'default', round: 262144 },
];

const NORMALS: Distribution[] = ['normal', 'normalDouble', 'logNormal', 'logNormalDouble'];

/** Steps from `offset`: the first ones stop short of 2^64, a long one crosses it, then a mix. */
function stepsArb(layout: Layout): fc.Arbitrary<Step[]> {
  const even = (d: Distribution, n: number) => (layout.algorithm !== 'philox4x32-10' && NORMALS.includes(d) ? n + (n % 2) : n);
  const step = (max: number) =>
    fc
      .record({ dist: fc.constantFrom(...DISTRIBUTIONS), n: fc.integer({ min: 1, max }), async: fc.boolean() })
      .map(({ dist, n, async }): Step => ({
        op: 'generate',
        dist,
        n: even(dist, n),
        a: dist === 'poisson' ? 2500.5 : 0.25,
        b: dist === 'poisson' ? 0 : 1.5,
        async,
        inPlace: false,
      }));
  return fc.tuple(fc.array(step(40), { maxLength: 3 }), step(3 * layout.round), fc.array(step(3000), { maxLength: 3 })).map(([a, b, c]) => [...a, b, ...c]);
}

function offsetArb(layout: Layout): fc.Arbitrary<bigint> {
  return fc
    .oneof(fc.integer({ min: 1, max: 40 }), fc.integer({ min: layout.round - 40, max: layout.round + 40 }), fc.integer({ min: 1, max: 3 * layout.round }))
    .map((k) => TWO_64 - BigInt(k));
}

describe.runIf(hasCurandHost)('[curand-host] offsets near 2^64 and streams past it', () => {
  for (const layout of LAYOUTS) {
    it(`${layout.algorithm} ${layout.ordering}: every CPU backend writes cuRAND's bits`, async () => {
      await fc.assert(
        fc.asyncProperty(seedArb, offsetArb(layout), stepsArb(layout), fc.constantFrom(...CPU_BACKENDS), async (seed, offset, steps, backend) => {
          const scenario: Scenario = { seed, offset, ordering: layout.ordering, steps };
          await runDifferential(layout.algorithm, scenario, backend);
        }),
        { numRuns: layout.algorithm === 'mrg32k3a' ? (layout.ordering === 'legacy' ? 8 : 4) : 16 },
      );
    }, 300_000);
  }

  it('XORWOW: the threads below o + 4096 − 2^64 start at their first word (cuRAND\'s measured words)', () => {
    // Offset 2^64 − 1: thread 4095 at word 2^52 − 1, then thread 0's first word — the stream's very first.
    using g = new Generator({ backend: 'ts', algorithm: 'xorwow', seed: 42n, offset: TWO_64 - 1n });
    using fresh = new Generator({ backend: 'curand-host', algorithm: 'xorwow', seed: 42n });
    const words = g.uint32(9);
    expect(words[0]!.toString(16)).toBe('e1a4bb6b');
    expectSameBits(words.subarray(1), fresh.uint32(8), 'threads 0–7 from word 0');
  });

  for (const layout of LAYOUTS) {
    it(`${layout.algorithm} ${layout.ordering}: states past 2^64 resume on every CPU backend and are refused clearly on curand-host`, () => {
      const offset = TWO_64 - 3n;
      using ref = new Generator({ backend: 'curand-host', algorithm: layout.algorithm, ordering: layout.ordering, seed: 9n, offset });
      using mine = new Generator({ backend: 'ts', algorithm: layout.algorithm, ordering: layout.ordering, seed: 9n, offset });
      expectSameBits(mine.uint32(6), ref.uint32(6), 'u32 across 2^64');
      expectSameBits(mine.normal(4), ref.normal(4), 'normals after 2^64');
      const saved = ref.getState();
      expect(mine.getState()).toEqual(saved);
      expect(ref.position).toBe(TWO_64 + 7n);
      const next = ref.uniformDouble(1000);
      for (const backend of CPU_BACKENDS) {
        using r = Generator.fromState(JSON.stringify(saved), { backend });
        expect(r.getState()).toEqual(saved);
        expectSameBits(r.uniformDouble(1000), next, `${backend} resumed past 2^64`);
      }
      // The case: Philox, offset 2^64 − 1, uint32(6) on curand-host, then fromState there.
      expect(() => Generator.fromState(saved, { backend: 'curand-host' })).toThrow(
        expect.objectContaining({ code: 'ERR_CURAND_STATE', message: expect.stringContaining('2^64') }),
      );
    });
  }

  it('Philox slices past element 2^64 − 1: exact on ts; on curand-host where an offset can start them, else ERR_CURAND_STATE', () => {
    using ts = new Generator({ backend: 'ts', seed: 5n, offset: 7n });
    using host = new Generator({ backend: 'curand-host', seed: 5n, offset: 7n });
    using ref = new Generator({ backend: 'curand-host', seed: 5n, offset: TWO_64 - 1n });
    const want = ref.uint32(7);
    // Elements 2^64 − 1 … 2^64 + 5 of the stream (offset 7 + start 2^64 − 8).
    expectSameBits(ts.slice('uint32', TWO_64 - 8n, TWO_64 - 1n), want, 'ts from element 2^64 − 1');
    expectSameBits(host.slice('uint32', TWO_64 - 8n, TWO_64 - 1n), want, 'curand-host from element 2^64 − 1');
    // From element 2^64 + 1: no offset reaches it.
    expectSameBits(ts.slice('uint32', TWO_64 - 6n, TWO_64 - 1n), want.subarray(2), 'ts from element 2^64 + 1');
    expect(() => host.slice('uint32', TWO_64 - 6n, TWO_64 - 1n)).toThrow(expect.objectContaining({ code: 'ERR_CURAND_STATE' }));
  });
});
