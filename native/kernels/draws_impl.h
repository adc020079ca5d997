// The draws' bulk loops (src/draws/draw-kernel.ts DrawKernel), written once and compiled in
// kernels_avx2.cc and kernels_generic.cc (AVX-512 CPUs run the AVX2 build: kernels.h): unit doubles
// and floats, Bernoulli, Lemire's bounded integers, Fisher–Yates steps and Poisson's table lookups, over words the generator
// has already made. Each loop reads the words in the order the TypeScript draw (src/draws/random.ts,
// bernoulli.ts, lemire.ts, shuffle.ts) reads them and writes what it writes; the TypeScript keeps
// deciding which words are lent and finishes what runs past their end.
//
// The loops are plain C++ that GCC vectorises for the file's instruction set, except Lemire's groups
// of eight attempts, written in AVX2 intrinsics where the file has them (GCC's own vectorisation of
// them was 2–3× slower: docs/cpu-kernels.md, "Draw kernels").
//
// Everything is in an anonymous namespace, as in philox_impl.h: the copies compiled with different
// -m flags must never be merged by the linker.
#pragma once

#include <climits>
#include <cstddef>
#include <cstdint>

#if defined(__AVX2__)
#include <immintrin.h>
#endif

#include "kernels.h"

namespace kernels {
namespace {

// NumPy's next_double for 32-bit generators (src/draws/bit-source.ts nextDouble):
// ((a >>> 5)·2^26 + (b >>> 6))·2^-53. Both parts convert exactly, the sum is below 2^53 and the
// scaling by a power of two is exact: no rounding anywhere, as in the TypeScript.
void UnitDoublesImpl(const uint32_t* words, double* out, size_t count) {
  for (size_t k = 0; k < count; k++) {
    const double a = static_cast<double>(static_cast<int32_t>(words[2 * k] >> 5));
    const double b = static_cast<double>(static_cast<int32_t>(words[2 * k + 1] >> 6));
    out[k] = (a * 67108864.0 + b) * 0x1p-53;
  }
}

// NumPy's next_float: (w >>> 8)·2^-24, exact in float.
void UnitFloatsImpl(const uint32_t* words, float* out, size_t count) {
  for (size_t k = 0; k < count; k++) out[k] = static_cast<float>(static_cast<int32_t>(words[k] >> 8)) * 0x1p-24f;
}

template <class T>
void BernoulliTyped(const uint32_t* words, int64_t below, T* out, size_t count) {
  for (size_t k = 0; k < count; k++) out[k] = static_cast<T>(static_cast<int64_t>(words[k]) < below ? 1 : 0);
}

// 1 when w < threshold = p·2^32, i.e. w < below = ⌈threshold⌉ (in [0, 2^32]: compared in 64 bits).
void BernoulliImpl(const uint32_t* words, int64_t below, Element type, void* out, size_t count) {
  switch (type) {
    case kInt8:
    case kUint8:
      return BernoulliTyped(words, below, static_cast<uint8_t*>(out), count);
    case kInt16:
    case kUint16:
      return BernoulliTyped(words, below, static_cast<uint16_t*>(out), count);
    case kInt32:
    case kUint32:
      return BernoulliTyped(words, below, static_cast<uint32_t*>(out), count);
    case kFloat32:
      return BernoulliTyped(words, below, static_cast<float*>(out), count);
    case kFloat64:
      return BernoulliTyped(words, below, static_cast<double*>(out), count);
    case kWide64:
      return;
  }
}

// base + an offset in [0, m), stored as the TypeScript stores the number: integer arrays keep its low
// bits (ToInt8, ToUint16, …, of a value they hold), Float64Array the exact sum (a safe integer).
template <class T>
struct Store {
  uint32_t baseBits;
  static constexpr bool kDouble = false;
  inline void operator()(T* out, size_t i, uint32_t offset, double) const { out[i] = static_cast<T>(baseBits + offset); }
};
template <>
struct Store<double> {
  uint32_t baseBits;
  static constexpr bool kDouble = true;
  inline void operator()(double* out, size_t i, uint32_t offset, double base) const { out[i] = base + static_cast<double>(offset); }
};

#if defined(__AVX2__)
// The offsets of 8 attempts and whether any is rejected (AVX2: four 32×32→64-bit products per
// instruction, even and odd lanes apart).
inline bool Lemire8(const uint32_t* words, uint32_t m, uint32_t t, uint32_t hi[8]) {
  const __m256i w = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(words));
  const __m256i mv = _mm256_set1_epi64x(m);
  const __m256i even = _mm256_mul_epu32(w, mv);
  const __m256i odd = _mm256_mul_epu32(_mm256_srli_epi64(w, 32), mv);
  const __m256i lo = _mm256_blend_epi32(even, _mm256_slli_epi64(odd, 32), 0xAA);
  // lo < t unsigned, as a signed comparison of both with the sign bit flipped.
  const __m256i sign = _mm256_set1_epi32(INT32_MIN);
  const __m256i below = _mm256_cmpgt_epi32(_mm256_xor_si256(_mm256_set1_epi32(static_cast<int>(t)), sign), _mm256_xor_si256(lo, sign));
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(hi), _mm256_blend_epi32(_mm256_srli_epi64(even, 32), odd, 0xAA));
  return _mm256_testz_si256(below, below) == 0;
}
#else
inline bool Lemire8(const uint32_t* words, uint32_t m, uint32_t t, uint32_t hi[8]) {
  uint32_t rejected = 0;
  for (size_t l = 0; l < 8; l++) {
    const uint64_t x = static_cast<uint64_t>(words[l]) * m;
    hi[l] = static_cast<uint32_t>(x >> 32);
    rejected |= static_cast<uint32_t>(static_cast<uint32_t>(x) < t);
  }
  return rejected != 0;
}
#endif

