// The machine directory, the host facts readers, the frlic-sim machine tool on every platform,
// and the committed MachineInfo.rif vectors (tests/vectors/rif).
#include <gtest/gtest.h>
#include <sodium.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "frlic/core/files.h"
#include "frlic/customer/host_facts.h"
#include "frlic/customer/machine_dir.h"
#include "machine_test_support.h"
#include "status_matchers.h"

namespace frlic {
namespace {

namespace fs = std::filesystem;
using testing::ErrorText;
using testing::kCheap;
using testing::KeyIdOf;
using testing::kTestMemlimit;
using testing::kTestOpslimit;
using testing::SampleHardware;
using testing::SampleInfo;
using testing::SampleTime;
using testing::Slurp;
using testing::TempDirTest;
using testing::TestPassphrase;
using testing::TestRandom;

unsigned ModeOf(const std::string& path) {
  struct stat st {};
  EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
  return st.st_mode & 07777;
}

void Put(const fs::path& path, std::string_view text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

// ---------------------------------------------------------------- machine directory

class MachineDirTest : public TempDirTest {
 protected:
  // A machine: its key, info and a RIF sealed to a throwaway issuer key.
  struct Made {
    X25519PrivateKey key;
    MachineInfo info;
    Bytes rif;
  };
  Made Make(std::uint8_t fill) {
    auto random = TestRandom(fill);
    auto key = X25519PrivateKey::Generate(random);
    MachineInfo info = SampleInfo(key.public_key());
    auto issuer = X25519PrivateKey::Generate(random);
    auto rif = SealMachineInfo(info, issuer.public_key(), KeyIdOf(issuer.public_key()));
    EXPECT_OK(rif);
    return Made{std::move(key), std::move(info), std::move(rif).value()};
  }
};

TEST_F(MachineDirTest, WritesThreeFilesWithTheirModesAndLoadsThem) {
  Made made = Make(1);
  const std::string dir = Path("machine");
  ASSERT_OK(WriteMachineDir(dir, made.info, made.key, made.rif));
  EXPECT_EQ(MachineRifPath(dir), dir + "/require/MachineInfo.rif");
  EXPECT_EQ(ModeOf(MachineKeyPath(dir)), 0600u);
  EXPECT_EQ(ModeOf(MachineJsonPath(dir)), 0644u);
  EXPECT_EQ(ModeOf(MachineRifPath(dir)), 0644u);
  EXPECT_EQ(Slurp(MachineRifPath(dir)), std::string(AsText(made.rif)));
  EXPECT_EQ(Slurp(MachineJsonPath(dir)), made.info.ToJson() + "\n");
  EXPECT_EQ(Slurp(MachineKeyPath(dir)), R"({"format":"frlic-machine-key","secret":")" +
                                            Base64Encode(made.key.secret().reveal()) +
                                            "\",\"version\":1}\n");
  auto loaded = LoadMachineDir(dir);
  ASSERT_OK(loaded);
  EXPECT_EQ(loaded->info.ToJson(), made.info.ToJson());
  EXPECT_TRUE(loaded->key.secret().Equals(made.key.secret()));
  EXPECT_EQ(loaded->info.fingerprint(), MachineFingerprint(SampleHardware()));
}

TEST_F(MachineDirTest, RefusesToOverwriteUnlessAsked) {
  Made first = Make(1), second = Make(2);
  const std::string dir = Path("machine");
  ASSERT_OK(WriteMachineDir(dir, first.info, first.key, first.rif));
  const std::string key_before = Slurp(MachineKeyPath(dir));
  EXPECT_ERROR(WriteMachineDir(dir, second.info, second.key, second.rif), ErrorCode::kRefused,
               "already holds a machine (" + MachineKeyPath(dir) + " exists)");
  EXPECT_EQ(Slurp(MachineKeyPath(dir)), key_before);
  EXPECT_EQ(Slurp(MachineRifPath(dir)), std::string(AsText(first.rif)));
  // Any one of the three files is enough to refuse.
  const std::string partial = Path("partial");
  Put(MachineRifPath(partial), "old");
  EXPECT_ERROR(WriteMachineDir(partial, first.info, first.key, first.rif), ErrorCode::kRefused,
               MachineRifPath(partial));
  EXPECT_FALSE(PathExists(MachineKeyPath(partial)));
  // Explicitly asked: replaced, still 0600.
  ASSERT_OK(WriteMachineDir(dir, second.info, second.key, second.rif, Overwrite::kYes));
  EXPECT_EQ(ModeOf(MachineKeyPath(dir)), 0600u);
  auto loaded = LoadMachineDir(dir);
  ASSERT_OK(loaded);
  EXPECT_TRUE(loaded->key.secret().Equals(second.key.secret()));
}

TEST_F(MachineDirTest, RefusesInconsistentInputs) {
  Made a = Make(1), b = Make(2);
  EXPECT_ERROR(WriteMachineDir(Path("m"), a.info, b.key, a.rif), ErrorCode::kInvalidInput,
               "not the private half");
  EXPECT_ERROR(WriteMachineDir(Path("m"), a.info, a.key, ToBytes("not a rif")),
               ErrorCode::kInvalidInput, "not a MachineInfo.rif");
  EXPECT_FALSE(PathExists(Path("m/machine.key")));
}

TEST_F(MachineDirTest, LoadRefusesALooseKeyFileOrAMismatchedKey) {
  Made a = Make(1), b = Make(2);
  const std::string dir = Path("machine");
  ASSERT_OK(WriteMachineDir(dir, a.info, a.key, a.rif));
  ::chmod(MachineKeyPath(dir).c_str(), 0644);
  EXPECT_ERROR(LoadMachineDir(dir), ErrorCode::kRefused, "chmod 600");
  ::chmod(MachineKeyPath(dir).c_str(), 0600);
  // machine.key of another run.
  const std::string other = Path("other");
  ASSERT_OK(WriteMachineDir(other, b.info, b.key, b.rif));
  fs::copy_file(MachineKeyPath(other), MachineKeyPath(dir), fs::copy_options::overwrite_existing);
  EXPECT_ERROR(LoadMachineDir(dir), ErrorCode::kRefused, "does not hold the private half");
  // A missing or edited machine.json.
  fs::remove(MachineJsonPath(other));
  EXPECT_ERROR(LoadMachineDir(other), ErrorCode::kNotFound, "machine.json");
  Put(MachineJsonPath(other), b.info.ToJson());
  EXPECT_ERROR(LoadMachineDir(other), ErrorCode::kMalformed, "line feed");
  std::string edited = b.info.ToJson();
  edited.replace(edited.find("licence-server-01"), 17, "licence-server-02");
  Put(MachineJsonPath(other), edited + "\n");
  // The hostname is not in the fingerprint: this one still loads...
  EXPECT_OK(LoadMachineDir(other));
  edited.replace(edited.find("52:54:00:12:34:56"), 17, "52:54:00:12:34:57");
  Put(MachineJsonPath(other), edited + "\n");
  // ...but changed hardware does not.
  EXPECT_ERROR(LoadMachineDir(other), ErrorCode::kMalformed, "fingerprint: does not match");
}

TEST_F(MachineDirTest, ARetiredKeyIsRefusedUntilTheToolRegeneratesIt) {
  Made first = Make(1);
  const std::string dir = Path("machine");
  ASSERT_OK(WriteMachineDir(dir, first.info, first.key, first.rif));
  ASSERT_OK(CheckMachineKeyNotRetired(dir));
  const UnixSeconds at = SampleTime() + 60;
  ASSERT_OK(RetireMachineKey(dir, first.key.public_key(), "FRL-5EC0DE0000000001", at));
  EXPECT_FALSE(PathExists(MachineKeyPath(dir)));  // the key is gone
  EXPECT_EQ(
      Slurp(MachineRetiredPath(dir)),
      R"({"format":"frlic-machine-retired","retired":[{"destroyed_at":"2026-11-23T08:01:00Z",)"
      R"("machine_public_key":")" +
          Base64Encode(first.key.public_key().bytes()) +
          R"(","serial":"FRL-5EC0DE0000000001"}],"version":1})"
          "\n");
  EXPECT_ERROR(CheckMachineKeyNotRetired(dir), ErrorCode::kRefused, "FRL-5EC0DE0000000001");
  EXPECT_ERROR(LoadMachineDir(dir), ErrorCode::kRefused, "--regenerate");
  // Regenerating writes a fresh key pair; the record of the old one stays.
  Made second = Make(2);
  ASSERT_OK(WriteMachineDir(dir, second.info, second.key, second.rif, Overwrite::kYes));
  ASSERT_OK(LoadMachineDir(dir));
  ASSERT_OK(RetireMachineKey(dir, second.key.public_key(), "FRL-5EC0DE0000000002", at + 1));
  auto retired = ReadRetiredMachineKeys(dir);
  ASSERT_OK(retired);
  ASSERT_EQ(retired->size(), 2u);
  EXPECT_EQ((*retired)[1].serial, "FRL-5EC0DE0000000002");
  Put(MachineRetiredPath(dir), "{}\n");
  EXPECT_ERROR(ReadRetiredMachineKeys(dir), ErrorCode::kMalformed, "retired machine keys");
}

