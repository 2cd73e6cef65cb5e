#include <gtest/gtest.h>

#include "frlic/core/bytes.h"
#include "frlic/keys/keyring.h"
#include "frlic/licence/envelope.h"
#include "status_matchers.h"
#include "test_support.h"

namespace frlic {
namespace {

using testing::TempDirTest;
using testing::TestRandom;

TEST(EnvelopePae, MatchesTheDsseSpecification) {
  // The example from the DSSE v1 protocol document.
  Bytes pae = PreAuthEncoding("http://example.com/HelloWorld", AsBytes("hello world"));
  EXPECT_EQ(AsText(pae), "DSSEv1 29 http://example.com/HelloWorld 11 hello world");
}

class EnvelopeTest : public TempDirTest {
 protected:
  void SetUp() override {
    TempDirTest::SetUp();
    auto random = TestRandom();
    FixedClock clock(1795392000);
    auto keyring = Keyring::Generate(Path("keys"), pass_, {1, 8192}, clock, random);
    ASSERT_OK(keyring);
    keyring_.emplace(std::move(keyring).value());
    auto signer = keyring_->UnlockSigner(pass_);
    ASSERT_OK(signer);
    signer_.emplace(std::move(signer).value());
    payload_ = R"({"key_id":")" + signer_->key_id + R"(","n":1})";
  }
  SecretBytes pass_ = SecretBytes::CopyFrom(std::string_view("pw"));
  std::optional<Keyring> keyring_;
  std::optional<Signer> signer_;
  std::string payload_;
  const std::string type_ = "application/vnd.frlic.test.v1+json";
};

TEST_F(EnvelopeTest, OpensWhatItSigns) {
  auto envelope = MakeEnvelope(type_, AsBytes(payload_), *signer_);
  ASSERT_OK(envelope);
  auto opened = OpenEnvelope(AsBytes(*envelope), type_, *keyring_, "f");
  ASSERT_OK(opened);
  EXPECT_EQ(AsText(opened->payload), payload_);
  EXPECT_EQ(opened->key_id, signer_->key_id);
  EXPECT_EQ(opened->payload_json["n"], 1);
}

// An artifact's envelope is checked once, by opening it as the customer's side will: what
// `open` is given is what is returned, and a signature that does not verify never gets out.
TEST_F(EnvelopeTest, AVerifiedEnvelopeIsOnlyWhatItsOpenAccepted) {
  auto open = [&](ByteView envelope) -> Status {
    FRLIC_RETURN_IF_ERROR(OpenEnvelope(envelope, type_, *keyring_, "f"));
    return Ok();
  };
  std::string opened;
  auto envelope = MakeVerifiedEnvelope(type_, AsBytes(payload_), *signer_, [&](ByteView bytes) {
    opened = AsText(bytes);
    return open(bytes);
  });
  ASSERT_OK(envelope);
  EXPECT_EQ(*envelope, opened);
  EXPECT_EQ(*envelope, *MakeEnvelope(type_, AsBytes(payload_), *signer_));  // Ed25519: one answer

  // A key that is not the one the keyring holds under its id signs a signature that does not
  // verify: the open fails, and no envelope is returned.
  auto other_key = Ed25519PrivateKey::FromSeed(SecretBytes::CopyFrom(Bytes(32, 0x42)));
  ASSERT_OK(other_key);
  ASSERT_FALSE(other_key->public_key() == signer_->public_key());
  const Signer impostor{signer_->key_id, std::move(other_key).value()};
  auto refused = MakeVerifiedEnvelope(type_, AsBytes(payload_), impostor, open);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code(), ErrorCode::kBadSignature);
  // Sign itself refuses nothing here (its own check uses the key's own public half): the
  // keyring's verification is the one that catches it.
  EXPECT_TRUE(impostor.Sign(AsBytes("x")).ok());
}

TEST_F(EnvelopeTest, AnotherTypeNeverVerifies) {
  auto envelope = MakeEnvelope(type_, AsBytes(payload_), *signer_);
  auto opened =
      OpenEnvelope(AsBytes(*envelope), "application/vnd.frlic.other.v1+json", *keyring_, "f");
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code(), ErrorCode::kMalformed);
  // Relabelling the type inside the file breaks the signature (the type is in the PAE).
  std::string relabelled = *envelope;
  relabelled.replace(relabelled.find(type_), type_.size(), "application/vnd.frlic.tset.v1+json");
  auto forged =
      OpenEnvelope(AsBytes(relabelled), "application/vnd.frlic.tset.v1+json", *keyring_, "f");
  ASSERT_FALSE(forged.ok());
  EXPECT_EQ(forged.error().code(), ErrorCode::kBadSignature);
}

TEST_F(EnvelopeTest, EveryByteFlipIsRejected) {
  auto envelope = MakeEnvelope(type_, AsBytes(payload_), *signer_);
  ASSERT_OK(envelope);
  for (std::size_t i = 0; i < envelope->size(); ++i) {
    for (unsigned char mask : {0x01, 0x20, 0x80}) {
      std::string changed = *envelope;
      changed[i] = static_cast<char>(changed[i] ^ mask);
      EXPECT_FALSE(OpenEnvelope(AsBytes(changed), type_, *keyring_, "f").ok())
          << "byte " << i << " mask " << int(mask);
    }
  }
  EXPECT_FALSE(
      OpenEnvelope(AsBytes(envelope->substr(0, envelope->size() - 1)), type_, *keyring_, "f").ok());
  EXPECT_FALSE(OpenEnvelope(AsBytes(*envelope + "\n"), type_, *keyring_, "f").ok());
}

TEST_F(EnvelopeTest, PayloadMustNameItsSigner) {
  const std::string lying = R"({"key_id":"0000000000000000"})";
  auto envelope = MakeEnvelope(type_, AsBytes(lying), *signer_);
  auto opened = OpenEnvelope(AsBytes(*envelope), type_, *keyring_, "f");
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code(), ErrorCode::kMalformed);
}

TEST_F(EnvelopeTest, DuplicateKeysInPayloadRejectedAfterSignatureCheck) {
  const std::string dup = R"({"key_id":")" + signer_->key_id + R"(","n":1,"n":2})";
  auto envelope = MakeEnvelope(type_, AsBytes(dup), *signer_);
  auto opened = OpenEnvelope(AsBytes(*envelope), type_, *keyring_, "f");
  ASSERT_FALSE(opened.ok());
  EXPECT_NE(opened.error().message().find("more than once"), std::string::npos);
}

TEST_F(EnvelopeTest, UnknownKeyIsNamed) {
  auto random = TestRandom(42);
  FixedClock clock(0);
  auto other = Keyring::Generate(Path("other"), pass_, {1, 8192}, clock, random);
  auto other_signer = other->UnlockSigner(pass_);
  const std::string payload = R"({"key_id":")" + other_signer->key_id + R"("})";
  auto envelope = MakeEnvelope(type_, AsBytes(payload), *other_signer);
  auto opened = OpenEnvelope(AsBytes(*envelope), type_, *keyring_, "f");
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code(), ErrorCode::kUnknownKey);
  EXPECT_NE(opened.error().message().find(other_signer->key_id), std::string::npos);
}

}  // namespace
}  // namespace frlic
