#include "frlic/ledger/ledger_copy.h"

#include <filesystem>

#include "frlic/core/bytes.h"
#include "frlic/core/strict_json.h"
#include "frlic/core/time.h"

namespace frlic {
namespace {

Error Unverified(const std::string& which, const std::string& location, const ChainReport& report) {
  std::vector<Problem> problems;
  for (const std::string& text : report.problems) {
    Problem problem;
    problem.message = text;
    problems.push_back(std::move(problem));
  }
  return Error(ErrorCode::kLedgerCorrupt,
               "the " + which + " ledger " + LedgerForDisplay(location) + " does not verify (" +
                   std::to_string(report.problems.size()) + " problems); nothing was copied",
               std::move(problems));
}

// Removes an SQLite ledger file the failed copy created, with its journal files.
void RemoveCreatedFile(const std::string& path) {
  std::error_code ignored;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    std::filesystem::remove(path + suffix, ignored);
  }
}

Result<LedgerCopyReport> CopyInto(Ledger& source, const std::string& from, Ledger& target,
                                  const std::string& to) {
  FRLIC_ASSIGN_OR_RETURN(ChainReport before, source.Verify());
  if (!before.problems.empty()) return Unverified("source", from, before);
  FRLIC_ASSIGN_OR_RETURN(LedgerContents contents, source.ReadAll());
  FRLIC_RETURN_IF_ERROR(target.Import(contents));
  FRLIC_ASSIGN_OR_RETURN(ChainReport after, target.Verify());
  if (!after.problems.empty()) return Unverified("copied", to, after);
  LedgerCopyReport report;
  report.records = static_cast<std::int64_t>(contents.records.size());
  report.events = static_cast<std::int64_t>(contents.events.size());
  report.accounts = static_cast<std::int64_t>(contents.accounts.size());
  if (!contents.events.empty()) {
    report.head_seq = contents.events.back().seq;
    report.head_hash = contents.events.back().hash;
  }
  if (after.head_seq != report.head_seq || after.head_hash != report.head_hash ||
      after.events != report.events) {
    return Error(ErrorCode::kLedgerCorrupt, "the copy in " + LedgerForDisplay(to) +
                                                " ends at event " + std::to_string(after.head_seq) +
                                                " " + after.head_hash + ", not at the source's " +
                                                std::to_string(report.head_seq) + " " +
                                                report.head_hash);
  }
  return report;
}

}  // namespace

Result<LedgerCopyReport> CopyLedger(const std::string& from, const std::string& to,
                                    const Clock& clock) {
  FRLIC_ASSIGN_OR_RETURN(auto source, Ledger::OpenReadOnly(from, clock));
  const bool file_target = !Ledger::IsShared(to);
  std::error_code error;
  const bool existed = file_target && std::filesystem::exists(to, error);
  if (file_target && std::filesystem::exists(from, error) && existed &&
      std::filesystem::equivalent(from, to, error)) {
    return Error(ErrorCode::kInvalidInput, "the ledger " + to + " cannot be copied onto itself");
  }
  auto target = Ledger::Create(to, clock);
  if (!target.ok()) return std::move(target).error();
  auto copied = CopyInto(*source, from, **target, to);
  if (!copied.ok()) {
    target->reset();
    if (file_target && !existed) RemoveCreatedFile(to);
    return std::move(copied).error();
  }
  copied->created = file_target ? !existed : false;
  return copied;
}

namespace {

std::string JsonLines(const LedgerContents& contents) {
  // nlohmann::json objects keep their keys sorted: every line is compact with sorted keys.
  Json header = {
      {"format", "frlic.ledger-export"},          {"version", 1},
      {"schema_version", Ledger::kSchemaVersion}, {"records", contents.records.size()},
      {"events", contents.events.size()},         {"accounts", contents.accounts.size()}};
  const LedgerEvent* last = contents.events.empty() ? nullptr : &contents.events.back();
  header["head"] = {{"seq", last != nullptr ? last->seq : 0},
                    {"hash", last != nullptr ? last->hash : std::string(64, '0')}};
  std::string out = header.dump() + "\n";
  for (const LedgerRecord& r : contents.records) {
    Json line = {{"type", "licence"},
                 {"serial", r.serial},
                 {"order_id", r.order_id},
                 {"method", r.method},
                 {"terms_json", r.terms_json},
                 {"artifact_path", r.artifact_path},
                 {"artifact_sha256", r.artifact_sha256},
                 {"instance_public_key", r.instance_public_key},
                 {"machine_fingerprint", r.machine_fingerprint},
                 {"key_id", r.key_id},
                 {"issued_at", r.issued_at},
                 {"status", LicenceStatusName(r.status)},
                 {"parent_serial", r.parent_serial},
                 {"extra_json", r.extra_json},
                 {"notes", r.notes},
                 {"requested_by", r.requested_by}};
    if (!r.artifact_copy.empty()) line["artifact_base64"] = Base64Encode(r.artifact_copy);
    out += line.dump() + "\n";
  }
  for (const LedgerEvent& e : contents.events) {
    out += Json{{"type", "event"},          {"seq", e.seq},       {"at", e.at},
                {"serial", e.serial},       {"action", e.action}, {"detail_json", e.detail_json},
                {"prev_hash", e.prev_hash}, {"hash", e.hash}}
               .dump() +
           "\n";
  }
  for (const Account& a : contents.accounts) {
    out += Json{{"type", "account"},
                {"name", a.name},
                {"serial", a.serial},
                {"password_hash", a.password_hash},
                {"status", AccountStatusName(a.status)},
                {"capacity", a.capacity},
                {"expires", FormatDate(a.expires)},
                {"created_at", a.created_at},
                {"updated_at", a.updated_at}}
               .dump() +
           "\n";
  }
  return out;
}

}  // namespace

Result<std::string> LedgerToJsonLines(const LedgerContents& contents) {
  // Every text the ledger stores is UTF-8 (BeginIssue and the reads check it); a value that is
  // not (edited in by hand) makes the JSON writer throw, which becomes an error here.
  try {
    return JsonLines(contents);
  } catch (const Json::exception& failure) {
    return Error(ErrorCode::kLedgerCorrupt,
                 std::string("the ledger holds text that JSON cannot carry: ") + failure.what(),
                 "run frlic ledger verify to find it");
  }
}

}  // namespace frlic
