import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { discover } from '../src/backends/discovery.js';
import { Generator } from '../src/index.js';
import { DISTRIBUTIONS, OUTPUT_TYPE, type Distribution, type OutputArray } from '../src/types.js';
import { hasCurandHost } from './support/backends.js';
import { expectSameBits } from './support/compare.js';
import { runDifferential, scenarioArb, seedArb, type BackendSubject } from './support/scenarios.js';

/**
 * The native MTGP32 kernels (every 'simd' kernel this CPU runs) against the 'ts' reference and
 * against cuRAND: random call mixes, both layouts (192 and 64 blocks), lengths that end inside a
 * block's chunk and inside a vector, unaligned caller buffers, and fills split over threads.
 */

const found = discover();
const SUBJECTS = (found.binding?.cpuKernels.available ?? []).map((kernel): BackendSubject => ({ backend: 'simd', kernel }));
if (found.binding === null) console.warn(`\n!!! [simd] MTGP32 kernel tests are SKIPPED: ${found.addon.error}\n`);

const FUSED: Distribution[] = ['uint32', 'uniform', 'uniformDouble'];
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
          // A short call first: the long one then starts inside a block's chunk.
          expectSameBits(mine.uint32(lead), ref.uint32(lead), `uint32(${lead})`);
          const view = new OUTPUT_TYPE[dist](n + skip).subarray(skip);
          const method = mine[`${dist}Async` as 'uint32Async'] as (out: OutputArray) => Promise<OutputArray>;
          await method.call(mine, view);
          expectSameBits(view, (ref[dist] as (n: number) => OutputArray).call(ref, n), `${dist}(${n}) at +${skip}`);
          expect(mine.getState()).toEqual(ref.getState());
        },
      ),
      { numRuns: 10 },
    );
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
});
