// The AVX-512 kernels: Philox 16 slots per group, MTGP32 16 steps, XORWOW and MRG32k3a 16 threads and
// MT19937 16 words (two streams) of a row at a time (compiled with -mavx512f -mfma; run only where
// cpu_kernels.cc detected AVX-512F and FMA).
// GCC 12's AVX-512 intrinsic headers trip -Wmaybe-uninitialized on their own _mm512_undefined_*
// placeholders (GCC bug 105593, fixed in GCC 13).
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#include <immintrin.h>

#include "mt19937_impl.h"
#include "mtgp32_impl.h"
#include "philox_impl.h"
#include "mrg32k3a_impl.h"
#include "xorwow_impl.h"

namespace kernels {
namespace {

struct Avx512 {
  static constexpr int N = 16;
  using R = __m512i;

  // Eight slots per register, each word in a 64-bit lane (philox_impl.h LaneRounds).
  static inline R Set64(uint64_t x) { return _mm512_set1_epi64(static_cast<long long>(x)); }
  static inline R Set32(uint32_t x) { return _mm512_set1_epi32(static_cast<int>(x)); }
  static inline R Mul(R a, R m) { return _mm512_mul_epu32(a, m); }
  // 0x96: a ^ b ^ c.
  static inline R HiXor(R p, R w, R k) { return _mm512_ternarylogic_epi32(_mm512_srli_epi64(p, 32), w, k, 0x96); }

  // Two sets (slots 0–7 and 8–15) side by side, their low halves in slot order.
  static inline void Blocks(uint32_t lo, uint32_t hi, uint32_t t, const uint32_t keys[10][2], R x[4]) {
    EvenBlocks<Avx512>(lo, hi, t, keys, x);
  }
  static inline R Evens(R a, R b) {
    return _mm512_permutex2var_epi32(a, _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30), b);
  }

  // uint32 and uniform: 32 slots per group (SlotOrderGroup; five sets spill registers, measured
  // slower). Interleave: a's low halves in the even 32-bit lanes, b's in the odd ones (vpshufd, merged).
  static constexpr int kSlotOrderSets = 4;
  static inline R Interleave(R a, R b) { return _mm512_mask_shuffle_epi32(a, 0xAAAA, b, _MM_PERM_CDAB); }
  static inline void StorePaired(R w01, R w23, unsigned char* dst) {
    _mm512_storeu_si512(dst, _mm512_unpacklo_epi64(w01, w23));
    _mm512_storeu_si512(dst + 64, _mm512_unpackhi_epi64(w01, w23));
  }

  // float(x) of each uint32 lane, rounded to nearest (as Math.fround).
  static inline R ToFloat(R x) { return _mm512_castps_si512(_mm512_cvtepu32_ps(x)); }

  // uniform: fround(x)·2^-32 is exact, so fusing it with + 2^-33 rounds exactly as the reference.
  static inline R Uniform(R x) {
    return _mm512_castps_si512(_mm512_fmadd_ps(_mm512_cvtepu32_ps(x), _mm512_set1_ps(0x1p-32f), _mm512_set1_ps(0x1p-33f)));
  }

  // MTGP32's 16-entry tables: one register, looked up by vpermd.
  using Table = R;
  static inline Table LoadTable(const uint32_t* t) { return _mm512_loadu_si512(t); }
  static inline R Lookup(Table t, R i) { return _mm512_permutexvar_epi32(i, t); }

  // Words base[i[l]] (MT19937's rows): one vpgatherdd.
  static inline R Gather(const uint32_t* base, R i) { return _mm512_i32gather_epi32(i, base, 4); }

  // Writes the 16 blocks (lane i of x[0..3] = block i) block by block, block i at dst + i·stride.
  static inline void Store(const R x[4], unsigned char* dst, size_t stride) {
    // u[j]'s 128-bit lane L holds block 4L + j.
    const R t0 = _mm512_unpacklo_epi32(x[0], x[1]);
    const R t1 = _mm512_unpackhi_epi32(x[0], x[1]);
    const R t2 = _mm512_unpacklo_epi32(x[2], x[3]);
    const R t3 = _mm512_unpackhi_epi32(x[2], x[3]);
    const R u[4] = {_mm512_unpacklo_epi64(t0, t2), _mm512_unpackhi_epi64(t0, t2), _mm512_unpacklo_epi64(t1, t3),
                    _mm512_unpackhi_epi64(t1, t3)};
    if (stride == 16) {
      // Reorder the 128-bit lanes: [b0 b4 b1 b5] … then [b0 b1 b2 b3] ….
      const R v0 = _mm512_shuffle_i64x2(u[0], u[1], 0x44);
      const R v1 = _mm512_shuffle_i64x2(u[2], u[3], 0x44);
      const R v2 = _mm512_shuffle_i64x2(u[0], u[1], 0xEE);
      const R v3 = _mm512_shuffle_i64x2(u[2], u[3], 0xEE);
      _mm512_storeu_si512(dst, _mm512_shuffle_i64x2(v0, v1, 0x88));
      _mm512_storeu_si512(dst + 64, _mm512_shuffle_i64x2(v0, v1, 0xDD));
      _mm512_storeu_si512(dst + 128, _mm512_shuffle_i64x2(v2, v3, 0x88));
      _mm512_storeu_si512(dst + 192, _mm512_shuffle_i64x2(v2, v3, 0xDD));
      return;
    }
    for (int j = 0; j < 4; j++) {
      _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + j * stride), _mm512_extracti32x4_epi32(u[j], 0));
      _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + (4 + j) * stride), _mm512_extracti32x4_epi32(u[j], 1));
      _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + (8 + j) * stride), _mm512_extracti32x4_epi32(u[j], 2));
      _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + (12 + j) * stride), _mm512_extracti32x4_epi32(u[j], 3));
    }
  }
};

}  // namespace

void PhiloxRunAvx512(const PhiloxParams& params, uint32_t t, uint64_t counter, uint64_t count, unsigned char* dst) {
  Run<Avx512>(params, t, counter, count, dst);
}

void ThreadSlotsRunAvx512(int generator, const PhiloxParams& params, int words, void* states, uint32_t threads, uint32_t first, uint64_t slots,
                          uint32_t from, uint32_t to, unsigned char* dst) {
  ThreadSlotsRun<Avx512, XorwowLanes, Mrg32k3aLanes>(generator, params, words, states, threads, first, slots, from, to, dst);
}

int Mtgp32RunAvx512(const PhiloxParams& params, uint32_t* ring, int idx, const uint32_t* set, uint32_t mask, unsigned char* dst, int take) {
  return Mtgp32Run<Avx512>(params, ring, idx, set, mask, dst, take);
}

void Mt19937RunAvx512(const PhiloxParams& params, uint32_t* states, int32_t* twists, const int32_t* order, uint64_t position, uint64_t n,
                   uint32_t from, uint32_t to, unsigned char* dst) {
  Mt19937Run<Avx512>(params, states, twists, order, position, n, from, to, dst);
}

}  // namespace kernels
