// What an issue keeps in the ledger for `frlic ledger export` (docs/formats.md 6.1): the exact
// bytes of Container.lic, stored with the record; nothing for a public cloud account.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "frlic/core/bytes.h"
#include "frlic/issue/issue.h"
#include "frlic/ledger/ledger.h"
#include "status_matchers.h"
#include "test_support.h"

namespace frlic {
namespace {

namespace fs = std::filesystem;

Result<SecretBytes> ExportTestPassphrase(void*) {
  std::string text = testing::ExamplePassphrase();
  return SecretBytes::CopyFrom(std::string_view(text));
}

class LedgerExportTest : public testing::TempDirTest {
 protected:
  void SetUp() override {
    TempDirTest::SetUp();
    testing::CopyExampleKeyring(Path("keys"));
  }

  Result<IssueResult> IssueTemplate(const std::string& name, const std::string& out,
                                    std::uint8_t seed) {
    IssueRequest request;
    request.order_path = FRLIC_SOURCE_DIR "/templates/orders/" + name;
    request.keys_dir = Path("keys");
    request.ledger_path = Path("ledger.sqlite");
    request.init_ledger = true;
    request.out_dir = Path(out);
    request.allow_example_keys = true;
    SeededRandom random = testing::TestRandom(seed);
    return Issue(request, Passphrase{ExportTestPassphrase, nullptr}, clock_, random);
  }

  FixedClock clock_{1795392000};  // 2026-11-23T00:00:00Z
};

TEST_F(LedgerExportTest, IssueKeepsTheContainerLicenceButNoAccountFile) {
  auto issued = IssueTemplate("local-container.yaml", "out", 31);
  ASSERT_OK(issued);
  const std::string file = testing::Slurp(issued->path);
  auto ledger = Ledger::OpenSqlite(Path("ledger.sqlite"), clock_);
  ASSERT_OK(ledger);
  auto copy = (*ledger)->StoredArtifact(issued->serial);
  ASSERT_OK(copy);
  ASSERT_TRUE(copy->has_value());
  EXPECT_EQ(std::string(AsText(ByteView(**copy))), file);
  EXPECT_EQ(Sha256Hex(ByteView(**copy)), issued->sha256);

  auto account = IssueTemplate("public-cloud.yaml", "out-pub", 32);
  ASSERT_OK(account);
  auto none = (*ledger)->StoredArtifact(account->serial);
  ASSERT_OK(none);
  EXPECT_FALSE(none->has_value());
  auto report = (*ledger)->Verify();
  ASSERT_OK(report);
  EXPECT_TRUE(report->problems.empty()) << ::testing::PrintToString(report->problems);
}

}  // namespace
}  // namespace frlic
