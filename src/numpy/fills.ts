/**
 * The vectorised calls of node-curand/numpy on the fills of src/kernels/numpy-fills.ts (the addon's,
 * else WebAssembly's): Generator.random, integers (spans up to 2^32 − 1), standard_normal and normal
 * over PCG64 / PCG64DXSM, and RandomState's random_sample and polar-method normals. The same words in the same order and the
 * same doubles as the TypeScript loops they stand in for: each copies the bit generator's state into
 * the fills' state block, fills, and copies it back. A ziggurat value the fills leave to the
 * reference (one that reaches the tail, or with WebAssembly a wedge too) is drawn here whole by
 * standardNormal, then the fill goes on.
 *
 * Each function returns its new array, or null, having drawn and allocated nothing, where it does not
 * apply (a short call, another bit generator, or no fills at all): the caller then runs its
 * TypeScript loop. pcgBounded32 fills the caller's array (the caller's loop needs it either way).
 */

import { numpyFills } from '../kernels/numpy-fills-choice.js';
import type { BoundedArray, NumpyFills } from '../kernels/numpy-fills.js';
import type { Mersenne } from '../python/mersenne.js';
import type { LegacySource } from './legacy.js';
import { Pcg128 } from './pcg64.js';

/** Values below which a call stays in TypeScript: the state copies and the call cost about as much. */
const MIN_VALUES = 64;

/** The fills for a PCG bit generator and a call of `count` values, its state copied in; else null. */
function pcgFills(bg: unknown, count: number): NumpyFills | null {
  if (count < MIN_VALUES || !(bg instanceof Pcg128)) return null;
  const fills = numpyFills();
  if (fills !== null) bg.saveWords(fills.pcg);
  return fills;
}

/** random(n): next_double. */
export function pcgRandom(bg: unknown, n: number): Float64Array | null {
  const fills = pcgFills(bg, n);
  if (fills === null) return null;
  const pcg = bg as Pcg128;
  const out = new Float64Array(n);
  fills.pcgDoubles(pcg.cheap, out, 0, n);
  pcg.loadWords(fills.pcg);
  return out;
}

/** integers over a span m (1 < m < 2^32, threshold = 2^32 mod m): min + Lemire's draw from next_uint32, into out. */
export function pcgBounded32(bg: unknown, m: number, threshold: number, min: number, out: BoundedArray): boolean {
  const fills = pcgFills(bg, out.length);
  if (fills === null) return false;
  const pcg = bg as Pcg128;
  fills.pcgBounded32(pcg.cheap, m, threshold, min, out, 0, out.length);
  pcg.loadWords(fills.pcg);
  return true;
}

/** standard_normal(n): what the fills draw in one go, the values they leave whole by `one` (the reference). */
export function pcgStandardNormal(bg: unknown, n: number, one: () => number): Float64Array | null {
  const fills = pcgFills(bg, n);
  if (fills === null) return null;
  const pcg = bg as Pcg128;
  const out = new Float64Array(n);
  for (let i = 0; ; ) {
    i += fills.pcgNormals(pcg.cheap, out, i, n - i);
    pcg.loadWords(fills.pcg);
    if (i === n) return out;
    out[i++] = one();
    pcg.saveWords(fills.pcg);
  }
}

/** The fills with a Mersenne Twister's state copied in, for a call of `count` values; else null. */
function mtFills(mt: Mersenne, count: number): NumpyFills | null {
  if (count < MIN_VALUES) return null;
  const fills = numpyFills();
  if (fills !== null) {
    fills.mt.set(mt.mt);
    fills.mt[624] = mt.index;
  }
  return fills;
}

function mtBack(fills: NumpyFills, mt: Mersenne): void {
  mt.mt.set(fills.mt.subarray(0, 624));
  mt.index = fills.mt[624]!;
}

/** random_sample(n): the 53-bit doubles of two words each. */
export function mtRandom(mt: Mersenne, n: number): Float64Array | null {
  const fills = mtFills(mt, n);
  if (fills === null) return null;
  const out = new Float64Array(n);
  fills.mtDoubles(out, 0, n);
  mtBack(fills, mt);
  return out;
}

/**
 * standard_normal(n) by legacy_gauss: the cached value first, then f·x2 and f·x1 of each accepted
 * pair, the last pair's f·x1 cached when n leaves it over.
 */
export function mtGauss(s: LegacySource, n: number): Float64Array | null {
  const fills = mtFills(s.mt, n);
  if (fills === null) return null;
  const out = new Float64Array(n);
  let i = 0;
  if (s.hasGauss) {
    out[i++] = s.gauss;
    s.hasGauss = false;
    s.gauss = 0;
  }
  const pairs = Math.floor((n - i) / 2);
  fills.mtGauss(out, i, pairs);
  i += 2 * pairs;
  if (i < n) {
    fills.mtGauss(LAST_PAIR, 0, 1);
    out[i] = LAST_PAIR[0]!;
    s.gauss = LAST_PAIR[1]!;
    s.hasGauss = true;
  }
  mtBack(fills, s.mt);
  return out;
}

/** The pair whose second value is cached (calls are synchronous and never interleave). */
const LAST_PAIR = new Float64Array(2);
