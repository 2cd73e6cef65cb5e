// Moving and backing up a ledger (frlic/ledger/ledger_copy.h, docs/formats.md 6.6): the JSON
// Lines export against its golden file, and verified copies between SQLite files and to and
// from PostgreSQL.
#include "frlic/ledger/ledger_copy.h"

#include <filesystem>
#include <map>
#include <sstream>

#include "frlic/core/bytes.h"
#include "frlic/core/files.h"
#include "frlic/core/strict_json.h"
#include "frlic/core/time.h"
#include "pg_test_database.h"
#include "status_matchers.h"
#include "test_support.h"

namespace frlic {
namespace {

using testing::HasError;

constexpr UnixSeconds kCopyNow = 1795392000 + 3661;  // 2026-11-23T01:01:01Z
const std::string kGolden = FRLIC_SOURCE_DIR "/tests/vectors/ledger-export/ledger.jsonl";

// A small ledger with every kind of row: a licence with its artifact copy, a reissue of it
// (parent_serial; the parent superseded), an aborted attempt, a revoked licence, and a public
// cloud account that was disabled.
void Fill(Ledger& ledger) {
  LedgerRecord first = testing::LocalContainerRecord("FRL-0000000000000001", "ORD-1",
                                                     "/orders/ORD-1/Container.lic", "", kCopyNow);
  first.artifact_copy = ToBytes("licence one");
  first.artifact_sha256 = Sha256Hex(first.artifact_copy);
  first.notes = "two lines allowed";
  first.requested_by = "sales@example.com";
  ASSERT_OK(ledger.BeginIssue(first));
  ASSERT_OK(ledger.MarkPublishing(first.serial));
  ASSERT_OK(ledger.CompleteIssue(first.serial));

  LedgerRecord reissue =
      testing::LocalContainerRecord("FRL-0000000000000002", "ORD-1", "/orders/ORD-1b/Container.lic",
                                    Sha256Hex(AsBytes("licence two")), kCopyNow + 10);
  reissue.parent_serial = first.serial;
  ASSERT_OK(ledger.Transaction([&](LedgerTxn& txn) -> Status {
    FRLIC_RETURN_IF_ERROR(txn.CompareAndSetStatus(first.serial, LicenceStatus::kActive,
                                                  LicenceStatus::kSuperseded, "supersede",
                                                  R"({"replaced_by":"FRL-0000000000000002"})"));
    return txn.BeginIssue(reissue);
  }));
  ASSERT_OK(ledger.CompleteIssue(reissue.serial));

  ASSERT_OK(ledger.BeginIssue(
      testing::LocalContainerRecord("FRL-0000000000000003", "ORD-3", "/orders/ORD-3/Container.lic",
                                    Sha256Hex(AsBytes("3")), kCopyNow + 20)));
  ASSERT_OK(ledger.AbortIssue("FRL-0000000000000003", "disk full"));

  LedgerRecord cloud =
      testing::LocalContainerRecord("FRL-0000000000000004", "ORD-4", "", "", kCopyNow + 30);
  cloud.method = "public-cloud";
  cloud.terms_json = R"({"company":"Example Trading"})";
  cloud.artifact_sha256 = Sha256Hex(AsBytes("account"));
  Account account;
  account.name = "example-trading";
  account.serial = cloud.serial;
  account.capacity = 5;
  account.expires = *ParseDate("2027-11-22");
  account.created_at = kCopyNow + 30;
  account.password_hash = "$argon2id$v=19$m=65536,t=3,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo";
  ASSERT_OK(ledger.Transaction([&](LedgerTxn& txn) -> Status {
    FRLIC_RETURN_IF_ERROR(txn.BeginIssue(cloud));
    FRLIC_RETURN_IF_ERROR(txn.CreateAccount(account));
    return txn.CompleteIssue(cloud.serial);
  }));
  ASSERT_OK(ledger.SetAccountStatus("example-trading", AccountStatus::kActive,
                                    AccountStatus::kDisabled, "account-disable",
                                    R"({"reason":"unpaid"})"));
  ASSERT_OK(ledger.SetStatus("FRL-0000000000000002", LicenceStatus::kRevoked, "revoke",
                             R"({"reason":"refund"})"));
}

class LedgerCopyTest : public testing::TempDirTest {
 protected:
  std::unique_ptr<Ledger> Filled(const std::string& location) {
    auto created = Ledger::Create(location, clock_);
    EXPECT_OK(created);
    if (!created.ok()) return nullptr;
    Fill(**created);
    return std::move(created).value();
  }

