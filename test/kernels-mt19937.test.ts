import { spawnSync } from 'node:child_process';

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import {
  fillLogNormalDoubleInverseCdf,
  fillLogNormalInverseCdf,
  fillNormalDoubleInverseCdf,
  fillNormalInverseCdf,
} from '../src/distributions/inverse-cdf.js';
import { temper } from '../src/engines/mt19937-core.js';
import { KERNEL_OP, type KernelOp } from '../src/kernels/kernel.js';
import { DOUBLE_LIBM } from '../src/math/libm.js';
import { NATIVE_CPU_KERNEL } from '../src/native/binding-types.js';
import { Generator } from '../src/index.js';
import { DISTRIBUTIONS, OUTPUT_TYPE, type Distribution, type OutputArray } from '../src/types.js';
import { hasCurandHost } from './support/backends.js';
import { expectSameBits } from './support/compare.js';
import { expectSameLongCall, fillInto, simdKernels } from './support/simd.js';
import { runDifferential, scenarioArb, type BackendSubject, type Scenario } from './support/scenarios.js';

/**
 * The native MT19937 kernels (every 'simd' kernel this CPU runs) against cuRAND and the 'ts' reference:
 * random call mixes of every distribution with odd lengths and reseeds; calls crossing rows (65536
 * words) and blocks (78 rows, 5,111,808 words) into unaligned views, sync and async, on 1–3 threads;
 * restored states; both double-math variants; the inverse-CDF normals of chosen words (the tails
 * included); the binding's argument checks.
 *
 * MT19937's set-up takes seconds per seed (8191 jumps; cuRAND host's 5–9 s per generator): the
 * scenarios draw their seeds from a small pool whose low 32 bits (all that counts, §3.1) repeat, so
 * the engines' per-seed stream cache serves most of them, and cuRAND is asked for one generator.
 */

const { binding, subjects: SUBJECTS } = simdKernels('MT19937');

const FUSED: Distribution[] = ['uint32', 'uniform', 'uniformDouble', 'normal', 'normalDouble', 'logNormal', 'logNormalDouble'];
const ROW = 65536;
const BLOCK = 78 * ROW;
/** Seeds with two distinct low halves: 42 and 7. */
const SEEDS = [42n, 2n ** 32n + 42n, 0xffffffff00000007n, 7n] as const;

/** A scenario's seeds mapped onto the pool (its reseeds too); orderings as cuRAND accepts them for MT19937. */
function pooled(scenario: Scenario): Scenario {
  const pick = (seed: bigint) => SEEDS[Number(seed % BigInt(SEEDS.length))] as bigint;
  return { ...scenario, seed: pick(scenario.seed), steps: scenario.steps.map((s) => (s.op === 'seed' ? { ...s, seed: pick(s.seed) } : s)) };
}
const mixArb = (large: number, maxSteps: number) =>
  scenarioArb({ distributions: DISTRIBUTIONS, orderings: ['default', 'legacy'], offsets: false, large, maxSteps }).map(pooled);

function generate(g: Generator, dist: Distribution, out: OutputArray, a = 0.25, b = 1.5): OutputArray {
  return (g[dist] as (out: OutputArray, a: number, b: number) => OutputArray).call(g, out, a, b);
}

