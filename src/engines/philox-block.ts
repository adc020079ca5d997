/**
 * The Philox4x32-10 block function (Salmon, Moraes, Dror & Shaw, "Parallel random numbers: as easy
 * as 1, 2, 3", SC'11; constants as in Random123's philox.h): 10 rounds over a 4-word counter with a
 * 2-word key bumped by the Weyl constants between rounds.
 *
 * JS numbers cannot hold a 64-bit product, so the high half of each 32×32 multiply is computed from
 * 16-bit pieces (every partial sum stays below 2^32) and the low half with Math.imul.
 */

const M0 = 0xd2511f53;
const M1 = 0xcd9e8d57;
const W0 = 0x9e3779b9;
const W1 = 0xbb67ae85;
const M0_LO = M0 & 0xffff;
const M0_HI = M0 >>> 16;
const M1_LO = M1 & 0xffff;
const M1_HI = M1 >>> 16;

/** High 32 bits of M0·a for a uint32 a. */
function mulhi0(a: number): number {
  const aLo = a & 0xffff;
  const aHi = a >>> 16;
  const t = aLo * M0_LO;
  const u = aHi * M0_LO + (t >>> 16);
  const v = aLo * M0_HI + (u & 0xffff);
  return (aHi * M0_HI + (u >>> 16) + (v >>> 16)) >>> 0;
}

/** High 32 bits of M1·a for a uint32 a. */
function mulhi1(a: number): number {
  const aLo = a & 0xffff;
  const aHi = a >>> 16;
  const t = aLo * M1_LO;
  const u = aHi * M1_LO + (t >>> 16);
  const v = aLo * M1_HI + (u & 0xffff);
  return (aHi * M1_HI + (u >>> 16) + (v >>> 16)) >>> 0;
}

/**
 * Writes Philox4x32-10(counter = (c0, c1, c2, c3), key = (k0, k1)) to out[at..at+3] as lanes x, y, z, w.
 * The ten rounds are unrolled into a loop V8 optimises well; the state lives in locals.
 */
export function philoxBlock(
  c0: number,
  c1: number,
  c2: number,
  c3: number,
  k0: number,
  k1: number,
  out: Uint32Array,
  at: number,
): void {
  let x0 = c0 >>> 0;
  let x1 = c1 >>> 0;
  let x2 = c2 >>> 0;
  let x3 = c3 >>> 0;
  let key0 = k0 >>> 0;
  let key1 = k1 >>> 0;
  for (let round = 0; round < 10; round++) {
    const hi0 = mulhi0(x0);
    const lo0 = Math.imul(x0, M0);
    const hi1 = mulhi1(x2);
    const lo1 = Math.imul(x2, M1);
    x0 = (hi1 ^ x1 ^ key0) >>> 0;
    x1 = lo1 >>> 0;
    x2 = (hi0 ^ x3 ^ key1) >>> 0;
    x3 = lo0 >>> 0;
    key0 = (key0 + W0) >>> 0;
    key1 = (key1 + W1) >>> 0;
  }
  out[at] = x0;
  out[at + 1] = x1;
  out[at + 2] = x2;
  out[at + 3] = x3;
}
