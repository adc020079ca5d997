/**
 * The core discrete draws against NumPy, bit for bit: NumPy's Generator(MT19937(seed)) reads the words
 * MT19937(seed).random_raw() gives, so our algorithms fed those words (ReplaySource) must give its
 * values wherever they follow its algorithm (integers, uniform choice, choice without replacement),
 * and read as many words (the word NumPy reads next is the next one we would).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { planChoice } from '../src/draws/choice.js';
import { planIntegers } from '../src/draws/integers.js';
import { planPermutation } from '../src/draws/shuffle.js';
import { lendingSource } from './support/lending-source.js';
import { hasNumpy, ReplaySource, runNumpy } from './support/numpy.js';

const TWO_32 = 2n ** 32n;
const TWO_63 = 2n ** 63n;
const TWO_64 = 2n ** 64n;

interface NumpyDraw {
  values: string[];
  words: number[];
  next: number;
}

/** Runs `draw` (a Python expression over g, the Generator, and c, the case) for each case, with the words it may read. */
function numpyDraws(draw: string, cases: Array<{ seed: number; words: number } & Record<string, unknown>>): NumpyDraw[] {
  return runNumpy<NumpyDraw[]>(
    [
      'out = []',
      'for c in inp:',
      '    words = np.random.MT19937(c["seed"]).random_raw(c["words"])',
      '    bg = np.random.MT19937(c["seed"])',
      '    g = np.random.Generator(bg)',
      `    v = ${draw}`,
      '    v = [str(x) for x in (np.asarray(v).ravel().tolist())]',
      '    out.append({"values": v, "words": words, "next": int(bg.random_raw())})',
    ].join('\n'),
    cases,
  );
}

function strings(result: unknown): string[] {
  if (typeof result === 'number' || typeof result === 'bigint') return [String(result)];
  return Array.from(result as ArrayLike<number | bigint>, String);
}

interface IntegerCase {
  seed: number;
  low: bigint;
  high: bigint;
  size: number | null;
  dtype: 'int32' | 'uint32' | 'int64' | 'uint64';
  endpoint: boolean;
}

const DTYPE_MIN = { int32: -(2n ** 31n), uint32: 0n, int64: -TWO_63, uint64: 0n };
const DTYPE_SPAN = { int32: TWO_32, uint32: TWO_32, int64: TWO_64, uint64: TWO_64 };

/** Words enough for `size` values of span `span` (rejection included, with a wide margin). */
function wordsFor(span: bigint, size: number | null): number {
  return (span > TWO_32 ? 2 : 1) * 3 * (size ?? 1) + 64;
}

function checkIntegers(cases: IntegerCase[]): void {
  const inputs = cases.map((c) => ({
    seed: c.seed,
    low: String(c.low),
    high: String(c.high),
    size: c.size,
    dtype: c.dtype,
    endpoint: c.endpoint,
    words: wordsFor(c.high - c.low + (c.endpoint ? 1n : 0n), c.size),
  }));
  const expected = numpyDraws('g.integers(int(c["low"]), int(c["high"]), c["size"], dtype=getattr(np, c["dtype"]), endpoint=c["endpoint"])', inputs);
  cases.forEach((c, i) => {
    const label = `${c.dtype} [${c.low}, ${c.high}${c.endpoint ? ']' : ')'} size ${c.size} seed ${c.seed}`;
    const want = expected[i]!;
    const words = Uint32Array.from(want.words);
    const safe = c.low >= -(2n ** 53n - 1n) && c.high - (c.endpoint ? 0n : 1n) <= 2n ** 53n - 1n;
    const bounds: Array<[unknown, unknown]> = [[c.low, c.high]];
    if (safe) bounds.push([Number(c.low), Number(c.high)]);
    for (const [low, high] of bounds) {
      const src = new ReplaySource(words);
      const got = planIntegers(low, high, c.size ?? undefined, { endpoint: c.endpoint }).run(src);
      expect(strings(got), `${label} (${typeof low} bounds)`).toEqual(want.values);
      expect(words[src.used], `${label}: the next word`).toBe(want.next);
      // The Generator's own word buffer, which bulk draws read in place.
      const lending = lendingSource(words);
      expect(strings(planIntegers(low, high, c.size ?? undefined, { endpoint: c.endpoint }).run(lending.src)), `${label} (lent words)`).toEqual(want.values);
      expect(lending.used()).toBe(src.used);
    }
  });
}

