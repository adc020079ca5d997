import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { Generator } from '../src/index.js';
import { DISTRIBUTIONS, OUTPUT_TYPE, type Distribution, type OutputArray } from '../src/types.js';
import { hasCurandHost } from './support/backends.js';
import { expectSameBits } from './support/compare.js';
import { offsetArbFor, runDifferential, scenarioArb, seedArb } from './support/scenarios.js';
import { expectSameLongCall, fillInto } from './support/simd.js';

/**
 * The WebAssembly XORWOW kernel (wasm/xorwow.ts) against cuRAND: call mixes of every distribution
 * (its uint32, uniform, uniformDouble and float normals computed whole, the others through its raw words of 1, 2 or 4
 * per slot), offsets, orderings and reseeds; calls that end inside a round of the 4096 threads and
 * inside a vector of four; long calls; unaligned caller buffers; saved and restored states.
 */

const THREADS = 4096;
/** Computed whole by the kernel. */
const FUSED: Distribution[] = ['uint32', 'uniform', 'uniformDouble', 'normal', 'logNormal'];
/** Through the kernel's raw words: 2 per slot (float normals), 4 (double normals). */
const NORMALS: Distribution[] = ['normal', 'normalDouble', 'logNormal', 'logNormalDouble'];
/** Every ordering cuRAND accepts for XORWOW gives the same layout. */
const ORDERINGS = ['default', 'legacy'] as const;
const WASM = { backend: 'wasm' } as const;
const offsetArb = offsetArbFor(THREADS);

/** An even length for the Box–Muller outputs (XORWOW rejects odd ones, as cuRAND does). */
const lengthFor = (dist: Distribution, n: number): number => (NORMALS.includes(dist) ? n & ~1 : n);

/** Lengths ending inside a vector of four, inside a round, at a round's end, and long. */
const longLengthArb = fc.oneof(
  fc.integer({ min: 64, max: THREADS + 37 }),
  fc.tuple(fc.integer({ min: 1, max: 70 }), fc.integer({ min: -5, max: 5 })).map(([k, d]) => k * THREADS + d),
  fc.integer({ min: 100000, max: 300000 }),
);

function generate(g: Generator, dist: Distribution, out: OutputArray, a = 0.25, b = 1.5): OutputArray {
  return (g[dist] as (out: OutputArray, a: number, b: number) => OutputArray).call(g, out, a, b);
}

describe('wasm XORWOW kernel', () => {
  it('is named in backendDetail with the distributions it computes whole', () => {
    using g = new Generator({ ...WASM, algorithm: 'xorwow' });
    expect(g.backendDetail).toMatch(/^wasm-simd128 kernel \(xorwow uint32, uniform, uniformDouble, normal, logNormal;/);
  });
});

describe.runIf(hasCurandHost)('[curand-host] wasm XORWOW kernel', () => {
  it('equals cuRAND on random call mixes of every distribution, ordering and offset, calls of 100000+ among them', async () => {
    await fc.assert(
      fc.asyncProperty(
        // The kernel's own distributions three times as often as the others.
        scenarioArb({ distributions: [...FUSED, ...FUSED, ...DISTRIBUTIONS], orderings: ORDERINGS, offsets: true, offsetRound: THREADS, large: 100000, maxSteps: 6 }),
        (scenario) => runDifferential('xorwow', scenario, WASM),
      ),
      { numRuns: 25 },
    );
  });

  it('equals cuRAND for calls crossing rounds into unaligned views, sync and async, and ends in the same state', async () => {
    await fc.assert(
      fc.asyncProperty(
        seedArb,
        offsetArb,
        fc.constantFrom(...FUSED, ...FUSED, ...NORMALS),
        fc.integer({ min: 0, max: 2 * THREADS + 5 }),
        longLengthArb,
        fc.integer({ min: 0, max: 3 }),
        fc.boolean(),
        async (seed, offset, dist, lead, length, skip, async) => {
          using mine = new Generator({ ...WASM, algorithm: 'xorwow', seed, offset });
          using ref = new Generator({ backend: 'curand-host', algorithm: 'xorwow', seed, offset });
          await expectSameLongCall(mine, ref, lead, dist, lengthFor(dist, length), skip, async);
          expectSameBits(mine.uint32(THREADS + 5), ref.uint32(THREADS + 5), 'after');
        },
      ),
      { numRuns: 30 },
    );
  });

  it('continues exactly from a saved state (getState / setState / fromState), with cached Poisson normals', async () => {
    await fc.assert(
      fc.asyncProperty(
        seedArb,
        fc.integer({ min: 1, max: 3 * THREADS }),
        fc.constantFrom(...FUSED),
        longLengthArb,
        fc.boolean(),
        async (seed, lead, dist, odd, async) => {
          const length = lengthFor(dist, odd);
          using mine = new Generator({ ...WASM, algorithm: 'xorwow', seed });
          using ref = new Generator({ backend: 'curand-host', algorithm: 'xorwow', seed });
          expectSameBits(mine.uint32(lead), ref.uint32(lead), 'lead');
          expectSameBits(mine.poisson(lead, 30), ref.poisson(lead, 30), 'poisson');
          const saved = mine.getState();
          expect(saved).toEqual(ref.getState());
          const first = new OUTPUT_TYPE[dist](length);
          await fillInto(mine, dist, first, async);
          const want = generate(ref, dist, new OUTPUT_TYPE[dist](length));
          expectSameBits(first, want, `${dist}(${length})`);
          // The same call again from the saved state, on the same generator and on a new one.
          mine.setState(saved);
          expectSameBits(generate(mine, dist, new OUTPUT_TYPE[dist](length)), want, 'after setState');
          using restored = Generator.fromState(saved, WASM);
          await fillInto(restored, dist, new OUTPUT_TYPE[dist](length), async);
          expect(restored.getState()).toEqual(ref.getState());
          expect(mine.getState()).toEqual(ref.getState());
          const poisson = ref.poisson(THREADS, 30);
          expectSameBits(restored.poisson(THREADS, 30), poisson, 'poisson after, restored');
          expectSameBits(mine.poisson(THREADS, 30), poisson, 'poisson after, setState');
          const uniform = ref.uniform(THREADS + 3);
          expectSameBits(restored.uniform(THREADS + 3), uniform, 'uniform after, restored');
          expectSameBits(mine.uniform(THREADS + 3), uniform, 'uniform after, setState');
        },
      ),
      { numRuns: 15 },
    );
  });

  it('equals cuRAND for every fused distribution over many rounds (2^20 + 3 elements, 2^20 + 2 for the normals)', () => {
    for (const dist of FUSED) {
      const n = lengthFor(dist, (1 << 20) + 3);
      using mine = new Generator({ ...WASM, algorithm: 'xorwow', seed: 0x123456789abcdef0n, offset: 4097n });
      using ref = new Generator({ backend: 'curand-host', algorithm: 'xorwow', seed: 0x123456789abcdef0n, offset: 4097n });
      expectSameBits(mine.uint32(4095), ref.uint32(4095), 'lead');
      expectSameBits(generate(mine, dist, new OUTPUT_TYPE[dist](n)), generate(ref, dist, new OUTPUT_TYPE[dist](n)), dist);
      expect(mine.getState()).toEqual(ref.getState());
    }
  });
});
