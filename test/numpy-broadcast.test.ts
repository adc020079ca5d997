import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { defaultRng, RandomState, type Generator, type PCG64 } from '../src/numpy/index.js';
import { hasNumpy } from './support/numpy.js';
import { generatorScenarioArb, PY_SCENARIO_GENERATOR, scenarioGenerator, type GeneratorScenario } from './support/numpy-sizes.js';
import { runPython } from './support/cpython.js';

/**
 * Array parameters (NumPy's broadcasting) on Generator and RandomState against the real NumPy:
 * random broadcast shapes of up to 3 dimensions, each parameter a scalar or an array of a shape that
 * broadcasts (dimensions of 1, fewer dimensions), given as nested arrays, typed arrays or
 * { data, shape }; size omitted (the parameters' shape) or a shape they broadcast to; every
 * distribution that takes scalar parameters, integers/randint in every dtype (int64 bounds beyond
 * 2^53 included, the narrow dtypes' buffered word carrying across elements of different ranges),
 * interleaved with scalar calls so that the stream carries over. Values compared exactly: floats as
 * doubles (Object.is), integers as decimal strings.
 */

/** A parameter as it travels: a number, or flat data with its shape (integers' bounds as decimal strings). */
type Wire = number | string | { data: (number | string)[]; shape: number[] };
/** [method, parameters, size (null: omitted), how arrays are given, extra (integers' dtype and endpoint)]. */
type Op = [name: string, params: Wire[], size: number[] | null, form: 'nested' | 'typed' | 'flat', extra: { dtype?: string; endpoint?: boolean }];

const f = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
const int = (min: number, max: number) => fc.integer({ min, max });
const pos = (max: number) => fc.oneof(f(0.05, 1), f(1, max));

type ValueArb = fc.Arbitrary<number | string>;
/** Each distribution's parameters, every combination of elements valid (ranges chosen so). */
const DISTRIBUTIONS: Record<string, ValueArb[]> = {
  normal: [f(-5, 5), f(0, 3)],
  uniform: [f(-5, 0), f(0, 5)],
  exponential: [f(0, 3)],
  gamma: [pos(10), f(0.1, 3)],
  standard_gamma: [pos(10)],
  beta: [pos(5), pos(5)],
  binomial: [int(0, 600), f(0, 1)],
  poisson: [fc.oneof(f(0, 10), f(10, 200))],
  lognormal: [f(-2, 2), f(0, 2)],
  chisquare: [pos(50)],
  f: [pos(30), pos(30)],
  noncentral_chisquare: [fc.oneof(f(0.05, 1), f(1.001, 20)), fc.oneof(fc.constant(0), f(0.01, 30))],
  noncentral_f: [pos(20), pos(20), f(0, 30)],
  standard_t: [pos(40)],
  vonmises: [f(-3, 3), fc.oneof(f(0, 1e-5), f(1e-5, 100))],
  pareto: [pos(10)],
  weibull: [fc.oneof(fc.constant(0), pos(10))],
  power: [pos(10)],
  laplace: [f(-5, 5), f(0, 3)],
  gumbel: [f(-5, 5), f(0, 3)],
  logistic: [f(-5, 5), f(0, 3)],
  rayleigh: [f(0, 5)],
  wald: [pos(5), pos(5)],
  triangular: [f(-5, -1), f(-1, 1), f(1, 5)],
  negative_binomial: [pos(50), f(0.05, 1)],
  geometric: [fc.oneof(f(0.001, 0.3333), f(0.3334, 1))],
  zipf: [fc.oneof(f(1.01, 1.5), f(1.5, 6))],
  logseries: [fc.oneof(fc.constant(0), f(0.001, 0.999))],
  hypergeometric: [int(10, 60), int(10, 60), int(1, 20)],
};
/** Results that are NumPy int64 (compared as decimal strings). */
const INT_RESULTS = new Set(['binomial', 'poisson', 'negative_binomial', 'geometric', 'zipf', 'logseries', 'hypergeometric', 'integers', 'randint']);

