// Reading and writing the rows of the ledger's three tables (either backend) as the module's
// types, shared by the
// files that implement the backend: records and lineage (ledger_records.cc), events
// (ledger_events.cc), accounts (ledger_accounts.cc).
#pragma once

#include <algorithm>
#include <cstdint>
#include <exception>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "frlic/account/account.h"
#include "frlic/core/status.h"
#include "frlic/ledger/ledger.h"
#include "sqlite_handle.h"
#include "stored_values.h"

namespace frlic::ledger_internal {

inline constexpr const char* kRecordColumns =
    "serial, order_id, method, terms_json, artifact_path, artifact_sha256, instance_public_key, "
    "machine_fingerprint, key_id, issued_at, status, parent_serial, extra_json, notes, "
    "requested_by";

inline constexpr const char* kEventColumns =
    "seq, at, serial, action, detail_json, prev_hash, hash";

// "SELECT columns rest".
std::string Select(const char* columns, const std::string& rest);

// Records (ledger_records.cc). Inserts the licences row of `record` with `status` (its other
// columns as they are); the artifact copy is not written.
Status InsertRecordRow(sql::Connection& db, const LedgerRecord& record, LicenceStatus status);
// A licence status as stored: kLedgerCorrupt naming the record when it is no status (the
// schema's CHECK keeps it out unless the file was edited with checks disabled).
Result<LicenceStatus> StoredStatus(const sql::Connection& db, const std::string& serial,
                                   const std::string& text);

// A record from a row selected with kRecordColumns; an unknown
// status is kLedgerCorrupt whatever `check` says, since no LedgerRecord can hold it.
Result<LedgerRecord> RecordFromRow(const sql::Connection& db, const sql::Statement& row,
                                   StoredValues check = StoredValues::kChecked);
// kLedgerCorrupt naming the record and the column unless its JSON columns hold JSON objects
// and its text columns UTF-8.
Status CheckRecordValues(const sql::Connection& db, const LedgerRecord& record);
Result<std::optional<LedgerRecord>> FindRecordBySerial(sql::Connection& db,
                                                       const std::string& serial);
// The non-aborted record without a parent for this order id.
Result<std::optional<LedgerRecord>> FindRootRecordByOrderId(sql::Connection& db,
                                                            const std::string& order_id);
// FindRootRecordByOrderId of each order id (statements of up to 256 ids); absent: none.
Result<std::map<std::string, LedgerRecord>> FindRootRecordsByOrderIds(
    sql::Connection& db, const std::vector<std::string>& order_ids);
// The non-aborted record that replaced `serial` (its child in the lineage), if any.
Result<std::optional<LedgerRecord>> FindReplacementOf(sql::Connection& db,
                                                      const std::string& serial);
// The non-aborted records whose artifact_path is `path`, by issue time then serial.
Result<std::vector<LedgerRecord>> FindRecordsByArtifactPath(sql::Connection& db,
                                                            const std::string& path);
// Every row of `query` (selected with kRecordColumns) as a record.
Result<std::vector<LedgerRecord>> ReadRecords(sql::Connection& db, sql::Statement& query,
                                              StoredValues check = StoredValues::kChecked);
// The records selected by `rest` ("FROM licences WHERE ... ORDER BY ...").
Result<std::vector<LedgerRecord>> QueryRecords(sql::Connection& db, const std::string& rest,
                                               StoredValues check = StoredValues::kChecked);

// Events (ledger_events.cc): those of `serial` (all if empty), oldest first.
// Room for `count` rows about to be read (a count the database stored): only a hint, clamped,
// so a damaged count or no memory costs the reservation, never the read.
template <typename Row>
void ReserveRows(std::vector<Row>& rows, std::int64_t count) {
  try {
    rows.reserve(static_cast<std::size_t>(std::clamp<std::int64_t>(count, 0, 1 << 22)));
  } catch (const std::exception&) {
  }
}

Result<std::vector<LedgerEvent>> QueryEvents(sql::Connection& db, const std::string& serial,
                                             StoredValues check = StoredValues::kChecked);
// One event, as stored, by seq or by hash.
Result<std::optional<LedgerEvent>> FindEventBySeq(sql::Connection& db, std::int64_t seq);
Result<std::optional<LedgerEvent>> FindEventByHash(sql::Connection& db, const std::string& hash);

// Accounts (ledger_accounts.cc), each with the order id and company of its licence record.
// kAccountSelect selects the columns AccountFromRow reads; the caller adds WHERE / ORDER BY.
inline constexpr const char* kAccountSelect =
    "SELECT a.name, a.serial, l.order_id, l.terms_json, a.capacity, a.expires, a.status, "
    "a.created_at, a.updated_at, a.password_hash FROM accounts a JOIN licences l ON l.serial = "
    "a.serial ";
// An unknown status or expiry date is kLedgerCorrupt whatever `check` says. kAsStored leaves
// the company empty instead of reading it from the record's terms (Verify reports unreadable
// terms with the record, and the chain does not cover the company).
Result<Account> AccountFromRow(const sql::Connection& db, const sql::Statement& row,
                               StoredValues check = StoredValues::kChecked);
Result<std::optional<Account>> FindAccountByName(sql::Connection& db, const std::string& name);
Result<std::vector<Account>> QueryAccounts(sql::Connection& db);  // by name

}  // namespace frlic::ledger_internal
