// Progress of long work for a person at a terminal (issue 12, item 8): a line on stderr that
// rewrites itself, "frlic: writing image 512/1536 MiB". Nothing when stderr is not a terminal
// (CI logs stay as they were) or with --quiet.
#pragma once

#include <cstdint>
#include <functional>

#include "cli.h"

namespace frlic::cli {

// The callback for IssueRequest::on_image_progress: empty when stderr is not a terminal or
// --quiet was given; else it redraws the line when the MiB count changes, and ends it with a
// newline when the image is complete.
std::function<void(std::uint64_t done, std::uint64_t total)> ImageProgressOnTerminal(
    const GlobalOptions& options);

}  // namespace frlic::cli
