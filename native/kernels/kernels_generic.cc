// The portable kernels: Philox 4 slots per group, MTGP32 4 steps, XORWOW and MRG32k3a 4 threads and
// MT19937 4 words of a row at a time, in GCC vector types compiled for the target's baseline (SSE2 on
// x86-64, NEON on arm64), and the draws' loops: the fallback where neither AVX2 nor AVX-512 runs.
#include "draws_impl.h"
#include "mt19937_impl.h"
#include "mtgp32_impl.h"
#include "philox_impl.h"
#include "mrg32k3a_impl.h"
#include "xorwow_impl.h"

namespace kernels {
namespace {

struct Generic {
  static constexpr int N = 4;
  typedef uint32_t R __attribute__((vector_size(16)));
  typedef uint64_t Wide __attribute__((vector_size(32)));
  // No slot-order path (philox_impl.h SlotOrderGroup): Store writes slot by slot already.
  static constexpr int kSlotOrderSets = 0;

  static inline void Blocks(uint32_t lo, uint32_t hi, uint32_t t, const uint32_t keys[10][2], R x[4]) {
    R x0 = R{} + lo;
    R x1 = R{} + hi;
    R x2 = R{0, 1, 2, 3} + t;
    R x3 = R{};
    for (int r = 0; r < 10; r++) {
      const Wide p0 = __builtin_convertvector(x0, Wide) * static_cast<uint64_t>(kM0);
      const Wide p1 = __builtin_convertvector(x2, Wide) * static_cast<uint64_t>(kM1);
      x0 = __builtin_convertvector(p1 >> 32, R) ^ x1 ^ keys[r][0];
      x1 = __builtin_convertvector(p1, R);
      x2 = __builtin_convertvector(p0 >> 32, R) ^ x3 ^ keys[r][1];
      x3 = __builtin_convertvector(p0, R);
    }
    x[0] = x0;
    x[1] = x1;
    x[2] = x2;
    x[3] = x3;
  }

  // float(x) of each uint32 lane, rounded to nearest (as Math.fround).
  static inline R ToFloat(R x) { return Cast<R>(U32ToFloat<N>(x)); }

  // uniform (src/distributions/uniform.ts uniformFloat): fround(fround(x)·2^-32 + 2^-33).
  static inline R Uniform(R x) { return Cast<R>(U32ToFloat<N>(x) * 0x1p-32f + 0x1p-33f); }

  // MTGP32's 16-entry tables, looked up lane by lane.
  struct Table {
    const uint32_t* entries;
  };
  static inline Table LoadTable(const uint32_t* t) { return {t}; }
  static inline R Lookup(const Table& t, R i) {
    R r;
    for (int l = 0; l < N; l++) r[l] = t.entries[i[l]];
    return r;
  }

  // Words base[i[l]] lane by lane (MT19937's rows).
  static inline R Gather(const uint32_t* base, R i) {
    R r;
    for (int l = 0; l < N; l++) r[l] = base[i[l]];
    return r;
  }

  static inline void Store(const R x[4], unsigned char* dst, size_t stride) {
    for (int b = 0; b < N; b++) {
      const uint32_t block[4] = {x[0][b], x[1][b], x[2][b], x[3][b]};
      std::memcpy(dst + b * stride, block, sizeof block);
    }
  }
};

}  // namespace

void PhiloxRunGeneric(const PhiloxParams& params, uint32_t t, uint64_t counter, uint64_t count, unsigned char* dst) {
  Run<Generic>(params, t, counter, count, dst);
}

void ThreadSlotsRunGeneric(int generator, const PhiloxParams& params, int words, void* states, uint32_t threads, uint32_t first, uint64_t slots,
                           uint32_t from, uint32_t to, unsigned char* dst) {
  ThreadSlotsRun<Generic, XorwowLanes, Mrg32k3aLanes>(generator, params, words, states, threads, first, slots, from, to, dst);
}

int Mtgp32RunGeneric(const PhiloxParams& params, uint32_t* ring, int idx, const uint32_t* set, uint32_t mask, unsigned char* dst, int take) {
  return Mtgp32Run<Generic>(params, ring, idx, set, mask, dst, take);
}

void Mt19937RunGeneric(const PhiloxParams& params, uint32_t* states, int32_t* twists, const int32_t* order, uint64_t position, uint64_t n,
                   uint32_t from, uint32_t to, unsigned char* dst) {
  Mt19937Run<Generic>(params, states, twists, order, position, n, from, to, dst);
}

const DrawFunctions kDrawsGeneric = kDrawFunctions;

}  // namespace kernels
