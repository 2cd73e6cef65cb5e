// The activation secret as products hold it: one per issuer signing key, derived from it
// (DeriveActivationSecret), exported once by the issuer (frlic keys export-activation-secret)
// and embedded in the product, which checks codes offline with it.
#pragma once

#include <string>

#include "frlic/core/files.h"
#include "frlic/core/secret_bytes.h"
#include "frlic/core/status.h"
#include "frlic/keys/keyring.h"

namespace frlic {

struct ActivationSecret {
  std::string key_id;  // the signing key it derives from (licences name it)
  SecretBytes secret;  // 32 bytes
};

// Unlocks signing key `key_id` (empty: the active one) and derives its activation secret (from
// Signer::ActivationSeed: a token key's from the token's deterministic signature).
Result<ActivationSecret> UnlockActivationSecret(const Keyring& keyring, const KeyUnlock& unlock,
                                                const std::string& key_id = {});
inline Result<ActivationSecret> UnlockActivationSecret(const Keyring& keyring,
                                                       const SecretBytes& passphrase,
                                                       const std::string& key_id = {}) {
  return UnlockActivationSecret(keyring, KeyUnlock::FromPassphrase(passphrase), key_id);
}

// The file: one line, "frlic-activation-secret-v1 <key id> <base64 of the 32 bytes>\n", mode
// 0600 (looser modes are refused when read, as for private keys).
Status WriteActivationSecretFile(const std::string& path, const ActivationSecret& secret,
                                 Overwrite overwrite);
Result<ActivationSecret> ReadActivationSecretFile(const std::string& path);

}  // namespace frlic
