#include "frlic/ledger/ledger.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <thread>

#include "frlic/core/bytes.h"
#include "frlic/core/files.h"
#include "frlic/core/strict_json.h"
#include "frlic/core/time.h"
#include "frlic/ledger/ledger_chain.h"
#include "pg_test_database.h"
#include "status_matchers.h"
#include "test_support.h"

namespace frlic {
namespace {

using testing::HasError;

constexpr UnixSeconds kLedgerNow = 1795392000 + 3661;  // 2026-11-23T01:01:01Z

// LedgerTest runs on an SQLite file; LedgerOnBothTest (below) runs the same fixture once on
// SQLite and once on a fresh PostgreSQL database, for every test whose behaviour both backends
// share.
class LedgerTest : public testing::TempDirTest {
 protected:
  void SetUp() override {
    TempDirTest::SetUp();
    if (OnPostgres()) {
      postgres_ = std::make_unique<pg_test::ScratchDatabase>();
      FRLIC_PG_SCRATCH_DATABASE(*postgres_);
      path_ = postgres_->url();
    } else {
      path_ = Path("ledger/ledger.sqlite");
    }
    ledger_ = Open();
  }

  virtual bool OnPostgres() const { return false; }

  std::unique_ptr<Ledger> Open() {
    auto opened = Ledger::Create(path_, clock_, /*parents=*/true);
    EXPECT_OK(opened);
    return opened.ok() ? std::move(opened).value() : nullptr;
  }

  // The ledger's location as its messages name it (a URL without its password).
  std::string Shown() const { return LedgerForDisplay(path_); }

  // Lets every issue lease run out, as if the issuers had died long ago (PostgreSQL; SQLite
  // has none).
  void ExpireLeases() {
    if (OnPostgres()) Tamper("UPDATE issue_leases SET expires_at = 0");
  }

  LedgerRecord Record(const std::string& serial, const std::string& order_id) const {
    return testing::LocalContainerRecord(serial, order_id, Path(serial + "/Container.lic"),
                                         Sha256Hex(AsBytes("artifact of " + serial)),
                                         kLedgerNow - 60);
  }

  void Issue(const LedgerRecord& record) {
    Status begun = ledger_->BeginIssue(record);
    ASSERT_OK(begun);
    Status completed = ledger_->CompleteIssue(record.serial);
    ASSERT_OK(completed);
  }

  LicenceStatus StatusOf(const std::string& serial) {
    auto found = ledger_->FindBySerial(serial);
    EXPECT_OK(found);
    EXPECT_TRUE(found.ok() && found->has_value()) << serial;
    return found.ok() && found->has_value() ? (*found)->status : LicenceStatus::kPending;
  }

  // Edits the ledger behind its back, as someone with the sqlite3 shell would, or with psql as
  // the database's superuser with the ledger's triggers (and foreign keys) switched off.
  void Tamper(const std::string& sql) {
    if (OnPostgres()) {
      auto db = sql::PostgresConnection::Open(path_);
      ASSERT_OK(db);
      const std::string script = "SET session_replication_role = replica; " + sql;
      ASSERT_OK((*db)->Exec(script.c_str(), "tamper"));
      return;
    }
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    char* message = nullptr;
    int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
    std::string text = message != nullptr ? message : "";
    sqlite3_free(message);
    sqlite3_close(db);
    ASSERT_EQ(rc, SQLITE_OK) << text;
  }

  // Three issued licences, one of them revoked: 7 events.
  void IssueThree() {
    Issue(Record("FRL-A", "ORD-1"));
    Issue(Record("FRL-B", "ORD-2"));
    Issue(Record("FRL-C", "ORD-3"));
    ASSERT_OK(
        ledger_->SetStatus("FRL-B", LicenceStatus::kRevoked, "revoke", R"({"reason":"refund"})"));
    ExpectClean();
  }

  void ExpectClean() {
    auto report = ledger_->Verify();
    ASSERT_OK(report);
    EXPECT_TRUE(report->problems.empty()) << ::testing::PrintToString(report->problems);
  }

  // The problems Verify reports; fails the test unless at least one mentions `needle`.
  std::vector<std::string> ExpectProblem(const std::string& needle) {
    auto report = ledger_->Verify();
    EXPECT_OK(report);
    if (!report.ok()) return {};
    bool found = false;
    for (const auto& p : report->problems) found = found || p.find(needle) != std::string::npos;
    EXPECT_TRUE(found) << "no problem mentions '" << needle
                       << "': " << ::testing::PrintToString(report->problems);
    return report->problems;
  }

