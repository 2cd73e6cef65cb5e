// Public keys as PEM SubjectPublicKeyInfo (RFC 8410), so that `openssl pkey -pubin` and
// `openssl pkeyutl -verify -pubin` read them.
#pragma once

#include <string>
#include <string_view>

#include "frlic/core/bytes.h"
#include "frlic/core/secret_bytes.h"
#include "frlic/core/status.h"
#include "frlic/keys/key_id.h"

namespace frlic {

Result<std::string> PublicKeyToPem(KeyAlgorithm algorithm, ByteView raw_public_key);
// kMalformed unless `pem` holds exactly one public key of `algorithm`.
Result<Bytes> PublicKeyFromPem(std::string_view pem, KeyAlgorithm algorithm);

// An Ed25519 private key as PEM PKCS#8 ("-----BEGIN PRIVATE KEY-----", RFC 8410), which
// `openssl pkey` reads: the instance key inside a container image. Both directions keep the
// key in SecretBytes (OpenSSL's secure-memory BIO wipes its buffer).
Result<SecretBytes> Ed25519SeedToPem(const SecretBytes& seed);
// kMalformed unless `pem` holds exactly one Ed25519 private key; returns its 32-byte seed.
Result<SecretBytes> Ed25519SeedFromPem(const SecretBytes& pem);

}  // namespace frlic
