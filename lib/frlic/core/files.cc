#include "frlic/core/files.h"

#include <fcntl.h>
#include <stdio.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "frlic/core/clock.h"

namespace frlic {
namespace {

Error IoError(const std::string& what, const std::string& path, int error_number) {
  return Error(ErrorCode::kIo, what + " " + path + ": " + std::strerror(error_number));
}

std::string DirectoryOf(const std::string& path) {
  auto parent = std::filesystem::path(path).parent_path();
  return parent.empty() ? std::string(".") : parent.string();
}

Status FsyncDirectory(const std::string& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return IoError("cannot open directory", dir, errno);
  int rc = ::fsync(fd);
  int saved = errno;
  ::close(fd);
  if (rc != 0) return IoError("cannot fsync directory", dir, saved);
  return Ok();
}

Status WriteAll(int fd, ByteView bytes, const std::string& path) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return IoError("cannot write", path, errno);
    }
    done += static_cast<std::size_t>(n);
  }
  return Ok();
}

Result<Bytes> ReadFd(int fd, const std::string& path, std::uint64_t max_size) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) return IoError("cannot stat", path, errno);
  if (!S_ISREG(st.st_mode)) {
    return Error(ErrorCode::kInvalidInput, path + " is not a regular file");
  }
  if (static_cast<std::uint64_t>(st.st_size) > max_size) {
    return Error(ErrorCode::kInvalidInput, path + " is too large (" + std::to_string(st.st_size) +
                                               " bytes; at most " + std::to_string(max_size) +
                                               " expected)");
  }
  Bytes out(static_cast<std::size_t>(st.st_size));
  std::size_t done = 0;
  while (done < out.size()) {
    ssize_t n = ::read(fd, out.data() + done, out.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return IoError("cannot read", path, errno);
    }
    if (n == 0) break;
    done += static_cast<std::size_t>(n);
  }
  out.resize(done);
  return out;
}

std::string TempNameFor(const std::string& path) {
  // Unique per process and call; the ".frlic-tmp" suffix marks leftovers of a killed run.
  static unsigned counter = 0;
  return path + ".frlic-tmp-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
}

}  // namespace

Result<Bytes> ReadFile(const std::string& path, std::uint64_t max_size) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return Error(ErrorCode::kNotFound, path + ": no such file");
    return IoError("cannot open", path, errno);
  }
  auto result = ReadFd(fd, path, max_size);
  ::close(fd);
  return result;
}

Result<SecretBytes> ReadSecretFile(const std::string& path, std::uint64_t max_size) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) {
    if (errno == ENOENT) return Error(ErrorCode::kNotFound, path + ": no such file");
    if (errno == ELOOP) {
      return Error(ErrorCode::kRefused, path + " is a symbolic link; secret files must not be");
    }
    return IoError("cannot open", path, errno);
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    int saved = errno;
    ::close(fd);
    return IoError("cannot stat", path, saved);
  }
  if ((st.st_mode & 077) != 0) {
    ::close(fd);
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
    return Error(ErrorCode::kRefused,
                 path + " has mode " + mode + "; secret files must be 0600 (owner only)",
                 "run: chmod 600 " + path);
  }
  auto bytes = ReadFd(fd, path, max_size);
  ::close(fd);
  if (!bytes.ok()) return std::move(bytes).error();
  auto secret = SecretBytes::CopyFrom(ByteView(bytes.value()));
  WipeMemory(bytes->data(), bytes->size());
  return secret;
}

Result<StagedFile> StagedFile::Stage(const std::string& path, ByteView bytes,
                                     const WriteOptions& options) {
  if (options.overwrite == Overwrite::kNo && PathExists(path)) {
    return Error(ErrorCode::kRefused, path + " already exists",
                 "remove it or pass --force to overwrite it");
  }
  std::string temp = TempNameFor(path);
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, options.mode);
  if (fd < 0) return IoError("cannot create", temp, errno);
  Status status = WriteAll(fd, bytes, temp);
  if (status.ok() && ::fchmod(fd, options.mode) != 0) status = IoError("cannot chmod", temp, errno);
  if (status.ok() && ::fsync(fd) != 0) status = IoError("cannot fsync", temp, errno);
  if (::close(fd) != 0 && status.ok()) status = IoError("cannot close", temp, errno);
  if (!status.ok()) {
    ::unlink(temp.c_str());
    return std::move(status).error();
  }
  return StagedFile(path, temp, options.overwrite);
}

