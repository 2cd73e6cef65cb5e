#include "frlic/core/worker_threads.h"

#include <algorithm>
#include <system_error>
#include <thread>
#include <vector>

namespace frlic {

void RunOnThreads(unsigned threads, const std::function<void()>& work) {
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::thread> workers;
  try {
    workers.reserve(threads - 1);
    for (unsigned t = 1; t < threads; ++t) workers.emplace_back(work);
  } catch (const std::exception&) {
    // std::system_error (no thread) or std::bad_alloc (no room to keep one): go on with fewer.
  }
  work();
  for (std::thread& worker : workers) worker.join();
}

}  // namespace frlic