TEST(MachineKeyFile, AcceptsExactlyItsOwnBytes) {
  auto random = TestRandom(5);
  auto key = X25519PrivateKey::Generate(random);
  const SecretBytes file = EncodeMachineKeyFile(key);
  auto decoded = DecodeMachineKeyFile(file, "machine.key");
  ASSERT_OK(decoded);
  EXPECT_EQ(decoded->public_key(), key.public_key());
  const std::string text(AsText(file.reveal()));
  const std::string secret = Base64Encode(key.secret().reveal());
  // The same 32 bytes with non-zero padding bits: base64 that is not the canonical encoding.
  const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string padding_bits = text;
  const std::size_t last = text.find(secret) + 42;
  padding_bits[last] = alphabet[alphabet.find(text[last]) ^ 1];
  const std::string pretty = "{\n  \"format\": \"frlic-machine-key\",\n  \"secret\": \"" + secret +
                             "\",\n  \"version\": 1\n}\n";
  for (const std::string& bad :
       {text.substr(0, text.size() - 1), text + "\n", pretty, std::string(), padding_bits,
        std::string(text).replace(text.find("\"version\":1"), 11, "\"version\":2"),
        std::string(text).replace(text.find(secret), secret.size(), std::string(44, '*'))}) {
    auto result = DecodeMachineKeyFile(SecretBytes::CopyFrom(std::string_view(bad)), "machine.key");
    EXPECT_ERROR(result, ErrorCode::kMalformed, "machine.key is not a frlic machine key file");
    EXPECT_EQ(ErrorText(result.error()).find(secret), std::string::npos);
  }
}

