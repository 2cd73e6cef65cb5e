// File access with the guarantees the artifacts need: bounded reads, atomic writes
// (temp file, fsync, rename, fsync of the directory), no silent overwrite, and secret
// files that are refused when group or other may read them.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "frlic/core/bytes.h"
#include "frlic/core/secret_bytes.h"
#include "frlic/core/status.h"

namespace frlic {

inline constexpr std::uint64_t kDefaultMaxRead = 64ull << 20;  // inputs are small documents

// Reads a whole regular file. kNotFound if absent; kMalformed if larger than max_size (a size
// limit is part of a data file's format; readers of a request, like the order, map it to
// kInvalidInput: docs/cli.md, "Bad input"); kInvalidInput if not a regular file (a FIFO or
// device is refused without blocking on it); kIo otherwise.
Result<Bytes> ReadFile(const std::string& path, std::uint64_t max_size = kDefaultMaxRead);

// Reads a secret file: refuses symlinks (O_NOFOLLOW) and any group/other permission bit
// (kRefused, naming the mode found and the chmod that fixes it).
Result<SecretBytes> ReadSecretFile(const std::string& path, std::uint64_t max_size = 1 << 20);

enum class Overwrite { kNo, kYes };

// kOk when `path` (following symbolic links) is a regular file; kNotFound if absent;
// kInvalidInput naming what it is (a FIFO, a directory, a device) otherwise. `what` names the
// input in the message ("--base-image"). For inputs that must be checked before a lock is
// taken, so that a FIFO cannot hold it forever.
Status RequireRegularFile(const std::string& path, const std::string& what);

// Who makes a staged file durable. kEach: StagedFile::Stage fsyncs the file and its
// directories, Commit the target's directory. kGroup: neither does; the caller stages a group,
// makes it durable at once (FilesystemBarrier::Sync, filesystem_barrier.h) before anything
// relies on the staged files, and again after the renames.
enum class Durability { kEach, kGroup };

struct WriteOptions {
  unsigned mode = 0644;  // the file's mode once committed
  Overwrite overwrite = Overwrite::kNo;
  Durability durability = Durability::kEach;  // StagedFile only
};

// Where a signed artifact is staged before its ledger record lets it be renamed into place:
// "<dir>/.frlic-stage-<serial>-<name>" beside the artifact "<dir>/<name>", created 0600, so
// that a staged artifact left by a killed run is nobody's to pick up and recovery knows from
// the serial which record it belongs to (docs/formats.md, "Issuing"). Beside it, not in a
// directory of its own: a directory is one more inode to allocate and free per licence, which
// on ext4 costs more than the file.
std::string ArtifactStagePath(const std::string& path, const std::string& serial);
// The stage of an artifact that a library writes at the path it is given (libzip,
// libarchive), which may create files of its own beside that path and choose their modes:
// "<dir>/.frlic-stage-<serial>/<name>", in a directory created 0700. (Every artifact was staged
// so before frlic staged files beside their artifacts; recovery knows both.)
std::string ArtifactStageDirectoryPath(const std::string& path, const std::string& serial);
// Whether a staged artifact of either form is there.
bool ArtifactStageExists(const std::string& path, const std::string& serial);
// Removes the staged artifact of either form (and the stage directory); true if one was there.
bool RemoveArtifactStage(const std::string& path, const std::string& serial);

// Writes `bytes` to `path` atomically: a temp file in the same directory, fsync, rename
// (RENAME_NOREPLACE unless overwrite), fsync of the directory. On any failure the target is
// untouched and the temp file removed. kRefused if the target exists and overwrite is kNo.
Status WriteFileAtomic(const std::string& path, ByteView bytes, const WriteOptions& options);

// Two-step variant for writes that must be paired with a ledger commit: Stage writes and
// fsyncs the temp file (mode 0600) at `stage_path` (empty: a unique
// "<path>.frlic-tmp-<pid>-<n>" beside it; else an ArtifactStagePath, whose directory entry is
// fsynced too, or an ArtifactStageDirectoryPath, whose private directory is created for it
// and removed after it); Commit sets the final mode and renames it into place;
// Discard removes it. A failed Commit leaves the staged file until Discard or destruction, so
// that the caller can record the failure first.
class StagedFile {
 public:
  static Result<StagedFile> Stage(const std::string& path, ByteView bytes,
                                  const WriteOptions& options, const std::string& stage_path = {});
  // For files written by a library that takes a path (libzip, libarchive): `write` creates
  // the temp file at the path it is given; then it is chmod-ed and fsynced here.
  static Result<StagedFile> StageWith(const std::string& path, const WriteOptions& options,
                                      const std::function<Status(const std::string&)>& write,
                                      const std::string& stage_path = {});
  StagedFile(StagedFile&& other) noexcept;
  StagedFile& operator=(StagedFile&&) = delete;
  StagedFile(const StagedFile&) = delete;
  ~StagedFile();  // discards unless committed

