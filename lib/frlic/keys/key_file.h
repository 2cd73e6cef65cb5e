// A private key encrypted at rest (docs/formats.md, "Secret key file"): the key's 32 secret
// bytes sealed with XChaCha20-Poly1305 under a key stretched from the passphrase by Argon2id.
#pragma once

#include <string>

#include "frlic/core/bytes.h"
#include "frlic/core/clock.h"
#include "frlic/core/secret_bytes.h"
#include "frlic/core/status.h"
#include "frlic/keys/key_id.h"

namespace frlic {

// How expensive the passphrase stretching is. Stored in the file, so each file opens with
// the cost it was written with.
struct KdfCost {
  std::uint64_t opslimit;
  std::uint64_t memlimit;        // bytes
  static KdfCost Interactive();  // libsodium's INTERACTIVE: 2 passes, 64 MiB (the default)
  static KdfCost Moderate();     // libsodium's MODERATE: 3 passes, 256 MiB
  static KdfCost Minimal();      // 1 pass, 8 MiB: for public-passphrase or throwaway keyrings
};

// Serialises an encrypted key file for `secret` (32 bytes) of the key with `key_id`.
Result<std::string> EncryptKeyFile(KeyAlgorithm algorithm, const std::string& key_id,
                                   const SecretBytes& secret, const SecretBytes& passphrase,
                                   const KdfCost& cost, Random& random);

struct DecryptedKey {
  KeyAlgorithm algorithm;
  std::string key_id;
  SecretBytes secret;
};

// Parses and decrypts. kMalformed for a damaged file, kWrongPassphrase when the
// authentication tag does not verify (wrong passphrase, or a modified file).
Result<DecryptedKey> DecryptKeyFile(const SecretBytes& file_bytes, const std::string& file,
                                    const SecretBytes& passphrase);

}  // namespace frlic
