// The SQLite ledger's file and schema. PRAGMA user_version holds the schema version; each
// older version is upgraded in place, in one transaction, when the file is opened.
#include "internal/ledger_schema.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <thread>

#include "frlic/core/files.h"
#include "frlic/ledger/ledger.h"

namespace frlic::ledger_internal {
namespace {

using sql::Statement;
using sqlite::Db;

// Version 1. The partial unique indexes are the ledger's two invariants: an order id issues
// once (reissues carry a parent), and a licence is replaced at most once; aborted attempts
// count for neither. STRICT tables refuse values of the wrong type.
constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE licences (
  serial TEXT PRIMARY KEY NOT NULL,
  order_id TEXT NOT NULL,
  method TEXT NOT NULL,
  terms_json TEXT NOT NULL,
  artifact_path TEXT NOT NULL,
  artifact_sha256 TEXT NOT NULL,
  instance_public_key TEXT NOT NULL,
  machine_fingerprint TEXT NOT NULL,
  key_id TEXT NOT NULL,
  issued_at INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN
    ('pending', 'active', 'destroyed', 'revoked', 'superseded', 'aborted')),
  parent_serial TEXT NULL REFERENCES licences (serial),
  extra_json TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX licences_order_issues_once ON licences (order_id)
  WHERE parent_serial IS NULL AND status != 'aborted';
CREATE UNIQUE INDEX licences_replaced_once ON licences (parent_serial)
  WHERE parent_serial IS NOT NULL AND status != 'aborted';
CREATE TABLE events (
  seq INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  serial TEXT NOT NULL REFERENCES licences (serial),
  action TEXT NOT NULL,
  detail_json TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
) STRICT;
CREATE INDEX events_by_serial ON events (serial, seq);
PRAGMA user_version = 1;
)sql";

// Version 2 adds public cloud accounts: one per public-cloud licence record at most, the
// password only as its Argon2id PHC string. A version 1 file is upgraded in place by running
// this in the transaction that opens it.
constexpr const char* kMigrateV1ToV2 = R"sql(
CREATE TABLE accounts (
  name TEXT PRIMARY KEY NOT NULL,
  serial TEXT NOT NULL UNIQUE REFERENCES licences (serial),
  password_hash TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('active', 'disabled')),
  capacity INTEGER NOT NULL CHECK (capacity >= 1),
  expires TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
PRAGMA user_version = 2;
)sql";

// Version 3 adds the order's business facts to each licence record (never signed, so not in
// terms_json): notes and requested_by, "" for records written before.
constexpr const char* kMigrateV2ToV3 = R"sql(
ALTER TABLE licences ADD COLUMN notes TEXT NOT NULL DEFAULT '';
ALTER TABLE licences ADD COLUMN requested_by TEXT NOT NULL DEFAULT '';
PRAGMA user_version = 3;
)sql";

// Version 4 keeps the exact bytes of the artifacts that can be handed out again (Container.lic,
// FanruanLicenseServer.zip), written in the transaction that records the licence, so that
// `frlic ledger export` can rebuild a file lost with a CI runner. Records written before have
// no row here (docs/formats.md 6.1).
constexpr const char* kMigrateV3ToV4 = R"sql(
CREATE TABLE artifacts (
  serial TEXT PRIMARY KEY NOT NULL REFERENCES licences (serial),
  bytes BLOB NOT NULL
) STRICT;
PRAGMA user_version = 4;
)sql";

// Indexes for the lookups the issue path and the ledger commands make, beyond those the
// invariants above already give (docs/formats.md 6.1, "Indexes"). They change no stored value,
// so they need no schema version: every read-write open creates those missing (a no-op read
// when they exist), whatever version wrote the file, and an older frlic keeps them up to date.
// licences_pending: recovery, at the start of every issue, reads the pending records (few)
// in issue order. licences_by_artifact_path: an issue whose --out file exists asks which
// record owns it. licences_by_order: every record of an order id (ledger show ORDER-ID).
// licences_by_machine: the private cloud rules look up a host's licences by fingerprint.
constexpr const char* kIndexes = R"sql(
CREATE INDEX IF NOT EXISTS licences_pending ON licences (issued_at, serial)
  WHERE status = 'pending';
