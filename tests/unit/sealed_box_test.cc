#include <gtest/gtest.h>
#include <sodium.h>

#include "frlic/keys/sealed_box.h"
#include "status_matchers.h"
#include "test_support.h"

namespace frlic {
namespace {

TEST(KeysSealedBox, OpensWithLibsodiumAndIsReproducible) {
  auto random = testing::TestRandom(1);
  auto recipient = X25519PrivateKey::Generate(random);
  auto seeded_a = testing::TestRandom(2);
  auto seeded_b = testing::TestRandom(2);
  Bytes a = SealTo(recipient.public_key(), AsBytes("instance seed"), seeded_a).value();
  Bytes b = SealTo(recipient.public_key(), AsBytes("instance seed"), seeded_b).value();
  EXPECT_EQ(a, b);
  EXPECT_EQ(a.size(), 13 + kSealOverhead);
  // libsodium's own opener accepts it: the construction is crypto_box_seal's.
  Bytes plain(a.size() - crypto_box_SEALBYTES);
  ASSERT_EQ(
      crypto_box_seal_open(plain.data(), a.data(), a.size(), recipient.public_key().bytes().data(),
                           recipient.secret().reveal().data()),
      0);
  EXPECT_EQ(AsText(plain), "instance seed");
  auto opened = OpenSealed(a, recipient);
  ASSERT_OK(opened);
  EXPECT_EQ(AsText(opened->reveal()), "instance seed");
}

TEST(KeysSealedBox, WrongKeyAndTamperingRefused) {
  auto random = testing::TestRandom(3);
  auto recipient = X25519PrivateKey::Generate(random);
  auto other = X25519PrivateKey::Generate(random);
  Bytes sealed = SealTo(recipient.public_key(), AsBytes("secret"), random).value();
  EXPECT_EQ(OpenSealed(sealed, other).error().code(), ErrorCode::kBadSignature);
  for (std::size_t i = 0; i < sealed.size(); ++i) {
    Bytes changed = sealed;
    changed[i] ^= 1;
    EXPECT_FALSE(OpenSealed(changed, recipient).ok()) << "byte " << i;
  }
  EXPECT_EQ(OpenSealed(ByteView(sealed).first(47), recipient).error().code(),
            ErrorCode::kMalformed);
  // A small-order recipient key (all zeros) is refused rather than sealed to.
  auto zero = X25519PublicKey::FromBytes(Bytes(32, 0));
  EXPECT_EQ(SealTo(*zero, AsBytes("secret"), random).error().code(), ErrorCode::kInvalidInput);
}

}  // namespace
}  // namespace frlic
