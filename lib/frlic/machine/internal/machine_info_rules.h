// Internal to lib/frlic/machine: the field rules of the machine information, applied alike to
// what MachineInfo::Create is given and to what ParseMachineInfoJson reads.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "frlic/core/clock.h"
#include "frlic/core/status.h"
#include "frlic/machine/machine_info.h"

namespace frlic::machine_internal {

// The machine information as parsed or given; a field the reader could not get is nullopt
// (already reported), so each problem is reported once.
struct Draft {
  std::optional<Platform> platform;
  std::optional<std::string> hostname;
  std::optional<std::string> os;
  std::optional<std::string> machine_id;
  std::optional<std::vector<std::string>> macs;
  std::optional<std::array<std::uint8_t, 32>> machine_key;
  std::optional<std::string> tool_version;
  std::optional<UnixSeconds> created_at;
};

// Every problem with the fields `draft` holds, each naming `file` (may be empty) and the
// field's path; empty if they are all valid.
std::vector<Problem> Validate(const Draft& draft, const std::string& file);

}  // namespace frlic::machine_internal
