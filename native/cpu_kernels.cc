#include "cpu_kernels.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "helper_threads.h"
#include "js_errors.h"
#include "kernels/kernels.h"
#include "shared_arrays.h"

namespace {

using kernels::PhiloxParams;
using kernels::PhiloxRunFn;

// binding-types.ts NATIVE_CPU_KERNEL.
enum CpuKernel : int { kGeneric = 0, kAvx2 = 1, kAvx512 = 2, kNeon = 3 };
constexpr int kCpuKernelCount = 4;

bool Supported(int kernel) {
#if defined(__x86_64__) || defined(__i386__)
  // libgcc's detection also checks that the OS saves the wider registers (XCR0).
  // Both kernels are built with -mfma too (every CPU with AVX2 or AVX-512F so far has FMA).
  if (kernel == kAvx512) return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("fma");
  if (kernel == kAvx2) return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#endif
#if defined(__aarch64__)
  // Advanced SIMD (NEON) is part of every ARMv8-A CPU.
  if (kernel == kNeon) return true;
#endif
  return kernel == kGeneric;
}

// The generators' kernel functions of one build.
struct KernelFunctions {
  PhiloxRunFn philox;
  kernels::Mtgp32RunFn mtgp32;
  kernels::ThreadSlotsRunFn threadSlots;
  kernels::Mt19937RunFn mt19937;
};

// The functions of `kernel` (a supported one): the AVX builds exist on x86 only, the NEON one on arm64 only.
const KernelFunctions& FunctionsOf(int kernel) {
  static constexpr KernelFunctions kGenericFunctions{kernels::PhiloxRunGeneric, kernels::Mtgp32RunGeneric, kernels::ThreadSlotsRunGeneric,
                                                     kernels::Mt19937RunGeneric};
#if defined(__x86_64__) || defined(__i386__)
  static constexpr KernelFunctions kAvx2Functions{kernels::PhiloxRunAvx2, kernels::Mtgp32RunAvx2, kernels::ThreadSlotsRunAvx2,
                                                  kernels::Mt19937RunAvx2};
  static constexpr KernelFunctions kAvx512Functions{kernels::PhiloxRunAvx512, kernels::Mtgp32RunAvx512, kernels::ThreadSlotsRunAvx512,
                                                    kernels::Mt19937RunAvx512};
  if (kernel == kAvx512) return kAvx512Functions;
  if (kernel == kAvx2) return kAvx2Functions;
#endif
#if defined(__aarch64__)
  static constexpr KernelFunctions kNeonFunctions{kernels::PhiloxRunNeon, kernels::Mtgp32RunNeon, kernels::ThreadSlotsRunNeon,
                                                  kernels::Mt19937RunNeon};
  if (kernel == kNeon) return kNeonFunctions;
#endif
  return kGenericFunctions;
}

}  // namespace

const kernels::DrawFunctions* DrawFunctionsOf(int kernel) {
  if (kernel < 0 || kernel >= kCpuKernelCount || !Supported(kernel)) return nullptr;
#if defined(__x86_64__) || defined(__i386__)
  // AVX-512 CPUs run the AVX2 loops (kernels.h), where they have AVX2 (every one so far).
  if (kernel == kAvx2 || (kernel == kAvx512 && Supported(kAvx2))) return &kernels::kDrawsAvx2;
#endif
  return &kernels::kDrawsGeneric;
}

namespace {

// Waking a helper thread costs tens of microseconds: give each at least this much work (in slots of
// 4 elements for Philox, in words for MTGP32).
constexpr uint64_t kMinSlotsPerThread = 16384;
constexpr uint64_t kMinWordsPerThread = 4 * kMinSlotsPerThread;

constexpr uint64_t kSubsequences = 65536;

// One call: its whole slots as PhiloxEngine.slotRuns describes them (the first round's runs
// [j, t, count, base], repeated in later rounds with base + width·round), written from dst.
struct PhiloxCall {
  PhiloxRunFn compute = nullptr;
  PhiloxParams params{};
  // The runs: 4 doubles each.
  const double* plan = nullptr;
  size_t planLength = 0;
  uint64_t slots = 0;
  uint64_t width = 1;
  unsigned char* dst = nullptr;
  std::vector<double> ownPlan;

