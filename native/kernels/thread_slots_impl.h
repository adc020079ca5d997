// The kernel of the generators on cuRAND's slot model (XORWOW: 4096 threads; MRG32k3a: 81920, or 4096
// in the LEGACY ordering), written once over the ISAs and over a generator's step: the independent
// threads side by side, one thread per lane. src/engines/slot-engine.ts keeps the state model (which
// thread makes which slot, each thread's word position, seeding and skip-ahead); this runs a call's
// slots on the thread states the engine keeps (6 values each), exactly as its writeThread() does, and
// applies the generator's transforms to the words.
//
// A generator is a class template Gen<N> over the lane count (xorwow_impl.h, mrg32k3a_impl.h) with
//   kGenerator            its SlotGenerator number (kernels.h: slot words, what it computes);
//   Value                 one state value in the engine's array (uint32_t, double);
//   Vec                   one state value of N lanes (a GCC vector of Value);
//   Word                  one step's output of N lanes;
//   Step(s, out)          one step of every lane (s: Vec[6], moved on), its output into out (a Word);
//                         always inlined, like Emit;
//   Emit<Isa, Op>(w, words, params, to)
//                         the outputs of N consecutive slots (one per lane) from their words
//                         w[0 … SlotWords − 1] (w[k]: word k of every lane's slot), from `to` in slot
//                         order; always inlined (GCC otherwise calls them where several generators
//                         share a translation unit, and a call per step or round costs more than
//                         the cheap ops' work).
//
// The slot model (src/engines/slot-cursor.ts): slot g of a call belongs to lane j = g mod T (T
// threads), thread (first + j) mod T, and takes that thread's next words. So round r of the call is
// slots r·T … r·T + T − 1, lane j writes slot r·T + j, and the lanes j < slots mod T run one round
// more than the others.
#pragma once

#include <vector>

#include "philox_impl.h"

