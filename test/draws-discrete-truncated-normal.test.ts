import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Generator } from '../src/index.js';
import { ERFC_COEFFICIENT_BITS, erfc } from '../src/math/erfc.js';
import { expFma } from '../src/math/exp.js';
import { normalCdf, normalQuantile, planTruncatedNormal } from '../src/draws/truncated-normal.js';
import { ksCriticalDistance } from './support/chi-square.js';
import { hasNumpy, ReplaySource, runNumpy } from './support/numpy.js';

/**
 * truncatedNormal(lower, upper, size?, { mean, std }) (docs/draws-discrete.md): its Φ is glibc's
 * erfc, checked bit for bit against this machine's libm; its distribution is checked by
 * Kolmogorov–Smirnov against the truncated normal CDF Python computes with math.erfc; its edges
 * (far tails, infinite bounds, the redraw, refusals) by construction.
 */

function bitsOf(x: number): string {
  const b = new Float64Array([x]);
  return new BigUint64Array(b.buffer)[0]!.toString(16).padStart(16, '0');
}

describe('erfc (src/math/erfc.ts): glibc 2.36 bit for bit', () => {
  it('every coefficient parses to the bit pattern fdlibm prints beside it', () => {
    for (const [value, bits] of ERFC_COEFFICIENT_BITS) expect(bitsOf(value)).toBe(bits);
  });

  it('[numpy] equals math.erfc (glibc\'s erfc) on 60 000 inputs over every branch, and at the branch points', () => {
    const near = (x: number) => [x, -x, x * (1 + 2 ** -52), x * (1 - 2 ** -53), -x * (1 + 2 ** -52), -x * (1 - 2 ** -53)];
    const inputs = [
      0, -0, Infinity, -Infinity, 2 ** -56, 2 ** -57, 1e-300, 5e-324,
      ...[0.25, 0.84375, 1.25, 1 / 0.35, 2.857142857142857, 6, 28].flatMap(near),
      ...fc.sample(fc.double({ min: -1.5, max: 1.5, noNaN: true }), { numRuns: 15_000, seed: 1 }),
      ...fc.sample(fc.double({ min: -7, max: 7, noNaN: true }), { numRuns: 15_000, seed: 2 }),
      ...fc.sample(fc.double({ min: 0, max: 28.5, noNaN: true }), { numRuns: 20_000, seed: 3 }),
      ...fc.sample(fc.double({ min: -40, max: 40, noNaN: true }), { numRuns: 10_000, seed: 4 }),
    ];
    // Non-finite values travel as strings (JSON has no Infinity).
    const want = runNumpy<string[]>('out = [math.erfc(float(x)).hex() for x in inp]', inputs.map((x) => (Number.isFinite(x) ? x : String(x))));
    const fromHex = (h: string): number => {
      if (h === 'inf') return Infinity;
      const m = /^(-?)0x([01])\.([0-9a-f]*)p([+-]\d+)$/.exec(h)!;
      const mantissa = Number.parseInt(m[2]! + m[3]!, 16) / 16 ** m[3]!.length;
      return (m[1] === '-' ? -1 : 1) * mantissa * 2 ** Number(m[4]);
    };
    let mismatches = 0;
    inputs.forEach((x, i) => {
      if (!Object.is(erfc(x, expFma), fromHex(want[i]!))) mismatches++;
    });
    expect(mismatches).toBe(0);
    expect(Number.isNaN(erfc(NaN, expFma))).toBe(true);
  });

  it('Φ and Φ⁻¹: the tails hold their relative precision, and Φ⁻¹(Φ(x)) ≈ x', () => {
    expect(normalCdf(-Infinity)).toBe(0);
    expect(normalCdf(Infinity)).toBe(1);
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(-37.5)).toBeGreaterThan(2 ** -1022);
    expect(normalCdf(-37.6)).toBeLessThan(2 ** -1022);
    // Above 0, Φ(x) is 1 − (a small number) and keeps only its absolute precision.
    for (const x of [-37, -20, -8, -3, -1, -0.1, 0.1, 1, 3]) expect(Math.abs(normalQuantile(normalCdf(x)) - x)).toBeLessThan(1e-12 * Math.max(1, Math.abs(x)));
  });
});

