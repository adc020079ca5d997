import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { RandomState, type RandomStateState } from '../src/numpy/index.js';
import { hasNumpy } from './support/numpy.js';
import { countArb, integersCaseArb, integersJson, sizeArb, toBound } from './support/numpy-sizes.js';
import { runPython } from './support/cpython.js';

/**
 * node-curand/numpy's RandomState against the real NumPy (np.random.RandomState): random seeds (ints
 * in [0, 2^32) including 0 and 2^32 − 1, and arrays), random call sequences of every method with
 * random parameters, including the branches each special-cases: gamma's three algorithms and shape
 * 0, beta's Jöhnk and gamma-ratio paths, binomial's inversion and BTPE on both sides of p = 0.5,
 * poisson's multiplication and PTRS, randint's one-word and two-word masks with negative and huge
 * bounds, choice with and without replacement and p; sizes as counts and shapes (NumPy's tuples,
 * zero dimensions and the empty shape included, compared flattened in C order); randint in every
 * dtype with random, one-value and full-range bounds (the 8-, 16- and 1-bit dtypes' buffered words
 * included); and the state round trip. Values compared as bits (floats through repr).
 */

type Op = [string, ...unknown[]];
interface Scenario {
  seed: number | number[];
  ops: Op[];
}

const randintDtypeArb = integersCaseArb(false).map((c): Op => ['randintD', ...c]);
const f = (min: number, max: number) => fc.double({ min, max, noNaN: true });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  sizeArb.map((s): Op => ['random_sample', s]),
  randintDtypeArb,
  randintDtypeArb,
  sizeArb.map((s): Op => ['standard_normal', s]),
  fc.tuple(f(-5, 5), f(0, 3), sizeArb).map(([a, b, s]): Op => ['normal', a, b, s]),
  fc.tuple(f(-5, 5), f(0, 10), sizeArb).map(([a, w, s]): Op => ['uniform', a, a + w, s]),
  fc.tuple(f(0, 5), sizeArb).map(([a, s]): Op => ['exponential', a, s]),
  sizeArb.map((s): Op => ['standard_exponential', s]),
  fc.tuple(fc.oneof(f(0.01, 0.99), fc.constantFrom(0, 1), f(1.01, 30)), f(0.1, 5), sizeArb).map(([k, t, s]): Op => ['gamma', k, t, s]),
  fc.tuple(fc.oneof(f(0.05, 1), f(1, 8)), fc.oneof(f(0.05, 1), f(1, 8)), sizeArb).map(([a, b, s]): Op => ['beta', a, b, s]),
  // Inversion (np ≤ 30) and BTPE (np > 30), with p on both sides of 0.5.
  fc.tuple(fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 100, max: 100000 })), fc.oneof(f(0, 1), fc.constantFrom(0, 0.5, 1)), sizeArb).map(([n, p, s]): Op => ['binomial', n, p, s]),
  fc.tuple(fc.oneof(fc.constant(0), f(0.01, 9.99), f(10, 2000), fc.constantFrom(10, 1e6)), sizeArb).map(([l, s]): Op => ['poisson', l, s]),
  fc.tuple(fc.integer({ min: -1000, max: 1000 }), fc.oneof(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: 2 ** 33 }), fc.constantFrom(2 ** 32, 2 ** 32 - 1, 2 ** 31)), sizeArb).map(([lo, w, s]): Op => ['randint', lo, lo + w, s]),
  fc.tuple(fc.bigInt({ min: -(2n ** 62n), max: 2n ** 62n }), fc.bigInt({ min: 1n, max: 2n ** 62n }), sizeArb).map(([lo, w, s]): Op => ['randintBig', lo.toString(), (lo + w).toString(), s]),
  fc.tuple(fc.integer({ min: 1, max: 100 }), sizeArb).map(([n, s]): Op => ['randint1', n, s]),
  fc.tuple(fc.integer({ min: -50, max: 50 }), fc.integer({ min: 0, max: 100 }), sizeArb).map(([lo, w, s]): Op => ['random_integers', lo, lo + w, s]),
  fc.integer({ min: 0, max: 60 }).map((n): Op => ['shuffle', n]),
  fc.integer({ min: 0, max: 60 }).map((n): Op => ['permutation', n]),
  fc.tuple(fc.integer({ min: 1, max: 30 }), countArb, fc.boolean()).map(([n, s, replace]): Op => ['choice', n, replace || s === undefined ? s : Math.min(s, n), replace]),
  fc.tuple(fc.integer({ min: 1, max: 30 }), sizeArb).map(([n, s]): Op => ['choice', n, s, true]),
  fc
    .tuple(fc.array(fc.oneof(fc.constant(0), f(0.01, 1)), { minLength: 1, maxLength: 12 }), countArb, fc.boolean())
    .filter(([w]) => w.some((x) => x > 0))
    .map(([w, s, replace]): Op => {
      const total = w.reduce((a, b) => a + b, 0);
      const p = w.map((x) => x / total);
      const nonzero = p.filter((x) => x > 0).length;
      return ['choiceP', p, replace ? s : s === undefined ? undefined : Math.min(s, nonzero), replace];
    }),
  fc.constant<Op>(['get_state']),
);
const scenarioArb: fc.Arbitrary<Scenario> = fc.record({
  seed: fc.oneof(fc.constantFrom(0, 1, 42, 2 ** 32 - 1), fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.array(fc.integer({ min: 0, max: 2 ** 32 - 1 }), { minLength: 1, maxLength: 700 })),
  ops: fc.array(opArb, { minLength: 1, maxLength: 20 }),
});

