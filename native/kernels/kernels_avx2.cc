// The AVX2 kernels: Philox 8 slots per group, MTGP32 8 steps, XORWOW and MRG32k3a 8 threads and MT19937
// 8 words (a stream) of a row at a time, and the draws' loops, which AVX-512 CPUs run too (compiled
// with -mavx2 -mfma; run only where cpu_kernels.cc detected AVX2 and FMA).
#include <immintrin.h>

#include "draws_impl.h"
#include "mt19937_impl.h"
#include "mtgp32_impl.h"
#include "philox_impl.h"
#include "mrg32k3a_impl.h"
#include "xorwow_impl.h"

namespace kernels {
namespace {

struct Avx2 {
  static constexpr int N = 8;
  using R = __m256i;

  // Four slots per register, each word in a 64-bit lane (philox_impl.h LaneRounds).
  static inline R Set64(uint64_t x) { return _mm256_set1_epi64x(static_cast<long long>(x)); }
  static inline R Set32(uint32_t x) { return _mm256_set1_epi32(static_cast<int>(x)); }
  static inline R Mul(R a, R m) { return _mm256_mul_epu32(a, m); }
  static inline R HiXor(R p, R w, R k) { return _mm256_xor_si256(_mm256_xor_si256(_mm256_srli_epi64(p, 32), w), k); }

  // Two sets (slots 0–3 and 4–7) side by side, their low halves in slot order.
  static inline void Blocks(uint32_t lo, uint32_t hi, uint32_t t, const uint32_t keys[10][2], R x[4]) {
    EvenBlocks<Avx2>(lo, hi, t, keys, x);
  }

  // The low halves of a's and b's 64-bit lanes, in lane order: [a0 a1 a2 a3 b0 b1 b2 b3].
  static inline R Evens(R a, R b) {
    const __m256 mixed = _mm256_shuffle_ps(_mm256_castsi256_ps(a), _mm256_castsi256_ps(b), 0x88);  // a0 a1 b0 b1 | a2 a3 b2 b3
    return _mm256_permute4x64_epi64(_mm256_castps_si256(mixed), 0xD8);
  }

  // uint32 and uniform: 16 slots per group (SlotOrderGroup; the 16 words spill a few registers,
  // still faster). Interleave: a's low halves in the even 32-bit lanes, b's in the odd ones.
  static constexpr int kSlotOrderSets = 4;
  static inline R Interleave(R a, R b) { return _mm256_blend_epi32(a, _mm256_slli_epi64(b, 32), 0xAA); }
  static inline void StorePaired(R w01, R w23, unsigned char* dst) {
    _mm256_storeu_si256(reinterpret_cast<R*>(dst), _mm256_unpacklo_epi64(w01, w23));
    _mm256_storeu_si256(reinterpret_cast<R*>(dst + 32), _mm256_unpackhi_epi64(w01, w23));
  }

  // float(x) of each uint32 lane, rounded once to nearest (as Math.fround): both 16-bit halves
  // convert exactly and the one addition rounds.
  static inline R ToFloat(R x) {
    const __m256 hi = _mm256_cvtepi32_ps(_mm256_srli_epi32(x, 16));
    const __m256 lo = _mm256_cvtepi32_ps(_mm256_and_si256(x, _mm256_set1_epi32(0xffff)));
    return _mm256_castps_si256(_mm256_add_ps(_mm256_mul_ps(hi, _mm256_set1_ps(65536.0f)), lo));
  }

  // uniform: fround(x)·2^-32 is exact, so fusing it with + 2^-33 rounds exactly as the reference.
  static inline R Uniform(R x) {
    return _mm256_castps_si256(_mm256_fmadd_ps(_mm256_castsi256_ps(ToFloat(x)), _mm256_set1_ps(0x1p-32f), _mm256_set1_ps(0x1p-33f)));
  }

