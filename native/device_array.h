// Device-resident output (binding-types.ts NativeDeviceArrayHandle, src/device-array.ts): one
// cudaMalloc'd buffer that cuRAND filled on its generator's generation stream, with an event
// recorded after the generation so that other libraries (and the copies back) wait for exactly that
// work and nothing else.
#pragma once

#include <napi.h>

#include <cstddef>
#include <memory>
#include <mutex>

#include "cuda/cudart_abi.h"
#include "errors.h"

// The thread-side half, shared by the JS object and any copy running on the thread pool, so that
// dispose() or garbage collection never frees memory a copy still reads. Thread-safe.
class DeviceBuffer {
 public:
  // Takes ownership of `data` (cudaMalloc'd on `device`, `bytes` long; nullptr when bytes is 0) and
  // of `ready` (recorded on `generation` after the values were generated). `generation` stays the
  // generator's: it is only reported.
  DeviceBuffer(int device, void* data, size_t bytes, cudart_abi::Stream generation, cudart_abi::Event ready)
      : device_(device), data_(data), bytes_(bytes), generation_(generation), ready_(ready) {}
  ~DeviceBuffer() { Free(); }
  DeviceBuffer(const DeviceBuffer&) = delete;
  DeviceBuffer& operator=(const DeviceBuffer&) = delete;

  // Copies all `bytes_` into `out` (host memory the caller keeps valid), once the generation is done;
  // on a stream of its own, so that the generator's later calls neither wait for it nor delay it.
  Failure CopyToHost(void* out);
  // Waits for the generation, then frees the memory, the event and the copy stream; idempotent. The
  // one place device output is freed (dispose, finalizer, environment teardown): cudaFree
  // synchronises the device, so this is where a process-wide reaper thread can take it off the JS thread.
  void Free();

  int device() const { return device_; }
  size_t bytes() const { return bytes_; }
  const void* data() const { return data_; }
  cudart_abi::Stream generation() const { return generation_; }
  cudart_abi::Event ready() const { return ready_; }

 private:
  std::mutex mutex_;
  const int device_;
  void* data_;
  const size_t bytes_;
  const cudart_abi::Stream generation_;
  cudart_abi::Event ready_;
  cudart_abi::Stream copyStream_ = nullptr;  // created by the first copy
  cudart_abi::Event copied_ = nullptr;       // recorded after each copy; the host waits for it
  bool freed_ = false;
};

// The JS object over one DeviceBuffer (binding-types.ts NativeDeviceArrayHandle). Made only by
// NativeGenerator.generateToDevice (through Wrap); garbage collection frees the buffer.
class NativeDeviceArray : public Napi::ObjectWrap<NativeDeviceArray> {
 public:
  static Napi::Function Define(Napi::Env env);
  // A new JS object owning `buffer`.
  static Napi::Value Wrap(Napi::Env env, std::shared_ptr<DeviceBuffer> buffer);

  explicit NativeDeviceArray(const Napi::CallbackInfo& info);
  ~NativeDeviceArray() override;

 private:
  Napi::Value CopyToHost(const Napi::CallbackInfo& info);
  Napi::Value CopyToHostAsync(const Napi::CallbackInfo& info);
  Napi::Value Dispose(const Napi::CallbackInfo& info);
  // Reads the `out` argument of copyToHost/copyToHostAsync: a TypedArray of exactly bytes() bytes.
  bool ReadOut(const Napi::CallbackInfo& info, const char* method, void*& data);

  std::shared_ptr<DeviceBuffer> buffer_;
  bool disposed_ = false;
};
