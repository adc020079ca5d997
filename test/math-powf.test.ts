/**
 * src/math/powf.ts against this machine's glibc powf (called through ctypes), in both x86-64
 * variants: glibc's default choice for this CPU, and its non-FMA body under GLIBC_TUNABLES. Inputs
 * come from fast-check, a new seed each run (NODE_CURAND_FUZZ_SEED replays one): random float pairs
 * (every pattern: subnormals, negatives, ±0, ±∞, NaN); what NumPy's float32 gamma gives it (u in
 * [0, 1) on the 2^-24 grid, or 1 − shape + shape·y, to the power 1/shape); x near 1 with |y| up to
 * 2^24; negative x with integer y (odd and even); and y·log2 x near the overflow and underflow
 * bounds (126, 128, −149, −150). The live comparison runs where Python is installed and glibc is one
 * whose math node-curand reproduces (support/glibc-math.ts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as data from '../src/math/powf-data.js';
import { powfFma, powfSse2 } from '../src/math/powf.js';
import { hostDoubleVariant } from '../src/repro/determinism/machine.js';
import { bitsOf, glibcLiveWhy, hex, NO_FMA_TUNABLES, probe, runGlibcOracle, same } from './support/glibc-math.js';

/** Reads pairs of float64s (x, y) on stdin, writes powf(x, y) of each as float64. */
const ORACLE_PY = `
import sys, ctypes, array
libm = ctypes.CDLL('libm.so.6')
powf = libm.powf
powf.restype = ctypes.c_float
powf.argtypes = [ctypes.c_float, ctypes.c_float]
xs = array.array('d'); xs.frombytes(sys.stdin.buffer.read())
array.array('d', (powf(xs[i], xs[i + 1]) for i in range(0, len(xs), 2))).tofile(sys.stdout.buffer)
`;

const liveWhy = glibcLiveWhy('powf', 'ctypes');

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
const floatOf = (bits: number) => ((u32[0] = bits >>> 0), f32[0]!);
const anyFloat = fc.integer({ min: 0, max: 2 ** 32 - 1 }).map(floatOf);
const positiveFinite = fc.integer({ min: 1, max: 0x7f7fffff }).map(floatOf);
const grid24 = fc.integer({ min: 0, max: 2 ** 24 - 1 }).map((n) => n * 2 ** -24);
const shapeBelowOne = fc.integer({ min: 1, max: 0x3f7fffff }).map(floatOf);
const LN2 = Math.LN2;

const pairArb: fc.Arbitrary<[number, number]> = fc.oneof(
  fc.tuple(anyFloat, anyFloat),
  fc.tuple(positiveFinite, fc.double({ min: -8, max: 8, noNaN: true })),
  // NumPy's float gamma below 1: u^(1/shape), and (1 − shape + shape·y)^(1/shape).
  fc.tuple(grid24, shapeBelowOne).map(([u, k]): [number, number] => [u, Math.fround(1 / k)]),
  fc.tuple(shapeBelowOne, fc.double({ min: 0, max: 20, noNaN: true })).map(([k, y]): [number, number] => [Math.fround(Math.fround(1 - k) + Math.fround(k * Math.fround(y))), Math.fround(1 / k)]),
  // x near 1, |y| large: log2 x tiny, cancellation in k + log2 c.
  fc.tuple(fc.integer({ min: -4096, max: 4096 }), fc.double({ min: -(2 ** 24), max: 2 ** 24, noNaN: true })).map(([d, y]): [number, number] => [floatOf(0x3f800000 + d), y]),
  // Negative x, integer y: the sign.
  fc.tuple(positiveFinite, fc.integer({ min: -300, max: 300 })).map(([x, y]): [number, number] => [-x, y]),
  // y·log2 x near 126, 128, −149, −150: y chosen so, for x = 2^t.
  fc.tuple(fc.constantFrom(126, 128, -149, -150), fc.double({ min: -0.01, max: 0.01, noNaN: true }), fc.double({ min: 0.51, max: 3, noNaN: true })).map(([b, e, x]): [number, number] => [x, (b + e) / Math.log2(Math.fround(x))]),
  fc.tuple(fc.constantFrom(0, -0, Infinity, -Infinity, NaN, 1, -1, 0.5, 2, -2), fc.constantFrom(0, -0, Infinity, -Infinity, NaN, 1, -1, 0.5, 2, 3, -3, 1e-45, LN2)),
  fc.tuple(fc.integer({ min: 1, max: 0x7fffff }).map(floatOf), fc.double({ min: -4, max: 4, noNaN: true })),
  // |y·log2 x| up to 125 with x in [1/2, 1): log2's error is multiplied by y, so the two variants'
  // doubles differ by up to about 2^11 ulps there and their floats sometimes do (KNOWN_SPLITS).
  fc.tuple(fc.double({ min: 0.5, max: 1, maxExcluded: true, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })).map(([x, t]): [number, number] => [x, (-125 * t) / Math.log2(Math.fround(x))]),
);

