#include "draw_kernels.h"

#include <cmath>
#include <string>

#include "cpu_kernels.h"
#include "js_args.h"
#include "js_errors.h"
#include "kernels/kernels.h"

namespace {

using kernels::DrawFunctions;
using kernels::DrawPlace;
using kernels::Element;

// The draw kernels' arguments: the common ones (js_args.h), the kernel and the place.
class DrawArgs : public Args {
 public:
  using Args::Args;

  // The draw functions of the kernel in argument `at`.
  bool Kernel(size_t at, const DrawFunctions*& fns) const {
    if (!Number(at)) return Fail("kernel must be a number");
    fns = DrawFunctionsOf(info_[at].As<Napi::Number>().Int32Value());
    return fns != nullptr || Fail("unknown kernel, or one this CPU cannot run");
  }

  // The place [word, value] (a Float64Array of 2): the word at most `words`, the value at most `values`.
  bool Place(size_t at, size_t words, double values, double*& place) const {
    ArrayArg array;
    if (!Array(at, array)) return false;
    if (array.type != napi_float64_array || array.length < 2) return Fail("place must be a Float64Array of [word, value]");
    place = static_cast<double*>(array.data);
    const double word = place[0];
    const double value = place[1];
    return (word >= 0 && word <= static_cast<double>(words) && std::floor(word) == word && value >= 0 && value <= values &&
            std::floor(value) == value) ||
           Fail("place lies outside its arrays");
  }
};

// The kernels' name for a typed array's elements; kWide64 for the bigint kinds.
Element ElementOf(napi_typedarray_type type) {
  switch (type) {
    case napi_int8_array:
      return kernels::kInt8;
    case napi_uint8_array:
    case napi_uint8_clamped_array:
      return kernels::kUint8;
    case napi_int16_array:
      return kernels::kInt16;
    case napi_uint16_array:
      return kernels::kUint16;
    case napi_int32_array:
      return kernels::kInt32;
    case napi_uint32_array:
      return kernels::kUint32;
    case napi_float32_array:
      return kernels::kFloat32;
    case napi_float64_array:
      return kernels::kFloat64;
    default:
      return kernels::kWide64;
  }
}

size_t BytesOf(Element element) {
  switch (element) {
    case kernels::kInt8:
    case kernels::kUint8:
      return 1;
    case kernels::kInt16:
    case kernels::kUint16:
      return 2;
    case kernels::kInt32:
    case kernels::kUint32:
    case kernels::kFloat32:
      return 4;
    default:
      return 8;
  }
}

constexpr double kTwo32 = 4294967296.0;

// unitDoubles / unitFloats (kernel, words, at, out, from, count), `each` words per value.
template <class T>
Napi::Value Unit(const Napi::CallbackInfo& info, const char* signature, napi_typedarray_type outType, size_t each,
                 void (*DrawFunctions::*member)(const uint32_t*, T*, size_t)) {
  const DrawArgs args(info, signature);
  const DrawFunctions* fns = nullptr;
  ArrayArg words;
  ArrayArg out;
  double at = 0;
  double from = 0;
  double count = 0;
  const bool ok = args.Kernel(0, fns) && args.Words(1, words) && args.Array(3, out) &&
                  (out.type == outType || args.Fail("out has the wrong element type")) &&
                  args.Index(2, static_cast<double>(words.length), at) && args.Index(4, static_cast<double>(out.length), from) &&
                  args.Index(5, static_cast<double>(out.length) - from, count) &&
                  (at + count * static_cast<double>(each) <= static_cast<double>(words.length) || args.Fail("the values' words lie outside words"));
  if (ok) {
    (fns->*member)(static_cast<const uint32_t*>(words.data) + static_cast<size_t>(at), static_cast<T*>(out.data) + static_cast<size_t>(from),
                   static_cast<size_t>(count));
  }
  return info.Env().Undefined();
}

// The arguments both Poisson loops share: (kernel, words, at, out, from, count, shift, …), out a
// Uint32Array, count words from words[at] making out[from …].
struct PoissonCall {
  const DrawFunctions* fns = nullptr;
  const uint32_t* words = nullptr;
  uint32_t* out = nullptr;
  size_t count = 0;
  uint32_t shift = 0;
};

bool ReadPoissonCall(const DrawArgs& args, PoissonCall& call) {
  ArrayArg words;
  ArrayArg out;
  double at = 0;
  double from = 0;
  double count = 0;
  double shift = 0;
  const bool ok = args.Kernel(0, call.fns) && args.Words(1, words) && args.Array(3, out) &&
                  (out.type == napi_uint32_array || args.Fail("out must be a Uint32Array")) && args.Index(2, static_cast<double>(words.length), at) &&
                  args.Index(4, static_cast<double>(out.length), from) && args.Index(5, static_cast<double>(out.length) - from, count) &&
                  (at + count <= static_cast<double>(words.length) || args.Fail("the values' words lie outside words")) &&
                  args.Index(6, kTwo32 - 1, shift);
  if (ok) {
    call.words = static_cast<const uint32_t*>(words.data) + static_cast<size_t>(at);
    call.out = static_cast<uint32_t*>(out.data) + static_cast<size_t>(from);
    call.count = static_cast<size_t>(count);
    call.shift = static_cast<uint32_t>(shift);
  }
  return ok;
}

}  // namespace

