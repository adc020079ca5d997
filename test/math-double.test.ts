import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
// Plain .mjs script shared with the table generator.
import { FIXTURES, OUTPUTS, buildDoubleTables, moduleTexts, publishedLayout } from '../scripts/gen-double-math-tables.mjs';
import * as expData from '../src/math/exp-data.js';
import { certifiedSum, fma, fmaExactSum, fmaSmallProduct, fmaSplit, splitHi } from '../src/math/fma.js';
import { DOUBLE_LIBM } from '../src/math/libm.js';
import * as logData from '../src/math/log-data.js';
import * as log1pData from '../src/math/log1p-data.js';
import * as sincosData from '../src/math/sincos-data.js';
import { bitsOf, doubleOf, hex, same } from './support/glibc-math.js';

const fixtureDir = new URL('./fixtures/math-double/', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('golden.json', fixtureDir), 'utf8')) as {
  glibc: string;
  functions: Record<string, { inputs: number; sse2Differs: number }>;
};


type Fn = 'log' | 'exp' | 'log1p' | 'sincos';

/** A golden file (see scripts/prove-math/double/golden.mjs for the layout). */
function golden(fn: Fn): { inputs: Float64Array; width: number; fma: Float64Array; sse2: Float64Array } {
  const raw = gunzipSync(readFileSync(new URL(`${fn}.bin.gz`, fixtureDir)));
  const bytes = new Uint8Array(raw).slice().buffer; // own, aligned buffer
  const head = new Uint32Array(bytes, 0, 2);
  const n = head[0]!;
  const width = head[1]!;
  let at = 8;
  const take = (count: number) => {
    const a = new Float64Array(bytes, at, count);
    at += count * 8;
    return a;
  };
  const inputs = take(n);
  const fmaOut = take(n * width);
  const d = new Uint32Array(bytes, at, 1)[0]!;
  at += 4;
  const idx = new Uint32Array(bytes.slice(at, at + 4 * d));
  at += 4 * d;
  const diff = new Float64Array(bytes.slice(at, at + 8 * d * width));
  const sse2 = fmaOut.slice();
  idx.forEach((i, k) => sse2.set(diff.subarray(k * width, (k + 1) * width), i * width));
  return { inputs, width, fma: fmaOut, sse2 };
}

