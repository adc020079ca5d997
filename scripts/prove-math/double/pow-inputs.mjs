/**
 * Inputs and the Python oracle for the proof of src/math/pow.ts against glibc's pow
 * (test/math-pow.test.ts; docs/exact-double-math.md, "pow"). Deterministic: the same seed gives the
 * same inputs.
 *
 * The oracle is Python's math.pow, which calls the C library's pow for finite arguments; where
 * math.pow raises instead of returning glibc's value (overflow, 0 to a negative power, a negative
 * number to a non-integer power) it calls glibc's pow itself through ctypes, so every input gets the
 * C library's own result.
 */

import { Rng } from './inputs.mjs';

const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);
const fromBits = (b) => ((u64[0] = BigInt.asUintN(64, b)), f64[0]);
const bitsOf = (x) => ((f64[0] = x), u64[0]);
const next = (x, n) => fromBits(bitsOf(x) + BigInt(n)); // n ulps away from x > 0, same sign

/** A double with uniform 52-bit mantissa and binary exponent uniform in [emin, emax], positive. */
function expUniform(rng, emin, emax) {
  const e = emin + Math.floor(rng.unit() * (emax - emin + 1));
  const m = 1 + rng.bits(52) * 2 ** -52;
  return e < -1022 ? m * 2 ** -1022 * 2 ** (e + 1022) : m * 2 ** e;
}
const sign = (rng) => (rng.u32() & 1 ? -1 : 1);

/** Random (x, y) shapes; each is (rng) → [x, y]. */
export const POW_SHAPES = {
  /** Any finite positive x, moderate y. */
  wide: (rng) => [expUniform(rng, -1074, 1023), sign(rng) * expUniform(rng, -66, 12)],
  /** x in (0, 2), y over a wide exponent range. */
  unitRange: (rng) => [rng.unit() * 2, sign(rng) * expUniform(rng, -30, 30)],
  /** x near 1 (log x tiny, computed with cancellation), large |y|. */
  nearOne: (rng) => [1 + sign(rng) * expUniform(rng, -53, -4), sign(rng) * expUniform(rng, 0, 62)],
  /** Integer y (either sign of x), as x^n in user code. */
  integerY: (rng) => [sign(rng) * expUniform(rng, -40, 40), sign(rng) * Math.floor(rng.unit() * 1100)],
  /** Results near overflow, underflow and the subnormal range: y·log2|x| in [−1080, 1030]. */
  extremes: (rng) => {
    const x = expUniform(rng, -20, 20);
    const target = -1080 + rng.unit() * 2110;
    return [x === 1 ? 2 : x, target / Math.log2(x === 1 ? 2 : x)];
  },
  /** Subnormal x. */
  subnormalX: (rng) => [expUniform(rng, -1074, -1023), sign(rng) * expUniform(rng, -8, 2)],
  /** Negative x with integer y (odd and even) and with non-integer y (NaN). */
  negativeX: (rng) => {
    const x = -expUniform(rng, -30, 30);
    const r = rng.u32() % 3;
    const y = r === 0 ? 2 * Math.floor(rng.unit() * 200) + 1 : r === 1 ? 2 * Math.floor(rng.unit() * 200) : rng.unit() * 50;
    return [x, sign(rng) * y];
  },
  /** gamma and beta's use in the draws: u^(1/a) with u in [0, 1) on the 2^-53 grid, a in (0, 1]. */
  draws: (rng) => [rng.unit(), 1 / (1e-3 + rng.unit())],
  /**
   * Rounding near midpoints: x with a 27-bit odd mantissa squared is a 54-bit number, exactly halfway
   * between two doubles; its square root, and cubes, whose low bits are long runs.
   */
  midpoints: (rng) => {
    const m = 2 ** 26 + 2 * rng.bits(25) + 1;
    const e = Math.floor(rng.unit() * 40) - 20;
    const r = rng.u32() % 3;
    return r === 0 ? [m * 2 ** (e - 26), 2] : r === 1 ? [m * m * 2 ** (2 * e - 52), 0.5] : [m * 2 ** (e - 26), 3];
  },
  /** Any bit patterns (NaN, infinities, zeros, subnormals included). */
  bits: (rng) => [fromBits((BigInt(rng.u32()) << 32n) | BigInt(rng.u32())), fromBits((BigInt(rng.u32()) << 32n) | BigInt(rng.u32()))],
};

