// What makes machine information valid: the length and character rules of its text fields,
// MAC addresses canonical, sorted and unique, a machine key a licence can be sealed to, and
// created_at within years 1970..9999.
#include "internal/machine_info_rules.h"

#include <sodium.h>

#include <algorithm>
#include <array>

#include "frlic/core/bytes.h"
#include "frlic/core/sodium.h"
#include "internal/shown.h"

namespace frlic {
namespace {

using machine_internal::Shown;

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

}  // namespace

namespace machine_internal {

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

}  // namespace machine_internal

bool IsUsableX25519PublicKey(const X25519PublicKey& key) {
  return IsCanonicalX25519(key.bytes()) && !IsLowOrderX25519(key.bytes());
}

}  // namespace frlic
