// frlic-sim cloud: the reference public cloud authorization server (seed 002). A product
// registers with an account name and password (the first line of stdin) and its machine id;
// --unbind releases the machine. Accounts come from the issuer's ledger, opened read-only
// (never created); registrations are kept in the --state file (docs/formats.md section 10.1).
#include <unistd.h>

#include <iostream>

#include "environment.h"
#include "frlic/core/default_paths.h"
#include "frlic/customer/public_cloud_server.h"
#include "frlic/customer/registrations.h"
#include "hidden_input.h"
#include "sim.h"

namespace frlic::sim {
namespace {

struct CloudOptions {
  std::string ledger;
  std::string state;
  std::string account;
  std::string machine_id;
  bool unbind = false;
  std::string language = "zh";
};

int Run(const CloudOptions& o) {
  auto language = ParseLanguage(o.language);
  if (!language.ok()) return ReportError(language.error());
  // As frlic resolves it: --ledger, else FRLIC_LEDGER, else the XDG/HOME default.
  std::string ledger = !o.ledger.empty() ? o.ledger : app::EnvOr("FRLIC_LEDGER", "");
  if (ledger.empty()) {
    auto fallback = DefaultLedgerPath();
    if (!fallback.ok()) return ReportError(fallback.error());
    ledger = *fallback;
  }
  auto clock = SimNow();
  if (!clock.ok()) return ReportError(clock.error());
  const UnixSeconds now = *clock;
  auto password = app::ReadHiddenLine(STDIN_FILENO, stderr,
                                      "frlic-sim: password of account " + o.account + ": ");
  if (!password.ok()) return ReportError(password.error());
  if (password->empty()) {
    return ReportError(Error(ErrorCode::kInvalidInput, "no password on stdin",
                             "pipe the account's password in, e.g. frlic-sim cloud ... < "
                             "password.txt"));
  }
  auto account = ReadCloudAccount(ledger, o.account);
  if (!account.ok()) {
    Error error = std::move(account).error();
    if (error.code() != ErrorCode::kNotFound) return ReportError(error);
    return ReportError(std::move(error).WithHint(
        "the public cloud server reads the issuer's ledger and never creates one: give the "
        "ledger that frlic issue recorded the account in"));
  }
  auto state = LoadRegistrationState(o.state);
  if (!state.ok()) return ReportError(state.error());
  state->Wake(now);
  const ServerVerdict verdict =
      AnswerCloudRequest(*account, o.account, *password, o.machine_id,
                         o.unbind ? CloudAction::kUnbind : CloudAction::kRegister, *state, now);
  if (auto saved = SaveRegistrationState(o.state, *state); !saved.ok()) {
    return ReportError(saved.error());
  }
  return PrintAnswer(verdict, *language, o.unbind);
}

}  // namespace

void AddCloud(CLI::App& app, std::vector<Command>& commands) {
  auto* command = app.add_subcommand(
      "cloud",
      "The reference public cloud server: register a machine with an account (password on "
      "stdin), or --unbind it");
  auto o = std::make_shared<CloudOptions>();
  command->add_option("--ledger", o->ledger,
                      "The issuer's ledger, read-only (default $FRLIC_LEDGER, else the XDG/HOME "
                      "default, as frlic); never created");
  command->add_option("--state", o->state, "Registration table file (created when absent)")
      ->required();
  command->add_option("--account", o->account, "The public cloud account name")->required();
  command->add_option("--machine-id", o->machine_id, "The product server's machine id")->required();
  command->add_flag("--unbind", o->unbind, "Unbind the machine from the account");
  command->add_option("--language", o->language, "zh (default) or en (-language)")
      ->default_val("zh");
  commands.push_back({command, [o]() { return Run(*o); }});
}

}  // namespace frlic::sim
