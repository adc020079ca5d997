#include "devices.h"

#include <cstdio>
#include <memory>

#include "libraries.h"

std::string CudaDevices::FormatUuid(const unsigned char (&bytes)[16]) {
  // nvidia-smi's form: GPU- then 8-4-4-4-12 hex digits.
  std::string text = "GPU-";
  char hex[3];
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) text += '-';
    std::snprintf(hex, sizeof hex, "%02x", bytes[i]);
    text += hex;
  }
  return text;
}

void CudaDevices::List(std::vector<Device>& devices, Failure& error) {
  const cudart_abi::Api* cudart = Libraries::Instance().Cudart();
  if (cudart == nullptr) {
    error = {Failure::Source::kCuda, -1, "LIBRARY_NOT_LOADED", "dlopen(libcudart)", ""};
    return;
  }
  int count = 0;
  if (const cudart_abi::Error status = cudart->getDeviceCount(&count); status != cudart_abi::cudaSuccess) {
    error = Failure::Cuda(status, "cudaGetDeviceCount");
    return;
  }
  // cudaDeviceProp has grown with every CUDA version: read it into a buffer larger than any of them.
  auto buffer = std::make_unique<std::max_align_t[]>(cudart_abi::kDevicePropBufferBytes / sizeof(std::max_align_t));
  auto* prop = reinterpret_cast<cudart_abi::DevicePropPrefix*>(buffer.get());
  for (int index = 0; index < count; ++index) {
    Device device;
    device.index = index;
    const auto attribute = [&](cudart_abi::DeviceAttr attr, int& value) {
      const cudart_abi::Error status = cudart->deviceGetAttribute(&value, attr, index);
      if (status != cudart_abi::cudaSuccess) error = Failure::Cuda(status, "cudaDeviceGetAttribute");
      return status == cudart_abi::cudaSuccess;
    };
    if (const cudart_abi::Error status = cudart->getDeviceProperties(prop, index); status != cudart_abi::cudaSuccess) {
      error = Failure::Cuda(status, "cudaGetDeviceProperties");
      return;
    }
    prop->name[sizeof prop->name - 1] = '\0';
    device.name = prop->name;
    device.uuid = FormatUuid(prop->uuid);
    device.totalMemoryBytes = static_cast<double>(prop->totalGlobalMem);
    if (!attribute(cudart_abi::cudaDevAttrComputeCapabilityMajor, device.computeMajor) ||
        !attribute(cudart_abi::cudaDevAttrComputeCapabilityMinor, device.computeMinor) ||
        !attribute(cudart_abi::cudaDevAttrMultiProcessorCount, device.multiProcessorCount)) {
      return;
    }
    devices.push_back(device);
  }
}

Napi::Value CudaDevices::ListJs(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::vector<Device> devices;
  Failure error;
  List(devices, error);

  Napi::Object result = Napi::Object::New(env);
  const cudart_abi::Api* cudart = Libraries::Instance().Cudart();
  int driverVersion = 0;
  int runtimeVersion = 0;
  // cudaDriverGetVersion succeeds with 0 when no driver is installed (CUDA runtime API docs).
  const bool haveDriver = cudart != nullptr && cudart->driverGetVersion(&driverVersion) == cudart_abi::cudaSuccess &&
                          driverVersion != 0;
  const bool haveRuntime = cudart != nullptr && cudart->runtimeGetVersion(&runtimeVersion) == cudart_abi::cudaSuccess;
  result.Set("driverVersion", haveDriver ? Napi::Number::New(env, driverVersion) : env.Null());
  result.Set("runtimeVersion", haveRuntime ? Napi::Number::New(env, runtimeVersion) : env.Null());

  Napi::Array list = Napi::Array::New(env, devices.size());
  for (size_t i = 0; i < devices.size(); ++i) {
    const Device& device = devices[i];
    Napi::Array capability = Napi::Array::New(env, 2);
    capability.Set(0u, device.computeMajor);
    capability.Set(1u, device.computeMinor);
    Napi::Object entry = Napi::Object::New(env);
    entry.Set("index", device.index);
    entry.Set("name", device.name);
    entry.Set("computeCapability", capability);
    entry.Set("multiProcessorCount", device.multiProcessorCount);
    entry.Set("totalMemoryBytes", device.totalMemoryBytes);
    entry.Set("uuid", device.uuid);
    list.Set(static_cast<uint32_t>(i), entry);
  }
  result.Set("devices", list);

  if (error) {
    Napi::Object failure = Napi::Object::New(env);
    failure.Set("status", error.status);
    failure.Set("statusName", error.statusName);
    failure.Set("operation", error.operation);
    result.Set("error", failure);
  } else {
    result.Set("error", env.Null());
  }
  return result;
}