namespace kernels {
namespace {

// Lanes per chunk: their states go to a lane-major (SoA) copy for the call, so the hot loop loads and
// stores whole vectors.
constexpr uint32_t kLaneChunk = 256;
// Rounds a lane group runs with its state in registers before the next group takes over: enough to
// pay for the loads and stores, few enough for the outputs to stay in L1/L2 meanwhile.
constexpr uint64_t kLaneRounds = 16;
// Bytes of lane-major states a batch of chunks keeps (in L2): a batch runs round-major, each block of
// kLaneRounds rounds over all its chunks before the next, so that its writes fill consecutive rows.
// Chunk after chunk over the whole call instead wrote a 1 KiB strip of every row per pass, 16 passes
// over the output for XORWOW's 4096 lanes, and two threads splitting the lanes scaled 1.36×.
constexpr size_t kBatchStateBytes = size_t{192} << 10;

// N slots' raw words (w[k]: word k of every lane's slot, `words` per slot) in slot order. Inlined by
// force here and below, as Emit is.
template <int N>
[[gnu::always_inline]] inline void EmitWords(const typename V<N>::U32* w, int words, unsigned char* to) {
  if (words == 1) {
    std::memcpy(to, &w[0], sizeof w[0]);
    return;
  }
  uint32_t slot[4];
  for (int l = 0; l < N; l++) {
    for (int k = 0; k < words; k++) slot[k] = w[k][l];
    std::memcpy(to + static_cast<size_t>(l) * 4 * words, slot, 4 * static_cast<size_t>(words));
  }
}

// N float pairs in slot order: the sin output a, then the cos output b of each.
template <int N>
[[gnu::always_inline]] inline void EmitFloatPairs(typename V<N>::F32 a, typename V<N>::F32 b, unsigned char* to) {
  float pairs[2 * N];
  for (int l = 0; l < N; l++) {
    pairs[2 * l] = a[l];
    pairs[2 * l + 1] = b[l];
  }
  std::memcpy(to, pairs, sizeof pairs);
}

// Lanes [from, to) of a call of `slots` slots whose lane 0 is thread `first`, on `threads` thread
// states (`states`, 6 values each, moved on); slot g's outputs at dst + g·ThreadSlotBytes(Op, words).
// from is a multiple of N; to is a multiple of N or the call's last lane + 1.
template <template <int> class Gen, class Isa, int Op>
void SlotLanes(const PhiloxParams& p, int words, typename Gen<Isa::N>::Value* states, uint32_t threads, uint32_t first, uint64_t slots,
               uint32_t from, uint32_t to, unsigned char* dst) {
  constexpr int N = Isa::N;
  constexpr int S = kSlotStateValues;
  using G = Gen<N>;
  using Vec = typename G::Vec;
  using Word = typename G::Word;
  const int sw = SlotWords(G::kGenerator, Op, words);
  const size_t bytes = ThreadSlotBytes(Op, words);
  const uint64_t rounds = slots / threads;  // rounds every lane runs
  const uint64_t rest = slots % threads;    // lanes j < rest run one more
  const size_t roundBytes = static_cast<size_t>(threads) * bytes;
  using Value = typename G::Value;
  // A batch's states lane-major, chunk after chunk: soa[q·S·kLaneChunk + k·kLaneChunk + i] = value k
  // of lane b + q·kLaneChunk + i (b: the batch's first lane). Kept per thread from call to call.
  constexpr size_t kChunkValues = static_cast<size_t>(S) * kLaneChunk;
  const uint32_t batchLanes = kLaneChunk * static_cast<uint32_t>(std::max<size_t>(1, kBatchStateBytes / (kChunkValues * sizeof(Value))));
  thread_local std::vector<Value> batch;
  alignas(64) unsigned char partial[N * 16];
  for (uint32_t b = from; b < to; b += batchLanes) {
    const uint32_t bend = static_cast<uint32_t>(std::min<uint64_t>(to, static_cast<uint64_t>(b) + batchLanes));
    const uint32_t chunks = (bend - b + kLaneChunk - 1) / kLaneChunk;
    // 64 bytes more, for the states to start on a cache line as whole vectors do.
    if (batch.size() < chunks * kChunkValues + 64 / sizeof(Value)) batch.resize(chunks * kChunkValues + 64 / sizeof(Value));
    Value* const base = reinterpret_cast<Value*>((reinterpret_cast<uintptr_t>(batch.data()) + 63) & ~uintptr_t{63});
    // Chunk q: its first lane, its lane count and its states.
    const auto chunk = [&](uint32_t q, uint32_t& c, uint32_t& lanes) {
      c = b + q * kLaneChunk;
      lanes = std::min(bend, c + kLaneChunk) - c;
      return base + q * kChunkValues;
    };
    for (uint32_t q = 0; q < chunks; q++) {
      uint32_t c;
      uint32_t lanes;
      Value* soa = chunk(q, c, lanes);
      for (uint32_t i = 0; i < lanes; i++) {
        const uint32_t t = (first + c + i) % threads;
        for (int k = 0; k < S; k++) soa[k * kLaneChunk + i] = states[static_cast<size_t>(t) * S + k];
      }
      // The lanes past the call's last one in its last vector: copies of a real lane. The partial
      // round below steps and transforms that vector whole and discards them, but on stack garbage
      // an MRG32k3a step yields huge doubles, and sincos then indexed its table far out of bounds (a
      // crash seen in CI). kLaneChunk is a multiple of N, so these lanes lie inside the chunk.
      for (uint32_t i = lanes; i % N != 0; i++) {
        for (int k = 0; k < S; k++) soa[k * kLaneChunk + i] = soa[k * kLaneChunk + lanes - 1];
      }
    }
    const auto load = [](const Value* soa, uint32_t i, Vec s[S]) {
      for (int k = 0; k < S; k++) std::memcpy(&s[k], soa + k * kLaneChunk + i, sizeof(Vec));
    };
    const auto save = [](Value* soa, uint32_t i, const Vec s[S]) {
      for (int k = 0; k < S; k++) std::memcpy(soa + k * kLaneChunk + i, &s[k], sizeof(Vec));
    };
    // The rounds every lane runs: lane groups of N, kLaneRounds rounds at a time, round-major over
    // the batch. A chunk past `rest` only occurs with rounds ≥ 1, when every lane exists (lanes = N
    // multiples).
    for (uint64_t r0 = 0; r0 < rounds; r0 += kLaneRounds) {
      const uint64_t r1 = std::min(rounds, r0 + kLaneRounds);
      for (uint32_t q = 0; q < chunks; q++) {
        uint32_t c;
        uint32_t lanes;
        Value* soa = chunk(q, c, lanes);
        for (uint32_t i = 0; i + N <= lanes; i += N) {
          Vec s[S];
          load(soa, i, s);
          unsigned char* at = dst + (r0 * threads + c + i) * bytes;
          for (uint64_t r = r0; r < r1; r++, at += roundBytes) {
            Word w[4];
            for (int k = 0; k < sw; k++) G::Step(s, w[k]);
            G::template Emit<Isa, Op>(w, words, p, at);
          }
          save(soa, i, s);
        }
      }
    }
    for (uint32_t q = 0; q < chunks; q++) {
      uint32_t c;
      uint32_t lanes;
      Value* soa = chunk(q, c, lanes);
      // The last, partial round: lanes j < rest, a prefix of the chunk's groups; the group it ends
      // inside is computed whole aside and only its first lanes are kept (outputs and states).
      const uint64_t tail = rest > c ? std::min<uint64_t>(rest - c, lanes) : 0;
      for (uint32_t i = 0; i < tail; i += N) {
        const uint32_t keep = static_cast<uint32_t>(std::min<uint64_t>(N, tail - i));
        Vec s[S];
        load(soa, i, s);
        Word w[4];
        for (int k = 0; k < sw; k++) G::Step(s, w[k]);
        unsigned char* at = dst + (rounds * threads + c + i) * bytes;
        if (keep == static_cast<uint32_t>(N)) {
          G::template Emit<Isa, Op>(w, words, p, at);
          save(soa, i, s);
          continue;
        }
        G::template Emit<Isa, Op>(w, words, p, partial);
        std::memcpy(at, partial, keep * bytes);
        Vec old[S];
        load(soa, i, old);
        for (uint32_t l = 0; l < keep; l++) {
          for (int k = 0; k < S; k++) old[k][l] = s[k][l];
        }
        save(soa, i, old);
      }
      for (uint32_t i = 0; i < lanes; i++) {
        const uint32_t t = (first + c + i) % threads;
        for (int k = 0; k < S; k++) states[static_cast<size_t>(t) * S + k] = soa[k * kLaneChunk + i];
      }
    }
  }
}

// SlotLanes of generator Gen for params.op: only the ops Gen computes are instantiated.
template <template <int> class Gen, class Isa>
void SlotLanesOf(const PhiloxParams& p, int words, void* states, uint32_t threads, uint32_t first, uint64_t slots, uint32_t from,
                 uint32_t to, unsigned char* dst) {
  using G = Gen<Isa::N>;
  WithOp(p.op, [&](auto op) {
    if constexpr (SlotComputes(G::kGenerator, decltype(op)::value)) {
      SlotLanes<Gen, Isa, decltype(op)::value>(p, words, static_cast<typename G::Value*>(states), threads, first, slots, from, to, dst);
    }
  });
}

// ThreadSlotsRunFn (kernels.h) over the generators Gens: the one whose number is `generator`.
template <class Isa, template <int> class... Gens>
void ThreadSlotsRun(int generator, const PhiloxParams& p, int words, void* states, uint32_t threads, uint32_t first, uint64_t slots,
                    uint32_t from, uint32_t to, unsigned char* dst) {
  ((generator == Gens<Isa::N>::kGenerator ? SlotLanesOf<Gens, Isa>(p, words, states, threads, first, slots, from, to, dst) : void()), ...);
}

}  // namespace
}  // namespace kernels
