#include "generate_queue.h"

#include "js_errors.h"

// One queued call on the thread pool. It holds the queue (and through it the core) so that neither
// can go away while the call runs, whatever the JS side does meanwhile.
class GenerateQueue::Worker : public Napi::AsyncWorker {
 public:
  Worker(Napi::Env env, std::shared_ptr<GenerateQueue> queue, Request request)
      : Napi::AsyncWorker(env, "node-curand:generate"), queue_(std::move(queue)), request_(std::move(request)) {}

  ~Worker() override {
    // Not settled: the environment is being torn down and cancelled the work.
    if (!settled_) queue_->Abandon();
  }

 protected:
  void Execute() override { failure_ = queue_->core_->Generate(request_.call); }

  void OnOK() override {
    settled_ = true;
    request_.array.Reset();
    if (!CanRunJs(Env())) {
      queue_->Abandon();
      return;
    }
    Settle(Env(), request_.deferred, failure_);
    queue_->Finished(Env());
    queue_->core_->ReportMemory(Env());
  }

 private:
  std::shared_ptr<GenerateQueue> queue_;
  Request request_;
  Failure failure_;
  bool settled_ = false;
};

Napi::Value GenerateQueue::Push(Napi::Env env, Napi::Object owner, const GenerateCall& call, Napi::Object array) {
  napi_deferred deferred = nullptr;
  napi_value promise = nullptr;
  if (napi_create_promise(env, &deferred, &promise) != napi_ok) {
    Napi::Error::New(env, "generateAsync: cannot create a promise").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  if (disposed_) {
    Settle(env, deferred, Failure::Curand(curand_abi::CURAND_STATUS_NOT_INITIALIZED, "generateAsync",
                                          "the generator has been disposed"));
    return Napi::Value(env, promise);
  }
  if (!Busy()) owner_ = Napi::Persistent(owner);
  waiting_.push_back({call, Napi::Persistent(array), deferred});
  if (!running_) StartNext(env);
  return Napi::Value(env, promise);
}

void GenerateQueue::Dispose(Napi::Env env) {
  disposed_ = true;
  while (!waiting_.empty()) {
    Settle(env, waiting_.front().deferred,
           Failure::Curand(curand_abi::CURAND_STATUS_NOT_INITIALIZED, "generateAsync",
                           "the generator was disposed before this call started"));
    waiting_.pop_front();
  }
  if (!running_) {
    core_->Retire();
    owner_.Reset();
  }
}

void GenerateQueue::Abandon() {
  running_ = false;
  waiting_.clear();
  owner_.Reset();
}

void GenerateQueue::StartNext(Napi::Env env) {
  if (waiting_.empty()) {
    owner_.Reset();
    return;
  }
  running_ = true;
  Request request = std::move(waiting_.front());
  waiting_.pop_front();
  (new Worker(env, shared_from_this(), std::move(request)))->Queue();
}

void GenerateQueue::Finished(Napi::Env env) {
  running_ = false;
  if (disposed_) {
    core_->Retire();
    owner_.Reset();
    return;
  }
  StartNext(env);
}

void GenerateQueue::Settle(Napi::Env env, napi_deferred deferred, const Failure& failure) {
  if (failure) {
    napi_reject_deferred(env, deferred, MakeError(env, failure));
  } else {
    napi_resolve_deferred(env, deferred, env.Undefined());
  }
}
