#include <gtest/gtest.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "frlic/core/files.h"
#include "frlic/core/strict_json.h"
#include "frlic/keys/key_file.h"
#include "frlic/keys/keyring.h"
#include "frlic/keys/pem.h"
#include "status_matchers.h"
#include "test_support.h"

namespace frlic {
namespace {

using testing::kCheap;
using testing::kTestMemlimit;
using testing::kTestOpslimit;
using testing::TempDirTest;
using testing::TestRandom;

TEST(KeysEd25519, SignVerifyAndMismatchedPublicHalfRefused) {
  auto random = TestRandom();
  auto key = Ed25519PrivateKey::Generate(random);
  auto signature = key.Sign(AsBytes("message"));
  ASSERT_OK(signature);
  EXPECT_TRUE(VerifyEd25519(key.public_key(), AsBytes("message"), *signature));
  EXPECT_FALSE(VerifyEd25519(key.public_key(), AsBytes("messagE"), *signature));
  auto other = Ed25519PrivateKey::Generate(random);
  auto mismatched = Ed25519PrivateKey::FromSeed(key.seed(), &other.public_key());
  ASSERT_FALSE(mismatched.ok());
  EXPECT_EQ(mismatched.error().code(), ErrorCode::kRefused);
}

TEST(KeysKeyId, DerivedFromAlgorithmAndKey) {
  Bytes zeros(32, 0);
  const std::string ed = DeriveKeyId(KeyAlgorithm::kEd25519, zeros);
  const std::string x = DeriveKeyId(KeyAlgorithm::kX25519, zeros);
  EXPECT_TRUE(IsWellFormedKeyId(ed));
  EXPECT_NE(ed, x);
  // Golden value: SHA-256("frlic-key-id-v1\ned25519\n" || 32 zero bytes), first 8 bytes.
  std::string message = "frlic-key-id-v1\ned25519\n" + std::string(32, '\0');
  EXPECT_EQ(ed, Sha256Hex(AsBytes(message)).substr(0, 16));
  EXPECT_FALSE(IsWellFormedKeyId("ABCDEF0123456789"));
}

TEST(KeysPem, RoundTripAndWrongAlgorithmRefused) {
  auto random = TestRandom();
  auto key = Ed25519PrivateKey::Generate(random);
  Bytes raw(key.public_key().bytes().begin(), key.public_key().bytes().end());
  auto pem = PublicKeyToPem(KeyAlgorithm::kEd25519, raw);
  ASSERT_OK(pem);
  EXPECT_EQ(pem->rfind("-----BEGIN PUBLIC KEY-----", 0), 0u);
  auto back = PublicKeyFromPem(*pem, KeyAlgorithm::kEd25519);
  ASSERT_OK(back);
  EXPECT_EQ(*back, raw);
  EXPECT_FALSE(PublicKeyFromPem(*pem, KeyAlgorithm::kX25519).ok());
  EXPECT_FALSE(PublicKeyFromPem("not pem", KeyAlgorithm::kEd25519).ok());
}

TEST(KeysKeyFile, EncryptDecryptAndWrongPassphrase) {
  auto random = TestRandom();
  auto key = Ed25519PrivateKey::Generate(random);
  const std::string id = "0123456789abcdef";
  auto text = EncryptKeyFile(KeyAlgorithm::kEd25519, id, key.seed(),
                             SecretBytes::CopyFrom(std::string_view("right")), kCheap, random);
  ASSERT_OK(text);
  EXPECT_EQ(text->find(HexEncode(key.seed().reveal())), std::string::npos);
  auto file = SecretBytes::CopyFrom(std::string_view(*text));
  auto opened = DecryptKeyFile(file, "k", SecretBytes::CopyFrom(std::string_view("right")));
  ASSERT_OK(opened);
  EXPECT_TRUE(opened->secret.Equals(key.seed()));
  EXPECT_EQ(opened->key_id, id);
  auto wrong = DecryptKeyFile(file, "k", SecretBytes::CopyFrom(std::string_view("wrong")));
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().code(), ErrorCode::kWrongPassphrase);
  // Swapping the key id (associated data) breaks authentication too.
  std::string swapped = *text;
  swapped.replace(swapped.find(id), id.size(), "fedcba9876543210");
  auto tampered = DecryptKeyFile(SecretBytes::CopyFrom(std::string_view(swapped)), "k",
                                 SecretBytes::CopyFrom(std::string_view("right")));
  ASSERT_FALSE(tampered.ok());
  EXPECT_EQ(tampered.error().code(), ErrorCode::kWrongPassphrase);
}

TEST(KeysKeyFile, HostileCostRefused) {
  auto random = TestRandom();
  auto key = Ed25519PrivateKey::Generate(random);
  auto text = EncryptKeyFile(KeyAlgorithm::kEd25519, "0123456789abcdef", key.seed(),
                             SecretBytes::CopyFrom(std::string_view("p")), kCheap, random);
  auto json = ParseStrictJson(*text, "k");
  (*json)["kdf"]["memlimit"] = 1ull << 40;
  auto opened = DecryptKeyFile(SecretBytes::CopyFrom(std::string_view(json->dump())), "k",
                               SecretBytes::CopyFrom(std::string_view("p")));
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code(), ErrorCode::kMalformed);
  ASSERT_EQ(opened.error().problems().size(), 1u);
  EXPECT_EQ(opened.error().problems()[0].field, "kdf.memlimit");
}

