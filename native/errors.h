// A failed cuRAND / CUDA runtime call as plain data (it is produced on worker threads), and its
// conversion to the JS error the TypeScript side asked for through setErrorFactory().
#pragma once

#include <napi.h>

#include <string>

struct Failure {
  enum class Source { kNone, kCurand, kCuda, kBusy };

  Source source = Source::kNone;
  int status = 0;
  std::string statusName;  // "CURAND_STATUS_…" or "cudaError…"
  std::string operation;   // the library function that failed, or the binding method
  std::string detail;      // optional explanation appended to the message

  static Failure None() { return {}; }
  // A cuRAND status; statusName from curand_abi.h.
  static Failure Curand(int status, const char* operation, std::string detail = "");
  // A CUDA runtime error; statusName from the runtime's own cudaGetErrorName.
  static Failure Cuda(int status, const char* operation);
  // None for cudaSuccess (0), else Cuda(status, operation): the result of one runtime call.
  static Failure FromCuda(int status, const char* operation) { return status == 0 ? None() : Cuda(status, operation); }
  // A call that must wait for the generator's pending generateAsync calls.
  static Failure Busy(const char* operation);

  explicit operator bool() const { return source != Source::kNone; }
};

// Builds the error for `failure` with the factory this environment registered (a CurandError
// carrying code, status, statusName, operation); a plain Error with those properties otherwise.
Napi::Value MakeError(Napi::Env env, const Failure& failure);

// Throws MakeError(env, failure) and returns undefined, for synchronous methods.
Napi::Value ThrowFailure(Napi::Env env, const Failure& failure);
