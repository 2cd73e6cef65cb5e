// MachineInfo.rif: platforms, fingerprint, validation, sealing and every rejection.
#include <gtest/gtest.h>
#include <sodium.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "frlic/core/files.h"
#include "frlic/core/strict_json.h"
#include "machine_test_support.h"
#include "status_matchers.h"

namespace frlic {
namespace {

using testing::ErrorText;
using testing::kCheap;
using testing::KeyIdOf;
using testing::kTestMemlimit;
using testing::kTestOpslimit;
using testing::SampleHardware;
using testing::SampleInfo;
using testing::SampleTime;
using testing::SealRaw;
using testing::TempDirTest;
using testing::TestPassphrase;
using testing::TestRandom;

X25519PublicKey KeyFromHex(const std::string& hex) {
  auto bytes = HexDecode(hex);
  EXPECT_TRUE(bytes) << hex;
  return X25519PublicKey::FromBytes(*bytes).value();
}

X25519PrivateKey MachineKey(std::uint8_t fill = 1) {
  auto random = TestRandom(fill);
  return X25519PrivateKey::Generate(random);
}

// ---------------------------------------------------------------- platforms

TEST(MachinePlatform, NamesRoundTripAndServerBinary) {
  const std::vector<std::string> names = {"windows",     "linux-amd64", "linux-i386",
                                          "linux-arm32", "linux-arm64", "macos"};
  ASSERT_EQ(std::size(kAllPlatforms), names.size());
  for (std::size_t i = 0; i < names.size(); ++i) {
    EXPECT_EQ(PlatformName(kAllPlatforms[i]), names[i]);
    EXPECT_EQ(ParsePlatform(names[i]), kAllPlatforms[i]);
    EXPECT_STREQ(ServerBinaryName(kAllPlatforms[i]),
                 kAllPlatforms[i] == Platform::kWindows ? "server.exe" : "server");
  }
  for (const char* bad : {"", "Windows", "linux_amd64", "linux-AMD64", "linux-x86_64", "darwin",
                          "linux-amd64 ", "linux"}) {
    EXPECT_FALSE(ParsePlatform(bad)) << bad;
  }
  EXPECT_EQ(PlatformNameList(),
            "windows, linux-amd64, linux-i386, linux-arm32, linux-arm64, macos");
}

// ---------------------------------------------------------------- fingerprint

// tests/vectors/rif/fingerprint.txt was computed with Python's hashlib and json, not frlic.
TEST(MachineFingerprint, MatchesIndependentlyComputedVectors) {
  std::ifstream in(FRLIC_SOURCE_DIR "/tests/vectors/rif/fingerprint.txt");
  ASSERT_TRUE(in.good());
  std::string line;
  int checked = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const std::string expected = line.substr(0, 64);
    const std::string canonical = line.substr(65);
    auto json = nlohmann::json::parse(canonical);
    HardwareFacts facts{json["machine_id"], json["macs"].get<std::vector<std::string>>()};
    EXPECT_EQ(MachineFingerprint(facts), expected) << canonical;
    EXPECT_EQ(Sha256Hex(AsBytes("frlic-machine-fingerprint-v1\n" + canonical)), expected);
    ++checked;
  }
  EXPECT_EQ(checked, 4);
}

TEST(MachineFingerprint, DependsOnHardwareOnlyNotHostnameOrOs) {
  auto key = MachineKey();
  auto a = MachineInfo::Create(Platform::kLinuxAmd64, "host-a", "Debian GNU/Linux 12",
                               SampleHardware(), key.public_key(), "v1", SampleTime());
  auto b = MachineInfo::Create(Platform::kLinuxArm64, "host-b", "Ubuntu 24.04 LTS",
                               SampleHardware(), MachineKey(2).public_key(), "v2", 0);
  ASSERT_OK(a);
  ASSERT_OK(b);
  EXPECT_EQ(a->fingerprint(), b->fingerprint());
  EXPECT_EQ(a->fingerprint(), "2cee7c9fbed621eb63f2b9521af0272eaac8a268dd13d2e1e9ae142b724fcd05");
  HardwareFacts other = SampleHardware();
  other.macs[1] = "52:54:00:ab:cd:ee";
  EXPECT_NE(MachineFingerprint(other), a->fingerprint());
  other = SampleHardware();
  other.machine_id += "0";
  EXPECT_NE(MachineFingerprint(other), a->fingerprint());
}

// ---------------------------------------------------------------- MACs and facts

TEST(MachineMac, CanonicalForm) {
  EXPECT_EQ(CanonicalMac("AA:BB:CC:DD:EE:FF"), "aa:bb:cc:dd:ee:ff");
  EXPECT_EQ(CanonicalMac("aa-bb-cc-0d-ee-ff"), "aa:bb:cc:0d:ee:ff");
  for (const char* bad :
       {"", "aa:bb:cc:dd:ee", "aa:bb:cc:dd:ee:ff:00", "aa:bb-cc:dd:ee:ff", "aabb.ccdd.eeff",
        "aa:bb:cc:dd:ee:fg", " aa:bb:cc:dd:ee:f", "a:bb:cc:dd:ee:fff"}) {
    EXPECT_FALSE(CanonicalMac(bad)) << bad;
  }
  auto facts =
      NormalizeHardwareFacts("id", {"AA:BB:CC:DD:EE:FF", "00:11:22:33:44:55", "aa-bb-cc-dd-ee-ff"});
  ASSERT_OK(facts);
  EXPECT_EQ(facts->macs, (std::vector<std::string>{"00:11:22:33:44:55", "aa:bb:cc:dd:ee:ff"}));
  auto bad = NormalizeHardwareFacts("id", {"zz", "00:11:22:33:44:55", "1:2:3"});
  EXPECT_ERROR(bad, ErrorCode::kInvalidInput, "mac[0]");
  EXPECT_EQ(bad.error().problems().size(), 2u);
  EXPECT_NE(ErrorText(bad.error()).find("mac[2]"), std::string::npos);
}

// ---------------------------------------------------------------- Create

TEST(MachineInfoCreate, ReportsEveryProblemAtOnce) {
  HardwareFacts hardware{
      "has space",
      {"52:54:00:ab:cd:ef", "52:54:00:12:34:56", "00:00:00:00:00:00", "AA:BB:CC:DD:EE:FF"}};
  auto info = MachineInfo::Create(Platform::kLinuxAmd64, "", std::string("bad\x1b[31m", 8),
                                  hardware, X25519PublicKey::FromBytes(Bytes(32, 0)).value(),
                                  std::string(65, 'v'), -1);
  EXPECT_ERROR(info, ErrorCode::kInvalidInput, "hostname: is empty");
  const std::string text = ErrorText(info.error());
  for (const char* expected :
       {"os: is not UTF-8 text without control characters", "\\x1b", "hardware.machine_id",
        "hardware.macs[2]: is the all-zero address", "hardware.macs[3]: is not a MAC address",
        "tool_version: is too long", "machine_public_key: is a low-order", "created_at"}) {
    EXPECT_NE(text.find(expected), std::string::npos) << expected << " not in:\n" << text;
  }
  EXPECT_EQ(text.find("\x1b"), std::string::npos) << "control bytes must not be echoed";
  EXPECT_EQ(info.error().problems().size(), 8u) << text;
}

TEST(MachineInfoCreate, MacsMustBeSortedUniqueAndPresent) {
  auto key = MachineKey().public_key();
  auto create = [&](std::vector<std::string> macs) {
    return MachineInfo::Create(Platform::kLinuxAmd64, "h", "os", {"id", std::move(macs)}, key, "v",
                               0);
  };
  EXPECT_ERROR(create({}), ErrorCode::kInvalidInput, "hardware.macs: is empty");
  EXPECT_ERROR(create({"52:54:00:ab:cd:ef", "52:54:00:12:34:56"}), ErrorCode::kInvalidInput,
               "not in ascending order");
  EXPECT_ERROR(create({"52:54:00:12:34:56", "52:54:00:12:34:56"}), ErrorCode::kInvalidInput,
               "lists an address twice");
  EXPECT_ERROR(create(std::vector<std::string>(65, "52:54:00:12:34:56")), ErrorCode::kInvalidInput,
               "too many");
  EXPECT_OK(create({"52:54:00:12:34:56"}));
}

TEST(MachineInfoCreate, TextFieldLimits) {
  auto key = MachineKey().public_key();
  auto create = [&](std::string hostname, std::string machine_id) {
    return MachineInfo::Create(Platform::kWindows, std::move(hostname), "Windows Server 2022",
                               {std::move(machine_id), {"00:11:22:33:44:55"}}, key, "v", 0);
  };
  EXPECT_OK(create("服务器-01", "{6F1A2B3C-4D5E-6F70-8192-A3B4C5D6E7F8}"));
  EXPECT_OK(create(std::string(255, 'h'), std::string(128, 'm')));
  EXPECT_ERROR(create(std::string(256, 'h'), "id"), ErrorCode::kInvalidInput,
               "hostname: is too long");
  EXPECT_ERROR(create("h", std::string(129, 'm')), ErrorCode::kInvalidInput, "hardware.machine_id");
  EXPECT_ERROR(create("h", ""), ErrorCode::kInvalidInput, "hardware.machine_id: is empty");
  EXPECT_ERROR(create("h\xc0\xaf", "id"), ErrorCode::kInvalidInput, "hostname");      // overlong
  EXPECT_ERROR(create("h\xed\xa0\x80", "id"), ErrorCode::kInvalidInput, "hostname");  // surrogate
  EXPECT_ERROR(create("h\xc2\x85", "id"), ErrorCode::kInvalidInput, "hostname");      // C1 NEL
  EXPECT_ERROR(create("tab\there", "id"), ErrorCode::kInvalidInput, "hostname");
  EXPECT_ERROR(create("h", "id\x7f"), ErrorCode::kInvalidInput, "hardware.machine_id");
}

// Wycheproof's X25519 cases whose shared secret is all zeros: every one of their public keys
// (the low-order points, in canonical and non-canonical encodings) is refused as a machine key.
TEST(MachineInfoCreate, RefusesEveryWycheproofZeroSharedSecretKey) {
  std::ifstream in(FRLIC_SOURCE_DIR "/tests/vectors/third_party/wycheproof/x25519_test.json");
  ASSERT_TRUE(in.good());
  const auto doc = nlohmann::json::parse(in);
  std::set<std::string> keys;
  for (const auto& group : doc["testGroups"]) {
    for (const auto& test : group["tests"]) {
      const auto& flags = test["flags"];
      if (std::find(flags.begin(), flags.end(), "ZeroSharedSecret") != flags.end()) {
        keys.insert(test["public"].get<std::string>());
      }
    }
  }
  EXPECT_GE(keys.size(), 12u);
  for (const auto& hex : keys) {
    const auto key = KeyFromHex(hex);
    EXPECT_FALSE(IsUsableX25519PublicKey(key)) << hex;
    auto info = MachineInfo::Create(Platform::kLinuxAmd64, "h", "os", SampleHardware(), key, "v",
                                    SampleTime());
    EXPECT_ERROR(info, ErrorCode::kInvalidInput, "machine_public_key");
  }
  // The RFC 7748 test vectors' public keys are fine.
  for (const char* hex : {"8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a",
                          "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f"}) {
    EXPECT_TRUE(IsUsableX25519PublicKey(KeyFromHex(hex))) << hex;
  }
}

TEST(MachineInfoCreate, RefusesNonCanonicalKeyEncodings) {
  // u = 2^255 - 19 + 9 (the base point's u, non-canonically) and a key with the top bit set.
  EXPECT_FALSE(IsUsableX25519PublicKey(
      KeyFromHex("f6ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f")));
  auto good = MachineKey().public_key().bytes();
  good[31] |= 0x80;
  auto info = MachineInfo::Create(Platform::kLinuxAmd64, "h", "os", SampleHardware(),
                                  X25519PublicKey::FromBytes(good).value(), "v", 0);
  EXPECT_ERROR(info, ErrorCode::kInvalidInput, "not a canonical X25519 public key");
}

// ---------------------------------------------------------------- plaintext

TEST(MachineInfoJson, IsCompactWithSortedKeys) {
  auto key = MachineKey();
  const MachineInfo info = SampleInfo(key.public_key());
  const std::string expected =
      R"({"created_at":"2026-11-23T08:00:00Z",)"
      R"("fingerprint":"2cee7c9fbed621eb63f2b9521af0272eaac8a268dd13d2e1e9ae142b724fcd05",)"
      R"("format":"frlic.machine-info",)"
      R"("hardware":{"machine_id":"4f2a9c1e7b3d4e5f8a6b0c1d2e3f4a5b",)"
      R"("macs":["52:54:00:12:34:56","52:54:00:ab:cd:ef"]},)"
      R"("hostname":"licence-server-01",)"
      R"("machine_public_key":")" +
      Base64Encode(key.public_key().bytes()) +
      R"x(","os":"Debian GNU/Linux 12 (bookworm)","platform":"linux-amd64",)x"
      R"("tool_version":"frlic-sim 0.1.0","version":1})";
  EXPECT_EQ(info.ToJson(), expected);
  auto parsed = ParseMachineInfoJson(expected, "machine.json");
  ASSERT_OK(parsed);
  EXPECT_EQ(parsed->ToJson(), expected);
  EXPECT_EQ(parsed->hardware(), info.hardware());
  EXPECT_EQ(parsed->machine_public_key(), key.public_key());
  EXPECT_EQ(parsed->created_at(), SampleTime());
}

