#include "frlic/keys/ed25519.h"

#include <sodium.h>

#include <cstring>

#include "frlic/core/clock.h"
#include "frlic/core/sodium.h"

namespace frlic {

Result<Ed25519PublicKey> Ed25519PublicKey::FromBytes(ByteView bytes) {
  if (bytes.size() != kEd25519PublicKeySize) {
    return Error(ErrorCode::kMalformed,
                 "an Ed25519 public key must be 32 bytes, found " + std::to_string(bytes.size()));
  }
  std::array<std::uint8_t, 32> raw{};
  std::memcpy(raw.data(), bytes.data(), raw.size());
  return Ed25519PublicKey(raw);
}

bool VerifyEd25519(const Ed25519PublicKey& key, ByteView message, ByteView signature) {
  RequireSodium();
  if (signature.size() != kEd25519SignatureSize) return false;
  return crypto_sign_verify_detached(signature.data(), message.data(), message.size(),
                                     key.bytes().data()) == 0;
}

Result<Ed25519PrivateKey> Ed25519PrivateKey::FromSeed(const SecretBytes& seed,
                                                      const Ed25519PublicKey* claimed_public) {
  RequireSodium();
  if (seed.size() != kEd25519SeedSize) {
    return Error(ErrorCode::kMalformed, "an Ed25519 seed must be 32 bytes");
  }
  std::array<std::uint8_t, 32> derived{};
  SecretBytes expanded(crypto_sign_SECRETKEYBYTES);
  crypto_sign_seed_keypair(derived.data(), expanded.reveal_mutable().data(), seed.reveal().data());
  auto public_key = Ed25519PublicKey::FromBytes(derived);
  if (claimed_public != nullptr && !(*claimed_public == *public_key)) {
    return Error(ErrorCode::kRefused,
                 "the stored public key does not match the one derived from the private key",
                 "the key files do not belong together; restore them from backup");
  }
  return Ed25519PrivateKey(SecretBytes::CopyFrom(seed.reveal()), std::move(expanded), *public_key);
}

Ed25519PrivateKey Ed25519PrivateKey::Generate(Random& random) {
  SecretBytes seed(kEd25519SeedSize);
  random.Fill(seed.reveal_mutable());
  return std::move(FromSeed(seed).value());
}

Bytes Ed25519PrivateKey::SignUnchecked(ByteView message) const {
  Bytes signature(kEd25519SignatureSize);
  crypto_sign_detached(signature.data(), nullptr, message.data(), message.size(),
                       expanded_.reveal().data());
  return signature;
}

Result<Bytes> Ed25519PrivateKey::Sign(ByteView message) const {
  Bytes signature = SignUnchecked(message);
  // Never emit a signature that would not verify (a fault or a bug must not ship).
  if (!VerifyEd25519(public_key_, message, signature)) {
    return Error(ErrorCode::kInternal, "a fresh signature did not verify; nothing was written");
  }
  return signature;
}

}  // namespace frlic
