/**
 * Evaluates p(A)·window for a GF(2)-linear recurrence on a window of words (A: one step, the window
 * moved on by one word) and a polynomial p of degree below the recurrence's. With p = x^J mod φ
 * (f2-modulus.ts) this advances the window by J steps (Haramoto et al., INFORMS J. Computing 20(3),
 * 2008). MT19937 (mt19937-core.ts) and MTGP32 (mtgp32-jump.ts) both jump with it.
 *
 * Horner's rule eight coefficients at a time: acc ← A^8·acc + Σ_j p_{8c+j}·A^j·src, the 256 possible
 * inner sums tabulated once per jump. The accumulator slides forward through a buffer as the
 * recurrence extends it, and is copied back to the front when the buffer runs out.
 */

import { createXorHeap, type XorHeap } from './xor-kernel.js';

/** A GF(2)-linear recurrence on a window of consecutive words, the oldest first. */
export interface F2Recurrence {
  /** Words in a window. */
  readonly words: number;
  /** The degree of the characteristic polynomial (the window's significant bits). */
  readonly degree: number;
  /** Writes buf[at + words + k] for k < count: the recurrence continued from the window at `at`. */
  extend(buf: Int32Array, at: number, count: number): void;
}

/** Coefficient bits consumed per table lookup. */
const WINDOW = 8;
const TABLE = 1 << WINDOW;

const roundUp4 = (n: number): number => (n + 3) & ~3;

/** Heap layout (words) for windows of `words` words; block XORs run over `span` ≥ words words. */
function layout(words: number) {
  const span = roundUp4(words);
  const table = 0;
  const ext = TABLE * span;
  const acc = ext + span + WINDOW;
  const slide = 4 * span;
  return { span, table, ext, acc, slide, total: acc + slide + WINDOW };
}

/**
 * Scratch for {@link jumpWindow}, reusable across jumps of windows up to the size it was first
 * used with (≈ 256 windows: 650 KB for MT19937), in one heap whose block XORs run on WebAssembly
 * SIMD where available.
 */
export class JumpScratch {
  #xor: XorHeap | undefined;
  #words = 0;

  /** `plain` forces the JavaScript XOR loop. */
  constructor(readonly plain = false) {}

  heapFor(words: number): XorHeap {
    if (this.#xor === undefined || words > this.#words) {
      this.#xor = createXorHeap(layout(words).total, this.plain);
      this.#words = words;
    }
    return this.#xor;
  }
}

/**
 * dst = p(A)·src for p of degree < rec.degree (coefficient i: bit i % 32 of word ⌊i/32⌋). The
 * result agrees with the window J steps on wherever the window's significant bits are; bits that
 * are not part of the state (the masked low bits of the first word, for MT19937 and MTGP32) may
 * differ, since the recurrence never reads them.
 */
export function jumpWindow(rec: F2Recurrence, src: Int32Array, poly: Uint32Array, dst: Int32Array, scratch: JumpScratch): void {
  const words = rec.words;
  const { span, table, ext, acc, slide } = layout(words);
  const { heap, xorInto, xorOf } = scratch.heapFor(words);
  heap.set(src.subarray(0, words), ext);
  // The first WINDOW windows A^j·src, j < 8 (the block XORs read up to `span` words of each).
  rec.extend(heap, ext, WINDOW + span - words);
  // table[b] = XOR of the windows A^j·src for the set bits j of b.
  heap.fill(0, table, table + span);
  for (let b = 1; b < TABLE; b++) {
    const low = b & -b;
    xorOf(table + b * span, table + (b ^ low) * span, ext + 31 - Math.clz32(low), span);
  }
  heap.fill(0, acc, acc + span);
  let at = acc;
  const chunks = Math.ceil(rec.degree / WINDOW);
  for (let c = chunks - 1; c >= 0; c--) {
    if (c !== chunks - 1) {
      if (at + span + WINDOW > acc + slide) {
        heap.copyWithin(acc, at, at + words);
        at = acc;
      }
      // A^8·acc; the words past the window that the last XOR touched are overwritten here.
      rec.extend(heap, at, WINDOW);
      at += WINDOW;
    }
    const bits = ((poly[c >>> 2] ?? 0) >>> ((c & 3) * WINDOW)) & (TABLE - 1);
    if (bits !== 0) xorInto(at, table + bits * span, span);
  }
  dst.set(heap.subarray(at, at + words));
}
