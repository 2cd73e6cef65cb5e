#include <cctype>
#include <filesystem>

#include "frlic/core/bytes.h"
#include "internal/container_cloud.h"
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

Result<Session> OpenSession(const IssueRequest& request, Method method, const Clock& clock) {
  // Inputs read while the lock is held must not be able to hold it forever (a FIFO blocks).
  if (!request.rif_path.empty())
    FRLIC_RETURN_IF_ERROR(RequireRegularFile(request.rif_path, "--rif"));
  if (method == Method::kContainerPrivateCloud) {
    FRLIC_RETURN_IF_ERROR(RequireRegularFile(BaseImagePathFor(request), "the base image"));
  }
  FRLIC_ASSIGN_OR_RETURN(Keyring keyring,
                         LoadKeyring(request.keys_dir, request.allow_example_keys));
  FRLIC_ASSIGN_OR_RETURN(auto ledger, Ledger::OpenSqlite(request.ledger_path, clock));
  // One issuer at a time per ledger: recovery below must only see pending records of runs
  // that died, never of one still writing.
  FRLIC_ASSIGN_OR_RETURN(FileLock lock, FileLock::Acquire(request.ledger_path + ".lock",
                                                          request.lock_timeout_seconds));
  FRLIC_RETURN_IF_ERROR(ledger->RecoverPending());
  // --out is created only when the artifact is staged (SignVerifyStage): a refusal creates
  // nothing.
  const std::string path =
      std::filesystem::absolute(std::filesystem::path(request.out_dir) / ArtifactName(method))
          .lexically_normal()
          .string();
  RemoveStaleTempFiles(path);
  if (!request.force && PathExists(path)) {
    return Error(ErrorCode::kRefused, path + " already exists",
                 "remove it, choose another --out, or pass --force to overwrite it");
  }
  return Session{std::move(keyring), std::move(ledger), std::move(lock), path};
}

Overwrite OverwriteOf(const IssueRequest& request) {
  return request.force ? Overwrite::kYes : Overwrite::kNo;
}

}  // namespace frlic