// ---------------------------------------------------------------- host facts

class MachineHostFacts : public TempDirTest {
 protected:
  std::string Root() const { return dir_.string(); }
  void Interface(const std::string& name, const std::string& address, bool physical,
                 const std::string& type = "1") {
    const fs::path dir = dir_ / "sys/class/net" / name;
    Put(dir / "address", address + "\n");
    Put(dir / "type", type + "\n");
    if (physical) fs::create_directories(dir / "device");
  }
};

TEST_F(MachineHostFacts, MachineIdFromEtcThenDbus) {
  EXPECT_ERROR(ReadHostMachineId(Root()), ErrorCode::kNotFound,
               Root() + "/etc/machine-id nor " + Root() + "/var/lib/dbus/machine-id");
  Put(dir_ / "var/lib/dbus/machine-id", "dbusid0123\n");
  EXPECT_EQ(*ReadHostMachineId(Root()), "dbusid0123");
  Put(dir_ / "etc/machine-id", "3d1219c7c4c5404aaa1f6d2a48adfda4\n");
  EXPECT_EQ(*ReadHostMachineId(Root()), "3d1219c7c4c5404aaa1f6d2a48adfda4");
  Put(dir_ / "etc/machine-id", "\n");
  EXPECT_ERROR(ReadHostMachineId(Root()), ErrorCode::kInvalidInput, "/etc/machine-id is empty");
}

