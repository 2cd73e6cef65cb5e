#include "frlic/activation/activation_code.h"

#include <sodium.h>

#include <array>
#include <charconv>
#include <vector>

#include "frlic/core/bytes.h"
#include "frlic/keys/key_id.h"
#include "frlic/licence/payload_fields.h"

namespace frlic {
namespace {

constexpr char kSecretLabel[] = "frlic activation secret v1";
constexpr char kSerialKeyLabel[] = "frlic activation key v1\n";
constexpr char kCodeLabel[] = "frlic activation code v1\n";
constexpr char kProjectLabel[] = "frlic project v1\n";
// 9999-12-31T23:59:59Z: later times are not instants FormatInstant can write.
constexpr UnixSeconds kLastInstant = 253402300799;

using Mac = std::array<std::uint8_t, crypto_auth_hmacsha256_BYTES>;

Mac Hmac(std::span<const std::uint8_t> key, std::string_view message) {
  Mac out;
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, key.data(), key.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(message.data()),
                                message.size());
  crypto_auth_hmacsha256_final(&state, out.data());
  sodium_memzero(&state, sizeof state);
  return out;
}

bool IsLowerHex(std::string_view text, std::size_t size) {
  if (text.size() != size) return false;
  for (char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

}  // namespace

std::string ActivationQuery(const ActivationPayload& payload) {
  return "v=" + std::to_string(kActivationVersion) + "&s=" + payload.serial +
         "&k=" + payload.key_id + "&p=" + payload.project + "&n=" + payload.nonce +
         "&t=" + std::to_string(payload.shown_at);
}

std::string ActivationUrl(std::string_view base_url, const ActivationPayload& payload) {
  return std::string(base_url) + "?" + ActivationQuery(payload);
}

Result<ActivationPayload> ParseActivation(std::string_view url_or_query,
                                          const std::string& source) {
  std::string_view query = url_or_query;
  while (!query.empty() && (query.back() == '\n' || query.back() == '\r')) query.remove_suffix(1);
  if (auto mark = query.find('?'); mark != std::string_view::npos) query.remove_prefix(mark + 1);
  std::vector<Problem> problems;
  auto problem = [&](const char* field, std::string message, std::string_view found,
                     std::string expected) {
    problems.push_back(Problem{source, 0, 0, field, std::move(message),
                               std::string(found.substr(0, 80)), std::move(expected)});
  };
  static constexpr const char* kNames[] = {"v", "s", "k", "p", "n", "t"};
  std::array<std::string_view, 6> values;
  std::size_t index = 0;
  std::string_view rest = query;
  for (;;) {
    const std::size_t amp = rest.find('&');
    std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    const std::size_t eq = pair.find('=');
    const std::string_view name = pair.substr(0, eq);
    if (index >= values.size() || eq == std::string_view::npos || name != kNames[index]) {
      return Error(ErrorCode::kMalformed,
                   source +
                       " is not a frlic activation payload: expected the parameters "
                       "v, s, k, p, n, t in that order",
                   std::vector<Problem>{Problem{source, 0, 0, "", "unexpected parameter",
                                                std::string(pair.substr(0, 80)),
                                                index < values.size() ? kNames[index] : "end"}});
    }
    values[index++] = pair.substr(eq + 1);
    if (amp == std::string_view::npos) break;
  }
  if (index != values.size()) {
    return Error(ErrorCode::kMalformed, source + " is not a frlic activation payload: parameter " +
                                            kNames[index] + " is missing");
  }
  ActivationPayload payload;
  if (values[0] != std::to_string(kActivationVersion)) {
    problem("v", "is not a supported version", values[0], "1");
  }
  if (!payload_fields::IsWellFormedSerial(values[1])) {
    problem("s", "is not a serial", values[1], "FRL- and 16 upper-case hex digits");
  }
  payload.serial = values[1];
  if (!IsWellFormedKeyId(values[2]))
    problem("k", "is not a key id", values[2], "16 lower-case hex");
  payload.key_id = values[2];
  if (!IsLowerHex(values[3], 32))
    problem("p", "is not a project fingerprint", values[3], "32 lower-case hex");
  payload.project = values[3];
  if (!IsLowerHex(values[4], 16)) problem("n", "is not a nonce", values[4], "16 lower-case hex");
  payload.nonce = values[4];
  const std::string_view t = values[5];
  const auto [end, error] = std::from_chars(t.data(), t.data() + t.size(), payload.shown_at);
  if (t.empty() || error != std::errc() || end != t.data() + t.size() || payload.shown_at <= 0 ||
      payload.shown_at > kLastInstant || (t.size() > 1 && t[0] == '0')) {
    problem("t", "is not a time", t,
            "seconds since 1970 up to 253402300799, decimal, no leading zeros");
  }
  if (!problems.empty()) {
    return Error(ErrorCode::kMalformed, source + ": the activation payload is not valid",
                 std::move(problems));
  }
  return payload;
}

std::string ProjectFingerprint(std::string_view project_identity) {
  const Bytes digest = Sha256(AsBytes(std::string(kProjectLabel) + std::string(project_identity)));
  return HexEncode(ByteView(digest).first(16));
}

SecretBytes DeriveActivationSecret(const SecretBytes& signing_seed) {
  Mac mac = Hmac(signing_seed.reveal(), kSecretLabel);
  SecretBytes secret = SecretBytes::CopyFrom(mac);
  sodium_memzero(mac.data(), mac.size());
  return secret;
}

std::string ActivationCode(const SecretBytes& activation_secret, const ActivationPayload& payload) {
  Mac serial_key = Hmac(activation_secret.reveal(), kSerialKeyLabel + payload.serial);
  const Mac mac = Hmac(serial_key, kCodeLabel + ActivationQuery(payload));
  sodium_memzero(serial_key.data(), serial_key.size());
  // RFC 4226 5.3 dynamic truncation.
  const std::size_t offset = mac.back() & 0x0f;
  const std::uint32_t binary = (static_cast<std::uint32_t>(mac[offset] & 0x7f) << 24) |
                               (static_cast<std::uint32_t>(mac[offset + 1]) << 16) |
                               (static_cast<std::uint32_t>(mac[offset + 2]) << 8) |
                               static_cast<std::uint32_t>(mac[offset + 3]);
  std::string code = std::to_string(binary % 1000000);
  return std::string(6 - code.size(), '0') + code;
}

bool ActivationCodeMatches(const SecretBytes& activation_secret, const ActivationPayload& payload,
                           std::string_view code) {
  const std::string expected = ActivationCode(activation_secret, payload);
  return code.size() == expected.size() &&
         sodium_memcmp(code.data(), expected.data(), expected.size()) == 0;
}

}  // namespace frlic