  // Copies what the call only reads (its runs) into memory of its own: an async call runs after its
  // JS arguments may have been reused or detached.
  void CopyInputs() {
    ownPlan.assign(plan, plan + planLength);
    plan = ownPlan.data();
  }

  // Computes the call's slots [first, last): what one thread does.
  void Compute(uint64_t first, uint64_t last) const {
    const size_t bytes = kernels::SlotBytes(params.op);
    for (uint64_t round = 0; round * kSubsequences < slots; round++) {
      for (size_t r = 0; r + 3 < planLength; r += 4) {
        const double* run = plan + r;
        const uint64_t j = static_cast<uint64_t>(run[0]) + round * kSubsequences;
        if (j >= std::min(slots, last)) return;
        const uint64_t end = std::min(j + static_cast<uint64_t>(run[2]), slots);
        const uint64_t from = std::max(j, first);
        const uint64_t to = std::min(end, last);
        if (from >= to) continue;
        const uint32_t t = static_cast<uint32_t>(run[1]) + static_cast<uint32_t>(from - j);
        const uint64_t counter = static_cast<uint64_t>(run[3]) + width * round;
        compute(params, t, counter, to - from, dst + from * bytes);
      }
    }
  }

  // All slots, split into contiguous ranges over up to `threads` threads (this one included).
  void ComputeOn(int threads) const {
    const uint64_t most = std::max<uint64_t>(1, slots / kMinSlotsPerThread);
    const uint64_t parts = std::min<uint64_t>(static_cast<uint64_t>(std::max(threads, 1)), most);
    helper_threads::RunParts(parts, [this, parts](uint64_t p) { Compute(slots * p / parts, slots * (p + 1) / parts); });
  }
};

constexpr int kMtgpRing = 1024;
constexpr int kMtgpParamStride = 35;  // src/engines/mtgp32-params.ts MTGP32_PARAM_STRIDE

// One MTGP32 call: its chunks [b, o, take] (src/engines/mtgp32.ts runChunks), run on the engine's
// rings and ring indices in place, outputs from dst (`unit` bytes each).
struct Mtgp32Call {
  kernels::Mtgp32RunFn compute = nullptr;
  PhiloxParams params{};
  uint32_t* rings = nullptr;
  int32_t* idx = nullptr;
  const uint32_t* sets = nullptr;
  size_t setsLength = 0;
  uint32_t mask = 0;
  // The chunks: 3 doubles each.
  const double* plan = nullptr;
  size_t planLength = 0;
  unsigned char* dst = nullptr;
  size_t unit = 4;
  uint64_t words = 0;
  std::vector<double> ownPlan;
  std::vector<uint32_t> ownSets;

  // Copies what the call only reads (chunks and parameter sets) into memory of its own, as
  // PhiloxCall::CopyInputs does; the rings and ring indices it writes are shared arrays instead.
  void CopyInputs() {
    ownPlan.assign(plan, plan + planLength);
    plan = ownPlan.data();
    ownSets.assign(sets, sets + setsLength);
    sets = ownSets.data();
  }

  // The chunks of blocks [first, last), in order: blocks are independent. Their ring indices stay in
  // locals until the end: written back per chunk, neighbouring blocks' entries share a cache line
  // between the threads, which kept two threads no faster than one (docs/cpu-kernels.md).
  void Compute(int first, int last) const {
    std::vector<int32_t> local(idx + first, idx + last);
    for (size_t c = 0; c + 2 < planLength; c += 3) {
      const double* chunk = plan + c;
      const int b = static_cast<int>(chunk[0]);
      if (b < first || b >= last) continue;
      int32_t& i = local[b - first];
      i = compute(this->params, rings + b * kMtgpRing, i, sets + b * kMtgpParamStride, mask, dst + static_cast<size_t>(chunk[1]) * unit,
                  static_cast<int>(chunk[2]));
    }
    std::copy(local.begin(), local.end(), idx + first);
  }

