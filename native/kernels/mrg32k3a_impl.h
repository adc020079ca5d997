// MRG32k3a's step and transforms for the slot-model kernel (thread_slots_impl.h): the threads of
// cuRAND's host layout (81920, or 4096 in the LEGACY ordering) side by side, one per lane, each state
// the two components' last three values s1[0..2], s2[0..2] as the engine keeps them (exact integers in
// doubles; src/engines/mrg32k3a.ts writeThread). A word is a step's result r in [1, m1], and the
// outputs are MRG32k3a's transforms of it (docs/spec/curand-more-generators.md §2.4;
// src/distributions/table.ts, box-muller.ts 'mrg' inputs).
//
// Exactness of the step in doubles (L'Ecuyer 1999's recurrences; the constants below):
//   x = a12·s1[1] − a13·s1[0] (component 2: a21·s2[2] − a23·s2[0]) with 0 ≤ s < m < 2^32 and
//   a < 2^21: each product is an integer below 1403580·2^32 < 2^53, so exact, and so is their
//   difference, |x| < 2^53. Then x mod m: with c = fl(x·fl(1/m)), |c − x/m| < 2^21·2^-51 = 2^-30;
//   |c| < 2^22, so c + 1.5·2^52 lies in [2^52, 2^53), where doubles are the integers: the sum rounds
//   c to a nearest integer q and subtracting 1.5·2^52 again is exact. |q − x/m| ≤ 1/2 + 2^-30 < 1, so
//   r = x − q·m has |r| < m: q·m is an integer below |x| + m < 2^53 (exact), and r, an integer below
//   2^32 in magnitude, is the exact difference. r + m when r < 0 is then x mod m in [0, m), the one
//   value the engine's reduce() (floor of x·(1/m), corrected by ±m) arrives at too. The translation
//   units are compiled with -ffp-contract=off, so no step is fused into something else.
#pragma once

#include "thread_slots_impl.h"

namespace kernels {
namespace {

constexpr double kMrgM1 = 4294967087.0;
constexpr double kMrgM2 = 4294944443.0;
constexpr double kMrgA12 = 1403580.0;
constexpr double kMrgA13 = 810728.0;
constexpr double kMrgA21 = 527612.0;
constexpr double kMrgA23 = 1370589.0;
constexpr double kMrgInvM1 = 1.0 / kMrgM1;
constexpr double kMrgInvM2 = 1.0 / kMrgM2;
// 1.5·2^52: adding and subtracting it rounds a double below 2^51 in magnitude to an integer.
constexpr double kMrgRound = 0x1.8p52;
// MRG_NORM and MRG_UINT32_SCALE (src/distributions/uniform.ts; §2.4).
constexpr double kMrgNorm = 2.3283065498378288e-10;
constexpr double kMrgUint32Scale = 1.000000048662;
// fround(6.2831855): cuRAND's float 2π, the 'mrg' float angle's factor.
constexpr float kTwoPiFloat = 0x1.921fb6p2f;

template <int N>
struct Mrg32k3aLanes {
  static constexpr int kGenerator = kMrg32k3a;
  using Value = double;
  using Vec = typename V<N>::F64;
  using Word = Vec;
  using U64 = typename V<N>::U64;
  using U32 = typename V<N>::U32;
  using F32 = typename V<N>::F32;

  // x mod m for the integers |x| < 2^53 of the recurrence (the proof above), into r. (Wide vectors
  // go by reference, here and below: by value their ABI depends on the -m flags, -Wpsabi.)
  static inline void Reduce(const Vec& x, double m, double inverse, Vec& r) {
    const Vec q = (x * inverse + kMrgRound) - kMrgRound;
    const Vec d = x - q * m;
    r = d < 0.0 ? d + m : d;
  }

  // One step of both components on every lane: out = p1 − p2, plus m1 where that is ≤ 0.
  [[gnu::always_inline]] static inline void Step(Vec s[6], Word& out) {
    Vec p1, p2;
    Reduce(kMrgA12 * s[1] - kMrgA13 * s[0], kMrgM1, kMrgInvM1, p1);
    s[0] = s[1];
    s[1] = s[2];
    s[2] = p1;
    Reduce(kMrgA21 * s[5] - kMrgA23 * s[3], kMrgM2, kMrgInvM2, p2);
    s[3] = s[4];
    s[4] = s[5];
    s[5] = p2;
    const Vec d = p1 - p2;
    out = d > 0.0 ? d : d + kMrgM1;
  }

  // The uint32 of integers 0 ≤ x < 2^32: 2^52 + x (exact) holds x in its low mantissa bits.
  static inline void ToWords(const Vec& x, U32& words) { words = __builtin_convertvector(__builtin_bit_cast(U64, x + 0x1p52), U32); }

  template <class Isa, int Op>
  [[gnu::always_inline]] static inline void Emit(const Word* w, int words, const PhiloxParams& p, unsigned char* to) {
    if constexpr (Op == kWords) {
      U32 u[4];
      for (int k = 0; k < words; k++) ToWords(w[k], u[k]);
      EmitWords<N>(u, words, to);
    } else if constexpr (Op == kUint32Scaled) {
      // trunc(y) mod 2^32 (the uint32 store) for y = r·scale in [1, 2^32 + 1): y + 2^52 rounds y to a
      // nearest integer n in its low bits; one less where n > y.
      const Vec y = w[0] * kMrgUint32Scale;
      const Vec big = y + 0x1p52;
      const U32 u = __builtin_convertvector(__builtin_bit_cast(U64, big) + __builtin_bit_cast(U64, big - 0x1p52 > y), U32);
      std::memcpy(to, &u, sizeof u);
    } else if constexpr (Op == kUniform) {
      const F32 f = __builtin_convertvector(w[0] * kMrgNorm, F32);
      std::memcpy(to, &f, sizeof f);
    } else if constexpr (Op == kUniformDouble) {
      const Vec d = w[0] * kMrgNorm;
      std::memcpy(to, &d, sizeof d);
    } else if constexpr (Op == kNormal || Op == kLogNormal) {
      // u = fround(a·NORM), v = fround(fround(b·NORM)·fround(2π)): the float product of two floats
      // rounds the exact (double) product once, as the reference's fround does.
      const F32 u = __builtin_convertvector(w[0] * kMrgNorm, F32);
      const F32 v = __builtin_convertvector(w[1] * kMrgNorm, F32) * kTwoPiFloat;
      F32 a, b;
      BoxMullerFloat<N>(u, v, p, Op == kLogNormal, a, b);
      EmitFloatPairs<N>(a, b, to);
    } else {
      // u = a·NORM, v = 2·b·NORM (the angle in half-turns).
      using F64 = typename V<N / 2>::F64;
      F64 u[2], v[2];
      Split(w[0] * kMrgNorm, u[0], u[1]);
      Split(w[1] * kMrgNorm * 2, v[0], v[1]);
      for (int h = 0; h < 2; h++) BoxMullerDoubleOp<Op>(u[h], v[h], p, to + static_cast<size_t>(h) * (N / 2) * 16);
    }
  }
};

}  // namespace
}  // namespace kernels
