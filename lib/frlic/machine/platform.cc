// Platform names (docs/formats.md, "MachineInfo.rif"): the package carries the server binary
// for the RIF's platform, never for a file name's.
#include "frlic/machine/machine_info.h"

namespace frlic {

const char* PlatformName(Platform platform) {
  switch (platform) {
    case Platform::kWindows:
      return "windows";
    case Platform::kLinuxAmd64:
      return "linux-amd64";
    case Platform::kLinuxI386:
      return "linux-i386";
    case Platform::kLinuxArm32:
      return "linux-arm32";
    case Platform::kLinuxArm64:
      return "linux-arm64";
    case Platform::kMacos:
      return "macos";
  }
  return "unknown";
}

std::optional<Platform> ParsePlatform(std::string_view name) {
  for (Platform platform : kAllPlatforms) {
    if (name == PlatformName(platform)) return platform;
  }
  return std::nullopt;
}

std::string PlatformNameList() {
  std::string list;
  for (Platform platform : kAllPlatforms) {
    if (!list.empty()) list += ", ";
    list += PlatformName(platform);
  }
  return list;
}

const char* ServerBinaryName(Platform platform) {
  return platform == Platform::kWindows ? "server.exe" : "server";
}

}  // namespace frlic
