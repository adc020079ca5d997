#include "generator_core.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <optional>
#include <utility>

#include "device_scope.h"
#include "libraries.h"
#include "reaper.h"

using curand_abi::CURAND_STATUS_NOT_INITIALIZED;
using curand_abi::CURAND_STATUS_SUCCESS;

size_t ElementBytes(GenerateKind kind) {
  switch (kind) {
    case GenerateKind::kUniformDouble:
    case GenerateKind::kNormalDouble:
    case GenerateKind::kLogNormalDouble:
      return sizeof(double);
    default:
      return sizeof(float);
  }
}

namespace {

Failure Check(curand_abi::Status status, const char* operation) {
  return status == CURAND_STATUS_SUCCESS ? Failure::None() : Failure::Curand(status, operation);
}

// The output alignment (bytes) cuRAND's HOST generators need for `kind`. Found by a probe that called
// every host generate function of every generator (all orderings, three starting phases) on outputs at
// each element-size step from 0 to 60 bytes past a 64-byte boundary, with lengths 1-20, 1000,
// 4097/4098, 2^16+3/2^16+4 and 10^6, each in a forked child (docs/curand-host-model.md, "Output
// alignment"; cuRAND 10.4 of CUDA 13): only XORWOW's and MRG32k3a's double normal and log-normal
// calls crash, at every even length, when the output is 8 bytes past a 16-byte boundary (aligned SSE
// stores, movapd); every other call works at any element-aligned address, and nothing is ever
// written outside the output. libcurand's host code has no AVX instructions, so 16 bytes is the most
// any of its stores needs.
size_t HostAlignment(int rngType, GenerateKind kind) {
  const bool pairedDoubles = kind == GenerateKind::kNormalDouble || kind == GenerateKind::kLogNormalDouble;
  const bool boxMullerPairs =
      rngType == curand_abi::CURAND_RNG_PSEUDO_XORWOW || rngType == curand_abi::CURAND_RNG_PSEUDO_MRG32K3A;
  return pairedDoubles && boxMullerPairs ? 16 : ElementBytes(kind);
}

// Heap bytes one cuRAND HOST generator keeps once created, seeded and first used, by generator and
// ordering: mallinfo2() before and after curandCreateGeneratorHost + ordering + seed + a first
// curandGenerate, averaged over 20 generators, in a probe against cuRAND 10.4 (CUDA 13 wheel;
// docs/curand-host-model.md, "Memory a host generator holds"). Later calls of any size add nothing
// but Poisson's tables (a few KiB per λ, some 50 KiB at most), which are left out.
size_t HostGeneratorBytes(int rngType, int ordering) {
  switch (rngType) {
    case curand_abi::CURAND_RNG_PSEUDO_PHILOX4_32_10:
      return 4194320;
    case curand_abi::CURAND_RNG_PSEUDO_MTGP32:
      return 830336;
    case curand_abi::CURAND_RNG_PSEUDO_XORWOW:
      return 196624;
    case curand_abi::CURAND_RNG_PSEUDO_MRG32K3A:
      return ordering == curand_abi::CURAND_ORDERING_PSEUDO_LEGACY ? 196624 : 3932176;
    case curand_abi::CURAND_RNG_PSEUDO_MT19937:
      return 41508816;
    default:
      return 0;
  }
}

struct FreeDeleter {
  void operator()(void* memory) const { std::free(memory); }
};

// Why a handle cannot be used; cuRAND itself answers CURAND_STATUS_NOT_INITIALIZED for a generator
// that does not exist.
Failure NotUsable(const char* operation, const char* why) {
  return Failure::Curand(CURAND_STATUS_NOT_INITIALIZED, operation, why);
}

}  // namespace

GeneratorCore::GeneratorCore(int rngType, bool host, int device)
    : rngType_(rngType), host_(host), device_(device), staging_(device) {}

GeneratorCore::~GeneratorCore() {
  FreeResources();
}