TEST(MachineInfoJson, NonAsciiIsRawUtf8) {
  auto info = MachineInfo::Create(Platform::kWindows, "服务器", "Windows Server 2022 (简体中文)",
                                  SampleHardware(), MachineKey().public_key(), "v", 0);
  ASSERT_OK(info);
  EXPECT_NE(info->ToJson().find("\"hostname\":\"服务器\""), std::string::npos);
  EXPECT_OK(ParseMachineInfoJson(info->ToJson(), "m"));
  // The same text with \u escapes is not the canonical form.
  std::string escaped = info->ToJson();
  escaped.replace(escaped.find("服务器"), std::string("服务器").size(), "\\u670d\\u52a1\\u5668");
  EXPECT_ERROR(ParseMachineInfoJson(escaped, "m"), ErrorCode::kMalformed, "canonical form");
}

// ---------------------------------------------------------------- seal and open

class MachineRif : public TempDirTest {
 protected:
  void SetUp() override {
    TempDirTest::SetUp();
    auto random = TestRandom(9);
    FixedClock clock(SampleTime());
    auto keyring = Keyring::Generate(Path("keys"), TestPassphrase(), kCheap, clock, random);
    ASSERT_OK(keyring);
    keyring_.emplace(std::move(keyring).value());
    auto rif = keyring_->UnlockRifKey(TestPassphrase());
    ASSERT_OK(rif);
    rif_.emplace(std::move(rif).value());
  }
  const X25519PublicKey& RifPublic() const { return rif_->key.public_key(); }
  Bytes Sealed(std::uint8_t fill = 1, Platform platform = Platform::kLinuxAmd64) {
    auto rif = SealMachineInfo(SampleInfo(MachineKey(fill).public_key(), platform), RifPublic(),
                               rif_->key_id);
    EXPECT_OK(rif);
    return std::move(rif).value();
  }
  // Seals arbitrary plaintext to this issuer.
  Bytes SealText(std::string_view plaintext) {
    return SealRaw(plaintext, RifPublic(), rif_->key_id);
  }
  Result<MachineInfo> Open(const Bytes& file) {
    return OpenMachineInfo(file, *rif_, "MachineInfo.rif");
  }
  // The sample's plaintext, edited as JSON and re-serialised compactly with sorted keys.
  std::string Edited(const std::function<void(nlohmann::json&)>& edit) {
    auto json = nlohmann::json::parse(SampleInfo(MachineKey().public_key()).ToJson());
    edit(json);
    return json.dump();
  }
  std::optional<Keyring> keyring_;
  std::optional<RifKey> rif_;
};

