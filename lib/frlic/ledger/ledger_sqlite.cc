// The SQLite ledger: one file, WAL journal, every change in one IMMEDIATE transaction that
// updates a record and appends its hash-chained event (ledger_chain.cc).
#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "frlic/core/files.h"
#include "frlic/core/time.h"
#include "frlic/ledger/ledger.h"
#include "frlic/ledger/ledger_chain.h"
#include "internal/sqlite_handle.h"

namespace frlic {
namespace {

using ledger_internal::AccountCreateDetail;
using ledger_internal::BeginIssueDetail;
using ledger_internal::EventHash;
using ledger_internal::IsAccountAction;
using ledger_internal::kAbortAction;
using ledger_internal::kAccountCreateAction;
using ledger_internal::kBeginIssueAction;
using ledger_internal::kIssueAction;
using ledger_internal::ParseEventDetail;
using sqlite::Db;
using sqlite::Statement;

// Version 1. The partial unique indexes are the ledger's two invariants: an order id issues
// once (reissues carry a parent), and a licence is replaced at most once; aborted attempts
// count for neither. STRICT tables refuse values of the wrong type.
constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE licences (
  serial TEXT PRIMARY KEY NOT NULL,
  order_id TEXT NOT NULL,
  method TEXT NOT NULL,
  terms_json TEXT NOT NULL,
  artifact_path TEXT NOT NULL,
  artifact_sha256 TEXT NOT NULL,
  instance_public_key TEXT NOT NULL,
  machine_fingerprint TEXT NOT NULL,
  key_id TEXT NOT NULL,
  issued_at INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN
    ('pending', 'active', 'destroyed', 'revoked', 'superseded', 'aborted')),
  parent_serial TEXT NULL REFERENCES licences (serial),
  extra_json TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX licences_order_issues_once ON licences (order_id)
  WHERE parent_serial IS NULL AND status != 'aborted';
CREATE UNIQUE INDEX licences_replaced_once ON licences (parent_serial)
  WHERE parent_serial IS NOT NULL AND status != 'aborted';
CREATE TABLE events (
  seq INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  serial TEXT NOT NULL REFERENCES licences (serial),
  action TEXT NOT NULL,
  detail_json TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
) STRICT;
CREATE INDEX events_by_serial ON events (serial, seq);
PRAGMA user_version = 1;
)sql";

// Version 2 adds public cloud accounts: one per public-cloud licence record at most, the
// password only as its Argon2id PHC string. A version 1 file is upgraded in place by running
// this in the transaction that opens it.
constexpr const char* kMigrateV1ToV2 = R"sql(
CREATE TABLE accounts (
  name TEXT PRIMARY KEY NOT NULL,
  serial TEXT NOT NULL UNIQUE REFERENCES licences (serial),
  password_hash TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('active', 'disabled')),
  capacity INTEGER NOT NULL CHECK (capacity >= 1),
  expires TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
PRAGMA user_version = 2;
)sql";

constexpr const char* kRecordColumns =
    "serial, order_id, method, terms_json, artifact_path, artifact_sha256, instance_public_key, "
    "machine_fingerprint, key_id, issued_at, status, parent_serial, extra_json";

constexpr const char* kEventColumns = "seq, at, serial, action, detail_json, prev_hash, hash";

// An account with the order id and terms of its licence record.
constexpr const char* kAccountSelect =
    "SELECT a.name, a.serial, l.order_id, l.terms_json, a.capacity, a.expires, a.status, "
    "a.created_at, a.updated_at, a.password_hash FROM accounts a JOIN licences l ON l.serial = "
    "a.serial ";

std::string Select(const char* columns, const std::string& rest) {
  return std::string("SELECT ") + columns + " " + rest;
}

// A record from a row selected with kRecordColumns. A status the schema's CHECK should have
// kept out means the file was edited with checks disabled.
Result<LedgerRecord> RecordFromRow(const Db& db, const Statement& row) {
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
  auto status = ParseLicenceStatus(row.Text(10));
  if (!status) {
    return db.Fail(ErrorCode::kLedgerCorrupt,
                   "record " + record.serial + " has an unknown status '" + row.Text(10) + "'");
  }
  record.status = *status;
  record.parent_serial = row.Text(11);
  record.extra_json = row.Text(12);
  return record;
}

