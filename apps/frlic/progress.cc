#include "progress.h"

#include <unistd.h>

#include <cstdio>
#include <memory>

namespace frlic::cli {

std::function<void(std::uint64_t done, std::uint64_t total)> ImageProgressOnTerminal(
    const GlobalOptions& options) {
  if (options.quiet || ::isatty(STDERR_FILENO) != 1) return {};
  constexpr std::uint64_t kMiB = 1024 * 1024;
  auto shown = std::make_shared<std::uint64_t>(UINT64_MAX);  // the MiB count last drawn
  return [shown](std::uint64_t done, std::uint64_t total) {
    const bool complete = done >= total;
    const std::uint64_t all = (total + kMiB - 1) / kMiB;
    const std::uint64_t mib = complete ? all : done / kMiB;
    if (mib == *shown && !complete) return;
    *shown = mib;
    std::fprintf(stderr, "\rfrlic: writing image %llu/%llu MiB%s",
                 static_cast<unsigned long long>(mib), static_cast<unsigned long long>(all),
                 complete ? "\n" : "");
    std::fflush(stderr);
  };
}

}  // namespace frlic::cli