TEST_F(MachineRif, SealOpenRoundTrip) {
  auto key = MachineKey();
  const MachineInfo info = SampleInfo(key.public_key());
  auto rif = SealMachineInfo(info, RifPublic(), rif_->key_id);
  ASSERT_OK(rif);
  const std::string header = std::string(kRifMagic) + rif_->key_id + "\n";
  ASSERT_EQ(AsText(*rif).substr(0, header.size()), header);
  EXPECT_EQ(rif->size(), header.size() + crypto_box_SEALBYTES + info.ToJson().size());
  // The plaintext is not visible in the file.
  EXPECT_EQ(std::string(AsText(*rif)).find("licence-server-01"), std::string::npos);
  auto key_id = RifKeyIdOf(*rif, "MachineInfo.rif");
  ASSERT_OK(key_id);
  EXPECT_EQ(*key_id, rif_->key_id);
  auto opened = Open(*rif);
  ASSERT_OK(opened);
  EXPECT_EQ(opened->ToJson(), info.ToJson());
  EXPECT_EQ(opened->platform(), Platform::kLinuxAmd64);
  EXPECT_EQ(opened->hostname(), "licence-server-01");
  EXPECT_EQ(opened->machine_public_key(), key.public_key());
  EXPECT_EQ(opened->fingerprint(), MachineFingerprint(SampleHardware()));
  // Through the keyring: the header picks the key.
  auto via_keyring = OpenMachineInfo(*rif, *keyring_, TestPassphrase(), "MachineInfo.rif");
  ASSERT_OK(via_keyring);
  EXPECT_EQ(via_keyring->ToJson(), info.ToJson());
  // Each seal uses a fresh ephemeral key.
  EXPECT_NE(Sealed(), Sealed());
}

