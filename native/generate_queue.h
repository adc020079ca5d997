// The generateAsync() calls of one generator. They run on the libuv thread pool one at a time and
// in the order they were made: calls on one generator continue one stream, so their order decides
// which numbers each call gets. Used on the JS thread only.
#pragma once

#include <napi.h>

#include <deque>
#include <memory>

#include "generator_core.h"

class GenerateQueue : public std::enable_shared_from_this<GenerateQueue> {
 public:
  explicit GenerateQueue(std::shared_ptr<GeneratorCore> core) : core_(std::move(core)) {}

  // An async call is running or waiting: synchronous calls would overtake it, so they are refused.
  bool Busy() const { return running_ || !waiting_.empty(); }
  // Queues `call` (writing into `array`'s memory) behind the calls already queued; returns its promise.
  // `owner` (the JS generator) is kept alive until the queue is empty.
  Napi::Value Push(Napi::Env env, Napi::Object owner, const GenerateCall& call, Napi::Object array);
  // Rejects the calls that have not started and retires the core (GeneratorCore::Retire) once none
  // is running.
  void Dispose(Napi::Env env);

 private:
  class Worker;
  struct Request {
    GenerateCall call;
    Napi::ObjectReference array;  // keeps the TypedArray's memory alive until the call settles
    napi_deferred deferred;
  };

  void StartNext(Napi::Env env);
  // The running call has settled: start the next one, or retire the core after dispose().
  void Finished(Napi::Env env);
  // The environment is being torn down: drop everything without touching JS (promises stay
  // pending; the environment's teardown releases the core).
  void Abandon();
  static void Settle(Napi::Env env, napi_deferred deferred, const Failure& failure);

  std::shared_ptr<GeneratorCore> core_;
  std::deque<Request> waiting_;
  bool running_ = false;
  bool disposed_ = false;
  Napi::ObjectReference owner_;
};
