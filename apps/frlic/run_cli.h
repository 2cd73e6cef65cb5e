// What the main of frlic and of frlic-serve share: the top-level command line (help, version,
// "did you mean", usage errors with --json), then the chosen command's action.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <vector>

#include "cli.h"

namespace frlic::cli {

// Adds a program's subcommands to `app`, with their actions.
using AddCommands = std::function<void(CLI::App&, GlobalOptions&, std::vector<Command>&)>;

// Parses argv against the commands `add` declares and runs the chosen one; returns the exit
// code (docs/cli.md).
int RunCli(int argc, char** argv, const AddCommands& add);

}  // namespace frlic::cli
