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

// A new promise and the deferred that settles it; both null when the environment cannot make one.
// That happens while a worker thread is being terminated: Node-API then refuses every call that could
// run JavaScript, napi_create_promise included. node-addon-api's Promise::Deferred leaves its promise
// handle uninitialised in that case, and handing that handle back to V8 crashes the process, so the
// binding makes its promises here and returns an empty value (undefined) when it cannot.
struct NewPromise {
  napi_deferred deferred = nullptr;
  napi_value promise = nullptr;

  explicit NewPromise(napi_env env) {
    if (napi_create_promise(env, &deferred, &promise) != napi_ok) {
      deferred = nullptr;
      promise = nullptr;
    }
  }
  bool Made() const { return promise != nullptr; }
};

// A promise already rejected with the exception pending in `env` (which this clears) or, when none
// is pending, with a TypeError carrying `message`.
inline Napi::Value RejectedPromise(Napi::Env env, const std::string& message) {
  const Napi::Value reason = env.IsExceptionPending() ? env.GetAndClearPendingException().Value()
                                                      : Napi::TypeError::New(env, message).Value();
  const NewPromise made(env);
  if (!made.Made()) return Napi::Value();
  napi_reject_deferred(env, made.deferred, reason);
  return Napi::Value(env, made.promise);
}

// False while the environment is being torn down (a terminated worker_thread): Node still completes
// thread-pool work then, but JS cannot run, so promises cannot be settled and any attempt to create
// an error through the JS factory would be fatal. The probe is Node-API's own signal: a call that
// may run JS fails with napi_pending_exception although no exception is pending.
inline bool CanRunJs(napi_env env) {
  napi_value object = nullptr;
  napi_value value = nullptr;
  if (napi_create_object(env, &object) != napi_ok || napi_get_boolean(env, true, &value) != napi_ok) return false;
  if (napi_set_named_property(env, object, "probe", value) == napi_ok) return true;
  bool pending = false;
  return napi_is_exception_pending(env, &pending) == napi_ok && pending;
}
