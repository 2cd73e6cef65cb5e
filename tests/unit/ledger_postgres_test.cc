// What only the PostgreSQL ledger has (docs/formats.md 6.4): opening by URL, issue leases, the
// append-only triggers, the two roles, one hash chain under concurrent issuers, and the same
// head as SQLite for the same events. The behaviour both backends share is tested on both in
// ledger_test.cc (LedgerOnBothTest).
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <map>
#include <set>
#include <thread>

#include "frlic/core/bytes.h"
#include "frlic/ledger/ledger.h"
#include "frlic/sql/postgres_url.h"
#include "pg_test_database.h"
#include "status_matchers.h"
#include "test_support.h"

namespace frlic {
namespace {

using testing::HasError;

constexpr UnixSeconds kNow = 1795392000;  // 2026-11-23T00:00:00Z

class PgLedgerTest : public pg_test::PgDatabaseTest {
 protected:
  void SetUp() override {
    PgDatabaseTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto created = Ledger::Create(url_, clock_);
    ASSERT_OK(created);
    ledger_ = std::move(created).value();
  }

  static LedgerRecord Record(const std::string& serial, const std::string& order_id) {
    return testing::LocalContainerRecord(serial, order_id, "/nonexistent/" + serial + "/c.lic",
                                         Sha256Hex(AsBytes(serial)), kNow - 60);
  }

  // Runs `sql` as the database's superuser, the triggers on: what psql would do.
  Status Run(const std::string& sql) {
    auto db = Connect();
    if (db == nullptr) return Error(ErrorCode::kIo, "no connection");
    return db->Exec(sql.c_str(), "psql");
  }

  LicenceStatus StatusOf(const std::string& serial) {
    auto found = ledger_->FindBySerial(serial);
    EXPECT_TRUE(found.ok() && found->has_value()) << serial;
    return found.ok() && found->has_value() ? (*found)->status : LicenceStatus::kPending;
  }

  void ExpectClean(Ledger& ledger) {
    auto report = ledger.Verify();
    ASSERT_OK(report);
    EXPECT_TRUE(report->problems.empty()) << ::testing::PrintToString(report->problems);
  }

