// The thread-side half of a native generator: the cuRAND handle and everything that touches it.
// It is shared (std::shared_ptr) by the JS object, in-flight async calls and the environment's
// teardown list, so whichever finishes last frees nothing twice and nothing too early; a mutex
// serialises every cuRAND call on the handle.
#pragma once

#include <napi.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "cuda/curand_abi.h"
#include "device_array.h"
#include "device_staging.h"
#include "errors.h"
#include "pinned_memory.h"

// The generate-call codes of binding-types.ts NATIVE_KIND, one cuRAND function each.
enum class GenerateKind : int {
  kUint32 = 0,           // curandGenerate
  kUniform = 1,          // curandGenerateUniform
  kUniformDouble = 2,    // curandGenerateUniformDouble
  kNormal = 3,           // curandGenerateNormal
  kNormalDouble = 4,     // curandGenerateNormalDouble
  kLogNormal = 5,        // curandGenerateLogNormal
  kLogNormalDouble = 6,  // curandGenerateLogNormalDouble
  kPoisson = 7,          // curandGeneratePoisson
};
constexpr int kGenerateKindCount = 8;

// Bytes per output element of a kind: 8 for the double kinds, 4 otherwise.
size_t ElementBytes(GenerateKind kind);

// One generate call as plain data, validated by the caller (TypeScript, then the JS binding):
// the worker thread sees nothing else.
struct GenerateCall {
  GenerateKind kind = GenerateKind::kUint32;
  void* data = nullptr;  // the caller's TypedArray memory, `length` elements
  size_t length = 0;
  double a = 0;  // mean, or lambda for Poisson
  double b = 0;  // stddev
  // Set when `data` lies in page-locked memory of ours (pinned_memory.h): a device generator then
  // copies into it directly, and the call keeps it alive while it writes.
  std::shared_ptr<const pinned_memory::Block> pinnedOut;
};

class GeneratorCore : public std::enable_shared_from_this<GeneratorCore> {
 public:
  GeneratorCore(int rngType, bool host, int device);
  ~GeneratorCore();

  // Creates a fresh cuRAND generator (ordering, then seed, then offset when setOffset) and only then
  // replaces the current one, so a failure leaves the handle generating exactly as before.
  Failure Configure(uint64_t seed, uint64_t offset, bool setOffset, int ordering);
  // Writes call.length values of call.kind into call.data. A device call that fails after some of
  // its chunks were generated leaves cuRAND's position moved by an amount the caller does not track:
  // every later Generate then fails with CURAND_STATUS_PREEXISTING_FAILURE until Configure succeeds.
  Failure Generate(const GenerateCall& call);
  // curandSetGeneratorOffset(offset) on the current generator: an absolute position in the stream
  // the generator was configured with (docs/spec/curand-host-semantics.md §2.6), without creating a
  // new generator. cuRAND answers CURAND_STATUS_TYPE_ERROR for MTGP32 and MT19937. Success makes a
  // lost position known again.
  Failure Seek(uint64_t offset);
  // Moves the stream on by `words` raw 32-bit words (curandGenerate) without handing them to anyone:
  // a device generator generates them into device memory only, a host generator into scratch memory.
  // A failure after some words were generated loses the position, as in Generate.
  Failure Discard(size_t words);
  // A device generator's call.length values of call.kind (call.data unused) generated in one cuRAND
  // call into one new cudaMalloc'd buffer on the generation stream, with an event recorded after it;
  // returns without waiting for the GPU. The position moves as Generate's of the same length. Host
  // generators fail with CURAND_STATUS_TYPE_ERROR; an odd-length normal with cuRAND's
  // CURAND_STATUS_LENGTH_NOT_MULTIPLE, before anything is consumed.
  Failure GenerateToDevice(const GenerateCall& call, std::shared_ptr<DeviceBuffer>& out);
  // `repeats` cuRAND calls of call.length values into device memory on the generation stream, each
  // between two timing events: milliseconds per call (cudaEventElapsedTime) into `ms`. Device
  // generators only (CURAND_STATUS_TYPE_ERROR otherwise); moves the stream as `repeats` calls do.
  Failure TimeGenerate(const GenerateCall& call, int repeats, std::vector<double>& ms);
  // Destroys the cuRAND generator and frees device and pinned memory on the calling thread; used at
  // environment teardown. Idempotent; later calls fail with CURAND_STATUS_NOT_INITIALIZED.
  void Release();
  // Release() without the wait: later calls fail at once, as after Release(), and what a device
  // generator holds is freed on the reaper thread (reaper.h), so that the JS thread (dispose(), GC
  // finalizers) never blocks in a free that waits for the device; a host generator, which waits for
  // nothing, is released at once. Idempotent; a Release() afterwards frees at once whatever the
  // reaper has not freed yet.
  void Retire();
  // Tells V8 how much memory this generator holds now that it did not report yet (or gives back
  // what it freed), so that garbage collection weighs undisposed generators by their real size.
  // JS thread only: the owner calls it after configure, generate, dispose, a settled async call and
  // finalisation; never at environment teardown, when the heap goes away with it.
  void ReportMemory(napi_env env);

 private:
  // The checks every generate call makes first (disposed, never configured, position lost).
  Failure Usable(const char* operation) const;
  // A host generator's call: in place when `call.data` meets cuRAND's alignment for the kind
  // (HostAlignment), otherwise staged through aligned memory of the addon's.
  Failure GenerateOnHost(const curand_abi::Api& api, const GenerateCall& call) const;
  // One cuRAND generate call into `out` (host memory for host generators, device memory otherwise).
  Failure CallCurand(const curand_abi::Api& api, const GenerateCall& call, void* out, size_t length) const;

  // What Configure, Generate and Release leave the generator holding (under mutex_): for a host
  // generator cuRAND's own allocation (HostGeneratorBytes), for a device one its staging buffers.
  void UpdateHeldBytes();
  // Destroys the cuRAND generator and frees the staging buffers, once (Release, Retire's reaper job,
  // the destructor).
  void FreeResources();

  const int rngType_;
  const bool host_;
  const int device_;
  int ordering_ = 0;
  std::atomic<size_t> heldBytes_{0};
  size_t reportedBytes_ = 0;  // JS thread only
  std::mutex mutex_;
  curand_abi::Generator generator_ = nullptr;
  bool released_ = false;  // no call may use the generator any more
  bool freed_ = false;     // its cuRAND generator and buffers are gone
  bool positionLost_ = false;
  DeviceStaging staging_;
};