// An account from a row selected with kAccountSelect. Values the schema or frlic would not
// have written mean the file was edited by hand.
Result<Account> AccountFromRow(const Db& db, const Statement& row) {
  Account account;
  account.name = row.Text(0);
  account.serial = row.Text(1);
  account.order_id = row.Text(2);
  auto terms = ParseStrictJson(row.Text(3), "terms");
  if (!terms.ok() || !terms->is_object()) {
    return db.Fail(ErrorCode::kLedgerCorrupt, "record " + account.serial + " of account " +
                                                  account.name +
                                                  " has terms that are not a JSON object");
  }
  if (auto company = terms->find("company"); company != terms->end() && company->is_string()) {
    account.company = company->get<std::string>();
  }
  account.capacity = row.Int(4);
  auto expires = ParseDate(row.Text(5));
  auto status = ParseAccountStatus(row.Text(6));
  if (!expires || !status) {
    return db.Fail(ErrorCode::kLedgerCorrupt, "account " + account.name + " has " +
                                                  (expires ? "an unknown status '" + row.Text(6)
                                                           : "a bad expiry date '" + row.Text(5)) +
                                                  "'");
  }
  account.expires = *expires;
  account.status = *status;
  account.created_at = row.Int(7);
  account.updated_at = row.Int(8);
  account.password_hash = row.Text(9);
  return account;
}

Result<std::optional<Account>> FindAccountByName(Db& db, const std::string& name) {
  FRLIC_ASSIGN_OR_RETURN(Statement query,
                         db.Prepare(std::string(kAccountSelect) + "WHERE a.name = ?1"));
  query.Bind(1, name);
  FRLIC_ASSIGN_OR_RETURN(bool row, query.Step());
  if (!row) return std::optional<Account>();
  FRLIC_ASSIGN_OR_RETURN(Account account, AccountFromRow(db, query));
  return std::optional<Account>(std::move(account));
}

Result<std::vector<Account>> QueryAccounts(Db& db) {
  FRLIC_ASSIGN_OR_RETURN(Statement query,
                         db.Prepare(std::string(kAccountSelect) + "ORDER BY a.name"));
  std::vector<Account> accounts;
  for (;;) {
    FRLIC_ASSIGN_OR_RETURN(bool row, query.Step());
    if (!row) return accounts;
    FRLIC_ASSIGN_OR_RETURN(Account account, AccountFromRow(db, query));
    accounts.push_back(std::move(account));
  }
}

LedgerEvent EventFromRow(const Statement& row) {
  return LedgerEvent{row.Int(0),  row.Int(1),  row.Text(2), row.Text(3),
                     row.Text(4), row.Text(5), row.Text(6)};
}

Result<std::optional<LedgerRecord>> QueryOneRecord(Db& db, Statement& query) {
  FRLIC_ASSIGN_OR_RETURN(bool row, query.Step());
  if (!row) return std::optional<LedgerRecord>();
  FRLIC_ASSIGN_OR_RETURN(LedgerRecord record, RecordFromRow(db, query));
  return std::optional<LedgerRecord>(std::move(record));
}

Result<std::optional<LedgerRecord>> FindRecordBySerial(Db& db, const std::string& serial) {
  FRLIC_ASSIGN_OR_RETURN(Statement query,
                         db.Prepare(Select(kRecordColumns, "FROM licences WHERE serial = ?1")));
  query.Bind(1, serial);
  return QueryOneRecord(db, query);
}

Result<std::optional<LedgerRecord>> FindRootRecordByOrderId(Db& db, const std::string& order_id) {
  FRLIC_ASSIGN_OR_RETURN(
      Statement query,
      db.Prepare(Select(kRecordColumns,
                        "FROM licences WHERE order_id = ?1 AND parent_serial IS NULL AND "
                        "status != 'aborted' ORDER BY issued_at, serial LIMIT 1")));
  query.Bind(1, order_id);
  return QueryOneRecord(db, query);
}

