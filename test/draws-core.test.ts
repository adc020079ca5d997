/**
 * The core discrete draws (integers, bernoulli, shuffle, permutation, choice, categorical): their
 * exact definitions on crafted words, checked against independent bigint arithmetic; the Generator's
 * methods (output types, the scalar fast path, async twins, refusals that leave the state as it was);
 * and the same values on every CPU backend and curand-host. NumPy's values: draws-core-numpy.test.ts;
 * frequencies: draws-core-stats.test.ts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { aliasTable } from '../src/draws/alias-table.js';
import { planBernoulli } from '../src/draws/bernoulli.js';
import { planCategorical } from '../src/draws/categorical.js';
import { planChoice } from '../src/draws/choice.js';
import { planIntegers, quickInteger } from '../src/draws/integers.js';
import { boundedUint32 } from '../src/draws/lemire.js';
import { toWeights } from '../src/draws/weights.js';
import { backendInfo, Generator } from '../src/index.js';
import type { BackendName } from '../src/types.js';
import { hasCurandHost } from './support/backends.js';
import { lendingSource } from './support/lending-source.js';
import { ReplaySource } from './support/numpy.js';

const TWO_32 = 2n ** 32n;
const TWO_64 = 2n ** 64n;

/** Lemire's method written plainly in bigints: the value and the words read, for a span m ≤ 2^64 over words of `bits` bits. */
function lemireReference(words: Uint32Array, m: bigint): { value: bigint; used: number } | null {
  const wide = m > TWO_32;
  const bits = wide ? 64n : 32n;
  const base = 1n << bits;
  if (m === 1n) return { value: 0n, used: 0 };
  let used = 0;
  const next = (): bigint => {
    if (used + (wide ? 2 : 1) > words.length) throw new RangeError('out of words');
    const hi = BigInt(words[used++]!);
    if (!wide) return hi;
    return (hi << 32n) | BigInt(words[used++]!);
  };
  if (m === base) return { value: next(), used };
  const threshold = (base - m) % m;
  try {
    for (;;) {
      const x = next() * m;
      if (x % base >= threshold) return { value: x / base, used };
    }
  } catch {
    return null; // the words ran out (fast-check likes runs of zeros, which are all rejected)
  }
}

/** The multiplicative inverse of an odd m modulo 2^k (Newton's iteration). */
function inverseOdd(m: bigint, k: bigint): bigint {
  const mod = 1n << k;
  let x = m; // correct to 3 bits for odd m
  for (let i = 0; i < 7; i++) x = (x * (2n - m * x)) % mod;
  return ((x % mod) + mod) % mod;
}

function run<R>(plan: { run(src: ReplaySource): R }, words: ArrayLike<number>): { value: R; used: number } {
  const src = new ReplaySource(Uint32Array.from(words));
  return { value: plan.run(src), used: src.used };
}

