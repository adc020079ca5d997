// The slice of cuDNN that node-curand calls (only to report the library's version), declared in our
// own words. Source: cudnn_graph.h of cuDNN 9; checked by abi_check.cc wherever cudnn.h is found.
#pragma once

#include <cstddef>

#include "abi_common.h"

namespace cudnn_abi {

using GetVersion_t = size_t (*)();

#define NODE_CURAND_CUDNN_FUNCTIONS(X) X(getVersion, GetVersion_t, cudnnGetVersion, nullptr)

struct Api {
  NODE_CURAND_CUDNN_FUNCTIONS(NODE_CURAND_ABI_FIELD)
};

template <typename Visit>
void VisitSymbols(Api& api, Visit&& visit) {
  NODE_CURAND_CUDNN_FUNCTIONS(NODE_CURAND_ABI_VISIT)
}

}  // namespace cudnn_abi