// The non-aborted record that replaced `serial` (its child in the lineage), if any.
Result<std::optional<LedgerRecord>> FindReplacementOf(Db& db, const std::string& serial) {
  FRLIC_ASSIGN_OR_RETURN(
      Statement query,
      db.Prepare(Select(kRecordColumns,
                        "FROM licences WHERE parent_serial = ?1 AND status != 'aborted' "
                        "ORDER BY issued_at, serial LIMIT 1")));
  query.Bind(1, serial);
  return QueryOneRecord(db, query);
}

Result<std::vector<LedgerRecord>> QueryRecords(Db& db, const std::string& rest) {
  FRLIC_ASSIGN_OR_RETURN(Statement query, db.Prepare(Select(kRecordColumns, rest)));
  std::vector<LedgerRecord> records;
  for (;;) {
    FRLIC_ASSIGN_OR_RETURN(bool row, query.Step());
    if (!row) return records;
    FRLIC_ASSIGN_OR_RETURN(LedgerRecord record, RecordFromRow(db, query));
    records.push_back(std::move(record));
  }
}

// SHA-256 of a file, streamed; nullopt if it does not exist.
Result<std::optional<std::string>> FileSha256Hex(const std::string& path) {
  auto digest = Sha256FileHex(path);
  if (digest.ok()) return std::optional<std::string>(std::move(digest).value());
  if (digest.error().code() == ErrorCode::kNotFound) return std::optional<std::string>();
  return std::move(digest).error();
}

bool IsIssueAction(std::string_view action) {
  return action == kBeginIssueAction || action == kIssueAction || action == kAbortAction;
}

// The operations of one open IMMEDIATE transaction.
// The events of `serial` (all if empty), oldest first.
Result<std::vector<LedgerEvent>> QueryEvents(Db& db, const std::string& serial) {
  FRLIC_ASSIGN_OR_RETURN(
      Statement query,
      db.Prepare(Select(kEventColumns, "FROM events WHERE ?1 = '' OR serial = ?1 ORDER BY seq")));
  query.Bind(1, serial);
  std::vector<LedgerEvent> events;
  for (;;) {
    FRLIC_ASSIGN_OR_RETURN(bool row, query.Step());
    if (!row) return events;
    events.push_back(EventFromRow(query));
  }
}

class SqliteTxn final : public LedgerTxn {
 public:
  SqliteTxn(Db& db, const Clock& clock) : db_(db), clock_(clock) {}

  Result<std::vector<LedgerEvent>> Events(const std::string& serial) override {
    return QueryEvents(db_, serial);
  }

  Status BeginIssue(const LedgerRecord& record) override {
    if (record.serial.empty() || record.order_id.empty()) {
      return db_.Fail(ErrorCode::kInvalidInput, "a record needs a serial and an order id");
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
        return db_.Fail(ErrorCode::kConflict,
                        "order " + record.order_id + " was already issued as serial " +
                            issued->serial + " on " + FormatInstant(issued->issued_at) +
                            " (status " + LicenceStatusName(issued->status) + ")");
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
        return db_.Fail(ErrorCode::kConflict,
                        "serial " + record.parent_serial + " was already replaced by serial " +
                            query.Text(0) + " on " + FormatInstant(query.Int(1)));
      }
    }

    FRLIC_ASSIGN_OR_RETURN(
        Statement insert,
        db_.Prepare("INSERT INTO licences (" + std::string(kRecordColumns) +
                    ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 'pending', ?11, ?12)"));
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
        .BindTextOrNull(11, record.parent_serial)
        .Bind(12, record.extra_json);
    FRLIC_RETURN_IF_ERROR(insert.Run());
    return AppendEvent(record.serial, kBeginIssueAction, BeginIssueDetail(record));
  }

  Status CompleteIssue(const std::string& serial) override {
    return Transition(serial, LicenceStatus::kPending, LicenceStatus::kActive, kIssueAction,
                      Json::object(), /*issue_step=*/true);
  }

