// The PostgreSQL driver of the ledger's SQL interface, over libpq (the C client library).
// libpq rather than libpqxx: it is PostgreSQL's own C API, already in Debian (libpq-dev), and
// throws nothing, so every failure maps straight onto Result<>/Error like the SQLite driver's;
// libpqxx would add a C++ wrapper that reports by exceptions, to be caught again here.
//
// Statements keep SQLite's `?N` placeholders; Prepare rewrites them to `$N` (outside string
// literals, quoted identifiers and comments) and Step runs PQexecParams: text parameters, blobs
// as binary parameters, text results with bytea decoded. A write transaction begins with
// `SELECT pg_advisory_xact_lock(kLedgerWriteLockKey)`, at READ COMMITTED.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "frlic/core/status.h"
#include "frlic/sql/postgres_url.h"  // IsPostgresUrl, RedactPostgresUrl
#include "frlic/sql/sql_connection.h"

struct pg_conn;

namespace frlic::sql {

// The key of the transaction-scoped advisory lock every write transaction takes first: the
// bytes "frlicLDG" read as a big-endian signed 64-bit integer.
inline constexpr std::int64_t kLedgerWriteLockKey = 0x66726C69634C4447;

// The `?N` placeholders of `sql` rewritten to `$N` (a bare `?` becomes the next number, as in
// SQLite), except inside '...' literals, "..." identifiers and -- or /* */ comments.
std::string RewritePlaceholders(std::string_view sql);

class PostgresConnection final : public Connection {
 public:
  // Connects; a failure names host, port, user and database, never the password.
  static Result<std::unique_ptr<PostgresConnection>> Open(const std::string& url);
  ~PostgresConnection() override;
  PostgresConnection(const PostgresConnection&) = delete;
  PostgresConnection& operator=(const PostgresConnection&) = delete;

  Status Exec(const char* sql, std::string_view doing) override;
  Result<Statement> Prepare(std::string_view sql) override;
  Error Fail(ErrorCode code, std::string_view message) const override;
  const std::string& location() const override { return location_; }

  Status BeginTransaction(Mode mode) override;
  Status TakeWriteLock() override;
  Status CommitTransaction() override;
  Status RollbackTransaction() override;
  bool HadTransientFailure() const override { return transient_failure_; }
  void ClearTransientFailure() override { transient_failure_ = false; }

  // For the driver's statements: the Error for a failed command (SQLSTATE, server message,
  // password removed), remembering whether it was transient.
  Error FailedCommand(const char* sqlstate, std::string_view server_message,
                      std::string_view doing);
  pg_conn* handle() const { return conn_; }

 private:
  PostgresConnection(pg_conn* conn, std::string location, std::vector<std::string> secrets)
      : conn_(conn), location_(std::move(location)), secrets_(std::move(secrets)) {}

  pg_conn* conn_ = nullptr;
  std::string location_;
  // The password as the URL spells it and as decoded: scrubbed from every message.
  std::vector<std::string> secrets_;
  bool transient_failure_ = false;
};

}  // namespace frlic::sql
