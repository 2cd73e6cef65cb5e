// Internal to lib/frlic/artifact: the entry names of the licence-server package, as the
// writer creates them and the reader expects them (docs/formats.md, "Server package").
#pragma once

#include <string>
#include <string_view>

#include "frlic/artifact/server_package.h"

namespace frlic::artifact_internal {

inline constexpr char kReadmeName[] = "README.txt";
inline constexpr char kLicenceName[] = "config/license.json";
inline constexpr char kSealedKeyName[] = "config/instance.key.sealed";

// "FanruanLicenseServer/<relative>".
inline std::string EntryName(std::string_view relative) {
  return kPackageRoot + std::string(relative);
}
// "FanruanLicenseServer/bin/<binary>" ("server" or "server.exe").
inline std::string BinaryEntryName(std::string_view binary) {
  return EntryName("bin/" + std::string(binary));
}

}  // namespace frlic::artifact_internal
