// frlic's own verifier against third-party vectors (tests/vectors/third_party: Wycheproof, CCTV,
// JSONTestSuite, vendored verbatim; each folder's README.md names its upstream commit).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "frlic/core/bytes.h"
#include "frlic/core/files.h"
#include "frlic/core/strict_json.h"
#include "frlic/keys/ed25519.h"
#include "status_matchers.h"

namespace frlic {
namespace {

const std::string kThirdParty = FRLIC_SOURCE_DIR "/tests/vectors/third_party";

nlohmann::json LoadJson(const std::string& path) {
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << "missing " << path;
  return nlohmann::json::parse(in);
}

Bytes Hex(const std::string& hex) {
  auto bytes = HexDecode(hex);
  EXPECT_TRUE(bytes) << hex;
  return bytes ? *bytes : Bytes{};
}

// Wycheproof: every one of the 151 EdDSA vectors gives its expected verdict.
TEST(CryptoVectors, WycheproofEd25519) {
  auto doc = LoadJson(kThirdParty + "/wycheproof/ed25519_test.json");
  int checked = 0, valid = 0;
  for (const auto& group : doc["testGroups"]) {
    auto key = Ed25519PublicKey::FromBytes(Hex(group["publicKey"]["pk"].get<std::string>()));
    ASSERT_OK(key);
    for (const auto& test : group["tests"]) {
      const bool expected = test["result"] == "valid";
      Bytes message = Hex(test["msg"]), signature = Hex(test["sig"]);
      EXPECT_EQ(VerifyEd25519(*key, message, signature), expected)
          << "tcId " << test["tcId"] << ": " << test["comment"];
      ++checked;
      valid += expected;
    }
  }
  EXPECT_EQ(checked, 151);
  EXPECT_EQ(valid, 88);
}

// CCTV's edge cases, on which verifiers disagree: frlic's verdict on each of the 914 vectors
// is recorded in tests/vectors/cctv-ed25519-verdicts.txt ("number verdict" lines); any change
// of verifier behaviour shows up here.
TEST(CryptoVectors, CctvEd25519VerdictsAreRecorded) {
  auto doc = LoadJson(kThirdParty + "/cctv/ed25519vectors.json");
  std::ifstream recorded(std::string(FRLIC_SOURCE_DIR) +
                         "/tests/vectors/cctv-ed25519-verdicts.txt");
  ASSERT_TRUE(recorded.good());
  std::map<int, std::string> expected;
  std::string line;
  while (std::getline(recorded, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    int number = 0;
    std::string verdict;
    fields >> number >> verdict;
    expected[number] = verdict;
  }
  ASSERT_EQ(expected.size(), doc.size());
  int accepted = 0;
  for (const auto& v : doc) {
    const int number = v["number"];
    Bytes key_bytes = Hex(v["key"]), sig = Hex(v["sig"]);
    const std::string msg = v["msg"];
    auto key = Ed25519PublicKey::FromBytes(key_bytes);
    ASSERT_OK(key);
    const bool ok = VerifyEd25519(*key, AsBytes(msg), sig);
    accepted += ok;
    EXPECT_EQ(ok ? "accept" : "reject", expected[number]) << "CCTV vector " << number;
  }
  // libsodium rejects every vector with a low-order A or R; all it accepts are clean.
  for (const auto& v : doc) {
    bool low_order = false;
    for (const auto& flag : v["flags"]) {
      low_order = low_order || flag == "low_order_A" || flag == "low_order_R";
    }
    if (low_order) {
      auto key = Ed25519PublicKey::FromBytes(Hex(v["key"]));
      EXPECT_FALSE(VerifyEd25519(*key, AsBytes(v["msg"].get<std::string>()), Hex(v["sig"])))
          << "low-order vector " << v["number"] << " accepted";
    }
  }
  EXPECT_GT(accepted, 0);
}

// JSONTestSuite: every n_ document is rejected by the payload parser; y_ documents whose top
// level is an object and that have no duplicate keys are accepted.
TEST(CryptoVectors, JsonTestSuite) {
  int rejected = 0, accepted = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(kThirdParty + "/jsontestsuite/test_parsing")) {
    const std::string name = entry.path().filename().string();
    auto bytes = ReadFile(entry.path().string());
    ASSERT_OK(bytes);
    auto parsed = ParseStrictJson(AsText(*bytes), name);
    if (name.rfind("n_", 0) == 0) {
      EXPECT_FALSE(parsed.ok()) << name << " was accepted";
      ++rejected;
    } else if (name.rfind("y_object", 0) == 0) {
      const bool duplicate = name.find("duplicated_key") != std::string::npos;
      EXPECT_EQ(parsed.ok(), !duplicate) << name;
      ++accepted;
    }
  }
  // Exactly the files vendored in tests/vectors/third_party/jsontestsuite (a lost file fails).
  EXPECT_EQ(rejected, 188);
  EXPECT_EQ(accepted, 12);
}

}  // namespace
}  // namespace frlic
