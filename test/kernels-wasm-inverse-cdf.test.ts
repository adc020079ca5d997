import fc from 'fast-check';
import { describe, it } from 'vitest';

import { fillLogNormalInverseCdf, fillNormalInverseCdf } from '../src/distributions/inverse-cdf.js';
import { kernelExports, wasmModule } from '../src/kernels/wasm.js';
import { DOUBLE_LIBM } from '../src/math/libm.js';
import { expectSameBits } from './support/compare.js';

/**
 * The WebAssembly inverse-CDF float normals of MTGP32 and MT19937 (wasm/inverse-cdf.ts) on chosen
 * words, against the TypeScript transform: the words whose 2p sits at erfcinv's branch points (1/16,
 * where the header goes through log1p, and 1/4, where Table 39 hands over to Table 18), at the median
 * and its mirror, the extremes, and random words. The generators' differential tests reach these
 * branches only by chance.
 */

interface InverseCdfExports {
  memory: { buffer: ArrayBuffer };
  scratchPointer(): number;
  SCRATCH_BYTES: { value: number };
  inverseCdfNormals(at: number, n: number, mean: number, stddev: number, logNormal: number): void;
}

const compiled = wasmModule();
const kernel = (() => {
  if (compiled.module === null) throw new Error(`no WebAssembly kernel: ${compiled.error}`);
  return kernelExports(compiled.module) as InverseCdfExports;
})();

/** Words around w (±3), kept in [0, 2^32). */
const around = (w: number): number[] => [-3, -2, -1, 0, 1, 2, 3].map((d) => w + d).filter((x) => x >= 0 && x <= 0xffffffff);
const mirror = (w: number): number => 0xffffffff - w;

// 2p = 1/16 at the word 2^27 (p = fround(2^27·2^-32 + 2^-33) = 1/32), 2p = 1/4 at 2^29; the median 2^31.
const EDGES = [0, 1, 2, 2 ** 27, 2 ** 29, 2 ** 30, 2 ** 31, 0xffffffff].flatMap((w) => [...around(w), ...around(mirror(w))]);

function expectSameAsTypeScript(words: Uint32Array, mean: number, stddev: number): void {
  const at = kernel.scratchPointer();
  const mine = new Float32Array(kernel.memory.buffer, at, words.length);
  for (const logNormal of [false, true]) {
    new Uint32Array(kernel.memory.buffer, at, words.length).set(words);
    kernel.inverseCdfNormals(at, words.length, mean, stddev, logNormal ? 1 : 0);
    const expected = new Float32Array(words.length);
    if (logNormal) fillLogNormalInverseCdf(expected, words, words.length, mean, stddev, 0, DOUBLE_LIBM['x86-fma']);
    else fillNormalInverseCdf(expected, words, words.length, mean, stddev);
    expectSameBits(mine.slice(), expected, logNormal ? 'logNormal' : 'normal');
  }
}

describe('wasm inverse-CDF float normals', () => {
  it('equal the TypeScript at the branch points of erfcinv, the median and the extremes', () => {
    expectSameAsTypeScript(Uint32Array.from(EDGES), 0, 1);
    expectSameAsTypeScript(Uint32Array.from(EDGES), -0.75, 2.5);
  });

  it('equal the TypeScript on random words, means and stddevs', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: 0, max: 0xffffffff }), fc.constantFrom(...EDGES)), { minLength: 1, maxLength: 50000 }),
        fc.double({ min: -3, max: 3, noNaN: true }),
        fc.double({ min: 0.01, max: 4, noNaN: true }),
        (words, mean, stddev) => expectSameAsTypeScript(Uint32Array.from(words), mean, stddev),
      ),
      { numRuns: 20 },
    );
  });
});
