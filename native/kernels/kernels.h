// The CPU kernels of the `simd` backend: exact accelerations of the TypeScript reference. For Philox,
// src/engines/philox.ts decides which slots and counters a call uses and these compute the blocks
// and cuRAND's transforms of them; for MTGP32, src/engines/mtgp32.ts decides which block makes which
// chunk and these run the blocks' recursion on the rings it keeps; for XORWOW and MRG32k3a,
// src/engines/slot-engine.ts keeps the threads' states and which slots a call makes and these run the
// threads side by side; for MT19937, src/engines/mt19937.ts keeps the streams, their set-up and the
// row layout, and these twist, temper and transform the streams' words — bit for bit as src/engines/,
// src/distributions/ and src/math/ do. One implementation per generator family (philox_impl.h,
// mtgp32_impl.h, mt19937_impl.h, and thread_slots_impl.h with a step per slot-model generator:
// xorwow_impl.h, mrg32k3a_impl.h; the inverse-CDF normals of MTGP32 and MT19937 in inverse_cdf.h),
// compiled three times on x86-64 (AVX-512, AVX2 and a portable build) and twice on arm64 (NEON and the
// portable build) (kernels_*.cc).
#pragma once

#include <cstddef>
#include <cstdint>

namespace kernels {

// What a kernel writes per slot; the numbers are src/kernels/kernel.ts KERNEL_OP's.
enum Op : int {
  kWords = 0,          // 4 raw words
  kWords2 = 1,         // 8 raw words: the blocks at counter and counter + 1
  kUniform = 2,        // 4 floats
  kUniformDouble = 3,  // 4 doubles (two blocks)
  kNormal = 4,         // 4 floats: two Box–Muller pairs
  kLogNormal = 5,      // 4 floats
  // 4 doubles (two blocks) with glibc's double log, sincos, exp: its FMA build, then its SSE2 one.
  kNormalDoubleFma = 6,
  kLogNormalDoubleFma = 7,
  kNormalDoubleSse2 = 8,
  kLogNormalDoubleSse2 = 9,
  // MTGP32's normalDouble: the float inverse-CDF normal widened (inverse_cdf.h); no other generator's.
  kNormalDoubleFromFloat = 10,
  // MRG32k3a's uint32 (curandGenerate): trunc(r·1.000000048662) of its step result r in [1, m1].
  kUint32Scaled = 11,
};
constexpr int kOpCount = 12;

// The generators with one word per element (MTGP32, MT19937) take the normal ops as their inverse-CDF
// normals (inverse_cdf.h); Philox, XORWOW and MRG32k3a as Box–Muller pairs.

// Bytes one word's output of `op` takes where every element is one word (MTGP32, MT19937).
inline size_t WordOutputBytes(int op) { return op == kUniformDouble || op >= kNormalDoubleFma ? 8 : 4; }

// Bytes one Philox slot of `op` writes (op < kNormalDoubleFromFloat): 4 words or floats, or 8 words or
// 4 doubles.
inline size_t SlotBytes(int op) { return op == kWords || op == kUniform || op == kNormal || op == kLogNormal ? 16 : 32; }

// What every slot of a call shares: the key, and the normals' mean and stddev (the float ones are the
// call's, rounded to float).
struct PhiloxParams {
  int op;
  uint32_t k0;
  uint32_t k1;
  float mean;
  float stddev;
  double meanDouble;
  double stddevDouble;
};

// Writes `count` whole slots (threads t … t+count−1, t + count <= 65536, all at base counter
// `counter`) of params.op to dst, SlotBytes(op) bytes each.
using PhiloxRunFn = void (*)(const PhiloxParams& params, uint32_t t, uint64_t counter, uint64_t count, unsigned char* dst);

void PhiloxRunGeneric(const PhiloxParams&, uint32_t, uint64_t, uint64_t, unsigned char*);
void PhiloxRunAvx2(const PhiloxParams&, uint32_t, uint64_t, uint64_t, unsigned char*);
void PhiloxRunAvx512(const PhiloxParams&, uint32_t, uint64_t, uint64_t, unsigned char*);
void PhiloxRunNeon(const PhiloxParams&, uint32_t, uint64_t, uint64_t, unsigned char*);

// MTGP32: `take` steps of one block (its 1024-word ring at ring index idx, parameter set `set`: pos,
// sh1, sh2, tbl[16], tmp_tbl[16]) with params.op kWords, kUniform, kUniformDouble (MTGP32's one-word
// double x·2^-32 + 2^-32) or an inverse-CDF normal op but kNormalDouble{Fma,Sse2} (params' key
// unused), WordOutputBytes(op) bytes per step written to dst; returns the new ring index.
using Mtgp32RunFn = int (*)(const PhiloxParams& params, uint32_t* ring, int idx, const uint32_t* set, uint32_t mask, unsigned char* dst,
                            int take);

int Mtgp32RunGeneric(const PhiloxParams&, uint32_t*, int, const uint32_t*, uint32_t, unsigned char*, int);
int Mtgp32RunAvx2(const PhiloxParams&, uint32_t*, int, const uint32_t*, uint32_t, unsigned char*, int);
int Mtgp32RunAvx512(const PhiloxParams&, uint32_t*, int, const uint32_t*, uint32_t, unsigned char*, int);
int Mtgp32RunNeon(const PhiloxParams&, uint32_t*, int, const uint32_t*, uint32_t, unsigned char*, int);

// The generators on cuRAND's slot model (src/engines/slot-engine.ts), whose independent threads
// thread_slots_impl.h runs side by side, one per lane, on the engine's own thread states: 6 values per
// thread, uint32 words for XORWOW (v0 … v4, d), doubles for MRG32k3a (s1[0..2], s2[0..2], exact
// integers). Numbers: binding-types.ts NATIVE_SLOT_GENERATOR.
enum SlotGenerator : int { kXorwow = 0, kMrg32k3a = 1 };
constexpr int kSlotGeneratorCount = 2;
constexpr int kSlotStateValues = 6;

// Whether `generator` computes `op` (kUint32Scaled: MRG32k3a only; kWords2, kNormalDoubleFromFloat:
// neither).
constexpr bool SlotComputes(int generator, int op) {
  return op >= 0 && op < kOpCount && op != kWords2 && op != kNormalDoubleFromFloat && (op != kUint32Scaled || generator == kMrg32k3a);
}

// Words one slot of `op` takes (kWords: the call's `words`): a Box–Muller pair takes two of
// MRG32k3a's step results in float and double, two XORWOW words in float and four in double.
constexpr int SlotWords(int generator, int op, int words) {
  if (op == kWords) return words;
  if (op == kUniform || op == kUint32Scaled) return 1;
  if (op == kUniformDouble) return generator == kMrg32k3a ? 1 : 2;
  if (op == kNormal || op == kLogNormal) return 2;
  return generator == kMrg32k3a ? 2 : 4;
}

// Bytes one slot of `op` writes: its raw words, a uint32 or float, a double, two floats or two doubles.
inline size_t ThreadSlotBytes(int op, int words) {
  switch (op) {
    case kWords:
      return 4 * static_cast<size_t>(words);
    case kUniform:
    case kUint32Scaled:
      return 4;
    case kUniformDouble:
    case kNormal:
    case kLogNormal:
      return 8;
    default:
      return 16;
  }
}

// Lanes [from, to) of a call of `slots` slots of `generator` on `threads` thread states (`states`: the
// engine's array, 6 values per thread, moved on; threads a multiple of 32), lane j being thread (first + j) mod threads;
// params.op is one SlotComputes allows (kWords: `words` raw words per slot, 1, 2 or 4; params' key
// unused); slot g's outputs at dst + g·ThreadSlotBytes(op, words). from is a multiple of 32; to a
// multiple of 32 or min(slots, threads).
using ThreadSlotsRunFn = void (*)(int generator, const PhiloxParams& params, int words, void* states, uint32_t threads, uint32_t first,
                                  uint64_t slots, uint32_t from, uint32_t to, unsigned char* dst);

void ThreadSlotsRunGeneric(int, const PhiloxParams&, int, void*, uint32_t, uint32_t, uint64_t, uint32_t, uint32_t, unsigned char*);
void ThreadSlotsRunAvx2(int, const PhiloxParams&, int, void*, uint32_t, uint32_t, uint64_t, uint32_t, uint32_t, unsigned char*);
void ThreadSlotsRunAvx512(int, const PhiloxParams&, int, void*, uint32_t, uint32_t, uint64_t, uint32_t, uint32_t, unsigned char*);
void ThreadSlotsRunNeon(int, const PhiloxParams&, int, void*, uint32_t, uint32_t, uint64_t, uint32_t, uint32_t, unsigned char*);

// MT19937 (mt19937_impl.h) in cuRAND's host layout (src/engines/mt19937.ts): words [position,
// position + n) of the rows of 65536 words, column c of a row being stream ⌊c/8⌋, lane c mod 8, and
// row r of each 78-row block reading the stream's twisted 624-word state at order[(r mod 78)·8 + lane].
// states: 8192 windows of 624 words; twists[k]: the twists stream k's window has had (the kernel twists
// it up to block + 1 where the call first reaches it in a block; every stream the call touches has
// twists[k] >= 0). Only streams [from, to) are computed; params.op is kWords, kUniform (MT19937's
// fround(x·2^-32 + 2^-33)), kUniformDouble (x·2^-32 + 2^-33) or an inverse-CDF normal op but
// kNormalDoubleFromFloat; word j of the call's output at dst + j·WordOutputBytes(op).
constexpr int kMtStateWords = 624;
constexpr int kMtStreams = 8192;
constexpr int kMtLanes = 8;
constexpr int kMtRowsPerBlock = 78;
constexpr uint64_t kMtRow = kMtStreams * kMtLanes;

using Mt19937RunFn = void (*)(const PhiloxParams& params, uint32_t* states, int32_t* twists, const int32_t* order, uint64_t position,
                              uint64_t n, uint32_t from, uint32_t to, unsigned char* dst);

void Mt19937RunGeneric(const PhiloxParams&, uint32_t*, int32_t*, const int32_t*, uint64_t, uint64_t, uint32_t, uint32_t, unsigned char*);
void Mt19937RunAvx2(const PhiloxParams&, uint32_t*, int32_t*, const int32_t*, uint64_t, uint64_t, uint32_t, uint32_t, unsigned char*);
void Mt19937RunAvx512(const PhiloxParams&, uint32_t*, int32_t*, const int32_t*, uint64_t, uint64_t, uint32_t, uint32_t, unsigned char*);
void Mt19937RunNeon(const PhiloxParams&, uint32_t*, int32_t*, const int32_t*, uint64_t, uint64_t, uint32_t, uint32_t, unsigned char*);

// The draws' bulk loops (draws_impl.h; src/draws/draw-kernel.ts DrawKernel), over words already made.

// An output array's elements (cpu_kernels' draw calls map Node-API's typed array types onto these).
enum Element : int { kInt8, kUint8, kInt16, kUint16, kInt32, kUint32, kFloat32, kFloat64, kWide64 };

// Where a bulk draw stands: the next word to read, and the next output element (bounded32) or the
// next Fisher–Yates step's i (shuffle). The loops move it past what they did.
struct DrawPlace {
  size_t word;
  uint64_t value;
};

struct DrawFunctions {
  // out[k] = NumPy's next_double from words[2k], words[2k + 1], k < count.
  void (*unitDoubles)(const uint32_t* words, double* out, size_t count);
  // out[k] = NumPy's next_float from words[k].
  void (*unitFloats)(const uint32_t* words, float* out, size_t count);
  // out[k] = words[k] < below ? 1 : 0, below = ⌈p·2^32⌉ in [0, 2^32].
  void (*bernoulli)(const uint32_t* words, int64_t below, Element type, void* out, size_t count);
  // base + Lemire's integer in [0, m) (m in [2, 2^32], t = (2^32 − m) mod m) into out up to index
  // `to`, from words up to index `end`.
  void (*bounded32)(const uint32_t* words, size_t end, uint32_t m, uint32_t t, double base, Element type, void* out, size_t to,
                    DrawPlace& place);
  // Fisher–Yates steps from i = place.value down to first (>= 1) over elements of 1, 2, 4 or 8 bytes.
  void (*shuffle)(const uint32_t* words, size_t end, size_t elementBytes, void* array, uint64_t first, DrawPlace& place);
  // out[k] = Poisson's square-histogram value of words[k] (threshold and alias: cells + 1 entries), u
  // = (words[k] + offset)·2^-32: offset 1 for cuRAND's (0, 1] uniform, 0.5 for MT19937's cell centre.
  void (*poissonHistogram)(const uint32_t* words, size_t count, uint32_t shift, uint32_t cells, const double* threshold, const int32_t* alias,
                           double offset, uint32_t* out);
  // out[k] = Poisson's cumulative-table value of words[k] (cdf: length >= 1 entries).
  void (*poissonCumulative)(const uint32_t* words, size_t count, uint32_t shift, const double* cdf, size_t length, uint32_t* out);
};

// The portable build and the AVX2 one, which AVX-512 CPUs run too: an AVX-512 build was faster on
// some loops and slower on others, by less than the words cost (docs/cpu-kernels.md, "Draw kernels").
extern const DrawFunctions kDrawsGeneric;
extern const DrawFunctions kDrawsAvx2;

}  // namespace kernels
