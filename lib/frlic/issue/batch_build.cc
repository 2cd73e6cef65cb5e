// Building a batch group's artifacts on all cores (internal/batch_build.h).
#include <atomic>
#include <optional>
#include <thread>

#include "frlic/core/worker_threads.h"
#include "internal/batch_build.h"
#include "internal/container_cloud.h"
#include "internal/local_container.h"
#include "internal/publish.h"
#include "internal/session.h"

namespace frlic {
namespace {

Result<BuiltOrder> BuildOne(const BuildJob& job, const BuildContext& context) {
  SeededRandom random(job.seed);
  const Issuer issuer{context.keyring, context.signer, context.clock, random};
  const ArtifactSpec spec{.path = job.path,
                          .overwrite = context.overwrite,
                          .serial = NewSerial(random),
                          .order_id = job.order_id,
                          .terms = job.terms,
                          .durability = context.durability};
  auto build = [&]() -> Result<BuiltArtifact> {
    if (job.method == Method::kLocalContainer) return BuildContainerLicence(spec, issuer);
    if (job.method == Method::kContainerPrivateCloud) {
      return BuildComponentImage(spec, *context.base, issuer);
    }
    return BuildServerPackage(spec, *job.machine, context.sources, issuer);
  };
  FRLIC_ASSIGN_OR_RETURN(BuiltArtifact built, build());
  FRLIC_ASSIGN_OR_RETURN(
      LedgerRecord record,
      RecordFor(spec, job.method, built, context.signer.key_id, context.clock.Now()));
  record.notes = job.notes;
  record.requested_by = job.requested_by;
  return BuiltOrder{job.index, std::move(built), std::move(record)};
}

}  // namespace

std::vector<Result<BuiltOrder>> BuildAll(const std::vector<BuildJob>& jobs,
                                         const BuildContext& context, unsigned threads) {
  if (jobs.empty()) return {};
  std::vector<std::optional<Result<BuiltOrder>>> slots(jobs.size());
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t k = next++; k < jobs.size(); k = next++) {
      slots[k].emplace(BuildOne(jobs[k], context));
    }
  };
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  RunOnThreads(static_cast<unsigned>(std::min<std::size_t>(threads, jobs.size())), work);
  std::vector<Result<BuiltOrder>> results;
  results.reserve(jobs.size());
  for (auto& slot : slots) results.push_back(std::move(*slot));
  return results;
}

}  // namespace frlic
