// Writing FanruanLicenseServer.zip through libzip's C API. libzip 1.7 converts entry times
// through local time (mktime/localtime), so the writer sets the DOS time fields itself after
// closing the archive, in every local and central header.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include <array>
#include <cerrno>

#include "frlic/artifact/server_package.h"
#include "frlic/core/time.h"
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
using artifact_internal::Le32;
using artifact_internal::PreadAll;
using artifact_internal::ReadCentralDirectory;
using artifact_internal::ZipArchive;
using artifact_internal::ZipError;
using artifact_internal::ZipSource;

// A zip entry's DOS time: the UTC wall clock of the instant, 2-second resolution.
struct DosTime {
  std::uint16_t time = 0;
  std::uint16_t date = 0;
};

Result<DosTime> ToDosTime(UnixSeconds instant) {
  const UnixSeconds first = StartOfDay({1980, 1, 1});
  const UnixSeconds last = StartOfDay({2107, 12, 31}) + 86399;
  if (instant < first || instant > last) {
    return Error(ErrorCode::kInvalidInput,
                 "a zip entry time must be between 1980-01-01T00:00:00Z and "
                 "2107-12-31T23:59:59Z, not " +
                     FormatInstant(instant));
  }
  const CivilDate day = DateOf(instant);
  const UnixSeconds seconds = instant - StartOfDay(day);
  DosTime dos;
  dos.time = static_cast<std::uint16_t>((seconds / 3600) << 11 | (seconds / 60 % 60) << 5 |
                                        (seconds % 60) / 2);
  dos.date = static_cast<std::uint16_t>((day.year - 1980) << 9 | day.month << 5 | day.day);
  return dos;
}

// Writes the DOS time and date into every local and central header, sets the mode, fsyncs.
Status FinishPackageFile(const std::string& path, DosTime dos) {
  Fd fd(::open(path.c_str(), O_RDWR | O_CLOEXEC | O_NOFOLLOW));
  if (fd.get() < 0) return IoError("cannot reopen", path, errno);
  FRLIC_ASSIGN_OR_RETURN(std::vector<CentralEntry> entries, ReadCentralDirectory(fd.get(), path));
  const std::array<std::uint8_t, 4> stamp = {
      static_cast<std::uint8_t>(dos.time & 0xFF), static_cast<std::uint8_t>(dos.time >> 8),
      static_cast<std::uint8_t>(dos.date & 0xFF), static_cast<std::uint8_t>(dos.date >> 8)};
  for (const auto& entry : entries) {
    std::array<std::uint8_t, 4> signature{};
    FRLIC_RETURN_IF_ERROR(PreadAll(fd.get(), signature.data(), 4, entry.local_offset, path));
    if (Le32(signature.data()) != 0x04034b50) {
      return Error(ErrorCode::kInternal, "libzip wrote " + path + " with a damaged local header");
    }
    for (std::uint64_t offset : {entry.local_offset + 10, entry.header_offset + 12}) {
      if (::pwrite(fd.get(), stamp.data(), stamp.size(), static_cast<off_t>(offset)) !=
          static_cast<ssize_t>(stamp.size())) {
        return IoError("cannot write", path, errno);
      }
    }
  }
  if (::fchmod(fd.get(), 0644) != 0) return IoError("cannot chmod", path, errno);
  if (::fsync(fd.get()) != 0) return IoError("cannot fsync", path, errno);
  return Ok();
}

// Adds entries to an open archive, each deflated with its Unix mode and the DOS time.
class PackageWriter {
 public:
  PackageWriter(zip_t* archive, const std::string& path, DosTime dos)
      : archive_(archive), path_(path), dos_(dos) {}

  // Adds `source` (owned from here on) as `name` with Unix `mode`.
  Status Add(const std::string& name, zip_source_t* raw_source, unsigned mode) {
    ZipSource source(raw_source);
    zip_int64_t index = zip_file_add(archive_, name.c_str(), source.get(), ZIP_FL_ENC_UTF_8);
    if (index < 0) return Failed("cannot add " + name);
    source.release();  // the archive owns it now
    const auto i = static_cast<zip_uint64_t>(index);
    if (zip_set_file_compression(archive_, i, ZIP_CM_DEFLATE, kPackageDeflateLevel) != 0 ||
        zip_file_set_external_attributes(archive_, i, 0, ZIP_OPSYS_UNIX,
                                         static_cast<zip_uint32_t>(S_IFREG | mode) << 16) != 0 ||
        zip_file_set_dostime(archive_, i, dos_.time, dos_.date, 0) != 0) {
      return Failed("cannot set the attributes of " + name);
    }
    return Ok();
  }

