// The activation secret and its file (frlic/activation/activation_secret): derived from the
// signing key, written 0600, read strictly.
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "activation_test_support.h"
#include "frlic/activation/activation_secret.h"
#include "frlic/core/bytes.h"
#include "frlic/core/files.h"
#include "frlic/keys/keyring.h"
#include "status_matchers.h"
#include "test_support.h"

namespace frlic {
namespace {

using testing::Contains;
using testing::CountingSecret;
using testing::ErrorText;
using testing::kActivationVectors;
using testing::kExampleKeyId;
using testing::kExampleKeys;
using testing::Slurp;

namespace fs = std::filesystem;

class ActivationSecretTest : public testing::TempDirTest {
 protected:
  void SetUp() override {
    TempDirTest::SetUp();
    // A copy of keys-example with its private files 0600 (git does not keep modes).
    fs::copy(kExampleKeys, Path("keys"));
    for (const auto& entry : fs::directory_iterator(Path("keys"))) {
      if (entry.path().extension() == ".key") ::chmod(entry.path().c_str(), 0600);
    }
    auto keyring = Keyring::Load(Path("keys"));
    ASSERT_OK(keyring);
    keyring_.emplace(std::move(keyring).value());
    std::string passphrase = Slurp(kExampleKeys + "/PASSPHRASE");
    while (!passphrase.empty() && passphrase.back() == '\n') passphrase.pop_back();
    passphrase_ = SecretBytes::CopyFrom(std::string_view(passphrase));
  }

  // A 0600 copy of the golden file (git keeps no modes either).
  std::string GoldenCopy() {
    const std::string path = Path("golden.secret");
    fs::copy_file(kActivationVectors + "/secret.txt", path, fs::copy_options::overwrite_existing);
    ::chmod(path.c_str(), 0600);
    return path;
  }

  std::string WriteRaw(const std::string& name, const std::string& text, unsigned mode = 0600) {
    const std::string path = Path(name);
    std::ofstream(path, std::ios::binary) << text;
    ::chmod(path.c_str(), mode);
    return path;
  }

  std::optional<Keyring> keyring_;
  SecretBytes passphrase_;
};

TEST_F(ActivationSecretTest, ExampleKeyDerivesTheGoldenSecret) {
  auto unlocked = UnlockActivationSecret(*keyring_, passphrase_);
  ASSERT_OK(unlocked);
  EXPECT_EQ(unlocked->key_id, kExampleKeyId);
  ASSERT_EQ(unlocked->secret.size(), 32u);

  auto golden = ReadActivationSecretFile(GoldenCopy());
  ASSERT_OK(golden);
  EXPECT_EQ(golden->key_id, kExampleKeyId);
  EXPECT_TRUE(golden->secret.Equals(unlocked->secret));

  // By name, the same.
  auto named = UnlockActivationSecret(*keyring_, passphrase_, kExampleKeyId);
  ASSERT_OK(named);
  EXPECT_TRUE(named->secret.Equals(unlocked->secret));
}

TEST_F(ActivationSecretTest, DeriveIsHmacSha256OfTheSeedOverTheLabel) {
  // Cross-check libsodium's HMAC with OpenSSL's.
  auto signer = keyring_->UnlockSigner(passphrase_);
  ASSERT_OK(signer);
  const auto seed = std::get<Ed25519PrivateKey>(signer->key).seed().reveal();
  ASSERT_EQ(seed.size(), 32u);
  const std::string label = "frlic activation secret v1";
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_size = 0;
  ASSERT_NE(
      HMAC(EVP_sha256(), seed.data(), static_cast<int>(seed.size()),
           reinterpret_cast<const unsigned char*>(label.data()), label.size(), mac, &mac_size),
      nullptr);
  ASSERT_EQ(mac_size, 32u);
  const SecretBytes expected = SecretBytes::CopyFrom(std::span<const std::uint8_t>(mac, 32));
  WipeMemory(mac, sizeof mac);
  EXPECT_TRUE(
      DeriveActivationSecret(std::get<Ed25519PrivateKey>(signer->key).seed()).Equals(expected));
}

TEST_F(ActivationSecretTest, UnknownKeyAndWrongPassphraseAreRefused) {
  auto unknown = UnlockActivationSecret(*keyring_, passphrase_, "0123456789abcdef");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code(), ErrorCode::kUnknownKey) << ErrorText(unknown.error());
  auto wrong = UnlockActivationSecret(*keyring_, SecretBytes::CopyFrom(std::string_view("nope")));
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().code(), ErrorCode::kWrongPassphrase) << ErrorText(wrong.error());
}