// Lemire's nearly-divisionless method, one word per attempt (src/draws/lemire.ts fillBounded32):
// x = w·m; accepted when x mod 2^32 >= t = (2^32 − m) mod m; the offset is ⌊x / 2^32⌋. Writes
// out[place.value …] up to out[to − 1], reading words[place.word …] up to words[end − 1]; stops
// before a value none of whose remaining words is accepted, leaving the place at that value's first
// word (the TypeScript finishes it word by word, reading the same words again).
template <class T>
void Bounded32Typed(const uint32_t* words, size_t end, uint32_t m, uint32_t t, double base, uint32_t baseBits, T* out,
                    size_t to, DrawPlace& place) {
  constexpr size_t G = 8;
  const Store<T> store{baseBits};
  size_t k = place.word;
  size_t i = static_cast<size_t>(place.value);
  while (i < to) {
    // Whole groups while no attempt in them is rejected: G words make G values.
    uint32_t hi[G];
    while (i + G <= to && k + G <= end && !Lemire8(words + k, m, t, hi)) {
      for (size_t l = 0; l < G; l++) store(out, i + l, hi[l], base);
      i += G;
      k += G;
    }
    // A group with a rejection (or the last, short one): value by value.
    const size_t stop = i + G < to ? i + G : to;
    for (; i < stop; i++) {
      size_t s = k;
      uint64_t x;
      do {
        if (s == end) {
          place.word = k;
          place.value = i;
          return;
        }
        x = static_cast<uint64_t>(words[s++]) * m;
      } while (static_cast<uint32_t>(x) < t);
      store(out, i, static_cast<uint32_t>(x >> 32), base);
      k = s;
    }
  }
  place.word = k;
  place.value = i;
}

void Bounded32Impl(const uint32_t* words, size_t end, uint32_t m, uint32_t t, double base, Element type, void* out, size_t to,
                   DrawPlace& place) {
  const uint32_t baseBits = static_cast<uint32_t>(static_cast<int64_t>(base));
  switch (type) {
    case kInt8:
    case kUint8:
      return Bounded32Typed(words, end, m, t, base, baseBits, static_cast<uint8_t*>(out), to, place);
    case kInt16:
    case kUint16:
      return Bounded32Typed(words, end, m, t, base, baseBits, static_cast<uint16_t*>(out), to, place);
    case kInt32:
    case kUint32:
      return Bounded32Typed(words, end, m, t, base, baseBits, static_cast<uint32_t*>(out), to, place);
    case kFloat64:
      return Bounded32Typed(words, end, m, t, base, baseBits, static_cast<double*>(out), to, place);
    case kFloat32:
    case kWide64:
      return;
  }
}

