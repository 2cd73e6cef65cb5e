// A whole ledger read in one go, and written into an empty one row for row: `ledger migrate`
// between the backends and `ledger export --jsonl` (docs/formats.md 6.6). The rows keep their
// values exactly, events their seq and hashes, so the copy's chain and head are the source's.
#include <map>
#include <set>

#include "frlic/core/time.h"
#include "internal/sql_ledger.h"
#include "internal/sqlite_rows.h"

namespace frlic::ledger_internal {

using sql::Statement;

Result<LedgerContents> ReadContents(sql::Connection& db) {
  LedgerContents contents;
  FRLIC_ASSIGN_OR_RETURN(contents.records, QueryRecords(db, "FROM licences ORDER BY serial"));
  FRLIC_ASSIGN_OR_RETURN(Statement copies,
                         db.Prepare("SELECT serial, bytes FROM artifacts ORDER BY serial"));
  std::map<std::string, Bytes> kept;
  for (;;) {
    FRLIC_ASSIGN_OR_RETURN(bool row, copies.Step());
    if (!row) break;
    kept.emplace(copies.Text(0), copies.Blob(1));
  }
  for (LedgerRecord& record : contents.records) {
    auto copy = kept.find(record.serial);
    if (copy != kept.end()) record.artifact_copy = std::move(copy->second);
  }
  FRLIC_ASSIGN_OR_RETURN(contents.events, QueryEvents(db, ""));
  FRLIC_ASSIGN_OR_RETURN(contents.accounts, QueryAccounts(db));
  return contents;
}

namespace {

Result<bool> IsEmpty(sql::Connection& db) {
  FRLIC_ASSIGN_OR_RETURN(
      Statement query,
      db.Prepare("SELECT (SELECT count(*) FROM licences) + (SELECT count(*) FROM events) + "
                 "(SELECT count(*) FROM accounts)"));
  FRLIC_ASSIGN_OR_RETURN(bool row, query.Step());
  return row && query.Int(0) == 0;
}

Status InsertRecord(sql::Connection& db, const LedgerRecord& record) {
  FRLIC_RETURN_IF_ERROR(InsertRecordRow(db, record, record.status));
  if (record.artifact_copy.empty()) return Ok();
  FRLIC_ASSIGN_OR_RETURN(Statement keep,
                         db.Prepare("INSERT INTO artifacts (serial, bytes) VALUES (?1, ?2)"));
  keep.Bind(1, record.serial).BindBlob(2, ByteView(record.artifact_copy));
  return keep.Run();
}

}  // namespace

Status ImportContents(sql::Connection& db, const LedgerContents& contents) {
  FRLIC_ASSIGN_OR_RETURN(bool empty, IsEmpty(db));
  if (!empty) {
    return db.Fail(ErrorCode::kRefused,
                   "holds records already; a copy goes only into an empty "
                   "ledger (frlic never merges two ledgers)");
  }
  for (const LedgerRecord& record : contents.records) {
    if (record.status == LicenceStatus::kPending) {
      return Error(ErrorCode::kRefused,
                   "record " + record.serial + " (order " + record.order_id +
                       ") is pending: an issue was interrupted or is running",
                   "let it finish, or settle it with any issue run on the source ledger (its "
                   "recovery), then copy again");
    }
  }
  // Parents before their replacements (a foreign key): in rounds, each inserting the records
  // whose parent is in already.
  std::set<std::string> inserted;
  std::vector<const LedgerRecord*> waiting;
  for (const LedgerRecord& record : contents.records) waiting.push_back(&record);
  while (!waiting.empty()) {
    std::vector<const LedgerRecord*> next;
    for (const LedgerRecord* record : waiting) {
      if (!record->parent_serial.empty() && !inserted.contains(record->parent_serial)) {
        next.push_back(record);
        continue;
      }
      FRLIC_RETURN_IF_ERROR(InsertRecord(db, *record));
      inserted.insert(record->serial);
    }
    if (next.size() == waiting.size()) {
      return Error(ErrorCode::kInvalidInput, "record " + next.front()->serial + " names parent " +
                                                 next.front()->parent_serial +
                                                 ", which is not in the copy");
    }
    waiting = std::move(next);
  }
  FRLIC_ASSIGN_OR_RETURN(Statement event,
                         db.Prepare("INSERT INTO events (" + std::string(kEventColumns) +
                                    ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"));
  for (const LedgerEvent& e : contents.events) {
    event.Bind(1, e.seq)
        .Bind(2, std::int64_t{e.at})
        .Bind(3, e.serial)
        .Bind(4, e.action)
        .Bind(5, e.detail_json)
        .Bind(6, e.prev_hash)
        .Bind(7, e.hash);
    FRLIC_RETURN_IF_ERROR(event.Run());
  }
  FRLIC_ASSIGN_OR_RETURN(
      Statement account,
      db.Prepare("INSERT INTO accounts (name, serial, password_hash, status, capacity, expires, "
                 "created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"));
  for (const Account& a : contents.accounts) {
    account.Bind(1, a.name)
        .Bind(2, a.serial)
        .Bind(3, a.password_hash)
        .Bind(4, AccountStatusName(a.status))
        .Bind(5, a.capacity)
        .Bind(6, FormatDate(a.expires))
        .Bind(7, std::int64_t{a.created_at})
        .Bind(8, std::int64_t{a.updated_at});
    FRLIC_RETURN_IF_ERROR(account.Run());
  }
  return Ok();
}

}  // namespace frlic::ledger_internal
