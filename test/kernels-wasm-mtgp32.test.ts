import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { Generator } from '../src/index.js';
import { DISTRIBUTIONS, OUTPUT_TYPE, type Distribution, type OutputArray } from '../src/types.js';
import { hasCurandHost } from './support/backends.js';
import { expectSameBits } from './support/compare.js';
import { runDifferential, scenarioArb, seedArb } from './support/scenarios.js';
import { expectSameLongCall, fillInto } from './support/simd.js';

/**
 * The WebAssembly MTGP32 kernel (wasm/mtgp32.ts) against the 'ts' reference and against cuRAND:
 * call mixes of every distribution (its uint32, uniform, uniformDouble and float normals computed whole, the others
 * through its raw words), all three orderings (192 and 64 blocks), reseeds; calls that end inside a
 * block's chunk and inside a vector of four; long calls; unaligned caller buffers; saved and restored
 * states; sync and async.
 */

/** Computed whole by the kernel. */
const FUSED: Distribution[] = ['uint32', 'uniform', 'uniformDouble', 'normal', 'logNormal'];
const NORMALS: Distribution[] = ['normal', 'normalDouble', 'logNormal', 'logNormalDouble'];
const ORDERINGS = ['default', 'best', 'legacy'] as const;
const WASM = { backend: 'wasm' } as const;
/** Words in a round of the 192-block layout. */
const ROUND = 192 * 256;

/** Leads that leave the next call inside a block's chunk (and inside a vector), at a chunk's edge, or rounds on. */
const leadArb = fc.oneof(
  fc.integer({ min: 0, max: 600 }),
  fc.tuple(fc.integer({ min: 1, max: 400 }), fc.integer({ min: -5, max: 5 })).map(([k, d]) => Math.max(0, k * 256 + d)),
);

/** Lengths ending inside a chunk and inside a vector of four, at a round's edge, and long. */
const longLengthArb = fc.oneof(
  fc.integer({ min: 64, max: 3000 }),
  fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: -5, max: 5 })).map(([k, d]) => k * ROUND + d),
  fc.integer({ min: 100000, max: 400000 }),
);

function generate(g: Generator, dist: Distribution, out: OutputArray, a = 0.25, b = 1.5): OutputArray {
  return (g[dist] as (out: OutputArray, a: number, b: number) => OutputArray).call(g, out, a, b);
}

