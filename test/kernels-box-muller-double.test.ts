import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { fillNormalDouble } from '../src/distributions/box-muller.js';
import { KERNEL_OP } from '../src/kernels/kernel.js';
import { DOUBLE_LIBM } from '../src/math/libm.js';
import { NATIVE_CPU_KERNEL, NATIVE_SLOT_GENERATOR } from '../src/native/binding-types.js';
import { expectSameBits } from './support/compare.js';
import { simdKernels } from './support/simd.js';

/**
 * The kernels' double Box–Muller (native/kernels/philox_impl.h BoxMullerDoubleLanes: glibc's log and
 * sincos on vector lanes) at the edges of its branches, against the TypeScript transform with the same
 * glibc variant. Random words reach the rare branches too seldom (an angle below 2^-27 once in 10^9
 * pairs), so each lane's four words are chosen: XORWOW's first four outputs of a thread are set by
 * solving its state for them, and one kernel call of 4096 slots then computes exactly those pairs.
 */

const { subjects: SUBJECTS, binding } = simdKernels('double Box–Muller');
const T = 4096;
const WEYL = 362437;
const TWO53 = 2 ** 53;

/** v with v ^ (v >>> 2) = y (xorshift inverses: each pass fixes two more high bits). */
function unshiftRight2(y: number): number {
  let v = y;
  for (let i = 0; i < 16; i++) v = (y ^ (v >>> 2)) >>> 0;
  return v;
}

/** x with x ^ (x << 1) = y. */
function unshiftLeft1(y: number): number {
  let x = y;
  for (let i = 0; i < 32; i++) x = (y ^ (x << 1)) >>> 0;
  return x;
}

/**
 * The state (v0 … v4, d) of an XORWOW thread whose next four outputs are `words`
 * (src/engines/xorwow.ts: x = v0 ^ v0 >>> 2; v4' = v4 ^ v4 << 4 ^ x ^ x << 1; d += 362437; out = v4' + d),
 * with v4 = d = 0: output k fixes v_k.
 */
function stateFor(words: readonly number[]): number[] {
  const v: number[] = [];
  let prev = 0;
  for (let k = 0; k < 4; k++) {
    const next = ((words[k] as number) - (k + 1) * WEYL) >>> 0;
    v.push(unshiftRight2(unshiftLeft1((next ^ prev ^ (prev << 4)) >>> 0)));
    prev = next;
  }
  return [...v, 0, 0];
}

/** The word pair (x, y) whose 53-bit uniform z = x ^ (y << 21) is the given integer in [0, 2^53). */
function wordsOf(z: number): [number, number] {
  const big = BigInt(z);
  const y = Number(big >> 21n);
  const x = Number((big ^ (BigInt(y) << 21n)) & 0xffffffffn);
  return [x, y];
}

/** The 53-bit z whose uniform z·2^-53 + 2^-54 is nearest u (clamped to [0, 2^53)). */
const zOfUniform = (u: number): number => Math.min(TWO53 - 1, Math.max(0, Math.round((u - 2 ** -54) * TWO53)));
/** The z whose angle 2·(z·2^-53 + 2^-54)·π is nearest x. */
const zOfAngle = (x: number): number => zOfUniform(x / Math.PI / 2);

/** Spread 53-bit values (Weyl sequence by the golden ratio) for the lanes a test leaves free. */
const filler = (i: number): number => Number((BigInt(i + 1) * 0x9e3779b97f4a7c15n) & (2n ** 53n - 1n));

/** z and its neighbours within ±3: both sides of a boundary that rounding puts near z. */
const around = (z: number): number[] => [-3, -2, -1, 0, 1, 2, 3].map((d) => z + d).filter((v) => v >= 0 && v < TWO53);

