// Key ids of the committed keys-example/ keyring. Its passphrase is public, so frlic refuses
// to sign with these keys unless --allow-example-keys is given, even if the manifest's
// "example" flag were removed.
#pragma once

#include <array>
#include <string_view>

namespace frlic {

inline constexpr std::array<std::string_view, 2> kExampleKeyIds = {
    "509d04703a0f70c2",
    "ea70210861f8c8b0",
};

}  // namespace frlic
