// Proves cudnn_abi.h against the real cudnn.h (see abi_check.h); cudnn.h includes
// cuda_runtime_api.h, so that must be found too.
#if __has_include(<cudnn.h>) && __has_include(<cuda_runtime_api.h>)

#include <cudnn.h>

#include "abi_check.h"
#include "cudnn_abi.h"

#define CHECK_FUNCTION(field, Type, symbol, preferred) NODE_CURAND_CHECK_FUNCTION(cudnn_abi, Type, symbol)
NODE_CURAND_CUDNN_FUNCTIONS(CHECK_FUNCTION)

#pragma message("node-curand ABI check: cudnn_abi.h verified against cudnn.h")
#elif defined(NODE_CURAND_REQUIRE_ABI_CHECKS)
#error "node-curand ABI check: cudnn.h not found (NODE_CURAND_REQUIRE_ABI_CHECKS is set)"
#else
#pragma message("node-curand ABI check: cudnn.h not found, cudnn_abi.h NOT checked")
#endif
