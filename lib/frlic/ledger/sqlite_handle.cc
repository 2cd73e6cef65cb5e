#include "internal/sqlite_handle.h"

#include <sqlite3.h>

#include <cstring>
#include <filesystem>
#include <limits>

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

Result<Statement> Db::Prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(stmt);
    return ErrorFor(rc, "cannot prepare a query");
  }
  return Statement(this, stmt);
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

Statement::Statement(Statement&& other) noexcept
    : db_(other.db_), stmt_(other.stmt_), bind_error_(other.bind_error_) {
  other.stmt_ = nullptr;
}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(stmt_);
    db_ = other.db_;
    stmt_ = other.stmt_;
    bind_error_ = other.bind_error_;
    other.stmt_ = nullptr;
  }
  return *this;
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement& Statement::Bind(int index, std::string_view text) {
  int rc = SQLITE_TOOBIG;
  if (text.size() <= static_cast<std::size_t>(std::numeric_limits<int>::max())) {
    rc = sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()),
                           SQLITE_TRANSIENT);
  }
  if (rc != SQLITE_OK && bind_error_ == 0) bind_error_ = rc;
  return *this;
}

Statement& Statement::Bind(int index, std::int64_t value) {
  int rc = sqlite3_bind_int64(stmt_, index, value);
  if (rc != SQLITE_OK && bind_error_ == 0) bind_error_ = rc;
  return *this;
}

Statement& Statement::BindNull(int index) {
  int rc = sqlite3_bind_null(stmt_, index);
  if (rc != SQLITE_OK && bind_error_ == 0) bind_error_ = rc;
  return *this;
}

Statement& Statement::BindTextOrNull(int index, std::string_view text) {
  return text.empty() ? BindNull(index) : Bind(index, text);
}

Statement& Statement::BindBlob(int index, ByteView bytes) {
  int rc = SQLITE_TOOBIG;
  if (bytes.size() <= static_cast<std::size_t>(std::numeric_limits<int>::max())) {
    // A zero-length blob still binds a BLOB, not NULL (the data pointer must be non-null).
    static const std::uint8_t kEmpty = 0;
    rc = sqlite3_bind_blob(stmt_, index, bytes.empty() ? &kEmpty : bytes.data(),
                           static_cast<int>(bytes.size()), SQLITE_TRANSIENT);
  }
  if (rc != SQLITE_OK && bind_error_ == 0) bind_error_ = rc;
  return *this;
}

Result<bool> Statement::Step() {
  if (bind_error_ != 0) return db_->ErrorFor(bind_error_, "cannot bind a query parameter");
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return db_->ErrorFor(rc, "query failed");
}

Status Statement::Run() {
  for (;;) {
    FRLIC_ASSIGN_OR_RETURN(bool row, Step());
    if (!row) return Ok();
  }
}

std::string Statement::Text(int column) const {
  const auto* text = sqlite3_column_text(stmt_, column);
  if (text == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(text),
                     static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
}

std::int64_t Statement::Int(int column) const { return sqlite3_column_int64(stmt_, column); }

Bytes Statement::Blob(int column) const {
  const auto* data = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt_, column));
  if (data == nullptr) return {};
  return Bytes(data, data + sqlite3_column_bytes(stmt_, column));
}

ByteView Statement::BlobView(int column) const {
  const auto* data = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt_, column));
  if (data == nullptr) return {};
  return ByteView(data, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
}

bool Statement::IsNull(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

Result<Transaction> Transaction::Begin(Db& db, Mode mode) {
  FRLIC_RETURN_IF_ERROR(
      db.Exec(mode == Mode::kWrite ? "BEGIN IMMEDIATE" : "BEGIN", "cannot start a transaction"));
  return Transaction(&db);
}

Transaction::Transaction(Transaction&& other) noexcept : db_(other.db_), open_(other.open_) {
  other.open_ = false;
}

Transaction::~Transaction() {
  // A failed statement may already have ended the transaction; ROLLBACK then fails harmlessly.
  if (open_) (void)db_->Exec("ROLLBACK", "cannot roll back");
}

Status Transaction::Commit() {
  open_ = false;
  Status committed = db_->Exec("COMMIT", "cannot commit");
  if (!committed.ok()) (void)db_->Exec("ROLLBACK", "cannot roll back");
  return committed;
}

}  // namespace frlic::sqlite
