#include "frlic/issue/issue.h"

#include <cstdlib>
#include <filesystem>

#include "frlic/core/bytes.h"
#include "frlic/core/files.h"
#include "frlic/core/strict_json.h"
#include "frlic/core/time.h"
#include "frlic/issue/container_cloud.h"
#include "frlic/issue/private_cloud.h"
#include "frlic/issue/private_config_verdict.h"
#include "frlic/issue/public_cloud.h"
#include "frlic/issue/receipt_verdict.h"
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

// An artifact signed, written to its temporary path and verified: ready to be recorded.
struct BuiltArtifact {
  StagedFile staged;
  std::string sha256;
  std::string instance_public_key_hex;
  std::string machine_fingerprint;
  std::string extra_json = "{}";
};

// What every issue needs before the passphrase is asked for.
struct Session {
  Keyring keyring;
  std::unique_ptr<Ledger> ledger;
  FileLock lock;
  std::string path;  // the artifact's final path
};

Result<Session> OpenSession(const IssueRequest& request, Method method, const Clock& clock) {
  FRLIC_ASSIGN_OR_RETURN(Keyring keyring,
                         LoadKeyring(request.keys_dir, request.allow_example_keys));
  FRLIC_ASSIGN_OR_RETURN(auto ledger, Ledger::OpenSqlite(request.ledger_path, clock));
  // One issuer at a time per ledger: recovery below must only see pending records of runs
  // that died, never of one still writing.
  FRLIC_ASSIGN_OR_RETURN(FileLock lock, FileLock::Acquire(request.ledger_path + ".lock"));
  FRLIC_RETURN_IF_ERROR(ledger->RecoverPending());
  FRLIC_RETURN_IF_ERROR(MakeDirectories(request.out_dir));
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

Result<BuiltArtifact> BuildContainerLicence(const std::string& path, Overwrite overwrite,
                                            const std::string& serial, const std::string& order_id,
                                            const Terms& terms, const Keyring& keyring,
                                            const Signer& signer, const Clock& clock) {
  ContainerLicence licence{serial, signer.key_id, clock.Now(), order_id, terms};
  const std::string payload = ContainerLicencePayload(licence);
  FRLIC_ASSIGN_OR_RETURN(std::string envelope,
                         MakeEnvelope(kContainerLicenceType, AsBytes(payload), signer));
  // Verify what will ship exactly as a product would, before anything is written.
  if (auto reopened = OpenContainerLicence(AsBytes(envelope), keyring, path); !reopened.ok()) {
    return Error(ErrorCode::kInternal,
                 "the licence did not verify after signing: " + reopened.error().message());
  }
  FRLIC_ASSIGN_OR_RETURN(StagedFile staged,
                         StagedFile::Stage(path, AsBytes(envelope), {0644, overwrite}));
  return BuiltArtifact{std::move(staged), Sha256Hex(AsBytes(envelope)), "", "", "{}"};
}

PackageSources SourcesOf(const IssueRequest& request, const Keyring& keyring) {
  const std::string templates =
      request.templates_dir.empty() ? DefaultTemplatesDirectory() : request.templates_dir;
  PackageSources sources;
  sources.rif_path = request.rif_path;
  sources.server_binaries_dir = request.server_binaries_dir.empty() ? templates + "/server-binaries"
                                                                    : request.server_binaries_dir;
  sources.readme_template = templates + "/server/README.txt.tmpl";
  // Stand-in server binaries go only into packages signed with the example keys.
  sources.allow_stand_ins = keyring.is_example();
  return sources;
}

std::string BaseImageOf(const IssueRequest& request) {
  if (!request.base_image.empty()) return request.base_image;
  const std::string templates =
      request.templates_dir.empty() ? DefaultTemplatesDirectory() : request.templates_dir;
  return templates + "/container/base-image.tar";
}

Result<BuiltArtifact> BuildImage(const std::string& path, const IssueRequest& request,
                                 const std::string& serial, const std::string& order_id,
                                 const Terms& terms, const ImageArchive& base,
                                 const Keyring& keyring, const Signer& signer, const Clock& clock,
                                 Random& random) {
  FRLIC_ASSIGN_OR_RETURN(BuiltImage image,
                         BuildComponentImage(path, OverwriteOf(request), serial, order_id, terms,
                                             base, keyring, signer, clock, random));
  return BuiltArtifact{std::move(image.staged), image.sha256, image.instance_public_key_hex, "",
                       image.extra_json};
}

Result<BuiltArtifact> BuildPackage(const std::string& path, const IssueRequest& request,
                                   const std::string& serial, const std::string& order_id,
                                   const Terms& terms, const MachineInfo& machine,
                                   const Keyring& keyring, const Signer& signer, const Clock& clock,
                                   Random& random) {
  FRLIC_ASSIGN_OR_RETURN(
      BuiltPackage package,
      BuildServerPackage(path, OverwriteOf(request), serial, order_id, terms, machine,
                         SourcesOf(request, keyring), keyring, signer, clock, random));
  return BuiltArtifact{std::move(package.staged), package.sha256, package.instance_public_key_hex,
                       package.machine_fingerprint, package.extra_json};
}

LedgerRecord RecordFor(const std::string& serial, const std::string& order_id, Method method,
                       const Terms& terms, const std::string& path, const BuiltArtifact& built,
                       const std::string& key_id, UnixSeconds issued_at) {
  LedgerRecord record;
  record.serial = serial;
  record.order_id = order_id;
  record.method = MethodName(method);
  record.terms_json = TermsToJson(terms).dump();
  record.artifact_path = path;
  record.artifact_sha256 = built.sha256;
  record.instance_public_key = built.instance_public_key_hex;
  record.machine_fingerprint = built.machine_fingerprint;
  record.key_id = key_id;
  record.issued_at = issued_at;
  record.extra_json = built.extra_json;
  return record;
}

// Records `record` as pending through `begin`, moves the artifact into place, completes the
// record. After a failure the record is aborted and `undo` runs (a reissue restores the
// licence it was replacing).
Result<IssueResult> Publish(const IssueRequest& request, Ledger& ledger, BuiltArtifact built,
                            const LedgerRecord& record, const std::function<Status()>& begin,
                            const std::function<void()>& undo) {
  auto step = [&](std::string_view name) {
    if (request.on_step) request.on_step(name);
  };
  step("staged");
  FRLIC_RETURN_IF_ERROR(begin());
  step("recorded");
  if (Status committed = built.staged.Commit(); !committed.ok()) {
    (void)ledger.AbortIssue(record.serial, committed.error().message());
    if (undo) undo();
    return std::move(committed).error();
  }
  step("renamed");
  FRLIC_RETURN_IF_ERROR(ledger.CompleteIssue(record.serial));
  return IssueResult{record.serial, record.parent_serial, record.order_id,
                     record.method, record.artifact_path, record.artifact_sha256,
                     record.key_id, record.issued_at};
}

}  // namespace

