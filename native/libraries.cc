#include "libraries.h"

#include <dlfcn.h>
#include <link.h>

#include <climits>
#include <cstdlib>
#include <type_traits>

#include "js_errors.h"
#include "library_files.h"

namespace {

// The keys of Record<LibraryName, …> in binding-types.ts, indexed by LibraryId.
constexpr const char* kLibraryNames[kLibraryCount] = {"curand", "cudart", "cublas", "cudnn"};

// Resolves every symbol of one Api table from `handle`; the table is only written when all
// required symbols are present. Returns the first missing symbol, or "".
template <typename Api>
std::string BindSymbols(void* handle, Api& api) {
  Api bound{};
  std::string missing;
  VisitSymbols(bound, [&](const char* symbol, const char* preferred, auto& slot) {
    void* address = preferred != nullptr ? dlsym(handle, preferred) : nullptr;
    if (address == nullptr) address = dlsym(handle, symbol);
    if (address == nullptr && missing.empty()) missing = symbol;
    // POSIX guarantees that a dlsym result converts to a function pointer.
    slot = reinterpret_cast<std::remove_reference_t<decltype(slot)>>(address);
  });
  if (missing.empty()) api = bound;
  return missing;
}

// The file the dynamic loader actually opened (a bare soname resolves through its own search).
std::string LoadedPath(void* handle, const std::string& candidate) {
  struct link_map* map = nullptr;
  if (dlinfo(handle, RTLD_DI_LINKMAP, &map) != 0 || map == nullptr || map->l_name == nullptr ||
      map->l_name[0] == '\0') {
    return candidate;
  }
  char resolved[PATH_MAX];
  return realpath(map->l_name, resolved) != nullptr ? std::string(resolved) : std::string(map->l_name);
}

Napi::Value OrNull(Napi::Env env, const std::string& text) {
  return text.empty() ? env.Null() : Napi::String::New(env, text);
}

}  // namespace

Libraries& Libraries::Instance() {
  // Never destroyed: other threads may still call through the tables while the process exits.
  static Libraries* const instance = new Libraries();
  return *instance;
}

void Libraries::Load(LibraryId id, const std::vector<std::string>& candidates) {
  std::lock_guard<std::mutex> lock(mutex_);
  const int index = static_cast<int>(id);
  LibraryState& state = states_[index];
  if (state.loaded) return;
  state.attempts.clear();
  for (const std::string& candidate : candidates) {
    // A truncated file would crash dlopen itself (SIGBUS): check its headers first.
    const std::string problem =
        candidate.find('/') == std::string::npos ? SonameFileProblem(candidate) : LibraryFileProblem(candidate);
    if (!problem.empty()) {
      state.attempts.push_back({candidate, problem});
      continue;
    }
    void* handle = dlopen(candidate.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
      const char* reason = dlerror();
      state.attempts.push_back({candidate, reason != nullptr ? reason : "dlopen failed"});
      continue;
    }
    const std::string missing = Bind(id, handle);
    if (!missing.empty()) {
      dlclose(handle);
      state.attempts.push_back({candidate, "missing symbol " + missing});
      continue;
    }
    // The handle is kept open for the life of the process.
    state.attempts.push_back({candidate, ""});
    state.loaded = true;
    state.path = LoadedPath(handle, candidate);
    ready_[index].store(true, std::memory_order_release);
    state.version = ReadVersion(id);
    return;
  }
}

LibraryState Libraries::State(LibraryId id) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return states_[static_cast<int>(id)];
}

std::string Libraries::Bind(LibraryId id, void* handle) {
  switch (id) {
    case LibraryId::kCurand:
      return BindSymbols(handle, curand_);
    case LibraryId::kCudart:
      return BindSymbols(handle, cudart_);
    case LibraryId::kCublas:
      return BindSymbols(handle, cublas_);
    case LibraryId::kCudnn:
      return BindSymbols(handle, cudnn_);
  }
  return "unknown library";
}