class KeysKeyring : public TempDirTest {
 protected:
  SecretBytes Pass() { return SecretBytes::CopyFrom(std::string_view("correct horse")); }
  Keyring MakeKeyring() {
    auto random = TestRandom();
    FixedClock clock(1795392000);
    auto keyring = Keyring::Generate(Path("keys"), Pass(), kCheap, clock, random);
    EXPECT_OK(keyring);
    return std::move(keyring).value();
  }
};

TEST_F(KeysKeyring, GenerateLoadUnlock) {
  Keyring made = MakeKeyring();
  struct stat st {};
  ASSERT_EQ(::stat((Path("keys") + "/" + made.ActiveSigningKey()->private_file).c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  auto loaded = Keyring::Load(Path("keys"));
  ASSERT_OK(loaded);
  EXPECT_FALSE(loaded->is_example());
  auto signer = loaded->UnlockSigner(Pass());
  ASSERT_OK(signer);
  EXPECT_EQ(signer->key_id, made.ActiveSigningKey()->key_id);
  EXPECT_OK(loaded->UnlockRifKey(Pass()));
  auto wrong = loaded->UnlockSigner(SecretBytes::CopyFrom(std::string_view("nope")));
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().code(), ErrorCode::kWrongPassphrase);
  // A second keyring in the same place is refused.
  auto random = TestRandom();
  FixedClock clock(0);
  EXPECT_EQ(Keyring::Generate(Path("keys"), Pass(), kCheap, clock, random).error().code(),
            ErrorCode::kRefused);
}

TEST_F(KeysKeyring, LooseModeRefused) {
  Keyring made = MakeKeyring();
  ::chmod((Path("keys") + "/" + made.ActiveSigningKey()->private_file).c_str(), 0644);
  auto signer = Keyring::Load(Path("keys"))->UnlockSigner(Pass());
  ASSERT_FALSE(signer.ok());
  EXPECT_EQ(signer.error().code(), ErrorCode::kRefused);
}

TEST_F(KeysKeyring, SwappedPublicHalfRefused) {
  Keyring made = MakeKeyring();
  // Overwrite the signing key's public PEM with another key's and fix the manifest's id:
  // the private half no longer matches and must be refused before any signing.
  auto random = TestRandom(9);
  auto other = Ed25519PrivateKey::Generate(random);
  Bytes raw(other.public_key().bytes().begin(), other.public_key().bytes().end());
  const std::string new_id = DeriveKeyId(KeyAlgorithm::kEd25519, raw);
  const std::string pub_path = Path("keys") + "/signing-" + new_id + ".pub.pem";
  ASSERT_OK(WriteFileAtomic(pub_path, AsBytes(*PublicKeyToPem(KeyAlgorithm::kEd25519, raw)),
                            {0644, Overwrite::kNo}));
  const std::string manifest_path = Path("keys") + "/keyring.json";
  auto manifest = ReadFile(manifest_path);
  std::string text(AsText(*manifest));
  const std::string old_id = made.ActiveSigningKey()->key_id;
  for (auto at = text.find(old_id); at != std::string::npos; at = text.find(old_id)) {
    text.replace(at, old_id.size(), new_id);
  }
  ASSERT_OK(WriteFileAtomic(manifest_path, AsBytes(text), {0644, Overwrite::kYes}));
  // The private file keeps the original secret, re-encrypted under the new id, so only the
  // public-half check can catch the mismatch.
  const std::string old_private = Path("keys") + "/signing-" + old_id + ".key";
  auto decrypted = DecryptKeyFile(*ReadSecretFile(old_private), old_private, Pass());
  ASSERT_OK(decrypted);
  auto reencrypted =
      EncryptKeyFile(KeyAlgorithm::kEd25519, new_id, decrypted->secret, Pass(), kCheap, random);
  ASSERT_OK(WriteFileAtomic(Path("keys") + "/signing-" + new_id + ".key", AsBytes(*reencrypted),
                            {0600, Overwrite::kNo}));
  auto loaded = Keyring::Load(Path("keys"));
  ASSERT_OK(loaded);
  auto signer = loaded->UnlockSigner(Pass());
  ASSERT_FALSE(signer.ok());
  EXPECT_EQ(signer.error().code(), ErrorCode::kRefused);
  EXPECT_NE(signer.error().message().find("does not match"), std::string::npos);
}

TEST_F(KeysKeyring, RotationSignsWithNewestAndKeepsOldForVerifying) {
  Keyring made = MakeKeyring();
  const std::string first = made.ActiveSigningKey()->key_id;
  auto random = TestRandom(3);
  FixedClock later(1795392000 + 60);
  auto second = made.AddSigningKey(Pass(), kCheap, later, random);
  ASSERT_OK(second);
  auto loaded = Keyring::Load(Path("keys"));
  ASSERT_OK(loaded);
  EXPECT_EQ(loaded->ActiveSigningKey()->key_id, *second);
  EXPECT_TRUE(loaded->SigningPublicKey(first));
  EXPECT_TRUE(loaded->SigningPublicKey(*second));
  EXPECT_EQ(loaded->UnlockSigner(Pass())->key_id, *second);
}

TEST_F(KeysKeyring, DamagedManifestReportsEveryProblem) {
  MakeKeyring();
  const std::string manifest_path = Path("keys") + "/keyring.json";
  auto json = ParseStrictJson(AsText(*ReadFile(manifest_path)), "m");
  (*json)["version"] = 2;
  (*json)["keys"][0]["purpose"] = "encryption";
  (*json)["extra"] = true;
  ASSERT_OK(WriteFileAtomic(manifest_path, AsBytes(json->dump()), {0644, Overwrite::kYes}));
  auto loaded = Keyring::Load(Path("keys"));
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error().problems().size(), 3u);
}

