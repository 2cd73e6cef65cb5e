// frlic-sim machine | server | component: the customer-side reference tools.
#include <cstdlib>
#include <iostream>

#include "build_commit.h"
#include "environment.h"
#include "frlic/core/default_paths.h"
#include "sim.h"

namespace frlic::sim {

int ReportError(const Error& error) { return app::PrintError("frlic-sim", error); }

Result<UnixSeconds> SimNow() {
  FRLIC_ASSIGN_OR_RETURN(auto pinned, app::PinnedNow());
  return pinned ? *pinned : SystemClock().Now();
}

Result<std::unique_ptr<Random>> SimRandom(const std::string& what) {
  FRLIC_ASSIGN_OR_RETURN(auto seed, app::PinnedRandomSeed());
  if (!seed) return std::unique_ptr<Random>(new SystemRandom());
  std::cerr << "frlic-sim: warning: FRLIC_RANDOM_SEED is set: " << what
            << " is predictable (for tests only)\n";
  return std::unique_ptr<Random>(new SeededRandom(std::span<const std::uint8_t, 32>(*seed)));
}

// As frlic resolves it: --keys, else FRLIC_KEYS, else the XDG/HOME default (an error naming
// the variables when there is none).
Result<Keyring> IssuerKeys(const std::string& flag) {
  std::string directory = !flag.empty() ? flag : app::EnvOr("FRLIC_KEYS", "");
  if (directory.empty()) {
    FRLIC_ASSIGN_OR_RETURN(directory, DefaultKeysDirectory());
  }
  return Keyring::Load(directory);
}

}  // namespace frlic::sim

int main(int argc, char** argv) {
  using namespace frlic::sim;
  CLI::App app{
      "frlic-sim: reference customer-side tools (machine tool, licence server, container "
      "component, product) and the reference public cloud server",
      "frlic-sim"};
  app.set_version_flag("--version", std::string("frlic-sim ") + FRLIC_VERSION + " (commit " +
                                        frlic::app::BuildCommit() + ")");
  app.require_subcommand(1);
  std::vector<Command> commands;
  AddMachine(app, commands);
  AddServer(app, commands);
  AddComponent(app, commands);
  AddCloud(app, commands);
  AddProduct(app, commands);
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
