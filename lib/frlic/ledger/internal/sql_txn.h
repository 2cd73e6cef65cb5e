// The operations of one open write transaction of the ledger, on either backend. Its methods are
// defined by concern: licence records, status changes and lineage in ledger_records.cc,
// events in ledger_events.cc, accounts in ledger_accounts.cc.
#pragma once

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "frlic/core/clock.h"
#include "frlic/core/strict_json.h"
#include "frlic/ledger/ledger.h"
#include "sqlite_handle.h"

namespace frlic::ledger_internal {

class SqlTxn final : public LedgerTxn {
 public:
  // The caller has begun the transaction on `db` and commits or rolls it back.
  // `lease_seconds`: set on a shared (PostgreSQL) ledger, whose issue_leases table gives every
  // pending record the database-clock time until which its issuer owns it (BeginIssue takes
  // the lease, MarkPublishing renews it; Ledger::RecoverPending settles only expired ones).
  // `lock`: kLater for a kWriteLockLater transaction, which takes the write lock before it
  // reads the chain head (Head) or runs a step that checks more than unique constraints do.
  enum class WriteLock { kHeld, kLater };
  SqlTxn(sql::Connection& db, const Clock& clock, std::optional<int> lease_seconds = std::nullopt,
         WriteLock lock = WriteLock::kHeld)
      : db_(db), clock_(clock), lease_seconds_(lease_seconds), lock_(lock) {}

  // Licence records (ledger_records.cc).
  Status BeginIssue(const LedgerRecord& record) override;
  Status CompleteIssue(const std::string& serial) override;
  Status CompareAndSetStatus(const std::string& serial, LicenceStatus from, LicenceStatus to,
                             const std::string& action, const std::string& detail_json) override;
  Status SetStatus(const std::string& serial, LicenceStatus status, const std::string& action,
                   const std::string& detail_json) override;
  Result<std::optional<LedgerRecord>> FindBySerial(const std::string& serial) override;
  Result<std::optional<LedgerRecord>> FindActiveByOrderId(const std::string& order_id) override;
  Result<std::optional<LedgerRecord>> FindReplacement(const std::string& serial) override;
  Result<std::vector<LedgerRecord>> FindByArtifactPath(const std::string& path) override;

  Status MarkPublishing(const std::string& serial) override;
  // A batch group's records (ledger_records_group.cc): a few statements per group.
  Result<std::vector<Status>> BeginIssueEach(
      const std::vector<const LedgerRecord*>& records) override;
  Status MarkPublishingAll(const std::vector<std::string>& serials) override;
  Status CompleteIssueAll(const std::vector<std::string>& serials) override;
  // Recovery and abort (see Ledger::RecoverPending, Ledger::AbortIssue).
  Result<bool> IsMarkedPublishing(const std::string& serial);
  Status AbortPending(const std::string& serial, const std::string& reason);

  // Moves a record from `from` (any status if nullopt) to `to` and appends the event.
  // `issue_step`: the caller is an issue step, which alone may leave pending or set aborted.
  Status Transition(const std::string& serial, std::optional<LicenceStatus> from, LicenceStatus to,
                    std::string_view action, Json detail, bool issue_step);

  // Events (ledger_events.cc).
  Result<std::vector<LedgerEvent>> Events(const std::string& serial) override;

  // Accounts (ledger_accounts.cc).
  Status CreateAccount(const Account& account) override;
  Result<std::optional<Account>> FindAccount(const std::string& name) override;
  Status SetAccountStatus(const std::string& name, AccountStatus from, AccountStatus to,
                          const std::string& action, const std::string& detail_json) override;

 private:
  // A caller's event detail as a JSON object without "status" (kInvalidInput otherwise).
  Result<Json> ParseDetail(const std::string& detail_json);
  // The last event's seq and hash (0 and the genesis hash if there is none).
  struct ChainHead {
    std::int64_t seq = 0;
    std::string hash;
  };
  Result<ChainHead> Head();
  // Appends the next event of the hash chain.
  Status AppendEvent(std::string_view serial, std::string_view action, const Json& detail);
  // Appends the next events, in order, in one INSERT per 256.
  struct NewEvent {
    std::string_view serial;
    std::string_view action;
    const Json* detail;
  };
  Status AppendEvents(const std::vector<NewEvent>& events);
  // The status of each of `serials`: kNotFound for one not recorded, kConflict for one that is
  // not pending (as Transition from pending).
  Status CheckAllPending(const std::vector<std::string>& serials);

  // Takes (insert) or renews (update) the issue lease of a pending record; a no-op without
  // leases.
  Status TakeLease(const std::string& serial, bool renew);
  // The conflict of a new record whose order id `order_id` has the live record `serial`.
  Error AlreadyIssued(const std::string& order_id, const std::string& serial, UnixSeconds issued_at,
                      LicenceStatus status) const;

  sql::Connection& db_;
  const Clock& clock_;
  std::optional<int> lease_seconds_;
  std::optional<ChainHead> head_;  // this transaction's chain head, once read
  WriteLock lock_;
  // Takes the write lock if this transaction has not yet (WriteLock::kLater).
  Status HoldWriteLock();
};

// "(?, ..., ?), (...)": `rows` rows of `columns` anonymous placeholders (numbered 1, 2, ...
// in order, on both drivers).
std::string ValuesRows(std::size_t rows, std::size_t columns);

// Rows (or ids) per statement of the many-row reads and writes: 15 parameters each at most,
// under SQLite's 32,766 and PostgreSQL's 65,535.
inline constexpr std::size_t kRowsPerStatement = 256;

// Runs `body(first, count)` over [0, size) in chunks of kRowsPerStatement; the first error
// ends it.
template <typename Body>
Status ForEachStatementChunk(std::size_t size, const Body& body) {
  for (std::size_t first = 0; first < size; first += kRowsPerStatement) {
    FRLIC_RETURN_IF_ERROR(body(first, std::min(kRowsPerStatement, size - first)));
  }
  return Ok();
}

}  // namespace frlic::ledger_internal
