import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  fillLogNormalDoubleInverseCdf,
  fillLogNormalInverseCdf,
  fillNormalDoubleFromFloat,
  fillNormalInverseCdf,
} from '../src/distributions/inverse-cdf.js';
import { uniformDouble32 } from '../src/distributions/uniform.js';
import { MTGP32_MASK, MTGP32_PARAMS, MTGP32_PARAM_COUNT, MTGP32_PARAM_STRIDE } from '../src/engines/mtgp32-params.js';
import { Mtgp32Engine } from '../src/engines/mtgp32.js';
import { erfcinv, erfinv } from '../src/math/erfcinv.js';
import { DOUBLE_LIBM } from '../src/math/libm.js';
import type { Ordering } from '../src/types.js';
import { expectSameBits } from './support/compare.js';

const hex = (words: ArrayLike<number>) => Array.from(words, (x) => x.toString(16).padStart(8, '0')).join(' ');

function words(seed: bigint, n: number, ordering: Ordering = 'default'): Uint32Array {
  const out = new Uint32Array(n);
  new Mtgp32Engine(seed, ordering).fill(out, n, 1, false);
  return out;
}

describe('MTGP32 parameter table', () => {
  it('has the 200 sets of curand_mtgp32dc_p_11213.h (spot values, spec §3.1)', () => {
    expect(MTGP32_PARAM_COUNT).toBe(200);
    expect(MTGP32_PARAMS.length).toBe(200 * MTGP32_PARAM_STRIDE);
    expect(MTGP32_MASK >>> 0).toBe(0xfff80000);
    // Set 0: pos 88, sh1 19, sh2 5, tbl[1] = 0xaba4d62c.
    expect(Array.from(MTGP32_PARAMS.subarray(0, 5))).toEqual([88, 19, 5, 0, 0xaba4d62c]);
  });
});