describe('wasm MTGP32 kernel', () => {
  it('is named in backendDetail with the distributions it computes whole', () => {
    using g = new Generator({ ...WASM, algorithm: 'mtgp32' });
    expect(g.backendDetail).toMatch(/^wasm-simd128 kernel \(mtgp32 uint32, uniform, uniformDouble, normal, logNormal;/);
  });

  it('equals ts on random call mixes of every distribution, ordering and reseed', async () => {
    await fc.assert(
      fc.asyncProperty(
        // The kernel's own distributions three times as often as the others.
        scenarioArb({ distributions: [...FUSED, ...FUSED, ...DISTRIBUTIONS], orderings: ORDERINGS, offsets: false, large: 60000, maxSteps: 6 }),
        (scenario) => runDifferential('mtgp32', scenario, WASM, 'ts'),
      ),
      { numRuns: 40 },
    );
  });

  it('equals ts for calls starting and ending inside chunks, into unaligned views, sync and async', async () => {
    await fc.assert(
      fc.asyncProperty(
        seedArb,
        fc.constantFrom(...ORDERINGS),
        fc.constantFrom(...FUSED, ...FUSED, ...NORMALS),
        leadArb,
        longLengthArb,
        fc.integer({ min: 0, max: 3 }),
        fc.boolean(),
        async (seed, ordering, dist, lead, n, skip, async) => {
          using mine = new Generator({ ...WASM, algorithm: 'mtgp32', seed, ordering });
          using ref = new Generator({ backend: 'ts', algorithm: 'mtgp32', seed, ordering });
          await expectSameLongCall(mine, ref, lead, dist, n, skip, async);
          expectSameBits(mine.uint32(ROUND + 5), ref.uint32(ROUND + 5), 'after');
        },
      ),
      { numRuns: 30 },
    );
  });

  it('equals ts across 2^32 words: a call crossing it, one starting past it inside a chunk (its hole), the moved blocks revisited', () => {
    // A state cuRAND reaches by 2^32 − 2^20 words of calls (every block follows from the position).
    using fresh = new Generator({ backend: 'ts', algorithm: 'mtgp32', seed: 42n });
    const state = { ...fresh.getState(), engine: { position: String(2 ** 32 - (1 << 20)) } };
    using mine = Generator.fromState(state, WASM);
    using ref = Generator.fromState(state, { backend: 'ts' });
    const both = (label: string, f: (g: Generator) => OutputArray): void => expectSameBits(f(mine), f(ref), label);
    // Past 2^32, stopping 5 words into block 64's chunk; then a call starting in block 0's chunk at
    // word 5 (test/exactness-mtgp32-wrap.test.ts: cuRAND's 32-bit position); then block 64 again.
    both('crossing call', (g) => g.uint32((1 << 20) + 5));
    both('first call past 2^32', (g) => g.uniform(300));
    expect(Object.keys(mine.getState().engine)).toContain('holes');
    both('to block 64', (g) => g.uniformDouble(64 * 256 - 305));
    both('block 64 again', (g) => g.uint32(300));
    both('every block', (g) => g.uniform(192 * 256 + 17));
    expect(mine.getState()).toEqual(ref.getState());
  }, 120_000);

  it('equals ts for every length from 1 to 600 in a row (every partial vector and chunk edge)', () => {
    for (const dist of FUSED) {
      using mine = new Generator({ ...WASM, algorithm: 'mtgp32', seed: 77n, ordering: 'legacy' });
      using ref = new Generator({ backend: 'ts', algorithm: 'mtgp32', seed: 77n, ordering: 'legacy' });
      for (let n = 1; n <= 600; n += n < 80 ? 1 : 13) expectSameBits(generate(mine, dist, new OUTPUT_TYPE[dist](n)), generate(ref, dist, new OUTPUT_TYPE[dist](n)), `${dist}(${n})`);
    }
  });
});

describe.runIf(hasCurandHost)('[curand-host] wasm MTGP32 kernel', () => {
  it('equals cuRAND on random call mixes of every distribution and ordering, calls of 100000+ among them', async () => {
    await fc.assert(
      fc.asyncProperty(
        scenarioArb({ distributions: [...FUSED, ...FUSED, ...DISTRIBUTIONS], orderings: ORDERINGS, offsets: false, large: 100000, maxSteps: 5 }),
        (scenario) => runDifferential('mtgp32', scenario, WASM),
      ),
      { numRuns: 15 },
    );
  });

  it('equals cuRAND for calls starting and ending inside chunks, into unaligned views, sync and async, and ends in the same state', async () => {
    await fc.assert(
      fc.asyncProperty(
        seedArb,
        fc.constantFrom(...ORDERINGS),
        fc.constantFrom(...FUSED, ...FUSED, ...NORMALS),
        leadArb,
        longLengthArb,
        fc.integer({ min: 0, max: 3 }),
        fc.boolean(),
        async (seed, ordering, dist, lead, n, skip, async) => {
          using mine = new Generator({ ...WASM, algorithm: 'mtgp32', seed, ordering });
          using ref = new Generator({ backend: 'curand-host', algorithm: 'mtgp32', seed, ordering });
          await expectSameLongCall(mine, ref, lead, dist, n, skip, async);
          expectSameBits(mine.uint32(ROUND + 5), ref.uint32(ROUND + 5), 'after');
        },
      ),
      { numRuns: 20 },
    );
  });

  it('continues exactly from a saved state (getState / setState / fromState)', async () => {
    await fc.assert(
      fc.asyncProperty(
        seedArb,
        fc.constantFrom(...ORDERINGS),
        leadArb,
        fc.constantFrom(...FUSED),
        longLengthArb,
        fc.boolean(),
        async (seed, ordering, lead, dist, length, async) => {
          using mine = new Generator({ ...WASM, algorithm: 'mtgp32', seed, ordering });
          using ref = new Generator({ backend: 'curand-host', algorithm: 'mtgp32', seed, ordering });
          expectSameBits(mine.uint32(lead), ref.uint32(lead), 'lead');
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
          const uniform = ref.uniform(ROUND + 3);
          expectSameBits(restored.uniform(ROUND + 3), uniform, 'uniform after, restored');
          expectSameBits(mine.uniform(ROUND + 3), uniform, 'uniform after, setState');
        },
      ),
      { numRuns: 10 },
    );
  });

  it('equals cuRAND for every fused distribution over many rounds (2^20 + 3 elements), sync and async', async () => {
    for (const dist of FUSED) {
      for (const async of [false, true]) {
        const n = (1 << 20) + 3;
        using mine = new Generator({ ...WASM, algorithm: 'mtgp32', seed: 0x123456789abcdef0n });
        using ref = new Generator({ backend: 'curand-host', algorithm: 'mtgp32', seed: 0x123456789abcdef0n });
        expectSameBits(mine.uint32(4095), ref.uint32(4095), 'lead');
        const got = new OUTPUT_TYPE[dist](n);
        await fillInto(mine, dist, got, async);
        expectSameBits(got, generate(ref, dist, new OUTPUT_TYPE[dist](n)), `${dist} async ${async}`);
        expect(mine.getState()).toEqual(ref.getState());
      }
    }
  });
});
