// The ledger: one record per issued artifact, and a hash-chained log of every change
// (docs/formats.md, "Ledger"). Records change status, never disappear.
// Two backends with the same semantics: an SQLite file (embedded, the default) and a PostgreSQL
// database shared by many runners, chosen by a postgresql:// URL (docs/formats.md 6.4).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "frlic/account/account.h"
#include "frlic/core/bytes.h"
#include "frlic/core/clock.h"
#include "frlic/core/status.h"

namespace frlic {

enum class LicenceStatus { kPending, kActive, kDestroyed, kRevoked, kSuperseded, kAborted };
const char* LicenceStatusName(LicenceStatus status);
std::optional<LicenceStatus> ParseLicenceStatus(std::string_view name);

// A ledger location as output may show it: a postgresql:// URL without its password, a path
// unchanged.
std::string LedgerForDisplay(const std::string& location);

struct LedgerRecord {
  std::string serial;
  std::string order_id;
  std::string method;               // MethodName()
  std::string terms_json;           // TermsToJson(...).dump(), exactly as signed
  std::string artifact_path;        // absolute path the artifact was written to
  std::string artifact_sha256;      // hex
  std::string instance_public_key;  // hex; empty for methods without an instance key
  std::string machine_fingerprint;  // empty for methods without a machine
  std::string key_id;               // the issuer signing key that signed it
  UnixSeconds issued_at = 0;
  LicenceStatus status = LicenceStatus::kPending;
  std::string parent_serial;  // lineage: the serial this one replaces; empty if none
  // Method-specific facts a later check needs, as a compact JSON object: for private cloud
  // {"licence_sha256","nonce","platform","machine_public_key"}: what a receipt must match,
  // and the RIF's machine key, which no later licence may reuse.
  std::string extra_json = "{}";
  // The order's business facts (schema version 3), never signed: its notes (special
  // requirements, lines allowed) and the e-mail address it came from. "" when absent; a
  // reissue copies them from the licence it replaces.
  std::string notes;
  std::string requested_by;
  // The artifact's exact bytes, for BeginIssue to keep (schema version 4) when non-empty:
  // Container.lic and FanruanLicenseServer.zip, never an image (it holds the instance key, a
  // secret). Records read back leave it empty; Ledger::StoredArtifact reads it.
  Bytes artifact_copy;
};

struct LedgerEvent {
  std::int64_t seq = 0;
  UnixSeconds at = 0;
  std::string serial;
  std::string action;       // "begin-issue", "issue", "abort", "account-*", or a SetStatus action
  std::string detail_json;  // canonical JSON object; "status" is the record's status after it
  std::string prev_hash;    // hex; 64 zeros for the first event
  std::string hash;         // hex SHA-256, see docs/formats.md
};

struct ChainReport {
  std::int64_t events = 0;
  std::int64_t records = 0;
  std::vector<std::string> problems;  // empty when the chain and records agree
  // The last event as stored (seq 0 and 64 zeros when there is none): what `ledger verify`
  // prints for a later --expect-head.
  std::int64_t head_seq = 0;
  std::string head_hash = std::string(64, '0');
};

// Everything a ledger holds, as stored, read in one snapshot: what `ledger migrate` copies and
// `ledger export --jsonl` writes.
struct LedgerContents {
  std::vector<LedgerRecord> records;  // by serial; artifact_copy set where a copy is kept
  std::vector<LedgerEvent> events;    // by seq
  std::vector<Account> accounts;      // by name, with their password hashes
};

// The operations available inside one ledger transaction (Ledger::Transaction). Everything
// done through it commits together or not at all, so a check and the write that depends on it
// (a receipt accepted once, a reissue recorded with the consumption of its receipt) cannot
// interleave with another writer, in this process or another.
class LedgerTxn {
 public:
  virtual ~LedgerTxn() = default;

