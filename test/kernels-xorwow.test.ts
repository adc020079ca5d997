import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { KERNEL_OP } from '../src/kernels/kernel.js';
import { NATIVE_CPU_KERNEL, NATIVE_SLOT_GENERATOR } from '../src/native/binding-types.js';
import { Generator } from '../src/index.js';
import { DISTRIBUTIONS, OUTPUT_TYPE, type Distribution, type OutputArray } from '../src/types.js';
import { hasCurandHost } from './support/backends.js';
import { expectSameBits } from './support/compare.js';
import { offsetArbFor, runDifferential, scenarioArb, seedArb } from './support/scenarios.js';
import { expectSameLongCall, simdKernels } from './support/simd.js';

/**
 * The native XORWOW kernels (every 'simd' kernel this CPU runs) against cuRAND and the 'ts'
 * reference: random call mixes of every distribution with offsets, orderings and reseeds; calls that
 * end inside a round of the 4096 threads and inside a vector; unaligned caller buffers; state
 * snapshots; and calls split over threads.
 */

const { binding, subjects: SUBJECTS } = simdKernels('XORWOW');

/** The distributions the kernel computes whole (the others take its words through the TypeScript transforms). */
const FUSED: Distribution[] = ['uint32', 'uniform', 'uniformDouble', 'normal', 'normalDouble', 'logNormal', 'logNormalDouble'];
const THREADS = 4096;
const ORDERINGS = ['default', 'best', 'legacy'] as const;
const offsetArb = offsetArbFor(THREADS);

function generate(g: Generator, dist: Distribution, out: OutputArray, a = 0.25, b = 1.5): OutputArray {
  return (g[dist] as (out: OutputArray, a: number, b: number) => OutputArray).call(g, out, a, b);
}

/** An even length for the Box–Muller outputs (XORWOW rejects odd ones, as cuRAND does). */
const lengthFor = (dist: Distribution, n: number): number => (dist.startsWith('normal') || dist.startsWith('logNormal') ? n & ~1 : n);