describe('integers: Lemire on crafted words', () => {
  it('span 1 reads no word, span 2^32 takes the word as is', () => {
    expect(run(planIntegers(7, 8, undefined, undefined), []).value).toBe(7);
    expect(run(planIntegers(5, 5, 3, { endpoint: true }), []).value).toEqual(new Int32Array([5, 5, 5]));
    expect(run(planIntegers(0, 2 ** 32, 2, undefined), [0xffffffff, 12345])).toEqual({ value: new Uint32Array([0xffffffff, 12345]), used: 2 });
    expect(run(planIntegers(-(2 ** 31), 2 ** 31, undefined, undefined), [0])).toEqual({ value: -(2 ** 31), used: 1 });
    expect(run(planIntegers(0n, 2n ** 64n, undefined, undefined), [1, 2])).toEqual({ value: (1n << 32n) + 2n, used: 2 });
  });

  it('matches bigint arithmetic for any 32-bit span and words (scalar, array, quick path)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 32 }), fc.uint32Array({ minLength: 40, maxLength: 40 }), (m, words) => {
        const want = lemireReference(words, BigInt(m));
        fc.pre(want !== null);
        if (want === null) return;
        expect(run({ run: (src: ReplaySource) => boundedUint32(src, m) }, words)).toEqual({ value: Number(want.value), used: want.used });
        expect(run({ run: (src: ReplaySource) => quickInteger(src, 3, 3 + m) }, words)).toEqual({ value: 3 + Number(want.value), used: want.used });
        expect(run(planIntegers(0, m, 1, undefined), words).value[0]).toBe(Number(want.value));
      }),
      { numRuns: 2000 },
    );
  });

  it('matches bigint arithmetic for any span in (2^32, 2^64] (128-bit products)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: TWO_32 + 1n, max: TWO_64 }), fc.uint32Array({ minLength: 40, maxLength: 40 }), (m, words) => {
        const want = lemireReference(words, m);
        fc.pre(want !== null);
        if (want === null) return;
        expect(run(planIntegers(0n, m, undefined, undefined), words)).toEqual({ value: want.value, used: want.used });
        const low = m <= 2n ** 63n ? -5n : 0n; // a range int64 or uint64 holds
        expect(run(planIntegers(low, m + low, 1, undefined), words).value[0]).toBe(want.value + low);
      }),
      { numRuns: 2000 },
    );
  });

  it('accepts a low half equal to the threshold and rejects one below it (32-bit spans)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: 0, max: 2 ** 32 - 1 }), (half, retry) => {
        const m = BigInt(2 * half + 1); // odd, so a word with any chosen low half exists
        const t = (TWO_32 - m) % m;
        fc.pre(t > 0n);
        const inv = inverseOdd(m, 32n);
        const wordFor = (low: bigint): number => Number((low * inv) % TWO_32);
        const at = wordFor(t);
        const below = wordFor(t - 1n);
        expect(run(planIntegers(0, Number(m), 1, undefined), [at, retry]).used).toBe(1);
        expect(run(planIntegers(0, Number(m), 1, undefined), [below, at]).used).toBe(2);
        expect(run({ run: (src: ReplaySource) => boundedUint32(src, Number(m)) }, [below, at])).toEqual({
          value: Number((BigInt(at) * m) >> 32n),
          used: 2,
        });
      }),
      { numRuns: 500 },
    );
  });

  it('accepts a low half equal to the threshold and rejects one below it (64-bit spans)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: TWO_32 / 2n, max: TWO_64 / 2n - 1n }), (half) => {
        const m = 2n * half + 1n;
        const t = (TWO_64 - m) % m;
        fc.pre(t > 0n);
        const inv = inverseOdd(m, 64n);
        const wordsFor = (low: bigint): number[] => {
          const x = (low * inv) % TWO_64;
          return [Number(x >> 32n), Number(x & 0xffffffffn)];
        };
        const at = wordsFor(t);
        expect(run(planIntegers(0n, m, undefined, undefined), [...at, 0, 0]).used).toBe(2);
        const r = run(planIntegers(0n, m, undefined, undefined), [...wordsFor(t - 1n), ...at]);
        expect(r.used).toBe(4);
        expect(r.value).toBe((((BigInt(at[0]!) << 32n) | BigInt(at[1]!)) * m) >> 64n);
      }),
      { numRuns: 500 },
    );
  });
});

