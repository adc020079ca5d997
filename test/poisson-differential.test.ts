import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backendInfo, Generator, type BackendName } from '../src/index.js';
import type { Algorithm, HostMath, Ordering } from '../src/types.js';
import { hasCurandHost } from './support/backends.js';
import { expectSameBits } from './support/compare.js';
import { lambdaArb, lengthArb, offsetArb, runDifferential, scenarioArb, seedArb, type ScenarioSpace } from './support/scenarios.js';

/**
 * curandGeneratePoisson on the CPU backends against cuRAND's host generators (docs/poisson.md):
 * every method (square histogram, cumulative table, both normal approximations), the λ on either
 * side of each threshold, the word 0xFFFFFFFF (u = 1) in each method, and words where tables built
 * with V8's Math.exp/Math.log instead of glibc's would give another value — on 'ts', and on 'wasm'
 * and 'simd', whose draw kernels run the table lookups of calls of 64 values and more. Mixed streams
 * are in test/differential.test.ts, which draws Poisson among the distributions of every generator.
 */
const CPU_BACKENDS = ['ts', 'wasm', 'simd'] as const;
/** Calls this long or longer run the draw kernels' table lookups (src/distributions/poisson.ts). */
const KERNEL_CALL = 100;
/** Values before the word of interest in such a call. */
const BEFORE = 40;

/** MTGP32 streams with the word 0xFFFFFFFF early (found by scripts/poisson/find-max-word.ts). */
const MTGP32_MAX_WORDS: Array<{ seed: bigint; ordering: Ordering; position: number }> = [
  { seed: 186n, ordering: 'default', position: 607765 },
  { seed: 9851n, ordering: 'default', position: 698054 },
  { seed: 8665n, ordering: 'legacy', position: 882317 },
  { seed: 9851n, ordering: 'legacy', position: 239302 },
];

/** λ in every MTGP32 method, with cuRAND's value at u = 1 (measured at each stream above). */
const MTGP32_AT_MAX_WORD: Array<[number, number]> = [
  [10, 0], // square histogram: the spare cell, value `shift`
  [31.999999999999996, 0],
  [32, 89], // cumulative table: the last entry, shift + L − 1
  [100, 192],
  [2000, 2371],
  [8000, 8725],
  [8000.000000000001, 8567], // normal approximation (inverse CDF of the mirrored word 0)
  [400000, 404008],
];

/**
 * MTGP32 seed 42, element 3340844 = 0xFFFFFF7F: cuRAND gives 7979 at this λ, as do tables built with
 * either variant of glibc's exp/log; tables built with V8's give 7978 (scripts/poisson/flip-check.ts).
 */
const V8_SENSITIVE = {
  algorithm: 'mtgp32',
  backend: 'ts',
  seed: 42n,
  ordering: 'default',
  position: 3340844,
  lambda: 7504.212709056907,
} as const;

interface Stream {
  algorithm: Algorithm;
  backend: BackendName;
  seed: bigint;
  ordering: Ordering;
}

/** n Poisson values from element `position` of a fresh stream (raw words before it). */
function poissonAt({ algorithm, backend, seed, ordering }: Stream, position: number, n: number, lambda: number): Uint32Array {
  using g = new Generator({ algorithm, backend, seed, ordering });
  for (let left = position; left > 0; left -= 1 << 20) g.uint32(Math.min(left, 1 << 20));
  return g.poisson(n, lambda);
}

const available = CPU_BACKENDS.filter((b) => backendInfo().backends[b].available);