TEST_F(MachineRif, SeededSealIsReproducibleAndOpensWithCryptoBoxSealOpen) {
  const MachineInfo info = SampleInfo(MachineKey().public_key());
  auto r1 = TestRandom(3), r2 = TestRandom(3), r3 = TestRandom(4);
  auto a = SealMachineInfo(info, RifPublic(), rif_->key_id, r1);
  auto b = SealMachineInfo(info, RifPublic(), rif_->key_id, r2);
  auto c = SealMachineInfo(info, RifPublic(), rif_->key_id, r3);
  ASSERT_OK(a);
  ASSERT_OK(b);
  ASSERT_OK(c);
  EXPECT_EQ(*a, *b);
  EXPECT_NE(*a, *c);
  // libsodium's own opener accepts it: the construction is crypto_box_seal's.
  const std::size_t header = std::string(kRifMagic).size() + 17;
  std::string plaintext(a->size() - header - crypto_box_SEALBYTES, '\0');
  ASSERT_EQ(crypto_box_seal_open(reinterpret_cast<unsigned char*>(plaintext.data()),
                                 a->data() + header, a->size() - header, RifPublic().bytes().data(),
                                 rif_->key.secret().reveal().data()),
            0);
  EXPECT_EQ(plaintext, info.ToJson());
}

