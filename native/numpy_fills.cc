#include "numpy_fills.h"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>

#include "helper_threads.h"
#include "js_args.h"
#include "kernels/libm_double.h"

// The same computations as wasm/numpy.ts, with the compiler's 128-bit integers, and the libm calls
// the module leaves to TypeScript done here on glibc's log and exp as kernels/libm_double.h
// reproduces them (the FMA bodies: src/draws/libm.ts's choice for NumPy's draws). src/numpy/pcg64.ts,
// src/python/mersenne.ts, src/draws/ziggurat.ts and src/numpy/legacy.ts are the references
// (NumPy's src/pcg64/pcg64.h, mt19937ar.c, distributions.c, legacy-distributions.c).
namespace {

using u128 = unsigned __int128;

// PCG's default 128-bit multiplier and its 64-bit cheap one (pcg64.h).
constexpr u128 kMultiplier = (static_cast<u128>(2549297995355413924ULL) << 64) | 4865540595714422341ULL;
constexpr uint64_t kCheapMultiplier = 0xda942042e4dd58b5ULL;
constexpr double kTwoPowMinus53 = 1.0 / 9007199254740992.0;
constexpr double kTwo32 = 4294967296.0;
constexpr size_t kPcgWords = 10;
constexpr size_t kMtN = 624;
constexpr size_t kMtM = 397;

// The state block (src/numpy/fills.ts): the state and the increment as 32-bit words, least
// significant first, then has_uint32 and uinteger.
u128 Read128(const uint32_t* w) {
  return (static_cast<u128>(w[3]) << 96) | (static_cast<u128>(w[2]) << 64) | (static_cast<u128>(w[1]) << 32) | w[0];
}

// One bit generator, a value type: each fill works on a local copy, so that the compiler keeps it in
// registers (a copy whose address escapes, as into a helper thread's task, lives in memory and
// reloads around every call); kCheap: PCG64DXSM, else PCG64.
template <bool kCheap>
struct Pcg {
  u128 state;
  u128 inc;
  uint32_t has;
  uint32_t kept;

  explicit Pcg(const uint32_t* w) : state(Read128(w)), inc(Read128(w + 4)), has(w[8]), kept(w[9]) {}

  void Store(uint32_t* w) const {
    for (int k = 0; k < 4; k++) w[k] = static_cast<uint32_t>(state >> (32 * k));
    w[8] = has;
    w[9] = kept;
  }

  uint64_t Next() {
    if (kCheap) {
      // DXSM of the state before its step.
      uint64_t hi = static_cast<uint64_t>(state >> 64);
      const uint64_t lo = static_cast<uint64_t>(state) | 1;
      hi ^= hi >> 32;
      hi *= kCheapMultiplier;
      hi ^= hi >> 48;
      state = state * kCheapMultiplier + inc;
      return hi * lo;
    }
    // XSL-RR of the stepped state.
    state = state * kMultiplier + inc;
    const uint64_t x = static_cast<uint64_t>(state >> 64) ^ static_cast<uint64_t>(state);
    const unsigned rot = static_cast<unsigned>(state >> 122);
    return (x >> rot) | (x << ((64 - rot) & 63));
  }

  // The state `delta` steps on (Brown, "Random Number Generation with Arbitrary Stride", 1994: the
  // composite multiplier and increment of 2^k steps by squaring), as src/numpy/pcg64.ts advance.
  void Advance(uint64_t delta) {
    u128 multiplier = kCheap ? kCheapMultiplier : kMultiplier;
    u128 plus = inc;
    u128 accMultiplier = 1;
    u128 accPlus = 0;
    for (; delta != 0; delta >>= 1) {
      if (delta & 1) {
        accMultiplier *= multiplier;
        accPlus = accPlus * multiplier + plus;
      }
      plus = (multiplier + 1) * plus;
      multiplier *= multiplier;
    }
    state = accMultiplier * state + accPlus;
  }