describe('truncatedNormal: definition on given words', () => {
  /** Words giving U = next_double = 0, then U = 1 − 2^-53, then two ordinary words. */
  const words = Uint32Array.from([0, 0, 0xffffffff, 0xffffffff, 0x9e3779b9, 0x7f4a7c15]);

  it('U = 0 gives Φ⁻¹(Φ(b)), b the bound nearer the mode; U = 1 − 2^-53 a value near the outer bound', () => {
    // Φ(b) near 1 keeps only its absolute precision: Φ⁻¹(Φ(5)) is 5 to about 1e-10.
    for (const [lo, hi, near] of [[-Infinity, 5, 5], [8, 9, 8], [-2, 1, 1], [-9, -8, -8]] as const) {
      const v = planTruncatedNormal(lo, hi, undefined, undefined).run(new ReplaySource(words)) as number;
      expect(v >= lo && v <= hi).toBe(true);
      expect(Math.abs(v - near)).toBeLessThan(1e-9);
    }
    const src = new ReplaySource(words.subarray(2));
    const far = planTruncatedNormal(8, 9, undefined, undefined).run(src) as number;
    expect(far).toBeGreaterThan(8.99);
    expect(far).toBeLessThanOrEqual(9);
  });

  it('with both bounds infinite, U = 0 (x = +∞) is drawn again: four words read', () => {
    const src = new ReplaySource(words);
    const z = planTruncatedNormal(-Infinity, Infinity, undefined, undefined).run(src) as number;
    expect(Number.isFinite(z)).toBe(true);
    expect(src.used).toBe(4);
    expect(z).toBeLessThan(-8); // U = 1 − 2^-53: u = 2^-53
  });

  it('mirror symmetry: [lower, upper] gives exactly the negated values of [−upper, −lower] (lower + upper ≠ 0)', () => {
    const boundArb = fc.double({ min: -12, max: 12, noNaN: true });
    fc.assert(
      fc.property(boundArb, boundArb, fc.integer({ min: 0, max: 2 ** 32 - 1 }), (x, y, seed) => {
        const [lo, hi] = x < y ? [x, y] : [y, x];
        fc.pre(lo < hi && lo + hi !== 0);
        let plan: ReturnType<typeof planTruncatedNormal>;
        try {
          plan = planTruncatedNormal(lo, hi, 50, undefined);
        } catch {
          return; // too narrow or too far out: refused both ways (checked below)
        }
        const words = new Uint32Array(200).map((_, i) => (Math.imul(seed ^ i, 2654435761) + i) >>> 0);
        const a = plan.run(new ReplaySource(words)) as Float64Array;
        const b = planTruncatedNormal(-hi, -lo, 50, undefined).run(new ReplaySource(words)) as Float64Array;
        for (let i = 0; i < 50; i++) {
          expect(Object.is(a[i], -b[i]!) || a[i] === -b[i]!).toBe(true);
          expect(a[i]! >= lo && a[i]! <= hi).toBe(true);
        }
      }),
      { numRuns: 300, seed: 21 },
    );
  });

  it('values stay within [mean + std·lower, mean + std·upper] (as rounded), for random intervals and scales', () => {
    const boundArb = fc.oneof(fc.double({ min: -40, max: 40, noNaN: true }), fc.constantFrom(-Infinity, Infinity, 0, 8, -8, 37.5, -37.5));
    fc.assert(
      fc.property(boundArb, boundArb, fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: 1e-6, max: 1e6, noNaN: true }), (x, y, mean, std) => {
        const [lo, hi] = x < y ? [x, y] : [y, x];
        let plan: ReturnType<typeof planTruncatedNormal>;
        try {
          plan = planTruncatedNormal(lo, hi, 100, { mean, std });
        } catch (error) {
          expect(error).toBeInstanceOf(RangeError);
          return;
        }
        const words = new Uint32Array(400).map((_, i) => Math.imul(i + 1, 0x9e3779b9) >>> 0);
        const values = plan.run(new ReplaySource(words)) as Float64Array;
        const low = mean + std * lo;
        const high = mean + std * hi;
        for (const v of values) {
          expect(Number.isFinite(v)).toBe(true);
          expect(v >= low && v <= high).toBe(true);
        }
      }),
      { numRuns: 400, seed: 22 },
    );
  });
});

describe.runIf(hasNumpy)('truncatedNormal: distribution (fixed seeds, Kolmogorov–Smirnov, false alarm < 1e-6 each)', () => {
  const intervals: [number, number, number, number][] = [
    // lower, upper, mean, std
    [-1, 2, 0, 1],
    [-0.5, 0.5, 0, 1],
    [0, Infinity, 0, 1],
    [-Infinity, -3, 0, 1],
    [-Infinity, Infinity, 0, 1],
    [8, 9, 0, 1],
    [-9, -8, 0, 1],
    [30, 31, 0, 1],
    [37, 37.5, 0, 1],
    [2, 2.001, 0, 1],
    [-3, 40, 0, 1],
    [1, 3, 5, 2],
    [-2, 2, -1, 0.1],
  ];
  it('[numpy] 20 000 draws per interval against the truncated normal CDF (Python, math.erfc)', () => {
    const n = 20_000;
    using g = new Generator({ backend: 'ts', seed: 314 });
    const samples = intervals.map(([lo, hi, mean, std]) => Array.from(g.truncatedNormal(lo, hi, n, { mean, std })));
    const distances = runNumpy<number[]>(
      [
        'def tail(x): return 0.5 * math.erfc(x / math.sqrt(2))  # P(Z > x)',
        'out = []',
        'for (lo, hi, mean, std), xs in zip(inp[0], inp[1]):',
        '    lo, hi = float(lo), float(hi)',
        '    if lo + hi > 0:',
        '        qa, qb = tail(lo), tail(hi)',
        '        F = lambda z: (qa - tail(z)) / (qa - qb)',
        '    else:',
        '        pa, pb = tail(-lo), tail(-hi)',
        '        F = lambda z: (tail(-z) - pa) / (pb - pa)',
        '    zs = sorted((x - mean) / std for x in xs)',
        '    m = len(zs)',
        '    out.append(max(max(F(z) - i / m, (i + 1) / m - F(z)) for i, z in enumerate(zs)))',
      ].join('\n'),
      [intervals.map((row) => row.map((v) => (Number.isFinite(v) ? v : String(v)))), samples],
    );
    const critical = ksCriticalDistance(n, 1e-6);
    distances.forEach((d, i) => expect(d, `interval ${intervals[i]!.join(', ')}`).toBeLessThan(critical));
  });
});