describe('MTGP32 engine: cuRAND known answers (spec §3.3 and §7, hold without libcurand)', () => {
  it('seed 42, default: blocks 0, 1 and 64, and block 0 again after 192 chunks', () => {
    const w = words(42n, 49156);
    expect(hex(w.subarray(0, 4))).toBe('bbb4d53b cf53ac06 e03a187d e9b34bd3');
    expect(hex(w.subarray(256, 260))).toBe('8a3682b7 188ec172 372bdad1 b0d0c676');
    expect(hex(w.subarray(16384, 16388))).toBe('7766bad3 08941227 f113dc02 3c8fa887');
    expect(hex(w.subarray(49152, 49156))).toBe('ed3165da afd68463 d8bb7810 e4d7dce1');
  });
  it('seed 42, legacy: 64 blocks, so output[16384..] is block 0 again', () => {
    const w = words(42n, 16388, 'legacy');
    expect(hex(w.subarray(0, 4))).toBe('bbb4d53b cf53ac06 e03a187d e9b34bd3');
    expect(hex(w.subarray(16384))).toBe('ed3165da afd68463 d8bb7810 e4d7dce1');
  });
  it('best is default', () => {
    expectSameBits(words(7n, 50000, 'best'), words(7n, 50000, 'default'));
  });
  it('seed 1234', () => {
    expect(hex(words(1234n, 4))).toBe('95130d0d 76af12e1 9d99d21c ff1234b2');
  });
  it('seed 42 uniformDouble: x·2^-32 + 2^-32', () => {
    expect(Array.from(words(42n, 2), uniformDouble32)).toEqual([0.7332280417904258, 0.8098704831209034]);
  });
  it('seed 42 normal(0, 1) by the inverse CDF', () => {
    const out = new Float32Array(4);
    fillNormalInverseCdf(out, words(42n, 4), 4, 0, 1);
    expect(Array.from(out)).toEqual([0.622605264, 0.877419055, 1.15466642, 1.35878158].map(Math.fround));
  });
  it("seed 1234 normal(1, 2): NVIDIA's CUDALibrarySamples host output", () => {
    const out = new Float32Array(10);
    fillNormalInverseCdf(out, words(1234n, 10), 10, 1, 2);
    expect(Array.from(out, (v) => v.toFixed(6)).join(' ')).toBe(
      '1.415674 0.817308 1.588038 6.369638 -1.367920 -0.242695 3.866537 2.142646 -0.471517 0.531867',
    );
  });
  it('seed 42 normalDouble(0, 1) is the float result widened', () => {
    const w = words(42n, 4);
    const f = new Float32Array(4);
    const d = new Float64Array(4);
    fillNormalInverseCdf(f, w, 4, 0, 1);
    fillNormalDoubleFromFloat(d, w, 4, 0, 1);
    expect(Array.from(d)).toEqual(Array.from(f));
  });

  // cuRAND 10.4.0.35 host output, seed 42, default ordering, mean 0.25, stddev 1.5, at positions whose
  // words reach every branch of erfcinv in both halves: [position, word, logNormal, logNormalDouble].
  // logNormal needs glibc's expf, logNormalDouble glibc's log/exp (FMA variants) through erfcinv.
  const LOG_NORMAL: [number, number, number, number][] = [
    [0, 0xbbb4d53b, 3.2671167850494385, 3.2671170982910094], // Table 18, upper half
    [1, 0xcf53ac06, 4.788075923919678, 4.788076062921812],
    [2, 0xe03a187d, 7.257240295410156, 7.257240142173793], // Table 39, upper half
    [3, 0xe9b34bd3, 9.856904983520508, 9.856906318890594],
    [4, 0x36092604, 0.3851838707923889, 0.385183923318854], // Table 18, lower half
    [5, 0xc6eaa9f3, 4.027888298034668, 4.027888266696701],
    [6, 0x04f1ca98, 0.05771849676966667, 0.057718493120435775], // log tail, lower half
    [7, 0xf432c4ec, 16.052309036254883, 16.05230927493025],
    [8, 0x313ba9aa, 0.34851062297821045, 0.3485106070113947],
    [9, 0x6c8dfc2a, 0.9633414149284363, 0.963341460679133],
    [13, 0x12173c78, 0.1413859874010086, 0.1413859989578417], // Table 39, lower half
    [26, 0x0690ecba, 0.06901228427886963, 0.06901228303737303],
    [33, 0x03030c9e, 0.042978156358003616, 0.04297816201125002],
    [41, 0x1b6f0144, 0.19936060905456543, 0.19936058824869146],
    [48, 0x09fecef9, 0.09137092530727386, 0.09137089281683311],
    [116, 0xff0cf43d, 71.25495910644531, 71.2549546212483], // log tail, upper half
    [131, 0xfee7528f, 66.24653625488281, 66.24653632075204],
    [149, 0xfbc1e428, 31.35820770263672, 31.358214743767185],
  ];
  it('seed 42 logNormal and logNormalDouble(0.25, 1.5) in every branch of erfcinv', () => {
    const w = words(42n, 150);
    const f = new Float32Array(150);
    const d = new Float64Array(150);
    fillLogNormalInverseCdf(f, w, 150, 0.25, 1.5, 0, DOUBLE_LIBM['x86-fma']);
    fillLogNormalDoubleInverseCdf(d, w, 150, 0.25, 1.5, DOUBLE_LIBM['x86-fma']);
    for (const [i, word, logNormal, logNormalDouble] of LOG_NORMAL) {
      expect(w[i], `word ${i}`).toBe(word);
      expect(f[i], `logNormal ${i}`).toBe(logNormal);
      expect(d[i], `logNormalDouble ${i}`).toBe(logNormalDouble);
    }
  });
});