describe.each(SUBJECTS.map((s) => [s.kernel, s] as const))('simd/%s MT19937 kernel', (_label, subject) => {
  it('equals ts on random call mixes with odd lengths and reseeds', async () => {
    await fc.assert(
      fc.asyncProperty(mixArb(ROW, 6), (scenario) => runDifferential('mt19937', scenario, subject, 'ts')),
      { numRuns: 15 },
    );
  });

  it('equals ts for calls crossing rows and blocks into unaligned views, sync and async, on 1–3 threads', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...SEEDS),
        fc.constantFrom(...FUSED),
        fc.oneof(fc.integer({ min: 0, max: 3 * ROW }), fc.integer({ min: BLOCK - ROW, max: BLOCK + 9 })),
        fc.oneof(fc.integer({ min: 64, max: 3 * ROW + 17 }), fc.integer({ min: BLOCK - 5, max: BLOCK + ROW + 3 })),
        fc.integer({ min: 0, max: 3 }),
        fc.constantFrom(1, 2, 3),
        fc.boolean(),
        async (seed, dist, lead, n, skip, threads, async) => {
          using mine = new Generator({ ...subject, algorithm: 'mt19937', seed, threads });
          using ref = new Generator({ backend: 'ts', algorithm: 'mt19937', seed });
          // The long call starts inside a row or near a block's end, its streams twisted unevenly.
          await expectSameLongCall(mine, ref, lead, dist, n, skip, async);
          expectSameBits(mine.normal(ROW + 5), ref.normal(ROW + 5), 'after');
        },
      ),
      { numRuns: 8 },
    );
  });

  it("double normals and log-normals equal ts in each of glibc's double-math variants (hostMath)", () => {
    for (const hostMath of ['x86-fma', 'x86-sse2', 'aarch64'] as const) {
      using mine = new Generator({ ...subject, algorithm: 'mt19937', seed: 42n, hostMath });
      using ref = new Generator({ backend: 'ts', algorithm: 'mt19937', seed: 42n, hostMath });
      for (const dist of ['normalDouble', 'logNormalDouble', 'logNormal'] as const) {
        const n = ROW + 77;
        expectSameBits(generate(mine, dist, new OUTPUT_TYPE[dist](n), -0.5, 0.75), generate(ref, dist, new OUTPUT_TYPE[dist](n), -0.5, 0.75), `${dist} ${hostMath}`);
      }
    }
  });

  it('continues exactly from restored states (setState / getState round trips), in and beyond the first block', () => {
    for (const lead of [12345, BLOCK + 3 * ROW + 11]) {
      using ref = new Generator({ backend: 'ts', algorithm: 'mt19937', seed: 42n });
      ref.uint32(lead);
      using mine = Generator.fromState(ref.getState(), subject);
      expect(mine.getState()).toEqual(ref.getState());
      for (const dist of ['uniform', 'normal', 'uint32'] as const) {
        const n = ROW + 9;
        expectSameBits(generate(mine, dist, new OUTPUT_TYPE[dist](n)), generate(ref, dist, new OUTPUT_TYPE[dist](n)), `${dist} after restoring ${lead}`);
      }
      mine.setState(ref.getState());
      expectSameBits(mine.uniformDouble(1000), ref.uniformDouble(1000), 'after setState');
      expect(mine.getState()).toEqual(ref.getState());
    }
  });

  it('rejects bad arguments with a TypeError, in a child process that must not crash', () => {
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', badArgumentsChild(NATIVE_CPU_KERNEL[subject.kernel!])], {
      encoding: 'utf8',
      timeout: 60000,
    });
    expect(child.status, child.stderr).toBe(0);
    expect(JSON.parse(child.stdout.trim().split('\n').pop() as string)).toEqual({ thrown: Array(11).fill('TypeError'), accepted: true, untouched: true });
  });
});

/**
 * The child's script: each bad call must throw a TypeError before touching anything; then a good call
 * runs. Prints { thrown, accepted, untouched } as JSON.
 */
function badArgumentsChild(kernel: number): string {
  return `
    import { discover } from './src/backends/discovery.ts';
    const k = discover().binding.cpuKernels;
    const states = new Int32Array(8192 * 624).map((_, i) => i * 2654435761);
    const twists = new Int32Array(8192).fill(-1);
    twists.fill(0, 0, 16);
    const order = new Int32Array(624).map((_, i) => i);
    const before = states.slice();
    const out = new Uint32Array(100);
    const calls = [
      () => k.mt19937(${kernel}, 0, out, 0, states, twists, order, 0, 101, 0, 1),
      () => k.mt19937(${kernel}, 0, out, 5, states, twists, order, 0, 96, 0, 1),
      () => k.mt19937(${kernel}, 3, new Float32Array(100), 0, states, twists, order, 0, 10, 0, 1),
      () => k.mt19937(${kernel}, 1, out, 0, states, twists, order, 0, 10, 0, 1),
      () => k.mt19937(${kernel}, 10, new Float64Array(100), 0, states, twists, order, 0, 10, 0, 1),
      () => k.mt19937(${kernel}, 11, out, 0, states, twists, order, 0, 10, 0, 1),
      () => k.mt19937(${kernel}, 0, out, 0, states.subarray(1), twists, order, 0, 10, 0, 1),
      () => k.mt19937(${kernel}, 0, out, 0, states, twists, new Int32Array(624).fill(624), 0, 10, 0, 1),
      () => k.mt19937(${kernel}, 0, out, 0, states, twists, order, 200, 10, 0, 1),
      () => k.mt19937(${kernel}, 0, out, 0, states, twists, order, 2 ** 53, 10, 0, 1),
      () => k.mt19937(${kernel}, 0, out, 0, states, twists, order, 0, 10, 0),
    ];
    const thrown = calls.map((call) => { try { call(); return 'none'; } catch (e) { return e.constructor.name; } });
    const untouched = states.every((x, i) => x === before[i]) && twists.every((t, i) => t === (i < 16 ? 0 : -1));
    k.mt19937(${kernel}, 0, out, 0, states, twists, order, 0, 100, 0, 1);
    const accepted = twists[0] === 1 && twists[12] === 1 && twists[13] === 0;
    console.log(JSON.stringify({ thrown, accepted, untouched }));
  `;
}

