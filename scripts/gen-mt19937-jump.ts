#!/usr/bin/env -S npx tsx
// Generates src/engines/mt19937-jump-data.ts: MT19937's characteristic polynomial φ and the jump
// polynomial x^(2^2048) mod φ, which cuRAND's 8192 MT19937 streams are spaced by
// (docs/more-generators.md). Nothing is taken from cuRAND: both follow from the MT19937 recurrence
// alone.
//
//   1. φ: Berlekamp–Massey on 2·19937 + 64 bits of one bit lane of the MT19937 word sequence. φ is
//      primitive, so every non-zero lane has φ as its minimal polynomial; the linear complexity must
//      come out as exactly 19937.
//   2. g = x^(2^2048) mod φ: 2048 squarings in GF(2)[x]/φ, reducing eight bits at a time with tables
//      of the 256 multiples q·φ (deg q < 8).
//   3. Self-check: the same code computes x^(2^16) mod φ, and jumping a state by it must equal
//      stepping the recurrence 65536 times.
//
// Usage: npx tsx scripts/gen-mt19937-jump.ts [--check]   (--check: compare with the committed module)
// Takes a few seconds.

import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extend, initGenrand, jump, JumpScratch, MT_DEGREE, MT_N } from '../src/engines/mt19937-core.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUTPUT = join(repoRoot, 'src/engines/mt19937-jump-data.ts');
/** Words of a polynomial of degree ≤ 19944 (19937 + the 7 extra bits of a table multiple). */
const POLY_WORDS = 626;

const parity = (x: number): number => {
  x ^= x >>> 16;
  x ^= x >>> 8;
  x ^= x >>> 4;
  x ^= x >>> 2;
  return (x ^ (x >>> 1)) & 1;
};
const bit = (a: Uint32Array, i: number): number => ((a[i >>> 5] as number) >>> (i & 31)) & 1;
/** 32 bits of `a` starting at bit `from` (unaligned read; zeros beyond the end). */
const read32 = (a: Uint32Array, from: number): number => {
  const q = from >>> 5;
  const r = from & 31;
  const lo = a[q] ?? 0;
  return r === 0 ? lo : ((lo >>> r) | ((a[q + 1] ?? 0) << (32 - r))) >>> 0;
};
/** a ^= b << shift (bits). */
function xorShifted(a: Uint32Array, b: Uint32Array, shift: number, bWords = b.length): void {
  const q = shift >>> 5;
  const r = shift & 31;
  for (let w = 0; w < bWords && w + q < a.length; w++) {
    const v = b[w] as number;
    a[w + q] = (a[w + q] as number) ^ (v << r);
    if (r !== 0 && w + q + 1 < a.length) a[w + q + 1] = (a[w + q + 1] as number) ^ (v >>> (32 - r));
  }
}

/** Step 1: φ from Berlekamp–Massey over GF(2) on bit 0 of the word sequence (seed 5489). */
function characteristicPolynomial(): Uint32Array {
  const bits = 2 * MT_DEGREE + 64;
  const seq = new Int32Array(MT_N + bits + MT_N);
  initGenrand(5489, seq);
  extend(seq, 0, bits + MT_N);
  // rev holds the sequence reversed, so that the discrepancy Σ c_i s_{n−i} is a word-wise AND.
  const rev = new Uint32Array((bits >>> 5) + 2);
  for (let n = 0; n < bits; n++) {
    const j = bits - 1 - n;
    if (((seq[MT_N + n] as number) & 1) !== 0) rev[j >>> 5] = (rev[j >>> 5] as number) | (1 << (j & 31));
  }
  const words = (MT_DEGREE >>> 5) + 3;
  let c = new Uint32Array(words);
  let b = new Uint32Array(words);
  c[0] = 1;
  b[0] = 1;
  let l = 0;
  let m = 1;
  for (let n = 0; n < bits; n++) {
    const from = bits - 1 - n;
    let acc = 0;
    for (let w = 0; w <= l >>> 5; w++) acc ^= (c[w] as number) & read32(rev, from + 32 * w);
    if (parity(acc) === 0) {
      m++;
    } else if (2 * l <= n) {
      const t = c.slice();
      xorShifted(c, b, m);
      l = n + 1 - l;
      b = t;
      m = 1;
    } else {
      xorShifted(c, b, m);
      m++;
    }
  }
  if (l !== MT_DEGREE) throw new Error(`linear complexity ${l}, expected ${MT_DEGREE}`);
  // The connection polynomial C (c_0 = 1) is φ reversed: φ_j = c_{L−j}.
  const phi = new Uint32Array(POLY_WORDS);
  for (let j = 0; j <= l; j++) if (bit(c, l - j) === 1) phi[j >>> 5] = (phi[j >>> 5] as number) | (1 << (j & 31));
  if (bit(phi, 0) !== 1 || bit(phi, MT_DEGREE) !== 1) throw new Error('φ must have constant and leading terms');
  return phi;
}

/** The shift of the highest byte to clear: a square has degree ≤ 2·19936, and the byte covers 19937+s … 19944+s. */
const TOP_SHIFT = Math.ceil((2 * (MT_DEGREE - 1) - (MT_DEGREE + 7)) / 8) * 8;

/** Step 2's arithmetic: squaring modulo φ with byte-wise reduction tables. */
class ModPhi {
  /** tables[a][b]: the multiple q·φ whose coefficients 19937…19944 are the byte b, shifted left by a ∈ {0, 8, 16, 24}. */
  private readonly tables: Uint32Array[][] = [];
  private readonly wide = new Uint32Array(2 * POLY_WORDS);