  Status CompareAndSetStatus(const std::string& serial, LicenceStatus from, LicenceStatus to,
                             const std::string& action, const std::string& detail_json) override {
    FRLIC_RETURN_IF_ERROR(CheckStatusChange(to, action));
    FRLIC_ASSIGN_OR_RETURN(Json detail, ParseDetail(detail_json));
    return Transition(serial, from, to, action, std::move(detail), /*issue_step=*/false);
  }

  Status SetStatus(const std::string& serial, LicenceStatus status, const std::string& action,
                   const std::string& detail_json) override {
    FRLIC_RETURN_IF_ERROR(CheckStatusChange(status, action));
    FRLIC_ASSIGN_OR_RETURN(Json detail, ParseDetail(detail_json));
    return Transition(serial, std::nullopt, status, action, std::move(detail),
                      /*issue_step=*/false);
  }

  Result<std::optional<LedgerRecord>> FindBySerial(const std::string& serial) override {
    return FindRecordBySerial(db_, serial);
  }

  Result<std::optional<LedgerRecord>> FindActiveByOrderId(const std::string& order_id) override {
    return FindRootRecordByOrderId(db_, order_id);
  }

  Result<std::optional<LedgerRecord>> FindReplacement(const std::string& serial) override {
    return FindReplacementOf(db_, serial);
  }

  Status CreateAccount(const Account& account) override {
    if (!IsValidAccountName(account.name)) {
      return db_.Fail(ErrorCode::kInvalidInput,
                      "account name '" + account.name +
                          "' is not 3-32 of a-z 0-9 . _ - starting with a letter or digit");
    }
    if (!account.password_hash.starts_with("$argon2id$")) {
      return db_.Fail(ErrorCode::kInvalidInput, "the password hash of account " + account.name +
                                                    " is not an Argon2id PHC string");
    }
    if (account.capacity < 1) {
      return db_.Fail(ErrorCode::kInvalidInput,
                      "account " + account.name + " needs a capacity of at least 1");
    }
    FRLIC_ASSIGN_OR_RETURN(auto record, FindRecordBySerial(db_, account.serial));
    if (!record) {
      return db_.Fail(ErrorCode::kNotFound, "account " + account.name + " names serial " +
                                                account.serial + ", which is not recorded");
    }
    FRLIC_ASSIGN_OR_RETURN(auto taken, FindAccountByName(db_, account.name));
    if (taken) {
      return db_.Fail(ErrorCode::kConflict, "account name " + account.name +
                                                " is already taken (serial " + taken->serial +
                                                ", order " + taken->order_id + ", created " +
                                                FormatInstant(taken->created_at) + ")");
    }
    FRLIC_ASSIGN_OR_RETURN(Statement held,
                           db_.Prepare("SELECT name FROM accounts WHERE serial = ?1"));
    held.Bind(1, account.serial);
    FRLIC_ASSIGN_OR_RETURN(bool has_account, held.Step());
    if (has_account) {
      return db_.Fail(ErrorCode::kConflict,
                      "serial " + account.serial + " already has account " + held.Text(0));
    }
    FRLIC_ASSIGN_OR_RETURN(
        Statement insert,
        db_.Prepare("INSERT INTO accounts (name, serial, password_hash, status, capacity, "
                    "expires, created_at, updated_at) VALUES (?1, ?2, ?3, 'active', ?4, ?5, ?6, "
                    "?6)"));
    insert.Bind(1, account.name)
        .Bind(2, account.serial)
        .Bind(3, account.password_hash)
        .Bind(4, account.capacity)
        .Bind(5, FormatDate(account.expires))
        .Bind(6, std::int64_t{account.created_at});
    FRLIC_RETURN_IF_ERROR(insert.Run());
    Json detail = AccountCreateDetail(account);
    detail["status"] = LicenceStatusName(record->status);
    return AppendEvent(account.serial, kAccountCreateAction, detail);
  }

  Result<std::optional<Account>> FindAccount(const std::string& name) override {
    return FindAccountByName(db_, name);
  }

