// The body of every Philox kernel, written once over an ISA (kernels_avx512.cc, kernels_avx2.cc,
// kernels_generic.cc each define `struct Isa` and include this file). The ISA computes N Philox blocks
// side by side (lane i = slot i) and stores them transposed; the transforms below work lane-wise on
// GCC vector types, so each translation unit's -m flags decide their instructions.
//
// Exactness: the translation units are compiled with -ffp-contract=off (no fused multiply-adds:
// the reference rounds every operation) and without -ffast-math; each expression below mirrors its
// TypeScript counterpart operation by operation.
//
// Everything is in an anonymous namespace: the same templates are compiled with different -m flags
// in each file, and must never be merged by the linker (an AVX-512 copy reaching the generic kernel
// would crash CPUs without AVX-512).
#pragma once

#include <algorithm>
#include <cstring>
#include <type_traits>
#include <utility>

#include "kernels.h"
#include "libm_double.h"
#include "math_tables.h"
#include "sincos_double.h"
#include "vectors.h"

namespace kernels {
namespace {

// Calls run(std::integral_constant<int, Op>()) with Op = op, for op in [0, kOpCount): each
// generator's kernel is compiled once per op, and its run function picks the one a call asks for
// (every op is instantiated unless the kernel skips, by `if constexpr`, those its generator has not;
// the binding refuses those).
template <class Run, int... Ops>
inline void WithOpOf(int op, Run& run, std::integer_sequence<int, Ops...>) {
  ((op == Ops ? run(std::integral_constant<int, Ops>()) : void()), ...);
}

template <class Run>
inline void WithOp(int op, Run&& run) {
  WithOpOf(op, run, std::make_integer_sequence<int, kOpCount>());
}

// Philox4x32-10 (Salmon, Moraes, Dror & Shaw, SC'11; Random123's constants).
constexpr uint32_t kM0 = 0xd2511f53;
constexpr uint32_t kM1 = 0xcd9e8d57;
constexpr uint32_t kW0 = 0x9e3779b9;
constexpr uint32_t kW1 = 0xbb67ae85;

// float(x) of uint32 lanes, rounded once to nearest as JS's Math.fround(x): both 16-bit halves
// convert exactly and the one float addition rounds.
template <int D>
inline typename V<D>::F32 U32ToFloat(typename V<D>::U32 x) {
  using F32 = typename V<D>::F32;
  using I32 = typename V<D>::I32;
  const F32 hi = __builtin_convertvector(Cast<I32>(x >> 16), F32);
  const F32 lo = __builtin_convertvector(Cast<I32>(x & 0xffff), F32);
  return hi * 65536.0f + lo;
}

// 2^n for n in [−1022, 1023], from the exponent bits.
template <int D>
inline typename V<D>::F64 Pow2(typename V<D>::I64 n) {
  return Cast<typename V<D>::F64>((n + 1023) << 52);
}

constexpr float kTwoM32 = 0x1p-32f;
constexpr float kTwoM33 = 0x1p-33f;

// z·2^-53 + 2^-54 of 53-bit lanes z (uniformDouble53's last step): z's halves become doubles exactly
// through the 2^52 and 2^84 exponent patterns (no 64-bit integer conversion needed, which AVX2 lacks).
template <int D>
[[gnu::always_inline]] inline typename V<D>::F64 Unit53Lanes(typename V<D>::U64 z) {
  using F64 = typename V<D>::F64;
  const F64 lo = Cast<F64>((z & 0xffffffffu) | 0x4330000000000000u) - 0x1p52;
  const F64 hi = Cast<F64>((z >> 32) | 0x4530000000000000u) - 0x1p84;
  return (hi + lo) * 0x1p-53 + 0x1p-54;
}

// uniformDouble53(x, y) of D word pairs in place (x the low word of each 64-bit lane): z = x ^ (y << 21).
template <int D>
inline void UniformDouble53InPlace(unsigned char* at) {
  using U64 = typename V<D>::U64;
  U64 v;
  std::memcpy(&v, at, sizeof v);
  const typename V<D>::F64 d = Unit53Lanes<D>((v & 0xffffffffu) ^ ((v >> 32) << 21));
  std::memcpy(at, &d, sizeof d);
}

// glibc 2.36's logf (src/math/logf.ts) for u in (0, 1], a normal float: the Box–Muller radius input.
// Inlined by force: with the Box–Muller pairs of several generators in a translation unit, GCC
// otherwise calls it (docs/cpu-kernels.md, "XORWOW and MRG32k3a").
template <int D>
[[gnu::always_inline]] inline typename V<D>::F32 Logf(typename V<D>::F32 x) {
  using F64 = typename V<D>::F64;
  using I64 = typename V<D>::I64;
  using U32 = typename V<D>::U32;
  using I32 = typename V<D>::I32;
  using F32 = typename V<D>::F32;
  const U32 ix = Cast<U32>(x);
  const U32 tmp = ix - LOGF_OFF;
  const I32 i = Cast<I32>((tmp >> 19) & 15);
  const I32 k = Cast<I32>(tmp) >> 23;
  const F64 z = __builtin_convertvector(x, F64) * Pow2<D>(__builtin_convertvector(-k, I64));
  F64 invc;
  F64 logc;
  for (int l = 0; l < D; l++) {
    invc[l] = LOGF_TABLE[2 * i[l]];
    logc[l] = LOGF_TABLE[2 * i[l] + 1];
  }
  const F64 r = z * invc - 1.0;
  const F64 y0 = logc + __builtin_convertvector(k, F64) * LOGF_LN2;
  const F64 r2 = r * r;
  F64 y = LOGF_A1 * r + LOGF_A2;
  y = LOGF_A0 * r2 + y;
  y = y * r2 + (y0 + r);
  const F32 result = __builtin_convertvector(y, F32);
  return ix == 0x3f800000u ? F32{} : result;
}

// glibc 2.36's sincosf (src/math/sincosf.ts) for v in (0, fround(2π)], the Box–Muller angle: no
// large-argument path, and there the plain polynomials equal glibc's fused ones on every input
// (docs/exact-float-math.md).
template <int D>
inline void Sincosf(typename V<D>::F32 v, typename V<D>::F32& sinOut, typename V<D>::F32& cosOut) {
  using F64 = typename V<D>::F64;
  using I64 = typename V<D>::I64;
  using I32 = typename V<D>::I32;
  using F32 = typename V<D>::F32;
  const F64 x = __builtin_convertvector(v, F64);
  const I32 tiny = __builtin_convertvector(x < SINCOSF_TINY_BOUND, I32);
  const I64 poly = x < SINCOSF_POLY_BOUND;
  // Quadrant: (int32)(x·2^24·2/π) + 2^23, shifted right by 24; 0 below 0.75 (no reduction).
  const I32 q = __builtin_convertvector(poly, I32) ? I32{} : (__builtin_convertvector(x * SINCOSF_HPI_INV, I32) + 0x800000) >> 24;
  const F64 nd = __builtin_convertvector(q, F64);
  const F64 r = poly ? x : x - nd * SINCOSF_HPI_HI - nd * SINCOSF_HPI_LO;
  const F64 r2 = r * r;
  const F64 r3 = r2 * r;
  const F64 r5 = r3 * r2;
  const F32 sr = __builtin_convertvector(r + r3 * SINCOSF_S1 + r5 * (SINCOSF_S2 + r2 * SINCOSF_S3), F32);
  const F64 r4 = r2 * r2;
  const F64 r6 = r4 * r2;
  const F32 cr = __builtin_convertvector(
      SINCOSF_C0 + r2 * SINCOSF_C1 + r4 * SINCOSF_C2 + r6 * (SINCOSF_C3 + r2 * SINCOSF_C4), F32);
  const F32 s = ((q + 1) & 2) == 0 ? sr : -sr;
  const F32 c = (q & 2) == 0 ? cr : -cr;
  const I32 odd = (q & 1) != 0;
  sinOut = tiny ? v : odd ? c : s;
  cosOut = tiny ? F32{} + 1.0f : odd ? s : c;
}

// glibc's FMA build of expf rounds these two inputs one ulp above the plain evaluation (src/math/expf.ts).
constexpr uint32_t kExpfFmaX0 = 0x4202422f;
constexpr uint32_t kExpfFmaY0 = 0x56fc9f1c;
constexpr uint32_t kExpfFmaX1 = 0xc27c65d9;
constexpr uint32_t kExpfFmaY1 = 0x11fa2993;

inline float FloatOf(uint32_t bits) { return Cast<float>(bits); }

// The plain expf evaluation for a float whose result is finite and normal-range computed.
inline float ExpfKernel(double x) {
  const double z = EXPF_INVLN2N * x;
  const double kd = z + EXPF_SHIFT - EXPF_SHIFT;
  const double r = z - kd;
  const int64_t k = static_cast<int64_t>(kd);
  const double s = EXPF_SCALE[k & 31] * Cast<double>(static_cast<uint64_t>((k >> 5) + 1023) << 52);
  const double p = EXPF_C0 * r + EXPF_C1;
  const double r2 = r * r;
  double y = EXPF_C2 * r + 1;
  y = p * r2 + y;
  return static_cast<float>(y * s);
}

// glibc 2.36's expf (FMA build) for any float, one value: the lanes' rare path.
inline float ExpfScalar(float xf) {
  const double x = xf;
  const uint32_t bits = Cast<uint32_t>(xf);
  if (bits == kExpfFmaX0) return FloatOf(kExpfFmaY0);
  if (bits == kExpfFmaX1) return FloatOf(kExpfFmaY1);
  if (!(x < EXPF_SPECIAL_BOUND && x > -EXPF_SPECIAL_BOUND)) {
    if (xf != xf || xf == __builtin_inff()) return xf + xf;
    if (xf == -__builtin_inff()) return 0;
    if (x > EXPF_OVERFLOW_BOUND) return __builtin_inff();
    if (x < EXPF_UNDERFLOW_BOUND) return 0;
  }
  return ExpfKernel(x);
}

// expf lane-wise; vectors holding a special input (|x| >= 88, NaN, the FMA exceptions) go lane by lane.
template <int D>
inline typename V<D>::F32 Expf(typename V<D>::F32 xf) {
  using F64 = typename V<D>::F64;
  using I64 = typename V<D>::I64;
  using I32 = typename V<D>::I32;
  using U32 = typename V<D>::U32;
  using F32 = typename V<D>::F32;
  const F64 x = __builtin_convertvector(xf, F64);
  const U32 bits = Cast<U32>(xf);
  const I64 inRange = (x < EXPF_SPECIAL_BOUND) & (x > -EXPF_SPECIAL_BOUND);
  if (Any(~inRange) || Any((bits == kExpfFmaX0) | (bits == kExpfFmaX1))) {
    F32 out;
    for (int l = 0; l < D; l++) out[l] = ExpfScalar(xf[l]);
    return out;
  }
  const F64 z = EXPF_INVLN2N * x;
  const F64 kd = z + EXPF_SHIFT - EXPF_SHIFT;
  const F64 r = z - kd;
  const I32 k = __builtin_convertvector(kd, I32);
  F64 scale;
  for (int l = 0; l < D; l++) scale[l] = EXPF_SCALE[k[l] & 31];
  const F64 s = scale * Pow2<D>(__builtin_convertvector(k >> 5, I64));
  const F64 p = EXPF_C0 * r + EXPF_C1;
  const F64 r2 = r * r;
  F64 y = EXPF_C2 * r + 1.0;
  y = p * r2 + y;
  return __builtin_convertvector(y * s, F32);
}

// fround(2^-32 · fround(6.2831855)) and half of it: cuRAND's float angle scale (box-muller.ts).
constexpr float kAngleScale = 0x1.921fb6p-30f;
constexpr float kAngleHalf = 0x1.921fb6p-31f;

// Applies a D-lane function to both halves of an N = 2D-lane float vector.
template <int N, class F>
inline typename V<N>::F32 ByHalves(typename V<N>::F32 x, F f) {
  typename V<N / 2>::F32 lo, hi;
  Split(x, lo, hi);
  return Join<typename V<N>::F32>(f(lo), f(hi));
}

// One Box–Muller pair per lane from the float uniform u (the radius input) and the angle v in
// (0, fround(2π)]: the sin output a and the cos output b (src/distributions/box-muller.ts floatPair),
// optionally through expf. Float operations run on all N lanes, the double math of logf, sincosf and
// expf on halves.
template <int N>
inline void BoxMullerFloat(typename V<N>::F32 u, typename V<N>::F32 v, const PhiloxParams& p, bool logNormal, typename V<N>::F32& a,
                           typename V<N>::F32& b) {
  constexpr int D = N / 2;
  using F32 = typename V<N>::F32;
  using Half = typename V<D>::F32;
  const F32 l = -2.0f * ByHalves<N>(u, Logf<D>);
  F32 rad;
  for (int i = 0; i < N; i++) rad[i] = __builtin_sqrtf(l[i]);
  Half vlo, vhi, slo, shi, clo, chi;
  Split(v, vlo, vhi);
  Sincosf<D>(vlo, slo, clo);
  Sincosf<D>(vhi, shi, chi);
  a = p.mean + p.stddev * (Join<F32>(slo, shi) * rad);
  b = p.mean + p.stddev * (Join<F32>(clo, chi) * rad);
  if (logNormal) {
    a = ByHalves<N>(a, Expf<D>);
    b = ByHalves<N>(b, Expf<D>);
  }
}

// One Box–Muller pair per lane from the raw words (x, y) (box-muller.ts, 'bits' inputs): the sin
// output z0 and the cos output z1.
template <class Isa>
inline void NormalPairs(typename Isa::R x, typename Isa::R y, const PhiloxParams& p, bool logNormal,
                        typename Isa::R& z0, typename Isa::R& z1) {
  constexpr int N = Isa::N;
  using F32 = typename V<N>::F32;
  const F32 u = Cast<F32>(Isa::ToFloat(x)) * kTwoM32 + kTwoM33;
  const F32 v = Cast<F32>(Isa::ToFloat(y)) * kAngleScale + kAngleHalf;
  F32 a, b;
  BoxMullerFloat<N>(u, v, p, logNormal, a, b);
  z0 = Cast<typename Isa::R>(a);
  z1 = Cast<typename Isa::R>(b);
}

// The round keys: key + r·(W0, W1) for r = 0 … 9.
inline void RoundKeys(uint32_t k0, uint32_t k1, uint32_t keys[10][2]) {
  for (int r = 0; r < 10; r++) {
    keys[r][0] = k0;
    keys[r][1] = k1;
    k0 += kW0;
    k1 += kW1;
  }
}

// uniformDouble53(x, y) of D word pairs (src/distributions/uniform.ts): z = x ^ (y << 21).
template <int D>
[[gnu::always_inline]] inline typename V<D>::F64 Uniform53Lanes(typename V<D>::U32 x, typename V<D>::U32 y) {
  using U64 = typename V<D>::U64;
  return Unit53Lanes<D>(__builtin_convertvector(x, U64) ^ (__builtin_convertvector(y, U64) << 21));
}

// D double Box–Muller pairs from u (the radius inputs) and v (the angles in half-turns), lane by lane
// (src/distributions/box-muller.ts doublePair), into `to` slot after slot: the sin output, then the
// cos output. glibc's log and sincos run on the lanes (LogLanes, SincosLanes); exp, for log-normals,
// per lane. Not inlined: the three generators' kernels share one copy per ISA and build, where inlining
// it into each generator's loops grew the addon by 400 KiB (20 %) for 4 % more speed.
template <bool Fused, class F>
[[gnu::noinline]] void BoxMullerDoubleLanes(F u, F v, const PhiloxParams& p, bool logNormal, unsigned char* to) {
  constexpr size_t D = sizeof(F) / sizeof(double);
  const F rad = Sqrt(-2.0 * LogLanes<Fused>(u));
  F s;
  F c;
  SincosLanes<Fused>(v * 3.141592653589793, s, c);
  F z0 = p.meanDouble + p.stddevDouble * (s * rad);
  F z1 = p.meanDouble + p.stddevDouble * (c * rad);
  if (logNormal) {
    for (size_t l = 0; l < D; l++) {
      z0[l] = Exp<Fused>(z0[l]);
      z1[l] = Exp<Fused>(z1[l]);
    }
  }
  // Interleaved: lanes 0 … D/2 − 1 of both, then the rest.
  using I = typename V<D>::I64;
  I lo;
  I hi;
  for (size_t l = 0; l < D / 2; l++) {
    lo[2 * l] = static_cast<int64_t>(l);
    lo[2 * l + 1] = static_cast<int64_t>(D + l);
    hi[2 * l] = static_cast<int64_t>(D / 2 + l);
    hi[2 * l + 1] = static_cast<int64_t>(D + D / 2 + l);
  }
  const F first = __builtin_shuffle(z0, z1, lo);
  const F second = __builtin_shuffle(z0, z1, hi);
  std::memcpy(to, &first, sizeof first);
  std::memcpy(to + sizeof first, &second, sizeof second);
}

// BoxMullerDoubleLanes of a double op (normal or log-normal, glibc's FMA or SSE2 build).
template <int Op, class F>
[[gnu::always_inline]] inline void BoxMullerDoubleOp(F u, F v, const PhiloxParams& p, unsigned char* to) {
  BoxMullerDoubleLanes<Op <= kLogNormalDoubleFma>(u, v, p, Op == kLogNormalDoubleFma || Op == kLogNormalDoubleSse2, to);
}

// ---------------------------------------------------------------------------------------------
// The x86 ISAs (AVX2, AVX-512) keep each word in a 64-bit lane, L = N/2 slots per register: vpmuludq
// (Isa::Mul) then yields the whole 32×32-bit product from the low halves, and no blends are needed
// (the garbage the rounds leave in the high halves is never read). Isa::HiXor(p, w, k) is
// (p >> 32) ^ w ^ k.

// The third counter words t + lane of L slots, in 64-bit lanes; Paired: lanes 2i and 2i + 1 hold
// slots i and L/2 + i, the order the slot-order stores below want.
template <class Isa, bool Paired>
inline typename Isa::R SlotCounters(uint32_t t) {
  constexpr int L = Isa::N / 2;
  using U64 = typename V<L>::U64;
  U64 lanes;
  for (int i = 0; i < L; i++) lanes[i] = Paired ? i / 2 + (i & 1) * (L / 2) : i;
  return Cast<typename Isa::R>(Cast<U64>(Isa::Set64(t)) + lanes);
}

// Philox's ten rounds on S register sets at once (set s: words a[s][0..3]): independent sets keep
// the multipliers busy through the round's multiply–shift–xor latency.
template <class Isa, int S>
inline void LaneRounds(const uint32_t keys[10][2], typename Isa::R a[S][4]) {
  using R = typename Isa::R;
  const R m0 = Isa::Set64(kM0);
  const R m1 = Isa::Set64(kM1);
#pragma GCC unroll 10
  for (int r = 0; r < 10; r++) {
    const R key0 = Isa::Set32(keys[r][0]);
    const R key1 = Isa::Set32(keys[r][1]);
#pragma GCC unroll 4
    for (int s = 0; s < S; s++) {
      const R p0 = Isa::Mul(a[s][0], m0);
      const R p2 = Isa::Mul(a[s][2], m1);
      a[s][0] = Isa::HiXor(p2, a[s][1], key0);
      a[s][1] = p2;
      a[s][2] = Isa::HiXor(p0, a[s][3], key1);
      a[s][3] = p0;
    }
  }
}

// The four words of S·L slots of counters (lo, hi, t + i, 0) in 64-bit lanes.
template <class Isa, int S, bool Paired>
inline void LaneBlocks(uint32_t lo, uint32_t hi, uint32_t t, const uint32_t keys[10][2], typename Isa::R a[S][4]) {
  for (int s = 0; s < S; s++) {
    a[s][0] = Isa::Set64(lo);
    a[s][1] = Isa::Set64(hi);
    a[s][2] = SlotCounters<Isa, Paired>(t + s * (Isa::N / 2));
    a[s][3] = Isa::Set64(0);
  }
  LaneRounds<Isa, S>(keys, a);
}

// Isa::Blocks of the x86 ISAs: two sets, their low halves gathered (Isa::Evens) into N 32-bit lanes.
template <class Isa>
inline void EvenBlocks(uint32_t lo, uint32_t hi, uint32_t t, const uint32_t keys[10][2], typename Isa::R x[4]) {
  typename Isa::R a[2][4];
  LaneBlocks<Isa, 2, false>(lo, hi, t, keys, a);
  for (int w = 0; w < 4; w++) x[w] = Isa::Evens(a[0][w], a[1][w]);
}

// uint32 and uniform outputs of Isa::kSlotOrderSets·L slots straight from the 64-bit lanes, on the
// ISAs that define the set count: Isa::Interleave packs words (w0, w1) and (w2, w3) of each slot
// side by side (one shuffle each), and with the paired lane order two 64-bit unpacks put the slots
// in order; no transpose. Four sets instead of Group's two and these cheaper stores are a third
// faster on AVX-512, a quarter on AVX2 (docs/cpu-kernels.md).
template <class Isa, bool Uniform>
inline void SlotOrderGroup(uint32_t lo, uint32_t hi, uint32_t t, const uint32_t keys[10][2], unsigned char* dst) {
  constexpr int S = Isa::kSlotOrderSets;
  using R = typename Isa::R;
  R a[S][4];
  LaneBlocks<Isa, S, true>(lo, hi, t, keys, a);
#pragma GCC unroll 4
  for (int s = 0; s < S; s++) {
    R w01 = Isa::Interleave(a[s][0], a[s][1]);
    R w23 = Isa::Interleave(a[s][2], a[s][3]);
    if (Uniform) {
      w01 = Isa::Uniform(w01);
      w23 = Isa::Uniform(w23);
    }
    Isa::StorePaired(w01, w23, dst + s * (Isa::N / 2) * 16);
  }
}

// ---------------------------------------------------------------------------------------------
// Slots: N at a time (Isa::N), each the block of counter (lo, hi, t + i, 0) (and of counter + 1).

template <class Isa, int Op>
inline void Group(const PhiloxParams& p, const uint32_t keys[10][2], uint32_t t, uint64_t counter, unsigned char* dst) {
  constexpr int N = Isa::N;
  constexpr int D = N / 2;
  using R = typename Isa::R;
  const uint32_t lo = static_cast<uint32_t>(counter);
  const uint32_t hi = static_cast<uint32_t>(counter >> 32);
  R x[4];
  Isa::Blocks(lo, hi, t, keys, x);
  if (Op == kWords) {
    Isa::Store(x, dst, 16);
  } else if (Op >= kNormalDoubleFma) {
    // The slots' 8 words each, in slot order, then D pairs at a time.
    R y[4];
    Isa::Blocks(lo + 1, lo == 0xffffffffu ? hi + 1 : hi, t, keys, y);
    alignas(64) uint32_t words[N * 8];
    Isa::Store(x, reinterpret_cast<unsigned char*>(words), 32);
    Isa::Store(y, reinterpret_cast<unsigned char*>(words + 4), 32);
    // Pair j: u and v/2 are the 53-bit uniforms of its words (4j, 4j + 1) and (4j + 2, 4j + 3).
    using U32 = typename V<D>::U32;
    for (int pair = 0; pair < 2 * N; pair += D) {
      uint32_t lanes[4][D];
      for (int l = 0; l < D; l++) {
        for (int k = 0; k < 4; k++) lanes[k][l] = words[4 * (pair + l) + k];
      }
      U32 w[4];
      std::memcpy(w, lanes, sizeof w);
      BoxMullerDoubleOp<Op>(Uniform53Lanes<D>(w[0], w[1]), 2.0 * Uniform53Lanes<D>(w[2], w[3]), p, dst + 16 * pair);
    }
  } else if (Op == kWords2 || Op == kUniformDouble) {
    R y[4];
    Isa::Blocks(lo + 1, lo == 0xffffffffu ? hi + 1 : hi, t, keys, y);
    Isa::Store(x, dst, 32);
    Isa::Store(y, dst + 16, 32);
    // Element e of a slot is its words (2e, 2e+1): the doubles replace their word pairs in place,
    // while the slots are in L1.
    if (Op == kUniformDouble) {
      for (int e = 0; e < 4 * N; e += D) UniformDouble53InPlace<D>(dst + 8 * e);
    }
  } else if (Op == kUniform) {
    for (int w = 0; w < 4; w++) x[w] = Isa::Uniform(x[w]);
    Isa::Store(x, dst, 16);
  } else {
    // Pairs (x0, x1) → elements 0, 1 and (x2, x3) → elements 2, 3 of every slot.
    NormalPairs<Isa>(x[0], x[1], p, Op == kLogNormal, x[0], x[1]);
    NormalPairs<Isa>(x[2], x[3], p, Op == kLogNormal, x[2], x[3]);
    Isa::Store(x, dst, 16);
  }
}

template <class Isa, int Op>
void RunOp(const PhiloxParams& p, uint32_t t, uint64_t counter, uint64_t count, unsigned char* dst) {
  constexpr int N = Isa::N;
  const size_t bytes = SlotBytes(Op);
  alignas(64) unsigned char tail[N * 32];
  uint32_t keys[10][2];
  RoundKeys(p.k0, p.k1, keys);
  uint64_t g = 0;
  if constexpr (Isa::kSlotOrderSets > 0 && (Op == kWords || Op == kUniform)) {
    constexpr uint64_t W = Isa::kSlotOrderSets * N / 2;
    const uint32_t lo = static_cast<uint32_t>(counter);
    const uint32_t hi = static_cast<uint32_t>(counter >> 32);
    for (; g + W <= count; g += W) SlotOrderGroup<Isa, Op == kUniform>(lo, hi, t + static_cast<uint32_t>(g), keys, dst + g * 16);
  }
  for (; g < count; g += N) {
    // A last group of fewer than N slots is computed whole aside: the caller's array ends there.
    const uint64_t k = std::min<uint64_t>(N, count - g);
    unsigned char* to = k == N ? dst + g * bytes : tail;
    Group<Isa, Op>(p, keys, t + static_cast<uint32_t>(g), counter, to);
    if (k < N) std::memcpy(dst + g * bytes, tail, k * bytes);
  }
}

template <class Isa>
void Run(const PhiloxParams& p, uint32_t t, uint64_t counter, uint64_t count, unsigned char* dst) {
  WithOp(p.op, [&](auto op) { RunOp<Isa, decltype(op)::value>(p, t, counter, count, dst); });
}

}  // namespace
}  // namespace kernels
