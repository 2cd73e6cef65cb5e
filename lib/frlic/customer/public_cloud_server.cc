#include "frlic/customer/public_cloud_server.h"

#include <sqlite3.h>

#include "frlic/core/files.h"
#include "frlic/core/time.h"

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

}  // namespace

Result<std::optional<CloudAccount>> ReadCloudAccount(const std::string& ledger_path,
                                                     const std::string& name) {
  // Checked first: SQLite would not create the file read-only, but the message should say
  // which file is missing.
  FRLIC_RETURN_IF_ERROR(RequireRegularFile(ledger_path, "--ledger"));
  ReadOnlyDb handle;
  auto failed = [&](const std::string& what) {
    return Error(ErrorCode::kIo, "ledger " + ledger_path + ": " + what + ": " +
                                     (handle.db ? sqlite3_errmsg(handle.db) : "out of memory"));
  };
  if (sqlite3_open_v2(ledger_path.c_str(), &handle.db, SQLITE_OPEN_READONLY, nullptr) !=
      SQLITE_OK) {
    return failed("cannot open read-only");
  }
  sqlite3_busy_timeout(handle.db, 10000);
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
  // The same checks, in the same order, as `frlic account check-password`; an unknown name
  // is indistinguishable from a wrong password.
  if (!account || !VerifyPassword(account->password_hash, password)) {
    return {ServerCode::kAccountInputError,
            "the account name or password is wrong (account " + name + ")"};
  }
  if (action == CloudAction::kUnbind) {
    if (!state.Unbind(name, machine_id, now)) {
      return {ServerCode::kDoNotNeedDeactivate,
              "machine " + machine_id + " is not bound to account " + name};
    }
    return {ServerCode::kOk, {}};
  }
  if (account->status != AccountStatus::kActive) {
    return {ServerCode::kAccountStatusError, "account " + name + " is disabled"};
  }
  if (account->licence_status != "active") {
    return {ServerCode::kAccountStatusError, "the licence " + account->serial + " of account " +
                                                 name + " is " + account->licence_status};
  }
  if (now >= StartOfDay(account->expires) + 86400) {
    return {ServerCode::kLicenseExpired, "account " + name + " was valid through " +
                                             FormatDate(account->expires) + " (UTC); now is " +
                                             FormatInstant(now)};
  }
  const std::int64_t count = state.CountWith(name, machine_id, now);
  if (count > account->capacity) {
    return {ServerCode::kRegisterOutOfLimit,
            "account " + name + " already has " + std::to_string(count - 1) +
                " live registrations, its capacity; unbind one, or wait 24 h after the old "
                "server stopped"};
  }
  state.Register(name, machine_id, now);
  return {ServerCode::kOk, {}};
}

}  // namespace frlic