/** Integer bounds per dtype: low from the bottom half, high from the top half (every pair valid), as decimal strings. */
const BOUNDS: Record<string, [bigint, bigint]> = {
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
  uint64: [0n, 2n ** 63n - 1n],
  int32: [-(2n ** 31n), 2n ** 31n - 1n],
  uint32: [0n, 2n ** 32n - 1n],
  int16: [-32768n, 32767n],
  uint16: [0n, 65535n],
  int8: [-128n, 127n],
  uint8: [0n, 255n],
  bool: [0n, 1n],
};
function boundArbs(dtype: string): [ValueArb, ValueArb] {
  const [min, max] = BOUNDS[dtype]!;
  const mid = (min + max) / 2n;
  // Near the middle (small spans: rejections) or anywhere in the half (wide spans, beyond 2^53 for 64 bits).
  const near = (a: bigint, b: bigint) => fc.oneof(fc.bigInt({ min: a, max: b }), fc.bigInt({ min: mid - 20n > a ? mid - 20n : a, max: mid + 20n < b ? mid + 20n : b }));
  return [near(min, mid).map(String), near(mid + 1n, max).map(String)];
}

/** A broadcast frame: the result's shape, and per parameter a shape that broadcasts to it (or null: a scalar). */
const frameArb = (k: number) =>
  fc.array(int(1, 4), { minLength: 1, maxLength: 3 }).chain((shape) =>
    fc.tuple(
      fc.constant(shape),
      fc.array(
        fc.oneof(
          fc.constant(null),
          fc.tuple(int(0, shape.length), fc.array(fc.boolean(), { minLength: 3, maxLength: 3 })).map(([drop, ones]) => shape.slice(drop).map((d, i) => (ones[i] ? 1 : d))),
        ),
        { minLength: k, maxLength: k },
      ),
      fc.oneof(fc.constant<number[] | null>(null), fc.constant(shape), int(1, 3).map((d) => [d, ...shape])),
      fc.constantFrom<Op[3]>('nested', 'typed', 'flat'),
    ),
  );

function opArb(name: string, values: ValueArb[], extra: Op[4] = {}): fc.Arbitrary<Op> {
  return frameArb(values.length).chain(([, shapes, size, form]) =>
    fc.tuple(...values.map((v, p) => {
      const shape = shapes[p];
      if (shape === null || shape === undefined) return v as fc.Arbitrary<Wire>;
      const n = shape.reduce((a, b) => a * b, 1);
      return fc.array(v, { minLength: n, maxLength: n }).map((data): Wire => ({ data, shape }));
    })).map((params): Op => [name, params, size, form, extra]),
  );
}

const INTEGER_DTYPES = Object.keys(BOUNDS);
const distributionOps = (names: string[]) => fc.oneof(...names.map((n) => opArb(n, DISTRIBUTIONS[n]!)));
const integersOp = (name: 'integers' | 'randint') =>
  fc.tuple(fc.constantFrom(...INTEGER_DTYPES), name === 'integers' ? fc.boolean() : fc.constant(false)).chain(([dtype, endpoint]) => opArb(name, boundArbs(dtype), { dtype, endpoint }));
/** Scalar calls between the broadcast ones: the stream (and RandomState's cached normal) carries over. */
const scalarOp: fc.Arbitrary<Op> = fc.constantFrom<Op>(['random', [], [2], 'nested', {}], ['standard_normal', [], null, 'nested', {}]);

/** A parameter as the JavaScript call takes it. */
function jsParam(w: Wire, form: Op[3], integers: boolean): unknown {
  if (typeof w !== 'object') return integers ? toInteger(w) : w;
  const data = w.data.map((x) => (integers ? toInteger(x) : (x as number)));
  if (form === 'flat') return { data, shape: w.shape };
  if (form === 'typed' && w.shape.length === 1) return data.some((x) => typeof x === 'bigint') ? BigInt64Array.from(data, BigInt) : Float64Array.from(data as number[]);
  const nest = (at: number, d: number): unknown => (d === w.shape.length ? data[at] : Array.from({ length: w.shape[d]! }, (_, i) => nest(at * w.shape[d]! + i, d + 1)));
  return nest(0, 0);
}
const toInteger = (x: number | string): number | bigint => (Number.isSafeInteger(Number(x)) ? Number(x) : BigInt(x));

