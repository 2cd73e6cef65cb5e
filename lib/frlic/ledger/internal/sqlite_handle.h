// A small RAII layer over the SQLite C API for the ledger: a connection, prepared statements
// with bound parameters, and an immediate transaction that rolls back unless committed.
// Every failure becomes an Error whose message names the database path.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "frlic/core/bytes.h"
#include "frlic/core/status.h"

struct sqlite3;
struct sqlite3_stmt;

namespace frlic::sqlite {

class Statement;

class Db {
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
  ~Db();

  // For fixed SQL without parameters only (pragmas, schema, BEGIN/COMMIT).
  Status Exec(const char* sql, std::string_view doing);
  Result<Statement> Prepare(std::string_view sql);

  // The Error for SQLite result code `rc` while `doing` something, with SQLite's message.
  Error ErrorFor(int rc, std::string_view doing) const;
  // An Error of the given code whose message names the database.
  Error Fail(ErrorCode code, std::string_view message) const;

  const std::string& path() const { return path_; }

 private:
  Db(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  sqlite3* db_ = nullptr;
  std::string path_;
};

class Statement {
 public:
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  // Parameters are 1-based, as in SQLite. A failed bind is reported by the next Step.
  Statement& Bind(int index, std::string_view text);
  Statement& Bind(int index, std::int64_t value);
  Statement& BindNull(int index);
  Statement& BindTextOrNull(int index, std::string_view text);  // NULL when empty
  Statement& BindBlob(int index, ByteView bytes);

  // true: a row is ready to read; false: done.
  Result<bool> Step();
  // Steps to the end, ignoring rows (INSERT, UPDATE).
  Status Run();

  // Columns are 0-based. NULL reads as "" or 0.
  std::string Text(int column) const;
  std::int64_t Int(int column) const;
  Bytes Blob(int column) const;
  // The blob without a copy, valid until the next Step.
  ByteView BlobView(int column) const;
  bool IsNull(int column) const;

 private:
  friend class Db;
  Statement(const Db* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  const Db* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
  int bind_error_ = 0;
};

// kWrite is BEGIN IMMEDIATE: it takes the write lock up front (waiting up to the busy
// timeout), so that a read-check-write sequence inside it cannot interleave with another
// writer. kRead is BEGIN (deferred): several queries see one snapshot.
class Transaction {
 public:
  enum class Mode { kRead, kWrite };
  static Result<Transaction> Begin(Db& db, Mode mode);
  Transaction(Transaction&& other) noexcept;
  Transaction& operator=(Transaction&&) = delete;
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();  // rolls back unless committed

  Status Commit();

 private:
  explicit Transaction(Db* db) : db_(db) {}
  Db* db_;
  bool open_ = true;
};

}  // namespace frlic::sqlite
