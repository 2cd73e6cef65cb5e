#include "frlic/activation/activation_release.h"

#include <sodium.h>

#include <array>

#include "frlic/core/bytes.h"

namespace frlic {
namespace {

constexpr char kReleaseSerialKeyLabel[] = "frlic activation key v1\n";  // as the code's (11.4)
constexpr char kReleaseLabel[] = "frlic activation release v1\n";
constexpr std::size_t kReleaseTagBytes = 16;

using ReleaseMac = std::array<std::uint8_t, crypto_auth_hmacsha256_BYTES>;

ReleaseMac ReleaseHmac(std::span<const std::uint8_t> key, std::string_view message) {
  ReleaseMac mac{};
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, key.data(), key.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(message.data()),
                                message.size());
  crypto_auth_hmacsha256_final(&state, mac.data());
  sodium_memzero(&state, sizeof state);
  return mac;
}

}  // namespace

std::string ActivationReleaseTag(const SecretBytes& activation_secret,
                                 const ActivationPayload& payload) {
  ReleaseMac serial_key =
      ReleaseHmac(activation_secret.reveal(), kReleaseSerialKeyLabel + payload.serial);
  const ReleaseMac mac = ReleaseHmac(serial_key, kReleaseLabel + ActivationQuery(payload));
  sodium_memzero(serial_key.data(), serial_key.size());
  return HexEncode(ByteView(mac).first(kReleaseTagBytes));
}

std::string ActivationReleaseQuery(const ActivationRelease& release) {
  return ActivationQuery(release.payload) + "&r=" + release.tag;
}

std::string ActivationReleaseUrl(std::string_view base_url, const ActivationRelease& release) {
  return std::string(base_url) + "?" + ActivationReleaseQuery(release);
}

Result<ActivationRelease> ParseActivationRelease(std::string_view url_or_query,
                                                 const std::string& source) {
  std::string_view text = url_or_query;
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
  const std::size_t mark = text.rfind("&r=");
  if (mark == std::string_view::npos) {
    return Error(ErrorCode::kMalformed,
                 source +
                     " is not a release payload: the parameter r (the release tag) is "
                     "missing after v, s, k, p, n, t");
  }
  const std::string_view tag = text.substr(mark + 3);
  FRLIC_ASSIGN_OR_RETURN(ActivationPayload payload, ParseActivation(text.substr(0, mark), source));
  const bool hex = tag.size() == 2 * kReleaseTagBytes &&
                   tag.find_first_not_of("0123456789abcdef") == std::string_view::npos;
  if (!hex) {
    return Error(
        ErrorCode::kMalformed, source + ": the release tag is not valid",
        std::vector<Problem>{Problem{source, 0, 0, "r", "is not a release tag",
                                     std::string(tag.substr(0, 80)), "32 lower-case hex"}});
  }
  return ActivationRelease{std::move(payload), std::string(tag)};
}

bool ActivationReleaseTagMatches(const SecretBytes& activation_secret,
                                 const ActivationRelease& release) {
  const std::string expected = ActivationReleaseTag(activation_secret, release.payload);
  return release.tag.size() == expected.size() &&
         sodium_memcmp(release.tag.data(), expected.data(), expected.size()) == 0;
}

}  // namespace frlic