  // next_uint32: the low half of an output, its high half kept for the next draw.
  uint32_t Next32() {
    if (has) {
      has = 0;
      return kept;
    }
    const uint64_t u = Next();
    has = 1;
    kept = static_cast<uint32_t>(u >> 32);
    return static_cast<uint32_t>(u);
  }
};

// Runs fill(pcg) on the state block's generator of the variant the flag names, and stores it back;
// fill returns how many values it wrote.
template <class Fill>
size_t WithPcg(uint32_t* block, bool cheap, Fill fill) {
  if (cheap) {
    Pcg<true> pcg(block);
    const size_t done = fill(pcg);
    pcg.Store(block);
    return done;
  }
  Pcg<false> pcg(block);
  const size_t done = fill(pcg);
  pcg.Store(block);
  return done;
}

// The common arguments: the state block and the variant, the output array of `type` with [at, at + count) inside it.
struct PcgCall {
  uint32_t* block = nullptr;
  bool cheap = false;
  ArrayArg out;
  size_t at = 0;
  size_t count = 0;
};

bool ReadState(const Args& args, size_t at, size_t words, ArrayArg& state) {
  return args.ArrayOf(at, words == kPcgWords ? napi_uint32_array : napi_int32_array, words, state,
                      words == kPcgWords ? "state must be a Uint32Array of 10 words" : "state must be an Int32Array of 625 words");
}

bool ReadRange(const Args& args, size_t from, const ArrayArg& out, size_t& at, size_t& count) {
  double a = 0;
  double c = 0;
  if (!args.Index(from, static_cast<double>(out.length), a) || !args.Index(from + 1, static_cast<double>(out.length) - a, c)) return false;
  at = static_cast<size_t>(a);
  count = static_cast<size_t>(c);
  return true;
}

bool ReadPcgCall(const Args& args, const Napi::CallbackInfo& info, PcgCall& call) {
  ArrayArg state;
  if (!ReadState(args, 0, kPcgWords, state)) return false;
  call.block = static_cast<uint32_t*>(state.data);
  if (!info[1].IsNumber()) return args.Fail("cheap must be 0 or 1");
  call.cheap = info[1].As<Napi::Number>().Int32Value() != 0;
  return true;
}

// The state block of MT19937: 624 words and the read position, which must lie in [0, 624].
bool ReadMt(const Args& args, size_t at, uint32_t*& mt) {
  ArrayArg state;
  if (!ReadState(args, at, kMtN + 1, state)) return false;
  mt = static_cast<uint32_t*>(state.data);
  return mt[kMtN] <= kMtN || args.Fail("the read position state[624] must lie in [0, 624]");
}

// MT19937's in-place twist and tempering (mt19937ar.c).
void Twist(uint32_t* mt) {
  constexpr uint32_t kMatrixA = 0x9908b0dfU;
  const auto next = [](uint32_t upper, uint32_t lower, uint32_t far) {
    const uint32_t y = (upper & 0x80000000U) | (lower & 0x7fffffffU);
    return far ^ (y >> 1) ^ ((0U - (y & 1)) & kMatrixA);
  };
  size_t i = 0;
  for (; i < kMtN - kMtM; i++) mt[i] = next(mt[i], mt[i + 1], mt[i + kMtM]);
  for (; i < kMtN - 1; i++) mt[i] = next(mt[i], mt[i + 1], mt[i + kMtM - kMtN]);
  mt[kMtN - 1] = next(mt[kMtN - 1], mt[0], mt[kMtM - 1]);
}

uint32_t Temper(uint32_t y) {
  y ^= y >> 11;
  y ^= (y << 7) & 0x9d2c5680U;
  y ^= (y << 15) & 0xefc60000U;
  return y ^ (y >> 18);
}

double UnitDouble(uint32_t a, uint32_t b) {
  return (static_cast<double>(a >> 5) * 67108864.0 + static_cast<double>(b >> 6)) * kTwoPowMinus53;
}

uint32_t MtNext(uint32_t* mt) {
  if (mt[kMtN] >= kMtN) {
    Twist(mt);
    mt[kMtN] = 0;
  }
  return Temper(mt[mt[kMtN]++]);
}

double MtDouble(uint32_t* mt) {
  const uint32_t a = MtNext(mt);
  return UnitDouble(a, MtNext(mt));
}

// min + Lemire's draw in [0, m) from next_uint32 (NumPy's buffered_bounded_lemire_uint32), into T.
template <class T, class P>
void Bounded(P& pcg, uint64_t m, uint32_t threshold, double min, T* out, size_t count) {
  for (size_t i = 0; i < count; i++) {
    uint64_t r;
    do {
      r = static_cast<uint64_t>(pcg.Next32()) * m;
    } while (static_cast<uint32_t>(r) < threshold);
    out[i] = static_cast<T>(min + static_cast<double>(r >> 32));
  }
}

// Outputs from this size are prefaulted (Prefaulted): below it the helper's wake-up costs more than
// the page faults it takes off the fill.
constexpr size_t kPrefaultBytes = size_t{256} << 10;
// The fill's progress is published, and the helper populates, an eighth of the output at a time,
// within these bounds.
constexpr size_t kPrefaultChunkMin = size_t{32} << 10;
constexpr size_t kPrefaultChunkMax = size_t{1} << 20;

// Runs fill(from, to) over [0, count) a chunk at a time on this thread; fill returns the index it
// reached (to, or less where it stopped early, which ends the call). A fresh ArrayBuffer's pages
// fault in on first write, each a trap and a zeroed page, which costs more than the values written
// into it; NumPy avoids most of that with huge pages (numpy/_core/src/multiarray/alloc.c), which a
// V8 ArrayBuffer does not get. So for a large output a helper thread (helper_threads.h) populates
// its pages from the far end back towards the fill meanwhile, with MADV_POPULATE_WRITE (Linux 5.14;
// page tables made writable, contents untouched, so the two never conflict), and stops where the
// fill has nearly come. Where that advice is unknown or refused, the fill takes its own faults.
template <class Fill>
size_t Prefaulted(void* data, size_t count, size_t elementBytes, Fill fill) {
#ifdef MADV_POPULATE_WRITE
  const size_t bytes = count * elementBytes;
  if (bytes >= kPrefaultBytes) {
    const uintptr_t page = static_cast<uintptr_t>(sysconf(_SC_PAGESIZE));
    const uintptr_t begin = reinterpret_cast<uintptr_t>(data);
    const uintptr_t first = (begin + page - 1) & ~(page - 1);
    const size_t chunkBytes = std::min(kPrefaultChunkMax, std::max(kPrefaultChunkMin, bytes / 8));
    std::atomic<uintptr_t> reached{begin};
    size_t done = 0;
    helper_threads::RunParts(2, [&](uint64_t part) {
      if (part == 0) {
        const size_t chunk = std::max<size_t>(1, chunkBytes / elementBytes);
        for (size_t from = 0; from < count; from += chunk) {
          const size_t to = std::min(count, from + chunk);
          done = fill(from, to);
          reached.store(begin + done * elementBytes, std::memory_order_relaxed);
          if (done < to) break;
        }
        reached.store(begin + bytes, std::memory_order_relaxed);
        return;
      }
      for (uintptr_t hi = (begin + bytes) & ~(page - 1); hi > first;) {
        const uintptr_t lo = std::max(first, hi - std::min<uintptr_t>(hi - first, chunkBytes));
        if (lo < reached.load(std::memory_order_relaxed) + chunkBytes) return;
        if (madvise(reinterpret_cast<void*>(lo), hi - lo, MADV_POPULATE_WRITE) != 0) return;
        hi = lo;
      }
    });
    return done;
  }
#else
  (void)data;
  (void)elementBytes;
#endif
  return fill(0, count);
}

// Doubles from which pcgDoubles splits its fill over two threads: below, the helper's wake-up costs
// more than half the fill.
constexpr size_t kSplitValues = size_t{1} << 15;

// MT19937's doubles into out[from, to): whole runs of a block read in place, a double whose words
// straddle a twist through MtNext.
void MtDoublesRange(uint32_t* mt, double* out, size_t from, size_t to) {
  for (size_t i = from; i < to;) {
    const size_t index = mt[kMtN];
    if (index + 2 > kMtN) {
      out[i++] = MtDouble(mt);
      continue;
    }
    const size_t run = std::min(to - i, (kMtN - index) / 2);
    const uint32_t* p = mt + index;
    for (size_t j = 0; j < run; j++) out[i + j] = UnitDouble(Temper(p[2 * j]), Temper(p[2 * j + 1]));
    i += run;
    mt[kMtN] = static_cast<uint32_t>(index + 2 * run);
  }
}

}  // namespace

