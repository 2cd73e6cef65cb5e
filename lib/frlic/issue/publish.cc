#include "internal/publish.h"
#include "frlic/core/files.h"
#include "frlic/core/strict_json.h"

namespace frlic {

Result<LedgerRecord> RecordFor(const ArtifactSpec& spec, Method method, const BuiltArtifact& built,
                               const std::string& key_id, UnixSeconds issued_at) {
  LedgerRecord record;
  record.serial = spec.serial;
  record.order_id = spec.order_id;
  record.method = MethodName(method);
  record.terms_json = TermsToJson(spec.terms).dump();
  record.artifact_path = spec.path;
  record.artifact_sha256 = built.sha256;
  record.instance_public_key = built.instance_public_key_hex;
  record.machine_fingerprint = built.machine_fingerprint;
  record.key_id = key_id;
  record.issued_at = issued_at;
  record.extra_json = built.extra_json;
  // Kept so that `frlic ledger export` can hand the same file out again. A private cloud
  // package's instance key is sealed to the customer's machine, so its bytes are no vendor
  // secret; an image holds its instance key in the clear and is never kept.
  if (method == Method::kLocalContainer || method == Method::kPrivateCloud) {
    auto bytes = ReadFile(built.staged.temp_path(), kMaxKeptArtifact);
    if (!bytes.ok()) {
      return Error(bytes.error().code(), "cannot keep a copy of " + spec.path +
                                             " in the ledger: " + bytes.error().message());
    }
    if (Sha256Hex(ByteView(*bytes)) != built.sha256) {
      return Error(ErrorCode::kIo, "the staged artifact " + built.staged.temp_path() +
                                       " changed after it was written");
    }
    record.artifact_copy = std::move(bytes).value();
  }
  return record;
}

IssueResult IssuedFrom(const LedgerRecord& record) {
  return IssueResult{record.serial, record.parent_serial, record.order_id,
                     record.method, record.artifact_path, record.artifact_sha256,
                     record.key_id, record.issued_at};
}

void AbortOrLeaveForRecovery(Ledger& ledger, const std::string& serial, StagedFile& staged,
                             const Error& error) {
  if (ledger.AbortIssue(serial, error.message()).ok()) {
    staged.Discard();
  } else {
    staged.LeaveForRecovery();
  }
}

Result<IssueResult> Publish(Ledger& ledger, Publication publication,
                            const std::function<void(std::string_view step)>& on_step) {
  auto step = [&](std::string_view name) {
    if (on_step) on_step(name);
  };
  const LedgerRecord& record = publication.record;
  StagedFile& staged = publication.built.staged;
  auto fail = [&](Error error) -> Error {
    AbortOrLeaveForRecovery(ledger, record.serial, staged, error);
    return error;
  };
  step("staged");
  FRLIC_RETURN_IF_ERROR(publication.record_pending());
  step("recorded");
  if (Status marked = ledger.MarkPublishing(record.serial); !marked.ok()) {
    return fail(std::move(marked).error());
  }
  step("publishing");
  if (Status committed = staged.Commit(); !committed.ok()) {
    // Renamed, but the directory did not sync: the licence is in place, so it must not be
    // aborted; the record stays pending and the next run's recovery completes it.
    if (staged.renamed()) return std::move(committed).error();
    return fail(std::move(committed).error());
  }
  step("renamed");
  FRLIC_RETURN_IF_ERROR(ledger.CompleteIssue(record.serial));
  return IssuedFrom(record);
}

}  // namespace frlic
