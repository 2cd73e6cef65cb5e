// Stand-ins: the example server binaries and base image shipped in templates/ are marked by a
// file named STAND-IN in their directory. frlic refuses them unless allowed, so an example
// build never reaches a customer by mistake.
#pragma once

#include <filesystem>

#include "frlic/core/files.h"

namespace frlic {

inline constexpr char kStandInMarker[] = "STAND-IN";

inline bool HoldsStandIns(const std::filesystem::path& dir) {
  return PathExists((dir / kStandInMarker).string());
}

}  // namespace frlic
