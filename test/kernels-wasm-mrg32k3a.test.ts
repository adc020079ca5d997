import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { Generator } from '../src/index.js';
import { KERNEL_OP } from '../src/kernels/kernel.js';
import { kernelExports, wasmModule } from '../src/kernels/wasm.js';
import { WasmMrg32k3a, type Mrg32k3aExports } from '../src/kernels/wasm-mrg32k3a.js';
import { MRG_NORM } from '../src/distributions/uniform.js';
import { DISTRIBUTIONS, OUTPUT_TYPE, type Distribution, type OutputArray } from '../src/types.js';
import { hasCurandHost } from './support/backends.js';
import { expectSameBits } from './support/compare.js';
import { offsetArbFor, runDifferential, scenarioArb, seedArb } from './support/scenarios.js';
import { expectSameLongCall, fillInto } from './support/simd.js';
import { exactSteps, M1, M2 } from './support/mrg32k3a-exact.js';

/**
 * The WebAssembly MRG32k3a kernel (wasm/mrg32k3a.ts) against cuRAND and the `ts` reference, in both
 * thread layouts (81920 threads for DEFAULT and BEST, 4096 for LEGACY): call mixes of every
 * distribution (uint32, uniform, uniformDouble and the float normals computed whole, the others through its raw step
 * results, Poisson among them), offsets, orderings and reseeds; calls that end inside a round and
 * inside a group of lanes; long calls; unaligned caller buffers; saved and restored states; the step's
 * reduction on the recurrence's extreme values against exact BigInt arithmetic; and the lanes past a
 * small call's last one, which must be stepped from states, never from what memory held.
 */

/** Computed whole by the kernel. */
const FUSED: Distribution[] = ['uint32', 'uniform', 'uniformDouble', 'normal', 'logNormal'];
/** Through the kernel's raw words: 2 per slot (Box–Muller pairs). */
const NORMALS: Distribution[] = ['normal', 'normalDouble', 'logNormal', 'logNormalDouble'];
const ORDERINGS = ['default', 'best', 'legacy'] as const;
/** Threads per ordering (src/engines/mrg32k3a.ts mrg32k3aLayout). */
const LAYOUTS = [
  { ordering: 'default', threads: 81920 },
  { ordering: 'legacy', threads: 4096 },
] as const;
const WASM = { backend: 'wasm' } as const;

/** An even length for the Box–Muller outputs (MRG32k3a rejects odd ones, as cuRAND does). */
const lengthFor = (dist: Distribution, n: number): number => (NORMALS.includes(dist) ? n & ~1 : n);

/** Lengths ending inside a group of lanes, inside a round, at a round's end, and past several rounds. */
function longLengthArb(threads: number): fc.Arbitrary<number> {
  return fc.oneof(
    fc.integer({ min: 64, max: threads + 37 }),
    fc.tuple(fc.integer({ min: 1, max: threads === 4096 ? 40 : 3 }), fc.integer({ min: -5, max: 5 })).map(([k, d]) => k * threads + d),
  );
}

function generate(g: Generator, dist: Distribution, out: OutputArray, a = 0.25, b = 1.5): OutputArray {
  return (g[dist] as (out: OutputArray, a: number, b: number) => OutputArray).call(g, out, a, b);
}

/** A kernel of its own instance, with its exports, for the tests of the kernel itself. */
function ownKernel(): { exports: Mrg32k3aExports; kernel: WasmMrg32k3a } {
  const { module, error } = wasmModule();
  if (module === null) throw new Error(error);
  const exports = kernelExports(module) as Mrg32k3aExports;
  return { exports, kernel: new WasmMrg32k3a(exports) };
}


