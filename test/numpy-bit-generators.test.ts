import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { MT19937, PCG64, PCG64DXSM, Philox, SeedSequence } from '../src/numpy/index.js';
import { hasNumpy } from './support/numpy.js';
import { runPython } from './support/cpython.js';

/**
 * node-curand/numpy's SeedSequence and PCG64 bit generators against the real NumPy: random entropy
 * (0, small, 128-bit and huge ints, arrays of them), spawn keys and pool sizes; generate_state in
 * both word sizes and spawned children; then each bit generator through random call sequences of
 * 64-bit outputs, buffered 32-bit outputs and doubles (NumPy's own next_uint32 and next_double,
 * through its ctypes interface), advance, jumped and the state dict. Compared as exact integers.
 */

const intArb = fc.oneof(fc.constantFrom(0n, 1n, 2n ** 32n - 1n, 2n ** 32n, 2n ** 64n - 1n, 2n ** 128n + 5n), fc.bigInt({ min: 0n, max: 2n ** 200n }), fc.bigInt({ min: 0n, max: 2n ** 40n }));
const entropyArb = fc.oneof(intArb.map((v) => v.toString()), fc.array(intArb.map((v) => v.toString()), { minLength: 1, maxLength: 6 }));
type Op = ['raw', number] | ['u32', number] | ['double', number] | ['advance', string] | ['jumped', number] | ['state'];
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.integer({ min: 0, max: 5 }).map((n): Op => ['raw', n]),
  fc.integer({ min: 1, max: 5 }).map((n): Op => ['u32', n]),
  fc.integer({ min: 1, max: 5 }).map((n): Op => ['double', n]),
  fc.oneof(fc.bigInt({ min: 0n, max: 1000n }), fc.bigInt({ min: 0n, max: 2n ** 128n - 1n })).map((d): Op => ['advance', d.toString()]),
  fc.integer({ min: 1, max: 3 }).map((j): Op => ['jumped', j]),
  fc.constant<Op>(['state']),
);
interface Scenario {
  entropy: string | string[];
  spawnKey: number[];
  poolSize: number;
  kind: 'PCG64' | 'PCG64DXSM' | 'Philox' | 'MT19937';
  ops: Op[];
}
const scenarioArb: fc.Arbitrary<Scenario> = fc.record({
  entropy: entropyArb,
  spawnKey: fc.array(fc.integer({ min: 0, max: 2 ** 32 - 1 }), { maxLength: 3 }),
  poolSize: fc.constantFrom(4, 4, 8),
  kind: fc.constantFrom('PCG64' as const, 'PCG64DXSM' as const, 'Philox' as const, 'MT19937' as const),
  ops: fc.array(opArb, { minLength: 1, maxLength: 12 }),
});

const DRIVER = `
import numpy as np
def ent(e): return [int(x) for x in e] if isinstance(e, list) else int(e)
out = []
for sc in inp:
    ss = np.random.SeedSequence(ent(sc['entropy']), spawn_key=tuple(sc['spawnKey']), pool_size=sc['poolSize'])
    res = [ss.generate_state(5).tolist(), [str(x) for x in ss.generate_state(3, np.uint64)]]
    kids = ss.spawn(2)
    res.append([k.generate_state(2).tolist() for k in kids])
    res.append([k.generate_state(2).tolist() for k in ss.spawn(1)])
    bg = getattr(np.random, sc['kind'])(np.random.SeedSequence(ent(sc['entropy']), spawn_key=tuple(sc['spawnKey']), pool_size=sc['poolSize']))
    for op in sc['ops']:
        if op[0] == 'raw': res.append([str(x) for x in bg.random_raw(op[1])])
        elif op[0] == 'u32': res.append([bg.ctypes.next_uint32(bg.ctypes.state) for _ in range(op[1])])
        elif op[0] == 'double': res.append([bg.ctypes.next_double(bg.ctypes.state) for _ in range(op[1])])
        elif op[0] == 'advance':
            if sc['kind'] != 'MT19937': bg.advance(int(op[1]))
            res.append(None)
        elif op[0] == 'jumped': res.append([str(x) for x in bg.jumped(op[1]).random_raw(3)])
        else:
            s = bg.state
            if sc['kind'] == 'MT19937':
                res.append({'bit_generator': 'MT19937', 'state': {'key': s['state']['key'].tolist(), 'pos': s['state']['pos']}})
            elif sc['kind'] == 'Philox':
                res.append({'bit_generator': 'Philox', 'state': {'counter': [str(x) for x in s['state']['counter']], 'key': [str(x) for x in s['state']['key']]}, 'buffer': [str(x) for x in s['buffer']], 'buffer_pos': s['buffer_pos'], 'has_uint32': s['has_uint32'], 'uinteger': s['uinteger']})
            else:
                res.append({'bit_generator': s['bit_generator'], 'state': {'state': str(s['state']['state']), 'inc': str(s['state']['inc'])}, 'has_uint32': s['has_uint32'], 'uinteger': s['uinteger']})
    out.append(res)
`;

