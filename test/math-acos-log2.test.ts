/**
 * src/math/acos.ts and log2.ts against this machine's glibc acos and log2, through Python's math.acos
 * and math.log2 (which call them), in both x86-64 variants: glibc's default choice for this CPU, and
 * its non-FMA bodies under GLIBC_TUNABLES. Inputs come from fast-check, a new seed each run
 * (NODE_CURAND_FUZZ_SEED replays one): for acos uniform over [−1, 1], around each range boundary of
 * e_asin.c and ±1, tiny and subnormal magnitudes; for log2 uniform draws in (0, 1) (binomialvariate's
 * log2(random())), values near 1, and magnitudes over the whole range. The live comparison runs
 * where Python is installed and glibc is one whose math node-curand reproduces (REPRODUCED_GLIBC),
 * and says so loudly where it cannot (support/glibc-math.ts). (The acos port was also compared on
 * 2.2·10^7 inputs of the same shapes: docs/exact-double-math.md.)
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { acosFma, acosSse2 } from '../src/math/acos.js';
import { log2Fma, log2Sse2 } from '../src/math/log2.js';
import { hostDoubleVariant } from '../src/repro/determinism/machine.js';
import { bitsOf, glibcLiveWhy, hex, NO_FMA_TUNABLES, probe, runGlibcOracle, same } from './support/glibc-math.js';

/** Reads raw float64s on stdin, writes math.<fn> of each (NaN where Python raises: outside the domain). */
const oraclePy = (fn: string) => `
import sys, math, array
xs = array.array('d'); xs.frombytes(sys.stdin.buffer.read())
def f(x):
    try: return math.${fn}(x)
    except ValueError: return math.nan
array.array('d', map(f, xs)).tofile(sys.stdout.buffer)
`;

const liveWhy = glibcLiveWhy('acos and log2');

/** e_asin.c's range boundaries (|x| = 2^-55, 1/8, 1/4, 1/2, 3/4, 0.921875, 0.953125, 0.96875, 1). */
const BOUNDARIES = [2 ** -55, 0.125, 0.25, 0.5, 0.75, 0.921875, 0.953125, 0.96875, 1];
/** The double `steps` ulps away from x (negative steps towards zero for positive x). */
function ulpsFrom(x: number, steps: number): number {
  return new Float64Array(BigUint64Array.of(bitsOf(x) + BigInt(steps)).buffer)[0]!;
}
const inputArb = fc.oneof(
  { weight: 4, arbitrary: fc.double({ min: -1, max: 1, noNaN: true }) },
  { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...BOUNDARIES), fc.integer({ min: -(2 ** 30), max: 2 ** 30 }), fc.integer({ min: 0, max: 30 }), fc.boolean()).map(([b, k, shift, neg]) => ulpsFrom(b, Math.trunc(k / 2 ** shift)) * (neg ? -1 : 1)) },
  { weight: 1, arbitrary: fc.tuple(fc.double({ min: -1075, max: 0, noNaN: true }), fc.boolean()).map(([e, neg]) => (neg ? -1 : 1) * 2 ** e) },
  { weight: 1, arbitrary: fc.double({ min: -(2 ** -1022), max: 2 ** -1022, noNaN: true }) },
);
const log2InputArb = fc.oneof(
  fc.double({ min: 0, max: 1, noNaN: true, minExcluded: true, maxExcluded: true }),
  fc.double({ min: 0.95, max: 1.05, noNaN: true }),
  fc.double({ min: 0, max: Number.MAX_VALUE, noNaN: true, minExcluded: true }), // 0 is a ValueError in Python
);

const glibc = (fn: 'acos' | 'log2', xs: Float64Array, tunables: string | undefined) => runGlibcOracle(oraclePy(fn), xs, tunables);

function mismatches(fn: (x: number) => number, xs: Float64Array, expected: Float64Array): string[] {
  const bad: string[] = [];
  for (let i = 0; i < xs.length; i++) {
    const got = fn(xs[i]!);
    if (!same(got, expected[i]!)) bad.push(`${fn.name}(${xs[i]} = ${hex(xs[i]!)}) = ${hex(got)}, glibc ${hex(expected[i]!)}`);
  }
  return bad;
}

const FUNCTIONS = [
  { name: 'acos', inputs: inputArb, fma: acosFma, sse2: acosSse2 },
  { name: 'log2', inputs: log2InputArb, fma: log2Fma, sse2: log2Sse2 },
] as const;

for (const { name, inputs, fma, sse2 } of FUNCTIONS) {
  describe.skipIf(liveWhy !== null)(`[glibc] ${name} against this machine's glibc`, () => {
    const seed = Number(process.env.NODE_CURAND_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
    const xs = Float64Array.from(fc.sample(inputs, { numRuns: 100_000, seed }));

    const variant = hostDoubleVariant(probe);
    it.skipIf(variant === null)(`glibc's default variant for this CPU (${variant}): zero mismatches on 10^5 inputs`, () => {
      const expected = glibc(name, xs, probe.glibcTunables ?? undefined);
      const bad = mismatches(variant === 'x86-fma' ? fma : sse2, xs, expected);
      expect(bad.slice(0, 10), `NODE_CURAND_FUZZ_SEED=${seed}: ${bad.length} of ${xs.length} differ`).toEqual([]);
    }, 60_000);

    it('glibc\'s non-FMA variant (GLIBC_TUNABLES): zero mismatches, and the two variants do differ', () => {
      const expected = glibc(name, xs, NO_FMA_TUNABLES);
      const bad = mismatches(sse2, xs, expected);
      expect(bad.slice(0, 10), `NODE_CURAND_FUZZ_SEED=${seed}: ${bad.length} of ${xs.length} differ`).toEqual([]);
      // The other variant's port disagrees on some inputs: the oracle really ran the non-FMA bodies.
      expect(mismatches(fma, xs, expected).length).toBeGreaterThan(0);
    }, 60_000);
  });
}

describe('acos special cases (as glibc returns them)', () => {
  it.each([acosFma, acosSse2])('%o', (acos) => {
    const hp0 = 1.5707963267948966;
    const cases: Array<[number, number]> = [[0, hp0], [-0, hp0], [2 ** -1074, hp0], [1, 0], [-1, Math.PI]];
    for (const [x, want] of cases) expect(hex(acos(x)), `acos(${x})`).toBe(hex(want));
    for (const x of [Number.NaN, 1 + 2 ** -52, -1 - 2 ** -52, Infinity, -Infinity]) expect(acos(x)).toBeNaN();
  });
});

describe('log2 special cases (as glibc returns them)', () => {
  it.each([log2Fma, log2Sse2])('%o', (log2) => {
    const cases: Array<[number, number]> = [[1, 0], [2, 1], [0.5, -1], [2 ** -1074, -1074], [2 ** 1023, 1023], [0, -Infinity], [-0, -Infinity], [Infinity, Infinity]];
    for (const [x, want] of cases) expect(hex(log2(x)), `log2(${x})`).toBe(hex(want));
    for (const x of [Number.NaN, -1, -Infinity, -(2 ** -1074)]) expect(log2(x)).toBeNaN();
  });
});
