import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { defaultRng, Generator, MT19937, PCG64, PCG64DXSM, Philox } from '../src/numpy/index.js';
import { hasNumpy } from './support/numpy.js';
import { countArb, integersCaseArb, integersJson, sizeArb, toBound } from './support/numpy-sizes.js';
import { runPython } from './support/cpython.js';

/**
 * node-curand/numpy's default_rng and Generator against the real NumPy: random seeds (ints of any
 * size, arrays), PCG64 (default_rng) and PCG64DXSM, random call sequences of every method with
 * random parameters and sizes, including the branches each special-cases (integers' one-word,
 * full-word and 64-bit spans; the ziggurat's tails through many draws; gamma below, at and above
 * 1; beta's two methods; binomial's inversion and BTPE; poisson's two methods; choice with and
 * without replacement and p, Floyd's and the tail shuffle), interleaved so that the 32-bit buffer
 * carries over between calls; sizes as counts and shapes (NumPy's tuples, zero dimensions and the
 * empty shape included, compared flattened in C order); integers in every dtype with random,
 * one-value and full-range bounds, the 8-, 16- and 1-bit dtypes' buffered words included; random
 * standard_normal and standard_exponential in float32 (NumPy's float ziggurat); and spawn. Values compared as bits (floats through repr).
 */

type Op = [string, ...unknown[]];
const integersDtypeArb = integersCaseArb(true).map((c): Op => ['integersD', ...c]);
const f = (min: number, max: number) => fc.double({ min, max, noNaN: true });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  sizeArb.map((s): Op => ['random', s]),
  sizeArb.map((s): Op => ['random32', s]),
  fc.oneof(fc.integer({ min: 0, max: 60 }), sizeArb).map((s): Op => ['standard_normal32', s]),
  fc.oneof(fc.integer({ min: 0, max: 60 }), sizeArb).map((s): Op => ['standard_exponential32', s]),
  integersDtypeArb,
  integersDtypeArb,
  fc.tuple(fc.integer({ min: -1000, max: 1000 }), fc.oneof(fc.integer({ min: 1, max: 1000 }), fc.constantFrom(2 ** 32, 2 ** 32 - 1), fc.integer({ min: 2 ** 32 + 1, max: 2 ** 52 })), sizeArb, fc.boolean()).map(([lo, w, s, e]): Op => ['integers', lo, lo + w, s, e]),
  fc.tuple(fc.bigInt({ min: -(2n ** 63n), max: 0n }), sizeArb).map(([lo, s]): Op => ['integersFull', lo.toString(), s]),
  fc.oneof(fc.integer({ min: 0, max: 60 }), sizeArb).map((s): Op => ['standard_normal', s]),
  fc.tuple(f(-5, 5), f(0, 3), sizeArb).map(([a, b, s]): Op => ['normal', a, b, s]),
  fc.tuple(f(0, 5), fc.integer({ min: 0, max: 60 })).map(([a, s]): Op => ['exponential', a, s]),
  fc.tuple(fc.oneof(f(0.01, 0.99), fc.constantFrom(0, 1), f(1.01, 30)), f(0.1, 5), sizeArb).map(([k, t, s]): Op => ['gamma', k, t, s]),
  fc.tuple(fc.oneof(f(0.05, 1), f(1, 8)), fc.oneof(f(0.05, 1), f(1, 8)), sizeArb).map(([a, b, s]): Op => ['beta', a, b, s]),
  fc.tuple(fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 100, max: 100000 })), fc.oneof(f(0, 1), fc.constantFrom(0, 0.5, 1)), sizeArb).map(([n, p, s]): Op => ['binomial', n, p, s]),
  fc.tuple(fc.oneof(fc.constant(0), f(0.01, 9.99), f(10, 2000)), sizeArb).map(([l, s]): Op => ['poisson', l, s]),
  fc.integer({ min: 0, max: 60 }).map((n): Op => ['shuffle', n]),
  fc.integer({ min: 0, max: 60 }).map((n): Op => ['permutation', n]),
  fc.tuple(fc.oneof(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 10001, max: 20000 })), countArb, fc.boolean(), fc.boolean()).map(([n, s, replace, shuffle]): Op => ['choice', n, replace || s === undefined ? s : Math.min(s, n), replace, shuffle]),
  fc.tuple(fc.integer({ min: 1, max: 30 }), sizeArb).map(([n, s]): Op => ['choice', n, s, true, true]),
  fc
    .tuple(fc.array(fc.oneof(fc.constant(0), f(0.01, 1)), { minLength: 1, maxLength: 12 }), countArb, fc.boolean())
    .filter(([w]) => w.some((x) => x > 0))
    .map(([w, s, replace]): Op => {
      const total = w.reduce((a, b) => a + b, 0);
      const p = w.map((x) => x / total);
      const nonzero = p.filter((x) => x > 0).length;
      return ['choiceP', p, replace || s === undefined ? s : Math.min(s, nonzero), replace];
    }),
  fc.integer({ min: 0, max: 13 }).map((n): Op => ['bytes', n]),
);
interface Scenario {
  seed: string | string[];
  kind: 'PCG64' | 'PCG64DXSM' | 'Philox' | 'MT19937';
  ops: Op[];
}
const seedArb = fc.oneof(fc.bigInt({ min: 0n, max: 2n ** 128n }).map(String), fc.array(fc.bigInt({ min: 0n, max: 2n ** 40n }).map(String), { minLength: 1, maxLength: 4 }));
const scenarioArb: fc.Arbitrary<Scenario> = fc.record({ seed: seedArb, kind: fc.constantFrom('PCG64' as const, 'PCG64DXSM' as const, 'Philox' as const, 'MT19937' as const), ops: fc.array(opArb, { minLength: 1, maxLength: 15 }) });

