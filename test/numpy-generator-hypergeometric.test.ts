import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { Generator as MainGenerator } from '../src/index.js';
import { defaultRng, type PCG64 } from '../src/numpy/index.js';
import { logFactorial } from '../src/draws/logfactorial.js';
import { hasNumpy } from './support/numpy.js';
import { generatorScenarioArb, PY_PLAIN, PY_SCENARIO_GENERATOR, scenarioGenerator, sizeArb, type GeneratorScenario } from './support/numpy-sizes.js';
import { runPython } from './support/cpython.js';

/**
 * node-curand/numpy's hypergeometric and multivariate_hypergeometric against the real NumPy 2.4:
 * random seeds and bit generators (default_rng's PCG64, PCG64DXSM, Philox, MT19937), random
 * arguments reaching both univariate algorithms (sampling for small samples, HRUA for 10 ≤ nsample ≤
 * total − 10, up to ngood, nbad = 10^9 − 1), nsample either side of total/2 and at NumPy's
 * thresholds, the edge cases (ngood = 0, nbad = 0, nsample = 0, nsample = total), both
 * multivariate methods, sizes as counts and shapes, interleaved with random() so that the words (and
 * PCG64's buffered 32-bit half) carry over between calls. All scenarios go through one python3 run.
 */

type Op = [string, ...unknown[]];
const HYPER_MAX = 1e9 - 1;

const countArb = fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 25 }), fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 0, max: HYPER_MAX }), fc.constant(HYPER_MAX));

/** nsample within [0, total]: random, an edge, NumPy's HRUA bounds (9, 10, total − 10, total − 9) and total/2 either side. */
function pickSample(total: number, mode: number, x: number): number {
  const clamp = (v: number) => Math.min(total, Math.max(0, v));
  switch (mode) {
    case 0:
      return 0;
    case 1:
      return total;
    case 2:
      return clamp([9, 10, 11][x % 3] as number);
    case 3:
      return clamp(total - ([9, 10, 11][x % 3] as number));
    case 4:
      return clamp(Math.floor(total / 2) + ((x % 3) - 1));
    default:
      return Math.floor((x / 2 ** 32) * (total + 1));
  }
}

const hyperArb: fc.Arbitrary<Op> = fc
  .tuple(countArb, countArb, fc.integer({ min: 0, max: 8 }), fc.integer({ min: 0, max: 2 ** 32 - 1 }), sizeArb)
  .map(([good, bad, mode, x, size]): Op => ['hypergeometric', good, bad, pickSample(good + bad, mode, x), size]);

const colorsArb = (max: number) => fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max })), { maxLength: 6 });
const mvhgArb: fc.Arbitrary<Op> = fc
  .tuple(fc.constantFrom('marginals', 'count', undefined), fc.integer({ min: 0, max: 8 }), fc.integer({ min: 0, max: 2 ** 32 - 1 }), sizeArb, fc.boolean())
  .chain(([method, mode, x, size, big]) =>
    // count lays out sum(colors) items: keep its totals small; marginals up to sum < 10^9.
    colorsArb(method === 'count' ? 400 : big ? 1.6e8 : 3000).map((colors): Op => {
      const total = colors.reduce((a, b) => a + b, 0);
      return ['mvhg', colors, pickSample(total, mode, x), size, method];
    }),
  );

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: hyperArb, weight: 4 },
  { arbitrary: mvhgArb, weight: 3 },
  { arbitrary: fc.oneof(fc.constant(undefined), fc.integer({ min: 0, max: 3 })).map((s): Op => ['random', s]), weight: 2 },
);

type Scenario = GeneratorScenario<Op>;
const scenarioArb = generatorScenarioArb(opArb);

const DRIVER = `
import numpy as np
${PY_PLAIN}
out = []
for sc in inp:
${PY_SCENARIO_GENERATOR}
    res = []
    for op in sc['ops']:
        name, a = op[0], op[1:]
        size = a[-2] if name == 'mvhg' else a[-1]
        if name == 'random': v = g.random(a[0])
        elif name == 'hypergeometric': v = g.hypergeometric(a[0], a[1], a[2], size=a[3])
        elif a[3] is None: v = g.multivariate_hypergeometric(a[0], a[1], size=a[2])
        else: v = g.multivariate_hypergeometric(a[0], a[1], size=a[2], method=a[3])
        res.append(plain(v))
    out.append(res)
`;

function runJs(sc: Scenario): unknown[] {
  const g = scenarioGenerator(sc);
  return sc.ops.map(([name, ...a]) => {
    const args = a as never[];
    const v = name === 'random' ? g.random(args[0]) : name === 'hypergeometric' ? g.hypergeometric(args[0], args[1], args[2], args[3]) : g.multivariateHypergeometric(args[0], args[1], args[2], args[3]);
    return ArrayBuffer.isView(v) ? Array.from(v) : v;
  });
}

