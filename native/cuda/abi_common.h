// Helpers shared by the hand-declared ABI slices in this folder.
//
// Each slice (curand_abi.h, cudart_abi.h, cublas_abi.h, cudnn_abi.h) lists its enum values and
// functions once, as X-macro tables. The tables generate our declarations here and, in
// abi_check.cc, a static_assert per entry against the real NVIDIA header, so a value or a signature
// cannot be declared in one place and checked in another.
#pragma once

// Enum table row X(name, value) -> the enumerator `name = value`.
#define NODE_CURAND_ABI_ENUMERATOR(name, value) name = value,
// The same for tables whose rows also carry the JS key they are exported under: X(name, value, key).
#define NODE_CURAND_ABI_KEYED_ENUMERATOR(name, value, key) name = value,

// Enum table row -> `case value: return "name";` (status names for error messages).
#define NODE_CURAND_ABI_NAME_CASE(name, value) \
  case value:                                  \
    return #name;

// Function table row X(field, Type, symbol, preferredSymbol) -> a member `Type field`.
// `preferredSymbol` is a versioned export tried before `symbol` (nullptr when there is none).
#define NODE_CURAND_ABI_FIELD(field, Type, symbol, preferred) Type field = nullptr;

// Function table row -> `visit("symbol", preferred, api.field);` for the loader.
#define NODE_CURAND_ABI_VISIT(field, Type, symbol, preferred) visit(#symbol, preferred, api.field);