describe(`double libm vs glibc golden vectors (${manifest.glibc})`, () => {
  const variants = [
    ['fma', 'x86-fma'],
    ['sse2', 'x86-sse2'],
  ] as const;
  for (const fn of ['log', 'exp', 'log1p', 'sincos'] as const) {
    for (const [key, variant] of variants) {
      it(`${fn}, ${variant}: thresholds, specials, cuRAND-shaped and variant-distinguishing inputs`, () => {
        const g = golden(fn);
        expect(g.inputs.length).toBe(manifest.functions[fn]!.inputs);
        const expected = g[key];
        const libm = DOUBLE_LIBM[variant];
        const pair = new Float64Array(2);
        const bad: string[] = [];
        let count = 0;
        for (let i = 0; i < g.inputs.length; i++) {
          const x = g.inputs[i]!;
          let got: number[];
          if (fn === 'sincos') {
            libm.sincos(x, pair);
            got = [pair[0]!, pair[1]!];
          } else got = [libm[fn](x)];
          const want = Array.from(expected.subarray(i * g.width, (i + 1) * g.width));
          if (!got.every((v, j) => same(v, want[j]!))) {
            count++;
            if (bad.length < 10) bad.push(`${fn}(${hex(x)}): js ${got.map(hex).join(' ')}, glibc ${want.map(hex).join(' ')}`);
          }
        }
        expect(count, bad.join('\n')).toBe(0);
      });
    }
    it(`${fn}: the fixture really tells the variants apart`, () => {
      expect(manifest.functions[fn]!.sse2Differs).toBeGreaterThan(100);
    });
  }

  // Debian's arm64 glibc 2.36 under qemu (scripts/prove-math/double/golden-aarch64.mjs): the golden
  // inputs, where it computes as the FMA variant, and exp's inputs with x·128/ln2 rounding to a
  // half-integer, where it rounds k away from zero.
  const aarch64 = JSON.parse(readFileSync(new URL('aarch64.json', fixtureDir), 'utf8')) as {
    glibc: string;
    functions: Record<Fn, { inputs: number; differsFromFma: [number, ...string[]][] }>;
    expTies: [string, string][];
  };
  const fromHex = (h: string) => doubleOf(BigInt(h));
  for (const fn of ['log', 'exp', 'log1p', 'sincos'] as const) {
    it(`${fn}, aarch64 (${aarch64.glibc}): the golden inputs`, () => {
      const g = golden(fn);
      expect(g.inputs.length).toBe(aarch64.functions[fn].inputs);
      const expected = g.fma.slice();
      for (const [i, ...bits] of aarch64.functions[fn].differsFromFma) bits.forEach((h, j) => (expected[i * g.width + j] = fromHex(h)));
      const pair = new Float64Array(2);
      let bad = 0;
      for (let i = 0; i < g.inputs.length; i++) {
        const x = g.inputs[i]!;
        if (fn === 'sincos') DOUBLE_LIBM.aarch64.sincos(x, pair);
        else pair[0] = DOUBLE_LIBM.aarch64[fn](x);
        for (let j = 0; j < g.width; j++) if (!same(pair[j]!, expected[i * g.width + j]!)) bad++;
      }
      expect(bad).toBe(0);
    });
  }
  it('exp, aarch64: ties of x·128/ln2, where it differs from the FMA variant', () => {
    expect(aarch64.expTies.length).toBeGreaterThan(100);
    let fmaDiffers = 0;
    for (const [xh, yh] of aarch64.expTies) {
      const x = fromHex(xh);
      expect(hex(DOUBLE_LIBM.aarch64.exp(x)), `exp(${xh})`).toBe(yh);
      if (hex(DOUBLE_LIBM['x86-fma'].exp(x)) !== yh) fmaDiffers++;
    }
    expect(fmaDiffers).toBeGreaterThan(0);
  });

  it('sincos throws a RangeError where glibc would need __branred (|x| >= 105414336)', () => {
    const pair = new Float64Array(2);
    for (const libm of Object.values(DOUBLE_LIBM)) {
      for (const x of [105414336, -105414336, 1e10, Number.MAX_VALUE]) expect(() => libm.sincos(x, pair)).toThrow(RangeError);
      expect(() => libm.sincos(105414335.99999999, pair)).not.toThrow();
    }
  });
});

describe('double tables', () => {
  const built = buildDoubleTables();

  it('regenerated values and the documented construction checks hold', () => {
    expect(built.failures).toEqual([]);
  });

  it('the tables equal the published ones (optimized-routines exp/log data, glibc __sincostab)', () => {
    const published = JSON.parse(readFileSync(FIXTURES.optimizedRoutines, 'utf8'));
    const sincostab = JSON.parse(readFileSync(FIXTURES.sincostab, 'utf8'));
    const mine = publishedLayout(built);
    expect(mine.exp).toEqual(published.exp);
    expect(mine.logTab).toEqual(published.logTab);
    expect(mine.logTab2).toEqual(published.logTab2);
    expect(mine.sincostab).toEqual(sincostab.sincostab);
  });

  it('the committed data modules are what the generator writes', () => {
    for (const [path, text] of Object.entries(moduleTexts(built))) {
      expect(readFileSync(path, 'utf8') === text, `${path} is stale`).toBe(true);
    }
    expect(Object.keys(moduleTexts(built)).sort()).toEqual(Object.values(OUTPUTS).sort());
  });

  it('the loaded modules carry the generated bits', () => {
    const bits = (a: ArrayLike<number>) => Array.from(a, (v) => bitsOf(v));
    expect(bits(expData.EXP_SCALE)).toEqual(bits(built.exp.scale));
    expect(bits(expData.EXP_TAIL)).toEqual(bits(built.exp.tail));
    expect(bits(logData.LOG_INVC)).toEqual(bits(built.log.invc));
    expect(bits(logData.LOG_LOGC)).toEqual(bits(built.log.logc));
    expect(bits(logData.LOG_CHI)).toEqual(bits(built.log.chi));
    expect(bits(logData.LOG_CLO)).toEqual(bits(built.log.clo));
    expect(bits(sincosData.SINCOSTAB)).toEqual(bits(built.sincos.sincostab));
    expect(bits([log1pData.LOG1P_LN2HI, log1pData.LOG1P_LN2LO, log1pData.LOG1P_TWO_THIRDS])).toEqual(
      bits([built.log1p.ln2hi, built.log1p.ln2lo, built.log1p.twoThirds]),
    );
  });
});

