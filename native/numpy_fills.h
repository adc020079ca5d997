// numpyFills: node-curand/numpy's vectorised fills (binding-types.ts NativeNumpyFills): PCG64 /
// PCG64DXSM and MT19937 over a state block the caller copies its bit generator into and back
// (src/numpy/fills.ts), writing straight into the caller's typed array, on the JS thread.
#pragma once

#include <napi.h>

class NumpyFills {
 public:
  // The `numpyFills` object of the binding.
  static Napi::Object Create(Napi::Env env);

 private:
  static Napi::Value PcgDoublesJs(const Napi::CallbackInfo& info);
  static Napi::Value PcgBounded32Js(const Napi::CallbackInfo& info);
  static Napi::Value PcgNormalsJs(const Napi::CallbackInfo& info);
  static Napi::Value MtDoublesJs(const Napi::CallbackInfo& info);
  static Napi::Value MtGaussJs(const Napi::CallbackInfo& info);
};
