/**
 * The draw kernels (src/draws/draw-kernel.ts): the addon's (every kernel this CPU runs) and the
 * WebAssembly one give exactly what the TypeScript loops give — the same values and the same words
 * read — for random words (with runs of rejected attempts), spans, bases, output types, lengths around
 * the kernels' thresholds, cursor positions inside the lent arrays, and lent arrays that end anywhere
 * (inside a rejection too). The TypeScript draws are the reference; NumPy and cuRAND check those
 * (draws-core-numpy, golden-draws). Then the Generator: the same values and states on every backend.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { discover } from '../src/backends/discovery.js';
import { fillPoissonCumulative, fillPoissonSquareHistogram } from '../src/distributions/poisson.js';
import { cumulativeTable, squareHistogram } from '../src/distributions/poisson-tables.js';
import { uniformDoubleCentered } from '../src/distributions/uniform.js';
import { planBernoulli } from '../src/draws/bernoulli.js';
import type { BitSource, WordArraySource } from '../src/draws/bit-source.js';
import type { DrawKernel } from '../src/draws/draw-kernel.js';
import { fillBounded32, threshold32 } from '../src/draws/lemire.js';
import { planRandom } from '../src/draws/random.js';
import { shuffleFrom } from '../src/draws/shuffle.js';
import { Generator, type BackendName } from '../src/index.js';
import { NativeDrawKernel } from '../src/kernels/native-draws.js';
import { wasmKernel } from '../src/kernels/wasm.js';
import { DOUBLE_LIBM } from '../src/math/libm.js';
import type { AnyTypedArray } from '../src/types.js';
import { hasCurandHost } from './support/backends.js';

const found = discover();
const binding = found.binding;
if (binding === null) console.warn(`\n!!! [simd] native draw kernel tests are SKIPPED: ${found.addon.error}\n`);
const KERNELS: Array<[string, DrawKernel]> = [
  ...(binding?.cpuKernels.available ?? []).map((name): [string, DrawKernel] => [`native ${name}`, new NativeDrawKernel(binding!, name)]),
  ['wasm', wasmKernel().draws],
];

const TWO_32 = 4294967296;

/** A 32-bit mix (splitmix32's finaliser): word i of stream `seed`. */
function mix(seed: number, i: number): number {
  let z = (seed + Math.imul(i + 1, 0x9e3779b9)) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * An endless word stream: random words, with about `rare` in 256 replaced by words whose attempts
 * are rejected for many spans (0 and other small words: x mod 2^32 = w·m is below the threshold) or,
 * given a span, by words just above a multiple of 2^32/span (x mod 2^32 small: rejected or barely
 * accepted). Runs of them make attempts rejected one after another.
 */
function stream(seed: number, rare: number, span?: number): (i: number) => number {
  return (i) => {
    const h = mix(seed, i);
    if ((h & 0xff) >= rare) return mix(seed ^ 0x5bd1e995, i);
    const pick = (h >>> 8) & 3;
    if (pick === 0 || span === undefined || span >= TWO_32) return (h >>> 10) & 3;
    const j = BigInt(1 + ((h >>> 10) % (span - 1)));
    return Number(((j << 32n) + BigInt(span) - 1n) / BigInt(span)) % TWO_32;
  };
}

/** The reference's source: one word at a time, never lent. */
class PlainSource implements BitSource {
  used = 0;
  constructor(readonly wordAt: (i: number) => number) {}
  nextUint32(): number {
    return this.wordAt(this.used++);
  }
}

/**
 * Lends the stream's words in arrays of uneven lengths: each refill keeps `lead` words already read
 * before the cursor and takes `extra` words more than asked (both cycling through `chops`), so that
 * lent arrays start and end anywhere.
 */
class ChoppySource implements WordArraySource {
  #buf = new Uint32Array(0);
  #taken = 0;
  #chop = 0;
  cursor = 0;
  constructor(
    readonly wordAt: (i: number) => number,
    readonly chops: ReadonlyArray<readonly [number, number]>,
    readonly drawKernel: DrawKernel | null,
  ) {}

  get used(): number {
    return this.#taken - (this.#buf.length - this.cursor);
  }

  #refill(n: number): void {
    const [lead, extra] = this.chops[this.#chop++ % this.chops.length]!;
    const rest = this.#buf.subarray(this.cursor);
    const add = n + extra;
    const next = new Uint32Array(lead + rest.length + add).fill(0xdeadbeef);
    next.set(rest, lead);
    for (let k = 0; k < add; k++) next[lead + rest.length + k] = this.wordAt(this.#taken + k);
    this.#taken += add;
    this.#buf = next;
    this.cursor = lead;
  }

  nextUint32(): number {
    if (this.cursor === this.#buf.length) this.#refill(1);
    return this.#buf[this.cursor++]!;
  }

  lend(n: number): Uint32Array {
    const available = this.#buf.length - this.cursor;
    if (n > available) this.#refill(n - available);
    return this.#buf;
  }
}

const chopsArb = fc.array(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.oneof(fc.integer({ min: 0, max: 8 }), fc.integer({ min: 0, max: 3000 }))), {
  minLength: 1,
  maxLength: 4,
});
/** Lengths around the kernels' thresholds and groups, and longer. */
const lengthArb = fc.oneof(fc.integer({ min: 0, max: 140 }), fc.integer({ min: 0, max: 6000 }));

interface Case<T> {
  seed: number;
  rare: number;
  prefix: number;
  chops: ReadonlyArray<readonly [number, number]>;
  make: () => T;
  span?: number;
  /** The words, if not stream(seed, rare, span). */
  wordAt?: (i: number) => number;
  draw: (src: BitSource, target: T) => void;
}

/** The draw on the reference source, then on choppy sources without and with `kernel`: outputs and words read must agree. */
function expectSame<T extends AnyTypedArray>(kernel: DrawKernel, c: Case<T>): void {
  const wordAt = c.wordAt ?? stream(c.seed, c.rare, c.span);
  const run = (src: BitSource & { used: number }): { out: T; used: number } => {
    for (let k = 0; k < c.prefix; k++) src.nextUint32();
    const out = c.make();
    c.draw(src, out);
    return { out, used: src.used };
  };
  const bytes = (a: T): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  const reference = run(new PlainSource(wordAt));
  for (const subject of [null, kernel]) {
    const got = run(new ChoppySource(wordAt, c.chops, subject));
    expect(bytes(got.out).equals(bytes(reference.out)), `values with ${subject === null ? 'the TypeScript loops' : kernel.name}`).toBe(true);
    expect(got.used, 'words read').toBe(reference.used);
  }
}

const caseArb = fc.record({
  seed: fc.integer({ min: 0, max: 0xffffffff }),
  rare: fc.constantFrom(0, 8, 64, 160),
  prefix: fc.integer({ min: 0, max: 70 }),
  chops: chopsArb,
});

/** Spans: small ones, awkward ones (high rejection: 2^31 + 1 rejects almost half the attempts), large ones. */
const spanArb = fc.oneof(
  fc.integer({ min: 2, max: 1000 }),
  fc.constantFrom(3, 10, 2 ** 16 + 1, 3 * 2 ** 30 + 1, 2 ** 31 - 1, 2 ** 31, 2 ** 31 + 1, 2 ** 32 - 1),
  fc.integer({ min: 2, max: TWO_32 - 1 }),
);

/** An output type and base that hold [base, base + span). */
function boundedTarget(span: number, pick: number, n: number): { make: () => AnyTypedArray; base: number } {
  const options: Array<{ make: () => AnyTypedArray; base: number }> = [];
  if (span <= 2 ** 31) options.push({ make: () => new Int32Array(n), base: -(2 ** 31) + (pick % (2 ** 31 - span + 1)) });
  options.push({ make: () => new Uint32Array(n), base: pick % (TWO_32 - span + 1) });
  options.push({ make: () => new Float64Array(n), base: (pick % 2 === 0 ? -1 : 1) * (pick * 2 ** 21) });
  if (span <= 128) options.push({ make: () => new Int8Array(n), base: -128 + (pick % (256 - span + 1)) });
  if (span <= 256) options.push({ make: () => new Uint8Array(n), base: pick % (256 - span + 1) });
  if (span <= 256) options.push({ make: () => new Uint8ClampedArray(n), base: 0 });
  if (span <= 32768) options.push({ make: () => new Int16Array(n), base: -32768 + (pick % (65536 - span + 1)) });
  if (span <= 65536) options.push({ make: () => new Uint16Array(n), base: pick % (65536 - span + 1) });
  return options[pick % options.length]!;
}

/** Every typed array kind, filled with distinct values so that a swap shows. */
const SHUFFLED: Array<(n: number) => AnyTypedArray> = [
  (n) => new Float64Array(n).map((_, i) => i + 0.5),
  (n) => new Float32Array(n).map((_, i) => i - 0.25),
  (n) => new Int32Array(n).map((_, i) => -i),
  (n) => new Uint32Array(n).map((_, i) => 4e9 - i),
  (n) => new Int16Array(n).map((_, i) => i - 30000),
  (n) => new Uint16Array(n).map((_, i) => i),
  (n) => new Int8Array(n).map((_, i) => (i % 256) - 128),
  (n) => new Uint8Array(n).map((_, i) => i),
  (n) => new Uint8ClampedArray(n).map((_, i) => i),
  (n) => BigInt64Array.from({ length: n }, (_, i) => BigInt(i) * -(2n ** 40n)),
  (n) => BigUint64Array.from({ length: n }, (_, i) => 2n ** 63n + BigInt(i)),
];

/**
 * Words for Poisson's table lookups: random ones, and about one in four where the result turns: u = 1
 * (0xFFFFFFFF, the spare cell), 0, u next to a threshold or cumulative entry (u < t flips between
 * x + 1 = ⌈t·2^32⌉ − 1 and ⌈t·2^32⌉) and cells·u next to an integer (the cell index turns).
 */
function poissonWords(seed: number, n: number, edges: readonly number[], cells: number): Uint32Array {
  return Uint32Array.from({ length: n }, (_, i) => {
    const h = mix(seed, i);
    if ((h & 3) !== 0) return mix(seed ^ 0x5bd1e995, i);
    const pick = (h >>> 2) % 4;
    const near = ((h >>> 4) % 5) - 3; // −3 … 1 from the word whose x + 1 is the edge
    const edge = pick === 0 ? edges[(h >>> 8) % edges.length]! * TWO_32 : pick === 1 ? Math.ceil((((h >>> 8) % cells) * TWO_32) / cells) : pick === 2 ? TWO_32 : 1;
    return Math.min(Math.max(Math.ceil(edge) + near, 0), TWO_32 - 1);
  });
}

describe.each(KERNELS)('draw kernel %s equals the TypeScript loops', (_name, kernel) => {
  it("Poisson's table lookups: square histograms and cumulative tables over words at every turning point", () => {
    fc.assert(
      fc.property(
        fc.double({ min: Math.log(1e-8), max: Math.log(1999.9999), noNaN: true }),
        fc.double({ min: 32, max: 8000, noNaN: true }),
        fc.constantFrom('x86-fma', 'x86-sse2' as const),
        fc.integer({ min: 0, max: 0xffffffff }),
        lengthArb,
        fc.integer({ min: 0, max: 9 }),
        (logLambda, cumulativeLambda, hostMath, seed, n, at) => {
          // The reference loop (no kernel) and the kernel, each into values 3 … 3 + n of its own output.
          const compare = (reference: (out: Uint32Array) => void, run: (out: Uint32Array) => void) => {
            const want = new Uint32Array(n + 3);
            const got = new Uint32Array(n + 3);
            reference(want);
            run(got);
            expect(got).toEqual(want);
          };
          const histogram = squareHistogram(Math.exp(logLambda), DOUBLE_LIBM[hostMath]);
          const h = poissonWords(seed, n + at, Array.from(histogram.threshold), histogram.cells);
          compare((out) => fillPoissonSquareHistogram(out, 3, h.subarray(at), n, histogram), (out) => kernel.poissonHistogram(h, at, out, 3, n, histogram, false));
          // MT19937's: the cell centre (x + 0.5)·2^-32.
          compare((out) => fillPoissonSquareHistogram(out, 3, h.subarray(at), n, histogram, uniformDoubleCentered), (out) => kernel.poissonHistogram(h, at, out, 3, n, histogram, true));
          const cumulative = cumulativeTable(cumulativeLambda, DOUBLE_LIBM[hostMath]);
          const c = poissonWords(seed, n + at, Array.from(cumulative.cdf), cumulative.cdf.length);
          compare((out) => fillPoissonCumulative(out, 3, c.subarray(at), n, cumulative), (out) => kernel.poissonCumulative(c, at, out, 3, n, cumulative));
        },
      ),
      { numRuns: 80 },
    );
  });

  it('bounded integers (Lemire): every span, base, output type, length and lent array', () => {
    fc.assert(
      fc.property(caseArb, spanArb, fc.nat(), lengthArb, (c, span, pick, n) => {
        const { make, base } = boundedTarget(span, pick, n);
        const t = threshold32(span);
        expectSame(kernel, { ...c, span, make, draw: (src, out) => fillBounded32(src, span, t, base, out as Int32Array) });
      }),
      { numRuns: 300 },
    );
  });

  it('random(): doubles from word pairs and floats from single words', () => {
    fc.assert(
      fc.property(caseArb, fc.boolean(), lengthArb, (c, single, n) => {
        const make = (): Float64Array | Float32Array => (single ? new Float32Array(n) : new Float64Array(n));
        expectSame(kernel, { ...c, make, draw: (src, out) => void planRandom(out).run(src) });
      }),
      { numRuns: 150 },
    );
  });

  it('bernoulli: every output type, p at its edges and words at the threshold', () => {
    const types = [Uint8Array, Int8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array, Float32Array, Float64Array];
    fc.assert(
      fc.property(
        caseArb,
        fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(0, 1, 0.5, 2 ** -32, 1 - 2 ** -32, 0.3)),
        fc.nat({ max: types.length - 1 }),
        lengthArb,
        (c, p, type, n) => {
          // About a word in 8 at the threshold or next to it, where rounding p·2^32 would show.
          const threshold = p * TWO_32;
          const random = stream(c.seed, 0);
          const wordAt = (i: number): number => {
            const h = mix(c.seed ^ 0x27d4eb2f, i);
            if ((h & 7) !== 0) return random(i);
            const w = Math.floor(threshold) + ((h >>> 3) % 3) - 1;
            return Math.min(Math.max(w, 0), TWO_32 - 1);
          };
          const Type = types[type]!;
          expectSame(kernel, { ...c, wordAt, make: () => new Type(n), draw: (src, out) => void planBernoulli(p, out).run(src) });
        },
      ),
      { numRuns: 150 },
    );
  });

  it('shuffle: every array type, whole or a tail (choice), words with runs of rejected attempts', () => {
    fc.assert(
      fc.property(caseArb, fc.nat({ max: SHUFFLED.length - 1 }), lengthArb, fc.nat(), (c, kind, n, tail) => {
        // first = 1 shuffles all; a larger first leaves a uniform sample in a[first..n) (choice).
        const first = n <= 1 || tail % 3 !== 0 ? 1 : 1 + (tail % (n - 1));
        expectSame(kernel, { ...c, make: () => SHUFFLED[kind]!(n), draw: (src, out) => shuffleFrom(src, out as Float64Array, n, first) });
      }),
      { numRuns: 300 },
    );
  });
});

const BACKENDS: Array<{ label: string; options: { backend: BackendName; kernel?: 'avx512' | 'avx2' | 'generic' } }> = [
  { label: 'wasm', options: { backend: 'wasm' } },
  ...(binding?.cpuKernels.available ?? []).map((kernel) => ({ label: `simd/${kernel}`, options: { backend: 'simd' as const, kernel } })),
  ...(hasCurandHost ? [{ label: '[curand-host]', options: { backend: 'curand-host' as const } }] : []),
];

type Step = { kind: 'integers'; span: number; n: number } | { kind: 'random' | 'float' | 'bernoulli' | 'shuffle' | 'uint32' | 'choice'; n: number };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('integers' as const), span: spanArb, n: lengthArb }),
  fc.record({ kind: fc.constantFrom('random' as const, 'float' as const, 'bernoulli' as const, 'shuffle' as const, 'uint32' as const), n: lengthArb }),
  fc.record({ kind: fc.constant('choice' as const), n: fc.integer({ min: 10001, max: 30000 }) }),
);

