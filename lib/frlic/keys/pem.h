// Public keys as PEM SubjectPublicKeyInfo (RFC 8410), so that `openssl pkey -pubin` and
// `openssl pkeyutl -verify -pubin` read them.
#pragma once

#include <string>
#include <string_view>

#include "frlic/core/bytes.h"
#include "frlic/core/status.h"
#include "frlic/keys/key_id.h"

namespace frlic {

Result<std::string> PublicKeyToPem(KeyAlgorithm algorithm, ByteView raw_public_key);
// kMalformed unless `pem` holds exactly one public key of `algorithm`.
Result<Bytes> PublicKeyFromPem(std::string_view pem, KeyAlgorithm algorithm);

}  // namespace frlic
