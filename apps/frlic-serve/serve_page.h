// The `serve` command as frlic-serve runs it: the options of serve_options.h and the action
// that serves the activation page.
#pragma once

#include <CLI/CLI.hpp>
#include <vector>

#include "cli.h"

namespace frlic::cli {

void AddServePage(CLI::App& app, GlobalOptions& options, std::vector<Command>& commands);

}  // namespace frlic::cli
