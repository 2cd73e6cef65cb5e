// frlic verify-receipt receipt.fr, frlic verify-private-config privateConfig, frlic revoke
// SERIAL --reason TEXT, and frlic reissue (--receipt receipt.fr --rif NEW.rif | --private-config
// privateConfig): the evidence that comes back, and what business does with it. A verdict
// (exit 0 or 1) is given on evidence that could be parsed; malformed evidence is exit 4.
#include <iostream>

#include "cli.h"
#include "frlic/core/time.h"
#include "frlic/issue/private_config_verdict.h"
#include "frlic/issue/receipt_verdict.h"
#include "frlic/issue/reissue.h"
#include "frlic/issue/revoke.h"

namespace frlic::cli {

void AddVerifyReceipt(CLI::App& app, GlobalOptions& options, std::vector<Command>& commands) {
  auto* command = app.add_subcommand(
      "verify-receipt", "Check a receipt.fr (destruction proof) against the ledger; read-only");
  auto file = std::make_shared<std::string>();
  command->add_option("receipt", *file, "receipt.fr")->required();
  AddLedgerOption(command, options);
  AddJsonFlag(command, options);
  commands.push_back(
      {command, [&options, file]() {
         auto clock = MakeClock();
         if (!clock.ok()) return ReportError(options, clock.error());
         auto verdict = VerifyReceipt(*file, options.LedgerPath(), **clock);
         if (!verdict.ok()) return ReportError(options, verdict.error());
         if (verdict->failure == ReceiptFailure::kMalformed)
           return ReportError(options, Error(ErrorCode::kMalformed, verdict->message));
         nlohmann::ordered_json out;
         out["ok"] = verdict->valid();
         out["verdict"] = verdict->valid() ? "valid" : ReceiptFailureName(*verdict->failure);
         out["message"] = verdict->message;
         out["serial"] = verdict->serial;
         out["receipt_sha256"] = verdict->receipt_sha256;
         if (verdict->destroyed_at != 0) out["destroyed_at"] = FormatInstant(verdict->destroyed_at);
         if (options.json) {
           std::cout << JsonText(out) << "\n";
         } else if (verdict->valid()) {
           if (!options.quiet) std::cout << *file << ": " << verdict->message << "\n";
         } else {
           std::cout << *file << ": not accepted (" << ReceiptFailureName(*verdict->failure)
                     << "): " << verdict->message << "\n";
         }
         return verdict->valid() ? kExitOk : kExitVerdict;
       }});
}

void AddVerifyPrivateConfig(CLI::App& app, GlobalOptions& options, std::vector<Command>& commands) {
  auto* command = app.add_subcommand(
      "verify-private-config",
      "Check a container component's privateConfig against the ledger; read-only");
  auto file = std::make_shared<std::string>();
  command->add_option("privateConfig", *file, "privateConfig")->required();
  AddLedgerOption(command, options);
  AddJsonFlag(command, options);
  commands.push_back(
      {command, [&options, file]() {
         auto clock = MakeClock();
         if (!clock.ok()) return ReportError(options, clock.error());
         auto verdict = VerifyPrivateConfig(*file, options.LedgerPath(), **clock);
         if (!verdict.ok()) return ReportError(options, verdict.error());
         if (verdict->failure == PrivateConfigFailure::kMalformed)
           return ReportError(options, Error(ErrorCode::kMalformed, verdict->message));
         const char* name =
             verdict->valid() ? "valid" : PrivateConfigFailureName(*verdict->failure);
         nlohmann::ordered_json out;
         out["ok"] = verdict->valid();
         out["verdict"] = name;
         out["message"] = verdict->message;
         out["serial"] = verdict->serial;
         out["private_config_sha256"] = verdict->private_config_sha256;
         if (!verdict->instance_id.empty()) out["instance_id"] = verdict->instance_id;
         if (verdict->deployed_at != 0) out["deployed_at"] = FormatInstant(verdict->deployed_at);
         if (options.json) {
           std::cout << JsonText(out) << "\n";
         } else if (verdict->valid()) {
           if (!options.quiet) std::cout << *file << ": " << verdict->message << "\n";
         } else {
           std::cout << *file << ": not accepted (" << name << "): " << verdict->message << "\n";
         }
         return verdict->valid() ? kExitOk : kExitVerdict;
       }});
}

void AddRevoke(CLI::App& app, GlobalOptions& options, std::vector<Command>& commands) {
  auto* command =
      app.add_subcommand("revoke", "Record that business destroyed a licence (active -> revoked)");
  auto serial = std::make_shared<std::string>();
  auto reason = std::make_shared<std::string>();
  command->add_option("serial", *serial, "The licence's serial (FRL-...)")->required();
  command->add_option("--reason", *reason, "Why, for the ledger's event log")->required();
  AddLedgerOption(command, options);
  AddJsonFlag(command, options);
  commands.push_back({command, [&options, serial, reason]() {
                        auto clock = MakeClock();
                        if (!clock.ok()) return ReportError(options, clock.error());
                        auto revoked = Revoke(*serial, *reason, options.LedgerPath(), **clock);
                        if (!revoked.ok()) return ReportError(options, revoked.error());
                        nlohmann::ordered_json out;
                        out["serial"] = revoked->serial;
                        out["method"] = revoked->method;
                        out["status"] = "revoked";
                        out["revoked_at"] = FormatInstant(revoked->revoked_at);
                        return ReportSuccess(options, out, [&] {
                          std::cout << "Revoked " << revoked->serial << " (" << revoked->method
                                    << ") at " << FormatInstant(revoked->revoked_at) << "\n";
                        });
                      }});
}

void AddReissue(CLI::App& app, GlobalOptions& options, std::vector<Command>& commands) {
  auto* command = app.add_subcommand(
      "reissue",
      "Issue a replacement with the same terms: for a destroyed licence server (--receipt, "
      "--rif of the new machine) or a moved container component (--private-config)");
  auto request = std::make_shared<ReissueRequest>();
  auto* receipt = command->add_option("--receipt", request->receipt_path,
                                      "Private cloud: the old server's receipt.fr");
  auto* private_config =
      command->add_option("--private-config", request->private_config_path,
                          "Container private cloud: the old component's privateConfig");
  receipt->excludes(private_config);
  private_config->excludes(receipt);
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