std::string DefaultKeysDirectory() {
  return EnvOr("XDG_CONFIG_HOME", HomeDirectory() + "/.config") + "/frlic/keys";
}

std::string DefaultLedgerPath() {
  return EnvOr("XDG_DATA_HOME", HomeDirectory() + "/.local/share") + "/frlic/ledger.sqlite";
}

std::string DefaultTemplatesDirectory() { return EnvOr("FRLIC_TEMPLATES", FRLIC_TEMPLATES_DIR); }

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
  const Method method = order.method();
  if (method == Method::kPrivateCloud && request.rif_path.empty()) {
    return Error(ErrorCode::kInvalidInput,
                 request.order_path + ": a private-cloud order needs the customer's RIF",
                 "pass --rif MachineInfo.rif");
  }
  if (method != Method::kPrivateCloud && !request.rif_path.empty()) {
    return Error(ErrorCode::kInvalidInput,
                 request.order_path + ": method " + MethodName(method) + " takes no --rif");
  }
  // Public cloud creates an account and writes no file (public_cloud.cc).
  if (method == Method::kPublicCloud) {
    return IssuePublicCloud(request, order, NewSerial(random), clock, random);
  }
  FRLIC_ASSIGN_OR_RETURN(Session session, OpenSession(request, method, clock));
  FRLIC_ASSIGN_OR_RETURN(auto existing, session.ledger->FindActiveByOrderId(order.order_id()));
  if (existing) {
    return Error(
        ErrorCode::kConflict,
        request.order_path + ": order " + order.order_id() + " was already issued as " +
            existing->serial + " on " + FormatInstant(existing->issued_at),
        "a re-run must not mint a second licence; see: frlic ledger show " + existing->serial);
  }

  // The base image is read and verified (every digest) before the passphrase is asked for.
  std::optional<ImageArchive> base;
  if (method == Method::kContainerPrivateCloud) {
    FRLIC_ASSIGN_OR_RETURN(base, OpenBaseImage(BaseImageOf(request), session.keyring.is_example()));
  }

  FRLIC_ASSIGN_OR_RETURN(SecretBytes secret, passphrase.Get());
  FRLIC_ASSIGN_OR_RETURN(Signer signer, session.keyring.UnlockSigner(secret));
  const std::string serial = NewSerial(random);
  auto build = [&]() -> Result<BuiltArtifact> {
    if (method == Method::kLocalContainer) {
      return BuildContainerLicence(session.path, OverwriteOf(request), serial, order.order_id(),
                                   order.terms(), session.keyring, signer, clock);
    }
    if (method == Method::kContainerPrivateCloud) {
      return BuildImage(session.path, request, serial, order.order_id(), order.terms(), *base,
                        session.keyring, signer, clock, random);
    }
    FRLIC_ASSIGN_OR_RETURN(MachineInfo machine, OpenRif(request.rif_path, session.keyring, secret));
    return BuildPackage(session.path, request, serial, order.order_id(), order.terms(), machine,
                        session.keyring, signer, clock, random);
  };
  FRLIC_ASSIGN_OR_RETURN(BuiltArtifact built, build());
  const LedgerRecord record = RecordFor(serial, order.order_id(), method, order.terms(),
                                        session.path, built, signer.key_id, clock.Now());
  Ledger& ledger = *session.ledger;
  return Publish(
      request, ledger, std::move(built), record, [&] { return ledger.BeginIssue(record); },
      nullptr);
}

}  // namespace frlic

