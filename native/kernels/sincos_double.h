// SPDX-License-Identifier: LGPL-2.1-or-later
// glibc 2.36's double sincos in both x86-64 ifunc variants, as src/math/sincos.ts reproduces it.
// Derived from the IBM Accurate Mathematical Library as distributed with glibc 2.36
// (sysdeps/ieee754/dbl-64/s_sin.c, s_sincos.c, usncs.h, sincostab.c; written by International Business
// Machines Corp., Copyright (C) 2001-2022 Free Software Foundation, Inc.). That code is under the GNU
// Lesser General Public License, version 2.1 or (at your option) any later version, and so is this
// file and sincos_tables.h, unlike the rest of node-curand (see NOTICE).
//
// Fused = true is `__sincos_fma`: every fma() is one of gcc 12's contractions in glibc's FMA build
// (listed in sincos.ts); Fused = false is the plain C evaluation (`__sincos_sse2`). Compiled with
// -ffp-contract=off. Arguments must stay below 105414336 in magnitude (glibc's __branred range, not
// ported; Box–Muller passes v·π with v <= 2). Internal linkage, like philox_impl.h (which includes it).
#pragma once

#include <cstdint>

#include "libm_double.h"
#include "sincos_tables.h"

namespace kernels {
namespace {

constexpr uint32_t kSincosTinyHi = 0x3e400000;    // 2^-27
constexpr uint32_t kSincosSmallHi = 0x3feb6000;   // 0.85546875
constexpr uint32_t kSincosMediumHi = 0x400368fd;  // 2.426265…
constexpr double kSincosTaylorBound = 0.126;

// The __sincostab record of |x| rounded to a multiple of 1/128 (u = SC_BIG + |x|).
inline int SincosRecord(double u) { return static_cast<int>((u - SC_BIG) * 512); }

template <bool Fused>
inline double DoSin(double x, double dx) {
  if (__builtin_fabs(x) < kSincosTaylorBound) {
    const double xx = x * x;
    if (Fused) {
      const double poly = __builtin_fma(
          xx, __builtin_fma(xx, __builtin_fma(xx, __builtin_fma(xx, SC_S5, SC_S4), SC_S3), SC_S2), SC_S1);
      return x + __builtin_fma(xx, __builtin_fma(x, poly, -0.5 * dx), dx);
    }
    const double poly = (((SC_S5 * xx + SC_S4) * xx + SC_S3) * xx + SC_S2) * xx + SC_S1;
    return x + ((poly * x - 0.5 * dx) * xx + dx);
  }
  if (x <= 0) dx = -dx;
  const double ax = __builtin_fabs(x);
  const double u = SC_BIG + ax;
  const int k = SincosRecord(u);
  const double t = ax - (u - SC_BIG);
  const double xx = t * t;
  const double sn = SINCOSTAB[k];
  const double ssn = SINCOSTAB[k + 1];
  const double cs = SINCOSTAB[k + 2];
  const double ccs = SINCOSTAB[k + 3];
  double r;
  if (Fused) {
    const double s = __builtin_fma(xx * t, __builtin_fma(xx, SC_SN5, SC_SN3), dx) + t;
    const double c = __builtin_fma(dx, t, xx * __builtin_fma(xx, __builtin_fma(xx, SC_CS6, SC_CS4), SC_CS2));
    r = sn + __builtin_fma(s, cs, __builtin_fma(-c, sn, __builtin_fma(s, ccs, ssn)));
  } else {
    const double s = t + (dx + t * xx * (SC_SN3 + xx * SC_SN5));
    const double c = t * dx + xx * (SC_CS2 + xx * (SC_CS4 + xx * SC_CS6));
    const double cor = ssn + s * ccs - sn * c + cs * s;
    r = sn + cor;
  }
  return x < 0 ? -r : r;
}

template <bool Fused>
inline double DoCos(double x, double dx) {
  if (x < 0) dx = -dx;
  const double ax = __builtin_fabs(x);
  const double u = SC_BIG + ax;
  const int k = SincosRecord(u);
  const double t = ax - (u - SC_BIG) + dx;
  const double xx = t * t;
  const double sn = SINCOSTAB[k];
  const double ssn = SINCOSTAB[k + 1];
  const double cs = SINCOSTAB[k + 2];
  const double ccs = SINCOSTAB[k + 3];
  if (Fused) {
    const double s = __builtin_fma(t * xx, __builtin_fma(xx, SC_SN5, SC_SN3), t);
    const double c = xx * __builtin_fma(xx, __builtin_fma(xx, SC_CS6, SC_CS4), SC_CS2);
    return cs + __builtin_fma(-s, sn, __builtin_fma(-c, cs, __builtin_fma(-s, ssn, ccs)));
  }
  const double s = t + t * xx * (SC_SN3 + xx * SC_SN5);
  const double c = xx * (SC_CS2 + xx * (SC_CS4 + xx * SC_CS6));
  const double cor = ccs - s * ssn - cs * c - sn * s;
  return cs + cor;
}

// reduce_sincos: x − n·π/2 as a + da; returns n (only n mod 4 is used).
template <bool Fused>
inline int64_t ReduceSincos(double x, double& a, double& da) {
  const double t = Fused ? __builtin_fma(x, SC_HPINV, SC_TOINT) : x * SC_HPINV + SC_TOINT;
  const double xn = t - SC_TOINT;
  // xn·mp1, xn·mp2 and xn·pp3 are exact for |xn| < 2^26: fused or not, the same.
  const double y = x - xn * SC_MP1 - xn * SC_MP2;
  const double t1 = xn * SC_PP3;
  const double t2 = y - t1;
  double db = y - t2 - t1;
  double b;
  if (Fused) {
    b = __builtin_fma(-xn, SC_PP4, t2);
    db += __builtin_fma(-xn, SC_PP4, t2 - b);
  } else {
    const double t3 = xn * SC_PP4;
    b = t2 - t3;
    db += t2 - b - t3;
  }
  a = b;
  da = db;
  return static_cast<int64_t>(xn);
}

// s_sincos.c's __sincos for |x| < 105414336 (and ±inf, NaN).
template <bool Fused>
inline void Sincos(double x, double& sinOut, double& cosOut) {
  const uint32_t k = static_cast<uint32_t>(BitsOf(x) >> 32) & 0x7fffffff;
  if (k < kSincosMediumHi) {
    if (k < kSincosTinyHi) {
      sinOut = x;
      cosOut = 1;
    } else if (k < kSincosSmallHi) {
      sinOut = DoSin<Fused>(x, 0);
      cosOut = DoCos<Fused>(x, 0);
    } else {
      const double y = SC_HP0 - __builtin_fabs(x);
      const double a = y + SC_HP1;
      const double da = y - a + SC_HP1;
      const double c = DoCos<Fused>(a, da);
      sinOut = x < 0 ? -c : c;
      cosOut = DoSin<Fused>(a, da);
    }
    return;
  }
  if (k >= 0x7ff00000) {
    sinOut = cosOut = __builtin_nan("");
    return;
  }
  double a;
  double da;
  const int n = static_cast<int>(ReduceSincos<Fused>(x, a, da) & 3);
  if (n == 1 || n == 2) {
    a = -a;
    da = -da;
  }
  const double s = DoSin<Fused>(a, da);
  const double c = DoCos<Fused>(a, da);
  // s_sincos.c swaps the outputs for odd n and negates the second result for n = 2, 3.
  double& first = (n & 1) ? cosOut : sinOut;
  double& second = (n & 1) ? sinOut : cosOut;
  first = s;
  second = (n & 2) ? -c : c;
}

}  // namespace
}  // namespace kernels