TEST_F(ActivationSecretTest, WriteReproducesTheGoldenFileWithMode0600) {
  auto unlocked = UnlockActivationSecret(*keyring_, passphrase_);
  ASSERT_OK(unlocked);
  const std::string path = Path("out/activation.secret");
  fs::create_directories(Path("out"));
  Status written = WriteActivationSecretFile(path, *unlocked, Overwrite::kNo);
  ASSERT_OK(written);
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(Slurp(path), Slurp(kActivationVectors + "/secret.txt"));

  auto read = ReadActivationSecretFile(path);
  ASSERT_OK(read);
  EXPECT_EQ(read->key_id, unlocked->key_id);
  EXPECT_TRUE(read->secret.Equals(unlocked->secret));

  Status again = WriteActivationSecretFile(path, *unlocked, Overwrite::kNo);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code(), ErrorCode::kRefused);
  EXPECT_OK(WriteActivationSecretFile(path, *unlocked, Overwrite::kYes));
}

TEST_F(ActivationSecretTest, RoundTripsAnySecret) {
  const ActivationSecret secret{"0123456789abcdef", CountingSecret()};
  const std::string path = Path("counting.secret");
  ASSERT_OK(WriteActivationSecretFile(path, secret, Overwrite::kNo));
  EXPECT_EQ(Slurp(path), "frlic-activation-secret-v1 0123456789abcdef " +
                             Base64Encode(ByteView(CountingSecret().reveal())) + "\n");
  auto read = ReadActivationSecretFile(path);
  ASSERT_OK(read);
  EXPECT_EQ(read->key_id, "0123456789abcdef");
  EXPECT_TRUE(read->secret.Equals(secret.secret));
}

TEST_F(ActivationSecretTest, LooseModesAreRefused) {
  const std::string golden = Slurp(kActivationVectors + "/secret.txt");
  for (unsigned mode : {0644u, 0640u, 0604u, 0660u}) {
    auto read = ReadActivationSecretFile(WriteRaw("loose.secret", golden, mode));
    ASSERT_FALSE(read.ok()) << std::oct << mode;
    EXPECT_EQ(read.error().code(), ErrorCode::kRefused) << ErrorText(read.error());
    EXPECT_TRUE(Contains(read.error().message(), "0600")) << read.error().message();
  }
  auto missing = ReadActivationSecretFile(Path("missing.secret"));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code(), ErrorCode::kNotFound);
}

TEST_F(ActivationSecretTest, MalformedFilesAreRefused) {
  const std::string golden = Slurp(kActivationVectors + "/secret.txt");
  ASSERT_EQ(golden.size(), 27u + 16 + 1 + 44 + 1) << golden;
  const std::string head = "frlic-activation-secret-v1 509d04703a0f70c2 ";
  const std::string b64 = golden.substr(head.size(), 44);
  ASSERT_EQ(head + b64 + "\n", golden);
  std::string url_safe = b64;
  std::replace(url_safe.begin(), url_safe.end(), '+', '-');
  std::replace(url_safe.begin(), url_safe.end(), '/', '_');
  ASSERT_NE(url_safe, b64);
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"empty", ""},
      {"only a newline", "\n"},
      {"no newline", head + b64},
      {"CRLF", head + b64 + "\r\n"},
      {"two newlines", head + b64 + "\n\n"},
      {"a second line", golden + golden},
      {"version 2", "frlic-activation-secret-v2 509d04703a0f70c2 " + b64 + "\n"},
      {"no magic", "509d04703a0f70c2 " + b64 + "\n"},
      {"upper-case key id", "frlic-activation-secret-v1 509D04703A0F70C2 " + b64 + "\n"},
      {"short key id", "frlic-activation-secret-v1 509d04703a0f70c " + b64 + "\n"},
      {"long key id", "frlic-activation-secret-v1 509d04703a0f70c22 " + b64 + "\n"},
      {"two spaces", "frlic-activation-secret-v1 509d04703a0f70c2  " + b64 + "\n"},
      {"tab", "frlic-activation-secret-v1 509d04703a0f70c2\t" + b64 + "\n"},
      {"no secret", head + "\n"},
      {"31 bytes", head + Base64Encode(Bytes(31, 7)) + "\n"},
      {"33 bytes", head + Base64Encode(Bytes(33, 7)) + "\n"},
      {"hex instead of base64", head + std::string(64, 'a') + "\n"},
      {"no padding", head + b64.substr(0, 43) + "\n"},
      {"trailing space", head + b64 + " \n"},
      {"a third field", head + b64 + " extra\n"},
      {"not base64", head + std::string(43, '!') + "=\n"},
      {"URL-safe base64", head + url_safe + "\n"},
      // The same 32 bytes, but the two unused bits of the last character set.
      {"non-canonical base64", head + b64.substr(0, 42) + static_cast<char>(b64[42] + 1) + "=\n"},
  };
  for (const auto& [name, text] : cases) {
    auto read = ReadActivationSecretFile(WriteRaw("bad.secret", text));
    ASSERT_FALSE(read.ok()) << name << " accepted";
    EXPECT_EQ(read.error().code(), ErrorCode::kMalformed)
        << name << ": " << ErrorText(read.error());
  }
}

}  // namespace
}  // namespace frlic