  // The blocks the plan uses, split into contiguous ranges over up to `threads` threads (this one
  // included): each writes runs of its blocks' consecutive 256-word chunks.
  void ComputeOn(int threads) const {
    int blocks = 0;
    for (size_t c = 0; c + 2 < planLength; c += 3) blocks = std::max(blocks, static_cast<int>(plan[c]) + 1);
    const uint64_t most = std::max<uint64_t>(1, std::min<uint64_t>(words / kMinWordsPerThread, blocks));
    const uint64_t parts = std::min<uint64_t>(static_cast<uint64_t>(std::max(threads, 1)), most);
    helper_threads::RunParts(parts, [this, parts, blocks](uint64_t p) {
      Compute(static_cast<int>(blocks * p / parts), static_cast<int>(blocks * (p + 1) / parts));
    });
  }
};

// One call of a slot-model generator (SlotEngine.runSlots): `slots` slots of op on the engine's thread
// states, lane j being thread (first + j) mod threads; slot g's outputs at dst + g·(bytes per slot).
struct ThreadSlotsCall {
  kernels::ThreadSlotsRunFn compute = nullptr;
  int generator = kernels::kXorwow;
  PhiloxParams params{};
  int words = 1;
  void* states = nullptr;
  uint32_t threads = 0;
  uint32_t first = 0;
  uint64_t slots = 0;
  unsigned char* dst = nullptr;