Failure GeneratorCore::Configure(uint64_t seed, uint64_t offset, bool setOffset, int ordering) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (released_) return NotUsable("configure", "the generator has been disposed");
  const curand_abi::Api* api = Libraries::Instance().Curand();
  if (api == nullptr) return NotUsable("configure", "libcurand is not loaded");
  std::optional<DeviceScope> scope;
  if (!host_) {
    const cudart_abi::Api* cudart = Libraries::Instance().Cudart();
    if (cudart == nullptr) return NotUsable("configure", "libcudart is not loaded");
    // cuRAND creates the generator's state on the host thread's current device.
    scope.emplace(*cudart, device_);
    if (scope->failure()) return scope->failure();
  }

  curand_abi::Generator fresh = nullptr;
  const auto type = static_cast<curand_abi::RngType>(rngType_);
  Failure failure = host_ ? Check(api->createGeneratorHost(&fresh, type), "curandCreateGeneratorHost")
                          : Check(api->createGenerator(&fresh, type), "curandCreateGenerator");
  if (failure) return failure;
  if (!host_) {
    // cuRAND launches on this generator's own non-blocking stream, which the copies follow
    // (device_staging.h); set before the seed, so that seeding kernels run there too.
    cudart_abi::Stream stream = nullptr;
    failure = staging_.GenerationStream(stream);
    if (!failure) failure = Check(api->setStream(fresh, stream), "curandSetStream");
  }
  if (!failure) failure = Check(api->setOrdering(fresh, static_cast<curand_abi::Ordering>(ordering)), "curandSetGeneratorOrdering");
  if (!failure) failure = Check(api->setSeed(fresh, seed), "curandSetPseudoRandomGeneratorSeed");
  // MTGP32 and MT19937 reject any offset with CURAND_STATUS_TYPE_ERROR, so the caller asks for it.
  if (!failure && setOffset) failure = Check(api->setOffset(fresh, offset), "curandSetGeneratorOffset");
  if (failure) {
    api->destroyGenerator(fresh);
    return failure;
  }
  std::swap(generator_, fresh);
  if (fresh != nullptr) api->destroyGenerator(fresh);
  positionLost_ = false;
  ordering_ = ordering;
  UpdateHeldBytes();
  return Failure::None();
}

Failure GeneratorCore::Generate(const GenerateCall& call) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (released_) return NotUsable("generate", "the generator has been disposed");
  if (generator_ == nullptr) return NotUsable("generate", "configure() has not been called");
  if (positionLost_) {
    return Failure::Curand(curand_abi::CURAND_STATUS_PREEXISTING_FAILURE, "generate",
                           "an earlier call failed part-way through on the device, after cuRAND had generated some of "
                           "its chunks, so the stream position is unknown; configure again (setSeed, setOffset, "
                           "setOrdering) to restart the stream");
  }
  // cuRAND returns success for n = 0 and changes nothing (docs/spec/curand-host-semantics.md §2.5).
  if (call.length == 0) return Failure::None();
  const curand_abi::Api& api = *Libraries::Instance().Curand();
  if (host_) return GenerateOnHost(api, call);
  bool consumed = false;
  Failure failure = staging_.Fill(call.data, call.length, ElementBytes(call.kind),
                                  [&](void* device, size_t n) { return CallCurand(api, call, device, n); }, consumed,
                                  call.pinnedOut != nullptr);
  UpdateHeldBytes();
  // cuRAND cannot be moved back to where this call started, and reporting a position it is not at
  // would give wrong numbers silently: the generator refuses to go on until it is configured again.
  if (failure && consumed) positionLost_ = true;
  return failure;
}

Failure GeneratorCore::Usable(const char* operation) const {
  if (released_) return NotUsable(operation, "the generator has been disposed");
  if (generator_ == nullptr) return NotUsable(operation, "configure() has not been called");
  if (positionLost_) return Failure::Curand(curand_abi::CURAND_STATUS_PREEXISTING_FAILURE, operation, "the stream position is unknown");
  if (host_) {
    return Failure::Curand(curand_abi::CURAND_STATUS_TYPE_ERROR, operation,
                           "a host generator (curand-host) has no device memory to generate into");
  }
  return Failure::None();
}

