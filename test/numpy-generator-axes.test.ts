import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { defaultRng, RandomState, type PCG64 } from '../src/numpy/index.js';
import { hasNumpy } from './support/numpy.js';
import { generatorScenarioArb, PY_SCENARIO_GENERATOR, scenarioGenerator, type GeneratorScenario } from './support/numpy-sizes.js';
import { runPython } from './support/cpython.js';

/**
 * NumPy's shuffles of n-dimensional arrays on node-curand/numpy's Generator (flat arrays with a
 * shape): shuffle(x, axis), permutation(x, axis) and permuted(x, axis) against the real NumPy, on
 * random seeds and bit generators, shapes of one to three dimensions (zero dimensions included),
 * every axis (negative ones too) and permuted's axis=None, interleaved with random() so that the
 * words carry over. x is arange(size) as float64; compared element for element in C order. And
 * RandomState's shuffle(x) and permutation(x) of n-dimensional arrays (rows), likewise.
 */

type Op = ['shuffle' | 'permutation' | 'permuted', number[], number | null] | ['random', number];
const shapeArb = fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 3 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.tuple(fc.constantFrom('shuffle' as const, 'permutation' as const), shapeArb, fc.nat()).map(([name, shape, k]): Op => [name, shape, (k % (2 * shape.length)) - shape.length]),
  fc.tuple(shapeArb, fc.option(fc.nat(), { nil: null })).map(([shape, k]): Op => ['permuted', shape, k === null ? null : (k % (2 * shape.length)) - shape.length]),
  fc.integer({ min: 1, max: 3 }).map((n): Op => ['random', n]),
);

const DRIVER = `
import numpy as np
out = []
for sc in inp:
${PY_SCENARIO_GENERATOR}
    res = []
    for op in sc['ops']:
        if op[0] == 'random':
            res.append(g.random(op[1]).tolist())
            continue
        name, shape, axis = op
        x = np.arange(int(np.prod(shape)), dtype=np.float64).reshape(shape)
        if name == 'shuffle':
            g.shuffle(x, axis=axis); v = x
        elif name == 'permutation': v = g.permutation(x, axis=axis)
        else: v = g.permuted(x, axis=axis)
        res.append(v.ravel().tolist())
    out.append(res)
`;

function runJs(sc: GeneratorScenario<Op>): number[][] {
  const g = scenarioGenerator(sc);
  return sc.ops.map((op) => {
    if (op[0] === 'random') return Array.from(g.random(op[1]) as Float64Array);
    const [name, shape, axis] = op;
    const x = Float64Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => i);
    if (name === 'shuffle') {
      g.shuffle(x, { shape, axis: axis! });
      return Array.from(x);
    }
    if (name === 'permutation') return Array.from(g.permutation(x, { shape, axis: axis! }) as Float64Array);
    return Array.from(g.permuted(x, { shape, axis }));
  });
}