  FixedClock clock_{kLedgerNow};
  std::unique_ptr<pg_test::ScratchDatabase> postgres_;
  std::string path_;
  std::unique_ptr<Ledger> ledger_;
};

enum class Backend { kSqlite, kPostgres };

class LedgerOnBothTest : public LedgerTest, public ::testing::WithParamInterface<Backend> {
 protected:
  bool OnPostgres() const override { return GetParam() == Backend::kPostgres; }
};

INSTANTIATE_TEST_SUITE_P(Backends, LedgerOnBothTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         [](const ::testing::TestParamInfo<Backend>& info) {
                           return info.param == Backend::kSqlite ? "Sqlite" : "Postgres";
                         });

TEST_F(LedgerTest, CreatesDirectoryAndOwnerOnlyFile) {
  struct stat st {};
  ASSERT_EQ(::stat(path_.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  auto records = ledger_->List();
  ASSERT_OK(records);
  EXPECT_TRUE(records->empty());
}

TEST_P(LedgerOnBothTest, IssueLifecycle) {
  const LedgerRecord record = Record("FRL-A", "ORD-1");
  ASSERT_OK(ledger_->BeginIssue(record));
  EXPECT_EQ(StatusOf("FRL-A"), LicenceStatus::kPending);
  // Only the issue steps move a pending record.
  Status early = ledger_->SetStatus("FRL-A", LicenceStatus::kRevoked, "revoke", "{}");
  ASSERT_THAT(early, HasError(ErrorCode::kConflict));
  ASSERT_OK(ledger_->CompleteIssue("FRL-A"));

  auto found = ledger_->FindBySerial("FRL-A");
  ASSERT_OK(found);
  ASSERT_TRUE(found->has_value());
  const LedgerRecord& stored = **found;
  EXPECT_EQ(stored.status, LicenceStatus::kActive);
  EXPECT_EQ(stored.order_id, "ORD-1");
  EXPECT_EQ(stored.terms_json, record.terms_json);
  EXPECT_EQ(stored.artifact_sha256, record.artifact_sha256);
  EXPECT_EQ(stored.artifact_path, record.artifact_path);
  EXPECT_EQ(stored.issued_at, record.issued_at);
  EXPECT_EQ(stored.parent_serial, "");

  auto events = ledger_->Events("FRL-A");
  ASSERT_OK(events);
  ASSERT_EQ(events->size(), 2u);
  EXPECT_EQ((*events)[0].action, "begin-issue");
  EXPECT_EQ((*events)[0].seq, 1);
  EXPECT_EQ((*events)[0].prev_hash, std::string(64, '0'));
  EXPECT_EQ((*events)[0].at, kLedgerNow);
  EXPECT_EQ((*events)[1].action, "issue");
  EXPECT_EQ((*events)[1].prev_hash, (*events)[0].hash);
  EXPECT_EQ((*events)[1].detail_json, R"({"status":"active"})");

  // Completing twice is a conflict, and nothing more is logged.
  Status again = ledger_->CompleteIssue("FRL-A");
  ASSERT_THAT(again, HasError(ErrorCode::kConflict));
  EXPECT_EQ(ledger_->Events("")->size(), 2u);
  Status unknown = ledger_->CompleteIssue("FRL-NOPE");
  ASSERT_THAT(unknown, HasError(ErrorCode::kNotFound));
  EXPECT_NE(unknown.error().message().find(Shown()), std::string::npos);

  auto active = ledger_->FindActiveByOrderId("ORD-1");
  ASSERT_OK(active);
  ASSERT_TRUE(active->has_value());
  EXPECT_EQ((*active)->serial, "FRL-A");
  ExpectClean();
}

TEST_P(LedgerOnBothTest, DuplicateOrderIdNamesTheExistingSerial) {
  Issue(Record("FRL-A", "ORD-1"));
  Status second = ledger_->BeginIssue(Record("FRL-B", "ORD-1"));
  ASSERT_THAT(second, HasError(ErrorCode::kConflict));
  const std::string& message = second.error().message();
  EXPECT_NE(message.find("order ORD-1 was already issued as serial FRL-A on " +
                         FormatInstant(kLedgerNow - 60)),
            std::string::npos)
      << message;
  EXPECT_NE(message.find(Shown()), std::string::npos) << message;
  EXPECT_FALSE(ledger_->FindBySerial("FRL-B")->has_value());
  EXPECT_EQ(ledger_->Events("")->size(), 2u);
}

TEST_P(LedgerOnBothTest, DuplicateSerialConflicts) {
  Issue(Record("FRL-A", "ORD-1"));
  Status second = ledger_->BeginIssue(Record("FRL-A", "ORD-2"));
  ASSERT_THAT(second, HasError(ErrorCode::kConflict));
  EXPECT_NE(second.error().message().find("serial FRL-A"), std::string::npos);
  EXPECT_FALSE(ledger_->FindActiveByOrderId("ORD-2")->has_value());
}

TEST_P(LedgerOnBothTest, PendingOrderIdAlsoConflicts) {
  ASSERT_OK(ledger_->BeginIssue(Record("FRL-A", "ORD-1")));
  Status second = ledger_->BeginIssue(Record("FRL-B", "ORD-1"));
  ASSERT_THAT(second, HasError(ErrorCode::kConflict));
  EXPECT_NE(second.error().message().find("status pending"), std::string::npos);
}

TEST_P(LedgerOnBothTest, AbortedOrderIdMayBeIssuedAgain) {
  ASSERT_OK(ledger_->BeginIssue(Record("FRL-A", "ORD-1")));
  ASSERT_OK(ledger_->AbortIssue("FRL-A", "rename failed"));
  EXPECT_EQ(StatusOf("FRL-A"), LicenceStatus::kAborted);
  EXPECT_FALSE(ledger_->FindActiveByOrderId("ORD-1")->has_value());
  auto events = ledger_->Events("FRL-A");
  ASSERT_OK(events);
  ASSERT_EQ(events->size(), 2u);
  EXPECT_EQ((*events)[1].detail_json, R"({"reason":"rename failed","status":"aborted"})");

  Issue(Record("FRL-B", "ORD-1"));
  auto active = ledger_->FindActiveByOrderId("ORD-1");
  ASSERT_OK(active);
  ASSERT_TRUE(active->has_value());
  EXPECT_EQ((*active)->serial, "FRL-B");
  // An aborted record stays aborted.
  Status revived = ledger_->SetStatus("FRL-A", LicenceStatus::kActive, "revive", "{}");
  ASSERT_THAT(revived, HasError(ErrorCode::kConflict));
  ExpectClean();
}

// The batch's plan reads every order at once: the same records FindActiveByOrderId gives one
// by one (an aborted record skipped, a replacement not taken for its order's root), across
// statements of 256 ids.
TEST_P(LedgerOnBothTest, FindActiveByOrderIdsMatchesOneByOne) {
  ASSERT_OK(ledger_->BeginIssue(Record("FRL-A", "ORD-1")));
  ASSERT_OK(ledger_->AbortIssue("FRL-A", "rename failed"));
  Issue(Record("FRL-B", "ORD-1"));
  ASSERT_OK(ledger_->BeginIssue(Record("FRL-C", "ORD-2")));
  Issue(Record("FRL-D", "ORD-3"));
  LedgerRecord child = Record("FRL-E", "ORD-3");
  child.parent_serial = "FRL-D";
  Issue(child);

  std::vector<std::string> order_ids = {"ORD-1"};
  for (int k = 0; k < 300; ++k) order_ids.push_back("ORD-NONE-" + std::to_string(k));
  order_ids.push_back("ORD-2");  // in the second statement
  order_ids.push_back("ORD-3");
  auto found = ledger_->FindActiveByOrderIds(order_ids);
  ASSERT_OK(found);
  ASSERT_EQ(found->size(), 3u);
  for (const std::string& order_id : order_ids) {
    auto one = ledger_->FindActiveByOrderId(order_id);
    ASSERT_OK(one);
    auto many = found->find(order_id);
    ASSERT_EQ(one->has_value(), many != found->end()) << order_id;
    if (one->has_value()) {
      EXPECT_EQ((*one)->serial, many->second.serial) << order_id;
    }
  }
  EXPECT_EQ(found->at("ORD-1").serial, "FRL-B");
  EXPECT_EQ(found->at("ORD-2").status, LicenceStatus::kPending);
  EXPECT_EQ(found->at("ORD-3").serial, "FRL-D");
  EXPECT_TRUE(ledger_->FindActiveByOrderIds({})->empty());
}

// Everything a transaction has written, read back inside it: every event, and the status of
// each serial asked for ("-" when there is no such record).
std::string WrittenBy(LedgerTxn& txn, const std::vector<std::string>& serials) {
  std::string written;
  auto events = txn.Events("");
  EXPECT_OK(events);
  if (events.ok()) {
    for (const LedgerEvent& event : *events) {
      written += std::to_string(event.seq) + " " + std::to_string(event.at) + " " + event.serial +
                 " " + event.action + " " + event.detail_json + " " + event.prev_hash + " " +
                 event.hash + "\n";
    }
  }
  for (const std::string& serial : serials) {
    auto found = txn.FindBySerial(serial);
    EXPECT_OK(found);
    written += serial + ": " +
               (found.ok() && found->has_value() ? LicenceStatusName((*found)->status) : "-") +
               "\n";
  }
  return written;
}

std::string Outcomes(const std::vector<Status>& statuses) {
  std::string outcomes;
  for (const Status& status : statuses) {
    outcomes += status.ok() ? std::string("ok") : status.error().message();
    outcomes += "\n";
  }
  return outcomes;
}

// The group calls a batch makes (one statement for many records) write the rows and events
// that the one-record calls make in turn, and report the same conflicts: each group call runs
// once as LedgerTxn's one-by-one definition (rolled back) and once as the ledger's own.
TEST_P(LedgerOnBothTest, GroupCallsWriteWhatOneRecordCallsWrite) {
  Issue(Record("FRL-OLD", "ORD-OLD"));
  std::vector<LedgerRecord> records = {
      Record("FRL-A", "ORD-1"),   Record("FRL-OLD", "ORD-9"),  // serial already recorded
      Record("FRL-C", "ORD-OLD"),                              // order already issued
      Record("FRL-D", "ORD-1"),                                // order taken earlier in the group
      Record("FRL-E", "ORD-5"),
  };
  records[0].artifact_copy = Bytes{1, 2, 3};
  records[0].artifact_sha256 = Sha256Hex(ByteView(records[0].artifact_copy));
  std::vector<const LedgerRecord*> group;
  for (const LedgerRecord& record : records) group.push_back(&record);
  const std::vector<std::string> serials = {"FRL-A", "FRL-OLD", "FRL-C", "FRL-D", "FRL-E"};
  const Error rollback(ErrorCode::kInternal, "rolled back on purpose");

  // Runs `call` one by one (`one_by_one`) or as a group; returns what it wrote and reported.
  auto run = [&](bool one_by_one, bool commit,
                 const std::function<std::string(LedgerTxn&, bool)>& call) {
    std::string seen;
    Status done = ledger_->Transaction([&](LedgerTxn& txn) -> Status {
      seen = call(txn, one_by_one) + "--\n" + WrittenBy(txn, serials);
      if (!commit) return rollback;
      return Ok();
    });
    if (commit) {
      EXPECT_OK(done);
    }
    return seen;
  };
  auto begin = [&](LedgerTxn& txn, bool one_by_one) {
    auto statuses = one_by_one ? txn.LedgerTxn::BeginIssueEach(group) : txn.BeginIssueEach(group);
    EXPECT_OK(statuses);
    return statuses.ok() ? Outcomes(*statuses) : statuses.error().message();
  };
  const std::string begun = run(true, false, begin);
  EXPECT_EQ(run(false, true, begin), begun);
  EXPECT_NE(begun.find("serial FRL-OLD is already recorded (order ORD-OLD)"), std::string::npos)
      << begun;
  EXPECT_NE(begun.find("order ORD-OLD was already issued as serial FRL-OLD"), std::string::npos);
  EXPECT_NE(begun.find("order ORD-1 was already issued as serial FRL-A"), std::string::npos);

  auto status_call = [&](std::vector<std::string> those, bool complete) {
    return [those, complete](LedgerTxn& txn, bool one_by_one) {
      Status done = complete ? (one_by_one ? txn.LedgerTxn::CompleteIssueAll(those)
                                           : txn.CompleteIssueAll(those))
                             : (one_by_one ? txn.LedgerTxn::MarkPublishingAll(those)
                                           : txn.MarkPublishingAll(those));
      return done.ok() ? std::string("ok\n") : done.error().message() + "\n";
    };
  };
  // A serial that is not pending, or not recorded, fails the whole call with the same error
  // (what a failed call wrote before it failed differs, and is rolled back with it).
  auto reported = [](const std::string& seen) { return seen.substr(0, seen.find("--\n")); };
  for (const auto& call :
       {status_call({"FRL-A", "FRL-OLD"}, false), status_call({"FRL-A", "FRL-NONE"}, true)}) {
    const std::string refused = reported(run(true, false, call));
    EXPECT_EQ(reported(run(false, false, call)), refused);
    EXPECT_EQ(refused.find("ok\n"), std::string::npos) << refused;
  }
  const std::string marked = run(true, false, status_call({"FRL-A", "FRL-E"}, false));
  EXPECT_EQ(run(false, true, status_call({"FRL-A", "FRL-E"}, false)), marked);
  const std::string completed = run(true, false, status_call({"FRL-E", "FRL-A"}, true));
  EXPECT_EQ(run(false, true, status_call({"FRL-E", "FRL-A"}, true)), completed);
  EXPECT_EQ(StatusOf("FRL-A"), LicenceStatus::kActive);
  EXPECT_EQ(StatusOf("FRL-E"), LicenceStatus::kActive);
  auto copy = ledger_->StoredArtifact("FRL-A");
  ASSERT_OK(copy);
  ASSERT_TRUE(copy->has_value());
  EXPECT_EQ(**copy, records[0].artifact_copy);
  ExpectClean();
}

TEST_P(LedgerOnBothTest, ReissueWithParentSerialForTheSameOrder) {
  Issue(Record("FRL-A", "ORD-1"));
  LedgerRecord child = Record("FRL-B", "ORD-1");
  child.parent_serial = "FRL-A";
  Issue(child);
  auto stored = ledger_->FindBySerial("FRL-B");
  ASSERT_OK(stored);
  ASSERT_TRUE(stored->has_value());
  EXPECT_EQ((*stored)->parent_serial, "FRL-A");
  // The order's original record is still the one FindActiveByOrderId names.
  EXPECT_EQ((*ledger_->FindActiveByOrderId("ORD-1"))->serial, "FRL-A");

  // A licence is replaced once ...
  LedgerRecord second_child = Record("FRL-C", "ORD-1");
  second_child.parent_serial = "FRL-A";
  Status twice = ledger_->BeginIssue(second_child);
  ASSERT_THAT(twice, HasError(ErrorCode::kConflict));
  EXPECT_NE(twice.error().message().find("already replaced by serial FRL-B"), std::string::npos);
  // ... and only by a serial the ledger knows.
  LedgerRecord orphan = Record("FRL-D", "ORD-1");
  orphan.parent_serial = "FRL-NOPE";
  Status unknown = ledger_->BeginIssue(orphan);
  ASSERT_THAT(unknown, HasError(ErrorCode::kNotFound));
  ExpectClean();
}

TEST_P(LedgerOnBothTest, SetStatusAppendsEventWithStatus) {
  IssueThree();
  EXPECT_EQ(StatusOf("FRL-B"), LicenceStatus::kRevoked);
  auto events = ledger_->Events("FRL-B");
  ASSERT_OK(events);
  ASSERT_EQ(events->size(), 3u);
  EXPECT_EQ(events->back().action, "revoke");
  EXPECT_EQ(events->back().detail_json, R"({"reason":"refund","status":"revoked"})");
  EXPECT_EQ(events->back().seq, 7);

  auto all = ledger_->Events("");
  ASSERT_OK(all);
  ASSERT_EQ(all->size(), 7u);
  for (std::size_t i = 0; i < all->size(); ++i) {
    EXPECT_EQ((*all)[i].seq, static_cast<std::int64_t>(i + 1));
    if (i > 0) {
      EXPECT_EQ((*all)[i].prev_hash, (*all)[i - 1].hash);
    }
  }

  Status unknown = ledger_->SetStatus("FRL-NOPE", LicenceStatus::kRevoked, "revoke", "{}");
  ASSERT_THAT(unknown, HasError(ErrorCode::kNotFound));
  EXPECT_NE(unknown.error().message().find("FRL-NOPE"), std::string::npos);

  for (auto [status, action, detail] :
       {std::tuple{LicenceStatus::kPending, "x", "{}"},
        std::tuple{LicenceStatus::kAborted, "x", "{}"},
        std::tuple{LicenceStatus::kDestroyed, "issue", "{}"},
        std::tuple{LicenceStatus::kDestroyed, "", "{}"},
        std::tuple{LicenceStatus::kDestroyed, "destroy", R"({"status":"active"})"},
        std::tuple{LicenceStatus::kDestroyed, "destroy", R"({"n":1.5})"},
        std::tuple{LicenceStatus::kDestroyed, "destroy", "[1]"},
        std::tuple{LicenceStatus::kDestroyed, "destroy", R"({"a":1,"a":2})"}}) {
    Status refused = ledger_->SetStatus("FRL-A", status, action, detail);
    EXPECT_THAT(refused, HasError(ErrorCode::kInvalidInput)) << action << " " << detail;
  }
  EXPECT_EQ(StatusOf("FRL-A"), LicenceStatus::kActive);
  EXPECT_EQ(ledger_->Events("")->size(), 7u);
  ExpectClean();
}

TEST_P(LedgerOnBothTest, CompareAndSetStatusNeedsTheExpectedStatus) {
  IssueThree();
  Status wrong = ledger_->CompareAndSetStatus("FRL-B", LicenceStatus::kActive,
                                              LicenceStatus::kRevoked, "revoke", "{}");
  ASSERT_THAT(wrong, HasError(ErrorCode::kConflict));
  EXPECT_NE(wrong.error().message().find("FRL-B is revoked, not active"), std::string::npos)
      << wrong.error().message();
  EXPECT_EQ(StatusOf("FRL-B"), LicenceStatus::kRevoked);

  ASSERT_OK(ledger_->CompareAndSetStatus("FRL-A", LicenceStatus::kActive, LicenceStatus::kRevoked,
                                         "revoke", "{}"));
  EXPECT_EQ(StatusOf("FRL-A"), LicenceStatus::kRevoked);
  EXPECT_EQ(ledger_->Events("")->size(), 8u);
  ExpectClean();
}

TEST_P(LedgerOnBothTest, TransactionCommitsAllOrNothing) {
  Issue(Record("FRL-A", "ORD-1"));
  LedgerRecord child = Record("FRL-B", "ORD-1");
  child.parent_serial = "FRL-A";

  // A failure after the first write rolls the first write back.
  Status failed = ledger_->Transaction([&](LedgerTxn& txn) -> Status {
    FRLIC_RETURN_IF_ERROR(txn.CompareAndSetStatus("FRL-A", LicenceStatus::kActive,
                                                  LicenceStatus::kSuperseded, "supersede", "{}"));
    FRLIC_RETURN_IF_ERROR(txn.BeginIssue(child));
    return Error(ErrorCode::kBadSignature, "receipt did not verify");
  });
  ASSERT_THAT(failed, HasError(ErrorCode::kBadSignature));
  EXPECT_EQ(StatusOf("FRL-A"), LicenceStatus::kActive);
  EXPECT_FALSE(ledger_->FindBySerial("FRL-B")->has_value());
  EXPECT_EQ(ledger_->Events("")->size(), 2u);

  Status done = ledger_->Transaction([&](LedgerTxn& txn) -> Status {
    FRLIC_RETURN_IF_ERROR(txn.CompareAndSetStatus("FRL-A", LicenceStatus::kActive,
                                                  LicenceStatus::kSuperseded, "supersede", "{}"));
    return txn.BeginIssue(child);
  });
  ASSERT_OK(done);
  EXPECT_EQ(StatusOf("FRL-A"), LicenceStatus::kSuperseded);
  EXPECT_EQ(StatusOf("FRL-B"), LicenceStatus::kPending);
  ExpectClean();
}

// The hash is the one docs/formats.md defines, computed here from the definition alone.
TEST_P(LedgerOnBothTest, EventHashFollowsTheDocumentedDefinition) {
  LedgerRecord record = Record("FRL-A", "ORD-1");
  record.artifact_path = "/out/Container.lic";
  record.artifact_sha256 = std::string(64, 'a');
  ASSERT_OK(ledger_->BeginIssue(record));
  ASSERT_OK(ledger_->CompleteIssue("FRL-A"));
  ASSERT_OK(ledger_->SetStatus("FRL-A", LicenceStatus::kRevoked, "revoke",
                               R"({"note":"caf\u00e9 \"x\"\n", "n": -2})"));
  auto events = ledger_->Events("FRL-A");
  ASSERT_OK(events);
  ASSERT_EQ(events->size(), 3u);

  const std::string terms_sha256 = Sha256Hex(AsBytes(R"({"capacity":1})"));
  const std::string first =
      R"({"action":"begin-issue","at":"2026-11-23T01:01:01Z","detail":{)"
      R"("artifact_path":"/out/Container.lic","artifact_sha256":")" +
      std::string(64, 'a') + R"(","extra_sha256":")" + Sha256Hex(AsBytes("{}")) +
      R"(","instance_public_key":"","issued_at":"2026-11-23T01:00:01Z","key_id":"k1",)"
      R"("machine_fingerprint":"","method":"local-container","order_id":"ORD-1",)"
      R"("status":"pending","terms_sha256":")" +
      terms_sha256 + R"("},"seq":1,"serial":"FRL-A"})";
  const std::string hash1 =
      Sha256Hex(AsBytes("frlic-ledger-event-v1\n" + std::string(64, '0') + "\n" + first));
  EXPECT_EQ((*events)[0].hash, hash1);

  const std::string second =
      R"({"action":"issue","at":"2026-11-23T01:01:01Z","detail":{"status":"active"},)"
      R"("seq":2,"serial":"FRL-A"})";
  const std::string hash2 = Sha256Hex(AsBytes("frlic-ledger-event-v1\n" + hash1 + "\n" + second));
  EXPECT_EQ((*events)[1].hash, hash2);

  const std::string third =
      "{\"action\":\"revoke\",\"at\":\"2026-11-23T01:01:01Z\",\"detail\":{\"n\":-2,"
      "\"note\":\"caf\xc3\xa9 \\\"x\\\"\\n\",\"status\":\"revoked\"},\"seq\":3,"
      "\"serial\":\"FRL-A\"}";
  EXPECT_EQ((*events)[2].hash,
            Sha256Hex(AsBytes("frlic-ledger-event-v1\n" + hash2 + "\n" + third)));
  EXPECT_EQ((*events)[2].prev_hash, hash2);
}

