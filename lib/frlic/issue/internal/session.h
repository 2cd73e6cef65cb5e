// What every file-writing issue (and reissue) opens before the passphrase is asked for: the
// keyring, the ledger under the issue lock (with dead runs' pending records recovered), and
// the artifact's final path, checked free.
#pragma once

#include <optional>
#include <utility>

#include <functional>
#include <memory>
#include <string>

#include "frlic/core/clock.h"
#include "frlic/core/files.h"
#include "frlic/core/status.h"
#include "frlic/issue/issue.h"
#include "frlic/keys/keyring.h"
#include "frlic/ledger/ledger.h"
#include "frlic/machine/machine_info.h"
#include "frlic/order/order.h"

namespace frlic {

// "FRL-" and 16 upper-case hex digits (64 random bits); uniqueness is enforced by the ledger.
std::string NewSerial(Random& random);

struct Session {
  Keyring keyring;
  std::unique_ptr<Ledger> ledger;
  // Held for the whole issue on an SQLite ledger; none on a shared one (PostgreSQL), whose
  // issuers run side by side under its transactions and leases.
  std::optional<FileLock> lock;
  std::string path;  // the artifact's final path
};

Result<Session> OpenSession(const IssueRequest& request, Method method, const Clock& clock);

// The ledger at request.ledger_path (created with request.init_ledger) with, for an SQLite
// ledger, its issue lock (none for a shared ledger): what every issue opens first.
Result<std::pair<std::unique_ptr<Ledger>, std::optional<FileLock>>> OpenLedgerForIssue(
    const IssueRequest& request, const Clock& clock);

// The keyring and the ledger under the issue lock, dead runs' pending records recovered, for a
// batch (batch.h): no artifact path (each order has its own, ArtifactPathFor).
Result<Session> OpenLedgerSession(const IssueRequest& request, const Clock& clock);

// The absolute, normalised path of `method`'s artifact in `out_dir` ("Container.lic", ...).
std::string ArtifactPathFor(const std::string& out_dir, Method method);

// kRefused when the artifact's file exists and is recorded by a licence that is not aborted
// (even with request.force: artifacts of different licences never share a path), or exists
// and request.force is not set.
Status CheckArtifactPathFree(const Session& session, const IssueRequest& request);
Status CheckArtifactPathFree(Ledger& ledger, const std::string& path, bool force);

// A re-run for an order id the ledger already holds (docs/cli.md, "Re-running a job"): the
// same order content reports the existing licence (ExistingLicence); anything else, or a
// licence no longer in force, is kConflict. `open_machine` opens the order's RIF (private
// cloud only) to compare its host.
Result<IssueResult> AlreadyIssued(const std::string& order_path, const Order& order,
                                  const LedgerRecord& existing,
                                  const std::function<Result<MachineInfo>()>& open_machine);

// --strict-private-ips: the order's warnings refuse it (kInvalidInput), listed as its problems.
Status CheckStrictPrivateIps(bool strict, const std::string& order_path, const Order& order);

Overwrite OverwriteOf(const IssueRequest& request);

// A re-run's report of a licence already issued (docs/cli.md, "Re-running a job"): the record
// as an IssueResult with already_issued set, after checking its artifact: missing is
// artifact_missing (the licence stands), other bytes are kLedgerCorrupt naming both digests.
Result<IssueResult> ExistingLicence(const LedgerRecord& record);

}  // namespace frlic
