// The kernels' lane-wise vocabulary: GCC vector types of D lanes, bit casts, halves, masks, and the
// double operations vector types have no operator for (fused multiply-add, square root), each one
// instruction where the translation unit's -m flags provide it. Internal linkage, like philox_impl.h:
// the copies compiled with different -m flags must never be merged by the linker.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

#if defined(__x86_64__) && (defined(__FMA__) || defined(__AVX512F__))
#include <immintrin.h>
#endif
#if defined(__aarch64__)
#include <arm_neon.h>
#endif

namespace kernels {
namespace {

// Vectors of D lanes: the double math runs on D = N/2 lanes, the native double width.
template <int D>
struct V {
  typedef float F32 __attribute__((vector_size(4 * D)));
  typedef uint32_t U32 __attribute__((vector_size(4 * D)));
  typedef int32_t I32 __attribute__((vector_size(4 * D)));
  typedef double F64 __attribute__((vector_size(8 * D)));
  typedef int64_t I64 __attribute__((vector_size(8 * D)));
  typedef uint64_t U64 __attribute__((vector_size(8 * D)));
};

template <class To, class From>
inline To Cast(const From& from) {
  static_assert(sizeof(To) == sizeof(From), "bit casts keep the size");
  To to;
  std::memcpy(&to, &from, sizeof to);
  return to;
}

// The two halves of an N-lane vector as D-lane vectors, and back.
template <class Half, class Whole>
inline void Split(const Whole& whole, Half& lo, Half& hi) {
  std::memcpy(&lo, &whole, sizeof lo);
  std::memcpy(&hi, reinterpret_cast<const unsigned char*>(&whole) + sizeof lo, sizeof hi);
}
template <class Whole, class Half>
inline Whole Join(const Half& lo, const Half& hi) {
  Whole whole;
  std::memcpy(&whole, &lo, sizeof lo);
  std::memcpy(reinterpret_cast<unsigned char*>(&whole) + sizeof lo, &hi, sizeof hi);
  return whole;
}

template <class M>
inline bool Any(const M& mask) {
  bool any = false;
  for (size_t i = 0; i < sizeof mask / sizeof mask[0]; i++) any |= mask[i] != 0;
  return any;
}

// a·b + c rounded once, lane by lane: the hardware instruction where the file is compiled for it,
// else fma() per lane (correct everywhere, slow without FMA hardware).
template <class F>
[[gnu::always_inline]] inline F Fma(F a, F b, F c) {
#if defined(__AVX512F__)
  if constexpr (sizeof(F) == 64) return Cast<F>(_mm512_fmadd_pd(Cast<__m512d>(a), Cast<__m512d>(b), Cast<__m512d>(c)));
#endif
#if defined(__x86_64__) && defined(__FMA__)
  if constexpr (sizeof(F) == 32) return Cast<F>(_mm256_fmadd_pd(Cast<__m256d>(a), Cast<__m256d>(b), Cast<__m256d>(c)));
  if constexpr (sizeof(F) == 16) return Cast<F>(_mm_fmadd_pd(Cast<__m128d>(a), Cast<__m128d>(b), Cast<__m128d>(c)));
#endif
#if defined(__aarch64__)
  if constexpr (sizeof(F) == 16) return Cast<F>(vfmaq_f64(Cast<float64x2_t>(c), Cast<float64x2_t>(a), Cast<float64x2_t>(b)));
#endif
  F r;
  for (size_t l = 0; l < sizeof(F) / sizeof(double); l++) r[l] = __builtin_fma(a[l], b[l], c[l]);
  return r;
}

// The correctly rounded square root of each lane (IEEE 754's, like sqrt()).
template <class F>
[[gnu::always_inline]] inline F Sqrt(F x) {
#if defined(__AVX512F__)
  if constexpr (sizeof(F) == 64) return Cast<F>(_mm512_sqrt_pd(Cast<__m512d>(x)));
#endif
#if defined(__x86_64__) && defined(__FMA__)
  if constexpr (sizeof(F) == 32) return Cast<F>(_mm256_sqrt_pd(Cast<__m256d>(x)));
#endif
  F r;
  for (size_t l = 0; l < sizeof(F) / sizeof(double); l++) r[l] = __builtin_sqrt(x[l]);
  return r;
}

// table[i[l]] for each lane (the double-math tables; i in range, as each caller ensures).
template <class F, class I>
[[gnu::always_inline]] inline F Gather(const double* table, I i) {
  F r;
  for (size_t l = 0; l < sizeof(F) / sizeof(double); l++) r[l] = table[i[l]];
  return r;
}

// |x| of each lane (the sign bit cleared, as fabs()).
template <class F>
inline F Abs(F x) {
  using U = typename V<sizeof(F) / sizeof(double)>::U64;
  return Cast<F>(Cast<U>(x) & 0x7fffffffffffffffu);
}

// Small integers (|n| < 2^51) of int64 lanes as doubles, exactly, through the 1.5·2^52 exponent
// pattern (no 64-bit integer conversion needed, which AVX2 lacks).
template <class F, class I>
inline F SmallToDouble(I n) {
  using U = typename V<sizeof(F) / sizeof(double)>::U64;
  return Cast<F>(Cast<U>(n) + 0x4338000000000000u) - 0x1.8p52;
}

}  // namespace
}  // namespace kernels
