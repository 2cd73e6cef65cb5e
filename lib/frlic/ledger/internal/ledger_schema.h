// The SQLite ledger's file: its creation, connection settings, schema and migrations.
#pragma once

#include <cstdint>
#include <optional>
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

// A shared flock on "PATH.lock" (the lock every issue run holds exclusively), taken only if
// that file exists: a reader never creates it. Released on destruction.
class SharedLedgerLock {
 public:
  // kBusy when a writer still holds it after `timeout_seconds`.
  static Result<SharedLedgerLock> AcquireIfPresent(const std::string& ledger_path,
                                                   int timeout_seconds);
  SharedLedgerLock(SharedLedgerLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  SharedLedgerLock& operator=(SharedLedgerLock&& other) noexcept;
  SharedLedgerLock(const SharedLedgerLock&) = delete;
  SharedLedgerLock& operator=(const SharedLedgerLock&) = delete;
  ~SharedLedgerLock();

 private:
  explicit SharedLedgerLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

// What a read-only open found, to tell later whether the file changed behind an immutable
// connection.
struct LedgerFileState {
  bool wal = false;  // a -wal file beside the ledger
  std::uint64_t inode = 0, size = 0;
  std::int64_t mtime_ns = 0;
  bool operator==(const LedgerFileState&) const = default;
};
LedgerFileState CurrentFileState(const std::string& path);

// Opens the existing ledger at `path` read-only (docs/formats.md 6.1, "Read-only access"):
// never creates, changes or upgrades anything, no WAL switch. With no -wal beside it (no
// writer has it open), immutable under the shared lock; with one, an ordinary read-only
// connection that shares the writer's -wal and -shm. kNotFound for a missing file;
// kLedgerCorrupt for a file that is not a ledger, or a schema version other than
// Ledger::kSchemaVersion (an older one names `frlic ledger init PATH`, which upgrades it).
struct ReadOnlyLedgerDb {
  sqlite::Db db;
  std::optional<SharedLedgerLock> lock;
  std::optional<LedgerFileState> immutable_state;  // set when opened immutable
};
Result<ReadOnlyLedgerDb> OpenLedgerDbReadOnly(const std::string& path);

}  // namespace frlic::ledger_internal
