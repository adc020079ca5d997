import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { Generator } from '../src/index.js';
import { DISTRIBUTIONS, OUTPUT_TYPE, type Distribution, type OutputArray } from '../src/types.js';
import { hasCurandHost } from './support/backends.js';
import { expectSameBits } from './support/compare.js';
import { runDifferential, scenarioArb, type Scenario } from './support/scenarios.js';
import { expectSameLongCall, fillInto } from './support/simd.js';

/**
 * The WebAssembly MT19937 kernel (wasm/mt19937.ts) against the 'ts' reference and cuRAND: call mixes
 * of every distribution (uint32, uniform, uniformDouble and the float normals computed whole, the others through its
 * words) with odd lengths and reseeds; calls starting deep into the streams, ending inside a row and
 * inside a vector, crossing rows, twists and blocks (a block: 78 rows of 65536 words, one twist of every
 * stream), longer than a block; unaligned caller views; sync and async; saved and restored states.
 *
 * MT19937's set-up takes seconds per seed (8191 jumps; cuRAND host's 5–9 s per generator): seeds come
 * from a small pool whose low 32 bits (all that counts, §3.1) repeat, so the engines' per-seed stream
 * cache serves most of them, and cuRAND is asked for few generators.
 */

const ROW = 65536;
const BLOCK = 78 * ROW;
const WASM = { backend: 'wasm' } as const;
/** Computed whole by the kernel. */
const FUSED: Distribution[] = ['uint32', 'uniform', 'uniformDouble', 'normal', 'logNormal'];
/** Through the kernel's words and the TypeScript transforms. */
const UNFUSED: Distribution[] = ['normal', 'normalDouble', 'logNormal', 'logNormalDouble', 'poisson'];
/** Seeds with two distinct low halves: 42 and 7. */
const SEEDS = [42n, 2n ** 32n + 42n, 0xffffffff00000007n, 7n] as const;

/** A scenario's seeds mapped onto the pool (its reseeds too). */
function pooled(scenario: Scenario): Scenario {
  const pick = (seed: bigint) => SEEDS[Number(seed % BigInt(SEEDS.length))] as bigint;
  return { ...scenario, seed: pick(scenario.seed), steps: scenario.steps.map((s) => (s.op === 'seed' ? { ...s, seed: pick(s.seed) } : s)) };
}
const mixArb = (large: number, maxSteps: number) =>
  scenarioArb({ distributions: [...FUSED, ...FUSED, ...DISTRIBUTIONS], orderings: ['default', 'legacy'], offsets: false, large, maxSteps }).map(pooled);

/** Words already drawn before the long call: inside the first row, near a row's or a block's end, past a block. */
const leadArb = fc.oneof(
  fc.integer({ min: 0, max: 3 * ROW }),
  fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: -9, max: 9 })).map(([k, d]) => k * ROW + d),
  fc.integer({ min: BLOCK - ROW, max: BLOCK + 9 }),
);
/** Lengths ending inside a vector of four, a stream's eight lanes, a row; across rows; longer than a block. */
const lengthArb = fc.oneof(
  fc.integer({ min: 64, max: 3 * ROW + 17 }),
  fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: -7, max: 7 })).map(([k, d]) => k * ROW + d),
  fc.integer({ min: BLOCK - 5, max: BLOCK + ROW + 3 }),
);

function generate(g: Generator, dist: Distribution, out: OutputArray, a = 0.25, b = 1.5): OutputArray {
  return (g[dist] as (out: OutputArray, a: number, b: number) => OutputArray).call(g, out, a, b);
}

/** A state of `seed` at `position` words (MT19937's whole state besides its seed). */
function stateAt(seed: bigint, position: number): string {
  using g = new Generator({ backend: 'ts', algorithm: 'mt19937', seed });
  const state = g.getState();
  return JSON.stringify({ ...state, engine: { position: String(position) } });
}