/** x such that temper(x) = y: tempering's xor-shifts undone, each converging in ⌈32/shift⌉ rounds. */
function untemper(y: number): number {
  const undoRight = (v: number, s: number) => {
    let x = v;
    for (let i = 0; i < 32; i += s) x = v ^ (x >>> s);
    return x >>> 0;
  };
  const undoLeft = (v: number, s: number, mask: number) => {
    let x = v;
    for (let i = 0; i < 32; i += s) x = v ^ ((x << s) & mask);
    return x >>> 0;
  };
  return undoRight(undoLeft(undoLeft(undoRight(y >>> 0, 18), 15, 0xefc60000), 7, 0x9d2c5680), 11);
}

describe.runIf(SUBJECTS.length > 0)('simd MT19937 inverse-CDF normals of chosen words', () => {
  // Words with every path of erfcinv: the tails (x < 2^27 or x > 2^32 − 2^27: 2p <= 1/16), around
  // Table 39's bound (2p = 1/4), the median, and 2p = 1/16 exactly (x = 2^27, whose float p rounds to
  // 2^-5); random words besides.
  const words = (() => {
    const edges = [0, 1, 2, 3, 2 ** 27 - 1, 2 ** 27, 2 ** 27 + 1, 2 ** 29 - 1, 2 ** 29, 2 ** 29 + 1, 2 ** 31 - 1, 2 ** 31, 2 ** 31 + 1, 2 ** 32 - 2 ** 27, 2 ** 32 - 2];
    const all = new Uint32Array(8 * ROW);
    all.set(edges.map((x) => x >>> 0));
    let s = 0x9e3779b9;
    for (let i = edges.length; i < all.length; i++) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      all[i] = i % 3 === 0 ? s >>> 5 : i % 3 === 1 ? ~(s >>> 5) >>> 0 : s;
      if (i % 7 === 0) all[i] = (2 ** 32 - 1 - all[i - 1]!) >>> 0; // a word and its mirror
    }
    all[all.length - 1] = 2 ** 32 - 1;
    return all;
  })();
  const libm = DOUBLE_LIBM['x86-fma'];
  const sse2 = DOUBLE_LIBM['x86-sse2'];
  const cases: [string, KernelOp, (out: never, w: Uint32Array, n: number) => void, Float32ArrayConstructor | Float64ArrayConstructor][] = [
    ['normal', KERNEL_OP.normal, (out: Float32Array, w, n) => fillNormalInverseCdf(out, w, n, 0.25, 1.5), Float32Array],
    ['logNormal', KERNEL_OP.logNormal, (out: Float32Array, w, n) => fillLogNormalInverseCdf(out, w, n, 0.25, 1.5, 0, libm), Float32Array],
    ['normalDouble fma', KERNEL_OP.normalDoubleFma, (out: Float64Array, w, n) => fillNormalDoubleInverseCdf(out, w, n, 0.25, 1.5, libm), Float64Array],
    ['normalDouble sse2', KERNEL_OP.normalDoubleSse2, (out: Float64Array, w, n) => fillNormalDoubleInverseCdf(out, w, n, 0.25, 1.5, sse2), Float64Array],
    ['logNormalDouble fma', KERNEL_OP.logNormalDoubleFma, (out: Float64Array, w, n) => fillLogNormalDoubleInverseCdf(out, w, n, 0.25, 1.5, libm), Float64Array],
    ['logNormalDouble sse2', KERNEL_OP.logNormalDoubleSse2, (out: Float64Array, w, n) => fillLogNormalDoubleInverseCdf(out, w, n, 0.25, 1.5, sse2), Float64Array],
  ];

  it.each(cases)('%s: every kernel equals the TypeScript transform', (_name, op, reference, Out) => {
    const expected = new Out(words.length);
    reference(expected as never, words, words.length);
    // One row per call: word j of row 0 is temper(states[⌊j/8⌋·624 + j mod 8]) with the identity
    // order table and every stream already twisted (no twist runs).
    const order = new Int32Array(624).map((_, i) => i);
    const states = new Int32Array(8192 * 624);
    const twists = new Int32Array(8192).fill(1);
    const kernels = binding!.cpuKernels;
    for (const { kernel } of SUBJECTS) {
      const got = new Out(words.length);
      for (let at = 0; at < words.length; at += ROW) {
        for (let j = 0; j < ROW; j++) states[(j >>> 3) * 624 + (j & 7)] = untemper(words[at + j]!);
        kernels.mt19937(NATIVE_CPU_KERNEL[kernel!], op, got, at, states, twists, order, 0, ROW, 0.25, 1.5);
      }
      expectSameBits(got, expected, `${kernel} ${_name}`);
    }
  });

  it('untemper inverts temper', () => {
    for (const x of [0, 1, 0x80000000, 0xffffffff, 0x12345678, 0xdeadbeef]) expect(temper(untemper(x))).toBe(x);
  });
});

