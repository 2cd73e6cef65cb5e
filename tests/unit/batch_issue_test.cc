// Batch issuance (frlic/issue/batch.h, docs/cli.md "Issuing a batch"): bytes independent of
// the threads, all-or-nothing checks, --keep-going, idempotent re-runs, and the grouped
// two-phase record surviving a kill.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <thread>

#include "frlic/issue/batch.h"
#include "frlic/issue/issue.h"
#include "frlic/ledger/ledger.h"
#include "status_matchers.h"
#include "test_support.h"

namespace frlic {
namespace {

namespace fs = std::filesystem;

Result<SecretBytes> BatchTestPassphrase(void*) {
  std::string text = testing::ExamplePassphrase();
  return SecretBytes::CopyFrom(std::string_view(text));
}

class BatchIssueTest : public testing::TempDirTest {
 protected:
  void SetUp() override {
    TempDirTest::SetUp();
    testing::CopyExampleKeyring(Path("keys"));
    fs::create_directories(Path("orders"));
  }

  // orders/<name>.yaml: the local-container template with this order id.
  std::string WriteOrder(const std::string& order_id, const std::string& project = {}) {
    std::string text = testing::Slurp(FRLIC_SOURCE_DIR "/templates/orders/local-container.yaml");
    text = std::regex_replace(text, std::regex("\norder_id: [^\n]*"), "\norder_id: " + order_id);
    if (!project.empty()) {
      text = std::regex_replace(text, std::regex("\nproject: [^\n]*"), "\nproject: " + project);
    }
    const std::string path = Path("orders/" + order_id + ".yaml");
    std::ofstream(path) << text;
    return path;
  }

  BatchRequest Request(const std::vector<std::string>& orders, const std::string& out,
                       const std::string& ledger = "ledger.sqlite") {
    BatchRequest request;
    request.common.keys_dir = Path("keys");
    request.common.ledger_path = Path(ledger);
    request.common.init_ledger = true;
    request.common.out_dir = Path(out);
    request.common.allow_example_keys = true;
    request.order_paths = orders;
    return request;
  }

  Result<BatchOutcome> Run(const BatchRequest& request, std::uint8_t seed = 7) {
    SeededRandom random = testing::TestRandom(seed);
    return IssueBatch(request, Passphrase{BatchTestPassphrase, nullptr}, clock_, random);
  }

  std::vector<LedgerRecord> Records(const std::string& ledger = "ledger.sqlite") {
    auto opened = Ledger::OpenSqlite(Path(ledger), clock_);
    EXPECT_OK(opened);
    if (!opened.ok()) return {};
    auto records = (*opened)->List();
    EXPECT_OK(records);
    return records.ok() ? *records : std::vector<LedgerRecord>{};
  }

