import { describe, expect, it } from 'vitest';
import { NATIVE_DISCARD_LIMIT } from '../src/backends/curand.js';
import { Mtgp32Engine } from '../src/engines/mtgp32.js';
import { Generator } from '../src/index.js';
import { hasCurandHost } from './support/backends.js';
import { expectSameBits } from './support/compare.js';

/**
 * MTGP32 past 2^32 words (issue 12): cuRAND keeps its position modulo 2^32, so a call that starts at
 * 2^32 or later starts in the block the truncated position names (64 blocks back for the 192-block
 * layouts), computing only the rest of that block's chunk, while a call that merely runs past 2^32
 * goes on as before (src/engines/mtgp32-cursor.ts; docs/spec/curand-host-semantics.md §3.4).
 */

const BIG = 1 << 24;
const TWO_32 = 2 ** 32;

/** Generates `words` words on g in calls of at most 2^24 (every call starts below 2^32 if words ≤ 2^32). */
function advance(g: Generator, words: number, scratch: Uint32Array): void {
  for (let left = words; left > 0; ) {
    const k = Math.min(left, scratch.length);
    g.uint32(k === scratch.length ? scratch : scratch.subarray(0, k));
    left -= k;
  }
}

describe('MTGP32 past 2^32 words', () => {
  it('simd: 256 calls of 2^24 words, then a call of 8 starting at 2^32, gives cuRAND\'s words', () => {
    // cuRAND 10.4.0.35 host, seed 42, default ordering: the reproducer of issue 12 (block 0's next
    // chunk, where the plain layout would give block 64's: ba095df3 …).
    using g = new Generator({ backend: 'simd', algorithm: 'mtgp32', seed: 42n });
    advance(g, TWO_32, new Uint32Array(BIG));
    const words = Array.from(g.uint32(8), (w) => w.toString(16).padStart(8, '0'));
    expect(words).toEqual(['da7105b9', '0bb75853', '2b1c03b8', 'b5588b9c', 'abb19a36', '5d7230f2', '8331efeb', '966893d3']);
    expect(g.position).toBe(BigInt(TWO_32 + 8));
  }, 300_000);

  it('states: the plain form while every block follows from the position, per-block positions and holes otherwise', () => {
    const engine = new Mtgp32Engine(7n, 'default');
    engine.fill(new Uint32Array(1000), 1000, 1, false);
    expect(engine.getState()).toEqual({ position: '1000' });
    expect(engine.isCanonical()).toBe(true);
    // What the first call past 2^32 leaves after a crossing call that stopped 5 words into block 64
    // (the state the test below reads from cuRAND's bookkeeping; measured there).
    const holed = { position: String(TWO_32 + 305), words: 22369536, wordRuns: [512, 1, 305, 1, 256, 62, 5, 1, 0, 127], holes: [[0, 87382, 0, 5]] };
    engine.setState(holed);
    expect(engine.getState()).toEqual(holed);
    expect(engine.isCanonical()).toBe(false);
    const bad: [unknown, string][] = [
      [{ ...holed, holes: [[0, 87383, 0, 5]] }, 'holes[0]'],
      [{ ...holed, holes: [[192, 1, 0, 5]] }, 'holes[0]'],
      [{ ...holed, holes: [[0, 1, 5, 5]] }, 'holes[0]'],
      [{ ...holed, holes: [[0, 2, 0, 5], [0, 1, 0, 5]] }, 'holes[1]'],
      [{ ...holed, holes: {} }, 'holes'],
      [{ ...holed, wordRuns: [0, 191] }, '192'],
    ];
    for (const [state, message] of bad) {
      expect(() => engine.setState(state as never), JSON.stringify(state)).toThrow(message);
      expect(engine.getState()).toEqual(holed);
    }
  });
});

describe.runIf(hasCurandHost)('[curand-host] MTGP32 across 2^32 words on simd, ts and cuRAND', () => {
  it('calls that cross 2^32, start past it mid-chunk and revisit the moved blocks match cuRAND; states resume after it', async () => {
    const scratch = new Uint32Array(BIG);
    using mine = new Generator({ backend: 'simd', algorithm: 'mtgp32', seed: 42n, threads: 2 });
    using ref = new Generator({ backend: 'curand-host', algorithm: 'mtgp32', seed: 42n });
    const start = TWO_32 - (1 << 20);
    advance(mine, start, scratch);
    advance(ref, start, scratch);
    /** The same call on both; returns cuRAND's words. */
    const both = <T extends Uint32Array | Float32Array | Float64Array>(label: string, f: (g: Generator) => T): T => {
      const want = f(ref);
      expectSameBits(f(mine), want, label);
      return want;
    };
    // Runs past 2^32, stopping 5 words into block 64's chunk: as before the wrap.
    both('crossing call', (g) => g.uint32((1 << 20) + 5));
    // Starts at 2^32 + 5: block 0 (not 64), its chunk from word 5 on (its words 0–4 never computed).
    both('first call past 2^32', (g) => g.uint32(300));
    const saved = mine.getState();
    expect(ref.getState()).toEqual(saved);
    expect(Object.keys(saved.engine).sort()).toEqual(['holes', 'position', 'wordRuns', 'words']);
    // On to block 64 again, which recomputes its chunk from word 0.
    const toBlock64 = both('to block 64', (g) => g.uint32(64 * 256 - 305));
    const block64 = both('block 64 again', (g) => g.uint32(300));
    both('normals over every block', (g) => g.normal(192 * 256 + 17, 0.25, 1.5));
    both('uniform doubles', (g) => g.uniformDouble(1001));
    expectSameBits(await mine.uniformAsync(1 << 18), ref.uniform(1 << 18), 'uniformAsync on two threads');
    expect(mine.getState()).toEqual(ref.getState());

    // The state saved right after the first call past 2^32 resumes on simd and on ts: every block
    // rebuilt through its history, the hole included.
    using r = Generator.fromState(JSON.stringify(saved), { backend: 'simd' });
    expect(r.getState()).toEqual(saved);
    expectSameBits(r.uint32(64 * 256 - 305), toBlock64, 'simd resumed: to block 64');
    expectSameBits(r.uint32(300), block64, 'simd resumed: block 64 again');
    using t = Generator.fromState(JSON.stringify(saved), { backend: 'ts' });
    expectSameBits(t.uint32(200), toBlock64.subarray(0, 200), 'ts resumed: block 0, through its hole');
    // cuRAND reaches such a state only by repeating the calls: refused, naming the discard limit.
    expect(() => Generator.fromState(saved, { backend: 'curand-host' })).toThrow(
      expect.objectContaining({ name: 'RangeError', message: expect.stringContaining(String(NATIVE_DISCARD_LIMIT)) }),
    );
  }, 600_000);
});
