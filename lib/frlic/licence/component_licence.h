// The container component's licence: the signed file inside fanruan_license_server.tar, at
// /app/config/license.json (docs/formats.md, "Component licence").
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "frlic/core/bytes.h"
#include "frlic/core/clock.h"
#include "frlic/core/status.h"
#include "frlic/keys/ed25519.h"
#include "frlic/keys/keyring.h"
#include "frlic/order/order.h"

namespace frlic {

inline constexpr char kComponentLicenceType[] = "application/vnd.frlic.component-license.v1+json";
inline constexpr char kComponentLicenceFormat[] = "frlic.component-license";
// The port the component listens on when the order names none (docs/formats.md section 9.2).
inline constexpr std::uint16_t kDefaultComponentPort = 18081;

// Where the added layer puts the component's files.
inline constexpr char kComponentLicencePath[] = "app/config/license.json";
inline constexpr char kComponentInstanceKeyPath[] = "app/config/instance.key";
inline constexpr char kPrivateConfigPath[] = "app/config/privateConfig";
// The image config's labels that name the licence (docs/formats.md, "Container images").
inline constexpr char kSerialLabel[] = "com.fanruan.license.serial";
inline constexpr char kCompanyLabel[] = "com.fanruan.license.company";
inline constexpr char kProductLabel[] = "com.fanruan.license.product";
inline constexpr char kExpiresLabel[] = "com.fanruan.license.expires";
// The image's repository name (docs/formats.md section 9.4: the file is
// fanruan_license_server.tar); the tag is the serial.
inline constexpr char kComponentRepository[] = "fanruan_license_server";

struct ComponentLicence {
  std::string serial;  // "FRL-" and 16 upper-case hex digits
  std::string key_id;  // issuer signing key
  UnixSeconds issued_at = 0;
  std::string order_id;
  Terms terms;  // terms.method == container-private-cloud, terms.port set
  std::array<std::uint8_t, 32> instance_public_key{};  // raw Ed25519 public key
};

// The port a component licence's terms give (the order's, else kDefaultComponentPort).
std::uint16_t ComponentPort(const Terms& terms);

// The canonical payload bytes (compact JSON, keys sorted) that get signed.
std::string ComponentLicencePayload(const ComponentLicence& licence);
// Strict reading of a verified payload: unknown fields (anywhere, including terms), a version
// other than 1, a method other than container-private-cloud, no port, a malformed serial, key
// id or instance key are kMalformed, with every problem found.
Result<ComponentLicence> ComponentLicenceFromPayload(const Json& payload, const std::string& file);
// Verifies the envelope against the keyring (docs/formats.md 2.3) and reads the payload.
Result<ComponentLicence> OpenComponentLicence(ByteView envelope, const Keyring& keys,
                                              const std::string& file);

}  // namespace frlic
