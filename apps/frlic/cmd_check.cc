// frlic check: what the customer's side would answer, from the signed licence (or the ledger's
// account) and the facts a support engineer was given, with no customer secret
// (docs/cli.md, "check"). A Container.lic the product could not read is a verdict too (exit 1,
// Incorrect License Format), not an error (docs/cli.md, "Bad input").
#include <iostream>

#include "cli.h"
#include "frlic/core/files.h"
#include "frlic/core/time.h"
#include "frlic/issue/artifact_check.h"
#include "frlic/order/order.h"

namespace frlic::cli {
namespace {

struct CheckOptions {
  std::string license;
  std::string account;
  std::string password_file;
  std::string method;
  std::string product, version, app_name, project_content, ip, domain;
  std::int64_t nodes = 0;
  std::string date;  // YYYY-MM-DD (noon UTC) or YYYY-MM-DDTHH:MM:SSZ
};

// The moment to judge at: --date, else FRLIC_NOW, else now. A bare date means 12:00 UTC.
Result<UnixSeconds> JudgeAt(const std::string& date) {
  if (date.empty()) {
    FRLIC_ASSIGN_OR_RETURN(auto clock, MakeClock());
    return clock->Now();
  }
  if (auto day = ParseDate(date)) return StartOfDay(*day) + 12 * 3600;
  if (auto instant = ParseInstant(date)) return *instant;
  return Error(ErrorCode::kInvalidInput, "--date is \"" + date + "\"",
               "give YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ (UTC)");
}

// The facts given on the command line; an option not given is an unknown fact.
Result<SupportFacts> FactsFrom(const CheckOptions& o, const CLI::App& command) {
  SupportFacts facts;
  if (command.count("--method") > 0) {
    auto method = MethodFromProductLabel(o.method);
    if (!method) {
      return Error(ErrorCode::kInvalidInput, "--method is \"" + o.method + "\"",
                   "give the product's label (Local Container, Private Cloud, Container Private "
                   "Cloud, Public Cloud) or a method id (local-container, ...)");
    }
    facts.method = *method;
  }
  auto given = [&](const char* name, const std::string& value) -> std::optional<std::string> {
    if (command.count(name) == 0) return std::nullopt;
    return value;
  };
  facts.product = given("--product", o.product);
  facts.version = given("--product-version", o.version);
  facts.app_name = given("--app-name", o.app_name);
  facts.project_content = given("--project-content", o.project_content);
  facts.domain = given("--domain", o.domain);
  if (command.count("--nodes") > 0) facts.nodes = o.nodes;
  if (command.count("--ip") > 0) {
    facts.ip = ParseIpv4(o.ip);
    if (!facts.ip) {
      return Error(ErrorCode::kInvalidInput, "--ip is \"" + o.ip + "\"",
                   "give the product server's IPv4 address, a.b.c.d");
    }
  }
  return facts;
}

// The password from --password-file: its first line. Read as a secret (wiped when freed; the
// file must not be readable by group or others, as for every secret file).
Result<SecretBytes> ReadPasswordFile(const std::string& path) {
  FRLIC_ASSIGN_OR_RETURN(SecretBytes file, ReadSecretFile(path, 4096));
  const auto bytes = file.reveal();
  std::size_t end = 0;
  while (end < bytes.size() && bytes[end] != '\n' && bytes[end] != '\r') ++end;
  if (end == 0) {
    return Error(ErrorCode::kInvalidInput, path + ": the first line is empty",
                 "put the password the customer uses on the first line");
  }
  return SecretBytes::CopyFrom(ByteView(bytes.data(), end));
}

std::string VerdictText(const ArtifactCheck& check) {
  if (check.destroyed) return "destroyed";
  if (!check.accepted()) return "rejected";
  const std::size_t n = check.not_checked.size();
  if (n == 0) return "accepted";
  return "accepted, with " + std::to_string(n) + (n == 1 ? " fact" : " facts") + " not checked";
}

std::string NotCheckedList(const ArtifactCheck& check) {
  std::string out;
  for (const auto& fact : check.not_checked) out += (out.empty() ? "--" : ", --") + fact;
  return out;
}

int Print(const GlobalOptions& options, const std::string& subject, const ArtifactCheck& check,
          UnixSeconds at) {
  nlohmann::ordered_json out;
  out["ok"] = check.accepted();
  out["artifact"] = CheckedArtifactName(check.artifact);
  out["verdict"] = VerdictText(check);
  out["at"] = FormatInstant(at);
  if (!check.serial.empty()) out["serial"] = check.serial;
  if (check.destroyed) out["destroyed"] = true;
  out["not_checked"] = check.not_checked;
  if (check.container) {
    out["reasons"] = nlohmann::ordered_json::array();
    for (const auto& reason : check.container->reasons) {
      out["reasons"].push_back(
          {{"reason", ContainerFailureName(reason.failure)}, {"prompt", reason.prompt}});
    }
    if (!check.container->format_error.empty()) {
      out["format_error"] = check.container->format_error;
    }
  }
  if (check.server) {
    out["server_code"] = static_cast<int>(check.server->code);
    out["server_error"] = ServerCodeName(check.server->code);
    if (!check.server->detail.empty()) out["detail"] = check.server->detail;
  }
  if (options.json) {
    std::cout << JsonText(out) << "\n";
  } else {
    std::cout << subject << ": " << VerdictText(check) << " (";
    if (!check.serial.empty()) std::cout << "serial " << check.serial << ", ";
    std::cout << "as of " << FormatInstant(at) << ")\n";
    if (check.container) {
      for (const auto& reason : check.container->reasons) {
        // The format failure's prompt is its name: say why instead, on the same line.
        const bool format = reason.failure == ContainerFailure::kIncorrectFormat;
        std::cout << "  " << ContainerFailureName(reason.failure) << ": "
                  << (format && !check.container->format_error.empty()
                          ? check.container->format_error
                          : reason.prompt)
                  << "\n";
      }
    }
    if (check.destroyed) {
      std::cout << "  destroyed: config/instance.key.sealed was deleted by -destroy, so this "
                   "server no longer starts and answers nothing; its licence would answer:\n";
    }
    if (check.server && (check.server->code != ServerCode::kOk || check.destroyed)) {
      std::cout << "  " << static_cast<int>(check.server->code) << " "
                << ServerCodeName(check.server->code)
                << (check.server->detail.empty() ? "" : ": " + check.server->detail) << "\n";
    }
    if (!check.not_checked.empty()) {
      std::cout << "  not checked: " << NotCheckedList(check)
                << " (the licence restricts them; give them to check)\n";
    }
  }
  return check.accepted() ? kExitOk : kExitVerdict;
}

}  // namespace

void AddCheck(CLI::App& app, GlobalOptions& options, std::vector<Command>& commands) {
  auto* command = app.add_subcommand(
      "check",
      "What the product, licence server, component or public cloud server would answer, given "
      "the deployment's facts");
  auto check = std::make_shared<CheckOptions>();
  auto* license = command->add_option(
      "--license", check->license,
      "Container.lic, FanruanLicenseServer.zip or fanruan_license_server.tar (type read from "
      "the bytes)");
  auto* account =
      command->add_option("--account", check->account, "A public cloud account in the ledger");
  license->excludes(account);
  account->excludes(license);
  command->add_option("--password-file", check->password_file,
                      "--account: the password the customer uses (first line)");
  command->add_option("--method", check->method,
                      "Container.lic: the method the product chose (\"Local Container\", ... or "
                      "local-container, ...); not checked when absent");
  command->add_option("--product", check->product, "Local product: FineDataLink, ...");
  command->add_option("--product-version", check->version, "Local version, e.g. 4.1.5");
  command->add_option("--app-name", check->app_name, "Local app/project name");
  command
      ->add_option("--nodes", check->nodes,
                   "Cluster nodes, or registrations (projects) including this one")
      ->check(CLI::PositiveNumber);
  command->add_option("--project-content", check->project_content, "Local project content");
  command->add_option("--ip", check->ip, "The product server's IPv4 address (licence server)");
  command->add_option("--domain", check->domain,
                      "The domain the product used to reach the licence server or component");
  command->add_option("--date", check->date,
                      "Judge as of this day (YYYY-MM-DD, taken at 12:00 UTC) or instant");
  // A later fact overrides an earlier one, so scripts can vary one fact of a shared set.
  for (CLI::Option* option : command->get_options()) {
    option->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  }
  AddKeysOption(command, options);
  AddLedgerOption(command, options);
  AddJsonFlag(command, options);
  commands.push_back(
      {command, [&options, check, command]() {
         if (check->license.empty() == check->account.empty()) {
           return ReportError(options, Error(ErrorCode::kInvalidInput,
                                             "check needs --license FILE or --account NAME"));
         }
         auto at = JudgeAt(check->date);
         if (!at.ok()) return ReportError(options, at.error());
         auto facts = FactsFrom(*check, *command);
         if (!facts.ok()) return ReportError(options, facts.error());
         if (!check->account.empty()) {
           std::optional<SecretBytes> password;
           if (!check->password_file.empty()) {
             auto read = ReadPasswordFile(check->password_file);
             if (!read.ok()) return ReportError(options, read.error());
             password = std::move(read).value();
           }
           const FixedClock clock(*at);
           auto judged =
               CheckAccountRegistration(options.LedgerPath(), check->account,
                                        password ? &*password : nullptr, facts->nodes, clock);
           if (!judged.ok()) return ReportError(options, judged.error());
           return Print(options, "account " + check->account, *judged, *at);
         }
         auto keyring = Keyring::Load(options.KeysDir());
         if (!keyring.ok()) return ReportError(options, keyring.error());
         auto judged = CheckArtifactFile(check->license, *keyring, *facts, *at);
         if (!judged.ok()) return ReportError(options, judged.error());
         return Print(options, check->license, *judged, *at);
       }});
}

}  // namespace frlic::cli
