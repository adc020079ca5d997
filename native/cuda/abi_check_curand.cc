// Proves curand_abi.h against the real curand.h (see abi_check.h). Compiled in every build; the
// checks run only where curand.h (and the CUDA runtime headers it includes) are found.
#if __has_include(<curand.h>) && __has_include(<cuda_runtime.h>)

#include <curand.h>

#include "abi_check.h"
#include "curand_abi.h"

namespace abi_check {
template <>
struct AbiOf<curandStatus_t> : AbiOfEnum<curandStatus_t, curand_abi::Status> {};
template <>
struct AbiOf<curandRngType_t> : AbiOfEnum<curandRngType_t, curand_abi::RngType> {};
template <>
struct AbiOf<curandOrdering_t> : AbiOfEnum<curandOrdering_t, curand_abi::Ordering> {};
template <>
struct AbiOf<curandGenerator_st> {
  using type = curand_abi::GeneratorState;
};
template <>
struct AbiOf<CUstream_st> {
  using type = cudart_abi::StreamState;
};
}  // namespace abi_check

#define CHECK_VALUE(name, value) NODE_CURAND_CHECK_VALUE(curand_abi, name)
#define CHECK_KEYED_VALUE(name, value, key) NODE_CURAND_CHECK_VALUE(curand_abi, name)
#define CHECK_FUNCTION(field, Type, symbol, preferred) NODE_CURAND_CHECK_FUNCTION(curand_abi, Type, symbol)
NODE_CURAND_CURAND_STATUSES(CHECK_VALUE)
NODE_CURAND_CURAND_RNG_TYPES(CHECK_KEYED_VALUE)
NODE_CURAND_CURAND_ORDERINGS(CHECK_KEYED_VALUE)
NODE_CURAND_CURAND_FUNCTIONS(CHECK_FUNCTION)

#pragma message("node-curand ABI check: curand_abi.h verified against curand.h")
#elif defined(NODE_CURAND_REQUIRE_ABI_CHECKS)
#error "node-curand ABI check: curand.h or cuda_runtime.h not found (NODE_CURAND_REQUIRE_ABI_CHECKS is set)"
#else
#pragma message("node-curand ABI check: curand.h not found, curand_abi.h NOT checked")
#endif
