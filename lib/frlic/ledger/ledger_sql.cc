// The ledger over an SQL connection, either backend: every change in one write transaction
// that updates a record and appends its hash-chained event (ledger_chain.cc). This file is the
// Ledger interface over the per-transaction operations (SqlTxn: ledger_records.cc,
// ledger_events.cc, ledger_accounts.cc), plus what runs outside one transaction: recovery of
// interrupted issues and Verify; and the SQLite opens. The SQLite file and its schema:
// ledger_schema.cc; the PostgreSQL database and its schema: ledger_postgres.cc.
#include <algorithm>
#include <functional>
#include <thread>

#include "frlic/core/files.h"
#include "frlic/ledger/ledger.h"
#include "frlic/ledger/ledger_chain.h"
#include "frlic/sql/postgres_url.h"
#include "frlic/sql/sql_retry.h"
#include "internal/ledger_schema.h"
#include "internal/sql_ledger.h"
#include "internal/sql_txn.h"
#include "internal/sqlite_handle.h"
#include "internal/sqlite_rows.h"

namespace frlic {
namespace {

using ledger_internal::kAccountSelect;
using ledger_internal::kIssueAction;
using ledger_internal::kRecordColumns;
using ledger_internal::SqlTxn;
using ledger_internal::StoredValues;
using sql::Statement;
using sqlite::Db;

// SHA-256 of a file, streamed; nullopt if there is no regular file at `path`.
Result<std::optional<std::string>> FileSha256Hex(const std::string& path) {
  auto digest = Sha256FileHex(path);
  if (digest.ok()) return std::optional<std::string>(std::move(digest).value());
  if (digest.error().code() == ErrorCode::kNotFound ||
      digest.error().code() == ErrorCode::kInvalidInput) {
    return std::optional<std::string>();
  }
  return std::move(digest).error();
}

// A location the SQLite-only openers (OpenSqlite, OpenSqliteReadOnly, CreateSqlite) take: a
// non-empty path. A PostgreSQL URL is refused, never taken for a path (that would create a
// directory "postgresql:" and a file whose name holds the password), and named without its
// password; Open, OpenReadOnly and Create take either.
Status CheckSqlitePath(const std::string& path) {
  if (path.empty()) return Error(ErrorCode::kInvalidInput, "no ledger path given");
  if (!sql::IsPostgresUrl(path)) return Ok();
  return Error(ErrorCode::kInvalidInput,
               "ledger " + sql::RedactPostgresUrl(path) +
                   ": an SQLite ledger's path is expected here, not a PostgreSQL URL",
               "give the path of an SQLite ledger");
}

class SqlLedger final : public Ledger {
 public:
  SqlLedger(std::unique_ptr<sql::Connection> db, const Clock& clock,
            ledger_internal::SqlLedgerOptions options)
      : db_(std::move(db)),
        clock_(clock),
        read_only_(options.read_only),
        lease_seconds_(options.lease_seconds),
        lock_(std::move(options.sqlite_lock)),
        immutable_state_(options.sqlite_immutable_state) {}

  Status BeginIssue(const LedgerRecord& record) override {
    return Transaction([&](LedgerTxn& txn) { return txn.BeginIssue(record); });
  }

  Status CompleteIssue(const std::string& serial) override {
    return Write([&](SqlTxn& txn) {
      return txn.Transition(serial, LicenceStatus::kPending, LicenceStatus::kActive, kIssueAction,
                            Json::object(), /*issue_step=*/true);
    });
  }

  Status MarkPublishing(const std::string& serial) override {
    return Write([&](SqlTxn& txn) { return txn.MarkPublishing(serial); });
  }

  Status AbortIssue(const std::string& serial, const std::string& reason) override {
    return Write([&](SqlTxn& txn) { return txn.AbortPending(serial, reason); });
  }

