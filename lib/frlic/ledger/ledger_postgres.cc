// The PostgreSQL ledger's database: its schema, the roles' privileges, and the opens. The
// tables and their meaning are the SQLite ledger's (ledger_schema.cc, version 4), in
// PostgreSQL's types; what only a shared database needs is added: the issue leases, and
// triggers that keep the ledger append-only for every role (docs/formats.md 6.4).
#include <memory>

#include "frlic/postgres/postgres_connection.h"
#include "internal/sql_ledger.h"

namespace frlic::ledger_internal {
namespace {

using sql::PostgresConnection;
using sql::Statement;

// Every text column is COLLATE "C": ORDER BY serial, name... sorts by bytes as SQLite does,
// whatever the database's locale, so that both backends list in one order.
// frlic_ledger holds the schema version (SQLite keeps it in PRAGMA user_version). A PostgreSQL
// ledger starts at version 4: there are no earlier PostgreSQL versions to upgrade.
constexpr const char* kSchemaV4 = R"sql(
CREATE TABLE frlic_ledger (
  singleton BOOLEAN PRIMARY KEY DEFAULT true CHECK (singleton),
  schema_version INTEGER NOT NULL
);
INSERT INTO frlic_ledger (schema_version) VALUES (4);
CREATE TABLE licences (
  serial TEXT COLLATE "C" PRIMARY KEY,
  order_id TEXT COLLATE "C" NOT NULL,
  method TEXT COLLATE "C" NOT NULL,
  terms_json TEXT COLLATE "C" NOT NULL,
  artifact_path TEXT COLLATE "C" NOT NULL,
  artifact_sha256 TEXT COLLATE "C" NOT NULL,
  instance_public_key TEXT COLLATE "C" NOT NULL,
  machine_fingerprint TEXT COLLATE "C" NOT NULL,
  key_id TEXT COLLATE "C" NOT NULL,
  issued_at BIGINT NOT NULL,
  status TEXT COLLATE "C" NOT NULL CHECK (status IN
    ('pending', 'active', 'destroyed', 'revoked', 'superseded', 'aborted')),
  parent_serial TEXT COLLATE "C" NULL REFERENCES licences (serial),
  extra_json TEXT COLLATE "C" NOT NULL,
  notes TEXT COLLATE "C" NOT NULL DEFAULT '',
  requested_by TEXT COLLATE "C" NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX licences_order_issues_once ON licences (order_id)
  WHERE parent_serial IS NULL AND status != 'aborted';
CREATE UNIQUE INDEX licences_replaced_once ON licences (parent_serial)
  WHERE parent_serial IS NOT NULL AND status != 'aborted';
CREATE INDEX licences_pending ON licences (issued_at, serial) WHERE status = 'pending';
CREATE INDEX licences_by_artifact_path ON licences (artifact_path);
CREATE INDEX licences_by_order ON licences (order_id);
CREATE INDEX licences_by_machine ON licences (machine_fingerprint);
-- prev_hash UNIQUE: two events can never follow the same one, so the chain stays one line
-- even if a writer skipped the write lock.
CREATE TABLE events (
  seq BIGINT PRIMARY KEY CHECK (seq >= 1),
  at BIGINT NOT NULL,
  serial TEXT COLLATE "C" NOT NULL REFERENCES licences (serial),
  action TEXT COLLATE "C" NOT NULL,
  detail_json TEXT COLLATE "C" NOT NULL,
  prev_hash TEXT COLLATE "C" NOT NULL UNIQUE,
  hash TEXT COLLATE "C" NOT NULL
);
CREATE INDEX events_by_serial ON events (serial, seq);
CREATE INDEX events_by_hash ON events (hash);
CREATE TABLE accounts (
  name TEXT COLLATE "C" PRIMARY KEY,
  serial TEXT COLLATE "C" NOT NULL UNIQUE REFERENCES licences (serial),
  password_hash TEXT COLLATE "C" NOT NULL,
  status TEXT COLLATE "C" NOT NULL CHECK (status IN ('active', 'disabled')),
  capacity BIGINT NOT NULL CHECK (capacity >= 1),
  expires TEXT COLLATE "C" NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE TABLE artifacts (
  serial TEXT COLLATE "C" PRIMARY KEY REFERENCES licences (serial),
  bytes BYTEA NOT NULL
);
-- Until when (Unix seconds, the database's clock) the issuer of a pending record owns it.
CREATE TABLE issue_leases (
  serial TEXT COLLATE "C" PRIMARY KEY REFERENCES licences (serial),
  expires_at BIGINT NOT NULL
);

-- The ledger only grows, for every role (the owner's too): no event, artifact copy or lease is
-- deleted, no event or artifact copy rewritten, no record or account deleted; a record changes
-- only its status, an account only its status and updated_at.
CREATE FUNCTION frlic_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the frlic ledger is append-only: % on % is refused', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'P0001';
END $$;
CREATE FUNCTION frlic_licence_status_only() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  probe licences;
BEGIN
  probe := NEW;
  probe.status := OLD.status;
  IF probe IS DISTINCT FROM OLD THEN
    RAISE EXCEPTION 'the frlic ledger is append-only: a licence changes only its status (serial %)', OLD.serial
      USING ERRCODE = 'P0001';
  END IF;
  RETURN NEW;
END $$;
CREATE FUNCTION frlic_account_status_only() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  probe accounts;
BEGIN
  probe := NEW;
  probe.status := OLD.status;
  probe.updated_at := OLD.updated_at;
  IF probe IS DISTINCT FROM OLD THEN
    RAISE EXCEPTION 'the frlic ledger is append-only: an account changes only its status (account %)', OLD.name
      USING ERRCODE = 'P0001';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
  FOR EACH ROW EXECUTE FUNCTION frlic_refuse_change();
CREATE TRIGGER artifacts_append_only BEFORE UPDATE OR DELETE ON artifacts
  FOR EACH ROW EXECUTE FUNCTION frlic_refuse_change();
CREATE TRIGGER licences_kept BEFORE DELETE ON licences
  FOR EACH ROW EXECUTE FUNCTION frlic_refuse_change();
CREATE TRIGGER accounts_kept BEFORE DELETE ON accounts
  FOR EACH ROW EXECUTE FUNCTION frlic_refuse_change();
CREATE TRIGGER issue_leases_kept BEFORE DELETE ON issue_leases
  FOR EACH ROW EXECUTE FUNCTION frlic_refuse_change();
CREATE TRIGGER licences_status_only BEFORE UPDATE ON licences
  FOR EACH ROW EXECUTE FUNCTION frlic_licence_status_only();
CREATE TRIGGER accounts_status_only BEFORE UPDATE ON accounts
  FOR EACH ROW EXECUTE FUNCTION frlic_account_status_only();
CREATE TRIGGER frlic_no_truncate BEFORE TRUNCATE ON events
  FOR EACH STATEMENT EXECUTE FUNCTION frlic_refuse_change();
CREATE TRIGGER frlic_no_truncate BEFORE TRUNCATE ON licences
  FOR EACH STATEMENT EXECUTE FUNCTION frlic_refuse_change();
CREATE TRIGGER frlic_no_truncate BEFORE TRUNCATE ON accounts
  FOR EACH STATEMENT EXECUTE FUNCTION frlic_refuse_change();
CREATE TRIGGER frlic_no_truncate BEFORE TRUNCATE ON artifacts
  FOR EACH STATEMENT EXECUTE FUNCTION frlic_refuse_change();

-- The two roles (docs/formats.md 6.4, "Roles"), where they exist when the ledger is created:
-- frlic_issuer inserts what issuing needs and updates only statuses and its leases; it can
-- delete nothing. frlic_reader reads (ledger list, show, verify, export).
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'frlic_issuer') THEN
    GRANT SELECT ON frlic_ledger TO frlic_issuer;
    GRANT SELECT, INSERT ON licences, events, accounts, artifacts, issue_leases TO frlic_issuer;
    GRANT UPDATE (status) ON licences TO frlic_issuer;
    GRANT UPDATE (status, updated_at) ON accounts TO frlic_issuer;
    GRANT UPDATE (expires_at) ON issue_leases TO frlic_issuer;
  END IF;
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'frlic_reader') THEN
    GRANT SELECT ON frlic_ledger, licences, events, accounts, artifacts, issue_leases
      TO frlic_reader;
  END IF;
END $$;
)sql";

std::string InitHint(const std::string& location) {
  return "create it with: frlic ledger init '" + location + "'";
}

// Whether the ledger's tables are in the database (on the connection's search_path).
Result<bool> HasTable(PostgresConnection& db, const char* table) {
  FRLIC_ASSIGN_OR_RETURN(Statement query, db.Prepare("SELECT to_regclass(?1) IS NOT NULL"));
  query.Bind(1, table);
  FRLIC_ASSIGN_OR_RETURN(bool row, query.Step());
  return row && query.Int(0) == 1;
}

Status CheckVersion(PostgresConnection& db) {
  FRLIC_ASSIGN_OR_RETURN(Statement query, db.Prepare("SELECT schema_version FROM frlic_ledger"));
  FRLIC_ASSIGN_OR_RETURN(bool row, query.Step());
  const std::int64_t version = row ? query.Int(0) : 0;
  if (version == Ledger::kSchemaVersion) return Ok();
  return db.Fail(ErrorCode::kLedgerCorrupt,
                 "schema version " + std::to_string(version) + " is not the version " +
                     std::to_string(Ledger::kSchemaVersion) +
                     " this frlic understands (a newer frlic wrote it?)");
}

// Creates the schema unless it is there, in one write transaction (two `ledger init` runs at
// once: the second finds it).
Status EnsureSchema(PostgresConnection& db) {
  FRLIC_ASSIGN_OR_RETURN(auto txn, sql::Transaction::Begin(db, sql::Transaction::Mode::kWrite));
  FRLIC_ASSIGN_OR_RETURN(bool exists, HasTable(db, "frlic_ledger"));
  if (exists) return txn.Commit();
  for (const char* table : {"licences", "events", "accounts", "artifacts", "issue_leases"}) {
    FRLIC_ASSIGN_OR_RETURN(bool clash, HasTable(db, table));
    if (clash) {
      return db.Fail(
          ErrorCode::kLedgerCorrupt,
          std::string("the database holds a table '") + table +
              "' but no frlic ledger (no frlic_ledger table); it is not a frlic "
              "ledger: give an empty database or another schema (options=-csearch_path=...)");
    }
  }
  FRLIC_RETURN_IF_ERROR(db.Exec(kSchemaV4, "cannot create the ledger tables"));
  return txn.Commit();
}

}  // namespace

Result<std::unique_ptr<Ledger>> OpenPostgresLedger(const std::string& url, const Clock& clock,
                                                   PostgresOpen mode) {
  FRLIC_ASSIGN_OR_RETURN(std::unique_ptr<PostgresConnection> db, PostgresConnection::Open(url));
  if (mode == PostgresOpen::kCreate) {
    FRLIC_RETURN_IF_ERROR(EnsureSchema(*db));
  } else {
    FRLIC_ASSIGN_OR_RETURN(bool exists, HasTable(*db, "frlic_ledger"));
    if (!exists) {
      return Error(ErrorCode::kNotFound,
                   "ledger " + db->location() + ": the database holds no frlic ledger",
                   InitHint(db->location()));
    }
  }
  FRLIC_RETURN_IF_ERROR(CheckVersion(*db));
  SqlLedgerOptions options;
  options.lease_seconds = kIssueLeaseSeconds;
  if (mode == PostgresOpen::kReadOnly) {
    options.read_only = true;
    // The database refuses a write too, whatever the role may do.
    FRLIC_RETURN_IF_ERROR(db->Exec("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY",
                                   "cannot make the session read-only"));
  }
  return MakeSqlLedger(std::move(db), clock, std::move(options));
}

}  // namespace frlic::ledger_internal
