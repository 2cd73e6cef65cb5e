// frlic-sim machine | server: the customer-side reference tools.
#include <iostream>

#include "sim.h"

namespace frlic::sim {

int ExitCodeFor(ErrorCode code) { return 2 + static_cast<int>(code); }

int ReportError(const Error& error) {
  std::cerr << "frlic-sim: error: " << error.message() << "\n";
  for (const auto& problem : error.problems()) std::cerr << "  " << FormatProblem(problem) << "\n";
  if (!error.hint().empty()) std::cerr << "frlic-sim: hint: " << error.hint() << "\n";
  return ExitCodeFor(error.code());
}

}  // namespace frlic::sim

int main(int argc, char** argv) {
  using namespace frlic::sim;
  CLI::App app{"frlic-sim: reference customer-side tools (machine tool, licence server)",
               "frlic-sim"};
  app.set_version_flag("--version", std::string("frlic-sim ") + FRLIC_VERSION);
  app.require_subcommand(1);
  std::vector<Command> commands;
  AddMachine(app, commands);
  AddServer(app, commands);
  // The seed's own spelling (server -port 8088 -language en, server -destroy).
  std::vector<std::string> args;
  for (int i = argc - 1; i >= 1; --i) {
    std::string arg = argv[i];
    if (arg == "-port" || arg == "-language" || arg == "-destroy") arg = "-" + arg;
    args.push_back(arg);
  }
  try {
    app.parse(args);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  for (const auto& command : commands) {
    if (command.app->parsed()) return command.action();
  }
  return 2;
}
