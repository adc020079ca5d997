// Berlekamp–Massey over GF(2) (J. L. Massey, "Shift-register synthesis and BCH decoding", IEEE
// Trans. Inf. Theory 15(1), 1969): the shortest linear recurrence of a bit sequence. On 2L bits or
// more of one output bit lane of a GF(2)-linear generator whose characteristic polynomial φ has
// degree L and is the lane's minimal polynomial, it returns φ. The generator scripts
// (gen-mt19937-jump.ts, gen-mtgp32-charpoly.ts) use it; nothing at run time does.

const parity = (x: number): number => {
  x ^= x >>> 16;
  x ^= x >>> 8;
  x ^= x >>> 4;
  x ^= x >>> 2;
  return (x ^ (x >>> 1)) & 1;
};

/** Coefficient i of a bit array (bit i % 32 of word ⌊i/32⌋). */
export const bitOf = (a: Uint32Array, i: number): number => ((a[i >>> 5] ?? 0) >>> (i & 31)) & 1;

/** 32 bits of `a` from bit `from` on (zeros beyond the end). */
function read32(a: Uint32Array, from: number): number {
  const q = from >>> 5;
  const r = from & 31;
  const lo = a[q] ?? 0;
  return r === 0 ? lo : ((lo >>> r) | ((a[q + 1] ?? 0) << (32 - r))) >>> 0;
}

/** a ^= b << shift (bits), within a's length. */
function xorShifted(a: Uint32Array, b: Uint32Array, shift: number): void {
  const q = shift >>> 5;
  const r = shift & 31;
  for (let w = 0; w < b.length && w + q < a.length; w++) {
    const v = b[w] as number;
    a[w + q] = (a[w + q] as number) ^ (v << r);
    if (r !== 0 && w + q + 1 < a.length) a[w + q + 1] = (a[w + q + 1] as number) ^ (v >>> (32 - r));
  }
}

/**
 * The minimal polynomial of the sequence bit(0), bit(1), … (`count` bits; at least twice its
 * degree), as coefficients 0 … L in φ's orientation (φ(x) = Σ φ_j x^j with Σ φ_j s_{n+j} = 0), and L.
 */
export function minimalPolynomial(bit: (n: number) => number, count: number): { poly: Uint32Array; degree: number } {
  // rev holds the sequence reversed, so that the discrepancy Σ c_i s_{n−i} is a word-wise AND.
  const rev = new Uint32Array((count >>> 5) + 2);
  for (let n = 0; n < count; n++) {
    const j = count - 1 - n;
    if (bit(n) !== 0) rev[j >>> 5] = (rev[j >>> 5] as number) | (1 << (j & 31));
  }
  const words = (count >>> 6) + 3;
  let c = new Uint32Array(words);
  let b = new Uint32Array(words);
  c[0] = 1;
  b[0] = 1;
  let l = 0;
  let m = 1;
  for (let n = 0; n < count; n++) {
    const from = count - 1 - n;
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
  // The connection polynomial C (c_0 = 1) is φ reversed: φ_j = c_{L−j}.
  const poly = new Uint32Array((l >>> 5) + 1);
  for (let j = 0; j <= l; j++) if (bitOf(c, l - j) === 1) poly[j >>> 5] = (poly[j >>> 5] as number) | (1 << (j & 31));
  return { poly, degree: l };
}