/**
 * Pairs where glibc's two variants give different floats (found by comparing powfFma with powfSse2
 * on 6·10^7 pairs of the last kind above, then checked against both glibc variants): [x, y, FMA, SSE2].
 */
const KNOWN_SPLITS: [number, number, number, number][] = [
  [0.9734295606613159, 2277.5439453125, 2.307036043270493e-27, 2.3070362358634875e-27],
  [0.8715853095054626, 160.93028259277344, 2.4777391249841685e-10, 2.4777394025399246e-10],
  [0.9494220614433289, 889.073974609375, 9.113123125504865e-21, 9.113122317711298e-21],
  [0.9158617854118347, 650.0160522460938, 1.5447108165274024e-25, 1.5447109397869188e-25],
  [0.9243873357772827, 1088.188720703125, 6.961354816530026e-38, 6.96135425601064e-38],
  [0.8945026397705078, 602.7813720703125, 6.520883571130064e-30, 6.52088281881368e-30],
];
const splitPairs = Float64Array.from(KNOWN_SPLITS.flatMap(([x, y]) => [x, y]));

function glibc(pairs: Float64Array, tunables: string | undefined): Float64Array {
  return runGlibcOracle(ORACLE_PY, pairs, tunables);
}

function mismatches(powf: (x: number, y: number) => number, pairs: Float64Array, expected: Float64Array): string[] {
  const bad: string[] = [];
  for (let i = 0; i < expected.length; i++) {
    const got = powf(pairs[2 * i]!, pairs[2 * i + 1]!);
    if (!same(got, expected[i]!)) bad.push(`powf(${pairs[2 * i]}, ${pairs[2 * i + 1]}): got ${got} (${hex(got)}), glibc ${expected[i]} (${hex(expected[i]!)})`);
  }
  return bad;
}