TEST_F(MachineHostFacts, MacsOfPhysicalInterfacesOnly) {
  EXPECT_ERROR(ReadHostMacs(Root()), ErrorCode::kNotFound, "/sys/class/net");
  Interface("lo", "00:00:00:00:00:00", false, "772");
  Interface("docker0", "02:42:ac:11:00:01", false);
  Interface("ifb0", "8a:a9:c5:07:99:41", false);
  EXPECT_ERROR(ReadHostMacs(Root()), ErrorCode::kNotFound, "docker0 (virtual)");
  EXPECT_ERROR(ReadHostMacs(Root()), ErrorCode::kNotFound, "lo (loopback)");
  Interface("eth1", "52:54:00:AB:CD:EF", true);
  Interface("eth0", "52:54:00:12:34:56", true);
  Interface("bond0", "52:54:00:12:34:56", true);  // same address twice: once
  Interface("dummy0", "00:00:00:00:00:00", true);
  Interface("ib0", "80:00:02:08:fe:80:00:00:00:00:00:00:00:02:c9:03:00:0a:1b:2c", true, "32");
  Interface("lo1", "aa:aa:aa:aa:aa:aa", true, "772");
  auto macs = ReadHostMacs(Root());
  ASSERT_OK(macs);
  EXPECT_EQ(*macs, (std::vector<std::string>{"52:54:00:12:34:56", "52:54:00:ab:cd:ef"}));
}

TEST_F(MachineHostFacts, OsFromOsRelease) {
  EXPECT_ERROR(ReadHostOs(Root()), ErrorCode::kNotFound,
               Root() + "/etc/os-release nor " + Root() + "/usr/lib/os-release");
  Put(dir_ / "usr/lib/os-release", "NAME=Debian\nPRETTY_NAME='Debian GNU/Linux 12 (bookworm)'\n");
  EXPECT_EQ(*ReadHostOs(Root()), "Debian GNU/Linux 12 (bookworm)");
  Put(dir_ / "etc/os-release",
      "# comment\nPRETTY_NAME=\"Ubuntu \\\"Noble\\\" 24.04\"\nID=ubuntu\n");
  EXPECT_EQ(*ReadHostOs(Root()), "Ubuntu \"Noble\" 24.04");
  Put(dir_ / "etc/os-release", "PRETTY_NAME=Alpine\n");
  EXPECT_EQ(*ReadHostOs(Root()), "Alpine");
  Put(dir_ / "etc/os-release", "NAME=Nothing\n");
  EXPECT_ERROR(ReadHostOs(Root()), ErrorCode::kNotFound, "/etc/os-release has no PRETTY_NAME");
}

TEST(MachineHostPlatform, FromUname) {
  const std::vector<std::tuple<std::string, std::string, Platform>> table = {
      {"Linux", "x86_64", Platform::kLinuxAmd64},  {"Linux", "i686", Platform::kLinuxI386},
      {"Linux", "i386", Platform::kLinuxI386},     {"Linux", "armv7l", Platform::kLinuxArm32},
      {"Linux", "aarch64", Platform::kLinuxArm64}, {"Darwin", "arm64", Platform::kMacos},
      {"Darwin", "x86_64", Platform::kMacos}};
  for (const auto& [sysname, machine, expected] : table) {
    auto platform = PlatformFromUname(sysname, machine);
    ASSERT_OK(platform) << sysname << " " << machine;
    EXPECT_EQ(*platform, expected) << sysname << " " << machine;
  }
  EXPECT_ERROR(PlatformFromUname("Linux", "riscv64"), ErrorCode::kInvalidInput, "Linux riscv64");
  EXPECT_ERROR(PlatformFromUname("FreeBSD", "amd64"), ErrorCode::kInvalidInput, "--platform");
}

