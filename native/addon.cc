// Registers the binding (binding-types.ts NativeBinding) and nothing else.
#include <napi.h>

#include "addon_lifetime.h"
#include "cpu_kernels.h"
#include "device_array.h"
#include "devices.h"
#include "draw_kernels.h"
#include "generator.h"
#include "instance.h"
#include "libraries.h"
#include "numpy_fills.h"
#include "pinned_memory.h"

namespace {

// Bump together with NATIVE_ABI_VERSION in src/native/binding-types.ts whenever the surface changes.
constexpr int kNativeAbiVersion = 13;

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  KeepAddonLoaded();  // before anything process-wide exists: the library table, helper threads
  AddonInstance::Install(env);
  exports.Set("abiVersion", Napi::Number::New(env, kNativeAbiVersion));
  exports.Set("constants", NativeGenerator::Constants(env));
  exports.Set("setErrorFactory", Napi::Function::New<AddonInstance::SetErrorFactoryJs>(env, "setErrorFactory"));
  exports.Set("loadLibraries", Napi::Function::New<Libraries::LoadJs>(env, "loadLibraries"));
  exports.Set("libraryStatus", Napi::Function::New<Libraries::StatusJs>(env, "libraryStatus"));
  exports.Set("cudaDevices", Napi::Function::New<CudaDevices::ListJs>(env, "cudaDevices"));
  exports.Set("NativeGenerator", NativeGenerator::Define(env));
  NativeDeviceArray::Define(env);  // made by generateToDevice only, so not exported
  exports.Set("allocPinned", Napi::Function::New<pinned_memory::AllocJs>(env, "allocPinned"));
  exports.Set("cpuKernels", CpuKernels::Create(env));
  exports.Set("drawKernels", DrawKernels::Create(env));
  exports.Set("numpyFills", NumpyFills::Create(env));
  return exports;
}

}  // namespace

NODE_API_MODULE(node_curand, Init)
