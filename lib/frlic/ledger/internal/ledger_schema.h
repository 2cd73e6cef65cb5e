// The SQLite ledger's file: its creation, connection settings, schema and migrations.
#pragma once

#include <string>

#include "frlic/core/status.h"
#include "sqlite_handle.h"

namespace frlic::ledger_internal {

// Opens the ledger at `path` (creating it, owner-only, with its directory if absent), with
// the WAL journal and foreign keys on, its schema created or upgraded to
// Ledger::kSchemaVersion. kLedgerCorrupt for a newer schema or a file that is not a ledger.
Result<sqlite::Db> OpenLedgerDb(const std::string& path);

}  // namespace frlic::ledger_internal
