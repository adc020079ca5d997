/**
 * Stream stability of the draws (docs/reproducibility.md): fixtures/golden/draws.json was written
 * once (fixtures/golden/generate-draws.ts, words from cuRAND's host generators); every backend here
 * must give those values, from the same seeds, for every script of fixtures/golden/draw-cases.ts.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

import { Generator, type BackendName } from '../src/index.js';
import { DRAW_CASES, serialise } from './fixtures/golden/draw-cases.js';
import { hasCurandHost } from './support/backends.js';

const golden = JSON.parse(readFileSync(new URL('./fixtures/golden/draws.json', import.meta.url), 'utf8')) as {
  generatedWith: { backend: string };
  entries: Array<{ name: string; values: string[] }>;
};

const BACKENDS: readonly BackendName[] = hasCurandHost ? ['ts', 'wasm', 'simd', 'curand-host'] : ['ts', 'wasm', 'simd'];

describe('golden draws', () => {
  it('the fixture covers every case, with words from curand-host', () => {
    expect(golden.generatedWith.backend).toBe('curand-host');
    expect(golden.entries.map((e) => e.name)).toEqual(DRAW_CASES.map((c) => c.name));
  });

  for (const backend of BACKENDS) {
    it(`${backend === 'curand-host' ? '[curand-host] ' : ''}${backend} gives the golden values for every case`, () => {
      for (const [i, c] of DRAW_CASES.entries()) {
        using g = new Generator({ backend, algorithm: c.algorithm, seed: c.seed });
        expect(serialise(c.script(g)), c.name).toEqual(golden.entries[i]!.values);
      }
    });
  }
});
