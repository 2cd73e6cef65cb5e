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

TEST_F(ProductGateTest, FiveWrongCodesLockForFifteenMinutes) {
  Show(kShownAt);
  const std::string right = RightCode();
  const std::string wrong = NextCode(right);
  for (int attempts_left : {4, 3, 2, 1}) {
    const CodeResult result = Enter(wrong, kShownAt + 10);
    EXPECT_EQ(result.verdict, CodeVerdict::kWrongCode) << result.message;
    EXPECT_EQ(result.attempts_left, attempts_left);
    EXPECT_TRUE(Contains(result.message, std::to_string(attempts_left) + " attempts left"))
        << result.message;
  }
  const UnixSeconds fifth_at = kShownAt + 30;
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
  EXPECT_EQ(counted.attempts_left, 4);
  EXPECT_EQ(Enter(RightCode(), unlocked_at + 2).verdict, CodeVerdict::kAccepted);
  EXPECT_EQ(gate_.activated_project, project_);
}

TEST_F(ProductGateTest, ExpiredQrIsRefusedWithoutCounting) {
  Show(kShownAt);
  const std::string right = RightCode();
  ASSERT_EQ(Enter(NextCode(right), kShownAt + 1).attempts_left, 4);
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
  EXPECT_EQ(result.attempts_left, 4);
  // And a code made with another secret.
  Bytes zero(32, 0);
  EXPECT_EQ(Enter(ActivationCode(SecretBytes::CopyFrom(ByteView(zero)), shown), kShownAt + 6)
                .attempts_left,
            3);
}

TEST_F(ProductGateTest, MalformedInputCountsAsWrong) {
  Show(kShownAt);
  const std::string right = RightCode();
  const std::vector<std::pair<std::string, int>> cases = {
      {right.substr(0, 5), 4},  // five digits
      {"12a456", 3},            // a letter
      {right + "0", 2},         // seven digits
      {" " + right, 1},         // a space
  };
  for (const auto& [code, attempts_left] : cases) {
    const CodeResult result = Enter(code, kShownAt + 5);
    EXPECT_EQ(result.verdict, CodeVerdict::kMalformed) << code;
    EXPECT_STREQ(CodeVerdictName(result.verdict), "malformed");
    EXPECT_EQ(result.attempts_left, attempts_left) << code;
  }
  const CodeResult locked = Enter("", kShownAt + 6);
  EXPECT_EQ(locked.verdict, CodeVerdict::kLocked);
  EXPECT_EQ(locked.locked_until, kShownAt + 6 + 900);
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
