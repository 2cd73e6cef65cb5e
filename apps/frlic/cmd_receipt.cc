// frlic verify-receipt receipt.fr, and frlic reissue --receipt receipt.fr --rif NEW.rif.
#include <iostream>

#include "cli.h"
#include "frlic/core/time.h"

namespace frlic::cli {

void AddVerifyReceipt(CLI::App& app, GlobalOptions& options, std::vector<Command>& commands) {
  auto* command = app.add_subcommand(
      "verify-receipt", "Check a receipt.fr (destruction proof) against the ledger; read-only");
  auto file = std::make_shared<std::string>();
  command->add_option("receipt", *file, "receipt.fr")->required();
  AddLedgerOption(command, options);
  AddJsonFlag(command, options);
  commands.push_back({command, [&options, file]() {
                        auto clock = MakeClock();
                        if (!clock.ok()) return ReportError(options, clock.error());
                        auto verdict = VerifyReceipt(*file, options.LedgerPath(), **clock);
                        if (!verdict.ok()) return ReportError(options, verdict.error());
                        nlohmann::ordered_json out;
                        out["ok"] = verdict->valid();
                        out["verdict"] =
                            verdict->valid() ? "valid" : ReceiptFailureName(*verdict->failure);
                        out["message"] = verdict->message;
                        out["serial"] = verdict->serial;
                        out["receipt_sha256"] = verdict->receipt_sha256;
                        if (verdict->destroyed_at != 0)
                          out["destroyed_at"] = FormatInstant(verdict->destroyed_at);
                        if (options.json) {
                          std::cout << out.dump(2) << "\n";
                        } else if (verdict->valid()) {
                          std::cout << *file << ": " << verdict->message << "\n";
                        } else {
                          std::cout << *file << ": not accepted ("
                                    << ReceiptFailureName(*verdict->failure)
                                    << "): " << verdict->message << "\n";
                        }
                        return verdict->valid() ? kExitOk : kExitVerdict;
                      }});
}

void AddReissue(CLI::App& app, GlobalOptions& options, std::vector<Command>& commands) {
  auto* command = app.add_subcommand(
      "reissue",
      "Consume a receipt.fr and issue a new package with the same terms for a new machine");
  auto request = std::make_shared<ReissueRequest>();
  command->add_option("--receipt", request->receipt_path, "receipt.fr")->required();
  command->add_option("--out", request->issue.out_dir, "Directory for the new package")
      ->default_val(".");
  command->add_flag("--force", request->issue.force, "Overwrite an existing artifact file");
  AddPackageOptions(command, request->issue);
  AddKeysOption(command, options);
  AddLedgerOption(command, options);
  AddPassphraseOption(command, options);
  AddExampleKeysFlag(command, options);
  AddJsonFlag(command, options);
  commands.push_back({command, [&options, request]() {
                        return RunIssue(
                            options, request->issue, [&](const Clock& clock, Random& random) {
                              return Reissue(*request, LazyPassphrase(options), clock, random);
                            });
                      }});
}

}  // namespace frlic::cli
