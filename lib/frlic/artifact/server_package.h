// FanruanLicenseServer.zip: the licence-server package (docs/formats.md, "Server package").
// Deterministic: sorted entries, fixed timestamps and permissions, everything under
// FanruanLicenseServer/, no directory entries, no extra fields.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "frlic/core/bytes.h"
#include "frlic/core/clock.h"
#include "frlic/core/status.h"
#include "frlic/machine/machine_info.h"

namespace frlic {

inline constexpr char kPackageRoot[] = "FanruanLicenseServer/";
inline constexpr char kPackageFileName[] = "FanruanLicenseServer.zip";
// crypto_box_seal of the 32-byte Ed25519 instance seed: 32 + crypto_box_SEALBYTES (48).
inline constexpr std::size_t kSealedInstanceKeySize = 80;
// Bounds on what a package may hold (writer and reader).
inline constexpr std::uint64_t kMaxPackageTextSize = 1u << 20;     // license.json, README.txt
inline constexpr std::uint64_t kMaxServerBinarySize = 1ull << 30;  // bin/server(.exe)
inline constexpr int kPackageDeflateLevel = 6;                     // zlib level, every entry

struct ServerPackageInput {
  std::string licence_envelope;    // FanruanLicenseServer/config/license.json
  Bytes sealed_instance_key;       // FanruanLicenseServer/config/instance.key.sealed
  Platform platform;               // names bin/server or bin/server.exe
  std::string server_binary_path;  // streamed into bin/, mode 0755; never loaded whole
  std::string readme;              // FanruanLicenseServer/README.txt
  UnixSeconds mtime = 0;           // every entry's modification time (the issue time)
};

// Writes the zip to `path`, which must not exist (kRefused if it does; the caller writes to
// a temp name, records the ledger entry and renames). The file is mode 0644 and fsynced.
// kInvalidInput for an input out of bounds (sizes, mtime before 1980 or after 2107),
// kNotFound if the server binary is missing, kIo for libzip or file errors (naming the path).
// On failure nothing is left at `path`.
Status WriteServerPackage(const ServerPackageInput& input, const std::string& path);

struct ServerPackageContents {
  std::string licence_envelope;
  Bytes sealed_instance_key;
  // "server" or "server.exe", as found in bin/. The platform is the signed licence's, never
  // a file name's: compare with CheckPackagePlatform.
  std::string server_binary_name;
  std::string readme;
  std::uint64_t server_binary_size = 0;
  bool server_binary_executable = false;  // mode 0755 (any x bit) in the entry's attributes
};

// Reads and checks a package without extracting anything to disk: exactly the four expected
// entry names (so "../", absolute names, duplicates or a second bin entry are refused, never
// followed), regular files only (no symlinks), stored or deflated, bounded sizes, every CRC
// checked (the binary is read through and discarded). kMalformed naming every offending
// entry; kNotFound if `path` does not exist.
Result<ServerPackageContents> ReadServerPackage(const std::string& path);
// The same checks, except that config/instance.key.sealed may be absent (deleted by -destroy;
// sealed_instance_key is then empty): for reading the licence of a destroyed package.
Result<ServerPackageContents> ReadServerPackageMaybeDestroyed(const std::string& path);

// kMalformed unless the package's bin entry is the one `signed_platform` needs.
Status CheckPackagePlatform(const ServerPackageContents& contents, Platform signed_platform,
                            const std::string& path);

// The README for a platform, from the template text (templates/server/README.txt.tmpl).
// Replaced: {{serial}}, {{company}}, {{expires}}, {{platform}}, {{server}} (server or
// server.exe), and the platform's instructions {{extract}}, {{start}}, {{start_port}},
// {{start_english}}, {{autostart}}, {{destroy}}. An unknown {{name}} or an unclosed "{{" is
// kInvalidInput naming it and its line.
Result<std::string> RenderServerReadme(std::string_view template_text, Platform platform,
                                       const std::string& serial, const std::string& company,
                                       const std::string& expires);

}  // namespace frlic
