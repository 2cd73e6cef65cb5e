// What the main of frlic and of frlic-serve share: the top-level command line (help, version,
// "did you mean", usage errors with --json), then the chosen command's action.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>
#include <vector>

#include "cli.h"

namespace frlic::cli {

// Adds top-level subcommands to `app`, with their actions.
using AddCommands = std::function<void(CLI::App&, GlobalOptions&, std::vector<Command>&)>;

// One entry of a program's command table: what `add` declares, by the names of the top-level
// subcommands it adds.
struct CommandEntry {
  std::vector<std::string> names;
  AddCommands add;
};

// Parses argv against the program's commands and runs the chosen one; returns the exit code
// (docs/cli.md). Only the entry whose command argv names is built (every command's options
// and their validators, built on each start, were a fifth of a command's start-up time); the
// whole table when argv names none (help, usage errors and their suggestions list every
// command), none for `--version` alone.
int RunCli(int argc, char** argv, const std::vector<CommandEntry>& table);

}  // namespace frlic::cli
