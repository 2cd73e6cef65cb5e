#include "internal/sqlite_handle.h"

#include <sqlite3.h>

#include <cstring>
#include <filesystem>
#include <limits>
#include <memory>

namespace frlic::sqlite {
namespace {

// Which kind of failure an SQLite result code is, for the CLI's exit codes.
ErrorCode CodeFor(int rc) {
  switch (rc & 0xff) {
    case SQLITE_CONSTRAINT:
      return ErrorCode::kConflict;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
    case SQLITE_SCHEMA:
    case SQLITE_ERROR:  // "no such table" and the like: the file is not the ledger we expect
    case SQLITE_MISMATCH:
      return ErrorCode::kLedgerCorrupt;
    case SQLITE_MISUSE:
    case SQLITE_RANGE:
      return ErrorCode::kInternal;
    default:  // CANTOPEN, IOERR, FULL, READONLY, PERM, BUSY, LOCKED, NOMEM, ...
      return ErrorCode::kIo;
  }
}

}  // namespace

namespace {

class SqliteStatement final : public sql::StatementDriver {
 public:
  SqliteStatement(const Db* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;
  ~SqliteStatement() override { sqlite3_finalize(stmt_); }

  void BindText(int index, std::string_view text) override {
    ResetIfStepped();
    int rc = SQLITE_TOOBIG;
    if (text.size() <= static_cast<std::size_t>(std::numeric_limits<int>::max())) {
      rc = sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()),
                             SQLITE_TRANSIENT);
    }
    Note(rc);
  }

  void BindInt(int index, std::int64_t value) override {
    ResetIfStepped();
    Note(sqlite3_bind_int64(stmt_, index, value));
  }

  void BindNull(int index) override {
    ResetIfStepped();
    Note(sqlite3_bind_null(stmt_, index));
  }

  void BindBlob(int index, ByteView bytes) override {
    ResetIfStepped();
    int rc = SQLITE_TOOBIG;
    if (bytes.size() <= static_cast<std::size_t>(std::numeric_limits<int>::max())) {
      // A zero-length blob still binds a BLOB, not NULL (the data pointer must be non-null).
      static const std::uint8_t kEmpty = 0;
      rc = sqlite3_bind_blob(stmt_, index, bytes.empty() ? &kEmpty : bytes.data(),
                             static_cast<int>(bytes.size()), SQLITE_TRANSIENT);
    }
    Note(rc);
  }

  Result<bool> Step() override {
    if (bind_error_ != 0) return db_->ErrorFor(bind_error_, "cannot bind a query parameter");
    stepped_ = true;
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    return db_->ErrorFor(rc, "query failed");
  }

  std::string Text(int column) const override {
    const auto* text = sqlite3_column_text(stmt_, column);
    if (text == nullptr) return {};
    return std::string(reinterpret_cast<const char*>(text),
                       static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
  }

  std::int64_t Int(int column) const override { return sqlite3_column_int64(stmt_, column); }

  ByteView BlobView(int column) const override {
    const auto* data = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt_, column));
    if (data == nullptr) return {};
    return ByteView(data, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
  }

  bool IsNull(int column) const override {
    return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
  }

 private:
  // A failed bind is reported by the next Step.
  void Note(int rc) {
    if (rc != SQLITE_OK && bind_error_ == 0) bind_error_ = rc;
  }

  // A bind after a Step starts a new execution (as the PostgreSQL driver does): the statement
  // is reset, keeping the other parameters' values.
  void ResetIfStepped() {
    if (!stepped_) return;
    sqlite3_reset(stmt_);
    stepped_ = false;
  }

  const Db* db_;
  sqlite3_stmt* stmt_;
  int bind_error_ = 0;
  bool stepped_ = false;
};

}  // namespace

Result<Db> Db::Open(const std::string& path) {
  sqlite3* raw = nullptr;
  int rc =
      sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX, nullptr);
  Db db(raw, path);  // owns the handle even when opening failed
  if (rc != SQLITE_OK) return db.ErrorFor(rc, "cannot open");
  sqlite3_extended_result_codes(raw, 1);
  return db;
}

Result<Db> Db::OpenReadOnly(const std::string& path, bool immutable) {
  std::string name = path;
  int flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_FULLMUTEX;
  if (immutable) {
    // "file:" + the absolute path with the characters a URI gives a meaning to escaped: an
    // absolute path, so that a path starting with "//" is not read as a URI authority.
    std::error_code error;
    const std::string absolute = std::filesystem::absolute(path, error).lexically_normal().string();
    name = "file:";
    for (const char c : error ? path : absolute) {
      if (c == '%' || c == '?' || c == '#') {
        static constexpr char kHex[] = "0123456789ABCDEF";
        name += '%';
        name += kHex[(static_cast<unsigned char>(c) >> 4) & 0xF];
        name += kHex[static_cast<unsigned char>(c) & 0xF];
      } else {
        name += c;
      }
    }
    name += "?immutable=1";
    flags |= SQLITE_OPEN_URI;
  }
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(name.c_str(), &raw, flags, nullptr);
  Db db(raw, path);
  if (rc != SQLITE_OK) return db.ErrorFor(rc, "cannot open read-only");
  sqlite3_extended_result_codes(raw, 1);
  return db;
}

Db::Db(Db&& other) noexcept : db_(other.db_), path_(std::move(other.path_)) { other.db_ = nullptr; }

Db& Db::operator=(Db&& other) noexcept {
  if (this != &other) {
    sqlite3_close_v2(db_);
    db_ = other.db_;
    path_ = std::move(other.path_);
    other.db_ = nullptr;
  }
  return *this;
}

Db::~Db() { sqlite3_close_v2(db_); }

Status Db::Exec(const char* sql, std::string_view doing) {
  int rc = sqlite3_exec(db_, sql, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return ErrorFor(rc, doing);
  return Ok();
}

Result<sql::Statement> Db::Prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(stmt);
    return ErrorFor(rc, "cannot prepare a query");
  }
  return sql::Statement(std::make_unique<SqliteStatement>(this, stmt));
}

Error Db::ErrorFor(int rc, std::string_view doing) const {
  std::string message(doing);
  message += ": ";
  message += db_ != nullptr ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
  int system_errno = db_ != nullptr ? sqlite3_system_errno(db_) : 0;
  if ((rc & 0xff) != SQLITE_CONSTRAINT && system_errno != 0) {
    message += std::string(" (") + std::strerror(system_errno) + ")";
  }
  if ((rc & 0xff) == SQLITE_BUSY) {
    return Fail(ErrorCode::kIo, message + "; another process kept the ledger locked too long");
  }
  return Fail(CodeFor(rc), message);
}

Error Db::Fail(ErrorCode code, std::string_view message) const {
  return Error(code, "ledger " + path_ + ": " + std::string(message));
}

Status Db::BeginTransaction(Mode mode) {
  return Exec(mode == Mode::kRead ? "BEGIN" : "BEGIN IMMEDIATE", "cannot start a transaction");
}

Status Db::CommitTransaction() { return Exec("COMMIT", "cannot commit"); }

Status Db::RollbackTransaction() { return Exec("ROLLBACK", "cannot roll back"); }

}  // namespace frlic::sqlite
