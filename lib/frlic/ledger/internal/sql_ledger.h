// The Ledger implementation shared by both backends (ledger_sql.cc), and the PostgreSQL opens
// (ledger_postgres.cc).
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "frlic/core/clock.h"
#include "frlic/ledger/ledger.h"
#include "frlic/sql/sql_connection.h"
#include "ledger_schema.h"

namespace frlic::ledger_internal {

// PostgreSQL's clock as Unix seconds, for the issue leases (docs/formats.md 6.4).
inline constexpr const char* kPostgresNow = "CAST(EXTRACT(EPOCH FROM clock_timestamp()) AS BIGINT)";

// How long an issuer owns a pending record on a shared ledger before any other run may settle
// it (docs/formats.md 6.4, "Leases").
inline constexpr int kIssueLeaseSeconds = 900;

struct SqlLedgerOptions {
  bool read_only = false;  // every write fails with kInternal
  // Set on a shared (PostgreSQL) ledger: see SqlTxn.
  std::optional<int> lease_seconds;
  // A read-only SQLite ledger's shared lock and, when read immutable, the file state to check
  // every read against (ledger_schema.h).
  std::optional<SharedLedgerLock> sqlite_lock;
  std::optional<LedgerFileState> sqlite_immutable_state;
};

std::unique_ptr<Ledger> MakeSqlLedger(std::unique_ptr<sql::Connection> db, const Clock& clock,
                                      SqlLedgerOptions options);

// LedgerContents from `db` (ledger_contents.cc): the caller holds a read transaction.
Result<LedgerContents> ReadContents(sql::Connection& db);
// Inserts `contents` into `db`'s empty ledger; the caller holds the write transaction.
Status ImportContents(sql::Connection& db, const LedgerContents& contents);

enum class PostgresOpen {
  kMustExist,  // no frlic schema in the database is kNotFound naming `frlic ledger init URL`
  kReadOnly,   // as kMustExist, in read-only transactions, every write refused
  kCreate,     // the schema is created if the database has none (ledger init)
};
Result<std::unique_ptr<Ledger>> OpenPostgresLedger(const std::string& url, const Clock& clock,
                                                   PostgresOpen mode);

}  // namespace frlic::ledger_internal