TEST(MachineHostReal, ReadsThisHostOrNamesWhatIsMissing) {
  auto hostname = ReadHostHostname();
  ASSERT_OK(hostname);
  EXPECT_FALSE(hostname->empty());
  // A container may lack any of these; then the error names the file.
  if (auto id = ReadHostMachineId(); !id.ok()) {
    EXPECT_NE(id.error().message().find("machine-id"), std::string::npos);
  }
  if (auto os = ReadHostOs(); !os.ok()) {
    EXPECT_NE(os.error().message().find("os-release"), std::string::npos);
  }
  if (auto macs = ReadHostMacs(); !macs.ok()) {
    EXPECT_NE(macs.error().message().find("/sys/class/net"), std::string::npos);
  }
}

// ---------------------------------------------------------------- frlic-sim machine

std::string SimBinary() {
  // The unit tests are BUILD/tests/frlic_unit_tests; frlic-sim is BUILD/apps/frlic-sim.
  return (fs::read_symlink("/proc/self/exe").parent_path().parent_path() / "apps" / "frlic-sim")
      .string();
}

int Shell(const std::string& command) {
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

class MachineSim : public TempDirTest {
 protected:
  void SetUp() override {
    TempDirTest::SetUp();
    auto random = TestRandom(11);
    FixedClock clock(SampleTime());
    auto keyring = Keyring::Generate(Path("keys"), TestPassphrase(), kCheap, clock, random);
    ASSERT_OK(keyring);
    keyring_.emplace(std::move(keyring).value());
    ASSERT_TRUE(fs::exists(SimBinary())) << SimBinary() << " is not built";
  }
  std::string Machine(const std::string& args) {
    return "FRLIC_NOW=2026-11-23T08:00:00Z '" + SimBinary() + "' machine " + args + " >'" +
           Path("out.txt") + "' 2>'" + Path("err.txt") + "'";
  }
  std::optional<Keyring> keyring_;
};

TEST_F(MachineSim, ARifForEveryPlatformOpensWithThatPlatform) {
  for (Platform platform : kAllPlatforms) {
    const std::string name = PlatformName(platform);
    const std::string out = Path("m-" + name);
    const int status =
        Shell(Machine("--issuer-key '" + Path("keys") + "' --out '" + out + "' --platform " + name +
                      " --hostname host-" + name + " --os 'Some OS 1.0' --machine-id id-" + name +
                      " --mac 52:54:00:12:34:56 --mac 52-54-00-AB-CD-EF"));
    ASSERT_EQ(status, 0) << Slurp(Path("err.txt"));
    const std::string printed = Slurp(Path("out.txt"));
    auto rif = ReadFile(MachineRifPath(out));
    ASSERT_OK(rif);
    auto info = OpenMachineInfo(*rif, *keyring_, TestPassphrase(), MachineRifPath(out));
    ASSERT_OK(info);
    EXPECT_EQ(info->platform(), platform);
    EXPECT_EQ(info->hostname(), "host-" + name);
    EXPECT_EQ(info->created_at(), SampleTime());
    EXPECT_EQ(info->hardware().macs,
              (std::vector<std::string>{"52:54:00:12:34:56", "52:54:00:ab:cd:ef"}));
    EXPECT_NE(printed.find("fingerprint: " + info->fingerprint()), std::string::npos) << printed;
    EXPECT_NE(printed.find("platform: " + name), std::string::npos) << printed;
    EXPECT_EQ(ModeOf(MachineKeyPath(out)), 0600u);
    auto loaded = LoadMachineDir(out);
    ASSERT_OK(loaded);
    EXPECT_EQ(loaded->info.ToJson(), info->ToJson());
  }
}

TEST_F(MachineSim, TakesAPublicKeyFileAndRefusesToOverwrite) {
  const KeyEntry* rif_key = keyring_->ActiveRifKey();
  const std::string pem = Path("keys/" + rif_key->public_file);
  const std::string args = "--issuer-key '" + pem + "' --out '" + Path("m") +
                           "' --platform linux-arm64 --hostname h --os o --machine-id i "
                           "--mac 00:11:22:33:44:55";
  ASSERT_EQ(Shell(Machine(args)), 0) << Slurp(Path("err.txt"));
  EXPECT_NE(Slurp(Path("out.txt")).find("sealed to RIF key: " + rif_key->key_id),
            std::string::npos);
  const std::string rif_before = Slurp(MachineRifPath(Path("m")));
  EXPECT_EQ(Shell(Machine(args)), 2 + static_cast<int>(ErrorCode::kRefused));
  EXPECT_NE(Slurp(Path("err.txt")).find("--force"), std::string::npos);
  EXPECT_EQ(Slurp(MachineRifPath(Path("m"))), rif_before);
  ASSERT_EQ(Shell(Machine(args + " --force")), 0) << Slurp(Path("err.txt"));
  EXPECT_NE(Slurp(MachineRifPath(Path("m"))), rif_before);
  // A signing key is no RIF key.
  const std::string signing = Path("keys/" + keyring_->ActiveSigningKey()->public_file);
  EXPECT_EQ(Shell(Machine("--issuer-key '" + signing + "' --out '" + Path("n") + "'")),
            2 + static_cast<int>(ErrorCode::kMalformed));
  EXPECT_NE(Slurp(Path("err.txt")).find("not an X25519 public key"), std::string::npos);
}

// ---------------------------------------------------------------- committed vectors

const std::string kRifVectors = FRLIC_SOURCE_DIR "/tests/vectors/rif";
const std::string kGoldenSeedHex =
    "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

SeededRandom SeedFromHex(const std::string& hex) {
  auto seed = HexDecode(hex);
  return SeededRandom(std::span<const std::uint8_t, 32>(seed->data(), 32));
}

// The sealed-box construction written out (crypto_box_seed_keypair from 32 bytes of `random`,
// nonce = BLAKE2b-192(epk || pk)), for arbitrary plaintext.
Bytes SealDeterministic(std::string_view plaintext, const X25519PublicKey& key,
                        const std::string& key_id, Random& random) {
  EXPECT_GE(sodium_init(), 0);
  std::uint8_t seed[32], esk[32], nonce[24];
  random.Fill(seed);
  Bytes out = ToBytes(std::string(kRifMagic) + key_id + "\n");
  const std::size_t header = out.size();
  out.resize(header + crypto_box_SEALBYTES + plaintext.size());
  crypto_box_seed_keypair(out.data() + header, esk, seed);
  crypto_generichash_state state;
  crypto_generichash_init(&state, nullptr, 0, sizeof nonce);
  crypto_generichash_update(&state, out.data() + header, 32);
  crypto_generichash_update(&state, key.bytes().data(), 32);
  crypto_generichash_final(&state, nonce, sizeof nonce);
  EXPECT_EQ(crypto_box_easy(out.data() + header + 32,
                            reinterpret_cast<const unsigned char*>(plaintext.data()),
                            plaintext.size(), nonce, key.bytes().data(), esk),
            0);
  return out;
}

// Every file of tests/vectors/rif except fingerprint.txt, expectations.txt and README.md.
std::map<std::string, Bytes> MakeRifVectors(const X25519PublicKey& example_rif,
                                            const std::string& example_id) {
  std::map<std::string, Bytes> files;
  // golden: what frlic-sim machine writes with FRLIC_RANDOM_SEED=000102..1f (the machine key
  // takes the first 32 bytes of the stream, the sealed box's ephemeral seed the next).
  auto random = SeedFromHex(kGoldenSeedHex);
  auto machine_key = X25519PrivateKey::Generate(random);
  const MachineInfo golden = SampleInfo(machine_key.public_key());
  files["golden.rif"] = SealMachineInfo(golden, example_rif, example_id, random).value();
  files["golden.json"] = ToBytes(golden.ToJson());
  const SecretBytes key_file = EncodeMachineKeyFile(machine_key);
  files["golden-machine.key"] = Bytes(key_file.reveal().begin(), key_file.reveal().end());
  auto windows_random = TestRandom(0x57);
  auto windows_key = X25519PrivateKey::Generate(windows_random);
  auto windows =
      MachineInfo::Create(Platform::kWindows, "WIN-LICSRV01", "Windows Server 2022 Standard",
                          {"{6F1A2B3C-4D5E-6F70-8192-A3B4C5D6E7F8}", {"00:11:22:33:44:55"}},
                          windows_key.public_key(), "frlic-sim 0.1.0", SampleTime());
  files["windows.rif"] = SealMachineInfo(*windows, example_rif, example_id, windows_random).value();

  const Bytes& rif = files["golden.rif"];
  const std::size_t header = std::string(kRifMagic).size() + 17;
  files["empty.rif"] = {};
  files["not-a-rif.rif"] = ToBytes("PK\x03\x04 this is a zip file, not MachineInfo.rif\n");
  std::string crlf(AsText(rif));
  crlf.replace(crlf.find('\n'), 1, "\r\n");
  files["crlf-header.rif"] = ToBytes(crlf);
  std::string v2(AsText(rif));
  v2[11] = '2';
  files["rif-v2.rif"] = ToBytes(v2);
  files["truncated-header.rif"] = Bytes(rif.begin(), rif.begin() + 20);
  files["truncated.rif"] =
      Bytes(rif.begin(), rif.begin() + static_cast<std::ptrdiff_t>(rif.size() / 2));
  Bytes damaged = rif;
  damaged[header + 60] ^= 0x01;
  files["damaged.rif"] = damaged;
  auto other_random = TestRandom(0x42);
  auto other = X25519PrivateKey::Generate(other_random);
  const std::string other_id = KeyIdOf(other.public_key());
  files["other-issuer.rif"] =
      SealMachineInfo(golden, other.public_key(), other_id, other_random).value();
  std::string altered(AsText(files["other-issuer.rif"]));
  altered.replace(13, 16, example_id);
  files["header-altered.rif"] = ToBytes(altered);

  // Sealed correctly to the example key, with a bad plaintext.
  auto edited = [&](const std::function<void(nlohmann::json&)>& edit) {
    auto json = nlohmann::json::parse(golden.ToJson());
    edit(json);
    return json.dump();
  };
  std::uint8_t fill = 0x60;
  auto seal = [&](const std::string& plaintext) {
    auto r = TestRandom(fill++);
    return SealDeterministic(plaintext, example_rif, example_id, r);
  };
  files["unknown-version.rif"] = seal(edited([](auto& j) { j["version"] = 2; }));
  files["missing-fields.rif"] = seal(edited([](auto& j) {
    j.erase("hostname");
    j.erase("os");
  }));
  files["extra-field.rif"] = seal(edited([](auto& j) { j["licence"] = "unlimited"; }));
  files["bad-platform.rif"] = seal(edited([](auto& j) { j["platform"] = "freebsd-amd64"; }));
  files["fingerprint-mismatch.rif"] =
      seal(edited([](auto& j) { j["hardware"]["macs"][1] = "52:54:00:ab:cd:ee"; }));
  files["short-machine-key.rif"] =
      seal(edited([](auto& j) { j["machine_public_key"] = Base64Encode(Bytes(31, 0x42)); }));
  files["low-order-key.rif"] =
      seal(edited([](auto& j) { j["machine_public_key"] = Base64Encode(Bytes(32, 0)); }));
  files["noncanonical.rif"] = seal(nlohmann::json::parse(golden.ToJson()).dump(2));
  std::string duplicate = golden.ToJson();
  duplicate.insert(1, R"("hostname":"other",)");
  files["duplicate-key.rif"] = seal(duplicate);
  return files;
}

struct RifExpectation {
  std::string file, outcome, detail;
};

std::vector<RifExpectation> LoadRifExpectations() {
  std::ifstream in(kRifVectors + "/expectations.txt");
  std::vector<RifExpectation> out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    RifExpectation e;
    fields >> e.file >> e.outcome;
    std::getline(fields >> std::ws, e.detail);
    out.push_back(e);
  }
  return out;
}

