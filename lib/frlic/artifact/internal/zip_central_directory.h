// Internal to lib/frlic/artifact: a small reader of a zip's central directory, independent of
// libzip. The package reader compares every entry name byte for byte with it (libzip's C
// strings would hide an embedded NUL); the writer uses it to find the headers whose DOS time
// it sets itself.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "frlic/core/status.h"

namespace frlic::artifact_internal {

inline std::uint16_t Le16(const std::uint8_t* p) {
  return static_cast<std::uint16_t>(p[0] | p[1] << 8);
}
inline std::uint32_t Le32(const std::uint8_t* p) {
  return static_cast<std::uint32_t>(p[0]) | static_cast<std::uint32_t>(p[1]) << 8 |
         static_cast<std::uint32_t>(p[2]) << 16 | static_cast<std::uint32_t>(p[3]) << 24;
}

struct CentralEntry {
  std::string name;                 // raw bytes, exact length
  std::uint64_t header_offset = 0;  // of this central directory header
  std::uint64_t local_offset = 0;   // of the entry's local file header
};

// Reads exactly `size` bytes at `offset` of `fd`: kMalformed if the file ends first (it is
// truncated), kIo naming `path` otherwise.
Status PreadAll(int fd, std::uint8_t* out, std::size_t size, std::uint64_t offset,
                const std::string& path);

// The entries of the central directory of the zip open at `fd`, in their stored order.
// kMalformed naming `path` for anything a package never is: no end record, several disks,
// zip64, a directory outside the file, damaged or truncated headers, trailing bytes.
Result<std::vector<CentralEntry>> ReadCentralDirectory(int fd, const std::string& path);

}  // namespace frlic::artifact_internal
