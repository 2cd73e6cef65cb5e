// The private-cloud server licence: the signed file inside FanruanLicenseServer.zip
// (docs/formats.md, "Server licence"). The licence server's verdict on a product's request
// is the customer side's: frlic/customer/server_request.h.
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "frlic/core/bytes.h"
#include "frlic/core/clock.h"
#include "frlic/core/status.h"
#include "frlic/keys/ed25519.h"
#include "frlic/keys/keyring.h"
#include "frlic/machine/machine_info.h"
#include "frlic/order/order.h"

namespace frlic {

inline constexpr char kServerLicenceType[] = "application/vnd.frlic.server-license.v1+json";
inline constexpr char kServerLicenceFormat[] = "frlic.server-license";
inline constexpr std::size_t kReceiptNonceSize = 16;
// The licence server's access port when the order names none: manual 001's example address
// is https://172.16.63.131:8081 (docs/formats.md section 8.2).
inline constexpr std::uint16_t kDefaultServerPort = 8081;

// The access port a server licence's terms give: terms.port, else kDefaultServerPort (a
// licence issued before the port was written has none).
std::uint16_t ServerPort(const Terms& terms);

struct ServerLicence {
  std::string serial;  // "FRL-" and 16 upper-case hex digits
  std::string key_id;  // issuer signing key
  UnixSeconds issued_at = 0;
  std::string order_id;
  Terms terms;  // terms.method == private-cloud; capacity = max connections; port (ServerPort)
  std::string machine_fingerprint;  // 64 lower-case hex (MachineFingerprint of the RIF)
  Platform platform = Platform::kLinuxAmd64;
  std::array<std::uint8_t, 32> instance_public_key{};  // raw Ed25519 public key
  Bytes nonce;  // kReceiptNonceSize random bytes the receipt must echo
};

// The canonical payload bytes (compact JSON, keys sorted) that get signed. terms.port is
// always written: the licence's, else kDefaultServerPort.
std::string ServerLicencePayload(const ServerLicence& licence);
// Strict reading of a verified payload: unknown fields (anywhere, including terms), a
// version other than 1, a method other than private-cloud, a malformed serial, key id,
// fingerprint, platform, instance key (32 bytes) or nonce (16 bytes) are kMalformed, with
// every problem found.
Result<ServerLicence> ServerLicenceFromPayload(const Json& payload, const std::string& file);
// Verifies the envelope against the keyring (docs/formats.md 2.3) and reads the payload.
Result<ServerLicence> OpenServerLicence(ByteView envelope, const Keyring& keys,
                                        const std::string& file);

}  // namespace frlic