  Status SetAccountStatus(const std::string& name, AccountStatus from, AccountStatus to,
                          const std::string& action, const std::string& detail_json) override {
    if (!IsAccountAction(action) || action == kAccountCreateAction ||
        action.size() == ledger_internal::kAccountActionPrefix.size()) {
      return db_.Fail(ErrorCode::kInvalidInput,
                      "action '" + action + "' cannot name an account status change");
    }
    FRLIC_ASSIGN_OR_RETURN(Json detail, ParseDetail(detail_json));
    for (const char* key : {"account", "account_status"}) {
      if (detail.contains(key)) {
        return db_.Fail(ErrorCode::kInvalidInput, std::string("an event detail must not set \"") +
                                                      key + "\"; the ledger records it");
      }
    }
    FRLIC_ASSIGN_OR_RETURN(auto account, FindAccountByName(db_, name));
    if (!account) return db_.Fail(ErrorCode::kNotFound, "no account " + name);
    if (account->status != from) {
      return db_.Fail(ErrorCode::kConflict, "account " + name + " is " +
                                                AccountStatusName(account->status) + ", not " +
                                                AccountStatusName(from));
    }
    FRLIC_ASSIGN_OR_RETURN(auto record, FindRecordBySerial(db_, account->serial));
    if (!record) {
      return db_.Fail(ErrorCode::kLedgerCorrupt,
                      "account " + name + " names serial " + account->serial + ", not recorded");
    }
    FRLIC_ASSIGN_OR_RETURN(
        Statement update,
        db_.Prepare("UPDATE accounts SET status = ?1, updated_at = ?2 WHERE name = ?3"));
    update.Bind(1, std::string_view(AccountStatusName(to)))
        .Bind(2, std::int64_t{clock_.Now()})
        .Bind(3, name);
    FRLIC_RETURN_IF_ERROR(update.Run());
    detail["account"] = name;
    detail["account_status"] = AccountStatusName(to);
    detail["status"] = LicenceStatusName(record->status);
    return AppendEvent(account->serial, action, detail);
  }

  // Moves a record from `from` (any status if nullopt) to `to` and appends the event.
  Status Transition(const std::string& serial, std::optional<LicenceStatus> from, LicenceStatus to,
                    std::string_view action, Json detail, bool issue_step) {
    FRLIC_ASSIGN_OR_RETURN(auto record, FindRecordBySerial(db_, serial));
    if (!record) return db_.Fail(ErrorCode::kNotFound, "no serial " + serial);
    if (from && record->status != *from) {
      return db_.Fail(ErrorCode::kConflict, "serial " + serial + " is " +
                                                LicenceStatusName(record->status) + ", not " +
                                                LicenceStatusName(*from));
    }
    // Pending and aborted belong to the issue steps; nothing else may move a record in or
    // out of them (an aborted attempt may not come back to life under a reused order id).
    if (!issue_step &&
        (record->status == LicenceStatus::kPending || record->status == LicenceStatus::kAborted)) {
      return db_.Fail(ErrorCode::kConflict, "serial " + serial + " is " +
                                                LicenceStatusName(record->status) +
                                                "; its status cannot be set");
    }
    FRLIC_ASSIGN_OR_RETURN(Statement update,
                           db_.Prepare("UPDATE licences SET status = ?1 WHERE serial = ?2"));
    update.Bind(1, std::string_view(LicenceStatusName(to))).Bind(2, serial);
    FRLIC_RETURN_IF_ERROR(update.Run());
    detail["status"] = LicenceStatusName(to);
    return AppendEvent(serial, action, std::move(detail));
  }

 private:
  Status CheckStatusChange(LicenceStatus to, const std::string& action) {
    if (to == LicenceStatus::kPending || to == LicenceStatus::kAborted) {
      return db_.Fail(ErrorCode::kInvalidInput,
                      std::string("status ") + LicenceStatusName(to) +
                          " is set only by the issue steps (BeginIssue, AbortIssue)");
    }
    if (action.empty() || IsIssueAction(action) || IsAccountAction(action)) {
      return db_.Fail(ErrorCode::kInvalidInput,
                      "action '" + action + "' cannot name a status change");
    }
    return Ok();
  }