function runJs(g: Generator | RandomState, ops: Op[]): unknown[] {
  return ops.map(([name, params, size, form, extra]) => {
    const integers = name === 'integers' || name === 'randint';
    const args = params.map((w) => jsParam(w, form, integers));
    const method = (g as unknown as Record<string, (...xs: unknown[]) => unknown>)[name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())]!;
    const v = name === 'integers' ? method.call(g, args[0], args[1], size ?? undefined, extra) : name === 'randint' ? method.call(g, args[0], args[1], size ?? undefined, extra.dtype) : method.call(g, ...args, size ?? undefined);
    const one = (x: number | bigint | boolean): number | string => (typeof x === 'boolean' ? String(Number(x)) : INT_RESULTS.has(name) ? BigInt(x).toString() : Number.isFinite(x) ? (x as number) : String(x));
    return ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number | bigint>, one) : one(v as number);
  });
}

const PY_OPS = `
INT_RESULTS = ${JSON.stringify([...INT_RESULTS])}
def param(w, integers):
    if isinstance(w, dict):
        data = [int(x) for x in w['data']] if integers else w['data']
        return np.array(data).reshape(w['shape'])
    return int(w) if integers else w
def one(x, integer):
    if integer: return str(int(x))
    x = float(x)
    return x if math.isfinite(x) else ('nan' if x != x else ('inf' if x > 0 else '-inf'))
def run(g, ops):
    res = []
    for name, params, size, form, extra in ops:
        integers = name in ('integers', 'randint')
        args = [param(w, integers) for w in params]
        size = None if size is None else tuple(size)
        if name == 'integers': v = g.integers(args[0], args[1], size=size, dtype=extra['dtype'], endpoint=extra['endpoint'])
        elif name == 'randint': v = g.randint(args[0], args[1], size=size, dtype=extra['dtype'])
        else: v = getattr(g, name)(*args, size=size)
        integer = name in INT_RESULTS or (integers and extra['dtype'] == 'bool')
        res.append([one(x, integer) for x in np.ravel(v)] if isinstance(v, np.ndarray) and v.ndim > 0 else one(v, integer))
    return res
`;

const GENERATOR_DRIVER = `
import math
import numpy as np
${PY_OPS}
out = []
for sc in inp:
${PY_SCENARIO_GENERATOR}
    out.append(run(g, sc['ops']))
`;

const RANDOM_STATE_DRIVER = `
import math
import numpy as np
${PY_OPS}
out = [run(np.random.RandomState(sc['seed']), sc['ops']) for sc in inp]
`;

function compare(seed: number, label: string, i: number, ops: Op[], got: unknown[], want: unknown[]): void {
  for (const [j, value] of got.entries()) {
    const same = Array.isArray(value) ? Array.isArray(want[j]) && value.length === (want[j] as unknown[]).length && value.every((x, k) => Object.is(x, (want[j] as unknown[])[k])) : Object.is(value, want[j]);
    if (!same) throw new Error(`NODE_CURAND_FUZZ_SEED=${seed}: ${label} scenario ${i} op ${j} ${JSON.stringify(ops[j])}: got ${JSON.stringify(value)}, NumPy ${JSON.stringify(want[j])}`);
  }
}

