// The batch pipeline: lint every order, open the session once, plan each order under the lock
// (re-run, path, host), unlock the key once, then per group: build on all cores, record (the
// next group of small artifacts built while one is recorded).
#include "frlic/issue/batch.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <future>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <system_error>
#include <thread>

#include "frlic/core/worker_threads.h"
#include "frlic/issue/machine_rules.h"
#include "frlic/issue/public_cloud.h"
#include "frlic/licence/server_licence.h"
#include "internal/batch_build.h"
#include "internal/container_cloud.h"
#include "internal/password_file.h"
#include "internal/private_cloud.h"
#include "internal/session.h"

namespace frlic {
namespace {

using BatchClock = std::chrono::steady_clock;
constexpr std::size_t kSeedSize = 32;

double SecondsSince(BatchClock::time_point start) {
  return std::chrono::duration<double>(BatchClock::now() - start).count();
}

// An order id names the order's output directory: "." and ".." pass the order id rule
// (docs/formats.md section 4) but name no directory of their own.
Status CheckOrderIdNamesDirectory(const std::string& order_path, const Order& order) {
  if (order.order_id() != "." && order.order_id() != "..") return Ok();
  return Error(ErrorCode::kInvalidInput,
               order_path + ": order_id " + order.order_id() +
                   " cannot name the order's output directory in a batch",
               "give the order an order_id with a letter or digit");
}

// The group's staged files made durable at once: a file the barrier does not cover (another
// filesystem) is synced alone, then the barrier syncs the rest. A failure fails the orders it
// concerns, and their staged files go with them.
std::vector<Result<BuiltOrder>> MakeDurable(std::vector<Result<BuiltOrder>> built,
                                            const FilesystemBarrier& barrier) {
  std::vector<Result<BuiltOrder>> durable;
  durable.reserve(built.size());
  for (Result<BuiltOrder>& order : built) {
    if (order.ok() && !barrier.Covers(order->built.staged.temp_path())) {
      if (Status alone = order->built.staged.SyncAlone(); !alone.ok()) {
        durable.emplace_back(std::move(alone).error());
        continue;
      }
    }
    durable.push_back(std::move(order));
  }
  if (Status synced = barrier.Sync(); !synced.ok()) {
    std::vector<Result<BuiltOrder>> failed;
    for (Result<BuiltOrder>& order : durable) {
      failed.push_back(order.ok() ? Result<BuiltOrder>(synced.error()) : std::move(order));
    }
    return failed;
  }
  return durable;
}

// Everything about one order that the run carries from phase to phase.
struct BatchOrder {
  std::optional<Order> order;
  std::string path;      // the artifact's final path (empty for public cloud)
  std::string rif_path;  // private cloud
  std::optional<MachineInfo> machine;
  bool to_issue = false;
};

// A group's artifacts, built and staged (durable once MakeDurable ran), not yet recorded.
struct BuiltGroup {
  std::vector<BuildJob> jobs;             // the group's orders that write a file, in input order
  std::vector<Result<BuiltOrder>> built;  // one per job
  std::unique_ptr<FilesystemBarrier> barrier;  // null: each file was synced on its own
  double seconds = 0;                          // the build's wall time

  bool AnyFailed() const {
    return std::any_of(built.begin(), built.end(), [](const auto& order) { return !order.ok(); });
  }
};

class Batch {
 public:
  Batch(const BatchRequest& request, const Passphrase& passphrase, const Clock& clock)
      : request_(request), passphrase_(passphrase), clock_(clock) {}

  Result<BatchOutcome> Run(Random& random);

