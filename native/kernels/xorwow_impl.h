// The XORWOW kernel, written once over the same ISAs as the Philox one (kernels_*.cc include both):
// the 4096 independent threads of cuRAND's host layout side by side, one thread per lane.
// src/engines/xorwow.ts keeps the state model (which thread makes which slot, each thread's word
// position, seeding and skip-ahead); this runs a call's slots on the thread states the engine keeps
// (6 words each: the xorshift words v0 … v4 and the Weyl counter d), exactly as its writeThread() does,
// and applies Philox's transforms to the words (XORWOW shares them:
// docs/spec/curand-more-generators.md §1.6).
//
// The slot model (src/engines/slot-cursor.ts): slot g of a call belongs to lane j = g mod 4096, thread
// (first + j) mod 4096, and takes that thread's next `words` words. So round r of the call is slots
// r·4096 … r·4096 + 4095, lane j writes slot r·4096 + j, and the lanes j < slots mod 4096 run one
// round more than the others.
#pragma once

#include "philox_impl.h"

namespace kernels {
namespace {

constexpr uint32_t kXorwowWeyl = 362437;

// Lanes per chunk: their states go to a lane-major (SoA) copy for the chunk's whole call, so the hot
// loop loads and stores whole vectors.
constexpr uint32_t kXorwowChunk = 256;
// Rounds a lane group runs with its state in registers before the next group takes over: enough to
// pay for the loads and stores, few enough for the chunk's outputs to stay in L1/L2 meanwhile.
constexpr uint64_t kXorwowRounds = 16;

// One xorwow step on every lane (src/engines/xorwow.ts writeThread): returns v4 + d.
template <class U>
inline U XorwowStep(U v[5], U& d) {
  const U x = v[0] ^ (v[0] >> 2);
  v[0] = v[1];
  v[1] = v[2];
  v[2] = v[3];
  v[3] = v[4];
  v[4] = v[4] ^ (v[4] << 4) ^ x ^ (x << 1);
  d += kXorwowWeyl;
  return v[4] + d;
}

// The outputs of N consecutive slots (one per lane) from their words w[0 … words−1] (w[k]: word k of
// every lane's slot), written from `to` in slot order.
template <class Isa, int Op>
inline void XorwowEmit(const typename V<Isa::N>::U32* w, int words, const PhiloxParams& p, unsigned char* to) {
  constexpr int N = Isa::N;
  constexpr int D = N / 2;
  using U = typename V<N>::U32;
  using R = typename Isa::R;
  if (Op == kWords) {
    if (words == 1) {
      std::memcpy(to, &w[0], sizeof(U));
      return;
    }
    uint32_t slot[4];
    for (int l = 0; l < N; l++) {
      for (int k = 0; k < words; k++) slot[k] = w[k][l];
      std::memcpy(to + static_cast<size_t>(l) * 4 * words, slot, 4 * static_cast<size_t>(words));
    }
  } else if (Op == kUniform) {
    const R f = Isa::Uniform(Cast<R>(w[0]));
    std::memcpy(to, &f, sizeof f);
  } else if (Op == kUniformDouble) {
    // uniformDouble53(x, y) with x the slot's first word, as UniformDouble53InPlace.
    using U64 = typename V<D>::U64;
    using F64 = typename V<D>::F64;
    typename V<D>::U32 xs[2], ys[2];
    Split(w[0], xs[0], xs[1]);
    Split(w[1], ys[0], ys[1]);
    for (int h = 0; h < 2; h++) {
      const U64 z = __builtin_convertvector(xs[h], U64) ^ (__builtin_convertvector(ys[h], U64) << 21);
      const F64 lo = Cast<F64>((z & 0xffffffffu) | 0x4330000000000000u) - 0x1p52;
      const F64 hi = Cast<F64>((z >> 32) | 0x4530000000000000u) - 0x1p84;
      const F64 d = (hi + lo) * 0x1p-53 + 0x1p-54;
      std::memcpy(to + h * sizeof d, &d, sizeof d);
    }
  } else if (Op == kNormal || Op == kLogNormal) {
    // One Box–Muller pair per slot: the sin output first, then the cos output.
    R z0, z1;
    NormalPairs<Isa>(Cast<R>(w[0]), Cast<R>(w[1]), p, Op == kLogNormal, z0, z1);
    const typename V<N>::F32 a = Cast<typename V<N>::F32>(z0);
    const typename V<N>::F32 b = Cast<typename V<N>::F32>(z1);
    float pairs[2 * N];
    for (int l = 0; l < N; l++) {
      pairs[2 * l] = a[l];
      pairs[2 * l + 1] = b[l];
    }
    std::memcpy(to, pairs, sizeof pairs);
  } else {
    // Double pairs from 4 words per slot, in scalar double math (its tables do not vectorise).
    const bool logNormal = Op == kLogNormalDoubleFma || Op == kLogNormalDoubleSse2;
    double pair[2];
    for (int l = 0; l < N; l++) {
      const uint32_t slot[4] = {w[0][l], w[1][l], w[2][l], w[3][l]};
      if (Op <= kLogNormalDoubleFma) {
        NormalDoublePair<true>(slot, p, logNormal, pair);
      } else {
        NormalDoublePair<false>(slot, p, logNormal, pair);
      }
      std::memcpy(to + static_cast<size_t>(l) * sizeof pair, pair, sizeof pair);
    }
  }
}

// Lanes [from, to) of a call of `slots` slots whose lane 0 is thread `first`, on `threads` thread
// states (`states`, 6 words each, moved on); slot g's outputs at dst + g·XorwowSlotBytes(op, words).
// from is a multiple of N; to is a multiple of N or the call's last lane + 1.
template <class Isa, int Op>
void XorwowLanes(const PhiloxParams& p, int words, uint32_t* states, uint32_t threads, uint32_t first, uint64_t slots,
                 uint32_t from, uint32_t to, unsigned char* dst) {
  constexpr int N = Isa::N;
  using U = typename V<N>::U32;
  const int sw = XorwowSlotWords(Op, words);
  const size_t bytes = XorwowSlotBytes(Op, words);
  const uint64_t rounds = slots / threads;     // rounds every lane runs
  const uint64_t rest = slots % threads;       // lanes j < rest run one more
  const size_t roundBytes = static_cast<size_t>(threads) * bytes;
  // The chunk's states lane-major: soa[w·kXorwowChunk + i] = word w of lane from + i.
  alignas(64) uint32_t soa[kXorwowStateWords * kXorwowChunk];
  alignas(64) unsigned char partial[N * 16];
  for (uint32_t c = from; c < to; c += kXorwowChunk) {
    const uint32_t end = std::min(to, c + kXorwowChunk);
    const uint32_t lanes = end - c;
    for (uint32_t i = 0; i < lanes; i++) {
      const uint32_t t = (first + c + i) % threads;
      for (int k = 0; k < kXorwowStateWords; k++) soa[k * kXorwowChunk + i] = states[t * kXorwowStateWords + k];
    }
    const auto load = [&](uint32_t i, U v[5], U& d) {
      for (int k = 0; k < 5; k++) std::memcpy(&v[k], soa + k * kXorwowChunk + i, sizeof(U));
      std::memcpy(&d, soa + 5 * kXorwowChunk + i, sizeof(U));
    };
    const auto save = [&](uint32_t i, const U v[5], const U& d) {
      for (int k = 0; k < 5; k++) std::memcpy(soa + k * kXorwowChunk + i, &v[k], sizeof(U));
      std::memcpy(soa + 5 * kXorwowChunk + i, &d, sizeof(U));
    };
    // The rounds every lane runs: lane groups of N, kXorwowRounds rounds at a time. A chunk past
    // `rest` only occurs with rounds ≥ 1, when every lane exists (lanes = N multiples).
    for (uint64_t r0 = 0; r0 < rounds; r0 += kXorwowRounds) {
      const uint64_t r1 = std::min(rounds, r0 + kXorwowRounds);
      for (uint32_t i = 0; i + N <= lanes; i += N) {
        U v[5], d;
        load(i, v, d);
        unsigned char* at = dst + (r0 * threads + c + i) * bytes;
        for (uint64_t r = r0; r < r1; r++, at += roundBytes) {
          U w[4];
          for (int k = 0; k < sw; k++) w[k] = XorwowStep(v, d);
          XorwowEmit<Isa, Op>(w, words, p, at);
        }
        save(i, v, d);
      }
    }
    // The last, partial round: lanes j < rest, a prefix of the chunk's groups; the group it ends
    // inside is computed whole aside and only its first lanes are kept (outputs and states).
    const uint64_t tail = rest > c ? std::min<uint64_t>(rest - c, lanes) : 0;
    for (uint32_t i = 0; i < tail; i += N) {
      const uint32_t keep = static_cast<uint32_t>(std::min<uint64_t>(N, tail - i));
      U v[5], d;
      load(i, v, d);
      U w[4];
      for (int k = 0; k < sw; k++) w[k] = XorwowStep(v, d);
      unsigned char* at = dst + (rounds * threads + c + i) * bytes;
      if (keep == static_cast<uint32_t>(N)) {
        XorwowEmit<Isa, Op>(w, words, p, at);
        save(i, v, d);
        continue;
      }
      XorwowEmit<Isa, Op>(w, words, p, partial);
      std::memcpy(at, partial, keep * bytes);
      U old[5], oldD;
      load(i, old, oldD);
      for (uint32_t l = 0; l < keep; l++) {
        for (int k = 0; k < 5; k++) old[k][l] = v[k][l];
        oldD[l] = d[l];
      }
      save(i, old, oldD);
    }
    for (uint32_t i = 0; i < lanes; i++) {
      const uint32_t t = (first + c + i) % threads;
      for (int k = 0; k < kXorwowStateWords; k++) states[t * kXorwowStateWords + k] = soa[k * kXorwowChunk + i];
    }
  }
}

template <class Isa>
void XorwowRun(const PhiloxParams& p, int words, uint32_t* states, uint32_t threads, uint32_t first, uint64_t slots, uint32_t from,
               uint32_t to, unsigned char* dst) {
  WithOp(p.op, [&](auto op) { XorwowLanes<Isa, decltype(op)::value>(p, words, states, threads, first, slots, from, to, dst); });
}

}  // namespace
}  // namespace kernels
