/**
 * Inputs for the double libm proofs: random cuRAND-shaped samples and the edge and boundary cases of
 * each algorithm (docs/exact-double-math.md lists them). Deterministic: every run with the same seed
 * checks the same inputs.
 */

const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);
const bitsOf = (x) => ((f64[0] = x), u64[0]);
const fromBits = (b) => ((u64[0] = BigInt.asUintN(64, b)), f64[0]);

/** xoshiro128** (Blackman & Vigna), seeded through splitmix32: fast 32-bit random words. */
export class Rng {
  constructor(seed) {
    let s = seed >>> 0;
    const next = () => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
  }
  u32() {
    const r = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return r;
  }
  /** Uniform integer in [0, 2^bits), bits <= 53. */
  bits(bits) {
    if (bits <= 32) return this.u32() >>> (32 - bits);
    return (this.u32() >>> (64 - bits)) * 2 ** 32 + this.u32();
  }
  /** Uniform double in [0, 1) on the 2^-53 grid. */
  unit() {
    return this.bits(53) * 2 ** -53;
  }
}
const rotl = (x, k) => (x << k) | (x >>> (32 - k));

/** A double with uniform 52-bit mantissa and exponent uniform in [emin, emax], positive. */
function expUniform(rng, emin, emax) {
  const e = emin + Math.floor(rng.unit() * (emax - emin + 1));
  const m = 1 + rng.bits(52) * 2 ** -52;
  return e < -1022 ? m * 2 ** -1022 * 2 ** (e + 1022) : m * 2 ** e; // subnormals: one rounding, fine as an input
}

/**
 * Random input shapes per function: each is (rng) → one double. The first of each list is the
 * cuRAND one the brief names; the proof draws n inputs from every shape.
 */
export const SHAPES = {
  log: {
    // Philox normal double: u = z·2^-53 + 2^-54, z a 53-bit integer (docs/spec/curand-host-semantics.md §4.2).
    'philox u = z·2^-53 + 2^-54': (rng) => rng.bits(53) * 2 ** -53 + 2 ** -54,
    // MTGP32 log-normal double via CUDA's host erfcinv: log(a), a = 2p = x·2^-31 + 2^-32 < 0.0625 (§4.3).
    'mtgp32 erfcinv a = x·2^-31 + 2^-32 < 1/16': (rng) => rng.bits(27) * 2 ** -31 + 2 ** -32,
  },
  exp: {
    'uniform [-50, 50]': (rng) => rng.unit() * 100 - 50,
    // Log-normal double: exp(m + s·z) with z a standard normal (Box–Muller of two uniforms).
    'm + s·z, m in [-10, 10], s in (0, 4], z ~ N(0, 1)': (rng) => {
      const m = rng.unit() * 20 - 10;
      const s = (rng.bits(53) + 1) * 2 ** -51;
      const z = Math.sqrt(-2 * Math.log(rng.unit() + 2 ** -54)) * Math.cos(2 * Math.PI * rng.unit());
      return m + s * z;
    },
  },
  log1p: {
    // CUDA host erfinv's t = 1/sqrt(−log1p(−|b|)) for |b| >= 0.9375: arguments in (−1, −0.9375].
    '(-1, -0.9375]': (rng) => -1 + (rng.bits(52) + 1) * 2 ** -56,
  },
  sincos: {
    // Philox normal double: sincos(v·π), v = z·2^-52 + 2^-53 in (0, 2] (§4.2).
    'v·π, v = z·2^-52 + 2^-53': (rng) => (rng.bits(52) * 2 ** -52 + 2 ** -53) * Math.PI,
  },
};

/** x and the `ulps` doubles on either side of it (bit-pattern neighbours, crossing zero correctly). */
function around(x, ulps, out) {
  const b = bitsOf(Math.abs(x));
  const sign = x < 0 ? -1 : 1;
  for (let k = -ulps; k <= ulps; k++) {
    const n = b + BigInt(k);
    out.push(n < 0n ? -sign * fromBits(-n) : sign * fromBits(n));
  }
}

const fromHi = (hi) => fromBits(BigInt(hi) << 32n);

/**
 * Edge and boundary cases of each function, both signs where the function takes them: `ulps`
 * neighbours either side of every threshold, and `bulk` times the default number of wide-range
 * random values (the proof uses the defaults; the committed golden vectors a smaller set).
 */