TEST_P(LedgerOnBothTest, VerifyCountsAndAcceptsAnUntouchedLedger) {
  IssueThree();
  ASSERT_OK(ledger_->BeginIssue(Record("FRL-D", "ORD-4")));
  ASSERT_OK(ledger_->AbortIssue("FRL-D", "test"));
  auto report = ledger_->Verify();
  ASSERT_OK(report);
  EXPECT_EQ(report->events, 9);
  EXPECT_EQ(report->records, 4);
  EXPECT_TRUE(report->problems.empty()) << ::testing::PrintToString(report->problems);
  // Also after reopening: nothing depends on the connection.
  ledger_ = Open();
  ExpectClean();
}

TEST_P(LedgerOnBothTest, TamperedRecordStatusIsDetected) {
  IssueThree();
  Tamper("UPDATE licences SET status = 'active' WHERE serial = 'FRL-B'");
  ExpectProblem("record FRL-B: status is active, but its last event 7 (revoke) leaves it revoked");
}

TEST_P(LedgerOnBothTest, TamperedRecordFieldIsDetected) {
  IssueThree();
  Tamper("UPDATE licences SET artifact_sha256 = 'ff', issued_at = 0 WHERE serial = 'FRL-C'");
  auto problems = ExpectProblem("record FRL-C: artifact_sha256 is \"ff\"");
  ExpectProblem("record FRL-C: issued_at is \"1970-01-01T00:00:00Z\"");
  EXPECT_EQ(problems.size(), 2u) << ::testing::PrintToString(problems);
}