  Result<Json> ParseDetail(const std::string& detail_json) {
    auto detail = ParseEventDetail(detail_json.empty() ? "{}" : detail_json);
    if (!detail.ok()) return db_.Fail(ErrorCode::kInvalidInput, detail.error().message());
    if (detail->contains("status")) {
      return db_.Fail(ErrorCode::kInvalidInput,
                      "an event detail must not set \"status\"; the ledger records it");
    }
    return detail;
  }

  Status AppendEvent(std::string_view serial, std::string_view action, const Json& detail) {
    FRLIC_ASSIGN_OR_RETURN(Statement last,
                           db_.Prepare("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1"));
    FRLIC_ASSIGN_OR_RETURN(bool any, last.Step());
    const std::int64_t seq = any ? last.Int(0) + 1 : 1;
    const std::string prev_hash = any ? last.Text(1) : ledger_internal::kGenesisHash;
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

  Db& db_;
  const Clock& clock_;
};

class SqliteLedger final : public Ledger {
 public:
  SqliteLedger(Db db, const Clock& clock) : db_(std::move(db)), clock_(clock) {}

  Status BeginIssue(const LedgerRecord& record) override {
    return Transaction([&](LedgerTxn& txn) { return txn.BeginIssue(record); });
  }

  Status CompleteIssue(const std::string& serial) override {
    return Write([&](SqliteTxn& txn) {
      return txn.Transition(serial, LicenceStatus::kPending, LicenceStatus::kActive, kIssueAction,
                            Json::object(), /*issue_step=*/true);
    });
  }

  Status AbortIssue(const std::string& serial, const std::string& reason) override {
    return Write([&](SqliteTxn& txn) {
      return txn.Transition(serial, LicenceStatus::kPending, LicenceStatus::kAborted, kAbortAction,
                            Json{{"reason", reason}}, /*issue_step=*/true);
    });
  }

  Result<std::vector<std::string>> RecoverPending() override {
    FRLIC_ASSIGN_OR_RETURN(
        auto pending,
        QueryRecords(db_, "FROM licences WHERE status = 'pending' ORDER BY issued_at, serial"));
    std::vector<std::string> completed;
    for (const LedgerRecord& record : pending) {
      // Hashing happens outside the transaction; the compare-and-set below makes a record
      // that another process resolved meanwhile a no-op here.
      auto digest = FileSha256Hex(record.artifact_path);
      if (!digest.ok()) return db_.Fail(digest.error().code(), digest.error().message());
      Status resolved;
      if (*digest && **digest == record.artifact_sha256) {
        resolved = Write([&](SqliteTxn& txn) {
          return txn.Transition(record.serial, LicenceStatus::kPending, LicenceStatus::kActive,
                                kIssueAction,
                                Json{{"recovered",
                                      "artifact in place after an interrupted "
                                      "issue"}},
                                /*issue_step=*/true);
        });
        if (resolved.ok()) completed.push_back(record.serial);
      } else {
        const std::string reason =
            *digest ? "recovered: artifact at " + record.artifact_path +
                          " differs from the recorded digest after an interrupted issue"
                    : "recovered: artifact missing after an interrupted issue";
        resolved = Write([&](SqliteTxn& txn) {
          return txn.Transition(record.serial, LicenceStatus::kPending, LicenceStatus::kAborted,
                                kAbortAction, Json{{"reason", reason}}, /*issue_step=*/true);
        });
      }
      if (!resolved.ok() && resolved.error().code() != ErrorCode::kConflict) {
        return std::move(resolved).error();
      }
    }
    return completed;
  }

  Status SetStatus(const std::string& serial, LicenceStatus status, const std::string& action,
                   const std::string& detail_json) override {
    return Transaction(
        [&](LedgerTxn& txn) { return txn.SetStatus(serial, status, action, detail_json); });
  }

  Status CompareAndSetStatus(const std::string& serial, LicenceStatus from, LicenceStatus to,
                             const std::string& action, const std::string& detail_json) override {
    return Transaction([&](LedgerTxn& txn) {
      return txn.CompareAndSetStatus(serial, from, to, action, detail_json);
    });
  }

