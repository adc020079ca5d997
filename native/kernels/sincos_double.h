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
//
// It runs on the lanes of a GCC vector F of D doubles, operation for operation glibc's scalar code
// (and sincos.ts): every branch of __sincos ends in do_sin(a, da) and do_cos(a, da) of one (a, da) per
// argument, so each lane's (a, da) is chosen first, both run on all lanes, and the results are placed
// (swapped and negated) per lane as s_sincos.c places them.
#pragma once

#include <cstddef>
#include <cstdint>

#include "sincos_tables.h"
#include "vectors.h"

namespace kernels {
namespace {

constexpr uint32_t kSincosTinyHi = 0x3e400000;    // 2^-27
constexpr uint32_t kSincosSmallHi = 0x3feb6000;   // 0.85546875
constexpr uint32_t kSincosMediumHi = 0x400368fd;  // 2.426265…
constexpr double kSincosTaylorBound = 0.126;

// The __sincostab record (sin, its correction, cos, its correction) of each lane's |x| rounded to a
// multiple of 1/128: do_sin and do_cos of the same x read the same one.
template <class F>
struct SincosRecords {
  F sn, ssn, cs, ccs;
};

template <class F>
[[gnu::always_inline]] inline SincosRecords<F> SincosRecordsOf(F x) {
  constexpr size_t D = sizeof(F) / sizeof(double);
  using U = typename V<D>::U64;
  using I = typename V<D>::I64;
  // u = SC_BIG + |x| = 1.5·2^45 + m/128 holds m in its low mantissa bits; the record is at 4m.
  const I k = Cast<I>((Cast<U>(SC_BIG + Abs(x)) & 0xffffffffu) << 2);
  return {Gather<F>(SINCOSTAB, k), Gather<F>(SINCOSTAB, k + 1), Gather<F>(SINCOSTAB, k + 2), Gather<F>(SINCOSTAB, k + 3)};
}

// do_sin (s_sin.c): the table path on every lane, Taylor's polynomial where a lane is below 0.126.
template <bool Fused, class F>
[[gnu::always_inline]] inline F DoSinLanes(F x, F dx, const SincosRecords<F>& rec) {
  using I = typename V<sizeof(F) / sizeof(double)>::I64;
  const F t = Abs(x) - (SC_BIG + Abs(x) - SC_BIG);
  const F xx = t * t;
  const F sn = rec.sn, ssn = rec.ssn, cs = rec.cs, ccs = rec.ccs;
  const F tdx = x <= 0 ? -dx : dx;
  F r;
  if (Fused) {
    const F s = Fma(xx * t, Fma(xx, F{} + SC_SN5, F{} + SC_SN3), tdx) + t;
    const F c = Fma(tdx, t, xx * Fma(xx, Fma(xx, F{} + SC_CS6, F{} + SC_CS4), F{} + SC_CS2));
    r = sn + Fma(s, cs, Fma(-c, sn, Fma(s, ccs, ssn)));
  } else {
    const F s = t + (tdx + t * xx * (SC_SN3 + xx * SC_SN5));
    const F c = t * tdx + xx * (SC_CS2 + xx * (SC_CS4 + xx * SC_CS6));
    const F cor = ssn + s * ccs - sn * c + cs * s;
    r = sn + cor;
  }
  r = x < 0 ? -r : r;
  const I taylor = Abs(x) < kSincosTaylorBound;
  if (Any(taylor)) {
    const F x2 = x * x;
    F y;
    if (Fused) {
      const F poly = Fma(x2, Fma(x2, Fma(x2, Fma(x2, F{} + SC_S5, F{} + SC_S4), F{} + SC_S3), F{} + SC_S2), F{} + SC_S1);
      y = x + Fma(x2, Fma(x, poly, -0.5 * dx), dx);
    } else {
      const F poly = (((SC_S5 * x2 + SC_S4) * x2 + SC_S3) * x2 + SC_S2) * x2 + SC_S1;
      y = x + ((poly * x - 0.5 * dx) * x2 + dx);
    }
    r = taylor ? y : r;
  }
  return r;
}

// do_cos (s_sin.c).
template <bool Fused, class F>
[[gnu::always_inline]] inline F DoCosLanes(F x, F dx, const SincosRecords<F>& rec) {
  const F tdx = x < 0 ? -dx : dx;
  const F t = Abs(x) - (SC_BIG + Abs(x) - SC_BIG) + tdx;
  const F xx = t * t;
  const F sn = rec.sn, ssn = rec.ssn, cs = rec.cs, ccs = rec.ccs;
  if (Fused) {
    const F s = Fma(t * xx, Fma(xx, F{} + SC_SN5, F{} + SC_SN3), t);
    const F c = xx * Fma(xx, Fma(xx, F{} + SC_CS6, F{} + SC_CS4), F{} + SC_CS2);
    return cs + Fma(-s, sn, Fma(-c, cs, Fma(-s, ssn, ccs)));
  }
  const F s = t + t * xx * (SC_SN3 + xx * SC_SN5);
  const F c = xx * (SC_CS2 + xx * (SC_CS4 + xx * SC_CS6));
  const F cor = ccs - s * ssn - cs * c - sn * s;
  return cs + cor;
}

// s_sincos.c's __sincos of each lane, for |x| < 105414336 (and ±inf, NaN: NaN for both).
template <bool Fused, class F>
[[gnu::always_inline]] inline void SincosLanes(F x, F& sinOut, F& cosOut) {
  constexpr size_t D = sizeof(F) / sizeof(double);
  using U = typename V<D>::U64;
  using I = typename V<D>::I64;
  const I hi = Cast<I>((Cast<U>(x) >> 32) & 0x7fffffff);
  const I tiny = hi < kSincosTinyHi;
  const I small = hi < kSincosSmallHi;
  const I medium = hi < kSincosMediumHi;
  // medium: π/2 − |x| as a + da.
  const F y = SC_HP0 - Abs(x);
  const F am = y + SC_HP1;
  const F dam = y - am + SC_HP1;
  // large: reduce_sincos; n = xn mod 4, from the low bits of t = xn + 1.5·2^52.
  const F t = Fused ? Fma(x, F{} + SC_HPINV, F{} + SC_TOINT) : x * SC_HPINV + SC_TOINT;
  const F xn = t - SC_TOINT;
  const F yl = x - xn * SC_MP1 - xn * SC_MP2;
  const F t1 = xn * SC_PP3;
  const F t2 = yl - t1;
  F db = yl - t2 - t1;
  F b;
  if (Fused) {
    b = Fma(-xn, F{} + SC_PP4, t2);
    db += Fma(-xn, F{} + SC_PP4, t2 - b);
  } else {
    const F t3 = xn * SC_PP4;
    b = t2 - t3;
    db += t2 - b - t3;
  }
  const I n = Cast<I>(Cast<U>(t) & 3);
  const I flip = (n == 1) | (n == 2);
  F a = small ? x : medium ? am : flip ? -b : b;
  const F da = small ? F{} : medium ? dam : flip ? -db : db;
  // The table's records cover |a| < 0.86 (110 records of 1/128): every finite lane in __sincos's
  // domain. Others (±inf, NaN) read record 0 and give NaN below.
  const I outside = ~(Abs(a) < 0.86);
  a = outside ? F{} : a;
  const SincosRecords<F> rec = SincosRecordsOf(a);
  const F s = DoSinLanes<Fused>(a, da, rec);
  const F c = DoCosLanes<Fused>(a, da, rec);
  // small: (s, c); medium: (±c, s) with x's sign; large: s and ±c (negated for n = 2, 3), swapped
  // for odd n; tiny: (x, 1).
  const F second = (n & 2) != 0 ? -c : c;
  const I odd = (n & 1) != 0;
  const F nan = F{} + __builtin_nan("");
  sinOut = tiny ? x : small ? s : medium ? (x < 0 ? -c : c) : outside ? nan : odd ? second : s;
  cosOut = tiny ? F{} + 1.0 : small ? c : medium ? s : outside ? nan : odd ? s : second;
}

}  // namespace
}  // namespace kernels