TEST_F(MachineRif, SealRefusesAMismatchedKeyIdOrAnUnusableKey) {
  const MachineInfo info = SampleInfo(MachineKey().public_key());
  EXPECT_ERROR(SealMachineInfo(info, RifPublic(), "0123456789abcdef"), ErrorCode::kInvalidInput,
               "does not name this public key");
  EXPECT_ERROR(SealMachineInfo(info, RifPublic(), "not-a-key-id"), ErrorCode::kInvalidInput,
               "not 16 lower-case hex");
  auto zero = X25519PublicKey::FromBytes(Bytes(32, 0)).value();
  EXPECT_ERROR(SealMachineInfo(info, zero, KeyIdOf(zero)), ErrorCode::kInvalidInput,
               "not a usable X25519 public key");
}

TEST_F(MachineRif, RejectsAMissingOrWrongHeader) {
  EXPECT_ERROR(Open({}), ErrorCode::kMalformed, "is empty: not a MachineInfo.rif");
  EXPECT_ERROR(Open(ToBytes("PK\x03\x04 a zip file")), ErrorCode::kMalformed,
               "is not a MachineInfo.rif");
  EXPECT_ERROR(Open(ToBytes("{\"format\":\"frlic.machine-info\"}")), ErrorCode::kMalformed,
               "is not a MachineInfo.rif");
  Bytes rif = Sealed();
  rif[0] = 'F';
  EXPECT_ERROR(Open(rif), ErrorCode::kMalformed, "is not a MachineInfo.rif");
  EXPECT_ERROR(RifKeyIdOf(rif, "x.rif"), ErrorCode::kMalformed, "x.rif is not a MachineInfo.rif");
  // A header converted to CRLF in transit is named as such.
  std::string crlf(AsText(Sealed()));
  crlf.replace(crlf.find('\n'), 1, "\r\n");
  EXPECT_ERROR(Open(ToBytes(crlf)), ErrorCode::kMalformed, "Windows line endings");
}

TEST_F(MachineRif, RejectsAnUnknownFileVersion) {
  std::string v2(AsText(Sealed()));
  v2[11] = '2';
  EXPECT_ERROR(Open(ToBytes(v2)), ErrorCode::kMalformed, "MachineInfo.rif of version 2");
  EXPECT_ERROR(Open(ToBytes("frlic-rif-v10\n0123456789abcdef\n")), ErrorCode::kMalformed,
               "version 10; this frlic reads version 1");
}