Napi::Object DrawKernels::Create(Napi::Env env) {
  Napi::Object object = Napi::Object::New(env);
  object.Set("unitDoubles", Napi::Function::New<UnitDoublesJs>(env, "unitDoubles"));
  object.Set("unitFloats", Napi::Function::New<UnitFloatsJs>(env, "unitFloats"));
  object.Set("bernoulli", Napi::Function::New<BernoulliJs>(env, "bernoulli"));
  object.Set("bounded32", Napi::Function::New<Bounded32Js>(env, "bounded32"));
  object.Set("shuffle", Napi::Function::New<ShuffleJs>(env, "shuffle"));
  object.Set("poissonHistogram", Napi::Function::New<PoissonHistogramJs>(env, "poissonHistogram"));
  object.Set("poissonCumulative", Napi::Function::New<PoissonCumulativeJs>(env, "poissonCumulative"));
  return object;
}

Napi::Value DrawKernels::UnitDoublesJs(const Napi::CallbackInfo& info) {
  return Unit<double>(info, "unitDoubles(kernel, words, at, out, from, count)", napi_float64_array, 2, &DrawFunctions::unitDoubles);
}

Napi::Value DrawKernels::UnitFloatsJs(const Napi::CallbackInfo& info) {
  return Unit<float>(info, "unitFloats(kernel, words, at, out, from, count)", napi_float32_array, 1, &DrawFunctions::unitFloats);
}

Napi::Value DrawKernels::BernoulliJs(const Napi::CallbackInfo& info) {
  const DrawArgs args(info, "bernoulli(kernel, words, at, threshold, out, from, count)");
  const DrawFunctions* fns = nullptr;
  ArrayArg words;
  ArrayArg out;
  double at = 0;
  double threshold = 0;
  double from = 0;
  double count = 0;
  const bool ok = args.Kernel(0, fns) && args.Words(1, words) && args.Array(4, out) &&
                  (ElementOf(out.type) != kernels::kWide64 || args.Fail("out must hold numbers")) &&
                  args.Index(2, static_cast<double>(words.length), at) && args.Double(3, threshold) &&
                  ((threshold >= 0 && threshold <= kTwo32) || args.Fail("threshold must be in [0, 2^32]")) &&
                  args.Index(5, static_cast<double>(out.length), from) && args.Index(6, static_cast<double>(out.length) - from, count) &&
                  (at + count <= static_cast<double>(words.length) || args.Fail("the values' words lie outside words"));
  if (ok) {
    const Element element = ElementOf(out.type);
    fns->bernoulli(static_cast<const uint32_t*>(words.data) + static_cast<size_t>(at), static_cast<int64_t>(std::ceil(threshold)), element,
                   static_cast<unsigned char*>(out.data) + static_cast<size_t>(from) * BytesOf(element), static_cast<size_t>(count));
  }
  return info.Env().Undefined();
}