  FixedClock clock_{kNow};
  std::unique_ptr<Ledger> ledger_;
};

TEST_F(PgLedgerTest, ADatabaseWithoutTheSchemaIsNotFoundAndNamedWithoutItsPassword) {
  pg_test::ScratchDatabase empty;
  ASSERT_EQ(empty.Create(), "");
  auto opened = Ledger::Open(empty.url(), clock_);
  ASSERT_THAT(opened, HasError(ErrorCode::kNotFound));
  EXPECT_NE(opened.error().hint().find("frlic ledger init"), std::string::npos);
  const std::string shown = LedgerForDisplay(empty.url());
  EXPECT_NE(shown, empty.url());  // the test server's URL has a password
  EXPECT_NE(opened.error().message().find(shown), std::string::npos) << opened.error().message();
  for (const std::string& secret : sql::PostgresUrlPasswords(empty.url())) {
    EXPECT_EQ(opened.error().message().find(secret), std::string::npos);
    EXPECT_EQ(opened.error().hint().find(secret), std::string::npos);
  }
  // Opening created nothing; a read-only open neither.
  EXPECT_THAT(Ledger::OpenReadOnly(empty.url(), clock_), HasError(ErrorCode::kNotFound));
  EXPECT_THAT(Ledger::Open(empty.url(), clock_), HasError(ErrorCode::kNotFound));
}

TEST_F(PgLedgerTest, ADatabaseHoldingOtherTablesOfTheSameNamesIsRefused) {
  pg_test::ScratchDatabase other;
  ASSERT_EQ(other.Create(), "");
  auto db = sql::PostgresConnection::Open(other.url());
  ASSERT_OK(db);
  ASSERT_OK((*db)->Exec("CREATE TABLE events (id INT)", "create"));
  EXPECT_THAT(Ledger::Create(other.url(), clock_), HasError(ErrorCode::kLedgerCorrupt));
}

TEST_F(PgLedgerTest, CreatingAgainKeepsEveryRecord) {
  ASSERT_OK(ledger_->BeginIssue(Record("FRL-A", "ORD-1")));
  ASSERT_OK(ledger_->CompleteIssue("FRL-A"));
  auto again = Ledger::Create(url_, clock_);
  ASSERT_OK(again);
  EXPECT_EQ((*again)->List()->size(), 1u);
}

TEST_F(PgLedgerTest, ALiveIssuersPendingRecordIsLeftUntilItsLeaseRunsOut) {
  ASSERT_OK(ledger_->BeginIssue(Record("FRL-A", "ORD-1")));
  ASSERT_OK(ledger_->BeginIssue(Record("FRL-B", "ORD-2")));
  // Another runner starts: both issuers may still be running, on any machine.
  auto other = Ledger::Open(url_, clock_);
  ASSERT_OK(other);
  auto settled = (*other)->RecoverPending();
  ASSERT_OK(settled);
  EXPECT_TRUE(settled->empty());
  EXPECT_EQ(StatusOf("FRL-A"), LicenceStatus::kPending);
  // FRL-A's issuer died long ago; FRL-B's renewed its lease when it marked publishing.
  ASSERT_OK(Run("UPDATE issue_leases SET expires_at = 0"));
  ASSERT_OK(ledger_->MarkPublishing("FRL-B"));
  settled = (*other)->RecoverPending();
  ASSERT_OK(settled);
  EXPECT_TRUE(settled->empty());  // aborted, not completed: its artifact is not here
  EXPECT_EQ(StatusOf("FRL-A"), LicenceStatus::kAborted);
  EXPECT_EQ(StatusOf("FRL-B"), LicenceStatus::kPending);
  ASSERT_OK(ledger_->CompleteIssue("FRL-B"));
  // The lease is measured by the database's clock, not the runner's: a far-future clock on
  // the recovering runner changes nothing.
  ASSERT_OK(ledger_->BeginIssue(Record("FRL-C", "ORD-3")));
  FixedClock far_future{kNow + 10 * 365 * 86400};
  auto later = Ledger::Open(url_, far_future);
  ASSERT_OK(later);
  ASSERT_OK((*later)->RecoverPending());
  EXPECT_EQ(StatusOf("FRL-C"), LicenceStatus::kPending);
  ExpectClean(*ledger_);
}

TEST_F(PgLedgerTest, TheLedgerIsAppendOnlyEvenForItsOwner) {
  ASSERT_OK(ledger_->BeginIssue(Record("FRL-A", "ORD-1")));
  ASSERT_OK(ledger_->CompleteIssue("FRL-A"));
  for (const char* sql : {
           "DELETE FROM events",
           "UPDATE events SET detail_json = '{}' WHERE seq = 2",
           "TRUNCATE events CASCADE",
           "DELETE FROM licences",
           "UPDATE licences SET order_id = 'ORD-9'",
           "UPDATE licences SET artifact_sha256 = 'ff'",
           "TRUNCATE licences CASCADE",
           "DELETE FROM issue_leases",
       }) {
    Status refused = Run(sql);
    EXPECT_THAT(refused, HasError(ErrorCode::kRefused)) << sql;
    if (!refused.ok()) {
      EXPECT_NE(refused.error().message().find("append-only"), std::string::npos) << sql;
    }
  }
  // A status is what the ledger itself changes.
  ASSERT_OK(ledger_->SetStatus("FRL-A", LicenceStatus::kRevoked, "revoke", "{}"));
  EXPECT_EQ(ledger_->Events("")->size(), 3u);
  ExpectClean(*ledger_);
}

// The documented roles: created before `ledger init` (which grants to them), with a login
// role in each per test (roles are cluster-wide; the group roles are shared by every test).
class PgLedgerRolesTest : public pg_test::PgDatabaseTest {
 protected:
  void SetUp() override {
    PgDatabaseTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto admin = Connect();
    ASSERT_NE(admin, nullptr);
    for (const char* group : {"frlic_issuer", "frlic_reader"}) {
      const std::string create = std::string("DO $$ BEGIN CREATE ROLE ") + group +
                                 " NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation "
                                 "THEN NULL; END $$";
      ASSERT_OK(admin->Exec(create.c_str(), "create group role"));
    }
    issuer_ = database_ + "_issuer";
    reader_ = database_ + "_reader";
    ASSERT_OK(admin->Exec(("CREATE ROLE " + issuer_ +
                           " LOGIN PASSWORD 'issuer-pw' IN ROLE "
                           "frlic_issuer; CREATE ROLE " +
                           reader_ + " LOGIN PASSWORD 'reader-pw' IN ROLE frlic_reader")
                              .c_str(),
                          "create login roles"));
    ASSERT_OK(Ledger::Create(url_, clock_));  // as the owner, after the roles exist
  }

