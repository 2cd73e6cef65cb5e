// Key ids: derived from the public key, so a key id can never name a different key.
#pragma once

#include <string>
#include <string_view>

#include "frlic/core/bytes.h"

namespace frlic {

enum class KeyAlgorithm { kEd25519, kX25519 };
const char* KeyAlgorithmName(KeyAlgorithm algorithm);  // "ed25519", "x25519"

// Lower-case hex of the first 8 bytes of
// SHA-256("frlic-key-id-v1\n" || algorithm name || "\n" || raw public key): 16 characters.
std::string DeriveKeyId(KeyAlgorithm algorithm, ByteView raw_public_key);

// 16 lower-case hex characters.
bool IsWellFormedKeyId(std::string_view text);

}  // namespace frlic