  // The lanes (threads of the generator), split into contiguous ranges of whole 32-lane groups over up
  // to `threads` threads (this one included): each lane's slots and state are its own, so any split
  // writes the same bits.
  void ComputeOn(int helpers) const {
    const uint64_t lanes = std::min<uint64_t>(slots, this->threads);
    const uint64_t words = slots * static_cast<uint64_t>(kernels::SlotWords(generator, params.op, this->words));
    const uint64_t groups = (lanes + 31) / 32;
    const uint64_t most = std::max<uint64_t>(1, std::min<uint64_t>(words / kMinWordsPerThread, groups));
    const uint64_t parts = std::min<uint64_t>(static_cast<uint64_t>(std::max(helpers, 1)), most);
    helper_threads::RunParts(parts, [this, parts, groups, lanes](uint64_t p) {
      const uint64_t from = std::min(lanes, 32 * (groups * p / parts));
      const uint64_t to = std::min(lanes, 32 * (groups * (p + 1) / parts));
      if (from < to) {
        compute(generator, params, this->words, states, this->threads, first, slots, static_cast<uint32_t>(from), static_cast<uint32_t>(to), dst);
      }
    });
  }
};

// Reads threadSlots(kernel, generator, op, out, at, states, first, slots, words, a, b) into `call`,
// pointing at the arrays' own memory; checks types and that every write stays inside its array.
bool ReadThreadSlotsCall(const Napi::CallbackInfo& info, ThreadSlotsCall& call) {
  Napi::Env env = info.Env();
  const auto fail = [&](const char* what) {
    ThrowTypeError(env, std::string("threadSlots(kernel, generator, op, out, at, states, first, slots, words, a, b): ") + what);
    return false;
  };
  if (info.Length() < 11) return fail("expected 11 arguments");
  for (size_t i : {0, 1, 2, 4, 6, 7, 8, 9, 10}) {
    if (!info[i].IsNumber()) return fail("expected numbers for every argument but out and states");
  }
  napi_typedarray_type outType;
  napi_typedarray_type statesType;
  size_t outLength = 0;
  size_t statesLength = 0;
  void* outData = nullptr;
  void* statesData = nullptr;
  if (!info[3].IsTypedArray() || !info[5].IsTypedArray() ||
      napi_get_typedarray_info(env, info[3], &outType, &outLength, &outData, nullptr, nullptr) != napi_ok ||
      napi_get_typedarray_info(env, info[5], &statesType, &statesLength, &statesData, nullptr, nullptr) != napi_ok) {
    return fail("out and states must be typed arrays");
  }
  const int kernel = info[0].As<Napi::Number>().Int32Value();
  const int generator = info[1].As<Napi::Number>().Int32Value();
  const int op = info[2].As<Napi::Number>().Int32Value();
  const int words = info[8].As<Napi::Number>().Int32Value();
  if (kernel < 0 || kernel >= kCpuKernelCount || !Supported(kernel) || generator < 0 || generator >= kernels::kSlotGeneratorCount ||
      !kernels::SlotComputes(generator, op) || (op == kernels::kWords && words != 1 && words != 2 && words != 4)) {
    return fail("unknown or unsupported kernel, generator, op or words");
  }
  // The engine's array: XORWOW's uint32 words in an Int32Array, MRG32k3a's doubles in a Float64Array.
  const napi_typedarray_type stateType = generator == kernels::kMrg32k3a ? napi_float64_array : napi_int32_array;
  // Whole 32-lane groups of threads (the lane loop's assumption; the generators have 4096 or 81920).
  if (statesType != stateType || statesLength == 0 || statesLength % (32 * kernels::kSlotStateValues) != 0 ||
      statesLength / kernels::kSlotStateValues > (1u << 20)) {
    return fail("states must be the generator's array of 6 values per thread for a multiple of 32 threads (XORWOW: Int32Array, MRG32k3a: Float64Array)");
  }
  const size_t unit = outType == napi_float64_array ? 8 : 4;
  const bool doubles = op == kernels::kUniformDouble || (op >= kernels::kNormalDoubleFma && op <= kernels::kLogNormalDoubleSse2);
  if (unit != (doubles ? 8u : 4u)) return fail("out has the wrong element type for op");
  const uint32_t threads = static_cast<uint32_t>(statesLength / kernels::kSlotStateValues);
  const double at = info[4].As<Napi::Number>().DoubleValue();
  const double first = info[6].As<Napi::Number>().DoubleValue();
  const double slots = info[7].As<Napi::Number>().DoubleValue();
  const double bytes = static_cast<double>(kernels::ThreadSlotBytes(op, words));
  if (!(first >= 0 && first < threads && first == static_cast<double>(static_cast<uint32_t>(first)))) return fail("first must be a thread index");
  if (!(at >= 0 && slots >= 0 && at == static_cast<double>(static_cast<uint64_t>(at)) &&
        slots == static_cast<double>(static_cast<uint64_t>(slots))) ||
      at * unit + slots * bytes > static_cast<double>(outLength * unit)) {
    return fail("the slots do not fit in out");
  }
  call.compute = FunctionsOf(kernel).threadSlots;
  call.generator = generator;
  call.params.op = op;
  call.params.meanDouble = info[9].As<Napi::Number>().DoubleValue();
  call.params.stddevDouble = info[10].As<Napi::Number>().DoubleValue();
  call.params.mean = static_cast<float>(call.params.meanDouble);
  call.params.stddev = static_cast<float>(call.params.stddevDouble);
  call.words = words;
  call.states = statesData;
  call.threads = threads;
  call.first = static_cast<uint32_t>(first);
  call.slots = static_cast<uint64_t>(slots);
  call.dst = static_cast<unsigned char*>(outData) + static_cast<size_t>(at) * unit;
  return true;
}

// Reads (kernel, op, out, at, runs, slots, width, k0, k1, a, b) into `call`, pointing at the arrays'
// own memory. The TypeScript side has validated their meaning; this checks types and that every
// write stays inside `out`. Kept lean: small calls cost mostly this.
bool ReadCall(const Napi::CallbackInfo& info, const char* method, PhiloxCall& call) {
  Napi::Env env = info.Env();
  const auto fail = [&](const char* what) {
    ThrowTypeError(env, std::string(method) + "(kernel, op, out, at, runs, slots, width, k0, k1, a, b): " + what);
    return false;
  };
  if (info.Length() < 11) return fail("expected 11 arguments");
  for (size_t i : {0, 1, 3, 5, 6, 7, 8, 9, 10}) {
    if (!info[i].IsNumber()) return fail("expected numbers for every argument but out and runs");
  }
  napi_typedarray_type outType;
  napi_typedarray_type runsType;
  size_t outLength = 0;
  size_t runsLength = 0;
  void* outData = nullptr;
  void* runsData = nullptr;
  if (!info[2].IsTypedArray() || !info[4].IsTypedArray() ||
      napi_get_typedarray_info(env, info[2], &outType, &outLength, &outData, nullptr, nullptr) != napi_ok ||
      napi_get_typedarray_info(env, info[4], &runsType, &runsLength, &runsData, nullptr, nullptr) != napi_ok) {
    return fail("out and runs must be typed arrays");
  }
  if (runsType != napi_float64_array || runsLength % 4 != 0) return fail("runs must be a Float64Array of [j, t, count, base] quadruples");
  const int kernel = info[0].As<Napi::Number>().Int32Value();
  const int op = info[1].As<Napi::Number>().Int32Value();
  if (kernel < 0 || kernel >= kCpuKernelCount || !Supported(kernel) || op < 0 || op >= kernels::kNormalDoubleFromFloat) {
    return fail("unknown or unsupported kernel or op");
  }
  const size_t unit = outType == napi_float64_array ? 8 : 4;
  const double at = info[3].As<Napi::Number>().DoubleValue();
  const double slots = info[5].As<Napi::Number>().DoubleValue();
  if (!(at >= 0 && slots >= 0) || at * unit + slots * static_cast<double>(kernels::SlotBytes(op)) > static_cast<double>(outLength * unit)) {
    return fail("the slots do not fit in out");
  }
  call.compute = FunctionsOf(kernel).philox;
  call.params.op = op;
  call.params.k0 = info[7].As<Napi::Number>().Uint32Value();
  call.params.k1 = info[8].As<Napi::Number>().Uint32Value();
  call.params.meanDouble = info[9].As<Napi::Number>().DoubleValue();
  call.params.stddevDouble = info[10].As<Napi::Number>().DoubleValue();
  call.params.mean = static_cast<float>(call.params.meanDouble);
  call.params.stddev = static_cast<float>(call.params.stddevDouble);
  call.plan = static_cast<const double*>(runsData);
  call.planLength = runsLength;
  call.slots = static_cast<uint64_t>(slots);
  call.width = static_cast<uint64_t>(info[6].As<Napi::Number>().Int32Value());
  call.dst = static_cast<unsigned char*>(outData) + static_cast<size_t>(at) * unit;
  return true;
}

// The normals' mean and stddev of a call, as the double arguments a and b and rounded to float.
void SetMeanStddev(PhiloxParams& params, const Napi::Value& a, const Napi::Value& b) {
  params.meanDouble = a.As<Napi::Number>().DoubleValue();
  params.stddevDouble = b.As<Napi::Number>().DoubleValue();
  params.mean = static_cast<float>(params.meanDouble);
  params.stddev = static_cast<float>(params.stddevDouble);
}

// The element size an output of `op` needs where every element is one word (MTGP32, MT19937).
bool WordOutputFits(napi_typedarray_type type, int op) {
  return (type == napi_float64_array ? 8u : 4u) == kernels::WordOutputBytes(op);
}

// Reads mtgp32(kernel, op, out, rings, idx, params, chunks, mask, a, b) into `call`, pointing at the
// arrays' own memory; checks types and that every access stays inside its array.
bool ReadMtgp32Call(const Napi::CallbackInfo& info, const char* method, Mtgp32Call& call) {
  Napi::Env env = info.Env();
  const auto fail = [&](const char* what) {
    ThrowTypeError(env, std::string(method) + "(kernel, op, out, rings, idx, params, chunks, mask, a, b): " + what);
    return false;
  };
  if (info.Length() < 10) return fail("expected 10 arguments");
  for (size_t i : {0, 1, 7, 8, 9}) {
    if (!info[i].IsNumber()) return fail("expected numbers for kernel, op, mask, a and b");
  }
  napi_typedarray_type types[5];
  size_t lengths[5] = {};
  void* data[5] = {};
  const int arrays[5] = {2, 3, 4, 5, 6};
  for (int k = 0; k < 5; k++) {
    if (!info[arrays[k]].IsTypedArray() ||
        napi_get_typedarray_info(env, info[arrays[k]], &types[k], &lengths[k], &data[k], nullptr, nullptr) != napi_ok) {
      return fail("out, rings, idx, params and chunks must be typed arrays");
    }
  }
  if (types[1] != napi_int32_array || types[2] != napi_int32_array || types[3] != napi_uint32_array ||
      types[4] != napi_float64_array || lengths[4] % 3 != 0) {
    return fail("rings and idx must be Int32Arrays, params a Uint32Array, chunks a Float64Array of [block, at, words]");
  }
  const int kernel = info[0].As<Napi::Number>().Int32Value();
  const int op = info[1].As<Napi::Number>().Int32Value();
  // MTGP32's double normal is the float one widened: kNormalDoubleFromFloat, never the double path.
  if (kernel < 0 || kernel >= kCpuKernelCount || !Supported(kernel) || op < 0 || op >= kernels::kOpCount || op == kernels::kWords2 ||
      op == kernels::kNormalDoubleFma || op == kernels::kNormalDoubleSse2 || op == kernels::kUint32Scaled) {
    return fail("unknown or unsupported kernel or op");
  }
  if (!WordOutputFits(types[0], op)) return fail("out has the wrong element type for op");
  const size_t unit = kernels::WordOutputBytes(op);
  const double* chunks = static_cast<const double*>(data[4]);
  uint64_t words = 0;
  for (size_t c = 0; c < lengths[4]; c += 3) {
    const double b = chunks[c];
    if (!(b >= 0 && (b + 1) * kMtgpRing <= lengths[1] && b < lengths[2] && (b + 1) * kMtgpParamStride <= lengths[3]) ||
        !(chunks[c + 1] >= 0 && chunks[c + 2] >= 0 && chunks[c + 1] + chunks[c + 2] <= lengths[0])) {
      return fail("a chunk lies outside its arrays");
    }
    words += static_cast<uint64_t>(chunks[c + 2]);
  }
  call.compute = FunctionsOf(kernel).mtgp32;
  call.params.op = op;
  SetMeanStddev(call.params, info[8], info[9]);
  call.dst = static_cast<unsigned char*>(data[0]);
  call.unit = unit;
  call.rings = static_cast<uint32_t*>(data[1]);
  call.idx = static_cast<int32_t*>(data[2]);
  call.sets = static_cast<const uint32_t*>(data[3]);
  call.setsLength = lengths[3];
  call.plan = chunks;
  call.planLength = lengths[4];
  call.words = words;
  call.mask = info[7].As<Napi::Number>().Uint32Value();
  return true;
}

// One MT19937 call: words [position, position + n) of the row layout (kernels.h Mt19937RunFn) on the
// engine's stream windows and twist counts in place, output j at dst + j·WordOutputBytes(op).
struct Mt19937Call {
  kernels::Mt19937RunFn compute = nullptr;
  PhiloxParams params{};
  uint32_t* states = nullptr;
  int32_t* twists = nullptr;
  const int32_t* order = nullptr;
  uint64_t position = 0;
  uint64_t n = 0;
  unsigned char* dst = nullptr;

