/**
 * src/math/expm1.ts against this machine's glibc expm1, through Python's math.expm1 (which calls it),
 * in both x86-64 variants: glibc's default choice for this CPU, and its non-FMA body under
 * GLIBC_TUNABLES. Inputs come from fast-check, a new seed each run (NODE_CURAND_FUZZ_SEED replays
 * one): uniform over [−40, 710]; ± up to 2^40 ulps around every branch threshold of s_expm1.c (2^-54,
 * ln2/2, 1.5·ln2, 56·ln2, o_threshold, the high words they are compared by, where the result starts
 * to round to −1, r = −0.25 in the k = 1 branch) and around (j + 1/2)·ln2, where k changes (so k = 20
 * and k = 57 too); tiny and subnormal magnitudes; NaN, ±inf, ±0; and what the draws feed it:
 * E/a (Pareto, E exponential, a in (0.01, 100)), −E (power) and log1p(−p)·U (logseries). The live
 * comparison runs where Python is installed and glibc is one whose math node-curand reproduces
 * (REPRODUCED_GLIBC), and says so loudly where it cannot (support/glibc-math.ts). (The port was also
 * compared on 2·10^7 inputs of the same shapes: docs/exact-double-math.md.)
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as data from '../src/math/expm1-data.js';
import { expm1Fma, expm1Sse2 } from '../src/math/expm1.js';
import { DOUBLE_LIBM } from '../src/math/libm.js';
import { expm1 as drawExpm1 } from '../src/draws/libm.js';
import { hostDoubleVariant } from '../src/repro/determinism/machine.js';
import { bitsOf, doubleOf, glibcLiveWhy, hex, NO_FMA_TUNABLES, probe, runGlibcOracle, same } from './support/glibc-math.js';

/** Reads raw float64s on stdin, writes math.expm1 of each (+inf where Python raises OverflowError). */
const ORACLE_PY = `
import sys, math, array
xs = array.array('d'); xs.frombytes(sys.stdin.buffer.read())
def f(x):
    try: return math.expm1(x)
    except OverflowError: return math.inf
array.array('d', map(f, xs)).tofile(sys.stdout.buffer)
`;

const liveWhy = glibcLiveWhy('expm1');

const LN2 = Math.LN2;
const O_THRESHOLD = 709.782712893384;
/** The double `steps` ulps away from x (negative steps towards zero for positive x). */
function ulpsFrom(x: number, steps: number): number {
  return doubleOf(bitsOf(x) + BigInt(steps));
}
/** The double whose high word is `hi` and low word 0: where fdlibm's high-word comparisons switch. */
const highWord = (hi: number) => doubleOf(BigInt(hi) << 32n);
/**
 * Magnitudes where s_expm1.c changes branch or the result changes character: 2^-54 (x returned),
 * ln2/2 and 1.5·ln2 (k = 0, ±1, general), 56·ln2 (−1 for negative x), o_threshold (+inf), each also
 * as the high word it is compared by; 53·ln2 and 54·ln2 (the result starts to round to −1); ln2 − 1/4
 * (r = −0.25 in the k = 1 branch); 19.5·ln2, 20·ln2, 56.5·ln2 (k = 20 and 57 begin); 1023.5·ln2
 * (k = 1024).
 */