TEST_P(LedgerOnBothTest, TamperedEventDetailIsDetected) {
  IssueThree();
  Tamper(
      R"(UPDATE events SET detail_json = '{"reason":"error","status":"revoked"}' WHERE seq = 7)");
  auto problems = ExpectProblem("event 7 (revoke FRL-B): hash");
  EXPECT_EQ(problems.size(), 1u) << ::testing::PrintToString(problems);
}

TEST_P(LedgerOnBothTest, DeletedEventIsDetected) {
  IssueThree();
  Tamper("DELETE FROM events WHERE seq = 6");  // FRL-C's "issue"
  ExpectProblem("event 7 (revoke FRL-B): seq 7 where 6 was expected");
  ExpectProblem("event 7 (revoke FRL-B): prev_hash");
  ExpectProblem(
      "record FRL-C: status is active, but its last event 5 (begin-issue) leaves it pending");
}

TEST_P(LedgerOnBothTest, ReorderedEventsAreDetected) {
  IssueThree();
  Tamper(
      "UPDATE events SET seq = 100 WHERE seq = 5; UPDATE events SET seq = 5 WHERE seq = 6;"
      "UPDATE events SET seq = 6 WHERE seq = 100;");
  ExpectProblem("event 5 (issue FRL-C): prev_hash");
  ExpectProblem("event 5 (issue FRL-C): hash");
  ExpectProblem("event 6 (begin-issue FRL-C): hash");
}

TEST_P(LedgerOnBothTest, DeletedRecordIsDetected) {
  IssueThree();
  Tamper("DELETE FROM licences WHERE serial = 'FRL-C'");  // the shell has foreign keys off
  ExpectProblem("serial FRL-C: has events (from event 5) but no record");
}

TEST_P(LedgerOnBothTest, RecordWithoutEventsIsDetected) {
  IssueThree();
  Tamper(
      "INSERT INTO licences SELECT 'FRL-X', 'ORD-X', method, terms_json, artifact_path, "
      "artifact_sha256, instance_public_key, machine_fingerprint, key_id, issued_at, 'active', "
      "NULL, extra_json, notes, requested_by FROM licences WHERE serial = 'FRL-A'");
  ExpectProblem("record FRL-X: has no events");
}

TEST_P(LedgerOnBothTest, RecoverPendingCompletesWhenTheArtifactIsInPlace) {
  LedgerRecord present = Record("FRL-A", "ORD-1");
  LedgerRecord missing = Record("FRL-B", "ORD-2");
  LedgerRecord different = Record("FRL-C", "ORD-3");
  Issue(Record("FRL-D", "ORD-4"));  // already active: untouched
  for (const auto* record : {&present, &missing, &different}) {
    ASSERT_OK(ledger_->BeginIssue(*record));
  }
  std::filesystem::create_directories(Path("FRL-A"));
  std::filesystem::create_directories(Path("FRL-C"));
  std::ofstream(present.artifact_path, std::ios::binary) << "artifact of FRL-A";
  std::ofstream(different.artifact_path, std::ios::binary) << "an older artifact";
  ExpireLeases();

  auto completed = ledger_->RecoverPending();
  ASSERT_OK(completed);
  EXPECT_EQ(*completed, std::vector<std::string>{"FRL-A"});
  EXPECT_EQ(StatusOf("FRL-A"), LicenceStatus::kActive);
  EXPECT_EQ(StatusOf("FRL-B"), LicenceStatus::kAborted);
  EXPECT_EQ(StatusOf("FRL-C"), LicenceStatus::kAborted);
  EXPECT_EQ(StatusOf("FRL-D"), LicenceStatus::kActive);
  EXPECT_EQ(ledger_->Events("FRL-B")->back().detail_json,
            R"({"reason":"recovered: artifact missing after an interrupted issue",)"
            R"("status":"aborted"})");
  EXPECT_EQ(ledger_->Events("FRL-D")->size(), 2u);

  // Nothing is left to recover.
  auto again = ledger_->RecoverPending();
  ASSERT_OK(again);
  EXPECT_TRUE(again->empty());
  EXPECT_EQ(ledger_->Events("")->size(), 2u + 3u + 3u);
  ExpectClean();
}

// Writes the staged artifact of `record` where ArtifactStagePath puts it (or, `in_directory`,
// where ArtifactStageDirectoryPath does: a library's artifact, or any by an earlier frlic).
void StageArtifact(const LedgerRecord& record, const std::string& content,
                   bool in_directory = false) {
  const std::string staged = in_directory
                                 ? ArtifactStageDirectoryPath(record.artifact_path, record.serial)
                                 : ArtifactStagePath(record.artifact_path, record.serial);
  std::filesystem::create_directories(std::filesystem::path(staged).parent_path());
  std::ofstream(staged, std::ios::binary) << content;
}

TEST_P(LedgerOnBothTest, RecoverPendingSettlesOnWhatCanBeProven) {
  LedgerRecord staged = Record("FRL-S", "ORD-S");         // rename never happened
  LedgerRecord moved = Record("FRL-M", "ORD-M");          // renamed, then moved away
  LedgerRecord unmarked = Record("FRL-U", "ORD-U");       // never got to the rename
  LedgerRecord staged_marked = Record("FRL-K", "ORD-K");  // killed between mark and rename
  LedgerRecord in_directory = Record("FRL-D", "ORD-D");   // staged in a stage directory
  for (const auto* record : {&staged, &moved, &unmarked, &staged_marked, &in_directory}) {
    ASSERT_OK(ledger_->BeginIssue(*record));
  }
  ASSERT_OK(ledger_->MarkPublishing("FRL-M"));
  ASSERT_OK(ledger_->MarkPublishing("FRL-K"));
  ASSERT_OK(ledger_->MarkPublishing("FRL-D"));
  StageArtifact(staged, "artifact of FRL-S");
  StageArtifact(staged_marked, "artifact of FRL-K");
  StageArtifact(in_directory, "artifact of FRL-D", /*in_directory=*/true);
  ExpireLeases();

  auto completed = ledger_->RecoverPending();
  ASSERT_OK(completed);
  EXPECT_EQ(*completed, std::vector<std::string>{"FRL-M"});
  EXPECT_EQ(StatusOf("FRL-S"), LicenceStatus::kAborted);
  EXPECT_EQ(StatusOf("FRL-K"), LicenceStatus::kAborted);
  EXPECT_EQ(StatusOf("FRL-U"), LicenceStatus::kAborted);
  EXPECT_EQ(StatusOf("FRL-D"), LicenceStatus::kAborted);
  // Possibly handed out: kept revocable, and its order id stays taken.
  EXPECT_EQ(StatusOf("FRL-M"), LicenceStatus::kActive);
  EXPECT_THAT(ledger_->BeginIssue(Record("FRL-M2", "ORD-M")), HasError(ErrorCode::kConflict));
  ASSERT_OK(ledger_->SetStatus("FRL-M", LicenceStatus::kRevoked, "revoke", "{}"));
  // The staged files of the records it settled are gone.
  EXPECT_FALSE(PathExists(ArtifactStagePath(staged.artifact_path, "FRL-S")));
  EXPECT_FALSE(PathExists(Path("FRL-S/.frlic-stage-FRL-S")));
  EXPECT_FALSE(PathExists(ArtifactStagePath(staged_marked.artifact_path, "FRL-K")));
  EXPECT_FALSE(PathExists(ArtifactStageDirectoryPath(in_directory.artifact_path, "FRL-D")));
  EXPECT_FALSE(
      PathExists(DirectoryOf(ArtifactStageDirectoryPath(in_directory.artifact_path, "FRL-D"))));
  ExpectClean();
}

TEST_P(LedgerOnBothTest, PublishIsAnIssueStepOnly) {
  Issue(Record("FRL-A", "ORD-1"));
  EXPECT_THAT(ledger_->MarkPublishing("FRL-A"), HasError(ErrorCode::kConflict));
  for (const char* action : {"publish", "restore"}) {
    EXPECT_THAT(ledger_->SetStatus("FRL-A", LicenceStatus::kRevoked, action, "{}"),
                HasError(ErrorCode::kInvalidInput))
        << action;
  }
}

