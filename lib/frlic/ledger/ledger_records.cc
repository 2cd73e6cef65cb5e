// Licence records of the SQLite ledger: reading them, the two-phase issue (BeginIssue,
// CompleteIssue), status changes and lineage (parent_serial, replacements).
#include <map>
#include <string>

#include "frlic/core/time.h"
#include "frlic/ledger/ledger_chain.h"
#include "internal/sql_txn.h"
#include "internal/sqlite_rows.h"

namespace frlic::ledger_internal {
namespace {

using sql::Statement;

Result<std::optional<LedgerRecord>> QueryOneRecord(sql::Connection& db, Statement& query) {
  FRLIC_ASSIGN_OR_RETURN(bool row, query.Step());
  if (!row) return std::optional<LedgerRecord>();
  FRLIC_ASSIGN_OR_RETURN(LedgerRecord record, RecordFromRow(db, query));
  return std::optional<LedgerRecord>(std::move(record));
}

// The status of `serial`, nullopt if it is not recorded.
Result<std::optional<LicenceStatus>> FindStatus(sql::Connection& db, const std::string& serial) {
  FRLIC_ASSIGN_OR_RETURN(Statement query,
                         db.Prepare("SELECT status FROM licences WHERE serial = ?1"));
  query.Bind(1, serial);
  FRLIC_ASSIGN_OR_RETURN(bool row, query.Step());
  if (!row) return std::optional<LicenceStatus>();
  FRLIC_ASSIGN_OR_RETURN(LicenceStatus status, StoredStatus(db, serial, query.Text(0)));
  return std::optional<LicenceStatus>(status);
}

// The "status" member of an event's detail, if it names a status.
std::optional<LicenceStatus> EventStatus(const Json& detail) {
  const auto status = detail.find("status");
  if (status == detail.end() || !status->is_string()) return std::nullopt;
  return ParseLicenceStatus(status->get<std::string>());
}

// kInvalidInput unless `to` and `action` name a status change a caller may make.
Status CheckStatusChange(const sql::Connection& db, LicenceStatus to, const std::string& action) {
  if (to == LicenceStatus::kPending || to == LicenceStatus::kAborted) {
    return db.Fail(ErrorCode::kInvalidInput,
                   std::string("status ") + LicenceStatusName(to) +
                       " is set only by the issue steps (BeginIssue, AbortIssue)");
  }
  if (action.empty() || IsIssueStepAction(action) || IsAccountAction(action)) {
    return db.Fail(ErrorCode::kInvalidInput, "action '" + action + "' cannot name a status change");
  }
  return Ok();
}

}  // namespace

Result<LicenceStatus> StoredStatus(const sql::Connection& db, const std::string& serial,
                                   const std::string& text) {
  auto status = ParseLicenceStatus(text);
  if (!status) {
    return db.Fail(ErrorCode::kLedgerCorrupt,
                   Printable("record " + serial + " has an unknown status '" + text + "'"));
  }
  return *status;
}

std::string Select(const char* columns, const std::string& rest) {
  return std::string("SELECT ") + columns + " " + rest;
}

// A status the schema's CHECK should have kept out means the file was edited with checks
// disabled.
Result<LedgerRecord> RecordFromRow(const sql::Connection& db, const Statement& row,
                                   StoredValues check) {
  LedgerRecord record;
  record.serial = row.Text(0);
  record.order_id = row.Text(1);
  record.method = row.Text(2);
  record.terms_json = row.Text(3);
  record.artifact_path = row.Text(4);
  record.artifact_sha256 = row.Text(5);
  record.instance_public_key = row.Text(6);
  record.machine_fingerprint = row.Text(7);
  record.key_id = row.Text(8);
  record.issued_at = row.Int(9);
  FRLIC_ASSIGN_OR_RETURN(record.status, StoredStatus(db, record.serial, row.Text(10)));
  record.parent_serial = row.Text(11);
  record.extra_json = row.Text(12);
  record.notes = row.Text(13);
  record.requested_by = row.Text(14);
  if (check == StoredValues::kChecked) FRLIC_RETURN_IF_ERROR(CheckRecordValues(db, record));
  return record;
}

Status CheckRecordValues(const sql::Connection& db, const LedgerRecord& record) {
  const std::string where = "record " + record.serial;
  for (const auto& [field, text] : {std::pair{"serial", &record.serial},
                                    {"order_id", &record.order_id},
                                    {"method", &record.method},
                                    {"artifact_path", &record.artifact_path},
                                    {"artifact_sha256", &record.artifact_sha256},
                                    {"instance_public_key", &record.instance_public_key},
                                    {"machine_fingerprint", &record.machine_fingerprint},
                                    {"key_id", &record.key_id},
                                    {"parent_serial", &record.parent_serial},
                                    {"notes", &record.notes},
                                    {"requested_by", &record.requested_by}}) {
    FRLIC_RETURN_IF_ERROR(CheckTextColumn(db, where, field, *text));
  }
  FRLIC_RETURN_IF_ERROR(ParseJsonObjectColumn(db, where, "terms_json", record.terms_json));
  // Ledgers written before extra_json was filled may hold an empty one, read as {}.
  if (record.extra_json.empty()) return Ok();
  FRLIC_RETURN_IF_ERROR(ParseJsonObjectColumn(db, where, "extra_json", record.extra_json));
  return Ok();
}

Status InsertRecordRow(sql::Connection& db, const LedgerRecord& record, LicenceStatus status) {
  FRLIC_ASSIGN_OR_RETURN(
      Statement insert,
      db.Prepare("INSERT INTO licences (" + std::string(kRecordColumns) +
                 ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)"));
  insert.Bind(1, record.serial)
      .Bind(2, record.order_id)
      .Bind(3, record.method)
      .Bind(4, record.terms_json)
      .Bind(5, record.artifact_path)
      .Bind(6, record.artifact_sha256)
      .Bind(7, record.instance_public_key)
      .Bind(8, record.machine_fingerprint)
      .Bind(9, record.key_id)
      .Bind(10, std::int64_t{record.issued_at})
      .Bind(11, LicenceStatusName(status))
      .BindTextOrNull(12, record.parent_serial)
      .Bind(13, record.extra_json)
      .Bind(14, record.notes)
      .Bind(15, record.requested_by);
  return insert.Run();
}

Result<std::optional<LedgerRecord>> FindRecordBySerial(sql::Connection& db,
                                                       const std::string& serial) {
  FRLIC_ASSIGN_OR_RETURN(Statement query,
                         db.Prepare(Select(kRecordColumns, "FROM licences WHERE serial = ?1")));
  query.Bind(1, serial);
  return QueryOneRecord(db, query);
}

Result<std::optional<LedgerRecord>> FindRootRecordByOrderId(sql::Connection& db,
                                                            const std::string& order_id) {
  FRLIC_ASSIGN_OR_RETURN(
      Statement query,
      db.Prepare(Select(kRecordColumns,
                        "FROM licences WHERE order_id = ?1 AND parent_serial IS NULL AND "
                        "status != 'aborted' ORDER BY issued_at, serial LIMIT 1")));
  query.Bind(1, order_id);
  return QueryOneRecord(db, query);
}

Result<std::map<std::string, LedgerRecord>> FindRootRecordsByOrderIds(
    sql::Connection& db, const std::vector<std::string>& order_ids) {
  std::map<std::string, LedgerRecord> roots;
  FRLIC_RETURN_IF_ERROR(
      ForEachStatementChunk(order_ids.size(), [&](std::size_t first, std::size_t count) -> Status {
        // Ordered as FindRootRecordByOrderId's LIMIT 1: the first row of an order id is its root.
        FRLIC_ASSIGN_OR_RETURN(
            Statement query,
            db.Prepare(Select(kRecordColumns, "FROM licences WHERE order_id IN " +
                                                  ValuesRows(1, count) +
                                                  " AND parent_serial IS NULL AND status != "
                                                  "'aborted' ORDER BY issued_at, serial")));
        for (std::size_t k = 0; k < count; ++k) {
          query.Bind(static_cast<int>(k + 1), order_ids[first + k]);
        }
        FRLIC_ASSIGN_OR_RETURN(std::vector<LedgerRecord> records, ReadRecords(db, query));
        for (LedgerRecord& record : records) {
          std::string order_id = record.order_id;
          roots.try_emplace(std::move(order_id), std::move(record));
        }
        return Ok();
      }));
  return roots;
}

Result<std::optional<LedgerRecord>> FindReplacementOf(sql::Connection& db,
                                                      const std::string& serial) {
  FRLIC_ASSIGN_OR_RETURN(
      Statement query,
      db.Prepare(Select(kRecordColumns,
                        "FROM licences WHERE parent_serial = ?1 AND status != 'aborted' "
                        "ORDER BY issued_at, serial LIMIT 1")));
  query.Bind(1, serial);
  return QueryOneRecord(db, query);
}

Result<std::vector<LedgerRecord>> FindRecordsByArtifactPath(sql::Connection& db,
                                                            const std::string& path) {
  FRLIC_ASSIGN_OR_RETURN(
      Statement query,
      db.Prepare(Select(kRecordColumns,
                        "FROM licences WHERE artifact_path = ?1 AND status != 'aborted' "
                        "ORDER BY issued_at, serial")));
  query.Bind(1, path);
  return ReadRecords(db, query, StoredValues::kChecked);
}

Result<std::vector<LedgerRecord>> ReadRecords(sql::Connection& db, Statement& query,
                                              StoredValues check) {
  std::vector<LedgerRecord> records;
  for (;;) {
    FRLIC_ASSIGN_OR_RETURN(bool row, query.Step());
    if (!row) return records;
    FRLIC_ASSIGN_OR_RETURN(LedgerRecord record, RecordFromRow(db, query, check));
    records.push_back(std::move(record));
  }
}

Result<std::vector<LedgerRecord>> QueryRecords(sql::Connection& db, const std::string& rest,
                                               StoredValues check) {
  FRLIC_ASSIGN_OR_RETURN(Statement query, db.Prepare(Select(kRecordColumns, rest)));
  return ReadRecords(db, query, check);
}

Error SqlTxn::AlreadyIssued(const std::string& order_id, const std::string& serial,
                            UnixSeconds issued_at, LicenceStatus status) const {
  return db_.Fail(ErrorCode::kConflict, "order " + order_id + " was already issued as serial " +
                                            serial + " on " + FormatInstant(issued_at) +
                                            " (status " + LicenceStatusName(status) + ")");
}

Status SqlTxn::BeginIssue(const LedgerRecord& record) {
  if (record.serial.empty() || record.order_id.empty()) {
    return db_.Fail(ErrorCode::kInvalidInput, "a record needs a serial and an order id");
  }
  // What Verify reads back without parsing again when the begin-issue event vouches for it:
  // text columns in UTF-8, terms and extra as JSON objects.
  if (Status values = CheckRecordValues(db_, record); !values.ok()) {
    return Error(ErrorCode::kInvalidInput, values.error().message());
  }
  FRLIC_ASSIGN_OR_RETURN(auto same_serial, FindRecordBySerial(db_, record.serial));
  if (same_serial) {
    return db_.Fail(
        ErrorCode::kConflict,
        "serial " + record.serial + " is already recorded (order " + same_serial->order_id + ")");
  }
  if (record.parent_serial.empty()) {
    FRLIC_ASSIGN_OR_RETURN(auto issued, FindRootRecordByOrderId(db_, record.order_id));
    if (issued) {
      return AlreadyIssued(record.order_id, issued->serial, issued->issued_at, issued->status);
    }
  } else {
    FRLIC_ASSIGN_OR_RETURN(auto parent, FindRecordBySerial(db_, record.parent_serial));
    if (!parent) {
      return db_.Fail(ErrorCode::kNotFound, "parent serial " + record.parent_serial + " of " +
                                                record.serial + " is not recorded");
    }
    FRLIC_ASSIGN_OR_RETURN(
        Statement query,
        db_.Prepare("SELECT serial, issued_at FROM licences WHERE parent_serial = ?1 AND "
                    "status != 'aborted' LIMIT 1"));
    query.Bind(1, record.parent_serial);
    FRLIC_ASSIGN_OR_RETURN(bool replaced, query.Step());
    if (replaced) {
      return db_.Fail(ErrorCode::kConflict, "serial " + record.parent_serial +
                                                " was already replaced by serial " + query.Text(0) +
                                                " on " + FormatInstant(query.Int(1)));
    }
  }

  FRLIC_RETURN_IF_ERROR(InsertRecordRow(db_, record, LicenceStatus::kPending));
  if (!record.artifact_copy.empty()) {
    // In the record's transaction: a record that can be exported has its bytes from the start.
    FRLIC_ASSIGN_OR_RETURN(Statement keep,
                           db_.Prepare("INSERT INTO artifacts (serial, bytes) VALUES (?1, ?2)"));
    keep.Bind(1, record.serial).BindBlob(2, ByteView(record.artifact_copy));
    FRLIC_RETURN_IF_ERROR(keep.Run());
  }
  FRLIC_RETURN_IF_ERROR(TakeLease(record.serial, /*renew=*/false));
  return AppendEvent(record.serial, kBeginIssueAction, BeginIssueDetail(record));
}

Status SqlTxn::TakeLease(const std::string& serial, bool renew) {
  if (!lease_seconds_) return Ok();
  // The database's clock, not the injected one: every runner's lease is measured on one clock,
  // whatever their own clocks say (or a CI job's pinned FRLIC_NOW).
  FRLIC_ASSIGN_OR_RETURN(
      Statement lease,
      db_.Prepare(renew ? "UPDATE issue_leases SET expires_at = "
                          "CAST(EXTRACT(EPOCH FROM clock_timestamp()) AS BIGINT) + ?2 "
                          "WHERE serial = ?1"
                        : "INSERT INTO issue_leases (serial, expires_at) VALUES "
                          "(?1, CAST(EXTRACT(EPOCH FROM clock_timestamp()) AS BIGINT) + ?2)"));
  lease.Bind(1, serial).Bind(2, std::int64_t{*lease_seconds_});
  return lease.Run();
}

Status SqlTxn::CompleteIssue(const std::string& serial) {
  return Transition(serial, LicenceStatus::kPending, LicenceStatus::kActive, kIssueAction,
                    Json::object(), /*issue_step=*/true);
}

Status SqlTxn::MarkPublishing(const std::string& serial) {
  FRLIC_RETURN_IF_ERROR(Transition(serial, LicenceStatus::kPending, LicenceStatus::kPending,
                                   kPublishAction, Json::object(), /*issue_step=*/true));
  // The issuer is alive and about to rename: its lease starts again for the last step.
  return TakeLease(serial, /*renew=*/true);
}

Result<bool> SqlTxn::IsMarkedPublishing(const std::string& serial) {
  FRLIC_ASSIGN_OR_RETURN(
      Statement query,
      db_.Prepare("SELECT 1 FROM events WHERE serial = ?1 AND action = ?2 LIMIT 1"));
  query.Bind(1, serial).Bind(2, kPublishAction);
  return query.Step();
}

Status SqlTxn::AbortPending(const std::string& serial, const std::string& reason) {
  FRLIC_RETURN_IF_ERROR(Transition(serial, LicenceStatus::kPending, LicenceStatus::kAborted,
                                   kAbortAction, Json{{"reason", reason}}, /*issue_step=*/true));
  // A replacement that will never exist must not keep the evidence it consumed: the licence it
  // replaced gets back the status it had before (docs/formats.md, "Ledger").
  FRLIC_ASSIGN_OR_RETURN(Statement parent_query,
                         db_.Prepare("SELECT parent_serial FROM licences WHERE serial = ?1"));
  parent_query.Bind(1, serial);
  FRLIC_ASSIGN_OR_RETURN(bool row, parent_query.Step());
  if (!row || parent_query.IsNull(0)) return Ok();
  const std::string parent = parent_query.Text(0);
  FRLIC_ASSIGN_OR_RETURN(std::vector<LedgerEvent> events, Events(parent));
  // The event that consumed the parent's evidence for this replacement ("replaced_by"); later
  // events (an activation cancelled, say) leave the status alone. The event before it holds
  // the status to restore.
  auto corrupt = [&](const std::string& why) {
    return db_.Fail(ErrorCode::kLedgerCorrupt, "cannot give " + parent +
                                                   " back its status after "
                                                   "aborting its replacement " +
                                                   serial + ": " + why);
  };
  for (std::size_t i = events.size(); i-- > 1;) {
    auto consumed =
        ParseStrictJson(events[i].detail_json, "event " + std::to_string(events[i].seq));
    if (!consumed.ok()) return corrupt(consumed.error().message());
    const auto replaced_by = consumed->find("replaced_by");
    if (replaced_by == consumed->end() || *replaced_by != serial) continue;
    auto before =
        ParseStrictJson(events[i - 1].detail_json, "event " + std::to_string(events[i - 1].seq));
    if (!before.ok()) return corrupt(before.error().message());
    const std::optional<LicenceStatus> restored = EventStatus(*before);
    const std::optional<LicenceStatus> taken = EventStatus(*consumed);
    if (!restored || !taken)
      return corrupt("event " + std::to_string(events[i].seq) +
                     " or the one before has no valid status");
    FRLIC_ASSIGN_OR_RETURN(auto current, FindStatus(db_, parent));
    // Changed on purpose since (by a person, with SetStatus): left as it is.
    if (!current || *current != *taken) return Ok();
    return Transition(parent, *current, *restored, kRestoreAction,
                      Json{{"reason", "its replacement " + serial + " was aborted: " + reason},
                           {"aborted_replacement", serial}},
                      /*issue_step=*/true);
  }
  FRLIC_ASSIGN_OR_RETURN(auto current, FindStatus(db_, parent));
  if (current &&
      (*current == LicenceStatus::kDestroyed || *current == LicenceStatus::kSuperseded)) {
    return corrupt("none of its events consumed its evidence for " + serial);
  }
  return Ok();
}

Status SqlTxn::CompareAndSetStatus(const std::string& serial, LicenceStatus from, LicenceStatus to,
                                   const std::string& action, const std::string& detail_json) {
  FRLIC_RETURN_IF_ERROR(CheckStatusChange(db_, to, action));
  FRLIC_ASSIGN_OR_RETURN(Json detail, ParseDetail(detail_json));
  return Transition(serial, from, to, action, std::move(detail), /*issue_step=*/false);
}

Status SqlTxn::SetStatus(const std::string& serial, LicenceStatus status, const std::string& action,
                         const std::string& detail_json) {
  FRLIC_RETURN_IF_ERROR(CheckStatusChange(db_, status, action));
  FRLIC_ASSIGN_OR_RETURN(Json detail, ParseDetail(detail_json));
  return Transition(serial, std::nullopt, status, action, std::move(detail),
                    /*issue_step=*/false);
}

Result<std::optional<LedgerRecord>> SqlTxn::FindBySerial(const std::string& serial) {
  return FindRecordBySerial(db_, serial);
}

Result<std::optional<LedgerRecord>> SqlTxn::FindActiveByOrderId(const std::string& order_id) {
  return FindRootRecordByOrderId(db_, order_id);
}

Result<std::optional<LedgerRecord>> SqlTxn::FindReplacement(const std::string& serial) {
  return FindReplacementOf(db_, serial);
}

Result<std::vector<LedgerRecord>> SqlTxn::FindByArtifactPath(const std::string& path) {
  return FindRecordsByArtifactPath(db_, path);
}

Status SqlTxn::Transition(const std::string& serial, std::optional<LicenceStatus> from,
                          LicenceStatus to, std::string_view action, Json detail, bool issue_step) {
  // Only the status is read, so that a record whose other columns were damaged can still be
  // recovered or revoked.
  FRLIC_ASSIGN_OR_RETURN(auto status, FindStatus(db_, serial));
  if (!status) return db_.Fail(ErrorCode::kNotFound, "no serial " + serial);
  if (from && *status != *from) {
    return db_.Fail(ErrorCode::kConflict, "serial " + serial + " is " + LicenceStatusName(*status) +
                                              ", not " + LicenceStatusName(*from));
  }
  // Pending and aborted belong to the issue steps; nothing else may move a record in or
  // out of them (an aborted attempt may not come back to life under a reused order id).
  if (!issue_step && (*status == LicenceStatus::kPending || *status == LicenceStatus::kAborted)) {
    return db_.Fail(ErrorCode::kConflict, "serial " + serial + " is " + LicenceStatusName(*status) +
                                              "; its status cannot be set");
  }
  FRLIC_ASSIGN_OR_RETURN(Statement update,
                         db_.Prepare("UPDATE licences SET status = ?1 WHERE serial = ?2"));
  update.Bind(1, std::string_view(LicenceStatusName(to))).Bind(2, serial);
  FRLIC_RETURN_IF_ERROR(update.Run());
  detail["status"] = LicenceStatusName(to);
  return AppendEvent(serial, action, std::move(detail));
}

}  // namespace frlic::ledger_internal