  // The streams the call touches: those of its columns within its one row, or all of them.
  std::pair<uint32_t, uint32_t> Streams() const {
    if (n == 0) return {0, 0};
    const uint64_t column = position % kernels::kMtRow;
    if (column + n > kernels::kMtRow) return {0, kernels::kMtStreams};
    return {static_cast<uint32_t>(column / kernels::kMtLanes), static_cast<uint32_t>((column + n - 1) / kernels::kMtLanes + 1)};
  }

  // The streams, split into contiguous ranges of whole 32-stream groups over up to `threads` threads
  // (this one included): each stream's window, twist count and columns are its own, so any split
  // writes the same bits.
  void ComputeOn(int helpers) const {
    const auto [from, to] = Streams();
    const uint64_t groups = (to - from + 31) / 32;
    const uint64_t most = std::max<uint64_t>(1, std::min<uint64_t>(n / kMinWordsPerThread, groups));
    const uint64_t parts = std::min<uint64_t>(static_cast<uint64_t>(std::max(helpers, 1)), most);
    helper_threads::RunParts(parts, [this, parts, groups, from = from, to = to](uint64_t p) {
      const uint32_t a = std::min<uint32_t>(to, from + static_cast<uint32_t>(32 * (groups * p / parts)));
      const uint32_t b = std::min<uint32_t>(to, from + static_cast<uint32_t>(32 * (groups * (p + 1) / parts)));
      compute(params, states, twists, order, position, n, a, b, dst);
    });
  }
};

// Reads mt19937(kernel, op, out, at, states, twists, order, position, n, a, b) into `call`, pointing
// at the arrays' own memory; checks types, that every access stays inside its array, and that every
// stream the call touches has been set up (twists[k] >= 0).
bool ReadMt19937Call(const Napi::CallbackInfo& info, Mt19937Call& call) {
  Napi::Env env = info.Env();
  const auto fail = [&](const char* what) {
    ThrowTypeError(env, std::string("mt19937(kernel, op, out, at, states, twists, order, position, n, a, b): ") + what);
    return false;
  };
  if (info.Length() < 11) return fail("expected 11 arguments");
  for (size_t i : {0, 1, 3, 7, 8, 9, 10}) {
    if (!info[i].IsNumber()) return fail("expected numbers for every argument but out, states, twists and order");
  }
  napi_typedarray_type types[4];
  size_t lengths[4] = {};
  void* data[4] = {};
  const int arrays[4] = {2, 4, 5, 6};
  for (int k = 0; k < 4; k++) {
    if (!info[arrays[k]].IsTypedArray() ||
        napi_get_typedarray_info(env, info[arrays[k]], &types[k], &lengths[k], &data[k], nullptr, nullptr) != napi_ok) {
      return fail("out, states, twists and order must be typed arrays");
    }
  }
  if (types[1] != napi_int32_array || lengths[1] != static_cast<size_t>(kernels::kMtStreams) * kernels::kMtStateWords ||
      types[2] != napi_int32_array || lengths[2] != static_cast<size_t>(kernels::kMtStreams) || types[3] != napi_int32_array ||
      lengths[3] != static_cast<size_t>(kernels::kMtStateWords)) {
    return fail("states, twists and order must be Int32Arrays of 8192·624, 8192 and 624 elements");
  }
  const int32_t* order = static_cast<const int32_t*>(data[3]);
  for (size_t i = 0; i < lengths[3]; i++) {
    if (order[i] < 0 || order[i] >= kernels::kMtStateWords) return fail("order must hold window positions in [0, 624)");
  }
  const int kernel = info[0].As<Napi::Number>().Int32Value();
  const int op = info[1].As<Napi::Number>().Int32Value();
  if (kernel < 0 || kernel >= kCpuKernelCount || !Supported(kernel) || op < 0 || op >= kernels::kOpCount || op == kernels::kWords2 ||
      op == kernels::kNormalDoubleFromFloat || op == kernels::kUint32Scaled) {
    return fail("unknown or unsupported kernel or op");
  }
  if (!WordOutputFits(types[0], op)) return fail("out has the wrong element type for op");
  const double at = info[3].As<Napi::Number>().DoubleValue();
  const double position = info[7].As<Napi::Number>().DoubleValue();
  const double n = info[8].As<Napi::Number>().DoubleValue();
  const auto whole = [](double x) { return x >= 0 && x <= 0x1p53 && x == static_cast<double>(static_cast<uint64_t>(x)); };
  if (!whole(at) || !whole(n) || at + n > static_cast<double>(lengths[0])) return fail("the words do not fit in out");
  if (!whole(position) || position + n > 0x1p53) return fail("position + n must be an integer at most 2^53");
  call.compute = FunctionsOf(kernel).mt19937;
  call.params.op = op;
  SetMeanStddev(call.params, info[9], info[10]);
  call.states = static_cast<uint32_t*>(data[1]);
  call.twists = static_cast<int32_t*>(data[2]);
  call.order = order;
  call.position = static_cast<uint64_t>(position);
  call.n = static_cast<uint64_t>(n);
  call.dst = static_cast<unsigned char*>(data[0]) + static_cast<size_t>(at) * kernels::WordOutputBytes(op);
  const auto [from, to] = call.Streams();
  for (uint32_t k = from; k < to; k++) {
    if (call.twists[k] < 0) return fail("a stream the call touches is not set up (twists < 0)");
  }
  return true;
}

// Throws a TypeError unless every array argument in `written` (index, name) is a view of a
// SharedArrayBuffer: an async call writes them on other threads (shared_arrays.h).
bool WritableOffThread(const Napi::CallbackInfo& info, const char* method,
                       std::initializer_list<std::pair<size_t, const char*>> written) {
  for (const auto& [index, name] : written) {
    const std::string problem = NotWritableOffThread(info.Env(), info[index], method, name);
    if (!problem.empty()) {
      ThrowTypeError(info.Env(), problem);
      return false;
    }
  }
  return true;
}

// An async kernel call on the thread pool (and its helper threads). What it only reads is copied
// (Call::CopyInputs); the shared arrays it writes stay referenced until the promise settles.
template <class Call>
class KernelWorker : public Napi::AsyncWorker {
 public:
  KernelWorker(Napi::Env env, const Call& call, int threads, std::initializer_list<Napi::Value> keep, napi_deferred deferred)
      : Napi::AsyncWorker(env, "node-curand:cpu-kernel"), call_(call), threads_(threads), deferred_(deferred) {
    call_.CopyInputs();
    for (const Napi::Value& value : keep) keep_.push_back(Napi::Persistent(value.As<Napi::Object>()));
  }

