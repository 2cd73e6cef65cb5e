#include "lint_annotations.h"

#include <map>

namespace frlic::cli {
namespace {

// GitHub's escaping for a workflow command's message ("data").
std::string EscapeData(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '%') {
      out += "%25";
    } else if (c == '\r') {
      out += "%0D";
    } else if (c == '\n') {
      out += "%0A";
    } else {
      out += c;
    }
  }
  return out;
}

// ... and for a property value, where ':' and ',' separate properties.
std::string EscapeProperty(const std::string& text) {
  std::string out;
  for (char c : EscapeData(text)) {
    if (c == ':') {
      out += "%3A";
    } else if (c == ',') {
      out += "%2C";
    } else {
      out += c;
    }
  }
  return out;
}

// The finding in one line, "field: message (found X; expected Y)", without the location,
// which the annotation carries separately.
std::string Describe(const Problem& p) {
  Problem without_location = p;
  without_location.file.clear();
  return FormatProblem(without_location);
}

const char* LevelName(FindingLevel level) {
  return level == FindingLevel::kError ? "error" : "warning";
}

}  // namespace

std::string GithubWorkflowCommands(const std::vector<Finding>& findings) {
  std::string out;
  for (const Finding& finding : findings) {
    const Problem& p = finding.problem;
    out += "::";
    out += LevelName(finding.level);
    std::string properties;
    auto add = [&properties](const char* key, const std::string& value) {
      properties += properties.empty() ? " " : ",";
      properties += key;
      properties += "=" + EscapeProperty(value);
    };
    if (!p.file.empty()) add("file", p.file);
    if (p.line > 0) add("line", std::to_string(p.line));
    if (p.column > 0) add("col", std::to_string(p.column));
    add("title", "frlic " + finding.rule);
    out += properties + "::" + EscapeData(Describe(p)) + "\n";
  }
  return out;
}

nlohmann::ordered_json SarifLog(const std::vector<Finding>& findings, const std::string& version) {
  std::map<std::string, FindingLevel> rules;
  auto results = nlohmann::ordered_json::array();
  for (const Finding& finding : findings) {
    const Problem& p = finding.problem;
    rules.emplace(finding.rule, finding.level);
    nlohmann::ordered_json result;
    result["ruleId"] = finding.rule;
    result["level"] = LevelName(finding.level);
    result["message"] = {{"text", Describe(p)}};
    if (!p.file.empty()) {
      nlohmann::ordered_json location;
      location["physicalLocation"]["artifactLocation"]["uri"] = p.file;
      if (p.line > 0) {
        location["physicalLocation"]["region"]["startLine"] = p.line;
        if (p.column > 0) location["physicalLocation"]["region"]["startColumn"] = p.column;
      }
      result["locations"] = nlohmann::ordered_json::array({location});
    }
    results.push_back(std::move(result));
  }
  auto rule_list = nlohmann::ordered_json::array();
  for (const auto& [id, level] : rules) {
    rule_list.push_back({{"id", id}, {"defaultConfiguration", {{"level", LevelName(level)}}}});
  }
  nlohmann::ordered_json log;
  log["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json";
  log["version"] = "2.1.0";
  nlohmann::ordered_json run;
  run["tool"]["driver"] = {{"name", "frlic"}, {"version", version}, {"rules", rule_list}};
  run["results"] = std::move(results);
  log["runs"] = nlohmann::ordered_json::array({std::move(run)});
  return log;
}

}  // namespace frlic::cli
