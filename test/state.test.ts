import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ALGORITHM_TRAITS } from '../src/algorithms.js';
import { NORMAL_TYPES } from './support/scenarios.js';
import { Generator } from '../src/index.js';
import type { Algorithm, BackendName, Distribution, Ordering } from '../src/types.js';
import { hasCurandHost } from './support/backends.js';
import { expectSameBits } from './support/compare.js';
import { lengthArb, offsetArb, seedArb } from './support/scenarios.js';

const DISTS: Distribution[] = ['uint32', 'uniform', 'uniformDouble', 'normal', 'normalDouble', 'logNormal', 'logNormalDouble'];

function generate(g: Generator, dist: Distribution, n: number): Uint32Array {
  const out = (g[dist as 'uint32'] as (n: number) => Uint32Array).call(g, n);
  return new Uint32Array(out.buffer);
}

const callsArb = fc.array(fc.tuple(fc.constantFrom(...DISTS), lengthArb(70000)), { maxLength: 5 });

/** Lengths the generator accepts: XORWOW and MRG32k3a refuse odd normal-type lengths, as cuRAND does. */
function accepted(algorithm: Algorithm, calls: [Distribution, number][]): [Distribution, number][] {
  if (ALGORITHM_TRAITS[algorithm].oddNormals === true) return calls;
  return calls.map(([d, n]) => [d, NORMAL_TYPES.includes(d) ? n + (n % 2) : n]);
}

function roundTrip(algorithm: Algorithm, from: BackendName, to: BackendName, offsets: boolean, ordering: Ordering = 'default') {
  return fc.asyncProperty(seedArb, offsets ? fc.option(offsetArb, { nil: null }) : fc.constant(null), callsArb, callsArb, async (seed, offset, callsBefore, callsAfter) => {
    const before = accepted(algorithm, callsBefore);
    const after = accepted(algorithm, callsAfter);
    using g = new Generator({ algorithm, backend: from, seed, ordering, ...(offset === null ? {} : { offset }) });
    for (const [d, n] of before) generate(g, d, n);
    const saved = JSON.stringify(g.getState());
    let r: Generator;
    try {
      r = Generator.fromState(saved, { backend: to });
    } catch (error) {
      // Only one refusal is legitimate: a native backend cannot express per-subsequence positions left
      // uneven by mixed widths (Philox counters, XORWOW/MRG32k3a thread positions).
      expect(error).toMatchObject({ code: 'ERR_CURAND_STATE' });
      expect(to).not.toBe('ts');
      return;
    }
    using restored = r;
    expect(restored.position).toBe(g.position);
    expect(JSON.stringify(restored.getState())).toBe(saved);
    for (const [d, n] of after) expectSameBits(generate(restored, d, n), generate(g, d, n), `${d}(${n}) after restore`);
  });
}

describe('getState / fromState', () => {
  it('round-trips through JSON mid-stream on ts (Philox)', async () => {
    await fc.assert(roundTrip('philox4x32-10', 'ts', 'ts', true), { numRuns: 40 });
  });

  it('round-trips through JSON mid-stream on ts (MTGP32)', async () => {
    await fc.assert(roundTrip('mtgp32', 'ts', 'ts', false), { numRuns: 20 });
  });

  it('round-trips through JSON mid-stream on ts (XORWOW, MRG32k3a both layouts, MT19937)', async () => {
    await fc.assert(roundTrip('xorwow', 'ts', 'ts', true), { numRuns: 30 });
    await fc.assert(roundTrip('mrg32k3a', 'ts', 'ts', true), { numRuns: 15 });
    await fc.assert(roundTrip('mrg32k3a', 'ts', 'ts', true, 'legacy'), { numRuns: 15 });
    await fc.assert(roundTrip('mt19937', 'ts', 'ts', false, 'legacy'), { numRuns: 8 });
  }, 300_000);

  it('slot-model states: per-thread positions as runs; malformed ones are refused', () => {
    using g = new Generator({ backend: 'ts', algorithm: 'xorwow', seed: 9n, offset: 4096n * 2n + 10n });
    g.normalDouble(4);
    const s = g.getState();
    // Offset 8202 slots: threads 0–9 at word 3, the rest at 2; then 2 slots of 4 words for threads 10, 11.
    expect(s.engine).toEqual({ slots: '8204', elements: '8206', words: 2, wordRuns: [1, 10, 4, 2, 0, 4084], cacheRuns: [0, 4096] });
    expect(() => Generator.fromState({ ...s, engine: { ...s.engine, wordRuns: [0, 4095] } })).toThrow(/4096/);
    expect(() => Generator.fromState({ ...s, engine: { ...s.engine, slots: '-1' } })).toThrow(/slots/);
    expect(() => Generator.fromState({ ...s, algorithm: 'mrg32k3a' })).toThrow(/81920/);
  });

  it('rejects malformed states without creating anything', () => {
    const good = new Generator({ backend: 'ts', seed: 3n }).getState();
    expect(() => Generator.fromState({ ...good, format: 'x' } as never)).toThrow(TypeError);
    expect(() => Generator.fromState({ ...good, version: 2 } as never)).toThrow(/version/);
    expect(() => Generator.fromState({ ...good, streamVersion: 9 } as never)).toThrow(/streamVersion/);
    expect(() => Generator.fromState({ ...good, seed: '-1' })).toThrow(/seed/);
    expect(() => Generator.fromState({ ...good, engine: { ...good.engine, baseRuns: [0, 5] } })).toThrow(/65536/);
    expect(() => Generator.fromState('{not json')).toThrow(TypeError);
  });

  it('a state is JSON with the documented envelope', () => {
    using g = new Generator({ backend: 'ts', seed: 2n ** 64n - 1n, offset: 12345n });
    g.normalDouble(7);
    const s = g.getState();
    expect(s).toMatchObject({
      format: 'node-curand/generator-state',
      version: 1,
      streamVersion: 1,
      algorithm: 'philox4x32-10',
      ordering: 'default',
      seed: '18446744073709551615',
      offset: '12345',
    });
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });
});

