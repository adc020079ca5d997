#include "generator.h"

#include <string>
#include <vector>

#include "device_array.h"
#include "instance.h"
#include "js_errors.h"
#include "libraries.h"
#include "pinned_memory.h"
#include "shared_arrays.h"

namespace {

// The TypedArray each kind writes (types.ts OUTPUT_TYPE).
napi_typedarray_type ArrayTypeOf(GenerateKind kind) {
  switch (kind) {
    case GenerateKind::kUint32:
    case GenerateKind::kPoisson:
      return napi_uint32_array;
    case GenerateKind::kUniform:
    case GenerateKind::kNormal:
    case GenerateKind::kLogNormal:
      return napi_float32_array;
    default:
      return napi_float64_array;
  }
}

const char* ArrayNameOf(GenerateKind kind) {
  switch (ArrayTypeOf(kind)) {
    case napi_uint32_array:
      return "Uint32Array";
    case napi_float32_array:
      return "Float32Array";
    default:
      return "Float64Array";
  }
}

// Reads (kind, out, a, b) of generate/generateAsync into `call`, pointing at out's own memory.
// On a wrong type it throws a TypeError and returns false.
bool ReadGenerateCall(const Napi::CallbackInfo& info, const char* method, GenerateCall& call) {
  Napi::Env env = info.Env();
  const std::string signature = std::string(method) + "(kind, out, a, b)";
  if (info.Length() < 4 || !info[0].IsNumber() || !info[1].IsTypedArray() || !info[2].IsNumber() ||
      !info[3].IsNumber()) {
    ThrowTypeError(env, signature + ": expected (number, Uint32Array | Float32Array | Float64Array, number, number)");
    return false;
  }
  const double kindNumber = info[0].As<Napi::Number>().DoubleValue();
  const int kind = info[0].As<Napi::Number>().Int32Value();
  if (kind != kindNumber || kind < 0 || kind >= kGenerateKindCount) {
    ThrowTypeError(env, signature + ": kind must be one of NATIVE_KIND");
    return false;
  }
  call.kind = static_cast<GenerateKind>(kind);
  napi_typedarray_type type;
  size_t length = 0;
  void* data = nullptr;
  if (napi_get_typedarray_info(env, info[1], &type, &length, &data, nullptr, nullptr) != napi_ok) {
    ThrowTypeError(env, signature + ": out is not a readable TypedArray");
    return false;
  }
  if (type != ArrayTypeOf(call.kind)) {
    ThrowTypeError(env, signature + ": out must be a " + ArrayNameOf(call.kind) + " for this kind");
    return false;
  }
  call.data = data;  // already advanced by the array's byteOffset
  call.length = length;
  call.a = info[2].As<Napi::Number>().DoubleValue();
  call.b = info[3].As<Napi::Number>().DoubleValue();
  return true;
}

// Reads (kind, n, a, b, …) of generateToDevice/timeGenerate into `call` (no output memory: call.data
// stays null). On a wrong type it throws a TypeError naming `signature` and returns false.
bool ReadDeviceCall(const Napi::CallbackInfo& info, const std::string& signature, GenerateCall& call) {
  Napi::Env env = info.Env();
  if (info.Length() < 4 || !info[0].IsNumber() || !info[1].IsNumber() || !info[2].IsNumber() || !info[3].IsNumber()) {
    ThrowTypeError(env, signature + ": expected numbers");
    return false;
  }
  const double kindNumber = info[0].As<Napi::Number>().DoubleValue();
  const int kind = info[0].As<Napi::Number>().Int32Value();
  const double n = info[1].As<Napi::Number>().DoubleValue();
  if (kind != kindNumber || kind < 0 || kind >= kGenerateKindCount) {
    ThrowTypeError(env, signature + ": kind must be one of NATIVE_KIND");
    return false;
  }
  // 2^53 − 1: every count a JS number holds exactly.
  if (!(n >= 0 && n <= 9007199254740991.0 && n == static_cast<double>(static_cast<uint64_t>(n)))) {
    ThrowTypeError(env, signature + ": n must be an integer in [0, 2^53 - 1]");
    return false;
  }
  call.kind = static_cast<GenerateKind>(kind);
  call.length = static_cast<size_t>(n);
  call.a = info[2].As<Napi::Number>().DoubleValue();
  call.b = info[3].As<Napi::Number>().DoubleValue();
  return true;
}

// A BigInt in [0, 2^64) as uint64_t; false when it is out of range.
bool ReadUint64(const Napi::Value& value, uint64_t& out) {
  bool lossless = false;
  out = value.As<Napi::BigInt>().Uint64Value(&lossless);
  return lossless;
}

}  // namespace

