#include "frlic/core/files.h"

#include <fcntl.h>
#include <stdio.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "frlic/core/clock.h"

namespace frlic {
namespace {

Error IoError(const std::string& what, const std::string& path, int error_number) {
  return Error(ErrorCode::kIo, what + " " + path + ": " + std::strerror(error_number));
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
    return Error(ErrorCode::kMalformed, path + " is too large (" + std::to_string(st.st_size) +
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

// ".frlic-stage-FRL-" and 16 upper-case hex digits: ArtifactStageDirectoryPath's directory;
// followed by "-" and a name, ArtifactStagePath's file.
constexpr std::string_view kStagePrefix = ".frlic-stage-FRL-";
bool StartsWithStageName(std::string_view name) {
  if (!name.starts_with(kStagePrefix) || name.size() < kStagePrefix.size() + 16) return false;
  return std::all_of(name.begin() + kStagePrefix.size(), name.begin() + kStagePrefix.size() + 16,
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F'); });
}
bool IsStageDirectoryName(std::string_view name) {
  return StartsWithStageName(name) && name.size() == kStagePrefix.size() + 16;
}
bool IsStageFileName(std::string_view name) {
  return StartsWithStageName(name) && name.size() > kStagePrefix.size() + 17 &&
         name[kStagePrefix.size() + 16] == '-';
}

// rename(2), or renameat2 with RENAME_NOREPLACE: kRefused when the target exists.
Status RenameOnly(const std::string& temp_path, const std::string& path, Overwrite overwrite) {
  if (overwrite == Overwrite::kYes) {
    if (::rename(temp_path.c_str(), path.c_str()) != 0) {
      return IoError("cannot rename into", path, errno);
    }
    return Ok();
  }
  if (::renameat2(AT_FDCWD, temp_path.c_str(), AT_FDCWD, path.c_str(), RENAME_NOREPLACE) != 0) {
    if (errno == EEXIST) {
      return Error(ErrorCode::kRefused, path + " already exists",
                   "remove it or pass --force to overwrite it");
    }
    return IoError("cannot rename into", path, errno);
  }
  return Ok();
}

// "process PID (COMMAND)" holding a lock on the file open at `fd`, from /proc/locks; empty if
// it cannot be told (another PID namespace shows PID 0 or -1, no /proc). Matched on device and
// inode, else on the inode alone (overlayfs reports another device there than fstat does).
std::string LockHolder(int fd) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) return "";
  char device[32];
  std::snprintf(device, sizeof device, "%02x:%02x:", major(st.st_dev), minor(st.st_dev));
  const std::string inode = std::to_string(st.st_ino);
  std::string holder_pid;
  std::ifstream locks("/proc/locks");
  std::string line;
  while (std::getline(locks, line)) {
    // "1: FLOCK  ADVISORY  WRITE 1234 08:01:5678 0 EOF" (blocked waiters have "->" first).
    std::istringstream fields(line);
    std::string number, type, advisory, mode, pid, id;
    if (!(fields >> number >> type) || type == "->") continue;
    if (!(fields >> advisory >> mode >> pid >> id)) continue;
    if (pid.empty() || pid[0] == '-' || pid == "0") continue;
    const auto last_colon = id.rfind(':');
    if (last_colon == std::string::npos || id.substr(last_colon + 1) != inode) continue;
    if (id != device + inode) {  // the inode alone: kept unless an exact match follows
      if (holder_pid.empty()) holder_pid = pid;
      continue;
    }
    holder_pid = pid;
    break;
  }
  if (holder_pid.empty()) return "";
  std::ifstream comm("/proc/" + holder_pid + "/comm");
  std::string command;
  std::getline(comm, command);
  return "process " + holder_pid + (command.empty() ? "" : " (" + command + ")");
}

}  // namespace

Result<Bytes> ReadFile(const std::string& path, std::uint64_t max_size) {
  // O_NONBLOCK: opening a FIFO must not wait for a writer; ReadFd refuses it right after.
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    if (errno == ENOENT) return Error(ErrorCode::kNotFound, path + ": no such file");
    return IoError("cannot open", path, errno);
  }
  auto result = ReadFd(fd, path, max_size);
  ::close(fd);
  return result;
}

Result<SecretBytes> ReadSecretFile(const std::string& path, std::uint64_t max_size) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
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

Result<StagedFile> StagedFile::Prepare(const std::string& path, const WriteOptions& options,
                                       const std::string& stage_path) {
  if (options.overwrite == Overwrite::kNo && PathExists(path)) {
    return Error(ErrorCode::kRefused, path + " already exists",
                 "remove it or pass --force to overwrite it");
  }
  StagedFile staged(path, stage_path.empty() ? TempNameFor(path) : stage_path, options);
  // The target's directory is created here, only once something is written, and removed
  // again (if still empty) when the staged file is discarded: a refusal creates nothing.
  const std::filesystem::path parent = std::filesystem::path(DirectoryOf(path));
  for (auto dir = parent; !dir.empty() && !PathExists(dir.string()); dir = dir.parent_path()) {
    staged.created_dirs_.push_back(dir.string());
    if (dir == dir.parent_path()) break;
  }
  FRLIC_RETURN_IF_ERROR(MakeDirectories(parent.string()));
  staged.artifact_stage_ = !stage_path.empty();
  // An ArtifactStageDirectoryPath: its private directory is created here.
  if (const std::string dir = DirectoryOf(stage_path);
      !stage_path.empty() && dir != DirectoryOf(path)) {
    if (::mkdir(dir.c_str(), 0700) != 0) {
      return IoError("cannot create the stage directory", dir, errno);
    }
    staged.stage_dir_ = dir;
  }
  return staged;
}

Status StagedFile::SyncDirectories() const {
  // The staged file's entry (and its stage directory's) must survive a power loss before a
  // ledger record may point at the staged file (recovery takes an absent one as renamed).
  if (!artifact_stage_) return Ok();
  if (stage_dir_.empty()) return FsyncDirectory(DirectoryOf(temp_path_));
  FRLIC_RETURN_IF_ERROR(FsyncDirectory(stage_dir_));
  return FsyncDirectory(DirectoryOf(stage_dir_));
}

Result<StagedFile> StagedFile::Stage(const std::string& path, ByteView bytes,
                                     const WriteOptions& options, const std::string& stage_path) {
  FRLIC_ASSIGN_OR_RETURN(StagedFile staged, Prepare(path, options, stage_path));
  const std::string& temp = staged.temp_path_;
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) return IoError("cannot create", temp, errno);  // not ours: left alone
  staged.temp_created_ = true;
  const bool each = staged.durability_ == Durability::kEach;
  Status status = WriteAll(fd, bytes, temp);
  if (status.ok() && ::fchmod(fd, 0600) != 0) status = IoError("cannot chmod", temp, errno);
  if (each && status.ok() && ::fsync(fd) != 0) status = IoError("cannot fsync", temp, errno);
  if (::close(fd) != 0 && status.ok()) status = IoError("cannot close", temp, errno);
  if (each && status.ok()) status = staged.SyncDirectories();
  if (!status.ok()) return std::move(status).error();  // `staged` removes what it created
  return staged;
}

