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

template <bool Fused>
inline double Log(double x) {
  if (x >= kLogNear1Lo && x < kLogNear1Hi) {
    if (x == 1) return 0;
    const double r = x - 1;
    const double r2 = r * r;
    const double r3 = r * r2;
    // The exact head: r = rhi + rlo with rhi of 26 bits, hi = r − rhi²/2 (rhi² exact, B0 = −1/2).
    const double w = r * 0x1p27;
    const double rhi = r + w - w;
    const double hw = rhi * rhi * LOG_B0;
    const double hi = r + hw;
    const double lo0 = r - hi + hw;
    const double b0rlo = LOG_B0 * (r - rhi);
    if (Fused) {
      const double p1 = __builtin_fma(LOG_B3, r2, __builtin_fma(LOG_B2, r, LOG_B1));
      const double p4 = __builtin_fma(LOG_B6, r2, __builtin_fma(LOG_B5, r, LOG_B4));
      const double p7 = __builtin_fma(LOG_B10, r3, __builtin_fma(LOG_B9, r2, __builtin_fma(LOG_B8, r, LOG_B7)));
      const double p = __builtin_fma(__builtin_fma(p7, r3, p4), r3, p1);
      return hi + __builtin_fma(p, r3, __builtin_fma(b0rlo, r + rhi, lo0));
    }
    double y = r3 * (LOG_B1 + r * LOG_B2 + r2 * LOG_B3 +
                     r3 * (LOG_B4 + r * LOG_B5 + r2 * LOG_B6 + r3 * (LOG_B7 + r * LOG_B8 + r2 * LOG_B9 + r3 * LOG_B10)));
    y += lo0 + b0rlo * (r + rhi);
    return y + hi;
  }
  if (!(x > 0 && x < __builtin_inf())) return LogOutside(x);
  // x = 2^k·z with z in [OFF, 2·OFF), OFF = 0x1.6p-1; subnormals are rescaled by 2^52 first.
  const bool subnormal = x < 0x1p-1022;
  const uint64_t ix = BitsOf(subnormal ? x * 0x1p52 : x);
  const uint64_t tmp = ix - 0x3fe6000000000000ull;
  const int i = static_cast<int>((tmp >> 45) & 127);
  const int64_t kz = static_cast<int64_t>(tmp) >> 52;
  const double k = static_cast<double>(subnormal ? kz - 52 : kz);
  const double z = DoubleOf(ix - (tmp & (0xfffull << 52)));
  const double invc = LOG_INVC[i];
  const double logc = LOG_LOGC[i];
  if (Fused) {
    const double r = __builtin_fma(z, invc, -1.0);
    const double w = k * LOG_LN2HI + logc;  // k·ln2hi is exact: fused or not, one rounding
    const double hi = r + w;
    const double lo = __builtin_fma(k, LOG_LN2LO, w - hi + r);
    const double r2 = r * r;
    const double r3 = r * r2;
    const double q = __builtin_fma(__builtin_fma(LOG_A4, r, LOG_A3), r2, __builtin_fma(LOG_A2, r, LOG_A1));
    return __builtin_fma(r3, q, __builtin_fma(LOG_A0, r2, lo)) + hi;
  }
  const double r = (z - LOG_CHI[i] - LOG_CLO[i]) * invc;
  const double w = k * LOG_LN2HI + logc;
  const double hi = w + r;
  const double lo = w - hi + r + k * LOG_LN2LO;
  const double r2 = r * r;
  return lo + r2 * LOG_A0 + r * r2 * (LOG_A1 + r * LOG_A2 + r2 * (LOG_A3 + r * LOG_A4)) + hi;
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
