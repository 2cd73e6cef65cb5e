#include "postgres_connection.h"

#include <libpq-fe.h>
#include <libpq_on_demand.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <map>
#include <memory>
#include <vector>

namespace frlic::sql {
namespace {

// libpq's type oids for the parameters it cannot infer from a text value (pg_type.h).
constexpr Oid kBoolOid = 16;
constexpr Oid kByteaOid = 17;
constexpr Oid kInt8Oid = 20;

// How long a writer waits for the write lock before the command fails (SQLSTATE 55P03): the
// same 10 s as the SQLite ledger's busy timeout.
constexpr const char* kBeginWriteLockLater =
    "BEGIN ISOLATION LEVEL READ COMMITTED; SET LOCAL lock_timeout = '10s'";
constexpr const char* kTakeWriteLock = "SELECT pg_advisory_xact_lock(7382081939106972743)";
constexpr const char* kBeginWrite =
    "BEGIN ISOLATION LEVEL READ COMMITTED; SET LOCAL lock_timeout = '10s'; "
    "SELECT pg_advisory_xact_lock(7382081939106972743)";
static_assert(kLedgerWriteLockKey == 7382081939106972743);
constexpr const char* kBeginRead = "BEGIN ISOLATION LEVEL REPEATABLE READ";

std::string TrimTrailingNewlines(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

std::string Scrub(std::string text, const std::vector<std::string>& secrets) {
  for (const std::string& secret : secrets) {
    if (secret.empty()) continue;
    for (std::size_t at = text.find(secret); at != std::string::npos;
         at = text.find(secret, at + 3)) {
      text.replace(at, secret.size(), "***");
    }
  }
  return text;
}

// Which kind of failure an SQLSTATE is, for the CLI's exit codes.
ErrorCode CodeFor(std::string_view sqlstate) {
  if (sqlstate.starts_with("23")) return ErrorCode::kConflict;  // integrity constraint
  if (sqlstate == "40001" || sqlstate == "40P01" || sqlstate == "55P03" || sqlstate == "57014") {
    return ErrorCode::kBusy;  // serialization failure, deadlock, lock timeout, statement timeout
  }
  if (sqlstate == "42501" || sqlstate == "P0001") {
    return ErrorCode::kRefused;  // insufficient privilege; a trigger's RAISE
  }
  // Undefined table or column, a value of the wrong type: not the ledger we expect.
  if (sqlstate.starts_with("42") || sqlstate.starts_with("22")) return ErrorCode::kLedgerCorrupt;
  return ErrorCode::kIo;  // connection failures (08), resources (53), server shutdown (57)...
}

bool IsTransient(std::string_view sqlstate) { return sqlstate == "40001" || sqlstate == "40P01"; }

// libpq's default notice processor prints to stderr; the library never prints.
void IgnoreNotice(void*, const char*) {}

struct ResultDeleter {
  void operator()(PGresult* result) const { PQclear(result); }
};
using ResultHandle = std::unique_ptr<PGresult, ResultDeleter>;

class PostgresStatement final : public StatementDriver {
 public:
  PostgresStatement(PostgresConnection* connection, std::string sql, int parameter_count)
      : connection_(connection),
        sql_(std::move(sql)),
        values_(static_cast<std::size_t>(parameter_count)),
        is_null_(static_cast<std::size_t>(parameter_count), true),
        types_(static_cast<std::size_t>(parameter_count), 0),
        formats_(static_cast<std::size_t>(parameter_count), 0) {}

  void BindText(int index, std::string_view text) override {
    // Text parameters travel as C strings: a byte 0 would silently cut the value short.
    if (text.find('\0') != std::string_view::npos && bind_error_.empty()) {
      bind_error_code_ = ErrorCode::kInvalidInput;
      bind_error_ = "parameter ?" + std::to_string(index) +
                    " holds the byte 0, which a PostgreSQL text value cannot";
    }
    Set(index, std::string(text), 0, 0);
  }
  void BindInt(int index, std::int64_t value) override {
    Set(index, std::to_string(value), kInt8Oid, 0);
  }
  void BindNull(int index) override {
    if (!InRange(index)) return;
    Reset();
    is_null_[Slot(index)] = true;
    types_[Slot(index)] = 0;
  }
  void BindBlob(int index, ByteView bytes) override {
    Set(index, std::string(AsText(bytes)), kByteaOid, 1);
  }

  Result<bool> Step() override {
    if (!bind_error_.empty()) {
      return connection_->Fail(bind_error_code_, "cannot bind a query parameter: " + bind_error_);
    }
    if (!result_) {
      FRLIC_RETURN_IF_ERROR(Execute());
    }
    blobs_.clear();
    if (row_ + 1 >= rows_) {
      row_ = rows_;
      return false;
    }
    ++row_;
    return true;
  }

  std::string Text(int column) const override {
    const char* value = Value(column);
    return value == nullptr ? std::string()
                            : std::string(value, static_cast<std::size_t>(Length(column)));
  }

  std::int64_t Int(int column) const override {
    const char* value = Value(column);
    if (value == nullptr) return 0;
    if (PQftype(result_.get(), column) == kBoolOid) return value[0] == 't' ? 1 : 0;
    std::int64_t number = 0;
    std::from_chars(value, value + Length(column), number);
    return number;
  }

  ByteView BlobView(int column) const override {
    const char* value = Value(column);
    if (value == nullptr) return {};
    if (PQftype(result_.get(), column) != kByteaOid) {
      return AsBytes(std::string_view(value, static_cast<std::size_t>(Length(column))));
    }
    // Text results spell bytea in hex ("\x0a1b..."); decoded once per row and column.
    auto [cached, inserted] = blobs_.try_emplace(column);
    if (inserted) {
      std::size_t length = 0;
      unsigned char* decoded =
          PQunescapeBytea(reinterpret_cast<const unsigned char*>(value), &length);
      if (decoded != nullptr) {
        cached->second.assign(decoded, decoded + length);
        PQfreemem(decoded);
      }
    }
    return cached->second;
  }

  bool IsNull(int column) const override { return Value(column) == nullptr; }

 private:
  bool InRange(int index) {
    if (index >= 1 && static_cast<std::size_t>(index) <= values_.size()) return true;
    if (bind_error_.empty()) {
      bind_error_ = "parameter ?" + std::to_string(index) + " is not in the query (it has " +
                    std::to_string(values_.size()) + ")";
    }
    return false;
  }
  static std::size_t Slot(int index) { return static_cast<std::size_t>(index - 1); }

  void Set(int index, std::string value, Oid type, int format) {
    if (!InRange(index)) return;
    Reset();
    values_[Slot(index)] = std::move(value);
    is_null_[Slot(index)] = false;
    types_[Slot(index)] = type;
    formats_[Slot(index)] = format;
  }

  // A bind after Step starts a new execution, like sqlite3_reset.
  void Reset() {
    result_.reset();
    blobs_.clear();
    rows_ = 0;
    row_ = -1;
  }

  Status Execute() {
    std::vector<const char*> values(values_.size());
    std::vector<int> lengths(values_.size());
    for (std::size_t i = 0; i < values_.size(); ++i) {
      values[i] = is_null_[i] ? nullptr : values_[i].data();
      lengths[i] = static_cast<int>(values_[i].size());
    }
    ResultHandle result(PQexecParams(connection_->handle(), sql_.c_str(),
                                     static_cast<int>(values_.size()), types_.data(), values.data(),
                                     lengths.data(), formats_.data(), 0));
    const ExecStatusType status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
      const char* sqlstate = result ? PQresultErrorField(result.get(), PG_DIAG_SQLSTATE) : nullptr;
      std::string message = result ? PQresultErrorMessage(result.get()) : "";
      if (message.empty()) message = PQerrorMessage(connection_->handle());
      return connection_->FailedCommand(sqlstate, message, "query failed");
    }
    rows_ = status == PGRES_TUPLES_OK ? PQntuples(result.get()) : 0;
    row_ = -1;
    result_ = std::move(result);
    return Ok();
  }

  const char* Value(int column) const {
    if (!result_ || row_ < 0 || row_ >= rows_ || column < 0 || column >= PQnfields(result_.get()) ||
        PQgetisnull(result_.get(), row_, column)) {
      return nullptr;
    }
    return PQgetvalue(result_.get(), row_, column);
  }
  int Length(int column) const { return PQgetlength(result_.get(), row_, column); }

  PostgresConnection* connection_;
  std::string sql_;
  std::vector<std::string> values_;
  std::vector<bool> is_null_;
  std::vector<Oid> types_;
  std::vector<int> formats_;
  std::string bind_error_;
  ErrorCode bind_error_code_ = ErrorCode::kInternal;
  ResultHandle result_;
  int rows_ = 0;
  int row_ = -1;
  mutable std::map<int, Bytes> blobs_;
};

}  // namespace

std::string RewritePlaceholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 8);
  int highest = 0;
  for (std::size_t i = 0; i < sql.size();) {
    const char c = sql[i];
    // Copies a quoted span ('...' with '' inside, "..." with "" inside) or a comment whole.
    auto copy_until = [&](std::string_view end) {
      std::size_t close = sql.find(end, i + 1);
      close = close == std::string_view::npos ? sql.size() : close + end.size();
      out.append(sql.substr(i, close - i));
      i = close;
    };
    if (c == '\'' || c == '"') {
      copy_until(std::string_view(&sql[i], 1));  // a doubled quote reads as close + reopen
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      copy_until("\n");
    } else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
      copy_until("*/");
    } else if (c == '?') {
      std::size_t digits_end = i + 1;
      while (digits_end < sql.size() && sql[digits_end] >= '0' && sql[digits_end] <= '9') {
        ++digits_end;
      }
      int number = highest + 1;
      if (digits_end > i + 1) {
        std::from_chars(sql.data() + i + 1, sql.data() + digits_end, number);
      }
      highest = std::max(highest, number);
      out += '$';
      out += std::to_string(number);
      i = digits_end;
    } else {
      out += c;
      ++i;
    }
  }
  return out;
}

