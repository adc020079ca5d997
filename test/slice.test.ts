import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Generator } from '../src/index.js';
import type { Distribution } from '../src/types.js';
import { hasCurandHost } from './support/backends.js';
import { expectSameBits } from './support/compare.js';
import { offsetArb, seedArb } from './support/scenarios.js';

const DISTS = ['uint32', 'uniform', 'uniformDouble', 'normal', 'normalDouble', 'logNormal', 'logNormalDouble'] as const;
const ONE_WORD = ['uint32', 'uniform', 'normal', 'logNormal'] as const;

function sequential(g: Generator, dist: Distribution, n: number): Uint32Array {
  const out = (g[dist as 'uint32'] as (n: number, a?: number, b?: number) => Uint32Array).call(g, n, 0.5, 2);
  return new Uint32Array(out.buffer);
}

const splitsArb = fc
  .array(fc.integer({ min: 0, max: 300000 }), { minLength: 1, maxLength: 4 })
  .map((xs) => [0, ...xs.sort((a, b) => a - b)]);

describe('Generator.slice / at: random access to a Philox stream', () => {
  it('slices of any split concatenate to one sequential run (ts)', () => {
    fc.assert(
      fc.property(seedArb, fc.option(offsetArb, { nil: null }), fc.constantFrom(...DISTS), splitsArb, (seed, offset, dist, cuts) => {
        const options = { backend: 'ts' as const, seed, ...(offset === null ? {} : { offset }) };
        using g = new Generator(options);
        g.uniformDouble(13); // the generator's own position does not matter
        const whole = sequential(new Generator(options), dist, cuts[cuts.length - 1]);
        const per = whole.length / cuts[cuts.length - 1] || 1;
        for (let i = 1; i < cuts.length; i++) {
          const part = g.slice(dist, cuts[i - 1], cuts[i], 0.5, 2);
          expectSameBits(new Uint32Array(part.buffer), whole.subarray(cuts[i - 1] * per, cuts[i] * per), `${dist} [${cuts[i - 1]}, ${cuts[i]})`);
        }
        expect(g.position).toBe((offset ?? 0n) + 13n);
      }),
      { numRuns: 40 },
    );
  });

  it('reaches far positions in O(1): element 2^60 of a stream', () => {
    using g = new Generator({ backend: 'ts', seed: 5n });
    const t = performance.now();
    const x = g.slice('uniformDouble', 2n ** 60n, 2n ** 60n + 4n);
    expect(performance.now() - t).toBeLessThan(1000);
    expect(x.every((v) => v > 0 && v < 1)).toBe(true);
    expect(g.at(7)).toBe(new Generator({ backend: 'ts', seed: 5n }).uint32(8)[7]);
  });

  it('rejects MTGP32 and bad ranges', () => {
    using g = new Generator({ backend: 'ts' });
    expect(() => g.slice('uint32', 5, 4)).toThrow(RangeError);
    expect(() => g.slice('nope' as never, 0, 4)).toThrow(/dist must be one of/);
    expect(() => g.slice('poisson', 0, 4, 0)).toThrow(/lambda/);
  });
});

describe.runIf(hasCurandHost)('[curand-host] slices equal cuRAND', () => {
  it('ts slices equal cuRAND sequential output; curand-host slices one-word streams itself', () => {
    fc.assert(
      fc.property(seedArb, fc.option(offsetArb, { nil: null }), fc.constantFrom(...DISTS), splitsArb, (seed, offset, dist, cuts) => {
        const options = { seed, ...(offset === null ? {} : { offset }) };
        const n = cuts[cuts.length - 1];
        const whole = sequential(new Generator({ ...options, backend: 'curand-host' }), dist, n);
        const per = whole.length / n || 1;
        using ts = new Generator({ ...options, backend: 'ts' });
        using host = new Generator({ ...options, backend: 'curand-host' });
        for (let i = 1; i < cuts.length; i++) {
          const want = whole.subarray(cuts[i - 1] * per, cuts[i] * per);
          expectSameBits(new Uint32Array(ts.slice(dist, cuts[i - 1], cuts[i], 0.5, 2).buffer), want, `ts ${dist}`);
          if ((ONE_WORD as readonly string[]).includes(dist)) {
            expectSameBits(new Uint32Array(host.slice(dist, cuts[i - 1], cuts[i], 0.5, 2).buffer), want, `host ${dist}`);
          } else if (cuts[i] > cuts[i - 1]) {
            expect(() => host.slice(dist, cuts[i - 1], cuts[i])).toThrow(expect.objectContaining({ code: 'ERR_CURAND_STATE' }));
          }
        }
      }),
      { numRuns: 30 },
    );
  });
});