const DRIVER = `
import numpy as np
def plain(v):
    if isinstance(v, np.ndarray):
        if v.ndim == 0: return v.item()
        return (v.astype(np.uint8) if v.dtype == np.bool_ else v).ravel().tolist()
    if isinstance(v, np.generic): return v.item()
    return v
out = []
for sc in inp:
    seed = [int(x) for x in sc['seed']] if isinstance(sc['seed'], list) else int(sc['seed'])
    g = np.random.default_rng(seed) if sc['kind'] == 'PCG64' else np.random.Generator(getattr(np.random, sc['kind'])(seed))
    res = []
    for op in sc['ops']:
        name, a = op[0], op[1:]
        if name == 'integers': v = g.integers(a[0], a[1], size=a[2], endpoint=a[3])
        elif name == 'integersFull':
            v = g.integers(int(a[0]), int(a[0]) + 2**64 - 1, size=a[1], endpoint=True, dtype=np.int64) if int(a[0]) == -2**63 else g.integers(int(a[0]), 2**63 - 1, size=a[1], dtype=np.int64)
            v = plain(v)
            v = [str(x) for x in v] if isinstance(v, list) else str(v)
        elif name == 'integersD':
            v = g.integers(int(a[0]), None if a[1] is None else int(a[1]), size=a[2], dtype=getattr(np, a[3]), endpoint=a[4])
            v = plain(v)
            v = [str(x) for x in v] if isinstance(v, list) else str(v) if isinstance(v, int) and not isinstance(v, bool) else v
        elif name == 'random32': v = g.random(a[0], dtype=np.float32)
        elif name == 'standard_normal32': v = g.standard_normal(a[0], dtype=np.float32)
        elif name == 'standard_exponential32': v = g.standard_exponential(a[0], dtype=np.float32)
        elif name == 'shuffle':
            x = np.arange(a[0], dtype=np.float64); g.shuffle(x); v = x
        elif name == 'permutation': v = g.permutation(a[0])
        elif name == 'choice': v = g.choice(a[0], size=a[1], replace=a[2], shuffle=a[3])
        elif name == 'choiceP': v = g.choice(len(a[0]), size=a[1], replace=a[2], p=a[0])
        elif name == 'bytes': v = list(g.bytes(a[0]))
        else: v = getattr(g, name)(*a)
        res.append(plain(v))
    out.append(res)
`;

function plain(v: unknown): unknown {
  if (ArrayBuffer.isView(v)) return Array.from(v as Float64Array, (x) => (typeof x === 'bigint' ? String(x) : x));
  if (typeof v === 'bigint') return String(v);
  return v;
}

