// Moving and backing up a ledger (docs/formats.md 6.6): a verified copy between any two
// locations (SQLite to PostgreSQL and back), and the JSON Lines export.
#pragma once

#include <cstdint>
#include <string>

#include "frlic/core/clock.h"
#include "frlic/core/status.h"
#include "frlic/ledger/ledger.h"

namespace frlic {

struct LedgerCopyReport {
  std::int64_t records = 0, events = 0, accounts = 0;
  std::int64_t head_seq = 0;
  std::string head_hash = std::string(64, '0');
  bool created = false;  // the destination was created by the copy
};

// Copies the ledger at `from` into the ledger at `to` (created if absent; it must hold nothing):
// `from` is opened read-only and must verify without a problem (kLedgerCorrupt listing them
// otherwise) and hold no pending record (kRefused); its rows are copied in one transaction;
// then `to` must verify without a problem, with the same head, record, event and account
// counts as the copy read (kLedgerCorrupt otherwise). When the copy fails, a destination
// SQLite file it created is removed (a PostgreSQL schema it created stays, empty).
Result<LedgerCopyReport> CopyLedger(const std::string& from, const std::string& to,
                                    const Clock& clock);

// The ledger's contents as JSON Lines (docs/formats.md 6.6): a header line, then one line
// per record, event and account.
Result<std::string> LedgerToJsonLines(const LedgerContents& contents);

}  // namespace frlic
