#include "shared_arrays.h"

std::string NotWritableOffThread(Napi::Env env, const Napi::Value& typedArray, const char* method, const char* argument) {
  napi_value buffer = nullptr;
  bool plain = true;
  if (napi_get_typedarray_info(env, typedArray, nullptr, nullptr, nullptr, &buffer, nullptr) != napi_ok ||
      napi_is_arraybuffer(env, buffer, &plain) != napi_ok || plain) {
    return std::string(method) + " writes only into SharedArrayBuffer-backed arrays; stage other outputs (" + argument +
           " is a view of an ArrayBuffer, which can be detached or resized while the call runs)";
  }
  return "";
}
