#include "device_staging.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <thread>

#include "device_scope.h"
#include "helper_threads.h"
#include "libraries.h"

namespace {

// Chunk sizes (docs/gpu.md, "Chunks"). Every chunk size is a power of two of at least 64 KiB, so a
// full chunk holds a multiple of 4 elements of 4 or 8 bytes (cuRAND writes in slots of 4:
// docs/spec/curand-host-semantics.md §2.4).
// - Calls up to kSingleChunkBytes go as one chunk: at that size the fixed cost of a chunk (a kernel
//   launch, an async copy, two events: ≈ 10–20 µs) is as large as the time pipelining could save.
// - Larger calls are cut into at least 4 chunks, so that only about a quarter of one chunk's copy is
//   not overlapped, and at most kMaxChunkBytes each, which bounds the memory a generator keeps
//   (2 device + 2 pinned chunks: 32 MiB) while a chunk still takes ≈ 300 µs on PCIe 4, long next to
//   its fixed cost.
constexpr size_t kMinChunkBytes = size_t{64} << 10;
constexpr size_t kSingleChunkBytes = size_t{1} << 20;
constexpr size_t kMaxChunkBytes = size_t{8} << 20;

size_t CeilPowerOfTwo(size_t x) {
  size_t p = 1;
  while (p < x) p <<= 1;
  return p;
}

size_t FloorPowerOfTwo(size_t x) {
  size_t p = 1;
  while (p <= x / 2) p <<= 1;
  return p;
}

size_t ChunkBytes(size_t totalBytes) {
  if (totalBytes <= kSingleChunkBytes) return std::max(kMinChunkBytes, CeilPowerOfTwo(totalBytes));
  return std::min(kMaxChunkBytes, FloorPowerOfTwo(totalBytes / 4));
}

// The host copy pinned → caller. One core copies ≈ 10–20 GB/s, below a PCIe 5 bus (≈ 50 GB/s), so
// a large chunk is split into slices copied at once on the addon's kept helper threads (this thread
// takes one): contiguous, cache-line aligned, at least kMinSliceBytes each, so that waking a helper
// (a few µs) stays small next to its slice, and at most kMaxSlices, past which one socket's memory
// bandwidth is shared out rather than added to (docs/gpu.md, "The host copy").
constexpr size_t kParallelCopyBytes = size_t{1} << 20;
constexpr size_t kMinSliceBytes = size_t{256} << 10;
constexpr size_t kMaxSlices = 8;
constexpr size_t kCacheLineBytes = 64;

void CopyInSlices(char* target, const char* source, size_t bytes) {
  static const size_t cores = std::max<size_t>(1, std::thread::hardware_concurrency());
  const size_t slices = bytes < kParallelCopyBytes ? 1 : std::min({kMaxSlices, cores, bytes / kMinSliceBytes});
  if (slices <= 1) {
    std::memcpy(target, source, bytes);
    return;
  }
  // Slice p covers [bound(p), bound(p + 1)); inner bounds rounded down to a cache line.
  const auto bound = [&](uint64_t p) {
    return p == slices ? bytes : (bytes / slices * p) / kCacheLineBytes * kCacheLineBytes;
  };
  helper_threads::RunParts(slices, [&](uint64_t p) {
    const size_t from = bound(p);
    std::memcpy(target + from, source + from, bound(p + 1) - from);
  });
}

}  // namespace

Failure DeviceStaging::GenerationStream(cudart_abi::Stream& stream) {
  if (Failure failure = CreateStreams()) return failure;
  stream = generateStream_;
  return Failure::None();
}

