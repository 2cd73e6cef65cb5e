#include "frlic/customer/public_cloud_server.h"

#include <sqlite3.h>

#include <optional>

#include "frlic/core/files.h"
#include "frlic/core/time.h"
#include "frlic/sql/postgres_url.h"

namespace frlic {
namespace {

// Owns a read-only connection.
struct ReadOnlyDb {
  sqlite3* db = nullptr;
  sqlite3_stmt* statement = nullptr;
  ~ReadOnlyDb() {
    sqlite3_finalize(statement);
    sqlite3_close(db);
  }
};

std::string Column(sqlite3_stmt* statement, int index) {
  const unsigned char* text = sqlite3_column_text(statement, index);
  return text == nullptr ? std::string() : reinterpret_cast<const char*>(text);
}

// "file:PATH?immutable=1", with the characters a URI path gives a meaning to escaped.
std::string ImmutableUri(const std::string& path) {
  std::string uri = "file:";
  for (const char c : path) {
    if (c == '%' || c == '?' || c == '#') {
      static constexpr char kHex[] = "0123456789ABCDEF";
      uri += '%';
      uri += kHex[(static_cast<unsigned char>(c) >> 4) & 0xF];
      uri += kHex[static_cast<unsigned char>(c) & 0xF];
    } else {
      uri += c;
    }
  }
  return uri + "?immutable=1";
}

}  // namespace

Result<std::optional<CloudAccount>> ReadCloudAccount(const std::string& ledger_path,
                                                     const std::string& name) {
  // Checked first: SQLite would not create the file read-only, but the message should say
  // which file is missing.
  // The simulated public cloud reads an SQLite ledger's file directly; a URL is never taken
  // for a path (the message would show its password).
  if (sql::IsPostgresUrl(ledger_path)) {
    return Error(ErrorCode::kInvalidInput,
                 "--ledger " + sql::RedactPostgresUrl(ledger_path) +
                     ": the simulated public cloud reads an SQLite ledger file only",
                 "copy the PostgreSQL ledger to a file first: frlic ledger migrate --to FILE");
  }
  FRLIC_RETURN_IF_ERROR(RequireRegularFile(ledger_path, "--ledger"));
  ReadOnlyDb handle;
  auto failed = [&](const std::string& what) {
    return Error(ErrorCode::kIo, "ledger " + ledger_path + ": " + what + ": " +
                                     (handle.db ? sqlite3_errmsg(handle.db) : "out of memory"));
  };
  // A read-only connection to a WAL ledger would still create its -wal and -shm files. With no
  // -wal beside it the main file holds every committed change, so it is opened immutable (no
  // side files), under the issuer's ledger lock when there is one so that no frlic writes
  // meanwhile. With a -wal (a writer is running, or crashed) those files are the writer's.
  std::optional<FileLock> lock;
  std::string uri;
  if (!PathExists(ledger_path + "-wal")) {
    if (PathExists(ledger_path + ".lock")) {
      auto acquired = FileLock::Acquire(ledger_path + ".lock", 10);
      if (!acquired.ok()) return std::move(acquired).error();
      lock.emplace(std::move(acquired).value());
    }
    uri = ImmutableUri(ledger_path);
  }
  const int opened =
      uri.empty() ? sqlite3_open_v2(ledger_path.c_str(), &handle.db, SQLITE_OPEN_READONLY, nullptr)
                  : sqlite3_open_v2(uri.c_str(), &handle.db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI,
                                    nullptr);
  if (opened != SQLITE_OK) return failed("cannot open read-only");
  sqlite3_busy_timeout(handle.db, 10000);
  // The schema first: a newer ledger is refused rather than misread, and a file that is not a
  // ledger is named as such.
  if (sqlite3_prepare_v2(handle.db, "PRAGMA user_version", -1, &handle.statement, nullptr) !=
          SQLITE_OK ||
      sqlite3_step(handle.statement) != SQLITE_ROW) {
    return failed("cannot read the schema version (is it a frlic ledger?)");
  }
  const std::int64_t version = sqlite3_column_int64(handle.statement, 0);
  sqlite3_finalize(handle.statement);
  handle.statement = nullptr;
  if (version < kCloudLedgerSchemaMin || version > kCloudLedgerSchemaMax) {
    return Error(ErrorCode::kLedgerCorrupt,
                 "ledger " + ledger_path + ": schema version " + std::to_string(version) +
                     (version == 0 ? " (not a frlic ledger)" : "") + " is not one of " +
                     std::to_string(kCloudLedgerSchemaMin) + " to " +
                     std::to_string(kCloudLedgerSchemaMax) + ", whose accounts this server reads",
                 version > kCloudLedgerSchemaMax
                     ? "a newer frlic wrote it: use the frlic-sim of that release"
                     : "give the ledger that frlic issue recorded the account in");
  }
  constexpr const char* kQuery =
      "SELECT a.password_hash, a.status, a.capacity, a.expires, a.serial, l.status "
      "FROM accounts a JOIN licences l ON l.serial = a.serial WHERE a.name = ?1";
  if (sqlite3_prepare_v2(handle.db, kQuery, -1, &handle.statement, nullptr) != SQLITE_OK) {
    return failed("cannot read the accounts (is it a frlic ledger of schema version 2 or later?)");
  }
  sqlite3_bind_text(handle.statement, 1, name.c_str(), static_cast<int>(name.size()),
                    SQLITE_TRANSIENT);
  const int step = sqlite3_step(handle.statement);
  if (step == SQLITE_DONE) return std::optional<CloudAccount>();
  if (step != SQLITE_ROW) return failed("cannot read account " + name);
  CloudAccount account;
  account.name = name;
  account.password_hash = Column(handle.statement, 0);
  auto status = ParseAccountStatus(Column(handle.statement, 1));
  account.capacity = sqlite3_column_int64(handle.statement, 2);
  auto expires = ParseDate(Column(handle.statement, 3));
  account.serial = Column(handle.statement, 4);
  account.licence_status = Column(handle.statement, 5);
  if (!status || !expires || account.capacity < 1) {
    return Error(ErrorCode::kLedgerCorrupt,
                 "ledger " + ledger_path + ": account " + name +
                     " has an unreadable status, capacity or expiry",
                 "frlic ledger verify checks the ledger");
  }
  account.status = *status;
  account.expires = *expires;
  return std::optional<CloudAccount>(std::move(account));
}

ServerVerdict AnswerCloudRequest(const std::optional<CloudAccount>& account,
                                 const std::string& name, const SecretBytes& password,
                                 const std::string& machine_id, CloudAction action,
                                 RegistrationState& state, UnixSeconds now) {
  // An unknown name is indistinguishable from a wrong password.
  if (!account || !VerifyPassword(account->password_hash, password)) {
    return {ServerCode::kAccountInputError,
            "the account name or password is wrong (account " + name + ")"};
  }
  if (action == CloudAction::kUnbind) {
    // Decided: the password suffices (see the header).
    if (!state.Unbind(name, machine_id, now)) {
      return {ServerCode::kDoNotNeedDeactivate,
              "machine " + machine_id + " is not bound to account " + name};
    }
    return {ServerCode::kOk, {}};
  }
  const AccountJudgement judgement =
      JudgeAccountRegistration(*account, true, state.CountWith(name, machine_id, now), now);
  if (judgement.answer != AccountAnswer::kOk) {
    std::string detail = judgement.reason;
    if (judgement.answer == AccountAnswer::kOverCapacity) {
      detail += "; unbind one, or wait 24 h after the old server stopped";
    }
    return {AccountAnswerCode(judgement.answer), std::move(detail)};
  }
  state.Register(name, machine_id, now);
  return {ServerCode::kOk, {}};
}

}  // namespace frlic
