// The product's activation gate (frlic/customer/product_gate): the QR it shows, the codes it
// accepts, its lock after wrong codes, and its state file.
#include <gtest/gtest.h>

#include "activation_test_support.h"
#include "frlic/activation/activation_code.h"
#include "frlic/core/strict_json.h"
#include "frlic/customer/product_gate.h"
#include "status_matchers.h"
#include "test_support.h"

namespace frlic {
namespace {

using testing::Contains;
using testing::CountingSecret;
using testing::ExpectSamePayload;
using testing::kExampleKeyId;
using testing::kShownAt;
using testing::NextCode;

class ProductGateTest : public ::testing::Test {
 protected:
  ProductGateTest() : secret_(CountingSecret()), random_(testing::TestRandom()) {}

  const ActivationPayload& Show(UnixSeconds now) {
    return ShowQr(gate_, "FRL-5EC0DE0000000001", kExampleKeyId, project_, now, random_);
  }
  std::string RightCode() const { return ActivationCode(secret_, *gate_.shown); }
  CodeResult Enter(std::string_view code, UnixSeconds now) {
    return EnterCode(gate_, secret_, code, now);
  }

  SecretBytes secret_;
  SeededRandom random_;
  std::string project_ = ProjectFingerprint("install-0001");
  ProductGate gate_;
};

TEST_F(ProductGateTest, ShowQrMakesAFreshWellFormedPayload) {
  const ActivationPayload first = Show(kShownAt);
  EXPECT_EQ(first.serial, "FRL-5EC0DE0000000001");
  EXPECT_EQ(first.key_id, kExampleKeyId);
  EXPECT_EQ(first.project, project_);
  EXPECT_EQ(first.shown_at, kShownAt);
  EXPECT_EQ(first.nonce.size(), 16u);
  auto parsed = ParseActivation(ActivationQuery(first), "qr");
  ASSERT_OK(parsed);
  const ActivationPayload second = Show(kShownAt + 1);
  EXPECT_NE(second.nonce, first.nonce);
  ASSERT_TRUE(gate_.shown.has_value());
  EXPECT_EQ(gate_.shown->nonce, second.nonce);
}

TEST_F(ProductGateTest, AcceptedCodeActivatesAndClearsTheQr) {
  Show(kShownAt);
  ASSERT_EQ(Enter(NextCode(RightCode()), kShownAt + 10).verdict, CodeVerdict::kWrongCode);
  const CodeResult result = Enter(RightCode(), kShownAt + 20);
  EXPECT_EQ(result.verdict, CodeVerdict::kAccepted) << result.message;
  EXPECT_STREQ(CodeVerdictName(result.verdict), "accepted");
  EXPECT_EQ(gate_.activated_project, project_);
  EXPECT_EQ(gate_.activated_at, kShownAt + 20);
  EXPECT_FALSE(gate_.shown.has_value());
  EXPECT_EQ(gate_.wrong_codes, 0);
  // The QR is gone: the same code again has nothing to match.
  EXPECT_EQ(Enter("123456", kShownAt + 21).verdict, CodeVerdict::kNoQr);
  EXPECT_EQ(gate_.wrong_codes, 0);
}

TEST_F(ProductGateTest, NoQrIsNotAGuess) {
  const CodeResult result = Enter("123456", kShownAt);
  EXPECT_EQ(result.verdict, CodeVerdict::kNoQr);
  EXPECT_STREQ(CodeVerdictName(result.verdict), "no-qr");
  EXPECT_EQ(gate_.wrong_codes, 0);
}

// Seeds 000 and 003: input locks when wrong codes "exceed five". Five wrong codes leave input
// open (the right code still activates); the sixth locks.
TEST_F(ProductGateTest, FiveWrongCodesDoNotLock) {
  Show(kShownAt);
  const std::string right = RightCode();
  for (int n = 1; n <= 5; ++n) {
    const CodeResult result = Enter(NextCode(right), kShownAt + 10);
    EXPECT_EQ(result.verdict, CodeVerdict::kWrongCode) << n << ": " << result.message;
    EXPECT_EQ(result.locked_until, 0) << n;
  }
  EXPECT_EQ(gate_.wrong_codes, 5);
  EXPECT_EQ(gate_.locked_until, 0);
  // The count of five survives the state file.
  auto read = ProductGateFromJson(ProductGateToJson(gate_), "state.json");
  ASSERT_OK(read);
  EXPECT_EQ(read->wrong_codes, 5);
  EXPECT_EQ(Enter(right, kShownAt + 11).verdict, CodeVerdict::kAccepted);
}

TEST_F(ProductGateTest, TheSixthWrongCodeLocksForFifteenMinutes) {
  Show(kShownAt);
  const std::string right = RightCode();
  const std::string wrong = NextCode(right);
  for (int attempts_left : {5, 4, 3, 2, 1}) {
    const CodeResult result = Enter(wrong, kShownAt + 10);
    EXPECT_EQ(result.verdict, CodeVerdict::kWrongCode) << result.message;
    EXPECT_EQ(result.attempts_left, attempts_left);
    EXPECT_TRUE(Contains(result.message, std::to_string(attempts_left) + " attempts left"))
        << result.message;
  }
  const UnixSeconds fifth_at = kShownAt + 30;  // the moment of the sixth wrong code
  const CodeResult locked = Enter(wrong, fifth_at);
  EXPECT_EQ(locked.verdict, CodeVerdict::kLocked) << locked.message;
  EXPECT_STREQ(CodeVerdictName(locked.verdict), "locked");
  EXPECT_EQ(locked.locked_until, fifth_at + 900);
  EXPECT_EQ(gate_.locked_until, fifth_at + 900);
  EXPECT_EQ(locked.attempts_left, 0);

  // While locked nothing is checked, not even the right code, and nothing counts.
  for (UnixSeconds at : {fifth_at, fifth_at + 60, fifth_at + 899}) {
    const CodeResult refused = Enter(right, at);
    EXPECT_EQ(refused.verdict, CodeVerdict::kLocked) << at - fifth_at;
    EXPECT_EQ(refused.locked_until, fifth_at + 900);
    EXPECT_TRUE(gate_.activated_project.empty());
  }
  EXPECT_EQ(gate_.locked_until, fifth_at + 900);

  // At the end of the lock the old QR has long expired; a fresh one works, and the count
  // started again.
  const UnixSeconds unlocked_at = fifth_at + 900;
  EXPECT_EQ(Enter(right, unlocked_at).verdict, CodeVerdict::kExpired);
  Show(unlocked_at);
  const CodeResult counted = Enter(NextCode(RightCode()), unlocked_at + 1);
  EXPECT_EQ(counted.verdict, CodeVerdict::kWrongCode);
  EXPECT_EQ(counted.attempts_left, 5);
  EXPECT_EQ(Enter(RightCode(), unlocked_at + 2).verdict, CodeVerdict::kAccepted);
  EXPECT_EQ(gate_.activated_project, project_);
}

TEST_F(ProductGateTest, ExpiredQrIsRefusedWithoutCounting) {
  Show(kShownAt);
  const std::string right = RightCode();
  ASSERT_EQ(Enter(NextCode(right), kShownAt + 1).attempts_left, 5);
  for (const std::string& code : {right, NextCode(right), std::string("12")}) {
    const CodeResult result = Enter(code, kShownAt + kQrValidity + 1);
    EXPECT_EQ(result.verdict, CodeVerdict::kExpired) << code;
    EXPECT_STREQ(CodeVerdictName(result.verdict), "expired");
  }
  EXPECT_EQ(gate_.wrong_codes, 1);
  EXPECT_TRUE(gate_.activated_project.empty());
  EXPECT_TRUE(gate_.shown.has_value());
}

TEST_F(ProductGateTest, TheLastSecondOfTheQrStillCounts) {
  Show(kShownAt);
  const CodeResult result = Enter(RightCode(), kShownAt + 300);
  EXPECT_EQ(result.verdict, CodeVerdict::kAccepted) << result.message;
}

TEST_F(ProductGateTest, ACodeForAnotherPayloadIsWrong) {
  const ActivationPayload shown = Show(kShownAt);
  ActivationPayload other = shown;
  other.nonce = shown.nonce == "0000000000000000" ? "0000000000000001" : "0000000000000000";
  const std::string other_code = ActivationCode(secret_, other);
  ASSERT_NE(other_code, RightCode());
  const CodeResult result = Enter(other_code, kShownAt + 5);
  EXPECT_EQ(result.verdict, CodeVerdict::kWrongCode);
  EXPECT_EQ(result.attempts_left, 5);
  // And a code made with another secret.
  Bytes zero(32, 0);
  EXPECT_EQ(Enter(ActivationCode(SecretBytes::CopyFrom(ByteView(zero)), shown), kShownAt + 6)
                .attempts_left,
            4);
}

TEST_F(ProductGateTest, MalformedInputCountsAsWrong) {
  Show(kShownAt);
  const std::string right = RightCode();
  const std::vector<std::pair<std::string, int>> cases = {
      {right.substr(0, 5), 5},  // five digits
      {"12a456", 4},            // a letter
      {right + "0", 3},         // seven digits
      {" " + right, 2},         // a space
      {"", 1},                  // nothing
  };
  for (const auto& [code, attempts_left] : cases) {
    const CodeResult result = Enter(code, kShownAt + 5);
    EXPECT_EQ(result.verdict, CodeVerdict::kMalformed) << code;
    EXPECT_STREQ(CodeVerdictName(result.verdict), "malformed");
    EXPECT_EQ(result.attempts_left, attempts_left) << code;
  }
  const CodeResult locked = Enter("x", kShownAt + 6);
  EXPECT_EQ(locked.verdict, CodeVerdict::kLocked);
  EXPECT_EQ(locked.locked_until, kShownAt + 6 + 900);
}

// Seed 000 "Cluster": the nodes share one project identity; the product refuses to activate more
// nodes than the licence's capacity.
TEST(ProductGateCluster, CapacityIsCheckedAtActivation) {
  EXPECT_TRUE(CheckClusterCapacity(1, 2).ok());
  EXPECT_TRUE(CheckClusterCapacity(2, 2).ok());
  const Status over = CheckClusterCapacity(3, 2);
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().code(), ErrorCode::kRefused);
  EXPECT_TRUE(Contains(over.error().message(), "Registration Capacity Reached"))
      << over.error().message();
  EXPECT_TRUE(Contains(over.error().message(), "(3)")) << over.error().message();
}

TEST_F(ProductGateTest, ClusterNodesShareOneProjectFingerprint) {
  // Every node of the cluster shows the QR for the cluster's install id: one binding serves all.
  SeededRandom other = testing::TestRandom(99);
  ProductGate node_two;
  const ActivationPayload a = Show(kShownAt);
  const ActivationPayload b =
      ShowQr(node_two, "FRL-5EC0DE0000000001", kExampleKeyId, project_, kShownAt, other);
  EXPECT_EQ(a.project, b.project);
  EXPECT_NE(a.nonce, b.nonce);
}

// "Re-register" (docs/formats.md section 11.8): the release names the activated project, carries
// the tag the vendor checks, and leaves the product needing a new activation.
TEST_F(ProductGateTest, ReleaseGivesUpTheActivation) {
  auto nothing =
      ReleaseProject(gate_, secret_, "FRL-5EC0DE0000000001", kExampleKeyId, kShownAt, random_);
  ASSERT_FALSE(nothing.ok());
  EXPECT_EQ(nothing.error().code(), ErrorCode::kConflict);
  Show(kShownAt);
  ASSERT_EQ(Enter(RightCode(), kShownAt + 5).verdict, CodeVerdict::kAccepted);
  Show(kShownAt + 6);
  auto release = ReleaseProject(gate_, secret_, "FRL-5EC0DE0000000001", kExampleKeyId,
                                kShownAt + 100, random_);
  ASSERT_OK(release);
  EXPECT_EQ(release->payload.project, project_);
  EXPECT_EQ(release->payload.shown_at, kShownAt + 100);
  EXPECT_EQ(release->tag, ActivationReleaseTag(secret_, release->payload));
  EXPECT_TRUE(gate_.activated_project.empty());
  EXPECT_FALSE(gate_.shown.has_value());
}

TEST_F(ProductGateTest, JsonRoundTrip) {
  Show(kShownAt);
  ASSERT_EQ(Enter("000000" == RightCode() ? "000001" : "000000", kShownAt + 1).verdict,
            CodeVerdict::kWrongCode);
  gate_.locked_until = kShownAt - 5;
  gate_.activated_project = ProjectFingerprint("install-0000");
  gate_.activated_at = kShownAt - 100;
  const Json json = ProductGateToJson(gate_);
  auto read = ProductGateFromJson(ParseStrictJson(json.dump(), "state").value(), "state.json");
  ASSERT_OK(read);
  EXPECT_EQ(read->wrong_codes, 1);
  EXPECT_EQ(read->locked_until, gate_.locked_until);
  EXPECT_EQ(read->activated_project, gate_.activated_project);
  EXPECT_EQ(read->activated_at, gate_.activated_at);
  ASSERT_TRUE(read->shown.has_value());
  ExpectSamePayload(*read->shown, *gate_.shown);
  EXPECT_EQ(ProductGateToJson(*read).dump(), json.dump());

  // Without a QR on screen.
  ProductGate empty;
  auto read_empty = ProductGateFromJson(ProductGateToJson(empty), "state.json");
  ASSERT_OK(read_empty);
  EXPECT_FALSE(read_empty->shown.has_value());
  EXPECT_EQ(read_empty->wrong_codes, 0);
  EXPECT_EQ(ProductGateToJson(*read_empty).dump(), ProductGateToJson(empty).dump());
}

TEST_F(ProductGateTest, JsonIsReadStrictly) {
  Show(kShownAt);
  const Json good = ProductGateToJson(gate_);
  auto expect_malformed = [](const Json& json, const std::string& what) {
    auto read = ProductGateFromJson(json, "state.json");
    ASSERT_FALSE(read.ok()) << what << " accepted";
    EXPECT_EQ(read.error().code(), ErrorCode::kMalformed) << what;
  };
  Json unknown = good;
  unknown["extra"] = 1;
  expect_malformed(unknown, "an unknown field");
  Json too_many = good;
  too_many["wrong_codes"] = kMaxWrongCodes + 1;  // a count past five has already locked
  expect_malformed(too_many, "six wrong codes");
  Json missing = good;
  missing.erase("wrong_codes");
  expect_malformed(missing, "a missing field");
  Json wrong_type = good;
  wrong_type["locked_until"] = "soon";
  expect_malformed(wrong_type, "a string time");
  Json bad_shown = good;
  bad_shown["shown"] = "v=1&s=FRL-1";
  expect_malformed(bad_shown, "a malformed shown payload");
  Json number_shown = good;
  number_shown["shown"] = 5;
  expect_malformed(number_shown, "a number as the shown payload");
}

}  // namespace
}  // namespace frlic