CREATE INDEX IF NOT EXISTS licences_by_artifact_path ON licences (artifact_path);
CREATE INDEX IF NOT EXISTS licences_by_order ON licences (order_id);
CREATE INDEX IF NOT EXISTS licences_by_machine ON licences (machine_fingerprint);
)sql";

// What a user types to create the ledger a command did not find.
std::string InitHint(const std::string& path) {
  return "create it with: frlic ledger init " + path;
}

// Creates the file (owner-only: it is business data); its directory only when asked, so that
// a typo in a path never leaves a new tree behind.
Status CreateLedgerFile(const std::string& path, bool parents) {
  auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty() && !PathExists(parent.string())) {
    if (!parents) {
      return Error(ErrorCode::kNotFound,
                   "ledger " + path + ": the directory " + parent.string() + " does not exist",
                   "create it first, or pass --parents");
    }
    Status made = MakeDirectories(parent.string());
    if (!made.ok()) return Error(ErrorCode::kIo, "ledger " + path + ": " + made.error().message());
  }
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    return Error(ErrorCode::kIo, "ledger " + path + ": cannot open: " + std::strerror(errno));
  }
  ::close(fd);
  return Ok();
}

Status Configure(Db& db) {
  FRLIC_RETURN_IF_ERROR(db.Exec("PRAGMA busy_timeout = 10000", "cannot set busy_timeout"));
  FRLIC_ASSIGN_OR_RETURN(Statement journal, db.Prepare("PRAGMA journal_mode = WAL"));
  FRLIC_ASSIGN_OR_RETURN(bool row, journal.Step());
  if (!row || journal.Text(0) != "wal") {
    return db.Fail(ErrorCode::kIo, "cannot switch to the WAL journal (got '" +
                                       (row ? journal.Text(0) : std::string()) +
                                       "'); is the file on a network file system?");
  }
  FRLIC_RETURN_IF_ERROR(db.Exec("PRAGMA synchronous = FULL", "cannot set synchronous"));
  FRLIC_RETURN_IF_ERROR(db.Exec("PRAGMA foreign_keys = ON", "cannot enable foreign keys"));
  return Ok();
}

Result<std::int64_t> SchemaVersion(Db& db) {
  FRLIC_ASSIGN_OR_RETURN(Statement query, db.Prepare("PRAGMA user_version"));
  FRLIC_ASSIGN_OR_RETURN(bool row, query.Step());
  return row ? query.Int(0) : 0;
}

// Versions this build opens: the current one, and older ones it upgrades (0 = a new file).
Status CheckVersion(const Db& db, std::int64_t version) {
  if (version >= 0 && version <= Ledger::kSchemaVersion) return Ok();
  return db.Fail(ErrorCode::kLedgerCorrupt,
                 "schema version " + std::to_string(version) + " is not the version " +
                     std::to_string(Ledger::kSchemaVersion) +
                     " this frlic understands (a newer frlic wrote it?)");
}