// Each library's own version number, encoded as binding-types.ts LibraryStatus.version documents.
std::optional<long long> Libraries::ReadVersion(LibraryId id) const {
  int value = 0;
  switch (id) {
    case LibraryId::kCurand:
      if (curand_.getVersion(&value) == curand_abi::CURAND_STATUS_SUCCESS) return value;
      break;
    case LibraryId::kCudart:
      if (cudart_.runtimeGetVersion(&value) == cudart_abi::cudaSuccess) return value;
      break;
    case LibraryId::kCublas: {
      int major = 0, minor = 0, patch = 0;
      if (cublas_.getProperty(cublas_abi::MAJOR_VERSION, &major) == cublas_abi::CUBLAS_STATUS_SUCCESS &&
          cublas_.getProperty(cublas_abi::MINOR_VERSION, &minor) == cublas_abi::CUBLAS_STATUS_SUCCESS &&
          cublas_.getProperty(cublas_abi::PATCH_LEVEL, &patch) == cublas_abi::CUBLAS_STATUS_SUCCESS) {
        return major * 10000LL + minor * 100LL + patch;
      }
      break;
    }
    case LibraryId::kCudnn:
      return static_cast<long long>(cudnn_.getVersion());
  }
  return std::nullopt;
}

Napi::Object Libraries::StatusObject(Napi::Env env) {
  Napi::Object result = Napi::Object::New(env);
  for (int index = 0; index < kLibraryCount; ++index) {
    const LibraryState state = Instance().State(static_cast<LibraryId>(index));
    Napi::Array attempts = Napi::Array::New(env, state.attempts.size());
    for (size_t i = 0; i < state.attempts.size(); ++i) {
      Napi::Object attempt = Napi::Object::New(env);
      attempt.Set("candidate", state.attempts[i].candidate);
      attempt.Set("error", OrNull(env, state.attempts[i].error));
      attempts.Set(static_cast<uint32_t>(i), attempt);
    }
    Napi::Object status = Napi::Object::New(env);
    status.Set("loaded", state.loaded);
    status.Set("path", OrNull(env, state.path));
    status.Set("version", state.version ? Napi::Number::New(env, static_cast<double>(*state.version))
                                        : env.Null());
    status.Set("attempts", attempts);
    result.Set(kLibraryNames[index], status);
  }
  return result;
}

Napi::Value Libraries::LoadJs(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsObject()) {
    return ThrowTypeError(env, "loadLibraries(candidates): candidates must be an object");
  }
  const Napi::Object byName = info[0].As<Napi::Object>();
  std::array<std::optional<std::vector<std::string>>, kLibraryCount> requested;
  for (int index = 0; index < kLibraryCount; ++index) {
    const auto notStrings = [&] {
      return ThrowTypeError(env, std::string("loadLibraries: candidates.") + kLibraryNames[index] +
                                     " must be an array of strings");
    };
    const Napi::Value list = byName.Get(kLibraryNames[index]);
    if (env.IsExceptionPending()) return env.Undefined();
    if (list.IsUndefined()) continue;
    if (!list.IsArray()) return notStrings();
    const Napi::Array array = list.As<Napi::Array>();
    std::vector<std::string> candidates;
    for (uint32_t i = 0; i < array.Length(); ++i) {
      const Napi::Value item = array.Get(i);
      if (env.IsExceptionPending()) return env.Undefined();
      if (!item.IsString()) return notStrings();
      candidates.push_back(item.As<Napi::String>().Utf8Value());
    }
    requested[index] = std::move(candidates);
  }
  // Arguments are read completely before anything is loaded, so a TypeError changes nothing.
  for (int index = 0; index < kLibraryCount; ++index) {
    if (requested[index]) Instance().Load(static_cast<LibraryId>(index), *requested[index]);
  }
  return StatusObject(env);
}

Napi::Value Libraries::StatusJs(const Napi::CallbackInfo& info) {
  return StatusObject(info.Env());
}