function runJs(sc: Scenario): unknown[] {
  const seed = Array.isArray(sc.seed) ? sc.seed.map(BigInt) : BigInt(sc.seed);
  const g = sc.kind === 'PCG64' ? defaultRng(seed) : new Generator(sc.kind === 'PCG64DXSM' ? new PCG64DXSM(seed) : sc.kind === 'Philox' ? new Philox(seed) : new MT19937(seed));
  return sc.ops.map(([name, ...args]) => {
    const a = args as never[];
    switch (name) {
      case 'integers':
        return plain(g.integers(a[0], a[1], a[2], { endpoint: a[3] }));
      case 'integersFull': {
        const lo = BigInt(a[0]);
        const v = lo === -(2n ** 63n) ? g.integers(lo, lo + 2n ** 64n - 1n, a[1], { endpoint: true }) : g.integers(lo, 2n ** 63n - 1n, a[1]);
        return ArrayBuffer.isView(v) ? Array.from(v as BigInt64Array, String) : String(v);
      }
      case 'standard_normal':
        return plain(g.standardNormal(a[0]));
      case 'integersD': {
        const v = g.integers(toBound(a[0])!, toBound(a[1]), a[2], { dtype: a[3], endpoint: a[4] });
        return integersJson(v);
      }
      case 'random32':
        return plain(g.random(a[0], 'float32'));
      case 'standard_normal32':
        return plain(g.standardNormal(a[0], 'float32'));
      case 'standard_exponential32':
        return plain(g.standardExponential(a[0], 'float32'));
      case 'shuffle': {
        const x = Float64Array.from({ length: a[0] }, (_, i) => i);
        g.shuffle(x);
        return plain(x);
      }
      case 'choice':
        return plain(g.choice(a[0], a[1], { replace: a[2], shuffle: a[3] }));
      case 'choiceP':
        return plain(g.choice((a[0] as number[]).length, a[1], { replace: a[2], p: a[0] }));
      case 'bytes':
        return Array.from(g.bytes(a[0]));
      default:
        return plain((g[name as 'normal'] as (...xs: unknown[]) => unknown).call(g, ...a));
    }
  });
}