Failure GeneratorCore::GenerateToDevice(const GenerateCall& call, std::shared_ptr<DeviceBuffer>& out) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (Failure failure = Usable("generateToDevice")) return failure;
  const curand_abi::Api& api = *Libraries::Instance().Curand();
  const cudart_abi::Api& cudart = *Libraries::Instance().Cudart();
  const DeviceScope scope(cudart, device_);
  if (scope.failure()) return scope.failure();
  cudart_abi::Stream stream = nullptr;
  if (Failure failure = staging_.GenerationStream(stream)) return failure;
  const size_t bytes = call.length * ElementBytes(call.kind);
  void* data = nullptr;
  cudart_abi::Event ready = nullptr;
  // Blocking-sync: a host thread waiting for the values (toHost, dispose) sleeps instead of spinning.
  Failure failure = Failure::FromCuda(cudart.eventCreateWithFlags(&ready, cudart_abi::kEventBlockingSync | cudart_abi::kEventDisableTiming),
                         "cudaEventCreateWithFlags");
  if (!failure && bytes > 0) failure = Failure::FromCuda(cudart.deviceMalloc(&data, bytes), "cudaMalloc");
  // One cuRAND call for the whole length: no chunks, so nothing but cuRAND's own rules (the even-n
  // rule for normals) applies, and a refusal consumes nothing.
  if (!failure && call.length > 0) failure = CallCurand(api, call, data, call.length);
  bool consumed = !failure && call.length > 0;
  if (!failure) failure = Failure::FromCuda(cudart.eventRecord(ready, stream), "cudaEventRecord");
  if (failure) {
    if (consumed) {
      positionLost_ = true;
      cudart.streamSynchronize(stream);
    }
    if (data != nullptr) cudart.deviceFree(data);
    if (ready != nullptr) cudart.eventDestroy(ready);
    return failure;
  }
  out = std::make_shared<DeviceBuffer>(device_, data, bytes, stream, ready);
  return Failure::None();
}

Failure GeneratorCore::TimeGenerate(const GenerateCall& call, int repeats, std::vector<double>& ms) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (Failure failure = Usable("timeGenerate")) return failure;
  const curand_abi::Api& api = *Libraries::Instance().Curand();
  const cudart_abi::Api& cudart = *Libraries::Instance().Cudart();
  const DeviceScope scope(cudart, device_);
  if (scope.failure()) return scope.failure();
  cudart_abi::Stream stream = nullptr;
  if (Failure failure = staging_.GenerationStream(stream)) return failure;
  // Events marks[0 … repeats]: call k runs between marks k and k + 1, back to back on the stream, so
  // each figure is the GPU's time for that call alone (launch gaps included, host time not).
  std::vector<cudart_abi::Event> marks(static_cast<size_t>(repeats) + 1, nullptr);
  void* data = nullptr;
  Failure failure;
  // Timing events (no DisableTiming); blocking-sync, since the host waits for the last one.
  for (cudart_abi::Event& mark : marks) {
    if (!failure) failure = Failure::FromCuda(cudart.eventCreateWithFlags(&mark, cudart_abi::kEventBlockingSync), "cudaEventCreateWithFlags");
  }
  const size_t bytes = call.length * ElementBytes(call.kind);
  if (!failure && bytes > 0) failure = Failure::FromCuda(cudart.deviceMalloc(&data, bytes), "cudaMalloc");
  bool consumed = false;
  if (!failure) failure = Failure::FromCuda(cudart.eventRecord(marks[0], stream), "cudaEventRecord");
  for (int k = 0; k < repeats && !failure; ++k) {
    if (call.length > 0) failure = CallCurand(api, call, data, call.length);
    if (!failure) consumed = consumed || call.length > 0;
    if (!failure) failure = Failure::FromCuda(cudart.eventRecord(marks[k + 1], stream), "cudaEventRecord");
  }
  if (!failure) failure = Failure::FromCuda(cudart.eventSynchronize(marks.back()), "cudaEventSynchronize");
  for (int k = 0; k < repeats && !failure; ++k) {
    float elapsed = 0;
    failure = Failure::FromCuda(cudart.eventElapsedTime(&elapsed, marks[k], marks[k + 1]), "cudaEventElapsedTime");
    ms.push_back(elapsed);
  }
  if (failure) {
    ms.clear();
    cudart.streamSynchronize(stream);
    if (consumed) positionLost_ = true;
  }
  if (data != nullptr) cudart.deviceFree(data);
  for (cudart_abi::Event mark : marks) {
    if (mark != nullptr) cudart.eventDestroy(mark);
  }
  return failure;
}

