// Device-side buffers and streams of one GPU generator, and the pipeline that brings cuRAND's
// device output to the caller's TypedArray (docs/gpu.md):
//
//   generation stream (cuRAND's, curandSetStream)   gen k ─────── gen k+1 ─────── gen k+2
//   copy stream                                           D2H k ────────── D2H k+1 ───────
//   host thread                                                  memcpy k ───────── memcpy k+1
//
// Two slots, each a device chunk, a pinned (page-locked) host chunk and two events, alternate:
// chunk k+1 is generated while chunk k is copied device→pinned, and chunk k is copied pinned→caller
// on the host while chunk k+1 crosses the bus. Without pinned memory (cudaHostAlloc failed, e.g.
// under a locked-memory limit) each chunk is copied straight into the caller's pageable memory.
// Not thread-safe: its owner (GeneratorCore) holds a lock around every call.
#pragma once

#include <array>
#include <cstddef>
#include <functional>

#include "cuda/cudart_abi.h"
#include "errors.h"

class DeviceStaging {
 public:
  explicit DeviceStaging(int device) : device_(device) {}
  ~DeviceStaging() { Release(); }
  DeviceStaging(const DeviceStaging&) = delete;
  DeviceStaging& operator=(const DeviceStaging&) = delete;

  // The non-blocking stream cuRAND must generate on (curandSetStream), created on first use on this
  // staging's device, which the caller has made current.
  Failure GenerationStream(cudart_abi::Stream& stream);
  // Fills `length` elements of `elementBytes` at `out` by calling generateChunk(devicePointer, n) for
  // consecutive chunks, on the generation stream; returns once `out` is written. Chunks hold a
  // multiple of 4 elements (only the last may not), so the split does not show in cuRAND's output
  // order. `consumed` tells whether any generateChunk call succeeded, i.e. whether cuRAND's position
  // has moved even when the fill then failed. `outPinned`: `out` is page-locked memory of ours
  // (pinned_memory.h), which each chunk is copied into straight from the device, with no host copy.
  Failure Fill(void* out, size_t length, size_t elementBytes,
               const std::function<Failure(void* device, size_t n)>& generateChunk, bool& consumed,
               bool outPinned = false);
  // Moves cuRAND on by `words` 32-bit words without bringing them to the host: generateChunk is
  // called for consecutive chunks (multiples of 4 words but the last) into one device buffer, on
  // the generation stream. `consumed` as for Fill.
  Failure Discard(size_t words, const std::function<Failure(void* device, size_t n)>& generateChunk, bool& consumed);
  // Frees device and pinned memory, events and streams; idempotent.
  void Release();
  // Bytes of device and pinned host memory its buffers hold now (2 device chunks, and 2 pinned ones
  // unless pinned allocation failed).
  size_t HeldBytes() const { return capacityBytes_ * (pinned_ ? 4 : 2); }

 private:
  struct Slot {
    void* device = nullptr;
    void* pinned = nullptr;                 // nullptr in pageable mode
    cudart_abi::Event generated = nullptr;  // recorded on the generation stream after the chunk; the copy waits for it
    cudart_abi::Event copied = nullptr;     // recorded on the copy stream after its D2H copy; the host waits for it
  };

  Failure CreateStreams();
  // Makes every slot hold at least `chunkBytes` (a power of two): buffers only grow, so calls of a
  // steady size allocate nothing.
  Failure Reserve(size_t chunkBytes);
  void FreeBuffers();
  // Waits for the D2H copy of the chunk in `slot`, then, when `staged` (the copy went to the slot's
  // pinned chunk), copies it to `target`: a large chunk in slices on the helper threads.
  Failure Drain(const Slot& slot, char* target, size_t bytes, bool staged) const;

  const int device_;
  cudart_abi::Stream generateStream_ = nullptr;
  cudart_abi::Stream copyStream_ = nullptr;
  std::array<Slot, 2> slots_{};
  bool pinned_ = false;
  size_t capacityBytes_ = 0;
};
