// What every file-writing issue (and reissue) opens before the passphrase is asked for: the
// keyring, the ledger under the issue lock (with dead runs' pending records recovered), and
// the artifact's final path, checked free.
#pragma once

#include <memory>
#include <string>

#include "frlic/core/clock.h"
#include "frlic/core/files.h"
#include "frlic/core/status.h"
#include "frlic/issue/issue.h"
#include "frlic/keys/keyring.h"
#include "frlic/ledger/ledger.h"
#include "frlic/order/order.h"

namespace frlic {

// "FRL-" and 16 upper-case hex digits (64 random bits); uniqueness is enforced by the ledger.
std::string NewSerial(Random& random);

struct Session {
  Keyring keyring;
  std::unique_ptr<Ledger> ledger;
  FileLock lock;     // held for the whole issue
  std::string path;  // the artifact's final path
};

Result<Session> OpenSession(const IssueRequest& request, Method method, const Clock& clock);

// kRefused when the artifact's file exists and is recorded by a licence that is not aborted
// (even with request.force: artifacts of different licences never share a path), or exists
// and request.force is not set.
Status CheckArtifactPathFree(const Session& session, const IssueRequest& request);

Overwrite OverwriteOf(const IssueRequest& request);

// A re-run's report of a licence already issued (docs/cli.md, "Re-running a job"): the record
// as an IssueResult with already_issued set, after checking its artifact: missing is
// artifact_missing (the licence stands), other bytes are kLedgerCorrupt naming both digests.
Result<IssueResult> ExistingLicence(const LedgerRecord& record);

}  // namespace frlic