describe('bulk draws read lent words exactly as word by word', () => {
  it('integers, bernoulli and choice, across block and lend boundaries and with frequent rejections', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(3, 1000, 2 ** 31 + 1, 2 ** 32 - 1, 2 ** 31 + 2 ** 30),
        fc.integer({ min: 0, max: 20000 }),
        fc.integer({ min: 0, max: 5000 }),
        fc.integer({ min: 1, max: 2 ** 31 }),
        (m, size, skip, seed) => {
          const words = Uint32Array.from(fc.sample(fc.integer({ min: 0, max: 2 ** 32 - 1 }), { seed, numRuns: 3 * size + skip + 100 }));
          const plans = [
            () => planIntegers(0, m, size, undefined),
            () => planBernoulli(m / 2 ** 32, size),
            () => planChoice(m, size, undefined),
          ];
          for (const plan of plans) {
            const replay = new ReplaySource(words);
            const lending = lendingSource(words);
            for (let i = 0; i < skip; i++) {
              replay.nextUint32();
              lending.src.nextUint32();
            }
            expect(plan().run(lending.src)).toEqual(plan().run(replay));
            expect(lending.used()).toBe(replay.used);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('bernoulli: 1 exactly when word < p·2^32', () => {
  it('at the threshold', () => {
    const one = (p: number, word: number): unknown => run(planBernoulli(p, undefined), [word]).value;
    expect([one(0.5, 2 ** 31 - 1), one(0.5, 2 ** 31)]).toEqual([1, 0]);
    expect([one(1 / 3, 1431655765), one(1 / 3, 1431655766)]).toEqual([1, 0]); // p·2^32 = 1431655765.33…
    expect([one(0, 0), one(1, 2 ** 32 - 1), one(2 ** -40, 0), one(2 ** -40, 1)]).toEqual([0, 1, 1, 0]);
    expect(run(planBernoulli(0.25, new Float32Array(3)), [0, 2 ** 30 - 1, 2 ** 30]).value).toEqual(new Float32Array([1, 1, 0]));
  });
});

describe('the alias table', () => {
  /** What a table gives each index: (prob[i] + Σ over columns aliased to i of 1 − prob[j]) / n. */
  function tableProbabilities(w: number[]): number[] {
    const table = aliasTable(toWeights(w, 'test', 'w'));
    const mass = new Array<number>(w.length).fill(0);
    for (let c = 0; c < table.n; c++) {
      mass[c]! += table.prob[c]!;
      mass[table.alias[c]!]! += 1 - table.prob[c]!;
    }
    return mass.map((v) => v / table.n);
  }

  it('gives each weight its share (to rounding) and a weight of 0 nothing', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constant(0), fc.double({ min: 1e-6, max: 1e6, noNaN: true })), { minLength: 1, maxLength: 60 }), (w) => {
        fc.pre(w.some((v) => v > 0));
        const total = w.reduce((s, v) => s + v, 0);
        const got = tableProbabilities(w);
        w.forEach((v, i) => {
          if (v === 0) expect(got[i]).toBe(0);
          else expect(Math.abs(got[i]! - v / total)).toBeLessThan(1e-13);
        });
      }),
      { numRuns: 300 },
    );
  });
});

describe('categorical: the definition', () => {
  /** Words whose nextDouble is exactly k·2^-53 … (a, b with (a >>> 5)·2^26 + (b >>> 6) = k). */
  function doubleWords(u: number): number[] {
    const k = u * 2 ** 53;
    return [Math.floor(k / 2 ** 26) * 32, (k % 2 ** 26) * 64];
  }

  it('draws the first index whose normalised cdf exceeds u', () => {
    const plan = (): ReturnType<typeof planCategorical> => planCategorical([1, 1, 2], undefined, { probs: true });
    expect(run(plan(), doubleWords(0)).value).toBe(0);
    expect(run(plan(), doubleWords(0.25 - 2 ** -53)).value).toBe(0);
    expect(run(plan(), doubleWords(0.25)).value).toBe(1);
    expect(run(plan(), doubleWords(0.5)).value).toBe(2);
    expect(run(plan(), doubleWords(1 - 2 ** -53)).value).toBe(2);
  });

  it('top-k keeps the k largest (ties to the lower index); −Infinity and dropped logits are never drawn', () => {
    const words = Array.from({ length: 2000 }, (_, i) => (i * 2654435761) >>> 0);
    const drawn = (values: number[], options: object): Set<number> => new Set(run(planCategorical(values, 1000, options), words).value as Int32Array);
    expect(drawn([1, 3, 3, 2], { topK: 1 })).toEqual(new Set([1]));
    expect(drawn([1, 3, 3, 2], { topK: 2 })).toEqual(new Set([1, 2]));
    expect(drawn([5, -Infinity, 5], {})).toEqual(new Set([0, 2]));
    expect(drawn([0.2, 0, 0.8, 0.8], { probs: true, topK: 2 })).toEqual(new Set([2, 3]));
  });

  it('a very low temperature picks the largest logit; the default is logits at temperature 1', () => {
    const words = Array.from({ length: 200 }, (_, i) => (i * 2654435761) >>> 0);
    expect(new Set(run(planCategorical(new Float32Array([0.5, 0.6, 0.1]), 100, { temperature: 1e-3 }), words).value as Int32Array)).toEqual(new Set([1]));
    expect(run(planCategorical([0, 1], 50, { temperature: 1 }), words).value).toEqual(run(planCategorical([0, 1], 50, undefined), words).value);
  });
});

