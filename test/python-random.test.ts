import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { Random, type PyRandomState } from '../src/python/index.js';
import { hasPython, runPython } from './support/cpython.js';

/**
 * node-curand/python's Random against the real CPython: random seeds of every kind Python accepts
 * (ints of any size and sign, floats, str and bytes in both seed versions), random call sequences
 * mixing every method with random parameters, including the branches each method special-cases
 * (randrange's steps, sample's pool and set methods and counts, choices with weights and cumulative
 * weights, gamma's three algorithms), and the state round trip with Python's getstate(). Values are
 * compared as bits (floats through repr, which round-trips exactly).
 */

type SeedSpec = { kind: 'int'; v: string } | { kind: 'float'; v: string } | { kind: 'str'; v: string } | { kind: 'bytes'; v: number[] };
type Op = [string, ...unknown[]];
interface Scenario {
  seed: SeedSpec;
  version: 1 | 2;
  ops: Op[];
}

const bigSeedArb = fc.oneof(
  fc.constantFrom(0n, 1n, 2n ** 32n - 1n, 2n ** 32n, 2n ** 64n, -(2n ** 32n), -1n, 12345678901234567890123456789n),
  fc.bigInt({ min: -(2n ** 200n), max: 2n ** 200n }),
  fc.bigInt({ min: 0n, max: 2n ** 32n }),
);
const seedArb: fc.Arbitrary<SeedSpec> = fc.oneof(
  { weight: 4, arbitrary: bigSeedArb.map((v) => ({ kind: 'int' as const, v: v.toString() })) },
  { weight: 1, arbitrary: fc.double({ noNaN: true }).filter((x) => !Number.isInteger(x)).map((v) => ({ kind: 'float' as const, v: String(v) })) },
  { weight: 2, arbitrary: fc.string({ maxLength: 30, unit: 'grapheme' }).map((v) => ({ kind: 'str' as const, v })) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 40 }).map((v) => ({ kind: 'bytes' as const, v: Array.from(v) })) },
);

const positive = (max: number) => fc.double({ min: 0.01, max, noNaN: true });
const opArb: fc.Arbitrary<Op> = fc.oneof(
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
  fc.tuple(fc.double({ min: -5, max: 5, noNaN: true }), positive(3)).map(([m, s]): Op => ['gauss', m, s]),
  fc.tuple(fc.double({ min: -5, max: 5, noNaN: true }), positive(3)).map(([m, s]): Op => ['normalvariate', m, s]),
  fc.tuple(fc.double({ min: -2, max: 2, noNaN: true }), positive(2)).map(([m, s]): Op => ['lognormvariate', m, s]),
  positive(20).map((l): Op => ['expovariate', l]),
  // Gamma's three algorithms: alpha < 1 (GS), alpha = 1, alpha > 1 (Cheng).
  fc.tuple(fc.oneof(fc.double({ min: 0.01, max: 0.99, noNaN: true }), fc.constant(1), fc.double({ min: 1.01, max: 50, noNaN: true })), positive(5)).map(([a, b]): Op => ['gammavariate', a, b]),
  fc.tuple(fc.double({ min: 0.1, max: 5, noNaN: true }), fc.double({ min: 0.1, max: 5, noNaN: true })).map(([a, b]): Op => ['betavariate', a, b]),
  positive(10).map((a): Op => ['paretovariate', a]),
  fc.tuple(positive(10), positive(5)).map(([a, b]): Op => ['weibullvariate', a, b]),
  fc.constant<Op>(['getstate']),
);
const scenarioArb: fc.Arbitrary<Scenario> = fc.record({ seed: seedArb, version: fc.constantFrom(1 as const, 2 as const, 2 as const), ops: fc.array(opArb, { minLength: 1, maxLength: 25 }) });

/** The Python side: the same ops on random.Random, answers in runPython's JSON. */
const PYTHON_DRIVER = `
import random
def seed_of(s):
    k = s['kind']
    if k == 'int': return int(s['v'])
    if k == 'float': return float(s['v'])
    if k == 'str': return s['v']
    return bytes(s['v'])
out = []
for sc in inp:
    r = random.Random()
    r.seed(seed_of(sc['seed']), version=sc['version'])
    res = []
    for op in sc['ops']:
        name, args = op[0], op[1:]
        if name == 'random': v = r.random()
        elif name == 'getrandbits': v = str(r.getrandbits(args[0]))
        elif name == 'randbytes': v = r.randbytes(args[0])
        elif name == 'randrange1': v = r.randrange(args[0])
        elif name == 'randrange3': v = r.randrange(args[0], args[1], args[2])
        elif name == 'randintBig': v = str(r.randint(int(args[0]), int(args[1])))
        elif name == 'randint': v = r.randint(args[0], args[1])
        elif name == 'choice': v = r.choice(range(args[0]))
        elif name == 'shuffle':
            x = list(range(args[0])); r.shuffle(x); v = x
        elif name == 'sample': v = r.sample(range(args[0]), args[1])
        elif name == 'sampleCounts': v = r.sample(range(len(args[0])), args[1], counts=args[0])
        elif name == 'choices': v = r.choices(range(args[0]), k=args[1])
        elif name == 'choicesWeights': v = r.choices(range(len(args[0])), weights=args[0], k=args[1])
        elif name == 'choicesCum':
            c = []; t = 0.0
            for w in args[0]: t += w; c.append(t)
            v = r.choices(range(len(c)), cum_weights=c, k=args[1])
        elif name == 'getstate':
            s = r.getstate(); v = [s[0], list(s[1]), s[2]]
        else: v = getattr(r, name)(*args)
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

function runJs(sc: Scenario): unknown[] {
  const r = new Random();
  r.seed(seedOf(sc.seed), sc.version);
  const range = (n: number) => Array.from({ length: n }, (_, i) => i);
  return sc.ops.map(([name, ...args]) => {
    const a = args as never[];
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
      default:
        return (r[name as 'random'] as (...xs: unknown[]) => unknown).call(r, ...a);
    }
  }).map(plain);
}

describe.runIf(hasPython)('[python] Random equals CPython', () => {
  it('on random seeds and call sequences of every method (fast-check, batched through one python3)', () => {
    // A new fast-check seed each run (printed with a failure); NODE_CURAND_FUZZ_SEED replays one.
    const seed = Number(process.env.NODE_CURAND_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
    const scenarios = fc.sample(scenarioArb, { numRuns: 400, seed });
    const want = runPython<unknown[][]>(PYTHON_DRIVER, scenarios);
    for (const [i, sc] of scenarios.entries()) {
      const got = runJs(sc);
      for (const [j, value] of got.entries()) {
        if (!Object.is(value, want[i]![j]) && JSON.stringify(value) !== JSON.stringify(want[i]![j])) {
          throw new Error(`NODE_CURAND_FUZZ_SEED=${seed}: scenario ${i} (seed ${JSON.stringify(sc.seed)} v${sc.version}) op ${j} ${JSON.stringify(sc.ops[j])}: got ${JSON.stringify(value)}, CPython ${JSON.stringify(want[i]![j])}`);
        }
      }
    }
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
    expect(JSON.stringify(r.getstate())).toBe(before);
  });
});