describe.runIf(hasNumpy)('[numpy] hypergeometric and multivariate_hypergeometric equal NumPy', () => {
  it('on random seeds, bit generators, arguments, methods and sizes (fast-check, batched through one python3)', () => {
    const seed = Number(process.env.NODE_CURAND_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
    const scenarios = fc.sample(scenarioArb, { numRuns: 300, seed });
    // Fixed scenarios: each algorithm and edge at least once, whatever the fuzz seed.
    scenarios.push({
      seed: '12345',
      kind: 'MT19937',
      ops: [
        ['hypergeometric', 0, 50, 20, 3],
        ['hypergeometric', 50, 0, 20, 3],
        ['hypergeometric', 30, 20, 0, 3],
        ['hypergeometric', 30, 20, 50, 3],
        ['hypergeometric', 5, 7, 9, [2, 2]],
        ['random', 1],
        ['hypergeometric', 400, 600, 10, 5],
        ['hypergeometric', 400, 600, 990, 5],
        ['hypergeometric', 400, 600, 991, 5],
        ['hypergeometric', HYPER_MAX, HYPER_MAX, 123456789, [3, 2]],
        ['hypergeometric', 10, HYPER_MAX, 5e8, 4],
        ['hypergeometric', 0, 1000, 500, 2],
        ['mvhg', [16, 8, 4], 6, 3, 'marginals'],
        ['mvhg', [16, 8, 4], 20, [2, 2], 'count'],
        ['mvhg', [16, 8, 4], 28, 2, 'count'],
        ['mvhg', [16, 8, 4], 0, 2, 'marginals'],
        ['mvhg', [], 0, [2, 3], 'count'],
        ['mvhg', [7], 3, 2, 'count'],
        ['mvhg', [7], 3, 2, 'marginals'],
        ['mvhg', [3e8, 2e8, 4e8, 5], 123456789, 3, 'marginals'],
      ],
    });
    const want = runPython<unknown[][]>(DRIVER, scenarios);
    let compared = 0;
    for (const [i, sc] of scenarios.entries()) {
      const got = runJs(sc);
      for (const [j, value] of got.entries()) {
        if (JSON.stringify(value) !== JSON.stringify(want[i]![j])) {
          throw new Error(`NODE_CURAND_FUZZ_SEED=${seed}: scenario ${i} (${sc.kind} seed ${sc.seed}) op ${j} ${JSON.stringify(sc.ops[j])} (after ${JSON.stringify(sc.ops.slice(0, j))}): got ${JSON.stringify(value)}, NumPy ${JSON.stringify(want[i]![j])}`);
        }
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(300);
  });

  it("logFactorial past the table is logfactorial.c's Stirling series to the bit (Python's float ops and glibc log)", () => {
    // HRUA's decisions rarely hinge on the last bit of log(k!), so the draws above cannot see a one-ulp
    // slip in it: compared here directly, against the C expression evaluated in Python's doubles.
    const ks = [126, 127, 1000, 2 ** 31 - 1, 1999999998, ...fc.sample(fc.integer({ min: 126, max: 2e9 }), { numRuns: 2000, seed: 11 })];
    const want = runPython<number[]>('out = [(k + 0.5)*math.log(k) - k + (0.9189385332046728 + (1.0/k)*(1/12.0 - 1/(360.0*k*k))) for k in inp]', ks);
    expect(ks.map(logFactorial)).toEqual(want);
    expect(logFactorial(125)).toBe(481.87297922988796);
    expect(logFactorial(0)).toBe(0);
  });
});

describe('hypergeometric and multivariateHypergeometric refuse bad arguments', () => {
  it('with TypeError/RangeError naming the argument and its range, reading no word', () => {
    const g = defaultRng(7);
    const before = JSON.stringify((g.bitGenerator as PCG64).state);
    const cases: [() => unknown, ErrorConstructor, RegExp][] = [
      [() => g.hypergeometric(-1, 5, 2), RangeError, /ngood must be an integer in \[0, 999999999\]/],
      [() => g.hypergeometric(1e9, 5, 2), RangeError, /ngood must be an integer in \[0, 999999999\]/],
      [() => g.hypergeometric(2.5, 5, 2), RangeError, /ngood/],
      [() => g.hypergeometric('3' as never, 5, 2), TypeError, /ngood/],
      [() => g.hypergeometric(3, -5, 2), RangeError, /nbad must be an integer in \[0, 999999999\]/],
      [() => g.hypergeometric(3, NaN, 2), RangeError, /nbad/],
      [() => g.hypergeometric(3, 5, 9), RangeError, /nsample must be an integer in \[0, 8\]/],
      [() => g.hypergeometric(3, 5, -1), RangeError, /nsample/],
      [() => g.hypergeometric(3, 5, 1n as never), TypeError, /nsample/],
      [() => g.hypergeometric(3, 5, 2, [2, -1]), RangeError, /size/],
      [() => g.multivariateHypergeometric([3, 4], 8), RangeError, /nsample must be an integer in \[0, 7\]/],
      [() => g.multivariateHypergeometric([3, -4], 1), RangeError, /colors\[1\]/],
      [() => g.multivariateHypergeometric([3, 0.5], 1), RangeError, /colors\[1\]/],
      [() => g.multivariateHypergeometric([3, '4'] as never, 1), TypeError, /colors\[1\]/],
      [() => g.multivariateHypergeometric(5 as never, 1), TypeError, /colors/],
      [() => g.multivariateHypergeometric([5e8, 5e8], 1), RangeError, /'marginals', sum\(colors\) must be less than 1000000000/],
      [() => g.multivariateHypergeometric([2 ** 31, 2 ** 31], 1, undefined, 'count'), RangeError, /'count', sum\(colors\) must be at most 4294967295/],
      [() => g.multivariateHypergeometric([3, 4], 1, undefined, 'counts' as never), RangeError, /method must be one of 'marginals', 'count'/],
      [() => g.multivariateHypergeometric([3, 4], 1, undefined, 1 as never), TypeError, /method/],
      [() => g.multivariateHypergeometric([3, 4], 1.5), RangeError, /nsample/],
      [() => g.multivariateHypergeometric([3, 4], 1, 1.5), RangeError, /size/],
    ];
    for (const [call, Type, message] of cases) {
      expect(call).toThrow(Type);
      expect(call).toThrow(message);
    }
    expect(JSON.stringify((g.bitGenerator as PCG64).state)).toBe(before);
    // And the values still come as from a fresh generator.
    expect(g.hypergeometric(30, 40, 25, 4)).toEqual(defaultRng(7).hypergeometric(30, 40, 25, 4));
  });

  it('the main Generator refuses the same, leaving its stream where it was', () => {
    using g = new MainGenerator({ backend: 'ts', seed: 5n });
    using ref = new MainGenerator({ backend: 'ts', seed: 5n });
    expect(() => g.hypergeometric(1e9, 1, 1)).toThrow(/ngood must be an integer in \[0, 999999999\]/);
    expect(() => g.hypergeometric(3, 5, 9, 4)).toThrow(RangeError);
    expect(() => g.multivariateHypergeometric([3, 4], 2, new Float64Array(3))).toThrow(/whole vectors/);
    expect(() => g.multivariateHypergeometric([3, 4], 2, 2, 'x' as never)).toThrow(/method/);
    expect(g.random()).toBe(ref.random());
  });
});

describe('hypergeometric and multivariateHypergeometric results', () => {
  it('come as NumPy shapes them: one value or vector without size, size·K counts row-major, rows summing to nsample', () => {
    const g = defaultRng(3);
    expect(typeof g.hypergeometric(5, 5, 5)).toBe('number');
    expect(typeof g.hypergeometric(5, 5, 5, [])).toBe('number');
    expect(g.hypergeometric(5, 5, 5, [2, 3])).toHaveLength(6);
    expect(g.multivariateHypergeometric([16, 8, 4], 6)).toHaveLength(3);
    const rows = g.multivariateHypergeometric([16, 8, 4], 20, [2, 2], 'count');
    expect(rows).toHaveLength(12);
    for (let i = 0; i < 4; i++) {
      const row = Array.from(rows.subarray(3 * i, 3 * i + 3));
      expect(row.reduce((a, b) => a + b, 0)).toBe(20);
      expect(row.every((c, j) => c >= 0 && c <= [16, 8, 4][j]!)).toBe(true);
    }
    expect(g.multivariateHypergeometric([], 0, 4)).toHaveLength(0);
  });

  it('the main Generator gives the same values on the ts and wasm backends, into sizes and given arrays', () => {
    const draw = (backend: 'ts' | 'wasm') => {
      using g = new MainGenerator({ backend, seed: 2718n });
      return [
        g.hypergeometric(30, 20, 7),
        Array.from(g.hypergeometric(400, 600, 300, 50)),
        Array.from(g.hypergeometric(1e8, 3e8, 2e8, new Float64Array(20))),
        Array.from(g.multivariateHypergeometric([16, 8, 4, 100], 50, 30)),
        Array.from(g.multivariateHypergeometric([16, 8, 4], 20, new Float64Array(30), 'count')),
        g.random(),
      ];
    };
    expect(draw('wasm')).toEqual(draw('ts'));
  });
});