Result<std::unique_ptr<PostgresConnection>> PostgresConnection::Open(const std::string& url) {
  std::vector<std::string> secrets = PostgresUrlPasswords(url);
  const std::string location = RedactPostgresUrl(url);
  if (std::string missing = LoadLibpq(); !missing.empty()) {
    return Error(ErrorCode::kIo,
                 "ledger " + location + ": cannot load the PostgreSQL client library: " + missing,
                 "install it: apt-get install libpq5");
  }

  char* parse_error = nullptr;
  PQconninfoOption* options = PQconninfoParse(url.c_str(), &parse_error);
  if (options == nullptr) {
    std::string message = parse_error != nullptr ? parse_error : "out of memory";
    PQfreemem(parse_error);
    return Error(ErrorCode::kInvalidInput, "ledger " + location + ": not a valid PostgreSQL URL: " +
                                               Scrub(TrimTrailingNewlines(message), secrets));
  }
  for (PQconninfoOption* option = options; option->keyword != nullptr; ++option) {
    if (std::strcmp(option->keyword, "password") == 0 && option->val != nullptr) {
      secrets.emplace_back(option->val);
    }
  }
  PQconninfoFree(options);

  pg_conn* raw = PQconnectdb(url.c_str());
  if (raw == nullptr) return Error(ErrorCode::kIo, "ledger " + location + ": out of memory");
  std::unique_ptr<PostgresConnection> connection(
      new PostgresConnection(raw, location, std::move(secrets)));
  PQsetNoticeProcessor(raw, IgnoreNotice, nullptr);
  if (PQstatus(raw) != CONNECTION_OK) {
    return connection->Fail(ErrorCode::kIo,
                            "cannot connect: " + TrimTrailingNewlines(PQerrorMessage(raw)));
  }
  if (PQsetClientEncoding(raw, "UTF8") != 0) {
    return connection->Fail(ErrorCode::kIo, "cannot set the client encoding to UTF8: " +
                                                TrimTrailingNewlines(PQerrorMessage(raw)));
  }
  return connection;
}