const NUMPY_DRIVER = `
import numpy as np
def plain(v):
    if isinstance(v, np.ndarray):
        if v.ndim == 0: return v.item()
        return (v.astype(np.uint8) if v.dtype == np.bool_ else v).ravel().tolist()
    if isinstance(v, np.generic): return v.item()
    return v
out = []
for sc in inp:
    r = np.random.RandomState(sc['seed'])
    res = []
    for op in sc['ops']:
        name, a = op[0], op[1:]
        if name == 'randintBig': v = r.randint(int(a[0]), int(a[1]), size=a[2], dtype=np.int64)
        elif name == 'randintD':
            v = plain(r.randint(int(a[0]), None if a[1] is None else int(a[1]), size=a[2], dtype=getattr(np, a[3])))
            v = [str(x) for x in v] if isinstance(v, list) else str(v) if isinstance(v, int) and not isinstance(v, bool) else v
        elif name == 'randint': v = r.randint(a[0], a[1], size=a[2], dtype=np.int64)
        elif name == 'randint1': v = r.randint(a[0], size=a[1], dtype=np.int64)
        elif name == 'shuffle':
            x = np.arange(a[0], dtype=np.float64); r.shuffle(x); v = x
        elif name == 'permutation': v = r.permutation(a[0])
        elif name == 'choice': v = r.choice(a[0], size=a[1], replace=a[2])
        elif name == 'choiceP': v = r.choice(len(a[0]), size=a[1], replace=a[2], p=a[0])
        elif name == 'get_state':
            s = r.get_state(); v = [s[0], s[1].tolist(), s[2], s[3], s[4]]
        else: v = getattr(r, name)(*a)
        v = plain(v)
        if isinstance(v, float) and not math.isfinite(v): v = repr(v)
        if isinstance(v, list) and name == 'randintBig': v = [str(x) for x in v]
        elif name == 'randintBig': v = str(v)
        res.append(v)
    out.append(res)
`;

/** runPython's JSON form: typed arrays as arrays, bigints as strings where the driver writes them so. */
function plain(v: unknown, big: boolean): unknown {
  if (typeof v === 'number' && !Number.isFinite(v)) return Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf';
  if (ArrayBuffer.isView(v)) return Array.from(v as Float64Array, (x) => plain(x, big));
  if (big && (typeof v === 'bigint' || typeof v === 'number')) return String(v);
  if (Array.isArray(v)) return v.map((x) => plain(x, big));
  return v;
}

function runJs(sc: Scenario): unknown[] {
  const r = new RandomState(sc.seed);
  return sc.ops.map(([name, ...args]) => {
    const a = args as never[];
    switch (name) {
      case 'random_sample':
        return plain(r.randomSample(a[0]), false);
      case 'standard_normal':
        return plain(r.standardNormal(a[0]), false);
      case 'standard_exponential':
        return plain(r.standardExponential(a[0]), false);
      case 'randintBig':
        return plain(r.randint(BigInt(a[0]), BigInt(a[1]), a[2]), true);
      case 'randintD': {
        const v = r.randint(toBound(a[0])!, toBound(a[1]), a[2], a[3]);
        return integersJson(v);
      }
      case 'randint':
        return plain(r.randint(a[0], a[1], a[2]), false);
      case 'randint1':
        return plain(r.randint(a[0], null, a[1]), false);
      case 'random_integers':
        return plain(r.randomIntegers(a[0], a[1], a[2]), false);
      case 'shuffle': {
        const x = Float64Array.from({ length: a[0] }, (_, i) => i);
        r.shuffle(x);
        return plain(x, false);
      }
      case 'permutation':
        return plain(r.permutation(a[0]), false);
      case 'choice':
        return plain(r.choice(a[0], a[1], a[2]), false);
      case 'choiceP':
        return plain(r.choice((a[0] as number[]).length, a[1], a[2], a[0]), false);
      case 'get_state':
        return r.getState();
      default:
        return plain((r[name as 'normal'] as (...xs: unknown[]) => unknown).call(r, ...a), false);
    }
  });
}

