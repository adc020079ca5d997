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
      // uniformDouble53(x, y) with x the slot's first word.
      typename V<D>::U32 xs[2], ys[2];
      Split(w[0], xs[0], xs[1]);
      Split(w[1], ys[0], ys[1]);
      for (int h = 0; h < 2; h++) {
        const typename V<D>::F64 d = Uniform53Lanes<D>(xs[h], ys[h]);
        std::memcpy(to + h * sizeof d, &d, sizeof d);
      }
    } else if constexpr (Op == kNormal || Op == kLogNormal) {
      // One Box–Muller pair per slot: the sin output first, then the cos output.
      R z0, z1;
      NormalPairs<Isa>(Cast<R>(w[0]), Cast<R>(w[1]), p, Op == kLogNormal, z0, z1);
      EmitFloatPairs<N>(Cast<typename V<N>::F32>(z0), Cast<typename V<N>::F32>(z1), to);
    } else {
      // Double pairs from 4 words per slot: u and v/2 are the 53-bit uniforms of (w0, w1) and (w2, w3).
      typename V<D>::U32 h[4][2];
      for (int k = 0; k < 4; k++) Split(w[k], h[k][0], h[k][1]);
      for (int half = 0; half < 2; half++) {
        BoxMullerDoubleOp<Op>(Uniform53Lanes<D>(h[0][half], h[1][half]), 2.0 * Uniform53Lanes<D>(h[2][half], h[3][half]), p,
                              to + static_cast<size_t>(half) * D * 16);
      }
    }
  }
};

}  // namespace
}  // namespace kernels