  virtual Status BeginIssue(const LedgerRecord& record) = 0;
  // Records that a pending record's artifact is about to be renamed into place (as
  // Ledger::MarkPublishing), so that a batch marks a whole group in one transaction.
  virtual Status MarkPublishing(const std::string& serial) = 0;
  // Marks a pending record active (as Ledger::CompleteIssue): for an issue that writes no
  // artifact file (public cloud) and so records and completes in one transaction, and for a
  // batch that completes a whole group at once.
  virtual Status CompleteIssue(const std::string& serial) = 0;
  // A batch group's records (ledger_txn_group.cc has the one-by-one fallback; the SQL
  // ledger's statements take a whole group). BeginIssueEach runs BeginIssue for each record in
  // turn and returns each record's status: a kConflict (its serial or order already recorded,
  // by another run or earlier in `records`) is that record's alone and the others are still
  // recorded; any other error is the call's. MarkPublishingAll and CompleteIssueAll run
  // MarkPublishing and CompleteIssue for every serial; the first failure is the call's.
  virtual Result<std::vector<Status>> BeginIssueEach(
      const std::vector<const LedgerRecord*>& records);
  virtual Status MarkPublishingAll(const std::vector<std::string>& serials);
  virtual Status CompleteIssueAll(const std::vector<std::string>& serials);
  // Sets the status if it is currently `from`: kNotFound for an unknown serial, kConflict
  // (naming the status found) when it is not `from`. Appends the event (see SetStatus).
  virtual Status CompareAndSetStatus(const std::string& serial, LicenceStatus from,
                                     LicenceStatus to, const std::string& action,
                                     const std::string& detail_json) = 0;
  virtual Status SetStatus(const std::string& serial, LicenceStatus status,
                           const std::string& action, const std::string& detail_json) = 0;
  virtual Result<std::optional<LedgerRecord>> FindBySerial(const std::string& serial) = 0;
  virtual Result<std::optional<LedgerRecord>> FindActiveByOrderId(const std::string& order_id) = 0;
  // The non-aborted record whose parent_serial is `serial` (what replaced it), if any.
  virtual Result<std::optional<LedgerRecord>> FindReplacement(const std::string& serial) = 0;
  // The non-aborted records whose artifact_path is `path` (as Ledger::FindByArtifactPath).
  virtual Result<std::vector<LedgerRecord>> FindByArtifactPath(const std::string& path) = 0;
  // The events of `serial` (all if empty), oldest first (activation bindings are read from them).
  virtual Result<std::vector<LedgerEvent>> Events(const std::string& serial) = 0;

  // Public cloud accounts (docs/formats.md, "Public cloud accounts"). An account belongs to
  // the licence record `account.serial` (which must exist and have no account yet) and is
  // created active, with updated_at = created_at; order_id, company and status are ignored
  // (read back from the record). Appends an "account-create" event to the record's history;
  // its detail holds the SHA-256 of the password hash, never the hash. kInvalidInput for a
  // name that breaks the order's rule or a password_hash that is not an Argon2id PHC string;
  // kNotFound for an unknown serial; kConflict (naming the serial and order that hold it) for
  // a name already taken, or a serial that already has an account.
  virtual Status CreateAccount(const Account& account) = 0;
  virtual Result<std::optional<Account>> FindAccount(const std::string& name) = 0;
  // Sets the account's status if it is currently `from` and appends an event with `action`
  // ("account-disable", "account-enable"; any "account-" action but "account-create").
  // `detail_json` is a JSON object (the reason) without "status", "account" or
  // "account_status", which the ledger adds. kNotFound for an unknown name; kConflict (naming
  // the status found) when it is not `from`.
  virtual Status SetAccountStatus(const std::string& name, AccountStatus from, AccountStatus to,
                                  const std::string& action, const std::string& detail_json) = 0;
};

class Ledger {
 public:
  // The schema version this build writes (SQLite: PRAGMA user_version). A ledger with a newer
  // version is refused with kLedgerCorrupt rather than misread.
  // Older files are upgraded in place when opened: version 2 adds the accounts table,
  // version 3 the licences' notes and requested_by columns, version 4 the artifacts table
  // (the bytes of Container.lic and FanruanLicenseServer.zip, for ledger export).
  static constexpr int kSchemaVersion = 4;

  // Opens the existing ledger at `location`: a postgresql:// (or postgres://) URL opens the
  // PostgreSQL ledger there (docs/formats.md 6.4), anything else is an SQLite path
  // (OpenSqlite). A database without the ledger's schema is kNotFound naming `frlic ledger
  // init`. Messages name a URL without its password.
  static Result<std::unique_ptr<Ledger>> Open(const std::string& location, const Clock& clock);
  // The same for reading only (OpenSqliteReadOnly; on PostgreSQL, read-only transactions).
  static Result<std::unique_ptr<Ledger>> OpenReadOnly(const std::string& location,
                                                      const Clock& clock);
  // Creates the ledger at `location` if absent, then opens it (CreateSqlite; on PostgreSQL,
  // the schema is created in the database, which must exist).
  static Result<std::unique_ptr<Ledger>> Create(const std::string& location, const Clock& clock,
                                                bool parents = false);
  // Whether `location` names a ledger shared by many runners (PostgreSQL): an issuer then takes
  // no file lock, and RecoverPending settles only records whose issue lease has expired.
  static bool IsShared(const std::string& location);

