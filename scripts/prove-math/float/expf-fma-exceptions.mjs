#!/usr/bin/env node
/**
 * Derives expf's exception table from the FMA contraction of glibc's `__expf_fma` (read from the
 * disassembly of Debian's libm 2.36; the same contraction is listed in docs/exact-float-math.md):
 *
 *   kd = fma(InvLn2N, x, Shift); ki = bits(kd); kd −= Shift; r = fma(InvLn2N, x, −kd)
 *   z = fma(C0, r, C1); r2 = r·r; y = fma(C2, r, 1); y = fma(z, r2, y); result = (float)(y·s)
 *
 * against the plain C evaluation (src/math/expf.ts `expfNoFma`), for every float x whose result is
 * computed rather than special-cased. The two evaluations differ by at most the polynomial's error
 * (below 2^-32 relative, when the fused kd rounds to the other integer) and otherwise by a few double
 * ulps, so wherever the plain value y·s ± |y·s|·2^-30 rounds to a single float the fused result rounds
 * to it too; only the other inputs (about 0.6 %) are evaluated with the exact software fma.
 *
 *   node scripts/prove-math/float/expf-fma-exceptions.mjs   (about a minute)
 *
 * Prints every input whose fused result differs, with the intermediate values; src/math/expf.ts
 * patches exactly these inputs.
 */

import { loadFloatMath } from './build.mjs';

const m = await loadFloatMath();
const { fma, EXPF_INVLN2N: INV, EXPF_SHIFT: SHIFT, EXPF_C0: C0, EXPF_C1: C1, EXPF_C2: C2, EXPF_SCALE } = m;

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
const bitsOf = (x) => ((f32[0] = x), u32[0]);
const hex = (u) => '0x' + u.toString(16).padStart(8, '0');

/** The fused chain, with its intermediates. */
function fused(x) {
  const kdShift = fma(INV, x, SHIFT);
  const kd = kdShift - SHIFT;
  const r = fma(INV, x, -kd);
  const k = kd | 0;
  const s = EXPF_SCALE[k & 31] * 2 ** (k >> 5);
  const z = fma(C0, r, C1);
  const r2 = r * r;
  let y = fma(C2, r, 1);
  y = fma(z, r2, y);
  return { k, r, y, ys: y * s, out: Math.fround(y * s) };
}

/** The plain chain (what expfNoFma computes), with its intermediates. */
function plain(x) {
  const z0 = INV * x;
  const kd = z0 + SHIFT - SHIFT;
  const r = z0 - kd;
  const k = kd | 0;
  const s = EXPF_SCALE[k & 31] * 2 ** (k >> 5);
  const p = C0 * r + C1;
  const r2 = r * r;
  let y = C2 * r + 1;
  y = p * r2 + y;
  return { k, r, y, ys: y * s, out: Math.fround(y * s) };
}

const GUARD = 2 ** -30;
const lo = m.EXPF_UNDERFLOW_BOUND;
const hi = m.EXPF_OVERFLOW_BOUND;
const t0 = performance.now();
let inputs = 0;
let checked = 0;
const found = [];
const inF = new Float32Array(1 << 20);
const inU = new Uint32Array(inF.buffer);
// Every float in [lo, hi]: patterns 0 … bits(hi) and 0x80000000 … bits(lo).
for (const [a, b] of [[0, bitsOf(hi)], [0x80000000, bitsOf(lo)]]) {
  for (let start = a; start <= b; start += inU.length) {
    const n = Math.min(inU.length, b - start + 1);
    for (let i = 0; i < n; i++) inU[i] = start + i;
    for (let i = 0; i < n; i++) {
      const x = inF[i];
      const ys = plain(x).ys;
      const o = Math.fround(ys - ys * GUARD);
      if (o === Math.fround(ys + ys * GUARD)) continue;
      checked++;
      if (fused(x).out !== Math.fround(ys)) found.push(x);
    }
    inputs += n;
  }
}
console.log(
  `${inputs.toLocaleString('en-US')} inputs in [${lo}, ${hi}], ${checked.toLocaleString('en-US')} evaluated with exact fma, ` +
    `${found.length} differ (${((performance.now() - t0) / 1000).toFixed(1)} s)`,
);
for (const x of found) {
  const p = plain(x);
  const f = fused(x);
  console.log(`x = ${hex(bitsOf(x))} (${x}): plain k=${p.k} r=${p.r} y·s=${p.ys} → ${hex(bitsOf(p.out))}; ` +
    `fused k=${f.k} r=${f.r} y·s=${f.ys} → ${hex(bitsOf(f.out))}; expfNoFma ${hex(bitsOf(m.expfNoFma(x)))}, expf ${hex(bitsOf(m.expf(x)))}`);
}
