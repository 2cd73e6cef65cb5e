#include "frlic/issue/issue.h"

#include <cstdlib>
#include <filesystem>

#include "frlic/core/bytes.h"
#include "frlic/core/files.h"
#include "frlic/ledger/ledger.h"
#include "frlic/licence/container_licence.h"
#include "frlic/licence/envelope.h"
#include "frlic/order/order.h"

namespace frlic {
namespace {

std::string EnvOr(const char* name, const std::string& fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? std::string(value) : fallback;
}

std::string HomeDirectory() { return EnvOr("HOME", "."); }

// "FRL-" and 16 upper-case hex digits (64 random bits); uniqueness is enforced by the ledger.
std::string NewSerial(Random& random) {
  Bytes bits(8);
  random.Fill(bits);
  std::string hex = HexEncode(bits);
  for (char& c : hex) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return "FRL-" + hex;
}

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

std::string DefaultKeysDirectory() {
  return EnvOr("XDG_CONFIG_HOME", HomeDirectory() + "/.config") + "/frlic/keys";
}

std::string DefaultLedgerPath() {
  return EnvOr("XDG_DATA_HOME", HomeDirectory() + "/.local/share") + "/frlic/ledger.sqlite";
}

Result<Keyring> LoadKeyring(const std::string& directory, bool allow_example_keys) {
  FRLIC_ASSIGN_OR_RETURN(Keyring keyring, Keyring::Load(directory));
  if (keyring.is_example() && !allow_example_keys) {
    return Error(ErrorCode::kRefused,
                 directory + " is the example keyring, whose passphrase is public",
                 "use your own keyring (frlic keygen), or pass --allow-example-keys for a demo");
  }
  return keyring;
}

Result<IssueResult> Issue(const IssueRequest& request, const Passphrase& passphrase,
                          const Clock& clock, Random& random) {
  // Everything that can be checked without the key is checked first.
  FRLIC_ASSIGN_OR_RETURN(Order order, Order::Load(request.order_path));
  if (order.method() != Method::kLocalContainer) {
    return Error(ErrorCode::kInvalidInput,
                 request.order_path + ": method " + MethodName(order.method()) +
                     " cannot be issued by this version of frlic",
                 "this version issues local-container orders (Container.lic)");
  }
  FRLIC_ASSIGN_OR_RETURN(Keyring keyring,
                         LoadKeyring(request.keys_dir, request.allow_example_keys));
  FRLIC_ASSIGN_OR_RETURN(auto ledger, Ledger::OpenSqlite(request.ledger_path, clock));
  // One issuer at a time per ledger: recovery below must only see pending records of runs
  // that died, never of one still writing.
  FRLIC_ASSIGN_OR_RETURN(FileLock lock, FileLock::Acquire(request.ledger_path + ".lock"));
  FRLIC_RETURN_IF_ERROR(ledger->RecoverPending());
  FRLIC_ASSIGN_OR_RETURN(auto existing, ledger->FindActiveByOrderId(order.order_id()));
  if (existing) {
    return Error(
        ErrorCode::kConflict,
        request.order_path + ": order " + order.order_id() + " was already issued as " +
            existing->serial + " on " + FormatInstant(existing->issued_at),
        "a re-run must not mint a second licence; see: frlic ledger show " + existing->serial);
  }
  FRLIC_RETURN_IF_ERROR(MakeDirectories(request.out_dir));
  const std::string path = std::filesystem::absolute(std::filesystem::path(request.out_dir) /
                                                     ArtifactName(order.method()))
                               .lexically_normal()
                               .string();
  RemoveStaleTempFiles(path);
  if (!request.force && PathExists(path)) {
    return Error(ErrorCode::kRefused, path + " already exists",
                 "remove it, choose another --out, or pass --force to overwrite it");
  }

  FRLIC_ASSIGN_OR_RETURN(SecretBytes secret, passphrase.Get());
  FRLIC_ASSIGN_OR_RETURN(Signer signer, keyring.UnlockSigner(secret));

  ContainerLicence licence{NewSerial(random), signer.key_id, clock.Now(), order.order_id(),
                           order.terms()};
  const std::string payload = ContainerLicencePayload(licence);
  FRLIC_ASSIGN_OR_RETURN(std::string envelope,
                         MakeEnvelope(kContainerLicenceType, AsBytes(payload), signer));
  // Verify what will ship exactly as a product would, before anything is written.
  auto reopened = OpenContainerLicence(AsBytes(envelope), keyring, path);
  if (!reopened.ok()) {
    return Error(ErrorCode::kInternal,
                 "the licence did not verify after signing: " + reopened.error().message());
  }

  LedgerRecord record;
  record.serial = licence.serial;
  record.order_id = licence.order_id;
  record.method = MethodName(order.method());
  record.terms_json = TermsToJson(order.terms()).dump();
  record.artifact_path = path;
  record.artifact_sha256 = Sha256Hex(AsBytes(envelope));
  record.key_id = signer.key_id;
  record.issued_at = licence.issued_at;

  const Overwrite overwrite = request.force ? Overwrite::kYes : Overwrite::kNo;
  FRLIC_ASSIGN_OR_RETURN(StagedFile staged,
                         StagedFile::Stage(path, AsBytes(envelope), {0644, overwrite}));
  auto step = [&](std::string_view name) {
    if (request.on_step) request.on_step(name);
  };
  step("staged");
  // The record goes in as pending first; a run killed after this point leaves a pending
  // record that the next run's RecoverPending completes (artifact in place) or aborts.
  FRLIC_RETURN_IF_ERROR(ledger->BeginIssue(record));
  step("recorded");
  if (Status committed = staged.Commit(); !committed.ok()) {
    (void)ledger->AbortIssue(record.serial, committed.error().message());
    return std::move(committed).error();
  }
  step("renamed");
  FRLIC_RETURN_IF_ERROR(ledger->CompleteIssue(record.serial));

  return IssueResult{record.serial,          record.order_id, record.method,   path,
                     record.artifact_sha256, record.key_id,   record.issued_at};
}

}  // namespace frlic
