#include "frlic/account/account.h"
#include "frlic/core/sodium.h"

#include <sodium.h>

#include <algorithm>
#include <cstdlib>

namespace frlic {
namespace {

constexpr std::string_view kNameAlphabet = "abcdefghijklmnopqrstuvwxyz234567";  // 32 symbols
constexpr std::string_view kNamePrefix = "fr-";
constexpr std::size_t kNameRandomChars = 10;

constexpr std::string_view kPhcPrefix = "$argon2id$v=19$";

bool IsLower(std::uint8_t c) { return c >= 'a' && c <= 'z'; }
bool IsUpper(std::uint8_t c) { return c >= 'A' && c <= 'Z'; }
bool IsDigit(std::uint8_t c) { return c >= '0' && c <= '9'; }

// One draw of kPasswordLength symbols, rejection-sampled from `random` so each symbol is
// uniform: a byte b < 228 (= 4 * 57) gives kPasswordAlphabet[b % 57]; larger bytes are skipped.
void DrawPassword(Random& random, SecretBytes& password) {
  constexpr unsigned kLimit = 256 - 256 % kPasswordAlphabet.size();
  SecretBytes pool(64);
  std::size_t used = pool.size();
  for (std::size_t i = 0; i < password.size();) {
    if (used == pool.size()) {
      random.Fill(pool.reveal_mutable());
      used = 0;
    }
    const unsigned byte = pool.reveal()[used++];
    if (byte >= kLimit) continue;
    password.reveal_mutable()[i++] =
        static_cast<std::uint8_t>(kPasswordAlphabet[byte % kPasswordAlphabet.size()]);
  }
}

bool HasEveryClass(const SecretBytes& password) {
  auto bytes = password.reveal();
  return std::any_of(bytes.begin(), bytes.end(), IsLower) &&
         std::any_of(bytes.begin(), bytes.end(), IsUpper) &&
         std::any_of(bytes.begin(), bytes.end(), IsDigit);
}

std::string Base64NoPadding(ByteView bytes) {
  const std::size_t size =
      sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL_NO_PADDING);
  std::string out(size, '\0');
  sodium_bin2base64(out.data(), out.size(), bytes.data(), bytes.size(),
                    sodium_base64_VARIANT_ORIGINAL_NO_PADDING);
  out.resize(size - 1);  // the terminating NUL
  return out;
}

}  // namespace

const char* AccountStatusName(AccountStatus status) {
  switch (status) {
    case AccountStatus::kActive:
      return "active";
    case AccountStatus::kDisabled:
      return "disabled";
  }
  return "unknown";
}

std::optional<AccountStatus> ParseAccountStatus(std::string_view name) {
  for (AccountStatus status : {AccountStatus::kActive, AccountStatus::kDisabled}) {
    if (name == AccountStatusName(status)) return status;
  }
  return std::nullopt;
}

bool IsValidAccountName(std::string_view name) {
  if (name.size() < 3 || name.size() > 32) return false;
  auto lower_or_digit = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (!lower_or_digit(name.front())) return false;
  return std::all_of(name.begin() + 1, name.end(),
                     [&](char c) { return lower_or_digit(c) || c == '.' || c == '_' || c == '-'; });
}

Json AccountToJson(const Account& account) {
  return Json{{"name", account.name},
              {"serial", account.serial},
              {"order_id", account.order_id},
              {"company", account.company},
              {"capacity", account.capacity},
              {"expires", FormatDate(account.expires)},
              {"status", AccountStatusName(account.status)},
              {"created_at", FormatInstant(account.created_at)}};
}

std::string GenerateAccountName(Random& random) {
  Bytes bits(kNameRandomChars);
  random.Fill(bits);
  std::string name(kNamePrefix);
  // 256 is a multiple of 32: the low five bits of each byte are uniform.
  for (std::uint8_t byte : bits) name += kNameAlphabet[byte % kNameAlphabet.size()];
  return name;
}

Result<SecretBytes> GeneratePassword(Random& random) {
  SecretBytes password(kPasswordLength);
  // A draw lacks a class with probability about 0.06; 100 failures in a row mean the random
  // source is broken (a stuck stream would otherwise loop for ever).
  for (int draw = 0; draw < 100; ++draw) {
    DrawPassword(random, password);
    if (HasEveryClass(password)) return password;
  }
  return Error(ErrorCode::kInternal,
               "100 passwords in a row lacked a letter or digit class; the random source is "
               "broken");
}

PasswordHashCost PasswordHashCost::Interactive() {
  return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE};
}

Result<std::string> HashPassword(const SecretBytes& password, Random& random) {
  Bytes salt(kPasswordSaltBytes);
  random.Fill(salt);
  return HashPasswordWithSalt(password, salt, PasswordHashCost::Interactive());
}

Result<std::string> HashPasswordWithSalt(const SecretBytes& password, ByteView salt,
                                         const PasswordHashCost& cost) {
  static_assert(kPasswordSaltBytes == crypto_pwhash_SALTBYTES);
  RequireSodium();
  if (password.empty()) return Error(ErrorCode::kInvalidInput, "the password is empty");
  if (salt.size() != kPasswordSaltBytes) {
    return Error(ErrorCode::kInvalidInput, "a password salt is " +
                                               std::to_string(kPasswordSaltBytes) + " bytes, not " +
                                               std::to_string(salt.size()));
  }
  if (cost.memlimit % 1024 != 0 || cost.opslimit < crypto_pwhash_OPSLIMIT_MIN ||
      cost.opslimit > crypto_pwhash_OPSLIMIT_MAX || cost.memlimit < crypto_pwhash_MEMLIMIT_MIN ||
      cost.memlimit > crypto_pwhash_MEMLIMIT_MAX) {
    return Error(ErrorCode::kInvalidInput,
                 "Argon2id cost out of range (t=" + std::to_string(cost.opslimit) +
                     ", memlimit=" + std::to_string(cost.memlimit) + ")");
  }
  Bytes hash(kPasswordHashBytes);
  if (crypto_pwhash(hash.data(), hash.size(),
                    reinterpret_cast<const char*>(password.reveal().data()), password.size(),
                    salt.data(), cost.opslimit, cost.memlimit, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Error(ErrorCode::kInternal, "Argon2id ran out of memory");
  }
  // Appended piece by piece: GCC 12 reports a false -Warray-bounds on a long operator+ chain.
  std::string phc(kPhcPrefix);
  phc += "m=" + std::to_string(cost.memlimit / 1024);
  phc += ",t=" + std::to_string(cost.opslimit);
  phc += ",p=1$" + Base64NoPadding(salt);
  phc += "$" + Base64NoPadding(hash);
  return phc;
}

bool VerifyPassword(std::string_view phc, const SecretBytes& password) {
  RequireSodium();
  // Only what HashPassword writes: libsodium would also accept Argon2i strings.
  // An empty password never matches (HashPassword refuses one; libsodium wants non-null).
  if (password.empty()) return false;
  if (!phc.starts_with(kPhcPrefix) || phc.size() >= crypto_pwhash_STRBYTES ||
      phc.find('\0') != std::string_view::npos) {
    return false;
  }
  const std::string terminated(phc);  // crypto_pwhash_str_verify reads a C string
  return crypto_pwhash_str_verify(terminated.c_str(),
                                  reinterpret_cast<const char*>(password.reveal().data()),
                                  password.size()) == 0;
}

}  // namespace frlic