Napi::Value DrawKernels::Bounded32Js(const Napi::CallbackInfo& info) {
  const DrawArgs args(info, "bounded32(kernel, words, m, t, base, out, to, place)");
  const DrawFunctions* fns = nullptr;
  ArrayArg words;
  ArrayArg out;
  double m = 0;
  double t = 0;
  double base = 0;
  double to = 0;
  double* place = nullptr;
  const bool ok =
      args.Kernel(0, fns) && args.Words(1, words) && args.Array(5, out) &&
      ((ElementOf(out.type) != kernels::kWide64 && ElementOf(out.type) != kernels::kFloat32) || args.Fail("out must be an integer array or a Float64Array")) &&
      args.Index(2, kTwo32 - 1, m) && (m >= 2 || args.Fail("m must be in [2, 2^32)")) && args.Index(3, m - 1, t) && args.Double(4, base) &&
      // Integer arrays keep the low bits of base + offset, taken from base as an int64.
      ((std::fabs(base) <= 9007199254740991.0 && std::floor(base) == base) || args.Fail("base must be a safe integer")) &&
      args.Index(6, static_cast<double>(out.length), to) && args.Place(7, words.length, to, place);
  if (ok) {
    DrawPlace at{static_cast<size_t>(place[0]), static_cast<uint64_t>(place[1])};
    fns->bounded32(static_cast<const uint32_t*>(words.data), words.length, static_cast<uint32_t>(m), static_cast<uint32_t>(t), base,
                   ElementOf(out.type), out.data, static_cast<size_t>(to), at);
    place[0] = static_cast<double>(at.word);
    place[1] = static_cast<double>(at.value);
  }
  return info.Env().Undefined();
}

Napi::Value DrawKernels::ShuffleJs(const Napi::CallbackInfo& info) {
  const DrawArgs args(info, "shuffle(kernel, words, array, first, place)");
  const DrawFunctions* fns = nullptr;
  ArrayArg words;
  ArrayArg array;
  double first = 0;
  double* place = nullptr;
  // Steps i < array.length with a span i + 1 of at most 2^32 (Lemire's 32-bit method).
  const bool ok = args.Kernel(0, fns) && args.Words(1, words) && args.Array(2, array) && args.Index(3, kTwo32 - 1, first) &&
                  (first >= 1 || args.Fail("first must be at least 1")) &&
                  args.Place(4, words.length, std::fmax(std::fmin(static_cast<double>(array.length), kTwo32) - 1, 0), place);
  if (ok && array.length > 0 && place[1] >= first) {
    DrawPlace at{static_cast<size_t>(place[0]), static_cast<uint64_t>(place[1])};
    fns->shuffle(static_cast<const uint32_t*>(words.data), words.length, BytesOf(ElementOf(array.type)), array.data,
                 static_cast<uint64_t>(first), at);
    place[0] = static_cast<double>(at.word);
    place[1] = static_cast<double>(at.value);
  }
  return info.Env().Undefined();
}

Napi::Value DrawKernels::PoissonHistogramJs(const Napi::CallbackInfo& info) {
  const DrawArgs args(info, "poissonHistogram(kernel, words, at, out, from, count, shift, threshold, alias, centred)");
  PoissonCall call;
  ArrayArg threshold;
  ArrayArg alias;
  // Every index the loop computes, ⌊cells·u⌋ with u <= 1, is at most cells = entries − 1.
  const bool ok = ReadPoissonCall(args, call) && args.Array(7, threshold) && args.Array(8, alias) &&
                  (threshold.type == napi_float64_array || args.Fail("threshold must be a Float64Array")) &&
                  (alias.type == napi_int32_array || args.Fail("alias must be an Int32Array")) &&
                  ((threshold.length >= 2 && threshold.length == alias.length && threshold.length <= kTwo32) ||
                   args.Fail("threshold and alias must have the same length, at least 2")) &&
                  (info[9].IsBoolean() || args.Fail("centred must be a boolean"));
  if (ok) {
    call.fns->poissonHistogram(call.words, call.count, call.shift, static_cast<uint32_t>(threshold.length - 1), static_cast<const double*>(threshold.data),
                               static_cast<const int32_t*>(alias.data), info[9].As<Napi::Boolean>().Value() ? 0.5 : 1.0, call.out);
  }
  return info.Env().Undefined();
}

Napi::Value DrawKernels::PoissonCumulativeJs(const Napi::CallbackInfo& info) {
  const DrawArgs args(info, "poissonCumulative(kernel, words, at, out, from, count, shift, cdf)");
  PoissonCall call;
  ArrayArg cdf;
  const bool ok = ReadPoissonCall(args, call) && args.Array(7, cdf) && (cdf.type == napi_float64_array || args.Fail("cdf must be a Float64Array")) &&
                  (cdf.length >= 1 || args.Fail("cdf must not be empty"));
  if (ok) call.fns->poissonCumulative(call.words, call.count, call.shift, static_cast<const double*>(cdf.data), cdf.length, call.out);
  return info.Env().Undefined();
}
