// The MT19937 kernel, written once over the same ISAs as the Philox one (kernels_*.cc include both):
// cuRAND's 8192 streams in its row layout. src/engines/mt19937.ts keeps the state model (seeding, the
// streams' set-up by jumps, which streams a call takes and from where, the row layout's position
// table); this twists, tempers and transforms the streams' words in place, exactly as its reference
// loop (mt19937RowsTs) does.
//
// Work order: streams in groups of kMtGroup, and for each group every row of the call. A group's
// windows (80 KiB) stay in cache over the rows while each row's part of the group is one contiguous
// run of output (8 words per stream); a stream is twisted where the call first reaches it in a block.
// A row's N consecutive words are gathered from the windows by the position table (two streams a
// vector on AVX-512, one on AVX2, half a stream in the portable build).
#pragma once

#include <algorithm>

#include "inverse_cdf.h"
#include "philox_impl.h"

namespace kernels {
namespace {

// MT19937 (Matsumoto & Nishimura, ACM TOMACS 8(1), 1998): src/engines/mt19937-core.ts.
constexpr int kMtM = 397;
constexpr uint32_t kMtMatrixA = 0x9908b0dfu;
constexpr uint32_t kMtUpper = 0x80000000u;
constexpr uint32_t kMtLower = 0x7fffffffu;
constexpr uint32_t kMtGroup = 32;

// One word of the twist from x_i, x_{i+1} and x_{i+397}, on scalars or vectors.
template <class U>
inline U MtTwistWord(U cur, U next, U far) {
  const U y = (cur & kMtUpper) | (next & kMtLower);
  return far ^ (y >> 1) ^ ((0u - (y & 1u)) & kMtMatrixA);
}

// The classic in-place twist of a 624-word window (mt19937-core.ts twist), N words at a time: words
// i < 227 read x_{i+397} before it is replaced, the later ones read x_{i−227} after (N <= 227), so each
// vector's inputs are those of the scalar order.
template <class Isa>
inline void MtTwist(uint32_t* mt) {
  constexpr int N = Isa::N;
  constexpr int kSplit = kMtStateWords - kMtM;
  using U = typename V<N>::U32;
  const auto load = [mt](int at) {
    U v;
    std::memcpy(&v, mt + at, sizeof v);
    return v;
  };
  int i = 0;
  for (; i + N <= kSplit; i += N) {
    const U w = MtTwistWord(load(i), load(i + 1), load(i + kMtM));
    std::memcpy(mt + i, &w, sizeof w);
  }
  for (; i < kSplit; i++) mt[i] = MtTwistWord(mt[i], mt[i + 1], mt[i + kMtM]);
  for (; i + N <= kMtStateWords - 1; i += N) {
    const U w = MtTwistWord(load(i), load(i + 1), load(i - kSplit));
    std::memcpy(mt + i, &w, sizeof w);
  }
  for (; i < kMtStateWords - 1; i++) mt[i] = MtTwistWord(mt[i], mt[i + 1], mt[i - kSplit]);
  mt[kMtStateWords - 1] = MtTwistWord(mt[kMtStateWords - 1], mt[0], mt[kMtM - 1]);
}

// MT19937's output tempering (mt19937-core.ts temper).
template <class U>
inline U MtTemper(U y) {
  y ^= y >> 11;
  y ^= (y << 7) & 0x9d2c5680u;
  y ^= (y << 15) & 0xefc60000u;
  return y ^ (y >> 18);
}

// The MT19937 outputs of N tempered words (src/distributions/table.ts, mt19937): raw; the float
// uniform fround(x·2^-32 + 2^-33), the exact double rounded once (§3.4: not MTGP32's two roundings);
// the double x·2^-32 + 2^-33 (exact); the inverse-CDF normals (inverse_cdf.h).
template <class Isa, int Op>
inline void Mt19937Emit(typename V<Isa::N>::U32 w, const PhiloxParams& p, unsigned char* to) {
  constexpr int D = Isa::N / 2;
  using F64 = typename V<D>::F64;
  if (Op == kWords) {
    std::memcpy(to, &w, sizeof w);
  } else if (Op == kUniform || Op == kUniformDouble) {
    typename V<D>::U32 halves[2];
    Split(w, halves[0], halves[1]);
    for (int h = 0; h < 2; h++) {
      const F64 d = (Cast<F64>(__builtin_convertvector(halves[h], typename V<D>::U64) | 0x4330000000000000u) - 0x1p52) * 0x1p-32 + 0x1p-33;
      if (Op == kUniform) {
        const typename V<D>::F32 f = __builtin_convertvector(d, typename V<D>::F32);
        std::memcpy(to + h * sizeof f, &f, sizeof f);
      } else {
        std::memcpy(to + h * sizeof d, &d, sizeof d);
      }
    }
  } else {
    InverseCdfEmit<Isa, Op>(w, p, to);
  }
}

// Streams [from, to) of the call (kernels.h Mt19937RunFn).
template <class Isa, int Op>
void Mt19937Streams(const PhiloxParams& p, uint32_t* states, int32_t* twists, const int32_t* order, uint64_t position, uint64_t n,
                    uint32_t from, uint32_t to, unsigned char* dst) {
  constexpr int N = Isa::N;
  // A gathered vector starts at a stream's first lane (N >= 8) or at lane 0 or 4 (N = 4).
  constexpr int A = N < kMtLanes ? N : kMtLanes;
  constexpr int kIdx = N < kMtLanes ? kMtLanes : N;
  using U = typename V<N>::U32;
  using R = typename Isa::R;
  const size_t bytes = WordOutputBytes(Op);
  const uint64_t end = position + n;
  const uint64_t lastRow = (end - 1) / kMtRow;
  alignas(64) unsigned char part[N * 8];
  for (uint32_t g0 = from; g0 < to; g0 += kMtGroup) {
    const uint32_t g1 = std::min(to, g0 + kMtGroup);
    for (uint64_t row = position / kMtRow; row <= lastRow; row++) {
      const uint64_t start = row * kMtRow;
      const uint64_t c0 = std::max(position, start + kMtLanes * g0) - start;
      const uint64_t c1 = std::min(end, start + kMtLanes * g1) - start;
      if (c0 >= c1) continue;
      const int32_t twisted = static_cast<int32_t>(row / kMtRowsPerBlock + 1);
      for (uint64_t k = c0 / kMtLanes; k < (c1 + kMtLanes - 1) / kMtLanes; k++) {
        for (; twists[k] < twisted; twists[k]++) MtTwist<Isa>(states + k * kMtStateWords);
      }
      const int32_t* lanes = order + (row % kMtRowsPerBlock) * kMtLanes;
      // idx[l]: where column (a stream's lane 0) + l lies, from the stream's window.
      alignas(64) int32_t idx[kIdx];
      for (int l = 0; l < kIdx; l++) idx[l] = (l / kMtLanes) * kMtStateWords + lanes[l % kMtLanes];
      unsigned char* out = dst + (start + c0 - position) * bytes;
      for (uint64_t c = c0; c < c1;) {
        if (c % A == 0 && c + N <= c1) {
          R at;
          std::memcpy(&at, idx + c % kMtLanes, sizeof at);
          Mt19937Emit<Isa, Op>(MtTemper(Cast<U>(Isa::Gather(states + (c / kMtLanes) * kMtStateWords, at))), p, out);
          c += N;
          out += N * bytes;
          continue;
        }
        // The call's edge or a lone stream: up to the next gather boundary, computed as a vector aside.
        const uint64_t stop = std::min(c1, (c / A + 1) * A);
        U w{};
        for (uint64_t l = 0; c + l < stop; l++) {
          const uint64_t col = c + l;
          w[l] = states[(col / kMtLanes) * kMtStateWords + lanes[col % kMtLanes]];
        }
        Mt19937Emit<Isa, Op>(MtTemper(w), p, part);
        std::memcpy(out, part, (stop - c) * bytes);
        out += (stop - c) * bytes;
        c = stop;
      }
    }
  }
}

template <class Isa>
void Mt19937Run(const PhiloxParams& p, uint32_t* states, int32_t* twists, const int32_t* order, uint64_t position, uint64_t n, uint32_t from,
                uint32_t to, unsigned char* dst) {
  if (n == 0 || from >= to) return;
  WithOp(p.op, [&](auto op) { Mt19937Streams<Isa, decltype(op)::value>(p, states, twists, order, position, n, from, to, dst); });
}

}  // namespace
}  // namespace kernels
