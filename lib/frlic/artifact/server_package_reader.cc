// Reading FanruanLicenseServer.zip, which may be hostile, without extracting anything: the
// entry names are checked first on the raw central directory (byte for byte), then libzip
// reads the four expected entries, checking every CRC.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include <array>
#include <cerrno>
#include <map>
#include <set>

#include "frlic/artifact/server_package.h"
#include "frlic/core/strict_json.h"
#include "internal/package_entries.h"
#include "internal/zip_central_directory.h"
#include "internal/zip_handles.h"

namespace frlic {
namespace {

using artifact_internal::BinaryEntryName;
using artifact_internal::CentralEntry;
using artifact_internal::EntryName;
using artifact_internal::Fd;
using artifact_internal::IoError;
using artifact_internal::kLicenceName;
using artifact_internal::kReadmeName;
using artifact_internal::kSealedKeyName;
using artifact_internal::ReadCentralDirectory;
using artifact_internal::ZipArchive;
using artifact_internal::ZipError;
using artifact_internal::ZipFile;

// An entry name as a JSON string for a Problem's `found`: at most 120 bytes, escaped.
std::string Shown(std::string_view text) {
  constexpr std::size_t kMax = 120;
  std::string shown =
      Json(std::string(text.substr(0, kMax))).dump(-1, ' ', false, Json::error_handler_t::replace);
  if (text.size() > kMax) shown += "...";
  return shown;
}

enum class Entry { kReadme, kBinary, kSealedKey, kLicence };

struct Expected {
  Entry entry;
  std::uint64_t max_size;
  std::uint64_t exact_size = 0;  // 0: any size up to max_size
};

std::map<std::string, Expected> ExpectedEntries() {
  return {
      {EntryName(kReadmeName), {Entry::kReadme, kMaxPackageTextSize}},
      {BinaryEntryName("server"), {Entry::kBinary, kMaxServerBinarySize}},
      {BinaryEntryName("server.exe"), {Entry::kBinary, kMaxServerBinarySize}},
      {EntryName(kSealedKeyName),
       {Entry::kSealedKey, kSealedInstanceKeySize, kSealedInstanceKeySize}},
      {EntryName(kLicenceName), {Entry::kLicence, kMaxPackageTextSize}},
  };
}

// Reads an entry's data through libzip (which checks the CRC at the end), at most `size`
// bytes kept; `keep` false counts and discards (the server binary).
Result<Bytes> ReadEntry(zip_t* archive, zip_uint64_t index, std::uint64_t size, bool keep,
                        const std::string& name, const std::string& path) {
  ZipFile file(zip_fopen_index(archive, index, 0));
  if (!file) {
    return Error(ErrorCode::kMalformed,
                 path + ": cannot read " + name + ": " + zip_strerror(archive));
  }
  Bytes out;
  if (keep) out.reserve(static_cast<std::size_t>(size));
  std::array<std::uint8_t, 1 << 16> buffer{};
  std::uint64_t total = 0;
  for (;;) {
    zip_int64_t n = zip_fread(file.get(), buffer.data(), buffer.size());
    if (n < 0) {
      return Error(ErrorCode::kMalformed,
                   path + ": " + name + " is damaged: " + zip_file_strerror(file.get()));
    }
    if (n == 0) break;
    total += static_cast<std::uint64_t>(n);
    if (total > size) {
      return Error(ErrorCode::kMalformed, path + ": " + name + " holds more than its declared " +
                                              std::to_string(size) + " bytes");
    }
    if (keep) out.insert(out.end(), buffer.begin(), buffer.begin() + n);
  }
  if (total != size) {
    return Error(ErrorCode::kMalformed, path + ": " + name + " holds " + std::to_string(total) +
                                            " bytes, not its declared " + std::to_string(size));
  }
  return out;
}

}  // namespace

// `sealed_key_optional`: a package whose instance key -destroy deleted reads too.
static Result<ServerPackageContents> ReadServerPackageEntries(const std::string& path,
                                                              bool sealed_key_optional) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) {
    if (errno == ENOENT) return Error(ErrorCode::kNotFound, path + " does not exist");
    return IoError("cannot open", path, errno);
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return IoError("cannot stat", path, errno);
  if (!S_ISREG(st.st_mode)) return Error(ErrorCode::kInvalidInput, path + " is not a regular file");
  FRLIC_ASSIGN_OR_RETURN(std::vector<CentralEntry> central, ReadCentralDirectory(fd.get(), path));

  // Names first, from the raw central directory: every problem at once.
  const auto expected = ExpectedEntries();
  std::vector<Problem> problems;
  auto problem = [&](const std::string& name, std::string message, std::string expected_text) {
    problems.push_back(
        Problem{path, 0, 0, name, std::move(message), Shown(name), std::move(expected_text)});
  };
  std::set<std::string> seen;
  std::string binary_entry;
  for (const auto& entry : central) {
    auto it = expected.find(entry.name);
    if (it == expected.end()) {
      problem(entry.name, "is not an entry of a licence-server package",
              "only README.txt, bin/server or bin/server.exe, config/instance.key.sealed and "
              "config/license.json under FanruanLicenseServer/");
      continue;
    }
    if (!seen.insert(entry.name).second) {
      problem(entry.name, "appears more than once", "each entry once");
      continue;
    }
    if (it->second.entry == Entry::kBinary) {
      if (!binary_entry.empty()) {
        problem(entry.name, "is a second server binary", "only " + binary_entry);
        continue;
      }
      binary_entry = entry.name;
    }
  }
  for (const auto& [name, what] : expected) {
    if (what.entry == Entry::kBinary) continue;
    if (sealed_key_optional && what.entry == Entry::kSealedKey) continue;
    if (!seen.count(name)) problem(name, "is missing", "the entry " + name);
  }
  if (binary_entry.empty()) {
    problem(BinaryEntryName("server"), "is missing", "bin/server or bin/server.exe");
  }
  auto malformed = [&](std::vector<Problem> found) {
    std::size_t count = found.size();
    return Error(ErrorCode::kMalformed,
                 path + " is not a valid licence-server package (" + std::to_string(count) +
                     (count == 1 ? " problem)" : " problems)"),
                 std::move(found));
  };
  if (!problems.empty()) return malformed(std::move(problems));

  int duplicate = ::dup(fd.get());
  if (duplicate < 0) return IoError("cannot dup", path, errno);
  int code = 0;
  ZipArchive archive(zip_fdopen(duplicate, ZIP_RDONLY | ZIP_CHECKCONS, &code));
  if (!archive) {
    ::close(duplicate);
    ZipError error(code);
    return Error(ErrorCode::kMalformed, path + " is not a readable zip file: " + error.text());
  }
  const zip_int64_t count = zip_get_num_entries(archive.get(), 0);
  if (count < 0 || static_cast<std::size_t>(count) != central.size()) {
    return Error(ErrorCode::kMalformed, path + ": libzip and the central directory disagree");
  }

  ServerPackageContents contents;
  struct Pending {
    zip_uint64_t index;
    std::string name;
    Entry entry;
    std::uint64_t size;
  };
  std::vector<Pending> reads;
  for (zip_uint64_t i = 0; i < static_cast<zip_uint64_t>(count); ++i) {
    const std::string& name = central[i].name;
    const char* libzip_name = zip_get_name(archive.get(), i, ZIP_FL_ENC_RAW);
    if (libzip_name == nullptr || name != libzip_name) {
      problem(name, "has a name libzip reads differently (an embedded NUL byte?)", {});
      continue;
    }
    const Expected& what = expected.at(name);
    zip_stat_t stat;
    zip_stat_init(&stat);
    if (zip_stat_index(archive.get(), i, 0, &stat) != 0 || !(stat.valid & ZIP_STAT_SIZE) ||
        !(stat.valid & ZIP_STAT_COMP_METHOD) || !(stat.valid & ZIP_STAT_ENCRYPTION_METHOD)) {
      problem(name, "cannot be examined", {});
      continue;
    }
    if (stat.encryption_method != ZIP_EM_NONE) problem(name, "is encrypted", "no encryption");
    if (stat.comp_method != ZIP_CM_STORE && stat.comp_method != ZIP_CM_DEFLATE) {
      problem(name, "uses compression method " + std::to_string(stat.comp_method),
              "stored (0) or deflated (8)");
    }
    if (what.exact_size != 0 ? stat.size != what.exact_size : stat.size > what.max_size) {
      problem(name, "declares " + std::to_string(stat.size) + " bytes",
              what.exact_size != 0 ? "exactly " + std::to_string(what.exact_size) + " bytes"
                                   : "at most " + std::to_string(what.max_size) + " bytes");
    }
    zip_uint8_t opsys = 0;
    zip_uint32_t attributes = 0;
    if (zip_file_get_external_attributes(archive.get(), i, 0, &opsys, &attributes) != 0) {
      problem(name, "has unreadable attributes", {});
      continue;
    }
    const mode_t mode = static_cast<mode_t>(attributes >> 16);
    if (opsys != ZIP_OPSYS_UNIX) {
      problem(name, "has no Unix attributes (operating system " + std::to_string(opsys) + ")",
              "Unix (3)");
    } else if (S_ISLNK(mode)) {
      problem(name, "is a symbolic link", "a regular file");
    } else if (!S_ISREG(mode)) {
      problem(name, "is not a regular file", "a regular file");
    }
    if (what.entry == Entry::kBinary) {
      contents.server_binary_name = name.substr(name.rfind('/') + 1);
      contents.server_binary_size = stat.size;
      contents.server_binary_executable = (mode & 0111) != 0;
    }
    reads.push_back(Pending{i, name, what.entry, stat.size});
  }
  if (!problems.empty()) return malformed(std::move(problems));

  for (const auto& read : reads) {
    const bool keep = read.entry != Entry::kBinary;
    FRLIC_ASSIGN_OR_RETURN(Bytes data,
                           ReadEntry(archive.get(), read.index, read.size, keep, read.name, path));
    switch (read.entry) {
      case Entry::kReadme:
        contents.readme.assign(data.begin(), data.end());
        break;
      case Entry::kLicence:
        contents.licence_envelope.assign(data.begin(), data.end());
        break;
      case Entry::kSealedKey:
        contents.sealed_instance_key = std::move(data);
        break;
      case Entry::kBinary:
        break;
    }
  }
  return contents;
}

Result<ServerPackageContents> ReadServerPackage(const std::string& path) {
  return ReadServerPackageEntries(path, false);
}

Result<ServerPackageContents> ReadServerPackageMaybeDestroyed(const std::string& path) {
  return ReadServerPackageEntries(path, true);
}

Status CheckPackagePlatform(const ServerPackageContents& contents, Platform signed_platform,
                            const std::string& path) {
  const std::string wanted = ServerBinaryName(signed_platform);
  if (contents.server_binary_name != wanted) {
    return Error(ErrorCode::kMalformed, path + " carries bin/" + contents.server_binary_name +
                                            ", but its licence is for " +
                                            PlatformName(signed_platform) + ", which runs bin/" +
                                            wanted);
  }
  return Ok();
}

}  // namespace frlic