PostgresConnection::~PostgresConnection() { PQfinish(conn_); }

Status PostgresConnection::Exec(const char* sql, std::string_view doing) {
  ResultHandle result(PQexec(conn_, sql));
  const ExecStatusType status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
  if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK) return Ok();
  const char* sqlstate = result ? PQresultErrorField(result.get(), PG_DIAG_SQLSTATE) : nullptr;
  std::string message = result ? PQresultErrorMessage(result.get()) : "";
  if (message.empty()) message = PQerrorMessage(conn_);
  return FailedCommand(sqlstate, message, doing);
}

Result<Statement> PostgresConnection::Prepare(std::string_view sql) {
  std::string rewritten = RewritePlaceholders(sql);
  // The highest $N is the parameter count (SQLite's sqlite3_bind_parameter_count).
  int count = 0;
  for (std::size_t at = rewritten.find('$'); at != std::string::npos;
       at = rewritten.find('$', at + 1)) {
    int number = 0;
    auto [end, error] =
        std::from_chars(rewritten.data() + at + 1, rewritten.data() + rewritten.size(), number);
    if (error == std::errc() && end != rewritten.data() + at + 1) count = std::max(count, number);
  }
  return Statement(std::make_unique<PostgresStatement>(this, std::move(rewritten), count));
}

