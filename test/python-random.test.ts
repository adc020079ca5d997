import { fileURLToPath } from 'node:url';

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { Random, type PyRandomState } from '../src/python/index.js';
import { hasPython, runPython } from './support/cpython.js';
import { BINOMIAL_OPS, COMMON_OPS, expectSameValues, PYTHON_DRIVER, scenarioArb, TRIG_OPS } from './support/python-calls.js';

/**
 * Where binomialvariate's code comes from when python3 predates it (3.11): CPython 3.14's own
 * Lib/random.py, inside the npm devDependency pyodide, its method compiled by this python3 and
 * attached to random.Random, so that it runs on this machine's glibc (log, log2) and CPython's lgamma.
 */
const PYODIDE_STDLIB = fileURLToPath(new URL('../node_modules/pyodide/python_stdlib.zip', import.meta.url));
const BINOMIAL_FROM_314 = `
import ast, operator, random, zipfile
if not hasattr(random.Random, 'binomialvariate'):
    src = zipfile.ZipFile(${JSON.stringify(PYODIDE_STDLIB)}).read('random.py').decode()
    cls = next(n for n in ast.parse(src).body if isinstance(n, ast.ClassDef) and n.name == 'Random')
    fn = next(n for n in cls.body if isinstance(n, ast.FunctionDef) and n.name == 'binomialvariate')
    ns = dict(vars(random), _index=operator.index, _log2=math.log2, _lgamma=math.lgamma, _fabs=math.fabs)
    exec(compile(ast.Module(body=[fn], type_ignores=[]), 'random.py', 'exec'), ns)
    random.Random.binomialvariate = ns['binomialvariate']
`;

/**
 * node-curand/python's Random against the real CPython: random seeds of every kind Python accepts
 * (ints of any size and sign, floats, str and bytes in both seed versions), random call sequences
 * mixing every method with random parameters, including the branches each method special-cases
 * (randrange's steps, sample's pool and set methods and counts, choices with weights and cumulative
 * weights, gamma's three algorithms, von Mises with tiny, small and large kappa), and the state
 * round trip with Python's getstate(). Values are compared as bits (floats through repr, which
 * round-trips exactly).
 */

describe.runIf(hasPython)('[python] Random equals CPython', () => {
  it('on random seeds and call sequences of every method (fast-check, batched through one python3)', () => {
    // A new fast-check seed each run (printed with a failure); NODE_CURAND_FUZZ_SEED replays one.
    const seed = Number(process.env.NODE_CURAND_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
    const scenarios = fc.sample(scenarioArb([...COMMON_OPS, ...TRIG_OPS]), { numRuns: 400, seed });
    expectSameValues(scenarios, runPython<unknown[][]>(PYTHON_DRIVER, scenarios), undefined, seed, 'CPython');
  });

  it('binomialvariate, with this glibc: 3.14\'s random.py code run by this python3 (fast-check)', () => {
    const seed = Number(process.env.NODE_CURAND_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
    const scenarios = fc.sample(scenarioArb([...BINOMIAL_OPS, ...COMMON_OPS]), { numRuns: 300, seed });
    expectSameValues(scenarios, runPython<unknown[][]>(BINOMIAL_FROM_314 + PYTHON_DRIVER, scenarios), undefined, seed, 'CPython');
  });

  it('continues from a state Python saved, and Python continues from ours', () => {
    const state = runPython<PyRandomState>(`
import random
r = random.Random(2026); r.random(); r.gauss(0, 1)
s = r.getstate(); out = [s[0], list(s[1]), s[2]]`);
    const r = new Random(0);
    r.setstate(state);
    const mine = [r.gauss(), r.random(), r.getrandbits(100).toString()];
    const theirs = runPython<unknown[]>(`
import random
r = random.Random(); s = inp; r.setstate((s[0], tuple(s[1]), s[2]))
out = [r.gauss(), r.random(), str(r.getrandbits(100))]`, state);
    expect(mine).toEqual(theirs);
    // And the other way: our state, Python's next values.
    const ours = new Random('node-curand');
    ours.random();
    ours.gauss(1, 2);
    const next = runPython<unknown[]>(`
import random
r = random.Random(); s = inp; r.setstate((s[0], tuple(s[1]), s[2]))
out = [r.gauss(1, 2), r.random()]`, ours.getstate());
    expect([ours.gauss(1, 2), ours.random()]).toEqual(next);
  });
});

describe('node-curand/python', () => {
  it('is a subpath export of the built package (dist/python)', async () => {
    const built = (await import('node-curand/python')) as typeof import('../src/python/index.js');
    const a = new built.Random(42);
    const b = new Random(42);
    expect([a.random(), a.getrandbits(70)]).toEqual([b.random(), b.getrandbits(70)]);
  });
});

describe('Random argument checks', () => {
  it('refuses bad arguments with TypeError/RangeError naming them, without consuming words', () => {
    const r = new Random(1);
    const before = JSON.stringify(r.getstate());
    expect(() => r.randrange(0)).toThrow(RangeError);
    expect(() => r.randrange(5, 5)).toThrow(/empty range/);
    expect(() => r.randrange(0, 10, 0)).toThrow(/zero step/);
    expect(() => r.randrange(0, 10, -1)).toThrow(/empty range/);
    expect(() => r.randrange(1.5)).toThrow(TypeError);
    expect(() => r.randrange(5, null, 2)).toThrow(/missing a non-None stop/);
    expect(() => r.choice([])).toThrow(/empty sequence/);
    expect(() => r.sample([1, 2], 3)).toThrow(RangeError);
    expect(() => r.choices([1, 2], { weights: [1], k: 1 })).toThrow(/does not match/);
    expect(() => r.choices([1, 2], { weights: [0, 0] })).toThrow(/greater than zero/);
    expect(() => r.choices([1, 2], { weights: [1, 1], cumWeights: [1, 2] })).toThrow(TypeError);
    expect(() => r.gammavariate(0, 1)).toThrow(/alpha and beta/);
    expect(() => r.getrandbits(-1)).toThrow(RangeError);
    expect(() => r.seed(1, 3)).toThrow(/version/);
    expect(() => r.seed(Number.NaN)).toThrow(/NaN/);
    expect(() => r.setstate([2, [], null])).toThrow(/version/);
    expect(() => r.vonmisesvariate(0, Number.NaN)).toThrow(/kappa/);
    expect(() => r.vonmisesvariate('0' as never, 1)).toThrow(TypeError);
    expect(() => r.vonmisesvariate(0, 1n as never)).toThrow(/kappa/);
    expect(() => r.binomialvariate(-1, 0.5)).toThrow(RangeError);
    expect(() => r.binomialvariate(-1, 0.5)).toThrow(/\bn\b/);
    expect(() => r.binomialvariate(2.5, 0.5)).toThrow(TypeError);
    expect(() => r.binomialvariate(10n as never, 0.5)).toThrow(TypeError);
    expect(() => r.binomialvariate(10, 1.5)).toThrow(/\bp\b.*0\.0 <= p <= 1\.0/);
    expect(() => r.binomialvariate(10, -0.1)).toThrow(RangeError);
    expect(() => r.binomialvariate(10, Number.NaN)).toThrow(RangeError);
    expect(() => r.binomialvariate(10, '0.5' as never)).toThrow(TypeError);
    expect(() => new Random(1, { hostMath: 'arm' as never })).toThrow(/hostMath/);
    expect(JSON.stringify(r.getstate())).toBe(before);
  });
});
