// CUDA device listing through the runtime (binding-types.ts cudaDevices / CudaStatus). The runtime
// applies CUDA_VISIBLE_DEVICES itself when it first initialises, so indices are the ones CUDA
// programs in this process see.
#pragma once

#include <napi.h>

#include <array>
#include <string>
#include <vector>

#include "errors.h"

class CudaDevices {
 public:
  struct Device {
    int index = 0;
    std::string name;
    int computeMajor = 0;
    int computeMinor = 0;
    int multiProcessorCount = 0;
    double totalMemoryBytes = 0;
    std::string uuid;  // "GPU-xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"
  };

  // Queries the runtime; `error` says why the list is empty (or incomplete).
  static void List(std::vector<Device>& devices, Failure& error);
  // cudaDevices() of the binding.
  static Napi::Value ListJs(const Napi::CallbackInfo& info);

 private:
  static std::string FormatUuid(const unsigned char (&bytes)[16]);
};
