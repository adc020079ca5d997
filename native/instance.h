// Per-environment state of the addon (the main thread and each worker_thread have their own), kept
// as Node-API instance data so that nothing but the library table is process-global.
#pragma once

#include <napi.h>

#include <memory>
#include <vector>

class GeneratorCore;

class AddonInstance {
 public:
  static AddonInstance* Of(Napi::Env env);
  static void Install(Napi::Env env);

  // Releases every generator still alive, on this thread, and waits for the reaper to finish what
  // it was given (reaper.h): this runs at environment teardown (worker exit or process shutdown),
  // after Node has waited for in-flight thread-pool work.
  ~AddonInstance();

  // Remembers a generator so that teardown can free its cuRAND handle and device memory.
  void Track(const std::shared_ptr<GeneratorCore>& core);

  // setErrorFactory(factory) of the binding.
  static Napi::Value SetErrorFactoryJs(const Napi::CallbackInfo& info);

  Napi::FunctionReference errorFactory;
  Napi::FunctionReference generatorConstructor;
  Napi::FunctionReference deviceArrayConstructor;

 private:
  std::vector<std::weak_ptr<GeneratorCore>> cores_;
};