describe('CUDA host erfcinv: special values', () => {
  const libm = { log: Math.log, log1p: Math.log1p };
  it('follows the host implementation outside (0, 2)', () => {
    expect(erfcinv(0, libm)).toBe(Infinity);
    expect(erfcinv(-0, libm)).toBe(Infinity);
    expect(erfcinv(2, libm)).toBe(-Infinity);
    expect(erfcinv(-1, libm)).toBeNaN();
    expect(erfcinv(2.5, libm)).toBeNaN();
    expect(erfcinv(NaN, libm)).toBeNaN();
    expect(erfinv(1, libm)).toBe(Infinity);
    expect(erfinv(-1, libm)).toBe(-Infinity);
    expect(erfinv(1.5, libm)).toBeNaN();
    expect(erfinv(NaN, libm)).toBeNaN();
  });
  it('is an inverse of erfc to near double precision in every branch', () => {
    // References computed with mpmath at 60 digits (Newton on erfc(x) = a).
    expect(erfcinv(0.5, libm)).toBeCloseTo(0.4769362762044699, 15);
    expect(erfcinv(0.2, libm)).toBeCloseTo(0.9061938024368233, 15);
    expect(erfcinv(0.01, libm)).toBeCloseTo(1.821386367718449673, 14);
    expect(erfcinv(1e-16, libm)).toBeCloseTo(5.8723700904539631451, 13);
    expect(erfcinv(1e-200, libm)).toBeCloseTo(21.374783049026257632, 12);
    expect(erfinv(-0.95, libm)).toBeCloseTo(-1.3859038243496779453, 14);
  });
});

describe('MTGP32 engine: stream model', () => {
  const reference = { default: words(99n, 70000), legacy: words(99n, 70000, 'legacy') };

  // Split points that stress chunk boundaries and the wrap to block 0 (after 64·256 and 192·256 words).
  const split = fc.oneof(
    fc.integer({ min: 0, max: 300 }),
    fc.integer({ min: 0, max: 20000 }),
    fc.constantFrom(1, 255, 256, 257, 16383, 16384, 16385, 49151, 49152, 49153),
  );

  it('successive calls continue exactly as one long call', () => {
    fc.assert(
      fc.property(fc.constantFrom<Ordering>('default', 'legacy'), fc.array(split, { maxLength: 8 }), (ordering, sizes) => {
        const ref = reference[ordering === 'legacy' ? 'legacy' : 'default'];
        const engine = new Mtgp32Engine(99n, ordering);
        let at = 0;
        for (const size of sizes) {
          const n = Math.min(size, ref.length - at);
          const out = new Uint32Array(n + 3).fill(0xdeadbeef);
          engine.fill(out, n, 1, false);
          expectSameBits(out.subarray(0, n), ref.subarray(at, at + n), `${ordering} call of ${n} at ${at}`);
          expect(hex(out.subarray(n)), 'words past n untouched').toBe('deadbeef deadbeef deadbeef');
          at += n;
          expect(engine.position).toBe(BigInt(at));
        }
      }),
      { numRuns: 150 },
    );
  });

  it('reset restarts the stream; seeds with the same low32(seed ^ seed >> 32) give the same stream', () => {
    const engine = new Mtgp32Engine(5n, 'default');
    engine.fill(new Uint32Array(1000), 1000, 1, false);
    engine.reset(99n, 0n, 'legacy');
    const out = new Uint32Array(20000);
    engine.fill(out, 20000, 1, false);
    expectSameBits(out, reference.legacy.subarray(0, 20000));
    // Only low32(seed ^ seed >> 32) reaches the blocks (§3.1): hi = 1, lo = 98 folds to 99.
    expectSameBits(words((1n << 32n) | 98n, 1000), reference.default.subarray(0, 1000));
  });

  it('rejects what cuRAND has no counterpart for', () => {
    const engine = new Mtgp32Engine(1n, 'default');
    const out = new Uint32Array(10);
    expect(() => engine.fill(out, 2, 2, false)).toThrow(TypeError);
    expect(() => engine.fill(out, 2, 1, true)).toThrow(TypeError);
    expect(() => engine.fill(out, 11, 1, false)).toThrow(RangeError);
    expect(() => engine.reset(1n, 5n, 'default')).toThrow(RangeError);
    expect(() => new Mtgp32Engine(-1n, 'default')).toThrow(RangeError);
    expect(() => new Mtgp32Engine(1n << 64n, 'default')).toThrow(RangeError);
    expect(engine.position).toBe(0n);
  });
});

