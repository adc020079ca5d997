// The slice of the CUDA runtime API (libcudart.so.13 / .12) that node-curand calls through dlopen,
// declared in our own words. Sources: cuda_runtime_api.h and driver_types.h of CUDA 13.0; the
// exports were read with `nm -D`. abi_check.cc proves every value, offset and signature against the
// real headers wherever they are found.
#pragma once

#include <cstddef>

#include "abi_common.h"

namespace cudart_abi {

// cudaError_t. Only success is needed by name: every failure is reported with the runtime's own
// cudaGetErrorName, so this table never has to follow the runtime's growing list of errors.
#define NODE_CURAND_CUDART_ERRORS(X) X(cudaSuccess, 0)

// cudaDeviceAttr values read for device listing.
#define NODE_CURAND_CUDART_DEVICE_ATTRS(X)      \
  X(cudaDevAttrMultiProcessorCount, 16)         \
  X(cudaDevAttrComputeCapabilityMajor, 75)      \
  X(cudaDevAttrComputeCapabilityMinor, 76)

// cudaMemcpyKind.
#define NODE_CURAND_CUDART_MEMCPY_KINDS(X) X(cudaMemcpyDeviceToHost, 2)

enum Error : int { NODE_CURAND_CUDART_ERRORS(NODE_CURAND_ABI_ENUMERATOR) };
enum DeviceAttr : int { NODE_CURAND_CUDART_DEVICE_ATTRS(NODE_CURAND_ABI_ENUMERATOR) };
enum MemcpyKind : int { NODE_CURAND_CUDART_MEMCPY_KINDS(NODE_CURAND_ABI_ENUMERATOR) };

// cudaHostAlloc flags: cudaHostAllocDefault, and cudaHostAllocPortable (the memory counts as pinned
// for every CUDA context, not only the one current when it was allocated).
constexpr unsigned int kHostAllocDefault = 0;
constexpr unsigned int kHostAllocPortable = 0x01;
// cudaStreamCreateWithFlags: cudaStreamNonBlocking (no implicit sync with the legacy default stream).
constexpr unsigned int kStreamNonBlocking = 0x01;
// cudaEventCreateWithFlags: cudaEventDefault (timestamps, for cudaEventElapsedTime),
// cudaEventBlockingSync (a host thread waiting in cudaEventSynchronize sleeps instead of spinning)
// and cudaEventDisableTiming (the cheapest event: only ordering, no timestamps).
constexpr unsigned int kEventDefault = 0x00;
constexpr unsigned int kEventBlockingSync = 0x01;
constexpr unsigned int kEventDisableTiming = 0x02;
// cudaStreamWaitEvent: cudaEventWaitDefault.
constexpr unsigned int kEventWaitDefault = 0x00;

// cudaStream_t and cudaEvent_t are pointers to opaque driver structs (CUstream_st, CUevent_st).
struct StreamState;
using Stream = StreamState*;
struct EventState;
using Event = EventState*;

// The start of struct cudaDeviceProp. Only this prefix has kept its layout: fields after
// totalGlobalMem were removed and added between CUDA 11, 12 and 13, so the struct is read into a
// buffer larger than any version's (kDevicePropBufferBytes) and compute capability and SM count
// come from cudaDeviceGetAttribute instead.
struct DevicePropPrefix {
  char name[256];
  unsigned char uuid[16];  // cudaUUID_t
  char luid[8];
  unsigned int luidDeviceNodeMask;
  size_t totalGlobalMem;
};
constexpr size_t kDevicePropBufferBytes = 4096;

using GetCount_t = Error (*)(int* count);
using DeviceGetAttribute_t = Error (*)(int* value, DeviceAttr attr, int device);
using GetDeviceProperties_t = Error (*)(DevicePropPrefix* prop, int device);
using SetDevice_t = Error (*)(int device);
using Malloc_t = Error (*)(void** pointer, size_t bytes);
using Free_t = Error (*)(void* pointer);
using HostAlloc_t = Error (*)(void** pointer, size_t bytes, unsigned int flags);
using GetErrorName_t = const char* (*)(Error error);
using StreamCreateWithFlags_t = Error (*)(Stream* stream, unsigned int flags);
using StreamDestroy_t = Error (*)(Stream stream);
using StreamSynchronize_t = Error (*)(Stream stream);
using StreamWaitEvent_t = Error (*)(Stream stream, Event event, unsigned int flags);
using EventCreateWithFlags_t = Error (*)(Event* event, unsigned int flags);
using EventRecord_t = Error (*)(Event event, Stream stream);
using EventSynchronize_t = Error (*)(Event event);
using EventDestroy_t = Error (*)(Event event);
using EventElapsedTime_t = Error (*)(float* milliseconds, Event start, Event end);
using GetDevice_t = Error (*)(int* device);
using MemcpyAsync_t = Error (*)(void* dst, const void* src, size_t bytes, MemcpyKind kind, Stream stream);

// X(field, Type, exported symbol, preferred versioned symbol or nullptr). CUDA 12 runtimes export
// cudaGetDeviceProperties_v2, the symbol CUDA 12 headers compile cudaGetDeviceProperties to, next
// to the plain name kept for programs built with older headers; libcudart.so.13 exports only the
// plain name (nm -D). Either fills the prefix above.
#define NODE_CURAND_CUDART_FUNCTIONS(X)                                                                \
  X(getDeviceCount, GetCount_t, cudaGetDeviceCount, nullptr)                                           \
  X(deviceGetAttribute, DeviceGetAttribute_t, cudaDeviceGetAttribute, nullptr)                         \
  X(getDeviceProperties, GetDeviceProperties_t, cudaGetDeviceProperties, "cudaGetDeviceProperties_v2") \
  X(getDevice, GetDevice_t, cudaGetDevice, nullptr)                                                    \
  X(setDevice, SetDevice_t, cudaSetDevice, nullptr)                                                    \
  X(deviceMalloc, Malloc_t, cudaMalloc, nullptr)                                                       \
  X(deviceFree, Free_t, cudaFree, nullptr)                                                             \
  X(hostAlloc, HostAlloc_t, cudaHostAlloc, nullptr)                                                    \
  X(hostFree, Free_t, cudaFreeHost, nullptr)                                                           \
  X(copyAsync, MemcpyAsync_t, cudaMemcpyAsync, nullptr)                                                \
  X(streamCreateWithFlags, StreamCreateWithFlags_t, cudaStreamCreateWithFlags, nullptr)                \
  X(streamDestroy, StreamDestroy_t, cudaStreamDestroy, nullptr)                                        \
  X(streamSynchronize, StreamSynchronize_t, cudaStreamSynchronize, nullptr)                            \
  X(streamWaitEvent, StreamWaitEvent_t, cudaStreamWaitEvent, nullptr)                                  \
  X(eventCreateWithFlags, EventCreateWithFlags_t, cudaEventCreateWithFlags, nullptr)                   \
  X(eventRecord, EventRecord_t, cudaEventRecord, nullptr)                                              \
  X(eventSynchronize, EventSynchronize_t, cudaEventSynchronize, nullptr)                               \
  X(eventDestroy, EventDestroy_t, cudaEventDestroy, nullptr)                                           \
  X(eventElapsedTime, EventElapsedTime_t, cudaEventElapsedTime, nullptr)                               \
  X(runtimeGetVersion, GetCount_t, cudaRuntimeGetVersion, nullptr)                                     \
  X(driverGetVersion, GetCount_t, cudaDriverGetVersion, nullptr)                                       \
  X(getErrorName, GetErrorName_t, cudaGetErrorName, nullptr)

struct Api {
  NODE_CURAND_CUDART_FUNCTIONS(NODE_CURAND_ABI_FIELD)
};

template <typename Visit>
void VisitSymbols(Api& api, Visit&& visit) {
  NODE_CURAND_CUDART_FUNCTIONS(NODE_CURAND_ABI_VISIT)
}

}  // namespace cudart_abi
