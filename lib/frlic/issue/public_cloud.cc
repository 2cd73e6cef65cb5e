#include "frlic/issue/public_cloud.h"

#include <filesystem>

#include "frlic/core/bytes.h"
#include "frlic/core/files.h"
#include "frlic/core/time.h"
#include "internal/password_file.h"
#include "internal/session.h"

namespace frlic {
namespace {

// The account's name: the one the order asks for (refused if taken), else a generated one that
// is free. Runs under the issue lock, so no other issue takes the name before it is recorded.
Result<std::string> ChooseAccountName(const IssueRequest& request, const Order& order,
                                      Ledger& ledger, Random& random) {
  const std::string& requested = order.terms().account_name;
  if (!requested.empty()) {
    FRLIC_ASSIGN_OR_RETURN(auto taken, ledger.FindAccount(requested));
    if (taken) {
      return Error(ErrorCode::kConflict,
                   request.order_path + ": account name " + requested +
                       " is already taken (serial " + taken->serial + ", order " + taken->order_id +
                       ", created " + FormatInstant(taken->created_at) + ")",
                   "ask the customer for another name, or leave account.name out and frlic "
                   "generates one");
    }
    return requested;
  }
  for (int attempt = 0; attempt < kAccountNameAttempts; ++attempt) {
    std::string name = GenerateAccountName(random);
    FRLIC_ASSIGN_OR_RETURN(auto taken, ledger.FindAccount(name));
    if (!taken) return name;
  }
  return Error(ErrorCode::kInternal, std::to_string(kAccountNameAttempts) +
                                         " generated account names in a row were taken; the "
                                         "random source is broken");
}

Result<std::unique_ptr<Ledger>> OpenLedger(const std::string& ledger_path, const Clock& clock) {
  return Ledger::Open(ledger_path, clock);
}

Result<AccountInfo> InfoOf(Ledger& ledger, const std::string& name, const Clock& clock) {
  FRLIC_ASSIGN_OR_RETURN(auto account, ledger.FindAccount(name));
  if (!account) {
    return Error(ErrorCode::kNotFound, "no public cloud account " + name + " in the ledger",
                 "check the spelling; frlic ledger list shows the public-cloud records");
  }
  FRLIC_ASSIGN_OR_RETURN(auto record, ledger.FindBySerial(account->serial));
  if (!record) {
    return Error(ErrorCode::kLedgerCorrupt, "account " + name + " names serial " + account->serial +
                                                ", which is not recorded");
  }
  AccountInfo info;
  info.account = std::move(*account);
  info.account.password_hash.clear();  // nothing downstream needs it; nothing may print it
  info.licence_status = record->status;
  info.expired = clock.Now() >= StartOfDay(info.account.expires) + 86400;
  return info;
}

}  // namespace

Result<IssueResult> PublicCloudAlreadyIssued(Ledger& ledger, const IssueRequest& request,
                                             const Order& order, const LedgerRecord& existing) {
  // A re-run of the same order (docs/cli.md, "Re-running a job") reports the account, never
  // its password: the ledger keeps only a hash of it.
  const bool same = existing.method == MethodName(Method::kPublicCloud) &&
                    existing.terms_json == TermsToJson(order.terms()).dump() &&
                    existing.notes == order.notes() &&
                    existing.requested_by == order.requested_by();
  if (!same) {
    return Error(ErrorCode::kConflict,
                 request.order_path + ": order " + order.order_id() + " was already issued as " +
                     existing.serial + " on " + FormatInstant(existing.issued_at) +
                     ", and this order differs from it",
                 "a re-run must not mint a second account; give a new order a new order_id, "
                 "or see: frlic ledger show " +
                     existing.serial);
  }
  const Json extra = Json::parse(existing.extra_json, nullptr, /*allow_exceptions=*/false);
  std::optional<Account> account;
  if (extra.is_object() && extra.contains("account") && extra["account"].is_string()) {
    FRLIC_ASSIGN_OR_RETURN(account, ledger.FindAccount(extra["account"].get<std::string>()));
  }
  if (!account || account->serial != existing.serial) {
    return Error(ErrorCode::kLedgerCorrupt,
                 "public cloud licence " + existing.serial + " has no account in the ledger");
  }
  IssueResult result{existing.serial,          "", existing.order_id, existing.method, "",
                     existing.artifact_sha256, "", existing.issued_at};
  result.already_issued = true;
  if (!request.password_file.empty()) {
    FRLIC_ASSIGN_OR_RETURN(bool settled, SettleStagedPassword(request.password_file, *account));
    if (settled) result.password_file = request.password_file;
  }
  result.account = IssuedAccount{account->name, account->capacity, account->expires,
                                 account->status, SecretBytes()};
  return result;
}

std::string PasswordFileInDirectory(const std::string& dir, const std::string& order_id) {
  return (std::filesystem::path(dir) / (order_id + ".password")).string();
}

Result<IssueResult> IssuePublicCloud(const IssueRequest& request, const Order& order,
                                     const std::string& serial, const Clock& clock,
                                     Random& random) {
  // Nothing is signed: the keyring is loaded only so that its policy applies (the example
  // keyring needs --allow-example-keys), and no passphrase is asked for.
  FRLIC_RETURN_IF_ERROR(LoadKeyring(request.keys_dir, request.allow_example_keys));
  // Under the issue lock on SQLite, as for every method (recovery, and the name check below;
  // on a shared ledger the account's unique name is the database's constraint).
  FRLIC_ASSIGN_OR_RETURN(auto opened, OpenLedgerForIssue(request, clock));
  FRLIC_RETURN_IF_ERROR(opened.first->RecoverPending());
  if (!request.password_file.empty()) {
    FRLIC_RETURN_IF_ERROR(
        RemoveStalePasswordStages(*opened.first, DirectoryOf(request.password_file)));
  }
  return IssuePublicCloudIn(*opened.first, request, order, serial, clock, random);
}

Result<IssueResult> IssuePublicCloudIn(Ledger& ledger, const IssueRequest& request,
                                       const Order& order, const std::string& serial,
                                       const Clock& clock, Random& random) {
  FRLIC_ASSIGN_OR_RETURN(auto existing, ledger.FindActiveByOrderId(order.order_id()));
  if (existing) return PublicCloudAlreadyIssued(ledger, request, order, *existing);
  FRLIC_ASSIGN_OR_RETURN(std::string name, ChooseAccountName(request, order, ledger, random));

  const Terms& terms = order.terms();
  const UnixSeconds now = clock.Now();
  FRLIC_ASSIGN_OR_RETURN(SecretBytes password, GeneratePassword(random));
  FRLIC_ASSIGN_OR_RETURN(std::string password_hash, HashPassword(password, random));
  // Verify before you write: the stored hash must accept the password that will be shown.
  if (!VerifyPassword(password_hash, password)) {
    return Error(ErrorCode::kInternal, "the password hash does not verify after hashing");
  }
  Account account;
  account.name = name;
  account.serial = serial;
  account.order_id = order.order_id();
  account.company = terms.company;
  account.capacity = terms.capacity;
  account.expires = terms.expires;
  account.status = AccountStatus::kActive;
  account.created_at = now;
  account.updated_at = now;
  account.password_hash = password_hash;

  LedgerRecord record;
  record.serial = serial;
  record.order_id = order.order_id();
  record.method = MethodName(Method::kPublicCloud);
  record.terms_json = TermsToJson(terms).dump();
  record.artifact_path = "";  // no file: the account is the artifact
  record.artifact_sha256 = Sha256Hex(AsBytes(AccountToJson(account).dump()));
  record.key_id = "";  // nothing is signed
  record.issued_at = now;
  record.extra_json = Json{{"account", name}}.dump();
  record.notes = order.notes();
  record.requested_by = order.requested_by();

  // The password's file, if it has one, is durable before the account exists: an account
  // whose password was lost in a kill would have to be disabled and issued again.
  std::optional<StagedFile> password_file;
  if (!request.password_file.empty()) {
    FRLIC_ASSIGN_OR_RETURN(StagedFile staged, StagePasswordFile(request.password_file, serial,
                                                                password, OverwriteOf(request)));
    password_file.emplace(std::move(staged));
    if (request.on_step) request.on_step("staged");
  }
  // No artifact, so nothing to pair with a pending record: the record, the account and the
  // completion commit together or not at all.
  Status recorded = ledger.Transaction([&](LedgerTxn& txn) -> Status {
    FRLIC_RETURN_IF_ERROR(txn.BeginIssue(record));
    FRLIC_RETURN_IF_ERROR(txn.CreateAccount(account));
    return txn.CompleteIssue(serial);
  });
  if (!recorded.ok()) {
    // A commit whose outcome is unknown (a connection lost while COMMIT was on its way) may
    // have landed: then the staged password is the account's only copy, for the re-run.
    if (password_file) {
      auto landed = ledger.FindBySerial(serial);
      if (!landed.ok() || landed->has_value()) password_file->LeaveForRecovery();
    }
    return std::move(recorded).error();
  }
  if (request.on_step) request.on_step("recorded");
  if (password_file) {
    if (Status placed = password_file->Commit(); !placed.ok()) {
      if (password_file->renamed()) {
        return Error(ErrorCode::kIo,
                     "account " + name + " was created (serial " + serial +
                         ") and its password is in " + request.password_file +
                         ", but that directory could not be synced: " + placed.error().message(),
                     "check the disk; the file may not survive a power loss");
      }
      password_file->LeaveForRecovery();
      return Error(ErrorCode::kIo,
                   "account " + name + " was created (serial " + serial +
                       ") but its password could not be put in " + request.password_file + ": " +
                       placed.error().message(),
                   "it is staged beside it: run the same order again, and frlic puts it in place");
    }
    if (request.on_step) request.on_step("renamed");
  }

  IssueResult result{
      record.serial, "", record.order_id, record.method, "", record.artifact_sha256, "", now};
  result.account = IssuedAccount{name, account.capacity, account.expires, AccountStatus::kActive,
                                 std::move(password)};
  result.password_file = request.password_file;
  return result;
}

const char* AccountRefusalName(AccountRefusal refusal) {
  switch (refusal) {
    case AccountRefusal::kWrongPassword:
      return "wrong-password";
    case AccountRefusal::kDisabled:
      return "disabled";
    case AccountRefusal::kLicenceNotActive:
      return "licence-not-active";
    case AccountRefusal::kExpired:
      return "expired";
  }
  return "unknown";
}

int AccountRefusalCode(AccountRefusal refusal) {
  switch (refusal) {
    case AccountRefusal::kWrongPassword:
      return 30006;
    case AccountRefusal::kDisabled:
    case AccountRefusal::kLicenceNotActive:
      return 30002;
    case AccountRefusal::kExpired:
      return 30000;
  }
  return 0;
}

Result<AccountInfo> ShowAccount(const std::string& name, const std::string& ledger_path,
                                const Clock& clock) {
  FRLIC_ASSIGN_OR_RETURN(auto ledger, OpenLedger(ledger_path, clock));
  return InfoOf(*ledger, name, clock);
}

Result<AccountInfo> SetAccountEnabled(const std::string& name, bool enabled,
                                      const std::string& reason, const std::string& ledger_path,
                                      const Clock& clock) {
  if (reason.find_first_not_of(" \t") == std::string::npos) {
    return Error(ErrorCode::kInvalidInput,
                 std::string(enabled ? "enabling" : "disabling") + " an account needs a reason",
                 "pass --reason TEXT (what happened, and the ticket)");
  }
  FRLIC_ASSIGN_OR_RETURN(auto ledger, OpenLedger(ledger_path, clock));
  FRLIC_ASSIGN_OR_RETURN(AccountInfo before, InfoOf(*ledger, name, clock));
  const AccountStatus from = enabled ? AccountStatus::kDisabled : AccountStatus::kActive;
  const AccountStatus to = enabled ? AccountStatus::kActive : AccountStatus::kDisabled;
  if (before.account.status == to) {
    return Error(ErrorCode::kConflict, "account " + name + " is already " + AccountStatusName(to),
                 "see: frlic account show " + name);
  }
  // Compare-and-set: of two racing callers exactly one changes it.
  FRLIC_RETURN_IF_ERROR(ledger->SetAccountStatus(name, from, to,
                                                 enabled ? "account-enable" : "account-disable",
                                                 Json{{"reason", reason}}.dump()));
  return InfoOf(*ledger, name, clock);
}

Result<PasswordVerdict> CheckAccountPassword(const std::string& name, const SecretBytes& password,
                                             const std::string& ledger_path, const Clock& clock) {
  FRLIC_ASSIGN_OR_RETURN(auto ledger, OpenLedger(ledger_path, clock));
  FRLIC_ASSIGN_OR_RETURN(auto account, ledger->FindAccount(name));
  const bool matches = account && VerifyPassword(account->password_hash, password);
  FRLIC_ASSIGN_OR_RETURN(AccountInfo info, InfoOf(*ledger, name, clock));
  PasswordVerdict verdict;
  verdict.password_matches = matches;
  verdict.info = std::move(info);
  const AccountInfo& i = verdict.info;
  if (!matches) {
    verdict.refusal = AccountRefusal::kWrongPassword;
    verdict.message = "the password is not the one account " + name + " was created with";
  } else if (i.account.status != AccountStatus::kActive) {
    verdict.refusal = AccountRefusal::kDisabled;
    verdict.message = "the password is right, but account " + name + " is disabled";
  } else if (i.licence_status != LicenceStatus::kActive) {
    verdict.refusal = AccountRefusal::kLicenceNotActive;
    verdict.message = "the password is right, but the account's licence " + i.account.serial +
                      " is " + LicenceStatusName(i.licence_status);
  } else if (i.expired) {
    verdict.refusal = AccountRefusal::kExpired;
    verdict.message = "the password is right, but account " + name + " expired after " +
                      FormatDate(i.account.expires);
  } else {
    verdict.message = "the password is right and account " + name + " is active until " +
                      FormatDate(i.account.expires);
  }
  return verdict;
}

}  // namespace frlic
