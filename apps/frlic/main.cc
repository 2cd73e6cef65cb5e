// frlic: issuer-side licence authoring and signing. Parses arguments, runs one subcommand.
#include "run_cli.h"

int main(int argc, char** argv) {
  using namespace frlic::cli;
  return RunCli(argc, argv,
                {{{"keygen"}, AddKeygen},
                 {{"keys"}, AddKeys},
                 {{"lint"}, AddLint},
                 {{"issue"}, AddIssue},
                 {{"inspect"}, AddInspect},
                 {{"check"}, AddCheck},
                 {{"ledger"}, AddLedger},
                 {{"verify-receipt"}, AddVerifyReceipt},
                 {{"verify-private-config"}, AddVerifyPrivateConfig},
                 {{"revoke"}, AddRevoke},
                 {{"reissue"}, AddReissue},
                 {{"activate", "activation"}, AddActivate},
                 {{"serve"}, AddServe},
                 {{"account"}, AddAccount}});
}