TEST_F(MachineRif, RejectsABadKeyIdLine) {
  std::string upper(AsText(Sealed()));
  upper.replace(13, 16, "ABCDEF0123456789");
  EXPECT_ERROR(Open(ToBytes(upper)), ErrorCode::kMalformed, "is not a RIF key id");
  EXPECT_ERROR(Open(ToBytes(std::string(kRifMagic) + "0123456789abcdef sealed")),
               ErrorCode::kMalformed, "is not a RIF key id");
  EXPECT_ERROR(Open(ToBytes(std::string(kRifMagic) + "\n")), ErrorCode::kMalformed,
               "is not a RIF key id");
}

TEST_F(MachineRif, SealedToAnotherIssuersKeyIsUnknownKey) {
  auto random = TestRandom(77);
  FixedClock clock(SampleTime());
  auto other = Keyring::Generate(Path("other"), TestPassphrase("other"), kCheap, clock, random);
  ASSERT_OK(other);
  const std::string other_id = other->ActiveRifKey()->key_id;
  ASSERT_NE(other_id, rif_->key_id);
  auto other_public = X25519PublicKey::FromBytes(other->ActiveRifKey()->public_key).value();
  auto rif = SealMachineInfo(SampleInfo(MachineKey().public_key()), other_public, other_id);
  ASSERT_OK(rif);
  EXPECT_ERROR(Open(*rif), ErrorCode::kUnknownKey, "sealed to another issuer's key " + other_id);
  auto via_keyring = OpenMachineInfo(*rif, *keyring_, TestPassphrase(), "MachineInfo.rif");
  EXPECT_ERROR(via_keyring, ErrorCode::kUnknownKey, "sealed to another issuer's key " + other_id);
  EXPECT_ERROR(via_keyring, ErrorCode::kUnknownKey, "holds RIF key " + rif_->key_id);
  // The other issuer opens it.
  auto other_rif = other->UnlockRifKey(TestPassphrase("other"));
  ASSERT_OK(other_rif);
  EXPECT_OK(OpenMachineInfo(*rif, *other_rif, "MachineInfo.rif"));
  // A header naming the signing key's id is no RIF key either.
  std::string signing_named(AsText(*rif));
  signing_named.replace(13, 16, keyring_->ActiveSigningKey()->key_id);
  EXPECT_ERROR(OpenMachineInfo(ToBytes(signing_named), *keyring_, TestPassphrase(), "m.rif"),
               ErrorCode::kUnknownKey, "sealed to another issuer's key");
}

TEST_F(MachineRif, ABoxThatDoesNotOpenIsBadSignature) {
  // Sealed to another key, header altered to name this issuer's key.
  auto stranger = MachineKey(55);
  Bytes altered =
      SealRaw(SampleInfo(MachineKey().public_key()).ToJson(), stranger.public_key(), rif_->key_id);
  EXPECT_ERROR(Open(altered), ErrorCode::kBadSignature,
               "does not open with RIF key " + rif_->key_id);
  EXPECT_ERROR(Open(altered), ErrorCode::kBadSignature, "damaged, or it was sealed to another key");
  // Any single flipped bit after the header.
  const Bytes rif = Sealed();
  const std::size_t header = std::string(kRifMagic).size() + 17;
  for (std::size_t i = header; i < rif.size(); i += 7) {
    Bytes damaged = rif;
    damaged[i] ^= 0x01;
    SCOPED_TRACE("byte " + std::to_string(i));
    EXPECT_ERROR(Open(damaged), ErrorCode::kBadSignature, "damaged");
  }
}

TEST_F(MachineRif, EveryTruncationIsRejected) {
  const Bytes rif = Sealed();
  ASSERT_OK(Open(rif));
  for (std::size_t length = 0; length < rif.size(); ++length) {
    Bytes cut(rif.begin(), rif.begin() + static_cast<std::ptrdiff_t>(length));
    auto opened = Open(cut);
    ASSERT_FALSE(opened.ok()) << "accepted the first " << length << " bytes";
    const ErrorCode code = opened.error().code();
    EXPECT_TRUE(code == ErrorCode::kMalformed || code == ErrorCode::kBadSignature)
        << length << ": " << ErrorText(opened.error());
    const std::size_t header = std::string(kRifMagic).size() + 17;
    if (length > 0 && length <= header + crypto_box_SEALBYTES) {
      EXPECT_NE(ErrorText(opened.error()).find("truncated"), std::string::npos)
          << length << ": " << ErrorText(opened.error());
    }
  }
  // Trailing bytes are damage too.
  Bytes longer = rif;
  longer.push_back('\n');
  EXPECT_ERROR(Open(longer), ErrorCode::kBadSignature, "damaged");
}