// pcgDoubles(state, cheap, out, at, count): next_double into out[at, at + count).
Napi::Value NumpyFills::PcgDoublesJs(const Napi::CallbackInfo& info) {
  const Args args(info, "pcgDoubles(state, cheap, out, at, count)");
  PcgCall call;
  if (!ReadPcgCall(args, info, call) || !args.ArrayOf(2, napi_float64_array, 0, call.out, "out must be a Float64Array") ||
      !ReadRange(args, 3, call.out, call.at, call.count)) {
    return info.Env().Undefined();
  }
  double* out = static_cast<double*>(call.out.data) + call.at;
  WithPcg(call.block, call.cheap, [&](auto& pcg) {
    const auto fill = [out](auto g, size_t from, size_t to) {
      for (size_t i = from; i < to; i++) out[i] = static_cast<double>(g.Next() >> 11) * kTwoPowMinus53;
      return g;
    };
    if (call.count < kSplitValues) {
      pcg = fill(pcg, 0, call.count);
      return call.count;
    }
    // Value i is output i: the second half starts from the state advanced by the first half's
    // count, on a helper thread, and ends where the whole fill would have.
    const size_t half = call.count / 2;
    auto second = pcg;
    second.Advance(half);
    helper_threads::RunParts(2, [&](uint64_t part) {
      if (part == 0) fill(pcg, 0, half);
      else second = fill(second, half, call.count);
    });
    pcg = second;
    return call.count;
  });
  return info.Env().Undefined();
}

