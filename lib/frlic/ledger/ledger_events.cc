// Events of the SQLite ledger: reading them, and appending the next link of the hash chain
// (ledger_chain.cc defines the hash) in the transaction that makes the change it records.
#include <algorithm>
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
  if (serial.empty()) {
    // All of them: room for every one at once (seq runs from 1 without gaps in a sound chain),
    // rather than moving them all each time the vector grows.
    FRLIC_ASSIGN_OR_RETURN(Statement last, db.Prepare("SELECT max(seq) FROM events"));
    FRLIC_ASSIGN_OR_RETURN(bool any, last.Step());
    if (any) ReserveRows(events, last.Int(0));  // a damaged seq costs only the reservation
  }
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

Status SqlTxn::HoldWriteLock() {
  if (lock_ == WriteLock::kHeld) return Ok();
  FRLIC_RETURN_IF_ERROR(db_.TakeWriteLock());
  lock_ = WriteLock::kHeld;
  return Ok();
}

Result<SqlTxn::ChainHead> SqlTxn::Head() {
  // Read once per transaction: under the write lock no other writer appends, and every append
  // of this transaction goes through AppendEvents, which moves the cached head on.
  if (head_) return *head_;
  FRLIC_RETURN_IF_ERROR(HoldWriteLock());
  FRLIC_ASSIGN_OR_RETURN(Statement last,
                         db_.Prepare("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1"));
  FRLIC_ASSIGN_OR_RETURN(bool any, last.Step());
  head_ = any ? ChainHead{last.Int(0), last.Text(1)} : ChainHead{0, std::string(kGenesisHash)};
  return *head_;
}

Status SqlTxn::AppendEvent(std::string_view serial, std::string_view action, const Json& detail) {
  return AppendEvents({NewEvent{serial, action, &detail}});
}

Status SqlTxn::AppendEvents(const std::vector<NewEvent>& events) {
  if (events.empty()) return Ok();
  FRLIC_ASSIGN_OR_RETURN(ChainHead head, Head());
  // Rows per INSERT: 7 parameters each, under SQLite's 32,766 and PostgreSQL's 65,535.
  constexpr std::size_t kRowsPerInsert = 256;
  for (std::size_t first = 0; first < events.size(); first += kRowsPerInsert) {
    const std::size_t rows = std::min(kRowsPerInsert, events.size() - first);
    FRLIC_ASSIGN_OR_RETURN(Statement insert,
                           db_.Prepare("INSERT INTO events (" + std::string(kEventColumns) +
                                       ") VALUES " + ValuesRows(rows, 7)));
    for (std::size_t k = first; k < first + rows; ++k) {
      const int row = static_cast<int>((k - first) * 7);
      const NewEvent& event = events[k];
      const std::int64_t seq = head.seq + 1;
      const UnixSeconds at = clock_.Now();
      auto hash = EventHash(head.hash, seq, at, event.serial, event.action, *event.detail);
      if (!hash.ok()) return db_.Fail(hash.error().code(), hash.error().message());
      // Stored in canonical form, so that what is shown is what was hashed.
      insert.Bind(row + 1, seq)
          .Bind(row + 2, std::int64_t{at})
          .Bind(row + 3, event.serial)
          .Bind(row + 4, event.action)
          .Bind(row + 5, event.detail->dump())
          .Bind(row + 6, head.hash)
          .Bind(row + 7, *hash);
      head = ChainHead{seq, std::move(hash).value()};
    }
    FRLIC_RETURN_IF_ERROR(insert.Run());
    head_ = head;
  }
  return Ok();
}

std::string ValuesRows(std::size_t rows, std::size_t columns) {
  // Anonymous placeholders, numbered in order by both drivers: SQLite resolves a named ?N by a
  // linear search of the ones before it, which for thousands of them costs more than the
  // statement's work.
  std::string row = "(?";
  for (std::size_t column = 1; column < columns; ++column) row += ", ?";
  row += ")";
  std::string values;
  values.reserve(rows * (row.size() + 2));
  for (std::size_t k = 0; k < rows; ++k) {
    if (k != 0) values += ", ";
    values += row;
  }
  return values;
}

}  // namespace frlic::ledger_internal