describe('truncatedNormal: arguments (refused before a word is read: the state is unchanged)', () => {
  const refusals: [string, () => unknown[], ErrorConstructor, RegExp][] = [
    ['lower = upper', () => [1, 1], RangeError, /lower must be below upper, got lower 1, upper 1/],
    ['lower > upper', () => [2, 1], RangeError, /lower must be below upper/],
    ['lower NaN', () => [NaN, 1], RangeError, /lower must not be NaN/],
    ['upper NaN', () => [0, NaN], RangeError, /upper must not be NaN/],
    ['lower a string', () => ['0', 1], TypeError, /lower must be a number/],
    ['both bounds +∞', () => [Infinity, Infinity], RangeError, /lower must be below upper/],
    ['too far in the upper tail', () => [37.6, 40], RangeError, /too far in the tail/],
    ['too far in the lower tail', () => [-Infinity, -37.6], RangeError, /too far in the tail/],
    ['too narrow', () => [1e-20, 2e-20], RangeError, /too narrow/],
    ['std 0', () => [0, 1, undefined, { std: 0 }], RangeError, /std must be above 0/],
    ['std negative', () => [0, 1, 4, { std: -1 }], RangeError, /std must be above 0/],
    ['std NaN', () => [0, 1, 4, { std: NaN }], RangeError, /std must be a finite number/],
    ['mean infinite', () => [0, 1, 4, { mean: Infinity }], RangeError, /mean must be a finite number/],
    ['an unknown option', () => [0, 1, 4, { sigma: 2 }], TypeError, /unknown option 'sigma'/],
    ['options not an object', () => [0, 1, 4, 3], TypeError, /options must be an object/],
    ['values that would overflow', () => [0, 1, 4, { mean: 1.7e308, std: 1e308 }], RangeError, /overflows/],
    ['float32 values that would overflow', () => [-5, 5, new Float32Array(4), { std: 1e38 }], RangeError, /overflows float32/],
    ['size a Uint8Array', () => [0, 1, new Uint8Array(3)], TypeError, /Float64Array, Float32Array/],
  ];
  it.each(refusals)('%s', (_, args, type, message) => {
    using g = new Generator({ backend: 'ts', seed: 5 });
    g.random();
    const before = JSON.stringify(g.getState());
    const call = () => (g.truncatedNormal as (...a: unknown[]) => unknown)(...args());
    expect(call).toThrow(type);
    expect(call).toThrow(message);
    expect(JSON.stringify(g.getState())).toBe(before);
  });

  it('accepts the edges: [37, 37.5], [−∞, x], [x, ∞], the whole line; a Float32Array gets the double values rounded', () => {
    using g = new Generator({ backend: 'ts', seed: 6 });
    using twin = new Generator({ backend: 'ts', seed: 6 });
    for (const [lo, hi] of [[37, 37.5], [-Infinity, 0.3], [-0.3, Infinity], [-Infinity, Infinity]] as const) {
      const v = g.truncatedNormal(lo, hi);
      expect(v >= lo && v <= hi && Number.isFinite(v)).toBe(true);
      twin.truncatedNormal(lo, hi);
    }
    const single = g.truncatedNormal(-1, 1, new Float32Array(100), { mean: 3, std: 0.5 });
    const double = twin.truncatedNormal(-1, 1, 100, { mean: 3, std: 0.5 });
    expect(single).toEqual(Float32Array.from(double, Math.fround));
  });

  it('the async twin gives the sync values and refuses the same way', async () => {
    using a = new Generator({ backend: 'ts', seed: 12 });
    using b = new Generator({ backend: 'ts', seed: 12 });
    expect(await a.truncatedNormalAsync(-1, 3, 5000, { std: 2 })).toEqual(b.truncatedNormal(-1, 3, 5000, { std: 2 }));
    expect(a.getState()).toEqual(b.getState());
    const before = JSON.stringify(a.getState());
    await expect(a.truncatedNormalAsync(3, -1, 10)).rejects.toThrow(RangeError);
    expect(JSON.stringify(a.getState())).toBe(before);
  });
});
