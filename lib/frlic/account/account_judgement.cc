#include "frlic/account/account_judgement.h"

#include "frlic/licence/container_licence.h"  // IsExpired: the one expiry rule

namespace frlic {

ServerCode AccountAnswerCode(AccountAnswer answer) {
  switch (answer) {
    case AccountAnswer::kOk:
      return ServerCode::kOk;
    case AccountAnswer::kWrongPassword:
      return ServerCode::kAccountInputError;
    case AccountAnswer::kDisabled:
    case AccountAnswer::kLicenceNotActive:
      return ServerCode::kAccountStatusError;
    case AccountAnswer::kExpired:
      return ServerCode::kLicenseExpired;
    case AccountAnswer::kOverCapacity:
      return ServerCode::kRegisterOutOfLimit;
  }
  return ServerCode::kAccountInputError;
}

AccountJudgement JudgeAccountRegistration(const AccountFacts& account,
                                          std::optional<bool> password_ok,
                                          std::optional<std::int64_t> registrations,
                                          UnixSeconds now) {
  if (password_ok && !*password_ok) {
    return {AccountAnswer::kWrongPassword,
            "the password is not the one account " + account.name + " was created with"};
  }
  if (account.status != AccountStatus::kActive) {
    return {AccountAnswer::kDisabled, "account " + account.name + " is disabled"};
  }
  if (account.licence_status != "active") {
    return {AccountAnswer::kLicenceNotActive, "the licence " + account.serial + " of account " +
                                                  account.name + " is " + account.licence_status};
  }
  if (IsExpired(account.expires, now)) {
    return {AccountAnswer::kExpired, "account " + account.name + " was valid through " +
                                         FormatDate(account.expires) + " (UTC); now is " +
                                         FormatInstant(now)};
  }
  if (registrations && *registrations > account.capacity) {
    return {AccountAnswer::kOverCapacity, std::to_string(*registrations) +
                                              " registrations, counting this one, exceed the " +
                                              "capacity of account " + account.name + " (" +
                                              std::to_string(account.capacity) + ")"};
  }
  return {};
}

}  // namespace frlic
