// The slice of cuRAND's host API that node-curand calls, declared in our own words so that the addon
// builds and loads without any NVIDIA header or library (libcurand.so.10 is dlopen()ed at run time).
// Source of every value and signature: curand.h of cuRAND 10.x (CUDA 12 and 13); abi_check.cc proves
// each one against the real header wherever it is found. A wrong value here would not fail: it would
// quietly produce other numbers, which is why nothing here is unchecked.
#pragma once

#include <cstddef>

#include "abi_common.h"
#include "cudart_abi.h"

namespace curand_abi {

// curandStatus_t ("CURAND function call status types").
#define NODE_CURAND_CURAND_STATUSES(X)          \
  X(CURAND_STATUS_SUCCESS, 0)                   \
  X(CURAND_STATUS_VERSION_MISMATCH, 100)        \
  X(CURAND_STATUS_NOT_INITIALIZED, 101)         \
  X(CURAND_STATUS_ALLOCATION_FAILED, 102)       \
  X(CURAND_STATUS_TYPE_ERROR, 103)              \
  X(CURAND_STATUS_OUT_OF_RANGE, 104)            \
  X(CURAND_STATUS_LENGTH_NOT_MULTIPLE, 105)     \
  X(CURAND_STATUS_DOUBLE_PRECISION_REQUIRED, 106) \
  X(CURAND_STATUS_LAUNCH_FAILURE, 201)          \
  X(CURAND_STATUS_PREEXISTING_FAILURE, 202)     \
  X(CURAND_STATUS_INITIALIZATION_FAILED, 203)   \
  X(CURAND_STATUS_ARCH_MISMATCH, 204)           \
  X(CURAND_STATUS_INTERNAL_ERROR, 999)

// curandRngType_t: the pseudo-random generators (quasi-random ones are not used). The third
// column is the key in binding-types.ts NativeConstants.rngType.
#define NODE_CURAND_CURAND_RNG_TYPES(X)                  \
  X(CURAND_RNG_PSEUDO_XORWOW, 101, xorwow)               \
  X(CURAND_RNG_PSEUDO_MRG32K3A, 121, mrg32k3a)           \
  X(CURAND_RNG_PSEUDO_MTGP32, 141, mtgp32)               \
  X(CURAND_RNG_PSEUDO_MT19937, 142, mt19937)             \
  X(CURAND_RNG_PSEUDO_PHILOX4_32_10, 161, philox4x32_10)

// curandOrdering_t: the pseudo-random orderings; third column: the NativeConstants.ordering key.
#define NODE_CURAND_CURAND_ORDERINGS(X)            \
  X(CURAND_ORDERING_PSEUDO_BEST, 100, best)        \
  X(CURAND_ORDERING_PSEUDO_DEFAULT, 101, default)  \
  X(CURAND_ORDERING_PSEUDO_SEEDED, 102, seeded)    \
  X(CURAND_ORDERING_PSEUDO_LEGACY, 103, legacy)    \
  X(CURAND_ORDERING_PSEUDO_DYNAMIC, 104, dynamic)

enum Status : int { NODE_CURAND_CURAND_STATUSES(NODE_CURAND_ABI_ENUMERATOR) };
enum RngType : int { NODE_CURAND_CURAND_RNG_TYPES(NODE_CURAND_ABI_KEYED_ENUMERATOR) };
enum Ordering : int { NODE_CURAND_CURAND_ORDERINGS(NODE_CURAND_ABI_KEYED_ENUMERATOR) };

// curandGenerator_t is a pointer to an opaque struct.
struct GeneratorState;
using Generator = GeneratorState*;

using CreateGenerator_t = Status (*)(Generator* generator, RngType type);
using DestroyGenerator_t = Status (*)(Generator generator);
using SetSeed_t = Status (*)(Generator generator, unsigned long long seed);
using SetOffset_t = Status (*)(Generator generator, unsigned long long offset);
using SetOrdering_t = Status (*)(Generator generator, Ordering ordering);
using GetVersion_t = Status (*)(int* version);
using GenerateBits_t = Status (*)(Generator generator, unsigned int* out, size_t n);
using GenerateFloat_t = Status (*)(Generator generator, float* out, size_t n);
using GenerateDouble_t = Status (*)(Generator generator, double* out, size_t n);
// Normal and log-normal: (mean, stddev) of the normal.
using GenerateFloatParams_t = Status (*)(Generator generator, float* out, size_t n, float mean, float stddev);
using GenerateDoubleParams_t = Status (*)(Generator generator, double* out, size_t n, double mean, double stddev);
using GeneratePoisson_t = Status (*)(Generator generator, unsigned int* out, size_t n, double lambda);
// The CUDA stream a device generator launches its kernels on (cudaStream_t).
using SetStream_t = Status (*)(Generator generator, cudart_abi::Stream stream);

// X(field, Type, exported symbol, preferred versioned symbol or nullptr). libcurand.so.10 exports
// every one unversioned (nm -D, cuRAND 10.4).
#define NODE_CURAND_CURAND_FUNCTIONS(X)                                                      \
  X(createGenerator, CreateGenerator_t, curandCreateGenerator, nullptr)                      \
  X(createGeneratorHost, CreateGenerator_t, curandCreateGeneratorHost, nullptr)              \
  X(destroyGenerator, DestroyGenerator_t, curandDestroyGenerator, nullptr)                   \
  X(setSeed, SetSeed_t, curandSetPseudoRandomGeneratorSeed, nullptr)                         \
  X(setOffset, SetOffset_t, curandSetGeneratorOffset, nullptr)                               \
  X(setOrdering, SetOrdering_t, curandSetGeneratorOrdering, nullptr)                         \
  X(getVersion, GetVersion_t, curandGetVersion, nullptr)                                     \
  X(generate, GenerateBits_t, curandGenerate, nullptr)                                       \
  X(generateUniform, GenerateFloat_t, curandGenerateUniform, nullptr)                        \
  X(generateUniformDouble, GenerateDouble_t, curandGenerateUniformDouble, nullptr)           \
  X(generateNormal, GenerateFloatParams_t, curandGenerateNormal, nullptr)                    \
  X(generateNormalDouble, GenerateDoubleParams_t, curandGenerateNormalDouble, nullptr)       \
  X(generateLogNormal, GenerateFloatParams_t, curandGenerateLogNormal, nullptr)              \
  X(generateLogNormalDouble, GenerateDoubleParams_t, curandGenerateLogNormalDouble, nullptr) \
  X(generatePoisson, GeneratePoisson_t, curandGeneratePoisson, nullptr)                     \
  X(setStream, SetStream_t, curandSetStream, nullptr)

struct Api {
  NODE_CURAND_CURAND_FUNCTIONS(NODE_CURAND_ABI_FIELD)
};

template <typename Visit>
void VisitSymbols(Api& api, Visit&& visit) {
  NODE_CURAND_CURAND_FUNCTIONS(NODE_CURAND_ABI_VISIT)
}

// "CURAND_STATUS_…" for a status value, or nullptr for a value curand.h does not define.
inline const char* StatusName(int status) {
  switch (status) { NODE_CURAND_CURAND_STATUSES(NODE_CURAND_ABI_NAME_CASE) }
  return nullptr;
}

}  // namespace curand_abi