  constructor(phi: Uint32Array) {
    const byTop: Uint32Array[] = new Array(256);
    for (let q = 0; q < 256; q++) {
      const p = new Uint32Array(POLY_WORDS);
      for (let k = 0; k < 8; k++) if (((q >>> k) & 1) !== 0) xorShifted(p, phi, k);
      byTop[read32(p, MT_DEGREE) & 255] = p;
    }
    for (let a = 0; a < 32; a += 8) {
      this.tables[a] = byTop.map((p) => {
        const s = new Uint32Array(POLY_WORDS + 1);
        xorShifted(s, p, a);
        return s;
      });
    }
  }

  /** a ← a² mod φ (a has degree < 19937). */
  square(a: Uint32Array): void {
    const wide = this.wide;
    wide.fill(0);
    for (let w = 0; w < MT_N; w++) {
      const v = a[w] as number;
      wide[2 * w] = spread(v & 0xffff);
      wide[2 * w + 1] = spread(v >>> 16);
    }
    // Clear coefficients 39872 … 19937, a byte at a time from the top: s = shift of the byte above 19937.
    for (let s = TOP_SHIFT; s >= 0; s -= 8) {
      const byte = read32(wide, MT_DEGREE + s) & 255;
      if (byte === 0) continue;
      const a8 = s & 31;
      const t = (this.tables[a8] as Uint32Array[])[byte] as Uint32Array;
      const q = (s - a8) >>> 5;
      for (let w = 0; w < t.length; w++) wide[q + w] = (wide[q + w] as number) ^ (t[w] as number);
    }
    for (let w = 0; w < MT_N; w++) a[w] = wide[w] as number;
    if ((read32(wide, MT_DEGREE) | read32(wide, MT_DEGREE + 32)) !== 0) throw new Error('reduction left high bits');
  }
}

/** Interleaves zeros: bit i of a 16-bit value goes to bit 2i (squaring in GF(2)[x]). */
function spread(x: number): number {
  x = (x | (x << 8)) & 0x00ff00ff;
  x = (x | (x << 4)) & 0x0f0f0f0f;
  x = (x | (x << 2)) & 0x33333333;
  return ((x | (x << 1)) & 0x55555555) >>> 0;
}

/** x^(2^e) mod φ. */
function powerOfX(mod: ModPhi, e: number): Uint32Array {
  const a = new Uint32Array(MT_N);
  a[0] = 2; // x
  for (let i = 0; i < e; i++) mod.square(a);
  return a;
}

/** Step 3: jumping by x^(2^16) mod φ equals 65536 steps (all words but the low 31 bits of the first). */
function selfCheck(mod: ModPhi): void {
  const steps = 1 << 16;
  const buf = new Int32Array(MT_N + steps);
  initGenrand(20240601, buf);
  extend(buf, 0, steps);
  const jumped = new Int32Array(MT_N);
  jump(buf.subarray(0, MT_N), powerOfX(mod, 16), jumped, new JumpScratch());
  const want = buf.subarray(steps, steps + MT_N);
  for (let i = 0; i < MT_N; i++) {
    const mask = i === 0 ? 0x80000000 | 0 : -1;
    if (((jumped[i] as number) & mask) !== ((want[i] as number) & mask)) throw new Error(`self-check failed at word ${i}`);
  }
}

const hex = (a: Uint32Array, count: number): string => {
  const lines: string[] = [];
  for (let i = 0; i < count; i += 8) {
    lines.push(
      Array.from(a.subarray(i, Math.min(i + 8, count)), (w) => (w >>> 0).toString(16).padStart(8, '0')).join(' '),
    );
  }
  return lines.join('\n');
};

const t0 = Date.now();
const phi = characteristicPolynomial();
const mod = new ModPhi(phi);
selfCheck(mod);
const g = powerOfX(mod, 2048);
const text = `// MT19937's characteristic polynomial φ and the jump polynomial x^(2^2048) mod φ.
// Generated by scripts/gen-mt19937-jump.ts (Berlekamp–Massey on the MT19937 recurrence, then 2048
// squarings modulo φ; self-checked against 65536 recurrence steps) — do not edit.
// Facts, not code: MT19937 is Matsumoto & Nishimura 1998; polynomial jumps are Haramoto et al. 2008;
// the spacing 2^2048 between cuRAND's streams is a measurement (docs/more-generators.md).

import { decodeHexWords } from './hex-words.js';

/** φ's coefficients 0 … 19937 (coefficient i = bit i % 32 of word ⌊i/32⌋). */
export const MT19937_CHARPOLY: Uint32Array = decodeHexWords(\`
${hex(phi, MT_N)}
\`);

/** x^(2^2048) mod φ, same bit order: jumping a state by it advances it 2^2048 steps. */
export const MT19937_JUMP_2_2048: Uint32Array = decodeHexWords(\`
${hex(g, MT_N)}
\`);
`;
if (process.argv.includes('--check')) {
  const same = readFileSync(OUTPUT, 'utf8') === text;
  console.log(same ? 'mt19937-jump-data.ts is up to date' : 'mt19937-jump-data.ts differs from the computation');
  process.exit(same ? 0 : 1);
}
writeFileSync(OUTPUT, text);
console.log(`wrote ${OUTPUT} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
