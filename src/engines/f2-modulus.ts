/**
 * Arithmetic in GF(2)[x] modulo a generator's characteristic polynomial φ, for jump-ahead: if φ is
 * the characteristic polynomial of a GF(2)-linear generator's transition map A, then A^J = p(A) for
 * p = x^J mod φ (Cayley–Hamilton), so J steps cost one evaluation of p (f2-horner.ts) instead of J
 * steps (Haramoto, Matsumoto, Nishimura, Panneton & L'Ecuyer, "Efficient jump ahead for F2-linear
 * random number generators", INFORMS J. Computing 20(3), 2008).
 *
 * Polynomials are bit arrays: coefficient i is bit i % 32 of word ⌊i/32⌋. x^J mod φ is computed by
 * square-and-multiply over J's bits; a square spreads the bits (over GF(2), (Σ a_i x^i)² = Σ a_i x^2i)
 * and is reduced a byte at a time from the top with a table of the 256 multiples q·φ (deg q < 8),
 * kept pre-shifted by 0, 8, 16 and 24 bits so that every reduction is one word-aligned block XOR
 * (xor-kernel.ts: WebAssembly SIMD where available).
 */

import { createXorHeap, type XorHeap } from './xor-kernel.js';

/** Multiples q·φ per table (deg q < 8). */
const MULTIPLES = 256;
/** The pre-shifts 0, 8, 16, 24 bits: every byte boundary within a word. */
const ALIGNMENTS = 4;

const roundUp4 = (n: number): number => (n + 3) & ~3;

/** Interleaves zeros: bit i of a 16-bit value goes to bit 2i (squaring in GF(2)[x]). */
function spread(x: number): number {
  x = (x | (x << 8)) & 0x00ff00ff;
  x = (x | (x << 4)) & 0x0f0f0f0f;
  x = (x | (x << 2)) & 0x33333333;
  return (x | (x << 1)) & 0x55555555;
}

/** Heap layout (words): ALIGNMENTS × MULTIPLES table entries, then the double-width square. */
function tableLayout(degree: number) {
  const words = Math.ceil(degree / 32);
  const entry = roundUp4(Math.ceil((degree + 8 + 24) / 32));
  const wideAt = ALIGNMENTS * MULTIPLES * entry;
  const wideWords = 2 * words + entry + 4;
  return { words, entry, wideAt, wideWords, total: wideAt + wideWords };
}

/** GF(2)[x]/φ for one φ of a given degree; the tables live in one XOR heap. */
export class F2Modulus {
  /** Words of a reduced polynomial (degree < φ's degree). */
  readonly words: number;
  readonly #phi: Int32Array;
  readonly #xor: XorHeap;
  /** Words per table entry: (q·φ) shifted by up to 24 bits, rounded up for the block XOR. */
  readonly #entry: number;
  /** Where the double-width square is reduced. */
  readonly #wideAt: number;
  readonly #wideWords: number;
  /** QUOTIENT[b]: the q whose multiple q·φ has b as its coefficients degree … degree+7. */
  readonly #quotient = new Uint8Array(MULTIPLES);
  /** The shift s (a multiple of 8) of the highest byte a square can have above the degree. */
  readonly #topShift: number;

  /**
   * `phi`: φ's coefficients 0 … degree (both ends set). `heap`: where the tables go, at least
   * {@link F2Modulus.heapWords} words (one heap can serve moduli of the same degree in turn).
   */
  constructor(
    phi: Uint32Array,
    readonly degree: number,
    heap: XorHeap = createXorHeap(F2Modulus.heapWords(degree)),
  ) {
    if (((phi[0] as number) & 1) === 0 || (((phi[degree >>> 5] ?? 0) >>> (degree & 31)) & 1) === 0) {
      throw new RangeError('φ must have its constant and leading coefficients set');
    }
    const layout = tableLayout(degree);
    if (heap.heap.length < layout.total) throw new RangeError(`the heap must hold ${layout.total} words`);
    this.words = layout.words;
    this.#entry = layout.entry;
    this.#wideAt = layout.wideAt;
    this.#wideWords = layout.wideWords;
    this.#phi = new Int32Array(Math.ceil((degree + 1) / 32));
    this.#phi.set(phi.subarray(0, this.#phi.length));
    // A square has degree ≤ 2·(degree − 1); the byte at degree + s … degree + s + 7 is the top one.
    this.#topShift = Math.ceil((2 * (degree - 1) - (degree + 7)) / 8) * 8;
    this.#xor = heap;
    this.#buildTables();
  }

  /** Words of the heap a modulus of this degree needs. */
  static heapWords(degree: number): number {
    return tableLayout(degree).total;
  }