  const std::string& temp_path() const { return temp_path_; }
  const std::string& path() const { return path_; }
  // Sets the final mode and renames the file into place, then fsyncs the directory (kEach).
  // When only the fsync fails the file is in place nonetheless: renamed() tells.
  Status Commit();
  // A kGroup file that the group's barrier does not cover (another filesystem): fsyncs it and
  // its directories now, as Stage does for kEach, and its Commit will fsync too.
  Status SyncAlone();
  bool renamed() const { return renamed_; }
  // Removes the staged file (if this run created it), the stage directory, and the target's
  // directories that staging created, if they are empty.
  void Discard();
  // Keeps the staged file where it is (for recovery to find) instead of removing it.
  void LeaveForRecovery() { done_ = true; }

 private:
  // Refuses an existing path (unless overwrite), names the temp file, creates a stage directory.
  static Result<StagedFile> Prepare(const std::string& path, const WriteOptions& options,
                                    const std::string& stage_path);
  StagedFile(std::string path, std::string temp_path, const WriteOptions& options)
      : path_(std::move(path)),
        temp_path_(std::move(temp_path)),
        mode_(options.mode),
        overwrite_(options.overwrite),
        durability_(options.durability) {}
  std::string path_;
  std::string temp_path_;
  // fsyncs the stage directory and its parent, or the directory of a file staged beside its
  // target (nothing for a temp name).
  Status SyncDirectories() const;
  std::string stage_dir_;        // the private directory of an ArtifactStageDirectoryPath, or empty
  bool artifact_stage_ = false;  // staged at a stage path the ledger's recovery looks for
  std::vector<std::string> created_dirs_;  // the target's directories created here, deepest first
  unsigned mode_;
  Overwrite overwrite_;
  Durability durability_;
  bool temp_created_ = false;  // the temp file is this run's (never remove another's)
  bool renamed_ = false;
  bool done_ = false;
};

// Moves an already-written temp file into place (used by ledger recovery).
Status RenameIntoPlace(const std::string& temp_path, const std::string& path, Overwrite overwrite);

// An exclusive advisory lock (flock) on a lock file, held until destruction. Serialises
// writers that share a ledger file, so one run's recovery never aborts another's issue.
class FileLock {
 public:
  // Waits at most `timeout_seconds` (0: tries once) for the lock. kBusy when it is still held
  // then, naming the process that holds it (from /proc/locks) when it can be found.
  static Result<FileLock> Acquire(const std::string& path, int timeout_seconds);
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

// Removes "<path>.frlic-tmp-*" files, staged artifacts and stage directories (either form of
// ArtifactStagePath, any serial, whatever they hold) beside `path` that a killed run left. Only for
// a caller that holds the ledger lock and has recovered the pending records: every stage directory
// left then is stale.
void RemoveStaleTempFiles(const std::string& path);

bool PathExists(const std::string& path);
// The directory `path` is in ("." for a bare name).
std::string DirectoryOf(const std::string& path);
Status MakeDirectories(const std::string& path);

}  // namespace frlic