TEST_F(MachineRif, TooLargeIsRejectedBeforeOpening) {
  Bytes huge = Sealed();
  huge.resize(kMaxRifSize + 1, 'x');
  EXPECT_ERROR(Open(huge), ErrorCode::kMalformed, "too large");
}

TEST_F(MachineRif, RejectsAnUnknownPlaintextVersionOrFormat) {
  auto v2 = Edited([](auto& j) {
    j["version"] = 2;
    j["new_field"] = true;
  });
  EXPECT_ERROR(Open(SealText(v2)), ErrorCode::kMalformed,
               "machine information of version 2; this frlic reads version 1");
  auto format = Edited([](auto& j) { j["format"] = "frlic.receipt"; });
  EXPECT_ERROR(Open(SealText(format)), ErrorCode::kMalformed,
               "does not hold frlic machine information");
  EXPECT_ERROR(Open(SealText(Edited([](auto& j) { j["version"] = "1"; }))), ErrorCode::kMalformed,
               "version: has the wrong type");
  EXPECT_ERROR(Open(SealText(Edited([](auto& j) { j["version"] = 1.0; }))), ErrorCode::kMalformed,
               "version");
}

TEST_F(MachineRif, ReportsEveryMissingAndExtraField) {
  auto text = Edited([](auto& j) {
    j.erase("hostname");
    j.erase("os");
    j["hardware"].erase("macs");
    j["licence"] = "free";
    j["hardware"]["cpu"] = "x";
  });
  auto opened = Open(SealText(text));
  EXPECT_ERROR(opened, ErrorCode::kMalformed, "hostname: is missing");
  const std::string all = ErrorText(opened.error());
  for (const char* expected :
       {"os: is missing", "hardware.macs: is missing", "licence: is not a known field",
        "hardware.cpu: is not a known field"}) {
    EXPECT_NE(all.find(expected), std::string::npos) << expected << " not in:\n" << all;
  }
  EXPECT_EQ(opened.error().problems().size(), 5u) << all;
  for (const auto& problem : opened.error().problems()) EXPECT_EQ(problem.file, "MachineInfo.rif");
}

TEST_F(MachineRif, RejectsWrongTypes) {
  auto opened = Open(SealText(Edited([](auto& j) {
    j["hostname"] = 7;
    j["hardware"]["macs"] = {"52:54:00:12:34:56", 5};
    j["created_at"] = 1795420800;
  })));
  EXPECT_ERROR(opened, ErrorCode::kMalformed, "hostname: has the wrong type");
  EXPECT_NE(ErrorText(opened.error()).find("hardware.macs[1]: has the wrong type"),
            std::string::npos);
  EXPECT_NE(ErrorText(opened.error()).find("created_at: has the wrong type"), std::string::npos);
}

TEST_F(MachineRif, RejectsABadPlatform) {
  for (const char* bad : {"freebsd-amd64", "Linux-AMD64", "linux_arm64", ""}) {
    EXPECT_ERROR(Open(SealText(Edited([&](auto& j) { j["platform"] = bad; }))),
                 ErrorCode::kMalformed, "platform: is not a platform");
  }
}

TEST_F(MachineRif, RejectsAFingerprintThatDoesNotMatchTheHardware) {
  auto text = Edited([](auto& j) { j["hardware"]["macs"][1] = "52:54:00:ab:cd:ee"; });
  auto opened = Open(SealText(text));
  EXPECT_ERROR(opened, ErrorCode::kMalformed, "fingerprint: does not match the hardware");
  HardwareFacts edited = SampleHardware();
  edited.macs[1] = "52:54:00:ab:cd:ee";
  EXPECT_NE(ErrorText(opened.error()).find("expected " + MachineFingerprint(edited)),
            std::string::npos);
  EXPECT_ERROR(Open(SealText(Edited([](auto& j) { j["fingerprint"] = "00"; }))),
               ErrorCode::kMalformed, "fingerprint: does not match");
}

