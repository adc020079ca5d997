/**
 * The addon's draw kernels (binding.drawKernels, native/draw_kernels.cc) as the binding exposes them:
 * each kernel this CPU runs against the loops' contract written out plainly here (NumPy's next_double
 * and next_float, w < p·2^32, Lemire's method, Fisher–Yates; a place that stops before a value whose
 * words run out), on arrays of exactly the length a call may touch, so that the sanitizer build
 * (npm run test:asan) sees any read or write past them; then every wrong argument, in a child
 * process: a TypeError naming the call, nothing written, no crash. draw-kernels.test.ts checks the
 * kernels against the TypeScript draws.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { NATIVE_CPU_KERNEL } from '../src/native/binding-types.js';
import { binding, hasAddon, runNode } from './native-support.js';

if (!hasAddon) console.warn('\n!!! [simd] native draw kernel tests are SKIPPED: no native addon\n');

const TWO_32 = 4294967296;
const KERNELS = hasAddon ? binding().cpuKernels.available.map((name) => [name, NATIVE_CPU_KERNEL[name]] as const) : [];

/** Lemire's method on words from `k` for span m: [offset, words read], or null when the words run out first. */
function lemire(words: Uint32Array, k: number, m: number): [number, number] | null {
  const t = (TWO_32 - m) % m;
  for (let s = k; s < words.length; s++) {
    const x = BigInt(words[s]!) * BigInt(m);
    if (Number(x % BigInt(TWO_32)) >= t) return [Number(x / BigInt(TWO_32)), s + 1 - k];
  }
  return null;
}

/** Words with runs of small ones (0 is rejected for every span but a power of two). */
const wordsArb = (max: number): fc.Arbitrary<Uint32Array> =>
  fc
    .array(fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 0, max: TWO_32 - 1 }) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 3 }) }), { maxLength: max })
    .map((list) => Uint32Array.from(list));

const spanArb = fc.oneof(fc.integer({ min: 2, max: 300 }), fc.constantFrom(3, 10, 1000, 2 ** 31 + 1, 2 ** 32 - 1), fc.integer({ min: 2, max: TWO_32 - 1 }));

