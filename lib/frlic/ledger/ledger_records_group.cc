// A batch group's records on the SQL ledger (LedgerTxn::BeginIssueEach, MarkPublishingAll,
// CompleteIssueAll): the rows and events of BeginIssue, MarkPublishing and CompleteIssue
// called for each record in turn, written with a few statements per group instead of several
// per record. On PostgreSQL every statement is a round trip to the server made under the
// ledger's write lock, which every other issuer is waiting for.
#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "frlic/core/time.h"
#include "frlic/ledger/ledger_chain.h"
#include "internal/sql_txn.h"
#include "internal/sqlite_rows.h"

namespace frlic::ledger_internal {
namespace {

using sql::Statement;

// The live record that issued an order (BeginIssue's conflict names it).
struct IssuedRoot {
  std::string serial;
  std::int64_t issued_at = 0;
  LicenceStatus status = LicenceStatus::kPending;
};

}  // namespace

Result<std::vector<Status>> SqlTxn::BeginIssueEach(
    const std::vector<const LedgerRecord*>& records) {
  // A replacement checks its parent and the parent's other replacements: one by one.
  if (std::any_of(records.begin(), records.end(),
                  [](const LedgerRecord* record) { return !record->parent_serial.empty(); })) {
    FRLIC_RETURN_IF_ERROR(HoldWriteLock());  // its checks are more than unique constraints
    return LedgerTxn::BeginIssueEach(records);
  }
  for (const LedgerRecord* record : records) {
    if (record->serial.empty() || record->order_id.empty()) {
      return db_.Fail(ErrorCode::kInvalidInput, "a record needs a serial and an order id");
    }
    if (Status values = CheckRecordValues(db_, *record); !values.ok()) {
      return Error(ErrorCode::kInvalidInput, values.error().message());
    }
  }

  // What the ledger holds already: the order of each recorded serial, and the first live
  // record of each order id (BeginIssue's two queries, for a chunk at a time).
  std::map<std::string, std::string> order_of_serial;
  std::map<std::string, IssuedRoot> root_of_order;
  FRLIC_RETURN_IF_ERROR(
      ForEachStatementChunk(records.size(), [&](std::size_t first, std::size_t count) -> Status {
        FRLIC_ASSIGN_OR_RETURN(
            Statement serials,
            db_.Prepare("SELECT serial, order_id FROM licences WHERE serial IN " +
                        ValuesRows(1, count)));
        FRLIC_ASSIGN_OR_RETURN(
            Statement roots,
            db_.Prepare(
                "SELECT serial, issued_at, status, order_id FROM licences WHERE order_id IN " +
                ValuesRows(1, count) +
                " AND parent_serial IS NULL AND status != 'aborted' "
                "ORDER BY issued_at, serial"));
        for (std::size_t k = 0; k < count; ++k) {
          serials.Bind(static_cast<int>(k + 1), records[first + k]->serial);
          roots.Bind(static_cast<int>(k + 1), records[first + k]->order_id);
        }
        for (;;) {
          FRLIC_ASSIGN_OR_RETURN(bool row, serials.Step());
          if (!row) break;
          order_of_serial.emplace(serials.Text(0), serials.Text(1));
        }
        for (;;) {
          FRLIC_ASSIGN_OR_RETURN(bool row, roots.Step());
          if (!row) break;
          FRLIC_ASSIGN_OR_RETURN(LicenceStatus status,
                                 StoredStatus(db_, roots.Text(0), roots.Text(2)));
          root_of_order.emplace(roots.Text(3), IssuedRoot{roots.Text(0), roots.Int(1), status});
        }
        return Ok();
      }));

  // In input order, as BeginIssue one after another: a record conflicts with the ledger or
  // with one accepted before it.
  std::vector<Status> statuses;
  std::vector<const LedgerRecord*> accepted;
  std::vector<std::size_t> accepted_at;  // each accepted record's place in `statuses`
  for (const LedgerRecord* record : records) {
    if (auto same = order_of_serial.find(record->serial); same != order_of_serial.end()) {
      statuses.push_back(db_.Fail(
          ErrorCode::kConflict,
          "serial " + record->serial + " is already recorded (order " + same->second + ")"));
      continue;
    }
    if (auto issued = root_of_order.find(record->order_id); issued != root_of_order.end()) {
      const IssuedRoot& root = issued->second;
      statuses.push_back(AlreadyIssued(record->order_id, root.serial, root.issued_at, root.status));
      continue;
    }
    accepted_at.push_back(statuses.size());
    statuses.push_back(Ok());
    accepted.push_back(record);
    order_of_serial.emplace(record->serial, record->order_id);
    root_of_order.emplace(record->order_id,
                          IssuedRoot{record->serial, record->issued_at, LicenceStatus::kPending});
  }
  if (accepted.empty()) return statuses;

  // Without the write lock (Ledger::BeginIssueGroup), another group may have inserted one of
  // these serials or order ids and not committed yet: its row is then waited for, and skipped
  // if that group commits (ON CONFLICT DO NOTHING), so that the record is this order's
  // conflict alone. The rows go in order id order, the same in every group, so that two
  // groups never wait for each other's rows (no deadlock). Under the lock nothing is skipped.
  std::vector<std::size_t> insert_order(accepted.size());
  for (std::size_t k = 0; k < accepted.size(); ++k) insert_order[k] = k;
  std::sort(insert_order.begin(), insert_order.end(), [&](std::size_t a, std::size_t b) {
    return accepted[a]->order_id < accepted[b]->order_id;
  });
  std::set<std::string> inserted;
  FRLIC_RETURN_IF_ERROR(
      ForEachStatementChunk(accepted.size(), [&](std::size_t first, std::size_t count) -> Status {
        FRLIC_ASSIGN_OR_RETURN(
            Statement insert,
            db_.Prepare("INSERT INTO licences (" + std::string(kRecordColumns) + ") VALUES " +
                        ValuesRows(count, 15) + " ON CONFLICT DO NOTHING RETURNING serial"));
        for (std::size_t k = 0; k < count; ++k) {
          const LedgerRecord& record = *accepted[insert_order[first + k]];
          const int row = static_cast<int>(k * 15);
          insert.Bind(row + 1, record.serial)
              .Bind(row + 2, record.order_id)
              .Bind(row + 3, record.method)
              .Bind(row + 4, record.terms_json)
              .Bind(row + 5, record.artifact_path)
              .Bind(row + 6, record.artifact_sha256)
              .Bind(row + 7, record.instance_public_key)
              .Bind(row + 8, record.machine_fingerprint)
              .Bind(row + 9, record.key_id)
              .Bind(row + 10, std::int64_t{record.issued_at})
              .Bind(row + 11, LicenceStatusName(LicenceStatus::kPending))
              .BindTextOrNull(row + 12, record.parent_serial)
              .Bind(row + 13, record.extra_json)
              .Bind(row + 14, record.notes)
              .Bind(row + 15, record.requested_by);
        }
        for (;;) {
          FRLIC_ASSIGN_OR_RETURN(bool row, insert.Step());
          if (!row) return Ok();
          inserted.insert(insert.Text(0));
        }
      }));
  if (inserted.size() != accepted.size()) {
    std::vector<const LedgerRecord*> kept;
    for (std::size_t k = 0; k < accepted.size(); ++k) {
      if (inserted.count(accepted[k]->serial) != 0) {
        kept.push_back(accepted[k]);
        continue;
      }
      FRLIC_ASSIGN_OR_RETURN(std::optional<LedgerRecord> root,
                             FindRootRecordByOrderId(db_, accepted[k]->order_id));
      statuses[accepted_at[k]] =
          root ? AlreadyIssued(accepted[k]->order_id, root->serial, root->issued_at, root->status)
               : db_.Fail(ErrorCode::kConflict,
                          "order " + accepted[k]->order_id + " or serial " + accepted[k]->serial +
                              " was recorded by another run while this one recorded it");
    }
    accepted = std::move(kept);
    if (accepted.empty()) return statuses;
  }

  // The artifacts' bytes, in their records' transaction (as BeginIssue).
  std::vector<const LedgerRecord*> copies;
  for (const LedgerRecord* record : accepted) {
    if (!record->artifact_copy.empty()) copies.push_back(record);
  }
  FRLIC_RETURN_IF_ERROR(
      ForEachStatementChunk(copies.size(), [&](std::size_t first, std::size_t count) -> Status {
        FRLIC_ASSIGN_OR_RETURN(
            Statement keep,
            db_.Prepare("INSERT INTO artifacts (serial, bytes) VALUES " + ValuesRows(count, 2)));
        for (std::size_t k = 0; k < count; ++k) {
          const int row = static_cast<int>(k * 2);
          keep.Bind(row + 1, copies[first + k]->serial)
              .BindBlob(row + 2, ByteView(copies[first + k]->artifact_copy));
        }
        return keep.Run();
      }));

  if (lease_seconds_) {
    FRLIC_RETURN_IF_ERROR(
        ForEachStatementChunk(accepted.size(), [&](std::size_t first, std::size_t count) -> Status {
          // Each row: the serial and the lease time, on the database's clock (TakeLease).
          std::string rows;
          for (std::size_t k = 0; k < count; ++k) {
            rows += std::string(k == 0 ? "" : ", ") +
                    "(?, CAST(EXTRACT(EPOCH FROM clock_timestamp()) AS BIGINT) + ?)";
          }
          FRLIC_ASSIGN_OR_RETURN(
              Statement lease,
              db_.Prepare("INSERT INTO issue_leases (serial, expires_at) VALUES " + rows));
          for (std::size_t k = 0; k < count; ++k) {
            lease.Bind(static_cast<int>(2 * k + 1), accepted[first + k]->serial)
                .Bind(static_cast<int>(2 * k + 2), std::int64_t{*lease_seconds_});
          }
          return lease.Run();
        }));
  }

  std::vector<Json> details;
  details.reserve(accepted.size());
  std::vector<NewEvent> events;
  for (const LedgerRecord* record : accepted) {
    details.push_back(BeginIssueDetail(*record));
    events.push_back(NewEvent{record->serial, kBeginIssueAction, &details.back()});
  }
  FRLIC_RETURN_IF_ERROR(AppendEvents(events));
  return statuses;
}

Status SqlTxn::CheckAllPending(const std::vector<std::string>& serials) {
  std::map<std::string, std::string> status_of;
  FRLIC_RETURN_IF_ERROR(
      ForEachStatementChunk(serials.size(), [&](std::size_t first, std::size_t count) -> Status {
        FRLIC_ASSIGN_OR_RETURN(Statement query,
                               db_.Prepare("SELECT serial, status FROM licences WHERE serial IN " +
                                           ValuesRows(1, count)));
        for (std::size_t k = 0; k < count; ++k)
          query.Bind(static_cast<int>(k + 1), serials[first + k]);
        for (;;) {
          FRLIC_ASSIGN_OR_RETURN(bool row, query.Step());
          if (!row) return Ok();
          status_of.emplace(query.Text(0), query.Text(1));
        }
      }));
  // The first failure in input order, as Transition one serial after another would find it.
  for (const std::string& serial : serials) {
    auto found = status_of.find(serial);
    if (found == status_of.end()) return db_.Fail(ErrorCode::kNotFound, "no serial " + serial);
    FRLIC_ASSIGN_OR_RETURN(LicenceStatus status, StoredStatus(db_, serial, found->second));
    if (status != LicenceStatus::kPending) {
      return db_.Fail(ErrorCode::kConflict, "serial " + serial + " is " +
                                                LicenceStatusName(status) + ", not " +
                                                LicenceStatusName(LicenceStatus::kPending));
    }
  }
  return Ok();
}

Status SqlTxn::MarkPublishingAll(const std::vector<std::string>& serials) {
  FRLIC_RETURN_IF_ERROR(CheckAllPending(serials));
  // MarkPublishing's Transition sets pending again, which changes no row: only its events are
  // written here.
  const Json detail = {{"status", LicenceStatusName(LicenceStatus::kPending)}};
  std::vector<NewEvent> events;
  for (const std::string& serial : serials) {
    events.push_back(NewEvent{serial, kPublishAction, &detail});
  }
  FRLIC_RETURN_IF_ERROR(AppendEvents(events));
  if (!lease_seconds_) return Ok();
  // The issuer is alive and about to rename: the leases start again for the last step.
  return ForEachStatementChunk(serials.size(), [&](std::size_t first, std::size_t count) -> Status {
    FRLIC_ASSIGN_OR_RETURN(
        Statement renew,
        db_.Prepare("UPDATE issue_leases SET expires_at = "
                    "CAST(EXTRACT(EPOCH FROM clock_timestamp()) AS BIGINT) + ? WHERE serial IN " +
                    ValuesRows(1, count)));
    renew.Bind(1, std::int64_t{*lease_seconds_});
    for (std::size_t k = 0; k < count; ++k) renew.Bind(static_cast<int>(k + 2), serials[first + k]);
    return renew.Run();
  });
}

Status SqlTxn::CompleteIssueAll(const std::vector<std::string>& serials) {
  FRLIC_RETURN_IF_ERROR(CheckAllPending(serials));
  FRLIC_RETURN_IF_ERROR(
      ForEachStatementChunk(serials.size(), [&](std::size_t first, std::size_t count) -> Status {
        FRLIC_ASSIGN_OR_RETURN(
            Statement update,
            db_.Prepare("UPDATE licences SET status = ? WHERE serial IN " + ValuesRows(1, count)));
        update.Bind(1, std::string_view(LicenceStatusName(LicenceStatus::kActive)));
        for (std::size_t k = 0; k < count; ++k) {
          update.Bind(static_cast<int>(k + 2), serials[first + k]);
        }
        return update.Run();
      }));
  const Json detail = {{"status", LicenceStatusName(LicenceStatus::kActive)}};
  std::vector<NewEvent> events;
  for (const std::string& serial : serials)
    events.push_back(NewEvent{serial, kIssueAction, &detail});
  return AppendEvents(events);
}

}  // namespace frlic::ledger_internal