Error PostgresConnection::Fail(ErrorCode code, std::string_view message) const {
  return Error(code, "ledger " + location_ + ": " + Scrub(std::string(message), secrets_));
}

Error PostgresConnection::FailedCommand(const char* sqlstate, std::string_view server_message,
                                        std::string_view doing) {
  const std::string state = sqlstate != nullptr ? sqlstate : "";
  if (IsTransient(state)) transient_failure_ = true;
  std::string message(doing);
  message += ": ";
  message += TrimTrailingNewlines(std::string(server_message));
  if (message.substr(doing.size() + 2).starts_with("ERROR:  ")) {
    message.erase(doing.size() + 2, 8);
  }
  if (!state.empty()) message += " (SQLSTATE " + state + ")";
  if (state == "55P03") message += "; another writer held the ledger's write lock for over 10 s";
  return Fail(state.empty() ? ErrorCode::kIo : CodeFor(state), message);
}

Status PostgresConnection::BeginTransaction(Mode mode) {
  transient_failure_ = false;
  switch (mode) {
    case Mode::kRead:
      return Exec(kBeginRead, "cannot start a transaction");
    case Mode::kWrite:
      return Exec(kBeginWrite, "cannot start a transaction");
    case Mode::kWriteLockLater:
      return Exec(kBeginWriteLockLater, "cannot start a transaction");
  }
  return Fail(ErrorCode::kInternal, "unknown transaction mode");
}

Status PostgresConnection::TakeWriteLock() {
  return Exec(kTakeWriteLock, "cannot take the ledger's write lock");
}

Status PostgresConnection::CommitTransaction() {
  ResultHandle result(PQexec(conn_, "COMMIT"));
  const ExecStatusType status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK) {
    // COMMIT of a transaction that a failed statement aborted succeeds with the tag ROLLBACK.
    if (std::strcmp(PQcmdStatus(result.get()), "ROLLBACK") == 0) {
      return Fail(ErrorCode::kInternal,
                  "cannot commit: an earlier statement failed, the transaction was rolled back");
    }
    return Ok();
  }
  const char* sqlstate = result ? PQresultErrorField(result.get(), PG_DIAG_SQLSTATE) : nullptr;
  std::string message = result ? PQresultErrorMessage(result.get()) : "";
  if (message.empty()) message = PQerrorMessage(conn_);
  return FailedCommand(sqlstate, message, "cannot commit");
}

Status PostgresConnection::RollbackTransaction() { return Exec("ROLLBACK", "cannot roll back"); }

}  // namespace frlic::sql