// A replacement recorded with the consumption of its parent's evidence, as reissue does.
void BeginReplacement(Ledger& ledger, const LedgerRecord& child, LicenceStatus from,
                      LicenceStatus to, const std::string& event) {
  Status begun = ledger.Transaction([&](LedgerTxn& txn) -> Status {
    FRLIC_RETURN_IF_ERROR(txn.CompareAndSetStatus(child.parent_serial, from, to, event,
                                                  Json{{"replaced_by", child.serial}}.dump()));
    return txn.BeginIssue(child);
  });
  ASSERT_OK(begun);
}

TEST_P(LedgerOnBothTest, AbortingAReplacementGivesTheEvidenceBack) {
  Issue(Record("FRL-P", "ORD-1"));  // a private-cloud server, destroyed
  Issue(Record("FRL-Q", "ORD-2"));  // a component, revoked then superseded
  ASSERT_OK(ledger_->SetStatus("FRL-Q", LicenceStatus::kRevoked, "revoke", "{}"));
  LedgerRecord server_child = Record("FRL-P1", "ORD-1");
  server_child.parent_serial = "FRL-P";
  LedgerRecord component_child = Record("FRL-Q1", "ORD-2");
  component_child.parent_serial = "FRL-Q";
  BeginReplacement(*ledger_, server_child, LicenceStatus::kActive, LicenceStatus::kDestroyed,
                   "destroy");
  BeginReplacement(*ledger_, component_child, LicenceStatus::kRevoked, LicenceStatus::kSuperseded,
                   "supersede");
  EXPECT_EQ(StatusOf("FRL-P"), LicenceStatus::kDestroyed);

  // The rename failed: aborted in-process. Or the run was killed: aborted by recovery.
  ASSERT_OK(ledger_->AbortIssue("FRL-P1", "rename failed"));
  ExpireLeases();
  ASSERT_OK(ledger_->RecoverPending());
  EXPECT_EQ(StatusOf("FRL-P1"), LicenceStatus::kAborted);
  EXPECT_EQ(StatusOf("FRL-P"), LicenceStatus::kActive);
  EXPECT_EQ(StatusOf("FRL-Q1"), LicenceStatus::kAborted);
  EXPECT_EQ(StatusOf("FRL-Q"), LicenceStatus::kRevoked);
  const auto events = ledger_->Events("FRL-Q");
  ASSERT_OK(events);
  EXPECT_EQ(events->back().action, "restore");
  EXPECT_NE(events->back().detail_json.find(R"("aborted_replacement":"FRL-Q1")"),
            std::string::npos);
  // The evidence can be consumed again, by a new replacement.
  LedgerRecord retry = Record("FRL-P2", "ORD-1");
  retry.parent_serial = "FRL-P";
  BeginReplacement(*ledger_, retry, LicenceStatus::kActive, LicenceStatus::kDestroyed, "destroy");
  ASSERT_OK(ledger_->CompleteIssue("FRL-P2"));
  ExpectClean();
}

TEST_P(LedgerOnBothTest, RestoreFindsTheConsumingEventBehindLaterOnes) {
  Issue(Record("FRL-P", "ORD-1"));
  LedgerRecord child = Record("FRL-P1", "ORD-1");
  child.parent_serial = "FRL-P";
  BeginReplacement(*ledger_, child, LicenceStatus::kActive, LicenceStatus::kDestroyed, "destroy");
  // An event after the consumption that leaves the status alone (an activation cancelled).
  ASSERT_OK(ledger_->SetStatus("FRL-P", LicenceStatus::kDestroyed, "activation-cancel",
                               R"({"reason":"ticket 9"})"));
  ASSERT_OK(ledger_->AbortIssue("FRL-P1", "killed"));
  EXPECT_EQ(StatusOf("FRL-P"), LicenceStatus::kActive);
  ExpectClean();
}

TEST_P(LedgerOnBothTest, RestoreRefusesAParentConsumedForNothingItCanFind) {
  Issue(Record("FRL-P", "ORD-1"));
  LedgerRecord child = Record("FRL-P1", "ORD-1");
  child.parent_serial = "FRL-P";
  // Consumed without naming the replacement: the ledger cannot tell what to give back.
  Status begun = ledger_->Transaction([&](LedgerTxn& txn) -> Status {
    FRLIC_RETURN_IF_ERROR(txn.CompareAndSetStatus("FRL-P", LicenceStatus::kActive,
                                                  LicenceStatus::kDestroyed, "destroy", "{}"));
    return txn.BeginIssue(child);
  });
  ASSERT_OK(begun);
  Status aborted = ledger_->AbortIssue("FRL-P1", "killed");
  ASSERT_THAT(aborted, HasError(ErrorCode::kLedgerCorrupt));
  EXPECT_NE(aborted.error().message().find("FRL-P"), std::string::npos);
  EXPECT_EQ(StatusOf("FRL-P1"), LicenceStatus::kPending);  // nothing half-done
}

TEST_P(LedgerOnBothTest, VerifyReportsConsumedEvidenceWithoutALiveReplacement) {
  Issue(Record("FRL-P", "ORD-1"));
  LedgerRecord child = Record("FRL-P1", "ORD-1");
  child.parent_serial = "FRL-P";
  BeginReplacement(*ledger_, child, LicenceStatus::kActive, LicenceStatus::kDestroyed, "destroy");
  ExpectClean();  // pending: live
  // What the old recovery did: the replacement aborted behind the parent's back.
  Tamper("UPDATE licences SET status = 'aborted' WHERE serial = 'FRL-P1'");
  ExpectProblem("record FRL-P: is destroyed, but no live licence replaces it");
}

// Two processes (here: two connections in two threads) race to consume the same licence:
// exactly one wins, every time.
TEST_P(LedgerOnBothTest, ConcurrentCompareAndSetHasExactlyOneWinner) {
  constexpr int kRounds = 20;
  for (int i = 0; i < kRounds; ++i) {
    Issue(Record("FRL-" + std::to_string(i), "ORD-" + std::to_string(i)));
  }
  std::unique_ptr<Ledger> other = Open();
  ASSERT_NE(other, nullptr);

  std::atomic<int> wins{0};
  std::atomic<int> conflicts{0};
  std::atomic<int> ready{0};
  auto race = [&](Ledger& ledger, const std::string& who) {
    ready.fetch_add(1);
    while (ready.load() < 2) {
    }
    for (int i = 0; i < kRounds; ++i) {
      Status status = ledger.CompareAndSetStatus("FRL-" + std::to_string(i), LicenceStatus::kActive,
                                                 LicenceStatus::kRevoked, "revoke",
                                                 nlohmann::json{{"by", who}}.dump());
      if (status.ok()) {
        wins.fetch_add(1);
      } else if (status.error().code() == ErrorCode::kConflict) {
        conflicts.fetch_add(1);
      } else {
        ADD_FAILURE() << status.error().message();
      }
    }
  };
  std::thread first(race, std::ref(*ledger_), "first");
  std::thread second(race, std::ref(*other), "second");
  first.join();
  second.join();

  EXPECT_EQ(wins.load(), kRounds);
  EXPECT_EQ(conflicts.load(), kRounds);
  for (int i = 0; i < kRounds; ++i) {
    auto events = ledger_->Events("FRL-" + std::to_string(i));
    ASSERT_OK(events);
    EXPECT_EQ(events->size(), 3u) << "FRL-" << i;
  }
  ExpectClean();
}

TEST_F(LedgerTest, NewerSchemaVersionIsRefused) {
  ledger_.reset();
  Tamper("PRAGMA user_version = " + std::to_string(Ledger::kSchemaVersion + 1));
  auto opened = Ledger::OpenSqlite(path_, clock_);
  ASSERT_THAT(opened, HasError(ErrorCode::kLedgerCorrupt));
  const std::string& message = opened.error().message();
  const std::string expected = "schema version " + std::to_string(Ledger::kSchemaVersion + 1) +
                               " is not the version " + std::to_string(Ledger::kSchemaVersion);
  EXPECT_NE(message.find(expected), std::string::npos) << message;
  EXPECT_NE(message.find(path_), std::string::npos) << message;
}

TEST_F(LedgerTest, FileThatIsNotALedgerIsRefused) {
  const std::string tables = Path("other.sqlite");
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(tables.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, "CREATE TABLE t (x)", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
  }
  auto opened = Ledger::OpenSqlite(tables, clock_);
  ASSERT_THAT(opened, HasError(ErrorCode::kLedgerCorrupt));
  EXPECT_NE(opened.error().message().find("not a frlic ledger"), std::string::npos);

  const std::string garbage = Path("garbage.sqlite");
  std::ofstream(garbage, std::ios::binary) << std::string(4096, 'x');
  auto not_sqlite = Ledger::OpenSqlite(garbage, clock_);
  ASSERT_THAT(not_sqlite, HasError(ErrorCode::kLedgerCorrupt));
  EXPECT_NE(not_sqlite.error().message().find(garbage), std::string::npos);
}

TEST_F(LedgerTest, UnwritableLocationIsAnIoError) {
  std::ofstream(Path("a-file")) << "x";
  const std::string below_file = Path("a-file/ledger.sqlite");
  auto opened = Ledger::CreateSqlite(below_file, clock_);
  ASSERT_THAT(opened, HasError(ErrorCode::kIo));
  EXPECT_NE(opened.error().message().find(below_file), std::string::npos)
      << opened.error().message();
}