  // MTGP32's 16-entry tables: two registers of 8, bit 3 of the index picks one.
  struct Table {
    R lo;
    R hi;
  };
  static inline Table LoadTable(const uint32_t* t) {
    return {_mm256_loadu_si256(reinterpret_cast<const R*>(t)), _mm256_loadu_si256(reinterpret_cast<const R*>(t + 8))};
  }
  static inline R Lookup(const Table& t, R i) {
    const __m256 lo = _mm256_castsi256_ps(_mm256_permutevar8x32_epi32(t.lo, i));
    const __m256 hi = _mm256_castsi256_ps(_mm256_permutevar8x32_epi32(t.hi, i));
    return _mm256_castps_si256(_mm256_blendv_ps(lo, hi, _mm256_castsi256_ps(_mm256_slli_epi32(i, 28))));
  }

  // Words base[i[l]] (MT19937's rows): one vpgatherdd.
  static inline R Gather(const uint32_t* base, R i) { return _mm256_i32gather_epi32(reinterpret_cast<const int*>(base), i, 4); }

  // Writes the 8 blocks (lane i of x[0..3] = block i) block by block, block i at dst + i·stride.
  static inline void Store(const R x[4], unsigned char* dst, size_t stride) {
    // u[j]'s 128-bit lane L holds block 4L + j.
    const R t0 = _mm256_unpacklo_epi32(x[0], x[1]);
    const R t1 = _mm256_unpackhi_epi32(x[0], x[1]);
    const R t2 = _mm256_unpacklo_epi32(x[2], x[3]);
    const R t3 = _mm256_unpackhi_epi32(x[2], x[3]);
    const R u[4] = {_mm256_unpacklo_epi64(t0, t2), _mm256_unpackhi_epi64(t0, t2), _mm256_unpacklo_epi64(t1, t3),
                    _mm256_unpackhi_epi64(t1, t3)};
    if (stride == 16) {
      R* out = reinterpret_cast<R*>(dst);
      _mm256_storeu_si256(out, _mm256_permute2x128_si256(u[0], u[1], 0x20));
      _mm256_storeu_si256(out + 1, _mm256_permute2x128_si256(u[2], u[3], 0x20));
      _mm256_storeu_si256(out + 2, _mm256_permute2x128_si256(u[0], u[1], 0x31));
      _mm256_storeu_si256(out + 3, _mm256_permute2x128_si256(u[2], u[3], 0x31));
      return;
    }
    for (int j = 0; j < 4; j++) {
      _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + j * stride), _mm256_castsi256_si128(u[j]));
      _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + (4 + j) * stride), _mm256_extracti128_si256(u[j], 1));
    }
  }
};

}  // namespace

void PhiloxRunAvx2(const PhiloxParams& params, uint32_t t, uint64_t counter, uint64_t count, unsigned char* dst) {
  Run<Avx2>(params, t, counter, count, dst);
}

void ThreadSlotsRunAvx2(int generator, const PhiloxParams& params, int words, void* states, uint32_t threads, uint32_t first, uint64_t slots,
                        uint32_t from, uint32_t to, unsigned char* dst) {
  ThreadSlotsRun<Avx2, XorwowLanes, Mrg32k3aLanes>(generator, params, words, states, threads, first, slots, from, to, dst);
}

int Mtgp32RunAvx2(const PhiloxParams& params, uint32_t* ring, int idx, const uint32_t* set, uint32_t mask, unsigned char* dst, int take) {
  return Mtgp32Run<Avx2>(params, ring, idx, set, mask, dst, take);
}

void Mt19937RunAvx2(const PhiloxParams& params, uint32_t* states, int32_t* twists, const int32_t* order, uint64_t position, uint64_t n,
                   uint32_t from, uint32_t to, unsigned char* dst) {
  Mt19937Run<Avx2>(params, states, twists, order, position, n, from, to, dst);
}

const DrawFunctions kDrawsAvx2 = kDrawFunctions;

}  // namespace kernels
