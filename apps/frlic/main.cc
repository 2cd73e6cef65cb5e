// frlic: issuer-side licence authoring and signing. Parses arguments, runs one subcommand.
#include <iostream>

#include "cli.h"

int main(int argc, char** argv) {
  using namespace frlic::cli;
  CLI::App app{"frlic: turn orders into signed licence artifacts, and check what comes back",
               "frlic"};
  app.set_version_flag("--version", std::string("frlic ") + FRLIC_VERSION);
  app.require_subcommand(1);
  GlobalOptions options;
  std::vector<Command> commands;
  AddKeygen(app, options, commands);
  AddKeys(app, options, commands);
  AddLint(app, options, commands);
  AddIssue(app, options, commands);
  AddInspect(app, options, commands);
  AddCheck(app, options, commands);
  AddLedger(app, options, commands);
  AddVerifyReceipt(app, options, commands);
  AddVerifyPrivateConfig(app, options, commands);
  AddRevoke(app, options, commands);
  AddReissue(app, options, commands);
  AddActivate(app, options, commands);
  AddServe(app, options, commands);
  AddAccount(app, options, commands);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kExitOk : kExitUsage;
  }
  for (const auto& command : commands) {
    if (command.app->parsed()) return command.action();
  }
  std::cerr << "frlic: error: no subcommand given\n" << app.help();
  return kExitUsage;
}
