// FanruanLicenseServer.zip through libzip's C API, plus a small reader of the zip's central
// directory: libzip 1.7 converts entry times through local time (mktime/localtime), so the
// writer sets the DOS time fields itself after closing, and the reader compares every entry
// name byte for byte (libzip's C strings would hide an embedded NUL).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <map>
#include <memory>
#include <set>

#include "frlic/artifact/server_package.h"
#include "frlic/core/files.h"
#include "frlic/core/strict_json.h"
#include "frlic/core/time.h"

namespace frlic {
namespace {

// ---- RAII over libzip and file descriptors ----

struct ZipDiscard {
  void operator()(zip_t* archive) const { zip_discard(archive); }
};
using ZipArchive = std::unique_ptr<zip_t, ZipDiscard>;

struct ZipFileClose {
  void operator()(zip_file_t* file) const { zip_fclose(file); }
};
using ZipFile = std::unique_ptr<zip_file_t, ZipFileClose>;

struct ZipSourceFree {
  void operator()(zip_source_t* source) const { zip_source_free(source); }
};
using ZipSource = std::unique_ptr<zip_source_t, ZipSourceFree>;

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

class ZipError {
 public:
  explicit ZipError(int code) { zip_error_init_with_code(&error_, code); }
  ZipError() { zip_error_init(&error_); }
  ZipError(const ZipError&) = delete;
  ZipError& operator=(const ZipError&) = delete;
  ~ZipError() { zip_error_fini(&error_); }
  zip_error_t* get() { return &error_; }
  int code() const { return zip_error_code_zip(&error_); }
  std::string text() { return zip_error_strerror(&error_); }

 private:
  zip_error_t error_;
};

Error IoError(const std::string& what, const std::string& path, int error_number) {
  return Error(ErrorCode::kIo, what + " " + path + ": " + std::strerror(error_number));
}

std::string Shown(std::string_view text) {
  constexpr std::size_t kMax = 120;
  std::string shown =
      Json(std::string(text.substr(0, kMax))).dump(-1, ' ', false, Json::error_handler_t::replace);
  if (text.size() > kMax) shown += "...";
  return shown;
}

// ---- entries ----

constexpr char kReadmeName[] = "README.txt";
constexpr char kLicenceName[] = "config/license.json";
constexpr char kSealedKeyName[] = "config/instance.key.sealed";

std::string EntryName(std::string_view relative) { return kPackageRoot + std::string(relative); }
std::string BinaryEntryName(std::string_view binary) {
  return EntryName("bin/" + std::string(binary));
}

// ---- DOS time: the UTC wall clock of the instant, 2-second resolution ----

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

// ---- the central directory, read independently of libzip ----

std::uint16_t Le16(const std::uint8_t* p) { return static_cast<std::uint16_t>(p[0] | p[1] << 8); }
std::uint32_t Le32(const std::uint8_t* p) {
  return static_cast<std::uint32_t>(p[0]) | static_cast<std::uint32_t>(p[1]) << 8 |
         static_cast<std::uint32_t>(p[2]) << 16 | static_cast<std::uint32_t>(p[3]) << 24;
}

struct CentralEntry {
  std::string name;                 // raw bytes, exact length
  std::uint64_t header_offset = 0;  // of this central directory header
  std::uint64_t local_offset = 0;   // of the entry's local file header
};

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

// ---- writing ----

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

// ---- reading ----

namespace {

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

Result<ServerPackageContents> ReadServerPackage(const std::string& path) {
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