  Status Transaction(const std::function<Status(LedgerTxn&)>& body) override {
    return Write([&](SqliteTxn& txn) { return body(txn); });
  }

  Result<std::optional<LedgerRecord>> FindBySerial(const std::string& serial) override {
    return FindRecordBySerial(db_, serial);
  }

  Result<std::optional<LedgerRecord>> FindActiveByOrderId(const std::string& order_id) override {
    return FindRootRecordByOrderId(db_, order_id);
  }

  Result<std::optional<LedgerRecord>> FindReplacement(const std::string& serial) override {
    return FindReplacementOf(db_, serial);
  }

  Result<std::vector<LedgerRecord>> List() override {
    return QueryRecords(db_, "FROM licences ORDER BY issued_at, serial");
  }

  Status CreateAccount(const Account& account) override {
    return Transaction([&](LedgerTxn& txn) { return txn.CreateAccount(account); });
  }

  Result<std::optional<Account>> FindAccount(const std::string& name) override {
    return FindAccountByName(db_, name);
  }

  Status SetAccountStatus(const std::string& name, AccountStatus from, AccountStatus to,
                          const std::string& action, const std::string& detail_json) override {
    return Transaction(
        [&](LedgerTxn& txn) { return txn.SetAccountStatus(name, from, to, action, detail_json); });
  }

  Result<std::vector<Account>> ListAccounts() override { return QueryAccounts(db_); }

  Result<std::vector<LedgerEvent>> Events(const std::string& serial) override {
    return QueryEvents(db_, serial);
  }

  Result<ChainReport> Verify() override {
    // One snapshot for both tables, so a concurrent issue cannot look like a mismatch.
    FRLIC_ASSIGN_OR_RETURN(auto snapshot,
                           sqlite::Transaction::Begin(db_, sqlite::Transaction::Mode::kRead));
    FRLIC_ASSIGN_OR_RETURN(auto events, Events(""));
    FRLIC_ASSIGN_OR_RETURN(Statement query,
                           db_.Prepare(Select(kRecordColumns, "FROM licences ORDER BY serial")));
    std::vector<LedgerRecord> records;
    std::vector<std::string> unreadable;
    for (;;) {
      FRLIC_ASSIGN_OR_RETURN(bool row, query.Step());
      if (!row) break;
      auto record = RecordFromRow(db_, query);
      if (record.ok()) {
        records.push_back(std::move(record).value());
      } else {
        unreadable.push_back(record.error().message());
      }
    }
    std::vector<Account> accounts;
    FRLIC_ASSIGN_OR_RETURN(Statement account_query,
                           db_.Prepare(std::string(kAccountSelect) + "ORDER BY a.name"));
    for (;;) {
      FRLIC_ASSIGN_OR_RETURN(bool row, account_query.Step());
      if (!row) break;
      auto account = AccountFromRow(db_, account_query);
      if (account.ok()) {
        accounts.push_back(std::move(account).value());
      } else {
        unreadable.push_back(account.error().message());
      }
    }
    ChainReport report = ledger_internal::CheckChain(events, records, accounts);
    report.records += static_cast<std::int64_t>(unreadable.size());
    report.problems.insert(report.problems.end(), unreadable.begin(), unreadable.end());
    return report;
  }

 private:
  Status Write(const std::function<Status(SqliteTxn&)>& body) {
    FRLIC_ASSIGN_OR_RETURN(auto txn,
                           sqlite::Transaction::Begin(db_, sqlite::Transaction::Mode::kWrite));
    SqliteTxn operations(db_, clock_);
    FRLIC_RETURN_IF_ERROR(body(operations));
    return txn.Commit();
  }

  Db db_;
  const Clock& clock_;
};

// Creates the file (owner-only: it is business data) and its directory if absent.
Status CreateLedgerFile(const std::string& path) {
  auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) {
    Status made = MakeDirectories(parent.string());
    if (!made.ok()) return Error(ErrorCode::kIo, "ledger " + path + ": " + made.error().message());
  }
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    return Error(ErrorCode::kIo, "ledger " + path + ": cannot open: " + std::strerror(errno));
  }
  ::close(fd);
  return Ok();
}