/** The step's values as bytes (or the uint32 call's words), on `g`. */
function runStep(g: Generator, step: Step): Buffer {
  const bytes = (a: AnyTypedArray): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  switch (step.kind) {
    case 'integers':
      return bytes(g.integers(0, step.span, step.n));
    case 'random':
      return bytes(g.random(step.n));
    case 'float':
      return bytes(g.random(new Float32Array(step.n)));
    case 'bernoulli':
      return bytes(g.bernoulli(0.3, step.n));
    case 'shuffle':
      return bytes(g.shuffle(new Float64Array(step.n).map((_, i) => i)));
    case 'uint32':
      return bytes(g.uint32(step.n % 50));
    case 'choice':
      // Without replacement and k > n / 50: the tail of a Fisher–Yates shuffle.
      return bytes(g.choice(step.n, Math.floor(step.n / 10), { replace: false }) as Int32Array);
  }
}

describe('the Generator gives the same draws and states on every backend', () => {
  it.each(BACKENDS)('$label equals ts for random mixes of bulk draws and cuRAND calls', ({ options }) => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), fc.array(stepArb, { minLength: 1, maxLength: 5 }), (seed, steps) => {
        using ref = new Generator({ backend: 'ts', seed });
        using mine = new Generator({ ...options, seed });
        for (const step of steps) expect(runStep(mine, step).equals(runStep(ref, step)), step.kind).toBe(true);
        expect(mine.getState()).toEqual(ref.getState());
      }),
      { numRuns: 20 },
    );
  });
});
