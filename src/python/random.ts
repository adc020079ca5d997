/**
 * CPython's `random.Random` (Lib/random.py and Modules/_randommodule.c of CPython 3.11–3.14; where
 * they differ, the newest: docs/python.md), bit for bit: the same seed gives the same values as the
 * Python program, method for method, in the same order. The algorithms are CPython's (cited per
 * method; binomialvariate is 3.12's); the floating-point transforms call glibc's double
 * log/exp/sin/cos/pow/acos/log2 as reproduced in src/math/ (by default their x86-64 FMA bodies: what
 * CPython calls on any x86-64 CPU with FMA and AVX2 and glibc 2.36; `hostMath: 'x86-sse2'` picks the
 * non-FMA bodies), CPython's own lgamma (lgamma.ts), and sqrt, which IEEE 754 rounds exactly
 * everywhere. docs/python.md maps each Python call to its JavaScript counterpart.
 *
 * Python's ints: counts, lengths and indices are numbers; `getrandbits` returns a bigint; the
 * integer methods (randrange, randint) return a bigint when any argument is one, else a number.
 */

import { DOUBLE_LIBM, type DoubleLibm } from '../math/libm.js';
import { given, isObjectLike, toChoice } from '../validate.js';
import { pyLgamma } from './lgamma.js';
import { Mersenne } from './mersenne.js';
import { seedKey, type PySeed } from './seed.js';
import { MT_N } from '../engines/mt19937-core.js';

/** random.py's TWOPI. */
const TWOPI = 2 * Math.PI;

/** random.py's module constants, computed as it computes them at import (C's log, exp and sqrt). */
interface MagicConstants {
  readonly log4: number;
  readonly sgMagic: number;
  readonly nvMagic: number;
}
const magicConstants = ({ log, exp }: DoubleLibm): MagicConstants => ({
  log4: log(4),
  sgMagic: 1 + log(4.5),
  nvMagic: (4 * exp(-0.5)) / Math.sqrt(2),
});
const MAGIC: Record<NonNullable<RandomOptions['hostMath']>, MagicConstants> = {
  'x86-fma': magicConstants(DOUBLE_LIBM['x86-fma']),
  'x86-sse2': magicConstants(DOUBLE_LIBM['x86-sse2']),
};
/** random.py's version of the state tuple (VERSION = 3). */
const STATE_VERSION = 3;

/** `random.getstate()` as JSON gives it: [3, [624 words…, index], gauss_next]. */
export type PyRandomState = [version: number, internalState: number[], gaussNext: number | null];

/** A Python sequence as far as these methods read it. */
export interface PySequence<T> {
  readonly length: number;
  readonly [index: number]: T;
}

export interface ChoicesOptions {
  /** Relative weights, one per element (Python's `weights`). */
  weights?: ArrayLike<number>;
  /** Cumulative weights (Python's `cum_weights`). */
  cumWeights?: ArrayLike<number>;
  /** How many to draw (default 1). */
  k?: number;
}

export interface RandomOptions {
  /**
   * Which body of glibc's x86-64 math functions the CPython to match runs (default 'x86-fma', any
   * x86-64 CPU with FMA and AVX2): 'x86-sse2' for CPUs without them. It matters only to the
   * continuous distributions and binomialvariate. ('aarch64' is not offered: CPython on arm64 glibc
   * was not compared.)
   */
  hostMath?: 'x86-fma' | 'x86-sse2';
}

type PyInt = number | bigint;

export class Random {
  readonly #mt = new Mersenne();
  #gaussNext: number | null = null;
  readonly #sincos = new Float64Array(2);
  readonly #libm: DoubleLibm;
  readonly #magic: MagicConstants;

  /** Random(x): seeded as `seed(x)` seeds it. */
  constructor(x?: PySeed, options: RandomOptions = {}) {
    if (!isObjectLike(options)) throw new TypeError('Random: options must be an object');
    const hostMath = toChoice(given(options.hostMath, 'x86-fma'), 'hostMath', ['x86-fma', 'x86-sse2'] as const);
    this.#libm = DOUBLE_LIBM[hostMath];
    this.#magic = MAGIC[hostMath];
    this.seed(x);
  }