// `may_create`: only `ledger init` (CreateSqlite) makes the tables of an empty file; any other
// open refuses one, since an empty file (truncated, touched, an empty mount) standing in for the
// ledger would let an order already issued be issued again.
Status EnsureSchema(Db& db, const std::string& path, bool may_create) {
  FRLIC_ASSIGN_OR_RETURN(std::int64_t version, SchemaVersion(db));
  FRLIC_RETURN_IF_ERROR(CheckVersion(db, version));
  if (version == 0 && !may_create) {
    return Error(ErrorCode::kLedgerCorrupt,
                 "ledger " + path + " is empty or not a frlic ledger (no schema version)",
                 "if this is a new ledger, create it with: frlic ledger init " + path +
                     " (on an empty file, remove it first); otherwise restore the ledger");
  }
  if (version == Ledger::kSchemaVersion) return Ok();
  // A new file, or an older schema: create or upgrade it in one transaction, unless another
  // process got there first.
  FRLIC_ASSIGN_OR_RETURN(auto txn, sql::Transaction::Begin(db, sql::Transaction::Mode::kWrite));
  FRLIC_ASSIGN_OR_RETURN(version, SchemaVersion(db));
  FRLIC_RETURN_IF_ERROR(CheckVersion(db, version));
  if (version == 0) {
    FRLIC_ASSIGN_OR_RETURN(Statement tables, db.Prepare("SELECT count(*) FROM sqlite_master"));
    FRLIC_ASSIGN_OR_RETURN(bool row, tables.Step());
    if (row && tables.Int(0) != 0) {
      return db.Fail(ErrorCode::kLedgerCorrupt,
                     "the file holds tables but no ledger schema version; it is not a frlic "
                     "ledger");
    }
    FRLIC_RETURN_IF_ERROR(db.Exec(kSchemaV1, "cannot create the ledger tables"));
    version = 1;
  }
  if (version == 1) {
    FRLIC_RETURN_IF_ERROR(db.Exec(kMigrateV1ToV2, "cannot upgrade the ledger to version 2"));
    version = 2;
  }
  if (version == 2) {
    FRLIC_RETURN_IF_ERROR(db.Exec(kMigrateV2ToV3, "cannot upgrade the ledger to version 3"));
    version = 3;
  }
  if (version == 3) {
    FRLIC_RETURN_IF_ERROR(db.Exec(kMigrateV3ToV4, "cannot upgrade the ledger to version 4"));
  }
  return txn.Commit();
}

// Opening never creates: a missing ledger is most often a wrong path, and an empty one
// would let an order already issued be issued again.
Status CheckLedgerFileExists(const std::string& path) {
  std::error_code error;
  if (!std::filesystem::exists(path, error) && !error) {
    return Error(ErrorCode::kNotFound, "ledger " + path + " does not exist", InitHint(path));
  }
  // An empty file is refused before SQLite touches it (no journal files, no schema).
  if (std::filesystem::is_regular_file(path, error) &&
      std::filesystem::file_size(path, error) == 0 && !error) {
    return Error(ErrorCode::kLedgerCorrupt,
                 "ledger " + path + " is an empty file, not a frlic ledger",
                 "if this is a new ledger, remove the empty file and run: frlic ledger init " +
                     path + "; otherwise restore the ledger");
  }
  return Ok();
}

// A read-only open reads the schema as it is: only the current version (every column and
// table this build reads is there; upgrading needs a write).
Status CheckReadableVersion(Db& db, const std::string& path) {
  FRLIC_ASSIGN_OR_RETURN(std::int64_t version, SchemaVersion(db));
  if (version == 0) {
    return Error(ErrorCode::kLedgerCorrupt,
                 "ledger " + path + " is empty or not a frlic ledger (no schema version)",
                 "restore the ledger, or give the path of the one frlic issue writes");
  }
  FRLIC_RETURN_IF_ERROR(CheckVersion(db, version));
  if (version < Ledger::kSchemaVersion) {
    return Error(ErrorCode::kLedgerCorrupt,
                 "ledger " + path + " has schema version " + std::to_string(version) +
                     ", older than the version " + std::to_string(Ledger::kSchemaVersion) +
                     " this frlic reads without changing the file",
                 "upgrade it in place (every record is kept) with: frlic ledger init " + path);
  }
  return Ok();
}

}  // namespace

