#include "pinned_memory.h"

#include <cstdint>
#include <map>
#include <mutex>

#include "device_scope.h"
#include "js_errors.h"
#include "libraries.h"
#include "reaper.h"

namespace pinned_memory {
namespace {

// The live blocks by start address (pointer values as integers, so that ranges compare).
struct Registry {
  std::mutex mutex;
  std::map<uintptr_t, std::shared_ptr<const Block>> blocks;
};

Registry& Blocks() {
  // Never destroyed: finalizers of arrays still alive at exit may run after static destructors.
  static Registry* const registry = new Registry();
  return *registry;
}

// The one place pinned output memory is freed: on the reaper thread (reaper.h), because
// cudaFreeHost synchronises the device and finalizers run on the JS thread.
void FreeHost(void* data) {
  if (const cudart_abi::Api* cudart = Libraries::Instance().Cudart()) reaper::Submit([cudart, data] { cudart->hostFree(data); });
}

// The ArrayBuffer has been collected: the block goes once no call holds it any more.
void Finalize(napi_env /*env*/, void* data, void* /*hint*/) {
  Registry& registry = Blocks();
  std::shared_ptr<const Block> block;
  {
    std::lock_guard<std::mutex> lock(registry.mutex);
    const auto found = registry.blocks.find(reinterpret_cast<uintptr_t>(data));
    if (found == registry.blocks.end()) return;
    block = std::move(found->second);
    registry.blocks.erase(found);
  }
  // block's destructor (here, or in the last call that still holds it) frees the memory.
}

}  // namespace

Block::~Block() {
  if (data != nullptr) FreeHost(data);
}

std::shared_ptr<const Block> Find(const void* data, size_t bytes) {
  const auto start = reinterpret_cast<uintptr_t>(data);
  Registry& registry = Blocks();
  std::lock_guard<std::mutex> lock(registry.mutex);
  auto after = registry.blocks.upper_bound(start);
  if (after == registry.blocks.begin()) return nullptr;
  const std::shared_ptr<const Block>& block = std::prev(after)->second;
  const auto blockStart = reinterpret_cast<uintptr_t>(block->data);
  return start - blockStart + bytes <= block->bytes ? block : nullptr;
}

Napi::Value AllocJs(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const double bytes = info.Length() < 2 || !info[0].IsNumber() ? -1 : info[0].As<Napi::Number>().DoubleValue();
  // 2^53 − 1: every count a JS number holds exactly; 0 has no memory to pin.
  if (!(bytes >= 1 && bytes <= 9007199254740991.0 && bytes == static_cast<double>(static_cast<uint64_t>(bytes))) ||
      !info[1].IsNumber()) {
    return ThrowTypeError(env, "allocPinned(bytes, device): expected an integer bytes in [1, 2^53 - 1] and a device ordinal");
  }
  const cudart_abi::Api* cudart = Libraries::Instance().Cudart();
  if (cudart == nullptr) return env.Null();
  // Portable: the memory counts as pinned for every device, so a generator on any GPU copies to it
  // directly; the device only decides which context is current while it is allocated.
  const DeviceScope scope(*cudart, info[1].As<Napi::Number>().Int32Value());
  if (scope.failure()) return env.Null();
  auto block = std::make_shared<Block>();
  block->bytes = static_cast<size_t>(bytes);
  if (cudart->hostAlloc(&block->data, block->bytes, cudart_abi::kHostAllocPortable) != cudart_abi::cudaSuccess) {
    block->data = nullptr;
    return env.Null();
  }
  napi_value buffer = nullptr;
  if (napi_create_external_arraybuffer(env, block->data, block->bytes, Finalize, nullptr, &buffer) != napi_ok) {
    // Not made (a runtime that forbids external buffers): `block` frees the memory.
    if (env.IsExceptionPending()) env.GetAndClearPendingException();
    return env.Null();
  }
  Registry& registry = Blocks();
  std::lock_guard<std::mutex> lock(registry.mutex);
  registry.blocks[reinterpret_cast<uintptr_t>(block->data)] = std::move(block);
  return Napi::Value(env, buffer);
}

}  // namespace pinned_memory