TEST_F(LedgerTest, PostgresUrlIsRefusedNeverTakenForAPath) {
  const std::string url = "postgresql://issuer:s3cr3t-pw@127.0.0.1:5432/frlic?sslmode=require";
  std::vector<Result<std::unique_ptr<Ledger>>> attempts;
  attempts.push_back(Ledger::OpenSqlite(url, clock_));
  attempts.push_back(Ledger::OpenSqliteReadOnly(url, clock_));
  attempts.push_back(Ledger::CreateSqlite(url, clock_, /*parents=*/true));
  for (const auto& opened : attempts) {
    ASSERT_THAT(opened, HasError(ErrorCode::kInvalidInput));
    const std::string& message = opened.error().message();
    EXPECT_EQ(message.find("s3cr3t-pw"), std::string::npos) << message;
    EXPECT_NE(message.find("postgresql://issuer:***@127.0.0.1:5432/frlic?sslmode=require"),
              std::string::npos)
        << message;
  }
  EXPECT_FALSE(std::filesystem::exists("postgresql:"));
}

TEST_F(LedgerTest, OpeningNeverCreatesAFileOrDirectory) {
  const std::string missing = Path("typo/ledger.sqlite");
  auto opened = Ledger::OpenSqlite(missing, clock_);
  ASSERT_THAT(opened, HasError(ErrorCode::kNotFound));
  EXPECT_NE(opened.error().message().find(missing), std::string::npos);
  EXPECT_EQ(opened.error().hint(), "create it with: frlic ledger init " + missing);
  EXPECT_FALSE(std::filesystem::exists(Path("typo")));

  const std::string beside = Path("other.sqlite");
  ASSERT_THAT(Ledger::OpenSqlite(beside, clock_), HasError(ErrorCode::kNotFound));
  EXPECT_FALSE(std::filesystem::exists(beside));
}

TEST_F(LedgerTest, CreatingMakesDirectoriesOnlyWhenAsked) {
  const std::string nested = Path("a/b/ledger.sqlite");
  auto refused = Ledger::CreateSqlite(nested, clock_);
  ASSERT_THAT(refused, HasError(ErrorCode::kNotFound));
  EXPECT_NE(refused.error().message().find(Path("a/b")), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(Path("a")));

  auto created = Ledger::CreateSqlite(nested, clock_, /*parents=*/true);
  ASSERT_OK(created);
  struct stat info {};
  ASSERT_EQ(::stat(nested.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  ASSERT_OK(Ledger::OpenSqlite(nested, clock_));
}

TEST_P(LedgerOnBothTest, CreatingAnExistingLedgerKeepsItsRecords) {
  Issue(Record("FRL-1", "ORD-1"));
  ledger_.reset();
  auto again = Ledger::Create(path_, clock_);
  ASSERT_OK(again);
  auto list = (*again)->List();
  ASSERT_OK(list);
  EXPECT_EQ(list->size(), 1u);
}

// A row edited with the sqlite3 shell so that a column frlic reads as JSON no longer parses:
// every read that hands the record out fails with kLedgerCorrupt naming the file, the serial
// and the column (never an exception), while Verify lists it with the other problems.
class LedgerStoredJsonTest : public LedgerTest {
 protected:
  // Expects `result` to be a kLedgerCorrupt error whose message holds the path and `needle`,
  // and whose message and hint could be shown as JSON (valid UTF-8).
  template <typename T>
  void ExpectCorrupt(const Result<T>& result, const std::string& needle) {
    ASSERT_THAT(result, HasError(ErrorCode::kLedgerCorrupt)) << "expected: " << needle;
    const std::string& message = result.error().message();
    EXPECT_NE(message.find("ledger " + path_ + ": "), std::string::npos) << message;
    EXPECT_NE(message.find(needle), std::string::npos) << message;
    EXPECT_NE(result.error().hint().find("ledger verify"), std::string::npos);
    EXPECT_NO_THROW((void)nlohmann::json(message).dump()) << "message is not UTF-8";
  }
};

TEST_F(LedgerStoredJsonTest, CorruptTermsNameTheRecordAndTheColumn) {
  IssueThree();
  Tamper(R"(UPDATE licences SET terms_json = '{"capacity":' WHERE serial = 'FRL-B')");
  ExpectCorrupt(ledger_->List(), "record FRL-B: terms_json is not valid JSON");
  ExpectCorrupt(ledger_->FindBySerial("FRL-B"), "record FRL-B: terms_json is not valid JSON");
  Status in_txn = ledger_->Transaction([](LedgerTxn& txn) -> Status {
    auto record = txn.FindBySerial("FRL-B");
    return record.ok() ? Ok() : Status(std::move(record).error());
  });
  ExpectCorrupt(in_txn, "record FRL-B: terms_json");
  // Other records read, and change, as before.
  auto other = ledger_->FindBySerial("FRL-A");
  ASSERT_OK(other);
  EXPECT_TRUE(other->has_value());
  EXPECT_OK(ledger_->SetStatus("FRL-C", LicenceStatus::kRevoked, "revoke", "{}"));

  // Verify reports it among the problems, with the chain's view of the edit, and still counts
  // the record.
  auto report = ledger_->Verify();
  ASSERT_OK(report);
  EXPECT_EQ(report->records, 3);
  ExpectProblem("record FRL-B: terms_json is not valid JSON");
  auto problems = ExpectProblem("record FRL-B: terms_sha256 is");
  EXPECT_EQ(problems.size(), 2u) << ::testing::PrintToString(problems);
}

TEST_F(LedgerStoredJsonTest, TermsAndExtraMustBeObjectsWithoutDuplicateKeys) {
  IssueThree();
  Tamper("UPDATE licences SET terms_json = '[1]' WHERE serial = 'FRL-A'");
  ExpectCorrupt(ledger_->FindBySerial("FRL-A"), "record FRL-A: terms_json must be a JSON object");
  Tamper(R"(UPDATE licences SET extra_json = '{"a":1,"a":2}' WHERE serial = 'FRL-B')");
  ExpectCorrupt(ledger_->FindBySerial("FRL-B"), "record FRL-B: extra_json has the object key");
  // An empty extra_json (older ledgers) reads as it did.
  Tamper("UPDATE licences SET extra_json = '' WHERE serial = 'FRL-C'");
  auto empty_extra = ledger_->FindBySerial("FRL-C");
  ASSERT_OK(empty_extra);
  EXPECT_EQ((*empty_extra)->extra_json, "");
}

TEST_F(LedgerStoredJsonTest, BytesThatAreNotUtf8AreNamedNotPrinted) {
  IssueThree();
  Tamper("UPDATE licences SET order_id = CAST(x'4f52442dff' AS TEXT) WHERE serial = 'FRL-A'");
  ExpectCorrupt(ledger_->List(), "record FRL-A: order_id is not valid UTF-8 (ORD-\xEF\xBF\xBD)");
  // The parser quotes the bytes it stopped at; the message replaces them.
  Tamper("UPDATE licences SET terms_json = CAST(x'7bff' AS TEXT) WHERE serial = 'FRL-B'");
  ExpectCorrupt(ledger_->FindBySerial("FRL-B"), "record FRL-B: terms_json is not valid JSON");
}

TEST_F(LedgerStoredJsonTest, CorruptEventDetailNamesTheEvent) {
  IssueThree();
  Tamper("UPDATE events SET detail_json = 'not json' WHERE seq = 7");
  ExpectCorrupt(ledger_->Events("FRL-B"), "event 7 (revoke FRL-B): detail_json is not valid JSON");
  ExpectCorrupt(ledger_->Events(""), "event 7 (revoke FRL-B): detail_json");
  auto others = ledger_->Events("FRL-A");
  ASSERT_OK(others);
  EXPECT_EQ(others->size(), 2u);
  ExpectProblem("event 7 (revoke FRL-B): detail is not a JSON object");
}

// Recovery reads no JSON column, so a damaged pending record does not stop every later issue.
TEST_F(LedgerStoredJsonTest, RecoveryResolvesARecordWithCorruptTerms) {
  ASSERT_OK(ledger_->BeginIssue(Record("FRL-A", "ORD-1")));
  Tamper("UPDATE licences SET terms_json = 'x' WHERE serial = 'FRL-A'");
  auto completed = ledger_->RecoverPending();
  ASSERT_OK(completed);
  EXPECT_TRUE(completed->empty());
  ExpectCorrupt(ledger_->FindBySerial("FRL-A"), "record FRL-A: terms_json");
  auto events = ledger_->Events("FRL-A");
  ASSERT_OK(events);
  EXPECT_EQ(events->back().action, "abort");
}

TEST_F(LedgerStoredJsonTest, AccountOfARecordWithCorruptTerms) {
  LedgerRecord record = Record("FRL-A", "ORD-1");
  record.method = "public-cloud";
  record.terms_json = R"({"company":"Acme"})";
  Issue(record);
  Account account;
  account.name = "acme";
  account.serial = "FRL-A";
  account.capacity = 2;
  account.expires = *ParseDate("2027-12-31");
  account.created_at = kLedgerNow;
  account.password_hash = "$argon2id$v=19$m=65536,t=3,p=1$c2FsdA$aGFzaA";
  ASSERT_OK(ledger_->CreateAccount(account));
  auto found = ledger_->FindAccount("acme");
  ASSERT_OK(found);
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->company, "Acme");

  Tamper("UPDATE licences SET terms_json = '{' WHERE serial = 'FRL-A'");
  ExpectCorrupt(ledger_->FindAccount("acme"),
                "record FRL-A (of account acme): terms_json is not valid JSON");
  ExpectCorrupt(ledger_->ListAccounts(), "terms_json");
  // Verify keeps the account: the damage is the record's, reported once.
  auto problems = ExpectProblem("record FRL-A: terms_json is not valid JSON");
  for (const auto& problem : problems) {
    EXPECT_EQ(problem.find("account acme"), std::string::npos) << problem;
  }
}

// Verify compares each stored begin-issue with BeginIssueDetailText, written without building
// a Json object: it must be BeginIssueDetail(...).dump() byte for byte, whatever the fields
// hold (quotes, backslashes, control characters, UTF-8, the optional members), and throw
// where dump() throws (a field that is not UTF-8).
TEST(BeginIssueDetailText, MatchesTheJsonDump) {
  LedgerRecord plain;
  plain.serial = "FRL-0123456789ABCDEF";
  plain.order_id = "ORD-1";
  plain.method = "local-container";
  plain.terms_json = R"({"company":"Acme"})";
  plain.artifact_path = "out/Container.lic";
  plain.artifact_sha256 = std::string(64, 'a');
  plain.key_id = "0123456789abcdef";
  plain.issued_at = 1795392000;
  plain.extra_json = "{}";
  std::vector<LedgerRecord> records{plain};
  for (const std::string& odd :
       {std::string("quote \" and backslash \\"), std::string("tab\tnew\nline\x01\x1f\x7f"),
        std::string("UTF-8: \xe5\xb8\x86\xe8\xbd\xaf \xf0\x9f\x94\x91"),
        std::string("/slash/ and {braces}:[]"), std::string()}) {
    LedgerRecord record = plain;
    record.order_id = odd;
    record.artifact_path = odd;
    record.machine_fingerprint = odd;
    record.instance_public_key = odd;
    record.notes = odd;
    record.requested_by = odd;
    record.parent_serial = odd.empty() ? "" : "FRL-FEDCBA9876543210";
    records.push_back(record);
  }
  for (const LedgerRecord& record : records) {
    EXPECT_EQ(ledger_internal::BeginIssueDetailText(record),
              ledger_internal::BeginIssueDetail(record).dump())
        << record.order_id;
  }
  LedgerRecord not_utf8 = plain;
  not_utf8.requested_by = "\xff\xfe";
  EXPECT_THROW(ledger_internal::BeginIssueDetail(not_utf8).dump(), Json::exception);
  EXPECT_THROW(ledger_internal::BeginIssueDetailText(not_utf8), Json::exception);
}

TEST(LedgerStatus, NamesRoundTrip) {
  for (LicenceStatus status :
       {LicenceStatus::kPending, LicenceStatus::kActive, LicenceStatus::kDestroyed,
        LicenceStatus::kRevoked, LicenceStatus::kSuperseded, LicenceStatus::kAborted}) {
    EXPECT_EQ(ParseLicenceStatus(LicenceStatusName(status)), status);
  }
  EXPECT_EQ(LicenceStatusName(LicenceStatus::kSuperseded), std::string("superseded"));
  EXPECT_FALSE(ParseLicenceStatus("Active"));
}

}  // namespace
}  // namespace frlic

