#include "device_scope.h"

DeviceScope::DeviceScope(const cudart_abi::Api& cudart, int device) : cudart_(cudart) {
  if (const cudart_abi::Error error = cudart_.getDevice(&previous_); error != cudart_abi::cudaSuccess) {
    failure_ = Failure::Cuda(error, "cudaGetDevice");
    return;
  }
  if (previous_ == device) return;
  if (const cudart_abi::Error error = cudart_.setDevice(device); error != cudart_abi::cudaSuccess) {
    failure_ = Failure::Cuda(error, "cudaSetDevice");
    return;
  }
  changed_ = true;
}

DeviceScope::~DeviceScope() {
  // Nothing to report a failure to; the device read at entry existed then.
  if (changed_) cudart_.setDevice(previous_);
}