describe('MTGP32 engine: state', () => {
  it('round-trips through JSON mid-stream and resumes exactly', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
        fc.constantFrom<Ordering>('default', 'best', 'legacy'),
        fc.oneof(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 120000 })),
        fc.integer({ min: 1, max: 60000 }),
        (seed, ordering, before, after) => {
          const engine = new Mtgp32Engine(seed, ordering);
          engine.fill(new Uint32Array(before), before, 1, false);
          const saved = JSON.stringify(engine.getState());
          expect(JSON.parse(saved)).toEqual({ position: String(before) });
          const restored = new Mtgp32Engine(seed, ordering);
          restored.setState(JSON.parse(saved));
          expect(restored.position).toBe(BigInt(before));
          expect(restored.isCanonical()).toBe(true);
          const a = new Uint32Array(after);
          const b = new Uint32Array(after);
          engine.fill(a, after, 1, false);
          restored.fill(b, after, 1, false);
          expectSameBits(b, a, `resume at ${before}`);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('restores deep positions quickly (lazy regeneration)', () => {
    const deep = 3_000_001;
    const engine = new Mtgp32Engine(3n, 'default');
    engine.fill(new Uint32Array(deep), deep, 1, false);
    const restored = new Mtgp32Engine(3n, 'default');
    restored.setState(engine.getState());
    const a = new Uint32Array(100000);
    const b = new Uint32Array(100000);
    engine.fill(a, a.length, 1, false);
    restored.fill(b, b.length, 1, false);
    expectSameBits(b, a);
  });

  it('rejects malformed states without changing the engine', () => {
    const engine = new Mtgp32Engine(11n, 'default');
    const twin = new Mtgp32Engine(11n, 'default');
    engine.fill(new Uint32Array(777), 777, 1, false);
    twin.fill(new Uint32Array(777), 777, 1, false);
    const bad: [unknown, ErrorConstructor][] = [
      [null, TypeError],
      ['{"position":"1"}', TypeError],
      [{}, TypeError],
      [{ position: 5 }, TypeError],
      [{ position: '-1' }, TypeError],
      [{ position: '01' }, TypeError],
      [{ position: '1.5' }, TypeError],
      [{ position: '9007199254740992' }, RangeError],
    ];
    for (const [state, type] of bad) {
      expect(() => engine.setState(state as never), JSON.stringify(state)).toThrow(type);
      expect(engine.position).toBe(777n);
    }
    const a = new Uint32Array(1000);
    const b = new Uint32Array(1000);
    engine.fill(a, 1000, 1, false);
    twin.fill(b, 1000, 1, false);
    expectSameBits(a, b);
  });
});

// The script finds the header through NODE_CURAND_INCLUDE_DIRS / NODE_CURAND_LIB_DIRS and exits with
// 2 when it is absent, 1 when the committed module differs.
const script = fileURLToPath(new URL('../scripts/gen-mtgp32-params.mjs', import.meta.url));
const check = spawnSync(process.execPath, [script, '--check'], { encoding: 'utf8' });
const noHeader = check.status === 2;
describe.skipIf(noHeader)(
  `scripts/gen-mtgp32-params.mjs${noHeader ? ' [curand-headers] SKIPPED: curand_mtgp32dc_p_11213.h not found via NODE_CURAND_INCLUDE_DIRS / NODE_CURAND_LIB_DIRS' : ''}`,
  () => {
    it('--check: the committed module is what the script generates from the header', () => {
      expect(check.status, check.stderr).toBe(0);
    });
  },
);
