#include "device_array.h"

#include <cstdint>
#include <string>
#include <utility>

#include "device_scope.h"
#include "instance.h"
#include "js_errors.h"
#include "libraries.h"
#include "reaper.h"
#include "shared_arrays.h"

namespace {

Failure Disposed(const char* operation) {
  return Failure::Curand(curand_abi::CURAND_STATUS_NOT_INITIALIZED, operation, "the device array has been disposed");
}

Napi::BigInt Address(Napi::Env env, const void* pointer) {
  return Napi::BigInt::New(env, static_cast<uint64_t>(reinterpret_cast<uintptr_t>(pointer)));
}

// One copyToHostAsync on the thread pool; holds the buffer and the output array until it settles.
class CopyWorker : public Napi::AsyncWorker {
 public:
  CopyWorker(Napi::Env env, std::shared_ptr<DeviceBuffer> buffer, Napi::Object out, void* data, napi_deferred deferred)
      : Napi::AsyncWorker(env, "node-curand:copyToHost"),
        buffer_(std::move(buffer)),
        out_(Napi::Persistent(out)),
        data_(data),
        deferred_(deferred) {}

 protected:
  void Execute() override { failure_ = buffer_->CopyToHost(data_); }

  void OnOK() override {
    out_.Reset();
    // While the environment is torn down, JS cannot run: the promise stays pending.
    if (!CanRunJs(Env())) return;
    if (failure_) {
      napi_reject_deferred(Env(), deferred_, MakeError(Env(), failure_));
    } else {
      napi_resolve_deferred(Env(), deferred_, Env().Undefined());
    }
  }

 private:
  std::shared_ptr<DeviceBuffer> buffer_;
  Napi::ObjectReference out_;
  void* data_;
  napi_deferred deferred_;
  Failure failure_;
};

}  // namespace

Failure DeviceBuffer::CopyToHost(void* out) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (freed_) return Disposed("copyToHost");
  if (bytes_ == 0) return Failure::None();
  const cudart_abi::Api* cudart = Libraries::Instance().Cudart();
  if (cudart == nullptr) return Disposed("copyToHost");
  const DeviceScope scope(*cudart, device_);
  if (scope.failure()) return scope.failure();
  if (copyStream_ == nullptr) {
    cudart_abi::Stream stream = nullptr;
    cudart_abi::Event event = nullptr;
    // Non-blocking, as the generator's streams (device_staging.h); a blocking-sync event, so that the
    // host thread sleeps while it waits instead of spinning a core.
    Failure failure = Failure::FromCuda(cudart->streamCreateWithFlags(&stream, cudart_abi::kStreamNonBlocking), "cudaStreamCreateWithFlags");
    if (!failure) {
      failure = Failure::FromCuda(cudart->eventCreateWithFlags(&event, cudart_abi::kEventBlockingSync | cudart_abi::kEventDisableTiming),
                     "cudaEventCreateWithFlags");
    }
    if (failure) {
      if (stream != nullptr) cudart->streamDestroy(stream);
      return failure;
    }
    copyStream_ = stream;
    copied_ = event;
  }
  Failure failure = Failure::FromCuda(cudart->streamWaitEvent(copyStream_, ready_, cudart_abi::kEventWaitDefault), "cudaStreamWaitEvent");
  if (!failure) {
    failure = Failure::FromCuda(cudart->copyAsync(out, data_, bytes_, cudart_abi::cudaMemcpyDeviceToHost, copyStream_), "cudaMemcpyAsync");
  }
  if (!failure) failure = Failure::FromCuda(cudart->eventRecord(copied_, copyStream_), "cudaEventRecord");
  if (!failure) failure = Failure::FromCuda(cudart->eventSynchronize(copied_), "cudaEventSynchronize");
  // Nothing may still write into `out` once this returns.
  if (failure) cudart->streamSynchronize(copyStream_);
  return failure;
}

void DeviceBuffer::Free() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (freed_) return;
  freed_ = true;
  const cudart_abi::Api* cudart = Libraries::Instance().Cudart();
  if (cudart == nullptr) return;
  // On the reaper thread (reaper.h): dispose() and GC finalizers run on the JS thread, and cudaFree
  // waits for the whole device.
  reaper::Submit([cudart, device = device_, data = data_, ready = ready_, copied = copied_, stream = copyStream_] {
    const DeviceScope scope(*cudart, device);
    // The generation may still be running: wait for it alone before the free waits for the device.
    if (ready != nullptr) cudart->eventSynchronize(ready);
    if (data != nullptr) cudart->deviceFree(data);
    if (ready != nullptr) cudart->eventDestroy(ready);
    if (copied != nullptr) cudart->eventDestroy(copied);
    if (stream != nullptr) cudart->streamDestroy(stream);
  });
  data_ = nullptr;
  ready_ = nullptr;
  copied_ = nullptr;
  copyStream_ = nullptr;
}