// ---------------------------------------------------------------------------------------------------
// The software FMA against an exact BigInt reference.

/** x = m · 2^e exactly. */
function decompose(x: number): [bigint, number] {
  const b = bitsOf(x);
  const ex = Number((b >> 52n) & 0x7ffn);
  let m = b & ((1n << 52n) - 1n);
  let e: number;
  if (ex === 0) e = -1074;
  else {
    m |= 1n << 52n;
    e = ex - 1075;
  }
  return [b >> 63n ? -m : m, e];
}

/** RN(m · 2^e), ties to even (the result is finite in these tests). */
function roundExact(m: bigint, e: number): number {
  const neg = m < 0n;
  const a = neg ? -m : m;
  let shift = a.toString(2).length - 53;
  if (e + shift < -1074) shift = -1074 - e;
  let q = a;
  if (shift > 0) {
    const s = BigInt(shift);
    q = a >> s;
    const rem = a - (q << s);
    const half = 1n << (s - 1n);
    if (rem > half || (rem === half && (q & 1n) === 1n)) q += 1n;
  } else shift = 0;
  const v = Number(q) * 2 ** (e + shift);
  return neg ? -v : v;
}

/** The exactly rounded a·b + c (IEEE sign rules for an exact zero). */
function referenceFma(a: number, b: number, c: number): number {
  const [ma, ea] = decompose(a);
  const [mb, eb] = decompose(b);
  const [mc, ec] = decompose(c);
  const ep = ea + eb;
  const e = Math.min(ep, ec);
  const sum = ((ma * mb) << BigInt(ep - e)) + (mc << BigInt(ec - e));
  return sum === 0n ? a * b + c : roundExact(sum, e);
}

/** Deterministic test operands: products, cancellations, near-midpoint and exact-tie cases. */
function* fmaCases(count: number): Generator<[number, number, number]> {
  let s = 0x2545f491;
  const rnd = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
  const sign = () => (rnd() < 0.5 ? -1 : 1);
  const any = (lo: number, hi: number) => sign() * (1 + rnd() + rnd() * 2 ** -26) * 2 ** Math.floor(lo + rnd() * (hi - lo));
  for (let i = 0; i < count; i++) {
    const a = any(-40, 40);
    const b = any(-40, 40);
    yield [a, b, any(-100, 100)];
    yield [a, b, -(a * b)]; // exact cancellation of the rounded product
    yield [a, b, -(a * b) * (1 + (rnd() - 0.5) * 2 ** -20)];
    // a·b + c exactly halfway between two doubles, then off by the product's tiny error.
    const E = Math.floor(rnd() * 60) - 30;
    const c = sign() * (1 + Math.floor(rnd() * 2 ** 20) * 2 ** -52) * 2 ** E;
    const aa = 1 + rnd();
    const bb = (sign() * 2 ** (E - 53)) / aa;
    yield [aa, bb, c];
    yield [aa, bb * (1 + 2 ** -52), c];
    // 26-bit operands, whose products are exact ties more often.
    const k = Math.floor(rnd() * 2 ** 26) + 2 ** 26;
    yield [k * 2 ** -26, k * 2 ** -26, sign() * 2 ** (Math.floor(rnd() * 6) - 3)];
    yield [Math.floor(rnd() * 2 ** 27), Math.floor(rnd() * 2 ** 27) | 1, Math.floor(rnd() * 2 ** 53)];
  }
}