Failure DeviceStaging::CreateStreams() {
  if (generateStream_ != nullptr) return Failure::None();
  const cudart_abi::Api& cudart = *Libraries::Instance().Cudart();
  // Non-blocking streams: the legacy default stream (other libraries in the process) neither waits
  // for this generator's work nor makes it wait.
  cudart_abi::Stream generate = nullptr;
  cudart_abi::Stream copy = nullptr;
  const char* operation = "cudaStreamCreateWithFlags";
  cudart_abi::Error error = cudart.streamCreateWithFlags(&generate, cudart_abi::kStreamNonBlocking);
  if (error == cudart_abi::cudaSuccess) error = cudart.streamCreateWithFlags(&copy, cudart_abi::kStreamNonBlocking);
  std::array<Slot, 2> slots{};
  for (Slot& slot : slots) {
    if (error != cudart_abi::cudaSuccess) break;
    operation = "cudaEventCreateWithFlags";
    // `generated` is only waited for by the copy stream, on the GPU. The host waits for `copied`
    // (Drain), and an event without cudaEventBlockingSync makes that wait spin a CPU core at 100 %
    // for the whole copy (CUDA runtime API, cudaEventCreateWithFlags), taking it from the libuv pool
    // and the helper threads that copy out of the pinned chunks: with the flag the thread sleeps
    // until the driver signals the event. Neither event is ever timed.
    error = cudart.eventCreateWithFlags(&slot.generated, cudart_abi::kEventDisableTiming);
    if (error == cudart_abi::cudaSuccess) {
      error = cudart.eventCreateWithFlags(&slot.copied, cudart_abi::kEventBlockingSync | cudart_abi::kEventDisableTiming);
    }
  }
  if (error != cudart_abi::cudaSuccess) {
    for (Slot& slot : slots) {
      if (slot.generated != nullptr) cudart.eventDestroy(slot.generated);
      if (slot.copied != nullptr) cudart.eventDestroy(slot.copied);
    }
    if (generate != nullptr) cudart.streamDestroy(generate);
    if (copy != nullptr) cudart.streamDestroy(copy);
    return Failure::Cuda(error, operation);
  }
  generateStream_ = generate;
  copyStream_ = copy;
  for (size_t i = 0; i < slots.size(); ++i) {
    slots_[i].generated = slots[i].generated;
    slots_[i].copied = slots[i].copied;
  }
  return Failure::None();
}

Failure DeviceStaging::Fill(void* out, size_t length, size_t elementBytes,
                            const std::function<Failure(void* device, size_t n)>& generateChunk, bool& consumed,
                            bool outPinned) {
  consumed = false;
  const cudart_abi::Api* cudart = Libraries::Instance().Cudart();
  if (cudart == nullptr) {
    return Failure::Curand(curand_abi::CURAND_STATUS_NOT_INITIALIZED, "generate", "libcudart is not loaded");
  }
  // The current device belongs to the host thread, and this runs on whichever thread calls.
  const DeviceScope scope(*cudart, device_);
  if (scope.failure()) return scope.failure();
  if (Failure failure = CreateStreams()) return failure;
  const size_t chunkBytes = ChunkBytes(length * elementBytes);
  if (Failure failure = Reserve(chunkBytes)) return failure;

  const size_t chunkElements = chunkBytes / elementBytes;
  char* const destination = static_cast<char*>(out);
  // Device → caller's memory in one copy when that memory is pinned; else through the slot's pinned
  // chunk and a host copy (or, without pinned chunks, straight into pageable memory).
  const bool staged = pinned_ && !outPinned;
  Failure failure;
  const Slot* previous = nullptr;  // the chunk enqueued last round, not yet drained
  char* previousTarget = nullptr;
  size_t previousBytes = 0;
  size_t index = 0;
  for (size_t done = 0; done < length && !failure; ++index) {
    const size_t n = std::min(chunkElements, length - done);
    const size_t bytes = n * elementBytes;
    char* const target = destination + done * elementBytes;
    Slot& slot = slots_[index % 2];
    // The slot is free: the host drained chunk index-2 (waited for its copy, copied it out of the
    // pinned chunk) last round, before this chunk could be enqueued.
    failure = generateChunk(slot.device, n);
    if (failure) break;
    consumed = true;
    failure = Failure::FromCuda(cudart->eventRecord(slot.generated, generateStream_), "cudaEventRecord");
    if (!failure) failure = Failure::FromCuda(cudart->streamWaitEvent(copyStream_, slot.generated, cudart_abi::kEventWaitDefault), "cudaStreamWaitEvent");
    // To pageable memory cudaMemcpyAsync returns only once the copy is done (CUDA runtime API,
    // "API synchronization behavior"), so that mode overlaps nothing but stays correct.
    if (!failure) {
      failure = Failure::FromCuda(cudart->copyAsync(staged ? slot.pinned : target, slot.device, bytes,
                                       cudart_abi::cudaMemcpyDeviceToHost, copyStream_),
                     "cudaMemcpyAsync");
    }
    if (!failure) failure = Failure::FromCuda(cudart->eventRecord(slot.copied, copyStream_), "cudaEventRecord");
    // Chunk index-1 reaches the caller while chunk index is generated and crosses the bus.
    if (!failure && previous != nullptr) failure = Drain(*previous, previousTarget, previousBytes, staged);
    previous = &slot;
    previousTarget = target;
    previousBytes = bytes;
    done += n;
  }
  if (!failure && previous != nullptr) failure = Drain(*previous, previousTarget, previousBytes, staged);
  if (failure) {
    // Nothing of this call may still run when the buffers are reused or freed.
    cudart->streamSynchronize(generateStream_);
    cudart->streamSynchronize(copyStream_);
  }
  return failure;
}

