#include "instance.h"

#include <algorithm>

#include "generator_core.h"
#include "js_errors.h"
#include "reaper.h"

AddonInstance* AddonInstance::Of(Napi::Env env) {
  return env.GetInstanceData<AddonInstance>();
}

void AddonInstance::Install(Napi::Env env) {
  env.SetInstanceData<AddonInstance>(new AddonInstance());
}

AddonInstance::~AddonInstance() {
  for (const std::weak_ptr<GeneratorCore>& weak : cores_) {
    if (const std::shared_ptr<GeneratorCore> core = weak.lock()) core->Release();
  }
  // Generators disposed or collected earlier may still be in the reaper's queue.
  reaper::Drain();
}

void AddonInstance::Track(const std::shared_ptr<GeneratorCore>& core) {
  // Forget generators already gone, so the list stays as long as the live ones.
  cores_.erase(std::remove_if(cores_.begin(), cores_.end(),
                              [](const std::weak_ptr<GeneratorCore>& weak) { return weak.expired(); }),
               cores_.end());
  cores_.push_back(core);
}

Napi::Value AddonInstance::SetErrorFactoryJs(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsFunction()) {
    return ThrowTypeError(env, "setErrorFactory(factory): factory must be a function");
  }
  Of(env)->errorFactory = Napi::Persistent(info[0].As<Napi::Function>());
  return env.Undefined();
}
