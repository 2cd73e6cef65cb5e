// Ledger::OpenSqliteReadOnly: what `ledger list/show/verify/export` and `lint --ledger` open.
// It creates and changes nothing (tests run as root, where permissions prove nothing, so they
// compare the file's bytes and look for side files instead), reads through a writer's -wal,
// refuses writes, and sees changes a writer made while it was open.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>

#include "frlic/core/bytes.h"
#include "frlic/core/files.h"
#include "frlic/ledger/ledger.h"
#include "status_matchers.h"
#include "test_support.h"

namespace frlic {
namespace {

using testing::HasError;

constexpr UnixSeconds kReadOnlyNow = 1795392000;  // 2026-11-23T00:00:00Z

class LedgerReadOnlyTest : public testing::TempDirTest {
 protected:
  void SetUp() override {
    TempDirTest::SetUp();
    path_ = Path("ledger.sqlite");
    auto created = Ledger::CreateSqlite(path_, clock_);
    ASSERT_OK(created);
    writer_ = std::move(created).value();
    IssueWith(*writer_, "FRL-R1", "ORD-R1");
    IssueWith(*writer_, "FRL-R2", "ORD-R2");
  }

  void IssueWith(Ledger& ledger, const std::string& serial, const std::string& order_id) {
    ASSERT_OK(ledger.BeginIssue(
        testing::LocalContainerRecord(serial, order_id, Path(serial + "/Container.lic"),
                                      Sha256Hex(AsBytes(serial)), kReadOnlyNow)));
    ASSERT_OK(ledger.CompleteIssue(serial));
  }

  bool SideFiles() const {
    return PathExists(path_ + "-wal") || PathExists(path_ + "-shm") ||
           PathExists(path_ + "-journal");
  }

  FixedClock clock_{kReadOnlyNow};
  std::string path_;
  std::unique_ptr<Ledger> writer_;
};

TEST_F(LedgerReadOnlyTest, ReadsWithoutCreatingOrChangingAnything) {
  writer_.reset();  // the last connection checkpoints and removes -wal and -shm
  ASSERT_FALSE(SideFiles());
  const std::string before = testing::Slurp(path_);
  const auto mtime = std::filesystem::last_write_time(path_);
  {
    auto opened = Ledger::OpenSqliteReadOnly(path_, clock_);
    ASSERT_OK(opened);
    Ledger& ledger = **opened;
    auto records = ledger.List();
    ASSERT_OK(records);
    EXPECT_EQ(records->size(), 2u);
    auto report = ledger.Verify();
    ASSERT_OK(report);
    EXPECT_TRUE(report->problems.empty()) << ::testing::PrintToString(report->problems);
    EXPECT_EQ(report->head_seq, 4);
    auto found = ledger.FindByArtifactPath(Path("FRL-R1/Container.lic"));
    ASSERT_OK(found);
    EXPECT_EQ(found->size(), 1u);
    EXPECT_FALSE(SideFiles());
    // Writes are refused before SQLite is asked.
    EXPECT_THAT(ledger.SetStatus("FRL-R1", LicenceStatus::kRevoked, "revoke", "{}"),
                HasError(ErrorCode::kInternal));
    EXPECT_THAT(ledger.RecoverPending(), HasError(ErrorCode::kInternal));
  }
  EXPECT_FALSE(SideFiles());
  EXPECT_EQ(testing::Slurp(path_), before);
  EXPECT_EQ(std::filesystem::last_write_time(path_), mtime);
}

TEST_F(LedgerReadOnlyTest, MissingOrOlderLedgersAreRefusedUntouched) {
  const std::string missing = Path("nowhere/ledger.sqlite");
  EXPECT_THAT(Ledger::OpenSqliteReadOnly(missing, clock_), HasError(ErrorCode::kNotFound));
  EXPECT_FALSE(PathExists(Path("nowhere")));

  writer_.reset();
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(
      sqlite3_exec(db, "DROP TABLE artifacts; PRAGMA user_version = 3", nullptr, nullptr, nullptr),
      SQLITE_OK);
  sqlite3_close(db);
  const std::string before = testing::Slurp(path_);
  auto older = Ledger::OpenSqliteReadOnly(path_, clock_);
  ASSERT_THAT(older, HasError(ErrorCode::kLedgerCorrupt));
  EXPECT_NE(older.error().message().find("schema version 3, older than the version"),
            std::string::npos)
      << older.error().message();
  EXPECT_NE(older.error().hint().find("frlic ledger init " + path_), std::string::npos);
  EXPECT_EQ(testing::Slurp(path_), before);
  EXPECT_FALSE(SideFiles());
}

// While a writer has the ledger open, its latest commits may be only in its -wal: the reader
// goes through it.
TEST_F(LedgerReadOnlyTest, ReadsThroughTheWriterWal) {
  ASSERT_TRUE(PathExists(path_ + "-wal"));
  IssueWith(*writer_, "FRL-R3", "ORD-R3");
  auto opened = Ledger::OpenSqliteReadOnly(path_, clock_);
  ASSERT_OK(opened);
  auto found = (*opened)->FindBySerial("FRL-R3");
  ASSERT_OK(found);
  EXPECT_TRUE(found->has_value());
}

// A writer that opened after the reader (revoke takes no ledger lock) and changed the file:
// the reader's next read sees the change instead of trusting its immutable view.
TEST_F(LedgerReadOnlyTest, SeesChangesMadeWhileItWasOpen) {
  writer_.reset();
  auto opened = Ledger::OpenSqliteReadOnly(path_, clock_);
  ASSERT_OK(opened);
  auto before = (*opened)->List();
  ASSERT_OK(before);
  ASSERT_EQ(before->size(), 2u);
  {
    auto writer = Ledger::OpenSqlite(path_, clock_);
    ASSERT_OK(writer);
    IssueWith(**writer, "FRL-R4", "ORD-R4");
  }
  auto after = (*opened)->List();
  ASSERT_OK(after);
  EXPECT_EQ(after->size(), 3u);
  auto report = (*opened)->Verify();
  ASSERT_OK(report);
  EXPECT_TRUE(report->problems.empty()) << ::testing::PrintToString(report->problems);
}

}  // namespace
}  // namespace frlic