  /** seed(a=None, version=2). */
  seed(a?: PySeed, version = 2): void {
    this.#mt.seedByArray(seedKey(a, version));
    this.#gaussNext = null;
  }

  /** getstate(): the state in the form `json.dumps(random.getstate())` writes (tuples as arrays). */
  getstate(): PyRandomState {
    const words = Array.from(this.#mt.mt, (w) => w >>> 0);
    return [STATE_VERSION, [...words, this.#mt.index], this.#gaussNext];
  }

  /** setstate(state): a state from getstate(), or from Python's `random.getstate()` through JSON. */
  setstate(state: PyRandomState): void {
    if (!Array.isArray(state) || state.length !== 3) throw new TypeError('setstate: state must be [version, internalState, gaussNext] as getstate() returns it');
    const [version, internal, gaussNext] = state;
    if (version !== STATE_VERSION) throw new RangeError(`setstate: state version ${String(version)} is not supported (only ${STATE_VERSION}, Python 3's)`);
    if (!Array.isArray(internal) || internal.length !== MT_N + 1) throw new TypeError(`setstate: internalState must be ${MT_N + 1} integers`);
    for (const [i, w] of internal.entries()) {
      if (!Number.isInteger(w) || w < 0 || w > 0xffffffff) throw new RangeError(`setstate: internalState[${i}] must be an integer in [0, 2^32 − 1]`);
    }
    const index = internal[MT_N] as number;
    if (index > MT_N) throw new RangeError(`setstate: the index internalState[${MT_N}] must be in [0, ${MT_N}]`);
    if (gaussNext !== null && typeof gaussNext !== 'number') throw new TypeError('setstate: gaussNext must be a number or null');
    this.#mt.mt.set(internal.slice(0, MT_N));
    this.#mt.index = index;
    this.#gaussNext = gaussNext;
  }

  /** random(): a double in [0, 1), 53 random bits. */
  random(): number {
    return this.#mt.random();
  }

  /** getrandbits(k): an int of k random bits (k ≥ 0), as a bigint. */
  getrandbits(k: number): bigint {
    if (!Number.isSafeInteger(k) || k < 0) throw new RangeError(`getrandbits: k must be a non-negative integer (got ${String(k)})`);
    return this.#mt.getrandbits(k);
  }

  /** randbytes(n): n random bytes (getrandbits(8n), little-endian). */
  randbytes(n: number): Uint8Array {
    if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`randbytes: n must be a non-negative integer (got ${String(n)})`);
    const out = new Uint8Array(n);
    let bits = this.#mt.getrandbits(8 * n);
    for (let i = 0; i < n; i++, bits >>= 8n) out[i] = Number(bits & 0xffn);
    return out;
  }

  /** _randbelow_with_getrandbits(n) for n > 0: k = bit length of n, getrandbits(k) until below n. */
  #randbelow(n: number): number {
    if (n <= 0xffffffff) {
      const k = 32 - Math.clz32(n);
      let r = this.#mt.bits32(k);
      while (r >= n) r = this.#mt.bits32(k);
      return r;
    }
    return Number(this.#randbelowBig(BigInt(n)));
  }

  #randbelowBig(n: bigint): bigint {
    const k = n.toString(2).length;
    let r = this.#mt.getrandbits(k);
    while (r >= n) r = this.#mt.getrandbits(k);
    return r;
  }

  /** randrange(stop) or randrange(start, stop[, step]) (Python 3.12's integer-only rules). */
  randrange(start: PyInt, stop?: PyInt | null, step: PyInt = 1): PyInt {
    const big = typeof start === 'bigint' || typeof stop === 'bigint' || typeof step === 'bigint';
    const istart = toInt(start, 'randrange', 'start');
    let result: bigint;
    if (stop === undefined || stop === null) {
      if (toInt(step, 'randrange', 'step') !== 1n) throw new TypeError('randrange: missing a non-None stop argument');
      if (istart <= 0n) throw new RangeError('randrange: empty range for randrange()');
      result = this.#below(istart);
    } else {
      const istop = toInt(stop, 'randrange', 'stop');
      const istep = toInt(step, 'randrange', 'step');
      const width = istop - istart;
      if (istep === 1n) {
        if (width <= 0n) throw new RangeError(`randrange: empty range in randrange(${istart}, ${istop})`);
        result = istart + this.#below(width);
      } else {
        if (istep === 0n) throw new RangeError('randrange: zero step for randrange()');
        // Python's floor division: the count of start + i·step before stop.
        const n = floorDiv(istep > 0n ? width + istep - 1n : width + istep + 1n, istep);
        if (n <= 0n) throw new RangeError(`randrange: empty range in randrange(${istart}, ${istop}, ${istep})`);
        result = istart + istep * this.#below(n);
      }
    }
    return big ? result : Number(result);
  }

  /** randint(a, b): randrange(a, b + 1). */
  randint(a: PyInt, b: PyInt): PyInt {
    const big = typeof a === 'bigint' || typeof b === 'bigint';
    const r = this.randrange(toInt(a, 'randint', 'a'), toInt(b, 'randint', 'b') + 1n);
    return big ? r : Number(r);
  }

  /** _randbelow(n) for a bigint n > 0, by the number path when n fits one. */
  #below(n: bigint): bigint {
    return n <= BigInt(Number.MAX_SAFE_INTEGER) ? BigInt(this.#randbelow(Number(n))) : this.#randbelowBig(n);
  }

  /** choice(seq): one element. */
  choice<T>(seq: PySequence<T>): T {
    if (seq.length === 0) throw new RangeError('choice: cannot choose from an empty sequence');
    return seq[this.#randbelow(seq.length)] as T;
  }

  /** shuffle(x): in place, Fisher–Yates from the end (random.py). */
  shuffle<T>(x: { length: number; [index: number]: T }): void {
    for (let i = x.length - 1; i > 0; i--) {
      const j = this.#randbelow(i + 1);
      const t = x[i] as T;
      x[i] = x[j] as T;
      x[j] = t;
    }
  }

  /**
   * sample(population, k, counts=None): k distinct elements, in selection order. With counts, element
   * i stands for counts[i] copies: a sample of positions in the expanded population, mapped back by
   * bisection, as random.py does.
   */
  sample<T>(population: PySequence<T>, k: number, counts?: ArrayLike<number>): T[] {
    if (counts === undefined) return this.#sampleIndices(population.length, k).map((j) => population[j] as T);
    if (counts.length !== population.length) throw new RangeError('sample: the number of counts does not match the population');
    const cum = new Float64Array(counts.length);
    let total = 0;
    for (let i = 0; i < counts.length; i++) {
      const c = counts[i] as number;
      if (!Number.isSafeInteger(c)) throw new TypeError(`sample: counts[${i}] must be an integer`);
      cum[i] = total += c;
    }
    // Python 3.14's rule (3.11 refused a zero total too): a zero total is an empty population.
    if (total < 0) throw new RangeError('sample: counts must be non-negative (their total is negative)');
    // random.py bisects the cumulative counts without the total (its last element).
    return this.#sampleIndices(total, k).map((s) => population[bisectRight(cum, s, 0, cum.length - 1)] as T);
  }

  /**
   * k distinct indices of [0, n) as random.py's sample picks them: a partial shuffle of a pool when n
   * is small next to the set a rejection loop would build (its `setsize`), else rejection of repeats.
   */
  #sampleIndices(n: number, k: number): number[] {
    if (!Number.isSafeInteger(k) || k < 0 || k > n) throw new RangeError(`sample: k must be an integer in [0, ${n}] (sample larger than population or is negative)`);
    const result = new Array<number>(k);
    // 21, plus 4^ceil(log(3k, 4)) for k > 5 (Python's log(x, base) is log(x) / log(base)).
    let setsize = 21;
    if (k > 5) setsize += 4 ** Math.ceil(this.#libm.log(k * 3) / this.#libm.log(4));
    if (n <= setsize) {
      const pool = Array.from({ length: n }, (_, i) => i);
      for (let i = 0; i < k; i++) {
        const j = this.#randbelow(n - i);
        result[i] = pool[j] as number;
        pool[j] = pool[n - i - 1] as number;
      }
    } else {
      const selected = new Set<number>();
      for (let i = 0; i < k; i++) {
        let j = this.#randbelow(n);
        while (selected.has(j)) j = this.#randbelow(n);
        selected.add(j);
        result[i] = j;
      }
    }
    return result;
  }

  /** choices(population, { weights, cumWeights, k }): k elements with replacement. */
  choices<T>(population: PySequence<T>, options: ChoicesOptions = {}): T[] {
    const { weights, cumWeights } = options;
    const k = options.k ?? 1;
    if (!Number.isSafeInteger(k) || k < 0) throw new RangeError(`choices: k must be a non-negative integer (got ${String(k)})`);
    const n = population.length;
    const out: T[] = new Array<T>(k);
    if (cumWeights === undefined) {
      if (weights === undefined) {
        for (let i = 0; i < k; i++) out[i] = population[Math.floor(this.random() * n)] as T;
        return out;
      }
    } else if (weights !== undefined) {
      throw new TypeError('choices: cannot specify both weights and cumWeights');
    }
    let cum: ArrayLike<number>;
    if (cumWeights === undefined) {
      const acc = new Float64Array((weights as ArrayLike<number>).length);
      let total = 0;
      for (let i = 0; i < acc.length; i++) acc[i] = total += (weights as ArrayLike<number>)[i] as number;
      cum = acc;
    } else {
      cum = cumWeights;
    }
    if (cum.length !== n) throw new RangeError('choices: the number of weights does not match the population');
    const total = cum[n - 1] as number;
    if (!(total > 0)) throw new RangeError('choices: total of weights must be greater than zero');
    if (!Number.isFinite(total)) throw new RangeError('choices: total of weights must be finite');
    const hi = n - 1;
    for (let i = 0; i < k; i++) out[i] = population[bisectRight(cum, this.random() * total, 0, hi)] as T;
    return out;
  }

  /** uniform(a, b): a + (b − a)·random(). */
  uniform(a: number, b: number): number {
    return a + (b - a) * this.random();
  }

  /** triangular(low=0, high=1, mode=None). */
  triangular(low = 0, high = 1, mode: number | null = null): number {
    let u = this.random();
    if (mode !== null && high - low === 0) return low; // Python's ZeroDivisionError path
    let c = mode === null ? 0.5 : (mode - low) / (high - low);
    let lo = low;
    let hi = high;
    if (u > c) {
      u = 1 - u;
      c = 1 - c;
      lo = high;
      hi = low;
    }
    return lo + (hi - lo) * Math.sqrt(u * c);
  }

  /** normalvariate(mu=0, sigma=1): Kinderman and Monahan's ratio method. */
  normalvariate(mu = 0, sigma = 1): number {
    const { log } = this.#libm;
    let z: number;
    for (;;) {
      const u1 = this.random();
      const u2 = 1 - this.random();
      z = (this.#magic.nvMagic * (u1 - 0.5)) / u2;
      const zz = (z * z) / 4;
      if (zz <= -log(u2)) break;
    }
    return mu + z * sigma;
  }

  /** gauss(mu=0, sigma=1): Box–Muller, the second value kept for the next call (not thread-safe in Python either). */
  gauss(mu = 0, sigma = 1): number {
    let z = this.#gaussNext;
    this.#gaussNext = null;
    if (z === null) {
      const x2pi = this.random() * TWOPI;
      const g2rad = Math.sqrt(-2 * this.#libm.log(1 - this.random()));
      this.#libm.sincos(x2pi, this.#sincos);
      z = (this.#sincos[1] as number) * g2rad;
      this.#gaussNext = (this.#sincos[0] as number) * g2rad;
    }
    return mu + z * sigma;
  }

  /** lognormvariate(mu, sigma): exp of a normalvariate. */
  lognormvariate(mu: number, sigma: number): number {
    return this.#libm.exp(this.normalvariate(mu, sigma));
  }

  /** expovariate(lambd=1.0): −log(1 − random()) / lambd (the default is 3.12's; 3.11 had none). */
  expovariate(lambd = 1): number {
    return -this.#libm.log(1 - this.random()) / lambd;
  }

  /**
   * vonmisesvariate(mu, kappa): Best and Fisher's algorithm (random.py), an angle in [0, 2π); for
   * kappa ≤ 1e-6 a uniform one. Calls C's cos, exp and acos.
   */
  vonmisesvariate(mu: number, kappa: number): number {
    checkFloat(mu, 'vonmisesvariate', 'mu');
    checkFloat(kappa, 'vonmisesvariate', 'kappa');
    // Python loops forever on a NaN kappa; refuse it instead.
    if (Number.isNaN(kappa)) throw new RangeError('vonmisesvariate: kappa must not be NaN');
    if (kappa <= 1e-6) return TWOPI * this.random();
    const { exp, acos, sincos } = this.#libm;
    const s = 0.5 / kappa;
    const r = s + Math.sqrt(1 + s * s);
    let z: number;
    for (;;) {
      sincos(Math.PI * this.random(), this.#sincos);
      z = this.#sincos[1] as number;
      const d = z / (r + z);
      const u2 = this.random();
      if (u2 < 1 - d * d || u2 <= (1 - d) * exp(d)) break;
    }
    const q = 1 / r;
    const f = (q + z) / (1 + q * z);
    return this.random() > 0.5 ? pyModTwoPi(mu + acos(f)) : pyModTwoPi(mu - acos(f));
  }

  /** gammavariate(alpha, beta): Cheng's GB for alpha > 1, exponential at 1, Kennedy and Gentle's GS below. */
  gammavariate(alpha: number, beta: number): number {
    if (!(alpha > 0) || !(beta > 0)) throw new RangeError('gammavariate: alpha and beta must be > 0.0');
    const { log, exp, pow } = this.#libm;
    if (alpha > 1) {
      const ainv = Math.sqrt(2 * alpha - 1);
      const bbb = alpha - this.#magic.log4;
      const ccc = alpha + ainv;
      for (;;) {
        const u1 = this.random();
        if (!(1e-7 < u1 && u1 < 0.9999999)) continue;
        const u2 = 1 - this.random();
        const v = log(u1 / (1 - u1)) / ainv;
        const x = alpha * exp(v);
        const z = u1 * u1 * u2;
        const r = bbb + ccc * v - x;
        if (r + this.#magic.sgMagic - 4.5 * z >= 0 || r >= log(z)) return x * beta;
      }
    }
    if (alpha === 1) return -log(1 - this.random()) * beta;
    for (;;) {
      const u = this.random();
      const b = (Math.E + alpha) / Math.E;
      const p = b * u;
      const x = p <= 1 ? pow(p, 1 / alpha) : -log((b - p) / alpha);
      const u1 = this.random();
      if (p > 1) {
        if (u1 <= pow(x, alpha - 1)) return x * beta;
      } else if (u1 <= exp(-x)) {
        return x * beta;
      }
    }
  }

  /** betavariate(alpha, beta): from two gammavariates. */
  betavariate(alpha: number, beta: number): number {
    const y = this.gammavariate(alpha, 1);
    return y !== 0 ? y / (y + this.gammavariate(beta, 1)) : 0;
  }

  /** paretovariate(alpha): (1 − random())^(−1/alpha). */
  paretovariate(alpha: number): number {
    const u = 1 - this.random();
    return this.#libm.pow(u, -1 / alpha);
  }

  /** weibullvariate(alpha, beta): alpha·(−log(1 − random()))^(1/beta). */
  weibullvariate(alpha: number, beta: number): number {
    const u = 1 - this.random();
    return alpha * this.#libm.pow(-this.#libm.log(u), 1 / beta);
  }

  /**
   * binomialvariate(n=1, p=0.5) (Python 3.12+): successes in n trials of probability p. For n·p < 10
   * Devroye's geometric method (log2 of uniforms), else Hörmann's BTRS (transformed rejection with
   * squeeze) with CPython's lgamma; p > 0.5 by symmetry. n must be a safe integer (a number); the
   * result is a number. Where CPython raises on a draw of exactly 0.0 (log2(0), a division by zero
   * or log(0), probability 2^-53 per draw) this continues with the IEEE value instead.
   */
  binomialvariate(n = 1, p = 0.5): number {
    if (typeof n !== 'number' || !Number.isSafeInteger(n)) throw new TypeError(`binomialvariate: n must be a safe integer, got ${String(n)}`);
    checkFloat(p, 'binomialvariate', 'p');
    if (n < 0) throw new RangeError(`binomialvariate: n must be non-negative, got ${n}`);
    // Python lets a NaN p through to a ValueError deep in BTRS (or returns 0 for n = 1); refuse it first.
    if (!(p >= 0 && p <= 1)) throw new RangeError(`binomialvariate: p must be in the range 0.0 <= p <= 1.0, got ${p}`);
    return this.#binomial(n, p);
  }

  #binomial(n: number, p: number): number {
    if (p === 0) return 0;
    if (p === 1) return n;
    if (n === 1) return this.random() < p ? 1 : 0;
    if (p > 0.5) return n - this.#binomial(n, 1 - p);
    const { log, log2 } = this.#libm;
    if (n * p < 10) {
      let x = 0;
      let y = 0;
      const c = log2(1 - p);
      if (c === 0) return x;
      for (;;) {
        y += Math.floor(log2(this.random()) / c) + 1;
        if (y > n) return x;
        x += 1;
      }
    }
    const spq = Math.sqrt(n * p * (1 - p));
    const b = 1.15 + 2.53 * spq;
    const a = -0.0873 + 0.0248 * b + 0.01 * p;
    const c = n * p + 0.5;
    const vr = 0.92 - 4.2 / b;
    let setup = false;
    let alpha = 0;
    let lpq = 0;
    let m = 0;
    let h = 0;
    for (;;) {
      const u = this.random() - 0.5;
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + c);
      if (k < 0 || k > n) continue;
      let v = this.random();
      if (us >= 0.07 && v <= vr) return k;
      if (!setup) {
        alpha = (2.83 + 5.1 / b) * spq;
        lpq = log(p / (1 - p));
        m = Math.floor((n + 1) * p);
        h = pyLgamma(m + 1, this.#libm) + pyLgamma(n - m + 1, this.#libm);
        setup = true;
      }
      v *= alpha / (a / (us * us) + b);
      if (log(v) <= h - pyLgamma(k + 1, this.#libm) - pyLgamma(n - k + 1, this.#libm) + (k - m) * lpq) return k;
    }
  }
}

/** Python's float x % 2π: fmod, moved into [0, 2π) (a zero remainder is +0). */
function pyModTwoPi(x: number): number {
  const r = x % TWOPI;
  if (r === 0) return 0;
  return r < 0 ? r + TWOPI : r;
}

/** A float argument: any number (Python would also take an int; a bigint is refused here). */
function checkFloat(x: unknown, method: string, name: string): void {
  if (typeof x !== 'number') throw new TypeError(`${method}: ${name} must be a number, got ${typeof x}`);
}

/** bisect.bisect_right(a, x, lo, hi): the first index in [lo, hi) whose element exceeds x, else hi. */
function bisectRight(a: ArrayLike<number>, x: number, lo: number, hi: number): number {
  let l = lo;
  let h = hi;
  while (l < h) {
    const mid = (l + h) >>> 1;
    if (x < (a[mid] as number)) h = mid;
    else l = mid + 1;
  }
  return l;
}

/** Python's floor division of ints. */
function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return (a % b !== 0n && (a < 0n) !== (b < 0n)) ? q - 1n : q;
}

/** An int argument as a bigint; numbers must be safe integers. */
function toInt(x: PyInt, method: string, name: string): bigint {
  if (typeof x === 'bigint') return x;
  if (typeof x === 'number' && Number.isSafeInteger(x)) return BigInt(x);
  throw new TypeError(`${method}: ${name} must be an integer (a safe-integer number or a bigint), got ${String(x)}`);
}