describe.runIf(hasNumpy)('[numpy] n-dimensional shuffle, permutation and permuted equal NumPy', () => {
  it('on random seeds, shapes and axes (fast-check, batched through one python3)', () => {
    const seed = Number(process.env.NODE_CURAND_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
    const scenarios = fc.sample(generatorScenarioArb(opArb), { numRuns: 200, seed });
    const want = runPython<number[][][]>(DRIVER, scenarios);
    for (const [i, sc] of scenarios.entries()) {
      const got = runJs(sc);
      for (const [j, value] of got.entries()) {
        if (JSON.stringify(value) !== JSON.stringify(want[i]![j])) {
          throw new Error(`NODE_CURAND_FUZZ_SEED=${seed}: scenario ${i} (${sc.kind} seed ${sc.seed}) op ${j} ${JSON.stringify(sc.ops[j])} (after ${JSON.stringify(sc.ops.slice(0, j))}): got ${JSON.stringify(value)}, NumPy ${JSON.stringify(want[i]![j])}`);
        }
      }
    }
  });
});

const RS_DRIVER = `
import numpy as np
out = []
for sc in inp:
    rs = np.random.RandomState(sc['seed'])
    res = []
    for name, shape in sc['ops']:
        if name == 'random':
            res.append(rs.random_sample(shape).tolist())
            continue
        x = np.arange(int(np.prod(shape)), dtype=np.float64).reshape(shape)
        if name == 'shuffle':
            rs.shuffle(x); v = x
        else: v = rs.permutation(x)
        res.append(v.ravel().tolist())
    out.append(res)
`;

describe.runIf(hasNumpy)('[numpy] RandomState: n-dimensional shuffle and permutation equal NumPy', () => {
  it('on random seeds and shapes (fast-check, batched through one python3)', () => {
    type RsOp = ['shuffle' | 'permutation', number[]] | ['random', number];
    const rsOpArb: fc.Arbitrary<RsOp> = fc.oneof(
      fc.tuple(fc.constantFrom('shuffle' as const, 'permutation' as const), shapeArb).map((op): RsOp => op),
      fc.integer({ min: 1, max: 3 }).map((n): RsOp => ['random', n]),
    );
    const seed = Number(process.env.NODE_CURAND_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
    const scenarios = fc.sample(fc.record({ seed: fc.integer({ min: 0, max: 2 ** 32 - 1 }), ops: fc.array(rsOpArb, { minLength: 1, maxLength: 10 }) }), { numRuns: 150, seed });
    const want = runPython<number[][][]>(RS_DRIVER, scenarios);
    for (const [i, sc] of scenarios.entries()) {
      const rs = new RandomState(sc.seed);
      for (const [j, op] of sc.ops.entries()) {
        let got: number[];
        if (op[0] === 'random') got = Array.from(rs.randomSample(op[1]) as Float64Array);
        else {
          const shape = op[1];
          const x = Float64Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, k) => k);
          if (op[0] === 'shuffle') {
            rs.shuffle(x, { shape });
            got = Array.from(x);
          } else got = Array.from(rs.permutation(x, { shape }) as Float64Array);
        }
        if (JSON.stringify(got) !== JSON.stringify(want[i]![j])) {
          throw new Error(`NODE_CURAND_FUZZ_SEED=${seed}: scenario ${i} (seed ${sc.seed}) op ${j} ${JSON.stringify(op)} (after ${JSON.stringify(sc.ops.slice(0, j))}): got ${JSON.stringify(got)}, NumPy ${JSON.stringify(want[i]![j])}`);
        }
      }
    }
  });
});

describe('n-dimensional shuffles: arguments', () => {
  it('keeps the array type: a JS array stays an array, a typed array its type', () => {
    const g = defaultRng(3);
    expect(Array.isArray(g.permuted(['a', 'b', 'c', 'd'], { shape: [2, 2], axis: 1 }))).toBe(true);
    expect(g.permuted(new Int16Array(6), { shape: [3, 2], axis: 0 })).toBeInstanceOf(Int16Array);
  });

  it.each([
    ['a shape that does not hold x', () => defaultRng(1).shuffle(new Float64Array(6), { shape: [4, 2] }), RangeError, /shape \[4, 2\] holds 8/],
    ['an axis out of range', () => defaultRng(1).permuted(new Float64Array(6), { shape: [3, 2], axis: 2 }), RangeError, /axis must be an integer in \[-2, 1\]/],
    ['a fractional axis', () => defaultRng(1).permutation([1, 2, 3], { axis: 0.5 }), RangeError, /axis/],
    ['a bad shape', () => defaultRng(1).shuffle([1, 2], { shape: [-2] as number[] }), TypeError, /shape/],
    ['an unknown option', () => defaultRng(1).shuffle([1, 2], { axes: 0 } as object), TypeError, /unknown option/],
  ])('refuses %s, drawing nothing', (_, call, type, message) => {
    expect(call).toThrow(type);
    expect(call).toThrow(message);
  });

  it('a refused call leaves the bit generator as it was', () => {
    const g = defaultRng(9);
    const before = JSON.stringify((g.bitGenerator as PCG64).state);
    expect(() => g.shuffle(new Float64Array(5), { shape: [2, 2] })).toThrow(RangeError);
    expect(JSON.stringify((g.bitGenerator as PCG64).state)).toBe(before);
  });
});
