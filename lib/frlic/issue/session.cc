#include <cctype>
#include <filesystem>

#include "frlic/core/bytes.h"
#include "internal/container_cloud.h"
#include "internal/publish.h"
#include "internal/session.h"

namespace frlic {
namespace {

std::string ArtifactName(Method method) {
  switch (method) {
    case Method::kLocalContainer:
      return "Container.lic";
    case Method::kPrivateCloud:
      return "FanruanLicenseServer.zip";
    case Method::kContainerPrivateCloud:
      return "fanruan_license_server.tar";
    case Method::kPublicCloud:
      return "account.json";
  }
  return "artifact";
}

}  // namespace

std::string NewSerial(Random& random) {
  Bytes bits(8);
  random.Fill(bits);
  std::string hex = HexEncode(bits);
  for (char& c : hex) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return "FRL-" + hex;
}

std::string ArtifactPathFor(const std::string& out_dir, Method method) {
  return std::filesystem::absolute(std::filesystem::path(out_dir) / ArtifactName(method))
      .lexically_normal()
      .string();
}

Result<std::pair<std::unique_ptr<Ledger>, std::optional<FileLock>>> OpenLedgerForIssue(
    const IssueRequest& request, const Clock& clock) {
  FRLIC_ASSIGN_OR_RETURN(auto ledger, request.init_ledger
                                          ? Ledger::Create(request.ledger_path, clock)
                                          : Ledger::Open(request.ledger_path, clock));
  std::optional<FileLock> lock;
  // One issuer at a time per SQLite ledger: recovery must only see pending records of runs
  // that died, never of one still writing. A shared ledger's recovery goes by issue leases
  // instead (Ledger::RecoverPending), so its issuers need no lock.
  if (!Ledger::IsShared(request.ledger_path)) {
    FRLIC_ASSIGN_OR_RETURN(FileLock held, FileLock::Acquire(request.ledger_path + ".lock",
                                                            request.lock_timeout_seconds));
    lock.emplace(std::move(held));
  }
  return std::make_pair(std::move(ledger), std::move(lock));
}

Result<Session> OpenLedgerSession(const IssueRequest& request, const Clock& clock) {
  FRLIC_ASSIGN_OR_RETURN(Keyring keyring,
                         LoadKeyring(request.keys_dir, request.allow_example_keys));
  FRLIC_ASSIGN_OR_RETURN(auto opened, OpenLedgerForIssue(request, clock));
  FRLIC_RETURN_IF_ERROR(opened.first->RecoverPending());
  return Session{std::move(keyring), std::move(opened.first), std::move(opened.second), ""};
}

Result<Session> OpenSession(const IssueRequest& request, Method method, const Clock& clock) {
  // Inputs read while the lock is held must not be able to hold it forever (a FIFO blocks).
  if (!request.rif_path.empty())
    FRLIC_RETURN_IF_ERROR(RequireRegularFile(request.rif_path, "--rif"));
  if (method == Method::kContainerPrivateCloud) {
    FRLIC_RETURN_IF_ERROR(RequireRegularFile(BaseImagePathFor(request), "the base image"));
  }
  FRLIC_ASSIGN_OR_RETURN(Session session, OpenLedgerSession(request, clock));
  // --out is created only when the artifact is staged (SignVerifyStage): a refusal creates
  // nothing.
  session.path = ArtifactPathFor(request.out_dir, method);
  // What a killed run left beside the artifact goes only under the issue lock: on a shared
  // ledger another run on this machine may be staging there now (recovery removes the stages
  // of the records it settles).
  if (session.lock) RemoveStaleTempFiles(session.path);
  return session;
}

Status CheckArtifactPathFree(const Session& session, const IssueRequest& request) {
  return CheckArtifactPathFree(*session.ledger, session.path, request.force);
}

Status CheckArtifactPathFree(Ledger& ledger, const std::string& path, bool force) {
  if (PathExists(path)) {
    // Another customer's licence is never overwritten, --force or not: the ledger would still
    // vouch for a file that is gone.
    // An indexed lookup (non-aborted records only): a batch checks every order's path, and a
    // scan of every record per order would grow with the ledger.
    FRLIC_ASSIGN_OR_RETURN(std::vector<LedgerRecord> records, ledger.FindByArtifactPath(path));
    for (const LedgerRecord& record : records) {
      return Error(ErrorCode::kRefused,
                   path + " is the artifact of licence " + record.serial + " (order " +
                       record.order_id + ", " + LicenceStatusName(record.status) +
                       "); an artifact the ledger records is never overwritten",
                   "choose another --out for this order (one directory per order)");
    }
    if (!force) {
      return Error(ErrorCode::kRefused, path + " already exists",
                   "remove it, choose another --out, or pass --force to overwrite it");
    }
  }
  return Ok();
}

Result<IssueResult> ExistingLicence(const LedgerRecord& record) {
  IssueResult result = IssuedFrom(record);
  result.already_issued = true;
  auto digest = Sha256FileHex(record.artifact_path);
  if (!digest.ok()) {
    if (digest.error().code() != ErrorCode::kNotFound) return std::move(digest).error();
    result.artifact_missing = true;  // moved or handed out since: the licence stands
  } else if (*digest != record.artifact_sha256) {
    return Error(ErrorCode::kLedgerCorrupt,
                 record.artifact_path + " is not the artifact the ledger records for " +
                     record.serial + " (its sha256 is " + *digest + ", the ledger's " +
                     record.artifact_sha256 + ")",
                 "the file was changed or replaced after issue; put the issued file back, and "
                 "see: frlic ledger show " +
                     record.serial);
  }
  return result;
}

Overwrite OverwriteOf(const IssueRequest& request) {
  return request.force ? Overwrite::kYes : Overwrite::kNo;
}

}  // namespace frlic
