#include "bulk_heap.h"

#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <limits>

namespace frlic::app {

void PrepareBulkHeap(std::size_t bytes) {
  constexpr std::uintptr_t kHugePage = std::uintptr_t{2} << 20;
  constexpr int kDefaultTopPad = 128 * 1024;  // glibc's DEFAULT_TOP_PAD
  if (bytes == 0 || bytes > static_cast<std::size_t>(std::numeric_limits<int>::max() / 2)) return;
  // The next growth of the main heap takes `bytes` more than it needs, in one brk. Blocks
  // small enough for the heap (under the mmap threshold) are taken until it grows: the first
  // ones may come from memory already free in it.
  // Nor is it given back when the blocks below are freed (nor later: the command is short).
  if (mallopt(M_TRIM_THRESHOLD, static_cast<int>(2 * bytes)) != 1) return;
  if (mallopt(M_TOP_PAD, static_cast<int>(bytes)) != 1) return;
  void* const start = ::sbrk(0);
  void* probes[64] = {};
  void* end = start;
  for (void*& probe : probes) {
    probe = std::malloc(96 * 1024);
    end = ::sbrk(0);
    if (probe == nullptr || end != start) break;
  }
  for (void* probe : probes) std::free(probe);
  mallopt(M_TOP_PAD, kDefaultTopPad);
  if (end == reinterpret_cast<void*>(-1) || end == start) return;
  const auto top = reinterpret_cast<std::uintptr_t>(end);
  if (top < bytes) return;
  const std::uintptr_t first = (top - bytes + kHugePage - 1) & ~(kHugePage - 1);
  const std::uintptr_t last = top & ~(kHugePage - 1);
  if (last <= first) return;
  (void)::madvise(reinterpret_cast<void*>(first), last - first, MADV_HUGEPAGE);
}

}  // namespace frlic::app