Result<StagedFile> StagedFile::StageWith(const std::string& path, const WriteOptions& options,
                                         const std::function<Status(const std::string&)>& write,
                                         const std::string& stage_path) {
  FRLIC_ASSIGN_OR_RETURN(StagedFile staged, Prepare(path, options, stage_path));
  // The writer creates the file at a name unique to this run (or in the private stage
  // directory), so whatever it leaves there is ours to remove.
  staged.temp_created_ = true;
  FRLIC_RETURN_IF_ERROR(write(staged.temp_path_));
  int fd = ::open(staged.temp_path_.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) return IoError("cannot open", staged.temp_path_, errno);
  const bool each = staged.durability_ == Durability::kEach;
  Status status;
  if (::fchmod(fd, 0600) != 0) status = IoError("cannot chmod", staged.temp_path_, errno);
  if (each && status.ok() && ::fsync(fd) != 0) {
    status = IoError("cannot fsync", staged.temp_path_, errno);
  }
  ::close(fd);
  if (each && status.ok()) status = staged.SyncDirectories();
  if (!status.ok()) return std::move(status).error();  // `staged` removes what it created
  return staged;
}

Result<std::string> Sha256FileHex(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    if (errno == ENOENT || errno == ENOTDIR) {
      return Error(ErrorCode::kNotFound, path + ": no such file");
    }
    return IoError("cannot open", path, errno);
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    int saved = errno;
    ::close(fd);
    return IoError("cannot stat", path, saved);
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    return Error(ErrorCode::kInvalidInput, path + " is not a regular file");
  }
  Sha256Stream hash;  // OpenSSL's SHA-256 (bytes.h)
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
    hash.Update(ByteView(buffer.data(), static_cast<std::size_t>(n)));
  }
  ::close(fd);
  return hash.FinishHex();
}

