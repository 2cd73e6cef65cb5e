// The hardware identifiers of a machine (docs/formats.md, "MachineInfo.rif"): MAC addresses
// in canonical form, and the fingerprint derived from the identifiers only.
#include <algorithm>

#include "frlic/core/bytes.h"
#include "frlic/machine/machine_info.h"
#include "internal/hardware_json.h"
#include "internal/shown.h"

namespace frlic {

namespace machine_internal {

Json HardwareJson(const HardwareFacts& facts) {
  return Json{{"machine_id", facts.machine_id}, {"macs", facts.macs}};
}

std::string CompactJson(const Json& json) {
  // Create has checked every string is UTF-8, so "replace" never changes anything; it only
  // keeps dump() from throwing for callers that skip validation.
  return json.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace machine_internal

namespace {

using machine_internal::CompactJson;
using machine_internal::HardwareJson;
using machine_internal::Shown;

constexpr char kFingerprintContext[] = "frlic-machine-fingerprint-v1\n";

}  // namespace

std::optional<std::string> CanonicalMac(std::string_view text) {
  if (text.size() != 17) return std::nullopt;
  const char separator = text[2];
  if (separator != ':' && separator != '-') return std::nullopt;
  std::string out;
  for (std::size_t i = 0; i < 17; ++i) {
    const char c = text[i];
    if (i % 3 == 2) {
      if (c != separator) return std::nullopt;
      out += ':';
    } else if (c >= '0' && c <= '9') {
      out += c;
    } else if (c >= 'a' && c <= 'f') {
      out += c;
    } else if (c >= 'A' && c <= 'F') {
      out += static_cast<char>(c - 'A' + 'a');
    } else {
      return std::nullopt;
    }
  }
  return out;
}

Result<HardwareFacts> NormalizeHardwareFacts(std::string machine_id,
                                             const std::vector<std::string>& macs) {
  HardwareFacts facts;
  facts.machine_id = std::move(machine_id);
  std::vector<Problem> problems;
  for (std::size_t i = 0; i < macs.size(); ++i) {
    if (auto canonical = CanonicalMac(macs[i])) {
      facts.macs.push_back(*canonical);
    } else {
      problems.push_back({{},
                          0,
                          0,
                          "mac[" + std::to_string(i) + "]",
                          "is not a MAC address",
                          Shown(macs[i]),
                          "six octets such as aa:bb:cc:dd:ee:ff"});
    }
  }
  if (!problems.empty()) {
    return Error(ErrorCode::kInvalidInput, "not every MAC address is valid", std::move(problems));
  }
  std::sort(facts.macs.begin(), facts.macs.end());
  facts.macs.erase(std::unique(facts.macs.begin(), facts.macs.end()), facts.macs.end());
  return facts;
}

std::string MachineFingerprint(const HardwareFacts& facts) {
  const std::string message = kFingerprintContext + CompactJson(HardwareJson(facts));
  return Sha256Hex(AsBytes(message));
}

}  // namespace frlic
