#include "frlic/issue/artifact_check.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "frlic/account/account_judgement.h"
#include "frlic/artifact/opened_component.h"
#include "frlic/artifact/server_package.h"
#include "frlic/core/files.h"
#include "frlic/core/time.h"
#include "frlic/issue/public_cloud.h"
#include "frlic/licence/server_licence.h"

namespace frlic {
namespace {

// The product reads a licence file of at most 1 MiB (docs/cli.md, "Bad input"); a Container.lic
// is a few kilobytes.
constexpr std::uint64_t kMaxContainerLicenceBytes = 1 << 20;

enum class FileKind { kZip, kTar, kOther };

// From the bytes: a zip starts with a local file header (or, empty, the end record); a POSIX
// tar has "ustar" at offset 257. Anything else is what a product would read as Container.lic.
FileKind SniffKind(const std::string& path) {
  // Opened without blocking (a FIFO would block a plain open) and judged by the descriptor,
  // not the name, so it cannot be swapped in between; what is not a regular file goes to the
  // Container.lic path, whose ReadFile refuses it with the usual error.
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return FileKind::kOther;
  struct stat st {};
  char head[263] = {};
  ssize_t got = 0;
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
    while (got < static_cast<ssize_t>(sizeof head)) {
      const ssize_t n = ::read(fd, head + got, sizeof head - static_cast<std::size_t>(got));
      if (n <= 0) break;
      got += n;
    }
  }
  ::close(fd);
  if (got >= 4 && head[0] == 'P' && head[1] == 'K' &&
      ((head[2] == 3 && head[3] == 4) || (head[2] == 5 && head[3] == 6))) {
    return FileKind::kZip;
  }
  if (got >= 262 && std::string_view(head + 257, 5) == "ustar") return FileKind::kTar;
  return FileKind::kOther;
}

RegistrationFacts ToRegistrationFacts(const SupportFacts& facts) {
  RegistrationFacts out;
  out.ip = facts.ip;
  out.product = facts.product;
  out.version = facts.version;
  out.nodes = facts.nodes;
  out.app_name = facts.app_name;
  out.domain = facts.domain;
  return out;
}

ArtifactCheck FromRegistration(CheckedArtifact artifact, std::string serial,
                               RegistrationVerdict judged) {
  ArtifactCheck check;
  check.artifact = artifact;
  check.serial = std::move(serial);
  check.server = std::move(judged.verdict);
  check.not_checked = std::move(judged.not_checked);
  return check;
}

// The product's verdict on the licence file; on a file too large to read, "Incorrect License
// Format", as on any file it cannot parse. An error if the file cannot be opened at all.
Result<ContainerVerdict> JudgeContainerFile(const std::string& path, const Keyring& keys,
                                            const DeploymentFacts& facts, UnixSeconds now) {
  auto bytes = ReadFile(path, kMaxContainerLicenceBytes);
  if (bytes.ok()) return CheckContainerLicence(*bytes, keys, facts, now, path);
  std::error_code ec;
  const bool regular = std::filesystem::is_regular_file(path, ec);
  const auto size = regular ? std::filesystem::file_size(path, ec) : 0;
  if (!regular || ec || size <= kMaxContainerLicenceBytes) return std::move(bytes).error();
  ContainerVerdict verdict;
  verdict.format_error = path + " is " + std::to_string(size) +
                         " bytes; a licence file is at most " +
                         std::to_string(kMaxContainerLicenceBytes) + " bytes";
  verdict.reasons.push_back({ContainerFailure::kIncorrectFormat, "Incorrect License Format"});
  return verdict;
}

}  // namespace

const char* CheckedArtifactName(CheckedArtifact artifact) {
  switch (artifact) {
    case CheckedArtifact::kContainerLicence:
      return "container-licence";
    case CheckedArtifact::kServerPackage:
      return "server-package";
    case CheckedArtifact::kComponentImage:
      return "component-image";
    case CheckedArtifact::kAccount:
      return "public-cloud-account";
  }
  return "container-licence";
}