StagedFile::StagedFile(StagedFile&& other) noexcept
    : path_(std::move(other.path_)),
      temp_path_(std::move(other.temp_path_)),
      stage_dir_(std::move(other.stage_dir_)),
      artifact_stage_(other.artifact_stage_),
      created_dirs_(std::move(other.created_dirs_)),
      mode_(other.mode_),
      overwrite_(other.overwrite_),
      durability_(other.durability_),
      temp_created_(other.temp_created_),
      renamed_(other.renamed_),
      done_(other.done_) {
  other.done_ = true;
}

StagedFile::~StagedFile() { Discard(); }

void StagedFile::Discard() {
  if (!done_) {
    if (temp_created_) ::unlink(temp_path_.c_str());
    if (!stage_dir_.empty()) ::rmdir(stage_dir_.c_str());
    // Deepest first; rmdir leaves a directory that is not empty.
    for (const std::string& dir : created_dirs_) ::rmdir(dir.c_str());
  }
  done_ = true;
}

Status StagedFile::Commit() {
  if (done_) return Error(ErrorCode::kInternal, "staged file committed twice: " + path_);
  // A file staged beside its target (ArtifactStagePath) keeps its private mode until it has its
  // final name: a failed rename or a kill never leaves a readable staged artifact, only, after
  // a kill right after the rename, a licence that is its owner's alone until it is chmod-ed.
  // Elsewhere the stage directory or the temp name hides it, and the mode is set first.
  const bool beside = artifact_stage_ && stage_dir_.empty();
  int fd = -1;
  if (beside) {
    fd = ::open(temp_path_.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) return IoError("cannot open", temp_path_, errno);
  } else if (::chmod(temp_path_.c_str(), mode_) != 0) {
    return IoError("cannot chmod", temp_path_, errno);
  }
  if (Status renamed = RenameOnly(temp_path_, path_, overwrite_); !renamed.ok()) {
    if (fd >= 0) ::close(fd);
    return renamed;
  }
  renamed_ = true;
  done_ = true;
  if (fd >= 0) {
    const bool chmodded = ::fchmod(fd, mode_) == 0;
    const int saved = errno;
    ::close(fd);
    if (!chmodded) return IoError("cannot chmod", path_, saved);
  }
  if (!stage_dir_.empty()) ::rmdir(stage_dir_.c_str());
  // kGroup: the caller's barrier makes the rename durable.
  if (durability_ == Durability::kGroup) return Ok();
  // The file is in place even if this fails: the caller must not treat it as not renamed.
  return FsyncDirectory(DirectoryOf(path_));
}

Status StagedFile::SyncAlone() {
  if (durability_ == Durability::kEach) return Ok();
  int fd = ::open(temp_path_.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) return IoError("cannot open", temp_path_, errno);
  Status status;
  if (::fsync(fd) != 0) status = IoError("cannot fsync", temp_path_, errno);
  ::close(fd);
  FRLIC_RETURN_IF_ERROR(status);
  FRLIC_RETURN_IF_ERROR(SyncDirectories());
  durability_ = Durability::kEach;
  return Ok();
}

std::string ArtifactStagePath(const std::string& path, const std::string& serial) {
  const std::filesystem::path target(path);
  return (target.parent_path() / (".frlic-stage-" + serial + "-" + target.filename().string()))
      .string();
}