Status Configure(Db& db) {
  FRLIC_RETURN_IF_ERROR(db.Exec("PRAGMA busy_timeout = 10000", "cannot set busy_timeout"));
  FRLIC_ASSIGN_OR_RETURN(Statement journal, db.Prepare("PRAGMA journal_mode = WAL"));
  FRLIC_ASSIGN_OR_RETURN(bool row, journal.Step());
  if (!row || journal.Text(0) != "wal") {
    return db.Fail(ErrorCode::kIo, "cannot switch to the WAL journal (got '" +
                                       (row ? journal.Text(0) : std::string()) +
                                       "'); is the file on a network file system?");
  }
  FRLIC_RETURN_IF_ERROR(db.Exec("PRAGMA synchronous = FULL", "cannot set synchronous"));
  FRLIC_RETURN_IF_ERROR(db.Exec("PRAGMA foreign_keys = ON", "cannot enable foreign keys"));
  return Ok();
}

Result<std::int64_t> SchemaVersion(Db& db) {
  FRLIC_ASSIGN_OR_RETURN(Statement query, db.Prepare("PRAGMA user_version"));
  FRLIC_ASSIGN_OR_RETURN(bool row, query.Step());
  return row ? query.Int(0) : 0;
}

// Versions this build opens: the current one, and older ones it upgrades (0 = a new file).
Status CheckVersion(const Db& db, std::int64_t version) {
  if (version >= 0 && version <= Ledger::kSchemaVersion) return Ok();
  return db.Fail(ErrorCode::kLedgerCorrupt,
                 "schema version " + std::to_string(version) + " is not the version " +
                     std::to_string(Ledger::kSchemaVersion) +
                     " this frlic understands (a newer frlic wrote it?)");
}

Status EnsureSchema(Db& db) {
  FRLIC_ASSIGN_OR_RETURN(std::int64_t version, SchemaVersion(db));
  FRLIC_RETURN_IF_ERROR(CheckVersion(db, version));
  if (version == Ledger::kSchemaVersion) return Ok();
  // A new file, or an older schema: create or upgrade it in one transaction, unless another
  // process got there first.
  FRLIC_ASSIGN_OR_RETURN(auto txn,
                         sqlite::Transaction::Begin(db, sqlite::Transaction::Mode::kWrite));
  FRLIC_ASSIGN_OR_RETURN(version, SchemaVersion(db));
  FRLIC_RETURN_IF_ERROR(CheckVersion(db, version));
  if (version == 0) {
    FRLIC_ASSIGN_OR_RETURN(Statement tables, db.Prepare("SELECT count(*) FROM sqlite_master"));
    FRLIC_ASSIGN_OR_RETURN(bool row, tables.Step());
    if (row && tables.Int(0) != 0) {
      return db.Fail(ErrorCode::kLedgerCorrupt,
                     "the file holds tables but no ledger schema version; it is not a frlic "
                     "ledger");
    }
    FRLIC_RETURN_IF_ERROR(db.Exec(kSchemaV1, "cannot create the ledger tables"));
    version = 1;
  }
  if (version == 1) {
    FRLIC_RETURN_IF_ERROR(db.Exec(kMigrateV1ToV2, "cannot upgrade the ledger to version 2"));
  }
  return txn.Commit();
}

}  // namespace

Result<std::unique_ptr<Ledger>> Ledger::OpenSqlite(const std::string& path, const Clock& clock) {
  if (path.empty()) return Error(ErrorCode::kInvalidInput, "no ledger path given");
  FRLIC_RETURN_IF_ERROR(CreateLedgerFile(path));
  FRLIC_ASSIGN_OR_RETURN(Db db, Db::Open(path));
  FRLIC_RETURN_IF_ERROR(Configure(db));
  FRLIC_RETURN_IF_ERROR(EnsureSchema(db));
  return std::unique_ptr<Ledger>(std::make_unique<SqliteLedger>(std::move(db), clock));
}

}  // namespace frlic
