// cpuKernels: the addon's CPU kernels (native/kernels/) as the JS binding sees them
// (binding-types.ts NativeCpuKernels): which ones this CPU runs, philox()/philoxAsync() calls that
// compute a call's whole slots into the caller's typed array, and mtgp32()/mtgp32Async() calls that
// run a call's chunks on the engine's rings, threadSlots() calls that run a call's slots of XORWOW or
// MRG32k3a on the engine's thread states, and mt19937() calls that run a call's words on the engine's
// stream windows; each on one or several threads.
#pragma once

#include <napi.h>

namespace kernels {
struct DrawFunctions;
}

// The draws' loops of kernel `kernel` (binding-types.ts NATIVE_CPU_KERNEL), or null when it is unknown
// or this CPU cannot run it (draw_kernels.cc).
const kernels::DrawFunctions* DrawFunctionsOf(int kernel);

class CpuKernels {
 public:
  // The `cpuKernels` object of the binding.
  static Napi::Object Create(Napi::Env env);

 private:
  static Napi::Value PhiloxJs(const Napi::CallbackInfo& info);
  static Napi::Value PhiloxAsyncJs(const Napi::CallbackInfo& info);
  static Napi::Value Mtgp32Js(const Napi::CallbackInfo& info);
  static Napi::Value Mtgp32AsyncJs(const Napi::CallbackInfo& info);
  static Napi::Value ThreadSlotsJs(const Napi::CallbackInfo& info);
  static Napi::Value Mt19937Js(const Napi::CallbackInfo& info);
};
