// The MTGP32 kernel, written once over the same ISAs as the Philox one (kernels_*.cc include both):
// N consecutive steps of one block at a time. src/engines/mtgp32.ts keeps the state model (which block
// makes which chunk of the output, when a block is seeded); this runs a call's chunks on the rings
// the engine keeps, exactly as its step() does.
//
// Why N steps at once are exact: step i reads ring[i], ring[i+1], ring[i+pos−1], ring[i+pos] and
// writes ring[i+351]; with pos <= 93 in every parameter set, a value written is read no sooner than
// 351 − 93 = 258 steps later, so any 256 consecutive steps depend only on the ring as it was before
// them (which is also why cuRAND runs 256 threads per block).
#pragma once

#include "philox_impl.h"

namespace kernels {
namespace {

constexpr int kMtgpRing = 1024;  // the ring the engine keeps each block's 351 live words in
constexpr int kMtgpN = 351;

// Lanes [at, at + L) of the ring (indices mod 1024).
template <class U>
inline U RingLoad(const uint32_t* ring, int at) {
  constexpr int L = sizeof(U) / 4;
  at &= kMtgpRing - 1;
  U v;
  if (at + L <= kMtgpRing) {
    std::memcpy(&v, ring + at, sizeof v);
  } else {
    for (int l = 0; l < L; l++) v[l] = ring[(at + l) & (kMtgpRing - 1)];
  }
  return v;
}

template <class U>
inline void RingStore(uint32_t* ring, int at, const U& v) {
  constexpr int L = sizeof(U) / 4;
  at &= kMtgpRing - 1;
  if (at + L <= kMtgpRing) {
    std::memcpy(ring + at, &v, sizeof v);
  } else {
    for (int l = 0; l < L; l++) ring[(at + l) & (kMtgpRing - 1)] = v[l];
  }
}

// One step, as src/engines/mtgp32.ts step(): the recursion with the shared mask, then tempering.
inline uint32_t Mtgp32Step(uint32_t* ring, int i, const uint32_t* set, uint32_t mask) {
  const int pos = static_cast<int>(set[0]);
  uint32_t x = (ring[i & (kMtgpRing - 1)] & mask) ^ ring[(i + 1) & (kMtgpRing - 1)];
  x ^= x << set[1];
  const uint32_t y = x ^ (ring[(i + pos) & (kMtgpRing - 1)] >> set[2]);
  const uint32_t r = y ^ set[3 + (y & 15)];
  ring[(i + kMtgpN) & (kMtgpRing - 1)] = r;
  uint32_t t = ring[(i + pos - 1) & (kMtgpRing - 1)];
  t ^= t >> 16;
  t ^= t >> 8;
  return r ^ set[19 + (t & 15)];
}

// The MTGP32 transforms of one word (src/distributions/table.ts, mtgp32): raw, the float uniform,
// and the one-word double x·2^-32 + 2^-32 (exact in double).
template <int Op>
inline void Mtgp32Emit(uint32_t w, unsigned char* at) {
  if (Op == kWords) {
    std::memcpy(at, &w, 4);
  } else if (Op == kUniform) {
    const float f = static_cast<float>(w) * 0x1p-32f + 0x1p-33f;
    std::memcpy(at, &f, 4);
  } else {
    const double d = static_cast<double>(w) * 0x1p-32 + 0x1p-32;
    std::memcpy(at, &d, 8);
  }
}

// `take` steps of one block from ring index idx, outputs to dst (4 or 8 bytes each); returns the
// new ring index.
template <class Isa, int Op>
int Mtgp32Chunk(uint32_t* ring, int idx, const uint32_t* set, uint32_t mask, unsigned char* dst, int take) {
  constexpr int N = Isa::N;
  constexpr int D = N / 2;
  using U = typename V<N>::U32;
  using R = typename Isa::R;
  constexpr size_t bytes = Op == kUniformDouble ? 8 : 4;
  const int pos = static_cast<int>(set[0]);
  const uint32_t sh1 = set[1];
  const uint32_t sh2 = set[2];
  const typename Isa::Table tbl = Isa::LoadTable(set + 3);
  const typename Isa::Table tmp = Isa::LoadTable(set + 19);
  int i = 0;
  for (; i + N <= take; i += N) {
    const int at = idx + i;
    U x = (RingLoad<U>(ring, at) & mask) ^ RingLoad<U>(ring, at + 1);
    x ^= x << sh1;
    const U y = x ^ (RingLoad<U>(ring, at + pos) >> sh2);
    const U r = y ^ Cast<U>(Isa::Lookup(tbl, Cast<R>(y & 15)));
    RingStore(ring, at + kMtgpN, r);
    U t = RingLoad<U>(ring, at + pos - 1);
    t ^= t >> 16;
    t ^= t >> 8;
    const U out = r ^ Cast<U>(Isa::Lookup(tmp, Cast<R>(t & 15)));
    unsigned char* to = dst + static_cast<size_t>(i) * bytes;
    if (Op == kWords) {
      std::memcpy(to, &out, sizeof out);
    } else if (Op == kUniform) {
      const R f = Isa::Uniform(Cast<R>(out));
      std::memcpy(to, &f, sizeof f);
    } else {
      // x·2^-32 + 2^-32 = (x + 1)·2^-32, exact; x converts exactly through the 2^52 exponent pattern.
      using U64 = typename V<D>::U64;
      using F64 = typename V<D>::F64;
      typename V<D>::U32 lo, hi;
      Split(out, lo, hi);
      for (const auto& half : {lo, hi}) {
        const F64 d = (Cast<F64>(__builtin_convertvector(half, U64) | 0x4330000000000000u) - 0x1p52) * 0x1p-32 + 0x1p-32;
        std::memcpy(to, &d, sizeof d);
        to += sizeof d;
      }
    }
  }
  for (; i < take; i++) Mtgp32Emit<Op>(Mtgp32Step(ring, idx + i, set, mask), dst + static_cast<size_t>(i) * bytes);
  return (idx + take) & (kMtgpRing - 1);
}

template <class Isa>
int Mtgp32Run(int op, uint32_t* ring, int idx, const uint32_t* set, uint32_t mask, unsigned char* dst, int take) {
  switch (op) {
    case kWords:
      return Mtgp32Chunk<Isa, kWords>(ring, idx, set, mask, dst, take);
    case kUniform:
      return Mtgp32Chunk<Isa, kUniform>(ring, idx, set, mask, dst, take);
    default:
      return Mtgp32Chunk<Isa, kUniformDouble>(ring, idx, set, mask, dst, take);
  }
}

}  // namespace
}  // namespace kernels
