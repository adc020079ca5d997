import fc from 'fast-check';
import { expect } from 'vitest';
import { Generator, type GeneratorOptions } from '../../src/index.js';
import { OUTPUT_TYPE, type Algorithm, type Distribution, type Ordering, type OutputArray } from '../../src/types.js';
import { expectSameBits } from './compare.js';

/** cuRAND's normal-type calls: the ones taking (mean, stddev), computed in Box–Muller pairs on Philox, XORWOW and MRG32k3a. */
export const NORMAL_TYPES: readonly Distribution[] = ['normal', 'normalDouble', 'logNormal', 'logNormalDouble'];

/** One step of a differential scenario, replayed identically on two generators. */
export type Step =
  | { op: 'generate'; dist: Distribution; n: number; a: number; b: number; async: boolean; inPlace: boolean }
  | { op: 'seed'; seed: bigint }
  | { op: 'offset'; offset: bigint }
  | { op: 'ordering'; ordering: Ordering };

export interface Scenario {
  seed: bigint;
  offset: bigint | null;
  ordering: Ordering;
  steps: Step[];
}

export const seedArb = fc.oneof(
  { weight: 6, arbitrary: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }) },
  { weight: 1, arbitrary: fc.constantFrom(0n, 1n, 42n, 1234n, 2n ** 32n - 1n, 2n ** 32n, 2n ** 64n - 1n) },
);

/** Offsets near the layout's edges (slot, and rounds of `round` elements) as well as anywhere up to 2^62. */
export function offsetArbFor(round: number): fc.Arbitrary<bigint> {
  return fc.oneof(
    fc.integer({ min: 0, max: 20 }).map(BigInt),
    fc.tuple(fc.integer({ min: 1, max: 8 }), fc.integer({ min: -6, max: 6 })).map(([k, d]) => BigInt(k * round + d)),
    fc.bigInt({ min: 0n, max: 2n ** 62n }),
  );
}

/** Philox's edges: rounds of 4 × 65536 elements. */
export const offsetArb = offsetArbFor(262144);

/** Lengths: mostly small (partial slots, odd counts), some medium, a few beyond `large`. */
export function lengthArb(large: number): fc.Arbitrary<number> {
  return fc.oneof(
    { weight: 5, arbitrary: fc.integer({ min: 1, max: 17 }) },
    { weight: 3, arbitrary: fc.integer({ min: 18, max: 5000 }) },
    { weight: 1, arbitrary: fc.integer({ min: large - 3, max: large + 4099 }) },
  );
}

const paramArb = fc.tuple(
  fc.oneof(fc.constant(0), fc.double({ min: -4, max: 4, noNaN: true })),
  fc.oneof(fc.constant(1), fc.double({ min: 0, max: 3, noNaN: true })),
);

/**
 * λ for Poisson steps: log-uniform over (1e-8, 400000], the adjacent doubles around every method
 * threshold (Philox 2000; MTGP32 32 and 8000), the ends of cuRAND's range, and integers.
 */
export const lambdaArb: fc.Arbitrary<number> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.double({ min: Math.log(1e-8), max: Math.log(4e5), noNaN: true }).map((l) => Math.min(4e5, Math.exp(l))),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(1999.9999999999998, 2000, 31.999999999999996, 32, 8000, 8000.000000000001, 400000, 5e-324, 1e-300),
  },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 400000 }) },
);

export interface ScenarioSpace {
  distributions: readonly Distribution[];
  orderings: readonly Ordering[];
  offsets: boolean;
  /** Elements per round of the layout, for offsets near its edges (default Philox's 262144). */
  offsetRound?: number;
  large: number;
  maxSteps: number;
}

export function scenarioArb(space: ScenarioSpace): fc.Arbitrary<Scenario> {
  const generate = fc
    .record({
      dist: fc.constantFrom(...space.distributions),
      n: lengthArb(space.large),
      params: paramArb,
      async: fc.boolean(),
      inPlace: fc.boolean(),
    })
    .map(({ dist, n, params, async, inPlace }): Step => ({ op: 'generate', dist, n, a: params[0], b: params[1], async, inPlace }));
  // Poisson steps take λ instead of (mean, stddev); spaces without Poisson draw exactly as before.
  const generateStep = space.distributions.includes('poisson')
    ? generate.chain((s) =>
        s.op === 'generate' && s.dist === 'poisson' ? lambdaArb.map((a): Step => ({ ...s, a, b: 0 })) : fc.constant(s),
      )
    : generate;
  const reconfigure: fc.Arbitrary<Step>[] = [
    seedArb.map((seed): Step => ({ op: 'seed', seed })),
    fc.constantFrom(...space.orderings).map((ordering): Step => ({ op: 'ordering', ordering })),
  ];
  const offsets = offsetArbFor(space.offsetRound ?? 262144);
  if (space.offsets) reconfigure.push(offsets.map((offset): Step => ({ op: 'offset', offset })));
  const step = fc.oneof({ weight: 8, arbitrary: generateStep }, { weight: 1, arbitrary: fc.oneof(...reconfigure) });
  return fc.record({
    seed: seedArb,
    offset: space.offsets ? fc.option(offsets, { nil: null }) : fc.constant(null),
    ordering: fc.constantFrom(...space.orderings),
    steps: fc.array(step, { minLength: 1, maxLength: space.maxSteps }),
  });
}