  Status AddBuffer(const std::string& name, ByteView bytes, unsigned mode) {
    zip_source_t* source = zip_source_buffer(archive_, bytes.data(), bytes.size(), 0);
    if (source == nullptr) return Failed("cannot add " + name);
    return Add(name, source, mode);
  }

  Status AddFile(const std::string& name, const std::string& file, unsigned mode) {
    ZipError error;
    zip_source_t* source = zip_source_file_create(file.c_str(), 0, -1, error.get());
    if (source == nullptr) {
      return Error(ErrorCode::kIo, "cannot read " + file + " for " + path_ + ": " + error.text());
    }
    return Add(name, source, mode);
  }

 private:
  Error Failed(const std::string& what) {
    return Error(ErrorCode::kIo, "writing " + path_ + ": " + what + ": " + zip_strerror(archive_));
  }
  zip_t* archive_;
  const std::string& path_;
  DosTime dos_;
};

Status CheckInput(const ServerPackageInput& input) {
  auto bad = [](const std::string& what) { return Error(ErrorCode::kInvalidInput, what); };
  if (input.licence_envelope.empty() || input.licence_envelope.size() > kMaxPackageTextSize) {
    return bad("the licence for the package must be 1 to " + std::to_string(kMaxPackageTextSize) +
               " bytes, not " + std::to_string(input.licence_envelope.size()));
  }
  if (input.readme.empty() || input.readme.size() > kMaxPackageTextSize) {
    return bad("the package README must be 1 to " + std::to_string(kMaxPackageTextSize) +
               " bytes, not " + std::to_string(input.readme.size()));
  }
  if (input.sealed_instance_key.size() != kSealedInstanceKeySize) {
    return bad("the sealed instance key must be " + std::to_string(kSealedInstanceKeySize) +
               " bytes, not " + std::to_string(input.sealed_instance_key.size()));
  }
  struct stat st {};
  if (::stat(input.server_binary_path.c_str(), &st) != 0) {
    if (errno == ENOENT) {
      return Error(ErrorCode::kNotFound,
                   "the server binary " + input.server_binary_path + " does not exist",
                   std::string("the directory of server binaries must hold ") +
                       PlatformName(input.platform) + "/" + ServerBinaryName(input.platform));
    }
    return IoError("cannot stat", input.server_binary_path, errno);
  }
  if (!S_ISREG(st.st_mode))
    return bad("the server binary " + input.server_binary_path + " is not a regular file");
  if (static_cast<std::uint64_t>(st.st_size) > kMaxServerBinarySize) {
    return bad("the server binary " + input.server_binary_path + " is " +
               std::to_string(st.st_size) + " bytes, more than the " +
               std::to_string(kMaxServerBinarySize) + " a package may hold");
  }
  return Ok();
}

}  // namespace

Status WriteServerPackage(const ServerPackageInput& input, const std::string& path) {
  FRLIC_RETURN_IF_ERROR(CheckInput(input));
  FRLIC_ASSIGN_OR_RETURN(DosTime dos, ToDosTime(input.mtime));
  struct stat existing {};
  if (::lstat(path.c_str(), &existing) == 0) {
    return Error(ErrorCode::kRefused, path + " already exists; frlic does not overwrite it");
  }
  int code = 0;
  ZipArchive archive(zip_open(path.c_str(), ZIP_CREATE | ZIP_EXCL, &code));
  if (!archive) {
    ZipError error(code);
    return Error(code == ZIP_ER_EXISTS ? ErrorCode::kRefused : ErrorCode::kIo,
                 "cannot create " + path + ": " + error.text());
  }
  PackageWriter writer(archive.get(), path, dos);
  // Sorted by name (byte order): README.txt, bin/, config/instance..., config/license.json.
  FRLIC_RETURN_IF_ERROR(writer.AddBuffer(EntryName(kReadmeName), AsBytes(input.readme), 0644));
  FRLIC_RETURN_IF_ERROR(writer.AddFile(BinaryEntryName(ServerBinaryName(input.platform)),
                                       input.server_binary_path, 0755));
  FRLIC_RETURN_IF_ERROR(
      writer.AddBuffer(EntryName(kSealedKeyName), input.sealed_instance_key, 0600));
  FRLIC_RETURN_IF_ERROR(
      writer.AddBuffer(EntryName(kLicenceName), AsBytes(input.licence_envelope), 0644));
  if (zip_close(archive.get()) != 0) {
    return Error(ErrorCode::kIo, "writing " + path + ": " + zip_strerror(archive.get()));
  }
  archive.release();  // zip_close freed it
  auto finished = FinishPackageFile(path, dos);
  if (!finished.ok()) {
    ::unlink(path.c_str());
    return finished;
  }
  return Ok();
}

}  // namespace frlic