TEST_F(KeysKeyring, DirectoryOthersCanWriteToRefused) {
  MakeKeyring();
  const std::string dir = Path("keys");
  ASSERT_OK(Keyring::Load(dir));  // Generate made it 0700
  for (mode_t mode : {0755, 0750, 0777, 0701}) {
    ASSERT_EQ(::chmod(dir.c_str(), mode), 0);
    auto loaded = Keyring::Load(dir);
    ASSERT_FALSE(loaded.ok()) << std::oct << mode;
    EXPECT_EQ(loaded.error().code(), ErrorCode::kRefused);
    EXPECT_NE(loaded.error().message().find("must be 0700"), std::string::npos)
        << loaded.error().message();
    EXPECT_EQ(loaded.error().hint(), "run: chmod 700 " + dir);
  }
  ASSERT_EQ(::chmod(dir.c_str(), 0700), 0);
  EXPECT_OK(Keyring::Load(dir));
}

TEST_F(KeysKeyring, ManifestWritableByOthersRefused) {
  MakeKeyring();
  const std::string manifest = Path("keys") + "/keyring.json";
  for (mode_t mode : {0664, 0646, 0666}) {
    ASSERT_EQ(::chmod(manifest.c_str(), mode), 0);
    auto loaded = Keyring::Load(Path("keys"));
    ASSERT_FALSE(loaded.ok()) << std::oct << mode;
    EXPECT_EQ(loaded.error().code(), ErrorCode::kRefused);
    EXPECT_NE(loaded.error().message().find("writable by group or others"), std::string::npos);
    EXPECT_EQ(loaded.error().hint(), "run: chmod go-w " + manifest);
  }
  // Readable by others is fine: it holds public keys only.
  ASSERT_EQ(::chmod(manifest.c_str(), 0644), 0);
  EXPECT_OK(Keyring::Load(Path("keys")));
}

