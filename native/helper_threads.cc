#include "helper_threads.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <list>
#include <mutex>
#include <thread>

#include "addon_lifetime.h"

namespace helper_threads {
namespace {

// Threads kept at most; a call with more parts runs the rest on the threads it has.
constexpr uint64_t kMaxHelpers = 63;

// One RunParts call, on its caller's stack: the caller returns only once `finished` reaches `parts`
// and the job is out of the queue, so a helper never touches a job that is gone.
struct Job {
  const std::function<void(uint64_t)>* part;
  uint64_t parts;
  std::atomic<uint64_t> next{1};  // part 0 is the caller's
  uint64_t finished = 0;          // guarded by Pool::mutex_
};

// Why kept threads: a thread started per call mostly ran on its creator's CPU for the whole
// few-millisecond call, so two threads barely beat one; kept and woken, they scale (docs/cpu-kernels.md).
class Pool {
 public:
  void Run(uint64_t parts, const std::function<void(uint64_t)>& part) {
    Job job;
    job.part = &part;
    job.parts = parts;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      queue_.push_back(&job);
      for (; started_ < std::min(parts - 1, kMaxHelpers); started_++) std::thread(&Pool::Serve, this).detach();
    }
    wake_.notify_all();
    part(0);
    Finish(job);
    for (uint64_t p; (p = job.next.fetch_add(1)) < parts;) {
      part(p);
      Finish(job);
    }
    std::unique_lock<std::mutex> lock(mutex_);
    queue_.remove(&job);
    done_.wait(lock, [&job] { return job.finished == job.parts; });
  }

 private:
  void Finish(Job& job) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (++job.finished == job.parts) done_.notify_all();
  }

  void Serve() {
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
      wake_.wait(lock, [this] { return !queue_.empty(); });
      Job* job = queue_.front();
      const uint64_t p = job->next.fetch_add(1);
      if (p + 1 >= job->parts) queue_.pop_front();  // nothing left to take after this
      if (p >= job->parts) continue;
      lock.unlock();
      (*job->part)(p);
      lock.lock();
      if (++job->finished == job->parts) done_.notify_all();
    }
  }

  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable done_;
  std::list<Job*> queue_;
  uint64_t started_ = 0;
};

}  // namespace

void RunParts(uint64_t parts, const std::function<void(uint64_t)>& part) {
  // Never destroyed: detached helpers wait on its members, in this file's code, until the process
  // ends; so there are helpers only if that code stays mapped that long (addon_lifetime.h).
  static Pool* const pool = KeepAddonLoaded() ? new Pool() : nullptr;
  if (parts <= 1 || pool == nullptr) {
    for (uint64_t p = 0; p < parts; p++) part(p);
    return;
  }
  pool->Run(parts, part);
}

}  // namespace helper_threads