describe('Generator: outputs and the scalar fast path', () => {
  it('gives the documented types', () => {
    using g = new Generator({ backend: 'ts', seed: 1 });
    expect(typeof g.integers(0, 10)).toBe('number');
    expect(typeof g.integers(0n, 10n)).toBe('bigint');
    expect(g.integers(-5, 5, 3)).toBeInstanceOf(Int32Array);
    expect(g.integers(0, 2 ** 32, 3)).toBeInstanceOf(Uint32Array);
    expect(g.integers(-1, 2 ** 31 + 1, 3)).toBeInstanceOf(Float64Array);
    expect(g.integers(0n, 10n, 3)).toBeInstanceOf(BigInt64Array);
    expect(g.integers(0n, 2n ** 64n, 3)).toBeInstanceOf(BigUint64Array);
    expect(g.integers(0, 2 ** 53, 3)).toBeInstanceOf(Float64Array);
    const out = new Uint16Array(4);
    expect(g.integers(65535, undefined, out, { endpoint: true })).toBe(out);
    expect(g.bernoulli(0.5, 4)).toBeInstanceOf(Uint8Array);
    expect(g.permutation(5)).toBeInstanceOf(Int32Array);
    expect(g.permutation(new BigInt64Array([1n, 2n]))).toBeInstanceOf(BigInt64Array);
    expect(Array.isArray(g.permutation(['a', 'b']))).toBe(true);
    expect(g.choice(10, 3)).toBeInstanceOf(Int32Array);
    expect(g.choice(new Float32Array([1, 2]), 3)).toBeInstanceOf(Float32Array);
    expect(typeof g.choice(new BigUint64Array([1n]))).toBe('bigint');
    expect(g.choice(['x'], 2)).toEqual(['x', 'x']);
    expect(g.categorical([0, 1], 2)).toBeInstanceOf(Int32Array);
    const arr = [1, 2, 3];
    expect(g.shuffle(arr)).toBe(arr);
    for (let i = 0; i < 200; i++) {
      const v = g.integers(3, 7, undefined, { endpoint: true });
      expect(v >= 3 && v <= 7).toBe(true);
      expect(g.integers(4) < 4).toBe(true);
    }
  });

  it('the quick scalar path gives what the planned one gives', () => {
    using quick = new Generator({ backend: 'ts', seed: 9 });
    using planned = new Generator({ backend: 'ts', seed: 9 });
    for (const [low, high] of [[0, 10], [-3, 2 ** 32 - 3], [2 ** 40, 2 ** 40 + 7], [5, undefined]] as const) {
      for (let i = 0; i < 300; i++) expect(quick.integers(low, high)).toBe(planned.integers(low, high, undefined, {}));
    }
    expect(quick.getState()).toEqual(planned.getState());
  });

  it('async twins give the sync values and leave the same state', async () => {
    using a = new Generator({ backend: 'ts', seed: 3 });
    using b = new Generator({ backend: 'ts', seed: 3 });
    const calls: Array<[(g: Generator) => unknown, (g: Generator) => Promise<unknown>]> = [
      [(g) => g.integers(0, 1000, 5000), (g) => g.integersAsync(0, 1000, 5000)],
      [(g) => g.integers(0n, 2n ** 64n, 100), (g) => g.integersAsync(0n, 2n ** 64n, 100)],
      [(g) => g.bernoulli(0.1, 9000), (g) => g.bernoulliAsync(0.1, 9000)],
      [(g) => g.shuffle(new Float64Array(3000).map((_, i) => i)), (g) => g.shuffleAsync(new Float64Array(3000).map((_, i) => i))],
      [(g) => g.permutation(5000), (g) => g.permutationAsync(5000)],
      [(g) => g.choice(50, 4000, { p: Array.from({ length: 50 }, (_, i) => i) }), (g) => g.choiceAsync(50, 4000, { p: Array.from({ length: 50 }, (_, i) => i) })],
      [(g) => g.choice(20000, 9000, { replace: false }), (g) => g.choiceAsync(20000, 9000, { replace: false })],
      [(g) => g.categorical([1, 2, 3, 4], 5000, { topK: 3 }), (g) => g.categoricalAsync([1, 2, 3, 4], 5000, { topK: 3 })],
    ];
    for (const [sync, async] of calls) {
      expect(await async(b)).toEqual(sync(a));
      expect(b.getState()).toEqual(a.getState());
    }
  });

  it('an async call whose output is detached meanwhile rejects and leaves the generator as it was', async () => {
    using g = new Generator({ backend: 'ts', seed: 4 });
    g.integers(0, 10);
    const before = g.getState();
    const out = new Int32Array(100000);
    const pending = g.integersAsync(0, 10, out);
    structuredClone(out.buffer, { transfer: [out.buffer] });
    await expect(pending).rejects.toThrow();
    expect(g.getState()).toEqual(before);
  });
});

