/**
 * The input patterns of the committed float-math fixtures (test/fixtures/math-float/), built
 * deterministically so the fixture files hold only glibc's outputs: gen-fixtures.mjs writes them from
 * the oracle, test/math-float.test.ts rebuilds the same inputs and checks a hash of them first.
 *
 * Each set: ±50 patterns around every branch threshold, special values, and random inputs shaped like
 * cuRAND's (uniform words → u for logf, words → v for sincosf, m + s·z for expf) from a seeded
 * 32-bit PRNG (splitmix32), all in integer and float32 arithmetic only.
 */

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
const bitsOf = (x) => ((f32[0] = x), u32[0]);

/** splitmix32: a seeded stream of uint32 words. */
export function prng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** Patterns p − radius … p + radius, kept inside [lo, hi]. */
function around(out, p, radius, lo = 0, hi = 0xffffffff) {
  for (let d = -radius; d <= radius; d++) {
    const q = p + d;
    if (q >= lo && q <= hi) out.push(q >>> 0);
  }
}

const SPECIALS = [
  0x00000000, 0x80000000, 0x00000001, 0x80000001, 0x007fffff, 0x807fffff, 0x00800000, 0x80800000,
  0x3f800000, 0xbf800000, 0x7f7fffff, 0xff7fffff, 0x7f800000, 0xff800000, 0x7fc00000, 0xffc00000,
  0x7f800001, 0xff800001, 0x7fa00000, 0x7fffffff, 0xffffffff,
];

/** cuRAND's float uniform of a word: fround(fround(w)·2^-32 + 2^-33), in (0, 1]. */
const uniform = (w) => Math.fround(Math.fround(w) * 2 ** -32 + 2 ** -33);
/** cuRAND's Box–Muller angle of a word: fround(fround(fround(w)·K) + K/2), in (0, 2π]. */
const K = Math.fround(2 ** -32 * Math.fround(6.2831855));
const angle = (w) => Math.fround(Math.fround(Math.fround(w) * K) + K / 2);

export function logfInputs() {
  const out = [...SPECIALS];
  const OFF = 0x3f330000;
  // Subinterval boundaries OFF + j·2^19 in a spread of binades, 1 and the normal/subnormal boundary.
  for (const k of [0, -1, -2, -3, -20, -64, -125, -126]) {
    for (let j = 0; j < 16; j++) around(out, OFF + j * 2 ** 19 + k * 2 ** 23, 50, 1, 0x3f800000);
  }
  around(out, 0x3f800000, 50);
  around(out, 0x00800000, 50);
  around(out, 0x00000032, 50);
  const next = prng(0x6c6f6766);
  for (let w = 0; w < 1000; w++) out.push(bitsOf(uniform(w)), bitsOf(uniform(0xffffffff - w)));
  for (let n = 0; n < 60000; n++) out.push(bitsOf(uniform(next())));
  for (let n = 0; n < 20000; n++) out.push(1 + (next() % 0x3f800000)); // any float in (0, 1]
  for (let n = 0; n < 5000; n++) out.push(next()); // any pattern
  return Uint32Array.from(out);
}

export function sincosfInputs() {
  const out = [...SPECIALS];
  for (const b of [0x39800000, 0x3f400000, 0x3f490fdb, 0x42f00000]) {
    around(out, b, 50);
    around(out, (b | 0x80000000) >>> 0, 50);
  }
  // Quadrant edges (2j+1)·π/4 and multiples j·π/2 below 120, where the reduced argument is near ±π/4
  // or 0; the fused reduction matters most next to the multiples of π/2.
  for (let j = 1; j <= 152; j++) {
    const p = bitsOf(Math.fround((j * Math.PI) / 4));
    around(out, p, 50);
    if (j <= 8) around(out, (p | 0x80000000) >>> 0, 50);
  }
  // Every binade of the large-argument reduction (its 4/π window and shift come from the exponent).
  for (let e = 7; e <= 127; e++) {
    around(out, (e + 127) * 2 ** 23, 20);
    around(out, ((e + 127) * 2 ** 23 + 0x80000000) >>> 0, 20);
  }
  const next = prng(0x73696e63);
  for (let w = 0; w < 500; w++) out.push(bitsOf(angle(w)), bitsOf(angle(0xffffffff - w)));
  for (let n = 0; n < 50000; n++) out.push(bitsOf(angle(next())));
  for (let n = 0; n < 15000; n++) {
    const p = next() % 0x42f00000; // any float with |x| < 120
    out.push(n & 1 ? (p | 0x80000000) >>> 0 : p);
  }
  for (let n = 0; n < 10000; n++) out.push(next()); // any pattern
  return Uint32Array.from(out);
}

export function expfInputs() {
  const out = [...SPECIALS];
  const bounds = [
    0x42b00000, 0xc2b00000, // |x| = 88: the special-case path starts
    0x42b17217, // overflow bound
    0xc2cff1b4, // underflow bound
    0xc2ce8ecf, // log(2^-149): smallest subnormal result
    0xc2aeac50, // log(2^-126): results turn subnormal
    0x4202422f, 0xc27c65d9, // the two FMA exceptions
    0x00000000, 0x80000000, 0x33000000, 0xb3000000, // 0 and ±2^-25
    0x3f800000, 0xbf800000, 0x3c000000, 0xbc000000,
  ];
  for (const b of bounds) around(out, b, 50);
  const next = prng(0x65787066);
  // m + s·z with z a float Irwin–Hall normal (sum of 12 uniforms − 6), in float arithmetic like cuRAND.
  const shapes = [[0, 1], [0.25, 1.5], [-2, 0.5], [5, 3], [-10, 10], [40, 20]];
  for (let n = 0; n < 60000; n++) {
    let z = -6;
    for (let j = 0; j < 12; j++) z += uniform(next());
    const [m, s] = shapes[n % shapes.length];
    out.push(bitsOf(Math.fround(m + Math.fround(s * Math.fround(z)))));
  }
  for (let n = 0; n < 15000; n++) out.push(bitsOf(Math.fround(-104 + (next() / 2 ** 32) * 193))); // [−104, 89]
  for (let n = 0; n < 10000; n++) out.push(next()); // any pattern
  return Uint32Array.from(out);
}

/** FNV-1a over the input words: lets the test notice inputs that no longer match the fixture. */
export function hashWords(words) {
  let h = 0x811c9dc5;
  for (let i = 0; i < words.length; i++) h = Math.imul(h ^ words[i], 16777619);
  return h >>> 0;
}

export const FIXTURE_SETS = {
  logf: { inputs: logfInputs, outputsPerInput: 1 },
  sincosf: { inputs: sincosfInputs, outputsPerInput: 2 },
  expf: { inputs: expfInputs, outputsPerInput: 1 },
};

