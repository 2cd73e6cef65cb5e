// The issuer keyring: a directory with keyring.json (the manifest), each key's public half
// as PEM and its private half encrypted at rest (docs/formats.md, "Keyring").
// Verification needs only the public halves; signing unlocks the newest active signing key.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "frlic/core/clock.h"
#include "frlic/core/secret_bytes.h"
#include "frlic/core/status.h"
#include "frlic/keys/ed25519.h"
#include "frlic/keys/key_file.h"
#include "frlic/keys/pkcs11_token.h"
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
  std::string private_file;  // relative to the keyring directory; empty for a token key
  std::string pkcs11_uri;    // a signing key kept in a PKCS#11 token: its pkcs11: URI
  Bytes public_key;          // raw 32 bytes, read from public_file and checked against key_id
};

// An unlocked signing key, with the id every artifact must carry: decrypted into memory, or a
// logged-in session on the PKCS#11 token that keeps it.
struct Signer {
  std::string key_id;
  std::variant<Ed25519PrivateKey, std::shared_ptr<const TokenKey>> key;

  // The Ed25519 signature of exactly `message`, verified with the key's public half before it
  // is returned (by whichever holds the key).
  Result<Bytes> Sign(ByteView message) const;
  // The signature without Sign's check, for MakeVerifiedEnvelope (licence/envelope.h) alone:
  // it lets the envelope out only once the envelope has been opened, its signature verified,
  // as the customer's side will open it. The check is then made once, on the bytes that ship,
  // instead of twice in a row (a verification is most of an issue's signing time).
  Result<Bytes> SignUnchecked(ByteView message) const;
  const Ed25519PublicKey& public_key() const;
  // The 32 secret bytes the key's activation secret derives from (docs/formats.md, "Activation
  // secret"): the seed of a key in memory; for a token key, which never reveals its seed, the
  // SHA-256 of the token's signature of "frlic-activation-seed-v1 " + key_id (pure Ed25519 is
  // deterministic, so the token gives the same bytes every time, and only the token can).
  Result<SecretBytes> ActivationSeed() const;
};

// The secrets that open private keys, each read only when a key needs it: a CI job that signs
// with a token key needs no passphrase, one with a key at rest no PIN.
struct KeyUnlock {
  std::function<Result<SecretBytes>()> passphrase;  // keys encrypted at rest
  std::function<Result<SecretBytes>()> pin;         // the PKCS#11 token's user PIN
  // A passphrase already read, and no PIN source (a token key is then refused with the ways
  // to give its PIN).
  static KeyUnlock FromPassphrase(const SecretBytes& passphrase);
};

// A new signing key in a PKCS#11 token (keygen, keys rotate): the key the URI names is created
// on the token (`create`) or adopted as it is.
struct TokenKeyRequest {
  std::string uri;
  bool create = false;
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

  // A keyring of public signing keys only, as a program that verifies trusts them (the
  // verifier library): each text an Ed25519 public key PEM, active, created at 0. kMalformed
  // naming every text that is not one.
  static Result<Keyring> FromPublicKeys(const std::vector<std::string>& pems);

  // Creates a new keyring (one signing key, one RIF key) in `directory`, which must not
  // already hold a keyring. Directory 0700, private files 0600 created with O_EXCL.
  // With `token`, the signing key is the token's (created there or adopted; its PIN from
  // `unlock.pin`) and the keyring keeps its URI and public half; the RIF key is still encrypted
  // under the passphrase.
  static Result<Keyring> Generate(const std::string& directory, const SecretBytes& passphrase,
                                  const KdfCost& cost, const Clock& clock, Random& random,
                                  const TokenKeyRequest* token = nullptr,
                                  const KeyUnlock* unlock = nullptr);

  // Adds a new active signing key (rotation): it signs from now on; older keys still verify.
  Result<std::string> AddSigningKey(const SecretBytes& passphrase, const KdfCost& cost,
                                    const Clock& clock, Random& random);
  // The same with a key in a PKCS#11 token (its PIN from `pin`).
  Result<std::string> AddTokenSigningKey(const TokenKeyRequest& token,
                                         const std::function<Result<SecretBytes>()>& pin,
                                         const Clock& clock);
  // kOk when `passphrase` opens the keyring's keys at rest (the active signing key's, else the
  // active RIF key's): kWrongPassphrase otherwise.
  Status CheckPassphrase(const SecretBytes& passphrase) const;

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
  // A token key is opened with `unlock.pin` (kRefused when there is no PIN source), and the
  // public half it reports must be the keyring's (kRefused otherwise).
  Result<Signer> UnlockSigner(const KeyUnlock& unlock, const std::string& key_id = {}) const;
  Result<Signer> UnlockSigner(const SecretBytes& passphrase, const std::string& key_id = {}) const {
    return UnlockSigner(KeyUnlock::FromPassphrase(passphrase), key_id);
  }
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
