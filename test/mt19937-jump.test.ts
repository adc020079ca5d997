import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { F2Modulus, XPower } from '../src/engines/f2-modulus.js';
import { extend, initGenrand, jump, JumpScratch, MT_DEGREE, MT_N, temper, twist } from '../src/engines/mt19937-core.js';
import { MT19937_CHARPOLY, MT19937_JUMP_2_2048 } from '../src/engines/mt19937-jump-data.js';
import { Mt19937Engine } from '../src/engines/mt19937.js';
import { createXorHeap } from '../src/engines/xor-kernel.js';
import { backendInfo, Generator } from '../src/index.js';
import { hasCurandHost } from './support/backends.js';
import { expectSameBits } from './support/compare.js';

// Restoring MT19937 at any position (docs/jump-ahead.md): checked against
// stepping each stream (an independent computation: jumps by 2^2048 and twists only), against
// jumps composed differently, and against cuRAND.

const ROW = 65536;
const BLOCK = 78 * ROW;
const MAX = Number.MAX_SAFE_INTEGER;

/** x^J mod φ. */
function xPower(exponent: number, plain = false): Uint32Array {
  const heap = plain ? createXorHeap(F2Modulus.heapWords(MT_DEGREE), true) : undefined;
  const power = new XPower(new F2Modulus(MT19937_CHARPOLY, MT_DEGREE, heap), exponent);
  power.run(Infinity);
  return power.value;
}

/** The window's significant bits: all but the low 31 bits of the first word. */
const significant = (w: Int32Array): Uint32Array => {
  const out = new Uint32Array(w);
  out[0] = (out[0] as number) & 0x80000000;
  return out;
};

// The output layout, from the spec (docs/spec/curand-more-generators.md §3.3).
const SINGLES = [0, 113, 170, 283, 340, 397, 510, 567];
const OTHERS = Array.from({ length: MT_N }, (_, p) => p).filter((p) => !SINGLES.includes(p));
function layoutPosition(r: number, lane: number): number {
  return r === 0 ? (SINGLES[lane] as number) : (OTHERS[56 * Math.floor((r - 1) / 7) + 7 * lane + ((r - 1) % 7)] as number);
}

/** Each seed's initial windows so far: stream k is init_genrand jumped k times by 2^2048 (§3.2). */
const initialWindows = new Map<number, Int32Array[]>();

function initialWindow(seed32: number, k: number): Int32Array {
  let list = initialWindows.get(seed32);
  if (list === undefined) {
    const first = new Int32Array(MT_N);
    initGenrand(seed32, first);
    list = [first];
    initialWindows.set(seed32, list);
  }
  const scratch = new JumpScratch();
  while (list.length <= k) {
    const next = new Int32Array(MT_N);
    jump(list[list.length - 1] as Int32Array, MT19937_JUMP_2_2048, next, scratch);
    list.push(next);
  }
  return (list[k] as Int32Array).slice();
}

/**
 * Words [from, from + n) of the output, all within one row, from stream windows brought to the row's
 * block by `bring` (stream k's initial window and the twists it needs).
 */
function referenceWords(seed32: number, from: number, n: number, bring: (w: Int32Array, twists: number) => void): Uint32Array {
  const row = Math.floor(from / ROW);
  const block = Math.floor(row / 78);
  const out = new Uint32Array(n);
  let k = -1;
  let w = new Int32Array(0);
  for (let j = 0; j < n; j++) {
    const c = (from + j) % ROW;
    if (c >>> 3 !== k) {
      k = c >>> 3;
      w = initialWindow(seed32, k);
      bring(w, block + 1);
    }
    out[j] = temper(w[layoutPosition(row % 78, c & 7)] as number);
  }
  return out;
}

const stepping = (w: Int32Array, twists: number): void => {
  for (let t = 0; t < twists; t++) twist(w);
};

/** Jumps by x^(624·(twists − 3)) mod φ, then twists 3 times: the reference for positions too far to step. */
const jumpThenStep = (w: Int32Array, twists: number): void => {
  const exponent = MT_N * (twists - 3);
  let poly = powers.get(exponent);
  if (poly === undefined) powers.set(exponent, (poly = xPower(exponent)));
  jump(w, poly, w, new JumpScratch());
  stepping(w, 3);
};
const powers = new Map<number, Uint32Array>();

function restored(seed: bigint, position: number): Mt19937Engine {
  const e = new Mt19937Engine(seed);
  e.setState({ position: String(position) });
  return e;
}

function words(e: Mt19937Engine, n: number): Uint32Array {
  const out = new Uint32Array(n);
  e.fill(out, n, 1, false);
  return out;
}

