// The two halves of a batch group (batch.h): building the artifacts on all cores, and
// recording them in the ledger with one transaction per step for the whole group.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "frlic/artifact/image/image_archive.h"
#include "frlic/core/clock.h"
#include "frlic/core/filesystem_barrier.h"
#include "frlic/core/status.h"
#include "frlic/keys/keyring.h"
#include "frlic/ledger/ledger.h"
#include "frlic/machine/machine_info.h"
#include "frlic/order/order.h"
#include "private_cloud.h"
#include "stage_artifact.h"

namespace frlic {

// One order to sign: everything a worker thread needs, nothing it shares but the context.
struct BuildJob {
  std::size_t index = 0;  // the order's position in the batch
  Method method = Method::kLocalContainer;
  std::string path;  // the artifact's final path
  std::string order_id;
  Terms terms;  // as signed (private cloud: port set)
  std::string notes;
  std::string requested_by;
  const MachineInfo* machine = nullptr;  // private cloud
  // The order's own Random (SeededRandom): a view of the batch's seeds, kept in SecretBytes.
  std::span<const std::uint8_t, 32> seed;
};

// What every job of a batch shares (read only while the workers run).
struct BuildContext {
  const Keyring& keyring;
  const Signer& signer;
  const ImageArchive* base;  // container private cloud
  PackageSources sources;    // private cloud
  Overwrite overwrite;
  const Clock& clock;
  // kGroup: the files are staged without an fsync each; the caller syncs the group
  // (FilesystemBarrier) before recording it.
  Durability durability = Durability::kEach;
};

struct BuiltOrder {
  std::size_t index = 0;
  BuiltArtifact built;
  LedgerRecord record;
};

// Builds every job (sign, verify, stage, its ledger record) on `threads` threads
// (0: std::thread::hardware_concurrency()); the results are in the jobs' order. A job draws
// its serial and keys from SeededRandom(job.seed) exactly as Issue() draws them from its
// Random, so its bytes are those of a one-order run with that Random.
std::vector<Result<BuiltOrder>> BuildAll(const std::vector<BuildJob>& jobs,
                                         const BuildContext& context, unsigned threads);

// Records a group: BeginIssue for all in one transaction, MarkPublishing for all in one, each
// staged file renamed into place (its directory fsynced), CompleteIssue for all in one.
// `on_step` hears "staged", "recorded", "publishing" once each and "renamed" after each
// rename. The renames (each waiting on its directory's fsync) run on `threads` threads: their
// order does not matter, every record is marked publishing first. A failed transaction fails the
// whole group (records aborted, staged files discarded, as Publish does for one); a failed rename
// fails its order only. Returns each order's outcome (index, result).
// With a `barrier` (the group staged kGroup), the renames are made durable by one Sync of it
// before the group is completed; a failed Sync leaves their records pending for recovery, as a
// failed directory fsync does.
std::vector<std::pair<std::size_t, Result<IssueResult>>> PublishGroup(
    Ledger& ledger, std::vector<BuiltOrder>& group,
    const std::function<void(std::string_view step)>& on_step, unsigned threads,
    const FilesystemBarrier* barrier = nullptr);

// Renames in flight at once when --jobs does not say: they wait on fsyncs, not on the CPU.
inline constexpr unsigned kCommitThreads = 16;

}  // namespace frlic