const AWKWARD_SPANS = [1n, 2n, 3n, 10n, 2n ** 31n + 1n, TWO_32 - 1n, TWO_32, TWO_32 + 1n, 2n ** 53n, TWO_63 + 1n, TWO_64 - 1n, TWO_64];

describe('integers against NumPy', () => {
  it.skipIf(!hasNumpy)('[numpy] awkward spans, every dtype that holds them, both endpoints, arrays and scalars', () => {
    const cases: IntegerCase[] = [];
    let seed = 1;
    for (const dtype of ['int32', 'uint32', 'int64', 'uint64'] as const) {
      for (const span of AWKWARD_SPANS) {
        if (span > DTYPE_SPAN[dtype]) continue;
        for (const endpoint of [false, true]) {
          for (const offset of new Set([0n, 1n, DTYPE_SPAN[dtype] - span].filter((o) => o <= DTYPE_SPAN[dtype] - span))) {
            const low = DTYPE_MIN[dtype] + offset;
            const high = endpoint ? low + span - 1n : low + span;
            cases.push({ seed: seed++, low, high, size: 3000, dtype, endpoint });
            cases.push({ seed: seed++, low, high, size: null, dtype, endpoint });
          }
        }
      }
    }
    checkIntegers(cases);
  });

  it.skipIf(!hasNumpy)('[numpy] random spans and bounds (fast-check)', () => {
    const caseArb = fc
      .tuple(
        fc.constantFrom('int32', 'uint32', 'int64', 'uint64' as const),
        fc.bigInt({ min: 1n, max: TWO_64 }),
        fc.bigInt({ min: 0n, max: TWO_64 }),
        fc.boolean(),
        fc.option(fc.integer({ min: 0, max: 400 }), { nil: null }),
        fc.integer({ min: 0, max: 2 ** 31 }),
      )
      .map(([dtype, s, r, endpoint, size, seed]): IntegerCase => {
        const width = DTYPE_SPAN[dtype];
        const span = ((s - 1n) % width) + 1n;
        const low = DTYPE_MIN[dtype] + (r % (width - span + 1n));
        return { seed, low, high: endpoint ? low + span - 1n : low + span, size, dtype, endpoint };
      });
    checkIntegers(fc.sample(caseArb, { seed: 14, numRuns: 300 }));
  });
});

describe('shuffle and permutation against NumPy', () => {
  it.skipIf(!hasNumpy)('[numpy] the swap indices are NumPy integers(0, [n, n − 1, …, 2]) (random_bounded_uint64, Lemire)', () => {
    const sizes = [2, 3, 10, 1000, 5000];
    const expected = numpyDraws(
      'g.integers(0, np.arange(c["n"], 1, -1))',
      sizes.map((n, i) => ({ seed: 100 + i, n, words: 2 * n + 64 })),
    );
    sizes.forEach((n, i) => {
      const want = expected[i]!;
      // The permutation those swaps make, applied here to 0..n−1.
      const a = Array.from({ length: n }, (_, k) => k);
      want.values.forEach((j, step) => {
        const at = n - 1 - step;
        [a[at], a[Number(j)]] = [a[Number(j)]!, a[at]!];
      });
      const src = new ReplaySource(Uint32Array.from(want.words));
      const got = planPermutation(n).run(src) as Int32Array;
      expect(Array.from(got), `n = ${n}`).toEqual(a);
      expect(want.words[src.used]).toBe(want.next);
    });
  });

  it.skipIf(!hasNumpy)('[numpy] permutation(n) is NumPy choice(n, n, replace=False) for n > 10000 (its full tail shuffle)', () => {
    const n = 20000;
    const [want] = numpyDraws('g.choice(c["n"], c["n"], replace=False)', [{ seed: 5, n, words: 2 * n + 64 }]);
    const src = new ReplaySource(Uint32Array.from(want!.words));
    expect(strings(planPermutation(n).run(src))).toEqual(want!.values);
    expect(want!.words[src.used]).toBe(want!.next);
  });
});

