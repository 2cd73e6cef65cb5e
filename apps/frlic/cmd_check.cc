// frlic check --license Container.lic + the deployment's facts: the product's verdict. Any
// licence file the product could not read is its verdict too (exit 1, Incorrect License
// Format), not an error (docs/cli.md, "Bad input").
#include <filesystem>
#include <iostream>

#include "cli.h"
#include "frlic/core/files.h"
#include "frlic/core/time.h"
#include "frlic/licence/container_licence.h"

namespace frlic::cli {
namespace {

struct CheckOptions {
  std::string license;
  DeploymentFacts facts;
  std::int64_t nodes = 0;
  std::string date;  // YYYY-MM-DD (noon UTC) or YYYY-MM-DDTHH:MM:SSZ
};

// The product reads a licence file of at most 1 MiB (docs/cli.md, "Bad input"); a Container.lic
// is a few kilobytes.
constexpr std::uint64_t kMaxLicenceBytes = 1 << 20;

// The product's verdict on the licence file; on a file too large to read, "Incorrect License
// Format", as on any file it cannot parse. An error if the file cannot be opened at all
// (missing, not a regular file, unreadable).
Result<ContainerVerdict> JudgeLicenceFile(const std::string& path, const Keyring& keyring,
                                          const DeploymentFacts& facts, UnixSeconds at) {
  auto bytes = ReadFile(path, kMaxLicenceBytes);
  if (bytes.ok()) return CheckContainerLicence(*bytes, keyring, facts, at, path);
  std::error_code ec;
  const bool regular = std::filesystem::is_regular_file(path, ec);
  const auto size = regular ? std::filesystem::file_size(path, ec) : 0;
  if (!regular || ec || size <= kMaxLicenceBytes) return std::move(bytes).error();
  ContainerVerdict verdict;
  verdict.format_error = path + " is " + std::to_string(size) +
                         " bytes; a licence file is at most " + std::to_string(kMaxLicenceBytes) +
                         " bytes";
  verdict.reasons.push_back({ContainerFailure::kIncorrectFormat, "Incorrect License Format"});
  return verdict;
}

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

}  // namespace

void AddCheck(CLI::App& app, GlobalOptions& options, std::vector<Command>& commands) {
  auto* command = app.add_subcommand(
      "check", "The product's verdict on a Container.lic, given the deployment's facts");
  auto check = std::make_shared<CheckOptions>();
  command->add_option("--license", check->license, "Container.lic")->required();
  command->add_option("--method", check->facts.method, "Authentication method the product chose")
      ->default_val("local-container");
  command->add_option("--product", check->facts.product, "Local product: FineDataLink, ...");
  command->add_option("--product-version", check->facts.version, "Local version, e.g. 4.1.5");
  command->add_option("--app-name", check->facts.app_name, "Local app/project name");
  command->add_option("--nodes", check->nodes, "Cluster nodes")->check(CLI::PositiveNumber);
  command->add_option("--project-content", check->facts.project_content, "Local project content");
  command->add_option("--date", check->date,
                      "Judge as of this day (YYYY-MM-DD, taken at 12:00 UTC) or instant");
  // A later fact overrides an earlier one, so scripts can vary one fact of a shared set.
  for (CLI::Option* option : command->get_options()) {
    option->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  }
  AddKeysOption(command, options);
  AddJsonFlag(command, options);
  commands.push_back(
      {command, [&options, check, command]() {
         if (command->count("--nodes") > 0) check->facts.nodes = check->nodes;
         auto at = JudgeAt(check->date);
         if (!at.ok()) return ReportError(options, at.error());
         auto keyring = Keyring::Load(options.KeysDir());
         if (!keyring.ok()) return ReportError(options, keyring.error());
         auto judged = JudgeLicenceFile(check->license, *keyring, check->facts, *at);
         if (!judged.ok()) return ReportError(options, judged.error());
         const ContainerVerdict& verdict = *judged;
         nlohmann::ordered_json out;
         out["ok"] = verdict.accepted();
         out["verdict"] = verdict.accepted() ? "accepted" : "rejected";
         out["at"] = FormatInstant(*at);
         if (verdict.licence) out["serial"] = verdict.licence->serial;
         out["reasons"] = nlohmann::ordered_json::array();
         for (const auto& reason : verdict.reasons) {
           out["reasons"].push_back(
               {{"reason", ContainerFailureName(reason.failure)}, {"prompt", reason.prompt}});
         }
         if (!verdict.format_error.empty()) out["format_error"] = verdict.format_error;
         if (options.json) {
           std::cout << out.dump(2) << "\n";
         } else if (verdict.accepted()) {
           std::cout << check->license << ": accepted (serial " << verdict.licence->serial
                     << ", as of " << FormatInstant(*at) << ")\n";
         } else {
           std::cout << check->license << ": rejected (as of " << FormatInstant(*at) << ")\n";
           for (const auto& reason : verdict.reasons) {
             std::cout << "  " << ContainerFailureName(reason.failure) << ": " << reason.prompt
                       << "\n";
           }
           if (!verdict.format_error.empty())
             std::cout << "  why: " << verdict.format_error << "\n";
         }
         return verdict.accepted() ? kExitOk : kExitVerdict;
       }});
}

}  // namespace frlic::cli
