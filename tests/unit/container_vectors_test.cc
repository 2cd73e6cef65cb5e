// Golden vectors of Container.lic (tests/vectors/container-license): each file's verdict, and
// that the generator reproduces the committed files byte for byte.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "frlic/core/files.h"
#include "frlic/keys/keyring.h"
#include "frlic/licence/container_licence.h"
#include "status_matchers.h"
#include "test_support.h"

namespace frlic {
int MakeVectors(const std::string& keys_dir, const std::string& out_dir);

namespace {

using testing::kExampleKeys;

const std::string kContainerVectors = FRLIC_SOURCE_DIR "/tests/vectors/container-license";

struct ContainerExpectation {
  std::string file, inspect, verdict;
};
void PrintTo(const ContainerExpectation& e, std::ostream* out) { *out << e.file; }

std::vector<ContainerExpectation> LoadContainerExpectations() {
  std::ifstream in(kContainerVectors + "/expectations.txt");
  std::vector<ContainerExpectation> out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    ContainerExpectation e;
    fields >> e.file >> e.inspect;
    std::getline(fields >> std::ws, e.verdict);
    out.push_back(e);
  }
  return out;
}

DeploymentFacts Facts() {
  DeploymentFacts facts;
  facts.product = "FineDataLink";
  facts.version = "4.1.5";
  facts.app_name = "webroot";
  facts.nodes = 2;
  facts.project_content = "sales-analytics-prod";
  return facts;
}

class ContainerVectors : public ::testing::TestWithParam<ContainerExpectation> {};

TEST_P(ContainerVectors, GivesItsExpectedOutcome) {
  const ContainerExpectation& e = GetParam();
  auto keyring = Keyring::Load(kExampleKeys);
  ASSERT_OK(keyring);
  auto bytes = ReadFile(kContainerVectors + "/" + e.file);
  ASSERT_OK(bytes) << e.file;
  auto opened = OpenContainerLicence(*bytes, *keyring, e.file);
  EXPECT_EQ(opened.ok() ? "ok" : ErrorCodeName(opened.error().code()), e.inspect)
      << (opened.ok() ? "" : opened.error().message());
  auto verdict = CheckContainerLicence(*bytes, *keyring, Facts(),
                                       *ParseInstant("2026-11-23T08:00:00Z"), e.file);
  std::string reasons;
  for (const auto& r : verdict.reasons) {
    reasons += (reasons.empty() ? "" : ",") + std::string(ContainerFailureName(r.failure));
  }
  EXPECT_EQ(verdict.accepted() ? "accepted" : reasons, e.verdict);
}

INSTANTIATE_TEST_SUITE_P(Files, ContainerVectors, ::testing::ValuesIn(LoadContainerExpectations()),
                         [](const auto& info) {
                           std::string name = info.param.file;
                           for (char& c : name) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

TEST(ContainerVectorsSet, EveryFileHasAnExpectation) {
  auto expectations = LoadContainerExpectations();
  ASSERT_GE(expectations.size(), 13u);
  for (const auto& entry : std::filesystem::directory_iterator(kContainerVectors)) {
    if (entry.path().extension() != ".lic") continue;
    bool listed = false;
    for (const auto& e : expectations) listed = listed || e.file == entry.path().filename();
    EXPECT_TRUE(listed) << entry.path();
  }
}

// Every single byte of the golden licence, flipped: opening fails and the product's verdict is
// Incorrect License Format alone (the CLI case tampered_licence_rejected flips a sample of the
// positions through inspect and check).
TEST(ContainerGolden, EveryByteFlipIsRejected) {
  auto keyring = Keyring::Load(kExampleKeys);
  ASSERT_OK(keyring);
  auto golden = ReadFile(kContainerVectors + "/golden.lic");
  ASSERT_OK(golden);
  const UnixSeconds now = *ParseInstant("2026-11-23T08:00:00Z");
  ASSERT_TRUE(CheckContainerLicence(*golden, *keyring, Facts(), now, "golden.lic").accepted());
  for (std::size_t i = 0; i < golden->size(); ++i) {
    Bytes flipped = *golden;
    flipped[i] ^= 0x01;
    EXPECT_FALSE(OpenContainerLicence(flipped, *keyring, "flipped.lic").ok()) << "byte " << i;
    const ContainerVerdict verdict =
        CheckContainerLicence(flipped, *keyring, Facts(), now, "flipped.lic");
    ASSERT_EQ(verdict.reasons.size(), 1u) << "byte " << i;
    EXPECT_EQ(verdict.reasons[0].failure, ContainerFailure::kIncorrectFormat) << "byte " << i;
  }
}

class ContainerVectorsGenerator : public testing::TempDirTest {};

TEST_F(ContainerVectorsGenerator, ReproducesTheCommittedFiles) {
  std::filesystem::copy_file(kContainerVectors + "/golden.lic", Path("golden.lic"));
  ASSERT_EQ(MakeVectors(kExampleKeys, dir_.string()), 0);
  int compared = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir_)) {
    auto fresh = ReadFile(entry.path().string());
    auto committed = ReadFile(kContainerVectors + "/" + entry.path().filename().string());
    ASSERT_OK(committed) << entry.path().filename() << " is not committed";
    EXPECT_EQ(*fresh, *committed) << entry.path().filename() << " differs from the generator's";
    ++compared;
  }
  EXPECT_EQ(compared, 13);
}

TEST(KeyIdVectors, MatchTheSpecification) {
  std::ifstream in(FRLIC_SOURCE_DIR "/tests/vectors/key-id.txt");
  std::string line;
  int checked = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    std::string algorithm, public_hex, key_id;
    fields >> algorithm >> public_hex >> key_id;
    auto raw = HexDecode(public_hex);
    ASSERT_TRUE(raw);
    EXPECT_EQ(
        DeriveKeyId(algorithm == "x25519" ? KeyAlgorithm::kX25519 : KeyAlgorithm::kEd25519, *raw),
        key_id)
        << line;
    ++checked;
  }
  EXPECT_EQ(checked, 4);
}

}  // namespace
}  // namespace frlic
