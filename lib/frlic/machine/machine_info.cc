// The machine information (docs/formats.md, "MachineInfo.rif"): validation, the fingerprint,
// the canonical plaintext and its strict reader.
#include "frlic/machine/machine_info.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cstring>

#include "frlic/core/sodium.h"
#include "frlic/core/strict_json.h"
#include "frlic/core/time.h"
#include "internal/shown.h"

namespace frlic {
namespace {

using machine_internal::Shown;

constexpr char kFingerprintContext[] = "frlic-machine-fingerprint-v1\n";
constexpr std::size_t kMaxText = 255;
constexpr std::size_t kMaxToolVersion = 64;
constexpr std::size_t kMaxMachineId = 128;
constexpr std::size_t kMaxMacs = 64;
constexpr UnixSeconds kLatestInstant = 253402300799;  // 9999-12-31T23:59:59Z
constexpr char kZeroMac[] = "00:00:00:00:00:00";

// Any scalar will do: X25519 clamps it to a multiple of 8, which sends every point of order
// 1, 2, 4 or 8 to the all-zero value.
constexpr std::array<std::uint8_t, 32> kTestScalar = {
    0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10,
    0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f, 0x20};

// Well-formed UTF-8 (no overlong forms, surrogates or code points above U+10FFFF) without
// control characters (C0, DEL, C1).
bool IsCleanUtf8(std::string_view text) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    const unsigned char c = p[i];
    if (c < 0x80) {
      if (c < 0x20 || c == 0x7f) return false;
      ++i;
      continue;
    }
    std::size_t length = 0;
    std::uint32_t code = 0;
    if (c >= 0xc2 && c <= 0xdf) {
      length = 2;
      code = c & 0x1f;
    } else if (c >= 0xe0 && c <= 0xef) {
      length = 3;
      code = c & 0x0f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      length = 4;
      code = c & 0x07;
    } else {
      return false;
    }
    if (i + length > n) return false;
    for (std::size_t k = 1; k < length; ++k) {
      if ((p[i + k] & 0xc0) != 0x80) return false;
      code = (code << 6) | (p[i + k] & 0x3f);
    }
    if ((length == 3 && code < 0x800) || (length == 4 && code < 0x10000) || code > 0x10ffff ||
        (code >= 0xd800 && code <= 0xdfff) || (code >= 0x80 && code <= 0x9f)) {
      return false;
    }
    i += length;
  }
  return true;
}

bool IsCanonicalX25519(const std::array<std::uint8_t, 32>& b) {
  if ((b[31] & 0x80) != 0) return false;
  // Little-endian; p = 2^255 - 19 is ed ff .. ff 7f. Values p .. 2^255-1 are non-canonical.
  if (b[31] != 0x7f || b[0] < 0xed) return true;
  for (std::size_t i = 1; i < 31; ++i) {
    if (b[i] != 0xff) return true;
  }
  return false;
}

bool IsLowOrderX25519(const std::array<std::uint8_t, 32>& b) {
  RequireSodium();
  std::array<std::uint8_t, 32> out{};
  const bool failed = crypto_scalarmult(out.data(), kTestScalar.data(), b.data()) != 0;
  return failed || sodium_is_zero(out.data(), out.size()) == 1;
}

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

void CheckText(std::vector<Problem>& problems, const std::string& file, const char* field,
               const std::optional<std::string>& value, std::size_t max) {
  if (!value) return;
  const std::string expected =
      "1 to " + std::to_string(max) + " bytes of UTF-8 text without control characters";
  if (value->empty()) {
    problems.push_back({file, 0, 0, field, "is empty", {}, expected});
  } else if (value->size() > max) {
    problems.push_back(
        {file, 0, 0, field, "is too long", std::to_string(value->size()) + " bytes", expected});
  } else if (!IsCleanUtf8(*value)) {
    problems.push_back({file, 0, 0, field, "is not UTF-8 text without control characters",
                        Shown(*value), expected});
  }
}