Result<SharedLedgerLock> SharedLedgerLock::AcquireIfPresent(const std::string& ledger_path,
                                                            int timeout_seconds) {
  const std::string path = ledger_path + ".lock";
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) {
    if (errno == ENOENT) return SharedLedgerLock(-1);
    return Error(ErrorCode::kIo, "cannot open lock file " + path + ": " + std::strerror(errno));
  }
  SharedLedgerLock lock(fd);
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(std::max(timeout_seconds, 0));
  auto pause = std::chrono::milliseconds(10);
  for (;;) {
    if (::flock(fd, LOCK_SH | LOCK_NB) == 0) return lock;
    if (errno == EINTR) continue;
    if (errno != EWOULDBLOCK) {
      return Error(ErrorCode::kIo, "cannot lock " + path + ": " + std::strerror(errno));
    }
    if (std::chrono::steady_clock::now() >= deadline) break;
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::milliseconds(250));
  }
  return Error(ErrorCode::kBusy,
               path + " is held by a frlic run writing the ledger; gave up after " +
                   std::to_string(timeout_seconds) + " s",
               "run again when it has finished");
}

SharedLedgerLock& SharedLedgerLock::operator=(SharedLedgerLock&& other) noexcept {
  std::swap(fd_, other.fd_);
  return *this;
}

SharedLedgerLock::~SharedLedgerLock() {
  if (fd_ >= 0) ::close(fd_);  // closing releases the lock
}

LedgerFileState CurrentFileState(const std::string& path) {
  LedgerFileState state;
  state.wal = PathExists(path + "-wal");
  struct stat info {};
  if (::stat(path.c_str(), &info) == 0) {
    state.inode = info.st_ino;
    state.size = static_cast<std::uint64_t>(info.st_size);
    state.mtime_ns = std::int64_t{info.st_mtim.tv_sec} * 1000000000 + info.st_mtim.tv_nsec;
  }
  return state;
}

Result<ReadOnlyLedgerDb> OpenLedgerDbReadOnly(const std::string& path) {
  FRLIC_RETURN_IF_ERROR(CheckLedgerFileExists(path));
  // Without a -wal beside it the main file holds every committed change: it is read
  // immutable (no side files, nothing written, a read-only directory will do), under the lock
  // that issue runs hold, so that none of them writes meanwhile. With a -wal, a writer has the
  // ledger open (or was killed): its -wal holds changes the main file lacks, so an ordinary
  // read-only connection reads through it, with SQLite's own locking.
  FRLIC_ASSIGN_OR_RETURN(SharedLedgerLock lock, SharedLedgerLock::AcquireIfPresent(path, 10));
  const LedgerFileState state = CurrentFileState(path);
  std::optional<LedgerFileState> immutable_state;
  if (!state.wal) immutable_state = state;
  FRLIC_ASSIGN_OR_RETURN(Db db, Db::OpenReadOnly(path, /*immutable=*/!state.wal));
  FRLIC_RETURN_IF_ERROR(db.Exec("PRAGMA busy_timeout = 10000", "cannot set busy_timeout"));
  FRLIC_RETURN_IF_ERROR(CheckReadableVersion(db, path));
  return ReadOnlyLedgerDb{std::move(db), std::move(lock), immutable_state};
}

Result<sqlite::Db> OpenLedgerDb(const std::string& path, LedgerFile file) {
  if (file == LedgerFile::kMustExist) {
    FRLIC_RETURN_IF_ERROR(CheckLedgerFileExists(path));
  } else {
    FRLIC_RETURN_IF_ERROR(CreateLedgerFile(path, file == LedgerFile::kCreateWithParents));
  }
  FRLIC_ASSIGN_OR_RETURN(Db db, Db::Open(path));
  FRLIC_RETURN_IF_ERROR(Configure(db));
  FRLIC_RETURN_IF_ERROR(EnsureSchema(db, path, file != LedgerFile::kMustExist));
  FRLIC_RETURN_IF_ERROR(db.Exec(kIndexes, "cannot create the ledger's indexes"));
  return db;
}

}  // namespace frlic::ledger_internal
