// Field rules shared by the private-cloud payloads (server licence, receipt): serials,
// fingerprints, fixed-size base64 values, instants. Internal to lib/frlic/artifact and
// lib/frlic/receipt.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "frlic/core/bytes.h"
#include "frlic/core/clock.h"
#include "frlic/core/strict_json.h"

namespace frlic::payload_fields {

// "FRL-" and 16 upper-case hex digits.
bool IsWellFormedSerial(std::string_view text);
// 64 lower-case hex digits (a SHA-256 in hex).
bool IsLowerHex64(std::string_view text);

// Each reads one member, records a Problem in `fields` when it is missing, of the wrong type
// or malformed, and returns nullopt then.
std::optional<std::string> Serial(JsonFields& fields, const std::string& key);
std::optional<std::string> KeyId(JsonFields& fields, const std::string& key);
std::optional<std::string> Hex64(JsonFields& fields, const std::string& key);
std::optional<UnixSeconds> Instant(JsonFields& fields, const std::string& key);
// Strict base64 of exactly `size` bytes.
std::optional<Bytes> FixedBase64(JsonFields& fields, const std::string& key, std::size_t size);
// The "format" and "version" members every payload starts with.
void FormatAndVersion(JsonFields& fields, std::string_view format, const char* what);

}  // namespace frlic::payload_fields