namespace frlic {
namespace {

std::int64_t UserVersion(const std::string& path) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* query = nullptr;
  sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &query, nullptr);
  std::int64_t version = sqlite3_step(query) == SQLITE_ROW ? sqlite3_column_int64(query, 0) : -1;
  sqlite3_finalize(query);
  sqlite3_close(db);
  return version;
}

TEST_P(LedgerOnBothTest, NotesAndRequesterAreKeptAndCoveredByTheChain) {
  LedgerRecord record = Record("FRL-N", "ORD-N");
  record.notes = "Cluster of 2 nodes.\nInvoice to the Shanghai office.";
  record.requested_by = "buyer@example-trading.com";
  Issue(record);
  Issue(Record("FRL-P", "ORD-P"));
  auto found = ledger_->FindBySerial("FRL-N");
  ASSERT_OK(found);
  EXPECT_EQ((*found)->notes, record.notes);
  EXPECT_EQ((*found)->requested_by, record.requested_by);
  auto events = ledger_->Events("FRL-N");
  ASSERT_OK(events);
  auto detail = ParseStrictJson(events->front().detail_json, "detail");
  ASSERT_OK(detail);
  EXPECT_EQ((*detail)["notes_sha256"], Sha256Hex(AsBytes(record.notes)));
  EXPECT_EQ((*detail)["requested_by"], record.requested_by);
  // A record without them: the begin-issue detail has neither member (old chains still verify).
  auto plain = ledger_->Events("FRL-P");
  ASSERT_OK(plain);
  EXPECT_EQ(plain->front().detail_json.find("notes"), std::string::npos);
  ExpectClean();
  Tamper("UPDATE licences SET requested_by = 'other@example.com' WHERE serial = 'FRL-N'");
  auto report = ledger_->Verify();
  ASSERT_OK(report);
  ASSERT_EQ(report->problems.size(), 1u);
  EXPECT_NE(report->problems[0].find("requested_by"), std::string::npos) << report->problems[0];
}

// Version 3 files (and 2, 1: without notes, without accounts too) are upgraded in place: the
// records keep their events and hashes, get empty notes and no artifact copy; later records
// get their copy.
TEST_F(LedgerTest, VersionOneTwoAndThreeFilesAreUpgradedToFour) {
  for (int from : {3, 2, 1}) {
    SCOPED_TRACE(from);
    ledger_.reset();
    std::filesystem::remove_all(Path("ledger"));
    ledger_ = Open();
    Issue(Record("FRL-OLD", "ORD-OLD"));
    ledger_.reset();
    std::string downgrade = "DROP TABLE artifacts;";
    if (from <= 2) {
      downgrade +=
          "ALTER TABLE licences DROP COLUMN notes; ALTER TABLE licences DROP COLUMN requested_by;";
    }
    if (from == 1) downgrade += "DROP TABLE accounts;";
    Tamper(downgrade + "PRAGMA user_version = " + std::to_string(from));
    ASSERT_EQ(UserVersion(path_), from);
    ledger_ = Open();
    ASSERT_NE(ledger_, nullptr);
    EXPECT_EQ(UserVersion(path_), 4);
    EXPECT_EQ(Ledger::kSchemaVersion, 4);
    auto old = ledger_->FindBySerial("FRL-OLD");
    ASSERT_OK(old);
    ASSERT_TRUE(old->has_value());
    EXPECT_EQ((*old)->notes, "");
    EXPECT_EQ((*old)->requested_by, "");
    auto old_copy = ledger_->StoredArtifact("FRL-OLD");
    ASSERT_OK(old_copy);
    EXPECT_FALSE(old_copy->has_value());
    LedgerRecord record = Record("FRL-NEW", "ORD-NEW");
    record.notes = "after the upgrade";
    record.artifact_copy = Bytes{1, 2, 3};
    record.artifact_sha256 = Sha256Hex(ByteView(record.artifact_copy));
    Issue(record);
    auto copy = ledger_->StoredArtifact("FRL-NEW");
    ASSERT_OK(copy);
    ASSERT_TRUE(copy->has_value());
    EXPECT_EQ(**copy, record.artifact_copy);
    ExpectClean();
  }
}

// BeginIssue keeps the artifact's bytes with the record (an aborted issue keeps its row, which
// export refuses by status); a record without a copy has none; Verify checks every copy
// against the record's artifact_sha256.
TEST_P(LedgerOnBothTest, ArtifactCopyIsKeptWithTheRecordAndVerified) {
  LedgerRecord record = Record("FRL-C", "ORD-C");
  const std::string text = "the exact bytes of Container.lic\n";
  record.artifact_copy = Bytes(text.begin(), text.end());
  record.artifact_sha256 = Sha256Hex(ByteView(record.artifact_copy));
  Issue(record);
  Issue(Record("FRL-D", "ORD-D"));
  auto copy = ledger_->StoredArtifact("FRL-C");
  ASSERT_OK(copy);
  ASSERT_TRUE(copy->has_value());
  EXPECT_EQ(**copy, record.artifact_copy);
  auto none = ledger_->StoredArtifact("FRL-D");
  ASSERT_OK(none);
  EXPECT_FALSE(none->has_value());
  auto read_back = ledger_->FindBySerial("FRL-C");
  ASSERT_OK(read_back);
  EXPECT_TRUE((*read_back)->artifact_copy.empty());
  ExpectClean();
  Tamper(OnPostgres() ? "UPDATE artifacts SET bytes = '\\x00'::bytea WHERE serial = 'FRL-C'"
                      : "UPDATE artifacts SET bytes = X'00' WHERE serial = 'FRL-C'");
  auto problems = ExpectProblem("stored artifact of FRL-C");
  ASSERT_FALSE(problems.empty());
}