std::vector<Problem> Validate(const Draft& draft, const std::string& file) {
  std::vector<Problem> problems;
  if (draft.platform && !ParsePlatform(PlatformName(*draft.platform))) {
    problems.push_back({file, 0, 0, "platform", "is not a platform", {}, PlatformNameList()});
  }
  CheckText(problems, file, "hostname", draft.hostname, kMaxText);
  CheckText(problems, file, "os", draft.os, kMaxText);
  CheckText(problems, file, "tool_version", draft.tool_version, kMaxToolVersion);
  if (draft.machine_id) {
    const std::string& id = *draft.machine_id;
    const bool printable = std::all_of(id.begin(), id.end(), [](char c) {
      return static_cast<unsigned char>(c) > 0x20 && static_cast<unsigned char>(c) < 0x7f;
    });
    if (id.empty() || id.size() > kMaxMachineId || !printable) {
      problems.push_back({file, 0, 0, "hardware.machine_id",
                          id.empty() ? "is empty" : "is not a machine id", Shown(id),
                          "1 to 128 printable ASCII characters without spaces"});
    }
  }
  if (draft.macs) {
    const auto& macs = *draft.macs;
    if (macs.empty() || macs.size() > kMaxMacs) {
      problems.push_back({file, 0, 0, "hardware.macs",
                          macs.empty() ? "is empty" : "lists too many addresses",
                          std::to_string(macs.size()) + " addresses",
                          "1 to 64 MAC addresses of the host's physical network interfaces"});
    }
    bool all_canonical = true;
    for (std::size_t i = 0; i < macs.size(); ++i) {
      const std::string field = "hardware.macs[" + std::to_string(i) + "]";
      auto canonical = CanonicalMac(macs[i]);
      if (!canonical || *canonical != macs[i]) {
        all_canonical = false;
        problems.push_back({file, 0, 0, field, "is not a MAC address in canonical form",
                            Shown(macs[i]), "lower-case \"aa:bb:cc:dd:ee:ff\""});
      } else if (macs[i] == kZeroMac) {
        problems.push_back({file, 0, 0, field, "is the all-zero address", macs[i],
                            "the address of a physical network interface"});
      }
    }
    if (all_canonical) {
      for (std::size_t i = 1; i < macs.size(); ++i) {
        if (macs[i - 1] >= macs[i]) {
          problems.push_back(
              {file, 0, 0, "hardware.macs",
               macs[i - 1] == macs[i] ? "lists an address twice" : "is not in ascending order",
               macs[i - 1] + " before " + macs[i], "unique addresses in ascending order"});
          break;
        }
      }
    }
  }
  if (draft.machine_key) {
    if (!IsCanonicalX25519(*draft.machine_key)) {
      problems.push_back({file, 0, 0, "machine_public_key",
                          "is not a canonical X25519 public key (its value is 2^255 - 19 or "
                          "more)",
                          Base64Encode(*draft.machine_key),
                          "the public key the machine tool generated"});
    } else if (IsLowOrderX25519(*draft.machine_key)) {
      problems.push_back({file, 0, 0, "machine_public_key",
                          "is a low-order X25519 point: anything sealed to it could be opened "
                          "by anyone",
                          Base64Encode(*draft.machine_key),
                          "the public key the machine tool generated"});
    }
  }
  if (draft.created_at && (*draft.created_at < 0 || *draft.created_at > kLatestInstant)) {
    problems.push_back({file, 0, 0, "created_at", "is out of range",
                        std::to_string(*draft.created_at),
                        "an instant from 1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z"});
  }
  return problems;
}

Json HardwareJson(const HardwareFacts& facts) {
  return Json{{"machine_id", facts.machine_id}, {"macs", facts.macs}};
}

std::string Dump(const Json& json) {
  // Create has checked every string is UTF-8, so "replace" never changes anything; it only
  // keeps dump() from throwing for callers that skip validation.
  return json.dump(-1, ' ', false, Json::error_handler_t::replace);
}

// Reads a string member; nullopt when missing or of another type (reported by `fields`).
std::optional<std::string> StringField(JsonFields& fields, const std::string& key) {
  const std::size_t before = fields.problems().size();
  std::string value = fields.String(key);
  if (fields.problems().size() != before) return std::nullopt;
  return value;
}

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
  const std::string message = kFingerprintContext + Dump(HardwareJson(facts));
  return Sha256Hex(AsBytes(message));
}

bool IsUsableX25519PublicKey(const X25519PublicKey& key) {
  return IsCanonicalX25519(key.bytes()) && !IsLowOrderX25519(key.bytes());
}

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
  return Dump(json);
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
