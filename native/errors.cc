#include "errors.h"

#include "instance.h"
#include "libraries.h"

Failure Failure::Curand(int status, const char* operation, std::string detail) {
  const char* name = curand_abi::StatusName(status);
  return {Source::kCurand, status, name != nullptr ? name : "CURAND_STATUS_UNKNOWN", operation, std::move(detail)};
}

Failure Failure::Cuda(int status, const char* operation) {
  const cudart_abi::Api* cudart = Libraries::Instance().Cudart();
  const char* name = cudart != nullptr ? cudart->getErrorName(static_cast<cudart_abi::Error>(status)) : nullptr;
  return {Source::kCuda, status, name != nullptr ? name : "cudaErrorUnknown", operation, ""};
}

Failure Failure::Busy(const char* operation) {
  return {Source::kBusy, 0, "", operation,
          "a generateAsync() call on this generator is still pending; await it first"};
}

namespace {

const char* CodeOf(Failure::Source source) {
  switch (source) {
    case Failure::Source::kCuda:
      return "ERR_CUDA_STATUS";
    case Failure::Source::kBusy:
      return "ERR_CURAND_BUSY";
    default:
      return "ERR_CURAND_STATUS";
  }
}

std::string MessageOf(const Failure& failure) {
  std::string message = failure.operation;
  if (failure.source != Failure::Source::kBusy) {
    message += " failed: " + failure.statusName + " (" + std::to_string(failure.status) + ")";
  }
  if (!failure.detail.empty()) message += ": " + failure.detail;
  return message;
}

Napi::Object PropsOf(Napi::Env env, const Failure& failure) {
  Napi::Object props = Napi::Object::New(env);
  props.Set("code", CodeOf(failure.source));
  if (failure.source != Failure::Source::kBusy) {
    props.Set("status", failure.status);
    props.Set("statusName", failure.statusName);
  }
  props.Set("operation", failure.operation);
  return props;
}

}  // namespace

Napi::Value MakeError(Napi::Env env, const Failure& failure) {
  const std::string message = MessageOf(failure);
  const Napi::Object props = PropsOf(env, failure);
  AddonInstance* instance = AddonInstance::Of(env);
  if (instance != nullptr && !instance->errorFactory.IsEmpty()) {
    const Napi::Value error = instance->errorFactory.Call({Napi::String::New(env, message), props});
    if (!env.IsExceptionPending() && error.IsObject()) return error;
    // A throwing or broken factory must not hide the library's failure.
    if (env.IsExceptionPending()) env.GetAndClearPendingException();
  }
  Napi::Object error = Napi::Error::New(env, message).Value();
  const Napi::Array keys = props.GetPropertyNames();
  for (uint32_t i = 0; i < keys.Length(); ++i) error.Set(keys.Get(i), props.Get(keys.Get(i)));
  return error;
}

Napi::Value ThrowFailure(Napi::Env env, const Failure& failure) {
  Napi::Error(env, MakeError(env, failure)).ThrowAsJavaScriptException();
  return env.Undefined();
}
