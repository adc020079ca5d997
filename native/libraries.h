// The one process-wide table of runtime-loaded NVIDIA libraries (cuRAND, CUDA runtime, cuBLAS,
// cuDNN). Loading is dlopen() + dlsym() of the slices declared in cuda/*_abi.h: nothing is linked,
// so one binary loads on machines with and without CUDA, CUDA 12 or 13. Libraries are never
// unloaded: function pointers may be in use on any thread of any environment.
#pragma once

#include <napi.h>

#include <array>
#include <atomic>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "cuda/cublas_abi.h"
#include "cuda/cudart_abi.h"
#include "cuda/cudnn_abi.h"
#include "cuda/curand_abi.h"

enum class LibraryId : int { kCurand, kCudart, kCublas, kCudnn };
constexpr int kLibraryCount = 4;

struct LibraryAttempt {
  std::string candidate;
  std::string error;  // empty for the attempt that succeeded
};

struct LibraryState {
  bool loaded = false;
  std::string path;
  std::optional<long long> version;
  std::vector<LibraryAttempt> attempts;
};

class Libraries {
 public:
  static Libraries& Instance();

  // Tries each candidate (absolute path or bare soname) in order until one dlopens and exposes
  // every required symbol. A library already loaded stays loaded and is not tried again.
  void Load(LibraryId id, const std::vector<std::string>& candidates);
  LibraryState State(LibraryId id) const;

  // The bound functions, or nullptr while the library is not loaded.
  const curand_abi::Api* Curand() const { return Ready(LibraryId::kCurand) ? &curand_ : nullptr; }
  const cudart_abi::Api* Cudart() const { return Ready(LibraryId::kCudart) ? &cudart_ : nullptr; }

  // loadLibraries(candidates) and libraryStatus() of the binding.
  static Napi::Value LoadJs(const Napi::CallbackInfo& info);
  static Napi::Value StatusJs(const Napi::CallbackInfo& info);

 private:
  Libraries() = default;
  bool Ready(LibraryId id) const { return ready_[static_cast<int>(id)].load(std::memory_order_acquire); }
  // Binds every symbol of `id` from `handle`; returns the first missing one ("" when complete).
  std::string Bind(LibraryId id, void* handle);
  std::optional<long long> ReadVersion(LibraryId id) const;
  static Napi::Object StatusObject(Napi::Env env);

  mutable std::mutex mutex_;  // guards states_ and the writes of the Api structs
  std::array<LibraryState, kLibraryCount> states_;
  // Set (release) once the Api struct of a library is complete; read (acquire) without the lock.
  std::array<std::atomic<bool>, kLibraryCount> ready_{};
  curand_abi::Api curand_;
  cudart_abi::Api cudart_;
  cublas_abi::Api cublas_;
  cudnn_abi::Api cudnn_;
};