describe('MT19937 jump polynomials x^J mod φ', () => {
  it('jumping by x^J mod φ equals J steps of the recurrence', () => {
    const scratch = new JumpScratch();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 150_000 }), fc.integer(), (steps, seed) => {
        const buf = new Int32Array(MT_N + steps);
        initGenrand(seed >>> 0, buf);
        extend(buf, 0, steps);
        const jumped = new Int32Array(MT_N);
        jump(buf.subarray(0, MT_N), xPower(steps), jumped, scratch);
        expectSameBits(significant(jumped), significant(buf.subarray(steps, steps + MT_N)), `J = ${steps}`);
      }),
      { numRuns: 12, examples: [[0, 1], [1, 2], [19936, 3], [19937, 4], [19938, 5], [MT_N * 200, 6]] },
    );
  });
  it('two jumps compose: x^a then x^b equals x^(a+b), for exponents up to 2^53 − 1', () => {
    const scratch = new JumpScratch();
    const start = initialWindow(99, 0);
    twist(start);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX }), fc.integer({ min: 0, max: MAX }), (x, y) => {
        const a = Math.min(x, y);
        const b = Math.max(x, y) - a;
        const viaA = new Int32Array(MT_N);
        jump(start, xPower(a), viaA, scratch);
        jump(viaA, xPower(b), viaA, scratch);
        const direct = new Int32Array(MT_N);
        jump(start, xPower(a + b), direct, scratch);
        expectSameBits(significant(viaA), significant(direct), `${a} + ${b}`);
      }),
      { numRuns: 6, examples: [[MAX - 1, MAX], [2 ** 52, 2 ** 53 - 1], [12345, MAX]] },
    );
  });
  it('x^(2^2048) mod φ is the committed stream spacing; the SIMD and the plain reduction agree', () => {
    const power = new XPower(new F2Modulus(MT19937_CHARPOLY, MT_DEGREE), 1);
    for (let i = 0; i < 2048; i++) power.modulus.square(power.value);
    expectSameBits(power.value, MT19937_JUMP_2_2048);
    expectSameBits(xPower(2 ** 40 + 12345, true), xPower(2 ** 40 + 12345), 'x^(2^40 + 12345)');
  });
  it('refuses what is not a polynomial jump', () => {
    expect(() => new F2Modulus(new Uint32Array(MT_N), MT_DEGREE)).toThrow(RangeError);
    const modulus = new F2Modulus(MT19937_CHARPOLY, MT_DEGREE);
    expect(() => new XPower(modulus, -1)).toThrow(RangeError);
    expect(() => new XPower(modulus, 2 ** 53)).toThrow(RangeError);
  });
});

