// The private-cloud server licence: the signed file inside FanruanLicenseServer.zip
// (docs/formats.md, "Server licence"), and the licence server's verdict on a product's
// request (seed 001: the first failing code only).
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

struct ServerLicence {
  std::string serial;  // "FRL-" and 16 upper-case hex digits
  std::string key_id;  // issuer signing key
  UnixSeconds issued_at = 0;
  std::string order_id;
  Terms terms;                      // terms.method == private-cloud; capacity = max connections
  std::string machine_fingerprint;  // 64 lower-case hex (MachineFingerprint of the RIF)
  Platform platform = Platform::kLinuxAmd64;
  std::array<std::uint8_t, 32> instance_public_key{};  // raw Ed25519 public key
  Bytes nonce;  // kReceiptNonceSize random bytes the receipt must echo
};

// The canonical payload bytes (compact JSON, keys sorted) that get signed.
std::string ServerLicencePayload(const ServerLicence& licence);
// Strict reading of a verified payload: unknown fields (anywhere, including terms), a
// version other than 1, a method other than private-cloud, a malformed serial, key id,
// fingerprint, platform, instance key (32 bytes) or nonce (16 bytes) are kMalformed, with
// every problem found.
Result<ServerLicence> ServerLicenceFromPayload(const Json& payload, const std::string& file);
// Verifies the envelope against the keyring (docs/formats.md 2.3) and reads the payload.
Result<ServerLicence> OpenServerLicence(ByteView envelope, const Keyring& keys,
                                        const std::string& file);

// The licence server's answer codes (seed 001's table). 20000, 30002 and 30006 concern
// deactivation and public-cloud accounts, which a private-cloud registration never meets.
enum class ServerCode : int {
  kOk = 0,
  kJsonParserError = 10000,
  kParamInputError = 10001,
  kLicenseExpired = 30000,
  kReportVersionError = 30001,
  kLicenseIpError = 30003,
  kLicenseDomainError = 30004,
  kLicenseAppnameError = 30005,
  kRegisterOutOfLimit = 30007,
};
const char* ServerCodeName(ServerCode code);  // "OK", "JSON_PARSER_ERROR", ...

// A product's request, as JSON: {"ip": "a.b.c.d", "app_name": "...", "domain": "...",
// "product": "FineDataLink", "version": "4.1.5", "nodes": N}. ip, product, version, nodes
// required; app_name and domain optional; no other member. Not a JSON object (or a key
// twice) → 10000; a member missing, unknown, of the wrong type or invalid → 10001. Then,
// first failing: 30000 expired, 30001 product/version, 30003 ip outside every range,
// 30004 domain (when the licence names one and the request names another, ignoring ASCII
// case), 30005 app name (when the licence restricts them and the request's is not listed or
// absent), 30007 nodes > capacity.
ServerCode CheckServerRequest(const ServerLicence& licence, std::string_view request_json,
                              UnixSeconds now);

// The same verdict with the reason in words, for support staff reproducing a customer's
// report ("ip 10.1.2.3 is in none of 192.168.100.25 - 192.168.100.26").
struct ServerVerdict {
  ServerCode code = ServerCode::kOk;
  std::string detail;  // empty when kOk
};
ServerVerdict ExplainServerRequest(const ServerLicence& licence, std::string_view request_json,
                                   UnixSeconds now);

}  // namespace frlic
