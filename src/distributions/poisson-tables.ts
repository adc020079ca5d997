import { CURAND_STATUS, CurandError } from '../errors.js';
import type { DoubleLibm } from '../math/libm.js';

/**
 * The two lookup tables cuRAND's host generators build for curandGeneratePoisson, rebuilt here bit
 * for bit (docs/poisson.md; the facts are from docs/spec/curand-poisson.md §3–§4, measured against
 * cuRAND 10.4):
 *
 * - a square histogram ("method M2" of Marsaglia, Tsang & Wang, "Fast generation of discrete random
 *   variables", J. Stat. Softw. 11(3), 2004; the Robin Hood construction), sampled with one uniform;
 * - a cumulative table, binary-searched (MTGP32, 32 ≤ λ ≤ 8000).
 *
 * Both start from the Poisson pmf computed in double with glibc's `exp` and `log` — which one of
 * glibc's variants is the caller's choice (`libm`, from the generator's hostMath): the table bits
 * depend on it, although no output has been seen to.
 */

/** M2 table: out = shift + (u < threshold[j] ? j : alias[j]) with j = ⌊cells·u⌋. */
export interface SquareHistogram {
  /** The first k whose pmf term does not underflow (0 unless λ ≳ 745). */
  readonly shift: number;
  /** L, the number of cells: every consecutive non-zero pmf term from `shift` on. */
  readonly cells: number;
  /**
   * L + 1 entries: cuRAND allocates one more than it fills, so the word 0xFFFFFFFF (u = 1, j = L)
   * reads threshold 0 and alias 0 and yields `shift`, the smallest value (measured, §3.3).
   */
  readonly threshold: Float64Array;
  readonly alias: Int32Array;
}

/** CDF table: out = shift + the first index whose cumulative sum is ≥ u (binary search). */
export interface CumulativeTable {
  readonly shift: number;
  /** The running sums up to (not including) the first one that no longer changes. */
  readonly cdf: Float64Array;
}

/**
 * cuRAND's table capacity for λ: 256 · ceilf(fround((√λ·80 + 200) / 256)). It only bounds the build
 * (cuRAND fails with status 203 beyond it), and no accepted λ comes near it (§3.1, §9.4); checked
 * anyway so that an impossible table fails loudly rather than silently differing.
 */
function capacity(lambda: number): number {
  return 256 * Math.ceil(Math.fround((Math.sqrt(lambda) * 80 + 200) * 0.00390625));
}

function capacityExceeded(lambda: number): CurandError {
  return new CurandError('ERR_CURAND_STATUS', `the Poisson table for lambda ${lambda} exceeds cuRAND's capacity`, {
    status: CURAND_STATUS.CURAND_STATUS_INITIALIZATION_FAILED,
    statusName: 'CURAND_STATUS_INITIALIZATION_FAILED',
    operation: 'curandGeneratePoisson',
  });
}

/**
 * log k! as cuRAND accumulates it, log(1) + log(2) + … + log(k) in that order, for every k so far:
 * the sums do not depend on λ, so they are kept per glibc variant (whose last bits they carry) and
 * a build needs one libm call per term instead of two. At most ~9,000 entries (λ = 8000).
 */
const logFactorials = new Map<DoubleLibm, Float64Array>();

function logFactorialsUpTo(k: number, libm: DoubleLibm): Float64Array {
  let sums = logFactorials.get(libm) ?? new Float64Array(1);
  if (sums.length <= k) {
    const grown = new Float64Array(Math.max(k + 1, 2 * sums.length));
    grown.set(sums);
    for (let i = sums.length; i < grown.length; i++) grown[i] = grown[i - 1] + libm.log(i);
    sums = grown;
  }
  logFactorials.set(libm, sums);
  return sums;
}

/** The pmf terms p_k = exp((k·log λ − λ) − log k!) in cuRAND's evaluation order, k = 0, 1, … */
class PoissonTerms {
  /** The k of the next term. */
  k = 0;
  private readonly logLambda: number;
  private logFactorial: Float64Array;

  constructor(
    private readonly lambda: number,
    private readonly libm: DoubleLibm,
  ) {
    this.logLambda = libm.log(lambda);
    this.logFactorial = logFactorialsUpTo(1024, libm);
  }

  next(): number {
    const k = this.k++;
    if (k >= this.logFactorial.length) this.logFactorial = logFactorialsUpTo(k, this.libm);
    return this.libm.exp(this.logLambda * k - this.lambda - this.logFactorial[k]);
  }
}