describe.each(SUBJECTS.map((s) => [s.kernel, s] as const))('simd/%s XORWOW kernel', (_label, subject) => {
  it('equals ts on random call mixes, offsets, orderings and reseeds', async () => {
    await fc.assert(
      fc.asyncProperty(
        scenarioArb({ distributions: DISTRIBUTIONS, orderings: ORDERINGS, offsets: true, offsetRound: THREADS, large: 3 * THREADS, maxSteps: 6 }),
        (scenario) => runDifferential('xorwow', scenario, subject, 'ts'),
      ),
      { numRuns: 30 },
    );
  });

  it('equals ts for long calls into unaligned views on several threads, and keeps the same state', async () => {
    await fc.assert(
      fc.asyncProperty(
        seedArb,
        offsetArb,
        fc.constantFrom(...FUSED),
        fc.integer({ min: 0, max: 5000 }),
        fc.integer({ min: 64, max: 40 * THREADS + 37 }),
        fc.integer({ min: 0, max: 3 }),
        fc.constantFrom(1, 2, 3),
        fc.boolean(),
        async (seed, offset, dist, lead, length, skip, threads, async) => {
          const n = lengthFor(dist, length);
          using mine = new Generator({ ...subject, algorithm: 'xorwow', seed, offset, threads });
          using ref = new Generator({ backend: 'ts', algorithm: 'xorwow', seed, offset });
          await expectSameLongCall(mine, ref, lead, dist, n, skip, async);
          expectSameBits(mine.uint32(THREADS + 5), ref.uint32(THREADS + 5), 'after');
        },
      ),
      { numRuns: 25 },
    );
  });

  it("double normals equal ts in each of glibc's double-math variants (hostMath)", () => {
    for (const hostMath of ['x86-fma', 'x86-sse2', 'aarch64'] as const) {
      for (const dist of ['normalDouble', 'logNormalDouble', 'logNormal'] as const) {
        const n = 2 * THREADS + 6;
        using mine = new Generator({ ...subject, algorithm: 'xorwow', seed: 7n, hostMath });
        using ref = new Generator({ backend: 'ts', algorithm: 'xorwow', seed: 7n, hostMath });
        expectSameBits(generate(mine, dist, new OUTPUT_TYPE[dist](n), -0.5, 0.75), generate(ref, dist, new OUTPUT_TYPE[dist](n), -0.5, 0.75), `${dist} ${hostMath}`);
      }
    }
  });

  it('continues exactly from a restored state, with cached Poisson normals and uneven threads', () => {
    fc.assert(
      fc.property(seedArb, fc.integer({ min: 1, max: 3 * THREADS }), fc.constantFrom(...FUSED), (seed, lead, dist) => {
        using ref = new Generator({ backend: 'ts', algorithm: 'xorwow', seed });
        ref.uint32(lead);
        ref.poisson(lead, 30);
        using mine = Generator.fromState(ref.getState(), subject);
        const n = lengthFor(dist, 2 * THREADS + 3);
        expectSameBits(generate(mine, dist, new OUTPUT_TYPE[dist](n)), generate(ref, dist, new OUTPUT_TYPE[dist](n)), dist);
        expectSameBits(mine.poisson(THREADS, 30), ref.poisson(THREADS, 30), 'poisson after');
        expect(mine.getState()).toEqual(ref.getState());
      }),
      { numRuns: 8 },
    );
  });

  it('rejects bad arguments with a TypeError and leaves the states untouched', () => {
    const kernels = binding!.cpuKernels;
    const id = NATIVE_CPU_KERNEL[subject.kernel!];
    const states = new Int32Array(6 * THREADS).map((_, i) => i * 2654435761);
    const before = states.slice();
    const out = new Uint32Array(100);
    expect(() => kernels.threadSlots(id, NATIVE_SLOT_GENERATOR.xorwow, KERNEL_OP.words, out, 0, states, 0, 101, 1, 0, 0)).toThrow(/do not fit in out/);
    expect(() => kernels.threadSlots(id, NATIVE_SLOT_GENERATOR.xorwow, KERNEL_OP.words, out, 0, states, 0, 50, 2, 0, 0)).not.toThrow();
    expect(() => kernels.threadSlots(id, NATIVE_SLOT_GENERATOR.xorwow, KERNEL_OP.words, out, 0, states, 0, 10, 3, 0, 0)).toThrow(TypeError);
    expect(() => kernels.threadSlots(id, NATIVE_SLOT_GENERATOR.xorwow, KERNEL_OP.uniformDouble, new Float32Array(10), 0, states, 0, 1, 1, 0, 0)).toThrow(/element type/);
    expect(() => kernels.threadSlots(id, NATIVE_SLOT_GENERATOR.xorwow, KERNEL_OP.words, out, 0, states, THREADS, 1, 1, 0, 0)).toThrow(/thread index/);
    expect(() => kernels.threadSlots(id, NATIVE_SLOT_GENERATOR.xorwow, KERNEL_OP.words, out, 0, new Int32Array(7), 0, 1, 1, 0, 0)).toThrow(/6 values per thread/);
    expect(() => kernels.threadSlots(id, NATIVE_SLOT_GENERATOR.xorwow, KERNEL_OP.words2, out, 0, states, 0, 1, 1, 0, 0)).toThrow(TypeError);
    expect(() => kernels.threadSlots(id, NATIVE_SLOT_GENERATOR.xorwow, KERNEL_OP.normalDoubleFromFloat, new Float64Array(100), 0, states, 0, 1, 1, 0, 0)).toThrow(TypeError);
    // Only the accepted call (threads 0 … 49, two words each) moved its threads.
    expect(states.subarray(50 * 6)).toEqual(before.subarray(50 * 6));
    expect(states.subarray(0, 50 * 6)).not.toEqual(before.subarray(0, 50 * 6));
  });
});

describe.runIf(hasCurandHost).each(SUBJECTS.map((s) => [s.kernel, s] as const))('[curand-host] simd/%s XORWOW kernel', (_label, subject) => {
  it('equals cuRAND on random call mixes of every distribution, ordering and offset', async () => {
    await fc.assert(
      fc.asyncProperty(
        scenarioArb({ distributions: DISTRIBUTIONS, orderings: ORDERINGS, offsets: true, offsetRound: THREADS, large: 50000, maxSteps: 5 }),
        (scenario) => runDifferential('xorwow', scenario, subject),
      ),
      { numRuns: 8 },
    );
  });

  it('equals cuRAND with the calls split over threads', async () => {
    await fc.assert(
      fc.asyncProperty(
        scenarioArb({ distributions: FUSED, orderings: ORDERINGS, offsets: true, offsetRound: THREADS, large: 1 << 17, maxSteps: 4 }),
        fc.constantFrom(2, 3),
        (scenario, threads) => runDifferential('xorwow', scenario, { ...subject, threads }),
      ),
      { numRuns: 6 },
    );
  });

  it('equals cuRAND for every fused distribution over many rounds (2^20 + 3 elements)', () => {
    for (const dist of FUSED) {
      const n = lengthFor(dist, (1 << 20) + 3);
      using mine = new Generator({ ...subject, algorithm: 'xorwow', seed: 0x123456789abcdef0n, offset: 4097n, threads: 2 });
      using ref = new Generator({ backend: 'curand-host', algorithm: 'xorwow', seed: 0x123456789abcdef0n, offset: 4097n });
      expectSameBits(mine.uint32(4095), ref.uint32(4095), 'lead');
      expectSameBits(generate(mine, dist, new OUTPUT_TYPE[dist](n)), generate(ref, dist, new OUTPUT_TYPE[dist](n)), dist);
      expect(mine.getState()).toEqual(ref.getState());
    }
  });
});
