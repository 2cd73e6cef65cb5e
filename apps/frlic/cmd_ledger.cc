// frlic ledger init [PATH] | list [filters] | show SERIAL|ORDER-ID | verify [--expect-head] |
// export SERIAL|ORDER-ID --out DIR | export --jsonl FILE | migrate --to LOCATION.
#include <filesystem>
#include <iostream>

#include "bulk_heap.h"
#include "cli.h"
#include "frlic/core/files.h"
#include "frlic/core/strict_json.h"
#include "frlic/core/time.h"
#include "frlic/issue/find_licences.h"
#include "frlic/ledger/ledger.h"
#include "frlic/ledger/ledger_copy.h"

namespace frlic::cli {
namespace {

// Address space prepared for a command that reads the whole ledger (bulk_heap.h): about what
// `ledger verify` holds at 100,000 records.
constexpr std::size_t kBulkHeapBytes = std::size_t{512} << 20;

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

// list, show, export and verify only read: the ledger is opened read-only (nothing created or
// changed, a read-only copy or directory will do).
Result<std::unique_ptr<Ledger>> OpenLedger(const GlobalOptions& options) {
  FRLIC_ASSIGN_OR_RETURN(const Clock* clock, LedgerClock());
  return Ledger::OpenReadOnly(options.LedgerPath(), *clock);
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

// The problem when the chain does not hold the expected head where it says, else "". Two
// lookups, not a second read of every event.
Result<std::string> ExpectedHeadProblem(Ledger& ledger, const ChainReport& report,
                                        const ExpectedHead& want) {
  const std::string kGenesis(64, '0');
  if (want.hash == kGenesis && want.seq.value_or(0) == 0) return std::string();
  std::optional<LedgerEvent> found;
  if (want.seq) {
    FRLIC_ASSIGN_OR_RETURN(found, ledger.EventBySeq(*want.seq));
  } else {
    FRLIC_ASSIGN_OR_RETURN(found, ledger.EventByHash(want.hash));
  }
  if (found && found->hash == want.hash) return std::string();
  const std::string named = (want.seq ? std::to_string(*want.seq) + ":" : "") + want.hash;
  if (found) {
    return "event " + std::to_string(found->seq) + " has hash " + found->hash + ", not the " +
           "expected head " + named + ": the ledger was rewritten from there on";
  }
  return "the chain does not contain the expected head " + named + " (its last event is " +
         (report.head_seq == 0 ? std::string("none") : std::to_string(report.head_seq)) +
         "): the ledger was truncated or replaced";
}

// The record `id` names: a serial, else an order id's current licence (as ledger show).
Result<LedgerRecord> FindRecordOrOrder(Ledger& ledger, const std::string& id,
                                       const std::string& ledger_path) {
  FRLIC_ASSIGN_OR_RETURN(auto record, ledger.FindBySerial(id));
  if (record) return *record;
  auto order = FindOrderLicences(ledger, id);
  if (order.ok()) return order->current;
  if (order.error().code() != ErrorCode::kNotFound) return std::move(order).error();
  return Error(ErrorCode::kNotFound, "no serial or order id " + id + " in " + ledger_path,
               "frlic ledger list --order-id ID or --company NAME finds a licence by what the "
               "e-mail says");
}

// The exact artifact of `record` as the ledger kept it, checked against its digest
// (docs/formats.md 6.1): refused for the methods whose artifact is not kept.
Result<Bytes> ExportableArtifact(Ledger& ledger, const LedgerRecord& record) {
  if (record.method == MethodName(Method::kContainerPrivateCloud)) {
    return Error(ErrorCode::kRefused,
                 "serial " + record.serial +
                     " is a container private cloud image: it holds the instance key, a secret "
                     "the ledger does not keep, so the image cannot be rebuilt from the ledger",
                 "revoke it (frlic revoke " + record.serial +
                     ") and issue a replacement (frlic reissue --private-config), or issue a new "
                     "order");
  }
  if (record.method == MethodName(Method::kPublicCloud)) {
    return Error(ErrorCode::kRefused,
                 "serial " + record.serial +
                     " is a public cloud account: there is no file to export, and its password "
                     "is never stored",
                 "frlic ledger show " + record.serial + " shows the account's record");
  }
  if (record.status == LicenceStatus::kPending || record.status == LicenceStatus::kAborted) {
    return Error(ErrorCode::kRefused, "serial " + record.serial + " is " +
                                          LicenceStatusName(record.status) +
                                          ": its artifact was never handed out");
  }
  FRLIC_ASSIGN_OR_RETURN(auto copy, ledger.StoredArtifact(record.serial));
  if (!copy) {
    return Error(ErrorCode::kNotFound,
                 "serial " + record.serial + " (order " + record.order_id +
                     ") predates the ledger's artifact copies (schema version 4): the ledger "
                     "holds only its path " +
                     record.artifact_path + " and digest",
                 "find the file by its SHA-256 " + record.artifact_sha256 +
                     ", or revoke it and issue a replacement");
  }
  const std::string digest = Sha256Hex(ByteView(*copy));
  if (digest != record.artifact_sha256) {
    return Error(ErrorCode::kLedgerCorrupt,
                 "the stored artifact of " + record.serial + " has SHA-256 " + digest +
                     ", not the record's artifact_sha256 " + record.artifact_sha256,
                 "frlic ledger verify lists every problem; restore the ledger from a backup");
  }
  return std::move(copy).value();
}

// ledger export --jsonl FILE: the whole ledger, verified first, written atomically with mode
// 0600 (it holds the accounts' password hashes).
int ExportJsonLines(const GlobalOptions& options, Ledger& ledger, const std::string& path,
                    bool force) {
  auto report = ledger.Verify();
  if (!report.ok()) return ReportError(options, report.error());
  if (!report->problems.empty()) {
    return ReportError(options, Error(ErrorCode::kLedgerCorrupt,
                                      options.LedgerShown() + " does not verify (" +
                                          std::to_string(report->problems.size()) +
                                          " problems); nothing was exported",
                                      "see: frlic ledger verify"));
  }
  auto contents = ledger.ReadAll();
  if (!contents.ok()) return ReportError(options, contents.error());
  auto lines = LedgerToJsonLines(*contents);
  if (!lines.ok()) return ReportError(options, lines.error());
  Status written = WriteFileAtomic(path, AsBytes(*lines),
                                   WriteOptions{0600, force ? Overwrite::kYes : Overwrite::kNo});
  if (!written.ok()) {
    if (written.error().code() == ErrorCode::kRefused) {
      return ReportError(options,
                         Error(ErrorCode::kRefused, path + " already exists; not overwritten",
                               "choose another file, or pass --force to replace it"));
    }
    return ReportError(options, written.error());
  }
  nlohmann::ordered_json out;
  out["ledger"] = options.LedgerShown();
  out["path"] = path;
  out["records"] = contents->records.size();
  out["events"] = contents->events.size();
  out["accounts"] = contents->accounts.size();
  out["sha256"] = Sha256Hex(AsBytes(*lines));
  return ReportSuccess(options, out, [&] {
    std::cout << "Exported " << options.LedgerShown() << " to " << path << ": "
              << contents->records.size() << " records, " << contents->events.size() << " events, "
              << contents->accounts.size() << " accounts\n";
  });
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
         auto clock = LedgerClock();
         if (!clock.ok()) return ReportError(options, clock.error());
         // A PostgreSQL ledger "exists" when its database holds the schema; a file ledger when
         // the path does.
         const bool shared = Ledger::IsShared(path);
         std::error_code error;
         bool existed = !shared && std::filesystem::exists(path, error);
         Result<std::unique_ptr<Ledger>> opened = Error(ErrorCode::kNotFound, "");
         if (shared) {
           opened = Ledger::Open(path, **clock);
           existed = opened.ok();
         }
         if (!existed) {
           opened = Ledger::Create(path, **clock, *parents);
         } else if (!shared) {
           opened = Ledger::Open(path, **clock);
         }
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
         const std::string shown = LedgerForDisplay(path);  // a URL without its password
         result["ledger"] = shown;
         result["created"] = !existed;
         return ReportSuccess(options, result, [&] {
           std::cout << shown << (existed ? ": already initialised\n" : ": ledger created\n");
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
         result["ledger"] = options.LedgerShown();
         result["records"] = nlohmann::ordered_json::array();
         for (const auto& licence : *found) {
           auto item = RecordToJson(licence.record, options.LedgerShown());
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
                       << options.LedgerShown() << ")\n";
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
                                "no serial or order id " + *serial + " in " + options.LedgerShown(),
                                "frlic ledger list --order-id ID or --company "
                                "NAME finds a licence by what the e-mail says"));
           }
           order = std::move(by_order).value();
           *record = order->current;
         }
         auto events = (*opened)->Events((*record)->serial);
         if (!events.ok()) return ReportError(options, events.error());
         auto item = RecordToJson(**record, options.LedgerShown());
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
               StoredJson(e.detail_json, options.LedgerShown(),
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
           std::cout << JsonText(printable) << "\n";
         });
       }});

  auto* exporter = ledger->add_subcommand(
      "export",
      "Write an issued Container.lic or FanruanLicenseServer.zip again from the ledger, or "
      "the whole ledger as JSON Lines (--jsonl) for a backup");
  auto export_id = std::make_shared<std::string>();
  auto export_dir = std::make_shared<std::string>();
  auto export_jsonl = std::make_shared<std::string>();
  auto export_force = std::make_shared<bool>(false);
  auto* export_serial = exporter->add_option(
      "serial", *export_id, "Serial (FRL-0123456789ABCDEF) or order id (ORD-2026-0042)");
  auto* export_out =
      exporter->add_option("--out", *export_dir, "Directory to write the artifact into");
  auto* export_all = exporter->add_option(
      "--jsonl", *export_jsonl,
      "Write every record, event and account to this file (mode 0600) as JSON Lines");
  export_serial->needs(export_out);
  export_out->needs(export_serial);
  export_all->excludes(export_serial)->excludes(export_out);
  // One of the two forms: a usage error (exit 2) otherwise, as CLI11's required options are.
  exporter->parse_complete_callback([export_id, export_jsonl] {
    if (export_id->empty() && export_jsonl->empty()) {
      throw CLI::RequiredError("serial with --out, or --jsonl");
    }
  });
  exporter->add_flag("--force", *export_force, "Replace an existing file");
  AddLedgerOption(exporter, options);
  AddJsonFlag(exporter, options);
  commands.push_back(
      {exporter, [&options, export_id, export_dir, export_jsonl, export_force]() {
         auto opened = OpenLedger(options);
         if (!opened.ok()) return ReportError(options, opened.error());
         if (!export_jsonl->empty())
           return ExportJsonLines(options, **opened, *export_jsonl, *export_force);
         auto record = FindRecordOrOrder(**opened, *export_id, options.LedgerShown());
         if (!record.ok()) return ReportError(options, record.error());
         auto bytes = ExportableArtifact(**opened, *record);
         if (!bytes.ok()) return ReportError(options, bytes.error());
         const std::string name = std::filesystem::path(record->artifact_path).filename().string();
         const std::string path = (std::filesystem::path(*export_dir) / name).string();
         if (!PathExists(*export_dir)) {
           if (Status made = MakeDirectories(*export_dir); !made.ok()) {
             return ReportError(options, made.error());
           }
         }
         Status written =
             WriteFileAtomic(path, ByteView(*bytes),
                             WriteOptions{0644, *export_force ? Overwrite::kYes : Overwrite::kNo});
         if (!written.ok()) {
           if (written.error().code() == ErrorCode::kRefused) {
             return ReportError(
                 options, Error(ErrorCode::kRefused, path + " already exists; not overwritten",
                                "choose another --out, or pass --force to "
                                "replace it with the ledger's copy"));
           }
           return ReportError(options, written.error());
         }
         nlohmann::ordered_json result;
         result["serial"] = record->serial;
         result["order_id"] = record->order_id;
         result["method"] = record->method;
         result["status"] = LicenceStatusName(record->status);
         result["path"] = path;
         result["sha256"] = record->artifact_sha256;
         return ReportSuccess(options, result, [&] {
           std::cout << "Exported " << record->serial << " (order " << record->order_id << ", "
                     << LicenceStatusName(record->status) << ")\n"
                     << "  path    " << path << "\n"
                     << "  sha256  " << record->artifact_sha256 << "\n";
         });
       }});

  auto* migrate = ledger->add_subcommand(
      "migrate",
      "Copy the ledger (--ledger) into another one, SQLite or PostgreSQL, and verify both");
  auto migrate_to = std::make_shared<std::string>();
  migrate
      ->add_option("--to", *migrate_to,
                   "Where: an SQLite path or a postgresql:// URL; created if absent, and it "
                   "must hold no record")
      ->required();
  AddLedgerOption(migrate, options);
  AddJsonFlag(migrate, options);
  commands.push_back({migrate, [&options, migrate_to]() {
                        auto clock = LedgerClock();
                        if (!clock.ok()) return ReportError(options, clock.error());
                        auto copied = CopyLedger(options.LedgerPath(), *migrate_to, **clock);
                        if (!copied.ok()) return ReportError(options, copied.error());
                        nlohmann::ordered_json out;
                        out["from"] = options.LedgerShown();
                        out["to"] = LedgerForDisplay(*migrate_to);
                        out["created"] = copied->created;
                        out["records"] = copied->records;
                        out["events"] = copied->events;
                        out["accounts"] = copied->accounts;
                        out["head"] = {{"seq", copied->head_seq}, {"hash", copied->head_hash}};
                        return ReportSuccess(options, out, [&] {
                          std::cout << "Copied " << options.LedgerShown() << " to "
                                    << LedgerForDisplay(*migrate_to) << ": " << copied->records
                                    << " records, " << copied->events << " events, "
                                    << copied->accounts << " accounts; both verify\nhead "
                                    << copied->head_seq << ":" << copied->head_hash << "\n";
                        });
                      }});

  auto* verify = ledger->add_subcommand("verify", "Check the hash chain and the records");
  auto expect_head = std::make_shared<std::string>();
  verify->add_option("--expect-head", *expect_head,
                     "HASH or SEQ:HASH a previous verify printed: fail (exit 11) unless the "
                     "chain still holds it (truncation, rewrite)");
  AddLedgerOption(verify, options);
  AddJsonFlag(verify, options);
  commands.push_back({verify, [&options, expect_head]() {
                        std::optional<ExpectedHead> want;
                        if (!expect_head->empty()) {
                          auto parsed = ParseExpectedHead(*expect_head);
                          if (!parsed.ok()) return ReportError(options, parsed.error());
                          want = *parsed;
                        }
                        auto opened = OpenLedger(options);
                        if (!opened.ok()) return ReportError(options, opened.error());
                        app::PrepareBulkHeap(kBulkHeapBytes);
                        auto report = (*opened)->Verify();
                        if (!report.ok()) return ReportError(options, report.error());
                        if (want) {
                          auto problem = ExpectedHeadProblem(**opened, *report, *want);
                          if (!problem.ok()) return ReportError(options, problem.error());
                          if (!problem->empty()) report->problems.push_back(*problem);
                        }
                        const std::int64_t head_seq = report->head_seq;
                        const std::string head_hash = report->head_hash;
                        nlohmann::ordered_json out;
                        out["ok"] = report->problems.empty();
                        out["ledger"] = options.LedgerShown();
                        out["events"] = report->events;
                        out["records"] = report->records;
                        out["head"] = {{"seq", head_seq}, {"hash", head_hash}};
                        out["problems"] = report->problems;
                        if (options.json) {
                          std::cout << JsonText(out) << "\n";
                        } else if (report->problems.empty()) {
                          if (!options.quiet) {
                            std::cout << options.LedgerShown() << ": ok (" << report->events
                                      << " events, " << report->records
                                      << " records, hash chain intact)\nhead " << head_seq << ":"
                                      << head_hash << "\n";
                          }
                        } else {
                          std::cerr << "frlic: error: " << options.LedgerShown()
                                    << ": the ledger does not verify\n";
                          for (const auto& p : report->problems) std::cerr << "  " << p << "\n";
                        }
                        return report->problems.empty() ? kExitOk
                                                        : ExitCodeFor(ErrorCode::kLedgerCorrupt);
                      }});
}

}  // namespace frlic::cli
