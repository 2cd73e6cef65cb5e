// The two-phase record every file-writing issue ends with: the ledger record is written
// pending, marked publishing, the staged artifact is renamed into place, the record is
// completed. A run killed in between leaves a pending record that the next run's recovery
// settles (Ledger::RecoverPending).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "frlic/core/status.h"
#include "frlic/issue/issue.h"
#include "frlic/ledger/ledger.h"
#include "frlic/order/order.h"
#include "stage_artifact.h"

namespace frlic {

// The largest artifact whose bytes the ledger keeps (docs/formats.md 6.1).
inline constexpr std::uint64_t kMaxKeptArtifact = 256ull << 20;

// The ledger record of `built`, the artifact issued for `spec`. For Container.lic and
// FanruanLicenseServer.zip it carries the staged bytes (artifact_copy) for the ledger to keep;
// never for an image, whose instance key is a secret.
Result<LedgerRecord> RecordFor(const ArtifactSpec& spec, Method method, const BuiltArtifact& built,
                               const std::string& key_id, UnixSeconds issued_at);

struct Publication {
  BuiltArtifact built;
  LedgerRecord record;
  // Writes `record` pending (an issue: BeginIssue; a reissue: also retires the old licence,
  // in the same transaction; aborting the record gives it back).
  std::function<Status()> record_pending;
};

// The IssueResult that reports `record` (its serial, lineage, artifact and key).
IssueResult IssuedFrom(const LedgerRecord& record);

// After `serial`'s pending record is written and the issue fails: aborts the record (which,
// for a reissue, gives the evidence back) before the staged file goes. If the abort cannot be
// written, the staged file stays: it tells the next run's recovery that the rename never
// happened.
void AbortOrLeaveForRecovery(Ledger& ledger, const std::string& serial, StagedFile& staged,
                             const Error& error);

// Records pending, marks it publishing, moves the artifact into place, completes the record.
// `on_step` is told "staged", "recorded", "publishing" and "renamed" (IssueRequest::on_step;
// may be unset).
Result<IssueResult> Publish(Ledger& ledger, Publication publication,
                            const std::function<void(std::string_view step)>& on_step);

}  // namespace frlic