  void TearDown() override {
    scratch_.reset();  // the database first: the roles own nothing outside it
    if (issuer_.empty()) return;
    auto admin = sql::PostgresConnection::Open(admin_url_);
    if (admin.ok()) {
      (void)(*admin)->Exec(
          ("DROP ROLE IF EXISTS " + issuer_ + "; DROP ROLE IF EXISTS " + reader_).c_str(),
          "drop login roles");
    }
  }

  // This database's URL for `user` with `password`.
  std::string UrlAs(const std::string& user, const std::string& password) const {
    const std::size_t at = url_.find('@');
    return "postgresql://" + user + ":" + password + url_.substr(at);
  }

  FixedClock clock_{kNow};
  std::string issuer_, reader_;
};

TEST_F(PgLedgerRolesTest, TheIssuerIssuesAndCannotDeleteOrRewrite) {
  auto issuer = Ledger::Open(UrlAs(issuer_, "issuer-pw"), clock_);
  ASSERT_OK(issuer);
  Ledger& ledger = **issuer;
  LedgerRecord record = testing::LocalContainerRecord("FRL-A", "ORD-1", "/x/FRL-A/c.lic",
                                                      Sha256Hex(AsBytes("a")), kNow);
  record.artifact_copy = ToBytes("a");
  ASSERT_OK(ledger.BeginIssue(record));
  ASSERT_OK(ledger.MarkPublishing("FRL-A"));
  ASSERT_OK(ledger.CompleteIssue("FRL-A"));
  ASSERT_OK(ledger.SetStatus("FRL-A", LicenceStatus::kRevoked, "revoke", "{}"));
  ASSERT_OK(ledger.RecoverPending());
  auto report = ledger.Verify();
  ASSERT_OK(report);
  EXPECT_TRUE(report->problems.empty());

  auto raw = sql::PostgresConnection::Open(UrlAs(issuer_, "issuer-pw"));
  ASSERT_OK(raw);
  // Refused by privilege (42501) before any trigger runs.
  for (const char* sql :
       {"DELETE FROM events", "UPDATE events SET hash = 'x'", "DELETE FROM licences",
        "UPDATE licences SET order_id = 'x'", "DELETE FROM artifacts",
        "UPDATE frlic_ledger SET schema_version = 1", "DROP TABLE events", "TRUNCATE events"}) {
    Status refused = (*raw)->Exec(sql, "as the issuer");
    ASSERT_THAT(refused, HasError(ErrorCode::kRefused)) << sql;
  }
}

TEST_F(PgLedgerRolesTest, TheReaderReadsAndVerifiesOnly) {
  {
    auto owner = Ledger::Open(url_, clock_);
    ASSERT_OK(owner);
    ASSERT_OK((*owner)->BeginIssue(testing::LocalContainerRecord("FRL-A", "ORD-1", "/x/FRL-A/c.lic",
                                                                 Sha256Hex(AsBytes("a")), kNow)));
  }
  const std::string url = UrlAs(reader_, "reader-pw");
  auto reader = Ledger::OpenReadOnly(url, clock_);
  ASSERT_OK(reader);
  EXPECT_EQ((*reader)->List()->size(), 1u);
  auto report = (*reader)->Verify();
  ASSERT_OK(report);
  EXPECT_EQ(report->events, 1);
  // Read-write open succeeds (it reads), but the database refuses every write.
  auto writer = Ledger::Open(url, clock_);
  ASSERT_OK(writer);
  EXPECT_THAT((*writer)->BeginIssue(testing::LocalContainerRecord(
                  "FRL-B", "ORD-2", "/x/FRL-B/c.lic", Sha256Hex(AsBytes("b")), kNow)),
              HasError(ErrorCode::kRefused));
  Status refused = (*writer)->SetStatus("FRL-A", LicenceStatus::kRevoked, "revoke", "{}");
  EXPECT_FALSE(refused.ok());
  EXPECT_EQ((*reader)->List()->size(), 1u);
}

// Many issuers on their own connections, racing over overlapping order ids and revoking each
// other's licences: every order is issued once, every serial once, every revoke of a licence
// happens once, and the chain is one line that verifies.
TEST_F(PgLedgerTest, ConcurrentIssuersKeepEveryInvariant) {
  constexpr int kIssuers = 6;
  constexpr int kOrders = 40;
  std::atomic<int> issued{0}, order_conflicts{0}, revokes{0}, revoke_conflicts{0}, failures{0};
  std::vector<std::thread> threads;
  for (int issuer = 0; issuer < kIssuers; ++issuer) {
    threads.emplace_back([&, issuer] {
      auto opened = Ledger::Open(url_, clock_);
      if (!opened.ok()) {
        failures.fetch_add(1);
        return;
      }
      Ledger& ledger = **opened;
      for (int order = 0; order < kOrders; ++order) {
        const std::string serial = "FRL-" + std::to_string(issuer) + "-" + std::to_string(order);
        Status begun = ledger.BeginIssue(Record(serial, "ORD-" + std::to_string(order)));
        if (!begun.ok()) {
          (begun.error().code() == ErrorCode::kConflict ? order_conflicts : failures).fetch_add(1);
          continue;
        }
        if (!ledger.CompleteIssue(serial).ok()) failures.fetch_add(1);
        issued.fetch_add(1);
        // Everyone tries to revoke the licence of the order before this one.
        auto before =
            ledger.FindActiveByOrderId("ORD-" + std::to_string((order + kOrders - 1) % kOrders));
        if (!before.ok()) failures.fetch_add(1);
        if (before.ok() && before->has_value()) {
          Status revoked = ledger.CompareAndSetStatus((*before)->serial, LicenceStatus::kActive,
                                                      LicenceStatus::kRevoked, "revoke", "{}");
          if (revoked.ok()) {
            revokes.fetch_add(1);
          } else if (revoked.error().code() == ErrorCode::kConflict) {
            revoke_conflicts.fetch_add(1);
          } else {
            failures.fetch_add(1);
          }
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();

  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(issued.load(), kOrders);
  EXPECT_EQ(issued.load() + order_conflicts.load(), kIssuers * kOrders);
  auto records = ledger_->List();
  ASSERT_OK(records);
  std::set<std::string> orders;
  int revoked = 0;
  for (const LedgerRecord& record : *records) {
    EXPECT_TRUE(orders.insert(record.order_id).second) << record.order_id;
    revoked += record.status == LicenceStatus::kRevoked;
  }
  EXPECT_EQ(orders.size(), static_cast<std::size_t>(kOrders));
  EXPECT_EQ(revoked, revokes.load());
  auto events = ledger_->Events("");
  ASSERT_OK(events);
  EXPECT_EQ(events->size(), static_cast<std::size_t>(2 * kOrders + revokes.load()));
  for (std::size_t i = 0; i < events->size(); ++i) {
    EXPECT_EQ((*events)[i].seq, static_cast<std::int64_t>(i + 1));
    if (i > 0) {
      EXPECT_EQ((*events)[i].prev_hash, (*events)[i - 1].hash);
    }
  }
  ExpectClean(*ledger_);
}

// A batch group's records (Ledger::BeginIssueGroup) are inserted before the write lock is
// taken, which is taken only to append their events: while another writer holds the lock,
// the group's transaction has already written (it has a transaction id) and waits for the
// lock only then.
TEST_F(PgLedgerTest, AGroupInsertsItsRecordsBeforeItWaitsForTheWriteLock) {
  auto holder = Connect();
  ASSERT_NE(holder, nullptr);
  ASSERT_OK(holder->Exec("BEGIN; SELECT pg_advisory_xact_lock(7382081939106972743)", "lock"));
  std::vector<LedgerRecord> records;
  for (int k = 0; k < 3; ++k) {
    records.push_back(Record("FRL-LATE-" + std::to_string(k), "ORD-LATE-" + std::to_string(k)));
  }
  std::vector<const LedgerRecord*> group;
  for (const LedgerRecord& record : records) group.push_back(&record);
  Result<std::vector<Status>> begun = Error(ErrorCode::kInternal, "not run");
  std::thread issuer([&] { begun = ledger_->BeginIssueGroup(group); });

  auto watcher = Connect();
  ASSERT_NE(watcher, nullptr);
  bool wrote_then_waited = false;
  for (int poll = 0; poll < 500 && !wrote_then_waited; ++poll) {
    auto waiting = watcher->Prepare(
        "SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'advisory' "
        "AND backend_xid IS NOT NULL AND datname = current_database()");
    ASSERT_OK(waiting);
    auto row = waiting->Step();
    ASSERT_OK(row);
    wrote_then_waited = *row && waiting->Int(0) == 1;
    if (!wrote_then_waited) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_OK(holder->Exec("ROLLBACK", "unlock"));
  issuer.join();
  EXPECT_TRUE(wrote_then_waited);
  ASSERT_OK(begun);
  for (const Status& status : *begun) EXPECT_OK(status);
  ExpectClean(*ledger_);
}

// Groups on their own connections, started together over overlapping order ids: each order is
// recorded once, and an order another group took is that order's conflict alone (a group
// that loses a race between its check and its insert runs again), never the group's failure.
TEST_F(PgLedgerTest, RacingGroupsConflictOrderByOrder) {
  constexpr int kGroups = 4;
  constexpr int kPerGroup = 60;  // group g: orders 30g .. 30g+59, half shared with the next
  std::atomic<int> ready{0};
  std::vector<Result<std::vector<Status>>> outcomes(kGroups,
                                                    Error(ErrorCode::kInternal, "not run"));
  std::vector<std::thread> threads;
  for (int g = 0; g < kGroups; ++g) {
    threads.emplace_back([&, g] {
      auto opened = Ledger::Open(url_, clock_);
      if (!opened.ok()) {
        outcomes[g] = std::move(opened).error();
        return;
      }
      std::vector<LedgerRecord> records;
      for (int k = 0; k < kPerGroup; ++k) {
        records.push_back(Record("FRL-G" + std::to_string(g) + "-" + std::to_string(k),
                                 "ORD-" + std::to_string(30 * g + k)));
      }
      std::vector<const LedgerRecord*> group;
      for (const LedgerRecord& record : records) group.push_back(&record);
      ready.fetch_add(1);
      while (ready.load() < kGroups) std::this_thread::yield();
      outcomes[g] = (*opened)->BeginIssueGroup(group);
    });
  }
  for (auto& thread : threads) thread.join();

  int recorded = 0;
  for (int g = 0; g < kGroups; ++g) {
    ASSERT_OK(outcomes[g]) << "group " << g;
    for (const Status& status : *outcomes[g]) {
      if (status.ok()) {
        ++recorded;
      } else {
        EXPECT_EQ(status.error().code(), ErrorCode::kConflict);
        EXPECT_NE(status.error().message().find("was already issued as serial"), std::string::npos)
            << status.error().message();
      }
    }
  }
  const int distinct_orders = 30 * (kGroups - 1) + kPerGroup;
  EXPECT_EQ(recorded, distinct_orders);
  auto records = ledger_->List();
  ASSERT_OK(records);
  std::set<std::string> orders;
  for (const LedgerRecord& record : *records) {
    EXPECT_TRUE(orders.insert(record.order_id).second) << record.order_id;
  }
  EXPECT_EQ(orders.size(), static_cast<std::size_t>(distinct_orders));
  ExpectClean(*ledger_);
}

// The same operations with the same clock give the same events, hashes and head on both
// backends: `ledger verify --expect-head` means the same thing on either.
TEST_F(PgLedgerTest, TheSameEventsGiveTheSameHeadAsSqlite) {
  const std::string dir = std::filesystem::temp_directory_path() /
                          ("frlic-pg-head-" + std::to_string(::getpid()) + "-" + database_);
  std::filesystem::create_directories(dir);
  auto sqlite = Ledger::Create(dir + "/ledger.sqlite", clock_);
  ASSERT_OK(sqlite);
  for (Ledger* ledger : {ledger_.get(), sqlite->get()}) {
    LedgerRecord first = Record("FRL-A", "ORD-1");
    first.artifact_copy = ToBytes("licence bytes");
    first.artifact_sha256 = Sha256Hex(first.artifact_copy);
    first.notes = "lines allowed: 2";
    ASSERT_OK(ledger->BeginIssue(first));
    ASSERT_OK(ledger->MarkPublishing("FRL-A"));
    ASSERT_OK(ledger->CompleteIssue("FRL-A"));
    ASSERT_OK(ledger->BeginIssue(Record("FRL-B", "ORD-2")));
    ASSERT_OK(ledger->AbortIssue("FRL-B", "disk full"));
    ASSERT_OK(
        ledger->SetStatus("FRL-A", LicenceStatus::kRevoked, "revoke", R"({"reason":"refund"})"));
  }
  auto pg_report = ledger_->Verify();
  auto sqlite_report = (*sqlite)->Verify();
  ASSERT_OK(pg_report);
  ASSERT_OK(sqlite_report);
  EXPECT_TRUE(pg_report->problems.empty()) << ::testing::PrintToString(pg_report->problems);
  EXPECT_TRUE(sqlite_report->problems.empty()) << ::testing::PrintToString(sqlite_report->problems);
  EXPECT_EQ(pg_report->head_seq, 6);
  EXPECT_EQ(pg_report->head_seq, sqlite_report->head_seq);
  EXPECT_EQ(pg_report->head_hash, sqlite_report->head_hash);
  auto pg_list = ledger_->List();
  auto sqlite_list = (*sqlite)->List();
  ASSERT_EQ(pg_list->size(), sqlite_list->size());
  for (std::size_t i = 0; i < pg_list->size(); ++i) {
    EXPECT_EQ((*pg_list)[i].serial, (*sqlite_list)[i].serial);
    EXPECT_EQ((*pg_list)[i].terms_json, (*sqlite_list)[i].terms_json);
    EXPECT_EQ((*pg_list)[i].status, (*sqlite_list)[i].status);
  }
  EXPECT_EQ(*ledger_->StoredArtifact("FRL-A"), *(*sqlite)->StoredArtifact("FRL-A"));
  sqlite->reset();
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace frlic
