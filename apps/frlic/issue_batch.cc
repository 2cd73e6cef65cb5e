#include "issue_batch.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "frlic/core/files.h"
#include "frlic/core/time.h"
#include "frlic/issue/batch.h"
#include "issue_password.h"

namespace frlic::cli {
namespace {

Result<std::vector<std::string>> CollectOrderPaths(const OrderSources& sources) {
  std::vector<std::string> paths = sources.orders;
  if (!sources.orders_dir.empty()) {
    FRLIC_ASSIGN_OR_RETURN(std::vector<std::string> listed, ListOrderFiles(sources.orders_dir));
    paths.insert(paths.end(), listed.begin(), listed.end());
  }
  if (!sources.orders_from.empty()) {
    std::string text;
    if (sources.orders_from == "-") {
      text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    } else {
      FRLIC_RETURN_IF_ERROR(RequireRegularFile(sources.orders_from, "--orders-from"));
      FRLIC_ASSIGN_OR_RETURN(Bytes bytes, ReadFile(sources.orders_from, 64 << 20));
      text.assign(bytes.begin(), bytes.end());
    }
    std::vector<std::string> listed = ParseOrderList(text);
    paths.insert(paths.end(), listed.begin(), listed.end());
  }
  if (paths.empty()) {
    return Error(ErrorCode::kInvalidInput, "no orders to issue",
                 "name them with --order FILE (repeatable), --orders DIR or --orders-from FILE");
  }
  return paths;
}

nlohmann::ordered_json ErrorObject(const Error& error) {
  nlohmann::ordered_json out = {{"code", ErrorCodeName(error.code())},
                                {"exit_code", ExitCodeFor(error.code())},
                                {"message", error.message()}};
  if (!error.hint().empty()) out["hint"] = error.hint();
  if (!error.problems().empty()) out["problems"] = ProblemsToJson(error.problems());
  return out;
}

// "N/M orders" on stderr, redrawn in place; only when stderr is a terminal.
class BatchProgress {
 public:
  explicit BatchProgress(const GlobalOptions& options)
      : shown_(!options.quiet && ::isatty(STDERR_FILENO) == 1) {}
  void Clear() const {
    if (shown_) std::fputs("\r\033[K", stderr);
  }
  void Draw(std::size_t done, std::size_t total) const {
    if (!shown_) return;
    std::fprintf(stderr, "\rfrlic: %zu/%zu orders%s", done, total, done == total ? "\n" : "");
    std::fflush(stderr);
  }

 private:
  bool shown_;
};

class BatchReporter {
 public:
  BatchReporter(const GlobalOptions& options, const PasswordDestination& password)
      : options_(options), password_(password), progress_(options) {}

  void Item(const BatchItem& item, std::size_t done, std::size_t total) {
    progress_.Clear();
    if (item.status == BatchStatus::kFailed && !first_error_) first_error_ = item.error;
    if (options_.json) {
      PrintJson(item);
    } else {
      PrintText(item);
    }
    progress_.Draw(done, total);
  }

  int Summary(const BatchOutcome& outcome, double total_seconds) {
    const std::size_t failed = outcome.failed, issued = outcome.issued;
    const int exit_code = first_error_ ? ExitCodeFor(first_error_->code()) : kExitOk;
    if (options_.json) {
      const BatchTimings& t = outcome.seconds;
      nlohmann::ordered_json summary = {{"orders", outcome.items.size()},
                                        {"issued", issued},
                                        {"already_issued", outcome.already_issued},
                                        {"failed", failed},
                                        {"skipped", outcome.skipped},
                                        {"exit_code", exit_code},
                                        {"seconds",
                                         {{"lint", t.lint},
                                          {"open", t.open},
                                          {"plan", t.plan},
                                          {"build", t.build},
                                          {"record", t.record},
                                          {"total", total_seconds}}}};
      nlohmann::ordered_json out = {{"ok", exit_code == kExitOk}, {"summary", summary}};
      std::cout << out.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace)
                << "\n";
    } else if (!options_.quiet || exit_code != kExitOk) {
      std::cout << outcome.items.size() << " orders: " << issued << " issued, "
                << outcome.already_issued << " already issued, " << failed << " failed, "
                << outcome.skipped << " skipped\n";
    }
    std::cout << std::flush;
    return exit_code;
  }