describe.runIf(hasCurandHost && SUBJECTS.length > 0)('[curand-host] simd MT19937 kernels', () => {
  it('equal cuRAND on one long random call mix: every distribution, odd lengths, rows and blocks crossed, 1–3 threads, sync and async', async () => {
    const best = SUBJECTS[0] as BackendSubject;
    const subjects = [...SUBJECTS, { ...best, threads: 2 }, { ...best, threads: 3 }];
    const label = (s: BackendSubject) => `${s.kernel}×${s.threads ?? 1}`;
    const mine = subjects.map((s) => new Generator({ ...s, algorithm: 'mt19937', seed: 42n }));
    using ref = new Generator({ backend: 'curand-host', algorithm: 'mt19937', seed: 42n });
    const steps = fc.sample(
      fc.record({
        dist: fc.constantFrom(...DISTRIBUTIONS),
        n: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1, max: 3000 }) }, { weight: 2, arbitrary: fc.integer({ min: ROW - 9, max: 2 * ROW + 9 }) }),
        async: fc.boolean(),
      }),
      { numRuns: 40, seed: 16 },
    );
    // A few calls of about 5·10^6 words: across a block's end, with its twist in the middle of a call.
    steps.splice(10, 0, { dist: 'uniform', n: BLOCK - 3, async: false }, { dist: 'normal', n: 5_000_001, async: true });
    steps.splice(30, 0, { dist: 'normalDouble', n: 5_000_003, async: false });
    try {
      for (const { dist, n: length, async } of steps) {
        const a = dist === 'poisson' ? 30 : 0.25;
        const n = length;
        const expected = generate(ref, dist, new OUTPUT_TYPE[dist](n), a, 1.5);
        for (const [i, g] of mine.entries()) {
          const out = new OUTPUT_TYPE[dist](n);
          await fillInto(g, dist, out, async, a, 1.5);
          expectSameBits(out, expected, `${label(subjects[i] as BackendSubject)} ${dist}(${n})`);
        }
      }
      for (const g of mine) expect(g.getState()).toEqual(ref.getState());
    } finally {
      for (const g of mine) g.dispose();
    }
  }, 240_000);

  it('equal cuRAND on random scenarios with reseeds to seeds of the same low half', async () => {
    await fc.assert(
      fc.asyncProperty(mixArb(ROW, 4).map((s) => ({ ...s, seed: 42n, steps: s.steps.map((t) => (t.op === 'seed' ? { ...t, seed: 2n ** 32n + 42n } : t)) })), (scenario) =>
        runDifferential('mt19937', scenario, SUBJECTS[0] as BackendSubject),
      ),
      { numRuns: 2 },
    );
  }, 120_000);
});
