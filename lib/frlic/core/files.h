// File access with the guarantees the artifacts need: bounded reads, atomic writes
// (temp file, fsync, rename, fsync of the directory), no silent overwrite, and secret
// files that are refused when group or other may read them.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "frlic/core/bytes.h"
#include "frlic/core/secret_bytes.h"
#include "frlic/core/status.h"

namespace frlic {

inline constexpr std::uint64_t kDefaultMaxRead = 64ull << 20;  // inputs are small documents

// Reads a whole regular file. kNotFound if absent; kInvalidInput if larger than max_size or
// not a regular file; kIo otherwise.
Result<Bytes> ReadFile(const std::string& path, std::uint64_t max_size = kDefaultMaxRead);

// Reads a secret file: refuses symlinks (O_NOFOLLOW) and any group/other permission bit
// (kRefused, naming the mode found and the chmod that fixes it).
Result<SecretBytes> ReadSecretFile(const std::string& path, std::uint64_t max_size = 1 << 20);

enum class Overwrite { kNo, kYes };

struct WriteOptions {
  unsigned mode = 0644;
  Overwrite overwrite = Overwrite::kNo;
};

// Writes `bytes` to `path` atomically: a temp file in the same directory, fsync, rename
// (RENAME_NOREPLACE unless overwrite), fsync of the directory. On any failure the target is
// untouched and the temp file removed. kRefused if the target exists and overwrite is kNo.
Status WriteFileAtomic(const std::string& path, ByteView bytes, const WriteOptions& options);

// Two-step variant for writes that must be paired with a ledger commit: Stage writes and
// fsyncs the temp file; Commit renames it into place; Discard removes it.
class StagedFile {
 public:
  static Result<StagedFile> Stage(const std::string& path, ByteView bytes,
                                  const WriteOptions& options);
  // For files written by a library that takes a path (libzip, libarchive): `write` creates
  // the temp file at the path it is given; then it is chmod-ed and fsynced here.
  static Result<StagedFile> StageWith(const std::string& path, const WriteOptions& options,
                                      const std::function<Status(const std::string&)>& write);
  StagedFile(StagedFile&& other) noexcept;
  StagedFile& operator=(StagedFile&&) = delete;
  StagedFile(const StagedFile&) = delete;
  ~StagedFile();  // discards unless committed

  const std::string& temp_path() const { return temp_path_; }
  const std::string& path() const { return path_; }
  Status Commit();
  void Discard();

 private:
  StagedFile(std::string path, std::string temp_path, Overwrite overwrite)
      : path_(std::move(path)), temp_path_(std::move(temp_path)), overwrite_(overwrite) {}
  std::string path_;
  std::string temp_path_;
  Overwrite overwrite_;
  bool done_ = false;
};

// Moves an already-written temp file into place (used by ledger recovery).
Status RenameIntoPlace(const std::string& temp_path, const std::string& path, Overwrite overwrite);

// An exclusive advisory lock (flock) on a lock file, held until destruction. Serialises
// writers that share a ledger file, so one run's recovery never aborts another's issue.
class FileLock {
 public:
  static Result<FileLock> Acquire(const std::string& path);
  FileLock(FileLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  FileLock& operator=(FileLock&&) = delete;
  FileLock(const FileLock&) = delete;
  ~FileLock();

 private:
  explicit FileLock(int fd) : fd_(fd) {}
  int fd_;
};

// SHA-256 of a file's bytes, streamed (artifacts can be gigabytes); lower-case hex.
Result<std::string> Sha256FileHex(const std::string& path);

// Removes "<path>.frlic-tmp-*" files that a killed run left behind.
void RemoveStaleTempFiles(const std::string& path);

bool PathExists(const std::string& path);
Status MakeDirectories(const std::string& path);

}  // namespace frlic
