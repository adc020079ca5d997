/**
 * The core discrete draws' frequencies, with fixed seeds: Pearson's chi-square against the exact
 * probabilities, failing below a p-value of 10^-6 (support/chi-square.ts), so a failure is a bug and
 * not bad luck. Bias at awkward spans (3, 10, 2^31 + 1, 2^32 − 1, 2^53: the leading buckets and the
 * low residues), the permutations of small arrays, weighted and unweighted choices, categorical.
 */
import { describe, expect, it } from 'vitest';

import { backendInfo, Generator } from '../src/index.js';
import { chiSquare, FALSE_ALARM, uniformCells } from './support/chi-square.js';

const BACKEND = backendInfo().backends.simd.available ? 'simd' : 'ts';

function generator(seed: number): Generator {
  return new Generator({ backend: BACKEND, seed: BigInt(seed) });
}

function expectFits(observed: ArrayLike<number>, probabilities: ArrayLike<number>, label: string): void {
  const r = chiSquare(observed, probabilities);
  expect(r.pValue, `${label}: χ² = ${r.statistic.toFixed(1)} on ${r.df} df`).toBeGreaterThan(FALSE_ALARM);
}

const BINS = 1024;

/** P(⌊v·BINS/m⌋ = b) for v uniform in [0, m): bucket sizes ⌈(b+1)m/BINS⌉ − ⌈bm/BINS⌉, over m. */
function bucketProbabilities(m: number): Float64Array {
  const M = BigInt(m);
  const B = BigInt(BINS);
  const ceilDiv = (a: bigint): bigint => (a + B - 1n) / B;
  return Float64Array.from({ length: BINS }, (_, b) => Number(ceilDiv(BigInt(b + 1) * M) - ceilDiv(BigInt(b) * M)) / m);
}

/** P(v mod BINS = r) for v uniform in [0, m). */
function residueProbabilities(m: number): Float64Array {
  return Float64Array.from({ length: BINS }, (_, r) => (r < m ? Math.floor((m - 1 - r) / BINS) + 1 : 0) / m);
}

describe('integers: no bias at awkward spans', () => {
  it.each([3, 10])('span %i: every value equally often', (m) => {
    using g = generator(m);
    const counts = new Float64Array(m);
    for (const v of g.integers(0, m, 1 << 21)) counts[v]!++;
    expectFits(counts, uniformCells(m), `span ${m}`);
  });

  it.each([2 ** 31 + 1, 2 ** 32 - 1, 2 ** 53])('span %i: the leading buckets and the low residues', (m) => {
    using g = generator(m % 1000);
    const values = g.integers(0, m, 1 << 21);
    const buckets = new Float64Array(BINS);
    const residues = new Float64Array(BINS);
    // v·BINS/m is exact below 2^53, and for m = 2^53 the division by a power of 2 is.
    for (const v of values) {
      buckets[m === 2 ** 53 ? Math.floor(v / 2 ** 43) : Math.floor((v * BINS) / m)]!++;
      residues[v % BINS]!++;
    }
    expectFits(buckets, bucketProbabilities(m), `span ${m}, buckets`);
    expectFits(residues, residueProbabilities(m), `span ${m}, residues`);
  });

  it('the scalar path too (span 10)', () => {
    using g = generator(10);
    const counts = new Float64Array(10);
    for (let i = 0; i < 300000; i++) counts[g.integers(10)]!++;
    expectFits(counts, uniformCells(10), 'scalar span 10');
  });
});

describe('bernoulli', () => {
  it.each([0.3, 1e-3, 0.5])('p = %d: P(1) = ⌈p·2^32⌉ / 2^32', (p) => {
    using g = generator(7);
    let ones = 0;
    for (const v of g.bernoulli(p, 1 << 22)) ones += v;
    const q = Math.ceil(p * 2 ** 32) / 2 ** 32;
    expectFits([(1 << 22) - ones, ones], [1 - q, q], `p = ${p}`);
  });
});

/** The rank of a permutation of 0..n−1 among the n! (its Lehmer code). */
function lehmer(a: ArrayLike<number>): number {
  const n = a.length;
  let rank = 0;
  for (let i = 0; i < n; i++) {
    let smaller = 0;
    for (let j = i + 1; j < n; j++) if (a[j]! < a[i]!) smaller++;
    rank = rank * (n - i) + smaller;
  }
  return rank;
}

const FACTORIAL = [1, 1, 2, 6, 24, 120];