const BOUNDARIES = [
  2 ** -54, 0.5 * LN2, 1.5 * LN2, 56 * LN2, O_THRESHOLD,
  highWord(0x3c900000), highWord(0x3fd62e42), highWord(0x3ff0a2b2), highWord(0x4043687a), highWord(0x40862e42),
  53 * LN2, 54 * LN2, LN2 - 0.25, 19.5 * LN2, 20 * LN2, 56.5 * LN2, 1023.5 * LN2,
];
/** A standard exponential from a uniform 53-bit integer, E = −log(1 − U) (Math.log: only the shape matters). */
/** U uniform in [0, 1) with 53 random bits (fc.double is uniform over bit patterns, mostly tiny values). */
const unitArb = fc.maxSafeNat().map((n) => n * 2 ** -53);
const exponentialArb = unitArb.map((u) => -Math.log1p(-u));
/** E on [0, 40]: exponential, or uniform. */
const eArb = fc.oneof(exponentialArb, unitArb.map((u) => 40 * u));
const signArb = fc.boolean().map((neg) => (neg ? -1 : 1));
const inputArb = fc.oneof(
  { weight: 3, arbitrary: unitArb.map((u) => -40 + 750 * u) },
  { weight: 1, arbitrary: fc.double({ min: -40, max: 710, noNaN: true }) },
  { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...BOUNDARIES), fc.integer({ min: -(2 ** 30), max: 2 ** 30 }), fc.integer({ min: -10, max: 30 }), signArb).map(([b, k, shift, sign]) => sign * ulpsFrom(b, Math.trunc(k / 2 ** shift))) },
  { weight: 2, arbitrary: fc.tuple(fc.integer({ min: -58, max: 1023 }), fc.integer({ min: -(2 ** 20), max: 2 ** 20 }), fc.integer({ min: 0, max: 20 })).map(([j, k, shift]) => ulpsFrom((j + 0.5) * LN2, Math.trunc(k / 2 ** shift))) },
  { weight: 1, arbitrary: fc.tuple(fc.double({ min: -1075, max: -20, noNaN: true }), signArb).map(([e, sign]) => sign * 2 ** e) },
  { weight: 1, arbitrary: fc.double({ min: -(2 ** -1022), max: 2 ** -1022, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(Number.NaN, Infinity, -Infinity, 0, -0, Number.MAX_VALUE, -Number.MAX_VALUE, ulpsFrom(O_THRESHOLD, 1), -1000) },
  // the draws: Pareto expm1(E/a), power −expm1(−E), logseries −expm1(log1p(−p)·U)
  { weight: 2, arbitrary: fc.tuple(eArb, unitArb).map(([E, u]) => E / (0.01 + 99.99 * u)) },
  { weight: 1, arbitrary: fc.tuple(eArb, unitArb).map(([E, u]) => E / (0.01 * 1e4 ** u)) }, // a log-uniform
  { weight: 2, arbitrary: eArb.map((E) => -E) },
  { weight: 2, arbitrary: fc.tuple(unitArb, unitArb).map(([p, u]) => Math.log1p(-p) * u) },
  { weight: 1, arbitrary: fc.tuple(fc.double({ min: 0, max: 1, noNaN: true, minExcluded: true, maxExcluded: true }), unitArb).map(([p, u]) => Math.log1p(-p) * u) }, // p of any magnitude
);

const glibc = (xs: Float64Array, tunables: string | undefined) => runGlibcOracle(ORACLE_PY, xs, tunables);

function mismatches(fn: (x: number) => number, xs: Float64Array, expected: Float64Array): string[] {
  const bad: string[] = [];
  for (let i = 0; i < xs.length; i++) {
    const got = fn(xs[i]!);
    if (!same(got, expected[i]!)) bad.push(`${fn.name}(${xs[i]} = ${hex(xs[i]!)}) = ${hex(got)}, glibc ${hex(expected[i]!)}`);
  }
  return bad;
}

describe.skipIf(liveWhy !== null)("[glibc] expm1 against this machine's glibc", () => {
  const seed = Number(process.env.NODE_CURAND_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
  const xs = Float64Array.from(fc.sample(inputArb, { numRuns: 300_000, seed }));

  const variant = hostDoubleVariant(probe);
  it.skipIf(variant === null)(`glibc's default variant for this CPU (${variant}): zero mismatches on 3·10^5 inputs`, () => {
    const expected = glibc(xs, probe.glibcTunables ?? undefined);
    const bad = mismatches(variant === 'x86-fma' ? expm1Fma : expm1Sse2, xs, expected);
    expect(bad.slice(0, 10), `NODE_CURAND_FUZZ_SEED=${seed}: ${bad.length} of ${xs.length} differ`).toEqual([]);
  }, 60_000);

  it("glibc's non-FMA variant (GLIBC_TUNABLES): zero mismatches, and the two variants do differ", () => {
    const expected = glibc(xs, NO_FMA_TUNABLES);
    const bad = mismatches(expm1Sse2, xs, expected);
    expect(bad.slice(0, 10), `NODE_CURAND_FUZZ_SEED=${seed}: ${bad.length} of ${xs.length} differ`).toEqual([]);
    // The other variant's port disagrees on some inputs: the oracle really ran the non-FMA body.
    expect(mismatches(expm1Fma, xs, expected).length).toBeGreaterThan(0);
  }, 60_000);
});

describe('expm1 constants and registration', () => {
  it('every constant has the bit pattern s_expm1.c gives', () => {
    const want: Record<string, bigint> = {
      EXPM1_LN2HI: 0x3fe62e42fee00000n,
      EXPM1_LN2LO: 0x3dea39ef35793c76n,
      EXPM1_INVLN2: 0x3ff71547652b82fen,
      EXPM1_O_THRESHOLD: 0x40862e42fefa39efn,
      EXPM1_Q1: 0xbfa11111111110f4n,
      EXPM1_Q2: 0x3f5a01a019fe5585n,
      EXPM1_Q3: 0xbf14ce199eaadbb7n,
      EXPM1_Q4: 0x3ed0cfca86e65239n,
      EXPM1_Q5: 0xbe8afdb76e09c32dn,
    };
    expect(Object.keys(data).sort()).toEqual(Object.keys(want).sort());
    for (const [name, bits] of Object.entries(want)) expect(hex((data as Record<string, number>)[name]!), name).toBe(hex(doubleOf(bits)));
  });

  it('DOUBLE_LIBM and the draws use the right body', () => {
    expect(DOUBLE_LIBM['x86-fma'].expm1).toBe(expm1Fma);
    expect(DOUBLE_LIBM['x86-sse2'].expm1).toBe(expm1Sse2);
    expect(DOUBLE_LIBM.aarch64.expm1).toBe(expm1Fma);
    expect(drawExpm1).toBe(expm1Fma);
  });
});

describe('expm1 special cases (as glibc returns them)', () => {
  it.each([expm1Fma, expm1Sse2])('%o', (expm1) => {
    const tiny = 2 ** -1074;
    const cases: Array<[number, number]> = [
      [0, 0], [-0, -0], [tiny, tiny], [-tiny, -tiny], [2 ** -55, 2 ** -55],
      [Infinity, Infinity], [-Infinity, -1], [1000, Infinity], [ulpsFrom(O_THRESHOLD, 1), Infinity], [Number.MAX_VALUE, Infinity],
      [-1000, -1], [-40, -1], [-Number.MAX_VALUE, -1],
      [1, 1.718281828459045], [-1, -0.6321205588285577],
    ];
    for (const [x, want] of cases) expect(hex(expm1(x)), `expm1(${x})`).toBe(hex(want));
    expect(expm1(O_THRESHOLD)).toBeLessThan(Infinity);
    expect(expm1(Number.NaN)).toBeNaN();
  });
});
