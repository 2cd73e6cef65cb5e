// Golden vectors of the private cloud (tests/vectors/server-license, tests/vectors/receipt):
// each file's outcome, the licence server's verdicts in requests.txt, and that the generator
// reproduces the committed files byte for byte.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "frlic/core/files.h"
#include "frlic/core/time.h"
#include "frlic/customer/server_request.h"
#include "frlic/keys/keyring.h"
#include "frlic/licence/receipt.h"
#include "frlic/licence/server_licence.h"
#include "status_matchers.h"
#include "test_support.h"

namespace frlic {
int MakePrivateCloudVectors(const std::string& keys_dir, const std::string& licence_dir,
                            const std::string& receipt_dir);
namespace private_cloud_vectors {
Ed25519PrivateKey InstanceKey();
}  // namespace private_cloud_vectors

namespace {

using testing::kExampleKeys;

const std::string kServerLicenceVectors = FRLIC_SOURCE_DIR "/tests/vectors/server-license";
const std::string kReceiptVectors = FRLIC_SOURCE_DIR "/tests/vectors/receipt";
// The receipt checks run "now" at this instant.
constexpr char kReceiptNow[] = "2027-03-01T00:00:00Z";

struct ServerExpectation {
  std::string file, open, check;
};
void PrintTo(const ServerExpectation& e, std::ostream* out) { *out << e.file; }

std::vector<ServerExpectation> LoadServerExpectations(const std::string& dir) {
  std::ifstream in(dir + "/expectations.txt");
  std::vector<ServerExpectation> out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    ServerExpectation e;
    fields >> e.file >> e.open >> e.check;
    out.push_back(e);
  }
  return out;
}

std::string ServerTestName(const std::string& file) {
  std::string name = file;
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

std::string ServerOutcome(const Error* error) {
  return error ? ErrorCodeName(error->code()) : "ok";
}

class ServerLicenceVectors : public ::testing::TestWithParam<ServerExpectation> {};

TEST_P(ServerLicenceVectors, OpensAsExpected) {
  const ServerExpectation& e = GetParam();
  auto keyring = Keyring::Load(kExampleKeys);
  ASSERT_OK(keyring);
  auto bytes = ReadFile(kServerLicenceVectors + "/" + e.file);
  ASSERT_OK(bytes) << e.file;
  auto opened = OpenServerLicence(*bytes, *keyring, e.file);
  EXPECT_EQ(ServerOutcome(opened.ok() ? nullptr : &opened.error()), e.open)
      << (opened.ok() ? "" : opened.error().message());
}

INSTANTIATE_TEST_SUITE_P(ServerLicenceFiles, ServerLicenceVectors,
                         ::testing::ValuesIn(LoadServerExpectations(kServerLicenceVectors)),
                         [](const auto& info) { return ServerTestName(info.param.file); });

class ReceiptVectors : public ::testing::TestWithParam<ServerExpectation> {};

TEST_P(ReceiptVectors, OpenAndCheckAsExpected) {
  const ServerExpectation& e = GetParam();
  auto keyring = Keyring::Load(kExampleKeys);
  ASSERT_OK(keyring);
  auto licence_bytes = ReadFile(kServerLicenceVectors + "/golden.json");
  ASSERT_OK(licence_bytes);
  auto licence = OpenServerLicence(*licence_bytes, *keyring, "golden.json");
  ASSERT_OK(licence);
  // The verifier pins the instance key named by the (verified) licence, never the receipt's.
  auto pinned = Ed25519PublicKey::FromBytes(ByteView(licence->instance_public_key));
  ASSERT_OK(pinned);
  auto bytes = ReadFile(kReceiptVectors + "/" + e.file);
  ASSERT_OK(bytes) << e.file;
  auto opened = OpenReceipt(*bytes, *pinned, e.file);
  EXPECT_EQ(ServerOutcome(opened.ok() ? nullptr : &opened.error()), e.open)
      << (opened.ok() ? "" : opened.error().message());
  if (!opened.ok()) {
    EXPECT_EQ(e.check, "-");
    return;
  }
  auto checked = CheckReceiptForLicence(*opened, *licence, Sha256Hex(*licence_bytes),
                                        *ParseInstant(kReceiptNow), e.file);
  EXPECT_EQ(ServerOutcome(checked.ok() ? nullptr : &checked.error()), e.check)
      << (checked.ok() ? "" : checked.error().message());
}

INSTANTIATE_TEST_SUITE_P(ReceiptFiles, ReceiptVectors,
                         ::testing::ValuesIn(LoadServerExpectations(kReceiptVectors)),
                         [](const auto& info) { return ServerTestName(info.param.file); });

TEST(ServerVectorsSet, EveryFileHasAnExpectation) {
  for (const auto& [dir, extension, minimum] :
       {std::tuple{kServerLicenceVectors, ".json", 18u}, std::tuple{kReceiptVectors, ".fr", 17u}}) {
    auto expectations = LoadServerExpectations(dir);
    EXPECT_GE(expectations.size(), minimum) << dir;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
      if (entry.path().extension() != extension) continue;
      bool listed = false;
      for (const auto& e : expectations) listed = listed || e.file == entry.path().filename();
      EXPECT_TRUE(listed) << entry.path();
    }
  }
}

TEST(ServerVectorsSet, TheLicenceServerGivesTheRecordedVerdicts) {
  auto keyring = Keyring::Load(kExampleKeys);
  ASSERT_OK(keyring);
  auto bytes = ReadFile(kServerLicenceVectors + "/golden.json");
  ASSERT_OK(bytes);
  auto licence = OpenServerLicence(*bytes, *keyring, "golden.json");
  ASSERT_OK(licence);
  std::ifstream in(kServerLicenceVectors + "/requests.txt");
  std::string line;
  int checked = 0;
  std::set<int> codes;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    std::string now;
    int code = -1;
    fields >> now >> code;
    std::string request;
    std::getline(fields >> std::ws, request);
    auto instant = ParseInstant(now);
    ASSERT_TRUE(instant) << line;
    EXPECT_EQ(static_cast<int>(CheckServerRequest(*licence, request, *instant)), code) << line;
    codes.insert(code);
    ++checked;
  }
  EXPECT_GE(checked, 12);
  EXPECT_EQ(codes, (std::set<int>{0, 10000, 10001, 30000, 30001, 30003, 30004, 30005, 30007}));
}

class ServerVectorsGenerator : public testing::TempDirTest {};

TEST_F(ServerVectorsGenerator, ReproducesTheCommittedFiles) {
  const auto licence_dir = dir_ / "server-license";
  const auto receipt_dir = dir_ / "receipt";
  std::filesystem::create_directories(licence_dir);
  std::filesystem::create_directories(receipt_dir);
  ASSERT_EQ(MakePrivateCloudVectors(kExampleKeys, licence_dir.string(), receipt_dir.string()), 0);
  int compared = 0;
  for (const auto& [fresh_dir, committed_dir] :
       {std::pair{licence_dir, kServerLicenceVectors}, std::pair{receipt_dir, kReceiptVectors}}) {
    for (const auto& entry : std::filesystem::directory_iterator(fresh_dir)) {
      auto fresh = ReadFile(entry.path().string());
      auto committed = ReadFile(committed_dir + "/" + entry.path().filename().string());
      ASSERT_OK(committed) << entry.path().filename() << " is not committed";
      EXPECT_EQ(*fresh, *committed) << entry.path().filename() << " differs from the generator's";
      ++compared;
    }
  }
  EXPECT_EQ(compared, 18 + 17);
}

}  // namespace
}  // namespace frlic