  std::string Exported(Ledger& ledger) {
    auto contents = ledger.ReadAll();
    EXPECT_OK(contents);
    if (!contents.ok()) return "";
    auto lines = LedgerToJsonLines(*contents);
    EXPECT_OK(lines);
    return lines.ok() ? *lines : "";
  }

  FixedClock clock_{kCopyNow};
};

// The golden file pins the format of docs/formats.md 6.6. To regenerate it after a deliberate
// change of the format: FRLIC_UPDATE_VECTORS=1 and run this test, then review the diff.
TEST_F(LedgerCopyTest, ExportMatchesTheGoldenFile) {
  auto ledger = Filled(Path("ledger.sqlite"));
  ASSERT_NE(ledger, nullptr);
  const std::string lines = Exported(*ledger);
  if (std::getenv("FRLIC_UPDATE_VECTORS") != nullptr) {
    std::filesystem::create_directories(std::filesystem::path(kGolden).parent_path());
    ASSERT_OK(WriteFileAtomic(kGolden, AsBytes(lines), WriteOptions{0644, Overwrite::kYes}));
  }
  EXPECT_EQ(lines, testing::Slurp(kGolden));
  // The header's head is the chain's.
  auto report = ledger->Verify();
  ASSERT_OK(report);
  EXPECT_NE(lines.find(R"("head":{"hash":")" + report->head_hash + R"(","seq":)" +
                       std::to_string(report->head_seq) + "}"),
            std::string::npos);
}

// What 6.6 promises a reader of the file: every event's hash recomputed from its line alone by
// the formula of 6.2 (written out here, not the ledger's code), each linked to the one before,
// the last one the header's head; and the counts in the header.
TEST_F(LedgerCopyTest, TheGoldenFileChainsByTheSpecAlone) {
  std::istringstream in(testing::Slurp(kGolden));
  std::string line;
  ASSERT_TRUE(std::getline(in, line));
  const Json header = Json::parse(line);
  std::string prev(64, '0');
  std::int64_t seq = 0;
  std::map<std::string, int> counts;
  while (std::getline(in, line)) {
    const Json row = Json::parse(line);
    ++counts[row.at("type").get<std::string>()];
    if (row.at("type") != "event") continue;
    EXPECT_EQ(row.at("seq").get<std::int64_t>(), ++seq);
    EXPECT_EQ(row.at("prev_hash"), prev);
    const Json canonical = {{"seq", row.at("seq")},
                            {"at", FormatInstant(row.at("at").get<std::int64_t>())},
                            {"serial", row.at("serial")},
                            {"action", row.at("action")},
                            {"detail", Json::parse(row.at("detail_json").get<std::string>())}};
    const std::string hashed = "frlic-ledger-event-v1\n" + prev + "\n" + canonical.dump();
    prev = Sha256Hex(AsBytes(hashed));
    EXPECT_EQ(row.at("hash"), prev) << line;
  }
  EXPECT_EQ(header.at("head").at("seq"), seq);
  EXPECT_EQ(header.at("head").at("hash"), prev);
  EXPECT_EQ(header.at("records"), counts["licence"]);
  EXPECT_EQ(header.at("events"), counts["event"]);
  EXPECT_EQ(header.at("accounts"), counts["account"]);
  EXPECT_EQ(seq, 13);
}

TEST_F(LedgerCopyTest, ACopyBetweenFilesHasTheSameRowsAndHead) {
  auto source = Filled(Path("a.sqlite"));
  ASSERT_NE(source, nullptr);
  source.reset();
  auto copied = CopyLedger(Path("a.sqlite"), Path("b.sqlite"), clock_);
  ASSERT_OK(copied);
  EXPECT_TRUE(copied->created);
  EXPECT_EQ(copied->records, 4);
  EXPECT_EQ(copied->accounts, 1);
  auto a = Ledger::OpenReadOnly(Path("a.sqlite"), clock_);
  auto b = Ledger::OpenReadOnly(Path("b.sqlite"), clock_);
  ASSERT_OK(a);
  ASSERT_OK(b);
  EXPECT_EQ(Exported(**a), Exported(**b));
  EXPECT_EQ(copied->head_hash, (*b)->Verify()->head_hash);
  // Never into a ledger that holds anything; never onto itself.
  EXPECT_THAT(CopyLedger(Path("a.sqlite"), Path("b.sqlite"), clock_),
              HasError(ErrorCode::kRefused));
  EXPECT_THAT(CopyLedger(Path("a.sqlite"), Path("a.sqlite"), clock_),
              HasError(ErrorCode::kInvalidInput));
}

TEST_F(LedgerCopyTest, APendingRecordOrAProblemStopsTheCopyAndLeavesNoFile) {
  {
    auto source = Filled(Path("a.sqlite"));
    ASSERT_NE(source, nullptr);
    ASSERT_OK(source->BeginIssue(testing::LocalContainerRecord("FRL-0000000000000009", "ORD-9",
                                                               "/orders/ORD-9/Container.lic",
                                                               Sha256Hex(AsBytes("9")), kCopyNow)));
  }
  EXPECT_THAT(CopyLedger(Path("a.sqlite"), Path("b.sqlite"), clock_),
              HasError(ErrorCode::kRefused));
  EXPECT_FALSE(PathExists(Path("b.sqlite")));
  EXPECT_FALSE(PathExists(Path("b.sqlite-wal")));
}

class LedgerCopyPgTest : public pg_test::PgDatabaseTest {
 protected:
  FixedClock clock_{kCopyNow};
};

// SQLite to PostgreSQL and back: every row, hash and the head survive both ways, and each
// copy verifies.
TEST_F(LedgerCopyPgTest, SqliteToPostgresAndBackKeepsEverything) {
  const std::string dir = std::filesystem::temp_directory_path() / ("frlic-copy-" + database_);
  std::filesystem::create_directories(dir);
  {
    auto source = Ledger::Create(dir + "/a.sqlite", clock_);
    ASSERT_OK(source);
    Fill(**source);
  }
  auto to_pg = CopyLedger(dir + "/a.sqlite", url_, clock_);
  ASSERT_OK(to_pg);
  EXPECT_FALSE(to_pg->created);
  auto back = CopyLedger(url_, dir + "/b.sqlite", clock_);
  ASSERT_OK(back);
  EXPECT_EQ(back->head_hash, to_pg->head_hash);
  EXPECT_EQ(back->events, to_pg->events);
  auto a = Ledger::OpenReadOnly(dir + "/a.sqlite", clock_);
  auto pg = Ledger::OpenReadOnly(url_, clock_);
  auto b = Ledger::OpenReadOnly(dir + "/b.sqlite", clock_);
  ASSERT_OK(a);
  ASSERT_OK(pg);
  ASSERT_OK(b);
  auto lines = [](Ledger& ledger) {
    auto contents = ledger.ReadAll();
    EXPECT_OK(contents);
    return contents.ok() ? LedgerToJsonLines(*contents).value() : "";
  };
  const std::string expected = lines(**a);
  EXPECT_EQ(lines(**pg), expected);
  EXPECT_EQ(lines(**b), expected);
  // The PostgreSQL copy is a working ledger: it issues on after the copied head.
  auto writable = Ledger::Open(url_, clock_);
  ASSERT_OK(writable);
  ASSERT_OK((*writable)->BeginIssue(testing::LocalContainerRecord(
      "FRL-00000000000000AA", "ORD-AA", "/x/Container.lic", Sha256Hex(AsBytes("aa")), kCopyNow)));
  ASSERT_THAT(
      (*writable)->BeginIssue(testing::LocalContainerRecord(
          "FRL-00000000000000AB", "ORD-1", "/x/Container.lic", Sha256Hex(AsBytes("ab")), kCopyNow)),
      HasError(ErrorCode::kConflict));  // ORD-1 came with the copy
  auto report = (*writable)->Verify();
  ASSERT_OK(report);
  EXPECT_TRUE(report->problems.empty());
  EXPECT_EQ(report->head_seq, to_pg->head_seq + 1);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace frlic
