// The ledger: one record per issued artifact, and a hash-chained log of every change
// (docs/formats.md, "Ledger"). Records change status, never disappear.
// The embedded backend is an SQLite file; the interface leaves room for PostgreSQL.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "frlic/core/clock.h"
#include "frlic/core/status.h"

namespace frlic {

enum class LicenceStatus { kPending, kActive, kDestroyed, kRevoked, kSuperseded, kAborted };
const char* LicenceStatusName(LicenceStatus status);
std::optional<LicenceStatus> ParseLicenceStatus(std::string_view name);

struct LedgerRecord {
  std::string serial;
  std::string order_id;
  std::string method;           // MethodName()
  std::string terms_json;       // TermsToJson(...).dump(), exactly as signed
  std::string artifact_path;    // absolute path the artifact was written to
  std::string artifact_sha256;  // hex
  std::string instance_public_key;  // hex; empty for methods without an instance key
  std::string machine_fingerprint;  // empty for methods without a machine
  std::string key_id;           // the issuer signing key that signed it
  UnixSeconds issued_at = 0;
  LicenceStatus status = LicenceStatus::kPending;
  std::string parent_serial;    // lineage: the serial this one replaces; empty if none
};

struct LedgerEvent {
  std::int64_t seq = 0;
  UnixSeconds at = 0;
  std::string serial;
  std::string action;       // "issue", "activate", "abort", "destroy", "revoke", "supersede", ...
  std::string detail_json;  // canonical JSON object with action-specific details
  std::string prev_hash;    // hex; 64 zeros for the first event
  std::string hash;         // hex SHA-256, see docs/formats.md
};

struct ChainReport {
  std::int64_t events = 0;
  std::int64_t records = 0;
  std::vector<std::string> problems;  // empty when the chain and records agree
};

class Ledger {
 public:
  // Opens (creating if absent, with its parent directory) the SQLite ledger at `path`.
  static Result<std::unique_ptr<Ledger>> OpenSqlite(const std::string& path, const Clock& clock);
  virtual ~Ledger() = default;

  // Two-phase issue, so that the artifact file and the record exist together or not at all:
  // BeginIssue inserts the record as kPending (durably) and fails with kConflict if the
  // order id already has a non-aborted record without a parent (naming its serial), or the
  // serial exists. CompleteIssue marks it kActive and appends an "issue" event; AbortIssue
  // marks it kAborted. Recovery of pending records left by a killed run is RecoverPending.
  virtual Status BeginIssue(const LedgerRecord& record) = 0;
  virtual Status CompleteIssue(const std::string& serial) = 0;
  virtual Status AbortIssue(const std::string& serial, const std::string& reason) = 0;

  // For each kPending record: if the artifact at artifact_path has the recorded digest it is
  // completed; otherwise aborted. Returns the serials it completed.
  virtual Result<std::vector<std::string>> RecoverPending() = 0;

  // Changes a record's status and appends an event, in one transaction.
  virtual Status SetStatus(const std::string& serial, LicenceStatus status,
                           const std::string& action, const std::string& detail_json) = 0;

  virtual Result<std::optional<LedgerRecord>> FindBySerial(const std::string& serial) = 0;
  virtual Result<std::optional<LedgerRecord>> FindActiveByOrderId(const std::string& order_id) = 0;
  virtual Result<std::vector<LedgerRecord>> List() = 0;  // by issue time, then serial
  virtual Result<std::vector<LedgerEvent>> Events(const std::string& serial) = 0;  // all if empty

  // Recomputes the hash chain and checks that every record's status is the one its
  // events lead to.
  virtual Result<ChainReport> Verify() = 0;
};

}  // namespace frlic
