// Proves cudart_abi.h against the real cuda_runtime_api.h / driver_types.h (see abi_check.h).
// cuda_runtime.h is deliberately not included: its C++ template overloads (cudaMalloc<T>, …)
// would make &::cudaMalloc ambiguous.
#if __has_include(<cuda_runtime_api.h>)

#include <cuda_runtime_api.h>

#include <cstddef>
#include <type_traits>

#include "abi_check.h"
#include "cudart_abi.h"

namespace abi_check {
template <>
struct AbiOf<cudaError_t> : AbiOfEnum<cudaError_t, cudart_abi::Error> {};
template <>
struct AbiOf<cudaDeviceAttr> : AbiOfEnum<cudaDeviceAttr, cudart_abi::DeviceAttr> {};
template <>
struct AbiOf<cudaMemcpyKind> : AbiOfEnum<cudaMemcpyKind, cudart_abi::MemcpyKind> {};
template <>
struct AbiOf<cudaDeviceProp> {
  using type = cudart_abi::DevicePropPrefix;
};
template <>
struct AbiOf<CUstream_st> {
  using type = cudart_abi::StreamState;
};
template <>
struct AbiOf<CUevent_st> {
  using type = cudart_abi::EventState;
};
}  // namespace abi_check

#define CHECK_VALUE(name, value) NODE_CURAND_CHECK_VALUE(cudart_abi, name)
#define CHECK_FUNCTION(field, Type, symbol, preferred) NODE_CURAND_CHECK_FUNCTION(cudart_abi, Type, symbol)
NODE_CURAND_CUDART_ERRORS(CHECK_VALUE)
NODE_CURAND_CUDART_DEVICE_ATTRS(CHECK_VALUE)
NODE_CURAND_CUDART_MEMCPY_KINDS(CHECK_VALUE)
NODE_CURAND_CUDART_FUNCTIONS(CHECK_FUNCTION)

static_assert(cudart_abi::kHostAllocDefault == cudaHostAllocDefault);
static_assert(cudart_abi::kHostAllocPortable == cudaHostAllocPortable);
static_assert(cudart_abi::kStreamNonBlocking == cudaStreamNonBlocking);
static_assert(cudart_abi::kEventDefault == cudaEventDefault);
static_assert(cudart_abi::kEventBlockingSync == cudaEventBlockingSync);
static_assert(cudart_abi::kEventDisableTiming == cudaEventDisableTiming);
static_assert(cudart_abi::kEventWaitDefault == cudaEventWaitDefault);
static_assert(std::is_same_v<cudaStream_t, CUstream_st*> && std::is_same_v<cudaEvent_t, CUevent_st*>);

// The prefix of cudaDeviceProp that is read, and room for the whole struct.
using Prefix = cudart_abi::DevicePropPrefix;
static_assert(offsetof(cudaDeviceProp, name) == offsetof(Prefix, name));
static_assert(sizeof(cudaDeviceProp::name) == sizeof(Prefix::name));
static_assert(offsetof(cudaDeviceProp, uuid) == offsetof(Prefix, uuid));
static_assert(sizeof(cudaDeviceProp::uuid) == sizeof(Prefix::uuid));
static_assert(offsetof(cudaDeviceProp, totalGlobalMem) == offsetof(Prefix, totalGlobalMem));
static_assert(sizeof(cudaDeviceProp::totalGlobalMem) == sizeof(Prefix::totalGlobalMem));
static_assert(sizeof(cudaDeviceProp) <= cudart_abi::kDevicePropBufferBytes);

#pragma message("node-curand ABI check: cudart_abi.h verified against cuda_runtime_api.h")
#elif defined(NODE_CURAND_REQUIRE_ABI_CHECKS)
#error "node-curand ABI check: cuda_runtime_api.h not found (NODE_CURAND_REQUIRE_ABI_CHECKS is set)"
#else
#pragma message("node-curand ABI check: cuda_runtime_api.h not found, cudart_abi.h NOT checked")
#endif