class MachineVectors : public TempDirTest {
 protected:
  void SetUp() override {
    TempDirTest::SetUp();
    testing::CopyExampleKeyring(Path("keys"));
    auto keyring = Keyring::Load(Path("keys"));
    ASSERT_OK(keyring);
    keyring_.emplace(std::move(keyring).value());
    std::string passphrase = testing::ExamplePassphrase();
    passphrase_ = passphrase;
    auto rif = keyring_->UnlockRifKey(SecretBytes::CopyFrom(std::string_view(passphrase_)));
    ASSERT_OK(rif);
    rif_id_ = rif->key_id;
    rif_public_ = rif->key.public_key();
  }
  std::optional<Keyring> keyring_;
  std::string passphrase_;
  std::string rif_id_;
  std::optional<X25519PublicKey> rif_public_;
};

TEST_F(MachineVectors, GeneratorReproducesTheCommittedFiles) {
  const auto files = MakeRifVectors(*rif_public_, rif_id_);
  if (const char* out = std::getenv("FRLIC_WRITE_RIF_VECTORS")) {
    for (const auto& [name, bytes] : files) {
      std::ofstream(std::string(out) + "/" + name, std::ios::binary)
          .write(reinterpret_cast<const char*>(bytes.data()),
                 static_cast<std::streamsize>(bytes.size()));
    }
  }
  for (const auto& [name, bytes] : files) {
    EXPECT_EQ(Slurp(kRifVectors + "/" + name), std::string(AsText(bytes)))
        << name << " differs from the generator's output (FRLIC_WRITE_RIF_VECTORS=DIR writes it)";
  }
  // The library's seeded seal is the construction written out above.
  auto a = SeedFromHex(kGoldenSeedHex), b = SeedFromHex(kGoldenSeedHex);
  auto key = X25519PrivateKey::Generate(a);
  X25519PrivateKey::Generate(b);
  const MachineInfo info = SampleInfo(key.public_key());
  EXPECT_EQ(SealMachineInfo(info, *rif_public_, rif_id_, a).value(),
            SealDeterministic(info.ToJson(), *rif_public_, rif_id_, b));
}

