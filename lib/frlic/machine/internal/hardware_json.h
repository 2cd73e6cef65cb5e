// Internal to lib/frlic/machine: the JSON that both the fingerprint and the sealed plaintext
// are computed from, so the two can never spell the hardware differently.
#pragma once

#include <string>

#include "frlic/core/strict_json.h"
#include "frlic/machine/machine_info.h"

namespace frlic::machine_internal {

// {"machine_id":...,"macs":[...]}.
Json HardwareJson(const HardwareFacts& facts);

// Compact JSON with sorted keys (nlohmann's object order), as hashed and sealed.
std::string CompactJson(const Json& json);

}  // namespace frlic::machine_internal