  FixedClock clock_{1795392000};  // 2026-11-23T00:00:00Z
};

std::vector<BatchStatus> StatusesOf(const BatchOutcome& outcome) {
  std::vector<BatchStatus> statuses;
  for (const BatchItem& item : outcome.items) statuses.push_back(item.status);
  return statuses;
}

TEST_F(BatchIssueTest, BytesDoNotDependOnThreadsAndEqualAOneOrderRunWithTheOrdersRandom) {
  const std::vector<std::string> orders = {WriteOrder("DET-1"), WriteOrder("DET-2"),
                                           WriteOrder("DET-3")};
  BatchRequest one_thread = Request(orders, "out1", "ledger1.sqlite");
  one_thread.jobs = 1;
  BatchRequest three_threads = Request(orders, "out3", "ledger3.sqlite");
  three_threads.jobs = 3;
  three_threads.group_size = 2;  // two groups, recorded separately
  auto first = Run(one_thread);
  auto second = Run(three_threads);
  ASSERT_OK(first);
  ASSERT_OK(second);
  ASSERT_EQ(first->issued, 3u);
  ASSERT_EQ(second->issued, 3u);

  // Order k's randomness is the k-th 32 bytes drawn from the run's Random.
  SeededRandom run_random = testing::TestRandom(7);
  for (std::size_t k = 0; k < orders.size(); ++k) {
    const IssueResult& a = *first->items[k].result;
    const IssueResult& b = *second->items[k].result;
    EXPECT_EQ(a.serial, b.serial);
    EXPECT_EQ(testing::Slurp(a.path), testing::Slurp(b.path));
    EXPECT_EQ(fs::path(a.path).parent_path().filename(), "DET-" + std::to_string(k + 1));

    std::array<std::uint8_t, 32> seed{};
    run_random.Fill(seed);
    SeededRandom order_random(seed);
    IssueRequest single;
    single.order_path = orders[k];
    single.keys_dir = Path("keys");
    single.ledger_path = Path("single.sqlite");
    single.init_ledger = true;
    single.out_dir = Path("single/" + std::to_string(k));
    single.allow_example_keys = true;
    auto alone = Issue(single, Passphrase{BatchTestPassphrase, nullptr}, clock_, order_random);
    ASSERT_OK(alone);
    EXPECT_EQ(alone->serial, a.serial);
    EXPECT_EQ(testing::Slurp(alone->path), testing::Slurp(a.path));
  }
}

TEST_F(BatchIssueTest, OneBadOrderIssuesNothingAndReportsEveryProblem) {
  const std::string good = WriteOrder("ALL-1");
  const std::string bad = Path("orders/bad.yaml");
  std::ofstream(bad) << "order_id: ALL-2\nmethod: nonsense\n";
  const std::string twin = Path("orders/twin.yaml");
  fs::copy_file(good, twin);  // the same order id twice
  auto outcome = Run(Request({good, bad, twin}, "out"));
  ASSERT_OK(outcome);
  EXPECT_EQ(StatusesOf(*outcome),
            (std::vector<BatchStatus>{BatchStatus::kSkipped, BatchStatus::kFailed,
                                      BatchStatus::kFailed}));
  EXPECT_NE(testing::ErrorText(*outcome->items[2].error).find("is also in"), std::string::npos);
  EXPECT_FALSE(fs::exists(Path("out")));
  EXPECT_FALSE(fs::exists(Path("ledger.sqlite")));  // refused before the ledger is opened
}

TEST_F(BatchIssueTest, KeepGoingIssuesTheGoodOrders) {
  const std::string bad = Path("orders/bad.yaml");
  std::ofstream(bad) << "order_id: KG-0\nmethod: nonsense\n";
  BatchRequest request = Request({WriteOrder("KG-1"), bad, WriteOrder("KG-2")}, "out");
  request.keep_going = true;
  auto outcome = Run(request);
  ASSERT_OK(outcome);
  EXPECT_EQ(
      StatusesOf(*outcome),
      (std::vector<BatchStatus>{BatchStatus::kIssued, BatchStatus::kFailed, BatchStatus::kIssued}));
  ASSERT_NE(outcome->FirstError(), nullptr);
  EXPECT_TRUE(fs::exists(Path("out/KG-1/Container.lic")));
  EXPECT_TRUE(fs::exists(Path("out/KG-2/Container.lic")));
  EXPECT_EQ(Records().size(), 2u);
}

// An order that passes its checks but fails while its group is built (its output directory
// is a file): without --keep-going nothing of the group is recorded and nothing is left staged;
// with it, the others are issued.
TEST_F(BatchIssueTest, ABuildFailureRecordsNothingOfItsGroupWithoutKeepGoing) {
  const std::vector<std::string> orders = {WriteOrder("BF-1"), WriteOrder("BF-2"),
                                           WriteOrder("BF-3")};
  fs::create_directories(Path("out"));
  std::ofstream(Path("out/BF-2")) << "not a directory\n";
  auto stopped = Run(Request(orders, "out"));
  ASSERT_OK(stopped);
  EXPECT_EQ(StatusesOf(*stopped),
            (std::vector<BatchStatus>{BatchStatus::kSkipped, BatchStatus::kFailed,
                                      BatchStatus::kSkipped}));
  EXPECT_TRUE(Records().empty());
  std::vector<std::string> left;
  for (const auto& entry : fs::recursive_directory_iterator(Path("out"))) {
    left.push_back(entry.path().lexically_relative(Path("out")).string());
  }
  EXPECT_EQ(left, std::vector<std::string>{"BF-2"});

  BatchRequest request = Request(orders, "out");
  request.keep_going = true;
  auto kept_going = Run(request);
  ASSERT_OK(kept_going);
  EXPECT_EQ(
      StatusesOf(*kept_going),
      (std::vector<BatchStatus>{BatchStatus::kIssued, BatchStatus::kFailed, BatchStatus::kIssued}));
  EXPECT_EQ(Records().size(), 2u);
}

// The next group of licences is built while one is recorded; when the batch stops, the group
// built ahead is discarded: nothing of it recorded, its staged files and directories removed.
TEST_F(BatchIssueTest, AGroupBuiltAheadIsDiscardedWhenTheBatchStops) {
  const std::vector<std::string> orders = {WriteOrder("OV-1"), WriteOrder("OV-2"),
                                           WriteOrder("OV-3")};
  BatchRequest request = Request(orders, "out");
  request.group_size = 1;
  // When OV-2's group is recorded (its second "recorded" step), OV-3's is being built ahead:
  // wait until its stage appears, then make OV-2's rename fail (a file is in the way).
  bool built_ahead = false;
  int recorded = 0;
  request.common.on_step = [&](std::string_view step) {
    if (step != "recorded" || ++recorded != 2) return;  // "renamed" comes from other threads
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!built_ahead && std::chrono::steady_clock::now() < deadline) {
      if (fs::exists(Path("out/OV-3"))) {
        for (const auto& entry : fs::directory_iterator(Path("out/OV-3"))) {
          built_ahead =
              built_ahead || entry.path().filename().string().starts_with(".frlic-stage-");
        }
      }
      if (!built_ahead) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    std::ofstream(Path("out/OV-2/Container.lic")) << "in the way\n";
  };
  auto stopped = Run(request);
  ASSERT_OK(stopped);
  EXPECT_TRUE(built_ahead) << "OV-3 was not staged while OV-2 was recorded";
  EXPECT_EQ(StatusesOf(*stopped),
            (std::vector<BatchStatus>{BatchStatus::kIssued, BatchStatus::kFailed,
                                      BatchStatus::kSkipped}));
  std::map<std::string, LicenceStatus> status_of;
  for (const LedgerRecord& record : Records()) status_of[record.order_id] = record.status;
  EXPECT_EQ(status_of, (std::map<std::string, LicenceStatus>{{"OV-1", LicenceStatus::kActive},
                                                             {"OV-2", LicenceStatus::kAborted}}));
  std::vector<std::string> left;
  for (const auto& entry : fs::recursive_directory_iterator(Path("out"))) {
    left.push_back(entry.path().lexically_relative(Path("out")).string());
  }
  std::sort(left.begin(), left.end());
  EXPECT_EQ(left,
            (std::vector<std::string>{"OV-1", "OV-1/Container.lic", "OV-2", "OV-2/Container.lic"}));
}

// Container images fill a group by bytes (each counted at the base image's size), so a batch
// of images never stages more than group_bytes on disk before recording: here one per group.
TEST_F(BatchIssueTest, ImagesFillAGroupByBytes) {
  std::vector<std::string> orders;
  for (const std::string id : {"IMG-1", "IMG-2", "IMG-3"}) {
    std::string text =
        testing::Slurp(FRLIC_SOURCE_DIR "/templates/orders/container-private-cloud.yaml");
    text = std::regex_replace(text, std::regex("\norder_id: [^\n]*"), "\norder_id: " + id);
    orders.push_back(Path("orders/" + id + ".yaml"));
    std::ofstream(orders.back()) << text;
  }
  auto recorded_groups = [&](std::uint64_t group_bytes, const std::string& ledger) {
    BatchRequest request = Request(orders, "out-" + ledger, ledger);
    request.group_bytes = group_bytes;
    std::atomic<int> groups = 0;  // "renamed" is reported from the rename threads
    request.common.on_step = [&](std::string_view step) { groups += step == "recorded"; };
    auto outcome = Run(request);
    EXPECT_OK(outcome);
    if (outcome.ok()) {
      EXPECT_EQ(outcome->issued, 3u);
    }
    return groups.load();
  };
  const auto base_bytes = fs::file_size(FRLIC_SOURCE_DIR "/templates/container/base-image.tar");
  EXPECT_EQ(recorded_groups(kBatchGroupBytes, "all.sqlite"), 1);
  EXPECT_EQ(recorded_groups(base_bytes, "each.sqlite"), 3);
  EXPECT_EQ(recorded_groups(2 * base_bytes, "pairs.sqlite"), 2);
}

TEST_F(BatchIssueTest, ReRunReportsAlreadyIssuedAndAChangedOrderConflicts) {
  std::vector<std::string> orders = {WriteOrder("RR-1"), WriteOrder("RR-2")};
  ASSERT_OK(Run(Request(orders, "out")));
  const std::string first_bytes = testing::Slurp(Path("out/RR-1/Container.lic"));
  auto again = Run(Request(orders, "out"), 9);  // other randomness: nothing new is drawn on
  ASSERT_OK(again);
  EXPECT_EQ(StatusesOf(*again),
            (std::vector<BatchStatus>{BatchStatus::kAlreadyIssued, BatchStatus::kAlreadyIssued}));
  EXPECT_EQ(testing::Slurp(Path("out/RR-1/Container.lic")), first_bytes);
  EXPECT_EQ(Records().size(), 2u);

  WriteOrder("RR-2", "Another Project");
  auto changed = Run(Request(orders, "out"));
  ASSERT_OK(changed);
  EXPECT_EQ(StatusesOf(*changed),
            (std::vector<BatchStatus>{BatchStatus::kAlreadyIssued, BatchStatus::kFailed}));
  EXPECT_EQ(changed->items[1].error->code(), ErrorCode::kConflict);
  EXPECT_EQ(Records().size(), 2u);
}

// A kill after the first rename of a group: one artifact in place (record publishing), two
// still staged. The next run's recovery completes the first and aborts the others, and the
// re-run issues them: every artifact has its active record and every record its artifact.
TEST_F(BatchIssueTest, KillInsideAGroupIsSettledByTheNextRun) {
  const std::vector<std::string> orders = {WriteOrder("KILL-1"), WriteOrder("KILL-2"),
                                           WriteOrder("KILL-3")};
  for (const char* step : {"recorded", "renamed"}) {
    SCOPED_TRACE(step);
    const std::string out = std::string("out-") + step;
    const std::string ledger = std::string("ledger-") + step + ".sqlite";
    BatchRequest killed = Request(orders, out, ledger);
    killed.jobs = 1;
    killed.common.on_step = [target = std::string(step)](std::string_view at) {
      if (at == target) ::_exit(137);
    };
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      (void)Run(killed);
      ::_exit(0);
    }
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFEXITED(status));
    ASSERT_EQ(WEXITSTATUS(status), 137);