export function edgeCases(fn, { ulps = 1000, bulk = 1 } = {}) {
  const out = [];
  const rng = new Rng(0xed6e ^ fn.length);
  const many = (n) => Math.round(n * bulk);
  const SPECIAL = [0, -0, Infinity, -Infinity, NaN, 2 ** -1074, -(2 ** -1074), 2 ** -1022, Number.MAX_VALUE, -Number.MAX_VALUE, 1, -1, 0.5, 2];
  out.push(...SPECIAL);
  if (fn === 'log') {
    for (const t of [1, 1 - 2 ** -4, 1 + 0x109 * 2 ** -12, 2 ** -1022, 2 ** -1074, Number.MAX_VALUE, 2 ** -54, 1 - 2 ** -54, 2 ** -32 + 2 ** -31, 0.0625]) around(t, ulps, out);
    // The 128 subinterval boundaries of [OFF, 2·OFF) in the binades of 1 and 2^-20, and one near 2^-1040.
    for (let i = 0; i <= 128; i++) {
      const z = fromBits(0x3fe6000000000000n + (BigInt(i) << 45n));
      for (const s of [1, 2 ** -20, 2 ** 40]) around(z * s, Math.min(20, ulps), out);
    }
    for (let i = 0; i < many(20000); i++) out.push(expUniform(rng, -1074, 1023));
    for (let i = 0; i < many(20000); i++) out.push(-expUniform(rng, -1074, 1023));
  } else if (fn === 'exp') {
    const T = [2 ** -54, 512, 1024, 709.782712893384, 709.7827128933841, -708.3964185322641, -745.1332191019411, -745.1332191019412, 0.5 * Math.LN2 / 128];
    for (const t of T) {
      around(t, ulps, out);
      around(-t, ulps, out);
    }
    // Where x·128/ln2 is a half-integer: the rounding to k that the fused kd = fma(InvLn2N, x, Shift) decides.
    for (let i = 0; i < many(4000); i++) {
      const j = Math.floor(rng.unit() * 2 * 140000) - 140000;
      around(((j + 0.5) * Math.LN2) / 128, Math.min(3, ulps), out);
    }
    for (let i = 0; i < many(20000); i++) out.push(expUniform(rng, -1074, 10) * (i & 1 ? -1 : 1));
    for (let i = 0; i < many(40000); i++) out.push((rng.unit() * 2 - 1) * (i & 1 ? 760 : 1100));
  } else if (fn === 'log1p') {
    const T = [fromHi(0x3fda827a), -1, fromHi(0x3e200000), fromHi(0x3c900000), fromHi(0xbfd2bec3), 2 ** 53, -0.9375, 0.41421356237309503, -0.2928932188134524];
    for (const t of T) {
      around(t, ulps, out);
      around(-t, ulps, out);
    }
    // hu = 0 (|f| < 2^-20) and hu = 0x6a09e (√2 split) as 1 + x crosses powers of two.
    for (let e = -1; e <= 60; e++) {
      around(2 ** e - 1, Math.min(50, ulps), out);
      around(Math.SQRT2 * 2 ** e - 1, Math.min(50, ulps), out);
    }
    for (let i = 0; i < many(20000); i++) out.push(rng.unit() * 2 - 1);
    for (let i = 0; i < many(20000); i++) out.push(i & 1 ? -expUniform(rng, -1074, -1) : expUniform(rng, -1074, 1023));
  } else if (fn === 'sincos') {
    // The last: the top of the simple reduction (|x| < 105414336; __branred above is not ported).
    const T = [fromHi(0x3e400000), fromHi(0x3e500000), fromHi(0x3feb6000), fromHi(0x400368fd), fromBits(bitsOf(fromHi(0x419921fb)) - 1001n), 0.126];
    for (const t of T) {
      around(t, ulps, out);
      around(-t, ulps, out);
    }
    // Multiples of π/4 up to 2π (quadrant and reduction boundaries), ± and the |a| = 0.126 crossings.
    for (let j = 1; j <= 8; j++) {
      for (const x of [(j * Math.PI) / 4, (j * Math.PI) / 4 + 0.126, (j * Math.PI) / 4 - 0.126]) {
        around(x, ulps, out);
        around(-x, ulps, out);
      }
    }
    for (let i = 0; i < many(20000); i++) out.push(expUniform(rng, -60, 0) * (i & 1 ? -1 : 1));
    for (let i = 0; i < many(20000); i++) out.push((rng.unit() * 2 - 1) * 4 * Math.PI);
    for (let i = 0; i < many(10000); i++) out.push(expUniform(rng, 1, 25) * (i & 1 ? -1 : 1));
  }
  // sincos: glibc's __branred range (|x| >= 105414336) is not ported.
  const keep = fn === 'sincos' ? out.filter((x) => !(Math.abs(x) >= fromHi(0x419921fb) && Math.abs(x) < Infinity)) : out;
  return Float64Array.from(keep);
}
