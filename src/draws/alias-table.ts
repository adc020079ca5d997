import { nextDouble, type BitSource } from './bit-source.js';
import { boundedUint32 } from './lemire.js';
import type { Weights } from './weights.js';

/**
 * Walker's alias method (A. J. Walker, "An efficient method for generating discrete random variables
 * with general distributions", ACM TOMS 3(3), 1977) with Vose's construction (M. D. Vose, "A linear
 * algorithm for generating random numbers with a given distribution", IEEE TSE 17(9), 1991): O(n) to
 * build, O(1) per draw. Column i keeps itself with probability prob[i], else gives alias[i].
 */
export interface AliasTable {
  readonly n: number;
  readonly prob: Float64Array;
  readonly alias: Uint32Array;
}

/**
 * The table, built in this exact order (it is part of the stream's definition):
 * 1. q[i] = (w[i] / total) · n for i = 0 … n − 1 (total = the in-order sum);
 * 2. indices with q < 1 go on the stack `small`, the others on `large`, in increasing order;
 * 3. while both are non-empty: pop s from small and l from large; prob[s] = q[s], alias[s] = l;
 *    q[l] = (q[l] + q[s]) − 1 (Vose's form, which loses least); push l on small if q[l] < 1, else on large;
 * 4. what is left on either stack (its q within rounding of 1) gets prob 1, itself as alias.
 */
export function aliasTable(weights: Weights): AliasTable {
  const { w, total } = weights;
  const n = w.length;
  const q = new Float64Array(n);
  const prob = new Float64Array(n);
  const alias = new Uint32Array(n);
  const small = new Uint32Array(n);
  const large = new Uint32Array(n);
  let ns = 0;
  let nl = 0;
  let heaviest = 0;
  for (let i = 0; i < n; i++) {
    q[i] = (w[i]! / total) * n;
    if (q[i]! < 1) small[ns++] = i;
    else large[nl++] = i;
    if (w[i]! > w[heaviest]!) heaviest = i;
  }
  while (ns > 0 && nl > 0) {
    const s = small[--ns]!;
    const l = large[--nl]!;
    prob[s] = q[s]!;
    alias[s] = l;
    q[l] = q[l]! + q[s]! - 1;
    if (q[l]! < 1) small[ns++] = l;
    else large[nl++] = l;
  }
  const settle = (i: number): void => {
    // A weight of 0 is never drawn: left over only if rounding had piled up a whole unit of error
    // (millions of columns), it then sends its column to the heaviest weight instead.
    prob[i] = w[i] === 0 ? 0 : 1;
    alias[i] = w[i] === 0 ? heaviest : i;
  };
  while (nl > 0) settle(large[--nl]!);
  while (ns > 0) settle(small[--ns]!);
  return { n, prob, alias };
}

/**
 * One draw: the column c = integers(0, n) (Lemire, one word per attempt), then a double u from the
 * next two words (nextDouble); c when u < prob[c], else alias[c].
 */
export function aliasDraw(src: BitSource, table: AliasTable): number {
  const c = boundedUint32(src, table.n);
  return nextDouble(src) < table.prob[c]! ? c : table.alias[c]!;
}
