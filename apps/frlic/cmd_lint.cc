// frlic lint ORDER...: validate orders without signing (the check CI runs on a pull request).
// Besides each file's own problems: an order_id used by more than one of the files given, and
// with --ledger an order_id the ledger already holds (read-only; a missing ledger is an error,
// never created). Findings are printed as text, JSON, GitHub workflow commands or SARIF
// (lint_annotations.h). Exit 3 when any file has problems; a file that cannot be read at all
// (missing, unreadable) gives that error's code instead, the first in argument order.
// Warnings (an ip_ranges entry outside the private blocks) leave the exit code alone, unless
// --strict-private-ips makes them problems.
#include <iostream>
#include <map>
#include <optional>

#include "cli.h"
#include "frlic/core/files.h"
#include "frlic/core/strict_json.h"
#include "frlic/ledger/ledger.h"
#include "frlic/licence/component_licence.h"
#include "frlic/licence/server_licence.h"
#include "frlic/order/order.h"
#include "lint_annotations.h"

namespace frlic::cli {

namespace {

// One file given on the command line and what lint found in it.
struct LintedFile {
  std::string path;
  std::optional<Order> order;       // when it loaded and is valid
  std::optional<Error> unreadable;  // when it could not be read at all
  std::vector<Finding> findings;    // errors and warnings, in the order found
  int errors() const {
    int count = 0;
    for (const auto& f : findings) count += f.level == FindingLevel::kError ? 1 : 0;
    return count;
  }
};

Finding MakeFinding(FindingLevel level, std::string rule, Problem problem) {
  return Finding{level, std::move(rule), std::move(problem)};
}

LintedFile LintOne(const std::string& path, bool strict_private_ips) {
  LintedFile file{path, std::nullopt, std::nullopt, {}};
  auto order = Order::Load(path);
  if (!order.ok()) {
    const Error& error = order.error();
    if (error.code() == ErrorCode::kInvalidInput && !error.problems().empty()) {
      for (const auto& p : error.problems())
        file.findings.push_back(MakeFinding(FindingLevel::kError, "order.invalid", p));
    } else {
      // Missing, a directory, unreadable, too large: the file as a whole is the finding.
      file.unreadable = error;
      Problem problem;
      problem.file = path;
      problem.message = "cannot be read: " + error.message();
      file.findings.push_back(MakeFinding(FindingLevel::kError, "order.unreadable", problem));
    }
    return file;
  }
  for (const auto& w : order->warnings()) {
    file.findings.push_back(MakeFinding(
        strict_private_ips ? FindingLevel::kError : FindingLevel::kWarning, "order.public-ip", w));
  }
  file.order = std::move(order).value();
  return file;
}

Problem AtOrderId(const LintedFile& file, std::string message) {
  Problem problem;
  problem.file = file.path;
  problem.line = file.order->order_id_line();
  problem.column = file.order->order_id_column();
  problem.field = "order_id";
  problem.message = std::move(message);
  problem.found = file.order->order_id();
  return problem;
}

std::string Location(const LintedFile& file) {
  return file.path + ":" + std::to_string(file.order->order_id_line());
}

// Every occurrence of an order_id that more than one file uses, naming the others.
void FindDuplicateIds(std::vector<LintedFile>& files) {
  std::map<std::string, std::vector<LintedFile*>> by_id;
  for (auto& file : files) {
    if (file.order) by_id[file.order->order_id()].push_back(&file);
  }
  for (auto& [id, uses] : by_id) {
    if (uses.size() < 2) continue;
    for (LintedFile* file : uses) {
      std::string others;
      for (const LintedFile* other : uses) {
        if (other == file) continue;
        others += (others.empty() ? "" : ", ") + Location(*other);
      }
      Problem problem = AtOrderId(*file, "order id " + id + " is also used by " + others);
      problem.expected = "an order id no other order uses";
      file->findings.push_back(
          MakeFinding(FindingLevel::kError, "order.duplicate-id", std::move(problem)));
    }
  }
}

// The terms as the ledger keeps them: the default access port filled in where issuing fills
// it (private cloud always; container private cloud only in the licence, so both sides get it).
Terms ComparableTerms(Terms terms) {
  if (terms.method == Method::kPrivateCloud) terms.port = ServerPort(terms);
  if (terms.method == Method::kContainerPrivateCloud) terms.port = ComponentPort(terms);
  return terms;
}

// Whether the order says what the ledger's record was issued from: the same terms, notes and
// requested_by (what issue records of an order).
Result<bool> SameContent(const Order& order, const LedgerRecord& record) {
  const std::string where = "ledger record " + record.serial + " (terms_json)";
  FRLIC_ASSIGN_OR_RETURN(Json json, ParseStrictJson(record.terms_json, where));
  FRLIC_ASSIGN_OR_RETURN(Terms recorded, TermsFromJson(json, where));
  return ComparableTerms(recorded) == ComparableTerms(order.terms()) &&
         record.notes == order.notes() && record.requested_by == order.requested_by();
}

// Each valid order whose id the ledger already holds: a warning when the content is the one
// issued (issuing it again is a re-run), an error when it differs (a new order needs a new id).
Status FindIssuedIds(Ledger& ledger, std::vector<LintedFile>& files) {
  for (auto& file : files) {
    if (!file.order) continue;
    FRLIC_ASSIGN_OR_RETURN(auto record, ledger.FindActiveByOrderId(file.order->order_id()));
    if (!record) continue;
    FRLIC_ASSIGN_OR_RETURN(bool same, SameContent(*file.order, *record));
    const std::string issued = "order id " + file.order->order_id() +
                               " is already issued (serial " + record->serial + ", " +
                               LicenceStatusName(record->status) + ")";
    if (same) {
      file.findings.push_back(MakeFinding(
          FindingLevel::kWarning, "order.already-issued",
          AtOrderId(file, issued + " with the same content: issuing it again is a re-run")));
    } else {
      Problem problem = AtOrderId(file, issued + " with different content");
      problem.expected = "a new order id for a new order (a changed licence is a reissue)";
      file.findings.push_back(
          MakeFinding(FindingLevel::kError, "order.id-taken", std::move(problem)));
    }
  }
  return Ok();
}

struct Summary {
  int files = 0;
  int ok = 0;
  int with_problems = 0;  // read, with at least one error
  int unreadable = 0;
  int problems = 0;  // error findings in the files that were read
  int warnings = 0;
};

Summary Summarise(const std::vector<LintedFile>& files) {
  Summary s;
  s.files = static_cast<int>(files.size());
  for (const auto& file : files) {
    for (const auto& f : file.findings) s.warnings += f.level == FindingLevel::kWarning ? 1 : 0;
    if (file.unreadable) {
      ++s.unreadable;
    } else if (file.errors() > 0) {
      ++s.with_problems;
      s.problems += file.errors();
    } else {
      ++s.ok;
    }
  }
  return s;
}

// "1 of 3 order file(s) have 2 problem(s); 1 of 3 order file(s) could not be read; 1 warning(s)"
std::string SummaryLine(const Summary& s) {
  const std::string of = " of " + std::to_string(s.files) + " order file(s) ";
  std::string line;
  auto add = [&line](const std::string& part) { line += (line.empty() ? "" : "; ") + part; };
  if (s.with_problems > 0) {
    add(std::to_string(s.with_problems) + of + "have " + std::to_string(s.problems) +
        " problem(s)");
  }
  if (s.unreadable > 0) add(std::to_string(s.unreadable) + of + "could not be read");
  if (line.empty()) add(std::to_string(s.files) + " order file(s) ok");
  if (s.warnings > 0) add(std::to_string(s.warnings) + " warning(s)");
  return line;
}

std::vector<Problem> ProblemsOf(const LintedFile& file, FindingLevel level) {
  std::vector<Problem> out;
  for (const auto& f : file.findings) {
    if (f.level == level) out.push_back(f.problem);
  }
  return out;
}

nlohmann::ordered_json FilesJson(const std::vector<LintedFile>& files) {
  auto list = nlohmann::ordered_json::array();
  for (const auto& file : files) {
    nlohmann::ordered_json item;
    item["file"] = file.path;
    item["ok"] = file.errors() == 0;
    if (file.unreadable) {
      item["readable"] = false;
      item["error"] = {{"code", ErrorCodeName(file.unreadable->code())},
                       {"exit_code", ExitCodeFor(file.unreadable->code())},
                       {"message", file.unreadable->message()}};
    }
    if (file.order) {
      item["order_id"] = file.order->order_id();
      item["method"] = MethodName(file.order->method());
    }
    if (file.errors() > 0 && !file.unreadable) {
      item["message"] = file.path + ": " + std::to_string(file.errors()) +
                        (file.errors() == 1 ? " problem" : " problems");
      item["problems"] = ProblemsToJson(ProblemsOf(file, FindingLevel::kError));
      nlohmann::ordered_json rules = nlohmann::ordered_json::array();
      for (const auto& f : file.findings) {
        if (f.level == FindingLevel::kError) rules.push_back(f.rule);
      }
      item["rules"] = rules;
    }
    item["warnings"] = ProblemsToJson(ProblemsOf(file, FindingLevel::kWarning));
    list.push_back(std::move(item));
  }
  return list;
}

void PrintText(const std::vector<LintedFile>& files, bool quiet) {
  for (const auto& file : files) {
    if (file.errors() == 0) {
      if (!quiet)
        std::cout << file.path << ": ok (" << file.order->order_id() << ", "
                  << MethodName(file.order->method())
                  << (file.findings.empty() ? "" : ", with warnings") << ")\n";
    } else if (file.unreadable) {
      std::cerr << "frlic: error: " << file.unreadable->message() << "\n";
    } else {
      std::cerr << "frlic: error: " << file.path << ": " << file.errors()
                << (file.errors() == 1 ? " problem" : " problems") << "\n";
      for (const auto& p : ProblemsOf(file, FindingLevel::kError))
        std::cerr << "  " << FormatProblem(p) << "\n";
    }
    for (const auto& w : ProblemsOf(file, FindingLevel::kWarning))
      std::cerr << "frlic: warning: " << FormatProblem(w) << "\n";
  }
}

// A failed lint's code: the first unreadable file's (e.g. not-found), else invalid-input.
ErrorCode FailureCode(const std::vector<LintedFile>& files) {
  for (const auto& file : files) {
    if (file.unreadable) return file.unreadable->code();
  }
  return ErrorCode::kInvalidInput;
}

}  // namespace

void AddLint(CLI::App& app, GlobalOptions& options, std::vector<Command>& commands) {
  auto* command = app.add_subcommand("lint", "Validate order files without signing anything");
  auto orders = std::make_shared<std::vector<std::string>>();
  command->add_option("orders", *orders, "order.yaml files")->required();
  auto strict = std::make_shared<bool>(false);
  command->add_flag("--strict-private-ips", *strict,
                    "An ip_ranges entry outside the private ranges is an error, not a warning");
  auto ledger_path = std::make_shared<std::string>();
  command->add_option("--ledger", *ledger_path,
                      "Also report order ids this ledger already holds (read only; only this "
                      "flag names one, never FRLIC_LEDGER)");
  auto format = std::make_shared<std::string>("text");
  command
      ->add_option("--format", *format,
                   "text, json (= --json), github (workflow-command annotations) or sarif "
                   "(SARIF 2.1.0)")
      ->check(CLI::IsMember({"text", "json", "github", "sarif"}))
      ->capture_default_str();
  AddJsonFlag(command, options);
  commands.push_back(
      {command, [&options, orders, strict, ledger_path, format]() {
         if (options.json && *format != "text" && *format != "json") {
           return ReportError(
               options, Error(ErrorCode::kInvalidInput,
                              "--json and --format " + *format + " ask for two output formats",
                              "give one of them"));
         }
         if (*format == "json") options.json = true;
         std::vector<LintedFile> files;
         for (const auto& path : *orders) files.push_back(LintOne(path, *strict));
         FindDuplicateIds(files);
         if (!ledger_path->empty()) {
           if (!PathExists(*ledger_path)) {
             return ReportError(
                 options,
                 Error(ErrorCode::kNotFound, "--ledger " + *ledger_path + " does not exist",
                       "lint only reads a ledger; name the one issue uses"));
           }
           auto clock = MakeClock();
           if (!clock.ok()) return ReportError(options, clock.error());
           auto ledger = Ledger::OpenReadOnly(*ledger_path, **clock);
           if (!ledger.ok()) return ReportError(options, ledger.error());
           auto found = FindIssuedIds(**ledger, files);
           if (!found.ok()) return ReportError(options, found.error());
         }
         const Summary summary = Summarise(files);
         std::vector<Finding> findings;
         for (const auto& file : files)
           findings.insert(findings.end(), file.findings.begin(), file.findings.end());
         if (options.json) {
           nlohmann::ordered_json out;
           out["ok"] = summary.with_problems + summary.unreadable == 0;
           out["files"] = FilesJson(files);
           out["summary"] = {{"files", summary.files},
                             {"ok", summary.ok},
                             {"with_problems", summary.with_problems},
                             {"unreadable", summary.unreadable},
                             {"problems", summary.problems},
                             {"warnings", summary.warnings}};
           if (!out["ok"].get<bool>()) {
             // The one error object every command's --json failure has (docs/cli.md).
             const ErrorCode code = FailureCode(files);
             out["error"] = {{"code", ErrorCodeName(code)},
                             {"exit_code", ExitCodeFor(code)},
                             {"message", SummaryLine(summary)}};
           }
           std::cout << JsonText(out) << "\n";
         } else if (*format == "github") {
           std::cout << GithubWorkflowCommands(findings);
         } else if (*format == "sarif") {
           std::cout << JsonText(SarifLog(findings, FRLIC_VERSION)) << "\n";
         } else {
           PrintText(files, options.quiet);
         }
         const bool failed = summary.with_problems + summary.unreadable > 0;
         if (!options.json && (failed || *format != "text"))
           std::cerr << "frlic: " << SummaryLine(summary) << "\n";
         return failed ? ExitCodeFor(FailureCode(files)) : kExitOk;
       }});
}

}  // namespace frlic::cli
