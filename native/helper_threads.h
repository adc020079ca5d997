// Helper threads for the CPU kernels' multi-threaded calls, kept from call to call.
#pragma once

#include <cstdint>
#include <functional>

namespace helper_threads {

// Runs part(p) for p = 0 … parts−1 and returns when every part is done: part 0 on the calling
// thread, the others on helper threads (started on first need, then kept; all on the calling thread
// if the addon could not be kept loaded: addon_lifetime.h). The caller also runs any
// part no helper has taken yet, so a call never waits for a free helper. Safe to call from several
// threads at once.
void RunParts(uint64_t parts, const std::function<void(uint64_t)>& part);

}  // namespace helper_threads
