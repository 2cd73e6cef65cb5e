// frlic account show | disable | enable | check-password NAME: public cloud accounts after
// issue. Nothing here ever prints a password or its hash.
#include <unistd.h>

#include <iostream>

#include "cli.h"
#include "frlic/core/time.h"
#include "frlic/issue/public_cloud.h"
#include "hidden_input.h"

namespace frlic::cli {
namespace {

nlohmann::ordered_json AccountInfoToJson(const AccountInfo& info) {
  const Account& account = info.account;
  nlohmann::ordered_json out;
  out["name"] = account.name;
  out["status"] = AccountStatusName(account.status);
  out["serial"] = account.serial;
  out["licence_status"] = LicenceStatusName(info.licence_status);
  out["order_id"] = account.order_id;
  out["company"] = account.company;
  out["capacity"] = account.capacity;
  out["expires"] = FormatDate(account.expires);
  out["expired"] = info.expired;
  out["created_at"] = FormatInstant(account.created_at);
  out["updated_at"] = FormatInstant(account.updated_at);
  return out;
}

void PrintAccountInfo(const AccountInfo& info) {
  const Account& account = info.account;
  std::cout << "account   " << account.name << "\n"
            << "status    " << AccountStatusName(account.status) << "\n"
            << "serial    " << account.serial << " (licence "
            << LicenceStatusName(info.licence_status) << ")\n"
            << "order     " << account.order_id << "\n"
            << "company   " << account.company << "\n"
            << "capacity  " << account.capacity
            << (account.capacity == 1 ? " project" : " projects") << "\n"
            << "expires   " << FormatDate(account.expires)
            << (info.expired ? " (expired)" : " (the last valid day, UTC)") << "\n"
            << "created   " << FormatInstant(account.created_at) << "\n"
            << "updated   " << FormatInstant(account.updated_at) << "\n";
}

// The password to check: the first line of stdin (echo off when it is a terminal).
Result<SecretBytes> ReadPasswordFromStdin(const std::string& name) {
  FRLIC_ASSIGN_OR_RETURN(
      SecretBytes password,
      app::ReadHiddenLine(STDIN_FILENO, stderr, "frlic: password of account " + name + ": "));
  if (password.empty()) {
    return Error(
        ErrorCode::kInvalidInput, "no password on stdin",
        "pipe the password in, e.g. frlic account check-password " + name + " < password.txt");
  }
  return password;
}

const char* ServerErrorName(AccountRefusal refusal) {
  switch (AccountRefusalCode(refusal)) {
    case 30006:
      return "ACCOUNT_INPUT_ERROR";
    case 30002:
      return "ACCOUNT_STATUS_ERROR";
    case 30000:
      return "LICENSE_EXPIRED";
  }
  return "";
}

void AddShow(CLI::App* account, GlobalOptions& options, std::vector<Command>& commands) {
  auto* show = account->add_subcommand("show", "An account's status, capacity and expiry");
  auto name = std::make_shared<std::string>();
  show->add_option("name", *name, "The account name")->required();
  AddLedgerOption(show, options);
  AddJsonFlag(show, options);
  commands.push_back({show, [&options, name]() {
                        auto clock = MakeClock();
                        if (!clock.ok()) return ReportError(options, clock.error());
                        auto info = ShowAccount(*name, options.LedgerPath(), **clock);
                        if (!info.ok()) return ReportError(options, info.error());
                        return ReportSuccess(options, AccountInfoToJson(*info),
                                             [&] { PrintAccountInfo(*info); });
                      }});
}

void AddStatusChange(CLI::App* account, GlobalOptions& options, std::vector<Command>& commands,
                     bool enable) {
  auto* command = account->add_subcommand(
      enable ? "enable" : "disable",
      enable ? "Enable a disabled account again (disabled -> active)"
             : "Disable an account: its projects can no longer register (active -> disabled)");
  auto name = std::make_shared<std::string>();
  auto reason = std::make_shared<std::string>();
  command->add_option("name", *name, "The account name")->required();
  command->add_option("--reason", *reason, "Why, for the ledger's event log")->required();
  AddLedgerOption(command, options);
  AddJsonFlag(command, options);
  commands.push_back({command, [&options, name, reason, enable]() {
                        auto clock = MakeClock();
                        if (!clock.ok()) return ReportError(options, clock.error());
                        auto info = SetAccountEnabled(*name, enable, *reason, options.LedgerPath(),
                                                      **clock);
                        if (!info.ok()) return ReportError(options, info.error());
                        return ReportSuccess(options, AccountInfoToJson(*info), [&] {
                          std::cout << (enable ? "Enabled" : "Disabled") << " account " << *name
                                    << " (" << info->account.serial << ") at "
                                    << FormatInstant(info->account.updated_at) << "\n";
                        });
                      }});
}

void AddCheckPassword(CLI::App* account, GlobalOptions& options, std::vector<Command>& commands) {
  auto* check = account->add_subcommand(
      "check-password",
      "Check the password on stdin against the account (exit 0 right and usable, 1 not)");
  auto name = std::make_shared<std::string>();
  check->add_option("name", *name, "The account name")->required();
  AddLedgerOption(check, options);
  AddJsonFlag(check, options);
  commands.push_back(
      {check, [&options, name]() {
         auto clock = MakeClock();
         if (!clock.ok()) return ReportError(options, clock.error());
         auto password = ReadPasswordFromStdin(*name);
         if (!password.ok()) return ReportError(options, password.error());
         auto verdict = CheckAccountPassword(*name, *password, options.LedgerPath(), **clock);
         if (!verdict.ok()) return ReportError(options, verdict.error());
         nlohmann::ordered_json out;
         out["ok"] = verdict->valid();
         out["verdict"] = verdict->valid() ? "valid" : AccountRefusalName(*verdict->refusal);
         if (!verdict->valid()) {
           out["server_code"] = AccountRefusalCode(*verdict->refusal);
           out["server_error"] = ServerErrorName(*verdict->refusal);
         }
         out["password_matches"] = verdict->password_matches;
         out["message"] = verdict->message;
         out["account"] = AccountInfoToJson(verdict->info);
         if (options.json) {
           std::cout << JsonText(out) << "\n";
         } else if (verdict->valid()) {
           if (!options.quiet) std::cout << *name << ": " << verdict->message << "\n";
         } else {
           std::cout << *name << ": not accepted (" << AccountRefusalName(*verdict->refusal)
                     << ", the server's " << AccountRefusalCode(*verdict->refusal) << " "
                     << ServerErrorName(*verdict->refusal) << "): " << verdict->message << "\n";
         }
         return verdict->valid() ? kExitOk : kExitVerdict;
       }});
}

}  // namespace

void AddAccount(CLI::App& app, GlobalOptions& options, std::vector<Command>& commands) {
  auto* account = app.add_subcommand(
      "account", "Public cloud accounts: show, disable, enable, check a password");
  account->require_subcommand(1);
  AddShow(account, options, commands);
  AddStatusChange(account, options, commands, /*enable=*/false);
  AddStatusChange(account, options, commands, /*enable=*/true);
  AddCheckPassword(account, options, commands);
}

}  // namespace frlic::cli