describe.each(available)('Poisson on %s: values measured from cuRAND', (backend) => {
  it("NVIDIA's sample and the Philox word 0xFFFFFFFF (seed 42, offset 2960661393)", () => {
    expect(Array.from(new Generator({ backend, seed: 1234n }).poisson(12, 10))).toEqual([15, 7, 12, 8, 7, 12, 8, 17, 10, 6, 11, 12]);
    const at = (lambda: number) => new Generator({ backend, seed: 42n, offset: 2960661393n }).poisson(4, lambda);
    expect(new Generator({ backend, seed: 42n, offset: 2960661393n }).uint32(1)[0]).toBe(0xffffffff);
    expect(Array.from(at(1500))).toEqual([286, 1504, 1490, 1548]);
    expect([at(10)[0], at(1000)[0], at(1999)[0]]).toEqual([0, 71, 549]);
    // The same word inside a call long enough for the draw kernels.
    const inLong = (lambda: number) => new Generator({ backend, seed: 42n, offset: 2960661393n - BigInt(BEFORE) }).poisson(KERNEL_CALL, lambda)[BEFORE];
    expect([inLong(10), inLong(1000), inLong(1999)]).toEqual([0, 71, 549]);
  });

  it('MTGP32 at the word 0xFFFFFFFF, every method, both layouts, in short and long calls', () => {
    for (const { seed, ordering, position } of [MTGP32_MAX_WORDS[0], MTGP32_MAX_WORDS[3]]) {
      const stream = { algorithm: 'mtgp32', backend, seed, ordering } as const;
      using g = new Generator(stream);
      g.uint32(position);
      expect(g.uint32(1)[0]).toBe(0xffffffff);
      for (const [lambda, want] of MTGP32_AT_MAX_WORD) {
        expect(poissonAt(stream, position, 1, lambda)[0], `seed ${seed} ${ordering}, lambda ${lambda}`).toBe(want);
        expect(poissonAt(stream, position - BEFORE, KERNEL_CALL, lambda)[BEFORE], `seed ${seed} ${ordering}, lambda ${lambda}, long call`).toBe(want);
      }
    }
  });

  it("cumulative tables need glibc's exp/log: a word where V8's Math.exp/Math.log would give 7978", () => {
    const stream = { ...V8_SENSITIVE, backend };
    expect(poissonAt(stream, V8_SENSITIVE.position, 1, V8_SENSITIVE.lambda)[0]).toBe(7979);
    expect(poissonAt(stream, V8_SENSITIVE.position - BEFORE, KERNEL_CALL, V8_SENSITIVE.lambda)[BEFORE]).toBe(7979);
  });
});

describe.runIf(hasCurandHost).each(CPU_BACKENDS)('[curand-host] Poisson on %s equals cuRAND bit for bit', (backend) => {
  const sweep = (algorithm: Algorithm, orderings: Ordering[], offsets: boolean) =>
    fc.asyncProperty(
      lambdaArb,
      seedArb,
      offsets ? fc.option(offsetArb, { nil: null }) : fc.constant(null),
      fc.constantFrom(...orderings),
      fc.constantFrom<HostMath>('x86-fma', 'x86-sse2'),
      lengthArb(2 ** 14),
      fc.integer({ min: 0, max: 7 }),
      async (lambda, seed, offset, ordering, hostMath, n, skip) => {
        const make = (on: BackendName) => new Generator({ algorithm, backend: on, seed, ordering, hostMath, ...(offset === null ? {} : { offset }) });
        using ts = make(backend);
        using host = make('curand-host');
        // A few raw words first, so that Poisson starts anywhere in a Philox slot or a pair.
        ts.uint32(skip);
        host.uint32(skip);
        const label = `lambda ${lambda}, seed ${seed}, offset ${offset}, ${ordering}, ${hostMath}, skip ${skip}, n ${n}`;
        expectSameBits(await ts.poissonAsync(n, lambda), host.poisson(n, lambda), label);
        expectSameBits(ts.uint32(5), host.uint32(5), `${label}: the stream after`);
      },
    );

  it('Philox: λ log-uniform over (1e-8, 400000], thresholds, random seeds and offsets', async () => {
    await fc.assert(sweep('philox4x32-10', ['default'], true), { numRuns: 200 });
  });

  it('MTGP32: the same, both layouts', async () => {
    await fc.assert(sweep('mtgp32', ['default', 'legacy'], false), { numRuns: 200 });
  });


  /** Scenarios where most calls are Poisson, between calls of other distributions. */
  const mixes = (algorithm: Algorithm, others: ScenarioSpace['distributions'], orderings: Ordering[], numRuns: number) => {
    const space: ScenarioSpace = {
      distributions: ['poisson', 'poisson', 'poisson', ...others],
      orderings,
      offsets: algorithm === 'philox4x32-10',
      large: 2 ** 18,
      maxSteps: 5,
    };
    return fc.assert(
      fc.asyncProperty(scenarioArb(space), (scenario) => runDifferential(algorithm, scenario, backend)),
      { numRuns },
    );
  };

  it('Philox: Poisson-heavy call mixes with other distributions, lengths beyond 2^18', async () => {
    await mixes('philox4x32-10', ['uint32', 'uniformDouble', 'normal', 'normalDouble'], ['default'], 40);
  });

  it('MTGP32: Poisson-heavy call mixes, both layouts', async () => {
    await mixes('mtgp32', ['uint32', 'uniform', 'normal', 'logNormalDouble'], ['default', 'legacy'], 30);
  });

  it('Philox: calls across the word 0xFFFFFFFF, in every lane of its slot and both halves of a pair', () => {
    for (const lambda of [10, 1500, 1999.9999999999998, 2000, 123456.75]) {
      for (let back = 0; back <= 5; back++) {
        const offset = 2960661393n - BigInt(back);
        for (const n of [1, back + 1, back + 2, 9, KERNEL_CALL]) {
          const make = (on: BackendName) => new Generator({ backend: on, seed: 42n, offset });
          const label = `lambda ${lambda}, offset ${offset}, n ${n}`;
          expectSameBits(make(backend).poisson(n, lambda), make('curand-host').poisson(n, lambda), label);
        }
      }
    }
  });

  it('MTGP32: calls across the word 0xFFFFFFFF, every method, both layouts', () => {
    for (const { seed, ordering, position } of MTGP32_MAX_WORDS) {
      for (const [lambda, want] of MTGP32_AT_MAX_WORD) {
        const label = `seed ${seed} ${ordering}, lambda ${lambda}`;
        const host = poissonAt({ algorithm: 'mtgp32', backend: 'curand-host', seed, ordering }, position - 3, 7, lambda);
        expectSameBits(poissonAt({ algorithm: 'mtgp32', backend, seed, ordering }, position - 3, 7, lambda), host, label);
        expect(host[3], label).toBe(want);
      }
    }
  });

  it("MTGP32: the word where V8-built tables would differ", () => {
    const { position, lambda } = V8_SENSITIVE;
    const host = poissonAt({ ...V8_SENSITIVE, backend: 'curand-host' }, position - 2, 5, lambda);
    expectSameBits(poissonAt({ ...V8_SENSITIVE, backend }, position - 2, 5, lambda), host);
    expect(host[2]).toBe(7979);
  });

  it('cuRAND rebuilds its table for any change of λ, so output depends only on the λ of the call', () => {
    // 8000 and 7999.9999 are one float apart at most; their cumulative tables differ on ~1 word in 10^4.
    const n = 1 << 20;
    const make = (on: BackendName) => new Generator({ algorithm: 'mtgp32', backend: on, seed: 5n });
    using host = make('curand-host');
    using ts = make(backend);
    expectSameBits(ts.poisson(n, 8000), host.poisson(n, 8000), 'lambda 8000');
    const second = host.poisson(n, 7999.9999);
    expectSameBits(ts.poisson(n, 7999.9999), second, 'lambda 7999.9999 after 8000');
    using stale = make(backend);
    stale.uint32(n);
    expect(stale.poisson(n, 8000)).not.toEqual(second);
  });

  it('Philox: slices of a Poisson stream equal cuRAND’s sequential output', () => {
    for (const lambda of [0.5, 1999, 2000, 4e5]) {
      for (const [from, to] of [[0, 5], [3, 300003], [1, 2], [262143, 262149]]) {
        using ts = new Generator({ backend, seed: 7n, offset: 3n });
        const whole = new Generator({ backend: 'curand-host', seed: 7n, offset: 3n }).poisson(to, lambda);
        expectSameBits(ts.slice('poisson', from, to, lambda), whole.subarray(from), `lambda ${lambda} [${from}, ${to})`);
      }
    }
  });
});

