// MachineInfo.rif: what the customer's machine tool exports from the licence-server host,
// sealed to the issuer's RIF key (docs/formats.md, "MachineInfo.rif").
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "frlic/core/bytes.h"
#include "frlic/core/clock.h"
#include "frlic/core/secret_bytes.h"
#include "frlic/core/status.h"
#include "frlic/keys/keyring.h"
#include "frlic/keys/x25519.h"

namespace frlic {

enum class Platform { kWindows, kLinuxAmd64, kLinuxI386, kLinuxArm32, kLinuxArm64, kMacos };
inline constexpr Platform kAllPlatforms[] = {Platform::kWindows,    Platform::kLinuxAmd64,
                                             Platform::kLinuxI386,  Platform::kLinuxArm32,
                                             Platform::kLinuxArm64, Platform::kMacos};
// "windows", "linux-amd64", "linux-i386", "linux-arm32", "linux-arm64", "macos".
const char* PlatformName(Platform platform);
// Exactly one of the names above (case-sensitive); nullopt otherwise.
std::optional<Platform> ParsePlatform(std::string_view name);
// "windows, linux-amd64, ..., macos": for messages that say what would be right.
std::string PlatformNameList();
// The server binary's name inside the package: "server.exe" on Windows, else "server".
const char* ServerBinaryName(Platform platform);

inline constexpr char kRifMagic[] = "frlic-rif-v1\n";
inline constexpr char kMachineInfoFormat[] = "frlic.machine-info";
inline constexpr std::size_t kMaxRifSize = 64 * 1024;

// The stable hardware identifiers of the host; the fingerprint is derived from these only.
struct HardwareFacts {
  std::string machine_id;  // /etc/machine-id, the Windows MachineGuid, the macOS IOPlatformUUID
  std::vector<std::string> macs;  // lower-case "aa:bb:cc:dd:ee:ff", sorted, unique
  bool operator==(const HardwareFacts&) const = default;
};

// A MAC address in any common spelling ("AA:BB:CC:DD:EE:FF", "aa-bb-cc-dd-ee-ff") as the
// canonical lower-case, colon-separated form; nullopt unless it is exactly 6 octets.
std::optional<std::string> CanonicalMac(std::string_view text);
// Canonicalises every MAC, sorts them and drops duplicates. kInvalidInput naming every MAC
// that is not one. (MachineInfo::Create itself accepts only the canonical form.)
Result<HardwareFacts> NormalizeHardwareFacts(std::string machine_id,
                                             const std::vector<std::string>& macs);

// hex(SHA-256("frlic-machine-fingerprint-v1\n" || compact sorted JSON
// {"machine_id":...,"macs":[...]})): 64 lower-case hex characters.
std::string MachineFingerprint(const HardwareFacts& facts);

// True for a 32-byte X25519 public key that a licence can be sealed to: canonical (below
// 2^255 - 19) and not of low order (X25519 with a fixed test scalar is not all zeros).
bool IsUsableX25519PublicKey(const X25519PublicKey& key);

class MachineInfo {
 public:
  // Validates every field (hostname, os, tool version: 1..255 bytes of UTF-8 without control
  // characters; machine id: 1..128 printable ASCII; 1..64 MACs, canonical, sorted, unique, not
  // all zero; machine key canonical and not of low order; created_at in years 1970..9999);
  // computes the fingerprint. kInvalidInput with every problem.
  static Result<MachineInfo> Create(Platform platform, std::string hostname, std::string os,
                                    HardwareFacts hardware, X25519PublicKey machine_key,
                                    std::string tool_version, UnixSeconds created_at);

  Platform platform() const { return platform_; }
  const std::string& hostname() const { return hostname_; }
  const std::string& os() const { return os_; }
  const HardwareFacts& hardware() const { return hardware_; }
  const std::string& fingerprint() const { return fingerprint_; }
  const X25519PublicKey& machine_public_key() const { return machine_key_; }
  const std::string& tool_version() const { return tool_version_; }
  UnixSeconds created_at() const { return created_at_; }

  // The plaintext JSON (compact, sorted keys) that gets sealed.
  std::string ToJson() const;

 private:
  MachineInfo(Platform platform, std::string hostname, std::string os, HardwareFacts hardware,
              std::string fingerprint, X25519PublicKey machine_key, std::string tool_version,
              UnixSeconds created_at);
  Platform platform_;
  std::string hostname_;
  std::string os_;
  HardwareFacts hardware_;
  std::string fingerprint_;
  X25519PublicKey machine_key_;
  std::string tool_version_;
  UnixSeconds created_at_;
};

// Parses and validates the plaintext (as sealed in a RIF, or as machine.json): strict JSON,
// exactly the members of version 1, every field valid, the fingerprint matching the hardware,
// and the text byte-identical to ToJson() of the result. kMalformed with every problem.
Result<MachineInfo> ParseMachineInfoJson(std::string_view text, const std::string& file_name);

// The file: "frlic-rif-v1\n" || rif_key_id || "\n" || crypto_box_seal(ToJson(), rif_public).
// kInvalidInput if the key id is not well-formed or the RIF key is unusable (low order).
Result<Bytes> SealMachineInfo(const MachineInfo& info, const X25519PublicKey& rif_public,
                              const std::string& rif_key_id);
// The same construction with the ephemeral key drawn from `random` (a SeededRandom gives
// byte-identical files, for test vectors); opens with crypto_box_seal_open like the above.
Result<Bytes> SealMachineInfo(const MachineInfo& info, const X25519PublicKey& rif_public,
                              const std::string& rif_key_id, Random& random);

// The RIF key id a RIF file names in its header (kMalformed if the header is not there).
Result<std::string> RifKeyIdOf(ByteView file, const std::string& file_name);

// Opens and validates. kMalformed: not a RIF, truncated, unknown version, missing/extra
// fields, a bad field, a fingerprint that does not match the hardware; kUnknownKey: sealed to
// another key than `rif_key` (message names it); kBadSignature: the sealed box does not open
// with that key (damaged, or the header was altered).
Result<MachineInfo> OpenMachineInfo(ByteView file, const RifKey& rif_key,
                                    const std::string& file_name);
// Reads the header, unlocks the RIF key it names from `keyring` and opens the file with it.
// kUnknownKey (naming the key and the keyring's RIF keys) when the keyring does not hold it.
Result<MachineInfo> OpenMachineInfo(ByteView file, const Keyring& keyring,
                                    const SecretBytes& passphrase, const std::string& file_name);

}  // namespace frlic
