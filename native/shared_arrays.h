// The arrays native code may touch off the JS thread (generateAsync, philoxAsync, mtgp32Async).
//
// While a call runs on the thread pool, JavaScript keeps running: a plain ArrayBuffer can be
// detached (transferred, structuredClone) or, when resizable, shrunk under the worker, which would
// then write into freed memory. A SharedArrayBuffer can neither be detached nor shrink (a growable
// one only grows, in place), and the call holds a strong reference to the view until its promise
// settles, so its memory stays valid for the whole call. The async entry points therefore accept only
// views of SharedArrayBuffers for what they write; the TypeScript side stages other outputs.
#pragma once

#include <napi.h>

#include <string>

// Why `typedArray` (argument `argument` of `method`) cannot be written off the JS thread, or "" when
// it can (it is a view of a SharedArrayBuffer). napi_is_arraybuffer is true only for a plain
// ArrayBuffer, never for a SharedArrayBuffer, on every Node-API version this addon supports.
std::string NotWritableOffThread(Napi::Env env, const Napi::Value& typedArray, const char* method, const char* argument);
