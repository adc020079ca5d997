// Output arrays over page-locked host memory (cudaHostAlloc), handed to JavaScript as external
// ArrayBuffers (binding-types.ts allocPinned). A device generator copies device → such an array
// directly: the staging chunks and the host memcpy are skipped (device_staging.h), so the bus is the
// only limit (docs/gpu.md, "Pinned outputs").
//
// The blocks are process-wide, not per environment: the memory is the process's (cudaHostAlloc), and
// an ArrayBuffer can be transferred to another thread's environment, where a generator must still
// recognise it. A block lives while its ArrayBuffer does and while any call writing into it runs
// (each holds a shared_ptr), so a finalizer never frees memory a call is still writing.
#pragma once

#include <napi.h>

#include <cstddef>
#include <memory>

namespace pinned_memory {

struct Block {
  void* data = nullptr;
  size_t bytes = 0;
  ~Block();
};

// The block that holds all of [data, data + bytes), or nullptr when that memory is not one of ours.
std::shared_ptr<const Block> Find(const void* data, size_t bytes);

// allocPinned(bytes, device) of the binding: an ArrayBuffer of `bytes` over cudaHostAlloc'd memory
// (portable: pinned for every device's context), or null when libcudart is not loaded or the
// allocation fails (a locked-memory limit), for the caller to fall back to ordinary memory.
Napi::Value AllocJs(const Napi::CallbackInfo& info);

}  // namespace pinned_memory