describe('software fma against an exact BigInt reference', () => {
  const check = (name: string, f: (a: number, b: number, c: number) => number, cases: Iterable<[number, number, number]>) => {
    const bad: string[] = [];
    let n = 0;
    for (const [a, b, c] of cases) {
      n++;
      const got = f(a, b, c);
      const want = referenceFma(a, b, c);
      if (!Object.is(got, want) && bad.length < 10) bad.push(`${name}(${a}, ${b}, ${c}) = ${got}, exact ${want}`);
    }
    expect(bad, `${bad.length} of ${n} wrong`).toEqual([]);
  };

  it('fma is exact, including ties decided by the product error and cancellations', () => {
    check('fma', fma, fmaCases(40000));
  });

  it('fmaSmallProduct is exact (its shortcut is certified, else it falls back)', () => {
    check('fmaSmallProduct', fmaSmallProduct, fmaCases(40000));
  });

  it('fmaSplit is exact with a pre-split constant, also for the small integer factors of the reductions', () => {
    const b = Math.LN2 * 2 ** -40;
    const bh = splitHi(b);
    const withB = [...fmaCases(10000)].map(([a, , c]): [number, number, number] => [a, b, c]);
    check('fmaSplit', (a, _b, c) => fmaSplit(a, b, bh, b - bh, c), withB);
    const ints = withB.map(([a, , c]): [number, number, number] => [Math.trunc(a % 2 ** 25), b, c]);
    check('fmaSplit(k)', (k, _b, c) => fmaSplit(k, b, bh, b - bh, c), ints);
  });

  it('fmaExactSum is exact when RN(a·b) + c is exact (c near −a·b)', () => {
    const cases: [number, number, number][] = [];
    for (const [a, b] of fmaCases(10000)) {
      const p = a * b;
      cases.push([a, b, -p], [a, b, -p * (1 + 2 ** -10)], [a, b, -p * 0.75]);
    }
    check('fmaExactSum', (a, b, c) => fmaExactSum(a, b, splitHi(b), b - splitHi(b), c), cases);
  });

  it('certifiedSum returns RN(h + Y) for every real Y within err of y, or NaN', () => {
    const bad: string[] = [];
    let certain = 0;
    const cases = [...fmaCases(20000)];
    for (const [a, b, c] of cases) {
      // h of any size, y smaller, err at the scale of the kernels' bounds (a few ulps of y or more).
      const h = c;
      const y = a * 2 ** -20 * Math.abs(h);
      const err = Math.abs(y) * 2 ** -50 * Math.abs(b % 8);
      const got = certifiedSum(h, y, err);
      if (got !== got) continue;
      certain++;
      // The extreme Y = y ± err (as exact values: y and err are doubles) and one inside.
      for (const k of [-1n, 0n, 1n]) {
        const [my, ey] = decompose(y);
        const [me, ee] = decompose(err);
        const [mh, eh] = decompose(h);
        const e0 = Math.min(ey, ee, eh);
        const sum = (mh << BigInt(eh - e0)) + (my << BigInt(ey - e0)) + k * (me << BigInt(ee - e0));
        const want = sum === 0n ? 0 : roundExact(sum, e0);
        if (!Object.is(got, want) && bad.length < 10) bad.push(`h=${h} y=${y} err=${err} k=${k}: ${got}, exact ${want}`);
      }
    }
    expect(bad).toEqual([]);
    expect(certain).toBeGreaterThan(cases.length / 2);
  });

  it('signed zeros follow IEEE 754', () => {
    expect(Object.is(fma(-0, 1, -0), -0)).toBe(true);
    expect(Object.is(fma(0, 1, -0), 0)).toBe(true);
    expect(Object.is(fma(2, 3, -6), 0)).toBe(true);
    expect(Object.is(fmaSmallProduct(-0, 1, -0), -0)).toBe(true);
  });
});
