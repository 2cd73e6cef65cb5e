// lint's findings in the forms CI review pages read: GitHub Actions workflow commands
// (`::error file=...,line=...,col=...::message`) and SARIF 2.1.0 (GitLab, GitHub code scanning
// and most review tools). Both are written from the same list of findings as the text output.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "frlic/core/status.h"

namespace frlic::cli {

enum class FindingLevel { kError, kWarning };

struct Finding {
  FindingLevel level = FindingLevel::kError;
  std::string rule;  // stable id: "order.invalid", "order.duplicate-id", "order.public-ip", ...
  Problem problem;   // file, line, column, field, message, found, expected
};

// One workflow command per finding, each on its own line. Values are escaped as the runner
// requires (% CR LF in the message; also : and , in properties), so a hostile order value
// cannot inject a second command.
std::string GithubWorkflowCommands(const std::vector<Finding>& findings);

// A SARIF 2.1.0 log with one run of tool "frlic" holding every finding; files are relative
// URIs as given on the command line.
nlohmann::ordered_json SarifLog(const std::vector<Finding>& findings, const std::string& version);

}  // namespace frlic::cli