  // Opens the existing SQLite ledger at `path`; a missing file is kNotFound naming
  // `frlic ledger init PATH` (opening never creates a file or directory). Every timestamp the
  // ledger writes comes from `clock`, which must outlive the ledger.
  static Result<std::unique_ptr<Ledger>> OpenSqlite(const std::string& path, const Clock& clock);
  // Opens the existing ledger at `path` for reading only (docs/formats.md 6.1, "Read-only
  // access"): no file is created or changed (no -wal or -shm beside a ledger no writer has
  // open; a read-only directory will do), no journal switch, no schema upgrade. Only the
  // current schema version is read; an older one is kLedgerCorrupt naming `frlic ledger init
  // PATH`, which upgrades it. Every write (and RecoverPending) fails with kInternal. While it
  // is open, issue runs wait for it (it shares their ledger lock) for at most their
  // --lock-timeout.
  static Result<std::unique_ptr<Ledger>> OpenSqliteReadOnly(const std::string& path,
                                                            const Clock& clock);
  // Creates the ledger at `path` (mode 0600) if absent, then opens it; an existing valid
  // ledger is opened unchanged, an existing file that is not one is kLedgerCorrupt. The parent
  // directories are created only with `parents` (kNotFound naming the directory otherwise).
  static Result<std::unique_ptr<Ledger>> CreateSqlite(const std::string& path, const Clock& clock,
                                                      bool parents = false);
  virtual ~Ledger() = default;

  // Two-phase issue, so that the artifact file and the record exist together or not at all:
  // BeginIssue inserts the record as kPending (durably; record.status is ignored) and fails with
  // kConflict if the order id already has a non-aborted record without a parent (naming its
  // serial), or the serial exists, or (for a reissue) the parent already has a non-aborted
  // replacement; kNotFound if the parent serial is unknown. MarkPublishing records (event
  // "publish") that the artifact is about to be renamed into place: from then on recovery
  // aborts the record only while its staged file is still there (the rename provably did not
  // happen). CompleteIssue marks it kActive and appends an "issue" event;
  // AbortIssue marks it kAborted and, for a replacement, gives the licence it replaced back
  // the status its evidence took from it (event "restore"), in the same transaction. All three
  // need the record to be kPending (kConflict otherwise).
  virtual Status BeginIssue(const LedgerRecord& record) = 0;
  virtual Status MarkPublishing(const std::string& serial) = 0;
  virtual Status CompleteIssue(const std::string& serial) = 0;
  virtual Status AbortIssue(const std::string& serial, const std::string& reason) = 0;

  // Settles every kPending record a killed run left, on what can be proven:
  // - its staged artifact (ArtifactStagePath) is still there: the rename never happened, so
  //   the record is aborted (as AbortIssue) and the staged file removed;
  // - else the artifact at artifact_path has the recorded digest: completed;
  // - else, if it was marked publishing, the artifact may have been renamed and then moved or
  //   handed out: completed, so that it stays revocable and its order id taken;
  // - else aborted.
  // On a shared ledger only the pending records whose issue lease (docs/formats.md 6.4) has
  // expired by the database's clock; the evidence above is looked for on this machine.
  // Returns the serials it completed.
  virtual Result<std::vector<std::string>> RecoverPending() = 0;

  // Changes a record's status and appends an event, in one transaction. `detail_json` is a
  // JSON object (no floating-point numbers); the ledger adds "status": the new status name.
  // kInvalidInput for kPending or kAborted (only the issue steps set those), for the issue
  // steps' actions ("begin-issue", "issue", "abort") or a bad detail; kConflict if the record
  // is pending or aborted (those records change only through the issue steps).
  virtual Status SetStatus(const std::string& serial, LicenceStatus status,
                           const std::string& action, const std::string& detail_json) = 0;
  // The same, only if the status is currently `from` (kConflict otherwise): of two racing
  // callers exactly one succeeds.
  virtual Status CompareAndSetStatus(const std::string& serial, LicenceStatus from,
                                     LicenceStatus to, const std::string& action,
                                     const std::string& detail_json) = 0;

