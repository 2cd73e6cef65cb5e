// A small RAII layer over the SQLite C API for the ledger: a connection whose prepared
// statements and transactions are those of the SQL interface (frlic/sql/sql_connection.h).
// Every failure becomes an Error whose message names the database path.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "frlic/core/bytes.h"
#include "frlic/core/status.h"
#include "frlic/sql/sql_connection.h"

struct sqlite3;

namespace frlic::sqlite {

// The SQLite driver of the ledger's SQL interface (frlic/sql/sql_connection.h).
class Db final : public sql::Connection {
 public:
  // Opens an existing database file read-write (the caller creates it, to choose its mode).
  static Result<Db> Open(const std::string& path);
  // Opens an existing database file read-only. `immutable`: SQLite is told that nothing
  // changes the file while it is open (URI parameter immutable=1), so it takes no locks and
  // creates no -wal or -shm file; the caller must make that true.
  static Result<Db> OpenReadOnly(const std::string& path, bool immutable);

  Db(Db&& other) noexcept;
  Db& operator=(Db&& other) noexcept;
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;
  ~Db() override;

  // For fixed SQL without parameters only (pragmas, schema, BEGIN/COMMIT).
  Status Exec(const char* sql, std::string_view doing) override;
  Result<sql::Statement> Prepare(std::string_view sql) override;
  // An Error of the given code whose message names the database.
  Error Fail(ErrorCode code, std::string_view message) const override;
  const std::string& location() const override { return path_; }

  // kWrite is BEGIN IMMEDIATE: it takes the write lock up front (waiting up to the busy
  // timeout). kRead is BEGIN (deferred).
  Status BeginTransaction(Mode mode) override;
  Status CommitTransaction() override;
  Status RollbackTransaction() override;

  // The Error for SQLite result code `rc` while `doing` something, with SQLite's message.
  Error ErrorFor(int rc, std::string_view doing) const;

  const std::string& path() const { return path_; }

 private:
  Db(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  sqlite3* db_ = nullptr;
  std::string path_;
};

}  // namespace frlic::sqlite
