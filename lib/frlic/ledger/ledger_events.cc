// Events of the SQLite ledger: reading them, and appending the next link of the hash chain
// (ledger_chain.cc defines the hash) in the transaction that makes the change it records.
#include <string>

#include "frlic/ledger/ledger_chain.h"
#include "internal/sql_txn.h"
#include "internal/sqlite_rows.h"

namespace frlic::ledger_internal {
namespace {

using sql::Statement;

LedgerEvent EventFromRow(const Statement& row) {
  return LedgerEvent{row.Int(0),  row.Int(1),  row.Text(2), row.Text(3),
                     row.Text(4), row.Text(5), row.Text(6)};
}

Result<std::optional<LedgerEvent>> OneEvent(Statement& query) {
  FRLIC_ASSIGN_OR_RETURN(bool row, query.Step());
  if (!row) return std::optional<LedgerEvent>();
  return std::optional<LedgerEvent>(EventFromRow(query));
}

// kLedgerCorrupt naming the event and the column unless its detail is a JSON object and its
// text columns UTF-8.
Status CheckEventValues(const sql::Connection& db, const LedgerEvent& event) {
  const std::string where =
      "event " + std::to_string(event.seq) + " (" + event.action + " " + event.serial + ")";
  for (const auto& [field, text] : {std::pair{"serial", &event.serial},
                                    {"action", &event.action},
                                    {"prev_hash", &event.prev_hash},
                                    {"hash", &event.hash}}) {
    FRLIC_RETURN_IF_ERROR(CheckTextColumn(db, where, field, *text));
  }
  FRLIC_RETURN_IF_ERROR(ParseJsonObjectColumn(db, where, "detail_json", event.detail_json));
  return Ok();
}

}  // namespace

Result<std::vector<LedgerEvent>> QueryEvents(sql::Connection& db, const std::string& serial,
                                             StoredValues check) {
  // Two statements: with "?1 = '' OR serial = ?1" SQLite would scan every event for one
  // serial instead of using events_by_serial.
  FRLIC_ASSIGN_OR_RETURN(
      Statement query,
      db.Prepare(Select(kEventColumns, serial.empty()
                                           ? "FROM events ORDER BY seq"
                                           : "FROM events WHERE serial = ?1 ORDER BY seq")));
  if (!serial.empty()) query.Bind(1, serial);
  std::vector<LedgerEvent> events;
  for (;;) {
    FRLIC_ASSIGN_OR_RETURN(bool row, query.Step());
    if (!row) return events;
    LedgerEvent event = EventFromRow(query);
    if (check == StoredValues::kChecked) FRLIC_RETURN_IF_ERROR(CheckEventValues(db, event));
    events.push_back(std::move(event));
  }
}

Result<std::optional<LedgerEvent>> FindEventBySeq(sql::Connection& db, std::int64_t seq) {
  FRLIC_ASSIGN_OR_RETURN(Statement query,
                         db.Prepare(Select(kEventColumns, "FROM events WHERE seq = ?1")));
  query.Bind(1, seq);
  return OneEvent(query);
}

// The hash column has no index: this scans the events (ledger verify --expect-head HASH).
Result<std::optional<LedgerEvent>> FindEventByHash(sql::Connection& db, const std::string& hash) {
  FRLIC_ASSIGN_OR_RETURN(
      Statement query,
      db.Prepare(Select(kEventColumns, "FROM events WHERE hash = ?1 ORDER BY seq LIMIT 1")));
  query.Bind(1, hash);
  return OneEvent(query);
}

Result<std::vector<LedgerEvent>> SqlTxn::Events(const std::string& serial) {
  return QueryEvents(db_, serial);
}

Result<Json> SqlTxn::ParseDetail(const std::string& detail_json) {
  auto detail = ParseEventDetail(detail_json.empty() ? "{}" : detail_json);
  if (!detail.ok()) return db_.Fail(ErrorCode::kInvalidInput, detail.error().message());
  if (detail->contains("status")) {
    return db_.Fail(ErrorCode::kInvalidInput,
                    "an event detail must not set \"status\"; the ledger records it");
  }
  return detail;
}

Status SqlTxn::AppendEvent(std::string_view serial, std::string_view action, const Json& detail) {
  FRLIC_ASSIGN_OR_RETURN(Statement last,
                         db_.Prepare("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1"));
  FRLIC_ASSIGN_OR_RETURN(bool any, last.Step());
  const std::int64_t seq = any ? last.Int(0) + 1 : 1;
  const std::string prev_hash = any ? last.Text(1) : kGenesisHash;
  const UnixSeconds at = clock_.Now();
  auto hash = EventHash(prev_hash, seq, at, serial, action, detail);
  if (!hash.ok()) return db_.Fail(hash.error().code(), hash.error().message());

  FRLIC_ASSIGN_OR_RETURN(Statement insert,
                         db_.Prepare("INSERT INTO events (" + std::string(kEventColumns) +
                                     ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"));
  // Stored in canonical form, so that what is shown is what was hashed.
  insert.Bind(1, seq)
      .Bind(2, std::int64_t{at})
      .Bind(3, serial)
      .Bind(4, action)
      .Bind(5, detail.dump())
      .Bind(6, prev_hash)
      .Bind(7, *hash);
  return insert.Run();
}

}  // namespace frlic::ledger_internal