TEST_F(KeysKeyring, ExampleKeyringLoadsWhateverItsModesAreButNotWithAnAddedKey) {
  // A fresh clone: directory 0755 and files 0644 (git keeps no modes). Nothing to protect,
  // the passphrase is public.
  namespace fs = std::filesystem;
  fs::copy(testing::kExampleKeys, Path("example"));
  ASSERT_EQ(::chmod(Path("example").c_str(), 0777), 0);
  ASSERT_EQ(::chmod((Path("example") + "/keyring.json").c_str(), 0666), 0);
  auto loaded = Keyring::Load(Path("example"));
  ASSERT_OK(loaded);
  EXPECT_TRUE(loaded->is_example());
  // Someone adds their own key to it: no longer only the example keys, so the modes count.
  const std::string dir = Path("example");
  ASSERT_EQ(::chmod(dir.c_str(), 0700), 0);
  auto random = TestRandom(5);
  FixedClock clock(1795392000);
  ASSERT_OK(loaded->AddSigningKey(Pass(), kCheap, clock, random));
  ASSERT_EQ(::chmod(dir.c_str(), 0777), 0);
  auto again = Keyring::Load(dir);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code(), ErrorCode::kRefused);
}

TEST_F(KeysKeyring, UnlockingMakesTheProcessUndumpableWithoutCoreFiles) {
  // Start dumpable with core files allowed (as far as this process may raise them), so the
  // test fails if unlocking does not change them.
  ASSERT_EQ(::prctl(PR_SET_DUMPABLE, 1, 0, 0, 0), 0);
  rlimit core{};
  ASSERT_EQ(::getrlimit(RLIMIT_CORE, &core), 0);
  if (core.rlim_max != 0) {
    core.rlim_cur = core.rlim_max;
    ASSERT_EQ(::setrlimit(RLIMIT_CORE, &core), 0);
  }
  Keyring made = MakeKeyring();  // Generate protects too; undo it before the unlock
  ASSERT_EQ(::prctl(PR_SET_DUMPABLE, 1, 0, 0, 0), 0);
  ASSERT_EQ(::prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 1);
  auto loaded = Keyring::Load(Path("keys"));
  ASSERT_OK(loaded);
  EXPECT_EQ(::prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 1);  // loading reads no secret
  ASSERT_OK(loaded->UnlockSigner(Pass()));
  EXPECT_EQ(::prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 0);
  ASSERT_EQ(::getrlimit(RLIMIT_CORE, &core), 0);
  EXPECT_EQ(core.rlim_cur, 0u);
  EXPECT_EQ(core.rlim_max, 0u);
  // The same for the RIF key, on its own.
  ASSERT_EQ(::prctl(PR_SET_DUMPABLE, 1, 0, 0, 0), 0);
  ASSERT_OK(loaded->UnlockRifKey(Pass()));
  EXPECT_EQ(::prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 0);
}

}  // namespace
}  // namespace frlic
