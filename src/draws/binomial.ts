import { nextDouble, type BitSource } from './bit-source.js';
import { DRAW_LIBM } from './libm.js';
import type { DrawPlan } from './plan.js';
import { describe, toArrayOutput, toInteger, type TypedArrayType } from '../validate.js';

const { log, exp, log1p } = DRAW_LIBM;

/** The largest count an Int32Array output holds. */
export const INT32_MAX = 2 ** 31 - 1;

/** Binomial and multinomial counts: Int32Array while n ≤ 2^31 − 1, else Float64Array (exact up to 2^53). */
export type CountArray = Int32Array | Float64Array;
export const COUNT_TYPES: readonly TypedArrayType[] = [Int32Array, Float64Array];

/**
 * NumPy's binomial sampler (random_binomial in numpy/random/src/distributions/distributions.c, NumPy
 * 2.4), one value per call of {@link Binomial.draw}; the set-up of the last (n, p) is kept, as NumPy's
 * binomial_t keeps it. Keeping it only saves time: the set-up is a function of (n, p) alone, and a
 * given (n, p) always takes the same branch, so the values are the same as recomputing it each time.
 *
 * - n = 0 or p = 0: 0, reading nothing.
 * - p > 0.5: n minus a draw with 1 − p (so p = 1 gives n, reading two words).
 * - n·p ≤ 30: inversion (Kachitvichyanukul & Schmeiser 1988's BINV): U = next_double, walk the pmf up
 *   from q^n = exp(n·log1p(−p)) with p(x) = p(x−1)·(n − x + 1)·p / (x·q), restarting with a fresh U
 *   past the bound min(n, np + 10·√(npq + 1)).
 * - otherwise: BTPE (V. Kachitvichyanukul, B. W. Schmeiser, "Binomial random variate generation",
 *   CACM 31(2), 1988), with NumPy 2.4's constants, evaluation order and libm calls (log only).
 *
 * Every double expression is NumPy's, in C's evaluation order (no contraction: NumPy's x86-64
 * wheels are built without FMA), with glibc's log, exp and log1p (src/draws/libm.ts).
 */
export class Binomial {
  #n = -1;
  #p = NaN;
  // Inversion: q, q^n and the bound.
  #q = 0;
  #qn = 0;
  #bound = 0;
  // BTPE (with #q): m, p1, xm, xl, xr, c, λl, λr, p2, p3, p4.
  #m = 0;
  #p1 = 0;
  #xm = 0;
  #xl = 0;
  #xr = 0;
  #c = 0;
  #laml = 0;
  #lamr = 0;
  #p2 = 0;
  #p3 = 0;
  #p4 = 0;

  /**
   * legacy: NumPy's RandomState binomial (legacy-distributions.c, NumPy 1.16's code), which differs
   * in two places: no shortcut for n = 0 or p = 0 (inversion runs and reads a double), and q^n as
   * exp(n·log(1 − p)).
   */
  constructor(private readonly legacy = false) {}

  /** One binomial(n, p) value. n a safe integer ≥ 0, p ≥ 0 (p > 1 behaves as NumPy's C code: n, two words). */
  draw(src: BitSource, n: number, p: number): number {
    if (!this.legacy && (n === 0 || p === 0)) return 0;
    if (p <= 0.5) return p * n <= 30 ? this.#inversion(src, n, p) : this.#btpe(src, n, p);
    const q = 1 - p;
    return n - (q * n <= 30 ? this.#inversion(src, n, q) : this.#btpe(src, n, q));
  }

  #inversion(src: BitSource, n: number, p: number): number {
    if (n !== this.#n || p !== this.#p) {
      this.#n = n;
      this.#p = p;
      this.#q = 1 - p;
      this.#qn = this.legacy ? exp(n * log(this.#q)) : exp(n * log1p(-p));
      const np = n * p;
      const limit = np + 10 * Math.sqrt(np * this.#q + 1);
      // (int64)MIN(n, limit): the smaller as a double, truncated.
      this.#bound = Math.trunc(n < limit ? n : limit);
    }
    const q = this.#q;
    const qn = this.#qn;
    const bound = this.#bound;
    let x = 0;
    let px = qn;
    let u = nextDouble(src);
    while (u > px) {
      x++;
      if (x > bound) {
        x = 0;
        px = qn;
        u = nextDouble(src);
      } else {
        u -= px;
        px = ((n - x + 1) * p * px) / (x * q);
      }
    }
    return x;
  }

  #btpeSetup(n: number, p: number): void {
    this.#n = n;
    this.#p = p;
    // NumPy's r = MIN(p, 1 − p) is p itself: the caller passes p ≤ 0.5 (which also makes BTPE's
    // closing step, y → n − y for p > 0.5, a no-op).
    const r = p;
    const q = 1 - r;
    const fm = n * r + r;
    const m = Math.floor(fm);
    const p1 = Math.floor(2.195 * Math.sqrt(n * r * q) - 4.6 * q) + 0.5;
    const xm = m + 0.5;
    const xl = xm - p1;
    const xr = xm + p1;
    const c = 0.134 + 20.5 / (15.3 + m);
    let a = (fm - xl) / (fm - xl * r);
    const laml = a * (1 + a / 2);
    a = (xr - fm) / (xr * q);
    const lamr = a * (1 + a / 2);
    const p2 = p1 * (1 + 2 * c);
    const p3 = p2 + c / laml;
    this.#q = q;
    this.#m = m;
    this.#p1 = p1;
    this.#xm = xm;
    this.#xl = xl;
    this.#xr = xr;
    this.#c = c;
    this.#laml = laml;
    this.#lamr = lamr;
    this.#p2 = p2;
    this.#p3 = p3;
    this.#p4 = p3 + c / lamr;
  }

