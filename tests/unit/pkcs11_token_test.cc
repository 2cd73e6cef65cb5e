// The PKCS#11 signing key against a real SoftHSM2 token.
#include "frlic/keys/pkcs11_token.h"

#include <gtest/gtest.h>

#include <array>
#include <functional>

#include "frlic/core/files.h"
#include "frlic/core/strict_json.h"
#include "frlic/keys/keyring.h"
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
  const std::string no_token =
      "pkcs11:token=nowhere;object=signing?module-path=" + softhsm_test::ModulePath();
  auto missing = TokenKey::Open(no_token, Pin());
  ASSERT_THAT(missing, HasError(ErrorCode::kNotFound));
  EXPECT_NE(missing.error().message().find("no such token"), std::string::npos);
}

TEST(TokenKeyUriTest, AKeyringUriNamesATokenAndAKeyAndHoldsNoPin) {
  EXPECT_OK(CheckTokenKeyUri("pkcs11:token=t;object=k"));
  EXPECT_OK(CheckTokenKeyUri("pkcs11:serial=0123;id=%01?module-path=/x.so"));
  for (const char* bad :
       {"pkcs11:token=t;object=k?pin-value=1234", "pkcs11:token=t;object=k?pin-source=file:/p",
        "pkcs11:object=k", "pkcs11:token=t", "https://example.com"}) {
    EXPECT_THAT(CheckTokenKeyUri(bad), HasError(ErrorCode::kInvalidInput)) << bad;
  }
  const Status pin = CheckTokenKeyUri("pkcs11:token=t;object=k?pin-value=1234");
  EXPECT_NE(pin.error().message().find("keeps no secret"), std::string::npos);
}

}  // namespace
}  // namespace frlic

namespace frlic {
namespace {

// A keyring whose signing key is on the test token.
class TokenKeyringTest : public TokenKeyTest {
 protected:
  Result<Keyring> Make(const std::string& object = "signing") {
    const TokenKeyRequest token{softhsm_test::KeyUri(object), /*create=*/true};
    const KeyUnlock unlock{nullptr, [] { return Result<SecretBytes>(Pin()); }};
    SeededRandom random(std::array<std::uint8_t, 32>{7});
    FixedClock clock(1795392000);
    return Keyring::Generate(Path("keys"), SecretBytes::CopyFrom("rif passphrase"),
                             KdfCost::Minimal(), clock, random, &token, &unlock);
  }
  std::string Manifest() const { return Path("keys") + "/keyring.json"; }
  void RewriteManifest(const std::function<void(Json&)>& change) {
    auto json = ParseStrictJson(AsText(*ReadFile(Manifest())), "m");
    ASSERT_OK(json);
    change(*json);
    ASSERT_OK(WriteFileAtomic(Manifest(), AsBytes(json->dump()), {0644, Overwrite::kYes}));
  }
};

TEST_F(TokenKeyringTest, TheTokenSignsAndTheRifKeyStaysUnderThePassphrase) {
  auto made = Make();
  ASSERT_OK(made);
  const KeyEntry& signing = *made->ActiveSigningKey();
  EXPECT_EQ(signing.pkcs11_uri, softhsm_test::KeyUri("signing"));
  EXPECT_TRUE(signing.private_file.empty());
  auto loaded = Keyring::Load(Path("keys"));
  ASSERT_OK(loaded);
  // The PIN opens the signing key; no passphrase is asked for.
  const KeyUnlock pin_only{[]() -> Result<SecretBytes> {
                             return Error(ErrorCode::kInternal, "the passphrase was asked for");
                           },
                           [] { return Result<SecretBytes>(Pin()); }};
  auto signer = loaded->UnlockSigner(pin_only);
  ASSERT_OK(signer);
  EXPECT_EQ(signer->key_id, signing.key_id);
  auto signature = signer->Sign(AsBytes("bytes"));
  ASSERT_OK(signature);
  EXPECT_TRUE(
      VerifyEd25519(*loaded->SigningPublicKey(signing.key_id), AsBytes("bytes"), *signature));
  // The activation seed is the same at every unlock.
  auto seed = signer->ActivationSeed();
  ASSERT_OK(seed);
  auto again = loaded->UnlockSigner(pin_only);
  ASSERT_OK(again);
  EXPECT_TRUE(again->ActivationSeed()->Equals(*seed));
  // Without a PIN source the token key is refused, naming the ways to give one.
  auto no_pin = loaded->UnlockSigner(SecretBytes::CopyFrom("rif passphrase"));
  ASSERT_THAT(no_pin, HasError(ErrorCode::kRefused));
  EXPECT_NE(no_pin.error().hint().find("FRLIC_PKCS11_PIN"), std::string::npos);
  // The passphrase still opens the RIF key, and is what CheckPassphrase checks.
  EXPECT_OK(loaded->UnlockRifKey(SecretBytes::CopyFrom("rif passphrase")));
  EXPECT_OK(loaded->CheckPassphrase(SecretBytes::CopyFrom("rif passphrase")));
  EXPECT_THAT(loaded->CheckPassphrase(SecretBytes::CopyFrom("wrong")),
              HasError(ErrorCode::kWrongPassphrase));
}

TEST_F(TokenKeyringTest, AUriNamingAnotherKeyIsRefused) {
  ASSERT_OK(Make());
  ASSERT_OK(TokenKey::Generate(softhsm_test::KeyUri("other"), Pin()));
  RewriteManifest([](Json& json) { json["keys"][0]["pkcs11"] = softhsm_test::KeyUri("other"); });
  auto loaded = Keyring::Load(Path("keys"));
  ASSERT_OK(loaded);
  auto signer = loaded->UnlockSigner(KeyUnlock{nullptr, [] { return Result<SecretBytes>(Pin()); }});
  ASSERT_THAT(signer, HasError(ErrorCode::kRefused));
  EXPECT_NE(signer.error().message().find("public half differs"), std::string::npos);
}

TEST_F(TokenKeyringTest, TheManifestReportsEveryTokenProblem) {
  ASSERT_OK(Make());
  RewriteManifest([](Json& json) {
    json["keys"][0]["private"] = "signing.key";               // with pkcs11
    json["keys"][1]["pkcs11"] = "pkcs11:token=t;object=rif";  // a RIF key in a token
  });
  auto loaded = Keyring::Load(Path("keys"));
  ASSERT_THAT(loaded, HasError(ErrorCode::kMalformed));
  // keys[0]: private with pkcs11; keys[1]: the same, and a RIF key in a token.
  EXPECT_EQ(loaded.error().problems().size(), 3u);
  RewriteManifest([](Json& json) {
    json["keys"][0].erase("private");
    json["keys"][1].erase("pkcs11");
    json["keys"][0]["pkcs11"] = "pkcs11:token=frlic-test;object=signing?pin-value=4321";
  });
  loaded = Keyring::Load(Path("keys"));
  ASSERT_THAT(loaded, HasError(ErrorCode::kMalformed));
  ASSERT_EQ(loaded.error().problems().size(), 1u);
  EXPECT_NE(loaded.error().problems()[0].message.find("keeps no secret"), std::string::npos);
}

}  // namespace
}  // namespace frlic