describe.runIf(hasAddon).each(KERNELS)('native draw kernel %s', (_name, id) => {
  it('unitDoubles and unitFloats: NumPy next_double and next_float, the words at `at`, the values at `from`', () => {
    fc.assert(
      fc.property(wordsArb(600), fc.nat(), fc.nat(), (words, a, f) => {
        const draws = binding().drawKernels;
        const at = a % (words.length + 1);
        const count = (words.length - at) >> 1;
        const from = f % 5;
        const out = new Float64Array(from + count);
        draws.unitDoubles(id, words, at, out, from, count);
        for (let k = 0; k < count; k++) {
          expect(out[from + k]).toBe(((words[at + 2 * k]! >>> 5) * 67108864 + (words[at + 2 * k + 1]! >>> 6)) / 2 ** 53);
        }
        const floats = new Float32Array(from + words.length - at);
        draws.unitFloats(id, words, at, floats, from, words.length - at);
        for (let k = 0; k < words.length - at; k++) expect(floats[from + k]).toBe((words[at + k]! >>> 8) / 2 ** 24);
      }),
      { numRuns: 100 },
    );
  });

  it('bernoulli: 1 exactly when the word is below p·2^32, into every number type', () => {
    const types = [Uint8Array, Int8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array, Float32Array, Float64Array];
    fc.assert(
      fc.property(wordsArb(300), fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(0, 1, 0.5)), fc.nat({ max: types.length - 1 }), (words, p, type) => {
        const threshold = p * TWO_32;
        // Some words right at the threshold.
        for (let k = 0; k < words.length; k += 7) words[k] = Math.min(TWO_32 - 1, Math.max(0, Math.floor(threshold) + (k % 3) - 1));
        const out = new types[type]!(words.length);
        binding().drawKernels.bernoulli(id, words, 0, threshold, out, 0, words.length);
        for (let k = 0; k < words.length; k++) expect(out[k]).toBe(words[k]! < threshold ? 1 : 0);
      }),
      { numRuns: 100 },
    );
  });

  it('bounded32: Lemire from place[0] into out[place[1]…to), stopping before a value whose words run out', () => {
    fc.assert(
      fc.property(wordsArb(400), spanArb, fc.nat(), fc.nat(), fc.integer({ min: -(2 ** 40), max: 2 ** 40 }), (words, m, k0, i0, base) => {
        const to = 300;
        const place = Float64Array.of(k0 % (words.length + 1), i0 % 40);
        const out = new Float64Array(to).fill(-1);
        const expected = out.slice();
        let k = place[0]!;
        let i = place[1]!;
        for (; i < to; i++) {
          const drawn = lemire(words, k, m);
          if (drawn === null) break;
          expected[i] = base + drawn[0];
          k += drawn[1];
        }
        binding().drawKernels.bounded32(id, words, m, (TWO_32 - m) % m, base, out, to, place);
        expect(Array.from(out)).toEqual(Array.from(expected));
        expect(Array.from(place)).toEqual([k, i]);
        // Integer arrays keep the value's low bits: the same values as an Int32Array / Uint32Array holds them.
        if (m <= 2 ** 31) {
          const ints = new Int32Array(to);
          const again = Float64Array.of(k0 % (words.length + 1), i0 % 40);
          const start = again[1]!;
          binding().drawKernels.bounded32(id, words, m, (TWO_32 - m) % m, -(2 ** 31), ints, to, again);
          for (let j = start; j < i; j++) expect(ints[j]).toBe(expected[j]! - base - 2 ** 31);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('shuffle: Fisher–Yates steps from place[1] down to first, stopping before a step whose words run out', () => {
    fc.assert(
      fc.property(wordsArb(400), fc.integer({ min: 1, max: 300 }), fc.nat(), fc.nat(), fc.constantFrom(1, 2, 4, 8), (words, n, f, k0, bytes) => {
        const first = 1 + (f % n);
        const Type = { 1: Uint8Array, 2: Uint16Array, 4: Float32Array, 8: BigInt64Array }[bytes]!;
        const array = new Type(n).map((_: unknown, j: number) => (bytes === 8 ? BigInt(j) : j) as never) as Uint8Array;
        const expected = Array.from(array as ArrayLike<number>);
        const place = Float64Array.of(k0 % (words.length + 1), n - 1);
        let k = place[0]!;
        let i = n - 1;
        for (; i >= first; i--) {
          const drawn = lemire(words, k, i + 1);
          if (drawn === null) break;
          [expected[i], expected[drawn[0]]] = [expected[drawn[0]]!, expected[i]!];
          k += drawn[1];
        }
        binding().drawKernels.shuffle(id, words, array, first, place);
        expect(Array.from(array as ArrayLike<number>)).toEqual(expected);
        expect(Array.from(place)).toEqual([k, i]);
      }),
      { numRuns: 150 },
    );
  });
});

describe.runIf(hasAddon)('native draw kernels refuse wrong arguments', () => {
  it('every wrong argument throws a TypeError naming the call, writes nothing, and never crashes (child process)', () => {
    const result = runNode(`
      import { createRequire } from 'node:module';
      const require = createRequire(process.cwd() + '/');
      const d = require(process.env.NODE_CURAND_ADDON).drawKernels;
      const words = new Uint32Array(16).fill(7);
      const detached = new Uint32Array(16);
      structuredClone(detached.buffer, { transfer: [detached.buffer] });
      const cases = [];
      const check = (label, out, call) => {
        const before = out.slice();
        let error = null;
        try { call(); } catch (e) { error = e; }
        const same = out.every((v, i) => Object.is(v, before[i]));
        cases.push({ label, type: error?.constructor.name ?? null, message: error?.message ?? null, same });
      };
      const f64 = () => new Float64Array(8).fill(-1);
      const place = (w, v) => Float64Array.of(w, v);
      for (const [label, args] of [
        ['kernel -1', [-1, words, 0, f64(), 0, 1]], ['kernel 9', [9, words, 0, f64(), 0, 1]], ['kernel string', ['0', words, 0, f64(), 0, 1]],
        ['words Int32Array', [0, new Int32Array(16), 0, f64(), 0, 1]], ['words array', [0, [1, 2], 0, f64(), 0, 1]],
        ['out Float32Array', [0, words, 0, new Float32Array(8), 0, 1]], ['at -1', [0, words, -1, f64(), 0, 1]], ['at NaN', [0, words, NaN, f64(), 0, 1]],
        ['at 0.5', [0, words, 0.5, f64(), 0, 1]], ['at past words', [0, words, 17, f64(), 0, 0]], ['words run out', [0, words, 1, f64(), 0, 8]],
        ['from past out', [0, words, 0, f64(), 9, 0]], ['count past out', [0, words, 0, f64(), 1, 8]], ['count Infinity', [0, words, 0, f64(), 0, Infinity]],
        ['detached words', [0, detached, 0, f64(), 0, 1]], ['too few arguments', [0, words, 0]],
      ]) { const out = args[3] instanceof Float64Array ? args[3] : f64(); check('unitDoubles: ' + label, out, () => d.unitDoubles(...args)); }
      const f32 = new Float32Array(4);
      check('unitFloats: out Float64Array', f32, () => d.unitFloats(0, words, 0, new Float64Array(4), 0, 4));
      check('unitFloats: words run out', f32, () => d.unitFloats(0, words, 13, f32, 0, 4));
      for (const [label, threshold, out, count] of [
        ['threshold -1', -1, new Uint8Array(4), 4], ['threshold NaN', NaN, new Uint8Array(4), 4], ['threshold past 2^32', 2 ** 32 + 1, new Uint8Array(4), 4],
        ['out BigInt64Array', 1, new BigInt64Array(4), 4], ['count past out', 1, new Uint8Array(4), 5], ['words run out', 1, new Uint8Array(20), 17],
      ]) check('bernoulli: ' + label, out, () => d.bernoulli(0, words, 0, threshold, out, 0, count));
      for (const [label, m, t, base, out, to, p] of [
        ['m 1', 1, 0, 0, f64(), 8, place(0, 0)], ['m 2^32', 2 ** 32, 0, 0, f64(), 8, place(0, 0)], ['m NaN', NaN, 0, 0, f64(), 8, place(0, 0)],
        ['t = m', 10, 10, 0, f64(), 8, place(0, 0)], ['base 0.5', 10, 6, 0.5, f64(), 8, place(0, 0)], ['base 2^53', 10, 6, 2 ** 53, f64(), 8, place(0, 0)],
        ['base NaN', 10, 6, NaN, f64(), 8, place(0, 0)], ['out Float32Array', 10, 6, 0, new Float32Array(8), 8, place(0, 0)],
        ['out BigUint64Array', 10, 6, 0, new BigUint64Array(8), 8, place(0, 0)], ['to past out', 10, 6, 0, f64(), 9, place(0, 0)],
        ['place Float32Array', 10, 6, 0, f64(), 8, new Float32Array(2)], ['place of 1', 10, 6, 0, f64(), 8, new Float64Array(1)],
        ['place word past words', 10, 6, 0, f64(), 8, place(17, 0)], ['place value past to', 10, 6, 0, f64(), 4, place(0, 5)],
        ['place word -1', 10, 6, 0, f64(), 8, place(-1, 0)], ['place value NaN', 10, 6, 0, f64(), 8, place(0, NaN)], ['place word 0.5', 10, 6, 0, f64(), 8, place(0.5, 0)],
      ]) check('bounded32: ' + label, out, () => d.bounded32(0, words, m, t, base, out, to, p));
      for (const [label, array, first, p] of [
        ['first 0', f64(), 0, place(0, 7)], ['first -1', f64(), -1, place(0, 7)], ['first 2^32', f64(), 2 ** 32, place(0, 7)],
        ['step past array', f64(), 1, place(0, 8)], ['place word past words', f64(), 1, place(17, 7)], ['array not typed', [1, 2, 3], 1, place(0, 2)],
        ['place not typed', f64(), 1, [0, 7]],
      ]) check('shuffle: ' + label, Array.isArray(array) ? f64() : array, () => d.shuffle(0, words, array, first, p));
      // Detached or empty arrays: a step can only be refused, nothing touched.
      const gone = new Float64Array(8);
      structuredClone(gone.buffer, { transfer: [gone.buffer] });
      check('shuffle: detached array', f64(), () => d.shuffle(0, words, gone, 1, place(0, 7)));
      const u32 = () => new Uint32Array(8).fill(9);
      const thresholds = Float64Array.of(0.5, 0.25, 0);
      const aliases = Int32Array.of(1, 0, 0);
      for (const [label, out, at, count, shift, threshold, alias] of [
        ['out Float64Array', f64(), 0, 4, 0, thresholds, aliases], ['words run out', u32(), 14, 4, 0, thresholds, aliases],
        ['count past out', u32(), 0, 9, 0, thresholds, aliases], ['shift -1', u32(), 0, 4, -1, thresholds, aliases],
        ['shift 2^32', u32(), 0, 4, 2 ** 32, thresholds, aliases], ['threshold Float32Array', u32(), 0, 4, 0, new Float32Array(3), aliases],
        ['alias Uint32Array', u32(), 0, 4, 0, thresholds, new Uint32Array(3)], ['alias shorter', u32(), 0, 4, 0, thresholds, Int32Array.of(1, 0)],
        ['one entry', u32(), 0, 4, 0, Float64Array.of(1), Int32Array.of(0)], ['alias missing', u32(), 0, 4, 0, thresholds, undefined],
      ]) check('poissonHistogram: ' + label, out, () => d.poissonHistogram(0, words, at, out, 0, count, shift, threshold, alias, false));
      const centredOut = u32();
      check('poissonHistogram: centred missing', centredOut, () => d.poissonHistogram(0, words, 0, centredOut, 0, 4, 0, thresholds, aliases));
      for (const [label, out, count, cdf] of [
        ['cdf empty', u32(), 4, new Float64Array(0)], ['cdf Int32Array', u32(), 4, new Int32Array(4)], ['cdf missing', u32(), 4, undefined],
        ['count past out', u32(), 9, Float64Array.of(0.5, 1)], ['out Int32Array', new Int32Array(8), 4, Float64Array.of(0.5, 1)],
      ]) check('poissonCumulative: ' + label, out, () => d.poissonCumulative(0, words, 0, out, 0, count, 0, cdf));
      console.log(JSON.stringify(cases));
    `);
    expect(result.signal).toBeNull();
    expect(result.status, result.stderr).toBe(0);
    const cases = JSON.parse(result.stdout.trim().split('\n').at(-1)!) as Array<{ label: string; type: string | null; message: string | null; same: boolean }>;
    expect(cases.length).toBeGreaterThan(40);
    for (const c of cases) {
      expect(c.type, c.label).toBe('TypeError');
      expect(c.message, c.label).toMatch(new RegExp(`^${c.label.split(':')[0]}\\(kernel, words`));
      expect(c.same, `${c.label}: nothing written`).toBe(true);
    }
  });

  it('calls that touch nothing are fine: no values, a place already at its end, a step below first', () => {
    const d = binding().drawKernels;
    const words = new Uint32Array(0);
    const out = new Float64Array(0);
    d.unitDoubles(0, words, 0, out, 0, 0);
    d.unitFloats(0, words, 0, new Float32Array(0), 0, 0);
    d.bernoulli(0, words, 0, 0.5, new Uint8Array(0), 0, 0);
    const place = Float64Array.of(0, 3);
    d.bounded32(0, words, 10, 6, 0, new Int32Array(5), 5, place);
    expect(Array.from(place)).toEqual([0, 3]);
    const array = Float64Array.of(1, 2, 3);
    d.shuffle(0, Uint32Array.of(5, 6), array, 3, Float64Array.of(0, 2));
    expect(Array.from(array)).toEqual([1, 2, 3]);
    d.poissonHistogram(0, words, 0, new Uint32Array(0), 0, 0, 0, Float64Array.of(1, 0), Int32Array.of(0, 0), false);
    d.poissonCumulative(0, words, 0, new Uint32Array(0), 0, 0, 0, Float64Array.of(1));
  });

  it("Poisson's table lookups: the spare cell at u = 1, the alias below a cell's threshold, the cumulative search's ends", () => {
    const d = binding().drawKernels;
    // cells 2: u in (0, 0.5) is cell 0, [0.5, 1) cell 1, u = 1 the spare cell 2 (threshold 0: its alias).
    const words = Uint32Array.of(0, 2 ** 30 - 1, 2 ** 30, 2 ** 31 - 1, 2 ** 31, 0xc0000000, 2 ** 32 - 1, 5, 6);
    const out = new Uint32Array(words.length);
    for (const id of binding().cpuKernels.available.map((name) => NATIVE_CPU_KERNEL[name])) {
      // threshold[0] = 0.25: u < 0.25 keeps 0, else alias 7; threshold[1] = 0.75: u < 0.75 keeps 1, else alias 9.
      d.poissonHistogram(id, words, 0, out, 0, words.length, 100, Float64Array.of(0.25, 0.75, 0), Int32Array.of(7, 9, 3), false);
      expect(Array.from(out)).toEqual([100, 107, 107, 101, 101, 109, 103, 100, 100]);
      // Centred, u = (x + 0.5)·2^-32 < 1: 2^30 − 1 now keeps cell 0 (u < 0.25), 2^31 − 1 falls in cell 0
      // (2u < 1) and takes its alias, 2^32 − 1 reads cell 1, never the spare cell.
      d.poissonHistogram(id, words, 0, out, 0, words.length, 100, Float64Array.of(0.25, 0.75, 0), Int32Array.of(7, 9, 3), true);
      expect(Array.from(out)).toEqual([100, 100, 107, 107, 101, 109, 109, 100, 100]);
      // First i in [0, 2) with cdf[i] >= u, else 2.
      d.poissonCumulative(id, words, 0, out, 0, words.length, 10, Float64Array.of(0.25, 0.5, 0.75));
      expect(Array.from(out)).toEqual([10, 10, 11, 11, 12, 12, 12, 10, 10]);
    }
  });
});