describe.runIf(hasCurandHost)('[curand-host] states move between backends', () => {
  it('curand-host → ts resumes exactly (Philox), for every call mix', async () => {
    await fc.assert(roundTrip('philox4x32-10', 'curand-host', 'ts', true), { numRuns: 30 });
  });
  it('ts → curand-host resumes exactly where cuRAND can express the state, and refuses clearly otherwise', async () => {
    await fc.assert(roundTrip('philox4x32-10', 'ts', 'curand-host', true), { numRuns: 30 });
  });
  it('MTGP32 states move both ways between curand-host and ts', async () => {
    await fc.assert(roundTrip('mtgp32', 'curand-host', 'ts', false), { numRuns: 15 });
    await fc.assert(roundTrip('mtgp32', 'ts', 'curand-host', false), { numRuns: 15 });
  });
  it('XORWOW and MRG32k3a states move both ways between curand-host and ts', async () => {
    await fc.assert(roundTrip('xorwow', 'curand-host', 'ts', true), { numRuns: 20 });
    await fc.assert(roundTrip('xorwow', 'ts', 'curand-host', true), { numRuns: 20 });
    await fc.assert(roundTrip('mrg32k3a', 'curand-host', 'ts', true, 'legacy'), { numRuns: 8 });
    await fc.assert(roundTrip('mrg32k3a', 'ts', 'curand-host', true), { numRuns: 8 });
  }, 300_000);
  it('XORWOW and MRG32k3a: the Poisson normal cache travels in the state (curand-host → ts), and cuRAND cannot take it back', () => {
    for (const [algorithm, ordering] of [['xorwow', 'default'], ['mrg32k3a', 'legacy'], ['mrg32k3a', 'default']] as const) {
      using g = new Generator({ algorithm, backend: 'curand-host', seed: 77n, ordering });
      g.poisson(5000, 9000);
      g.uint32(3);
      g.poisson(101, 2500.5);
      const saved = g.getState();
      expect((saved.engine as { cacheRuns: number[] }).cacheRuns.some((v, i) => i % 2 === 0 && v > 0)).toBe(true);
      using r = Generator.fromState(saved, { backend: 'ts' });
      expect(r.getState()).toEqual(saved);
      expectSameBits(r.poisson(9000, 9000), g.poisson(9000, 9000), `${algorithm} ${ordering} poisson after restore`);
      expectSameBits(r.normal(10), g.normal(10));
      expect(() => Generator.fromState(r.getState(), { backend: 'curand-host' })).toThrow(expect.objectContaining({ code: 'ERR_CURAND_STATE' }));
    }
  });
  it('MT19937 states move both ways between curand-host and ts (cuRAND sets up for seconds per seed)', async () => {
    for (const [from, to] of [['curand-host', 'ts'], ['ts', 'curand-host']] as const) {
      using g = new Generator({ algorithm: 'mt19937', backend: from, seed: 2n ** 40n + 5n });
      g.uniform(70_001);
      g.normalDouble(3);
      using r = Generator.fromState(JSON.stringify(g.getState()), { backend: to });
      expect(r.position).toBe(70_004n);
      expectSameBits(generate(r, 'logNormal', 1001), generate(g, 'logNormal', 1001), `${from} → ${to}`);
    }
  }, 300_000);
  it('refuses a non-canonical Philox state on curand-host with ERR_CURAND_STATE', () => {
    using g = new Generator({ backend: 'ts', seed: 1n });
    g.uniformDouble(5); // slot 0 completed with width 2: base[0] = 2, where setOffset(5) would give 1
    expect(() => Generator.fromState(g.getState(), { backend: 'curand-host' })).toThrow(
      expect.objectContaining({ code: 'ERR_CURAND_STATE' }),
    );
  });
});
