// drawKernels: the draws' bulk loops (native/kernels/draws_impl.h) as the JS binding sees them
// (binding-types.ts NativeDrawKernels): synchronous calls over a lent word array and the caller's
// typed array, on the JS thread (each handles at most one lent array's words: no threads needed).
#pragma once

#include <napi.h>

class DrawKernels {
 public:
  // The `drawKernels` object of the binding.
  static Napi::Object Create(Napi::Env env);

 private:
  static Napi::Value UnitDoublesJs(const Napi::CallbackInfo& info);
  static Napi::Value UnitFloatsJs(const Napi::CallbackInfo& info);
  static Napi::Value BernoulliJs(const Napi::CallbackInfo& info);
  static Napi::Value Bounded32Js(const Napi::CallbackInfo& info);
  static Napi::Value ShuffleJs(const Napi::CallbackInfo& info);
  static Napi::Value PoissonHistogramJs(const Napi::CallbackInfo& info);
  static Napi::Value PoissonCumulativeJs(const Napi::CallbackInfo& info);
};