describe.runIf(hasNumpy)('[numpy] default_rng and Generator equal NumPy', () => {
  it('on random seeds and call sequences of every method (fast-check, batched through one python3)', () => {
    const seed = Number(process.env.NODE_CURAND_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
    const scenarios = fc.sample(scenarioArb, { numRuns: 200, seed });
    const want = runPython<unknown[][]>(DRIVER, scenarios);
    for (const [i, sc] of scenarios.entries()) {
      const got = runJs(sc);
      for (const [j, value] of got.entries()) {
        if (JSON.stringify(value) !== JSON.stringify(want[i]![j])) {
          throw new Error(`NODE_CURAND_FUZZ_SEED=${seed}: scenario ${i} (${sc.kind} seed ${JSON.stringify(sc.seed)}) op ${j} ${JSON.stringify(sc.ops[j])} (after ${JSON.stringify(sc.ops.slice(0, j))}): got ${JSON.stringify(value)}, NumPy ${JSON.stringify(want[i]![j])}`);
        }
      }
    }
  });

  it('spawn gives the children NumPy gives', () => {
    const want = runPython<number[][]>(`
import numpy as np
g = np.random.default_rng(2026)
out = [c.random(3).tolist() for c in g.spawn(3)] + [g.random(2).tolist()]`);
    const g = defaultRng(2026);
    expect([...g.spawn(3).map((c) => Array.from(c.random(3) as Float64Array)), Array.from(g.random(2) as Float64Array)]).toEqual(want);
  });
});

describe('Generator dtypes and sizes', () => {
  it('gives each dtype its typed array (64-bit: Float64Array while the values are safe integers), one value for no size or []', () => {
    const g = defaultRng(1);
    expect(g.integers(0, 10, 2)).toBeInstanceOf(Float64Array);
    expect(g.integers(0, 2n ** 60n, 2)).toBeInstanceOf(BigInt64Array);
    expect(g.integers(0, 2n ** 64n, 2, 'uint64')).toBeInstanceOf(BigUint64Array);
    expect(g.integers(0, 10, 2, 'uint64')).toBeInstanceOf(Float64Array);
    const types = { int32: Int32Array, uint32: Uint32Array, int16: Int16Array, uint16: Uint16Array, int8: Int8Array, uint8: Uint8Array, bool: Uint8Array } as const;
    for (const [dtype, Type] of Object.entries(types)) expect(g.integers(0, 2, [2, 3], dtype as keyof typeof types)).toBeInstanceOf(Type);
    expect(typeof g.integers(0, 2, undefined, 'bool')).toBe('boolean');
    expect(typeof g.integers(0, 2, [], 'uint8')).toBe('number');
    expect(typeof g.integers(0, 2n ** 60n)).toBe('bigint');
    expect(typeof g.random([])).toBe('number');
    expect(g.random([2, 0, 3])).toEqual(new Float64Array(0));
    expect(g.random([2, 3], 'float32')).toBeInstanceOf(Float32Array);
    expect(g.standardNormal([2, 3], 'float32')).toBeInstanceOf(Float32Array);
    expect(g.standardExponential(2, 'float32')).toBeInstanceOf(Float32Array);
    expect(typeof g.standardNormal([], 'float32')).toBe('number');
    expect((g.standardNormal([4, 5]) as Float64Array).length).toBe(20);
    expect(g.binomial(10, 0.5, 3)).toBeInstanceOf(Float64Array);
    expect(g.choice(10, [2, 2])).toBeInstanceOf(Float64Array);
  });

  it('refuses bad dtypes, bounds and sizes with TypeError/RangeError naming them, and draws nothing', () => {
    const g = defaultRng(5);
    const before = JSON.stringify((g.bitGenerator as PCG64).state);
    expect(() => g.integers(0, 10, 3, 'float32' as never)).toThrow(/dtype must be one of/);
    expect(() => g.integers(0, 10, 3, 'float32' as never)).toThrow(TypeError);
    expect(() => g.integers(-1, 10, 3, 'uint8')).toThrow(/low is out of bounds for uint8/);
    expect(() => g.integers(0, 257, 3, 'uint8')).toThrow(/high is out of bounds for uint8 \(high must be ≤ 256/);
    expect(() => g.integers(0, 256, 3, { dtype: 'uint8', endpoint: true })).toThrow(/high is out of bounds for uint8 \(high must be ≤ 255 with endpoint/);
    expect(() => g.integers(-129, 0, 3, 'int8')).toThrow(/low is out of bounds for int8/);
    expect(() => g.integers(5, 5, 3, 'int16')).toThrow(/low >= high/);
    expect(() => g.integers(5, 4, 3, { dtype: 'int16', endpoint: true })).toThrow(/low > high/);
    expect(() => g.integers(0, undefined, 3, 'int32')).toThrow(/high <= 0/);
    expect(() => g.integers(0, 2 ** 31 + 1, 3, 'int32')).toThrow(/high is out of bounds for int32/);
    expect(() => g.integers(0, 2n ** 64n + 1n, 3, 'uint64')).toThrow(/high is out of bounds for uint64/);
    expect(() => g.integers(-1n, 2n ** 63n + 1n, 3)).toThrow(/high is out of bounds for int64/);
    expect(() => g.integers(0, 3, 3, 'bool')).toThrow(/high is out of bounds for bool/);
    expect(() => g.integers(0, 3, 3, { endpoint: 1 as never })).toThrow(TypeError);
    expect(() => g.integers(1.5, 3)).toThrow(/low must be a safe integer/);
    expect(() => g.integers('1' as never, 3)).toThrow(TypeError);
    expect(() => g.random([2, -1])).toThrow(RangeError);
    expect(() => g.random([2, 1.5])).toThrow(/size's dimensions/);
    expect(() => g.random('3' as never)).toThrow(TypeError);
    expect(() => g.random(3, 'float16' as never)).toThrow(TypeError);
    expect(() => g.standardNormal(3, 'int8' as never)).toThrow(/dtype must be 'float64' or 'float32'/);
    expect(() => g.standardExponential([1, -1], 'float32')).toThrow(/size/);
    expect(() => g.standardNormal([2 ** 20, 2 ** 20])).toThrow(/elements/);
    expect(() => g.normal(0, 1, [-1])).toThrow(/size/);
    expect(() => g.choice(5, [2, -2])).toThrow(/size/);
    expect(JSON.stringify((g.bitGenerator as PCG64).state)).toBe(before);
  });

  it.runIf(hasNumpy)('[numpy] starts each narrow call with a fresh word, and a zero dimension draws nothing and checks no bounds', () => {
    const want = runPython<unknown[]>(`
import numpy as np
g = np.random.default_rng(9)
out = [int(g.integers(0, 10, dtype=np.uint8)), g.integers(0, 10, 1, dtype=np.uint8).tolist(), bool(g.integers(0, 2, dtype=bool)),
       g.integers(0, 1000, 3, dtype=np.int16).tolist(), g.integers(5, 5, (2, 0), dtype=np.int8).tolist(), g.integers(0, 2, 0, dtype=bool).tolist(), g.random()]`);
    const g = defaultRng(9);
    const got = [g.integers(0, 10, undefined, 'uint8'), Array.from(g.integers(0, 10, 1, 'uint8') as Uint8Array), g.integers(0, 2, undefined, 'bool'), Array.from(g.integers(0, 1000, 3, 'int16') as Int16Array), Array.from(g.integers(5, 5, [2, 0], 'int8') as Int8Array), Array.from(g.integers(0, 2, 0, 'bool') as Uint8Array), g.random()];
    expect(got).toEqual([...want.slice(0, 4), [], [], want[6]]);
  });
});

describe.runIf(hasNumpy)('[numpy] float32 standard_normal and standard_exponential', () => {
  it("equal NumPy's through their tails (200 000 of each on a random seed; log1pf, expf and exp in the rare branches)", () => {
    const seed = Number(process.env.NODE_CURAND_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
    const n = 200_000;
    const [normals, exponentials] = runPython<[number[], number[]]>(`
import numpy as np
g = np.random.default_rng(inp[0])
out = [g.standard_normal(inp[1], dtype=np.float32).tolist(), g.standard_exponential(inp[1], dtype=np.float32).tolist()]`, [seed, n]);
    const g = defaultRng(seed);
    const got = [Array.from(g.standardNormal(n, 'float32') as Float32Array), Array.from(g.standardExponential(n, 'float32') as Float32Array)];
    // The tails (beyond r) take log1pf: about 1 normal and 1.5 exponentials in 4000.
    expect(normals!.filter((x) => Math.abs(x) > 3.6541528).length, 'normal tail values').toBeGreaterThan(5);
    expect(exponentials!.filter((x) => x > 7.6971174).length, 'exponential tail values').toBeGreaterThan(5);
    for (const [k, want] of [normals!, exponentials!].entries()) {
      const bad = got[k]!.findIndex((x, i) => x !== want[i]);
      expect(bad, `NODE_CURAND_FUZZ_SEED=${seed}: ${k === 0 ? 'standard_normal' : 'standard_exponential'} value ${bad}: got ${got[k]![bad]}, NumPy ${want[bad]}`).toBe(-1);
    }
  });
});

describe.runIf(hasNumpy)('[numpy] float32 standard_gamma', () => {
  it("equals NumPy's for shapes in every branch (Johnk's powf and logf below 1, 1, Marsaglia–Tsang above; 40 000 each on a random seed)", () => {
    const seed = Number(process.env.NODE_CURAND_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
    // Shapes as doubles: both sides round them to float32 first. 1e-39 rounds to a subnormal float.
    const shapes = [1e-39, 0.01, 0.2, 1 / 3, 0.75, 0.999, 1, 1.0001, 2.5, 30, 1e6, 0];
    const n = 40_000;
    const want = runPython<number[][]>(`
import numpy as np
g = np.random.default_rng(inp[0])
out = [g.standard_gamma(k, inp[1], dtype=np.float32).tolist() for k in inp[2]] + [[g.standard_gamma(np.array(inp[2]), dtype=np.float32).tolist(), g.random()]]`, [seed, n, shapes]);
    const g = defaultRng(seed);
    const got = shapes.map((k) => Array.from(g.standardGamma(k, n, 'float32') as Float32Array));
    for (const [j, values] of got.entries()) {
      const bad = values.findIndex((x, i) => !Object.is(x, want[j]![i]));
      expect(bad, `NODE_CURAND_FUZZ_SEED=${seed}: shape ${shapes[j]} value ${bad}: got ${values[bad]}, NumPy ${want[j]![bad]}`).toBe(-1);
    }
    // Array shapes broadcast, then the stream goes on.
    expect([Array.from(g.standardGamma(shapes, undefined, 'float32') as Float32Array), g.random()]).toEqual(want[shapes.length]);
  });

  it('refuses a negative, −0, NaN or infinite shape (after rounding to float32) and draws nothing', () => {
    const g = defaultRng(1);
    const before = JSON.stringify((g.bitGenerator as PCG64).state);
    for (const k of [-1, -0, -1e-50, NaN, Infinity, 1e39]) expect(() => g.standardGamma(k, 3, 'float32'), String(k)).toThrow(RangeError);
    expect(() => g.standardGamma([1, -1], undefined, 'float32')).toThrow(/element \[1\]/);
    expect(() => g.standardGamma(1, 3, 'float16' as never)).toThrow(TypeError);
    expect(JSON.stringify((g.bitGenerator as PCG64).state)).toBe(before);
    expect(g.standardGamma([0.5, 2], undefined, 'float32')).toBeInstanceOf(Float32Array);
    expect(typeof g.standardGamma(0.5, undefined, 'float32')).toBe('number');
  });
});
