/**
 * Fused multiply-add, RN(a·b + c) with a single rounding, in plain double arithmetic.
 *
 * JavaScript has no FMA, yet glibc's FMA-compiled `exp`, `log`, `log1p` and `sincos` (the ifunc
 * variants an x86-64 CPU with FMA and AVX2 runs) round a·b + c once. These helpers reproduce that.
 *
 * Method (no bit access, no BigInt):
 * 1. Dekker's product with Veltkamp's 2^27 + 1 split gives p + e = a·b exactly.
 * 2. Knuth's two-sum gives s + t = p + c exactly; then v = RN(t + e) and r = RN(s + v).
 * 3. r is the correctly rounded a·b + c unless s + v lies exactly halfway between two doubles and
 *    t + e was inexact: the discarded error z = t + e − v then decides the tie. No other error z can
 *    move the sum across a midpoint: when t ≠ 0 there was no cancellation in p + c (|s| ≥ |p|/2), so
 *    |v| ≤ 1.5 ulp(s) and |z| ≤ ulp(v)/2 ≤ 2^-53 ulp(s), below the spacing of the grid s + v lives on
 *    (a multiple of ulp(v), while midpoints near r are multiples of ulp(s)/8); when t = 0, z = 0 and
 *    r is exact already. This "tie test" replaces Boldo–Melquiond's round-to-odd (IEEE TC 57(4),
 *    2008) and needs no access to the last bit: with g = s + v − r (exact by Fast2Sum, as
 *    |v| ≤ 1.5 ulp(s)), s + v is a midpoint iff g ≠ 0 and r + 2g is a double (r's neighbour on g's
 *    side; within |2g| ≤ ulp(r) no other double exists).
 * The common path is straight-line arithmetic; ties and zero results go to {@link resolveRare}. The
 * functions are kept small so that V8 inlines several of them into one kernel.
 *
 * Domain where the result is exact (all operands finite):
 * - |a|, |b| < 2^995 (the split must not overflow) and |a·b| < 2^1023, and the result is finite;
 * - a·b = 0 or |a·b| ≥ 2^-969: below that Dekker's error term falls under the subnormal spacing.
 * The kernels stay far inside it (their smallest products are about 2^-320).
 * Zero results get IEEE's sign: a·b + c = 0 exactly means a·b is a double, so RN(p + c) is right.
 */

/**
 * The rare endings: r = 0, or s + v exactly halfway between r and r + 2g. z = t + e − v, exactly,
 * decides: RN(a·b + c) = z when r = 0 (a zero sum keeps p + c's IEEE sign), else the neighbour
 * r + 2g when z points the same way as g.
 */
function resolveRare(p: number, c: number, s: number, t: number, e: number, r: number): number {
  const v = t + e;
  const vb = v - t;
  const z = t - (v - vb) + (e - vb);
  if (r === 0) return z === 0 ? p + c : z;
  const g = v - (r - s);
  return z !== 0 && z > 0 === g > 0 ? r + 2 * g : r;
}

/** Dekker's exact error a·b − p of p = RN(a·b), with b = bh + bl already split. */
function productError(a: number, p: number, bh: number, bl: number): number {
  const q = 134217729 * a; // 2^27 + 1: Veltkamp's split keeps the top 26 bits
  const ah = q - (q - a);
  return ah * bh - p + ah * bl + (a - ah) * bh + (a - ah) * bl;
}

/** RN(p + e + c) for p = RN(a·b) and its exact error e: steps 2 and 3 above. */
function roundedSum(p: number, e: number, c: number): number {
  const s = p + c;
  const sb = s - p;
  const t = p - (s - sb) + (c - sb);
  const r = s + (t + e);
  const g = t + e - (r - s);
  if (r !== 0 && (g === 0 || r + 2 * g - r !== 2 * g)) return r;
  return resolveRare(p, c, s, t, e, r);
}

/** RN(a·b + c), one rounding. Exact in the domain documented above. */
export function fma(a: number, b: number, c: number): number {
  const bh = splitHi(b);
  return fmaSplit(a, b, bh, b - bh, c);
}

/**
 * RN(a·b + c) where b = bh + bl was split once ({@link splitConstant}): for a constant b this saves
 * the split of b on every call. Same domain as {@link fma}.
 */
export function fmaSplit(a: number, b: number, bh: number, bl: number, c: number): number {
  const p = a * b;
  return roundedSum(p, productError(a, p, bh, bl), c);
}

