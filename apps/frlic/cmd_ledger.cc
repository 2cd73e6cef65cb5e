// frlic ledger init [PATH] | list [filters] | show SERIAL|ORDER-ID | verify [--expect-head].
#include <filesystem>
#include <iostream>

#include "cli.h"
#include "frlic/core/strict_json.h"
#include "frlic/core/time.h"
#include "frlic/issue/find_licences.h"
#include "frlic/ledger/ledger.h"

namespace frlic::cli {
namespace {

// A JSON column of the ledger as output. The ledger checks these columns when it reads a row;
// parsing them here must still never throw, so a damaged row is an error naming it.
Result<nlohmann::ordered_json> StoredJson(const std::string& text, const std::string& ledger_path,
                                          const std::string& where, const std::string& field) {
  auto parsed = ParseStrictJson(text, field);
  if (!parsed.ok()) {
    return Error(ErrorCode::kLedgerCorrupt,
                 "ledger " + ledger_path + ": " + where + ": " + parsed.error().message());
  }
  return nlohmann::ordered_json(*parsed);
}

Result<nlohmann::ordered_json> RecordToJson(const LedgerRecord& record,
                                            const std::string& ledger_path) {
  const std::string where = "record " + record.serial;
  nlohmann::ordered_json item;
  item["serial"] = record.serial;
  item["order_id"] = record.order_id;
  item["method"] = record.method;
  item["status"] = LicenceStatusName(record.status);
  item["issued_at"] = FormatInstant(record.issued_at);
  item["key_id"] = record.key_id;
  item["artifact_sha256"] = record.artifact_sha256;
  item["artifact_path"] = record.artifact_path;
  item["instance_public_key"] = record.instance_public_key;
  item["machine_fingerprint"] = record.machine_fingerprint;
  item["parent_serial"] = record.parent_serial;
  FRLIC_ASSIGN_OR_RETURN(item["terms"],
                         StoredJson(record.terms_json, ledger_path, where, "terms_json"));
  // Copied out of the terms, so that a reader finds a licence by what the e-mail says.
  item["company"] = item["terms"].value("company", "");
  item["project"] = item["terms"].value("project", "");
  item["notes"] = record.notes;
  item["requested_by"] = record.requested_by;
  FRLIC_ASSIGN_OR_RETURN(
      item["extra"], StoredJson(record.extra_json.empty() ? "{}" : record.extra_json, ledger_path,
                                where, "extra_json"));
  return item;
}

// The filters of `ledger list` as typed; Parse checks them (exit 3 naming the flag).
struct ListFilterOptions {
  std::string company, project, order_id, status, method, machine, ip, expires_before,
      expires_after;

  bool Any() const {
    return !(company + project + order_id + status + method + machine + ip + expires_before +
             expires_after)
                .empty();
  }