// Radius inputs: the near-1 window of glibc's log ([1 − 2^-4, 1 + 0x1.09p-4)), u = 1 exactly
// (z = 2^53 − 1 rounds to it), the smallest u, and powers of two (the table's k steps).
const RADII = [
  ...around(zOfUniform(1 - 2 ** -4)),
  ...around(TWO53 - 4),
  ...around(zOfUniform(0.99)),
  0,
  1,
  2,
  ...[2 ** -40, 2 ** -20, 2 ** -8, 0.25, 0.5, 0.5 + 2 ** -9, 0.6875, 0.7].flatMap((u) => around(zOfUniform(u))),
];
// Angles x = v·π: below 2^-27 (sin x = x), the small, medium and reduced branches' bounds
// (0.85546875, 2.426265…), do_sin's Taylor bound 0.126 on either side of each multiple of π/2 the
// reduction removes, the quadrants' edges at odd multiples of π/4, and 2π.
const ANGLES = [
  0,
  1,
  ...[2 ** -27, 0.126, 0.85546875, 2.4262652, Math.PI / 4, Math.PI / 2, 3 * Math.PI / 4, Math.PI, 5 * Math.PI / 4, 3 * Math.PI / 2, 7 * Math.PI / 4].flatMap(
    (x) => around(zOfAngle(x)),
  ),
  ...[1, 2, 3, 4].flatMap((q) => [q * (Math.PI / 2) - 0.126, q * (Math.PI / 2) + 0.126].flatMap((x) => around(zOfAngle(x)))),
  ...around(TWO53 - 4),
];

const OPS = [
  ['normalDoubleFma', KERNEL_OP.normalDoubleFma, false, 'x86-fma'],
  ['logNormalDoubleFma', KERNEL_OP.logNormalDoubleFma, true, 'x86-fma'],
  ['normalDoubleSse2', KERNEL_OP.normalDoubleSse2, false, 'x86-sse2'],
  ['logNormalDoubleSse2', KERNEL_OP.logNormalDoubleSse2, true, 'x86-sse2'],
] as const;

/** One kernel call of 4096 pairs with the given (radius z, angle z) per lane, against the TypeScript transform. */
function expectPairs(kernel: number, pairs: readonly (readonly [number, number])[], mean: number, stddev: number): void {
  if (binding === null) throw new Error('no addon');
  const words = new Uint32Array(4 * T);
  const states = new Int32Array(6 * T);
  pairs.forEach(([zu, zv], lane) => {
    const w = [...wordsOf(zu), ...wordsOf(zv)];
    words.set(w, 4 * lane);
    states.set(stateFor(w), 6 * lane);
  });
  // The states make those words (checked through the kernel's raw-word op).
  const made = new Uint32Array(4 * T);
  binding.cpuKernels.threadSlots(kernel, NATIVE_SLOT_GENERATOR.xorwow, KERNEL_OP.words, made, 0, states.slice(), 0, T, 4, 0, 0);
  expectSameBits(made, words, 'words');
  for (const [name, op, logNormal, hostMath] of OPS) {
    const out = new Float64Array(2 * T);
    binding.cpuKernels.threadSlots(kernel, NATIVE_SLOT_GENERATOR.xorwow, op, out, 0, states.slice(), 0, T, 1, mean, stddev);
    const expected = new Float64Array(2 * T);
    fillNormalDouble(expected, 0, words, 0, 2 * T, mean, stddev, logNormal, DOUBLE_LIBM[hostMath]);
    expectSameBits(out, expected, name);
  }
}

describe.each(SUBJECTS.map((s) => [s.kernel, s] as const))('simd/%s double Box–Muller lanes', (kernelName) => {
  const kernel = NATIVE_CPU_KERNEL[kernelName as keyof typeof NATIVE_CPU_KERNEL];

  it("equals the TypeScript at the edges of glibc's log and sincos branches, in every lane position", () => {
    // Every edge radius with every edge angle, placed at rotating lane positions (each vector mixes
    // branches), the rest of the 4096 lanes random.
    const grid = RADII.flatMap((zu) => ANGLES.map((zv) => [zu, zv] as const));
    expect(grid.length).toBeGreaterThan(T);
    for (let start = 0; start < grid.length; start += T - 7) {
      const pairs = grid.slice(start, start + T - 7);
      const rotated = [...pairs.slice(start % 7), ...pairs.slice(0, start % 7)];
      while (rotated.length < T) rotated.push([filler(2 * rotated.length), filler(2 * rotated.length + 1)]);
      expectPairs(kernel, rotated, 0, 1);
    }
  });

  it('equals the TypeScript on random radii and angles near the edges, with random mean and stddev', () => {
    const edge = fc.oneof(
      fc.constantFrom(...RADII, ...ANGLES),
      fc.integer({ min: 0, max: 2 ** 20 }),
      fc.integer({ min: 0, max: TWO53 - 1 }),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(edge, edge), { minLength: T, maxLength: T }), fc.double({ min: -4, max: 4, noNaN: true }), fc.double({ min: 0.01, max: 3, noNaN: true }), (pairs, mean, stddev) => {
        expectPairs(kernel, pairs, mean, stddev);
      }),
      { numRuns: 12 },
    );
  });
});
