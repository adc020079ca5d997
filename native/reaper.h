// One process-wide background thread that frees what generators held once JS is done with them
// (dispose(), garbage collection). cudaFree, cudaFreeHost and curandDestroyGenerator wait for the
// whole device to be idle, so on the JS thread (where GC finalizers run) they stalled the event loop
// for as long as any kernel anywhere on that GPU ran (issue 15, defect 4).
#pragma once

#include <functional>

namespace reaper {

// Runs `release` on the reaper thread after every release handed over before it. When the addon
// could not be kept loaded (addon_lifetime.h) there is no thread, and it runs on the calling thread.
void Submit(std::function<void()> release);
// Returns once every release submitted before the call has run: an environment's teardown waits
// here, so that nothing of it is still being freed as the process or the worker goes away.
void Drain();

}  // namespace reaper
