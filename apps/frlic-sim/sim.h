// frlic-sim: reference implementations of the customer side's file-producing parts (the
// machine tool, the licence server), so every flow is tested with only what a customer holds.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>
#include <vector>

#include "frlic/core/status.h"

namespace frlic::sim {

using Action = std::function<int()>;
struct Command {
  CLI::App* app;
  Action action;
};

// Prints "frlic-sim: error: ..." (+ problems, + hint) and returns the exit code, using the
// same numbering as frlic (docs/cli.md).
int ReportError(const Error& error);
int ExitCodeFor(ErrorCode code);

void AddMachine(CLI::App& app, std::vector<Command>& commands);
void AddServer(CLI::App& app, std::vector<Command>& commands);

}  // namespace frlic::sim