Result<ArtifactCheck> CheckArtifactFile(const std::string& path, const Keyring& keys,
                                        const SupportFacts& facts, UnixSeconds now) {
  switch (SniffKind(path)) {
    case FileKind::kZip: {
      // What the licence server checks at start, minus the machine key (support has none):
      // the package reads, its licence verifies, its bin entry is the signed platform's.
      // A destroyed package (no instance key) still carries its licence, which is what support
      // needs; the verdict says it was destroyed.
      FRLIC_ASSIGN_OR_RETURN(ServerPackageContents contents, ReadServerPackageMaybeDestroyed(path));
      FRLIC_ASSIGN_OR_RETURN(ServerLicence licence,
                             OpenServerLicence(AsBytes(contents.licence_envelope), keys,
                                               path + ": config/license.json"));
      FRLIC_RETURN_IF_ERROR(CheckPackagePlatform(contents, licence.platform, path));
      ArtifactCheck check = FromRegistration(
          CheckedArtifact::kServerPackage, licence.serial,
          JudgeRegistration(licence.terms, ToRegistrationFacts(facts), FactsAre::kPartial, now));
      check.destroyed = contents.sealed_instance_key.empty();
      return check;
    }
    case FileKind::kTar: {
      FRLIC_ASSIGN_OR_RETURN(OpenedComponent component, OpenComponentImage(path, keys));
      return FromRegistration(CheckedArtifact::kComponentImage, component.licence.serial,
                              JudgeRegistration(component.licence.terms, ToRegistrationFacts(facts),
                                                FactsAre::kPartial, now));
    }
    case FileKind::kOther:
      break;
  }
  DeploymentFacts deployment;
  deployment.method = facts.method.value_or("");
  deployment.product = facts.product.value_or("");
  deployment.version = facts.version.value_or("");
  deployment.app_name = facts.app_name.value_or("");
  deployment.nodes = facts.nodes;
  deployment.project_content = facts.project_content.value_or("");
  FRLIC_ASSIGN_OR_RETURN(ContainerVerdict verdict, JudgeContainerFile(path, keys, deployment, now));
  ArtifactCheck check;
  check.artifact = CheckedArtifact::kContainerLicence;
  if (verdict.licence) check.serial = verdict.licence->serial;
  check.not_checked = verdict.not_checked;
  check.container = std::move(verdict);
  return check;
}

Result<ArtifactCheck> CheckAccountRegistration(const std::string& ledger_path,
                                               const std::string& name, const SecretBytes* password,
                                               std::optional<std::int64_t> nodes,
                                               const Clock& clock) {
  // A check is read-only: a mistyped --ledger is not found, never created empty.
  FRLIC_RETURN_IF_ERROR(RequireRegularFile(ledger_path, "the ledger"));
  ArtifactCheck check;
  check.artifact = CheckedArtifact::kAccount;
  std::optional<bool> password_matches;
  AccountInfo info;
  if (password != nullptr) {
    FRLIC_ASSIGN_OR_RETURN(PasswordVerdict verdict,
                           CheckAccountPassword(name, *password, ledger_path, clock));
    password_matches = verdict.password_matches;
    info = std::move(verdict.info);
  } else {
    FRLIC_ASSIGN_OR_RETURN(info, ShowAccount(name, ledger_path, clock));
    check.not_checked.push_back("password");
  }
  if (!nodes) check.not_checked.push_back("nodes");
  check.serial = info.account.serial;
  const Account& account = info.account;
  // The public cloud server's one verdict (docs/formats.md 10.1, "One verdict"), with its
  // expiry rule (IsExpired), as the reference server judges.
  AccountFacts facts;
  facts.name = name;
  facts.serial = account.serial;
  facts.status = account.status;
  facts.licence_status = LicenceStatusName(info.licence_status);
  facts.capacity = account.capacity;
  facts.expires = account.expires;
  const AccountJudgement judged =
      JudgeAccountRegistration(facts, password_matches, nodes, clock.Now());
  check.server = ServerVerdict{AccountAnswerCode(judged.answer), judged.reason};
  return check;
}

}  // namespace frlic