describe('Generator: refusals leave the state as it was', () => {
  const bad: Array<[string, (g: Generator) => unknown, RegExp, typeof TypeError | typeof RangeError]> = [
    ['integers low ≥ high', (g) => g.integers(5, 5), /low must be below high/, RangeError],
    ['integers empty [0, 0)', (g) => g.integers(0), /low must be above 0/, RangeError],
    ['integers non-integer', (g) => g.integers(0, 2.5), /high must be an integer/, RangeError],
    ['integers string', (g) => g.integers('1' as never, 5), /low must be an integer number or a bigint/, TypeError],
    ['integers past safe', (g) => g.integers(0, 2 ** 53 + 2), /safe integer/, RangeError],
    ['integers span > 2^64', (g) => g.integers(-1n, 2n ** 64n), /int64 or uint64/, RangeError],
    ['integers out too narrow', (g) => g.integers(0, 257, new Uint8Array(4)), /out \(a Uint8Array, given as size\) cannot hold/, RangeError],
    ['integers float out', (g) => g.integers(0, 2, new Float32Array(4) as never), /takes a length or one of/, TypeError],
    ['integers endpoint', (g) => g.integers(0, 2, undefined, { endpoint: 1 as never }), /endpoint must be a boolean/, TypeError],
    ['integers option', (g) => g.integers(0, 2, undefined, { closed: true } as never), /unknown option 'closed'/, TypeError],
    ['bernoulli NaN', (g) => g.bernoulli(NaN), /p must be in \[0, 1\]/, RangeError],
    ['bernoulli 1.5', (g) => g.bernoulli(1.5, 3), /p must be in \[0, 1\]/, RangeError],
    ['bernoulli bigint out', (g) => g.bernoulli(0.5, new BigInt64Array(2) as never), /takes a length or one of/, TypeError],
    ['shuffle a number', (g) => g.shuffle(5 as never), /array must be a typed array or an Array/, TypeError],
    ['permutation -1', (g) => g.permutation(-1), /n must be an integer in \[0, /, RangeError],
    ['permutation object', (g) => g.permutation({} as never), /takes a length n or an array/, TypeError],
    ['choice k > n', (g) => g.choice(3, 4, { replace: false }), /size must be at most the population's 3/, RangeError],
    ['choice empty', (g) => g.choice([], 1), /population a is empty/, RangeError],
    ['choice NaN weight', (g) => g.choice(3, 2, { p: [1, NaN, 1] }), /p\[1\] must be a finite number ≥ 0/, RangeError],
    ['choice negative weight', (g) => g.choice(3, 2, { p: [1, -1, 1] }), /p\[1\]/, RangeError],
    ['choice infinite weight', (g) => g.choice(2, 2, { p: [1, Infinity] }), /p\[1\]/, RangeError],
    ['choice zero weights', (g) => g.choice(3, 2, { p: [0, 0, 0] }), /p must have a weight above 0/, RangeError],
    ['choice p length', (g) => g.choice(3, 2, { p: [1, 1] }), /one weight per element of the population \(3\), got 2/, RangeError],
    ['choice too few positive', (g) => g.choice(3, 3, { replace: false, p: [1, 0, 1] }), /at least size = 3 weights above 0, got 2/, RangeError],
    ['choice sum overflows', (g) => g.choice(2, 1, { p: [1e308, 1e308] }), /sum of p must be finite/, RangeError],
    ['choice replace', (g) => g.choice(3, 2, { replace: 'no' as never }), /replace must be a boolean/, TypeError],
    ['choice a', (g) => g.choice('abc' as never), /a must be a population size/, TypeError],
    ['choice JS array and out', (g) => g.choice([1, 2], new Int32Array(2) as never), /size must be a length when a is an Array/, TypeError],
    ['categorical empty', (g) => g.categorical([]), /at least one value/, RangeError],
    ['categorical NaN', (g) => g.categorical([0, NaN]), /logits\[1\] must be a finite number or −Infinity/, RangeError],
    ['categorical +Infinity', (g) => g.categorical([0, Infinity]), /logits\[1\]/, RangeError],
    ['categorical all −Infinity', (g) => g.categorical([-Infinity]), /only −Infinity/, RangeError],
    ['categorical temperature 0', (g) => g.categorical([0, 1], undefined, { temperature: 0 }), /temperature must be above 0/, RangeError],
    ['categorical temperature with probs', (g) => g.categorical([0.5, 0.5], undefined, { probs: true, temperature: 2 }), /temperature applies to logits/, RangeError],
    ['categorical topK 0', (g) => g.categorical([0, 1], undefined, { topK: 0 }), /topK must be an integer in \[1, 2\]/, RangeError],
    ['categorical topK 1.5', (g) => g.categorical([0, 1], undefined, { topK: 1.5 }), /topK must be an integer/, RangeError],
    ['categorical probs negative', (g) => g.categorical([0.5, -0.5], undefined, { probs: true }), /probs\[1\]/, RangeError],
    ['categorical string logit', (g) => g.categorical([0, 'a'] as never), /logits\[1\] must be a number/, TypeError],
  ];

  it.each(bad)('%s', (_, call, message, Type) => {
    using g = new Generator({ backend: 'ts', seed: 11 });
    g.integers(0, 10); // some words buffered
    const before = g.getState();
    expect(() => call(g)).toThrow(Type);
    expect(() => call(g)).toThrow(message);
    expect(g.getState()).toEqual(before);
  });

  it('async twins reject the same way, before anything is read', async () => {
    using g = new Generator({ backend: 'ts', seed: 11 });
    const before = g.getState();
    await expect(g.integersAsync(5, 5, 3)).rejects.toThrow(RangeError);
    await expect(g.choiceAsync(3, 4, { replace: false })).rejects.toThrow(/at most the population/);
    await expect(g.categoricalAsync([], 3)).rejects.toThrow(RangeError);
    await expect(g.bernoulliAsync(2, 3)).rejects.toThrow(RangeError);
    expect(g.getState()).toEqual(before);
  });

  it('the quick path refuses what the plan refuses (disposed, busy, other receiver)', async () => {
    const g = new Generator({ backend: 'ts', seed: 1 });
    const pending = g.integersAsync(0, 10, 5);
    expect(() => g.integers(0, 10)).toThrow(/still running/);
    await pending;
    const { integers } = g;
    expect(() => integers(0, 10)).toThrow(/not a Generator/);
    g.dispose();
    expect(() => g.integers(0, 10)).toThrow(/disposed/);
  });
});

const info = backendInfo();
const CPU_BACKENDS = (['ts', 'wasm', 'simd'] as BackendName[]).filter((b) => info.backends[b].available);

/** A mix of cuRAND calls and the new draws, as one JSON string. */
function mixedCalls(g: Generator): string {
  const results: unknown[] = [];
  results.push(g.integers(0, 10), g.integers(-1000, 1000, 37), Array.from(g.uint32(5)));
  results.push(g.integers(0n, 2n ** 64n, 3), g.integers(0, 2 ** 53, 4), g.bernoulli(0.3, 50), g.random());
  results.push(g.shuffle(Array.from({ length: 30 }, (_, i) => i)), g.permutation(100), Array.from(g.uniform(3)));
  results.push(g.choice(1000, 20, { replace: false }), g.choice(20000, 800, { replace: false }), g.choice(7, 40, { p: [1, 2, 3, 0, 1, 2, 3] }));
  results.push(g.choice(10, 5, { replace: false, p: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] }), g.categorical([0.1, 2, -1, 3], 40, { topK: 3, temperature: 0.7 }));
  results.push(g.integers(0, 3), g.bernoulli(0.5));
  return JSON.stringify(results, (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<unknown>) : v));
}

