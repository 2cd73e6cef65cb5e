// Golden vectors of the container private cloud (tests/vectors/component-license,
// tests/vectors/private-config): each file's outcome, the issuer's verdict on each privateConfig
// against a ledger that holds the golden licence (revoked), the instance key as the image
// carries it, and that the generator reproduces the committed files byte for byte.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "frlic/core/files.h"
#include "frlic/core/strict_json.h"
#include "frlic/core/time.h"
#include "frlic/customer/component_registration.h"
#include "frlic/issue/private_config_verdict.h"
#include "frlic/keys/keyring.h"
#include "frlic/keys/pem.h"
#include "frlic/ledger/ledger.h"
#include "frlic/licence/component_licence.h"
#include "frlic/licence/private_config.h"
#include "frlic/order/order.h"
#include "status_matchers.h"
#include "test_support.h"

namespace frlic {
int MakeContainerCloudVectors(const std::string& keys_dir, const std::string& licence_dir,
                              const std::string& config_dir);

namespace {

using testing::kExampleKeys;

const std::string kComponentLicenceVectors = FRLIC_SOURCE_DIR "/tests/vectors/component-license";
const std::string kConfigVectors = FRLIC_SOURCE_DIR "/tests/vectors/private-config";
// The verdicts are given at this instant.
constexpr char kVerdictNow[] = "2027-03-01T00:00:00Z";
constexpr char kGoldenSerial[] = "FRL-5EC0DE0000000003";
constexpr std::size_t kLicenceFiles = 18;  // 17 envelopes and golden-instance.key
constexpr std::size_t kConfigFiles = 25;

struct ComponentExpectation {
  std::string file, open, verdict;
};
void PrintTo(const ComponentExpectation& e, std::ostream* out) { *out << e.file; }

std::vector<ComponentExpectation> LoadComponentExpectations(const std::string& dir) {
  std::ifstream in(dir + "/expectations.txt");
  std::vector<ComponentExpectation> out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    ComponentExpectation e;
    fields >> e.file >> e.open >> e.verdict;
    out.push_back(e);
  }
  return out;
}

std::string ComponentTestName(const std::string& file) {
  std::string name = file;
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

std::string ComponentOutcome(const Error* error) {
  return error ? ErrorCodeName(error->code()) : "ok";
}

// The golden licence, verified against the example keyring.
struct Golden {
  Bytes bytes;
  ComponentLicence licence;
};
Golden LoadGolden() {
  auto keyring = Keyring::Load(kExampleKeys);
  EXPECT_OK(keyring);
  auto bytes = ReadFile(kComponentLicenceVectors + "/golden.json");
  EXPECT_OK(bytes);
  if (!keyring.ok() || !bytes.ok()) return {};
  auto licence = OpenComponentLicence(*bytes, *keyring, "golden.json");
  EXPECT_OK(licence);
  if (!licence.ok()) return {};
  return Golden{*bytes, *licence};
}

// A ledger (at `path`) that holds the golden licence as issued on 2026-11-23T08:00:00Z with the
// instance key of seed 0x11 and the digest of golden.json, revoked by business since.
std::unique_ptr<Ledger> VectorLedger(const std::string& path, const Clock& clock,
                                     const Golden& golden) {
  auto ledger = Ledger::CreateSqlite(path, clock);
  EXPECT_OK(ledger);
  if (!ledger.ok()) return nullptr;
  const ComponentLicence& licence = golden.licence;
  LedgerRecord record;
  record.serial = licence.serial;
  record.order_id = licence.order_id;
  record.method = MethodName(Method::kContainerPrivateCloud);
  record.terms_json = TermsToJson(licence.terms).dump();
  record.artifact_path =
      (std::filesystem::path(path).parent_path() / "fanruan_license_server.tar").string();
  record.artifact_sha256 = Sha256Hex(AsBytes("the image that carried golden.json"));
  record.instance_public_key = HexEncode(ByteView(licence.instance_public_key));
  record.key_id = licence.key_id;
  record.issued_at = licence.issued_at;
  record.extra_json = Json{{"licence_sha256", Sha256Hex(golden.bytes)},
                           {"port", ComponentPort(licence.terms)},
                           {"tag", std::string(kComponentRepository) + ":" + licence.serial}}
                          .dump();
  Status begun = (*ledger)->BeginIssue(record);
  EXPECT_OK(begun);
  Status completed = (*ledger)->CompleteIssue(record.serial);
  EXPECT_OK(completed);
  Status revoked = (*ledger)->SetStatus(record.serial, LicenceStatus::kRevoked, "revoke",
                                        R"({"reason":"component moved"})");
  EXPECT_OK(revoked);
  return std::move(ledger).value();
}

class ComponentLicenceVectors : public ::testing::TestWithParam<ComponentExpectation> {};

TEST_P(ComponentLicenceVectors, OpensAsExpected) {
  const ComponentExpectation& e = GetParam();
  auto keyring = Keyring::Load(kExampleKeys);
  ASSERT_OK(keyring);
  auto bytes = ReadFile(kComponentLicenceVectors + "/" + e.file);
  ASSERT_OK(bytes) << e.file;
  auto opened = OpenComponentLicence(*bytes, *keyring, e.file);
  EXPECT_EQ(ComponentOutcome(opened.ok() ? nullptr : &opened.error()), e.open)
      << (opened.ok() ? "" : opened.error().message());
}

INSTANTIATE_TEST_SUITE_P(ComponentLicenceFiles, ComponentLicenceVectors,
                         ::testing::ValuesIn(LoadComponentExpectations(kComponentLicenceVectors)),
                         [](const auto& info) { return ComponentTestName(info.param.file); });

// One ledger for every file: judging only reads it.
class PrivateConfigVectors : public ::testing::TestWithParam<ComponentExpectation> {
 protected:
  static void SetUpTestSuite() {
    dir_ = std::filesystem::temp_directory_path() /
           ("frlic-PrivateConfigVectors-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    golden_ = new Golden(LoadGolden());
    clock_ = new FixedClock(*ParseInstant(kVerdictNow));
    ledger_ = VectorLedger((dir_ / "ledger.sqlite").string(), *clock_, *golden_).release();
  }
  static void TearDownTestSuite() {
    delete ledger_;
    delete clock_;
    delete golden_;
    ledger_ = nullptr;
    clock_ = nullptr;
    golden_ = nullptr;
    std::filesystem::remove_all(dir_);
  }

  static inline std::filesystem::path dir_;
  static inline const Golden* golden_ = nullptr;
  static inline const FixedClock* clock_ = nullptr;
  static inline Ledger* ledger_ = nullptr;
};

TEST_P(PrivateConfigVectors, OpenAndVerdictAsExpected) {
  const ComponentExpectation& e = GetParam();
  ASSERT_FALSE(golden_->bytes.empty());
  ASSERT_NE(ledger_, nullptr);
  auto bytes = ReadFile(kConfigVectors + "/" + e.file);
  ASSERT_OK(bytes) << e.file;

  // The verifier pins the instance key of the (verified) licence, never the file's.
  auto pinned = Ed25519PublicKey::FromBytes(ByteView(golden_->licence.instance_public_key));
  ASSERT_OK(pinned);
  auto opened = OpenPrivateConfig(*bytes, *pinned, e.file);
  EXPECT_EQ(ComponentOutcome(opened.ok() ? nullptr : &opened.error()), e.open)
      << (opened.ok() ? "" : opened.error().message());

  auto verdict = JudgePrivateConfig(*ledger_, *bytes, e.file, clock_->Now());
  ASSERT_OK(verdict);
  EXPECT_EQ(verdict->valid() ? "valid" : PrivateConfigFailureName(*verdict->failure), e.verdict)
      << verdict->message;
  EXPECT_EQ(verdict->private_config_sha256, Sha256Hex(*bytes));
  // Judging reads the ledger and changes nothing in it.
  auto record = ledger_->FindBySerial(kGoldenSerial);
  ASSERT_OK(record);
  ASSERT_TRUE(record->has_value());
  EXPECT_EQ((*record)->status, LicenceStatus::kRevoked);
}

INSTANTIATE_TEST_SUITE_P(PrivateConfigFiles, PrivateConfigVectors,
                         ::testing::ValuesIn(LoadComponentExpectations(kConfigVectors)),
                         [](const auto& info) { return ComponentTestName(info.param.file); });

TEST(ContainerCloudVectorsSet, EveryFileHasAnExpectation) {
  for (const auto& [dir, extension, count] :
       {std::tuple{kComponentLicenceVectors, ".json", kLicenceFiles - 1},
        std::tuple{kConfigVectors, ".privateConfig", kConfigFiles}}) {
    auto expectations = LoadComponentExpectations(dir);
    EXPECT_EQ(expectations.size(), count) << dir;
    std::size_t files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
      if (entry.path().extension() != extension) continue;
      ++files;
      bool listed = false;
      for (const auto& e : expectations) listed = listed || e.file == entry.path().filename();
      EXPECT_TRUE(listed) << entry.path();
    }
    EXPECT_EQ(files, count) << dir;
  }
}

TEST(ContainerCloudVectorsSet, TheGoldenLicenceHoldsTheFixedValues) {
  const Golden golden = LoadGolden();
  ASSERT_FALSE(golden.bytes.empty());
  const ComponentLicence& licence = golden.licence;
  EXPECT_EQ(licence.serial, kGoldenSerial);
  EXPECT_EQ(licence.key_id, "509d04703a0f70c2");
  EXPECT_EQ(FormatInstant(licence.issued_at), "2026-11-23T08:00:00Z");
  EXPECT_EQ(licence.order_id, "ORD-2026-0103");
  EXPECT_EQ(licence.terms.method, Method::kContainerPrivateCloud);
  EXPECT_EQ(licence.terms.port, std::optional<std::uint16_t>(18081));
  EXPECT_EQ(Base64Encode(ByteView(licence.instance_public_key)),
            "0EqyMnQrtKs6E2i9RhXk5tAiSrcaAWuvhSCjMsl3hzc=");
}

TEST(ContainerCloudVectorsSet, TheGoldenPrivateConfigNamesTheGoldenLicence) {
  const Golden golden = LoadGolden();
  ASSERT_FALSE(golden.bytes.empty());
  auto bytes = ReadFile(kConfigVectors + "/golden.privateConfig");
  ASSERT_OK(bytes);
  auto pinned = Ed25519PublicKey::FromBytes(ByteView(golden.licence.instance_public_key));
  ASSERT_OK(pinned);
  auto config = OpenPrivateConfig(*bytes, *pinned, "golden.privateConfig");
  ASSERT_OK(config);
  EXPECT_EQ(config->serial, kGoldenSerial);
  EXPECT_EQ(config->key_id, "c6c4b85f0ea05b19");
  EXPECT_EQ(config->instance_id, "000102030405060708090a0b0c0d0e0f");
  EXPECT_EQ(config->licence_sha256, Sha256Hex(golden.bytes));
  EXPECT_EQ(FormatInstant(config->deployed_at), "2027-02-01T09:30:00Z");
  EXPECT_EQ(config->port, 18081);
}

TEST(ContainerCloudVectorsSet, TheInstanceKeyFileHoldsSeed0x11) {
  auto pem = ReadFile(kComponentLicenceVectors + "/golden-instance.key");
  ASSERT_OK(pem);
  auto seed = Ed25519SeedFromPem(SecretBytes::CopyFrom(AsText(*pem)));
  ASSERT_OK(seed);
  SecretBytes expected(32);
  for (auto& b : expected.reveal_mutable()) b = 0x11;
  EXPECT_TRUE(seed->Equals(expected));
  auto key = Ed25519PrivateKey::FromSeed(*seed);
  ASSERT_OK(key);
  const Golden golden = LoadGolden();
  EXPECT_EQ(key->public_key().bytes(), golden.licence.instance_public_key);
}

// `openssl pkey` reads the instance key as the image carries it, and derives the public key
// the licence names (docs/formats.md 9.3).
TEST(ContainerCloudVectorsSet, OpensslDerivesTheLicencesInstanceKey) {
  if (std::system("command -v openssl >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "openssl is not on PATH";
  }
  const Golden golden = LoadGolden();
  ASSERT_FALSE(golden.bytes.empty());
  const std::string command = "openssl pkey -in '" + kComponentLicenceVectors +
                              "/golden-instance.key' -pubout -outform DER";
  FILE* pipe = ::popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  Bytes der;
  std::uint8_t buffer[256];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0)
    der.insert(der.end(), buffer, buffer + n);
  const int status = ::pclose(pipe);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << command;
  ASSERT_EQ(der.size(), 44u);  // SubjectPublicKeyInfo of an Ed25519 key (RFC 8410)
  EXPECT_TRUE(std::equal(der.end() - 32, der.end(), golden.licence.instance_public_key.begin()));
}

// The component's answers to product registrations (docs/formats.md section 9.8): every line of
// requests.txt against the golden licence, every code a component can give at least once.
TEST(ContainerCloudVectorsSet, TheComponentGivesTheRecordedRegistrationAnswers) {
  auto keyring = Keyring::Load(kExampleKeys);
  ASSERT_OK(keyring);
  auto bytes = ReadFile(kComponentLicenceVectors + "/golden.json");
  ASSERT_OK(bytes);
  auto licence = OpenComponentLicence(*bytes, *keyring, "golden.json");
  ASSERT_OK(licence);
  std::ifstream in(kComponentLicenceVectors + "/requests.txt");
  std::string line;
  int checked = 0;
  std::set<int> codes;
  ComponentLicence judged = *licence;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    if (line.rfind("@domain ", 0) == 0) {  // a second terms set: golden's, with a domain
      judged = *licence;
      judged.terms.domain = line.substr(8);
      continue;
    }
    std::istringstream fields(line);
    std::string now;
    int code = -1;
    fields >> now >> code;
    std::string request;
    std::getline(fields >> std::ws, request);
    auto instant = ParseInstant(now);
    ASSERT_TRUE(instant) << line;
    const ServerVerdict verdict = AnswerComponentRegistration(judged, request, *instant);
    EXPECT_EQ(static_cast<int>(verdict.code), code) << line << "\n" << verdict.detail;
    codes.insert(code);
    ++checked;
  }
  EXPECT_GE(checked, 21);
  EXPECT_EQ(codes, (std::set<int>{0, 10000, 10001, 30000, 30001, 30004, 30005, 30007}));
}

class ContainerCloudVectorsGenerator : public testing::TempDirTest {};

TEST_F(ContainerCloudVectorsGenerator, ReproducesTheCommittedFiles) {
  const auto licence_dir = dir_ / "component-license";
  const auto config_dir = dir_ / "private-config";
  std::filesystem::create_directories(licence_dir);
  std::filesystem::create_directories(config_dir);
  ASSERT_EQ(MakeContainerCloudVectors(kExampleKeys, licence_dir.string(), config_dir.string()), 0);
  std::size_t compared = 0;
  for (const auto& [fresh_dir, committed_dir] :
       {std::pair{licence_dir, kComponentLicenceVectors}, std::pair{config_dir, kConfigVectors}}) {
    for (const auto& entry : std::filesystem::directory_iterator(fresh_dir)) {
      auto fresh = ReadFile(entry.path().string());
      auto committed = ReadFile(committed_dir + "/" + entry.path().filename().string());
      ASSERT_OK(committed) << entry.path().filename() << " is not committed";
      EXPECT_EQ(*fresh, *committed) << entry.path().filename() << " differs from the generator's";
      ++compared;
    }
  }
  EXPECT_EQ(compared, kLicenceFiles + kConfigFiles);
}

}  // namespace
}  // namespace frlic
