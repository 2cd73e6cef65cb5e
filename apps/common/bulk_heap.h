// Process memory for a command that reads a whole ledger into memory (ledger verify, list,
// export): hundreds of thousands of small strings at 100,000 records.
#pragma once

#include <cstddef>

namespace frlic::app {

// Grows the heap once by `bytes` of address space (nothing is touched: no memory is used until
// it is written) and asks the kernel to back it with transparent huge pages where it can
// (madvise MADV_HUGEPAGE, honoured when /sys/kernel/mm/transparent_hugepage/enabled is
// "always" or "madvise"). On this machine a 4 KiB page fault cost about as much as the work on
// the page: `ledger verify` at 100,000 records spent a third of its time faulting in memory.
// Only a hint: any failure leaves the heap as it was. Call it before the memory is allocated,
// in the process's main thread.
void PrepareBulkHeap(std::size_t bytes);

}  // namespace frlic::app
