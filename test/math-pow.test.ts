/**
 * src/math/pow.ts against this machine's glibc pow, through Python's math.pow (ctypes where math.pow
 * raises instead of returning glibc's value), in both x86-64 variants: glibc's default choice for
 * this CPU, and its non-FMA bodies under GLIBC_TUNABLES. The live comparison runs where Python is
 * installed and glibc is one whose math node-curand reproduces (REPRODUCED_GLIBC), and says so
 * loudly where it cannot.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// Plain .mjs scripts shared with the table generator and the proofs.
import { FIXTURES, buildDoubleTables, publishedLayout } from '../scripts/gen-double-math-tables.mjs';
import { POW_ORACLE_PY, powEdgeCases, powInputs, POW_SHAPES } from '../scripts/prove-math/double/pow-inputs.mjs';
import { powFma, powSse2 } from '../src/math/pow.js';
import * as powData from '../src/math/pow-log-data.js';
import { hostDoubleVariant } from '../src/repro/determinism/machine.js';
import { bitsOf, glibcLiveWhy, hex, NO_FMA_TUNABLES, probe, runGlibcOracle, same } from './support/glibc-math.js';

const liveWhy = glibcLiveWhy('pow', 'ctypes, math');

/** glibc's x^y for each (x, y) pair, with the given GLIBC_TUNABLES (undefined: the process's). */
function glibcPow(pairs: Float64Array, tunables: string | undefined): Float64Array {
  return runGlibcOracle(POW_ORACLE_PY, pairs, tunables);
}

function mismatches(pow: (x: number, y: number) => number, pairs: Float64Array, expected: Float64Array): string[] {
  const bad: string[] = [];
  for (let i = 0; i < expected.length; i++) {
    const x = pairs[2 * i]!;
    const y = pairs[2 * i + 1]!;
    const got = pow(x, y);
    if (!same(got, expected[i]!)) bad.push(`pow(${x}, ${y}) = ${got} (${hex(got)}), glibc ${expected[i]} (${hex(expected[i]!)})`);
  }
  return bad;
}

describe.skipIf(liveWhy !== null)('[glibc] pow against this machine\'s glibc', () => {
  // 100,000 pairs from each of the 10 shapes (random doubles over the whole exponent range, x near 1,
  // integer y, results near overflow and underflow, subnormal x, negative x, the draws' u^(1/a),
  // results near rounding midpoints, any bit patterns) plus the edge cases: 1,000,000 random pairs
  // and the special-value grid.
  const pairs = powInputs(100_000, 1);
  const count = pairs.length / 2;

  it(`has at least 10^6 inputs (${count})`, () => {
    expect(count).toBeGreaterThanOrEqual(1_000_000);
    expect(Object.keys(POW_SHAPES)).toHaveLength(10);
  });

  const variant = hostDoubleVariant(probe);
  it.skipIf(variant === null)(`glibc's default variant for this CPU (${variant}): zero mismatches`, () => {
    const expected = glibcPow(pairs, probe.glibcTunables ?? undefined);
    const port = variant === 'x86-fma' ? powFma : powSse2;
    const bad = mismatches(port, pairs, expected);
    expect(bad.slice(0, 10), `${bad.length} of ${count} differ`).toEqual([]);
  }, 60_000);

  it('glibc\'s non-FMA variant (GLIBC_TUNABLES): zero mismatches, and the two variants do differ', () => {
    const expected = glibcPow(pairs, NO_FMA_TUNABLES);
    const bad = mismatches(powSse2, pairs, expected);
    expect(bad.slice(0, 10), `${bad.length} of ${count} differ`).toEqual([]);
    // The other variant's port disagrees on some inputs: the oracle really ran the non-FMA bodies.
    expect(mismatches(powFma, pairs, expected).length).toBeGreaterThan(0);
  }, 60_000);
});

describe('pow special cases (C99 Annex F, as glibc returns them)', () => {
  it.each([powFma, powSse2])('%o', (pow) => {
    const cases: Array<[number, number, number]> = [
      [NaN, 0, 1], [NaN, -0, 1], [1, NaN, 1], [1, Infinity, 1], [-1, Infinity, 1], [-1, -Infinity, 1],
      [0.5, Infinity, 0], [2, Infinity, Infinity], [0.5, -Infinity, Infinity], [2, -Infinity, 0],
      [0, -1, Infinity], [-0, -1, -Infinity], [-0, -2, Infinity], [0, 3, 0], [-0, 3, -0], [-0, 2, 0],
      [-Infinity, 3, -Infinity], [-Infinity, -3, -0], [-Infinity, 2, Infinity], [Infinity, -0.5, 0],
      [-2, 0.5, NaN], [-8, 1 / 3, NaN], [-2, 3, -8], [-2, -3, -0.125], [-2, 2 ** 63, Infinity],
      [2, 1024, Infinity], [-2, 1025, -Infinity], [2, -1075, 0], [-2, -1075, -0], [2, -1074, 2 ** -1074],
      [2 ** -1074, 0.5, 2 ** -537], [4, 0.5, 2], [10, 2, 100], [2, 2 ** -66, 1], [2, -(2 ** 62), 0], [0.5, 2 ** 62, 0], [0.5, 2 ** -66, 1],
    ];
    for (const [x, y, want] of cases) expect(hex(pow(x, y)), `pow(${x}, ${y})`).toBe(hex(want));
    expect(pow(NaN, 1)).toBeNaN();
    expect(pow(2, NaN)).toBeNaN();
  });

  it('the edge-case list covers every special value pairing', () => {
    expect(powEdgeCases().length).toBeGreaterThan(2 * 52 * 52);
  });
});

describe('pow tables', () => {
  const built = buildDoubleTables();

  it('regenerated from the documented construction, they equal glibc\'s e_pow_log_data.c', () => {
    expect(built.failures).toEqual([]);
    const published = JSON.parse(readFileSync(FIXTURES.powLog, 'utf8'));
    const mine = publishedLayout(built);
    expect(mine.powTab).toEqual(published.powTab);
    expect(mine.powPoly).toEqual(published.powPoly);
  });

  it('the loaded module carries the generated bits', () => {
    const bits = (a: ArrayLike<number>) => Array.from(a, (v) => bitsOf(v));
    expect(bits(powData.POW_INVC)).toEqual(bits(built.pow.invc));
    expect(bits(powData.POW_LOGC)).toEqual(bits(built.pow.logc));
    expect(bits(powData.POW_LOGCTAIL)).toEqual(bits(built.pow.logctail));
    const poly = [powData.POW_A0, powData.POW_A1, powData.POW_A2, powData.POW_A3, powData.POW_A4, powData.POW_A5, powData.POW_A6];
    expect(bits(poly)).toEqual(bits(built.pow.poly));
  });
});