describe('every backend gives the same draws', () => {
  it.each(['philox4x32-10', 'xorwow', 'mtgp32', 'mrg32k3a', 'mt19937'] as const)('%s on ts, wasm, simd', (algorithm) => {
    const results = CPU_BACKENDS.map((backend) => {
      using g = new Generator({ backend, algorithm, seed: 2024n });
      return mixedCalls(g);
    });
    for (const r of results) expect(r).toBe(results[0]);
  });

  it.skipIf(!hasCurandHost).each(['philox4x32-10', 'xorwow', 'mtgp32'] as const)('[curand-host] %s: curand-host gives the ts values', (algorithm) => {
    using ts = new Generator({ backend: 'ts', algorithm, seed: 77n });
    using host = new Generator({ backend: 'curand-host', algorithm, seed: 77n });
    expect(mixedCalls(host)).toBe(mixedCalls(ts));
  });

  it('a state saved between new draws resumes them exactly, on another backend too', () => {
    using g = new Generator({ backend: CPU_BACKENDS[CPU_BACKENDS.length - 1]!, seed: 5n });
    g.integers(0, 7, 13);
    g.choice(100, 3, { replace: false });
    const saved = JSON.stringify(g.getState());
    const after = mixedCalls(g);
    for (const backend of CPU_BACKENDS) {
      using r = Generator.fromState(saved, { backend });
      expect(mixedCalls(r)).toBe(after);
    }
  });
});

describe('shuffling floats moves their bits', () => {
  it('a Float32Array of signalling NaNs and other payloads comes out with the same bits on every CPU backend', () => {
    const bits = Uint32Array.from({ length: 5000 }, (_, i) => (i % 3 === 0 ? 0x7f800001 + i : i % 3 === 1 ? 0xffa00000 + i : 0x3f800000 + i));
    const results = (['ts', 'wasm', 'simd'] as const).map((backend) => {
      const g = new Generator({ backend, seed: 77n });
      const a = new Float32Array(bits.slice().buffer);
      g.shuffle(a);
      return new Uint32Array(a.buffer);
    });
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
    expect([...results[0]!].sort((x, y) => x - y)).toEqual([...bits].sort((x, y) => x - y));
  });
});
