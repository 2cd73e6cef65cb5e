// Reading what the ledger file holds without trusting it. The file can be edited with the
// sqlite3 shell, so a JSON column may not parse and a text column may not be UTF-8 (which
// nlohmann::json refuses to dump). Reads that hand values to callers check them and report
// kLedgerCorrupt naming the file, the row and the column, instead of leaving a later parse or
// dump to throw.
#pragma once

#include <string>
#include <string_view>

#include "frlic/core/status.h"
#include "frlic/core/strict_json.h"
#include "sqlite_handle.h"

namespace frlic::ledger_internal {

// Whether a read checks the stored values (what callers get) or returns them as stored:
// Verify reports every problem itself, and recovery uses none of the JSON columns.
enum class StoredValues { kChecked, kAsStored };

bool IsValidUtf8(std::string_view text);
// `text` fit for a message: each byte that is not part of valid UTF-8 becomes U+FFFD.
std::string Printable(std::string_view text);

// `text` parsed, if it is a JSON object without duplicate keys (the only thing frlic writes in
// its JSON columns); else kLedgerCorrupt "ledger PATH: WHERE: FIELD is not valid JSON: ...".
Result<Json> ParseJsonObjectColumn(const sql::Connection& db, const std::string& where,
                                   std::string_view field, std::string_view text);
// "ledger PATH: WHERE: FIELD is not valid UTF-8" (kLedgerCorrupt) unless it is.
Status CheckTextColumn(const sql::Connection& db, const std::string& where, std::string_view field,
                       std::string_view text);

}  // namespace frlic::ledger_internal
