/**
 * RandomState's hypergeometric draw (legacy_random_hypergeometric in
 * numpy/random/src/legacy/legacy-distributions.c, NumPy 1.16's code): nothing for sample 0, the
 * urn-by-urn HYP algorithm up to 10 draws, and Stadlober's ratio-of-uniforms HRUA beyond (with
 * Ivan Frohne's corrections for good > bad and for sample above half the population). C's int64
 * arithmetic is exact here in doubles: the callers keep good + bad + 2 within 2^53.
 */

import { nextDouble, type BitSource } from '../draws/bit-source.js';
import { log } from '../draws/libm.js';
import { loggam } from '../draws/poisson.js';

/** HRUA's constants, as NumPy writes them: 2·√(2/e) and 3 − 2·√(3/e). */
const D1 = 1.7155277699214135;
const D2 = 0.8989161620588988;

/** The number of good items among `sample` drawn without replacement from good + bad (sample ≤ good + bad). */
export function legacyHypergeometric(src: BitSource, good: number, bad: number, sample: number): number {
  if (sample > 10) return hrua(src, good, bad, sample);
  if (sample > 0) return hyp(src, good, bad, sample);
  return 0;
}

/** HYP: one double per item drawn, walking the smaller colour's count down. */
function hyp(src: BitSource, good: number, bad: number, sample: number): number {
  const d1 = bad + good - sample;
  const d2 = Math.min(bad, good);
  let y = d2;
  let k = sample;
  while (y > 0) {
    const u = nextDouble(src);
    y -= Math.floor(u + y / (d1 + k));
    k--;
    if (k === 0) break;
  }
  const z = Math.trunc(d2 - y);
  return good > bad ? sample - z : z;
}

/** HRUA: ratio of uniforms under a table-mountain hat, log-gamma for the acceptance bound. */
function hrua(src: BitSource, good: number, bad: number, sample: number): number {
  const minGoodBad = Math.min(good, bad);
  const popSize = good + bad;
  const maxGoodBad = Math.max(good, bad);
  const m = Math.min(sample, popSize - sample);
  const d4 = minGoodBad / popSize;
  const d5 = 1 - d4;
  const d6 = m * d4 + 0.5;
  const d7 = Math.sqrt(((popSize - m) * sample * d4 * d5) / (popSize - 1) + 0.5);
  const d8 = D1 * d7 + D2;
  const d9 = Math.floor(((m + 1) * (minGoodBad + 1)) / (popSize + 2));
  const d10 = loggam(d9 + 1) + loggam(minGoodBad - d9 + 1) + loggam(m - d9 + 1) + loggam(maxGoodBad - m + d9 + 1);
  // C's MIN(a, b) is a < b ? a : b.
  const top = Math.min(m, minGoodBad) + 1;
  const tail = Math.floor(d6 + 16 * d7);
  const d11 = top < tail ? top : tail;
  let z: number;
  for (;;) {
    const x = nextDouble(src);
    const y = nextDouble(src);
    const w = d6 + (d8 * (y - 0.5)) / x;
    if (w < 0 || w >= d11) continue;
    z = Math.floor(w);
    const t = d10 - (loggam(z + 1) + loggam(minGoodBad - z + 1) + loggam(m - z + 1) + loggam(maxGoodBad - m + z + 1));
    if (x * (4 - x) - 3 <= t) break;
    if (x * (x - t) >= 1) continue;
    if (2 * log(x) <= t) break;
  }
  if (good > bad) z = m - z;
  if (m < sample) z = good - z;
  return z;
}
