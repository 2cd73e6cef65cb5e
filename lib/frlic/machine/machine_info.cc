// The machine information (docs/formats.md, "MachineInfo.rif"): the validated object, its
// canonical plaintext and the strict reader of that plaintext. The field rules are in
// machine_info_rules.cc, the hardware identifiers and fingerprint in hardware_facts.cc.
#include "frlic/machine/machine_info.h"

#include <cstring>

#include "frlic/core/strict_json.h"
#include "frlic/core/time.h"
#include "internal/hardware_json.h"
#include "internal/machine_info_rules.h"
#include "internal/shown.h"

namespace frlic {
namespace {

using machine_internal::CompactJson;
using machine_internal::Draft;
using machine_internal::HardwareJson;
using machine_internal::Shown;
using machine_internal::Validate;

// Reads a string member; nullopt when missing or of another type (reported by `fields`).
std::optional<std::string> StringField(JsonFields& fields, const std::string& key) {
  const std::size_t before = fields.problems().size();
  std::string value = fields.String(key);
  if (fields.problems().size() != before) return std::nullopt;
  return value;
}

}  // namespace

MachineInfo::MachineInfo(Platform platform, std::string hostname, std::string os,
                         HardwareFacts hardware, std::string fingerprint,
                         X25519PublicKey machine_key, std::string tool_version,
                         UnixSeconds created_at)
    : platform_(platform),
      hostname_(std::move(hostname)),
      os_(std::move(os)),
      hardware_(std::move(hardware)),
      fingerprint_(std::move(fingerprint)),
      machine_key_(machine_key),
      tool_version_(std::move(tool_version)),
      created_at_(created_at) {}

Result<MachineInfo> MachineInfo::Create(Platform platform, std::string hostname, std::string os,
                                        HardwareFacts hardware, X25519PublicKey machine_key,
                                        std::string tool_version, UnixSeconds created_at) {
  Draft draft{platform,     hostname,  os, hardware.machine_id, hardware.macs, machine_key.bytes(),
              tool_version, created_at};
  std::vector<Problem> problems = Validate(draft, {});
  if (!problems.empty()) {
    return Error(ErrorCode::kInvalidInput, "the machine information is not valid",
                 std::move(problems));
  }
  std::string fingerprint = MachineFingerprint(hardware);
  return MachineInfo(platform, std::move(hostname), std::move(os), std::move(hardware),
                     std::move(fingerprint), machine_key, std::move(tool_version), created_at);
}

std::string MachineInfo::ToJson() const {
  Json json = {{"created_at", FormatInstant(created_at_)},
               {"fingerprint", fingerprint_},
               {"format", kMachineInfoFormat},
               {"hardware", HardwareJson(hardware_)},
               {"hostname", hostname_},
               {"machine_public_key", Base64Encode(machine_key_.bytes())},
               {"os", os_},
               {"platform", PlatformName(platform_)},
               {"tool_version", tool_version_},
               {"version", 1}};
  return CompactJson(json);
}

Result<MachineInfo> ParseMachineInfoJson(std::string_view text, const std::string& file_name) {
  FRLIC_ASSIGN_OR_RETURN(Json json,
                         ParseStrictJson(text, "the machine information in " + file_name));
  // Format and version first: another format or version may have other members, so their
  // absence or presence says nothing until these two are right.
  if (json.contains("format") &&
      (!json["format"].is_string() || json["format"].get<std::string>() != kMachineInfoFormat)) {
    const Json& format = json["format"];
    return Error(ErrorCode::kMalformed,
                 file_name + " does not hold frlic machine information (format " +
                     (format.is_string() ? Shown(format.get<std::string>()) : format.type_name()) +
                     ", expected \"" + kMachineInfoFormat + "\")");
  }
  if (json.contains("version") && json["version"].is_number_integer() &&
      !(json["version"].is_number_unsigned() && json["version"].get<std::uint64_t>() == 1)) {
    return Error(ErrorCode::kMalformed,
                 file_name + " holds machine information of version " + json["version"].dump() +
                     "; this frlic reads version 1",
                 "the machine tool is newer than this frlic: upgrade frlic");
  }
  JsonFields top(json, file_name);
  top.RejectUnknown({"created_at", "fingerprint", "format", "hardware", "hostname",
                     "machine_public_key", "os", "platform", "tool_version", "version"});
  top.String("format");
  top.Integer("version");
  Draft draft;
  if (auto name = StringField(top, "platform")) {
    draft.platform = ParsePlatform(*name);
    if (!draft.platform) {
      top.Add("platform", "is not a platform", Shown(*name), PlatformNameList());
    }
  }
  draft.hostname = StringField(top, "hostname");
  draft.os = StringField(top, "os");
  draft.tool_version = StringField(top, "tool_version");
  if (auto created = StringField(top, "created_at")) {
    draft.created_at = ParseInstant(*created);
    if (!draft.created_at) {
      top.Add("created_at", "is not a UTC instant", Shown(*created), "YYYY-MM-DDTHH:MM:SSZ");
    }
  }
  if (auto key = StringField(top, "machine_public_key")) {
    auto raw = Base64Decode(*key);
    if (!raw) {
      top.Add("machine_public_key", "is not strict base64", Shown(*key),
              "the base64 of a 32-byte X25519 public key");
    } else if (raw->size() != 32) {
      top.Add("machine_public_key", "is not 32 bytes long", std::to_string(raw->size()) + " bytes",
              "the base64 of a 32-byte X25519 public key");
    } else {
      draft.machine_key.emplace();
      std::memcpy(draft.machine_key->data(), raw->data(), 32);
    }
  }
  std::optional<std::string> fingerprint = StringField(top, "fingerprint");
  if (const Json* hardware = top.Object("hardware")) {
    JsonFields fields(*hardware, file_name, "hardware.");
    fields.RejectUnknown({"machine_id", "macs"});
    draft.machine_id = StringField(fields, "machine_id");
    if (const Json* macs = fields.Array("macs")) {
      draft.macs.emplace();
      for (std::size_t i = 0; i < macs->size(); ++i) {
        if (!(*macs)[i].is_string()) {
          fields.Add("macs[" + std::to_string(i) + "]", "has the wrong type",
                     (*macs)[i].type_name(), "a string");
          draft.macs.reset();
          break;
        }
        draft.macs->push_back((*macs)[i].get<std::string>());
      }
    }
    for (auto& problem : fields.problems()) top.problems().push_back(std::move(problem));
  }
  std::vector<Problem> problems = std::move(top.problems());
  for (auto& problem : Validate(draft, file_name)) problems.push_back(std::move(problem));
  if (problems.empty()) {
    auto info = MachineInfo::Create(*draft.platform, *draft.hostname, *draft.os,
                                    HardwareFacts{*draft.machine_id, *draft.macs},
                                    X25519PublicKey::FromBytes(*draft.machine_key).value(),
                                    *draft.tool_version, *draft.created_at);
    if (!info.ok()) return std::move(info).error().Context(file_name);
    if (*fingerprint != info->fingerprint()) {
      problems.push_back({file_name, 0, 0, "fingerprint", "does not match the hardware identifiers",
                          Shown(*fingerprint), info->fingerprint()});
    } else if (info->ToJson() != text) {
      return Error(ErrorCode::kMalformed,
                   "the machine information in " + file_name +
                       " is not in canonical form (compact JSON, keys sorted, nothing else)",
                   "write it as the machine tool does: docs/formats.md, section 1");
    } else {
      return std::move(info).value();
    }
  }
  return Error(ErrorCode::kMalformed, "the machine information in " + file_name + " is not valid",
               std::move(problems));
}

}  // namespace frlic
