// glibc 2.36's double log and exp in both x86-64 ifunc variants, as the TypeScript ports reproduce
// them (src/math/log.ts, exp.ts; algorithms and data by Szabolcs Nagy, ARM optimized-routines, MIT OR
// Apache-2.0 WITH LLVM-exception). Fused = true is `__log_fma` / `__exp_fma`: every fma() below is
// one of gcc 12's contractions in glibc's FMA build (the ports' comments list them); with hardware
// FMA (-mfma) each is the one instruction glibc ran. Fused = false is the plain C evaluation
// (`__log_sse2`, `__exp_sse2`). Compiled with -ffp-contract=off: nothing else is fused.
// Internal linkage, like philox_impl.h (which includes it): see there why.
#pragma once

#include <cstdint>
#include <cstring>

#include "math_tables.h"
#include "vectors.h"

namespace kernels {
namespace {

inline uint64_t BitsOf(double x) {
  uint64_t bits;
  std::memcpy(&bits, &x, sizeof bits);
  return bits;
}

inline double DoubleOf(uint64_t bits) {
  double x;
  std::memcpy(&x, &bits, sizeof x);
  return x;
}

// 2^n for n in [−1022, 1023].
inline double Pow2Scalar(int64_t n) { return DoubleOf(static_cast<uint64_t>(n + 1023) << 52); }

// ---------------------------------------------------------------------------------------------
// log

// The near-1 window [1 − 2^-4, 1 + 0x1.09p-4) of e_log.c.
constexpr double kLogNear1Lo = 1 - 0x1p-4;
constexpr double kLogNear1Hi = 1 + 0x1.09p-4;

inline double LogOutside(double x) {
  if (x == 0) return -__builtin_inf();
  if (x == __builtin_inf()) return x;
  return __builtin_nan("");
}

// glibc's log of each lane of F (D doubles), operation for operation e_log.c: the table path on every
// lane (x = 2^k·z, subnormals rescaled by 2^52 first), with gathers; the near-1 window's polynomial
// where a lane falls in it (one lane in 16 for the Box–Muller radius); zero, negative, infinite and
// NaN lanes as LogOutside.
template <bool Fused, class F>
[[gnu::always_inline]] inline F LogLanes(F x) {
  constexpr size_t D = sizeof(F) / sizeof(double);
  using U = typename V<D>::U64;
  using I = typename V<D>::I64;
  const I near = (x >= kLogNear1Lo) & (x < kLogNear1Hi);
  const I outside = ~((x > 0) & (x < __builtin_inf()));
  const I subnormal = (x < 0x1p-1022) & ~outside;
  x = subnormal ? x * 0x1p52 : x;
  const U ix = Cast<U>(x);
  const U tmp = ix - 0x3fe6000000000000ull;
  const I i = Cast<I>((tmp >> 45) & 127);
  const F k = SmallToDouble<F>((Cast<I>(tmp) >> 52) - (subnormal & 52));
  const F z = Cast<F>(ix - (tmp & (0xfffull << 52)));
  const F invc = Gather<F>(LOG_INVC, i);
  const F logc = Gather<F>(LOG_LOGC, i);
  F y;
  if (Fused) {
    const F r = Fma(z, invc, F{} - 1.0);
    const F w = k * LOG_LN2HI + logc;
    const F hi = r + w;
    const F lo = Fma(k, F{} + LOG_LN2LO, w - hi + r);
    const F r2 = r * r;
    const F r3 = r * r2;
    const F q = Fma(Fma(F{} + LOG_A4, r, F{} + LOG_A3), r2, Fma(F{} + LOG_A2, r, F{} + LOG_A1));
    y = Fma(r3, q, Fma(F{} + LOG_A0, r2, lo)) + hi;
  } else {
    const F r = (z - Gather<F>(LOG_CHI, i) - Gather<F>(LOG_CLO, i)) * invc;
    const F w = k * LOG_LN2HI + logc;
    const F hi = w + r;
    const F lo = w - hi + r + k * LOG_LN2LO;
    const F r2 = r * r;
    y = lo + r2 * LOG_A0 + r * r2 * (LOG_A1 + r * LOG_A2 + r2 * (LOG_A3 + r * LOG_A4)) + hi;
  }
  if (Any(near)) {
    const F r = x - 1;
    const F r2 = r * r;
    const F r3 = r * r2;
    const F w = r * 0x1p27;
    const F rhi = r + w - w;
    const F hw = rhi * rhi * LOG_B0;
    const F hi = r + hw;
    const F lo0 = r - hi + hw;
    const F b0rlo = LOG_B0 * (r - rhi);
    F yn;
    if (Fused) {
      const F p1 = Fma(F{} + LOG_B3, r2, Fma(F{} + LOG_B2, r, F{} + LOG_B1));
      const F p4 = Fma(F{} + LOG_B6, r2, Fma(F{} + LOG_B5, r, F{} + LOG_B4));
      const F p7 = Fma(F{} + LOG_B10, r3, Fma(F{} + LOG_B9, r2, Fma(F{} + LOG_B8, r, F{} + LOG_B7)));
      const F p = Fma(Fma(p7, r3, p4), r3, p1);
      yn = hi + Fma(p, r3, Fma(b0rlo, r + rhi, lo0));
    } else {
      yn = r3 * (LOG_B1 + r * LOG_B2 + r2 * LOG_B3 +
                 r3 * (LOG_B4 + r * LOG_B5 + r2 * LOG_B6 + r3 * (LOG_B7 + r * LOG_B8 + r2 * LOG_B9 + r3 * LOG_B10)));
      yn += lo0 + b0rlo * (r + rhi);
      yn = yn + hi;
    }
    y = near ? (x == 1.0 ? F{} : yn) : y;
  }
  if (Any(outside)) {
    for (size_t l = 0; l < D; l++) {
      if (outside[l]) y[l] = LogOutside(x[l]);
    }
  }
  return y;
}

// glibc's log of one double (the one-lane case).
template <bool Fused>
inline double Log(double x) {
  return LogLanes<Fused>(typename V<1>::F64{x})[0];
}

// ---------------------------------------------------------------------------------------------
// exp

constexpr double kExpTiny = 0x1p-54;  // below: exp(x) = 1 + x
constexpr double kExpBig = 512;       // from here to 1024: the rebiasing special case
constexpr double kExpHuge = 1024;     // from here: overflow, underflow, ±inf, NaN

inline double ExpOutside(double x) {
  const double ax = __builtin_fabs(x);
  if (ax < kExpTiny) return 1 + x;
  if (x == -__builtin_inf()) return 0;
  if (!(ax < __builtin_inf())) return 1 + x;
  return x < 0 ? 0 : __builtin_inf();
}

// The k < 0 side of e_exp.c's specialcase(): unfused in both variants (the product is used twice).
inline double ExpUnderflowSide(double tmp, int idx, int64_t k) {
  const double scale = EXP_SCALE[idx] * Pow2Scalar((k >> 7) + 1022);
  const double st = scale * tmp;
  double y = scale + st;
  if (y < 1) {
    double lo = scale - y + st;
    const double hi = 1 + y;
    lo = 1 - hi + y + lo;
    y = hi + lo - 1;
    if (y == 0) y = 0;  // no −0
  }
  return 0x1p-1022 * y;
}

template <bool Fused>
inline double Exp(double x) {
  const double ax = __builtin_fabs(x);
  if (!(ax >= kExpTiny && ax < kExpHuge)) return ExpOutside(x);
  const bool special = ax >= kExpBig;
  double kd;
  double r;
  if (Fused) {
    kd = __builtin_fma(EXP_INVLN2N, x, EXP_SHIFT) - EXP_SHIFT;
    r = __builtin_fma(EXP_NEGLN2LON, kd, x + kd * EXP_NEGLN2HIN);  // kd·NegLn2hiN is exact
  } else {
    kd = EXP_INVLN2N * x + EXP_SHIFT - EXP_SHIFT;
    r = x + kd * EXP_NEGLN2HIN + kd * EXP_NEGLN2LON;
  }
  const int64_t k = static_cast<int64_t>(kd);
  const int idx = static_cast<int>(k & 127);
  const double r2 = r * r;
  const double tmp = Fused ? __builtin_fma(r2 * r2, __builtin_fma(EXP_C5, r, EXP_C4),
                                           __builtin_fma(__builtin_fma(EXP_C3, r, EXP_C2), r2, r + EXP_TAIL[idx]))
                           : EXP_TAIL[idx] + r + r2 * (EXP_C2 + r * EXP_C3) + r2 * r2 * (EXP_C4 + r * EXP_C5);
  if (special) {
    if (k < 0) return ExpUnderflowSide(tmp, idx, k);
    const double scale = EXP_SCALE[idx] * Pow2Scalar((k >> 7) - 1009);
    return 0x1p1009 * (Fused ? __builtin_fma(tmp, scale, scale) : scale + scale * tmp);
  }
  const double scale = EXP_SCALE[idx] * Pow2Scalar(k >> 7);
  return Fused ? __builtin_fma(tmp, scale, scale) : scale + scale * tmp;
}

}  // namespace
}  // namespace kernels
