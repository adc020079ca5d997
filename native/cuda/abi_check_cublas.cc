// Proves cublas_abi.h against the real cublas_api.h and library_types.h (see abi_check.h).
// cublas_api.h includes CUDA toolkit headers (cuComplex.h, cuda_fp16.h), so those must be found too.
#if __has_include(<cublas_api.h>) && __has_include(<cuComplex.h>) && __has_include(<cuda_fp16.h>) && \
    __has_include(<library_types.h>)

#include <cublas_api.h>

#include "abi_check.h"
#include "cublas_abi.h"

namespace abi_check {
template <>
struct AbiOf<cublasStatus_t> : AbiOfEnum<cublasStatus_t, cublas_abi::Status> {};
template <>
struct AbiOf<libraryPropertyType> : AbiOfEnum<libraryPropertyType, cublas_abi::LibraryProperty> {};
}  // namespace abi_check

#define CHECK_VALUE(name, value) NODE_CURAND_CHECK_VALUE(cublas_abi, name)
#define CHECK_FUNCTION(field, Type, symbol, preferred) NODE_CURAND_CHECK_FUNCTION(cublas_abi, Type, symbol)
NODE_CURAND_CUBLAS_STATUSES(CHECK_VALUE)
NODE_CURAND_CUBLAS_PROPERTIES(CHECK_VALUE)
NODE_CURAND_CUBLAS_FUNCTIONS(CHECK_FUNCTION)

#pragma message("node-curand ABI check: cublas_abi.h verified against cublas_api.h")
#elif defined(NODE_CURAND_REQUIRE_ABI_CHECKS)
#error "node-curand ABI check: cublas_api.h or the CUDA headers it needs not found (NODE_CURAND_REQUIRE_ABI_CHECKS is set)"
#else
#pragma message("node-curand ABI check: cublas_api.h not found, cublas_abi.h NOT checked")
#endif