Napi::Function NativeDeviceArray::Define(Napi::Env env) {
  Napi::Function constructor =
      DefineClass(env, "NativeDeviceArray",
                  {InstanceMethod<&NativeDeviceArray::CopyToHost>("copyToHost"),
                   InstanceMethod<&NativeDeviceArray::CopyToHostAsync>("copyToHostAsync"),
                   InstanceMethod<&NativeDeviceArray::Dispose>("dispose")});
  AddonInstance::Of(env)->deviceArrayConstructor = Napi::Persistent(constructor);
  return constructor;
}

Napi::Value NativeDeviceArray::Wrap(Napi::Env env, std::shared_ptr<DeviceBuffer> buffer) {
  // The constructor takes the buffer from this External during New(), while `buffer` is alive.
  return AddonInstance::Of(env)->deviceArrayConstructor.New({Napi::External<std::shared_ptr<DeviceBuffer>>::New(env, &buffer)});
}

NativeDeviceArray::NativeDeviceArray(const Napi::CallbackInfo& info) : Napi::ObjectWrap<NativeDeviceArray>(info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsExternal()) {
    ThrowTypeError(env, "NativeDeviceArray is made by NativeGenerator.generateToDevice, not by new");
    return;
  }
  buffer_ = *info[0].As<Napi::External<std::shared_ptr<DeviceBuffer>>>().Data();
  Napi::Object self = info.This().As<Napi::Object>();
  const auto constant = [&](const char* name, Napi::Value value) {
    self.DefineProperty(Napi::PropertyDescriptor::Value(name, value, napi_enumerable));
  };
  constant("pointer", Address(env, buffer_->data()));
  constant("byteLength", Napi::Number::New(env, static_cast<double>(buffer_->bytes())));
  constant("deviceIndex", Napi::Number::New(env, buffer_->device()));
  constant("stream", Address(env, buffer_->generation()));
  constant("event", Address(env, buffer_->ready()));
}

NativeDeviceArray::~NativeDeviceArray() {
  // The last holder frees it: this object, or a copy still running on the thread pool.
  buffer_.reset();
}

bool NativeDeviceArray::ReadOut(const Napi::CallbackInfo& info, const char* method, void*& data) {
  size_t byteLength = 0;
  if (info.Length() < 1 || !info[0].IsTypedArray() ||
      napi_get_typedarray_info(info.Env(), info[0], nullptr, nullptr, &data, nullptr, nullptr) != napi_ok) {
    ThrowTypeError(info.Env(), std::string(method) + "(out): out must be a TypedArray");
    return false;
  }
  byteLength = info[0].As<Napi::TypedArray>().ByteLength();
  if (byteLength != buffer_->bytes()) {
    ThrowTypeError(info.Env(), std::string(method) + "(out): out must be exactly " + std::to_string(buffer_->bytes()) +
                                   " bytes long, got " + std::to_string(byteLength));
    return false;
  }
  return true;
}

Napi::Value NativeDeviceArray::CopyToHost(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  void* data = nullptr;
  if (!ReadOut(info, "copyToHost", data)) return env.Undefined();
  if (disposed_) return ThrowFailure(env, Disposed("copyToHost"));
  const Failure failure = buffer_->CopyToHost(data);
  return failure ? ThrowFailure(env, failure) : env.Undefined();
}

Napi::Value NativeDeviceArray::CopyToHostAsync(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  void* data = nullptr;
  if (!ReadOut(info, "copyToHostAsync", data)) return RejectedPromise(env, "copyToHostAsync: invalid arguments");
  // The copy writes `out` on the thread pool (shared_arrays.h).
  const std::string problem = NotWritableOffThread(env, info[0], "copyToHostAsync", "out");
  if (!problem.empty()) return RejectedPromise(env, problem);
  const NewPromise made(env);
  if (!made.Made()) return Napi::Value();
  if (disposed_) {
    napi_reject_deferred(env, made.deferred, MakeError(env, Disposed("copyToHostAsync")));
  } else {
    (new CopyWorker(env, buffer_, info[0].As<Napi::Object>(), data, made.deferred))->Queue();
  }
  return Napi::Value(env, made.promise);
}

Napi::Value NativeDeviceArray::Dispose(const Napi::CallbackInfo& info) {
  if (!disposed_) {
    disposed_ = true;
    // Now, not when collected; a copy in progress finishes first (Free waits for it), later ones fail.
    buffer_->Free();
  }
  return info.Env().Undefined();
}
