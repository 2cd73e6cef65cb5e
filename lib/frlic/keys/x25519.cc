#include "frlic/keys/x25519.h"

#include <sodium.h>

#include <cstring>

#include "frlic/core/clock.h"
#include "frlic/core/sodium.h"

namespace frlic {

Result<X25519PublicKey> X25519PublicKey::FromBytes(ByteView bytes) {
  if (bytes.size() != crypto_scalarmult_BYTES) {
    return Error(ErrorCode::kMalformed,
                 "an X25519 public key must be 32 bytes, found " + std::to_string(bytes.size()));
  }
  std::array<std::uint8_t, 32> raw{};
  std::memcpy(raw.data(), bytes.data(), raw.size());
  return X25519PublicKey(raw);
}

Result<X25519PrivateKey> X25519PrivateKey::FromSecret(const SecretBytes& secret,
                                                      const X25519PublicKey* claimed_public) {
  RequireSodium();
  if (secret.size() != crypto_scalarmult_SCALARBYTES) {
    return Error(ErrorCode::kMalformed, "an X25519 private key must be 32 bytes");
  }
  std::array<std::uint8_t, 32> derived{};
  if (crypto_scalarmult_base(derived.data(), secret.reveal().data()) != 0) {
    return Error(ErrorCode::kMalformed, "the X25519 private key is degenerate");
  }
  auto public_key = X25519PublicKey::FromBytes(derived);
  if (claimed_public != nullptr && !(*claimed_public == *public_key)) {
    return Error(ErrorCode::kRefused,
                 "the stored public key does not match the one derived from the private key");
  }
  return X25519PrivateKey(SecretBytes::CopyFrom(secret.reveal()), *public_key);
}

X25519PrivateKey X25519PrivateKey::Generate(Random& random) {
  SecretBytes secret(crypto_scalarmult_SCALARBYTES);
  random.Fill(secret.reveal_mutable());
  return std::move(FromSecret(secret).value());
}

}  // namespace frlic
