import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Mtgp32Engine } from '../src/engines/mtgp32.js';
import { jumpBlock, Mtgp32BlockJump, mtgp32CharPoly, Mtgp32JumpScratch, MTGP32_JUMP_SETS } from '../src/engines/mtgp32-jump.js';
import { MTGP32_MASK, MTGP32_PARAMS, MTGP32_PARAM_STRIDE } from '../src/engines/mtgp32-params.js';
import { Generator } from '../src/index.js';
import { hasCurandHost } from './support/backends.js';
import { expectSameBits } from './support/compare.js';

// MTGP32 jump-ahead (docs/jump-ahead.md): checked against stepping the
// recursion as the spec states it, against the ts engine, and against cuRAND.

const N = 351;
const RING = 1024;
const MAX = Number.MAX_SAFE_INTEGER;
const param = (set: number, i: number): number => MTGP32_PARAMS[set * MTGP32_PARAM_STRIDE + i] as number;

// One block from the spec (docs/spec/curand-host-semantics.md §3.1): seeding, recursion, tempering.
function seededRing(set: number, seed32: number): Int32Array {
  const ring = new Int32Array(RING);
  const hidden = param(set, 3 + 4) ^ (param(set, 3 + 8) << 16);
  const h2 = (hidden + (hidden >>> 16)) >>> 0;
  ring.fill(Math.imul((h2 + (h2 >>> 8)) & 0xff, 0x01010101), 0, N);
  ring[0] = seed32;
  ring[1] = hidden;
  for (let i = 1; i < N; i++) {
    const prev = ring[i - 1] as number;
    ring[i] = (ring[i] as number) ^ ((Math.imul(1812433253, prev ^ (prev >>> 30)) + i) | 0);
  }
  return ring;
}

/** Runs `count` steps of the block from ring index idx, writing the tempered words to out (if any); returns the new index. */
function stepBlock(ring: Int32Array, idx: number, set: number, count: number, out?: Uint32Array): number {
  const [pos, sh1, sh2] = [param(set, 0), param(set, 1), param(set, 2)];
  for (let o = 0; o < count; o++) {
    let x = ((ring[idx] as number) & MTGP32_MASK) ^ (ring[(idx + 1) % RING] as number);
    x ^= x << sh1;
    const y = x ^ ((ring[(idx + pos) % RING] as number) >>> sh2);
    const r = y ^ param(set, 3 + (y & 15));
    ring[(idx + N) % RING] = r;
    let t = ring[(idx + pos - 1) % RING] as number;
    t ^= t >>> 16;
    t ^= t >>> 8;
    if (out !== undefined) out[o] = r ^ param(set, 19 + (t & 15));
    idx = (idx + 1) % RING;
  }
  return idx;
}

function tempered(ring: Int32Array, idx: number, set: number, count: number): Uint32Array {
  const out = new Uint32Array(count);
  stepBlock(ring.slice(), idx, set, count, out);
  return out;
}

/** Words block b of `blocks` has produced at stream position p (§3.2: 256-word chunks, round robin). */
function wordsOfBlock(b: number, blocks: number, p: number): number {
  const chunk = Math.floor(p / 256);
  const rounds = Math.floor(chunk / blocks) + (chunk % blocks > b ? 1 : 0);
  return rounds * 256 + (chunk % blocks === b ? p % 256 : 0);
}

