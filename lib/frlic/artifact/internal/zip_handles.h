// Internal to lib/frlic/artifact: RAII over libzip's handles and file descriptors, shared by
// the package writer and reader, and the error both give for a failed system call.
#pragma once

#include <unistd.h>
#include <zip.h>

#include <cstring>
#include <memory>
#include <string>

#include "frlic/core/status.h"

namespace frlic::artifact_internal {

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

// kIo: "<what> <path>: <strerror>".
inline Error IoError(const std::string& what, const std::string& path, int error_number) {
  return Error(ErrorCode::kIo, what + " " + path + ": " + std::strerror(error_number));
}

}  // namespace frlic::artifact_internal