Napi::Function NativeGenerator::Define(Napi::Env env) {
  Napi::Function constructor =
      DefineClass(env, "NativeGenerator",
                  {InstanceMethod<&NativeGenerator::Configure>("configure"),
                   InstanceMethod<&NativeGenerator::Generate>("generate"),
                   InstanceMethod<&NativeGenerator::GenerateAsync>("generateAsync"),
                   InstanceMethod<&NativeGenerator::Seek>("seek"),
                   InstanceMethod<&NativeGenerator::Discard>("discard"),
                   InstanceMethod<&NativeGenerator::Dispose>("dispose"),
                   InstanceMethod<&NativeGenerator::GenerateToDevice>("generateToDevice"),
                   InstanceMethod<&NativeGenerator::TimeGenerate>("timeGenerate")});
  AddonInstance::Of(env)->generatorConstructor = Napi::Persistent(constructor);
  return constructor;
}

Napi::Object NativeGenerator::Constants(Napi::Env env) {
#define NODE_CURAND_EXPORT_VALUE(name, value, key) table.Set(#key, static_cast<int>(curand_abi::name));
  Napi::Object constants = Napi::Object::New(env);
  Napi::Object table = Napi::Object::New(env);
  NODE_CURAND_CURAND_RNG_TYPES(NODE_CURAND_EXPORT_VALUE)
  constants.Set("rngType", table);
  table = Napi::Object::New(env);
  NODE_CURAND_CURAND_ORDERINGS(NODE_CURAND_EXPORT_VALUE)
  constants.Set("ordering", table);
#undef NODE_CURAND_EXPORT_VALUE
  return constants;
}

NativeGenerator::NativeGenerator(const Napi::CallbackInfo& info) : Napi::ObjectWrap<NativeGenerator>(info) {
  Napi::Env env = info.Env();
  const char* const usage = "new NativeGenerator({ rngType: number, host: boolean, device: number })";
  if (info.Length() < 1 || !info[0].IsObject()) {
    ThrowTypeError(env, usage);
    return;
  }
  const Napi::Object options = info[0].As<Napi::Object>();
  const Napi::Value rngType = options.Get("rngType");
  const Napi::Value host = options.Get("host");
  const Napi::Value device = options.Get("device");
  if (env.IsExceptionPending()) return;
  if (!rngType.IsNumber() || !host.IsBoolean() || !(device.IsNumber() || device.IsUndefined())) {
    ThrowTypeError(env, usage);
    return;
  }
  const bool onHost = host.As<Napi::Boolean>().Value();
  // cuRAND would only fail later, at the first call; saying which library is missing is clearer.
  if (Libraries::Instance().Curand() == nullptr || (!onHost && Libraries::Instance().Cudart() == nullptr)) {
    const char* missing = Libraries::Instance().Curand() == nullptr ? "libcurand" : "libcudart";
    ThrowFailure(env, Failure::Curand(curand_abi::CURAND_STATUS_NOT_INITIALIZED, "NativeGenerator",
                                      std::string(missing) + " is not loaded (loadLibraries() found no usable copy)"));
    return;
  }
  const int deviceIndex = device.IsNumber() ? device.As<Napi::Number>().Int32Value() : 0;
  core_ = std::make_shared<GeneratorCore>(rngType.As<Napi::Number>().Int32Value(), onHost, deviceIndex);
  queue_ = std::make_shared<GenerateQueue>(core_);
  AddonInstance::Of(env)->Track(core_);
}

NativeGenerator::~NativeGenerator() {
  if (!core_) return;
  // A GC finalizer runs on the JS thread: the frees, which wait for the device, go to the reaper.
  core_->Retire();
  core_->ReportMemory(Env());
}

Failure NativeGenerator::Unavailable(const char* operation) const {
  if (disposed_) {
    return Failure::Curand(curand_abi::CURAND_STATUS_NOT_INITIALIZED, operation, "the generator has been disposed");
  }
  if (queue_->Busy()) return Failure::Busy(operation);
  return Failure::None();
}

Napi::Value NativeGenerator::Configure(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const char* const usage = "configure(seed, offset, setOffset, ordering): expected (bigint, bigint, boolean, number)";
  if (info.Length() < 4 || !info[0].IsBigInt() || !info[1].IsBigInt() || !info[2].IsBoolean() || !info[3].IsNumber()) {
    return ThrowTypeError(env, usage);
  }
  uint64_t seed = 0;
  uint64_t offset = 0;
  if (!ReadUint64(info[0], seed) || !ReadUint64(info[1], offset)) {
    return ThrowTypeError(env, "configure: seed and offset must be bigints in [0, 2^64)");
  }
  if (Failure failure = Unavailable("configure")) return ThrowFailure(env, failure);
  const Failure failure = core_->Configure(seed, offset, info[2].As<Napi::Boolean>().Value(),
                                           info[3].As<Napi::Number>().Int32Value());
  core_->ReportMemory(env);
  return failure ? ThrowFailure(env, failure) : env.Undefined();
}