namespace frlic {

namespace {

// Reissue of a container component (seed 003, "Authorization Component Migration").
Result<IssueResult> ReissueComponent(const ReissueRequest& request, const Passphrase& passphrase,
                                     const Clock& clock, Random& random) {
  const IssueRequest& issue = request.issue;
  if (!issue.rif_path.empty()) {
    return Error(ErrorCode::kInvalidInput,
                 "a container component's reissue takes no --rif: the new image is not bound to a "
                 "machine");
  }
  FRLIC_ASSIGN_OR_RETURN(Bytes evidence, ReadFile(request.private_config_path, 1 << 20));
  FRLIC_ASSIGN_OR_RETURN(Session session,
                         OpenSession(issue, Method::kContainerPrivateCloud, clock));
  Ledger& ledger = *session.ledger;
  const std::string& file = request.private_config_path;
  auto refusal = [&](ErrorCode code, const PrivateConfigVerdict& verdict) {
    return Error(code, file + " is not accepted (" + PrivateConfigFailureName(*verdict.failure) +
                           "): " + verdict.message);
  };
  FRLIC_ASSIGN_OR_RETURN(PrivateConfigVerdict verdict,
                         JudgePrivateConfig(ledger, evidence, file, clock.Now()));
  if (!verdict.valid()) return refusal(ErrorCode::kRefused, verdict);
  FRLIC_ASSIGN_OR_RETURN(auto old, ledger.FindBySerial(verdict.serial));
  FRLIC_ASSIGN_OR_RETURN(Json terms_json,
                         ParseStrictJson(old->terms_json, "ledger record " + old->serial));
  // Reissue keeps the terms (and so the port) of the licence it replaces.
  FRLIC_ASSIGN_OR_RETURN(Terms terms, TermsFromJson(terms_json, "ledger record " + old->serial));
  FRLIC_ASSIGN_OR_RETURN(ImageArchive base,
                         OpenBaseImage(BaseImageOf(issue), session.keyring.is_example()));

  FRLIC_ASSIGN_OR_RETURN(SecretBytes secret, passphrase.Get());
  FRLIC_ASSIGN_OR_RETURN(Signer signer, session.keyring.UnlockSigner(secret));
  const std::string serial = NewSerial(random);
  FRLIC_ASSIGN_OR_RETURN(BuiltArtifact built,
                         BuildImage(session.path, issue, serial, old->order_id, terms, base,
                                    session.keyring, signer, clock, random));
  LedgerRecord record = RecordFor(serial, old->order_id, Method::kContainerPrivateCloud, terms,
                                  session.path, built, signer.key_id, clock.Now());
  record.parent_serial = old->serial;
  const Json consumed = {{"private_config_sha256", verdict.private_config_sha256},
                         {"instance_id", verdict.instance_id},
                         {"deployed_at", FormatInstant(verdict.deployed_at)},
                         {"replaced_by", serial}};
  auto begin = [&]() -> Status {
    return ledger.Transaction([&](LedgerTxn& txn) -> Status {
      // Judged again inside the transaction: of two racing reissues, one sees it reissued.
      FRLIC_ASSIGN_OR_RETURN(PrivateConfigVerdict again,
                             JudgePrivateConfig(txn, evidence, file, clock.Now()));
      if (!again.valid()) return refusal(ErrorCode::kConflict, again);
      FRLIC_RETURN_IF_ERROR(txn.CompareAndSetStatus(old->serial, LicenceStatus::kRevoked,
                                                    LicenceStatus::kSuperseded, "supersede",
                                                    consumed.dump()));
      return txn.BeginIssue(record);
    });
  };
  auto undo = [&] {
    (void)ledger.SetStatus(old->serial, LicenceStatus::kRevoked, "reissue-failed",
                           Json{{"serial", serial}}.dump());
  };
  return Publish(issue, ledger, std::move(built), record, begin, undo);
}

}  // namespace

Result<RevokeResult> Revoke(const std::string& serial, const std::string& reason,
                            const std::string& ledger_path, const Clock& clock) {
  if (reason.find_first_not_of(" \t\r\n") == std::string::npos) {
    return Error(ErrorCode::kInvalidInput, "revoking needs a reason",
                 "pass --reason TEXT (what business destroyed, and why)");
  }
  FRLIC_ASSIGN_OR_RETURN(auto ledger, Ledger::OpenSqlite(ledger_path, clock));
  FRLIC_ASSIGN_OR_RETURN(auto record, ledger->FindBySerial(serial));
  if (!record) {
    return Error(ErrorCode::kNotFound, "the ledger " + ledger_path + " has no licence " + serial,
                 "see: frlic ledger list");
  }
  if (record->status != LicenceStatus::kActive) {
    return Error(ErrorCode::kConflict, serial + " is " + LicenceStatusName(record->status) +
                                           ", not active: only an active licence can be revoked");
  }
  FRLIC_RETURN_IF_ERROR(ledger->CompareAndSetStatus(serial, LicenceStatus::kActive,
                                                    LicenceStatus::kRevoked, "revoke",
                                                    Json{{"reason", reason}}.dump()));
  return RevokeResult{serial, record->method, clock.Now()};
}

Result<IssueResult> Reissue(const ReissueRequest& request, const Passphrase& passphrase,
                            const Clock& clock, Random& random) {
  if (request.receipt_path.empty() == request.private_config_path.empty()) {
    return Error(ErrorCode::kInvalidInput,
                 "a reissue needs exactly one piece of evidence: a receipt.fr (private cloud) or "
                 "a privateConfig (container private cloud)");
  }
  if (!request.private_config_path.empty()) {
    return ReissueComponent(request, passphrase, clock, random);
  }
  const IssueRequest& issue = request.issue;
  if (issue.rif_path.empty()) {
    return Error(ErrorCode::kInvalidInput, "a reissue needs the new machine's RIF",
                 "pass --rif NewMachineInfo.rif");
  }
  FRLIC_ASSIGN_OR_RETURN(Bytes receipt, ReadFile(request.receipt_path, 1 << 20));
  FRLIC_ASSIGN_OR_RETURN(Session session, OpenSession(issue, Method::kPrivateCloud, clock));
  Ledger& ledger = *session.ledger;
  FRLIC_ASSIGN_OR_RETURN(ReceiptVerdict verdict,
                         JudgeReceipt(ledger, receipt, request.receipt_path, clock.Now()));
  if (!verdict.valid()) {
    return Error(ErrorCode::kRefused, request.receipt_path + " is not accepted (" +
                                          ReceiptFailureName(*verdict.failure) +
                                          "): " + verdict.message);
  }
  FRLIC_ASSIGN_OR_RETURN(auto old, ledger.FindBySerial(verdict.serial));
  FRLIC_ASSIGN_OR_RETURN(Json terms_json,
                         ParseStrictJson(old->terms_json, "ledger record " + old->serial));
  // Reissue keeps the terms of the licence it replaces.
  FRLIC_ASSIGN_OR_RETURN(Terms terms, TermsFromJson(terms_json, "ledger record " + old->serial));

  FRLIC_ASSIGN_OR_RETURN(SecretBytes secret, passphrase.Get());
  FRLIC_ASSIGN_OR_RETURN(Signer signer, session.keyring.UnlockSigner(secret));
  FRLIC_ASSIGN_OR_RETURN(MachineInfo machine, OpenRif(issue.rif_path, session.keyring, secret));
  const std::string serial = NewSerial(random);
  FRLIC_ASSIGN_OR_RETURN(BuiltArtifact built,
                         BuildPackage(session.path, issue, serial, old->order_id, terms, machine,
                                      session.keyring, signer, clock, random));
  LedgerRecord record = RecordFor(serial, old->order_id, Method::kPrivateCloud, terms, session.path,
                                  built, signer.key_id, clock.Now());
  record.parent_serial = old->serial;
  const Json consumed = {{"receipt_sha256", verdict.receipt_sha256},
                         {"destroyed_at", FormatInstant(verdict.destroyed_at)},
                         {"replaced_by", serial}};
  auto begin = [&]() -> Status {
    return ledger.Transaction([&](LedgerTxn& txn) -> Status {
      // Judged again inside the transaction: of two racing reissues, one sees it consumed.
      FRLIC_ASSIGN_OR_RETURN(ReceiptVerdict again,
                             JudgeReceipt(txn, receipt, request.receipt_path, clock.Now()));
      if (!again.valid()) {
        return Error(ErrorCode::kConflict, request.receipt_path + " is not accepted (" +
                                               ReceiptFailureName(*again.failure) +
                                               "): " + again.message);
      }
      FRLIC_RETURN_IF_ERROR(txn.CompareAndSetStatus(old->serial, LicenceStatus::kActive,
                                                    LicenceStatus::kDestroyed, "destroy",
                                                    consumed.dump()));
      return txn.BeginIssue(record);
    });
  };
  auto undo = [&] {
    (void)ledger.SetStatus(old->serial, LicenceStatus::kActive, "reissue-failed",
                           Json{{"serial", serial}}.dump());
  };
  return Publish(issue, ledger, std::move(built), record, begin, undo);
}

}  // namespace frlic