function runJs(sc: Scenario): unknown[] {
  const ent = Array.isArray(sc.entropy) ? sc.entropy.map(BigInt) : BigInt(sc.entropy);
  const ss = new SeedSequence(ent, { spawnKey: sc.spawnKey, poolSize: sc.poolSize });
  const res: unknown[] = [Array.from(ss.generateState(5)), Array.from(ss.generateState(3, 'uint64'), String)];
  res.push(ss.spawn(2).map((k) => Array.from(k.generateState(2))));
  res.push(ss.spawn(1).map((k) => Array.from(k.generateState(2))));
  const Kind = sc.kind === 'PCG64' ? PCG64 : sc.kind === 'PCG64DXSM' ? PCG64DXSM : sc.kind === 'Philox' ? Philox : MT19937;
  const bg = new Kind(new SeedSequence(ent, { spawnKey: sc.spawnKey, poolSize: sc.poolSize }));
  for (const op of sc.ops) {
    if (op[0] === 'raw') res.push(Array.from(bg.randomRaw(op[1]), String));
    else if (op[0] === 'u32') res.push(Array.from({ length: op[1] }, () => bg.nextUint32()));
    else if (op[0] === 'double') res.push(Array.from({ length: op[1] }, () => bg.nextDouble()));
    else if (op[0] === 'advance') res.push((bg instanceof MT19937 ? null : bg.advance(BigInt(op[1])), null));
    else if (op[0] === 'jumped') res.push(Array.from(bg.jumped(op[1]).randomRaw(3), String));
    else res.push(bg.state);
  }
  return res;
}

describe.runIf(hasNumpy)('[numpy] SeedSequence and the PCG64, PCG64DXSM, Philox and MT19937 bit generators equal NumPy', () => {
  it('on random entropy, spawn keys and call sequences (fast-check, batched through one python3)', () => {
    const seed = Number(process.env.NODE_CURAND_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
    const scenarios = fc.sample(scenarioArb, { numRuns: 150, seed });
    const want = runPython<unknown[][]>(DRIVER, scenarios);
    for (const [i, sc] of scenarios.entries()) {
      const got = runJs(sc);
      for (const [j, value] of got.entries()) {
        if (JSON.stringify(value) !== JSON.stringify(want[i]![j])) {
          throw new Error(`NODE_CURAND_FUZZ_SEED=${seed}: scenario ${i} ${JSON.stringify({ ...sc, ops: undefined })} item ${j} (${j >= 4 ? JSON.stringify(sc.ops[j - 4]) : 'seed sequence'}): got ${JSON.stringify(value)}, NumPy ${JSON.stringify(want[i]![j])}`);
        }
      }
    }
  });

  it('PCG64(seed) with an int seed and its spawned children, as default_rng seeds them', () => {
    const want = runPython<string[][]>(`
import numpy as np
bg = np.random.PCG64(12345)
out = [[str(x) for x in bg.random_raw(4)]] + [[str(x) for x in c.random_raw(2)] for c in bg.spawn(3)]`);
    const bg = new PCG64(12345);
    expect([Array.from(bg.randomRaw(4), String), ...bg.spawn(3).map((c) => Array.from(c.randomRaw(2), String))]).toEqual(want);
  });
});

describe.runIf(hasNumpy)('[numpy] Philox with a given key and counter equals NumPy', () => {
  it('counter and key as ints and as words, near the counter carries', () => {
    const cases: Array<[string, string]> = [
      ['0', '0'],
      [String(2n ** 64n - 1n), String(2n ** 128n - 3n)],
      [String(2n ** 256n - 2n), '12345'],
      [String(2n ** 192n - 1n), String(2n ** 127n)],
    ];
    const want = runPython<string[][]>(`
import numpy as np
out = []
for c, k in inp:
    bg = np.random.Philox(counter=int(c), key=int(k))
    out.append([str(x) for x in bg.random_raw(9)] + [str(x) for x in bg.jumped(2).random_raw(2)])`, cases);
    const got = cases.map(([c, k]) => {
      const bg = new Philox(undefined, { counter: BigInt(c), key: BigInt(k) });
      return [...Array.from(bg.randomRaw(9), String), ...Array.from(bg.jumped(2).randomRaw(2), String)];
    });
    expect(got).toEqual(want);
  });
});

describe.runIf(hasNumpy)('[numpy] MT19937 jumped equals NumPy', () => {
  it('from the first position, from inside a block, and twice', () => {
    const want = runPython<string[][]>(`
import numpy as np
out = []
for seed, skip, jumps in inp:
    bg = np.random.MT19937(seed); bg.random_raw(skip)
    out.append([str(x) for x in bg.jumped(jumps).random_raw(700)])`, [[5, 0, 1], [6, 300, 1], [7, 623, 2], [8, 624, 1]]);
    const got = [[5, 0, 1], [6, 300, 1], [7, 623, 2], [8, 624, 1]].map(([seed, skip, jumps]) => {
      const bg = new MT19937(seed!);
      bg.randomRaw(skip!);
      return Array.from(bg.jumped(jumps).randomRaw(700), String);
    });
    expect(got).toEqual(want);
  });
});

describe('SeedSequence and PCG64 argument checks', () => {
  it('refuses bad arguments with TypeError/RangeError naming them', () => {
    expect(() => new SeedSequence(-1)).toThrow(/entropy/);
    expect(() => new SeedSequence(1.5)).toThrow(/entropy/);
    expect(() => new SeedSequence(1, { poolSize: 2 })).toThrow(/poolSize/);
    expect(() => new SeedSequence(1).generateState(-1)).toThrow(/nWords/);
    const bg = new PCG64(1);
    const before = bg.state;
    expect(() => bg.advance(0.5)).toThrow(TypeError);
    expect(() => (bg.state = { ...before, bit_generator: 'PCG64DXSM' })).toThrow(/PCG64 RNG/);
    expect(() => (bg.state = { ...before, state: { state: '-1', inc: '1' } })).toThrow(/2\^128/);
    expect(bg.state).toEqual(before);
  });
});