/** Builds the M2 table for λ (uncached; see squareHistogram). */
export function buildSquareHistogram(lambda: number, libm: DoubleLibm): SquareHistogram {
  const limit = capacity(lambda);
  const terms = new PoissonTerms(lambda, libm);
  // Leading terms that underflow to 0 are skipped; the table starts at the first non-zero one and
  // ends before the next zero (subnormal terms count). It is not normalised.
  let p = terms.next();
  while (p === 0) p = terms.next();
  const shift = terms.k - 1;
  const pmf: number[] = [];
  for (;;) {
    // cuRAND checks the capacity before it looks at the term, the final zero included.
    if (pmf.length + 1 >= limit - 1) throw capacityExceeded(lambda);
    if (p === 0) break;
    pmf.push(p);
    p = terms.next();
  }

  const cells = pmf.length;
  // q: each cell's remaining mass; one spare zero entry for the donor scan's bounds, as in cuRAND.
  const q = new Float64Array(cells + 1);
  q.set(pmf);
  const threshold = new Float64Array(cells + 1);
  const alias = new Int32Array(cells + 1);
  const settled = new Uint8Array(cells);
  const a = 1 / cells;
  const aFloat = Math.fround(a);
  const target = cells - 1;
  let done = 0;
  // The donor cursor: scans downward from the top, wraps, and keeps its place between cells.
  let donor = cells - 1;
  // Every unsettled index below scanFrom has fround(q) > aFloat; only donors can drop below that.
  let scanFrom = 0;
  while (done < target) {
    // cuRAND picks the next small cell with a *float* comparison of q with 1/L.
    let i = scanFrom;
    while (i < cells && (settled[i] === 1 || !(Math.fround(q[i]) <= aFloat))) i++;
    if (i === cells) throw tableBug(lambda, 'no small cell left');
    scanFrom = i;
    if (Math.fround(q[i]) === aFloat) {
      // Full in float: the cell keeps all its mass (never observed, §3.2).
      settled[i] = 1;
      done++;
      alias[i] = i;
      threshold[i] = i * a + q[i];
      continue;
    }
    // Fill cell i from the donor, then follow the forward chain of cells with q < a (a double
    // comparison that ignores `settled`, as cuRAND's does).
    for (;;) {
      for (let scanned = 0; a >= q[donor]; scanned++) {
        if (scanned > cells) throw tableBug(lambda, 'no donor left');
        donor = donor > 0 ? donor - 1 : cells - 1;
      }
      done++;
      settled[i] = 1;
      alias[i] = donor;
      threshold[i] = i * a + q[i];
      q[donor] = q[donor] - (a - q[i]);
      q[i] = a;
      if (donor < scanFrom) scanFrom = donor;
      i++;
      while (i < cells && !(q[i] < a)) i++;
      if (done >= target || i >= cells) break;
    }
  }
  // The one cell left keeps its own value above its remaining mass.
  let m = 0;
  while (settled[m] === 1) m++;
  threshold[m] = a * m + q[m];
  alias[m] = m;
  return { shift, cells, threshold, alias };
}

/** cuRAND would loop forever here; no λ has been seen to get there (10^6 random λ, §3.2). */
function tableBug(lambda: number, what: string): Error {
  return new Error(`Poisson square histogram for lambda ${lambda}: ${what} (cuRAND would not terminate)`);
}

/** Builds the cumulative table for λ (uncached; see cumulativeTable). */
export function buildCumulativeTable(lambda: number, libm: DoubleLibm): CumulativeTable {
  const limit = capacity(lambda) - 1;
  const terms = new PoissonTerms(lambda, libm);
  const sums: number[] = [];
  let shift = -1;
  let sum = 0;
  for (;;) {
    const k = terms.k;
    // Term first, then the running sum: (p_k + sum) in that order.
    sum = terms.next() + sum;
    if (sum > 0) {
      if (shift < 0) shift = k;
      sums.push(sum);
    }
    if (sums.length >= limit) throw capacityExceeded(lambda);
    // Stop once the sum saturates; the duplicate last entry is dropped.
    if (sums.length >= 2 && sums[sums.length - 2] === sums[sums.length - 1]) break;
  }
  return { shift, cdf: Float64Array.from(sums.slice(0, -1)) };
}

/**
 * A few tables per variant of glibc, most recently used last: cuRAND rebuilds its table whenever λ
 * changes, but output does not depend on when tables are built, so a memo of this pure function is
 * invisible except in speed (a λ = 1999 M2 table takes a fraction of a millisecond to build, more
 * than a short call takes to sample).
 */
function cached<T>(build: (lambda: number, libm: DoubleLibm) => T, size = 8): (lambda: number, libm: DoubleLibm) => T {
  const byLibm = new Map<DoubleLibm, Map<number, T>>();
  return (lambda, libm) => {
    let tables = byLibm.get(libm);
    if (tables === undefined) byLibm.set(libm, (tables = new Map()));
    let table = tables.get(lambda);
    if (table === undefined) {
      table = build(lambda, libm);
      if (tables.size >= size) tables.delete(tables.keys().next().value as number);
    } else {
      tables.delete(lambda);
    }
    tables.set(lambda, table);
    return table;
  };
}

/** The M2 table for λ, cached per (λ, libm variant). */
export const squareHistogram = cached(buildSquareHistogram);

/** The cumulative table for λ, cached per (λ, libm variant). */
export const cumulativeTable = cached(buildCumulativeTable);
