// Makes a CUDA device current on the calling thread for one operation, then gives the thread back
// the device it had (issue 15, defect 3). The current device belongs to the host thread and is
// shared with every other CUDA user on it: other addons and the application on the JS thread, and
// whatever the libuv pool runs next on a worker thread. An operation that left its generator's
// device current would make their next calls run on the wrong GPU.
#pragma once

#include "cuda/cudart_abi.h"
#include "errors.h"

class DeviceScope {
 public:
  // cudaGetDevice, then cudaSetDevice(device) when another device is current. When the current
  // device cannot be read, nothing is changed (so nothing needs restoring) and failure() says why.
  DeviceScope(const cudart_abi::Api& cudart, int device);
  // cudaSetDevice(the device read at entry) when the constructor changed it.
  ~DeviceScope();
  DeviceScope(const DeviceScope&) = delete;
  DeviceScope& operator=(const DeviceScope&) = delete;

  // Why `device` is not current (cudaGetDevice or cudaSetDevice failed); None when it is.
  const Failure& failure() const { return failure_; }

 private:
  const cudart_abi::Api& cudart_;
  int previous_ = 0;
  bool changed_ = false;
  Failure failure_;
};