describe('wasm MRG32k3a kernel', () => {
  it('is named in backendDetail with the distributions it computes whole', () => {
    using g = new Generator({ ...WASM, algorithm: 'mrg32k3a' });
    expect(g.backendDetail).toMatch(/^wasm-simd128 kernel \(mrg32k3a uint32, uniform, uniformDouble, normal, logNormal;/);
  });

  it('equals ts on random call mixes of every distribution, ordering and offset', async () => {
    await fc.assert(
      fc.asyncProperty(
        // The kernel's own distributions three times as often as the others.
        scenarioArb({ distributions: [...FUSED, ...FUSED, ...DISTRIBUTIONS], orderings: ORDERINGS, offsets: true, offsetRound: 4096, large: 3 * 4096, maxSteps: 6 }),
        (scenario) => runDifferential('mrg32k3a', scenario, WASM, 'ts'),
      ),
      { numRuns: 20 },
    );
  });

  it.each(LAYOUTS)('equals ts for calls crossing rounds into unaligned views, sync and async, and ends in the same state ($ordering: $threads threads)', async ({ ordering, threads: T }) => {
    await fc.assert(
      fc.asyncProperty(
        seedArb,
        offsetArbFor(T),
        fc.constantFrom(...FUSED, ...FUSED, ...NORMALS),
        fc.integer({ min: 0, max: 5000 }),
        longLengthArb(T),
        fc.integer({ min: 0, max: 3 }),
        fc.boolean(),
        async (seed, offset, dist, lead, length, skip, async) => {
          using mine = new Generator({ ...WASM, algorithm: 'mrg32k3a', seed, offset, ordering });
          using ref = new Generator({ backend: 'ts', algorithm: 'mrg32k3a', seed, offset, ordering });
          await expectSameLongCall(mine, ref, lead, dist, lengthFor(dist, length), skip, async);
          expectSameBits(mine.uint32(4096 + 5), ref.uint32(4096 + 5), 'after');
        },
      ),
      { numRuns: ordering === 'legacy' ? 20 : 6 },
    );
  });

  it('continues exactly from a restored state, with cached Poisson normals', () => {
    fc.assert(
      fc.property(seedArb, fc.constantFrom(...LAYOUTS), fc.integer({ min: 1, max: 3 * 4096 }), fc.constantFrom(...FUSED, ...NORMALS), (seed, { ordering, threads: T }, lead, dist) => {
        using ref = new Generator({ backend: 'ts', algorithm: 'mrg32k3a', seed, ordering });
        ref.uint32(lead);
        // λ ≥ 2000: the normal approximation through each thread's one-value cache.
        ref.poisson(lead, 5000);
        using mine = Generator.fromState(ref.getState(), WASM);
        const n = lengthFor(dist, Math.min(T, 2 * 4096) + 3);
        expectSameBits(generate(mine, dist, new OUTPUT_TYPE[dist](n)), generate(ref, dist, new OUTPUT_TYPE[dist](n)), dist);
        expectSameBits(mine.poisson(4096, 5000), ref.poisson(4096, 5000), 'poisson after');
        expect(mine.getState()).toEqual(ref.getState());
      }),
      { numRuns: 6 },
    );
  });

  it("reduces the recurrence's extreme values exactly (against BigInt arithmetic), for every word count", () => {
    const { kernel } = ownKernel();
    const m1 = Number(M1);
    const m2 = Number(M2);
    // Values at the ends of [0, m) and near the multiples of m that a12·s and a13·s straddle, where a
    // reciprocal's quotient is one off.
    const edge1 = fc.oneof(fc.constantFrom(0, 1, 2, m1 - 1, m1 - 2, 810728, 1403580), fc.integer({ min: 0, max: m1 - 1 }));
    const edge2 = fc.oneof(fc.constantFrom(0, 1, 2, m2 - 1, m2 - 2, 527612, 1370589), fc.integer({ min: 0, max: m2 - 1 }));
    const thread = fc.tuple(edge1, edge1, edge1, edge2, edge2, edge2);
    fc.assert(
      fc.property(fc.array(thread, { minLength: 32, maxLength: 32 }), fc.constantFrom(1, 2, 4), (threads, words) => {
        const T = threads.length;
        const states = Float64Array.from(threads.flat());
        const rounds = 3;
        const out = new Uint32Array(T * rounds * words);
        kernel.fill(KERNEL_OP.words, out, 0, states, 0, T * rounds, words);
        const want = new Uint32Array(T * rounds * words);
        for (const [t, s] of threads.entries()) exactSteps(s, rounds * words).forEach((r, k) => (want[(Math.floor(k / words) * T + t) * words + (k % words)] = r));
        expectSameBits(out, want, 'step results');
      }),
      { numRuns: 200 },
    );
  });

  it('runs the 81920 threads in blocks of lanes, four-word slots among them', () => {
    const { kernel } = ownKernel();
    const T = 81920;
    const words = 4;
    const states = new Float64Array(6 * T).map((_, i) => (i * 2654435761) % 4294944443);
    const before = states.slice();
    const first = 12345;
    const slots = 2 * T + 70001;
    const out = new Uint32Array(slots * words);
    kernel.fill(KERNEL_OP.words, out, 0, states, first, slots, words);
    // Lanes at the ends of the blocks (4096 lanes each here) and of the partial round, and some anywhere.
    const lanes = [0, 1, 2, 3, 4, 4095, 4096, 4097, 65535, 65536, 65537, 69631, 69632, 69999, 70000, 70001, 81918, 81919, ...Array.from({ length: 40 }, (_, i) => (i * 7919) % T)];
    for (const j of lanes) {
      const t = (first + j) % T;
      const rounds = j < slots % T ? 3 : 2;
      const want = exactSteps(Array.from(before.subarray(6 * t, 6 * t + 6)), rounds * words);
      const got = Array.from({ length: rounds * words }, (_, k) => out[(Math.floor(k / words) * T + j) * words + (k % words)]);
      expect(got, `lane ${j}`).toEqual(want);
    }
  });

  it("steps the lanes past a small call's last one from copies of its state, never from what memory held", () => {
    const { exports, kernel } = ownKernel();
    const held = new Float64Array(exports.memory.buffer, exports.mrgStatesPointer(), 6 * exports.MRG_MAX_THREADS.value);
    const group = exports.MRG_GROUP_LANES.value;
    const T = 4096;
    const states = new Float64Array(6 * T).map((_, i) => (i * 2654435761) % 4294944443);
    for (const slots of [1, 2, 3, 5, 6, 7, 4093]) {
      const first = 4090;
      const want = Array.from({ length: slots }, (_, j) => {
        const t = (first + j) % T;
        return (exactSteps(Array.from(states.subarray(6 * t, 6 * t + 6)), 1)[0] as number) * MRG_NORM;
      });
      // The call's last thread, as the call starts: the lanes after it are stepped from its copies
      // and keep them (the kernel saves only the call's lanes).
      const t = (first + slots - 1) % T;
      const last = states.slice(6 * t, 6 * t + 6);
      // What an earlier call could have left there: no thread's state.
      held.fill(1e300);
      const out = new Float64Array(slots);
      kernel.fill(KERNEL_OP.uniformDouble, out, 0, states, first, slots, 1);
      expectSameBits(out, Float64Array.from(want), `uniformDouble(${slots})`);
      for (let i = slots; i % group !== 0; i++) expect(held.slice(6 * i, 6 * i + 6)).toEqual(last);
    }
  });
});

describe.runIf(hasCurandHost)('[curand-host] wasm MRG32k3a kernel', () => {
  it('equals cuRAND on random call mixes of every distribution, ordering and offset', async () => {
    await fc.assert(
      fc.asyncProperty(
        scenarioArb({ distributions: [...FUSED, ...FUSED, ...DISTRIBUTIONS], orderings: ORDERINGS, offsets: true, offsetRound: 4096, large: 50000, maxSteps: 5 }),
        (scenario) => runDifferential('mrg32k3a', scenario, WASM),
      ),
      { numRuns: 6 },
    );
  });

  it.each(LAYOUTS)('equals cuRAND for calls crossing rounds into unaligned views, sync and async, and ends in the same state ($ordering: $threads threads)', async ({ ordering, threads: T }) => {
    await fc.assert(
      fc.asyncProperty(
        seedArb,
        offsetArbFor(T),
        fc.constantFrom(...FUSED, ...FUSED, ...NORMALS),
        fc.integer({ min: 0, max: 5000 }),
        longLengthArb(T),
        fc.integer({ min: 0, max: 3 }),
        fc.boolean(),
        async (seed, offset, dist, lead, length, skip, async) => {
          using mine = new Generator({ ...WASM, algorithm: 'mrg32k3a', seed, offset, ordering });
          using ref = new Generator({ backend: 'curand-host', algorithm: 'mrg32k3a', seed, offset, ordering });
          await expectSameLongCall(mine, ref, lead, dist, lengthFor(dist, length), skip, async);
          expectSameBits(mine.uint32(4096 + 5), ref.uint32(4096 + 5), 'after');
        },
      ),
      { numRuns: ordering === 'legacy' ? 12 : 4 },
    );
  });

  it('continues exactly from a saved state (getState / setState / fromState), with cached Poisson normals', async () => {
    await fc.assert(
      fc.asyncProperty(
        seedArb,
        fc.constantFrom(...LAYOUTS),
        fc.integer({ min: 1, max: 3 * 4096 }),
        fc.constantFrom(...FUSED),
        fc.integer({ min: 64, max: 3 * 4096 + 37 }),
        fc.boolean(),
        async (seed, { ordering }, lead, dist, odd, async) => {
          const length = lengthFor(dist, odd);
          using mine = new Generator({ ...WASM, algorithm: 'mrg32k3a', seed, ordering });
          using ref = new Generator({ backend: 'curand-host', algorithm: 'mrg32k3a', seed, ordering });
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
          const poisson = ref.poisson(4096, 30);
          expectSameBits(restored.poisson(4096, 30), poisson, 'poisson after, restored');
          expectSameBits(mine.poisson(4096, 30), poisson, 'poisson after, setState');
          const uniform = ref.uniform(4096 + 3);
          expectSameBits(restored.uniform(4096 + 3), uniform, 'uniform after, restored');
          expectSameBits(mine.uniform(4096 + 3), uniform, 'uniform after, setState');
        },
      ),
      { numRuns: 10 },
    );
  });

  it.each(LAYOUTS)('equals cuRAND for every fused distribution over many rounds ($ordering: $threads threads)', ({ ordering, threads: T }) => {
    for (const dist of FUSED) {
      const n = lengthFor(dist, ordering === 'legacy' ? (1 << 20) + 3 : 3 * T + 3);
      using mine = new Generator({ ...WASM, algorithm: 'mrg32k3a', seed: 0x123456789abcdef0n, offset: BigInt(T + 1), ordering });
      using ref = new Generator({ backend: 'curand-host', algorithm: 'mrg32k3a', seed: 0x123456789abcdef0n, offset: BigInt(T + 1), ordering });
      expectSameBits(mine.uint32(T - 1), ref.uint32(T - 1), 'lead');
      expectSameBits(generate(mine, dist, new OUTPUT_TYPE[dist](n)), generate(ref, dist, new OUTPUT_TYPE[dist](n)), dist);
      expect(mine.getState()).toEqual(ref.getState());
    }
  });
});