Failure GeneratorCore::Seek(uint64_t offset) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (released_) return NotUsable("seek", "the generator has been disposed");
  if (generator_ == nullptr) return NotUsable("seek", "configure() has not been called");
  const curand_abi::Api& api = *Libraries::Instance().Curand();
  std::optional<DeviceScope> scope;
  if (!host_) {
    scope.emplace(*Libraries::Instance().Cudart(), device_);
    if (scope->failure()) return scope->failure();
  }
  Failure failure = Check(api.setOffset(generator_, offset), "curandSetGeneratorOffset");
  if (!failure) positionLost_ = false;
  return failure;
}

Failure GeneratorCore::Discard(size_t words) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (released_) return NotUsable("discard", "the generator has been disposed");
  if (generator_ == nullptr) return NotUsable("discard", "configure() has not been called");
  if (positionLost_) return Failure::Curand(curand_abi::CURAND_STATUS_PREEXISTING_FAILURE, "discard", "the stream position is unknown");
  if (words == 0) return Failure::None();
  const curand_abi::Api& api = *Libraries::Instance().Curand();
  const auto chunk = [&](void* out, size_t n) {
    return Check(api.generate(generator_, static_cast<unsigned int*>(out), n), "curandGenerate");
  };
  bool consumed = false;
  Failure failure;
  if (host_) {
    // Slices of 2^20 words (4 MiB): any split gives the same position (cuRAND's calls continue one
    // stream whatever their sizes: docs/spec/curand-host-semantics.md §2.4).
    constexpr size_t kSlice = size_t{1} << 20;
    const std::unique_ptr<unsigned int[]> scratch(new (std::nothrow) unsigned int[std::min(words, kSlice)]);
    if (!scratch) return Failure::Curand(curand_abi::CURAND_STATUS_ALLOCATION_FAILED, "discard", "no memory for the scratch buffer");
    for (size_t done = 0; done < words && !failure;) {
      const size_t n = std::min(kSlice, words - done);
      failure = chunk(scratch.get(), n);
      if (!failure) consumed = true;
      done += n;
    }
  } else {
    failure = staging_.Discard(words, chunk, consumed);
    UpdateHeldBytes();
  }
  if (failure && consumed) positionLost_ = true;
  return failure;
}

Failure GeneratorCore::GenerateOnHost(const curand_abi::Api& api, const GenerateCall& call) const {
  const size_t alignment = HostAlignment(rngType_, call.kind);
  if (reinterpret_cast<uintptr_t>(call.data) % alignment == 0) return CallCurand(api, call, call.data, call.length);
  // The whole call goes to cuRAND at once, into aligned memory, and is then copied: cutting it in
  // parts could change which values land where (docs/spec/curand-host-semantics.md §2.5).
  const size_t bytes = call.length * ElementBytes(call.kind);
  void* memory = nullptr;
  if (posix_memalign(&memory, std::max(alignment, sizeof(void*)), bytes) != 0) {
    return Failure::Curand(curand_abi::CURAND_STATUS_ALLOCATION_FAILED, "generate",
                           "no memory to stage an output that is not " + std::to_string(alignment) + "-byte aligned");
  }
  const std::unique_ptr<void, FreeDeleter> staged(memory);
  const Failure failure = CallCurand(api, call, staged.get(), call.length);
  if (!failure) std::memcpy(call.data, staged.get(), bytes);
  return failure;
}

