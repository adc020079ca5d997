#include "generator_core.h"

#include <utility>

#include "libraries.h"

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

// Why a handle cannot be used; cuRAND itself answers CURAND_STATUS_NOT_INITIALIZED for a generator
// that does not exist.
Failure NotUsable(const char* operation, const char* why) {
  return Failure::Curand(CURAND_STATUS_NOT_INITIALIZED, operation, why);
}

}  // namespace

GeneratorCore::GeneratorCore(int rngType, bool host, int device)
    : rngType_(rngType), host_(host), device_(device), staging_(device) {}

GeneratorCore::~GeneratorCore() {
  Release();
}

Failure GeneratorCore::Configure(uint64_t seed, uint64_t offset, bool setOffset, int ordering) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (released_) return NotUsable("configure", "the generator has been disposed");
  const curand_abi::Api* api = Libraries::Instance().Curand();
  if (api == nullptr) return NotUsable("configure", "libcurand is not loaded");
  if (!host_) {
    const cudart_abi::Api* cudart = Libraries::Instance().Cudart();
    if (cudart == nullptr) return NotUsable("configure", "libcudart is not loaded");
    // cuRAND creates the generator's state on the host thread's current device.
    if (const cudart_abi::Error error = cudart->setDevice(device_); error != cudart_abi::cudaSuccess) {
      return Failure::Cuda(error, "cudaSetDevice");
    }
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
  if (host_) return CallCurand(api, call, call.data, call.length);
  bool consumed = false;
  Failure failure = staging_.Fill(call.data, call.length, ElementBytes(call.kind),
                                  [&](void* device, size_t n) { return CallCurand(api, call, device, n); }, consumed);
  // cuRAND cannot be moved back to where this call started, and reporting a position it is not at
  // would give wrong numbers silently: the generator refuses to go on until it is configured again.
  if (failure && consumed) positionLost_ = true;
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
  std::lock_guard<std::mutex> lock(mutex_);
  if (released_) return;
  released_ = true;
  if (generator_ != nullptr) {
    const cudart_abi::Api* cudart = Libraries::Instance().Cudart();
    // A device generator is destroyed on its own device.
    if (!host_ && cudart != nullptr) cudart->setDevice(device_);
    Libraries::Instance().Curand()->destroyGenerator(generator_);
    generator_ = nullptr;
  }
  staging_.Release();
}
