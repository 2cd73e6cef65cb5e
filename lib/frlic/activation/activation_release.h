// The product's "Re-register" (seeds 000 and 003): the activated project gives up its binding so
// that another project can activate the licence without business cancelling it. The product
// proves the release with a tag computed from the activation secret, as strong as the
// activation code and bound to one release (docs/formats.md section 11.8).
#pragma once

#include <string>
#include <string_view>

#include "frlic/activation/activation_code.h"
#include "frlic/core/clock.h"
#include "frlic/core/secret_bytes.h"
#include "frlic/core/status.h"

namespace frlic {

// A release is dated proof for one project; the vendor accepts it for seven days, so it can
// travel by e-mail.
inline constexpr UnixSeconds kReleaseValidity = 7 * 86400;
// The vendor page's address that products put in the release QR unless configured otherwise.
inline constexpr char kDefaultReleaseUrl[] = "https://activate.fanruan.com/r";

struct ActivationRelease {
  ActivationPayload payload;  // s, k, p (the released project), n (fresh), t (when released)
  std::string tag;            // 32 lower-case hex
};

// The release tag: the first 16 bytes of HMAC-SHA256(serial_key, "frlic activation release
// v1\n" || query), serial_key as for the code (section 11.4), as 32 lower-case hex.
std::string ActivationReleaseTag(const SecretBytes& activation_secret,
                                 const ActivationPayload& payload);

// "<activation query>&r=<tag>": the query of the release URL.
std::string ActivationReleaseQuery(const ActivationRelease& release);
std::string ActivationReleaseUrl(std::string_view base_url, const ActivationRelease& release);
// Reads a URL or bare query: section 11.2's six parameters, then r; kMalformed otherwise.
Result<ActivationRelease> ParseActivationRelease(std::string_view url_or_query,
                                                 const std::string& source);

// Whether the release's tag is right, in constant time.
bool ActivationReleaseTagMatches(const SecretBytes& activation_secret,
                                 const ActivationRelease& release);

}  // namespace frlic
