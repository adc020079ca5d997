/**
 * Discrete draws of NumPy's legacy `RandomState` (numpy/random/src/legacy/legacy-distributions.c,
 * NumPy 1.16's code, and what it calls in numpy/random/src/distributions/distributions.c): the
 * geometric, Zipf and logarithmic-series draws, the
 * binomial set-up RandomState's binomial and multinomial share, and the multinomial. Every double
 * expression is NumPy's, in C's evaluation order, with glibc's log, exp, log1p and pow
 * (src/draws/libm.ts).
 *
 * Values are doubles holding NumPy's int64 values exactly: every one of these draws computes its
 * value as a double (a floor or a ceiling) before C converts it to int64, so even values beyond 2^53
 * are exact; where the conversion overflows (NaN, ±∞, or beyond int64), x86-64 gives INT64_MIN,
 * and so do these draws (−2^63, exact as a double).
 */

import { nextDouble, type BitSource } from '../draws/bit-source.js';
import { Binomial } from '../draws/binomial.js';
import { search as geometricSearch } from '../draws/geometric.js';
import { exp, log, log1p, pow } from '../draws/libm.js';
import { toInt64 } from '../draws/poisson.js';

const TWO_63 = 2 ** 63;
const TWO_64 = 2 ** 64;

/** An exact integer (|x| ≤ 2^64, a double) reduced into int64 as two's complement wraps it. */
export function wrapInt64(x: number): number {
  if (x >= TWO_63) return x - TWO_64;
  if (x < -TWO_63) return x + TWO_64;
  return x;
}

/** NumPy's switch from search to inversion in its geometric draws (the literal 0.333333333333333333333333). */
const GEOMETRIC_SEARCH_FROM = 0.333333333333333333333333;

/**
 * legacy_random_geometric, 0 < p ≤ 1: the shared sequential search (src/draws/geometric.ts) from
 * p = 1/3, else NumPy 1.16's inversion ⌈log1p(−U)/log(1 − p)⌉ (no cap: beyond int64, and for p so
 * small that 1 − p rounds to 1, C's conversion gives INT64_MIN).
 */
export function legacyGeometricSampler(p: number): (src: BitSource) => number {
  if (p >= GEOMETRIC_SEARCH_FROM) return geometricSearch(p);
  const denominator = log(1 - p);
  return (src) => toInt64(Math.ceil(log1p(-nextDouble(src)) / denominator));
}

/**
 * legacy_random_zipf, a > 1: rejection from X = ⌊U^(−1/(a−1))⌋ (U = 1 − double), accepted when
 * V·X·(T − 1)/(b − 1) ≤ T/b with T = (1 + 1/X)^(a−1), b = 2^(a−1); X beyond (double)INT64_MAX = 2^63
 * is redrawn (2^63 itself is kept, and C converts it to INT64_MIN).
 */
export function legacyZipf(src: BitSource, a: number): number {
  const am1 = a - 1;
  const b = pow(2, am1);
  for (;;) {
    const u = 1 - nextDouble(src);
    const v = nextDouble(src);
    const x = Math.floor(pow(u, -1 / am1));
    if (x > TWO_63 || x < 1) continue;
    const t = pow(1 + 1 / x, am1);
    if ((v * x * (t - 1)) / (b - 1) <= t / b) return toInt64(x);
  }
}

/** legacy_logseries, 0 ≤ p < 1: Kemp's second accelerated generator, as NumPy 1.16 writes it. */
export function legacyLogseries(src: BitSource, p: number): number {
  const r = log(1 - p);
  for (;;) {
    const v = nextDouble(src);
    if (v >= p) return 1;
    const u = nextDouble(src);
    const q = 1 - exp(r * u);
    if (v <= q * q) {
      const result = toInt64(Math.floor(1 + log(v) / log(q)));
      if (result < 1 || v === 0) continue;
      return result;
    }
    return v >= q ? 1 : 2;
  }
}

/**
 * RandomState's one binomial_t, which its binomial (legacy_random_binomial, NumPy 1.16's) and its
 * multinomial (random_binomial, the Generator's) share. The set-up NumPy keeps is keyed by (n, p′)
 * (p′ = min(p, 1 − p)), not by which of the two computed it, and their inversions compute q^n
 * differently (exp(n·log(1 − p′)) against exp(n·log1p(−p′))): a draw whose key is the last one's
 * runs on the q^n the last set-up computed. So each draw goes to the sampler (src/draws/binomial.ts)
 * of whichever flavour set the current key up; the rest of the set-up (BTPE's, and q^n = 1 at
 * p′ = 0) is the same in both.
 */
export class SharedBinomial {
  readonly #legacy = new Binomial(true);
  readonly #modern = new Binomial(false);
  #n = NaN;
  #p = NaN;
  #owner: Binomial = this.#legacy;

  /** legacy_random_binomial: RandomState.binomial's draw. */
  legacy(src: BitSource, n: number, p: number): number {
    return this.#draw(this.#legacy, src, n, p);
  }

  /** random_binomial: 0 for n = 0 or p = 0, reading nothing and keeping the set-up. */
  modern(src: BitSource, n: number, p: number): number {
    if (n === 0 || p === 0) return 0;
    return this.#draw(this.#modern, src, n, p);
  }

  #draw(flavour: Binomial, src: BitSource, n: number, p: number): number {
    const key = p <= 0.5 ? p : 1 - p;
    if (n !== this.#n || key !== this.#p) {
      this.#n = n;
      this.#p = key;
      this.#owner = flavour;
    }
    return (key === 0 ? flavour : this.#owner).draw(src, n, p);
  }
}

/**
 * legacy_random_multinomial (random_multinomial): into out[offset … offset + d), zeros there, category
 * j gets binomial(trials left, pvals[j] / mass left) until no trial is left; the last category takes
 * what remains.
 */
export function legacyMultinomial(src: BitSource, binomial: SharedBinomial, n: number, pvals: Float64Array, out: Float64Array, offset: number): void {
  const d = pvals.length;
  let remaining = 1;
  let left = n;
  for (let j = 0; j < d - 1; j++) {
    const x = binomial.modern(src, left, pvals[j]! / remaining);
    out[offset + j] = x;
    left -= x;
    if (left <= 0) break;
    remaining -= pvals[j]!;
  }
  if (left > 0) out[offset + d - 1] = left;
}
