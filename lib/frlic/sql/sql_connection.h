// The SQL driver interface the ledger is written against: a connection, prepared statements
// with `?N` placeholders and bound parameters, and a transaction that rolls back unless
// committed. Two implementations: SQLite (the embedded default) and PostgreSQL through libpq
// (lib/frlic/postgres/postgres_connection.h). Only schema DDL differs per backend; the ledger's
// queries do not.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "frlic/core/bytes.h"
#include "frlic/core/status.h"

namespace frlic::sql {

// One backend's prepared statement. Parameters are 1-based, columns 0-based (as in SQLite).
// A failed bind is reported by the next Step.
class StatementDriver {
 public:
  virtual ~StatementDriver() = default;
  virtual void BindText(int index, std::string_view text) = 0;
  virtual void BindInt(int index, std::int64_t value) = 0;
  virtual void BindNull(int index) = 0;
  virtual void BindBlob(int index, ByteView bytes) = 0;
  virtual Result<bool> Step() = 0;
  virtual std::string Text(int column) const = 0;
  virtual std::int64_t Int(int column) const = 0;
  // Valid until the next Step.
  virtual ByteView BlobView(int column) const = 0;
  virtual bool IsNull(int column) const = 0;
};

// A prepared statement of either backend: move-only, with the chaining Bind calls the ledger
// code uses. NULL reads as "" or 0.
class Statement {
 public:
  explicit Statement(std::unique_ptr<StatementDriver> driver) : driver_(std::move(driver)) {}

  Statement& Bind(int index, std::string_view text) {
    driver_->BindText(index, text);
    return *this;
  }
  Statement& Bind(int index, std::int64_t value) {
    driver_->BindInt(index, value);
    return *this;
  }
  Statement& BindNull(int index) {
    driver_->BindNull(index);
    return *this;
  }
  Statement& BindTextOrNull(int index, std::string_view text) {  // NULL when empty
    return text.empty() ? BindNull(index) : Bind(index, text);
  }
  Statement& BindBlob(int index, ByteView bytes) {
    driver_->BindBlob(index, bytes);
    return *this;
  }

  // true: a row is ready to read; false: done.
  Result<bool> Step() { return driver_->Step(); }
  // Steps to the end, ignoring rows (INSERT, UPDATE).
  Status Run() {
    for (;;) {
      FRLIC_ASSIGN_OR_RETURN(bool row, Step());
      if (!row) return Ok();
    }
  }

  std::string Text(int column) const { return driver_->Text(column); }
  std::int64_t Int(int column) const { return driver_->Int(column); }
  Bytes Blob(int column) const {
    ByteView view = driver_->BlobView(column);
    return Bytes(view.begin(), view.end());
  }
  ByteView BlobView(int column) const { return driver_->BlobView(column); }
  bool IsNull(int column) const { return driver_->IsNull(column); }

 private:
  std::unique_ptr<StatementDriver> driver_;
};

class Connection {
 public:
  virtual ~Connection() = default;

  // For fixed SQL without parameters only (schema, settings); may hold several statements.
  virtual Status Exec(const char* sql, std::string_view doing) = 0;
  virtual Result<Statement> Prepare(std::string_view sql) = 0;
  // An Error of the given code whose message names the database (never a password).
  virtual Error Fail(ErrorCode code, std::string_view message) const = 0;
  // The database as messages name it: a path, or a URL without its password.
  virtual const std::string& location() const = 0;

  // kWrite serializes writers for the whole transaction (SQLite: BEGIN IMMEDIATE; PostgreSQL:
  // a transaction-scoped advisory lock), so a read-check-write sequence inside it cannot
  // interleave with another writer. kWriteLockLater takes that lock only at TakeWriteLock, for
  // a transaction whose writes before it are guarded by unique constraints alone (SQLite,
  // which has one writer at a time, locks at the start as for kWrite). kRead: several queries
  // see one snapshot.
  enum class Mode { kRead, kWrite, kWriteLockLater };
  virtual Status BeginTransaction(Mode mode) = 0;
  // In a kWriteLockLater transaction, waits for the write lock that kWrite takes at the start
  // (held until the transaction ends); nothing to do where the start took it.
  virtual Status TakeWriteLock() { return Ok(); }
  virtual Status CommitTransaction() = 0;
  virtual Status RollbackTransaction() = 0;

  // Whether a command failed, since the last BeginTransaction or ClearTransientFailure, in a
  // way that a new attempt of the whole transaction may cure (a serialization failure or a
  // deadlock). See WithTransientRetry (sql_retry.h).
  virtual bool HadTransientFailure() const { return false; }
  virtual void ClearTransientFailure() {}
};

class Transaction {
 public:
  using Mode = Connection::Mode;
  static Result<Transaction> Begin(Connection& connection, Mode mode) {
    FRLIC_RETURN_IF_ERROR(connection.BeginTransaction(mode));
    return Transaction(&connection);
  }
  Transaction(Transaction&& other) noexcept : connection_(other.connection_), open_(other.open_) {
    other.open_ = false;
  }
  Transaction& operator=(Transaction&&) = delete;
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  // Rolls back unless committed. A failed statement may already have ended the transaction;
  // the rollback then fails harmlessly.
  ~Transaction() {
    if (open_) (void)connection_->RollbackTransaction();
  }

  Status Commit() {
    open_ = false;
    Status committed = connection_->CommitTransaction();
    if (!committed.ok()) (void)connection_->RollbackTransaction();
    return committed;
  }

 private:
  explicit Transaction(Connection* connection) : connection_(connection) {}
  Connection* connection_;
  bool open_ = true;
};

}  // namespace frlic::sql