// pcgBounded32(state, cheap, m, threshold, min, out, at, count): min + Lemire's draw in [0, m), m in
// [2, 2^32), threshold = 2^32 mod m, into a Float64Array, Int32Array or Uint32Array that holds every
// value of [min, min + m).
Napi::Value NumpyFills::PcgBounded32Js(const Napi::CallbackInfo& info) {
  const Args args(info, "pcgBounded32(state, cheap, m, threshold, min, out, at, count)");
  PcgCall call;
  double m = 0;
  double threshold = 0;
  double min = 0;
  if (!ReadPcgCall(args, info, call) || !args.Index(2, kTwo32 - 1, m) || !args.Index(3, kTwo32, threshold) || !args.Double(4, min) ||
      !args.Array(5, call.out) || !ReadRange(args, 6, call.out, call.at, call.count)) {
    return info.Env().Undefined();
  }
  if (m < 2 || threshold >= m) {
    args.Fail("m must lie in [2, 2^32) and threshold below it");
    return info.Env().Undefined();
  }
  const double max = min + m - 1;
  const bool fits = call.out.type == napi_float64_array ? std::fabs(min) <= 9007199254740991.0 && std::fabs(max) <= 9007199254740991.0
                    : call.out.type == napi_int32_array ? min >= -2147483648.0 && max <= 2147483647.0
                    : call.out.type == napi_uint32_array && min >= 0 && max <= kTwo32 - 1;
  if (!fits) {
    args.Fail("out must be a Float64Array, Int32Array or Uint32Array that holds every value of [min, min + m)");
    return info.Env().Undefined();
  }
  const uint64_t m64 = static_cast<uint64_t>(m);
  const uint32_t t = static_cast<uint32_t>(threshold);
  const size_t bytes = call.out.type == napi_float64_array ? 8 : 4;
  WithPcg(call.block, call.cheap, [&](auto& pcg) {
    return Prefaulted(static_cast<char*>(call.out.data) + call.at * bytes, call.count, bytes, [&](size_t from, size_t to) {
      const size_t at = call.at + from;
      auto g = pcg;
      if (call.out.type == napi_float64_array) Bounded(g, m64, t, min, static_cast<double*>(call.out.data) + at, to - from);
      else if (call.out.type == napi_int32_array) Bounded(g, m64, t, min, static_cast<int32_t*>(call.out.data) + at, to - from);
      else Bounded(g, m64, t, min, static_cast<uint32_t*>(call.out.data) + at, to - from);
      pcg = g;
      return to;
    });
  });
  return info.Env().Undefined();
}

// pcgNormals(state, cheap, out, at, count, wi, ki, fi): NumPy's ziggurat normals
// (random_standard_normal), the wedges' exp(−x²/2) included, into out[at, …) until `count` or the
// first value that reaches the tail (log1p, left to the reference), the state then left before that
// value's first word; returns how many were written. wi, ki, fi: NumPy's tables (256 doubles each).
Napi::Value NumpyFills::PcgNormalsJs(const Napi::CallbackInfo& info) {
  const Args args(info, "pcgNormals(state, cheap, out, at, count, wi, ki, fi)");
  PcgCall call;
  ArrayArg wi;
  ArrayArg ki;
  ArrayArg fi;
  if (!ReadPcgCall(args, info, call) || !args.ArrayOf(2, napi_float64_array, 0, call.out, "out must be a Float64Array") ||
      !ReadRange(args, 3, call.out, call.at, call.count) || !args.ArrayOf(5, napi_float64_array, 256, wi, "wi must be a Float64Array of 256") ||
      !args.ArrayOf(6, napi_float64_array, 256, ki, "ki must be a Float64Array of 256") ||
      !args.ArrayOf(7, napi_float64_array, 256, fi, "fi must be a Float64Array of 256")) {
    return info.Env().Undefined();
  }
  const double* w = static_cast<const double*>(wi.data);
  const double* k = static_cast<const double*>(ki.data);
  const double* f = static_cast<const double*>(fi.data);
  double* out = static_cast<double*>(call.out.data) + call.at;
  // Not Prefaulted: a fill that stops at a tail value every few thousand values would start a helper each time.
  const size_t done = WithPcg(call.block, call.cheap, [&](auto& pcg) {
    auto g = pcg;
    for (size_t i = 0; i < call.count; i++) {
      const u128 before = g.state;
      for (;;) {
        // Bits 0–7 the layer, bit 8 the sign, bits 9–60 the magnitude.
        const uint64_t u = g.Next();
        const size_t idx = u & 0xff;
        const double rabs = static_cast<double>((u >> 9) & 0x000fffffffffffffULL);
        const double magnitude = rabs * w[idx];
        const double x = (u & 0x100) ? -magnitude : magnitude;
        if (rabs < k[idx]) {
          out[i] = x;
          break;
        }
        if (idx == 0) {
          g.state = before;
          pcg = g;
          return i;
        }
        const double unit = static_cast<double>(g.Next() >> 11) * kTwoPowMinus53;
        if ((f[idx - 1] - f[idx]) * unit + f[idx] < kernels::Exp<true>(-0.5 * x * x)) {
          out[i] = x;
          break;
        }
      }
    }
    pcg = g;
    return call.count;
  });
  return Napi::Number::New(info.Env(), static_cast<double>(done));
}

