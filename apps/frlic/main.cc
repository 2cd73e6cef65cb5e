// frlic: issuer-side licence authoring and signing. Parses arguments, runs one subcommand.
#include "run_cli.h"

int main(int argc, char** argv) {
  using namespace frlic::cli;
  return RunCli(argc, argv,
                [](CLI::App& app, GlobalOptions& options, std::vector<Command>& commands) {
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
                });
}
