// Recording a batch group in the ledger (internal/batch_build.h): the two-phase promise of
// Publish (publish.h), with one transaction per step for the whole group instead of per order.
#include <atomic>
#include <optional>
#include <thread>

#include "frlic/core/worker_threads.h"
#include "internal/batch_build.h"
#include "internal/publish.h"

namespace frlic {
namespace {

// After the records are written: abort each, as Publish does for one.
void AbortAll(Ledger& ledger, std::vector<BuiltOrder*>& orders, const Error& error) {
  for (BuiltOrder* order : orders) {
    AbortOrLeaveForRecovery(ledger, order->record.serial, order->built.staged, error);
  }
}

}  // namespace

std::vector<std::pair<std::size_t, Result<IssueResult>>> PublishGroup(
    Ledger& ledger, std::vector<BuiltOrder>& group,
    const std::function<void(std::string_view step)>& on_step, unsigned threads,
    const FilesystemBarrier* barrier) {
  std::vector<std::pair<std::size_t, Result<IssueResult>>> outcomes;
  if (group.empty()) return outcomes;
  auto step = [&](std::string_view name) {
    if (on_step) on_step(name);
  };
  auto fail_all = [&](const std::vector<BuiltOrder*>& orders, const Error& error) {
    for (const BuiltOrder* order : orders) outcomes.emplace_back(order->index, error);
  };
  std::vector<BuiltOrder*> orders;
  for (BuiltOrder& order : group) orders.push_back(&order);

  step("staged");
  // An order another run recorded since this batch planned it (a shared ledger's issuers run
  // side by side) is a conflict of that order alone: BeginIssueEach finds it by a query before
  // it inserts anything, or (on PostgreSQL, recorded between that query and the insert) by the
  // insert, which skips it; the rest of the group still records.
  std::vector<const LedgerRecord*> records;
  for (const BuiltOrder* order : orders) records.push_back(&order->record);
  Result<std::vector<Status>> begun = ledger.BeginIssueGroup(records);
  if (!begun.ok()) {  // rolled back: no record, so the staged files simply go
    for (BuiltOrder* order : orders) order->built.staged.Discard();
    fail_all(orders, begun.error());
    return outcomes;
  }
  std::vector<std::pair<BuiltOrder*, Error>> taken;
  std::vector<BuiltOrder*> recorded_orders;
  for (std::size_t k = 0; k < orders.size(); ++k) {
    if ((*begun)[k].ok()) {
      recorded_orders.push_back(orders[k]);
    } else {
      taken.emplace_back(orders[k], std::move((*begun)[k]).error());
    }
  }
  for (auto& [order, error] : taken) {
    order->built.staged.Discard();
    outcomes.emplace_back(order->index, std::move(error));
  }
  orders = std::move(recorded_orders);
  if (orders.empty()) return outcomes;
  step("recorded");
  auto serials_of = [](const std::vector<BuiltOrder*>& some) {
    std::vector<std::string> serials;
    for (const BuiltOrder* order : some) serials.push_back(order->record.serial);
    return serials;
  };
  Status marked =
      ledger.Transaction([&](LedgerTxn& txn) { return txn.MarkPublishingAll(serials_of(orders)); });
  if (!marked.ok()) {
    AbortAll(ledger, orders, marked.error());
    fail_all(orders, marked.error());
    return outcomes;
  }
  step("publishing");
  // The renames (each with its directory's fsync) run side by side: every order has its own
  // directory, and the fsyncs of concurrent threads share the filesystem's journal commits.
  // Their order does not matter to the promise: each record is already marked publishing.
  std::vector<std::optional<Status>> commits(orders.size());
  std::atomic<std::size_t> next{0};
  auto commit = [&] {
    for (std::size_t k = next++; k < orders.size(); k = next++) {
      commits[k].emplace(orders[k]->built.staged.Commit());
      if (commits[k]->ok()) step("renamed");
    }
  };
  RunOnThreads(static_cast<unsigned>(std::min<std::size_t>(std::max(1u, threads), orders.size())),
               commit);
  std::vector<BuiltOrder*> renamed;
  for (std::size_t k = 0; k < orders.size(); ++k) {
    BuiltOrder* order = orders[k];
    if (Status& committed = *commits[k]; !committed.ok()) {
      // Renamed but its directory did not sync: the licence is in place, so it is not
      // aborted; the record stays pending and the next run's recovery completes it.
      if (!order->built.staged.renamed()) {
        std::vector<BuiltOrder*> one{order};
        AbortAll(ledger, one, committed.error());
      }
      outcomes.emplace_back(order->index, committed.error());
      continue;
    }
    renamed.push_back(order);
  }
  // One sync makes every rename of the group durable before the records say active; if it
  // fails, the licences are in place but their records stay pending, for recovery to complete.
  if (barrier != nullptr && !renamed.empty()) {
    if (Status synced = barrier->Sync(); !synced.ok()) {
      fail_all(renamed, synced.error());
      return outcomes;
    }
  }
  Status completed =
      ledger.Transaction([&](LedgerTxn& txn) { return txn.CompleteIssueAll(serials_of(renamed)); });
  if (!completed.ok()) {  // the artifacts are in place: recovery completes their records
    fail_all(renamed, completed.error());
    return outcomes;
  }
  for (const BuiltOrder* order : renamed) {
    outcomes.emplace_back(order->index, IssuedFrom(order->record));
  }
  return outcomes;
}

}  // namespace frlic
