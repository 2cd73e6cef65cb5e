// frlic ledger list | show SERIAL | verify.
#include <iostream>

#include "cli.h"
#include "frlic/core/strict_json.h"
#include "frlic/core/time.h"
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
  FRLIC_ASSIGN_OR_RETURN(
      item["extra"], StoredJson(record.extra_json.empty() ? "{}" : record.extra_json, ledger_path,
                                where, "extra_json"));
  return item;
}

Result<std::unique_ptr<Ledger>> OpenLedger(const GlobalOptions& options) {
  FRLIC_ASSIGN_OR_RETURN(auto clock, MakeClock());
  // The ledger keeps a reference to the clock only while a command runs; leak-free static.
  static std::unique_ptr<Clock> kept;
  kept = std::move(clock);
  return Ledger::OpenSqlite(options.LedgerPath(), *kept);
}

}  // namespace

void AddLedger(CLI::App& app, GlobalOptions& options, std::vector<Command>& commands) {
  auto* ledger = app.add_subcommand("ledger", "Read and verify the ledger of issued artifacts");
  ledger->require_subcommand(1);

  auto* list = ledger->add_subcommand("list", "One line per issued artifact");
  AddLedgerOption(list, options);
  AddJsonFlag(list, options);
  commands.push_back(
      {list, [&options]() {
         auto opened = OpenLedger(options);
         if (!opened.ok()) return ReportError(options, opened.error());
         auto records = (*opened)->List();
         if (!records.ok()) return ReportError(options, records.error());
         nlohmann::ordered_json result;
         result["ledger"] = options.LedgerPath();
         result["records"] = nlohmann::ordered_json::array();
         for (const auto& record : *records) {
           auto item = RecordToJson(record, options.LedgerPath());
           if (!item.ok()) return ReportError(options, item.error());
           result["records"].push_back(std::move(item).value());
         }
         return ReportSuccess(options, result, [&] {
           for (const auto& r : *records) {
             std::cout << r.serial << "  " << LicenceStatusName(r.status) << "  "
                       << FormatInstant(r.issued_at) << "  " << r.method << "  " << r.order_id
                       << (r.parent_serial.empty() ? "" : "  (replaces " + r.parent_serial + ")")
                       << "\n";
           }
           if (records->empty()) std::cout << "(no records in " << options.LedgerPath() << ")\n";
         });
       }});

  auto* show = ledger->add_subcommand("show", "One record with its history");
  auto serial = std::make_shared<std::string>();
  show->add_option("serial", *serial, "Serial, e.g. FRL-0123456789ABCDEF")->required();
  AddLedgerOption(show, options);
  AddJsonFlag(show, options);
  commands.push_back(
      {show, [&options, serial]() {
         auto opened = OpenLedger(options);
         if (!opened.ok()) return ReportError(options, opened.error());
         auto record = (*opened)->FindBySerial(*serial);
         if (!record.ok()) return ReportError(options, record.error());
         if (!*record) {
           return ReportError(options, Error(ErrorCode::kNotFound, "no serial " + *serial + " in " +
                                                                       options.LedgerPath()));
         }
         auto events = (*opened)->Events(*serial);
         if (!events.ok()) return ReportError(options, events.error());
         auto item = RecordToJson(**record, options.LedgerPath());
         if (!item.ok()) return ReportError(options, item.error());
         nlohmann::ordered_json result = std::move(item).value();
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
  AddLedgerOption(verify, options);
  AddJsonFlag(verify, options);
  commands.push_back({verify, [&options]() {
                        auto opened = OpenLedger(options);
                        if (!opened.ok()) return ReportError(options, opened.error());
                        auto report = (*opened)->Verify();
                        if (!report.ok()) return ReportError(options, report.error());
                        nlohmann::ordered_json out;
                        out["ok"] = report->problems.empty();
                        out["ledger"] = options.LedgerPath();
                        out["events"] = report->events;
                        out["records"] = report->records;
                        out["problems"] = report->problems;
                        if (options.json) {
                          std::cout << out.dump(2) << "\n";
                        } else if (report->problems.empty()) {
                          std::cout << options.LedgerPath() << ": ok (" << report->events
                                    << " events, " << report->records
                                    << " records, hash chain intact)\n";
                        } else {
                          std::cerr << "frlic: error: " << options.LedgerPath()
                                    << ": the ledger does not verify\n";
                          for (const auto& p : report->problems) std::cerr << "  " << p << "\n";
                        }
                        return report->problems.empty() ? kExitOk
                                                        : ExitCodeFor(ErrorCode::kLedgerCorrupt);
                      }});
}

}  // namespace frlic::cli
