/**
 * Random call sequences on CPython's random.Random, run both in Python (PYTHON_DRIVER, for
 * cpython.ts's runPython or pyodide.ts's runPyodide) and on node-curand/python's Random (runJs), and
 * compared value for value: floats through repr (which round-trips exactly), big ints as strings,
 * Python's ValueError/TypeError as those names (a JavaScript RangeError/TypeError).
 */
import fc from 'fast-check';

import { Random, type RandomOptions } from '../../src/python/index.js';

export type SeedSpec = { kind: 'int'; v: string } | { kind: 'float'; v: string } | { kind: 'str'; v: string } | { kind: 'bytes'; v: number[] };
export type Op = [string, ...unknown[]];
export interface Scenario {
  seed: SeedSpec;
  version: 1 | 2;
  ops: Op[];
}

const bigSeedArb = fc.oneof(
  fc.constantFrom(0n, 1n, 2n ** 32n - 1n, 2n ** 32n, 2n ** 64n, -(2n ** 32n), -1n, 12345678901234567890123456789n),
  fc.bigInt({ min: -(2n ** 200n), max: 2n ** 200n }),
  fc.bigInt({ min: 0n, max: 2n ** 32n }),
);
const intSeed = { weight: 4, arbitrary: bigSeedArb.map((v): SeedSpec => ({ kind: 'int', v: v.toString() })) };
const floatSeed = { weight: 1, arbitrary: fc.double({ noNaN: true }).filter((x) => !Number.isInteger(x)).map((v): SeedSpec => ({ kind: 'float', v: String(v) })) };
const strSeed = { weight: 2, arbitrary: fc.string({ maxLength: 30, unit: 'grapheme' }).map((v): SeedSpec => ({ kind: 'str', v })) };
const bytesSeed = { weight: 1, arbitrary: fc.uint8Array({ maxLength: 40 }).map((v): SeedSpec => ({ kind: 'bytes', v: Array.from(v) })) };
/**
 * Seeds of every kind. A float seeds through Python's hash, whose width is the platform's (64-bit
 * CPython's here; Pyodide's WebAssembly CPython hashes to 32 bits), so `floats: false` leaves them out.
 */
export function seedArb({ floats = true } = {}): fc.Arbitrary<SeedSpec> {
  return floats ? fc.oneof(intSeed, floatSeed, strSeed, bytesSeed) : fc.oneof(intSeed, strSeed, bytesSeed);
}

const positive = (max: number) => fc.double({ min: 0.01, max, noNaN: true });

/** Calls of every method that CPython 3.11 through 3.14 share and that need no sin, cos or acos. */
export const COMMON_OPS: Array<fc.Arbitrary<Op>> = [
  fc.constant<Op>(['random']),
  fc.integer({ min: 0, max: 300 }).map((k): Op => ['getrandbits', k]),
  fc.integer({ min: 0, max: 40 }).map((n): Op => ['randbytes', n]),
  fc.integer({ min: 1, max: 2 ** 40 }).map((n): Op => ['randrange1', n]),
  fc.tuple(fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 1, max: 7 }), fc.boolean()).map(([a, w, step, down]): Op =>
    down ? ['randrange3', a + w, a, -step] : ['randrange3', a, a + w, step],
  ),
  fc.tuple(fc.bigInt({ min: -(2n ** 100n), max: 2n ** 100n }), fc.bigInt({ min: 1n, max: 2n ** 100n })).map(([a, w]): Op => ['randintBig', a.toString(), (a + w).toString()]),
  fc.tuple(fc.integer({ min: -100, max: 100 }), fc.integer({ min: 0, max: 2 ** 33 })).map(([a, w]): Op => ['randint', a, a + w]),
  fc.integer({ min: 1, max: 50 }).map((n): Op => ['choice', n]),
  fc.integer({ min: 0, max: 60 }).map((n): Op => ['shuffle', n]),
  // Small populations take the pool method, large ones next to k the set method.
  fc.tuple(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 0, max: 40 })).map(([n, k]): Op => ['sample', n, Math.min(n, k)]),
  fc.tuple(fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 8 }), fc.integer({ min: 0, max: 10 })).filter(([c]) => c.reduce((a, b) => a + b, 0) > 0).map(([c, k]): Op => ['sampleCounts', c, Math.min(k, c.reduce((a, b) => a + b, 0))]),
  fc.tuple(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 0, max: 12 })).map(([n, k]): Op => ['choices', n, k]),
  fc.tuple(fc.array(positive(10), { minLength: 1, maxLength: 10 }), fc.integer({ min: 0, max: 12 }), fc.boolean()).map(([w, k, cum]): Op => [cum ? 'choicesCum' : 'choicesWeights', w, k]),
  fc.tuple(fc.double({ min: -100, max: 100, noNaN: true }), fc.double({ min: -100, max: 100, noNaN: true })).map(([a, b]): Op => ['uniform', a, b]),
  fc.tuple(fc.double({ min: -10, max: 10, noNaN: true }), fc.double({ min: 0, max: 10, noNaN: true }), fc.option(fc.double({ min: 0, max: 1, noNaN: true }))).map(([low, w, m]): Op => ['triangular', low, low + w, m === null ? null : low + w * m]),
  fc.tuple(fc.double({ min: -5, max: 5, noNaN: true }), positive(3)).map(([m, s]): Op => ['normalvariate', m, s]),
  fc.tuple(fc.double({ min: -2, max: 2, noNaN: true }), positive(2)).map(([m, s]): Op => ['lognormvariate', m, s]),
  positive(20).map((l): Op => ['expovariate', l]),
  // Gamma's three algorithms: alpha < 1 (GS), alpha = 1, alpha > 1 (Cheng).
  fc.tuple(fc.oneof(fc.double({ min: 0.01, max: 0.99, noNaN: true }), fc.constant(1), fc.double({ min: 1.01, max: 50, noNaN: true })), positive(5)).map(([a, b]): Op => ['gammavariate', a, b]),
  fc.tuple(fc.double({ min: 0.1, max: 5, noNaN: true }), fc.double({ min: 0.1, max: 5, noNaN: true })).map(([a, b]): Op => ['betavariate', a, b]),
  positive(10).map((a): Op => ['paretovariate', a]),
  fc.tuple(positive(10), positive(5)).map(([a, b]): Op => ['weibullvariate', a, b]),
  fc.constant<Op>(['getstate']),
];