TEST_F(MachineVectors, EveryFileGivesItsExpectedOutcome) {
  const auto expectations = LoadRifExpectations();
  ASSERT_GE(expectations.size(), 20u);
  std::set<std::string> listed;
  for (const auto& e : expectations) {
    listed.insert(e.file);
    auto bytes = ReadFile(kRifVectors + "/" + e.file);
    ASSERT_OK(bytes) << e.file;
    auto opened = OpenMachineInfo(*bytes, *keyring_,
                                  SecretBytes::CopyFrom(std::string_view(passphrase_)), e.file);
    if (e.outcome == "ok") {
      ASSERT_OK(opened) << e.file;
      EXPECT_EQ(PlatformName(opened->platform()), e.detail) << e.file;
    } else {
      ASSERT_FALSE(opened.ok()) << e.file << " was accepted";
      EXPECT_EQ(ErrorCodeName(opened.error().code()), e.outcome)
          << e.file << ": " << ErrorText(opened.error());
      EXPECT_NE(ErrorText(opened.error()).find(e.detail), std::string::npos)
          << e.file << ": no \"" << e.detail << "\" in " << ErrorText(opened.error());
    }
  }
  for (const auto& entry : fs::directory_iterator(kRifVectors)) {
    if (entry.path().extension() == ".rif") {
      EXPECT_TRUE(listed.count(entry.path().filename().string()))
          << entry.path() << " has no line in expectations.txt";
    }
  }
  // golden.json is golden.rif's plaintext; golden-machine.key its machine key.
  auto golden = OpenMachineInfo(*ReadFile(kRifVectors + "/golden.rif"), *keyring_,
                                SecretBytes::CopyFrom(std::string_view(passphrase_)), "golden");
  ASSERT_OK(golden);
  EXPECT_EQ(golden->ToJson(), Slurp(kRifVectors + "/golden.json"));
  auto machine_key = DecodeMachineKeyFile(
      SecretBytes::CopyFrom(std::string_view(Slurp(kRifVectors + "/golden-machine.key"))), "k");
  ASSERT_OK(machine_key);
  EXPECT_EQ(machine_key->public_key(), golden->machine_public_key());
}

}  // namespace
}  // namespace frlic