// mtDoubles(mt, out, at, count): MT19937's 53-bit doubles into out[at, at + count).
Napi::Value NumpyFills::MtDoublesJs(const Napi::CallbackInfo& info) {
  const Args args(info, "mtDoubles(mt, out, at, count)");
  uint32_t* mt = nullptr;
  ArrayArg outArg;
  size_t at = 0;
  size_t count = 0;
  if (!ReadMt(args, 0, mt) || !args.ArrayOf(1, napi_float64_array, 0, outArg, "out must be a Float64Array") || !ReadRange(args, 2, outArg, at, count)) {
    return info.Env().Undefined();
  }
  double* out = static_cast<double*>(outArg.data) + at;
  Prefaulted(out, count, sizeof(double), [&](size_t from, size_t to) {
    MtDoublesRange(mt, out, from, to);
    return to;
  });
  return info.Env().Undefined();
}

// mtGauss(mt, out, at, pairs): `pairs` pairs of NumPy's legacy_gauss (the polar method) into
// out[at, at + 2·pairs): f·x2 then f·x1 of each accepted pair, f = sqrt(−2 log r2 / r2).
Napi::Value NumpyFills::MtGaussJs(const Napi::CallbackInfo& info) {
  const Args args(info, "mtGauss(mt, out, at, pairs)");
  uint32_t* mt = nullptr;
  ArrayArg outArg;
  double at = 0;
  double pairs = 0;
  if (!ReadMt(args, 0, mt) || !args.ArrayOf(1, napi_float64_array, 0, outArg, "out must be a Float64Array") ||
      !args.Index(2, static_cast<double>(outArg.length), at) ||
      !args.Index(3, std::floor((static_cast<double>(outArg.length) - at) / 2), pairs)) {
    return info.Env().Undefined();
  }
  double* out = static_cast<double*>(outArg.data) + static_cast<size_t>(at);
  Prefaulted(out, static_cast<size_t>(pairs), 2 * sizeof(double), [&](size_t from, size_t to) {
    for (size_t i = from; i < to; i++) {
      double x1;
      double x2;
      double r2;
      do {
        x1 = 2.0 * MtDouble(mt) - 1.0;
        x2 = 2.0 * MtDouble(mt) - 1.0;
        r2 = x1 * x1 + x2 * x2;
      } while (r2 >= 1.0 || r2 == 0.0);
      const double f = std::sqrt(-2.0 * kernels::Log<true>(r2) / r2);
      out[2 * i] = f * x2;
      out[2 * i + 1] = f * x1;
    }
    return to;
  });
  return info.Env().Undefined();
}

Napi::Object NumpyFills::Create(Napi::Env env) {
  Napi::Object object = Napi::Object::New(env);
  object.Set("pcgDoubles", Napi::Function::New<PcgDoublesJs>(env, "pcgDoubles"));
  object.Set("pcgBounded32", Napi::Function::New<PcgBounded32Js>(env, "pcgBounded32"));
  object.Set("pcgNormals", Napi::Function::New<PcgNormalsJs>(env, "pcgNormals"));
  object.Set("mtDoubles", Napi::Function::New<MtDoublesJs>(env, "mtDoubles"));
  object.Set("mtGauss", Napi::Function::New<MtGaussJs>(env, "mtGauss"));
  return object;
}