Failure GeneratorCore::CallCurand(const curand_abi::Api& api, const GenerateCall& call, void* out,
                                  size_t n) const {
  const auto meanF = static_cast<float>(call.a);
  const auto stddevF = static_cast<float>(call.b);
  switch (call.kind) {
    case GenerateKind::kUint32:
      return Check(api.generate(generator_, static_cast<unsigned int*>(out), n), "curandGenerate");
    case GenerateKind::kUniform:
      return Check(api.generateUniform(generator_, static_cast<float*>(out), n), "curandGenerateUniform");
    case GenerateKind::kUniformDouble:
      return Check(api.generateUniformDouble(generator_, static_cast<double*>(out), n),
                   "curandGenerateUniformDouble");
    case GenerateKind::kNormal:
      return Check(api.generateNormal(generator_, static_cast<float*>(out), n, meanF, stddevF),
                   "curandGenerateNormal");
    case GenerateKind::kNormalDouble:
      return Check(api.generateNormalDouble(generator_, static_cast<double*>(out), n, call.a, call.b),
                   "curandGenerateNormalDouble");
    case GenerateKind::kLogNormal:
      return Check(api.generateLogNormal(generator_, static_cast<float*>(out), n, meanF, stddevF),
                   "curandGenerateLogNormal");
    case GenerateKind::kLogNormalDouble:
      return Check(api.generateLogNormalDouble(generator_, static_cast<double*>(out), n, call.a, call.b),
                   "curandGenerateLogNormalDouble");
    case GenerateKind::kPoisson:
      return Check(api.generatePoisson(generator_, static_cast<unsigned int*>(out), n, call.a),
                   "curandGeneratePoisson");
  }
  return Failure::Curand(curand_abi::CURAND_STATUS_TYPE_ERROR, "generate", "unknown kind");
}

void GeneratorCore::Release() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    released_ = true;
    UpdateHeldBytes();
  }
  FreeResources();
}

void GeneratorCore::Retire() {
  // A host generator's destroy is a plain free, with no device to wait for.
  if (host_) {
    Release();
    return;
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (released_) return;
    released_ = true;
    UpdateHeldBytes();
  }
  reaper::Submit([core = shared_from_this()] { core->FreeResources(); });
}

void GeneratorCore::FreeResources() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (freed_) return;
  freed_ = true;
  if (generator_ != nullptr) {
    const cudart_abi::Api* cudart = Libraries::Instance().Cudart();
    // A device generator is destroyed on its own device; when that cannot be made current (a lost
    // device) cuRAND still frees what it can.
    std::optional<DeviceScope> scope;
    if (!host_ && cudart != nullptr) scope.emplace(*cudart, device_);
    Libraries::Instance().Curand()->destroyGenerator(generator_);
    generator_ = nullptr;
  }
  staging_.Release();
}

void GeneratorCore::UpdateHeldBytes() {
  // Once released, whatever is still held is on its way out (the reaper frees it) and no longer
  // this generator's to report.
  if (released_) {
    heldBytes_.store(0, std::memory_order_relaxed);
    return;
  }
  size_t bytes = staging_.HeldBytes();
  if (host_ && generator_ != nullptr) bytes += HostGeneratorBytes(rngType_, ordering_);
  heldBytes_.store(bytes, std::memory_order_relaxed);
}

void GeneratorCore::ReportMemory(napi_env env) {
  const size_t held = heldBytes_.load(std::memory_order_relaxed);
  if (held == reportedBytes_) return;
  int64_t total = 0;
  // V8 only counts: the call cannot fail for a live environment, and nothing depends on its result.
  napi_adjust_external_memory(env, static_cast<int64_t>(held) - static_cast<int64_t>(reportedBytes_), &total);
  reportedBytes_ = held;
}