describe.runIf(hasNumpy)('[numpy] RandomState equals NumPy', () => {
  it('on random seeds and call sequences of every method (fast-check, batched through one python3)', () => {
    // A new fast-check seed each run (printed with a failure); NODE_CURAND_FUZZ_SEED replays one.
    const seed = Number(process.env.NODE_CURAND_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
    const scenarios = fc.sample(scenarioArb, { numRuns: 300, seed });
    const want = runPython<unknown[][]>(NUMPY_DRIVER, scenarios);
    for (const [i, sc] of scenarios.entries()) {
      const got = runJs(sc);
      for (const [j, value] of got.entries()) {
        if (JSON.stringify(value) !== JSON.stringify(want[i]![j])) {
          throw new Error(`NODE_CURAND_FUZZ_SEED=${seed}: scenario ${i} (seed ${JSON.stringify(sc.seed).slice(0, 60)}) op ${j} ${JSON.stringify(sc.ops[j])}: got ${JSON.stringify(value)}, NumPy ${JSON.stringify(want[i]![j])}`);
        }
      }
    }
  });

  it('continues from a state NumPy saved (with a cached normal), and NumPy from ours', () => {
    const state = runPython<RandomStateState>(`
import numpy as np
r = np.random.RandomState(7); r.standard_normal(3)
s = r.get_state(); out = [s[0], s[1].tolist(), s[2], s[3], s[4]]`);
    expect(state[3]).toBe(1);
    const r = new RandomState(0);
    r.setState(state);
    const mine = plain([r.standardNormal(), r.randomSample(3), r.randint(0, 10 ** 12, 2)], false);
    const theirs = runPython<unknown>(`
import numpy as np
r = np.random.RandomState(); s = inp; r.set_state((s[0], np.array(s[1], dtype=np.uint32), s[2], s[3], s[4]))
out = [r.standard_normal(), r.random_sample(3).tolist(), r.randint(0, 10**12, 2).tolist()]`, state);
    expect(mine).toEqual(theirs);
  });
});

describe('node-curand/numpy', () => {
  it('is a subpath export of the built package (dist/numpy)', async () => {
    const built = (await import('node-curand/numpy')) as typeof import('../src/numpy/index.js');
    expect(new built.RandomState(5).randomSample(3)).toEqual(new RandomState(5).randomSample(3));
  });
});

describe('RandomState argument checks', () => {
  it('refuses bad arguments with TypeError/RangeError naming them, and draws nothing', () => {
    const r = new RandomState(3);
    const before = JSON.stringify(r.getState());
    expect(() => new RandomState(-1)).toThrow(/\[0, 2\^32 − 1\]/);
    expect(() => new RandomState(2 ** 32)).toThrow(RangeError);
    expect(() => new RandomState([])).toThrow(/non-empty/);
    expect(() => r.randint(5, 5)).toThrow(/low >= high/);
    expect(() => r.randint(1.5, 3)).toThrow(/low must be a safe integer/);
    expect(() => r.normal(0, -1)).toThrow(/scale/);
    expect(() => r.binomial(-1, 0.5)).toThrow(/n must/);
    expect(() => r.binomial(3, 1.5)).toThrow(/p must/);
    expect(() => r.poisson(-1)).toThrow(/lam/);
    expect(() => r.beta(0, 1)).toThrow(/a must/);
    expect(() => r.choice(3, 5, false)).toThrow(/larger sample/);
    expect(() => r.choice(3, 1, true, [0.5, 0.6, 0])).toThrow(/sum to 1/);
    expect(() => r.choice(3, 1, true, [1.5, -0.5, 0])).toThrow(/non-negative/);
    expect(() => r.uniform(-Infinity, 0)).toThrow(/finite/);
    expect(() => r.randomSample(-1)).toThrow(/size/);
    expect(() => r.setState(['MT19937', [], 0, 0, 0])).toThrow(/key/);
    expect(JSON.stringify(r.getState())).toBe(before);
  });
});

describe('RandomState dtypes and sizes', () => {
  it('gives each dtype its typed array (int64: Float64Array while the values are safe integers), one value for no size or []', () => {
    const r = new RandomState(1);
    expect(r.randint(0, 10, 2)).toBeInstanceOf(Float64Array);
    expect(r.randint(0, 2n ** 60n, 2)).toBeInstanceOf(BigInt64Array);
    expect(r.randint(0, 2n ** 64n, 2, 'uint64')).toBeInstanceOf(BigUint64Array);
    const types = { int32: Int32Array, uint32: Uint32Array, int16: Int16Array, uint16: Uint16Array, int8: Int8Array, uint8: Uint8Array, bool: Uint8Array } as const;
    for (const [dtype, Type] of Object.entries(types)) expect(r.randint(0, 2, [2, 3], dtype as keyof typeof types)).toBeInstanceOf(Type);
    expect(typeof r.randint(0, 2, undefined, 'bool')).toBe('boolean');
    expect(typeof r.randint(0, 2, [], 'uint8')).toBe('number');
    expect(typeof r.randomSample([])).toBe('number');
    expect(r.standardNormal([3, 0])).toEqual(new Float64Array(0));
    expect((r.gamma(2, 1, [2, 3, 4]) as Float64Array).length).toBe(24);
  });

  it('refuses bad dtypes, bounds and sizes with TypeError/RangeError naming them, and draws nothing', () => {
    const r = new RandomState(3);
    r.standardNormal(); // a cached normal, part of the state
    const before = JSON.stringify(r.getState());
    expect(() => r.randint(0, 10, 3, 'float64' as never)).toThrow(TypeError);
    expect(() => r.randint(0, 10, 3, 'float64' as never)).toThrow(/dtype must be one of/);
    expect(() => r.randint(-1, 10, 3, 'uint16')).toThrow(/low is out of bounds for uint16/);
    expect(() => r.randint(0, 65537, 3, 'uint16')).toThrow(/high is out of bounds for uint16 \(high must be ≤ 65536/);
    expect(() => r.randint(0, 2 ** 32 + 1, 3, 'uint32')).toThrow(/high is out of bounds for uint32/);
    expect(() => r.randint(-129, 0, 3, 'int8')).toThrow(/low is out of bounds for int8/);
    expect(() => r.randint(0, 3, 3, 'bool')).toThrow(/high is out of bounds for bool/);
    expect(() => r.randint(3, 3, 3, 'int32')).toThrow(/low >= high/);
    expect(() => r.randint(0, null, 3, 'int32')).toThrow(/high <= 0/);
    expect(() => r.randint(0, 10, [2, -1])).toThrow(RangeError);
    expect(() => r.randint(0, 10, [2, 0.5])).toThrow(/size's dimensions/);
    expect(() => r.randomSample(['2'] as never)).toThrow(TypeError);
    expect(() => r.standardNormal([2 ** 20, 2 ** 20])).toThrow(/elements/);
    expect(() => r.choice(4, [1, -1])).toThrow(/size/);
    expect(JSON.stringify(r.getState())).toBe(before);
  });

  it.runIf(hasNumpy)('[numpy] starts each narrow call with a fresh word, and a zero dimension draws nothing and checks no bounds', () => {
    const want = runPython<unknown[]>(`
import numpy as np
r = np.random.RandomState(9)
out = [int(r.randint(0, 10, dtype=np.uint8)), r.randint(0, 10, 1, dtype=np.uint8).tolist(), bool(r.randint(0, 2, dtype=bool)),
       r.randint(0, 1000, 3, dtype=np.int16).tolist(), r.randint(5, 5, (2, 0), dtype=np.int8).tolist(), r.randint(0, 2, 0, dtype=bool).tolist(), r.random_sample()]`);
    const r = new RandomState(9);
    const got = [r.randint(0, 10, undefined, 'uint8'), Array.from(r.randint(0, 10, 1, 'uint8') as Uint8Array), r.randint(0, 2, undefined, 'bool'), Array.from(r.randint(0, 1000, 3, 'int16') as Int16Array), Array.from(r.randint(5, 5, [2, 0], 'int8') as Int8Array), Array.from(r.randint(0, 2, 0, 'bool') as Uint8Array), r.randomSample()];
    expect(got).toEqual([...want.slice(0, 4), [], [], want[6]]);
  });
});
