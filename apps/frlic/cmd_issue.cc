// frlic issue --order order.yaml [--rif MachineInfo.rif]: sign the order's artifact and
// record it in the ledger (public cloud: create the account and show its password once).
// Several --order, --orders DIR or --orders-from FILE: a batch (issue_batch.h).
#include <cstdlib>
#include <iostream>

#include "cli.h"
#include "frlic/core/bytes.h"
#include "frlic/core/time.h"
#include "issue_batch.h"
#include "issue_password.h"
#include "progress.h"

namespace frlic::cli {

void AddPackageOptions(CLI::App* command, IssueRequest& request) {
  command->add_option("--rif", request.rif_path,
                      "Private cloud: the MachineInfo.rif of the licence-server host");
  command->add_option("--server-binaries", request.server_binaries_dir,
                      "Private cloud: directory of server builds, <platform>/server[.exe] "
                      "(default: <templates>/server-binaries, stand-ins usable only with the "
                      "example keys)");
  command->add_option("--base-image", request.base_image,
                      "Container private cloud: the component image to add the licence layer to "
                      "(default: <templates>/container/base-image.tar, a stand-in usable only "
                      "with the example keys)");
  command->add_option(
      "--templates", request.templates_dir,
      "Templates directory (default: $FRLIC_TEMPLATES, else " + DefaultTemplatesDirectory() + ")");
  command
      ->add_option("--lock-timeout", request.lock_timeout_seconds,
                   "Seconds to wait for another issuer's ledger lock before giving up (exit 14)")
      ->check(CLI::Range(0, 86400))
      ->capture_default_str();
}

void CompleteIssueRequest(const GlobalOptions& options, IssueRequest& request) {
  request.keys_dir = options.KeysDir();
  request.ledger_path = options.LedgerPath();
  request.allow_example_keys = options.allow_example_keys;
  request.on_image_progress = ImageProgressOnTerminal(options);
  // FRLIC_TEST_KILL_AT=STEP ends the process abruptly at that step of writing, as a kill
  // would; the CLI tests use it to show that artifact and ledger stay consistent.
  if (const char* kill_at = std::getenv("FRLIC_TEST_KILL_AT"); kill_at != nullptr) {
    request.on_step = [target = std::string(kill_at)](std::string_view step) {
      if (step == target) std::_Exit(137);
    };
  }
}

namespace {

// The order's warnings, issued anyway: on stderr (text) or in "warnings" (--json).
void ReportWarnings(const GlobalOptions& options, const IssueResult& issued) {
  if (options.json) return;
  for (const auto& w : issued.warnings) std::cerr << "frlic: warning: " << FormatProblem(w) << "\n";
}

int ReportIssued(const GlobalOptions& options, const IssueResult& issued,
                 const PasswordDestination& password) {
  ReportWarnings(options, issued);
  if (issued.account && !issued.already_issued) {
    return ReportAccountIssued(options, issued, password);
  }
  nlohmann::ordered_json result;
  result["serial"] = issued.serial;
  if (!issued.parent_serial.empty()) result["replaces"] = issued.parent_serial;
  result["order_id"] = issued.order_id;
  result["method"] = issued.method;
  result["path"] = issued.path;
  result["sha256"] = issued.sha256;
  result["key_id"] = issued.key_id;
  result["issued_at"] = FormatInstant(issued.issued_at);
  if (!issued.warnings.empty()) result["warnings"] = ProblemsToJson(issued.warnings);
  if (issued.already_issued) {
    if (issued.account) {  // public cloud: the account, without its password (never stored)
      result["account"] = {{"name", issued.account->name},
                           {"capacity", issued.account->capacity},
                           {"expires", FormatDate(issued.account->expires)},
                           {"status", AccountStatusName(issued.account->status)}};
    }
    result["already_issued"] = true;
    if (!issued.password_file.empty()) result["password_file"] = issued.password_file;
    if (issued.artifact_missing) result["artifact_missing"] = true;
  }
  return ReportSuccess(options, result, [&] {
    if (issued.already_issued) {
      std::cout << "Already issued " << issued.serial << " for order " << issued.order_id
                << " (same order; nothing written)\n";
      if (issued.account) {
        std::cout << "  account " << issued.account->name;
        if (!issued.password_file.empty()) {
          std::cout << "\n  password in " << issued.password_file
                    << " (staged by a stopped run, put in place now)\n";
        } else if (!password.file.empty()) {
          // Only a stage beside this path is looked for: a stopped run that was given another
          // --password-out left its stage there.
          std::cout << " (nothing was staged for " << password.file
                    << "; if a stopped run wrote to another --password-out, run again with that "
                       "one)\n";
        } else {
          // A run stopped after the account committed left the password staged where its
          // --password-out pointed; only that path finds it (frlic never guesses one).
          std::cout << " (its password is not stored: it was shown at issue, or written to that "
                       "run's --password-out; if that run was stopped, run again with the same "
                       "--password-out to put it in place)\n";
        }
        return;
      }
      std::cout << "  path    " << issued.path
                << (issued.artifact_missing
                        ? "  (no longer there: moved or handed out; frlic ledger export " +
                              issued.serial + " --out DIR writes it again)"
                        : "")
                << "\n"
                << "  sha256  " << issued.sha256 << "\n"
                << "  key id  " << issued.key_id << "\n";
      return;
    }
    std::cout << "Issued " << issued.serial << " for order " << issued.order_id
              << (issued.parent_serial.empty() ? "" : " (replaces " + issued.parent_serial + ")")
              << "\n"
              << "  wrote   " << issued.path << "\n"
              << "  sha256  " << issued.sha256 << "\n"
              << "  key id  " << issued.key_id << "\n";
  });
}

}  // namespace

int RunIssue(const GlobalOptions& options, IssueRequest& request,
             const std::function<Result<IssueResult>(const Clock&, Random&)>& issue,
             const PasswordDestination& password) {
  CompleteIssueRequest(options, request);
  auto clock = MakeClock();
  if (!clock.ok()) return ReportError(options, clock.error());
  auto random = MakeRandom(options.allow_example_keys);
  if (!random.ok()) return ReportError(options, random.error());
  auto issued = issue(**clock, **random);
  if (!issued.ok()) return ReportError(options, issued.error());
  return ReportIssued(options, *issued, password);
}

void AddIssue(CLI::App& app, GlobalOptions& options, std::vector<Command>& commands) {
  auto* command = app.add_subcommand(
      "issue", "Issue the signed artifact for an order (public cloud: create the account)");
  auto request = std::make_shared<IssueRequest>();
  auto sources = std::make_shared<OrderSources>();
  command
      ->add_option("--order", sources->orders,
                   "order.yaml; repeat it for a batch (one licence per order)")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  command->add_option("--orders", sources->orders_dir,
                      "Batch: every *.yaml and *.yml file directly in this directory, by name");
  command->add_option("--orders-from", sources->orders_from,
                      "Batch: a file listing one order file per line ('-': stdin)");
  // At least one order source: a usage error (exit 2), as CLI11's required options are.
  command->parse_complete_callback([sources] {
    if (sources->orders.empty() && sources->orders_dir.empty() && sources->orders_from.empty()) {
      throw CLI::RequiredError("--order");
    }
  });
  command
      ->add_option("--out", request->out_dir,
                   "Directory for the artifact (a batch: DIR/<order_id>/<artifact>; public "
                   "cloud writes no file and ignores it)")
      ->default_val(".");
  auto flags = std::make_shared<BatchFlags>();
  command->add_option("--rif-dir", flags->rif_dir,
                      "Batch, private cloud: the directory of each order's <order_id>.rif");
  command->add_flag("--keep-going", flags->keep_going,
                    "Batch: issue the good orders even when some fail (exit: the first "
                    "failure's code)");
  command->add_option("--jobs", flags->jobs, "Batch: signing threads (default: every core)")
      ->check(CLI::Range(1, 1024));
  command->add_flag("--force", request->force,
                    "Overwrite an existing artifact file (public cloud: the --password-out file)");
  auto password = std::make_shared<PasswordDestination>();
  auto* password_out = command->add_option(
      "--password-out", password->file,
      "Public cloud: write the account's password to this new file (mode 0600); a batch: "
      "to DIR/<order_id>.password");
  command
      ->add_flag("--show-password", password->show,
                 "Public cloud: print the password on stdout even when it is not a terminal "
                 "(a CI log)")
      ->excludes(password_out);
  command->add_flag("--init-ledger", request->init_ledger,
                    "Create the ledger if it does not exist (else a missing ledger is exit 9)");
  command->add_flag("--strict-private-ips", request->strict_private_ips,
                    "Refuse (exit 3) an order whose ip_ranges leave the private ranges, instead "
                    "of warning");
  AddPackageOptions(command, *request);
  AddKeysOption(command, options);
  AddLedgerOption(command, options);
  AddPassphraseOption(command, options);
  AddExampleKeysFlag(command, options);
  AddJsonFlag(command, options);
  commands.push_back({command, [&options, request, password, sources, flags]() {
                        password->overwrite = request->force;
                        if (sources->IsBatch()) {
                          return RunIssueBatch(options, *request, *sources, *flags, *password);
                        }
                        request->order_path = sources->orders.front();
                        auto destination = CheckPasswordDestination(*password, request->order_path,
                                                                    options.LedgerPath());
                        if (!destination.ok()) return ReportError(options, destination.error());
                        request->password_file = password->file;
                        return RunIssue(
                            options, *request,
                            [&](const Clock& clock, Random& random) {
                              return Issue(*request, LazyPassphrase(options), clock, random);
                            },
                            *password);
                      }});
}

}  // namespace frlic::cli