  #btpe(src: BitSource, n: number, p: number): number {
    if (n !== this.#n || p !== this.#p) this.#btpeSetup(n, p);
    const r = p;
    const q = this.#q;
    const m = this.#m;
    const p1 = this.#p1;
    const xm = this.#xm;
    const xl = this.#xl;
    const xr = this.#xr;
    const c = this.#c;
    const laml = this.#laml;
    const lamr = this.#lamr;
    const p2 = this.#p2;
    const p3 = this.#p3;
    const p4 = this.#p4;
    const nrq = n * r * q;
    for (;;) {
      // Step 1: u picks the region of the hat (triangle, parallelograms, left and right exponential tails).
      const u = nextDouble(src) * p4;
      let v = nextDouble(src);
      if (u <= p1) return Math.floor(xm - p1 * v + u);
      let y: number;
      if (u <= p2) {
        const x = xl + (u - p1) / c;
        v = v * c + 1 - Math.abs(m - x + 0.5) / p1;
        if (v > 1) continue;
        y = Math.floor(x);
      } else if (u <= p3) {
        y = Math.floor(xl + log(v) / laml);
        if (y < 0 || v === 0) continue;
        v = v * (u - p2) * laml;
      } else {
        y = Math.floor(xr - log(v) / lamr);
        if (y > n || v === 0) continue;
        v = v * (u - p3) * lamr;
      }
      // Step 5.0: near the mode, the pmf ratio f(y)/f(m) by its recursion.
      const k = Math.abs(y - m);
      if (!(k > 20 && k < nrq / 2 - 1)) {
        const s = r / q;
        const a = s * (n + 1);
        let f = 1;
        if (m < y) for (let i = m + 1; i <= y; i++) f *= a / i - s;
        else if (m > y) for (let i = y + 1; i <= m; i++) f /= a / i - s;
        if (v > f) continue;
        return y;
      }
      // Step 5.2: squeeze on log v, then the bound with Stirling's corrections.
      const rho = (k / nrq) * ((k * (k / 3 + 0.625) + 0.16666666666666666) / nrq + 0.5);
      const t = (-k * k) / (2 * nrq);
      const logV = log(v);
      if (logV < t - rho) return y;
      if (logV > t + rho) continue;
      const x1 = y + 1;
      const f1 = m + 1;
      const z = n + 1 - m;
      const w = n - y + 1;
      const bound =
        xm * log(f1 / x1) +
        (n - m + 0.5) * log(z / w) +
        (y - m) * log((w * r) / (x1 * q)) +
        stirlingTerm(f1) +
        stirlingTerm(z) +
        stirlingTerm(x1) +
        stirlingTerm(w);
      if (logV > bound) continue;
      return y;
    }
  }
}

/**
 * One of the four Stirling-series terms of BTPE's step 5.3 as NumPy 2.4 writes them:
 * (13680 − (462 − (132 − (99 − 140/x²)/x²)/x²)/x²)/x/166320, all four added. (NumPy 2.5 corrected
 * the constant to 13860 and subtracts the x1 and w terms, as the 1988 paper should have read; this
 * library follows NumPy 2.4, docs/draws-discrete.md.)
 */
function stirlingTerm(x: number): number {
  const x2 = x * x;
  return (13680 - (462 - (132 - (99 - 140 / x2) / x2) / x2) / x2) / x / 166320;
}

/** n: a safe integer ≥ 0 (NumPy takes int64). */
export function toTrials(n: unknown): number {
  return toInteger(n, 'n', 0, Number.MAX_SAFE_INTEGER);
}

/** The array type of counts up to n: Int32Array while n ≤ 2^31 − 1, else Float64Array. */
export function countTypeFor(n: number): TypedArrayType {
  return n <= INT32_MAX ? Int32Array : Float64Array;
}

/** An Int32Array output cannot hold counts above 2^31 − 1. */
export function checkCountTarget(call: string, target: CountArray, n: number): void {
  if (target instanceof Int32Array && n > INT32_MAX) {
    throw new RangeError(`${call}: an Int32Array cannot hold counts up to n = ${n} (at most ${INT32_MAX}); pass a Float64Array`);
  }
}

/**
 * binomial(n, p, size?): NumPy 2.4's Generator.binomial (class {@link Binomial}). n a safe integer
 * ≥ 0, p in [0, 1]. One number, or Int32Array/Float64Array counts (see {@link countTypeFor}).
 */
export function planBinomial(n: unknown, p: unknown, size: unknown): DrawPlan<number | CountArray> {
  const trials = toTrials(n);
  if (typeof p !== 'number') throw new TypeError(`p must be a number in [0, 1], got ${describe(p)}`);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`p must be in [0, 1], got ${describe(p)}`);
  const reads = trials > 0 && p > 0 ? 2 : 0;
  if (size === undefined) return { words: reads, output: null, run: (src) => new Binomial().draw(src, trials, p) };
  const out = toArrayOutput<CountArray>('binomial()', 'size', size, COUNT_TYPES, countTypeFor(trials));
  checkCountTarget('binomial()', out.target, trials);
  return {
    words: reads * out.length,
    output: out,
    run(src: BitSource) {
      const target = out.target;
      const sampler = new Binomial();
      for (let i = 0; i < target.length; i++) target[i] = sampler.draw(src, trials, p);
      return out.result;
    },
  };
}
