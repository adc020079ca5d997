// NativeGenerator: the JS class over one cuRAND generator (binding-types.ts NativeGeneratorHandle).
// It reads and type-checks arguments (TypeScript has already validated their meaning) and hands
// plain structs to GeneratorCore (synchronous calls) or GenerateQueue (generateAsync).
#pragma once

#include <napi.h>

#include <memory>

#include "generate_queue.h"
#include "generator_core.h"

class NativeGenerator : public Napi::ObjectWrap<NativeGenerator> {
 public:
  static Napi::Function Define(Napi::Env env);
  // The curandRngType_t and curandOrdering_t values the constructor and configure() accept.
  static Napi::Object Constants(Napi::Env env);

  explicit NativeGenerator(const Napi::CallbackInfo& info);
  // Garbage collection or environment teardown. While generateAsync calls are outstanding the
  // queue keeps this object alive, so nothing is running on the core here.
  ~NativeGenerator() override;

 private:
  Napi::Value Configure(const Napi::CallbackInfo& info);
  Napi::Value Generate(const Napi::CallbackInfo& info);
  Napi::Value GenerateAsync(const Napi::CallbackInfo& info);
  Napi::Value Seek(const Napi::CallbackInfo& info);
  Napi::Value Discard(const Napi::CallbackInfo& info);
  Napi::Value Dispose(const Napi::CallbackInfo& info);
  Napi::Value GenerateToDevice(const Napi::CallbackInfo& info);
  Napi::Value TimeGenerate(const Napi::CallbackInfo& info);

  // Why a synchronous call cannot run now (disposed, or async calls pending); None otherwise.
  Failure Unavailable(const char* operation) const;

  std::shared_ptr<GeneratorCore> core_;
  std::shared_ptr<GenerateQueue> queue_;
  bool disposed_ = false;
};
