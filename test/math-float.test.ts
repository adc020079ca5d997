import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// Plain .mjs scripts shared with the fixture generator and the table generator.
import { FIXTURE_SETS, hashWords } from '../scripts/prove-math/float/fixture-inputs.mjs';
import { PUBLISHED, bitsOf, buildTables, moduleText } from '../scripts/gen-float-math-tables.mjs';
import { asUint32, fromUint32 } from '../src/math/bits.js';
import { expf, expfNoFma } from '../src/math/expf.js';
import * as tables from '../src/math/float-tables.js';
import { DOUBLE_LIBM } from '../src/math/libm.js';
import { logf } from '../src/math/logf.js';
import { cosf, sincosf, sinf } from '../src/math/sincosf.js';

const fixtureDir = new URL('./fixtures/math-float/', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('manifest.json', fixtureDir), 'utf8')) as {
  glibc: string;
  sets: Record<string, { count: number; outputsPerInput: number; inputsHash: number }>;
};

const canon = (w: number) => ((w & 0x7fffffff) > 0x7f800000 ? 0x7fc00000 : w);
const hex = (w: number) => '0x' + (w >>> 0).toString(16).padStart(8, '0');

/** Applies `f` to every fixture input and compares the canonical output patterns with glibc's. */
function checkFixture(name: 'logf' | 'expf' | 'sincosf', f: (x: number, out: Uint32Array, at: number) => void): void {
  const set = FIXTURE_SETS[name];
  const inputs: Uint32Array = set.inputs();
  const meta = manifest.sets[name]!;
  expect(inputs.length, 'fixture input count').toBe(meta.count);
  expect(hashWords(inputs), 'fixture input hash (inputs drifted from the committed outputs)').toBe(meta.inputsHash);
  const bin = readFileSync(new URL(`${name}.bin`, fixtureDir));
  const expected = new Uint32Array(bin.buffer, bin.byteOffset, bin.length / 4);
  expect(expected.length).toBe(inputs.length * meta.outputsPerInput);
  const actual = new Uint32Array(expected.length);
  for (let i = 0; i < inputs.length; i++) f(fromUint32(inputs[i]!), actual, i * meta.outputsPerInput);
  const bad: string[] = [];
  let count = 0;
  for (let w = 0; w < expected.length; w++) {
    if (canon(actual[w]!) !== expected[w]) {
      count++;
      const i = Math.floor(w / meta.outputsPerInput);
      if (bad.length < 10) bad.push(`${name}(${hex(inputs[i]!)}) word ${w % meta.outputsPerInput}: js ${hex(actual[w]!)}, glibc ${hex(expected[w]!)}`);
    }
  }
  expect(count, bad.join('\n')).toBe(0);
}

describe(`float math vs glibc fixtures (${manifest.glibc}, x86-64 FMA variants)`, () => {
  it('logf matches on thresholds, specials and cuRAND uniforms', () => {
    checkFixture('logf', (x, out, at) => {
      out[at] = asUint32(logf(x));
    });
  });

  it('sincosf matches (sin and cos) on thresholds, quadrant edges, large arguments and cuRAND angles', () => {
    const pair = new Float64Array(2);
    checkFixture('sincosf', (x, out, at) => {
      sincosf(x, pair);
      out[at] = asUint32(pair[0]!);
      out[at + 1] = asUint32(pair[1]!);
    });
  });

  it('sinf and cosf match the same fixture', () => {
    checkFixture('sincosf', (x, out, at) => {
      out[at] = asUint32(sinf(x));
      out[at + 1] = asUint32(cosf(x));
    });
  });

  it('expf matches on thresholds, specials, the FMA exceptions and cuRAND log-normal arguments', () => {
    checkFixture('expf', (x, out, at) => {
      out[at] = asUint32(expf(x));
    });
  });
});

describe('expf FMA exceptions', () => {
  it('patches exactly the two inputs where the FMA build rounds up', () => {
    const cases = [
      [0x4202422f, 0x56fc9f1c],
      [0xc27c65d9, 0x11fa2993],
    ];
    for (const [x, y] of cases) {
      expect(hex(asUint32(expf(fromUint32(x!))))).toBe(hex(y!));
      expect(hex(asUint32(expfNoFma(fromUint32(x!))))).toBe(hex(y! - 1));
    }
  });

  it("hostMath 'aarch64' takes the plain build's values there, as Debian's arm64 glibc 2.36 gives them", () => {
    // Measured under qemu: `oracle eval expf` (scripts/prove-math/float/oracle.c, built with
    // aarch64-linux-gnu-gcc) gives 0x56fc9f1b and 0x11fa2992; docs/exact-float-math.md, "aarch64".
    const cases = [
      [0x4202422f, 0x56fc9f1b],
      [0xc27c65d9, 0x11fa2992],
    ];
    for (const [x, y] of cases) expect(hex(asUint32(DOUBLE_LIBM.aarch64.expf(fromUint32(x!))))).toBe(hex(y!));
  });
});

