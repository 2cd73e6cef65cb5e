// Public cloud (docs/formats.md section 10): issuing an order creates an account (name,
// one-time password, capacity, expiry) in the ledger instead of writing a file; business staff
// mail the name and password to the customer. Also what support staff do with an account
// afterwards: show it, disable or enable it, check a password a customer says they use.
#pragma once

#include <optional>
#include <string>

#include "frlic/account/account.h"
#include "frlic/core/clock.h"
#include "frlic/core/secret_bytes.h"
#include "frlic/core/status.h"
#include "frlic/issue/issue.h"
#include "frlic/ledger/ledger.h"
#include "frlic/order/order.h"

namespace frlic {

// How many generated names are tried when one is already taken.
inline constexpr int kAccountNameAttempts = 8;

// Issues a public-cloud `order` as licence `serial` (Issue() calls it once the order is read):
// the account is the order's account.name, refused with kConflict if taken, or a generated
// name; the password is generated and only its Argon2id hash recorded. The keyring is loaded
// so the example-keys policy applies, but nothing is signed and no passphrase is asked for.
// The licence record (artifact_path "", artifact_sha256 = SHA-256 of AccountToJson, extra_json
// {"account": name}) and the account are recorded and completed in one ledger transaction.
// No artifact is written; request.out_dir is ignored. The result's `account` holds the
// password, which exists nowhere else but in request.password_file, when one is given
// (request.force: replacing an existing one).
Result<IssueResult> IssuePublicCloud(const IssueRequest& request, const Order& order,
                                     const std::string& serial, const Clock& clock, Random& random);

// IssuePublicCloud in a ledger already open under the issue lock, recovered (a batch).
Result<IssueResult> IssuePublicCloudIn(Ledger& ledger, const IssueRequest& request,
                                       const Order& order, const std::string& serial,
                                       const Clock& clock, Random& random);

// A re-run of a public-cloud order the ledger holds as `existing`: the same order content
// reports its account (never a password: none is stored); else kConflict. With
// request.password_file, a password that a killed run staged for it is put in place.
Result<IssueResult> PublicCloudAlreadyIssued(Ledger& ledger, const IssueRequest& request,
                                             const Order& order, const LedgerRecord& existing);

// A batch's password file for an order: "<dir>/<order_id>.password".
std::string PasswordFileInDirectory(const std::string& dir, const std::string& order_id);

// An account as support staff see it: never the password, never its hash.
struct AccountInfo {
  Account account;  // password_hash is empty
  LicenceStatus licence_status = LicenceStatus::kActive;
  bool expired = false;  // at the clock's now (docs/formats.md, "Expiry")
};

// kNotFound for an unknown name.
Result<AccountInfo> ShowAccount(const std::string& name, const std::string& ledger_path,
                                const Clock& clock);

// Disables (enabled = false: active -> disabled) or enables (disabled -> active) an account,
// recording the reason in the ledger's event log. kInvalidInput without a reason, kNotFound
// for an unknown name, kConflict when it is already in that state.
Result<AccountInfo> SetAccountEnabled(const std::string& name, bool enabled,
                                      const std::string& reason, const std::string& ledger_path,
                                      const Clock& clock);

// Why the public cloud server would refuse a registration with this account and password,
// first failing reason only, as the server reports it (docs/formats.md section 10).
enum class AccountRefusal {
  kWrongPassword,     // 30006 ACCOUNT_INPUT_ERROR
  kDisabled,          // 30002 ACCOUNT_STATUS_ERROR
  kLicenceNotActive,  // 30002 ACCOUNT_STATUS_ERROR (the licence was revoked, ...)
  kExpired,           // 30000 LICENSE_EXPIRED
};
const char* AccountRefusalName(AccountRefusal refusal);  // "wrong-password", ...
int AccountRefusalCode(AccountRefusal refusal);          // 30006, ...

struct PasswordVerdict {
  std::optional<AccountRefusal> refusal;  // empty: the password is right and the account usable
  bool password_matches = false;
  std::string message;
  AccountInfo info;
  bool valid() const { return !refusal.has_value(); }
};

// Read-only: checks `password` against the account's stored hash, then its status, its
// licence's status and its expiry. kNotFound for an unknown name.
Result<PasswordVerdict> CheckAccountPassword(const std::string& name, const SecretBytes& password,
                                             const std::string& ledger_path, const Clock& clock);

}  // namespace frlic