/**
 * The generators whose set-up is slow (cuRAND host's MRG32k3a takes about a second, MT19937 several):
 * one cuRAND host stream and one stream on each CPU backend, kept in step through random calls.
 */
describe.runIf(hasCurandHost)('[curand-host] Poisson on XORWOW, MRG32k3a and MT19937: every CPU backend in step with cuRAND', () => {
  it.each([
    ['xorwow', 'default'],
    ['xorwow', 'legacy'],
    ['mrg32k3a', 'default'],
    ['mrg32k3a', 'legacy'],
    ['mt19937', 'default'],
  ] as const)('%s, %s ordering: random λ, lengths and raw words between, sync and async', async (algorithm, ordering) => {
    const seed = 2024n;
    using host = new Generator({ algorithm, backend: 'curand-host', seed, ordering });
    const subjects = CPU_BACKENDS.map((backend) => new Generator({ algorithm, backend, seed, ordering }));
    let call = 0;
    try {
      await fc.assert(
        fc.asyncProperty(lambdaArb, lengthArb(2 ** 14), fc.integer({ min: 0, max: 7 }), fc.boolean(), async (lambda, n, skip, async) => {
          call++;
          // The streams move on from run to run: a failure is reported, not shrunk.
          const label = `call ${call}: lambda ${lambda}, n ${n}, after ${skip} words, ${async ? 'async' : 'sync'}`;
          const words = host.uint32(skip);
          const want = host.poisson(n, lambda);
          for (const g of subjects) {
            expectSameBits(g.uint32(skip), words, `${g.backend} ${label}: the words before`);
            expectSameBits(async ? await g.poissonAsync(n, lambda) : g.poisson(n, lambda), want, `${g.backend} ${label}`);
          }
        }),
        { numRuns: 60, endOnFailure: true },
      );
    } finally {
      for (const g of subjects) g.dispose();
    }
  });
});

