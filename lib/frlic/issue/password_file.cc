#include "internal/password_file.h"

#include <unistd.h>

#include <cstring>
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

void RemovePasswordStage(const std::string& path, const std::string& serial) {
  const std::string staged = PasswordStagePath(path, serial);
  ::unlink(staged.c_str());
  ::rmdir(std::filesystem::path(staged).parent_path().c_str());
}

// The serials under which something is staged for `path`.
std::vector<std::string> StagedSerials(const std::string& path) {
  const std::filesystem::path target(path);
  const auto dir = target.parent_path().empty() ? std::filesystem::path(".") : target.parent_path();
  std::vector<std::string> serials;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (!name.starts_with(kStagePrefix) || !entry.is_directory(ec) || entry.is_symlink(ec)) {
      continue;
    }
    if (std::filesystem::exists(entry.path() / target.filename(), ec) ||
        std::filesystem::is_empty(entry.path(), ec)) {
      serials.push_back(name.substr(kStagePrefix.size()));
    }
  }
  return serials;
}

}  // namespace

Result<StagedFile> StagePasswordFile(Ledger& ledger, const std::string& path,
                                     const std::string& serial, const SecretBytes& password,
                                     Overwrite overwrite) {
  // A stage whose serial the ledger holds belongs to a committed account (of another order
  // that names the same file): its own re-run settles it. Any other is an attempt that never
  // committed, and its password opens nothing.
  for (const std::string& staged : StagedSerials(path)) {
    FRLIC_ASSIGN_OR_RETURN(auto record, ledger.FindBySerial(staged));
    if (!record || record->status == LicenceStatus::kAborted) RemovePasswordStage(path, staged);
  }
  SecretBytes line(password.size() + 1);
  std::memcpy(line.reveal_mutable().data(), password.reveal().data(), password.size());
  line.reveal_mutable()[password.size()] = '\n';
  return StagedFile::Stage(path, line.reveal(), {.mode = 0600, .overwrite = overwrite},
                           PasswordStagePath(path, serial));
}

Result<bool> SettleStagedPassword(const std::string& path, const Account& account,
                                  Overwrite overwrite) {
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
  FRLIC_RETURN_IF_ERROR(RenameIntoPlace(staged, path, overwrite));
  ::rmdir(std::filesystem::path(staged).parent_path().c_str());
  return true;
}

}  // namespace frlic