 private:
  void Fail(std::size_t i, Error error) {
    outcome_.items[i].status = BatchStatus::kFailed;
    outcome_.items[i].error = std::move(error);
  }
  bool AnyFailed() const {
    return std::any_of(outcome_.items.begin(), outcome_.items.end(),
                       [](const BatchItem& item) { return item.status == BatchStatus::kFailed; });
  }
  // Order i's own Random's seed, drawn in input order (a secret: it makes the account's
  // password and the instance keys).
  std::span<const std::uint8_t, kSeedSize> SeedOf(std::size_t i) const {
    return seeds_.reveal().subspan(i * kSeedSize).first<kSeedSize>();
  }
  // The one-order request of public-cloud order i: its path and its password's file.
  IssueRequest RequestFor(std::size_t i) const {
    IssueRequest request = request_.common;
    request.order_path = outcome_.items[i].order_path;
    if (!request_.password_dir.empty()) {
      request.password_file =
          PasswordFileInDirectory(request_.password_dir, orders_[i].order->order_id());
    }
    return request;
  }
  void Lint();
  Status Open();
  void Plan();
  Status PlanOrder(std::size_t i, const std::map<std::string, LedgerRecord>* issued);
  Status ReadSecret();
  Result<MachineInfo> OpenMachine(std::size_t i);
  std::vector<std::vector<std::size_t>> Groups(const std::vector<std::size_t>& to_issue) const;
  BuiltGroup BuildGroup(const std::vector<std::size_t>& group) const;
  void RecordGroup(const std::vector<std::size_t>& group, BuiltGroup built);
  void IssueGroups(const std::vector<std::vector<std::size_t>>& groups, bool overlapped);
  void ReportUpTo(std::size_t end);  // reports items [reported_, end)
  BatchOutcome Finish();