  Result<std::vector<std::string>> RecoverPending() override {
    if (read_only_) return ReadOnlyError();
    // Recovery reads only the artifact's path and digest, so a record whose JSON columns were
    // damaged does not stop every later issue; reading it shows the damage.
    FRLIC_ASSIGN_OR_RETURN(
        auto pending, ledger_internal::QueryRecords(
                          *db_, "FROM licences WHERE status = 'pending' ORDER BY issued_at, serial",
                          StoredValues::kAsStored));
    std::vector<std::string> completed;
    for (const LedgerRecord& record : pending) {
      const std::string& path = record.artifact_path;
      const bool staged = ArtifactStageExists(path, record.serial);
      // Hashing happens outside the transaction; the compare-and-set below makes a record
      // that another process resolved meanwhile a no-op here.
      std::optional<std::string> digest;
      if (!staged) {
        auto hashed = FileSha256Hex(path);
        if (!hashed.ok()) {
          return Error(hashed.error().code(), "cannot recover the interrupted issue of " +
                                                  record.serial + ": " + hashed.error().message());
        }
        digest = std::move(hashed).value();
      }
      const bool in_place = digest && *digest == record.artifact_sha256;
      bool complete = false;
      Status resolved = Write([&](SqlTxn& txn) -> Status {
        // Under the write lock: an issuer that renewed its lease since the query above keeps
        // its record (kConflict, skipped below).
        FRLIC_ASSIGN_OR_RETURN(bool expired, LeaseExpired(record.serial));
        if (!expired) {
          return db_->Fail(ErrorCode::kConflict, record.serial + " is owned by a live issuer");
        }
        FRLIC_ASSIGN_OR_RETURN(bool marked, txn.IsMarkedPublishing(record.serial));
        std::string reason;
        if (staged) {
          reason = "recovered: the artifact was still staged after an interrupted issue";
        } else if (in_place) {
          complete = true;
          reason = "recovered: artifact in place after an interrupted issue";
        } else if (marked) {
          complete = true;
          reason = "recovered: artifact not at " + path +
                   " after an interrupted issue, but it was renamed there and may have been "
                   "handed out; kept so that it can be revoked";
        } else {
          reason = digest ? "recovered: artifact at " + path +
                                " differs from the recorded digest after an interrupted issue"
                          : "recovered: artifact missing after an interrupted issue";
        }
        if (complete) {
          return txn.Transition(record.serial, LicenceStatus::kPending, LicenceStatus::kActive,
                                kIssueAction, Json{{"recovered", reason}},
                                /*issue_step=*/true);
        }
        return txn.AbortPending(record.serial, reason);
      });
      if (!resolved.ok() && resolved.error().code() != ErrorCode::kConflict) {
        return std::move(resolved).error();
      }
      if (resolved.ok() && complete) completed.push_back(record.serial);
      // The staged file of a settled record is removed: aborted, it must never ship.
      if (resolved.ok()) RemoveArtifactStage(path, record.serial);
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
    return Write([&](SqlTxn& txn) { return body(txn); });
  }

  Result<std::vector<Status>> BeginIssueGroup(
      const std::vector<const LedgerRecord*>& records) override {
    // BeginIssueEach takes the lock at once for a group with replacements.
    std::vector<Status> statuses;
    FRLIC_RETURN_IF_ERROR(Write(
        [&](SqlTxn& txn) -> Status {
          FRLIC_ASSIGN_OR_RETURN(statuses, txn.BeginIssueEach(records));
          return Ok();
        },
        sql::Transaction::Mode::kWriteLockLater));
    return statuses;
  }

  Result<std::optional<LedgerRecord>> FindBySerial(const std::string& serial) override {
    return Read([&] { return ledger_internal::FindRecordBySerial(*db_, serial); });
  }

  Result<std::optional<LedgerRecord>> FindActiveByOrderId(const std::string& order_id) override {
    return Read([&] { return ledger_internal::FindRootRecordByOrderId(*db_, order_id); });
  }

  Result<std::map<std::string, LedgerRecord>> FindActiveByOrderIds(
      const std::vector<std::string>& order_ids) override {
    return Read([&] { return ledger_internal::FindRootRecordsByOrderIds(*db_, order_ids); });
  }

  Result<std::optional<LedgerRecord>> FindReplacement(const std::string& serial) override {
    return Read([&] { return ledger_internal::FindReplacementOf(*db_, serial); });
  }

  Result<std::vector<LedgerRecord>> FindByArtifactPath(const std::string& path) override {
    return Read([&] { return ledger_internal::FindRecordsByArtifactPath(*db_, path); });
  }

  Result<std::vector<LedgerRecord>> List() override {
    return Read([&] {
      return ledger_internal::QueryRecords(*db_, "FROM licences ORDER BY issued_at, serial");
    });
  }

  Result<std::optional<Bytes>> StoredArtifact(const std::string& serial) override {
    return Read([&]() -> Result<std::optional<Bytes>> {
      FRLIC_ASSIGN_OR_RETURN(Statement query,
                             db_->Prepare("SELECT bytes FROM artifacts WHERE serial = ?1"));
      query.Bind(1, serial);
      FRLIC_ASSIGN_OR_RETURN(bool row, query.Step());
      if (!row) return std::optional<Bytes>();
      return std::optional<Bytes>(query.Blob(0));
    });
  }

  Status CreateAccount(const Account& account) override {
    return Transaction([&](LedgerTxn& txn) { return txn.CreateAccount(account); });
  }

  Result<std::optional<Account>> FindAccount(const std::string& name) override {
    return Read([&] { return ledger_internal::FindAccountByName(*db_, name); });
  }

  Status SetAccountStatus(const std::string& name, AccountStatus from, AccountStatus to,
                          const std::string& action, const std::string& detail_json) override {
    return Transaction(
        [&](LedgerTxn& txn) { return txn.SetAccountStatus(name, from, to, action, detail_json); });
  }

  Result<std::vector<Account>> ListAccounts() override {
    return Read([&] { return ledger_internal::QueryAccounts(*db_); });
  }

  Result<std::vector<LedgerEvent>> Events(const std::string& serial) override {
    return Read([&] { return ledger_internal::QueryEvents(*db_, serial); });
  }

  Result<std::optional<LedgerEvent>> EventBySeq(std::int64_t seq) override {
    return Read([&] { return ledger_internal::FindEventBySeq(*db_, seq); });
  }

  Result<std::optional<LedgerEvent>> EventByHash(const std::string& hash) override {
    return Read([&] { return ledger_internal::FindEventByHash(*db_, hash); });
  }

  Result<LedgerContents> ReadAll() override {
    return Read([&]() -> Result<LedgerContents> {
      FRLIC_ASSIGN_OR_RETURN(auto snapshot,
                             sql::Transaction::Begin(*db_, sql::Transaction::Mode::kRead));
      return ledger_internal::ReadContents(*db_);
    });
  }

  Status Import(const LedgerContents& contents) override {
    return Write([&](SqlTxn&) { return ledger_internal::ImportContents(*db_, contents); });
  }

  // Reads every row as stored, so that one damaged row is one more problem in the report
  // rather than an error that hides the others. One pass over each table in key order; the
  // events' details are parsed only where their hashes do not vouch for them (ledger_chain.cc).
  Result<ChainReport> Verify() override {
    return Read([&] { return VerifySnapshot(); });
  }

 private:
  // The FROM clause of the pending records RecoverPending settles, in issue order.
  std::string PendingToSettle() const {
    if (!lease_seconds_) return "FROM licences WHERE status = 'pending' ORDER BY issued_at, serial";
    return "FROM licences WHERE status = 'pending' AND NOT EXISTS (SELECT 1 FROM issue_leases s "
           "WHERE s.serial = licences.serial AND s.expires_at > " +
           std::string(ledger_internal::kPostgresNow) + ") ORDER BY issued_at, serial";
  }

  // Whether nobody holds `serial`'s issue lease (always, without leases). A pending record
  // without a lease row (copied by ledger migrate) has none.
  Result<bool> LeaseExpired(const std::string& serial) {
    if (!lease_seconds_) return true;
    FRLIC_ASSIGN_OR_RETURN(Statement query,
                           db_->Prepare("SELECT 1 FROM issue_leases WHERE serial = ?1 AND "
                                        "expires_at > " +
                                        std::string(ledger_internal::kPostgresNow)));
    query.Bind(1, serial);
    FRLIC_ASSIGN_OR_RETURN(bool held, query.Step());
    return !held;
  }

  // The licences, each as stored, and the rows that could not be read at all (each after the
  // records read before it).
  struct RecordRows {
    std::vector<LedgerRecord> records;
    std::vector<std::pair<std::size_t, std::string>> unreadable;
  };
  static Result<RecordRows> ReadRecordRows(sql::Connection& db) {
    RecordRows rows;
    FRLIC_ASSIGN_OR_RETURN(Statement count, db.Prepare("SELECT count(*) FROM licences"));
    FRLIC_ASSIGN_OR_RETURN(bool counted, count.Step());
    if (counted) ledger_internal::ReserveRows(rows.records, count.Int(0));
    FRLIC_ASSIGN_OR_RETURN(Statement query, db.Prepare(ledger_internal::Select(
                                                kRecordColumns, "FROM licences ORDER BY serial")));
    for (;;) {
      FRLIC_ASSIGN_OR_RETURN(bool row, query.Step());
      if (!row) return rows;
      auto record = ledger_internal::RecordFromRow(db, query, StoredValues::kAsStored);
      if (!record.ok()) {
        rows.unreadable.emplace_back(rows.records.size(), record.error().message());
        continue;
      }
      // Kept for the chain check as well, which shows whether the damage came after issue.
      rows.records.push_back(std::move(record).value());
    }
  }

  // Every kept artifact copy must be the artifact the record names (ledger export hands it out
  // as that licence): a problem for each that is not.
  static Result<std::vector<std::string>> CheckArtifactCopies(sql::Connection& db) {
    std::vector<std::string> problems;
    FRLIC_ASSIGN_OR_RETURN(
        Statement copies,
        db.Prepare("SELECT a.serial, a.bytes, l.artifact_sha256 FROM artifacts a LEFT JOIN "
                   "licences l ON l.serial = a.serial ORDER BY a.serial"));
    for (;;) {
      FRLIC_ASSIGN_OR_RETURN(bool row, copies.Step());
      if (!row) return problems;
      const std::string digest = Sha256Hex(copies.BlobView(1));
      if (digest != copies.Text(2)) {
        problems.push_back(ledger_internal::Printable(
            "stored artifact of " + copies.Text(0) + " has SHA-256 " + digest +
            ", not the record's artifact_sha256 '" + copies.Text(2) + "'"));
      }
    }
  }

  // A second connection to an SQLite ledger read immutable, for reading the other tables side
  // by side: the file cannot change under the shared lock, so both see the same rows (and Read
  // repeats the whole verify if it changed anyway). None otherwise: a PostgreSQL ledger, or a
  // ledger with a writer's -wal, is read on one connection in one snapshot.
  std::optional<ledger_internal::ReadOnlyLedgerDb> SecondImmutableConnection() const {
    if (!immutable_state_) return std::nullopt;
    auto opened = ledger_internal::OpenLedgerDbReadOnly(db_->location());
    if (!opened.ok() || opened->immutable_state != immutable_state_) return std::nullopt;
    return std::move(opened).value();
  }

  Result<ChainReport> VerifySnapshot() {
    // One snapshot for every table, so a concurrent issue cannot look like a mismatch.
    FRLIC_ASSIGN_OR_RETURN(auto snapshot,
                           sql::Transaction::Begin(*db_, sql::Transaction::Mode::kRead));
    // On an immutable SQLite file the records and the kept copies are read on a second
    // connection while this one reads the events: at 100,000 records each read takes about as
    // long as the other.
    std::optional<Result<RecordRows>> side_rows;
    std::optional<Result<std::vector<std::string>>> side_copies;
    std::optional<ledger_internal::ReadOnlyLedgerDb> second = SecondImmutableConnection();
    std::optional<std::thread> side;
    if (second) {
      try {
        side.emplace([&side_rows, &side_copies, &db = second->db] {
          // Nothing may escape a thread: an exception becomes the read's error.
          try {
            side_rows.emplace(ReadRecordRows(db));
            side_copies.emplace(CheckArtifactCopies(db));
          } catch (const std::exception& e) {
            side_rows.emplace(
                Error(ErrorCode::kInternal,
                      std::string("reading the ledger's records failed: ") + e.what()));
          }
        });
      } catch (const std::exception&) {
        // No thread to be had: read them here, after the events.
      }
    }
    // Joined on every way out of this function, an exception from the events' read included.
    struct JoinOnExit {
      std::optional<std::thread>& thread;
      ~JoinOnExit() {
        if (thread && thread->joinable()) thread->join();
      }
    } join_on_exit{side};
    auto events = ledger_internal::QueryEvents(*db_, "", StoredValues::kAsStored);
    if (side) side->join();
    if (!events.ok()) return std::move(events).error();
    if (!side_rows) side_rows.emplace(ReadRecordRows(*db_));
    FRLIC_ASSIGN_OR_RETURN(RecordRows rows, std::move(*side_rows));
    std::vector<LedgerRecord>& records = rows.records;
    const auto& unreadable = rows.unreadable;
    std::vector<Account> accounts;
    std::vector<std::string> account_problems;
    FRLIC_ASSIGN_OR_RETURN(Statement account_query,
                           db_->Prepare(std::string(kAccountSelect) + "ORDER BY a.name"));
    for (;;) {
      FRLIC_ASSIGN_OR_RETURN(bool row, account_query.Step());
      if (!row) break;
      auto account = ledger_internal::AccountFromRow(*db_, account_query, StoredValues::kAsStored);
      if (account.ok()) {
        accounts.push_back(std::move(account).value());
      } else {
        account_problems.push_back(account.error().message());
      }
    }
    std::vector<bool> vouched;
    ChainReport report = ledger_internal::CheckChain(*events, records, accounts, &vouched);
    // Problems in rows, after those of the chain. A record its authentic begin-issue event
    // vouches for holds the values BeginIssue checked; only the others have their JSON columns
    // parsed again (most of the time at 100,000 records otherwise).
    std::vector<std::string> problems;
    auto next_unreadable = unreadable.begin();
    for (std::size_t i = 0; i <= records.size(); ++i) {
      for (; next_unreadable != unreadable.end() && next_unreadable->first == i;
           ++next_unreadable) {
        problems.push_back(next_unreadable->second);
      }
      if (i == records.size() || vouched[i]) continue;
      Status values = ledger_internal::CheckRecordValues(*db_, records[i]);
      if (!values.ok()) problems.push_back(values.error().message());
    }
    problems.insert(problems.end(), account_problems.begin(), account_problems.end());
    if (!side_copies) side_copies.emplace(CheckArtifactCopies(*db_));
    FRLIC_ASSIGN_OR_RETURN(std::vector<std::string> copy_problems, std::move(*side_copies));
    problems.insert(problems.end(), copy_problems.begin(), copy_problems.end());
    report.records += static_cast<std::int64_t>(unreadable.size() + account_problems.size());
    report.problems.insert(report.problems.end(), problems.begin(), problems.end());
    return report;
  }

  Error ReadOnlyError() const {
    return db_->Fail(ErrorCode::kInternal, "opened read-only; this command cannot change it");
  }

  // One write transaction, run again from the start (a bounded number of times) after a
  // serialization failure or a deadlock (sql_retry.h): `body` only reads and writes the
  // database, so a new attempt is the whole cure.
  Status Write(const std::function<Status(SqlTxn&)>& body,
               sql::Transaction::Mode mode = sql::Transaction::Mode::kWrite) {
    if (read_only_) return ReadOnlyError();
    return sql::WithTransientRetry(*db_, [&]() -> Status {
      FRLIC_ASSIGN_OR_RETURN(auto txn, sql::Transaction::Begin(*db_, mode));
      SqlTxn operations(*db_, clock_, lease_seconds_,
                        mode == sql::Transaction::Mode::kWriteLockLater ? SqlTxn::WriteLock::kLater
                                                                        : SqlTxn::WriteLock::kHeld);
      FRLIC_RETURN_IF_ERROR(body(operations));
      return txn.Commit();
    });
  }

  // Runs one read. Through an immutable connection, SQLite trusts that nothing changes the
  // file; a writer that does not take the ledger lock (revoke, say) may still have, so the
  // read is repeated on a new connection when the file changed while it ran.
  template <typename ReadBody>
  auto Read(const ReadBody& body) -> decltype(body()) {
    for (int attempt = 0;; ++attempt) {
      if (!immutable_state_) return body();
      auto result = body();
      if (ledger_internal::CurrentFileState(db_->location()) == *immutable_state_) return result;
      if (attempt == 2) {
        return db_->Fail(ErrorCode::kBusy,
                         "the ledger kept changing while it was read; run the command again");
      }
      FRLIC_ASSIGN_OR_RETURN(auto reopened, ledger_internal::OpenLedgerDbReadOnly(db_->location()));
      db_ = std::make_unique<Db>(std::move(reopened.db));
      lock_ = std::move(reopened.lock);
      immutable_state_ = reopened.immutable_state;
    }
  }

  std::unique_ptr<sql::Connection> db_;
  const Clock& clock_;
  bool read_only_ = false;
  std::optional<int> lease_seconds_;
  std::optional<ledger_internal::SharedLedgerLock> lock_;
  std::optional<ledger_internal::LedgerFileState> immutable_state_;
};

}  // namespace

namespace ledger_internal {

std::unique_ptr<Ledger> MakeSqlLedger(std::unique_ptr<sql::Connection> db, const Clock& clock,
                                      SqlLedgerOptions options) {
  return std::make_unique<SqlLedger>(std::move(db), clock, std::move(options));
}

}  // namespace ledger_internal

Result<std::unique_ptr<Ledger>> Ledger::OpenSqlite(const std::string& path, const Clock& clock) {
  FRLIC_RETURN_IF_ERROR(CheckSqlitePath(path));
  FRLIC_ASSIGN_OR_RETURN(
      Db db, ledger_internal::OpenLedgerDb(path, ledger_internal::LedgerFile::kMustExist));
  return ledger_internal::MakeSqlLedger(std::make_unique<Db>(std::move(db)), clock, {});
}

Result<std::unique_ptr<Ledger>> Ledger::OpenSqliteReadOnly(const std::string& path,
                                                           const Clock& clock) {
  FRLIC_RETURN_IF_ERROR(CheckSqlitePath(path));
  FRLIC_ASSIGN_OR_RETURN(auto opened, ledger_internal::OpenLedgerDbReadOnly(path));
  ledger_internal::SqlLedgerOptions options;
  options.read_only = true;
  options.sqlite_lock = std::move(opened.lock);
  options.sqlite_immutable_state = opened.immutable_state;
  return ledger_internal::MakeSqlLedger(std::make_unique<Db>(std::move(opened.db)), clock,
                                        std::move(options));
}

Result<std::unique_ptr<Ledger>> Ledger::CreateSqlite(const std::string& path, const Clock& clock,
                                                     bool parents) {
  FRLIC_RETURN_IF_ERROR(CheckSqlitePath(path));
  FRLIC_ASSIGN_OR_RETURN(Db db, ledger_internal::OpenLedgerDb(
                                    path, parents ? ledger_internal::LedgerFile::kCreateWithParents
                                                  : ledger_internal::LedgerFile::kCreate));
  return ledger_internal::MakeSqlLedger(std::make_unique<Db>(std::move(db)), clock, {});
}

Result<std::unique_ptr<Ledger>> Ledger::Open(const std::string& location, const Clock& clock) {
  if (sql::IsPostgresUrl(location))
    return ledger_internal::OpenPostgresLedger(location, clock,
                                               ledger_internal::PostgresOpen::kMustExist);
  return OpenSqlite(location, clock);
}

Result<std::unique_ptr<Ledger>> Ledger::OpenReadOnly(const std::string& location,
                                                     const Clock& clock) {
  if (sql::IsPostgresUrl(location))
    return ledger_internal::OpenPostgresLedger(location, clock,
                                               ledger_internal::PostgresOpen::kReadOnly);
  return OpenSqliteReadOnly(location, clock);
}

Result<std::unique_ptr<Ledger>> Ledger::Create(const std::string& location, const Clock& clock,
                                               bool parents) {
  if (sql::IsPostgresUrl(location))
    return ledger_internal::OpenPostgresLedger(location, clock,
                                               ledger_internal::PostgresOpen::kCreate);
  return CreateSqlite(location, clock, parents);
}

bool Ledger::IsShared(const std::string& location) { return sql::IsPostgresUrl(location); }

std::string LedgerForDisplay(const std::string& location) {
  return sql::IsPostgresUrl(location) ? sql::RedactPostgresUrl(location) : location;
}

}  // namespace frlic