  Result<LicenceFilter> Parse() const {
    LicenceFilter filter;
    filter.company = company;
    filter.project = project;
    filter.order_id = order_id;
    std::vector<Problem> problems;
    auto bad = [&](const char* flag, const std::string& found, const std::string& expected) {
      problems.push_back(Problem{"", 0, 0, flag, "is not valid", found, expected});
    };
    if (!status.empty()) {
      filter.status = ParseLicenceStatus(status);
      if (!filter.status) {
        bad("--status", status, "pending, active, destroyed, revoked, superseded or aborted");
      }
    }
    if (!method.empty()) {
      filter.method = ParseMethod(method);
      if (!filter.method) {
        bad("--method", method,
            "local-container, private-cloud, container-private-cloud or public-cloud");
      }
    }
    if (!machine.empty()) {
      filter.machine_fingerprint = machine;
      if (machine.size() != 64 ||
          machine.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos) {
        bad("--machine", machine, "a machine fingerprint: 64 hex characters");
      }
    }
    if (!ip.empty()) {
      filter.ip = ParseIpv4(ip);
      if (!filter.ip) bad("--ip", ip, "one IPv4 address a.b.c.d");
    }
    auto date = [&](const char* flag, const std::string& text, std::optional<CivilDate>& out) {
      if (text.empty()) return;
      out = ParseDate(text);
      if (!out) bad(flag, text, "a date YYYY-MM-DD");
    };
    date("--expires-before", expires_before, filter.expires_before);
    date("--expires-after", expires_after, filter.expires_after);
    if (!problems.empty()) {
      return Error(ErrorCode::kInvalidInput, "ledger list: a filter is not valid",
                   std::move(problems));
    }
    return filter;
  }
};

// The clock a ledger keeps a reference to while a command runs; leak-free static.
Result<const Clock*> LedgerClock() {
  FRLIC_ASSIGN_OR_RETURN(auto clock, MakeClock());
  static std::unique_ptr<Clock> kept;
  kept = std::move(clock);
  return kept.get();
}

Result<std::unique_ptr<Ledger>> OpenLedger(const GlobalOptions& options) {
  FRLIC_ASSIGN_OR_RETURN(const Clock* clock, LedgerClock());
  return Ledger::OpenSqlite(options.LedgerPath(), *clock);
}

// --expect-head as typed: "HASH" or "SEQ:HASH" (docs/formats.md 6.2).
struct ExpectedHead {
  std::optional<std::int64_t> seq;
  std::string hash;
};

Result<ExpectedHead> ParseExpectedHead(const std::string& text) {
  ExpectedHead head;
  std::string hash = text;
  if (auto colon = text.find(':'); colon != std::string::npos) {
    const std::string seq = text.substr(0, colon);
    hash = text.substr(colon + 1);
    if (seq.empty() || seq.size() > 18 ||
        seq.find_first_not_of("0123456789") != std::string::npos) {
      hash.clear();  // reported below
    } else {
      head.seq = std::stoll(seq);
    }
  }
  if (hash.size() != 64 || hash.find_first_not_of("0123456789abcdef") != std::string::npos) {
    std::vector<Problem> problems{
        Problem{"", 0, 0, "--expect-head", "is not valid", text,
                "HASH or SEQ:HASH (64 lower-case hex digits, as ledger verify prints)"}};
    return Error(ErrorCode::kInvalidInput, "--expect-head is not valid", std::move(problems));
  }
  head.hash = hash;
  return head;
}

// The problem when the chain does not hold the expected head where it says, else "".
std::string ExpectedHeadProblem(const std::vector<LedgerEvent>& events, const ExpectedHead& want) {
  const std::string kGenesis(64, '0');
  if (want.hash == kGenesis && want.seq.value_or(0) == 0) return "";
  for (const auto& event : events) {
    if (event.hash == want.hash && (!want.seq || *want.seq == event.seq)) return "";
  }
  const std::string named = (want.seq ? std::to_string(*want.seq) + ":" : "") + want.hash;
  for (const auto& event : events) {
    if (want.seq && event.seq == *want.seq) {
      return "event " + std::to_string(event.seq) + " has hash " + event.hash + ", not the " +
             "expected head " + named + ": the ledger was rewritten from there on";
    }
  }
  return "the chain does not contain the expected head " + named + " (its last event is " +
         (events.empty() ? std::string("none") : std::to_string(events.back().seq)) +
         "): the ledger was truncated or replaced";
}

}  // namespace

void AddLedger(CLI::App& app, GlobalOptions& options, std::vector<Command>& commands) {
  auto* ledger = app.add_subcommand("ledger", "Read and verify the ledger of issued artifacts");
  ledger->require_subcommand(1);

  auto* init = ledger->add_subcommand(
      "init", "Create the ledger (every other command refuses a missing one)");
  auto init_path = std::make_shared<std::string>();
  auto parents = std::make_shared<bool>(false);
  init->add_option("path", *init_path, "Where (default: --ledger, $FRLIC_LEDGER or the default)");
  init->add_flag("--parents", *parents, "Create missing parent directories too");
  AddLedgerOption(init, options);
  AddJsonFlag(init, options);
  commands.push_back(
      {init, [&options, init_path, parents]() {
         const std::string path = init_path->empty() ? options.LedgerPath() : *init_path;
         std::error_code error;
         const bool existed = std::filesystem::exists(path, error);
         auto clock = LedgerClock();
         if (!clock.ok()) return ReportError(options, clock.error());
         auto opened = existed ? Ledger::OpenSqlite(path, **clock)
                               : Ledger::CreateSqlite(path, **clock, *parents);
         if (!opened.ok()) {
           // An existing file that is not a ledger is never touched.
           if (existed && opened.error().code() == ErrorCode::kLedgerCorrupt) {
             return ReportError(options,
                                Error(ErrorCode::kRefused,
                                      path + " exists and is not a valid frlic ledger: " +
                                          opened.error().message(),
                                      "choose another path; frlic ledger init never overwrites"));
           }
           return ReportError(options, opened.error());
         }
         nlohmann::ordered_json result;
         result["ledger"] = path;
         result["created"] = !existed;
         return ReportSuccess(options, result, [&] {
           std::cout << path << (existed ? ": already initialised\n" : ": ledger created\n");
         });
       }});

  auto* list = ledger->add_subcommand(
      "list", "One line per issued artifact; the filters given must all match");
  auto filter = std::make_shared<ListFilterOptions>();
  list->add_option("--company", filter->company,
                   "Part of the company name (ASCII letters in any case)");
  list->add_option("--project", filter->project,
                   "Part of the project name (ASCII letters in any case)");
  list->add_option("--order-id", filter->order_id, "The order id");
  list->add_option("--status", filter->status,
                   "pending, active, destroyed, revoked, superseded or aborted");
  list->add_option("--method", filter->method,
                   "local-container, private-cloud, container-private-cloud or public-cloud");
  list->add_option("--machine", filter->machine,
                   "The licence server's machine fingerprint (64 hex characters)");
  list->add_option("--ip", filter->ip, "An address inside the licence's ip_ranges (a.b.c.d)");
  list->add_option("--expires-before", filter->expires_before,
                   "Licences whose last valid day is before this date (YYYY-MM-DD)");
  list->add_option("--expires-after", filter->expires_after,
                   "Licences whose last valid day is after this date (YYYY-MM-DD)");
  AddLedgerOption(list, options);
  AddJsonFlag(list, options);
  commands.push_back(
      {list, [&options, filter]() {
         auto parsed = filter->Parse();
         if (!parsed.ok()) return ReportError(options, parsed.error());
         auto opened = OpenLedger(options);
         if (!opened.ok()) return ReportError(options, opened.error());
         auto found = FindLicences(**opened, *parsed);
         if (!found.ok()) return ReportError(options, found.error());
         nlohmann::ordered_json result;
         result["ledger"] = options.LedgerPath();
         result["records"] = nlohmann::ordered_json::array();
         for (const auto& licence : *found) {
           auto item = RecordToJson(licence.record, options.LedgerPath());
           if (!item.ok()) return ReportError(options, item.error());
           result["records"].push_back(std::move(item).value());
         }
         return ReportSuccess(options, result, [&] {
           for (const auto& [r, terms] : *found) {
             std::cout << r.serial << "  " << LicenceStatusName(r.status) << "  "
                       << FormatInstant(r.issued_at) << "  " << r.method << "  " << r.order_id
                       << "  " << terms.company << (terms.project.empty() ? "" : " / ")
                       << terms.project
                       << (r.parent_serial.empty() ? "" : "  (replaces " + r.parent_serial + ")")
                       << "\n";
           }
           if (found->empty()) {
             std::cout << (filter->Any() ? "(no records match in " : "(no records in ")
                       << options.LedgerPath() << ")\n";
           }
         });
       }});

  auto* show = ledger->add_subcommand(
      "show", "One record with its history; for an order id, its current licence");
  auto serial = std::make_shared<std::string>();
  show->add_option("serial", *serial, "Serial (FRL-0123456789ABCDEF) or order id (ORD-2026-0042)")
      ->required();
  AddLedgerOption(show, options);
  AddJsonFlag(show, options);
  commands.push_back(
      {show, [&options, serial]() {
         auto opened = OpenLedger(options);
         if (!opened.ok()) return ReportError(options, opened.error());
         auto record = (*opened)->FindBySerial(*serial);
         if (!record.ok()) return ReportError(options, record.error());
         // Not a serial: an order id, shown as its current licence with the order's records.
         std::optional<OrderLicences> order;
         if (!*record) {
           auto by_order = FindOrderLicences(**opened, *serial);
           if (!by_order.ok() && by_order.error().code() != ErrorCode::kNotFound) {
             return ReportError(options, by_order.error());
           }
           if (!by_order.ok()) {
             return ReportError(
                 options, Error(ErrorCode::kNotFound,
                                "no serial or order id " + *serial + " in " + options.LedgerPath(),
                                "frlic ledger list --order-id ID or --company "
                                "NAME finds a licence by what the e-mail says"));
           }
           order = std::move(by_order).value();
           *record = order->current;
         }
         auto events = (*opened)->Events((*record)->serial);
         if (!events.ok()) return ReportError(options, events.error());
         auto item = RecordToJson(**record, options.LedgerPath());
         if (!item.ok()) return ReportError(options, item.error());
         nlohmann::ordered_json result = std::move(item).value();
         if (order) {
           result["order_records"] = nlohmann::ordered_json::array();
           for (const auto& r : order->records) {
             result["order_records"].push_back({{"serial", r.serial},
                                                {"status", LicenceStatusName(r.status)},
                                                {"issued_at", FormatInstant(r.issued_at)},
                                                {"parent_serial", r.parent_serial}});
           }
         }
         result["events"] = nlohmann::ordered_json::array();
         for (const auto& e : *events) {
           auto detail =
               StoredJson(e.detail_json, options.LedgerPath(),
                          "event " + std::to_string(e.seq) + " (" + e.action + " " + e.serial + ")",
                          "detail_json");
           if (!detail.ok()) return ReportError(options, detail.error());
           result["events"].push_back({{"seq", e.seq},
                                       {"at", FormatInstant(e.at)},
                                       {"action", e.action},
                                       {"detail", std::move(detail).value()},
                                       {"hash", e.hash}});
         }
         return ReportSuccess(options, result, [&] {
           nlohmann::ordered_json printable = result;
           std::cout << printable.dump(2) << "\n";
         });
       }});

  auto* verify = ledger->add_subcommand("verify", "Check the hash chain and the records");
  auto expect_head = std::make_shared<std::string>();
  verify->add_option("--expect-head", *expect_head,
                     "HASH or SEQ:HASH a previous verify printed: fail (exit 11) unless the "
                     "chain still holds it (truncation, rewrite)");
  AddLedgerOption(verify, options);
  AddJsonFlag(verify, options);
  commands.push_back(
      {verify, [&options, expect_head]() {
         std::optional<ExpectedHead> want;
         if (!expect_head->empty()) {
           auto parsed = ParseExpectedHead(*expect_head);
           if (!parsed.ok()) return ReportError(options, parsed.error());
           want = *parsed;
         }
         auto opened = OpenLedger(options);
         if (!opened.ok()) return ReportError(options, opened.error());
         auto report = (*opened)->Verify();
         if (!report.ok()) return ReportError(options, report.error());
         auto events = (*opened)->Events("");
         if (!events.ok()) return ReportError(options, events.error());
         if (want) {
           std::string problem = ExpectedHeadProblem(*events, *want);
           if (!problem.empty()) report->problems.push_back(problem);
         }
         const std::int64_t head_seq = events->empty() ? 0 : events->back().seq;
         const std::string head_hash = events->empty() ? std::string(64, '0') : events->back().hash;
         nlohmann::ordered_json out;
         out["ok"] = report->problems.empty();
         out["ledger"] = options.LedgerPath();
         out["events"] = report->events;
         out["records"] = report->records;
         out["head"] = {{"seq", head_seq}, {"hash", head_hash}};
         out["problems"] = report->problems;
         if (options.json) {
           std::cout << out.dump(2) << "\n";
         } else if (report->problems.empty()) {
           if (!options.quiet) {
             std::cout << options.LedgerPath() << ": ok (" << report->events << " events, "
                       << report->records << " records, hash chain intact)\nhead " << head_seq
                       << ":" << head_hash << "\n";
           }
         } else {
           std::cerr << "frlic: error: " << options.LedgerPath()
                     << ": the ledger does not verify\n";
           for (const auto& p : report->problems) std::cerr << "  " << p << "\n";
         }
         return report->problems.empty() ? kExitOk : ExitCodeFor(ErrorCode::kLedgerCorrupt);
       }});
}

}  // namespace frlic::cli