describe('special inputs', () => {
  it('logf', () => {
    expect(logf(0)).toBe(-Infinity);
    expect(logf(-0)).toBe(-Infinity);
    expect(logf(Infinity)).toBe(Infinity);
    expect(logf(-1)).toBeNaN();
    expect(logf(-Infinity)).toBeNaN();
    expect(logf(NaN)).toBeNaN();
    expect(Object.is(logf(1), 0)).toBe(true);
  });

  it('expf', () => {
    expect(Object.is(expf(-Infinity), 0)).toBe(true);
    expect(expf(Infinity)).toBe(Infinity);
    expect(expf(NaN)).toBeNaN();
    expect(expf(89)).toBe(Infinity);
    expect(Object.is(expf(-104), 0)).toBe(true);
    expect(expf(0)).toBe(1);
  });

  it('sinf/cosf/sincosf give NaN for ±∞ and NaN, and handle large arguments', () => {
    const pair = new Float64Array(2);
    for (const x of [Infinity, -Infinity, NaN]) {
      expect(sinf(x), `sinf(${x})`).toBeNaN();
      expect(cosf(x), `cosf(${x})`).toBeNaN();
      sincosf(x, pair);
      expect(pair[0]).toBeNaN();
      expect(pair[1]).toBeNaN();
    }
    expect(Math.abs(sinf(3e38))).toBeLessThanOrEqual(1); // large arguments: values are in the fixtures
    expect(Object.is(sinf(-0), -0)).toBe(true);
    expect(cosf(-0)).toBe(1);
  });

  it('round a double argument to float first, as the C conversion does', () => {
    expect(logf(0.1)).toBe(logf(Math.fround(0.1)));
    expect(expf(0.1)).toBe(expf(Math.fround(0.1)));
    expect(sinf(0.1)).toBe(sinf(Math.fround(0.1)));
  });
});

describe('float tables', () => {
  it('regenerated from their definitions, they equal the published bit patterns', () => {
    expect(buildTables().mismatches).toEqual([]);
  });

  it('src/math/float-tables.ts is what the generator writes', () => {
    const committed = readFileSync(new URL('../src/math/float-tables.ts', import.meta.url), 'utf8');
    expect(committed === moduleText(buildTables())).toBe(true);
  });

  it('the loaded values carry the published bits', () => {
    const t = buildTables();
    const same = (a: ArrayLike<number>, b: ArrayLike<number>) =>
      expect(Array.from(a, (v) => bitsOf(v))).toEqual(Array.from(b, (v) => bitsOf(v)));
    same(tables.LOGF_TABLE, t.logf.table);
    same(tables.EXPF_SCALE, t.expf.scale);
    same([tables.LOGF_LN2, tables.LOGF_A0, tables.LOGF_A1, tables.LOGF_A2], [t.logf.ln2, ...t.logf.poly]);
    same([tables.EXPF_INVLN2N, tables.EXPF_SHIFT, tables.EXPF_C0, tables.EXPF_C1, tables.EXPF_C2], [t.expf.invLn2N, t.expf.shift, ...t.expf.poly]);
    same(
      [tables.SINCOSF_HPI_INV, tables.SINCOSF_HPI, tables.SINCOSF_C0, tables.SINCOSF_C1, tables.SINCOSF_C2, tables.SINCOSF_C3, tables.SINCOSF_C4],
      [t.sincosf.hpiInv, t.sincosf.hpi, ...t.sincosf.cos],
    );
    same([tables.SINCOSF_S1, tables.SINCOSF_S2, tables.SINCOSF_S3], t.sincosf.sin);
    expect(asUint32(tables.EXPF_OVERFLOW_BOUND)).toBe(PUBLISHED.expfOverflowBound);
    expect(asUint32(tables.EXPF_UNDERFLOW_BOUND) >>> 0).toBe(PUBLISHED.expfUnderflowBound);
    expect(tables.LOGF_OFF).toBe(PUBLISHED.logfOff);
  });
});

/** Distance in float32 patterns between two finite floats of the same sign (or zero). */
const ulps = (a: number, b: number) => Math.abs(asUint32(a) - asUint32(b));
const runs = { seed: 20250514, numRuns: 3000 };

describe('properties (random float32 inputs, fixed seed)', () => {
  it('sincosf satisfies sin² + cos² = 1 to float accuracy on any finite float', () => {
    const pair = new Float64Array(2);
    fc.assert(
      fc.property(fc.float({ noNaN: true, noDefaultInfinity: true }), (x) => {
        sincosf(x, pair);
        return Math.abs(pair[0]! * pair[0]! + pair[1]! * pair[1]! - 1) < 2 ** -21;
      }),
      runs,
    );
  });

  it('logf, expf, sinf, cosf are within 1 ulp of the correctly rounded-ish Math results', () => {
    fc.assert(
      fc.property(fc.float({ min: Math.fround(1e-30), max: 1, noNaN: true }), (x) => ulps(logf(x), Math.fround(Math.log(x))) <= 1),
      runs,
    );
    fc.assert(
      fc.property(fc.float({ min: -87, max: 88, noNaN: true }), (x) => ulps(expf(x), Math.fround(Math.exp(x))) <= 1),
      runs,
    );
    fc.assert(
      fc.property(fc.float({ min: Math.fround(1e-3), max: Math.fround(6.2831855), noNaN: true }), (x) => {
        const s = sinf(x);
        const c = cosf(x);
        const ms = Math.fround(Math.sin(x));
        const mc = Math.fround(Math.cos(x));
        return (Math.sign(s) !== Math.sign(ms) || ulps(s, ms) <= 1) && (Math.sign(c) !== Math.sign(mc) || ulps(c, mc) <= 1);
      }),
      runs,
    );
  });
});
