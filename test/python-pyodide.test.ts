/**
 * node-curand/python against CPython 3.14 (Pyodide, test/support/pyodide.ts), for what CI's python3
 * (3.11) cannot check: binomialvariate (3.12+) over all its branches (n·p < 10 by Devroye's geometric
 * method, p > 0.5 by symmetry, BTRS with lgamma, p in {0, 1}, n = 0 and 1, the defaults, the errors),
 * expovariate's 3.12 default, sample's 3.14 rule for counts totalling zero, and every other method
 * that needs no sin, cos or acos, to show 3.12–3.14 draw what 3.11 does. Pyodide's libm is musl, whose
 * log/log2/exp/pow are glibc's non-FMA bodies: so Random runs with hostMath 'x86-sse2' here, and the
 * first test checks that premise (and CPython's lgamma on it). Float seeds are left out: they seed
 * through Python's hash, 32 bits wide in WebAssembly. Values compared as bits.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { DOUBLE_LIBM } from '../src/math/libm.js';
import { pyLgamma } from '../src/python/lgamma.js';
import { pyodide, pyodideVersion, runPyodide } from './support/pyodide.js';
import { BINOMIAL_OPS, COMMON_OPS, expectSameValues, type Op, PYTHON_DRIVER, scenarioArb, seedArb } from './support/python-calls.js';

const SSE2 = DOUBLE_LIBM['x86-sse2'];
const fuzzSeed = () => Number(process.env.NODE_CURAND_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));

/** What 3.12–3.14 added to the methods 3.11 has. */
const NEWER_OPS: Array<fc.Arbitrary<Op>> = [
  fc.constant<Op>(['expovariateDefault']),
  // Counts totalling zero: an empty population (3.11 raised for any k).
  fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 2 })).map(([len, k]): Op => ['sampleCounts', new Array<number>(len).fill(0), k]),
];

describe.runIf(pyodide !== null)(`[python] [pyodide] Random equals CPython ${pyodideVersion ?? '3.12+'} (Pyodide)`, () => {
  it('its libm: log and log2 are glibc\'s non-FMA bodies, and lgamma is CPython\'s own on top of them', () => {
    const seed = fuzzSeed();
    const unit = fc.double({ min: 0, max: 1, noNaN: true, minExcluded: true });
    const xs = fc.sample(fc.oneof(unit, unit.map((u) => 1 - u / 2), fc.double({ min: 2 ** -1074, max: 1e300, noNaN: true })), { numRuns: 60_000, seed });
    // lgamma's arguments in binomialvariate (integers from 1 up) and positive floats (negative ones need sin).
    const gs = fc.sample(fc.oneof(fc.integer({ min: 1, max: 2 ** 53 - 1 }), fc.double({ min: 1e-30, max: 1e300, noNaN: true })), { numRuns: 40_000, seed });
    const [logs, log2s, lgammas] = runPyodide<[number[], number[], number[]]>(
      'xs, gs = inp\nout = [[math.log(x) for x in xs], [math.log2(x) for x in xs], [math.lgamma(float(g)) for g in gs]]',
      [xs, gs],
    );
    const bad: string[] = [];
    xs.forEach((x, i) => {
      if (!Object.is(SSE2.log(x), logs[i])) bad.push(`log(${x}): ${SSE2.log(x)}, Pyodide ${logs[i]}`);
      if (!Object.is(SSE2.log2(x), log2s[i])) bad.push(`log2(${x}): ${SSE2.log2(x)}, Pyodide ${log2s[i]}`);
    });
    gs.forEach((g, i) => {
      if (!Object.is(pyLgamma(g, SSE2), lgammas[i])) bad.push(`lgamma(${g}): ${pyLgamma(g, SSE2)}, Pyodide ${lgammas[i]}`);
    });
    expect(bad.slice(0, 10), `NODE_CURAND_FUZZ_SEED=${seed}: ${bad.length} differ`).toEqual([]);
  }, 60_000);

  it('binomialvariate over every branch, on random seeds and call sequences (fast-check)', () => {
    const seed = fuzzSeed();
    const scenarios = fc.sample(scenarioArb([...BINOMIAL_OPS, fc.constant<Op>(['random'])], seedArb({ floats: false })), { numRuns: 400, seed });
    expectSameValues(scenarios, runPyodide<unknown[][]>(PYTHON_DRIVER, scenarios), { hostMath: 'x86-sse2' }, seed, 'Pyodide');
  }, 60_000);

  it('every other method without sin, cos or acos draws what 3.11 does, plus 3.12–3.14\'s additions', () => {
    const seed = fuzzSeed();
    const scenarios = fc.sample(scenarioArb([...COMMON_OPS, ...NEWER_OPS], seedArb({ floats: false })), { numRuns: 300, seed });
    expectSameValues(scenarios, runPyodide<unknown[][]>(PYTHON_DRIVER, scenarios), { hostMath: 'x86-sse2' }, seed, 'Pyodide');
  }, 60_000);
});