// Fisher–Yates from the end (src/draws/shuffle.ts shuffleFrom): for i = place.value down to `first`,
// swap a[i] and a[j], j = Lemire's integer in [0, i + 1) from words[place.word …]. The j of the next
// steps depend on the words and i only, not on the array, so they are drawn a batch ahead and their
// elements prefetched: the swaps of a large array then wait on several cache misses at once instead
// of one after another. Stops, as Bounded32Typed does, before a step whose words run out.
template <class T>
void ShuffleTyped(const uint32_t* words, size_t end, T* a, uint64_t first, DrawPlace& place) {
  constexpr size_t B = 32;
  uint32_t js[B];
  size_t k = place.word;
  uint64_t i = place.value;
  while (i >= first) {
    const uint64_t steps = i - first + 1 < B ? i - first + 1 : B;
    size_t s = k;
    size_t drawn = 0;
    size_t after = k;  // the word after the last step drawn
    for (; drawn < steps; drawn++) {
      const uint64_t m = i - drawn + 1;
      if (s == end) break;
      uint64_t x = static_cast<uint64_t>(words[s++]) * m;
      if (static_cast<uint32_t>(x) < m) {
        // The threshold only when the low half is below m, which bounds it (Lemire's trick).
        const uint32_t t = static_cast<uint32_t>((uint64_t{1} << 32) - m) % m;
        bool out = false;
        while (static_cast<uint32_t>(x) < t) {
          if (s == end) {
            out = true;
            break;
          }
          x = static_cast<uint64_t>(words[s++]) * m;
        }
        if (out) break;
      }
      js[drawn] = static_cast<uint32_t>(x >> 32);
      after = s;
      __builtin_prefetch(a + js[drawn], 1);
    }
    for (size_t d = 0; d < drawn; d++, i--) {
      const T v = a[i];
      a[i] = a[js[d]];
      a[js[d]] = v;
    }
    k = after;
    if (drawn < steps) break;
  }
  place.word = k;
  place.value = i;
}

void ShuffleImpl(const uint32_t* words, size_t end, size_t elementBytes, void* array, uint64_t first, DrawPlace& place) {
  switch (elementBytes) {
    case 1:
      return ShuffleTyped(words, end, static_cast<uint8_t*>(array), first, place);
    case 2:
      return ShuffleTyped(words, end, static_cast<uint16_t*>(array), first, place);
    case 4:
      return ShuffleTyped(words, end, static_cast<uint32_t*>(array), first, place);
    case 8:
      return ShuffleTyped(words, end, static_cast<uint64_t*>(array), first, place);
    default:
      return;
  }
}

// curandGeneratePoisson's table methods (src/distributions/poisson.ts), over one word per value. Both
// read u = (x + 1)·2^-32, cuRAND's double uniform in (0, 1] (exact: x + 1 <= 2^32 converts exactly
// and the scaling is by a power of two); the square histogram of MT19937 reads its own uniform, the
// cell centre (x + 0.5)·2^-32 (offset 0.5, as exact).

// The square histogram: j = ⌊cells·u⌋ (the product rounded to double, as in the TypeScript, then
// truncated: 0 <= cells·u <= cells), out = shift + (u < threshold[j] ? j : alias[j]). u = 1 gives
// j = cells, the spare entry the caller's tables hold (poisson-tables.ts).
inline uint32_t PoissonHistogramOne(uint32_t x, uint32_t shift, double cells, const double* threshold, const int32_t* alias, double offset) {
  const double u = (static_cast<double>(x) + offset) * 0x1p-32;
  const int32_t j = static_cast<int32_t>(cells * u);
  return shift + static_cast<uint32_t>(u < threshold[j] ? j : alias[j]);
}