describe('MT19937 restored at any position', () => {
  it('agrees with stepping every stream, across twist, row and block boundaries (one jump per stream)', () => {
    const cases: [number, number][] = [
      [BLOCK, 800], // the first word of block 1
      [BLOCK + 3 * ROW + 5, 411],
      [2 * BLOCK + 77 * ROW, 700], // the last row of block 2
      [77 * BLOCK + 40 * ROW + 1234, 300],
      [2500 * BLOCK + 9, 200],
    ];
    for (const [i, [position, n]] of cases.entries()) {
      const seed32 = 1000 + i;
      const e = restored(BigInt(seed32) + (7n << 32n), position);
      expectSameBits(words(e, n), referenceWords(seed32, position, n, stepping), `position ${position}`);
      expect(e.position).toBe(BigInt(position + n));
    }
  });
  it('agrees with a jump to a few blocks before and stepping, up to 2^53 − 1', () => {
    for (const [i, position] of [10 ** 12, 2 ** 50 + 3 * ROW + 17, MAX - 65535 + 8 * 100 + 3].entries()) {
      const seed32 = 2000 + i;
      expectSameBits(words(restored(BigInt(seed32), position), 300), referenceWords(seed32, position, 300, jumpThenStep), `position ${position}`);
    }
  });
  it('a call crossing rows into the last block continues the stream; the last word is there', () => {
    // Restored in the block before (all 8192 streams jumped) and twisted into the last block by
    // generating, against a restore in the last block itself.
    const last = Math.floor(MAX / BLOCK);
    const crossing = restored(31n, last * BLOCK - 500);
    const across = words(crossing, 1300);
    expectSameBits(across.subarray(0, 300), referenceWords(31, last * BLOCK - 500, 300, jumpThenStep));
    expectSameBits(across.subarray(500), words(restored(31n, last * BLOCK), 800));
    const end = restored(31n, MAX - 1);
    expectSameBits(words(end, 1), referenceWords(31, MAX - 1, 1, jumpThenStep));
    expect(end.position).toBe(BigInt(MAX));
    expect(() => words(end, 1)).toThrow(RangeError);
  }, 120_000);
  it('steps instead where the initial windows are at hand and the position is near, with the same words', () => {
    const seed = 4242n;
    const warm = new Mt19937Engine(seed);
    warm.runSetup(Infinity); // all 8192 initial windows, shared with engines of this seed
    for (const position of [5 * BLOCK + 12, 150 * BLOCK + 7 * ROW + 333]) {
      const e = restored(seed, position);
      expect(e.setupNeeded(Infinity)).toBe(8192); // one stepping step per stream, no jump polynomial
      expectSameBits(words(e, 500), referenceWords(4242, position, 500, stepping), `position ${position}`);
    }
    // Far out, jumping is cheaper even with the windows at hand: the polynomial's squares first.
    expect(restored(seed, 10 ** 12).setupNeeded(Infinity)).toBeGreaterThan(8192);
    expect(warm.streamsReady).toBe(8192);
  }, 120_000);
  it('setupNeeded is exact: never grows, and falls by one per set-up step run', () => {
    for (const [seed, position, n] of [
      [1n, 0, 100],
      [2n, 3 * BLOCK + 5, 2000],
      [3n, 10 ** 12 - 4096 + 16, 65536 - 16], // to the end of its row: all 8192 streams
      [4n, MAX - 65535 + 8 * 40, 1000], // the last row
    ] as const) {
      const e = restored(seed, position);
      let needed = e.setupNeeded(n);
      expect(needed).toBeGreaterThan(0);
      const all = e.setupNeeded(Infinity);
      expect(all).toBeGreaterThanOrEqual(needed);
      while (needed > 0) {
        const slice = Math.min(7, needed);
        expect(e.runSetup(slice)).toBe(slice);
        const now = e.setupNeeded(n);
        expect(now).toBe(needed - slice);
        needed = now;
      }
      expect(e.setupNeeded(0)).toBe(0);
      const before = e.position;
      words(e, Math.min(n, 100)); // runs without set-up
      expect(e.position).toBe(before + BigInt(Math.min(n, 100)));
    }
  });
  it('a far restore sets up in slices: async calls let the event loop run and report progress', async () => {
    const position = 10 ** 12 + 4321;
    const state = { ...new Generator({ algorithm: 'mt19937', backend: 'ts', seed: 77n }).getState(), engine: { position: String(position) } };
    using g = Generator.fromState(state, { backend: 'ts' });
    let ticks = 0;
    let last = performance.now();
    let longest = 0;
    const timer = setInterval(() => {
      ticks++;
      const now = performance.now();
      longest = Math.max(longest, now - last);
      last = now;
    }, 1);
    const progress: [number, number][] = [];
    try {
      await g.prepareAsync({ onProgress: (done, total) => progress.push([done, total]) });
    } finally {
      clearInterval(timer);
    }
    expect(ticks).toBeGreaterThan(10);
    expect(longest).toBeLessThan(500); // slices of 32 jumps, not seconds of them
    expect(progress.length).toBeGreaterThan(10);
    expect(progress.at(-1)?.[0]).toBe(progress.at(-1)?.[1]);
    for (let i = 1; i < progress.length; i++) expect((progress[i] as [number, number])[0]).toBeGreaterThan((progress[i - 1] as [number, number])[0]);
    const after = await g.uint32Async(300);
    expectSameBits(after, referenceWords(77, position, 300, jumpThenStep));
  }, 120_000);
});

const CURAND_MT19937_SKIP = 300_000_000;

describe('MT19937 restores against cuRAND', () => {
  it.skipIf(!hasCurandHost)(
    '[curand-host] states taken from cuRAND in blocks 1, 2 and ~57 resume on ts, wasm and simd with cuRAND’s words',
    () => {
      const seed = (9n << 32n) + 31337n;
      using g = new Generator({ algorithm: 'mt19937', backend: 'curand-host', seed });
      const sink = new Uint32Array(1 << 22);
      const advanceTo = (position: number) => {
        for (let left = position - Number(g.position); left > 0; left -= sink.length) g.uint32(sink.subarray(0, Math.min(left, sink.length)));
      };
      const cpu = (['ts', 'wasm', 'simd'] as const).filter((b) => backendInfo().backends[b].available);
      // (position, words, whether only ts runs it: a call crossing a row needs every stream)
      const cases: [number, number, boolean][] = [
        [BLOCK + 8 * 100 + 3, 1000, false],
        [2 * BLOCK - 500, 1000, true], // crosses the boundary into block 2: all 8192 streams
        [2 * BLOCK + 5 * ROW, 4000, false],
        [CURAND_MT19937_SKIP - (CURAND_MT19937_SKIP % ROW) + 17, 2000, false],
      ];
      for (const [position, n, tsOnly] of cases) {
        advanceTo(position);
        const state = g.getState();
        const restoredWords = (tsOnly ? ['ts' as const] : cpu).map((backend) => {
          using r = Generator.fromState(state, { backend });
          return [backend, r.uint32(n)] as const;
        });
        const expected = g.uint32(n);
        for (const [backend, got] of restoredWords) expectSameBits(got, expected, `${backend} at ${position}`);
      }
    },
    300_000,
  );
});
