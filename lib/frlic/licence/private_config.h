// privateConfig: what a deployed container component writes to /app/config/privateConfig,
// signed by its instance key (docs/formats.md, "privateConfig"). The customer sends it when
// the component moves; the issuer accepts it once, for a licence business has revoked.
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "frlic/core/bytes.h"
#include "frlic/core/clock.h"
#include "frlic/core/status.h"
#include "frlic/core/strict_json.h"
#include "frlic/keys/ed25519.h"

namespace frlic {

inline constexpr char kPrivateConfigType[] = "application/vnd.frlic.private-config.v1+json";
inline constexpr char kPrivateConfigFormat[] = "frlic.private-config";
inline constexpr std::size_t kInstanceIdSize = 16;  // bytes; 32 lower-case hex in the file

struct PrivateConfig {
  std::string serial;          // the component licence's serial
  std::string key_id;          // the instance key's id (DeriveKeyId(ed25519, instance key))
  std::string instance_id;     // 32 lower-case hex, chosen at first deployment
  std::string licence_sha256;  // hex SHA-256 of /app/config/license.json's bytes
  std::array<std::uint8_t, 32> instance_public_key{};
  UnixSeconds deployed_at = 0;
  std::uint16_t port = 0;  // the port the component was deployed on
};

// The canonical payload bytes (compact JSON, keys sorted) that get signed.
std::string PrivateConfigPayload(const PrivateConfig& config);
// Strict reading: unknown fields, a version other than 1, malformed values, a port outside
// 1..65535, or a key_id that is not the id of instance_public_key are kMalformed.
Result<PrivateConfig> PrivateConfigFromPayload(const Json& payload, const std::string& file);
// Signs under kPrivateConfigType with the instance key (key_id and public key come from it).
Result<std::string> MakePrivateConfig(const PrivateConfig& config,
                                      const Ed25519PrivateKey& instance_key);
// Unverified: only to learn which serial it claims (type and fields checked).
Result<PrivateConfig> PeekPrivateConfig(ByteView file, const std::string& file_name);
// Verified with the instance key the verifier pins (from the ledger, never from the file).
Result<PrivateConfig> OpenPrivateConfig(ByteView file, const Ed25519PublicKey& instance_key,
                                        const std::string& file_name);

}  // namespace frlic