const fuzzSeed = () => Number(process.env.NODE_CURAND_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const opsArb = (broadcastOps: fc.Arbitrary<Op>) => fc.array(fc.oneof({ arbitrary: broadcastOps, weight: 4 }, { arbitrary: scalarOp, weight: 1 }), { minLength: 1, maxLength: 8 });

describe.runIf(hasNumpy)('[numpy] array parameters (broadcasting) equal NumPy', () => {
  it("Generator: every distribution and integers' dtypes (fast-check, batched through one python3)", () => {
    const seed = fuzzSeed();
    const scenarios: GeneratorScenario<Op>[] = fc.sample(generatorScenarioArb(fc.constant(null)).chain((sc) => opsArb(fc.oneof(distributionOps(Object.keys(DISTRIBUTIONS)), integersOp('integers'))).map((ops) => ({ ...sc, ops }))), { numRuns: 150, seed });
    const want = runPython<unknown[][]>(GENERATOR_DRIVER, scenarios);
    scenarios.forEach((sc, i) => compare(seed, 'Generator', i, sc.ops, runJs(scenarioGenerator(sc), sc.ops), want[i]!));
  });

  it("RandomState: every distribution and randint's dtypes", () => {
    const seed = fuzzSeed();
    const scenarioArb = fc.record({ seed: fc.integer({ min: 0, max: 2 ** 32 - 1 }), ops: opsArb(fc.oneof(distributionOps(Object.keys(DISTRIBUTIONS)), integersOp('randint'))) });
    const scenarios = fc.sample(scenarioArb, { numRuns: 150, seed });
    const want = runPython<unknown[][]>(RANDOM_STATE_DRIVER, scenarios);
    scenarios.forEach((sc, i) => compare(seed, 'RandomState', i, sc.ops, runJs(new RandomState(sc.seed), sc.ops), want[i]!));
  });
});

describe.runIf(hasNumpy)('[numpy] large broadcasts of normal and uniform (their units on the vectorised fills) equal NumPy', () => {
  it('Generator (PCG64) and RandomState, 2 × 3000 elements, then a scalar call', () => {
    const locs = Array.from({ length: 3000 }, (_, i) => (i % 97) / 7 - 5);
    const g = defaultRng(2024);
    const r = new RandomState(2024);
    const got = [g.normal(locs, [[1], [0.5]]), g.uniform(locs, [[9], [12]]), g.random(), r.normal([[1], [0.5]], locs.map(Math.abs)), r.uniform(locs, [[9], [12]]), r.randomSample()].map((v) => (ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v));
    const want = runPython<unknown[]>(
      `import numpy as np
locs = np.array(inp)
g = np.random.default_rng(2024)
r = np.random.RandomState(2024)
out = [g.normal(locs, [[1], [0.5]]).ravel().tolist(), g.uniform(locs, [[9], [12]]).ravel().tolist(), g.random(), r.normal([[1], [0.5]], np.abs(locs)).ravel().tolist(), r.uniform(locs, [[9], [12]]).ravel().tolist(), r.random_sample()]`,
      locs,
    );
    expect(got).toEqual(want);
  });
});

describe('array parameters: shapes and forms', () => {
  it('nested arrays, typed arrays and { data, shape } give the same values; the result is flat in C order', () => {
    const forms = [[[0], [10]], { data: [0, 10], shape: [2, 1] }];
    const results = forms.map((loc) => defaultRng(3).normal(loc as never, [1, 2, 3]) as Float64Array);
    expect(results[0]).toHaveLength(6);
    expect(Array.from(results[1]!)).toEqual(Array.from(results[0]!));
    const typed = defaultRng(3).normal(Float64Array.of(0, 10, 20), 1) as Float64Array;
    expect(Array.from(typed)).toEqual(Array.from(defaultRng(3).normal([0, 10, 20], 1) as Float64Array));
  });

  it('an element is the scalar call with its parameters, in C order', () => {
    const a = defaultRng(11);
    const b = defaultRng(11);
    const got = a.gamma([[0.5], [3]], [1, 2]) as Float64Array;
    const want = [[0.5, 1], [0.5, 2], [3, 1], [3, 2]].map(([k, s]) => b.gamma(k!, s!) as number);
    expect(Array.from(got)).toEqual(want);
    expect(a.random()).toBe(b.random());
  });

  it('0-d parameters ({ data, shape: [] }) and no size give one value, as NumPy', () => {
    expect(defaultRng(5).poisson({ data: [4], shape: [] })).toBe(defaultRng(5).poisson(4));
    expect(defaultRng(5).integers({ data: [10], shape: [] })).toBe(defaultRng(5).integers(10));
    expect(new RandomState(5).randint({ data: [0n], shape: [] }, 2, undefined, 'bool')).toBeTypeOf('boolean');
  });

  it('size larger than the parameters, and a zero dimension', () => {
    expect(defaultRng(1).normal([0, 1], 1, [3, 2])).toHaveLength(6);
    expect(defaultRng(1).normal([0, 1], 1, [0, 2])).toHaveLength(0);
    expect(defaultRng(1).integers([0, 1], 5, [0])).toHaveLength(0);
  });

  it('int64 bounds beyond 2^53 give a BigInt64Array, within them a Float64Array', () => {
    expect(defaultRng(2).integers([0, 1], [10, 2n ** 60n])).toBeInstanceOf(BigInt64Array);
    expect(defaultRng(2).integers([0, 1], [10, 2 ** 40])).toBeInstanceOf(Float64Array);
    expect(new RandomState(2).randint(0, [10, 20], [3, 2], 'int16')).toBeInstanceOf(Int16Array);
  });
});

describe('array parameters: bad input throws naming the argument and draws nothing', () => {
  const generatorCases: [string, (g: Generator) => unknown, ErrorConstructor, RegExp][] = [
    ['a bad element after good ones', (g) => g.normal([0, 1, 2], [1, 1, -1]), RangeError, /scale.*element \[2\]/],
    ['shapes that do not broadcast', (g) => g.normal([0, 1], [1, 2, 3]), RangeError, /loc \[2\], scale \[3\]/],
    ['a size the parameters do not broadcast to', (g) => g.normal([0, 1], 1, [3]), RangeError, /size \[3\].*loc/],
    ['a ragged nested array', (g) => g.normal([[0, 1], [2]] as never), RangeError, /ragged/],
    ['a bigint in a float parameter', (g) => g.exponential([1n] as never), TypeError, /scale/],
    ['a string element', (g) => g.poisson([1, '2'] as never), TypeError, /lam\[1\]/],
    ['{ data, shape } of the wrong length', (g) => g.gamma({ data: [1, 2, 3], shape: [2] }), RangeError, /shape\.data|data must/],
    ['integers: an empty range among good ones', (g) => g.integers([0, 5], [10, 3]), RangeError, /low >= high.*element \[1\]/],
    ['integers: a bound outside the dtype', (g) => g.integers([0, 1], [10, 300], undefined, 'uint8'), RangeError, /high is out of bounds for uint8/],
    ['hypergeometric: nsample above the population', (g) => g.hypergeometric([5, 5], 5, [3, 20]), RangeError, /nsample/],
  ];
  it.each(generatorCases)('Generator: %s', (_, call, type, message) => {
    const g = defaultRng(7);
    const before = JSON.stringify((g.bitGenerator as PCG64).state);
    expect(() => call(g)).toThrow(type);
    expect(() => call(g)).toThrow(message);
    expect(JSON.stringify((g.bitGenerator as PCG64).state)).toBe(before);
  });

  const randomStateCases: [string, (r: RandomState) => unknown, ErrorConstructor, RegExp][] = [
    ['a bad element after good ones', (r) => r.beta([1, 2, 3], [1, 0]), RangeError, /shapes cannot be broadcast/],
    ['a bad element in a broadcast', (r) => r.beta([[1], [2]], [1, 0]), RangeError, /b must be > 0.*element \[0, 1\]/],
    ['randint: a narrow dtype bound outside', (r) => r.randint([0, 1], [10, 70000], undefined, 'uint16'), RangeError, /high is out of bounds for uint16/],
    ['binomial: a fractional n', (r) => r.binomial([3, 2.5], 0.5), RangeError, /\bn\b.*element \[1\]/],
    ['−0 after 0 (a different parameter: NumPy refuses the sign bit)', (r) => r.laplace(0, [0, -0]), RangeError, /scale.*element \[1\]/],
  ];
  it.each(randomStateCases)('RandomState: %s', (_, call, type, message) => {
    const r = new RandomState(7);
    r.standardNormal(); // a cached normal that a refused call must keep
    const before = JSON.stringify(r.getState());
    expect(() => call(r)).toThrow(type);
    expect(() => call(r)).toThrow(message);
    expect(JSON.stringify(r.getState())).toBe(before);
  });
});
