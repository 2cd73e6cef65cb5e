// frlic-sim machine | server | component: the customer-side reference tools.
#include <cstdlib>
#include <iostream>

#include "frlic/core/bytes.h"
#include "frlic/core/time.h"

#include "sim.h"

namespace frlic::sim {

int ExitCodeFor(ErrorCode code) { return 2 + static_cast<int>(code); }

int ReportError(const Error& error) {
  std::cerr << "frlic-sim: error: " << error.message() << "\n";
  for (const auto& problem : error.problems()) std::cerr << "  " << FormatProblem(problem) << "\n";
  if (!error.hint().empty()) std::cerr << "frlic-sim: hint: " << error.hint() << "\n";
  return ExitCodeFor(error.code());
}

Result<UnixSeconds> SimNow() {
  const char* pinned = std::getenv("FRLIC_NOW");
  if (pinned == nullptr || *pinned == '\0') return SystemClock().Now();
  auto instant = ParseInstant(pinned);
  if (!instant) {
    return Error(ErrorCode::kInvalidInput,
                 std::string("FRLIC_NOW is \"") + pinned + "\", expected YYYY-MM-DDTHH:MM:SSZ");
  }
  return *instant;
}

Result<std::unique_ptr<Random>> SimRandom(const std::string& what) {
  const char* seed_hex = std::getenv("FRLIC_RANDOM_SEED");
  if (seed_hex == nullptr || *seed_hex == '\0') return std::unique_ptr<Random>(new SystemRandom());
  auto seed = HexDecode(seed_hex);
  if (!seed || seed->size() != 32) {
    return Error(ErrorCode::kInvalidInput, "FRLIC_RANDOM_SEED must be 64 hex digits");
  }
  std::cerr << "frlic-sim: warning: FRLIC_RANDOM_SEED is set: " << what
            << " is predictable (for tests only)\n";
  return std::unique_ptr<Random>(
      new SeededRandom(std::span<const std::uint8_t, 32>(seed->data(), 32)));
}

Result<Keyring> IssuerKeys(const std::string& flag) {
  const char* env_keys = std::getenv("FRLIC_KEYS");
  return Keyring::Load(!flag.empty() ? flag : (env_keys != nullptr ? env_keys : ""));
}

}  // namespace frlic::sim

int main(int argc, char** argv) {
  using namespace frlic::sim;
  CLI::App app{
      "frlic-sim: reference customer-side tools (machine tool, licence server, container "
      "component, product)",
      "frlic-sim"};
  app.set_version_flag("--version", std::string("frlic-sim ") + FRLIC_VERSION);
  app.require_subcommand(1);
  std::vector<Command> commands;
  AddMachine(app, commands);
  AddServer(app, commands);
  AddComponent(app, commands);
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
