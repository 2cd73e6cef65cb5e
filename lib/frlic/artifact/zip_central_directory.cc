// The central directory of a zip, read with pread: see internal/zip_central_directory.h.
#include "internal/zip_central_directory.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <optional>

#include "frlic/core/bytes.h"
#include "internal/zip_handles.h"

namespace frlic::artifact_internal {

Status PreadAll(int fd, std::uint8_t* out, std::size_t size, std::uint64_t offset,
                const std::string& path) {
  std::size_t done = 0;
  while (done < size) {
    ssize_t n = ::pread(fd, out + done, size - done, static_cast<off_t>(offset + done));
    if (n < 0) {
      if (errno == EINTR) continue;
      return IoError("cannot read", path, errno);
    }
    if (n == 0) return Error(ErrorCode::kMalformed, path + " is truncated");
    done += static_cast<std::size_t>(n);
  }
  return Ok();
}

Result<std::vector<CentralEntry>> ReadCentralDirectory(int fd, const std::string& path) {
  auto malformed = [&](const std::string& why) {
    return Error(ErrorCode::kMalformed, path + " is not a licence-server package: " + why);
  };
  struct stat st {};
  if (::fstat(fd, &st) != 0) return IoError("cannot stat", path, errno);
  const std::uint64_t size = static_cast<std::uint64_t>(st.st_size);
  constexpr std::uint64_t kEocdSize = 22;
  if (size < kEocdSize) return malformed("it is too short to be a zip file");
  // The end-of-central-directory record is the last 22 bytes plus the archive comment.
  const std::uint64_t tail_size = std::min<std::uint64_t>(size, kEocdSize + 0xFFFF);
  Bytes tail(tail_size);
  FRLIC_RETURN_IF_ERROR(PreadAll(fd, tail.data(), tail.size(), size - tail_size, path));
  std::optional<std::uint64_t> eocd;
  for (std::uint64_t i = tail_size - kEocdSize + 1; i-- > 0;) {
    const std::uint8_t* p = tail.data() + i;
    if (Le32(p) == 0x06054b50 && i + kEocdSize + Le16(p + 20) == tail_size) {
      eocd = i;
      break;
    }
  }
  if (!eocd) return malformed("it has no end of central directory record");
  const std::uint8_t* e = tail.data() + *eocd;
  const std::uint16_t entries = Le16(e + 10);
  const std::uint32_t cd_size = Le32(e + 12);
  const std::uint32_t cd_offset = Le32(e + 16);
  if (Le16(e + 4) != 0 || Le16(e + 6) != 0 || Le16(e + 8) != entries) {
    return malformed("it spans several disks");
  }
  if (entries == 0xFFFF || cd_size == 0xFFFFFFFF || cd_offset == 0xFFFFFFFF) {
    return malformed("it is a zip64 archive, which a package never is");
  }
  const std::uint64_t eocd_offset = size - tail_size + *eocd;
  if (static_cast<std::uint64_t>(cd_offset) + cd_size > eocd_offset) {
    return malformed("its central directory lies outside the file");
  }
  if (cd_size > (1u << 20)) return malformed("its central directory is implausibly large");
  Bytes cd(cd_size);
  FRLIC_RETURN_IF_ERROR(PreadAll(fd, cd.data(), cd.size(), cd_offset, path));
  std::vector<CentralEntry> out;
  std::size_t at = 0;
  for (std::uint16_t i = 0; i < entries; ++i) {
    if (at + 46 > cd.size() || Le32(cd.data() + at) != 0x02014b50) {
      return malformed("central directory entry " + std::to_string(i) + " is damaged");
    }
    const std::uint8_t* h = cd.data() + at;
    const std::size_t name_len = Le16(h + 28), extra_len = Le16(h + 30), comment_len = Le16(h + 32);
    if (at + 46 + name_len + extra_len + comment_len > cd.size()) {
      return malformed("central directory entry " + std::to_string(i) + " is truncated");
    }
    CentralEntry entry;
    entry.name.assign(reinterpret_cast<const char*>(h + 46), name_len);
    entry.header_offset = cd_offset + at;
    entry.local_offset = Le32(h + 42);
    out.push_back(std::move(entry));
    at += 46 + name_len + extra_len + comment_len;
  }
  if (at != cd.size()) return malformed("its central directory has trailing bytes");
  return out;
}

}  // namespace frlic::artifact_internal
