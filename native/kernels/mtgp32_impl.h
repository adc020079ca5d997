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

#include "inverse_cdf.h"
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

// The MTGP32 outputs of N words (src/distributions/table.ts, mtgp32): raw, the float uniform, the
// one-word double x·2^-32 + 2^-32 (exact in double), and the inverse-CDF normals (inverse_cdf.h).
template <class Isa, int Op>
inline void Mtgp32Emit(typename V<Isa::N>::U32 w, const PhiloxParams& p, unsigned char* to) {
  constexpr int D = Isa::N / 2;
  using R = typename Isa::R;
  if (Op == kWords) {
    std::memcpy(to, &w, sizeof w);
  } else if (Op == kUniform) {
    const R f = Isa::Uniform(Cast<R>(w));
    std::memcpy(to, &f, sizeof f);
  } else if (Op == kUniformDouble) {
    // x·2^-32 + 2^-32 = (x + 1)·2^-32, exact; x converts exactly through the 2^52 exponent pattern.
    using U64 = typename V<D>::U64;
    using F64 = typename V<D>::F64;
    typename V<D>::U32 lo, hi;
    Split(w, lo, hi);
    for (const auto& half : {lo, hi}) {
      const F64 d = (Cast<F64>(__builtin_convertvector(half, U64) | 0x4330000000000000u) - 0x1p52) * 0x1p-32 + 0x1p-32;
      std::memcpy(to, &d, sizeof d);
      to += sizeof d;
    }
  } else {
    InverseCdfEmit<Isa, Op>(w, p, to);
  }
}

// `take` steps of one block from ring index idx, outputs to dst (WordOutputBytes(Op) each); returns
// the new ring index.
template <class Isa, int Op>
int Mtgp32Chunk(const PhiloxParams& p, uint32_t* ring, int idx, const uint32_t* set, uint32_t mask, unsigned char* dst, int take) {
  constexpr int N = Isa::N;
  using U = typename V<N>::U32;
  using R = typename Isa::R;
  const size_t bytes = WordOutputBytes(Op);
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
    Mtgp32Emit<Isa, Op>(r ^ Cast<U>(Isa::Lookup(tmp, Cast<R>(t & 15))), p, dst + static_cast<size_t>(i) * bytes);
  }
  if (i < take) {
    // The last steps one by one, their outputs computed as one vector aside (the caller's array ends).
    U w{};
    for (int l = 0; i + l < take; l++) w[l] = Mtgp32Step(ring, idx + i + l, set, mask);
    alignas(64) unsigned char last[N * 8];
    Mtgp32Emit<Isa, Op>(w, p, last);
    std::memcpy(dst + static_cast<size_t>(i) * bytes, last, static_cast<size_t>(take - i) * bytes);
  }
  return (idx + take) & (kMtgpRing - 1);
}

template <class Isa>
int Mtgp32Run(const PhiloxParams& p, uint32_t* ring, int idx, const uint32_t* set, uint32_t mask, unsigned char* dst, int take) {
  int next = idx;
  WithOp(p.op, [&](auto op) { next = Mtgp32Chunk<Isa, decltype(op)::value>(p, ring, idx, set, mask, dst, take); });
  return next;
}

}  // namespace
}  // namespace kernels