interface ChoiceCase {
  seed: number;
  n: number;
  size: number | null;
  replace: boolean;
  shuffle: boolean;
  p: number[] | null;
}

function checkChoice(cases: ChoiceCase[]): void {
  const expected = numpyDraws(
    'g.choice(c["n"], c["size"], replace=c["replace"], p=(None if c["p"] is None else np.array(c["p"])), shuffle=c["shuffle"])',
    cases.map((c) => ({ ...c, words: 4 * (c.size ?? 1) * (c.p === null ? 1 : 8) + (c.n <= 100000 ? 2 * c.n : 0) + 64 })),
  );
  cases.forEach((c, i) => {
    const want = expected[i]!;
    const src = new ReplaySource(Uint32Array.from(want.words));
    const options = { replace: c.replace, shuffle: c.shuffle, ...(c.p === null ? {} : { p: c.p }) };
    const got = planChoice(c.n, c.size ?? undefined, options).run(src);
    const lending = lendingSource(Uint32Array.from(want.words));
    expect(strings(planChoice(c.n, c.size ?? undefined, options).run(lending.src))).toEqual(want.values);
    expect(lending.used()).toBe(src.used);
    const label = `choice(${c.n}, ${c.size}, replace ${c.replace}, shuffle ${c.shuffle}, p ${c.p === null ? 'none' : `[${c.p.length}]`}) seed ${c.seed}`;
    expect(strings(got), label).toEqual(want.values);
    expect(want.words[src.used], `${label}: the next word`).toBe(want.next);
  });
}

/** Probabilities NumPy accepts (summing to 1 within its tolerance), some of them 0. */
function probabilities(n: number, zeros: number, seed: number): number[] {
  const w = fc.sample(fc.double({ min: 0.001, max: 10, noNaN: true }), { seed, numRuns: n });
  for (let i = 0; i < zeros; i++) w[(i * 7) % n] = 0;
  const total = w.reduce((s, v) => s + v, 0);
  return w.map((v) => v / total);
}

describe('choice against NumPy', () => {
  it.skipIf(!hasNumpy)('[numpy] uniform with replacement, and without: Floyd (shuffled or not) and the tail shuffle, scalars and edges', () => {
    const cases: ChoiceCase[] = [];
    let seed = 1000;
    const add = (n: number, size: number | null, replace: boolean, shuffle = true): void => {
      cases.push({ seed: seed++, n, size, replace, shuffle, p: null });
    };
    for (const n of [1, 5, 1000, 2 ** 32 + 5]) for (const size of [null, 1, 7, 500]) add(n, size, true);
    for (const shuffle of [true, false]) {
      for (const [n, size] of [[1, 1], [5, 5], [5, 0], [10, 3], [1000, 1000], [10000, 5000], [10001, 200], [10001, 201], [20000, 500], [50000, 2000], [30000, 30000], [2 ** 40, 300]] as const) {
        add(n, size, false, shuffle);
      }
      add(100, null, false, shuffle);
    }
    checkChoice(cases);
  });

  it.skipIf(!hasNumpy)('[numpy] weighted without replacement (NumPy\'s rounds of cdf searches)', () => {
    const cases: ChoiceCase[] = [];
    let seed = 2000;
    for (const [n, zeros, size] of [[1, 0, 1], [5, 0, 5], [5, 2, 3], [10, 0, 1], [10, 3, 7], [50, 10, 40], [1000, 100, 900], [1000, 0, 20], [3, 1, null]] as const) {
      cases.push({ seed, n, size, replace: false, shuffle: true, p: probabilities(n, zeros, seed) });
      seed++;
    }
    // Very uneven weights: many rounds.
    const uneven = Array.from({ length: 40 }, (_, i) => 2 ** -i);
    const total = uneven.reduce((s, v) => s + v, 0);
    cases.push({ seed: seed++, n: 40, size: 30, replace: false, shuffle: true, p: uneven.map((v) => v / total) });
    checkChoice(cases);
  });
});
