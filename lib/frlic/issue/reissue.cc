// Reissue: private cloud against a destroyed server's receipt.fr (docs/formats.md section
// 8.7), container private cloud against a moved component's privateConfig (section 9.5). Each
// judges its evidence, builds the replacement with the old licence's terms, then retires the
// old licence and records the new one in one transaction, judging the evidence again inside it.
#include "frlic/issue/reissue.h"

#include <functional>

#include "frlic/core/files.h"
#include "frlic/core/strict_json.h"
#include "frlic/core/time.h"
#include "frlic/issue/machine_rules.h"
#include "frlic/issue/private_config_verdict.h"
#include "frlic/issue/receipt_verdict.h"
#include "frlic/ledger/ledger.h"
#include "frlic/licence/server_licence.h"
#include "internal/container_cloud.h"
#include "internal/private_cloud.h"
#include "internal/publish.h"
#include "internal/session.h"

namespace frlic {
namespace {

constexpr std::uint64_t kMaxEvidenceFile = 1 << 20;

// Why a piece of evidence is refused: its verdict's failure name and message.
Error NotAccepted(ErrorCode code, const std::string& file, const char* failure_name,
                  const std::string& message) {
  return Error(code, file + " is not accepted (" + failure_name + "): " + message);
}

// The exit code of refused evidence tells CI what to do: a malformed or forged file (4, 5) is
// the customer's to resend, consumed evidence (8) must not be retried, the rest is refused (7).
ErrorCode CodeFor(ReceiptFailure failure) {
  switch (failure) {
    case ReceiptFailure::kMalformed:
      return ErrorCode::kMalformed;
    case ReceiptFailure::kBadSignature:
      return ErrorCode::kBadSignature;
    case ReceiptFailure::kUnknownSerial:
      return ErrorCode::kNotFound;
    case ReceiptFailure::kAlreadyConsumed:
      return ErrorCode::kConflict;
    default:
      return ErrorCode::kRefused;
  }
}

ErrorCode CodeFor(PrivateConfigFailure failure) {
  switch (failure) {
    case PrivateConfigFailure::kMalformed:
      return ErrorCode::kMalformed;
    case PrivateConfigFailure::kBadSignature:
      return ErrorCode::kBadSignature;
    case PrivateConfigFailure::kUnknownSerial:
      return ErrorCode::kNotFound;
    case PrivateConfigFailure::kAlreadyReissued:
      return ErrorCode::kConflict;
    default:
      return ErrorCode::kRefused;
  }
}

// The terms of the licence being replaced: a reissue keeps them (and so a component's port).
Result<Terms> TermsOf(const LedgerRecord& old) {
  FRLIC_ASSIGN_OR_RETURN(Json terms_json,
                         ParseStrictJson(old.terms_json, "ledger record " + old.serial));
  return TermsFromJson(terms_json, "ledger record " + old.serial);
}

// How a reissue retires the licence it replaces.
struct Retirement {
  std::string old_serial;
  LicenceStatus from;  // the status the evidence requires the old licence to have
  LicenceStatus to;
  std::string event;  // the ledger event: "destroy", "supersede"
  Json consumed;      // the accepted evidence, for the event log
  // Judges the evidence again inside the transaction: of two racing reissues, one sees it
  // consumed. kConflict when it is no longer valid.
  std::function<Status(LedgerTxn&)> judge_again;
};

// Publishes the replacement `built` (its `record` names the old licence as parent): in one
// transaction the evidence is judged again, the old licence retired and the new one recorded
// pending. If the replacement is aborted (a failed rename now, or recovery after a kill) the
// ledger gives the old licence its status back in the abort's transaction.
Result<IssueResult> PublishReplacement(Ledger& ledger, BuiltArtifact built,
                                       const LedgerRecord& record, const Retirement& retirement,
                                       const IssueRequest& request) {
  auto record_pending = [&]() -> Status {
    return ledger.Transaction([&](LedgerTxn& txn) -> Status {
      FRLIC_RETURN_IF_ERROR(retirement.judge_again(txn));
      FRLIC_RETURN_IF_ERROR(txn.CompareAndSetStatus(retirement.old_serial, retirement.from,
                                                    retirement.to, retirement.event,
                                                    retirement.consumed.dump()));
      return txn.BeginIssue(record);
    });
  };
  return Publish(ledger, {std::move(built), record, record_pending}, request.on_step);
}

// A re-run of a finished reissue (docs/cli.md, "Re-running a job"): the old licence's evidence
// was consumed, and the event that consumed it names this very evidence (`member`: its
// SHA-256) and a replacement that exists. nullopt when that is not so (then the refusal
// stands).
Result<std::optional<LedgerRecord>> FinishedReplacement(Ledger& ledger,
                                                        const std::string& old_serial,
                                                        const char* member,
                                                        const std::string& evidence_sha256) {
  FRLIC_ASSIGN_OR_RETURN(auto replacement, ledger.FindReplacement(old_serial));
  if (!replacement) return std::optional<LedgerRecord>();
  FRLIC_ASSIGN_OR_RETURN(std::vector<LedgerEvent> events, ledger.Events(old_serial));
  for (const LedgerEvent& event : events) {
    FRLIC_ASSIGN_OR_RETURN(
        Json detail,
        ParseStrictJson(event.detail_json, "ledger event " + std::to_string(event.seq)));
    if (!detail.is_object()) continue;
    auto evidence = detail.find(member);
    auto replaced_by = detail.find("replaced_by");
    if (evidence != detail.end() && *evidence == evidence_sha256 && replaced_by != detail.end() &&
        *replaced_by == replacement->serial) {
      return replacement;
    }
  }
  return std::optional<LedgerRecord>();
}

// Private cloud: the receipt.fr of the destroyed server, a package for the new machine.
Result<IssueResult> ReissueServer(const ReissueRequest& request, const Passphrase& passphrase,
                                  const Clock& clock, Random& random) {
  const IssueRequest& issue = request.issue;
  const std::string& file = request.receipt_path;
  if (issue.rif_path.empty()) {
    return Error(ErrorCode::kInvalidInput, "a reissue needs the new machine's RIF",
                 "pass --rif NewMachineInfo.rif");
  }
  FRLIC_ASSIGN_OR_RETURN(Bytes receipt, ReadFile(file, kMaxEvidenceFile));
  FRLIC_ASSIGN_OR_RETURN(Session session, OpenSession(issue, Method::kPrivateCloud, clock));
  Ledger& ledger = *session.ledger;
  FRLIC_ASSIGN_OR_RETURN(ReceiptVerdict verdict, JudgeReceipt(ledger, receipt, file, clock.Now()));
  if (verdict.failure == ReceiptFailure::kAlreadyConsumed) {
    FRLIC_ASSIGN_OR_RETURN(auto done, FinishedReplacement(ledger, verdict.serial, "receipt_sha256",
                                                          verdict.receipt_sha256));
    if (done) {
      // The same receipt; the replacement is reported only for the same new host.
      FRLIC_ASSIGN_OR_RETURN(SecretBytes secret, passphrase.Get());
      FRLIC_ASSIGN_OR_RETURN(MachineInfo machine, OpenRif(issue.rif_path, session.keyring, secret));
      if (machine.fingerprint() == done->machine_fingerprint) return ExistingLicence(*done);
    }
  }
  if (!verdict.valid()) {
    return NotAccepted(CodeFor(*verdict.failure), file, ReceiptFailureName(*verdict.failure),
                       verdict.message);
  }
  FRLIC_RETURN_IF_ERROR(CheckArtifactPathFree(session, issue));
  FRLIC_ASSIGN_OR_RETURN(auto old, ledger.FindBySerial(verdict.serial));
  FRLIC_ASSIGN_OR_RETURN(Terms terms, TermsOf(*old));

  FRLIC_ASSIGN_OR_RETURN(Signer signer, session.keyring.UnlockSigner(passphrase.Unlock()));
  FRLIC_ASSIGN_OR_RETURN(SecretBytes secret, passphrase.Get());
  FRLIC_ASSIGN_OR_RETURN(MachineInfo machine, OpenRif(issue.rif_path, session.keyring, secret));
  // Under the ledger lock: the new RIF must be a regenerated one, for a host that runs no
  // other licence (the one being replaced aside).
  FRLIC_RETURN_IF_ERROR(CheckMachineIsFree(ledger, machine, issue.rif_path, old->serial));
  // A licence issued before the port was written gets the port it meant (the default).
  terms.port = ServerPort(terms);
  const ArtifactSpec spec{session.path, OverwriteOf(issue), NewSerial(random), old->order_id,
                          terms};
  FRLIC_ASSIGN_OR_RETURN(
      BuiltArtifact built,
      BuildServerPackage(spec, machine, PackageSourcesFor(issue, session.keyring),
                         {session.keyring, signer, clock, random}));
  FRLIC_ASSIGN_OR_RETURN(LedgerRecord record,
                         RecordFor(spec, Method::kPrivateCloud, built, signer.key_id, clock.Now()));
  record.parent_serial = old->serial;
  record.notes = old->notes;
  record.requested_by = old->requested_by;
  const Retirement retirement{
      .old_serial = old->serial,
      .from = LicenceStatus::kActive,
      .to = LicenceStatus::kDestroyed,
      .event = "destroy",
      .consumed = {{"receipt_sha256", verdict.receipt_sha256},
                   {"destroyed_at", FormatInstant(verdict.destroyed_at)},
                   {"replaced_by", spec.serial}},
      .judge_again = [&](LedgerTxn& txn) -> Status {
        FRLIC_ASSIGN_OR_RETURN(ReceiptVerdict again, JudgeReceipt(txn, receipt, file, clock.Now()));
        if (again.valid()) return Ok();
        return NotAccepted(ErrorCode::kConflict, file, ReceiptFailureName(*again.failure),
                           again.message);
      },
  };
  return PublishReplacement(ledger, std::move(built), record, retirement, issue);
}

// Container private cloud: the moved component's privateConfig, a new image on the base.
Result<IssueResult> ReissueComponent(const ReissueRequest& request, const Passphrase& passphrase,
                                     const Clock& clock, Random& random) {
  const IssueRequest& issue = request.issue;
  const std::string& file = request.private_config_path;
  if (!issue.rif_path.empty()) {
    return Error(ErrorCode::kInvalidInput,
                 "a container component's reissue takes no --rif: the new image is not bound to a "
                 "machine");
  }
  FRLIC_ASSIGN_OR_RETURN(Bytes evidence, ReadFile(file, kMaxEvidenceFile));
  FRLIC_ASSIGN_OR_RETURN(Session session,
                         OpenSession(issue, Method::kContainerPrivateCloud, clock));
  Ledger& ledger = *session.ledger;
  FRLIC_ASSIGN_OR_RETURN(PrivateConfigVerdict verdict,
                         JudgePrivateConfig(ledger, evidence, file, clock.Now()));
  if (verdict.failure == PrivateConfigFailure::kAlreadyReissued) {
    FRLIC_ASSIGN_OR_RETURN(auto done,
                           FinishedReplacement(ledger, verdict.serial, "private_config_sha256",
                                               verdict.private_config_sha256));
    if (done) return ExistingLicence(*done);
  }
  if (!verdict.valid()) {
    return NotAccepted(CodeFor(*verdict.failure), file, PrivateConfigFailureName(*verdict.failure),
                       verdict.message);
  }
  FRLIC_RETURN_IF_ERROR(CheckArtifactPathFree(session, issue));
  FRLIC_ASSIGN_OR_RETURN(auto old, ledger.FindBySerial(verdict.serial));
  FRLIC_ASSIGN_OR_RETURN(Terms terms, TermsOf(*old));
  FRLIC_ASSIGN_OR_RETURN(ImageArchive base,
                         OpenBaseImage(BaseImagePathFor(issue), session.keyring.is_example()));

  FRLIC_ASSIGN_OR_RETURN(Signer signer, session.keyring.UnlockSigner(passphrase.Unlock()));
  const ArtifactSpec spec{session.path, OverwriteOf(issue),     NewSerial(random), old->order_id,
                          terms,        issue.on_image_progress};
  FRLIC_ASSIGN_OR_RETURN(BuiltArtifact built,
                         BuildComponentImage(spec, base, {session.keyring, signer, clock, random}));
  FRLIC_ASSIGN_OR_RETURN(LedgerRecord record, RecordFor(spec, Method::kContainerPrivateCloud, built,
                                                        signer.key_id, clock.Now()));
  record.parent_serial = old->serial;
  record.notes = old->notes;
  record.requested_by = old->requested_by;
  const Retirement retirement{
      .old_serial = old->serial,
      .from = LicenceStatus::kRevoked,
      .to = LicenceStatus::kSuperseded,
      .event = "supersede",
      .consumed = {{"private_config_sha256", verdict.private_config_sha256},
                   {"instance_id", verdict.instance_id},
                   {"deployed_at", FormatInstant(verdict.deployed_at)},
                   {"replaced_by", spec.serial}},
      .judge_again = [&](LedgerTxn& txn) -> Status {
        FRLIC_ASSIGN_OR_RETURN(PrivateConfigVerdict again,
                               JudgePrivateConfig(txn, evidence, file, clock.Now()));
        if (again.valid()) return Ok();
        return NotAccepted(ErrorCode::kConflict, file, PrivateConfigFailureName(*again.failure),
                           again.message);
      },
  };
  return PublishReplacement(ledger, std::move(built), record, retirement, issue);
}

}  // namespace

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
  return ReissueServer(request, passphrase, clock, random);
}

}  // namespace frlic
