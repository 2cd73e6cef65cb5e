// The issuer keyring: a directory with keyring.json (the manifest), each key's public half
// as PEM and its private half encrypted at rest (docs/formats.md, "Keyring").
// Verification needs only the public halves; signing unlocks the newest active signing key.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "frlic/core/clock.h"
#include "frlic/core/secret_bytes.h"
#include "frlic/core/status.h"
#include "frlic/keys/ed25519.h"
#include "frlic/keys/key_file.h"
#include "frlic/keys/x25519.h"

namespace frlic {

enum class KeyPurpose { kSigning, kRif };    // Ed25519 artifact signing; X25519 RIF sealing
enum class KeyStatus { kActive, kRetired };  // retired keys verify but never sign

struct KeyEntry {
  std::string key_id;
  KeyPurpose purpose;
  KeyAlgorithm algorithm;  // pinned per key: an artifact never chooses it
  UnixSeconds created = 0;
  KeyStatus status = KeyStatus::kActive;
  std::string public_file;   // relative to the keyring directory
  std::string private_file;  // relative to the keyring directory
  Bytes public_key;          // raw 32 bytes, read from public_file and checked against key_id
};

// An unlocked signing key, with the id every artifact must carry.
struct Signer {
  std::string key_id;
  Ed25519PrivateKey key;
};

struct RifKey {
  std::string key_id;
  X25519PrivateKey key;
};

class Keyring {
 public:
  // Reads the manifest and every public key; kMalformed/kNotFound/kInvalidInput with every
  // problem found. Private files are not read until a key is unlocked. kRefused (with the
  // chmod that fixes it) when the directory is not 0700 or keyring.json is writable by group
  // or others, unless the keyring holds nothing but the bundled example keys.
  static Result<Keyring> Load(const std::string& directory);

  // Creates a new keyring (one signing key, one RIF key) in `directory`, which must not
  // already hold a keyring. Directory 0700, private files 0600 created with O_EXCL.
  static Result<Keyring> Generate(const std::string& directory, const SecretBytes& passphrase,
                                  const KdfCost& cost, const Clock& clock, Random& random);

  // Adds a new active signing key (rotation): it signs from now on; older keys still verify.
  Result<std::string> AddSigningKey(const SecretBytes& passphrase, const KdfCost& cost,
                                    const Clock& clock, Random& random);

  const std::string& directory() const { return directory_; }
  const std::vector<KeyEntry>& keys() const { return keys_; }
  // True for the bundled keys-example/ keyring (by its manifest flag or its known key ids).
  bool is_example() const;

  // The public key a signature by `key_id` must verify under; nullptr if not in the keyring
  // or not a signing key.
  std::optional<Ed25519PublicKey> SigningPublicKey(const std::string& key_id) const;
  const KeyEntry* ActiveSigningKey() const;  // newest active signing key
  const KeyEntry* ActiveRifKey() const;      // newest active RIF key

  // Unlocking and generating first make the process non-dumpable without core files
  // (ProtectProcessSecrets, process_protection.h).
  // Decrypts the newest active signing key (or the one named `key_id`, retired or not: the
  // activation secret of old licences derives from it); checks the 0600 mode and that the
  // public half on disk matches the private half. kUnknownKey if `key_id` is not in it.
  Result<Signer> UnlockSigner(const SecretBytes& passphrase, const std::string& key_id = {}) const;
  // The RIF key named `key_id` (a RIF names the key it was sealed to; retired keys still
  // open old RIFs), or the newest active one when `key_id` is empty. kUnknownKey if absent.
  Result<RifKey> UnlockRifKey(const SecretBytes& passphrase, const std::string& key_id = {}) const;

 private:
  Keyring(std::string directory, bool example, std::vector<KeyEntry> keys)
      : directory_(std::move(directory)), example_(example), keys_(std::move(keys)) {}
  Result<SecretBytes> UnlockSecret(const KeyEntry& entry, const SecretBytes& passphrase) const;
  Status WriteManifest() const;
  std::string directory_;
  bool example_ = false;
  std::vector<KeyEntry> keys_;
};

}  // namespace frlic
