#include "frlic/core/filesystem_barrier.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace frlic {

Result<FilesystemBarrier> FilesystemBarrier::Open(const std::string& path) {
  std::filesystem::path at = std::filesystem::absolute(path).lexically_normal();
  std::error_code error;
  while (!std::filesystem::exists(at, error) && at.has_parent_path() && at != at.parent_path()) {
    at = at.parent_path();
  }
  const int fd = ::open(at.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    return Error(ErrorCode::kIo,
                 "cannot open " + at.string() + " to sync its filesystem: " + std::strerror(errno));
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    const int saved = errno;
    ::close(fd);
    return Error(ErrorCode::kIo, "cannot stat " + at.string() + ": " + std::strerror(saved));
  }
  return FilesystemBarrier(fd, st.st_dev, at.string());
}

FilesystemBarrier::FilesystemBarrier(FilesystemBarrier&& other) noexcept
    : fd_(other.fd_), device_(other.device_), where_(std::move(other.where_)) {
  other.fd_ = -1;
}

FilesystemBarrier::~FilesystemBarrier() {
  if (fd_ >= 0) ::close(fd_);
}

bool FilesystemBarrier::Covers(const std::string& path) const {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && st.st_dev == device_;
}

Status FilesystemBarrier::Sync() const {
  if (::syncfs(fd_) != 0) {
    return Error(ErrorCode::kIo, "cannot sync the filesystem of " + where_ +
                                     " (a write to it failed): " + std::strerror(errno));
  }
  return Ok();
}

}  // namespace frlic
