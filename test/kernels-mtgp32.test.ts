import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { Generator } from '../src/index.js';
import { DISTRIBUTIONS, OUTPUT_TYPE, type Distribution, type OutputArray } from '../src/types.js';
import { hasCurandHost } from './support/backends.js';
import { expectSameBits } from './support/compare.js';
import { expectSameLongCall, simdKernels } from './support/simd.js';
import { runDifferential, scenarioArb, seedArb } from './support/scenarios.js';

/**
 * The native MTGP32 kernels (every 'simd' kernel this CPU runs) against the 'ts' reference and
 * against cuRAND: random call mixes, both layouts (192 and 64 blocks), lengths that end inside a
 * block's chunk and inside a vector, unaligned caller buffers, fills split over threads, and the fused
 * inverse-CDF normals and log-normals in both double-math variants.
 */

const { binding, subjects: SUBJECTS } = simdKernels('MTGP32');

const FUSED: Distribution[] = ['uint32', 'uniform', 'uniformDouble', 'normal', 'normalDouble', 'logNormal', 'logNormalDouble'];
/** Words in a round of the 192-block layout. */
const ROUND = 192 * 256;

describe.each(SUBJECTS.map((s) => [s.kernel, s] as const))('simd/%s MTGP32 kernel', (_label, subject) => {
  it('equals ts on random call mixes and reseeds', async () => {
    await fc.assert(
      fc.asyncProperty(
        scenarioArb({ distributions: DISTRIBUTIONS, orderings: ['default', 'legacy'], offsets: false, large: 5000, maxSteps: 6 }),
        (scenario) => runDifferential('mtgp32', scenario, subject, 'ts'),
      ),
      { numRuns: 30 },
    );
  });

  it('equals ts for long calls into unaligned views, sync and async on several threads', async () => {
    await fc.assert(
      fc.asyncProperty(
        seedArb,
        fc.constantFrom('default', 'legacy') as fc.Arbitrary<'default' | 'legacy'>,
        fc.constantFrom(...FUSED),
        fc.integer({ min: 0, max: 300 }),
        fc.integer({ min: ROUND - 5, max: 3 * ROUND + 7 }),
        fc.integer({ min: 0, max: 3 }),
        fc.constantFrom(1, 2, 3),
        async (seed, ordering, dist, lead, n, skip, threads) => {
          using mine = new Generator({ ...subject, algorithm: 'mtgp32', seed, ordering, threads });
          using ref = new Generator({ backend: 'ts', algorithm: 'mtgp32', seed, ordering });
          // The long call starts inside a block's chunk.
          await expectSameLongCall(mine, ref, lead, dist, n, skip, true);
        },
      ),
      { numRuns: 14 },
    );
  });

  it("normals and log-normals equal ts in each of glibc's double-math variants (hostMath), on odd lengths", () => {
    for (const hostMath of ['x86-fma', 'x86-sse2', 'aarch64'] as const) {
      using mine = new Generator({ ...subject, algorithm: 'mtgp32', seed: 9n, hostMath });
      using ref = new Generator({ backend: 'ts', algorithm: 'mtgp32', seed: 9n, hostMath });
      for (const dist of ['normal', 'normalDouble', 'logNormal', 'logNormalDouble'] as const) {
        const n = ROUND + 77;
        const call = (g: Generator) => (g[dist] as (n: number, a: number, b: number) => OutputArray).call(g, n, -0.5, 0.75);
        expectSameBits(call(mine), call(ref), `${dist} ${hostMath}`);
      }
    }
  });
});

describe.runIf(hasCurandHost).each(SUBJECTS.map((s) => [s.kernel, s] as const))('[curand-host] simd/%s MTGP32 kernel', (_label, subject) => {
  it('equals cuRAND on random call mixes', async () => {
    await fc.assert(
      fc.asyncProperty(
        scenarioArb({ distributions: DISTRIBUTIONS, orderings: ['default', 'best', 'legacy'], offsets: false, large: 100000, maxSteps: 4 }),
        (scenario) => runDifferential('mtgp32', scenario, subject),
      ),
      { numRuns: 6 },
    );
  });

  it('equals cuRAND for the fused normals and log-normals over several rounds, on 2 threads', () => {
    for (const dist of ['normal', 'normalDouble', 'logNormal', 'logNormalDouble'] as const) {
      using mine = new Generator({ ...subject, algorithm: 'mtgp32', seed: 0x123456789n, threads: 2 });
      using ref = new Generator({ backend: 'curand-host', algorithm: 'mtgp32', seed: 0x123456789n });
      const call = (g: Generator, n: number) => (g[dist] as (n: number, a: number, b: number) => OutputArray).call(g, n, 0.25, 1.5);
      expectSameBits(call(mine, 333), call(ref, 333), `${dist} lead`);
      expectSameBits(call(mine, 3 * ROUND + 5), call(ref, 3 * ROUND + 5), dist);
    }
  });
});
