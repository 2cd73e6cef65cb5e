#include "internal/password_file.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <ctime>
#include <filesystem>

#include "frlic/account/account.h"

namespace frlic {
namespace {

constexpr std::string_view kStagePrefix = ".frlic-password-";

// "<dir>/.frlic-password-<serial>/<name>" for the password file "<dir>/<name>": its own prefix,
// so the artifact writers' clean-up of stale ".frlic-stage-*" directories never takes it.
std::string PasswordStagePath(const std::string& path, const std::string& serial) {
  const std::filesystem::path target(path);
  return (target.parent_path() / (std::string(kStagePrefix) + serial) / target.filename()).string();
}

// Seconds since `path` was last modified, by the system's clock (the filesystem's, not an
// injected one), or -1 when it cannot be told.
std::int64_t AgeOf(const std::filesystem::path& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) return -1;
  return static_cast<std::int64_t>(std::time(nullptr)) -
         static_cast<std::int64_t>(st.st_mtim.tv_sec);
}

}  // namespace

Status RemoveStalePasswordStages(Ledger& ledger, const std::string& dir) {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (!name.starts_with(kStagePrefix) || entry.is_symlink(ec) || !entry.is_directory(ec)) {
      continue;
    }
    // Young: maybe another run's, between staging and committing (or between mkdir and the
    // file). Its contents' age too: a directory's mtime moves only when entries come and go.
    std::vector<std::filesystem::path> files;
    std::int64_t youngest = AgeOf(entry.path());
    for (const auto& file : std::filesystem::directory_iterator(entry.path(), ec)) {
      files.push_back(file.path());
      const std::int64_t age = AgeOf(file.path());
      youngest = youngest < 0 || age < 0 ? -1 : std::min(youngest, age);
    }
    if (youngest < kStalePasswordStageSeconds) continue;
    if (!files.empty()) {
      FRLIC_ASSIGN_OR_RETURN(auto record, ledger.FindBySerial(name.substr(kStagePrefix.size())));
      if (record && record->status != LicenceStatus::kAborted) continue;  // an account's copy
    }
    for (const auto& file : files) ::unlink(file.c_str());
    ::rmdir(entry.path().c_str());
  }
  return Ok();
}

Result<StagedFile> StagePasswordFile(const std::string& path, const std::string& serial,
                                     const SecretBytes& password, Overwrite overwrite) {
  SecretBytes line(password.size() + 1);
  std::memcpy(line.reveal_mutable().data(), password.reveal().data(), password.size());
  line.reveal_mutable()[password.size()] = '\n';
  return StagedFile::Stage(path, line.reveal(), {.mode = 0600, .overwrite = overwrite},
                           PasswordStagePath(path, serial));
}

Result<bool> SettleStagedPassword(const std::string& path, const Account& account) {
  const std::string staged = PasswordStagePath(path, account.serial);
  if (!PathExists(staged)) return false;
  FRLIC_ASSIGN_OR_RETURN(SecretBytes line, ReadSecretFile(staged, 4096));
  ByteView bytes = line.reveal();
  if (!bytes.empty() && bytes.back() == '\n') bytes = bytes.first(bytes.size() - 1);
  if (!VerifyPassword(account.password_hash, SecretBytes::CopyFrom(bytes))) {
    return Error(ErrorCode::kConflict,
                 staged + " is not the password of account " + account.name + " (serial " +
                     account.serial + "); it was left where it is",
                 "check it by hand: frlic account check-password " + account.name + " < " + staged);
  }
  if (PathExists(path)) {
    return Error(ErrorCode::kRefused,
                 path + " already exists, and the password of account " + account.name +
                     " (serial " + account.serial + ") waits at " + staged,
                 "move " + path +
                     " away (it may be another account's only copy) and run the "
                     "order again");
  }
  FRLIC_RETURN_IF_ERROR(RenameIntoPlace(staged, path, Overwrite::kNo));
  ::rmdir(std::filesystem::path(staged).parent_path().c_str());
  return true;
}

}  // namespace frlic