#if defined(__AVX2__)
// Four values: the uint32 words to double through the signed conversion (x − 2^31, then + 2^31, both
// exact), the table entries by gathers, the choice by a blend of the comparison's low halves.
inline __m128i PoissonHistogram4(__m128i x, __m256d cells, __m128i shift, const double* threshold, const int32_t* alias, __m256d offset) {
  const __m256d xd = _mm256_add_pd(_mm256_cvtepi32_pd(_mm_xor_si128(x, _mm_set1_epi32(INT32_MIN))), _mm256_set1_pd(2147483648.0));
  const __m256d u = _mm256_mul_pd(_mm256_add_pd(xd, offset), _mm256_set1_pd(0x1p-32));
  const __m128i j = _mm256_cvttpd_epi32(_mm256_mul_pd(cells, u));
  // The masked gather from zeros: GCC 12 warns about the undefined source of the plain one.
  const __m256d all = _mm256_castsi256_pd(_mm256_set1_epi64x(-1));
  const __m256d below = _mm256_cmp_pd(u, _mm256_mask_i32gather_pd(_mm256_setzero_pd(), threshold, j, all, 8), _CMP_LT_OQ);
  // Each 64-bit all-ones or zero lane to 32 bits: the even 32-bit halves, in order.
  const __m128i pick = _mm256_castsi256_si128(_mm256_permutevar8x32_epi32(_mm256_castpd_si256(below), _mm256_setr_epi32(0, 2, 4, 6, 0, 2, 4, 6)));
  const __m128i aliases = _mm_mask_i32gather_epi32(_mm_setzero_si128(), alias, j, _mm_set1_epi32(-1), 4);
  return _mm_add_epi32(shift, _mm_blendv_epi8(aliases, j, pick));
}
#endif

void PoissonHistogramImpl(const uint32_t* words, size_t count, uint32_t shift, uint32_t cells, const double* threshold, const int32_t* alias,
                          double offset, uint32_t* out) {
  const double cellsDouble = static_cast<double>(cells);
  size_t k = 0;
#if defined(__AVX2__)
  const __m256d cellsVector = _mm256_set1_pd(cellsDouble);
  const __m128i shiftVector = _mm_set1_epi32(static_cast<int>(shift));
  const __m256d offsetVector = _mm256_set1_pd(offset);
  for (; k + 8 <= count; k += 8) {
    const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(words + k));
    const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(words + k + 4));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out + k), PoissonHistogram4(a, cellsVector, shiftVector, threshold, alias, offsetVector));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out + k + 4), PoissonHistogram4(b, cellsVector, shiftVector, threshold, alias, offsetVector));
  }
#endif
  for (; k < count; k++) out[k] = PoissonHistogramOne(words[k], shift, cellsDouble, threshold, alias, offset);
}

// The cumulative table: shift + the first i in [0, last) with cdf[i] >= u, else last (last = length
// − 1), which is what the TypeScript's binary search finds, cdf being non-decreasing (running sums
// of non-negative terms). Counted here as the entries below u, halving a window whose length depends
// on `last` only, so that the steps have no branches to mispredict; eight values side by side give
// the memory system several loads at once.
void PoissonCumulativeImpl(const uint32_t* words, size_t count, uint32_t shift, const double* cdf, size_t length, uint32_t* out) {
  constexpr size_t G = 8;
  const size_t last = length - 1;
  for (size_t k = 0; k < count; k += G) {
    const size_t lanes = count - k < G ? count - k : G;
    double u[G];
    size_t lo[G];
    for (size_t l = 0; l < lanes; l++) {
      u[l] = (static_cast<double>(words[k + l]) + 1.0) * 0x1p-32;
      lo[l] = 0;
    }
    // Entries in [lo, lo + len) below u are still uncounted; a half found below u in its last entry
    // is below u throughout and counted, otherwise the window keeps len − half entries from lo, the
    // extra ones all >= u (the table is non-decreasing), which leaves the count unchanged.
    size_t len = last;
    while (len > 1) {
      const size_t half = len / 2;
      for (size_t l = 0; l < lanes; l++) lo[l] += cdf[lo[l] + half - 1] < u[l] ? half : 0;
      len -= half;
    }
    for (size_t l = 0; l < lanes; l++) out[k + l] = shift + static_cast<uint32_t>(lo[l] + (len == 1 && cdf[lo[l]] < u[l] ? 1 : 0));
  }
}

constexpr DrawFunctions kDrawFunctions = {UnitDoublesImpl, UnitFloatsImpl, BernoulliImpl, Bounded32Impl, ShuffleImpl, PoissonHistogramImpl,
                                          PoissonCumulativeImpl};

}  // namespace
}  // namespace kernels
