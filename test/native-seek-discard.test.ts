import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { NATIVE_KIND, type NativeBinding, type NativeGeneratorHandle } from '../src/native/binding-types.js';
import { binding, hasCurand, sameBits, thrown } from './native-support.js';

// seek() and discard() move a native generator without building a new one: what the `cuda` backend
// uses to realign cuRAND after odd-length normals and small calls run on the CPU, and to reach a
// restored MTGP32/MT19937 position without copying words to the host. Checked on cuRAND's host
// generators against the plain way of getting there (a fresh generator at the offset; generating
// the words and throwing them away).
type RngKey = keyof NativeBinding['constants']['rngType'];
const ALL: RngKey[] = ['philox4x32_10', 'xorwow', 'mrg32k3a', 'mtgp32', 'mt19937'];
const WITH_OFFSETS: RngKey[] = ['philox4x32_10', 'xorwow', 'mrg32k3a'];

function make(rng: RngKey, seed: bigint, offset: bigint | null = null): NativeGeneratorHandle {
  const b = binding();
  const g = new b.NativeGenerator({ rngType: b.constants.rngType[rng], host: true, device: 0 });
  g.configure(seed, offset ?? 0n, offset !== null, b.constants.ordering.default);
  return g;
}

function words(g: NativeGeneratorHandle, n: number): Uint32Array {
  const out = new Uint32Array(n);
  g.generate(NATIVE_KIND.uint32, out, 0, 0);
  return out;
}

describe.runIf(hasCurand)('[curand-host] native seek and discard', () => {
  it('seek(o) after any calls continues exactly as a fresh generator at offset o', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...WITH_OFFSETS),
        fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
        fc.integer({ min: 0, max: 5000 }),
        fc.bigInt({ min: 0n, max: 1n << 40n }),
        (rng, seed, before, offset) => {
          const g = make(rng, seed);
          const fresh = make(rng, seed, offset);
          try {
            words(g, before);
            g.seek(offset);
            return sameBits(words(g, 9000), words(fresh, 9000));
          } finally {
            g.dispose();
            fresh.dispose();
          }
        },
      ),
      { numRuns: 8 },
    );
  });

  it('discard(n) lands where generating n words does, for every generator', () => {
    for (const rng of ALL) {
      // Creating host MT19937 and MRG32k3a generators costs up to a second each: few lengths.
      for (const n of [3, (1 << 20) + 5]) {
        const a = make(rng, 99n);
        const b = make(rng, 99n);
        a.discard(n);
        words(b, n);
        expect(sameBits(words(a, 5000), words(b, 5000)), `${rng} ${n}`).toBe(true);
        a.dispose();
        b.dispose();
      }
    }
  });

  it('seek is refused by generators without offsets, and bad arguments are TypeErrors', () => {
    for (const rng of ['mtgp32', 'mt19937'] as const) {
      const g = make(rng, 1n);
      expect(thrown(() => g.seek(5n))).toMatchObject({ statusName: 'CURAND_STATUS_TYPE_ERROR' });
      g.dispose();
    }
    const g = make('philox4x32_10', 1n);
    expect(() => g.seek(-1n)).toThrow(TypeError);
    expect(() => g.seek(1n << 64n)).toThrow(TypeError);
    expect(() => (g.seek as (x: unknown) => void)(3)).toThrow(TypeError);
    for (const bad of [-1, 0.5, 2 ** 53, Number.NaN, '3']) expect(() => (g.discard as (x: unknown) => void)(bad)).toThrow(TypeError);
    g.dispose();
    expect(thrown(() => g.discard(4))).toMatchObject({ statusName: 'CURAND_STATUS_NOT_INITIALIZED' });
  });
});