 private:
  void PrintJson(const BatchItem& item) {
    nlohmann::ordered_json out;
    out["order_path"] = item.order_path;
    if (!item.order_id.empty()) out["order_id"] = item.order_id;
    out["status"] = BatchStatusName(item.status);
    if (item.result && item.status != BatchStatus::kFailed) {
      const IssueResult& r = *item.result;
      out["serial"] = r.serial;
      out["method"] = r.method;
      if (!r.path.empty()) out["path"] = r.path;
      out["sha256"] = r.sha256;
      if (!r.key_id.empty()) out["key_id"] = r.key_id;
      out["issued_at"] = FormatInstant(r.issued_at);
      if (r.artifact_missing) out["artifact_missing"] = true;
      if (r.account) {
        out["account"] = {{"name", r.account->name},
                          {"capacity", r.account->capacity},
                          {"expires", FormatDate(r.account->expires)},
                          {"status", AccountStatusName(r.account->status)}};
        if (item.status == BatchStatus::kIssued && password_.show) {
          out["account"]["password"] = std::string(AsText(r.account->password.reveal()));
        }
        if (!r.password_file.empty()) out["password_file"] = r.password_file;
      }
      if (!r.warnings.empty()) out["warnings"] = ProblemsToJson(r.warnings);
    }
    if (item.error) out["error"] = ErrorObject(*item.error);
    std::string text = out.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    if (out.contains("account") && out["account"].contains("password")) {
      auto& copy = out["account"]["password"].get_ref<std::string&>();
      WipeMemory(copy.data(), copy.size());
    }
    std::cout << text << "\n";
    WipeMemory(text.data(), text.size());
  }

  void PrintText(const BatchItem& item) {
    const std::string id = item.order_id.empty() ? item.order_path : item.order_id;
    if (item.status == BatchStatus::kFailed) {
      if (!options_.quiet) std::cout << "failed          " << id << "\n" << std::flush;
      app::PrintError("frlic", *item.error);
      return;
    }
    if (item.result) {
      for (const auto& w : item.result->warnings) {
        std::cerr << "frlic: warning: " << FormatProblem(w) << "\n";
      }
    }
    if (options_.quiet) return;
    if (item.status == BatchStatus::kSkipped) {
      std::cout << "skipped         " << id
                << " (not issued: another order failed; --keep-going issues the others)\n";
      return;
    }
    const IssueResult& r = *item.result;
    std::cout << (item.status == BatchStatus::kIssued ? "issued          " : "already issued  ")
              << id << "  " << r.serial << "  ";
    if (r.account) {
      std::cout << "account " << r.account->name;
      if (!r.password_file.empty()) {
        std::cout << ", password in " << r.password_file
                  << (r.already_issued ? " (staged by a stopped run, put in place now)" : "");
      }
      if (item.status == BatchStatus::kIssued && password_.show) {
        std::cout << ", password " << AsText(r.account->password.reveal());
      }
    } else {
      std::cout << r.path << (r.artifact_missing ? " (no longer there)" : "");
    }
    std::cout << "\n";
  }

  const GlobalOptions& options_;
  const PasswordDestination& password_;
  BatchProgress progress_;
  std::optional<Error> first_error_;
};

}  // namespace

int RunIssueBatch(const GlobalOptions& options, IssueRequest& common, const OrderSources& sources,
                  const BatchFlags& flags, const PasswordDestination& password) {
  const auto start = std::chrono::steady_clock::now();
  if (!common.rif_path.empty()) {
    return ReportError(options,
                       Error(ErrorCode::kInvalidInput, "--rif names one host, not a batch's",
                             "pass --rif-dir DIR holding <order_id>.rif for each private-cloud "
                             "order"));
  }
  CompleteIssueRequest(options, common);
  common.on_image_progress = {};  // images are written side by side: no one progress line
  auto paths = CollectOrderPaths(sources);
  if (!paths.ok()) return ReportError(options, paths.error());
  auto clock = MakeClock();
  if (!clock.ok()) return ReportError(options, clock.error());
  auto random = MakeRandom(options.allow_example_keys);
  if (!random.ok()) return ReportError(options, random.error());

  BatchReporter reporter(options, password);
  BatchRequest request{.common = common,
                       .order_paths = std::move(paths).value(),
                       .rif_dir = flags.rif_dir,
                       .password_dir = password.file,
                       .keep_going = flags.keep_going,
                       .jobs = flags.jobs};
  request.before_issue = [&](const Order& order, const std::string& order_path) -> Status {
    if (order.method() != Method::kPublicCloud) return Ok();
    return CheckBatchPasswordDestination(password, order, order_path);
  };
  request.on_item = [&](const BatchItem& item, std::size_t done, std::size_t total) {
    reporter.Item(item, done, total);
  };
  auto outcome = IssueBatch(request, LazyPassphrase(options), **clock, **random);
  if (!outcome.ok()) return ReportError(options, outcome.error());
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return reporter.Summary(*outcome, seconds);
}

}  // namespace frlic::cli
