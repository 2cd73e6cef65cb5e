#include "frlic/activation/activation_secret.h"

#include <sodium.h>

#include "frlic/activation/activation_code.h"
#include "frlic/keys/key_id.h"

namespace frlic {
namespace {

constexpr std::string_view kMagic = "frlic-activation-secret-v1 ";
constexpr std::size_t kSecretSize = 32;
constexpr std::size_t kKeyIdSize = 16;

}  // namespace

Result<ActivationSecret> UnlockActivationSecret(const Keyring& keyring, const KeyUnlock& unlock,
                                                const std::string& key_id) {
  FRLIC_ASSIGN_OR_RETURN(Signer signer, keyring.UnlockSigner(unlock, key_id));
  FRLIC_ASSIGN_OR_RETURN(SecretBytes seed, signer.ActivationSeed());
  return ActivationSecret{signer.key_id, DeriveActivationSecret(seed)};
}

Status WriteActivationSecretFile(const std::string& path, const ActivationSecret& secret,
                                 Overwrite overwrite) {
  const auto raw = secret.secret.reveal();
  const std::size_t encoded_size =
      sodium_base64_ENCODED_LEN(raw.size(), sodium_base64_VARIANT_ORIGINAL);
  SecretBytes line(kMagic.size() + secret.key_id.size() + 1 + encoded_size);
  auto out = line.reveal_mutable();
  std::size_t at = 0;
  for (char c : kMagic) out[at++] = static_cast<std::uint8_t>(c);
  for (char c : secret.key_id) out[at++] = static_cast<std::uint8_t>(c);
  out[at++] = ' ';
  sodium_bin2base64(reinterpret_cast<char*>(out.data() + at), encoded_size, raw.data(), raw.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  out[out.size() - 1] = '\n';  // replaces the encoder's terminating NUL
  return WriteFileAtomic(path, line.reveal(), {0600, overwrite});
}

Result<ActivationSecret> ReadActivationSecretFile(const std::string& path) {
  FRLIC_ASSIGN_OR_RETURN(SecretBytes file, ReadSecretFile(path, 4096));
  const auto bytes = file.reveal();
  const std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  auto malformed = [&] {
    return Error(ErrorCode::kMalformed, path + " is not an activation secret file",
                 "expected one line: frlic-activation-secret-v1 <key id> <base64>");
  };
  if (text.substr(0, kMagic.size()) != kMagic || text.size() < kMagic.size() + kKeyIdSize + 2 ||
      text.back() != '\n') {
    return malformed();
  }
  const std::string key_id(text.substr(kMagic.size(), kKeyIdSize));
  if (!IsWellFormedKeyId(key_id) || text[kMagic.size() + kKeyIdSize] != ' ') return malformed();
  const std::string_view encoded =
      text.substr(kMagic.size() + kKeyIdSize + 1, text.size() - kMagic.size() - kKeyIdSize - 2);
  SecretBytes secret(kSecretSize);
  std::size_t decoded = 0;
  const char* end = nullptr;
  if (sodium_base642bin(secret.reveal_mutable().data(), kSecretSize, encoded.data(), encoded.size(),
                        nullptr, &decoded, &end, sodium_base64_VARIANT_ORIGINAL) != 0 ||
      decoded != kSecretSize || end != encoded.data() + encoded.size()) {
    return malformed();
  }
  return ActivationSecret{key_id, std::move(secret)};
}

}  // namespace frlic
