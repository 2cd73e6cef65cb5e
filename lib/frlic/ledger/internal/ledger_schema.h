// The SQLite ledger's file: its creation, connection settings, schema and migrations.
#pragma once

#include <string>

#include "frlic/core/status.h"
#include "sqlite_handle.h"

namespace frlic::ledger_internal {

enum class LedgerFile {
  kMustExist,          // a missing file is kNotFound, naming `frlic ledger init PATH`
  kCreate,             // created (owner-only) if absent; its directory must exist
  kCreateWithParents,  // created with its missing directories
};

// Opens the ledger at `path` (or creates it, as `file` allows), with the WAL journal and
// foreign keys on, its schema created or upgraded to Ledger::kSchemaVersion. kLedgerCorrupt
// for a newer schema or a file that is not a ledger.
Result<sqlite::Db> OpenLedgerDb(const std::string& path, LedgerFile file);

}  // namespace frlic::ledger_internal