  // Runs `body` in one write transaction: commits if it returns Ok, rolls back otherwise
  // (returning its error). Not reentrant: `body` must use only the LedgerTxn it is given.
  virtual Status Transaction(const std::function<Status(LedgerTxn&)>& body) = 0;
  // LedgerTxn::BeginIssueEach in a transaction of its own (a batch group's step 2). For
  // records without a parent, whose rows the database's unique constraints guard, PostgreSQL's
  // write lock is taken only before the chain head is read, so that other issuers insert their
  // groups' rows meanwhile instead of waiting for the lock; an order or serial that another
  // writer records in between is that record's conflict alone (docs/formats.md 6.4). On
  // SQLite, one writer at a time, the same as Transaction.
  virtual Result<std::vector<Status>> BeginIssueGroup(
      const std::vector<const LedgerRecord*>& records) = 0;

  virtual Result<std::optional<LedgerRecord>> FindBySerial(const std::string& serial) = 0;
  // The non-aborted record without a parent for this order id (pending or any later status).
  virtual Result<std::optional<LedgerRecord>> FindActiveByOrderId(const std::string& order_id) = 0;
  // FindActiveByOrderId of each order id, read with one statement per 256 ids (a batch's plan:
  // on PostgreSQL, a round trip per 256 orders instead of one per order). Order ids without
  // such a record are absent from the map. Any record of theirs that cannot be read fails the
  // whole call.
  virtual Result<std::map<std::string, LedgerRecord>> FindActiveByOrderIds(
      const std::vector<std::string>& order_ids) = 0;
  // The non-aborted record whose parent_serial is `serial` (what replaced it), if any.
  virtual Result<std::optional<LedgerRecord>> FindReplacement(const std::string& serial) = 0;
  // The non-aborted records whose artifact_path is exactly `path` (byte for byte, as recorded:
  // absolute), by issue time then serial; an index lookup, not a scan.
  virtual Result<std::vector<LedgerRecord>> FindByArtifactPath(const std::string& path) = 0;
  virtual Result<std::vector<LedgerRecord>> List() = 0;  // by issue time, then serial
  // The artifact bytes BeginIssue kept for `serial` (as stored, unchecked); nullopt when none
  // were kept (an image, a public cloud account, or a record older than schema version 4).
  virtual Result<std::optional<Bytes>> StoredArtifact(const std::string& serial) = 0;

  // Public cloud accounts, each in its own transaction (see LedgerTxn).
  virtual Status CreateAccount(const Account& account) = 0;
  virtual Result<std::optional<Account>> FindAccount(const std::string& name) = 0;
  virtual Status SetAccountStatus(const std::string& name, AccountStatus from, AccountStatus to,
                                  const std::string& action, const std::string& detail_json) = 0;
  virtual Result<std::vector<Account>> ListAccounts() = 0;                         // by name
  virtual Result<std::vector<LedgerEvent>> Events(const std::string& serial) = 0;  // all if empty
  // One event as stored (unchecked), by seq or by hash; nullopt when there is none.
  virtual Result<std::optional<LedgerEvent>> EventBySeq(std::int64_t seq) = 0;
  virtual Result<std::optional<LedgerEvent>> EventByHash(const std::string& hash) = 0;

  // Everything, in one snapshot (see LedgerContents).
  virtual Result<LedgerContents> ReadAll() = 0;
  // Copies `contents` into this ledger, row for row (no event is added: the chain, its hashes
  // and head are the source's), in one write transaction. kRefused unless this ledger holds no
  // record, event or account, or when a record is pending (settle it first: recovery, by an
  // issue run on the source); kInvalidInput when a record's parent is not among them.
  virtual Status Import(const LedgerContents& contents) = 0;

  // Recomputes the hash chain and checks that every record's status is the one its
  // events lead to, and that its fields are the ones its "begin-issue" event recorded; the
  // same for every account and its "account-*" events; and that every stored artifact copy
  // has the record's artifact_sha256.
  // Problems are reported in the ChainReport; an Error only when the ledger cannot be read.
  virtual Result<ChainReport> Verify() = 0;
};

}  // namespace frlic
