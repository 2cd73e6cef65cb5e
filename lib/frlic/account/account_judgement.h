// The public cloud server's answer to a product registering with an account (seed 002;
// docs/formats.md section 10.1), judged from the account's facts alone: the one place where the
// order 30006 -> 30002 -> 30000 -> 30007 is written. Used by the reference public cloud server
// (frlic-sim cloud), `frlic check --account` and `frlic account check-password`.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "frlic/account/account.h"
#include "frlic/core/clock.h"
#include "frlic/core/time.h"
#include "frlic/licence/registration_verdict.h"  // ServerCode

namespace frlic {

enum class AccountAnswer {
  kOk,                // 0
  kWrongPassword,     // 30006 ACCOUNT_INPUT_ERROR (also: no such account)
  kDisabled,          // 30002 ACCOUNT_STATUS_ERROR
  kLicenceNotActive,  // 30002 ACCOUNT_STATUS_ERROR (the account's licence was revoked, ...)
  kExpired,           // 30000 LICENSE_EXPIRED
  kOverCapacity,      // 30007 REGISTER_OUT_OF_LIMIT
};
ServerCode AccountAnswerCode(AccountAnswer answer);  // 0, 30006, 30002, 30002, 30000, 30007

// What the judgement needs of an account and its licence record.
struct AccountFacts {
  std::string name;
  std::string serial;  // the account's licence record
  AccountStatus status = AccountStatus::kActive;
  std::string licence_status = "active";  // the record's status name: "active", "revoked", ...
  std::int64_t capacity = 1;
  CivilDate expires;  // last valid day (inclusive, UTC)
};

struct AccountJudgement {
  AccountAnswer answer = AccountAnswer::kOk;
  std::string reason;  // empty for kOk
};

// The first failing of: the password (when known: nullopt means not checked) is wrong; the
// account is disabled; its licence record is not active; `now` is after the expiry day
// (IsExpired); `registrations`, the live registrations counting this one (when known), exceed
// the capacity.
AccountJudgement JudgeAccountRegistration(const AccountFacts& account,
                                          std::optional<bool> password_ok,
                                          std::optional<std::int64_t> registrations,
                                          UnixSeconds now);

}  // namespace frlic