describe('MTGP32 jump-ahead: the recursion is linear and each set has its characteristic polynomial', () => {
  it('every set used has XOR-linear tables and pos ≥ 3 (the oldest word’s masked bits are never read)', () => {
    const nonlinear: string[] = [];
    for (let set = 0; set < MTGP32_JUMP_SETS; set++) {
      for (const at of [3, 19]) {
        for (let a = 0; a < 16; a++) {
          for (let b = 0; b < 16; b++) if ((param(set, at + (a ^ b)) ^ param(set, at + a) ^ param(set, at + b)) !== 0) nonlinear.push(`${set}/${at}`);
        }
      }
      expect(param(set, 0)).toBeGreaterThanOrEqual(3);
    }
    expect(nonlinear).toEqual([]);
    expect(MTGP32_JUMP_SETS).toBe(192);
  });
  it('each set’s φ has degree 11213 and annihilates its recursion', () => {
    for (let set = 0; set < MTGP32_JUMP_SETS; set++) {
      const phi = mtgp32CharPoly(set);
      const coefficient = (i: number) => ((phi[i >>> 5] as number) >>> (i & 31)) & 1;
      expect([coefficient(0), coefficient(11213), phi[350] as number >>> 14]).toEqual([1, 1, 0]);
      // φ(A)·s = 0: the XOR of the windows at φ's terms vanishes on the state's bits.
      const lin = new Int32Array(N + 11214);
      lin.set(seededRing(set, set * 7919).subarray(0, N));
      for (let n = 0; n < 11214; n++) {
        let x = ((lin[n] as number) & MTGP32_MASK) ^ (lin[n + 1] as number);
        x ^= x << param(set, 1);
        const y = x ^ ((lin[n + param(set, 0)] as number) >>> param(set, 2));
        lin[n + N] = y ^ param(set, 3 + (y & 15));
      }
      const acc = new Int32Array(N);
      for (let i = 0; i <= 11213; i++) if (coefficient(i) === 1) for (let j = 0; j < N; j++) acc[j] = (acc[j] as number) ^ (lin[i + j] as number);
      expect((acc[0] as number) & MTGP32_MASK).toBe(0);
      expect(acc.subarray(1).every((w) => w === 0)).toBe(true);
    }
  });
  it('refuses sets without a polynomial', () => {
    expect(() => mtgp32CharPoly(192)).toThrow(RangeError);
  });
});

