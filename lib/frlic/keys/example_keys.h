// Key ids of the committed keys-example/ keyring. Its passphrase is public, so frlic refuses
// to sign with these keys unless --allow-example-keys is given, even if the manifest's
// "example" flag were removed.
#pragma once

#include <array>
#include <string_view>

namespace frlic {

inline constexpr std::array<std::string_view, 2> kExampleKeyIds = {
    "EXAMPLE_SIGNING_KEY_ID",
    "EXAMPLE_RIF_KEY_ID",
};

}  // namespace frlic
