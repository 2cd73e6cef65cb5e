// Ed25519 through one verifier only (libsodium's crypto_sign_verify_detached, which
// rejects non-canonical S, small-order A and R): every signature check in frlic uses it.
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "frlic/core/bytes.h"
#include "frlic/core/secret_bytes.h"
#include "frlic/core/status.h"

namespace frlic {

inline constexpr std::size_t kEd25519PublicKeySize = 32;
inline constexpr std::size_t kEd25519SeedSize = 32;
inline constexpr std::size_t kEd25519SignatureSize = 64;

class Ed25519PublicKey {
 public:
  // kMalformed unless exactly 32 bytes.
  static Result<Ed25519PublicKey> FromBytes(ByteView bytes);
  const std::array<std::uint8_t, 32>& bytes() const { return bytes_; }
  bool operator==(const Ed25519PublicKey&) const = default;

 private:
  explicit Ed25519PublicKey(const std::array<std::uint8_t, 32>& bytes) : bytes_(bytes) {}
  std::array<std::uint8_t, 32> bytes_;
};

// True only for a valid signature of exactly `message` by `key`.
bool VerifyEd25519(const Ed25519PublicKey& key, ByteView message, ByteView signature);

class Ed25519PrivateKey {
 public:
  // From the 32-byte seed. If `claimed_public` is given it must equal the public key derived
  // from the seed (kRefused otherwise): signing with a mismatched public half can leak the key.
  static Result<Ed25519PrivateKey> FromSeed(const SecretBytes& seed,
                                            const Ed25519PublicKey* claimed_public = nullptr);
  static Ed25519PrivateKey Generate(class Random& random);

  const Ed25519PublicKey& public_key() const { return public_key_; }
  const SecretBytes& seed() const { return seed_; }

  // Signs, then verifies the signature with the public key before returning it.
  Result<Bytes> Sign(ByteView message) const;
  // Signs without that check: only for a caller that verifies the signature before it leaves
  // the process (Signer::SignUnchecked).
  Bytes SignUnchecked(ByteView message) const;

 private:
  Ed25519PrivateKey(SecretBytes seed, SecretBytes expanded, Ed25519PublicKey public_key)
      : seed_(std::move(seed)), expanded_(std::move(expanded)), public_key_(public_key) {}
  SecretBytes seed_;
  SecretBytes expanded_;  // libsodium's 64-byte secret key (seed || public)
  Ed25519PublicKey public_key_;
};

}  // namespace frlic