  #at(alignment: number, q: number): number {
    return (alignment * MULTIPLES + q) * this.#entry;
  }

  /** Entry (a, q) = (q·φ) << 8a: the single-bit q by shifting φ, the rest as XORs of two entries. */
  #buildTables(): void {
    const { heap, xorOf } = this.#xor;
    const phi = this.#phi;
    for (let a = 0; a < ALIGNMENTS; a++) {
      heap.fill(0, this.#at(a, 0), this.#at(a, 1));
      for (let j = 0; j < 8; j++) {
        const at = this.#at(a, 1 << j);
        heap.fill(0, at, at + this.#entry);
        const shift = 8 * a + j;
        for (let w = 0; w < phi.length; w++) {
          const v = phi[w] as number;
          heap[at + w] = (heap[at + w] as number) | (v << shift);
          if (shift !== 0) heap[at + w + 1] = v >>> (32 - shift);
        }
      }
      for (let q = 3; q < MULTIPLES; q++) {
        const low = q & -q;
        if (low !== q) xorOf(this.#at(a, q), this.#at(a, q ^ low), this.#at(a, low), this.#entry);
      }
    }
    // φ's leading coefficient makes q ↦ (the top byte of q·φ) a bijection.
    const top = this.degree;
    for (let q = 0; q < MULTIPLES; q++) this.#quotient[this.#byteAt(this.#at(0, q), top)] = q;
  }

  /** Coefficients bit … bit+7 of the polynomial at heap word `at`. */
  #byteAt(at: number, bit: number): number {
    const heap = this.#xor.heap;
    const w = at + (bit >>> 5);
    const r = bit & 31;
    const lo = (heap[w] as number) >>> r;
    return (r > 24 ? lo | ((heap[w + 1] as number) << (32 - r)) : lo) & 0xff;
  }

  /** a ← a² mod φ (a: `words` words, degree < φ's). */
  square(a: Uint32Array): void {
    const { heap, xorInto } = this.#xor;
    const wide = this.#wideAt;
    for (let w = 0; w < this.words; w++) {
      const v = a[w] as number;
      heap[wide + 2 * w] = spread(v & 0xffff);
      heap[wide + 2 * w + 1] = spread(v >>> 16);
    }
    heap.fill(0, wide + 2 * this.words, wide + this.#wideWords);
    // Clear the coefficients above the degree a byte at a time from the top: the byte at
    // degree + s … degree + s + 7 is cancelled by (q·φ) << s, which leaves the bits above it alone.
    for (let s = this.#topShift; s >= 0; s -= 8) {
      const byte = this.#byteAt(wide, this.degree + s);
      if (byte !== 0) xorInto(wide + (s >>> 5), this.#at((s & 31) >>> 3, this.#quotient[byte] as number), this.#entry);
    }
    for (let w = 0; w < this.words; w++) a[w] = heap[wide + w] as number;
  }

  /** a ← x·a mod φ. */
  timesX(a: Uint32Array): void {
    let carry = 0;
    for (let w = 0; w < this.words; w++) {
      const v = a[w] as number;
      a[w] = (v << 1) | carry;
      carry = v >>> 31;
    }
    const d = this.degree;
    const overflow = d === 32 * this.words ? carry : ((a[d >>> 5] as number) >>> (d & 31)) & 1;
    if (overflow === 0) return;
    const phi = this.#phi;
    for (let w = 0; w < this.words; w++) a[w] = (a[w] as number) ^ (phi[w] as number);
  }
}

/**
 * x^J mod φ computed a step at a time (one square, and a multiplication by x where J's bit is 1),
 * so that a long set-up can run in slices. The leading bits of J whose value stays below the degree
 * need no reduction: x^m is then a single bit.
 */
export class XPower {
  /** The result so far; x^J mod φ once `stepsLeft` is 0. */
  readonly value: Uint32Array;
  readonly #bits: string;
  #next: number;

  constructor(
    readonly modulus: F2Modulus,
    exponent: number,
  ) {
    this.#bits = binary(exponent);
    const { m, used } = leadingPower(this.#bits, modulus.degree);
    this.#next = used;
    this.value = new Uint32Array(modulus.words);
    this.value[m >>> 5] = 1 << (m & 31);
  }

  /** The steps x^exponent takes modulo a φ of this degree. */
  static stepsFor(exponent: number, degree: number): number {
    const bits = binary(exponent);
    return bits.length - leadingPower(bits, degree).used;
  }

  get stepsLeft(): number {
    return this.#bits.length - this.#next;
  }

  /** Runs up to `steps` steps; returns how many ran. */
  run(steps: number): number {
    let done = 0;
    for (; done < steps && this.#next < this.#bits.length; done++) {
      this.modulus.square(this.value);
      if (this.#bits.charCodeAt(this.#next++) === 49) this.modulus.timesX(this.value);
    }
    return done;
  }
}

function binary(exponent: number): string {
  if (!Number.isSafeInteger(exponent) || exponent < 0) throw new RangeError('exponent must be a safe integer ≥ 0');
  return exponent.toString(2);
}

/** The value m of J's leading bits while it stays below the degree, and how many bits that is. */
function leadingPower(bits: string, degree: number): { m: number; used: number } {
  let m = 0;
  let used = 0;
  for (; used < bits.length && 2 * m + 1 < degree; used++) m = 2 * m + (bits.charCodeAt(used) - 48);
  return { m, used };
}
