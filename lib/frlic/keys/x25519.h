// X25519 key pairs: the issuer's RIF key (machines seal MachineInfo.rif to it) and the
// customer machine's key (instance keys are sealed to it).
#pragma once

#include <array>
#include <cstdint>

#include "frlic/core/bytes.h"
#include "frlic/core/secret_bytes.h"
#include "frlic/core/status.h"

namespace frlic {

class X25519PublicKey {
 public:
  static Result<X25519PublicKey> FromBytes(ByteView bytes);
  const std::array<std::uint8_t, 32>& bytes() const { return bytes_; }
  bool operator==(const X25519PublicKey&) const = default;

 private:
  explicit X25519PublicKey(const std::array<std::uint8_t, 32>& bytes) : bytes_(bytes) {}
  std::array<std::uint8_t, 32> bytes_;
};

class X25519PrivateKey {
 public:
  // From the 32-byte secret scalar; `claimed_public`, if given, must match the derived one.
  static Result<X25519PrivateKey> FromSecret(const SecretBytes& secret,
                                             const X25519PublicKey* claimed_public = nullptr);
  static X25519PrivateKey Generate(class Random& random);

  const X25519PublicKey& public_key() const { return public_key_; }
  const SecretBytes& secret() const { return secret_; }

 private:
  X25519PrivateKey(SecretBytes secret, X25519PublicKey public_key)
      : secret_(std::move(secret)), public_key_(public_key) {}
  SecretBytes secret_;
  X25519PublicKey public_key_;
};

}  // namespace frlic
