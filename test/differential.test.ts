import fc from 'fast-check';
import { describe, it } from 'vitest';
import { DISTRIBUTIONS, type Algorithm } from '../src/types.js';
import { hasCurandHost } from './support/backends.js';
import { runDifferential, scenarioArb, type Scenario, type ScenarioSpace } from './support/scenarios.js';

/**
 * The exactness claim: for every generator, the 'ts' backend writes exactly the bits of cuRAND's host
 * generator over random scenarios — seeds over the full 64-bit range, every accepted ordering,
 * offsets where cuRAND accepts them (near the layout's rounds and anywhere up to 2^62), mixes of all
 * eight distributions (Poisson with λ over its whole range) with odd and even lengths from 1 to
 * beyond each layout's boundaries, async and in-place calls, re-seeding, re-offsetting and
 * re-ordering (test/support/scenarios.ts). Odd normal-type lengths that cuRAND refuses must be
 * refused alike. NODE_CURAND_SCENARIOS scales every run count (1 = the defaults below).
 */
interface Case {
  algorithm: Algorithm;
  space: Omit<ScenarioSpace, 'distributions'>;
  runs: number;
  why: string;
}

const CASES: Case[] = [
  {
    algorithm: 'philox4x32-10',
    space: { orderings: ['default', 'best', 'legacy'], offsets: true, large: 2 ** 18, maxSteps: 6 },
    runs: 300,
    why: 'slots of 4 over 65536 subsequences; lengths beyond 2^18 cross a whole round',
  },
  {
    algorithm: 'mtgp32',
    space: { orderings: ['default', 'best', 'legacy'], offsets: false, large: 2 ** 20, maxSteps: 6 },
    runs: 150,
    why: '256-word chunks from 192 (64 for legacy) blocks; 2^20 wraps back to block 0 many times',
  },
  {
    algorithm: 'xorwow',
    space: { orderings: ['default', 'best', 'legacy'], offsets: true, offsetRound: 4096, large: 2 ** 17, maxSteps: 6 },
    runs: 150,
    why: 'one slot per thread step over 4096 threads',
  },
  {
    algorithm: 'mrg32k3a',
    space: { orderings: ['default', 'best', 'legacy'], offsets: true, offsetRound: 81920, large: 81920, maxSteps: 6 },
    runs: 20,
    why: "81920 threads (4096 for legacy); cuRAND's own set-up costs ≈ 0.8 s per configuration",
  },
  {
    algorithm: 'mt19937',
    space: { orderings: ['default', 'legacy'], offsets: false, large: 65536, maxSteps: 4 },
    runs: 3,
    why: "65536-word rows from 8192 jumped streams; cuRAND's own set-up costs ≈ 5 s per seed",
  },
];

const scale = Number(process.env.NODE_CURAND_SCENARIOS ?? 1);

describe.runIf(hasCurandHost)('[curand-host] ts equals cuRAND bit for bit', () => {
  for (const c of CASES) {
    it(`${c.algorithm}: random scenarios (${c.why})`, async () => {
      await fc.assert(
        fc.asyncProperty(scenarioArb({ ...c.space, distributions: DISTRIBUTIONS }), (scenario) => runDifferential(c.algorithm, scenario, 'ts')),
        { numRuns: Math.max(1, Math.round(c.runs * scale)) },
      );
    }, 900_000);
  }

  it('mt19937: every distribution across the first block boundary (word 78·65536 = 5,111,808)', async () => {
    const step = (dist: (typeof DISTRIBUTIONS)[number], n: number) =>
      ({ op: 'generate', dist, n, a: dist === 'poisson' ? 5000 : 0.25, b: 1.5, async: false, inPlace: false }) as const;
    const scenario: Scenario = {
      seed: 0xfedcba9876543210n,
      offset: null,
      ordering: 'legacy',
      steps: [step('uint32', 5_111_808 - 40_000), ...DISTRIBUTIONS.map((d, i) => step(d, 9_999 + i)), step('uniform', 70_001), { ...step('poisson', 333), a: 10 }],
    };
    await runDifferential('mt19937', scenario, 'ts');
  }, 300_000);
});