std::string ArtifactStageDirectoryPath(const std::string& path, const std::string& serial) {
  const std::filesystem::path target(path);
  return (target.parent_path() / (".frlic-stage-" + serial) / target.filename()).string();
}

bool ArtifactStageExists(const std::string& path, const std::string& serial) {
  return PathExists(ArtifactStagePath(path, serial)) ||
         PathExists(ArtifactStageDirectoryPath(path, serial));
}

bool RemoveArtifactStage(const std::string& path, const std::string& serial) {
  bool was_there = ::unlink(ArtifactStagePath(path, serial).c_str()) == 0;
  const std::string in_directory = ArtifactStageDirectoryPath(path, serial);
  was_there = ::unlink(in_directory.c_str()) == 0 || was_there;
  ::rmdir(DirectoryOf(in_directory).c_str());
  return was_there;
}

Status RequireRegularFile(const std::string& path, const std::string& what) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) {
      return Error(ErrorCode::kNotFound, what + " " + path + ": no such file");
    }
    return IoError("cannot stat", path, errno);
  }
  if (S_ISREG(st.st_mode)) return Ok();
  const char* kind = S_ISFIFO(st.st_mode)   ? "a FIFO"
                     : S_ISDIR(st.st_mode)  ? "a directory"
                     : S_ISCHR(st.st_mode)  ? "a character device"
                     : S_ISBLK(st.st_mode)  ? "a block device"
                     : S_ISSOCK(st.st_mode) ? "a socket"
                                            : "not a regular file";
  return Error(ErrorCode::kInvalidInput,
               what + " " + path + " is " + kind + "; a regular file is expected");
}

Status RenameIntoPlace(const std::string& temp_path, const std::string& path, Overwrite overwrite) {
  FRLIC_RETURN_IF_ERROR(RenameOnly(temp_path, path, overwrite));
  return FsyncDirectory(DirectoryOf(path));
}

Status WriteFileAtomic(const std::string& path, ByteView bytes, const WriteOptions& options) {
  FRLIC_ASSIGN_OR_RETURN(StagedFile staged, StagedFile::Stage(path, bytes, options));
  return staged.Commit();
}

Result<FileLock> FileLock::Acquire(const std::string& path, int timeout_seconds) {
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) return IoError("cannot open lock file", path, errno);
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(std::max(timeout_seconds, 0));
  auto pause = std::chrono::milliseconds(10);
  for (;;) {
    if (::flock(fd, LOCK_EX | LOCK_NB) == 0) return FileLock(fd);
    if (errno == EINTR) continue;
    if (errno != EWOULDBLOCK) {
      int saved = errno;
      ::close(fd);
      return IoError("cannot lock", path, saved);
    }
    if (std::chrono::steady_clock::now() >= deadline) break;
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::milliseconds(250));
  }
  const std::string holder = LockHolder(fd);
  ::close(fd);
  return Error(ErrorCode::kBusy,
               path + " is locked by " + (holder.empty() ? "another process" : holder) +
                   "; gave up after " + std::to_string(timeout_seconds) + " s",
               "wait for it to finish, or allow a longer wait with --lock-timeout");
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
    const std::string name = entry.path().filename().string();
    if (name.starts_with(prefix)) std::filesystem::remove(entry.path(), ec);
    // A stage directory (ArtifactStageDirectoryPath), whatever a killed run left in it: a
    // complete artifact, a writer's partial temp file, or nothing.
    if (IsStageDirectoryName(name) && entry.is_directory(ec) && !entry.is_symlink(ec)) {
      std::filesystem::remove_all(entry.path(), ec);
    }
    // A staged artifact (ArtifactStagePath), complete or not.
    if (IsStageFileName(name) && entry.is_regular_file(ec) && !entry.is_symlink(ec)) {
      std::filesystem::remove(entry.path(), ec);
    }
  }
}

std::string DirectoryOf(const std::string& path) {
  auto parent = std::filesystem::path(path).parent_path();
  return parent.empty() ? std::string(".") : parent.string();
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
