import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { philoxBlocks } from '../src/engines/philox-block.js';
import { PhiloxEngine } from '../src/engines/philox.js';
import { Generator } from '../src/index.js';
import { uniformDouble53, uniformFloat } from '../src/distributions/uniform.js';
import { expectSameBits } from './support/compare.js';

const hex = (words: ArrayLike<number>) => Array.from(words, (x) => x.toString(16).padStart(8, '0')).join(' ');

function words(seed: bigint, n: number, offset = 0n, width: 1 | 2 = 1): Uint32Array {
  const e = new PhiloxEngine(seed, offset);
  const out = new Uint32Array(n * width);
  e.fill(out, n, width, false);
  return out;
}

describe('Philox4x32-10 block function', () => {
  // Random123 tests/kat_vectors, the three `philox4x32 10` rows (docs/spec/curand-host-semantics.md §7).
  it.each([
    [[0, 0, 0, 0], [0, 0], '6627e8d5 e169c58d bc57ac4c 9b00dbd8'],
    [[0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff], [0xffffffff, 0xffffffff], '408f276d 41c83b0e a20bc7c6 6d5451fd'],
    [[0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344], [0xa4093822, 0x299f31d0], 'd16cfe09 94fdcceb 5001e420 24126ea1'],
  ])('Random123 known answer %#', (c, k, expected) => {
    const out = new Uint32Array(4);
    philoxBlocks(c[0], c[1], c[2], c[3], 1, k[0], k[1], out, 0, 4);
    expect(hex(out)).toBe(expected);
  });

  it('runs of blocks (four side by side) equal the blocks one at a time, as words and as uniforms', () => {
    const [c0, c1, c2, c3, k0, k1] = [0x243f6a88, 0x85a308d3, 0xfffffff0, 0x03707344, 0xa4093822, 0x299f31d0];
    const single = new Uint32Array(4 * 8);
    for (let i = 0; i < 8; i++) philoxBlocks(c0, c1, c2 + i, c3, 1, k0, k1, single, 4 * i, 4);
    for (let count = 1; count <= 8; count++) {
      // Stride 8 with a sentinel gap: nothing outside the blocks is written.
      const words = new Uint32Array(8 * count).fill(0xdeadbeef);
      philoxBlocks(c0, c1, c2, c3, count, k0, k1, words, 0, 8);
      const floats = new Float32Array(4 * count);
      philoxBlocks(c0, c1, c2, c3, count, k0, k1, floats, 0, 4);
      for (let i = 0; i < count; i++) {
        expect(hex(words.subarray(8 * i, 8 * i + 4))).toBe(hex(single.subarray(4 * i, 4 * i + 4)));
        expect(hex(words.subarray(8 * i + 4, 8 * i + 8))).toBe('deadbeef deadbeef deadbeef deadbeef');
        expect(Array.from(floats.subarray(4 * i, 4 * i + 4))).toEqual(Array.from(single.subarray(4 * i, 4 * i + 4), uniformFloat));
      }
    }
  });
});

describe('Philox engine: cuRAND known answers (spec §7, hold without libcurand)', () => {
  it('seed 0 starts with the zero-counter, zero-key block', () => {
    expect(hex(words(0n, 4))).toBe('6627e8d5 e169c58d bc57ac4c 9b00dbd8');
  });
  it('seed 42', () => {
    expect(hex(words(42n, 8))).toBe('9ceaf053 77f5493b 12bf50ad 5742b3d7 02933769 2051e913 3b68b038 b62c409c');
    expect(hex(words(42n, 262148).subarray(262144))).toBe('fcdb2127 53ba6cfd 838f5a6e 744e06fb');
    expect(hex(words(42n, 4, 1000003n))).toBe('d4f14c80 a11f64d5 acef4f0b dffbc00a');
  });
  it('seed 2^64 - 1 and seed 0x0123456789abcdef', () => {
    expect(hex(words(2n ** 64n - 1n, 8))).toBe('72a47709 15474739 9f41b01f 22799a5a a74236ed 7e853102 4c324aa2 4212cad6');
    expect(hex(words(0x0123456789abcdefn, 4))).toBe('b850222e c58cb04b 14a7a020 7a84fff9');
  });
  it('seed 42 uniform and uniformDouble', () => {
    expect(Array.from(words(42n, 4), uniformFloat)).toEqual([
      0.6129598617553711, 0.4685865044593811, 0.07323173433542252, 0.34086155891418457,
    ]);
    const w = words(42n, 4, 0n, 2);
    expect([0, 1, 2, 3].map((i) => uniformDouble53(w[2 * i], w[2 * i + 1]))).toEqual([
      0.46858679418029187, 0.34086151490420996, 0.3270632689464365, 0.4543153586517528,
    ]);
  });
});