Failure DeviceStaging::Discard(size_t words, const std::function<Failure(void* device, size_t n)>& generateChunk,
                               bool& consumed) {
  consumed = false;
  const cudart_abi::Api* cudart = Libraries::Instance().Cudart();
  if (cudart == nullptr) {
    return Failure::Curand(curand_abi::CURAND_STATUS_NOT_INITIALIZED, "discard", "libcudart is not loaded");
  }
  const DeviceScope scope(*cudart, device_);
  if (scope.failure()) return scope.failure();
  if (Failure failure = CreateStreams()) return failure;
  // The largest chunk: the GPU generates it in well under a millisecond, and the buffer is the one
  // Fill keeps anyway.
  const size_t chunkBytes = ChunkBytes(std::max(words * sizeof(uint32_t), kMaxChunkBytes * 4));
  if (Failure failure = Reserve(chunkBytes)) return failure;
  const size_t chunkWords = chunkBytes / sizeof(uint32_t);
  for (size_t done = 0; done < words;) {
    const size_t n = std::min(chunkWords, words - done);
    if (Failure failure = generateChunk(slots_[0].device, n)) {
      cudart->streamSynchronize(generateStream_);
      return failure;
    }
    consumed = true;
    done += n;
  }
  return Failure::None();
}

Failure DeviceStaging::Drain(const Slot& slot, char* target, size_t bytes, bool staged) const {
  const cudart_abi::Api& cudart = *Libraries::Instance().Cudart();
  if (const cudart_abi::Error error = cudart.eventSynchronize(slot.copied); error != cudart_abi::cudaSuccess) {
    return Failure::Cuda(error, "cudaEventSynchronize");
  }
  if (staged) CopyInSlices(target, static_cast<const char*>(slot.pinned), bytes);
  return Failure::None();
}

Failure DeviceStaging::Reserve(size_t chunkBytes) {
  if (chunkBytes <= capacityBytes_) return Failure::None();
  // Every earlier fill has drained both streams, so the old buffers are idle.
  FreeBuffers();
  const cudart_abi::Api& cudart = *Libraries::Instance().Cudart();
  for (Slot& slot : slots_) {
    if (const cudart_abi::Error error = cudart.deviceMalloc(&slot.device, chunkBytes); error != cudart_abi::cudaSuccess) {
      slot.device = nullptr;
      FreeBuffers();
      return Failure::Cuda(error, "cudaMalloc");
    }
  }
  // Pinned memory is an optimisation only: without it (a failed cudaHostAlloc, e.g. under a locked
  // memory limit) the copies go to the caller's pageable memory.
  pinned_ = true;
  for (Slot& slot : slots_) {
    if (cudart.hostAlloc(&slot.pinned, chunkBytes, cudart_abi::kHostAllocDefault) != cudart_abi::cudaSuccess) {
      slot.pinned = nullptr;
      pinned_ = false;
    }
  }
  if (!pinned_) {
    for (Slot& slot : slots_) {
      if (slot.pinned != nullptr) cudart.hostFree(slot.pinned);
      slot.pinned = nullptr;
    }
  }
  capacityBytes_ = chunkBytes;
  return Failure::None();
}

void DeviceStaging::FreeBuffers() {
  const cudart_abi::Api& cudart = *Libraries::Instance().Cudart();
  for (Slot& slot : slots_) {
    if (slot.device != nullptr) cudart.deviceFree(slot.device);
    if (slot.pinned != nullptr) cudart.hostFree(slot.pinned);
    slot.device = nullptr;
    slot.pinned = nullptr;
  }
  pinned_ = false;
  capacityBytes_ = 0;
}

void DeviceStaging::Release() {
  if (generateStream_ == nullptr && capacityBytes_ == 0) return;
  const cudart_abi::Api& cudart = *Libraries::Instance().Cudart();
  // Freed even when the device cannot be made current (a lost device, a sticky error): whatever the
  // runtime can still give back is given back.
  const DeviceScope scope(cudart, device_);
  FreeBuffers();
  for (Slot& slot : slots_) {
    if (slot.generated != nullptr) cudart.eventDestroy(slot.generated);
    if (slot.copied != nullptr) cudart.eventDestroy(slot.copied);
    slot.generated = nullptr;
    slot.copied = nullptr;
  }
  if (generateStream_ != nullptr) cudart.streamDestroy(generateStream_);
  if (copyStream_ != nullptr) cudart.streamDestroy(copyStream_);
  generateStream_ = nullptr;
  copyStream_ = nullptr;
}
