// Reading a binding call's arguments: each check throws a TypeError that names the call's signature
// on the first wrong argument. The TypeScript side has checked their meaning; these check types and
// that every read and write stays inside its array, so that no call can touch other memory.
#pragma once

#include <napi.h>

#include <cmath>
#include <string>

#include "js_errors.h"

// A typed array argument: its element type, length and memory.
struct ArrayArg {
  napi_typedarray_type type = napi_int8_array;
  size_t length = 0;
  void* data = nullptr;
};

class Args {
 public:
  Args(const Napi::CallbackInfo& info, const char* signature) : info_(info), signature_(signature) {}

  bool Fail(const char* what) const {
    ThrowTypeError(info_.Env(), std::string(signature_) + ": " + what);
    return false;
  }

  bool Array(size_t at, ArrayArg& array) const {
    if (at >= info_.Length() || !info_[at].IsTypedArray() ||
        napi_get_typedarray_info(info_.Env(), info_[at], &array.type, &array.length, &array.data, nullptr, nullptr) != napi_ok) {
      return Fail("expected a typed array");
    }
    return true;
  }

  // A typed array of `type` with at least `length` elements.
  bool ArrayOf(size_t at, napi_typedarray_type type, size_t length, ArrayArg& array, const char* what) const {
    return (Array(at, array) && array.type == type && array.length >= length) || Fail(what);
  }

  // A Uint32Array of words.
  bool Words(size_t at, ArrayArg& words) const {
    return Array(at, words) && (words.type == napi_uint32_array || Fail("words must be a Uint32Array"));
  }

  // An integer in [0, limit].
  bool Index(size_t at, double limit, double& value) const {
    if (!Number(at)) return Fail("expected a number");
    value = info_[at].As<Napi::Number>().DoubleValue();
    return (value >= 0 && value <= limit && std::floor(value) == value) || Fail("an index or count lies outside its array");
  }

  bool Double(size_t at, double& value) const {
    if (!Number(at)) return Fail("expected a number");
    value = info_[at].As<Napi::Number>().DoubleValue();
    return std::isfinite(value) || Fail("expected a finite number");
  }

 protected:
  bool Number(size_t at) const { return at < info_.Length() && info_[at].IsNumber(); }

  const Napi::CallbackInfo& info_;

 private:
  const char* signature_;
};