Result<StagedFile> StagedFile::StageWith(const std::string& path, const WriteOptions& options,
                                         const std::function<Status(const std::string&)>& write) {
  if (options.overwrite == Overwrite::kNo && PathExists(path)) {
    return Error(ErrorCode::kRefused, path + " already exists",
                 "remove it or pass --force to overwrite it");
  }
  StagedFile staged(path, TempNameFor(path), options.overwrite);
  FRLIC_RETURN_IF_ERROR(write(staged.temp_path_));
  int fd = ::open(staged.temp_path_.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) return IoError("cannot open", staged.temp_path_, errno);
  Status status;
  if (::fchmod(fd, options.mode) != 0) status = IoError("cannot chmod", staged.temp_path_, errno);
  if (status.ok() && ::fsync(fd) != 0) status = IoError("cannot fsync", staged.temp_path_, errno);
  ::close(fd);
  if (!status.ok()) return std::move(status).error();  // `staged` removes the temp file
  return staged;
}

Result<std::string> Sha256FileHex(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT || errno == ENOTDIR) {
      return Error(ErrorCode::kNotFound, path + ": no such file");
    }
    return IoError("cannot open", path, errno);
  }
  crypto_hash_sha256_state state;
  crypto_hash_sha256_init(&state);
  std::vector<unsigned char> buffer(1 << 20);
  for (;;) {
    ssize_t n = ::read(fd, buffer.data(), buffer.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int saved = errno;
      ::close(fd);
      return IoError("cannot read", path, saved);
    }
    if (n == 0) break;
    crypto_hash_sha256_update(&state, buffer.data(), static_cast<unsigned long long>(n));
  }
  ::close(fd);
  Bytes digest(crypto_hash_sha256_BYTES);
  crypto_hash_sha256_final(&state, digest.data());
  return HexEncode(digest);
}

StagedFile::StagedFile(StagedFile&& other) noexcept
    : path_(std::move(other.path_)),
      temp_path_(std::move(other.temp_path_)),
      overwrite_(other.overwrite_),
      done_(other.done_) {
  other.done_ = true;
}

StagedFile::~StagedFile() { Discard(); }

void StagedFile::Discard() {
  if (!done_) ::unlink(temp_path_.c_str());
  done_ = true;
}

Status StagedFile::Commit() {
  if (done_) return Error(ErrorCode::kInternal, "staged file committed twice: " + path_);
  Status status = RenameIntoPlace(temp_path_, path_, overwrite_);
  if (!status.ok()) {
    Discard();
    return status;
  }
  done_ = true;
  return Ok();
}

Status RenameIntoPlace(const std::string& temp_path, const std::string& path, Overwrite overwrite) {
  if (overwrite == Overwrite::kYes) {
    if (::rename(temp_path.c_str(), path.c_str()) != 0) {
      return IoError("cannot rename into", path, errno);
    }
  } else if (::renameat2(AT_FDCWD, temp_path.c_str(), AT_FDCWD, path.c_str(), RENAME_NOREPLACE) !=
             0) {
    if (errno == EEXIST) {
      return Error(ErrorCode::kRefused, path + " already exists",
                   "remove it or pass --force to overwrite it");
    }
    return IoError("cannot rename into", path, errno);
  }
  return FsyncDirectory(DirectoryOf(path));
}

Status WriteFileAtomic(const std::string& path, ByteView bytes, const WriteOptions& options) {
  FRLIC_ASSIGN_OR_RETURN(StagedFile staged, StagedFile::Stage(path, bytes, options));
  return staged.Commit();
}

Result<FileLock> FileLock::Acquire(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) return IoError("cannot open lock file", path, errno);
  while (::flock(fd, LOCK_EX) != 0) {
    if (errno == EINTR) continue;
    int saved = errno;
    ::close(fd);
    return IoError("cannot lock", path, saved);
  }
  return FileLock(fd);
}

FileLock::~FileLock() {
  if (fd_ >= 0) ::close(fd_);  // closing releases the lock
}

void RemoveStaleTempFiles(const std::string& path) {
  const std::filesystem::path target(path);
  const std::string prefix = target.filename().string() + ".frlic-tmp-";
  std::error_code ec;
  auto dir = target.parent_path().empty() ? std::filesystem::path(".") : target.parent_path();
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.path().filename().string().rfind(prefix, 0) == 0) {
      std::filesystem::remove(entry.path(), ec);
    }
  }
}

bool PathExists(const std::string& path) {
  struct stat st {};
  return ::lstat(path.c_str(), &st) == 0;
}

Status MakeDirectories(const std::string& path) {
  std::error_code ec;
  std::filesystem::create_directories(path, ec);
  if (ec) return Error(ErrorCode::kIo, "cannot create directory " + path + ": " + ec.message());
  return Ok();
}

}  // namespace frlic