/** The methods that call sin, cos or acos (which musl, under Pyodide, computes differently from glibc). */
export const TRIG_OPS: Array<fc.Arbitrary<Op>> = [
  fc.tuple(fc.double({ min: -5, max: 5, noNaN: true }), positive(3)).map(([m, s]): Op => ['gauss', m, s]),
  // von Mises: kappa ≤ 1e-6 (uniform, negative kappa included), small and large kappa; mu anywhere.
  fc.tuple(
    fc.oneof(fc.double({ min: -20, max: 20, noNaN: true }), fc.constantFrom(0, Math.PI, -Math.PI, 2 * Math.PI)),
    fc.oneof(fc.double({ min: -1, max: 1e-6, noNaN: true }), fc.constant(1e-6), fc.double({ min: 1e-6, max: 2, noNaN: true }), fc.double({ min: 2, max: 1e4, noNaN: true })),
  ).map(([mu, kappa]): Op => ['vonmisesvariate', mu, kappa]),
];

/** binomialvariate's calls: every branch, the edges and the refused arguments. */
export const BINOMIAL_OPS: Array<fc.Arbitrary<Op>> = [
  // n·p < 10: the geometric method (and by symmetry p > 0.5 with n·(1 − p) < 10).
  fc.tuple(fc.integer({ min: 2, max: 10_000 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.boolean()).map(([n, t, flip]): Op => {
    const p = (t * Math.min(0.5, 10 / n)) || 0.25;
    return ['binomialvariate', n, flip ? 1 - p : p];
  }),
  // n·p ≥ 10: BTRS, small to huge n, either side of 1/2.
  fc.tuple(fc.oneof(fc.integer({ min: 20, max: 1000 }), fc.integer({ min: 1000, max: 2 ** 40 })), fc.double({ min: 0, max: 1, noNaN: true })).map(([n, t]): Op => {
    const lo = 10 / n;
    return ['binomialvariate', n, lo + t * (1 - 2 * lo)];
  }),
  fc.tuple(fc.integer({ min: 0, max: 1000 }), fc.constantFrom(0, 1, 0.5, 1e-300, 1 - 2 ** -53, 2 ** -53)).map(([n, p]): Op => ['binomialvariate', n, p]),
  fc.double({ min: 0, max: 1, noNaN: true }).map((p): Op => ['binomialvariate', 1, p]),
  fc.double({ min: 0, max: 1, noNaN: true }).map((p): Op => ['binomialvariate', 0, p]),
  fc.constant<Op>(['binomialDefault']),
  fc.tuple(fc.integer({ min: -5, max: -1 }), fc.double({ min: 0, max: 1, noNaN: true })).map(([n, p]): Op => ['binomialvariate', n, p]),
  fc.tuple(fc.integer({ min: 0, max: 100 }), fc.oneof(fc.double({ min: -10, max: -1e-300, noNaN: true }), fc.double({ min: 1 + 2 ** -52, max: 10, noNaN: true }))).map(([n, p]): Op => ['binomialvariate', n, p]),
];

export function scenarioArb(ops: Array<fc.Arbitrary<Op>>, seeds = seedArb()): fc.Arbitrary<Scenario> {
  return fc.record({ seed: seeds, version: fc.constantFrom(1 as const, 2 as const, 2 as const), ops: fc.array(fc.oneof(...ops), { minLength: 1, maxLength: 25 }) });
}

/** The Python side: the same ops on random.Random, answers in runPython's JSON. */
export const PYTHON_DRIVER = `
import random
def seed_of(s):
    k = s['kind']
    if k == 'int': return int(s['v'])
    if k == 'float': return float(s['v'])
    if k == 'str': return s['v']
    return bytes(s['v'])
def call(r, name, args):
    if name == 'random': return r.random()
    if name == 'getrandbits': return str(r.getrandbits(args[0]))
    if name == 'randrange1': return r.randrange(args[0])
    if name == 'randrange3': return r.randrange(args[0], args[1], args[2])
    if name == 'randintBig': return str(r.randint(int(args[0]), int(args[1])))
    if name == 'choice': return r.choice(range(args[0]))
    if name == 'shuffle':
        x = list(range(args[0])); r.shuffle(x); return x
    if name == 'sample': return r.sample(range(args[0]), args[1])
    if name == 'sampleCounts': return r.sample(range(len(args[0])), args[1], counts=args[0])
    if name == 'choices': return r.choices(range(args[0]), k=args[1])
    if name == 'choicesWeights': return r.choices(range(len(args[0])), weights=args[0], k=args[1])
    if name == 'choicesCum':
        c = []; t = 0.0
        for w in args[0]: t += w; c.append(t)
        return r.choices(range(len(c)), cum_weights=c, k=args[1])
    if name == 'getstate':
        s = r.getstate(); return [s[0], list(s[1]), s[2]]
    if name == 'expovariateDefault': return r.expovariate()
    if name == 'binomialDefault': return r.binomialvariate()
    return getattr(r, name)(*args)
out = []
for sc in inp:
    r = random.Random()
    r.seed(seed_of(sc['seed']), version=sc['version'])
    res = []
    for op in sc['ops']:
        name, args = op[0], op[1:]
        try: v = call(r, name, args)
        except (ValueError, TypeError) as e: v = type(e).__name__
        res.append(v)
    out.append(res)
`;


function seedOf(s: SeedSpec): number | bigint | string | Uint8Array {
  switch (s.kind) {
    case 'int':
      return BigInt(s.v);
    case 'float':
      return Number(s.v);
    case 'str':
      return s.v;
    default:
      return Uint8Array.from(s.v);
  }
}

/** runPython's JSON form of a value: non-finite floats as repr, big ints as strings. */
function plain(v: unknown): unknown {
  if (typeof v === 'number' && !Number.isFinite(v)) return Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf';
  if (typeof v === 'bigint') return v > 2n ** 53n || v < -(2n ** 53n) ? v.toString() : Number(v);
  if (v instanceof Uint8Array) return Array.from(v);
  if (Array.isArray(v)) return v.map(plain);
  return v;
}

export function runJs(sc: Scenario, options?: RandomOptions): unknown[] {
  const r = new Random(undefined, options);
  r.seed(seedOf(sc.seed), sc.version);
  const range = (n: number) => Array.from({ length: n }, (_, i) => i);
  const call = (name: string, a: never[]): unknown => {
    switch (name) {
      case 'getrandbits':
        return r.getrandbits(a[0]).toString();
      case 'randrange1':
        return r.randrange(a[0]);
      case 'randrange3':
        return r.randrange(a[0], a[1], a[2]);
      case 'randintBig':
        return r.randint(BigInt(a[0]), BigInt(a[1])).toString();
      case 'choice':
        return r.choice(range(a[0]));
      case 'shuffle': {
        const x = range(a[0]);
        r.shuffle(x);
        return x;
      }
      case 'sample':
        return r.sample(range(a[0]), a[1]);
      case 'sampleCounts':
        return r.sample(range((a[0] as number[]).length), a[1], a[0]);
      case 'choices':
        return r.choices(range(a[0]), { k: a[1] });
      case 'choicesWeights':
        return r.choices(range((a[0] as number[]).length), { weights: a[0], k: a[1] });
      case 'choicesCum': {
        let t = 0;
        const cum = (a[0] as number[]).map((w) => (t += w));
        return r.choices(range(cum.length), { cumWeights: cum, k: a[1] });
      }
      case 'getstate':
        return r.getstate();
      case 'expovariateDefault':
        return r.expovariate();
      case 'binomialDefault':
        return r.binomialvariate();
      default:
        return (r[name as 'random'] as (...xs: unknown[]) => unknown).call(r, ...a);
    }
  };
  return sc.ops.map(([name, ...args]) => {
    try {
      return plain(call(name, args as never[]));
    } catch (e) {
      if (e instanceof RangeError) return 'ValueError';
      if (e instanceof TypeError) return 'TypeError';
      throw e;
    }
  });
}

/** Throws at the first value that differs, naming the scenario, the call and the replay seed. */
export function expectSameValues(scenarios: Scenario[], want: unknown[][], options: RandomOptions | undefined, fuzzSeed: number, oracle: string): void {
  for (const [i, sc] of scenarios.entries()) {
    const got = runJs(sc, options);
    for (const [j, value] of got.entries()) {
      if (!Object.is(value, want[i]![j]) && JSON.stringify(value) !== JSON.stringify(want[i]![j])) {
        throw new Error(`NODE_CURAND_FUZZ_SEED=${fuzzSeed}: scenario ${i} (seed ${JSON.stringify(sc.seed)} v${sc.version}) op ${j} ${JSON.stringify(sc.ops[j])}: got ${JSON.stringify(value)}, ${oracle} ${JSON.stringify(want[i]![j])}`);
      }
    }
  }
}

