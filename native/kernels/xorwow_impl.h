// XORWOW's step and transforms for the slot-model kernel (thread_slots_impl.h): the 4096 threads of
// cuRAND's host layout side by side, one per lane, each state the xorshift words v0 … v4 and the Weyl
// counter d (src/engines/xorwow.ts writeThread). The outputs are Philox's transforms of the words
// (XORWOW shares them: docs/spec/curand-more-generators.md §1.6).
#pragma once

#include "thread_slots_impl.h"

namespace kernels {
namespace {

constexpr uint32_t kXorwowWeyl = 362437;

template <int N>
struct XorwowLanes {
  static constexpr int kGenerator = kXorwow;
  using Value = uint32_t;
  using Vec = typename V<N>::U32;
  using Word = Vec;

  // One xorwow step on every lane (s = v0 … v4, d): out = v4 + d.
  [[gnu::always_inline]] static inline void Step(Vec s[6], Word& out) {
    const Vec x = s[0] ^ (s[0] >> 2);
    s[0] = s[1];
    s[1] = s[2];
    s[2] = s[3];
    s[3] = s[4];
    s[4] = s[4] ^ (s[4] << 4) ^ x ^ (x << 1);
    s[5] += kXorwowWeyl;
    out = s[4] + s[5];
  }

  template <class Isa, int Op>
  [[gnu::always_inline]] static inline void Emit(const Word* w, int words, const PhiloxParams& p, unsigned char* to) {
    constexpr int D = N / 2;
    using R = typename Isa::R;
    if constexpr (Op == kWords) {
      EmitWords<N>(w, words, to);
    } else if constexpr (Op == kUniform) {
      const R f = Isa::Uniform(Cast<R>(w[0]));
      std::memcpy(to, &f, sizeof f);
    } else if constexpr (Op == kUniformDouble) {
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
    } else if constexpr (Op == kNormal || Op == kLogNormal) {
      // One Box–Muller pair per slot: the sin output first, then the cos output.
      R z0, z1;
      NormalPairs<Isa>(Cast<R>(w[0]), Cast<R>(w[1]), p, Op == kLogNormal, z0, z1);
      EmitFloatPairs<N>(Cast<typename V<N>::F32>(z0), Cast<typename V<N>::F32>(z1), to);
    } else {
      // Double pairs from 4 words per slot: the 53-bit uniforms of (w0, w1) and (w2, w3).
      for (int l = 0; l < N; l++) {
        BoxMullerDoubleOp<Op>(Uniform53(w[0][l], w[1][l]), 2 * Uniform53(w[2][l], w[3][l]), p, to + static_cast<size_t>(l) * 16);
      }
    }
  }
};

}  // namespace
}  // namespace kernels
