import type { DoubleLibm } from '../math/libm.js';
import { logf } from '../math/logf.js';
import { sincosf } from '../math/sincosf.js';
import { MRG_NORM, uniformDouble53 } from './uniform.js';

/**
 * Box–Muller normals as cuRAND's host generators compute them for Philox, XORWOW and MRG32k3a: one
 * pair of outputs per pair of uniforms, the even element from sin and the odd one from cos, in float with
 * glibc's logf/sincosf/sqrtf, or in double with glibc's log/sincos(v·π)/sqrt
 * (docs/spec/curand-host-semantics.md §4.2, docs/spec/curand-more-generators.md §1.6, §2.4; exact math in
 * src/math/). The generators differ only in how the two uniforms are formed (PairInputs).
 *
 * Input words are pair-aligned (Engine.fill with pairAligned): `lead` = 1 means the first pair's
 * sin output precedes this call and is dropped; an odd tail drops the last pair's cos output.
 */

/** fround(6.2831855): cuRAND's float 2π. */
const TWO_PI_FLOAT = Math.fround(6.2831855);
/** fround(2^-32 · fround(6.2831855)): cuRAND's float 2π scaled to a 32-bit word. */
const K = Math.fround(2 ** -32 * TWO_PI_FLOAT);
const HALF_K = K / 2;
const TWO_M32 = 2 ** -32;
const TWO_M33 = 2 ** -33;
const PI = Math.PI;

const sincos = new Float64Array(2);

/**
 * How a generator turns its words into Box–Muller's two uniforms:
 * - 'bits' (Philox, XORWOW): raw 32-bit words; float u = the float uniform of x and angle
 *   v = fround(y)·K + K/2; double u, v = 53-bit uniforms of (x0, x1) and 2·(y0, y1), 4 words a pair;
 * - 'mrg' (MRG32k3a, docs/spec/curand-more-generators.md §2.4): step results r in [1, m1] scaled by
 *   MRG_NORM; float u = fround(a·NORM) and angle fround(fround(b·NORM)·fround(2π)); double
 *   u = a·NORM, v = 2·b·NORM; 2 words a pair in both.
 */
export type PairInputs = 'bits' | 'mrg';

/**
 * Log-normals: glibc's float expf, in the variant of the host being reproduced (DoubleLibm.expf);
 * null for plain normals.
 */
export type LogNormalExp = ((x: number) => number) | null;

/** The float pair from u (radius) and v (sincosf's argument): pair[0] the sin output, pair[1] the cos output. */
const pair = new Float64Array(2);
function floatPair(u: number, v: number, m: number, s: number, exp: LogNormalExp): void {
  const rad = Math.fround(Math.sqrt(Math.fround(-2 * logf(u))));
  sincosf(v, sincos);
  const z0 = Math.fround(m + Math.fround(s * Math.fround((sincos[0] as number) * rad)));
  const z1 = Math.fround(m + Math.fround(s * Math.fround((sincos[1] as number) * rad)));
  pair[0] = exp === null ? z0 : exp(z0);
  pair[1] = exp === null ? z1 : exp(z1);
}

/** The float pair of two words (x for the radius, y for the angle), formed as `inputs` says. */
function floatPairOf(x: number, y: number, inputs: PairInputs, m: number, s: number, exp: LogNormalExp): void {
  if (inputs === 'bits') {
    floatPair(Math.fround(Math.fround(x) * TWO_M32 + TWO_M33), Math.fround(Math.fround(Math.fround(y) * K) + HALF_K), m, s, exp);
  } else {
    floatPair(Math.fround(x * MRG_NORM), Math.fround(Math.fround(y * MRG_NORM) * TWO_PI_FLOAT), m, s, exp);
  }
}

/** The double pair from u (radius) and v (the angle in half-turns: sincos(v·π)). */
function doublePair(u: number, v: number, mean: number, stddev: number, logNormal: boolean, libm: DoubleLibm): void {
  const rad = Math.sqrt(-2 * libm.log(u));
  libm.sincos(v * PI, sincos);
  const z0 = mean + stddev * ((sincos[0] as number) * rad);
  const z1 = mean + stddev * ((sincos[1] as number) * rad);
  pair[0] = logNormal ? libm.exp(z0) : z0;
  pair[1] = logNormal ? libm.exp(z1) : z1;
}

/** Writes `pair` at out[i] (the sin half, unless the previous call wrote it) and out[i + 1] (the cos half, unless past the end). */
function writePair(out: Float32Array | Float64Array, i: number, sin: boolean, cos: boolean): void {
  if (sin) out[i] = pair[0] as number;
  if (cos) out[i + 1] = pair[1] as number;
}

/** Float normals (or, with `exp`, their glibc expf) from 2 words per pair. */
export function fillNormalFloat(
  out: Float32Array,
  outAt: number,
  words: Uint32Array,
  lead: number,
  n: number,
  mean: number,
  stddev: number,
  exp: LogNormalExp,
  inputs: PairInputs = 'bits',
): void {
  const m = Math.fround(mean);
  const s = Math.fround(stddev);
  const end = lead + n;
  for (let e = 0; e < end; e += 2) {
    floatPairOf(words[e] as number, words[e + 1] as number, inputs, m, s, exp);
    writePair(out, outAt + e - lead, e >= lead, e + 1 < end);
  }
}

/** Double normals (or their glibc exp) from 4 words per pair ('bits') or 2 ('mrg'). */
export function fillNormalDouble(
  out: Float64Array,
  outAt: number,
  words: Uint32Array,
  lead: number,
  n: number,
  mean: number,
  stddev: number,
  logNormal: boolean,
  libm: DoubleLibm,
  inputs: PairInputs = 'bits',
): void {
  const end = lead + n;
  for (let e = 0; e < end; e += 2) {
    if (inputs === 'bits') {
      const w = 2 * e;
      // v = zy·2^-52 + 2^-53 is exactly twice the 53-bit uniform of (y0, y1).
      doublePair(uniformDouble53(words[w], words[w + 1]), 2 * uniformDouble53(words[w + 2], words[w + 3]), mean, stddev, logNormal, libm);
    } else {
      doublePair((words[e] as number) * MRG_NORM, (words[e + 1] as number) * MRG_NORM * 2, mean, stddev, logNormal, libm);
    }
    writePair(out, outAt + e - lead, e >= lead, e + 1 < end);
  }
}

/**
 * Standard float normals one per element, each the sin or cos half of a pair: 3 words per element,
 * the pair's two words and 0 (sin) or 1 (cos). This is how the device API's curand_normal hands out
 * a pair over two calls, which cuRAND's host Poisson uses on XORWOW and MRG32k3a
 * (SlotEngine.fillCachedPairs).
 */
export function fillNormalFloatHalves(out: Float32Array, outAt: number, words: Uint32Array, n: number, inputs: PairInputs): void {
  for (let k = 0; k < n; k++) {
    floatPairOf(words[3 * k] as number, words[3 * k + 1] as number, inputs, 0, 1, null);
    out[outAt + k] = pair[words[3 * k + 2] as number] as number;
  }
}