 protected:
  void Execute() override { call_.ComputeOn(threads_); }
  void OnOK() override {
    keep_.clear();
    napi_resolve_deferred(Env(), deferred_, Env().Undefined());
  }

 private:
  Call call_;
  int threads_;
  std::vector<Napi::ObjectReference> keep_;
  napi_deferred deferred_;
};

// Queues `call` (read = whether its arguments were read without error) with the thread count in
// argument `threadsArg`; returns its promise. A wrong argument rejects it.
template <class Call>
Napi::Value Start(const Napi::CallbackInfo& info, bool read, const Call& call, size_t threadsArg, std::initializer_list<Napi::Value> keep) {
  Napi::Env env = info.Env();
  if (!read || info.Length() <= threadsArg || !info[threadsArg].IsNumber()) return RejectedPromise(env, "threads must be a number");
  const NewPromise made(env);
  if (!made.Made()) return Napi::Value();  // a terminating worker: nothing may run
  auto* worker = new KernelWorker<Call>(env, call, info[threadsArg].As<Napi::Number>().Int32Value(), keep, made.deferred);
  worker->Queue();
  return Napi::Value(env, made.promise);
}

}  // namespace

Napi::Object CpuKernels::Create(Napi::Env env) {
  Napi::Object object = Napi::Object::New(env);
  static const char* const kNames[kCpuKernelCount] = {"generic", "avx2", "avx512", "neon"};
  Napi::Array available = Napi::Array::New(env);
  for (int kernel = kCpuKernelCount - 1; kernel >= 0; kernel--) {
    if (Supported(kernel)) available.Set(available.Length(), Napi::String::New(env, kNames[kernel]));
  }
  object.Set("available", available);
  object.Set("philox", Napi::Function::New<PhiloxJs>(env, "philox"));
  object.Set("philoxAsync", Napi::Function::New<PhiloxAsyncJs>(env, "philoxAsync"));
  object.Set("mtgp32", Napi::Function::New<Mtgp32Js>(env, "mtgp32"));
  object.Set("mtgp32Async", Napi::Function::New<Mtgp32AsyncJs>(env, "mtgp32Async"));
  object.Set("threadSlots", Napi::Function::New<ThreadSlotsJs>(env, "threadSlots"));
  object.Set("mt19937", Napi::Function::New<Mt19937Js>(env, "mt19937"));
  return object;
}