describe.skipIf(liveWhy !== null)("[glibc] powf against this machine's glibc", () => {
  const seed = Number(process.env.NODE_CURAND_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
  const pairs = Float64Array.from(fc.sample(pairArb, { numRuns: 200_000, seed }).flat());

  const variant = hostDoubleVariant(probe);
  it.skipIf(variant === null)(`glibc's default variant for this CPU (${variant}): zero mismatches on 2·10^5 pairs`, () => {
    const bad = mismatches(variant === 'x86-fma' ? powfFma : powfSse2, pairs, glibc(pairs, probe.glibcTunables ?? undefined));
    expect(bad.slice(0, 10), `NODE_CURAND_FUZZ_SEED=${seed}: ${bad.length} differ`).toEqual([]);
  }, 60_000);

  it("glibc's non-FMA variant (GLIBC_TUNABLES): zero mismatches", () => {
    const bad = mismatches(powfSse2, pairs, glibc(pairs, NO_FMA_TUNABLES));
    expect(bad.slice(0, 10), `NODE_CURAND_FUZZ_SEED=${seed}: ${bad.length} differ`).toEqual([]);
  }, 60_000);

  it.skipIf(variant !== 'x86-fma')('the pairs where the variants split: each port gives its own variant\'s float', () => {
    expect(Array.from(glibc(splitPairs, undefined))).toEqual(KNOWN_SPLITS.map((c) => c[2]));
    expect(Array.from(glibc(splitPairs, NO_FMA_TUNABLES))).toEqual(KNOWN_SPLITS.map((c) => c[3]));
  });
});

describe('powf: the FMA and non-FMA bodies', () => {
  it.each(KNOWN_SPLITS)('powf(%f, %f): FMA %f, SSE2 %f', (x, y, fused, plain) => {
    expect(powfFma(x, y)).toBe(fused);
    expect(powfSse2(x, y)).toBe(plain);
  });
});

describe('powf data', () => {
  it('every constant has the bit pattern of glibc 2.36 (e_powf_log2_data.c, e_exp2f_data.c)', () => {
    const table = [
      0x3ff661ec79f8f3ben, 0xbfdefec65b963019n, 0x3ff571ed4aaf883dn, 0xbfdb0b6832d4fca4n, 0x3ff49539f0f010b0n, 0xbfd7418b0a1fb77bn,
      0x3ff3c995b0b80385n, 0xbfd39de91a6dcf7bn, 0x3ff30d190c8864a5n, 0xbfd01d9bf3f2b631n, 0x3ff25e227b0b8ea0n, 0xbfc97c1d1b3b7af0n,
      0x3ff1bb4a4a1a343fn, 0xbfc2f9e393af3c9fn, 0x3ff12358f08ae5ban, 0xbfb960cbbf788d5cn, 0x3ff0953f419900a7n, 0xbfaa6f9db6475fcen,
      0x3ff0000000000000n, 0x0000000000000000n, 0x3fee608cfd9a47acn, 0x3fb338ca9f24f53dn, 0x3feca4b31f026aa0n, 0x3fc476a9543891ban,
      0x3feb2036576afce6n, 0x3fce840b4ac4e4d2n, 0x3fe9c2d163a1aa2dn, 0x3fd40645f0c6651cn, 0x3fe886e6037841edn, 0x3fd88e9c2c1b9ff8n,
      0x3fe767dcf5534862n, 0x3fdce0a44eb17bccn,
    ];
    expect(Array.from(data.POWF_LOG2_TABLE, (x) => bitsOf(x))).toEqual(table);
    const want: Record<string, bigint> = {
      POWF_A0: 0x3fd27616c9496e0bn,
      POWF_A1: 0xbfd71969a075c67an,
      POWF_A2: 0x3fdec70a6ca7baddn,
      POWF_A3: 0xbfe7154748bef6c8n,
      POWF_A4: 0x3ff71547652ab82bn,
      EXP2F_SHIFT: 0x42e8000000000000n,
      EXP2F_C0: 0x3fac6af84b912394n,
      EXP2F_C1: 0x3fcebfce50fac4f3n,
      EXP2F_C2: 0x3fe62e42ff0c52d6n,
      POWF_OVERFLOW: 0x405fffffffd1d571n,
    };
    for (const [name, bits] of Object.entries(want)) expect(hex((data as unknown as Record<string, number>)[name]!), name).toBe('0x' + bits.toString(16).padStart(16, '0'));
    expect(data.POWF_OFF).toBe(0x3f330000);
    expect(data.POWF_SPECIAL).toBe(126);
  });
});

describe('powf special cases (as glibc returns them)', () => {
  const cases: [number, number, number][] = [
    [2, 0, 1], [NaN, 0, 1], [NaN, -0, 1], [1, NaN, 1], [1, Infinity, 1], [-1, Infinity, 1], [-1, -Infinity, 1],
    [0.5, Infinity, 0], [2, -Infinity, 0], [0.5, -Infinity, Infinity], [2, Infinity, Infinity],
    [0, 3, 0], [-0, 3, -0], [-0, 2, 0], [0, -1, Infinity], [-0, -1, -Infinity], [-0, -2, Infinity],
    [Infinity, -1, 0], [-Infinity, 3, -Infinity], [-Infinity, -3, -0], [-Infinity, 2, Infinity],
    [-2, 3, -8], [-2, 2, 4], [-8, 1 / 3, NaN], [2, 128, Infinity], [-2, 129, -Infinity], [2, -150, 0], [-2, -151, -0],
    [2, -149, 2 ** -149], [2, 0.5, Math.fround(Math.SQRT2)], [4, 0.5, 2], [2 ** -149, 0.5, Math.fround(Math.sqrt(2 ** -149))],
  ];
  it.each([powfFma, powfSse2])('%o', (powf) => {
    for (const [x, y, want] of cases) expect(Object.is(powf(x, y), want) || (Number.isNaN(want) && Number.isNaN(powf(x, y))), `powf(${x}, ${y}) = ${powf(x, y)}, want ${want}`).toBe(true);
  });
});
