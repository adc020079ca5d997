// Shared by the abi_check_*.cc translation units: how a type of the real NVIDIA headers maps to the
// type our hand-declared slices use, so that a whole function signature can be compared with
// std::is_same. Each abi_check_*.cc is compiled in every build and checks its header family only
// when that family's headers are on the include path (build-config.mjs puts them there), so a
// mismatch fails the build wherever the headers exist and costs nothing elsewhere.
#pragma once

#include <type_traits>

namespace abi_check {

// AbiOf<T>::type is the type our slice declares where the real header has T. Scalars map to
// themselves; each family specialises its enums and opaque structs (AbiOfEnum below).
template <typename T>
struct AbiOf {
  using type = T;
};
template <typename T>
struct AbiOf<T*> {
  using type = typename AbiOf<T>::type*;
};
template <typename T>
struct AbiOf<const T> {
  using type = const typename AbiOf<T>::type;
};
template <typename R, typename... A>
struct AbiOf<R (*)(A...)> {
  using type = typename AbiOf<R>::type (*)(typename AbiOf<A>::type...);
};
// Some headers mark C functions noexcept; that is not part of the C ABI.
template <typename R, typename... A>
struct AbiOf<R (*)(A...) noexcept> {
  using type = typename AbiOf<R>::type (*)(typename AbiOf<A>::type...);
};

// An enum of the real header stands for ours when it has the same size (C enums are passed as
// their underlying integer); the values are checked one by one from the slice's tables.
template <typename Real, typename Ours>
struct AbiOfEnum {
  static_assert(std::is_enum_v<Real> && std::is_enum_v<Ours>);
  static_assert(sizeof(Real) == sizeof(Ours), "enum size differs from the real header");
  using type = Ours;
};

template <typename Real>
using AbiOfT = typename AbiOf<Real>::type;

}  // namespace abi_check

// Enum table row X(name, value) -> our enumerator equals the header's.
#define NODE_CURAND_CHECK_VALUE(ns, name)                                              \
  static_assert(static_cast<long long>(ns::name) == static_cast<long long>(::name), \
                #ns "::" #name " differs from the real header");

// Function table row X(field, Type, symbol, preferred) -> our pointer type is the header's.
#define NODE_CURAND_CHECK_FUNCTION(ns, Type, symbol)                                          \
  static_assert(std::is_same_v<abi_check::AbiOfT<decltype(&::symbol)>, ns::Type>, \
                #symbol " differs from " #ns "::" #Type);