describe('Philox engine: state model properties', () => {
  it('successive one-width calls continue exactly as one long call', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
        fc.bigInt({ min: 0n, max: 2n ** 62n }),
        fc.array(fc.integer({ min: 1, max: 100000 }), { minLength: 1, maxLength: 4 }),
        (seed, offset, sizes) => {
          const total = sizes.reduce((a, b) => a + b, 0);
          const whole = words(seed, total, offset);
          const e = new PhiloxEngine(seed, offset);
          let at = 0;
          for (const n of sizes) {
            const part = new Uint32Array(n);
            e.fill(part, n, 1, false);
            expectSameBits(part, whole.subarray(at, at + n), `call of ${n} at ${at}`);
            at += n;
          }
          expect(e.position).toBe(offset + BigInt(total));
          expect(e.isCanonical()).toBe(true);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('advance() moves the state exactly as fill() does', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 2n ** 50n }),
        fc.array(fc.tuple(fc.integer({ min: 1, max: 600000 }), fc.constantFrom<1 | 2>(1, 2)), { maxLength: 6 }),
        (offset, calls) => {
          const a = new PhiloxEngine(7n, offset);
          const b = new PhiloxEngine(7n, offset);
          for (const [n, w] of calls) {
            const scratch = new Uint32Array(w * (n + 2));
            a.fill(scratch, n, w, (n & 1) === 1);
            b.advance(n, w);
          }
          expect(b.getState()).toEqual(a.getState());
        },
      ),
      { numRuns: 40 },
    );
  });

  it('state runs round-trip through JSON and resume exactly', () => {
    const a = new PhiloxEngine(99n, 5n);
    const scratch = new Uint32Array(2 * 70000);
    a.fill(scratch, 70001 - 1, 2, false);
    a.fill(scratch, 3, 1, false);
    const b = new PhiloxEngine();
    b.reset(99n, 0n);
    b.setState(JSON.parse(JSON.stringify(a.getState())));
    expect(a.isCanonical()).toBe(false);
    const x = new Uint32Array(1000);
    const y = new Uint32Array(1000);
    a.fill(x, 500, 2, false);
    b.fill(y, 500, 2, false);
    expectSameBits(y, x);
  });
});

describe("Philox on the 'ts' backend: cuRAND-level known answers (spec §7, hold without libcurand)", () => {
  const six = (xs: ArrayLike<number>) => Array.from(xs, (x) => x.toFixed(6));

  it('seed 42: normal and normalDouble', () => {
    const g = new Generator({ backend: 'ts', seed: 42n });
    expect(Array.from(g.normal(4), (x) => Math.fround(x))).toEqual(
      [0.194018871, -0.97018981, 1.92392659, -1.23562121].map(Math.fround),
    );
    g.setSeed(42n);
    expect(Array.from(g.normalDouble(4))).toEqual([1.0360235505368471, -0.6653743849976409, 0.42328043627196804, -1.4338887543449035]);
  });

  it("seed 1234, NVIDIA's CUDALibrarySamples host output: uniform, normal(1, 2), logNormal(1, 2), Poisson(10)", () => {
    const g = () => new Generator({ backend: 'ts', seed: 1234n, ordering: 'best' });
    expect(six(g().uniform(12))).toEqual(
      '0.127208 0.853469 0.265649 0.796055 0.816736 0.324165 0.781055 0.058918 0.543999 0.923496 0.441505 0.258264'.split(' '),
    );
    expect(six(g().normal(12, 1, 2))).toEqual(
      '-2.232981 3.458311 -2.121081 1.929243 2.136910 0.428207 1.508686 2.310768 -0.020449 2.956819 3.553997 0.867263'.split(' '),
    );
    expect(six(g().logNormal(4, 1, 2))).toEqual('0.107208 31.763277 0.119902 6.884295'.split(' '));
    expect(Array.from(g().poisson(12, 10))).toEqual([15, 7, 12, 8, 7, 12, 8, 17, 10, 6, 11, 12]);
  });
});
