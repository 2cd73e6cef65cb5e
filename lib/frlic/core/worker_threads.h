// Running a share-the-work loop on several threads without a way to crash.
#pragma once

#include <functional>

namespace frlic {

// Runs `work` on the calling thread and on up to `threads - 1` more (0: one per core), and
// returns when every run of it has returned. `work` must take its items itself (from an atomic
// index) until none are left: then a thread that cannot be started (std::thread throws
// std::system_error when the process or the system has no more) only means fewer hands, and
// the calling thread alone finishes the job. Never throws for that.
void RunOnThreads(unsigned threads, const std::function<void()>& work);

}  // namespace frlic