TEST_F(MachineRif, RejectsAMachineKeyThatIsNot32Bytes) {
  for (std::size_t size : {0, 16, 31, 33, 64}) {
    SCOPED_TRACE(size);
    const std::string key = Base64Encode(Bytes(size, 0x42));
    EXPECT_ERROR(Open(SealText(Edited([&](auto& j) { j["machine_public_key"] = key; }))),
                 ErrorCode::kMalformed, "machine_public_key: is not 32 bytes long");
  }
  EXPECT_ERROR(Open(SealText(Edited([](auto& j) { j["machine_public_key"] = "not base64!"; }))),
               ErrorCode::kMalformed, "machine_public_key: is not strict base64");
}

TEST_F(MachineRif, RejectsALowOrderMachineKey) {
  for (const char* hex : {"0000000000000000000000000000000000000000000000000000000000000000",
                          "0100000000000000000000000000000000000000000000000000000000000000",
                          "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800"}) {
    SCOPED_TRACE(hex);
    const std::string key = Base64Encode(*HexDecode(hex));
    EXPECT_ERROR(Open(SealText(Edited([&](auto& j) { j["machine_public_key"] = key; }))),
                 ErrorCode::kMalformed, "machine_public_key: is a low-order X25519 point");
  }
}

TEST_F(MachineRif, RejectsBadFieldValues) {
  EXPECT_ERROR(Open(SealText(Edited([](auto& j) { j["created_at"] = "2026-11-23 08:00:00"; }))),
               ErrorCode::kMalformed, "created_at: is not a UTC instant");
  EXPECT_ERROR(Open(SealText(Edited([](auto& j) { j["hostname"] = ""; }))), ErrorCode::kMalformed,
               "hostname: is empty");
  EXPECT_ERROR(Open(SealText(Edited([](auto& j) {
                 j["hardware"]["macs"] = {"52:54:00:ab:cd:ef", "52:54:00:12:34:56"};
               }))),
               ErrorCode::kMalformed, "hardware.macs: is not in ascending order");
  EXPECT_ERROR(
      Open(SealText(Edited([](auto& j) { j["hardware"]["macs"][0] = "52-54-00-12-34-56"; }))),
      ErrorCode::kMalformed, "hardware.macs[0]: is not a MAC address in canonical form");
}

TEST_F(MachineRif, RejectsNonCanonicalOrInvalidJson) {
  const std::string canonical = SampleInfo(MachineKey().public_key()).ToJson();
  ASSERT_OK(Open(SealText(canonical)));
  auto pretty = nlohmann::json::parse(canonical).dump(2);
  EXPECT_ERROR(Open(SealText(pretty)), ErrorCode::kMalformed, "not in canonical form");
  EXPECT_ERROR(Open(SealText(canonical + "\n")), ErrorCode::kMalformed, "not in canonical form");
  // Keys out of order (an ordered_json keeps insertion order).
  nlohmann::ordered_json reordered;
  reordered["version"] = 1;
  const auto parsed = nlohmann::json::parse(canonical);
  for (auto it = parsed.begin(); it != parsed.end(); ++it) {
    if (it.key() != "version") reordered[it.key()] = it.value();
  }
  EXPECT_ERROR(Open(SealText(reordered.dump())), ErrorCode::kMalformed, "not in canonical form");
  std::string duplicate = canonical;
  duplicate.insert(1, R"("hostname":"evil",)");
  EXPECT_ERROR(Open(SealText(duplicate)), ErrorCode::kMalformed, "\"hostname\" more than once");
  EXPECT_ERROR(Open(SealText("not json")), ErrorCode::kMalformed, "is not valid JSON");
  EXPECT_ERROR(Open(SealText("[1]")), ErrorCode::kMalformed, "JSON object at the top level");
  EXPECT_ERROR(Open(SealText(canonical + canonical)), ErrorCode::kMalformed, "not valid JSON");
}

TEST_F(MachineRif, UnlockThroughKeyringNeedsThePassphrase) {
  auto opened = OpenMachineInfo(Sealed(), *keyring_, TestPassphrase("wrong"), "MachineInfo.rif");
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code(), ErrorCode::kWrongPassphrase) << ErrorText(opened.error());
}

}  // namespace
}  // namespace frlic