/**
 * RN(a·b + c) by a cheaper route when |a·b| ≤ |c|, the usual case in polynomial steps such as
 * C2 + C3·r: the plain sum s = RN(RN(a·b) + c) is returned when it provably equals the fused result,
 * otherwise {@link fma} decides. With p = RN(a·b), Fast2Sum's exact error t = p + c − s (valid as
 * |p| ≤ |c|) and |a·b − p| ≤ |p|·2^-53, the exact a·b + c lies within |t| + |p|·2^-53 of s; if that
 * is less than half the gap from |s| to its predecessor (the nearer neighbour; pred(|s|) = |s| −
 * RN(|s|·(2^-53 + 2^-105)) exactly, Rump, Zimmermann, Boldo & Melquiond, BIT 49, 2009) no rounding
 * midpoint is in between and the fused result is s. Same domain as {@link fma}.
 */
const U = 2 ** -53; // bound on the relative rounding error of a product
const PHI = 2 ** -53 + 2 ** -105; // Rump et al.'s factor for the predecessor

export function fmaSmallProduct(a: number, b: number, c: number): number {
  const p = a * b;
  const s = p + c;
  const ap = Math.abs(p); // Math.abs compiles to a branch-free and-mask; sign tests would mispredict
  const as = Math.abs(s);
  if (ap <= Math.abs(c) && Math.abs(p - (s - c)) + ap * U < 0.5 * (as - (as - as * PHI))) return s;
  return fma(a, b, c);
}

/**
 * RN(a·b + c) when RN(a·b) + c is known to be exact (for instance by Sterbenz's lemma, c ≈ −a·b):
 * then only Dekker's product error is left to add, with one rounding. b = bh + bl split once.
 */
export function fmaExactSum(a: number, b: number, bh: number, bl: number, c: number): number {
  const p = a * b;
  return p + c + productError(a, p, bh, bl);
}

/**
 * Certified chains: evaluating a kernel's fused multiply-adds with plain operations, then proving the
 * final rounding unaffected.
 *
 * Most of glibc's FMA kernels end in RN(h + Y) where h is reproduced exactly and Y ends a chain of
 * fused steps. A kernel evaluates the chain plainly and carries, for every value v, a bound e_v on
 * |glibc's v − ours| (e = 0 for values computed identically from identical inputs):
 * - fused step z = x·y + w in glibc, RN(RN(x·y) + w) here, y identical in both:
 *     e_z = |y|·e_x + e_w + EPS·(|x·y| + |z|)
 *   (glibc rounds once, at most 2^-53·|z_glibc|; we round the product and the sum);
 * - a plain operation in both whose inputs differ: e_z = (the inputs' bounds, scaled by the other
 *   operand's magnitude for a product) + EPS·|z|.
 * EPS = 2^-52 is twice the 2^-53 relative rounding bound, so e_z also covers glibc's rounding of a
 * value within e_z of ours. The second-order terms (2^-53·e per step) and the rounding of the bound
 * arithmetic add less than 2^-40 relative; {@link certifiedSum} widens by far more than that, and adds
 * an absolute 2^-1059 for roundings in the subnormal range, where ulp(v) ≤ 2^-52·|v| fails.
 */
export const EPS = 2 ** -52;

/**
 * RN(h + Y') where |Y' − y| ≤ err (see above); NaN when that rounding is not certain, and the kernel
 * then runs its exact chain. RN is monotone, so if h + (y − b) and h + (y + b) round alike, so does
 * h + Y'. With b = err·(1 + 2^-30) + 2^-51·|y|: the 2^-30 covers the widening above plus the rounding
 * of b's own arithmetic, and 2^-51·|y| exceeds the rounding of y ± b (at most 2^-53·(|y| + b), with
 * b ≤ 2·(err + |y|)) by more than err's share, so the computed ends still enclose [y − err, y + err].
 */
export function certifiedSum(h: number, y: number, err: number): number {
  const b = err * WIDEN + Y_MARGIN * Math.abs(y) + FLOOR;
  const lo = h + (y - b);
  return lo === h + (y + b) ? lo : NaN;
}

const WIDEN = 1 + 2 ** -30;
const Y_MARGIN = 2 ** -51;
const FLOOR = 2 ** -1059;

/** Top 26 bits of b (Veltkamp split); b − splitHi(b) is the exact low part. */
export function splitHi(b: number): number {
  const q = 134217729 * b;
  return q - (q - b);
}

/** [high 26 bits, exact low part] of a constant, for {@link fmaSplit} and {@link fmaExactSum}. */
export function splitConstant(b: number): [number, number] {
  const bh = splitHi(b);
  return [bh, b - bh];
}