  const BatchRequest& request_;
  const Passphrase& passphrase_;
  const Clock& clock_;
  BatchOutcome outcome_;
  std::vector<BatchOrder> orders_;
  SecretBytes seeds_;  // kSeedSize bytes per order (SeedOf)
  std::optional<Session> session_;
  std::optional<ImageArchive> base_;
  std::uint64_t base_bytes_ = 0;  // the base image file's size
  std::optional<SecretBytes> secret_;
  std::map<std::string, RifKey> rif_keys_;  // unlocked once per key id
  std::optional<Signer> signer_;
  std::size_t reported_ = 0;
};

void Batch::Lint() {
  // Parsing is most of it: the files are read and parsed on every core, then checked in order.
  std::vector<std::optional<Result<Order>>> parsed(orders_.size());
  std::atomic<std::size_t> next{0};
  auto parse = [&] {
    for (std::size_t k = next++; k < parsed.size(); k = next++) {
      parsed[k].emplace(Order::Load(outcome_.items[k].order_path));
    }
  };
  unsigned threads = request_.jobs != 0 ? request_.jobs : std::thread::hardware_concurrency();
  RunOnThreads(static_cast<unsigned>(std::min<std::size_t>(std::max(1u, threads), parsed.size())),
               parse);

  std::map<std::string, std::string> first_file_of;  // order id -> the file that has it
  for (std::size_t i = 0; i < orders_.size(); ++i) {
    const std::string& order_path = outcome_.items[i].order_path;
    Result<Order> loaded = std::move(*parsed[i]);
    if (!loaded.ok()) {
      Fail(i, std::move(loaded).error());
      continue;
    }
    const Order& order = orders_[i].order.emplace(std::move(loaded).value());
    outcome_.items[i].order_id = order.order_id();
    auto check = [&]() -> Status {
      FRLIC_RETURN_IF_ERROR(CheckOrderIdNamesDirectory(order_path, order));
      FRLIC_RETURN_IF_ERROR(
          CheckStrictPrivateIps(request_.common.strict_private_ips, order_path, order));
      auto [first, inserted] = first_file_of.emplace(order.order_id(), order_path);
      if (!inserted) {
        return Error(ErrorCode::kInvalidInput,
                     order_path + ": order " + order.order_id() + " is also in " + first->second,
                     "an order id issues one licence; give each order its own order_id");
      }
      if (order.method() == Method::kPrivateCloud) {
        if (request_.rif_dir.empty()) {
          return Error(ErrorCode::kInvalidInput,
                       order_path + ": a private-cloud order needs the customer's RIF",
                       "pass --rif-dir DIR holding <order_id>.rif for each private-cloud order");
        }
        orders_[i].rif_path = request_.rif_dir + "/" + order.order_id() + ".rif";
        FRLIC_RETURN_IF_ERROR(RequireRegularFile(orders_[i].rif_path, "--rif-dir"));
      }
      return Ok();
    };
    if (Status checked = check(); !checked.ok()) Fail(i, std::move(checked).error());
  }
}

Status Batch::Open() {
  FRLIC_ASSIGN_OR_RETURN(Session session, OpenLedgerSession(request_.common, clock_));
  session_.emplace(std::move(session));
  const bool needs_base = std::any_of(orders_.begin(), orders_.end(), [](const BatchOrder& o) {
    return o.order && o.order->method() == Method::kContainerPrivateCloud;
  });
  if (needs_base) {
    const std::string base_path = BaseImagePathFor(request_.common);
    FRLIC_RETURN_IF_ERROR(RequireRegularFile(base_path, "the base image"));
    FRLIC_ASSIGN_OR_RETURN(base_, OpenBaseImage(base_path, session_->keyring.is_example()));
    std::error_code ec;
    base_bytes_ = std::filesystem::file_size(base_path, ec);
    if (ec) base_bytes_ = request_.group_bytes;  // unknown: one image per group
  }
  return Ok();
}

// Reads the passphrase into secret_, once for the whole batch.
Status Batch::ReadSecret() {
  if (secret_) return Ok();
  FRLIC_ASSIGN_OR_RETURN(SecretBytes secret, passphrase_.Get());
  secret_.emplace(std::move(secret));
  return Ok();
}

// The RIF of order i, its key unlocked once per key id for the whole batch.
Result<MachineInfo> Batch::OpenMachine(std::size_t i) {
  FRLIC_RETURN_IF_ERROR(ReadSecret());
  const std::string& rif_path = orders_[i].rif_path;
  FRLIC_ASSIGN_OR_RETURN(Bytes rif, ReadFile(rif_path, 1 << 20));
  FRLIC_ASSIGN_OR_RETURN(std::string key_id, RifKeyIdOf(rif, rif_path));
  auto key = rif_keys_.find(key_id);
  if (key == rif_keys_.end()) {
    FRLIC_ASSIGN_OR_RETURN(RifKey unlocked, session_->keyring.UnlockRifKey(*secret_, key_id));
    key = rif_keys_.emplace(key_id, std::move(unlocked)).first;
  }
  return OpenMachineInfo(rif, key->second, rif_path);
}

// Under the lock, before anything is written: what a single issue checks before signing.
// `issued`: the ledger's record of each order id that has one (FindActiveByOrderIds), or null
// to look this order up alone.
Status Batch::PlanOrder(std::size_t i, const std::map<std::string, LedgerRecord>* issued) {
  BatchOrder& planned = orders_[i];
  const Order& order = *planned.order;
  const std::string& order_path = outcome_.items[i].order_path;
  const Method method = order.method();
  Ledger& ledger = *session_->ledger;
  std::optional<LedgerRecord> existing;
  if (issued != nullptr) {
    if (auto found = issued->find(order.order_id()); found != issued->end())
      existing = found->second;
  } else {
    FRLIC_ASSIGN_OR_RETURN(existing, ledger.FindActiveByOrderId(order.order_id()));
  }
  if (existing) {
    auto result = method == Method::kPublicCloud
                      ? PublicCloudAlreadyIssued(ledger, RequestFor(i), order, *existing)
                      : AlreadyIssued(order_path, order, *existing, [&] { return OpenMachine(i); });
    if (!result.ok()) return std::move(result).error();
    outcome_.items[i].status = BatchStatus::kAlreadyIssued;
    outcome_.items[i].result = std::move(result).value();
    return Ok();
  }
  if (method != Method::kPublicCloud) {
    const std::string out_dir = request_.common.out_dir + "/" + order.order_id();
    planned.path = ArtifactPathFor(out_dir, method);
    // Only under the issue lock, as a single issue (session.cc): on a shared ledger another
    // runner may be staging this order there now, and recovery removes the stage of each
    // record it settles (docs/formats.md 6.5).
    if (session_->lock) RemoveStaleTempFiles(planned.path);
    FRLIC_RETURN_IF_ERROR(CheckArtifactPathFree(ledger, planned.path, request_.common.force));
  }
  if (method == Method::kPrivateCloud) {
    FRLIC_ASSIGN_OR_RETURN(planned.machine, OpenMachine(i));
    FRLIC_RETURN_IF_ERROR(CheckMachineIsFree(ledger, *planned.machine, planned.rif_path));
    // The ledger does not know the batch's own hosts yet: one host, one licence in it too.
    for (std::size_t j = 0; j < i; ++j) {
      const BatchOrder& other = orders_[j];
      if (!other.to_issue || !other.machine) continue;
      if (other.machine->fingerprint() == planned.machine->fingerprint() ||
          other.machine->machine_public_key().bytes() ==
              planned.machine->machine_public_key().bytes()) {
        return Error(ErrorCode::kConflict,
                     order_path + ": " + planned.rif_path + " is the host of order " +
                         other.order->order_id() + " in this batch",
                     "one licence server per host: each private-cloud order needs its own "
                     "host's MachineInfo.rif");
      }
    }
  }
  if (request_.before_issue) FRLIC_RETURN_IF_ERROR(request_.before_issue(order, order_path));
  planned.to_issue = true;
  return Ok();
}

void Batch::Plan() {
  std::vector<std::size_t> to_plan;
  std::vector<std::string> order_ids;
  for (std::size_t i = 0; i < orders_.size(); ++i) {
    if (!orders_[i].order || outcome_.items[i].status == BatchStatus::kFailed) continue;
    to_plan.push_back(i);
    order_ids.push_back(orders_[i].order->order_id());
  }
  // What the ledger holds for every order, read at once: one query per order was most of the
  // plan's time on a PostgreSQL ledger (a round trip each). If that read fails (a damaged
  // record among them, say), each order is looked up alone, so that the failure is only the
  // orders' it concerns, as it was. On a shared ledger an order another issuer records after
  // this read meets BeginIssue's conflict instead of "already issued".
  auto issued = session_->ledger->FindActiveByOrderIds(order_ids);
  for (std::size_t i : to_plan) {
    if (Status planned = PlanOrder(i, issued.ok() ? &*issued : nullptr); !planned.ok()) {
      Fail(i, std::move(planned).error());
    }
  }
}

// Touches nothing the recording of another group does (the outcome is RecordGroup's), so it
// may run while the previous group is recorded.
BuiltGroup Batch::BuildGroup(const std::vector<std::size_t>& group) const {
  BuiltGroup result;
  for (std::size_t i : group) {
    const BatchOrder& planned = orders_[i];
    if (planned.order->method() == Method::kPublicCloud) continue;
    Terms terms = planned.order->terms();
    if (planned.order->method() == Method::kPrivateCloud) terms.port = ServerPort(terms);
    result.jobs.push_back(BuildJob{.index = i,
                                   .method = planned.order->method(),
                                   .path = planned.path,
                                   .order_id = planned.order->order_id(),
                                   .terms = std::move(terms),
                                   .notes = planned.order->notes(),
                                   .requested_by = planned.order->requested_by(),
                                   .machine = planned.machine ? &*planned.machine : nullptr,
                                   .seed = SeedOf(i)});
  }
  const auto build_start = BatchClock::now();
  // The group's files are made durable together (filesystem_barrier.h): staged without an
  // fsync each, then one sync before they are recorded and one after their renames. Without a
  // barrier (the output's filesystem cannot be opened) each file is synced on its own.
  if (auto opened = FilesystemBarrier::Open(request_.common.out_dir); opened.ok()) {
    result.barrier = std::make_unique<FilesystemBarrier>(std::move(opened).value());
  }
  const BuildContext context{session_->keyring,
                             *signer_,
                             base_ ? &*base_ : nullptr,
                             PackageSourcesFor(request_.common, session_->keyring),
                             OverwriteOf(request_.common),
                             clock_,
                             result.barrier ? Durability::kGroup : Durability::kEach};
  result.built = BuildAll(result.jobs, context, request_.jobs);
  if (result.barrier) result.built = MakeDurable(std::move(result.built), *result.barrier);
  result.seconds = SecondsSince(build_start);
  return result;
}

void Batch::RecordGroup(const std::vector<std::size_t>& group, BuiltGroup group_built) {
  Ledger& ledger = *session_->ledger;
  const std::vector<BuildJob>& jobs = group_built.jobs;
  std::vector<Result<BuiltOrder>>& built = group_built.built;
  outcome_.seconds.build += group_built.seconds;
  const auto record_start = BatchClock::now();
  // Without --keep-going one failure issues nothing more: the rest of the group stays
  // unrecorded (kSkipped), and its staged files go when `built` does.
  const bool stop = !request_.keep_going && group_built.AnyFailed();
  std::vector<BuiltOrder> ready;
  for (std::size_t k = 0; k < jobs.size(); ++k) {
    if (!built[k].ok()) {
      Fail(jobs[k].index, std::move(built[k]).error());
    } else if (!stop) {
      ready.push_back(std::move(built[k]).value());
    }
  }
  if (stop) return;
  for (auto& [index, outcome] : PublishGroup(ledger, ready, request_.common.on_step,
                                             request_.jobs != 0 ? request_.jobs : kCommitThreads,
                                             group_built.barrier.get())) {
    if (outcome.ok()) {
      outcome_.items[index].status = BatchStatus::kIssued;
      outcome_.items[index].result = std::move(outcome).value();
      outcome_.items[index].result->warnings = orders_[index].order->warnings();
    } else {
      Fail(index, std::move(outcome).error());
    }
  }
  // Public cloud writes no file: each account is recorded and completed in one transaction.
  // Without --keep-going, none after a failure (of this group's files or of an account).
  for (std::size_t i : group) {
    const BatchOrder& planned = orders_[i];
    if (planned.order->method() != Method::kPublicCloud) continue;
    if (!request_.keep_going && AnyFailed()) break;
    SeededRandom random(SeedOf(i));
    auto issued = IssuePublicCloudIn(ledger, RequestFor(i), *planned.order, NewSerial(random),
                                     clock_, random);
    if (!issued.ok()) {
      Fail(i, std::move(issued).error());
      continue;
    }
    outcome_.items[i].status = BatchStatus::kIssued;
    outcome_.items[i].result = std::move(issued).value();
    outcome_.items[i].result->warnings = planned.order->warnings();
  }
  outcome_.seconds.record += SecondsSince(record_start);
}

std::vector<std::vector<std::size_t>> Batch::Groups(
    const std::vector<std::size_t>& to_issue) const {
  // A group's staged files wait on disk together until it is recorded: a container image is
  // about the size of the base image, so images fill a group by bytes, not by count.
  const std::size_t group_size = std::max<std::size_t>(1, request_.group_size);
  std::vector<std::vector<std::size_t>> groups;
  std::vector<std::size_t> group;
  std::uint64_t staged_bytes = 0;
  auto close = [&] {
    groups.push_back(std::move(group));
    group.clear();
    staged_bytes = 0;
  };
  for (std::size_t i : to_issue) {
    const std::uint64_t bytes =
        orders_[i].order->method() == Method::kContainerPrivateCloud ? base_bytes_ : 0;
    // An image that would take the group's images past group_bytes starts a new group (one
    // larger than that alone has a group of its own).
    if (staged_bytes > 0 && staged_bytes + bytes > request_.group_bytes) close();
    group.push_back(i);
    staged_bytes += bytes;
    if (group.size() >= group_size) close();
  }
  if (!group.empty()) groups.push_back(std::move(group));
  return groups;
}

void Batch::ReportUpTo(std::size_t end) {
  for (; reported_ < end; ++reported_) {
    if (request_.on_item) {
      request_.on_item(outcome_.items[reported_], reported_ + 1, outcome_.items.size());
    }
  }
}

BatchOutcome Batch::Finish() {
  for (BatchItem& item : outcome_.items) {
    switch (item.status) {
      case BatchStatus::kIssued:
        ++outcome_.issued;
        break;
      case BatchStatus::kAlreadyIssued:
        ++outcome_.already_issued;
        break;
      case BatchStatus::kFailed:
        ++outcome_.failed;
        break;
      case BatchStatus::kSkipped:
        ++outcome_.skipped;
        break;
    }
  }
  ReportUpTo(outcome_.items.size());
  return std::move(outcome_);
}

Result<BatchOutcome> Batch::Run(Random& random) {
  if (request_.order_paths.empty()) {
    return Error(ErrorCode::kInvalidInput, "no orders to issue",
                 "name them with --order, --orders DIR or --orders-from FILE");
  }
  orders_.resize(request_.order_paths.size());
  outcome_.items.resize(request_.order_paths.size());
  for (std::size_t i = 0; i < orders_.size(); ++i) {
    outcome_.items[i].order_path = request_.order_paths[i];
  }
  // Each order's own randomness, drawn in input order before anything runs in parallel, for
  // every order (issued or not): its bytes depend on its position and the run's Random only.
  seeds_ = SecretBytes(orders_.size() * kSeedSize);
  for (std::size_t i = 0; i < orders_.size(); ++i) {
    random.Fill(seeds_.reveal_mutable().subspan(i * kSeedSize, kSeedSize));
  }

  auto start = BatchClock::now();
  Lint();
  outcome_.seconds.lint = SecondsSince(start);
  if (AnyFailed() && !request_.keep_going) return Finish();

  start = BatchClock::now();
  FRLIC_RETURN_IF_ERROR(Open());
  outcome_.seconds.open = SecondsSince(start);

  start = BatchClock::now();
  Plan();
  if (AnyFailed() && !request_.keep_going) return Finish();
  std::vector<std::size_t> to_issue;
  bool signs = false;
  for (std::size_t i = 0; i < orders_.size(); ++i) {
    if (!orders_[i].to_issue) continue;
    to_issue.push_back(i);
    signs = signs || orders_[i].order->method() != Method::kPublicCloud;
  }
  if (signs) {
    // The passphrase read for a RIF already is not asked for again.
    KeyUnlock unlock = passphrase_.Unlock();
    unlock.passphrase = [this]() -> Result<SecretBytes> {
      FRLIC_RETURN_IF_ERROR(ReadSecret());
      return SecretBytes::CopyFrom(secret_->reveal());
    };
    FRLIC_ASSIGN_OR_RETURN(signer_, session_->keyring.UnlockSigner(unlock));
  }
  outcome_.seconds.plan = SecondsSince(start);

  // What killed runs staged in the password directory long ago, once for the batch.
  const bool creates_accounts = std::any_of(to_issue.begin(), to_issue.end(), [&](std::size_t i) {
    return orders_[i].order->method() == Method::kPublicCloud;
  });
  if (creates_accounts && !request_.password_dir.empty()) {
    FRLIC_RETURN_IF_ERROR(RemoveStalePasswordStages(*session_->ledger, request_.password_dir));
  }
  // Small artifacts only: the next group is built while this one is recorded, so two groups'
  // files are staged at once (server packages and images are too large for that).
  const bool overlapped = std::all_of(to_issue.begin(), to_issue.end(), [&](std::size_t i) {
    const Method method = orders_[i].order->method();
    return method == Method::kLocalContainer || method == Method::kPublicCloud;
  });
  IssueGroups(Groups(to_issue), overlapped);
  return Finish();
}

// Each group is built, then recorded. `overlapped`: the next group is built on other threads
// while one is recorded (the recording mostly waits: for the ledger's lock, its commits and
// the syncs of the files), as if built just after it. Not when the batch is about to stop (a
// build failure without --keep-going), nor when no thread can be started (then it is built
// after, as without overlap). If the batch stops while a group is built ahead, that group is
// discarded unrecorded once its build ends (the future's destructor waits for it), its staged
// files removed, and its orders stay skipped.
void Batch::IssueGroups(const std::vector<std::vector<std::size_t>>& groups, bool overlapped) {
  if (groups.empty()) return;
  BuiltGroup current = BuildGroup(groups[0]);
  for (std::size_t g = 0; g < groups.size(); ++g) {
    const bool has_next = g + 1 < groups.size();
    std::future<BuiltGroup> next;
    if (overlapped && has_next && (request_.keep_going || !current.AnyFailed())) {
      try {
        next = std::async(std::launch::async,
                          [this, &groups, g] { return BuildGroup(groups[g + 1]); });
      } catch (const std::system_error&) {
        // No thread to build on (e.g. a process limit): built after this group is recorded.
      }
    }
    RecordGroup(groups[g], std::move(current));
    ReportUpTo(groups[g].back() + 1);
    if ((AnyFailed() && !request_.keep_going) || !has_next) return;
    current = next.valid() ? next.get() : BuildGroup(groups[g + 1]);
  }
}

}  // namespace

const char* BatchStatusName(BatchStatus status) {
  switch (status) {
    case BatchStatus::kIssued:
      return "issued";
    case BatchStatus::kAlreadyIssued:
      return "already_issued";
    case BatchStatus::kFailed:
      return "failed";
    case BatchStatus::kSkipped:
      return "skipped";
  }
  return "unknown";
}

const Error* BatchOutcome::FirstError() const {
  for (const BatchItem& item : items) {
    if (item.status == BatchStatus::kFailed && item.error) return &*item.error;
  }
  return nullptr;
}

Result<BatchOutcome> IssueBatch(const BatchRequest& request, const Passphrase& passphrase,
                                const Clock& clock, Random& random) {
  Batch batch(request, passphrase, clock);
  return batch.Run(random);
}

}  // namespace frlic
