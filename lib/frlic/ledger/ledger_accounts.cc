// Public cloud accounts in the SQLite ledger (schema version 2): reading them, creating one
// for a licence record, and changing its status; each change appends an "account-*" event to
// the history of the account's record.
#include <string>

#include "frlic/core/time.h"
#include "frlic/ledger/ledger_chain.h"
#include "internal/sql_txn.h"
#include "internal/sqlite_rows.h"

namespace frlic::ledger_internal {
namespace {

using sql::Statement;

// The company named in the terms of the account's record ("" if they name none).
Result<std::string> CompanyFromTerms(const sql::Connection& db, const Account& account,
                                     const std::string& terms_json) {
  const std::string where = "record " + account.serial + " (of account " + account.name + ")";
  FRLIC_ASSIGN_OR_RETURN(Json terms, ParseJsonObjectColumn(db, where, "terms_json", terms_json));
  auto company = terms.find("company");
  if (company == terms.end() || !company->is_string()) return std::string();
  return company->get<std::string>();
}

}  // namespace

// Values the schema or frlic would not have written mean the file was edited by hand.
Result<Account> AccountFromRow(const sql::Connection& db, const Statement& row,
                               StoredValues check) {
  Account account;
  account.name = row.Text(0);
  account.serial = row.Text(1);
  account.order_id = row.Text(2);
  account.capacity = row.Int(4);
  auto expires = ParseDate(row.Text(5));
  auto status = ParseAccountStatus(row.Text(6));
  if (!expires || !status) {
    return db.Fail(ErrorCode::kLedgerCorrupt,
                   Printable("account " + account.name + " has " +
                             (expires ? "an unknown status '" + row.Text(6)
                                      : "a bad expiry date '" + row.Text(5)) +
                             "'"));
  }
  account.expires = *expires;
  account.status = *status;
  account.created_at = row.Int(7);
  account.updated_at = row.Int(8);
  account.password_hash = row.Text(9);
  if (check == StoredValues::kChecked) {
    const std::string where = "account " + account.name;
    for (const auto& [field, text] : {std::pair{"name", &account.name},
                                      {"serial", &account.serial},
                                      {"order_id", &account.order_id},
                                      {"password_hash", &account.password_hash}}) {
      FRLIC_RETURN_IF_ERROR(CheckTextColumn(db, where, field, *text));
    }
    FRLIC_ASSIGN_OR_RETURN(account.company, CompanyFromTerms(db, account, row.Text(3)));
  }
  return account;
}

Result<std::optional<Account>> FindAccountByName(sql::Connection& db, const std::string& name) {
  FRLIC_ASSIGN_OR_RETURN(Statement query,
                         db.Prepare(std::string(kAccountSelect) + "WHERE a.name = ?1"));
  query.Bind(1, name);
  FRLIC_ASSIGN_OR_RETURN(bool row, query.Step());
  if (!row) return std::optional<Account>();
  FRLIC_ASSIGN_OR_RETURN(Account account, AccountFromRow(db, query));
  return std::optional<Account>(std::move(account));
}

Result<std::vector<Account>> QueryAccounts(sql::Connection& db) {
  FRLIC_ASSIGN_OR_RETURN(Statement query,
                         db.Prepare(std::string(kAccountSelect) + "ORDER BY a.name"));
  std::vector<Account> accounts;
  for (;;) {
    FRLIC_ASSIGN_OR_RETURN(bool row, query.Step());
    if (!row) return accounts;
    FRLIC_ASSIGN_OR_RETURN(Account account, AccountFromRow(db, query));
    accounts.push_back(std::move(account));
  }
}

Status SqlTxn::CreateAccount(const Account& account) {
  if (!IsValidAccountName(account.name)) {
    return db_.Fail(ErrorCode::kInvalidInput,
                    "account name '" + account.name +
                        "' is not 3-32 of a-z 0-9 . _ - starting with a letter or digit");
  }
  if (!account.password_hash.starts_with("$argon2id$")) {
    return db_.Fail(ErrorCode::kInvalidInput, "the password hash of account " + account.name +
                                                  " is not an Argon2id PHC string");
  }
  if (account.capacity < 1) {
    return db_.Fail(ErrorCode::kInvalidInput,
                    "account " + account.name + " needs a capacity of at least 1");
  }
  FRLIC_ASSIGN_OR_RETURN(auto record, FindRecordBySerial(db_, account.serial));
  if (!record) {
    return db_.Fail(ErrorCode::kNotFound, "account " + account.name + " names serial " +
                                              account.serial + ", which is not recorded");
  }
  FRLIC_ASSIGN_OR_RETURN(auto taken, FindAccountByName(db_, account.name));
  if (taken) {
    return db_.Fail(ErrorCode::kConflict, "account name " + account.name +
                                              " is already taken (serial " + taken->serial +
                                              ", order " + taken->order_id + ", created " +
                                              FormatInstant(taken->created_at) + ")");
  }
  FRLIC_ASSIGN_OR_RETURN(Statement held,
                         db_.Prepare("SELECT name FROM accounts WHERE serial = ?1"));
  held.Bind(1, account.serial);
  FRLIC_ASSIGN_OR_RETURN(bool has_account, held.Step());
  if (has_account) {
    return db_.Fail(ErrorCode::kConflict,
                    "serial " + account.serial + " already has account " + held.Text(0));
  }
  FRLIC_ASSIGN_OR_RETURN(
      Statement insert,
      db_.Prepare("INSERT INTO accounts (name, serial, password_hash, status, capacity, "
                  "expires, created_at, updated_at) VALUES (?1, ?2, ?3, 'active', ?4, ?5, ?6, "
                  "?6)"));
  insert.Bind(1, account.name)
      .Bind(2, account.serial)
      .Bind(3, account.password_hash)
      .Bind(4, account.capacity)
      .Bind(5, FormatDate(account.expires))
      .Bind(6, std::int64_t{account.created_at});
  FRLIC_RETURN_IF_ERROR(insert.Run());
  Json detail = AccountCreateDetail(account);
  detail["status"] = LicenceStatusName(record->status);
  return AppendEvent(account.serial, kAccountCreateAction, detail);
}

Result<std::optional<Account>> SqlTxn::FindAccount(const std::string& name) {
  return FindAccountByName(db_, name);
}

Status SqlTxn::SetAccountStatus(const std::string& name, AccountStatus from, AccountStatus to,
                                const std::string& action, const std::string& detail_json) {
  if (!IsAccountAction(action) || action == kAccountCreateAction ||
      action.size() == kAccountActionPrefix.size()) {
    return db_.Fail(ErrorCode::kInvalidInput,
                    "action '" + action + "' cannot name an account status change");
  }
  FRLIC_ASSIGN_OR_RETURN(Json detail, ParseDetail(detail_json));
  for (const char* key : {"account", "account_status"}) {
    if (detail.contains(key)) {
      return db_.Fail(ErrorCode::kInvalidInput, std::string("an event detail must not set \"") +
                                                    key + "\"; the ledger records it");
    }
  }
  FRLIC_ASSIGN_OR_RETURN(auto account, FindAccountByName(db_, name));
  if (!account) return db_.Fail(ErrorCode::kNotFound, "no account " + name);
  if (account->status != from) {
    return db_.Fail(ErrorCode::kConflict, "account " + name + " is " +
                                              AccountStatusName(account->status) + ", not " +
                                              AccountStatusName(from));
  }
  FRLIC_ASSIGN_OR_RETURN(auto record, FindRecordBySerial(db_, account->serial));
  if (!record) {
    return db_.Fail(ErrorCode::kLedgerCorrupt,
                    "account " + name + " names serial " + account->serial + ", not recorded");
  }
  FRLIC_ASSIGN_OR_RETURN(
      Statement update,
      db_.Prepare("UPDATE accounts SET status = ?1, updated_at = ?2 WHERE name = ?3"));
  update.Bind(1, std::string_view(AccountStatusName(to)))
      .Bind(2, std::int64_t{clock_.Now()})
      .Bind(3, name);
  FRLIC_RETURN_IF_ERROR(update.Run());
  detail["account"] = name;
  detail["account_status"] = AccountStatusName(to);
  detail["status"] = LicenceStatusName(record->status);
  return AppendEvent(account->serial, action, detail);
}

}  // namespace frlic::ledger_internal