namespace {

// The optional `threads` argument of a synchronous call at index `at` (1 when absent). The calling
// (JS) thread takes part and waits for the helpers, so nothing can touch the arrays meanwhile: a
// synchronous call may write any memory from several threads.
int SyncThreads(const Napi::CallbackInfo& info, size_t at) {
  if (info.Length() <= at || !info[at].IsNumber()) return 1;
  return std::max(1, info[at].As<Napi::Number>().Int32Value());
}

}  // namespace

Napi::Value CpuKernels::PhiloxJs(const Napi::CallbackInfo& info) {
  PhiloxCall call;
  if (ReadCall(info, "philox", call)) call.ComputeOn(SyncThreads(info, 11));
  return info.Env().Undefined();
}

Napi::Value CpuKernels::PhiloxAsyncJs(const Napi::CallbackInfo& info) {
  PhiloxCall call;
  const bool read = ReadCall(info, "philoxAsync", call) && WritableOffThread(info, "philoxAsync", {{2, "out"}});
  return Start(info, read, call, 11, {info[2]});
}

Napi::Value CpuKernels::Mtgp32Js(const Napi::CallbackInfo& info) {
  Mtgp32Call call;
  if (ReadMtgp32Call(info, "mtgp32", call)) call.ComputeOn(SyncThreads(info, 10));
  return info.Env().Undefined();
}

Napi::Value CpuKernels::Mtgp32AsyncJs(const Napi::CallbackInfo& info) {
  Mtgp32Call call;
  const bool read = ReadMtgp32Call(info, "mtgp32Async", call) &&
                    WritableOffThread(info, "mtgp32Async", {{2, "out"}, {3, "rings"}, {4, "idx"}});
  return Start(info, read, call, 10, {info[2], info[3], info[4]});
}

Napi::Value CpuKernels::ThreadSlotsJs(const Napi::CallbackInfo& info) {
  ThreadSlotsCall call;
  if (ReadThreadSlotsCall(info, call)) call.ComputeOn(SyncThreads(info, 11));
  return info.Env().Undefined();
}

Napi::Value CpuKernels::Mt19937Js(const Napi::CallbackInfo& info) {
  Mt19937Call call;
  if (ReadMt19937Call(info, call)) call.ComputeOn(SyncThreads(info, 11));
  return info.Env().Undefined();
}
