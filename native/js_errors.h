// How the binding reports a wrong argument, in one place: synchronous methods throw a TypeError,
// promise-returning methods reject their promise (they report even a wrong argument that way).
#pragma once

#include <napi.h>

#include <string>

// Throws a TypeError carrying `message`; returns undefined, for the method to return.
inline Napi::Value ThrowTypeError(Napi::Env env, const std::string& message) {
  Napi::TypeError::New(env, message).ThrowAsJavaScriptException();
  return env.Undefined();
}

// A promise already rejected with the exception pending in `env` (which this clears) or, when none
// is pending, with a TypeError carrying `message`.
inline Napi::Value RejectedPromise(Napi::Env env, const std::string& message) {
  const Napi::Value reason = env.IsExceptionPending() ? env.GetAndClearPendingException().Value()
                                                      : Napi::TypeError::New(env, message).Value();
  Napi::Promise::Deferred deferred = Napi::Promise::Deferred::New(env);
  deferred.Reject(reason);
  return deferred.Promise();
}