describe('wasm MT19937 kernel', () => {
  it('is named in backendDetail with the distributions it computes whole', () => {
    using g = new Generator({ ...WASM, algorithm: 'mt19937' });
    expect(g.backendDetail).toMatch(/^wasm-simd128 kernel \(mt19937 uint32, uniform, uniformDouble, normal, logNormal;/);
  });

  it('equals ts on random call mixes of every distribution with odd lengths and reseeds', async () => {
    await fc.assert(
      fc.asyncProperty(mixArb(ROW, 6), (scenario) => runDifferential('mt19937', scenario, WASM, 'ts')),
      { numRuns: 15 },
    );
  }, 120_000);

  it('equals ts for calls crossing rows, twists and blocks into unaligned views, sync and async, with threads 1 and 2', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...SEEDS),
        fc.constantFrom(...FUSED, ...FUSED, ...UNFUSED),
        leadArb,
        lengthArb,
        fc.integer({ min: 0, max: 3 }),
        fc.boolean(),
        // threads 2: the generator's own outputs in shared memory; the kernel still runs on this thread.
        fc.constantFrom(1, 2),
        async (seed, dist, lead, n, skip, async, threads) => {
          using mine = new Generator({ ...WASM, algorithm: 'mt19937', seed, threads });
          using ref = new Generator({ backend: 'ts', algorithm: 'mt19937', seed });
          // The long call starts inside a row or near a block's end, its streams twisted unevenly.
          await expectSameLongCall(mine, ref, lead, dist, n, skip, async);
          expectSameBits(await mine.uniformAsync(ROW + 5), ref.uniform(ROW + 5), 'after');
        },
      ),
      { numRuns: 12 },
    );
  }, 240_000);

  it('equals ts from positions deep into the streams (restored: many twists in), across the next twist', () => {
    // Block 40, then the last rows of a block into the next one's first.
    for (const position of [40 * BLOCK + 7 * ROW + 13, 41 * BLOCK - 2 * ROW - 3]) {
      using mine = Generator.fromState(stateAt(42n, position), WASM);
      using ref = Generator.fromState(stateAt(42n, position), { backend: 'ts' });
      for (const [dist, n] of [['uint32', 101], ['uniform', 2 * ROW + 7], ['uniformDouble', 3 * ROW + 1], ['normal', ROW - 3], ['uniform', 77]] as const) {
        expectSameBits(generate(mine, dist, new OUTPUT_TYPE[dist](n)), generate(ref, dist, new OUTPUT_TYPE[dist](n)), `${dist}(${n}) from ${position}`);
      }
      expect(mine.getState()).toEqual(ref.getState());
    }
  }, 120_000);

  it('continues exactly from restored states (getState / setState / fromState), in and beyond the first block', async () => {
    for (const lead of [12345, BLOCK + 3 * ROW + 11]) {
      using ref = new Generator({ backend: 'ts', algorithm: 'mt19937', seed: 7n });
      using mine = new Generator({ ...WASM, algorithm: 'mt19937', seed: 7n });
      expectSameBits(mine.uint32(lead), ref.uint32(lead), `uint32(${lead})`);
      const saved = mine.getState();
      expect(saved).toEqual(ref.getState());
      using restored = Generator.fromState(saved, WASM);
      for (const [i, dist] of FUSED.entries()) {
        const n = ROW + 9 + i;
        const want = generate(ref, dist, new OUTPUT_TYPE[dist](n));
        expectSameBits(generate(mine, dist, new OUTPUT_TYPE[dist](n)), want, `${dist} after ${lead}`);
        const got = new OUTPUT_TYPE[dist](n);
        await fillInto(restored, dist, got, i % 2 === 1);
        expectSameBits(got, want, `${dist} restored at ${lead}`);
      }
      mine.setState(saved);
      using again = Generator.fromState(saved, { backend: 'ts' });
      expectSameBits(mine.uint32(ROW + 9), again.uint32(ROW + 9), 'after setState');
      expect(restored.getState()).toEqual(ref.getState());
    }
  }, 120_000);
});

describe.runIf(hasCurandHost)('[curand-host] wasm MT19937 kernel', () => {
  it('equals cuRAND on one long random call mix: every distribution, odd lengths, rows and blocks crossed, sync and async', async () => {
    using mine = new Generator({ ...WASM, algorithm: 'mt19937', seed: 42n });
    using ref = new Generator({ backend: 'curand-host', algorithm: 'mt19937', seed: 42n });
    const steps = fc.sample(
      fc.record({
        dist: fc.constantFrom(...FUSED, ...DISTRIBUTIONS),
        n: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1, max: 3000 }) }, { weight: 2, arbitrary: fc.integer({ min: ROW - 9, max: 2 * ROW + 9 }) }),
        async: fc.boolean(),
      }),
      { numRuns: 40, seed: 16 },
    );
    // Calls longer than a block, each with a twist of every stream inside it, ending inside a row.
    steps.splice(10, 0, { dist: 'uniform', n: BLOCK - 3, async: false }, { dist: 'uniformDouble', n: BLOCK + ROW + 5, async: true });
    steps.splice(30, 0, { dist: 'uint32', n: BLOCK + 2 * ROW + 3, async: false }, { dist: 'normal', n: 100_001, async: true });
    for (const [i, { dist, n, async }] of steps.entries()) {
      const a = dist === 'poisson' ? 30 : 0.25;
      const expected = generate(ref, dist, new OUTPUT_TYPE[dist](n), a, 1.5);
      // Every third call into an unaligned view of a larger buffer.
      const skip = i % 3;
      const out = new OUTPUT_TYPE[dist](n + skip).subarray(skip);
      await fillInto(mine, dist, out, async, a, 1.5);
      expectSameBits(out, expected, `step ${i}: ${dist}(${n})`);
    }
    expect(mine.getState()).toEqual(ref.getState());
  }, 240_000);

  it('equals cuRAND from saved states, and for long calls into unaligned views', async () => {
    using mine = new Generator({ ...WASM, algorithm: 'mt19937', seed: 2n ** 32n + 42n });
    using ref = new Generator({ backend: 'curand-host', algorithm: 'mt19937', seed: 2n ** 32n + 42n });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...FUSED), fc.integer({ min: 0, max: 2 * ROW }), lengthArb, fc.integer({ min: 0, max: 3 }), fc.boolean(), async (dist, lead, n, skip, async) => {
        await expectSameLongCall(mine, ref, lead, dist, n, skip, async);
        // The same state on a fresh generator continues as cuRAND does.
        using restored = Generator.fromState(mine.getState(), WASM);
        const k = ROW + 3;
        const want = generate(ref, 'uniform', new Float32Array(k));
        expectSameBits(restored.uniform(k), want, 'restored');
        expectSameBits(mine.uniform(k), want, 'continued');
      }),
      { numRuns: 6 },
    );
  }, 240_000);
});