Napi::Value NativeGenerator::Generate(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  GenerateCall call;
  if (!ReadGenerateCall(info, "generate", call)) return env.Undefined();
  if (Failure failure = Unavailable("generate")) return ThrowFailure(env, failure);
  call.pinnedOut = pinned_memory::Find(call.data, call.length * ElementBytes(call.kind));
  const Failure failure = core_->Generate(call);
  core_->ReportMemory(env);
  return failure ? ThrowFailure(env, failure) : env.Undefined();
}

Napi::Value NativeGenerator::GenerateAsync(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  GenerateCall call;
  if (!ReadGenerateCall(info, "generateAsync", call)) return RejectedPromise(env, "generateAsync: invalid arguments");
  // The call writes `out` on the thread pool (shared_arrays.h). Pinned memory of ours is safe there
  // too: the call holds its block, so the memory outlives even an ArrayBuffer detached meanwhile.
  call.pinnedOut = pinned_memory::Find(call.data, call.length * ElementBytes(call.kind));
  const std::string problem = call.pinnedOut ? "" : NotWritableOffThread(env, info[1], "generateAsync", "out");
  if (!problem.empty()) return RejectedPromise(env, problem);
  return queue_->Push(env, Value(), call, info[1].As<Napi::Object>());
}

Napi::Value NativeGenerator::Seek(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  uint64_t offset = 0;
  if (info.Length() < 1 || !info[0].IsBigInt() || !ReadUint64(info[0], offset)) {
    return ThrowTypeError(env, "seek(offset): offset must be a bigint in [0, 2^64)");
  }
  if (Failure failure = Unavailable("seek")) return ThrowFailure(env, failure);
  const Failure failure = core_->Seek(offset);
  return failure ? ThrowFailure(env, failure) : env.Undefined();
}

Napi::Value NativeGenerator::Discard(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const double words = info.Length() < 1 || !info[0].IsNumber() ? -1 : info[0].As<Napi::Number>().DoubleValue();
  // 2^53 − 1: every count a JS number holds exactly.
  if (!(words >= 0 && words <= 9007199254740991.0 && words == static_cast<double>(static_cast<uint64_t>(words)))) {
    return ThrowTypeError(env, "discard(words): words must be an integer in [0, 2^53 - 1]");
  }
  if (Failure failure = Unavailable("discard")) return ThrowFailure(env, failure);
  const Failure failure = core_->Discard(static_cast<size_t>(words));
  core_->ReportMemory(env);
  return failure ? ThrowFailure(env, failure) : env.Undefined();
}

Napi::Value NativeGenerator::Dispose(const Napi::CallbackInfo& info) {
  if (!disposed_) {
    disposed_ = true;
    queue_->Dispose(info.Env());
    core_->ReportMemory(info.Env());  // what is freed now; a running async call reports when it settles
  }
  return info.Env().Undefined();
}

Napi::Value NativeGenerator::GenerateToDevice(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  GenerateCall call;
  if (!ReadDeviceCall(info, "generateToDevice(kind, n, a, b)", call)) return env.Undefined();
  if (Failure failure = Unavailable("generateToDevice")) return ThrowFailure(env, failure);
  std::shared_ptr<DeviceBuffer> buffer;
  const Failure failure = core_->GenerateToDevice(call, buffer);
  return failure ? ThrowFailure(env, failure) : NativeDeviceArray::Wrap(env, std::move(buffer));
}

Napi::Value NativeGenerator::TimeGenerate(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const char* const signature = "timeGenerate(kind, n, a, b, repeats)";
  GenerateCall call;
  if (!ReadDeviceCall(info, signature, call)) return env.Undefined();
  const double repeats = info.Length() < 5 || !info[4].IsNumber() ? -1 : info[4].As<Napi::Number>().DoubleValue();
  // Each repeat holds one event until the call returns.
  if (!(repeats >= 1 && repeats <= 10000 && repeats == static_cast<double>(static_cast<int>(repeats)))) {
    return ThrowTypeError(env, std::string(signature) + ": repeats must be an integer in [1, 10000]");
  }
  if (Failure failure = Unavailable("timeGenerate")) return ThrowFailure(env, failure);
  std::vector<double> ms;
  const Failure failure = core_->TimeGenerate(call, static_cast<int>(repeats), ms);
  if (failure) return ThrowFailure(env, failure);
  Napi::Array result = Napi::Array::New(env, ms.size());
  for (size_t k = 0; k < ms.size(); ++k) result.Set(static_cast<uint32_t>(k), Napi::Number::New(env, ms[k]));
  return result;
}
