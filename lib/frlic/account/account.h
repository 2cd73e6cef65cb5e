// Public cloud accounts (docs/formats.md section 10): the vendor creates an account (name,
// password, capacity) on its public cloud authorization server and mails the name and password to
// the customer. frlic generates the name (when the order names none) and the password, and keeps
// only the password's Argon2id hash (docs/formats.md, "Public cloud accounts"). Needs core;
// account_judgement.h also uses the licences' expiry rule.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "frlic/core/bytes.h"
#include "frlic/core/clock.h"
#include "frlic/core/secret_bytes.h"
#include "frlic/core/status.h"
#include "frlic/core/strict_json.h"
#include "frlic/core/time.h"

namespace frlic {

enum class AccountStatus { kActive, kDisabled };
const char* AccountStatusName(AccountStatus status);  // "active", "disabled"
std::optional<AccountStatus> ParseAccountStatus(std::string_view name);

struct Account {
  std::string name;           // [a-z0-9][a-z0-9._-]{2,31}, unique in the ledger
  std::string serial;         // the public-cloud licence record it was created with
  std::string order_id;       // of that record (read back from it)
  std::string company;        // terms.company of that record (read back from it)
  std::int64_t capacity = 1;  // number of projects that may register with it
  CivilDate expires;          // last valid day (inclusive, UTC)
  AccountStatus status = AccountStatus::kActive;
  UnixSeconds created_at = 0;
  UnixSeconds updated_at = 0;  // the last status change (created_at until then)
  std::string password_hash;   // PHC string, see HashPassword; never the password
};

// The order's rule for account names: [a-z0-9][a-z0-9._-]{2,31}.
bool IsValidAccountName(std::string_view name);

// The account as compact JSON with sorted keys, without the password or its hash:
// {"capacity","company","created_at","expires","name","order_id","serial","status"}.
// Its SHA-256 is the ledger record's artifact_sha256.
Json AccountToJson(const Account& account);

// "fr-" and 10 characters of [a-z2-7] (50 random bits): a valid account name.
std::string GenerateAccountName(Random& random);

// The password alphabet: letters and digits without the look-alikes 0 O 1 l I (57 symbols).
inline constexpr std::string_view kPasswordAlphabet =
    "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
inline constexpr std::size_t kPasswordLength = 20;  // 20 * log2(57) > 116 bits

// kPasswordLength characters drawn uniformly from kPasswordAlphabet (rejection sampling),
// redrawn until it holds a lower-case letter, an upper-case letter and a digit. The same
// random stream gives the same password. kInternal only if the random source is stuck.
Result<SecretBytes> GeneratePassword(Random& random);

// Argon2id parameters of the stored hash: libsodium's interactive limits (t=2, m=64 MiB).
struct PasswordHashCost {
  std::uint64_t opslimit = 0;
  std::size_t memlimit = 0;  // bytes; a multiple of 1024
  static PasswordHashCost Interactive();
};
inline constexpr std::size_t kPasswordSaltBytes = 16;
inline constexpr std::size_t kPasswordHashBytes = 32;

// The PHC string of Argon2id (version 0x13, one lane) over the password, with a
// kPasswordSaltBytes salt drawn from `random`:
//   $argon2id$v=19$m=<memlimit/1024>,t=<opslimit>,p=1$<salt>$<32-byte hash>
// with salt and hash in base64 without padding, the form libsodium's crypto_pwhash_str writes
// and crypto_pwhash_str_verify reads.
Result<std::string> HashPassword(const SecretBytes& password, Random& random);
// The same with a given salt and cost (vectors and tests).
Result<std::string> HashPasswordWithSalt(const SecretBytes& password, ByteView salt,
                                         const PasswordHashCost& cost);

// True if `phc` is an Argon2id PHC string (as HashPassword writes) of `password`
// (libsodium crypto_pwhash_str_verify, constant time in the hash comparison).
bool VerifyPassword(std::string_view phc, const SecretBytes& password);

}  // namespace frlic
