import { describe, expect, it } from 'vitest';
import { Generator } from '../src/index.js';
import type { Algorithm, BackendName } from '../src/types.js';
import { hasCurandHost } from './support/backends.js';

/**
 * binomial, multinomial and truncatedNormal read only their generator's uint32 stream, so every
 * backend gives the same values (ts is the reference here: the words themselves are checked against
 * cuRAND elsewhere), through cuRAND calls in between and across getState / setState.
 */

const BACKENDS: { name: BackendName; title: string; run: boolean }[] = [
  { name: 'wasm', title: 'wasm', run: true },
  { name: 'simd', title: 'simd', run: true },
  { name: 'curand-host', title: '[curand-host] curand-host', run: hasCurandHost },
];
const ALGORITHMS: Algorithm[] = ['philox4x32-10', 'xorwow', 'mrg32k3a'];

/** A mix of the three draws, scalars and arrays, with cuRAND calls between them. */
async function mix(g: Generator): Promise<unknown[]> {
  const out: unknown[] = [];
  out.push(g.binomial(10, 0.3), g.binomial(1000, 0.45, 500), g.binomial(1e9, 0.8, 50));
  out.push(g.uniform(7));
  out.push(g.multinomial(100, [0.2, 0.3, 0.5], 40), g.multinomial(3e9, [0.25, 0.25, 0.25, 0.25]));
  out.push(g.truncatedNormal(-1, 2), g.truncatedNormal(8, 9, 300), g.truncatedNormal(-Infinity, 0, new Float32Array(33), { mean: 1, std: 3 }));
  out.push(g.uint32(5));
  out.push(await g.binomialAsync(40, 0.5, 5000), await g.multinomialAsync(7, [0.5, 0.5], 300), await g.truncatedNormalAsync(0, Infinity, 9000));
  out.push(g.uniform(4));
  return out;
}

for (const algorithm of ALGORITHMS) {
  describe(`binomial, multinomial, truncatedNormal on every backend: ${algorithm}`, () => {
    for (const b of BACKENDS) {
      it.runIf(b.run)(`${b.title} gives the ts values, and resumes from a state taken mid-way`, async () => {
        using ref = new Generator({ backend: 'ts', algorithm, seed: 2718n });
        using g = new Generator({ backend: b.name, algorithm, seed: 2718n });
        expect(await mix(g)).toEqual(await mix(ref));
        const state = g.getState();
        const next = await mix(g);
        expect(next).toEqual(await mix(ref));
        g.setState(state);
        expect(await mix(g)).toEqual(next);
      });
    }
  });
}