function call(g: Generator, s: Extract<Step, { op: 'generate' }>): unknown {
  const target = s.inPlace ? undefined : s.n;
  const method = (s.async ? `${s.dist}Async` : s.dist) as keyof Generator;
  const arr = (() => {
    switch (s.dist) {
      case 'uint32':
      case 'poisson':
        return new Uint32Array(s.n);
      case 'uniform':
      case 'normal':
      case 'logNormal':
        return new Float32Array(s.n);
      default:
        return new Float64Array(s.n);
    }
  })();
  const fn = g[method] as (x: unknown, a?: number, b?: number) => unknown;
  return fn.call(g, target ?? arr, s.a, s.b);
}

async function attempt(fn: () => unknown): Promise<{ value?: unknown; error?: unknown }> {
  try {
    return { value: await fn() };
  } catch (error) {
    return { error: error ?? new Error('undefined thrown') };
  }
}

/** A backend with options that pick its kernel and threads (the 'simd' and 'wasm' backends). */
export type BackendSubject = Pick<GeneratorOptions, 'backend' | 'kernel' | 'threads'>;

/** Replays a scenario on a generator of `backend` and on the oracle; every output must match bit for bit. */
export async function runDifferential(
  algorithm: Algorithm,
  scenario: Scenario,
  subject: Generator['backend'] | BackendSubject,
  oracle: Generator['backend'] = 'curand-host',
): Promise<void> {
  const make = (backend: Generator['backend'] | BackendSubject) =>
    new Generator({
      algorithm,
      ...(typeof backend === 'string' ? { backend } : backend),
      seed: scenario.seed,
      ordering: scenario.ordering,
      ...(scenario.offset === null ? {} : { offset: scenario.offset }),
    });
  using mine = make(subject);
  using ref = make(oracle);
  for (const [i, s] of scenario.steps.entries()) {
    if (s.op === 'seed') {
      mine.setSeed(s.seed);
      ref.setSeed(s.seed);
    } else if (s.op === 'offset') {
      mine.setOffset(s.offset);
      ref.setOffset(s.offset);
    } else if (s.op === 'ordering') {
      mine.setOrdering(s.ordering);
      ref.setOrdering(s.ordering);
    } else {
      const got = await attempt(() => call(mine, s));
      const want = await attempt(() => call(ref, s));
      const label = `step ${i} ${s.dist}(${s.n}, ${s.a}, ${s.b})`;
      if (got.error !== undefined || want.error !== undefined) {
        // A call cuRAND rejects (e.g. an odd-length normal on XORWOW) must be rejected alike on both
        // sides, with the same status; both streams then go on untouched.
        const describe = (e: unknown) => (e === undefined ? 'no error' : `${(e as { code?: string }).code}/${(e as { statusName?: string }).statusName}`);
        if (describe(got.error) !== describe(want.error) || got.error === undefined) {
          throw new Error(`${label}: ${JSON.stringify(subject)} gave ${describe(got.error)}, ${oracle} gave ${describe(want.error)}`, { cause: got.error ?? want.error });
        }
        continue;
      }
      expectSameBits(got.value as Uint32Array, want.value as Uint32Array, label);
    }
  }
  if (mine.position !== ref.position) throw new Error(`positions differ: ${mine.position} vs ${ref.position}`);
  expectSameBits(mine.uint32(9), ref.uint32(9), 'after the scenario');
}

/**
 * A short uint32 call on both generators (the long call then starts inside a round, the threads at
 * uneven positions), then `dist` of n elements (mean 0.25, stddev 1.5) into a view `skip` elements
 * into its buffer on `mine`, sync or async, and into a fresh array on `ref`: same bits and same state.
 */
export async function expectSameLongCall(mine: Generator, ref: Generator, lead: number, dist: Distribution, n: number, skip: number, async: boolean): Promise<void> {
  const fill = (g: Generator, out: OutputArray) => (g[dist] as (out: OutputArray, a: number, b: number) => OutputArray).call(g, out, 0.25, 1.5);
  expectSameBits(mine.uint32(lead), ref.uint32(lead), `uint32(${lead})`);
  const view = new OUTPUT_TYPE[dist](n + skip).subarray(skip);
  if (async) {
    const method = mine[`${dist}Async` as 'normalAsync'] as (out: OutputArray, a: number, b: number) => Promise<OutputArray>;
    await method.call(mine, view, 0.25, 1.5);
  } else {
    fill(mine, view);
  }
  expectSameBits(view, fill(ref, new OUTPUT_TYPE[dist](n)), `${dist}(${n}) at +${skip}`);
  expect(mine.getState()).toEqual(ref.getState());
}