describe('shuffle and permutation: every order equally likely', () => {
  it.each([3, 4, 5])('n = %i, by shuffle (typed and JS arrays) and by permutation', (n) => {
    using g = generator(n);
    const cells = FACTORIAL[n]!;
    const draws = cells * 2000;
    const byShuffle = new Float64Array(cells);
    const byList = new Float64Array(cells);
    const byPermutation = new Float64Array(cells);
    const a = new Int32Array(n);
    for (let t = 0; t < draws; t++) {
      for (let i = 0; i < n; i++) a[i] = i;
      byShuffle[lehmer(g.shuffle(a))]!++;
      byList[lehmer(g.shuffle(Array.from({ length: n }, (_, i) => i)))]!++;
      byPermutation[lehmer(g.permutation(n))]!++;
    }
    expectFits(byShuffle, uniformCells(cells), `shuffle, n = ${n}`);
    expectFits(byList, uniformCells(cells), `shuffle of JS arrays, n = ${n}`);
    expectFits(byPermutation, uniformCells(cells), `permutation, n = ${n}`);
  });
});

describe('choice', () => {
  it('uniform with replacement', () => {
    using g = generator(21);
    const counts = new Float64Array(7);
    for (const v of g.choice(7, 1 << 20)) counts[v]!++;
    expectFits(counts, uniformCells(7), 'choice(7)');
  });

  it('weighted with replacement (the alias method): each index its share, a weight of 0 never', () => {
    using g = generator(22);
    const p = [0.1, 0.2, 0, 0.3, 0.05, 0.35];
    const counts = new Float64Array(p.length);
    for (const v of g.choice(p.length, 1 << 21, { p })) counts[v]!++;
    expect(counts[2]).toBe(0);
    expectFits(counts, p, 'alias, 6 weights');

    const w = Array.from({ length: 200 }, (_, i) => ((i * 7919) % 97) + (i % 5 === 0 ? 0 : 0.5));
    const total = w.reduce((s, v) => s + v, 0);
    const many = new Float64Array(w.length);
    for (const v of g.choice(w.length, 1 << 21, { p: w })) many[v]!++;
    expectFits(many, w.map((v) => v / total), 'alias, 200 weights');
  });

  it('uniform without replacement: every ordered sample equally likely (Floyd, then shuffled); every subset without the shuffle', () => {
    using g = generator(23);
    const n = 6;
    const ordered = new Float64Array(n * n * n);
    const subsets = new Float64Array(1 << n);
    for (let t = 0; t < 120 * 1500; t++) {
      const s = g.choice(n, 3, { replace: false });
      ordered[(s[0]! * n + s[1]!) * n + s[2]!]!++;
      const u = g.choice(n, 3, { replace: false, shuffle: false });
      subsets[(1 << u[0]!) | (1 << u[1]!) | (1 << u[2]!)]!++;
    }
    const orderedP = Float64Array.from(ordered, (_, i) => {
      const [a, b, c] = [Math.floor(i / 36), Math.floor(i / 6) % 6, i % 6];
      return a !== b && b !== c && a !== c ? 1 / 120 : 0;
    });
    const subsetP = Float64Array.from(subsets, (_, mask) => (mask.toString(2).split('1').length - 1 === 3 ? 1 / 20 : 0));
    expectFits(ordered, orderedP, 'ordered samples');
    expectFits(subsets, subsetP, 'subsets');
  });

  it('weighted without replacement: ordered pairs with probability p_i · p_j / (1 − p_i)', () => {
    using g = generator(24);
    const p = [0.1, 0.2, 0.3, 0.4];
    const counts = new Float64Array(16);
    for (let t = 0; t < 200000; t++) {
      const s = g.choice(4, 2, { replace: false, p });
      counts[s[0]! * 4 + s[1]!]!++;
    }
    const expected = Float64Array.from(counts, (_, c) => {
      const [i, j] = [Math.floor(c / 4), c % 4];
      return i === j ? 0 : (p[i]! * p[j]!) / (1 - p[i]!);
    });
    expectFits(counts, expected, 'ordered pairs');
  });
});

describe('categorical', () => {
  function softmax(x: number[], temperature: number, keep: number[]): number[] {
    const e = x.map((v, i) => (keep.includes(i) ? Math.exp(v / temperature) : 0));
    const total = e.reduce((s, v) => s + v, 0);
    return e.map((v) => v / total);
  }

  it('logits with temperature and top-k, and probabilities', () => {
    using g = generator(25);
    const logits = [0, 1, 2, -1, 0.5, -Infinity];
    const cases: Array<[object, number[]]> = [
      [{}, softmax(logits, 1, [0, 1, 2, 3, 4])],
      [{ temperature: 0.7 }, softmax(logits, 0.7, [0, 1, 2, 3, 4])],
      [{ temperature: 2, topK: 3 }, softmax(logits, 2, [1, 2, 4])],
    ];
    for (const [options, expected] of cases) {
      const counts = new Float64Array(logits.length);
      for (const v of g.categorical(logits, 1 << 20, options)) counts[v]!++;
      expectFits(counts, expected, `categorical ${JSON.stringify(options)}`);
    }
    const probs = [0.5, 0, 0.25, 0.25];
    const counts = new Float64Array(4);
    for (const v of g.categorical(new Float32Array(probs), 1 << 20, { probs: true })) counts[v]!++;
    expectFits(counts, probs, 'categorical probs');
  });
});
