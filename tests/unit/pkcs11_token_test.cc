// The PKCS#11 signing key against a real SoftHSM2 token.
#include "frlic/keys/pkcs11_token.h"

#include <gtest/gtest.h>

#include "softhsm_token.h"
#include "status_matchers.h"
#include "test_support.h"

namespace frlic {
namespace {

using testing::HasError;

SecretBytes Pin(const char* text = softhsm_test::kUserPin) { return SecretBytes::CopyFrom(text); }

class TokenKeyTest : public testing::TempDirTest {
 protected:
  void SetUp() override {
    TempDirTest::SetUp();
    const std::string failed = softhsm_test::InitToken(dir_);
    ASSERT_EQ(failed, "");
  }
};

TEST_F(TokenKeyTest, GeneratedKeySignsWhatItsPublicKeyVerifies) {
  const std::string uri = softhsm_test::KeyUri("signing");
  auto made = TokenKey::Generate(uri, Pin());
  ASSERT_OK(made);
  const ByteView message = AsBytes("frlic exact bytes");
  auto signature = (*made)->Sign(message);
  ASSERT_OK(signature);
  EXPECT_EQ(signature->size(), 64u);
  EXPECT_TRUE(VerifyEd25519((*made)->public_key(), message, *signature));
  // Pure Ed25519 is deterministic: the same bytes, the same signature.
  auto again = (*made)->Sign(message);
  ASSERT_OK(again);
  EXPECT_EQ(*again, *signature);

  // Opened again (a later run), the key is found with the same public half.
  auto opened = TokenKey::Open(uri, Pin());
  ASSERT_OK(opened);
  EXPECT_EQ((*opened)->public_key(), (*made)->public_key());
  // A second key of the same name is refused; another name is another key.
  EXPECT_THAT(TokenKey::Generate(uri, Pin()), HasError(ErrorCode::kConflict));
  auto other = TokenKey::Generate(softhsm_test::KeyUri("other"), Pin());
  ASSERT_OK(other);
  EXPECT_NE((*other)->public_key(), (*made)->public_key());
}

TEST_F(TokenKeyTest, TheErrorsNameWhatIsWrong) {
  ASSERT_OK(TokenKey::Generate(softhsm_test::KeyUri("signing"), Pin()));
  auto wrong_pin = TokenKey::Open(softhsm_test::KeyUri("signing"), Pin("0000"));
  ASSERT_THAT(wrong_pin, HasError(ErrorCode::kRefused));
  EXPECT_NE(wrong_pin.error().message().find("CKR_PIN_INCORRECT"), std::string::npos)
      << wrong_pin.error().message();
  EXPECT_THAT(TokenKey::Open(softhsm_test::KeyUri("absent"), Pin()),
              HasError(ErrorCode::kNotFound));
  const std::string no_token = "pkcs11:token=nowhere;object=signing?module-path=" +
                               softhsm_test::ModulePath();
  auto missing = TokenKey::Open(no_token, Pin());
  ASSERT_THAT(missing, HasError(ErrorCode::kNotFound));
  EXPECT_NE(missing.error().message().find("no such token"), std::string::npos);
}

TEST(TokenKeyUriTest, AKeyringUriNamesATokenAndAKeyAndHoldsNoPin) {
  EXPECT_OK(CheckTokenKeyUri("pkcs11:token=t;object=k"));
  EXPECT_OK(CheckTokenKeyUri("pkcs11:serial=0123;id=%01?module-path=/x.so"));
  for (const char* bad : {"pkcs11:token=t;object=k?pin-value=1234",
                          "pkcs11:token=t;object=k?pin-source=file:/p", "pkcs11:object=k",
                          "pkcs11:token=t", "https://example.com"}) {
    EXPECT_THAT(CheckTokenKeyUri(bad), HasError(ErrorCode::kInvalidInput)) << bad;
  }
  const Status pin = CheckTokenKeyUri("pkcs11:token=t;object=k?pin-value=1234");
  EXPECT_NE(pin.error().message().find("keeps no secret"), std::string::npos);
}

}  // namespace
}  // namespace frlic
