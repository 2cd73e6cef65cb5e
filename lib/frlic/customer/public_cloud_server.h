// The reference public cloud authorization server (seed 002; docs/formats.md section 10.1):
// a product registers with an account name and password and its machine id; the server
// judges the account with JudgeAccountRegistration, as `frlic account check-password` and
// `frlic check --account` do (30006, 30002, 30000), counting its live registrations against
// the capacity (30007). An unbind needs the right password only (a disabled or expired account
// may still free a slot: it gains nothing by it); a machine that is not bound is 20000. Accounts
// are read from the issuer's ledger, read-only: this code opens the SQLite file with
// SQLITE_OPEN_READONLY and never creates or changes it.
#pragma once

#include <optional>
#include <string>

#include "frlic/account/account.h"
#include "frlic/account/account_judgement.h"
#include "frlic/core/clock.h"
#include "frlic/core/secret_bytes.h"
#include "frlic/core/status.h"
#include "frlic/customer/registrations.h"
#include "frlic/customer/server_request.h"  // ServerCode, ServerVerdict

namespace frlic {

// What the server needs of an account and its licence record: the facts the verdict is
// judged from (JudgeAccountRegistration), and the password's hash.
struct CloudAccount : AccountFacts {
  std::string password_hash;  // PHC string
};

// The newest ledger schema (PRAGMA user_version) whose accounts this code reads; accounts
// appear in version 2. The ledger's own Ledger::kSchemaVersion (a unit test keeps them equal).
inline constexpr std::int64_t kCloudLedgerSchemaMin = 2;
inline constexpr std::int64_t kCloudLedgerSchemaMax = 4;

// The account `name` from the ledger at `ledger_path`, or nullopt when there is none. kNotFound
// when the ledger file does not exist (it is never created); kLedgerCorrupt naming the column
// when a stored value does not read; kLedgerCorrupt when its schema version (PRAGMA
// user_version) is not kCloudLedgerSchemaMin..kCloudLedgerSchemaMax (0: not a frlic ledger; a
// newer one: written by a newer frlic, never misread); kIo when SQLite cannot read the file.
Result<std::optional<CloudAccount>> ReadCloudAccount(const std::string& ledger_path,
                                                     const std::string& name);

enum class CloudAction { kRegister, kUnbind };

// The server's answer for `machine_id` with `account` (nullopt: no such account, answered as a
// wrong name or password, 30006). Registers (or renews) or unbinds in `state`, table owner
// = the account's name, only when the answer is 0. `state` must have been woken at `now`.
ServerVerdict AnswerCloudRequest(const std::optional<CloudAccount>& account,
                                 const std::string& name, const SecretBytes& password,
                                 const std::string& machine_id, CloudAction action,
                                 RegistrationState& state, UnixSeconds now);

}  // namespace frlic