const SPECIAL = [
  0, -0, 1, -1, Infinity, -Infinity, NaN, 0.5, -0.5, 2, -2, 3, -3, 0.25, 10, -10,
  2 ** -1074, -(2 ** -1074), 2 ** -1022, -(2 ** -1022), 2 ** -1022 - 2 ** -1074, 1.7976931348623157e308, -1.7976931348623157e308,
  1 + 2 ** -52, 1 - 2 ** -53, -1 - 2 ** -52, -1 + 2 ** -53, 2 ** 53, 2 ** 53 + 2, -(2 ** 53) - 2, 2 ** 52 + 1, -(2 ** 52) - 1,
  2 ** -65, -(2 ** -65), next(2 ** -65, -1), 2 ** 63, -(2 ** 63), next(2 ** 63, -1), -next(2 ** 63, -1), 2 ** 64, 0.1, -0.1, 1e300, 1e-300,
  1023, 1024, -1074, -1075, 0.5000000000000001, 1 / 3, 2 / 3,
];

/** Edge cases: the special-value grid, and ulps around every threshold of the special-case tests. */
export function powEdgeCases() {
  const pairs = [];
  for (const x of SPECIAL) for (const y of SPECIAL) pairs.push(x, y);
  for (let d = -40; d <= 40; d++) {
    for (const y of [2 ** -65, 2 ** 63]) {
      const yy = next(y, d);
      for (const x of [0.5, 2, 1 + 2 ** -52, 1 - 2 ** -53, -2, 1e-300, 3]) pairs.push(x, yy, x, -yy);
    }
    for (const x of [2 ** -1022, 1, 2 ** -1074 * 1024]) {
      const xx = next(x, d);
      for (const y of [0.5, -0.5, 2, -1, 1e-3, 1000]) pairs.push(xx, y);
    }
    // |y·log x| across exp's thresholds 2^-54, 512 and 1024 (both signs), and the overflow and
    // underflow limits of the result (x = 2: y near 1024, −1022, −1074, −1075).
    for (const t of [2 ** -54, 512, 1024]) {
      for (const x of [2, 0.5, 10, 1.5]) {
        const y = t / Math.log(x);
        pairs.push(x, next(Math.abs(y), d) * Math.sign(y), x, -next(Math.abs(y), d) * Math.sign(y));
      }
    }
    for (const y of [1024, -1022, -1074, -1075, 1023.9999999999999]) pairs.push(2, next(Math.abs(y), d) * Math.sign(y), -2, Math.round(y) + 2 * d + 1);
  }
  return Float64Array.from(pairs);
}

/** n pairs from every shape (x0, y0, x1, y1, …), then the edge cases. */
export function powInputs(n, seed = 1) {
  const rng = new Rng(seed);
  const shapes = Object.values(POW_SHAPES);
  const edges = powEdgeCases();
  const out = new Float64Array(2 * n * shapes.length + edges.length);
  let at = 0;
  for (let i = 0; i < n; i++) {
    for (const shape of shapes) {
      const [x, y] = shape(rng);
      out[at++] = x;
      out[at++] = y;
    }
  }
  out.set(edges, at);
  return out;
}

/**
 * The oracle: reads (x, y) doubles from stdin, writes glibc's x^y for each. Run it with
 * GLIBC_TUNABLES=glibc.cpu.hwcaps=-AVX2,-FMA,-FMA4,-AVX512F for glibc's non-FMA bodies.
 */
export const POW_ORACLE_PY = `
import ctypes, ctypes.util, math, sys
from array import array
libm = ctypes.CDLL(ctypes.util.find_library('m'))
libm.pow.restype = ctypes.c_double
libm.pow.argtypes = [ctypes.c_double, ctypes.c_double]
cpow = libm.pow
inp = array('d')
inp.frombytes(sys.stdin.buffer.read())
out = array('d', bytes(8 * (len(inp) // 2)))
mpow = math.pow
raised = 0
for i in range(len(out)):
    x = inp[2 * i]; y = inp[2 * i + 1]
    try:
        out[i] = mpow(x, y)
    except (OverflowError, ValueError):
        out[i] = cpow(x, y)
        raised += 1
sys.stderr.write('%d via ctypes\\n' % raised)
sys.stdout.buffer.write(out.tobytes())
`;