    // Other randomness: the aborted records keep their serials (a pinned seed would draw them
    // again).
    auto rerun = Run(Request(orders, out, ledger), 8);
    ASSERT_OK(rerun);
    EXPECT_EQ(rerun->failed, 0u);
    if (std::string(step) == "renamed") {
      EXPECT_EQ(rerun->items[0].status, BatchStatus::kAlreadyIssued);
      EXPECT_EQ(rerun->items[1].status, BatchStatus::kIssued);
    } else {
      EXPECT_EQ(rerun->issued, 3u);
    }
    std::size_t active = 0;
    for (const LedgerRecord& record : Records(ledger)) {
      if (record.status != LicenceStatus::kActive) {
        EXPECT_EQ(record.status, LicenceStatus::kAborted);
        continue;
      }
      ++active;
      EXPECT_EQ(testing::Slurp(record.artifact_path).empty(), false) << record.artifact_path;
    }
    EXPECT_EQ(active, 3u);
    for (const std::string id : {"KILL-1", "KILL-2", "KILL-3"}) {
      EXPECT_TRUE(fs::exists(Path(out + "/" + id + "/Container.lic")));
      std::size_t entries = 0;
      for ([[maybe_unused]] const auto& entry : fs::directory_iterator(Path(out + "/" + id))) {
        ++entries;
      }
      EXPECT_EQ(entries, 1u) << id << ": no staged file left";
    }
  }
}

TEST_F(BatchIssueTest, OrderListsAndDirectories) {
  EXPECT_EQ(ParseOrderList("a.yaml\r\n\n# comment\nb c.yml\n"),
            (std::vector<std::string>{"a.yaml", "b c.yml"}));
  WriteOrder("LIST-2");
  WriteOrder("LIST-1");
  std::ofstream(Path("orders/notes.txt")) << "not an order";
  fs::create_directories(Path("orders/sub.yaml"));
  auto listed = ListOrderFiles(Path("orders"));
  ASSERT_OK(listed);
  EXPECT_EQ(*listed,
            (std::vector<std::string>{Path("orders/LIST-1.yaml"), Path("orders/LIST-2.yaml")}));
  EXPECT_EQ(ListOrderFiles(Path("missing")).error().code(), ErrorCode::kNotFound);
}

}  // namespace
}  // namespace frlic