// The artifact path lookup the issue path makes before it overwrites a file: the non-aborted
// records at exactly that path, oldest first, through an index (created on open, also in a
// ledger written before the index existed).
TEST_F(LedgerTest, FindByArtifactPathSkipsAbortedRecordsAndUsesAnIndex) {
  const std::string shared = Path("out/Container.lic");
  LedgerRecord first = Record("FRL-A1", "ORD-A1");
  first.artifact_path = shared;
  Issue(first);
  LedgerRecord aborted = Record("FRL-A2", "ORD-A2");
  aborted.artifact_path = shared;
  ASSERT_OK(ledger_->BeginIssue(aborted));
  ASSERT_OK(ledger_->AbortIssue("FRL-A2", "test"));
  LedgerRecord second = Record("FRL-A3", "ORD-A3");
  second.artifact_path = shared;
  second.issued_at = first.issued_at + 1;
  Issue(second);
  Issue(Record("FRL-A4", "ORD-A4"));

  auto found = ledger_->FindByArtifactPath(shared);
  ASSERT_OK(found);
  ASSERT_EQ(found->size(), 2u);
  EXPECT_EQ((*found)[0].serial, "FRL-A1");
  EXPECT_EQ((*found)[1].serial, "FRL-A3");
  auto none = ledger_->FindByArtifactPath(Path("out/container.lic"));  // exact bytes only
  ASSERT_OK(none);
  EXPECT_TRUE(none->empty());
  std::vector<LedgerRecord> in_txn;
  ASSERT_OK(ledger_->Transaction([&](LedgerTxn& txn) -> Status {
    FRLIC_ASSIGN_OR_RETURN(in_txn, txn.FindByArtifactPath(shared));
    return Ok();
  }));
  EXPECT_EQ(in_txn.size(), 2u);

  ledger_.reset();
  Tamper("DROP INDEX licences_by_artifact_path");
  ledger_ = Open();
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* query = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db,
                               "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND "
                               "name = 'licences_by_artifact_path'",
                               -1, &query, nullptr),
            SQLITE_OK);
  ASSERT_EQ(sqlite3_step(query), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(query, 0), 1);
  sqlite3_finalize(query);
  sqlite3_close(db);
}

// Verify hashes each event from its stored detail text (StoredEventHash) and parses it only
// when that fails: the stored text is the canonical one, so both hashes agree for every event,
// strings with escapes and non-ASCII characters included.
TEST_P(LedgerOnBothTest, StoredEventHashEqualsTheHashOfTheParsedDetail) {
  LedgerRecord record = Record("FRL-\xc3\xa9", "ORD-\"1\"");
  record.requested_by = "caf\xc3\xa9 \"buyer\"\n@example.com";
  record.notes = "line\tone";
  Issue(record);
  ASSERT_OK(ledger_->SetStatus(record.serial, LicenceStatus::kRevoked, "revoke",
                               R"({"note":{"nested":["x\u0001",1,-2,true,null]}})"));
  auto events = ledger_->Events("");
  ASSERT_OK(events);
  ASSERT_EQ(events->size(), 3u);
  for (const LedgerEvent& event : *events) {
    auto detail = ParseStrictJson(event.detail_json, "detail");
    ASSERT_OK(detail);
    auto parsed = ledger_internal::EventHash(event.prev_hash, event.seq, event.at, event.serial,
                                             event.action, *detail);
    auto stored = ledger_internal::StoredEventHash(event.prev_hash, event.seq, event.at,
                                                   event.serial, event.action, event.detail_json);
    ASSERT_OK(parsed);
    ASSERT_OK(stored);
    EXPECT_EQ(*stored, event.hash) << event.seq;
    EXPECT_EQ(*parsed, event.hash) << event.seq;
  }
  ExpectClean();
  // The same detail with a member order or spacing of its own hashes differently: such a text
  // takes the full check, which still accepts it when its parsed form hashes right.
  Tamper(R"(UPDATE events SET detail_json = '{ "status": "active" }' WHERE seq = 2)");
  ExpectClean();
  Tamper(R"(UPDATE events SET detail_json = '{"status":"revoked"}' WHERE seq = 2)");
  ExpectProblem("event 2 (issue");
}

// BeginIssue keeps only what Verify can read back: text in UTF-8, terms and extra as JSON
// objects (Verify does not parse again the columns of a record its begin-issue vouches for).
TEST_P(LedgerOnBothTest, BeginIssueRefusesValuesVerifyCouldNotRead) {
  LedgerRecord bad_terms = Record("FRL-T", "ORD-T");
  bad_terms.terms_json = "[1]";
  EXPECT_THAT(ledger_->BeginIssue(bad_terms), HasError(ErrorCode::kInvalidInput));
  LedgerRecord bad_extra = Record("FRL-E", "ORD-E");
  bad_extra.extra_json = R"({"a":1,"a":2})";
  EXPECT_THAT(ledger_->BeginIssue(bad_extra), HasError(ErrorCode::kInvalidInput));
  LedgerRecord bad_text = Record("FRL-U", "ORD-U");
  bad_text.notes = "\xff";
  EXPECT_THAT(ledger_->BeginIssue(bad_text), HasError(ErrorCode::kInvalidInput));
  auto records = ledger_->List();
  ASSERT_OK(records);
  EXPECT_TRUE(records->empty());
}

// verify prints the head from the same pass; --expect-head looks events up by seq or hash.
TEST_P(LedgerOnBothTest, VerifyReportsTheHeadAndEventsAreFoundBySeqOrHash) {
  auto empty = ledger_->Verify();
  ASSERT_OK(empty);
  EXPECT_EQ(empty->head_seq, 0);
  EXPECT_EQ(empty->head_hash, std::string(64, '0'));
  IssueThree();
  auto events = ledger_->Events("");
  ASSERT_OK(events);
  auto report = ledger_->Verify();
  ASSERT_OK(report);
  EXPECT_EQ(report->head_seq, events->back().seq);
  EXPECT_EQ(report->head_hash, events->back().hash);
  auto by_seq = ledger_->EventBySeq(2);
  ASSERT_OK(by_seq);
  ASSERT_TRUE(by_seq->has_value());
  EXPECT_EQ((*by_seq)->hash, (*events)[1].hash);
  auto by_hash = ledger_->EventByHash((*events)[1].hash);
  ASSERT_OK(by_hash);
  ASSERT_TRUE(by_hash->has_value());
  EXPECT_EQ((*by_hash)->seq, 2);
  auto none = ledger_->EventBySeq(99);
  ASSERT_OK(none);
  EXPECT_FALSE(none->has_value());
}

// The lookups of the issue path and the ledger commands use indexes (the plans SQLite picks
// for the queries ledger_records.cc, ledger_events.cc and ledger_sqlite.cc run), also in a
// ledger written before the indexes existed.
TEST_F(LedgerTest, LookupsUseIndexes) {
  IssueThree();
  ledger_.reset();
  Tamper(
      "DROP INDEX licences_pending; DROP INDEX licences_by_artifact_path; DROP INDEX "
      "licences_by_order; DROP INDEX licences_by_machine");
  ledger_ = Open();
  ASSERT_NE(ledger_, nullptr);
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
  auto plan = [&](const std::string& query) {
    sqlite3_stmt* statement = nullptr;
    std::string text;
    EXPECT_EQ(
        sqlite3_prepare_v2(db, ("EXPLAIN QUERY PLAN " + query).c_str(), -1, &statement, nullptr),
        SQLITE_OK)
        << query;
    while (sqlite3_step(statement) == SQLITE_ROW) {
      text += reinterpret_cast<const char*>(sqlite3_column_text(statement, 3));
      text += "; ";
    }
    sqlite3_finalize(statement);
    return text;
  };
  const std::map<std::string, std::string> uses = {
      {"SELECT serial FROM licences WHERE status = 'pending' ORDER BY issued_at, serial",
       "licences_pending"},
      {"SELECT serial FROM licences WHERE artifact_path = ?1 AND status != 'aborted' ORDER BY "
       "issued_at, serial",
       "licences_by_artifact_path"},
      {"SELECT serial FROM licences WHERE order_id = ?1 AND parent_serial IS NULL AND status != "
       "'aborted' ORDER BY issued_at, serial LIMIT 1",
       "licences_order_issues_once"},
      {"SELECT serial FROM licences WHERE parent_serial = ?1 AND status != 'aborted' ORDER BY "
       "issued_at, serial LIMIT 1",
       "licences_replaced_once"},
      {"SELECT serial FROM licences WHERE order_id = ?1 ORDER BY issued_at, serial",
       "licences_by_order"},
      {"SELECT serial FROM licences WHERE machine_fingerprint = ?1", "licences_by_machine"},
      {"SELECT seq FROM events WHERE serial = ?1 ORDER BY seq", "events_by_serial"},
      {"SELECT 1 FROM events WHERE serial = ?1 AND action = ?2 LIMIT 1", "events_by_serial"},
      {"SELECT serial FROM licences WHERE serial = ?1", "sqlite_autoindex_licences_1"},
  };
  for (const auto& [query, index] : uses) {
    const std::string found = plan(query);
    EXPECT_NE(found.find(index), std::string::npos) << query << " -> " << found;
    // A scan of a partial index (only its few rows) is fine; a scan of a table is not.
    EXPECT_EQ(found.find("SCAN licences; "), std::string::npos) << query << " -> " << found;
    EXPECT_EQ(found.find("SCAN events; "), std::string::npos) << query << " -> " << found;
  }
  sqlite3_close(db);
}

}  // namespace
}  // namespace frlic
