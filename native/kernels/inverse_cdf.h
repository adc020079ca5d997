// The inverse-CDF normals of MTGP32 and MT19937 (src/distributions/inverse-cdf.ts), N words at a time
// over an ISA, for both generators' kernels (mtgp32_impl.h, mt19937_impl.h): one word per element,
// mirrored into the lower half, z = ∓√2·erfcinv(2p) with the CUDA toolkit's host double erfcinv
// (src/math/erfcinv.ts; docs/spec/curand-host-semantics.md §4.3, curand-more-generators.md §3.4).
//
// Exactness. Every step is the IEEE operation the TypeScript reference performs, in its order:
// -ffp-contract=off (native/build-config.mjs) keeps each a·b + c two roundings, as the CUDA header
// evaluates erfcinv on the host and as JavaScript does; the only fused operations are those of glibc's
// FMA-build log and exp (libm_double.h, written as __builtin_fma). Float steps use float vectors:
// the reference's Math.fround of a double sum or product of two floats is the float operation
// (double has more than 2·24 + 2 bits, so rounding twice equals rounding once).
#pragma once

#include "philox_impl.h"

namespace kernels {
namespace {

// Horner coefficients of both central tables over one length, so that each lane can pick its table's
// with a select and all lanes run the same steps (src/math/erfcinv-data.ts). Table 18's are padded with
// leading zeros (0·t + 0 = ±0, and ±0 + c = c: the same steps give the same values), and the monic
// denominators are written with their leading 1 (1·t + q0 = t + q0, as hornerMonic computes).
constexpr int kErfinvTerms = 9;
constexpr double kErfinvP18[kErfinvTerms] = {0,
                                             0,
                                             ERFCINV_P18[0],
                                             ERFCINV_P18[1],
                                             ERFCINV_P18[2],
                                             ERFCINV_P18[3],
                                             ERFCINV_P18[4],
                                             ERFCINV_P18[5],
                                             ERFCINV_P18[6]};
constexpr double kErfinvQ18[kErfinvTerms] = {0,
                                             1,
                                             ERFCINV_Q18[0],
                                             ERFCINV_Q18[1],
                                             ERFCINV_Q18[2],
                                             ERFCINV_Q18[3],
                                             ERFCINV_Q18[4],
                                             ERFCINV_Q18[5],
                                             ERFCINV_Q18[6]};
constexpr double kErfinvQ39[kErfinvTerms] = {1,
                                             ERFCINV_Q39[0],
                                             ERFCINV_Q39[1],
                                             ERFCINV_Q39[2],
                                             ERFCINV_Q39[3],
                                             ERFCINV_Q39[4],
                                             ERFCINV_Q39[5],
                                             ERFCINV_Q39[6],
                                             ERFCINV_Q39[7]};

// erfcinv's tail for 0 < a <= 1/16: P59(t)/(Q59(t)·t), t = 1/√(−log a), one lane. For a = 1/16
// itself the header goes through erfinv(15/16), whose tail takes log1p(−15/16) instead of log(1/16):
// both are −2.772588722239781 (glibc's log1p and either log build, and V8's), so one formula serves.
// The tail below 1e-100 (Table 82) is unreachable from 32-bit words (a >= 2^-32).
template <bool Fused>
inline double ErfcinvTail(double a) {
  const double t = 1 / __builtin_sqrt(-Log<Fused>(a));
  double p = ERFCINV_P59[0];
  for (int i = 1; i < 11; i++) p = p * t + ERFCINV_P59[i];
  double q = t + ERFCINV_Q59[0];
  for (int i = 1; i < 10; i++) q = q * t + ERFCINV_Q59[i];
  return p / (q * t);
}

// erfcinv(a) of D lanes, a in (0, 1]: above 1/16 erfinv(1 − a) by Table 39 (1 − a >= 0.75) or
// Table 18, all lanes at once; lanes at or below 1/16 (one in 16 of uniform inputs) by the tail, lane
// by lane, with glibc's log in its FMA (Fused) or SSE2 build.
template <int D, bool Fused>
inline typename V<D>::F64 Erfcinv(typename V<D>::F64 a) {
  using F64 = typename V<D>::F64;
  using I64 = typename V<D>::I64;
  const F64 b = 1.0 - a;
  const I64 wide = b >= 0.75;
  const F64 t = b * b - (wide ? F64{} + 0.87890625 : F64{} + 0.5625);
  F64 p = wide ? F64{} + ERFCINV_P39[0] : F64{} + kErfinvP18[0];
  F64 q = wide ? F64{} + kErfinvQ39[0] : F64{} + kErfinvQ18[0];
#pragma GCC unroll 8
  for (int i = 1; i < kErfinvTerms; i++) {
    p = p * t + (wide ? F64{} + ERFCINV_P39[i] : F64{} + kErfinvP18[i]);
    q = q * t + (wide ? F64{} + kErfinvQ39[i] : F64{} + kErfinvQ18[i]);
  }
  F64 e = b * (p / q);
  const I64 tail = a <= 0.0625;
  if (Any(tail)) {
    for (int l = 0; l < D; l++) {
      if (tail[l]) e[l] = ErfcinvTail<Fused>(a[l]);
    }
  }
  return e;
}

// cuRAND's float −√2, −1.4142135f (inverse-cdf.ts NEG_SQRT2_FLOAT).
constexpr float kNegSqrt2Float = -1.4142135f;
constexpr uint32_t kMedian = 0x80000000u;

// The float standard normals zf of N words (inverse-cdf.ts normalFloatInverseCdf): words above the
// median are mirrored (2^32 − 1 − x = ~x) and their sign flipped; p is the float uniform
// fround(fround(x)·2^-32 + 2^-33) (Isa::Uniform), 2p is exact, erfcinv runs in double on halves and
// is rounded to float, and the product with ∓√2 is a float product. The tail's log: the reference
// uses V8's Math.log, and an exhaustive comparison of all 2^32 words against CUDA's erfcinv on glibc's
// log found no difference once rounded to float (inverse-cdf.ts); this is glibc's FMA build.
template <class Isa>
inline typename V<Isa::N>::F32 NormalFloatInverseCdf(typename V<Isa::N>::U32 x) {
  constexpr int N = Isa::N;
  constexpr int D = N / 2;
  using F32 = typename V<N>::F32;
  const auto upper = x > kMedian;
  const F32 p = Cast<F32>(Isa::Uniform(Cast<typename Isa::R>(upper ? ~x : x)));
  typename V<D>::F32 lo, hi;
  Split(p, lo, hi);
  const auto half = [](typename V<D>::F32 h) {
    return __builtin_convertvector(Erfcinv<D, true>(2.0 * __builtin_convertvector(h, typename V<D>::F64)), typename V<D>::F32);
  };
  const F32 e = Join<F32>(half(lo), half(hi));
  return (upper ? F32{} - kNegSqrt2Float : F32{} + kNegSqrt2Float) * e;
}

// The double standard normals of D words (inverse-cdf.ts normalDoubleInverseCdf): the same mirror,
// p = x·2^-32 + 2^-33 exact in double (x converts exactly through the 2^52 exponent pattern), and
// z = ∓√2·erfcinv(2p) with glibc's log in the host's build (Fused).
template <int D, bool Fused>
inline typename V<D>::F64 NormalDoubleInverseCdf(typename V<D>::U32 x) {
  using F64 = typename V<D>::F64;
  using U64 = typename V<D>::U64;
  const auto upper = x > kMedian;
  const U64 y = __builtin_convertvector(upper ? ~x : x, U64);
  const F64 p = (Cast<F64>(y | 0x4330000000000000u) - 0x1p52) * 0x1p-32 + 0x1p-33;
  const F64 e = Erfcinv<D, Fused>(2.0 * p);
  const typename V<D>::I64 flip = __builtin_convertvector(upper, typename V<D>::I64);
  return (flip ? F64{} + 1.4142135623730951 : F64{} - 1.4142135623730951) * e;
}

// The inverse-CDF outputs of N words (w: word l in lane l), written from `to` in order
// (src/distributions/table.ts, mtgp32 and mt19937):
// - kNormal: fround(m + fround(s·zf)), m and s the call's mean and stddev rounded to float;
// - kLogNormal: glibc's expf (FMA build) of that;
// - kNormalDoubleFromFloat (MTGP32's normalDouble): m + s·zf in double, zf the float normal widened;
// - kNormalDouble{Fma,Sse2} (MT19937's normalDouble): m + s·z on the double path;
// - kLogNormalDouble{Fma,Sse2} (both generators): glibc's exp of that; Fma/Sse2 name glibc's build
//   of log and exp (hostMath).
template <class Isa, int Op>
inline void InverseCdfEmit(typename V<Isa::N>::U32 w, const PhiloxParams& p, unsigned char* to) {
  constexpr int N = Isa::N;
  constexpr int D = N / 2;
  using F32 = typename V<N>::F32;
  using F64 = typename V<D>::F64;
  if (Op == kNormal || Op == kLogNormal || Op == kNormalDoubleFromFloat) {
    const F32 z = NormalFloatInverseCdf<Isa>(w);
    if (Op == kNormalDoubleFromFloat) {
      typename V<D>::F32 halves[2];
      Split(z, halves[0], halves[1]);
      for (int h = 0; h < 2; h++) {
        const F64 d = p.meanDouble + p.stddevDouble * __builtin_convertvector(halves[h], F64);
        std::memcpy(to + h * sizeof d, &d, sizeof d);
      }
      return;
    }
    F32 out = p.mean + p.stddev * z;
    if (Op == kLogNormal) out = ByHalves<N>(out, Expf<D>);
    std::memcpy(to, &out, sizeof out);
    return;
  }
  constexpr bool fused = Op == kNormalDoubleFma || Op == kLogNormalDoubleFma;
  constexpr bool logNormal = Op == kLogNormalDoubleFma || Op == kLogNormalDoubleSse2;
  typename V<D>::U32 halves[2];
  Split(w, halves[0], halves[1]);
  for (int h = 0; h < 2; h++) {
    F64 d = p.meanDouble + p.stddevDouble * NormalDoubleInverseCdf<D, fused>(halves[h]);
    if (logNormal) {
      for (int l = 0; l < D; l++) d[l] = Exp<fused>(d[l]);
    }
    std::memcpy(to + h * sizeof d, &d, sizeof d);
  }
}

}  // namespace
}  // namespace kernels
