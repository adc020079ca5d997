#include "reaper.h"

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <thread>

#include "addon_lifetime.h"

namespace reaper {
namespace {

class Reaper {
 public:
  void Submit(std::function<void()> release) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!started_) {
      std::thread(&Reaper::Serve, this).detach();
      started_ = true;
    }
    queue_.push_back(std::move(release));
    ++submitted_;
    wake_.notify_all();
  }

  void Drain() {
    std::unique_lock<std::mutex> lock(mutex_);
    const uint64_t target = submitted_;
    done_.wait(lock, [&] { return finished_ >= target; });
  }

 private:
  void Serve() {
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
      wake_.wait(lock, [this] { return !queue_.empty(); });
      std::function<void()> release = std::move(queue_.front());
      queue_.pop_front();
      lock.unlock();
      release();
      release = nullptr;  // what it captured (the last reference to a generator) goes now, unlocked
      lock.lock();
      ++finished_;
      done_.notify_all();
    }
  }

  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable done_;
  std::deque<std::function<void()>> queue_;
  uint64_t submitted_ = 0;
  uint64_t finished_ = 0;
  bool started_ = false;
};

// Never destroyed: the detached thread waits on its members, in this file's code, until the
// process ends, which is safe only while that code stays mapped (addon_lifetime.h).
Reaper* Instance() {
  static Reaper* const reaper = KeepAddonLoaded() ? new Reaper() : nullptr;
  return reaper;
}

}  // namespace

void Submit(std::function<void()> release) {
  if (Reaper* reaper = Instance()) {
    reaper->Submit(std::move(release));
  } else {
    release();
  }
}

void Drain() {
  if (Reaper* reaper = Instance()) reaper->Drain();
}

}  // namespace reaper
