// The slice of cuBLAS that node-curand calls (only to report the library's version), declared in our
// own words. Sources: cublas_api.h of cuBLAS 13.1 and library_types.h of CUDA 13.0; checked by
// abi_check.cc wherever those headers are found. cublasCreate is deliberately not used: it needs a GPU.
#pragma once

#include "abi_common.h"

namespace cublas_abi {

// cublasStatus_t.
#define NODE_CURAND_CUBLAS_STATUSES(X) X(CUBLAS_STATUS_SUCCESS, 0)

// libraryPropertyType (library_types.h).
#define NODE_CURAND_CUBLAS_PROPERTIES(X) \
  X(MAJOR_VERSION, 0)                    \
  X(MINOR_VERSION, 1)                    \
  X(PATCH_LEVEL, 2)

enum Status : int { NODE_CURAND_CUBLAS_STATUSES(NODE_CURAND_ABI_ENUMERATOR) };
enum LibraryProperty : int { NODE_CURAND_CUBLAS_PROPERTIES(NODE_CURAND_ABI_ENUMERATOR) };

using GetProperty_t = Status (*)(LibraryProperty type, int* value);

#define NODE_CURAND_CUBLAS_FUNCTIONS(X) X(getProperty, GetProperty_t, cublasGetProperty, nullptr)

struct Api {
  NODE_CURAND_CUBLAS_FUNCTIONS(NODE_CURAND_ABI_FIELD)
};

template <typename Visit>
void VisitSymbols(Api& api, Visit&& visit) {
  NODE_CURAND_CUBLAS_FUNCTIONS(NODE_CURAND_ABI_VISIT)
}

}  // namespace cublas_abi