describe('MTGP32 jumpBlock', () => {
  const scratch = new Mtgp32JumpScratch();
  it('equals stepping, for any set, ring index and number of steps', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 191 }), fc.integer({ min: 0, max: RING - 1 }), fc.integer({ min: 0, max: 300_000 }), fc.integer(), (set, idx, steps, seed) => {
        const start = seededRing(set, seed | 0);
        stepBlock(start, 0, set, idx); // some ring index, as a block in use has
        const stepped = start.slice();
        const at = stepBlock(stepped, idx, set, steps);
        const jumped = start.slice();
        expect(jumpBlock(jumped, idx, set, steps, scratch)).toBe(at);
        expectSameBits(tempered(jumped, at, set, 700), tempered(stepped, at, set, 700), `set ${set} idx ${idx} steps ${steps}`);
      }),
      { numRuns: 15, examples: [[0, 0, 0, 1], [191, 1023, 1, 2], [63, 700, 11213, 3], [5, 3, 131072, 4]] },
    );
  });
  it('jumps compose, up to 2^53 − 1 steps', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 191 }), fc.integer({ min: 0, max: MAX - 1000 }), fc.integer({ min: 0, max: MAX - 1000 }), (set, x, y) => {
        const a = Math.min(x, y);
        const b = Math.max(x, y) - a;
        const twice = seededRing(set, 17);
        const at = jumpBlock(twice, jumpBlock(twice, 0, set, a, scratch), set, b, scratch);
        const once = seededRing(set, 17);
        expect(jumpBlock(once, 0, set, a + b, scratch)).toBe(at);
        expectSameBits(tempered(twice, at, set, 400), tempered(once, at, set, 400), `set ${set}: ${a} + ${b}`);
        // A jump and then 1000 steps equals the longer jump.
        const stepped = stepBlock(once, at, set, 1000);
        const longer = seededRing(set, 17);
        expectSameBits(tempered(longer, jumpBlock(longer, 0, set, a + b + 1000, scratch), set, 300), tempered(once, stepped, set, 300));
      }),
      { numRuns: 6, examples: [[191, 0, MAX - 1000], [0, 2 ** 52, 2 ** 53 - 2000]] },
    );
  });
  it('gives the ts engine’s words where a block resumes (the engine steps there)', () => {
    for (const [set, round] of [[0, 0], [1, 3], [100, 1000], [191, 20_000]] as const) {
      const engine = new Mtgp32Engine(42n, 'default');
      engine.setState({ position: String((round * 192 + set) * 256) });
      const want = new Uint32Array(256);
      engine.fill(want, 256, 1, false);
      const ring = seededRing(set, 42 + set + 1);
      expectSameBits(tempered(ring, jumpBlock(ring, 0, set, 256 * round, scratch), set, 256), want, `set ${set} round ${round}`);
    }
  });
  it('runs in set-up steps of a square each, with the same result', () => {
    const steps = 2 ** 45 + 12345;
    const ring = seededRing(7, 99);
    const job = new Mtgp32BlockJump(ring, 5, 7, steps);
    const total = Mtgp32BlockJump.stepsFor(steps);
    expect(job.stepsLeft).toBe(total);
    expect(total).toBeGreaterThan(30);
    for (let left = total; left > 0; left--) {
      expect(job.run(1)).toBe(1);
      expect(job.stepsLeft).toBe(left - 1);
    }
    expect(job.run(5)).toBe(0);
    const whole = seededRing(7, 99);
    const at = jumpBlock(whole, 5, 7, steps, new Mtgp32JumpScratch(true)); // the plain XOR loop, too
    expect(job.idx).toBe(at);
    expectSameBits(tempered(ring, at, 7, 500), tempered(whole, at, 7, 500));
  });
  it('refuses bad arguments, naming them, and leaves the ring alone', () => {
    const ring = seededRing(0, 1);
    const before = ring.slice();
    expect(() => jumpBlock(new Int32Array(1023), 0, 0, 1)).toThrow(/ring must be an Int32Array of 1024 words/);
    expect(() => jumpBlock(new Uint32Array(1024) as unknown as Int32Array, 0, 0, 1)).toThrow(TypeError);
    for (const idx of [-1, 1024, 0.5]) expect(() => jumpBlock(ring, idx, 0, 1)).toThrow(/idx must be an integer in \[0, 1023\]/);
    for (const set of [-1, 192, 1.5]) expect(() => jumpBlock(ring, 0, set, 1)).toThrow(/set must be an integer in \[0, 191\]/);
    for (const steps of [-1, 2 ** 53, 0.5, Number.NaN]) expect(() => jumpBlock(ring, 0, 0, steps)).toThrow(/steps must be an integer in \[0, 2\^53 − 1\]/);
    expectSameBits(ring, before);
  });
});

describe('MTGP32 jumpBlock against cuRAND', () => {
  it.skipIf(!hasCurandHost)(
    '[curand-host] every block jumped from its seed continues with cuRAND’s words, 192 and 64 blocks',
    () => {
      const scratch = new Mtgp32JumpScratch();
      for (const [ordering, blocks, position] of [['default', 192, 2 ** 28 + 12345], ['legacy', 64, 2 ** 26 + 777]] as const) {
        const seed = 0x1234_5678_9abc_def0n;
        const seed32 = Number(BigInt.asUintN(32, seed ^ (seed >> 32n)));
        using g = new Generator({ algorithm: 'mtgp32', backend: 'curand-host', seed, ordering });
        const sink = new Uint32Array(1 << 24);
        for (let left = position; left > 0; left -= sink.length) g.uint32(sink.subarray(0, Math.min(left, sink.length)));
        const n = blocks * 256 * 2;
        const want = g.uint32(n);
        const got = new Uint32Array(n);
        for (let b = 0; b < blocks; b++) {
          const ring = seededRing(b, (seed32 + b + 1) | 0);
          let idx = jumpBlock(ring, 0, b, wordsOfBlock(b, blocks, position), scratch);
          // The block's next words, placed where the layout puts them.
          for (let p = position; p < position + n; p++) {
            const chunk = Math.floor(p / 256);
            if (chunk % blocks !== b) continue;
            const word = new Uint32Array(1);
            idx = stepBlock(ring, idx, b, 1, word);
            got[p - position] = word[0] as number;
          }
        }
        expectSameBits(got, want, ordering);
      }
    },
    120_000,
  );
});
