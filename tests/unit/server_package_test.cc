// FanruanLicenseServer.zip: layout, determinism (runs, time zones), the unzip CLI's view of it,
// the strict reader against hostile archives, and the README.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>

#include "frlic/artifact/server_package.h"
#include "frlic/core/bytes.h"
#include "frlic/core/files.h"
#include "frlic/core/time.h"
#include "status_matchers.h"
#include "test_support.h"

namespace frlic {
namespace {

namespace fs = std::filesystem;

const std::string kTemplate = FRLIC_SOURCE_DIR "/templates/server/README.txt.tmpl";

std::string ReadTemplateText(const std::string& path) {
  auto bytes = ReadFile(path, 1ull << 31);
  EXPECT_OK(bytes) << path;
  return bytes.ok() ? std::string(AsText(*bytes)) : std::string();
}

void WriteText(const std::string& path, std::string_view text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
}

// Runs a shell command, returns its exit status and its output.
std::pair<int, std::string> RunShell(const std::string& command) {
  std::string output;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return {-1, ""};
  char buffer[4096];
  std::size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) output.append(buffer, n);
  int status = ::pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

std::set<std::string> Listing(const fs::path& dir) {
  std::set<std::string> names;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    names.insert(entry.path().string());
  }
  return names;
}

std::set<std::string> TopLevel(const fs::path& dir) {
  std::set<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) names.insert(entry.path().string());
  return names;
}

std::uint16_t Le16(const std::string& bytes, std::size_t at) {
  return static_cast<std::uint16_t>(static_cast<std::uint8_t>(bytes[at]) |
                                    static_cast<std::uint8_t>(bytes[at + 1]) << 8);
}

class ServerPackageTest : public testing::TempDirTest {
 protected:
  void SetUp() override {
    TempDirTest::SetUp();
    // A stand-in binary: some text and some pseudo-random bytes (deterministic).
    std::string binary = "#!/bin/sh\necho stand-in\n";
    std::uint32_t x = 12345;
    for (int i = 0; i < 200000; ++i) {
      x = x * 1103515245u + 12345u;
      binary.push_back(static_cast<char>(i % 3 == 0 ? 'a' + i % 7 : (x >> 16) & 0xFF));
    }
    binary_ = Path("server-binary");
    WriteText(binary_, binary);
    binary_bytes_ = binary;
  }

  ServerPackageInput Input(Platform platform = Platform::kLinuxAmd64) const {
    ServerPackageInput input;
    input.licence_envelope = "{\"payload\":\"e30=\",\"payloadType\":\"x\"}\n";
    input.sealed_instance_key = Bytes(kSealedInstanceKeySize, 0x5A);
    input.platform = platform;
    input.server_binary_path = binary_;
    input.readme = "README for the test\n";
    input.mtime = *ParseInstant("2026-11-23T08:00:01Z");
    return input;
  }

  std::string Write(const ServerPackageInput& input, const std::string& name) {
    const std::string path = Path(name);
    auto status = WriteServerPackage(input, path);
    EXPECT_OK(status);
    return path;
  }

  std::string binary_;
  std::string binary_bytes_;
};

TEST_F(ServerPackageTest, HoldsExactlyTheFourEntriesSortedWithTheirModes) {
  const std::string path = Write(Input(), "FanruanLicenseServer.zip");
  int error = 0;
  zip_t* archive = zip_open(path.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &error);
  ASSERT_NE(archive, nullptr) << error;
  const std::vector<std::pair<std::string, unsigned>> expected = {
      {"FanruanLicenseServer/README.txt", 0100644},
      {"FanruanLicenseServer/bin/server", 0100755},
      {"FanruanLicenseServer/config/instance.key.sealed", 0100600},
      {"FanruanLicenseServer/config/license.json", 0100644},
  };
  ASSERT_EQ(zip_get_num_entries(archive, 0), 4);
  for (zip_uint64_t i = 0; i < 4; ++i) {
    EXPECT_STREQ(zip_get_name(archive, i, ZIP_FL_ENC_RAW), expected[i].first.c_str());
    zip_uint8_t opsys = 0;
    zip_uint32_t attributes = 0;
    ASSERT_EQ(zip_file_get_external_attributes(archive, i, 0, &opsys, &attributes), 0);
    EXPECT_EQ(opsys, ZIP_OPSYS_UNIX);
    EXPECT_EQ(attributes >> 16, expected[i].second) << expected[i].first;
    zip_stat_t stat;
    ASSERT_EQ(zip_stat_index(archive, i, 0, &stat), 0);
    EXPECT_EQ(stat.comp_method, ZIP_CM_DEFLATE);
    EXPECT_EQ(zip_file_extra_fields_count(archive, i, ZIP_FL_LOCAL | ZIP_FL_CENTRAL), 0);
  }
  zip_discard(archive);
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0644u);
}

TEST_F(ServerPackageTest, EveryHeaderCarriesTheUtcWallClockInDosForm) {
  const std::string bytes = ReadTemplateText(Write(Input(), "p.zip"));
  // 2026-11-23T08:00:01Z: DOS time keeps even seconds, so 08:00:00.
  const std::uint16_t time = 8 << 11 | 0 << 5 | 0, date = (2026 - 1980) << 9 | 11 << 5 | 23;
  int local = 0, central = 0;
  for (std::size_t at = 0; at + 4 <= bytes.size(); ++at) {
    if (bytes.compare(at, 4, "PK\x03\x04") == 0 && at + 30 < bytes.size()) {
      EXPECT_EQ(Le16(bytes, at + 10), time);
      EXPECT_EQ(Le16(bytes, at + 12), date);
      ++local;
    } else if (bytes.compare(at, 4, "PK\x01\x02") == 0 && at + 46 < bytes.size()) {
      EXPECT_EQ(Le16(bytes, at + 12), time);
      EXPECT_EQ(Le16(bytes, at + 14), date);
      EXPECT_EQ(Le16(bytes, at + 30), 0);  // no extra field
      EXPECT_EQ(Le16(bytes, at + 32), 0);  // no comment
      ++central;
    }
  }
  // Signatures can also occur by chance inside deflated data; at least the real ones are there.
  EXPECT_GE(local, 4);
  EXPECT_EQ(central, 4);
}

TEST_F(ServerPackageTest, TwoRunsGiveByteIdenticalFiles) {
  const std::string a = ReadTemplateText(Write(Input(), "a.zip"));
  const std::string b = ReadTemplateText(Write(Input(), "b.zip"));
  EXPECT_EQ(a, b);
  ServerPackageInput later = Input();
  later.mtime += 2;
  EXPECT_NE(ReadTemplateText(Write(later, "c.zip")), a);
}

// The package's bytes, pinned: a change in libzip's or zlib's output or in the writer's layout
// fails here even when every other test still passes. If the change is intended (a libzip
// upgrade, say), replace the line in tests/vectors/artifact-digests/SHA256SUMS with the one
// this test prints (see the README there).
TEST_F(ServerPackageTest, BytesMatchThePinnedDigest) {
  const std::string bytes = ReadTemplateText(Write(Input(), "FanruanLicenseServer.zip"));
  const std::string digest = Sha256Hex(AsBytes(bytes));
  EXPECT_EQ(digest, testing::PinnedSha256("FanruanLicenseServer.zip"))
      << "FanruanLicenseServer.zip changed; if intended, the new SHA256SUMS line is:\n"
      << digest << "  FanruanLicenseServer.zip";
}

class ScopedTz {
 public:
  explicit ScopedTz(const char* tz) {
    if (const char* old = std::getenv("TZ")) old_ = old;
    ::setenv("TZ", tz, 1);
    ::tzset();
  }
  ~ScopedTz() {
    if (old_) {
      ::setenv("TZ", old_->c_str(), 1);
    } else {
      ::unsetenv("TZ");
    }
    ::tzset();
  }

 private:
  std::optional<std::string> old_;
};

TEST_F(ServerPackageTest, TheTimeZoneDoesNotChangeABit) {
  ServerPackageInput input = Input();
  std::string utc, shanghai;
  {
    ScopedTz tz("UTC");
    utc = ReadTemplateText(Write(input, "utc.zip"));
  }
  {
    ScopedTz tz("Asia/Shanghai");
    shanghai = ReadTemplateText(Write(input, "shanghai.zip"));
  }
  EXPECT_EQ(utc, shanghai);
  // A wall-clock time that does not exist in Berlin (the DST gap of 2025-03-30, 02:00-03:00):
  // libzip's mktime/localtime round trip would move it by an hour there.
  input.mtime = *ParseInstant("2025-03-30T02:30:00Z");
  std::string berlin;
  {
    ScopedTz tz("UTC");
    utc = ReadTemplateText(Write(input, "utc-gap.zip"));
  }
  {
    ScopedTz tz("Europe/Berlin");
    berlin = ReadTemplateText(Write(input, "berlin-gap.zip"));
  }
  EXPECT_EQ(utc, berlin);
}

TEST_F(ServerPackageTest, UnzipTestsItAndExtractsTheModes) {
  const std::string path = Write(Input(), "FanruanLicenseServer.zip");
  auto [status, output] = RunShell("unzip -t " + path);
  EXPECT_EQ(status, 0) << output;
  EXPECT_NE(output.find("No errors detected"), std::string::npos) << output;
  auto [info_status, info] = RunShell("zipinfo -v " + path);
  ASSERT_EQ(info_status, 0) << info;
  std::size_t extra_lines = 0;
  for (std::size_t at = info.find("length of extra field:"); at != std::string::npos;
       at = info.find("length of extra field:", at + 1)) {
    ++extra_lines;
    const std::string line = info.substr(at, info.find('\n', at) - at);
    EXPECT_TRUE(line.ends_with(" 0 bytes")) << line;
  }
  EXPECT_EQ(extra_lines, 4u);
  const std::string out = Path("out");
  auto [unzip_status, unzip_output] =
      RunShell("cd " + dir_.string() + " && unzip -q " + path + " -d out");
  ASSERT_EQ(unzip_status, 0) << unzip_output;
  struct stat st {};
  ASSERT_EQ(::stat((out + "/FanruanLicenseServer/bin/server").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0755u);
  ASSERT_EQ(::stat((out + "/FanruanLicenseServer/config/instance.key.sealed").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(ReadTemplateText(out + "/FanruanLicenseServer/bin/server"), binary_bytes_);
  EXPECT_EQ(ReadTemplateText(out + "/FanruanLicenseServer/config/license.json"),
            Input().licence_envelope);
  EXPECT_EQ(ReadTemplateText(out + "/FanruanLicenseServer/README.txt"), Input().readme);
}

TEST_F(ServerPackageTest, ReadsBackWhatWasWritten) {
  for (Platform platform : {Platform::kLinuxArm64, Platform::kWindows}) {
    const ServerPackageInput input = Input(platform);
    const std::string path = Write(input, std::string(PlatformName(platform)) + ".zip");
    auto contents = ReadServerPackage(path);
    ASSERT_OK(contents);
    EXPECT_EQ(contents->licence_envelope, input.licence_envelope);
    EXPECT_EQ(contents->sealed_instance_key, input.sealed_instance_key);
    EXPECT_EQ(contents->readme, input.readme);
    EXPECT_EQ(contents->server_binary_name, ServerBinaryName(platform));
    EXPECT_EQ(contents->server_binary_size, binary_bytes_.size());
    EXPECT_TRUE(contents->server_binary_executable);
    EXPECT_OK(CheckPackagePlatform(*contents, platform, path));
    // The platform is the signed licence's: a Windows licence needs bin/server.exe.
    Platform other = platform == Platform::kWindows ? Platform::kMacos : Platform::kWindows;
    auto mismatch = CheckPackagePlatform(*contents, other, path);
    ASSERT_FALSE(mismatch.ok());
    EXPECT_EQ(mismatch.error().code(), ErrorCode::kMalformed);
  }
}

TEST_F(ServerPackageTest, RefusesBadInputAndLeavesNothing) {
  const auto before = Listing(dir_);
  auto expect = [&](ServerPackageInput input, ErrorCode code) {
    auto status = WriteServerPackage(input, Path("p.zip"));
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.error().code(), code) << status.error().message();
    EXPECT_EQ(Listing(dir_), before);
  };
  ServerPackageInput input = Input();
  input.server_binary_path = Path("no-such-binary");
  expect(input, ErrorCode::kNotFound);
  input = Input();
  input.server_binary_path = dir_.string();
  expect(input, ErrorCode::kInvalidInput);
  input = Input();
  input.sealed_instance_key.pop_back();
  expect(input, ErrorCode::kInvalidInput);
  input = Input();
  input.licence_envelope.clear();
  expect(input, ErrorCode::kInvalidInput);
  input = Input();
  input.readme = std::string(kMaxPackageTextSize + 1, 'x');
  expect(input, ErrorCode::kInvalidInput);
  input = Input();
  input.mtime = *ParseInstant("1979-12-31T23:59:59Z");
  expect(input, ErrorCode::kInvalidInput);
  input = Input();
  input.mtime = *ParseInstant("2108-01-01T00:00:00Z");
  expect(input, ErrorCode::kInvalidInput);
  // A binary over the bound (sparse, so the test stays cheap) is refused before zipping.
  const std::string big = Path("big-binary");
  { std::ofstream out(big, std::ios::binary); }
  fs::resize_file(big, kMaxServerBinarySize + 1);
  const auto with_big = Listing(dir_);
  input = Input();
  input.server_binary_path = big;
  auto status = WriteServerPackage(input, Path("p.zip"));
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(Listing(dir_), with_big);
}

TEST_F(ServerPackageTest, NeverOverwrites) {
  const std::string path = Path("p.zip");
  WriteText(path, "existing");
  auto status = WriteServerPackage(Input(), path);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code(), ErrorCode::kRefused);
  EXPECT_EQ(ReadTemplateText(path), "existing");
}

// ---- hostile archives ----

struct RawEntry {
  std::string name;
  std::string data;
  unsigned mode = 0100644;  // including the file type bits
};

class ServerPackageHostileTest : public ServerPackageTest {
 protected:
  std::vector<RawEntry> ValidEntries() const {
    return {{"FanruanLicenseServer/README.txt", "readme", 0100644},
            {"FanruanLicenseServer/bin/server", "binary", 0100755},
            {"FanruanLicenseServer/config/instance.key.sealed",
             std::string(kSealedInstanceKeySize, 'k'), 0100600},
            {"FanruanLicenseServer/config/license.json", "{}", 0100644}};
  }

  std::string Build(const std::vector<RawEntry>& entries, const std::string& name = "h.zip") {
    const std::string path = Path(name);
    int error = 0;
    zip_t* archive = zip_open(path.c_str(), ZIP_CREATE | ZIP_EXCL, &error);
    EXPECT_NE(archive, nullptr);
    for (const auto& entry : entries) {
      zip_source_t* source = zip_source_buffer(archive, entry.data.data(), entry.data.size(), 0);
      zip_int64_t index = zip_file_add(archive, entry.name.c_str(), source, 0);
      EXPECT_GE(index, 0) << entry.name << ": " << zip_strerror(archive);
      zip_file_set_external_attributes(archive, static_cast<zip_uint64_t>(index), 0, ZIP_OPSYS_UNIX,
                                       entry.mode << 16);
    }
    EXPECT_EQ(zip_close(archive), 0);
    return path;
  }

  // Replaces every occurrence of `from` in the file by `to` (same length).
  void Patch(const std::string& path, const std::string& from, const std::string& to) {
    ASSERT_EQ(from.size(), to.size());
    std::string bytes = ReadTemplateText(path);
    int replaced = 0;
    for (std::size_t at = bytes.find(from); at != std::string::npos;
         at = bytes.find(from, at + 1)) {
      bytes.replace(at, from.size(), to);
      ++replaced;
    }
    ASSERT_EQ(replaced, 2);  // local header and central directory
    fs::remove(path);
    WriteText(path, bytes);
  }

  // Expects kMalformed with a problem on `field`, and no new file anywhere under the temp dir
  // or the working directory.
  void ExpectRefused(const std::string& path, const std::string& field) {
    const auto before = Listing(dir_);
    const auto cwd_before = TopLevel(fs::current_path());
    auto contents = ReadServerPackage(path);
    ASSERT_FALSE(contents.ok()) << field;
    EXPECT_EQ(contents.error().code(), ErrorCode::kMalformed) << contents.error().message();
    bool named = contents.error().message().find(field) != std::string::npos;
    for (const auto& p : contents.error().problems()) named = named || p.field == field;
    EXPECT_TRUE(named) << "no problem names " << field << ": " << contents.error().message();
    EXPECT_EQ(Listing(dir_), before);
    EXPECT_EQ(TopLevel(fs::current_path()), cwd_before);
  }
};

TEST_F(ServerPackageHostileTest, TheValidBaselineReads) {
  auto contents = ReadServerPackage(Build(ValidEntries()));
  ASSERT_OK(contents);
  EXPECT_EQ(contents->server_binary_name, "server");
}

TEST_F(ServerPackageHostileTest, RefusesTraversalAndAbsoluteNames) {
  int n = 0;
  for (const char* name : {"../x", "/etc/passwd", "FanruanLicenseServer/../../x",
                           "FanruanLicenseServer/bin/../../../tmp/x", "/tmp/x",
                           "FanruanLicenseServer\\..\\..\\x", "FanruanLicenseServer/",
                           "FanruanLicenseServer/bin/", "./FanruanLicenseServer/README.txt"}) {
    auto entries = ValidEntries();
    entries.push_back({name, "evil", 0100644});
    ExpectRefused(Build(entries, "t" + std::to_string(n++) + ".zip"), name);
  }
}

TEST_F(ServerPackageHostileTest, RefusesANameOutsideTheRootEvenWithoutOtherEntries) {
  auto entries = ValidEntries();
  entries[3].name = "FanruanLicenseServer/config/../license.json";
  ExpectRefused(Build(entries), "FanruanLicenseServer/config/../license.json");
}

TEST_F(ServerPackageHostileTest, RefusesASymlinkEntry) {
  auto entries = ValidEntries();
  entries[1] = {"FanruanLicenseServer/bin/server", "/etc/passwd", 0120777};
  ExpectRefused(Build(entries), "FanruanLicenseServer/bin/server");
  auto contents = ReadServerPackage(Path("h.zip"));
  ASSERT_FALSE(contents.ok());
  EXPECT_EQ(contents.error().problems().at(0).message, "is a symbolic link");
}

TEST_F(ServerPackageHostileTest, RefusesADirectoryOrDeviceTypedEntry) {
  auto entries = ValidEntries();
  entries[0].mode = 0040755;
  ExpectRefused(Build(entries), "FanruanLicenseServer/README.txt");
}

TEST_F(ServerPackageHostileTest, RefusesASecondServerBinary) {
  auto entries = ValidEntries();
  entries.insert(entries.begin() + 2, {"FanruanLicenseServer/bin/server.exe", "exe", 0100755});
  ExpectRefused(Build(entries), "FanruanLicenseServer/bin/server.exe");
}

TEST_F(ServerPackageHostileTest, RefusesAMissingEntry) {
  auto entries = ValidEntries();
  entries.pop_back();
  ExpectRefused(Build(entries), "FanruanLicenseServer/config/license.json");
  auto no_binary = ValidEntries();
  no_binary.erase(no_binary.begin() + 1);
  ExpectRefused(Build(no_binary, "nb.zip"), "FanruanLicenseServer/bin/server");
}

TEST_F(ServerPackageHostileTest, RefusesADuplicateName) {
  auto entries = ValidEntries();
  entries.push_back({"FanruanLicenseServer/config/license.jsoX", "{\"evil\":1}", 0100644});
  const std::string path = Build(entries);
  Patch(path, "FanruanLicenseServer/config/license.jsoX",
        "FanruanLicenseServer/config/license.json");
  ExpectRefused(path, "FanruanLicenseServer/config/license.json");
}

TEST_F(ServerPackageHostileTest, RefusesAnEmbeddedNulInAName) {
  auto entries = ValidEntries();
  entries[0].name = "FanruanLicenseServer/README.txtX../../x";
  const std::string path = Build(entries);
  Patch(path, "README.txtX", std::string("README.txt\0", 11));
  ExpectRefused(path, std::string("FanruanLicenseServer/README.txt\0../../x", 39));
}

TEST_F(ServerPackageHostileTest, RefusesHugeDeclaredSizesWithoutReadingThem) {
  auto entries = ValidEntries();
  entries[3].data = "{\"padding\":\"" + std::string(100, 'p') + "\"}";
  const std::string path = Build(entries);
  // Declare 2 GiB for license.json in both headers (consistent, so libzip opens it).
  std::string bytes = ReadTemplateText(path);
  const std::string name = "FanruanLicenseServer/config/license.json";
  int patched = 0;
  for (std::size_t at = bytes.find(name); at != std::string::npos; at = bytes.find(name, at + 1)) {
    std::size_t size_field = 0;
    if (at >= 30 && bytes.compare(at - 30, 4, "PK\x03\x04") == 0) size_field = at - 30 + 22;
    if (at >= 46 && bytes.compare(at - 46, 4, "PK\x01\x02") == 0) size_field = at - 46 + 24;
    ASSERT_NE(size_field, 0u);
    bytes.replace(size_field, 4, std::string("\x00\x00\x00\x80", 4));
    ++patched;
  }
  ASSERT_EQ(patched, 2);
  fs::remove(path);
  WriteText(path, bytes);
  ExpectRefused(path, name);
  // A sealed key of the wrong size is refused the same way.
  auto key = ValidEntries();
  key[2].data = "short";
  ExpectRefused(Build(key, "k.zip"), "FanruanLicenseServer/config/instance.key.sealed");
}

TEST_F(ServerPackageHostileTest, RefusesWhatIsNotAZip) {
  WriteText(Path("empty.zip"), "");
  WriteText(Path("text.zip"), "this is not a zip file at all, just text long enough");
  for (const char* name : {"empty.zip", "text.zip"}) {
    auto contents = ReadServerPackage(Path(name));
    ASSERT_FALSE(contents.ok());
    EXPECT_EQ(contents.error().code(), ErrorCode::kMalformed) << contents.error().message();
  }
  auto missing = ReadServerPackage(Path("missing.zip"));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code(), ErrorCode::kNotFound);
  // A written package cut short.
  const std::string whole = ReadTemplateText(Write(Input(), "whole.zip"));
  WriteText(Path("cut.zip"), whole.substr(0, whole.size() - 10));
  auto cut = ReadServerPackage(Path("cut.zip"));
  ASSERT_FALSE(cut.ok());
  EXPECT_EQ(cut.error().code(), ErrorCode::kMalformed);
}

TEST_F(ServerPackageHostileTest, RefusesADamagedBinary) {
  const std::string path = Write(Input(), "p.zip");
  std::string bytes = ReadTemplateText(path);
  // Flip a byte in the middle of the deflated binary: CRC (or inflate) fails on reading.
  bytes[bytes.size() / 2] = static_cast<char>(bytes[bytes.size() / 2] ^ 0x40);
  fs::remove(path);
  WriteText(path, bytes);
  auto contents = ReadServerPackage(path);
  ASSERT_FALSE(contents.ok());
  EXPECT_EQ(contents.error().code(), ErrorCode::kMalformed) << contents.error().message();
}

// ---- README ----

class ServerReadmeTest : public ::testing::Test {
 protected:
  static std::string Render(Platform platform) {
    auto text = ReadFile(kTemplate);
    EXPECT_OK(text);
    auto readme = RenderServerReadme(AsText(*text), platform, "FRL-5EC0DE0000000001",
                                     "Example Trading Co., Ltd.", "2027-10-14");
    EXPECT_OK(readme);
    return readme.ok() ? *readme : std::string();
  }
  static bool Has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
  }
};

TEST_F(ServerReadmeTest, TheTemplateRendersForEveryPlatform) {
  for (Platform platform : {Platform::kWindows, Platform::kLinuxAmd64, Platform::kLinuxI386,
                            Platform::kLinuxArm32, Platform::kLinuxArm64, Platform::kMacos}) {
    const std::string readme = Render(platform);
    EXPECT_FALSE(Has(readme, "{{")) << PlatformName(platform);
    EXPECT_FALSE(Has(readme, "}}")) << PlatformName(platform);
    EXPECT_TRUE(Has(readme, "FRL-5EC0DE0000000001"));
    EXPECT_TRUE(Has(readme, "Example Trading Co., Ltd."));
    EXPECT_TRUE(Has(readme, "2027-10-14"));
    EXPECT_TRUE(Has(readme, std::string("Platform:       ") + PlatformName(platform)));
    EXPECT_TRUE(Has(readme, std::string("bin/") + ServerBinaryName(platform)));
    EXPECT_TRUE(Has(readme, "receipt.fr"));
    EXPECT_TRUE(Has(readme, "MachineInfo.rif"));
  }
}

TEST_F(ServerReadmeTest, WindowsInstructions) {
  const std::string readme = Render(Platform::kWindows);
  EXPECT_TRUE(Has(readme, "Run as administrator"));
  EXPECT_TRUE(Has(readme, "    server.exe -port 8088"));
  EXPECT_TRUE(Has(readme, "    server.exe -language en"));
  EXPECT_TRUE(Has(readme, "Task Scheduler"));
  EXPECT_TRUE(Has(readme, "schtasks /Create"));
  EXPECT_TRUE(Has(readme, "    .\\server.exe -destroy"));
  EXPECT_FALSE(Has(readme, "nohup"));
}

TEST_F(ServerReadmeTest, LinuxInstructions) {
  const std::string readme = Render(Platform::kLinuxArm32);
  EXPECT_TRUE(Has(readme, "    unzip FanruanLicenseServer.zip"));
  EXPECT_TRUE(Has(readme, "    cd FanruanLicenseServer/bin"));
  EXPECT_TRUE(Has(readme, "    nohup ./server &"));
  EXPECT_TRUE(Has(readme, "    nohup ./server -port 8088 &"));
  EXPECT_TRUE(Has(readme, "    nohup ./server -language en &"));
  EXPECT_TRUE(Has(readme, "systemctl enable --now fanruan-license-server"));
  EXPECT_TRUE(Has(readme, "ExecStart=/opt/FanruanLicenseServer/bin/server"));
  EXPECT_TRUE(Has(readme, "    ./server -destroy"));
  EXPECT_FALSE(Has(readme, "server.exe"));
  EXPECT_FALSE(Has(readme, "launchctl"));
}

TEST_F(ServerReadmeTest, MacosInstructions) {
  const std::string readme = Render(Platform::kMacos);
  EXPECT_TRUE(Has(readme, "    nohup ./server &"));
  EXPECT_TRUE(Has(readme, "/Library/LaunchDaemons/com.fanruan.licenseserver.plist"));
  EXPECT_TRUE(Has(readme, "launchctl bootstrap system"));
  EXPECT_TRUE(Has(readme, "    ./server -destroy"));
  EXPECT_FALSE(Has(readme, "systemctl"));
}

TEST_F(ServerReadmeTest, UnknownOrUnclosedPlaceholdersAreRefusedWithTheirLine) {
  auto unknown =
      RenderServerReadme("line one\n{{serial}} {{serail}}\n", Platform::kMacos, "S", "C", "E");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code(), ErrorCode::kInvalidInput);
  EXPECT_NE(unknown.error().message().find("line 2"), std::string::npos);
  EXPECT_NE(unknown.error().message().find("{{serail}}"), std::string::npos);
  for (const char* bad : {"{{ serial }}", "{{}}", "{{Serial}}", "a {{serial", "{{serial\n}}"}) {
    auto rendered = RenderServerReadme(bad, Platform::kMacos, "S", "C", "E");
    ASSERT_FALSE(rendered.ok()) << bad;
    EXPECT_EQ(rendered.error().code(), ErrorCode::kInvalidInput) << bad;
  }
  auto plain = RenderServerReadme("no placeholders } { }}\n", Platform::kMacos, "S", "C", "E");
  ASSERT_OK(plain);
  EXPECT_EQ(*plain, "no placeholders } { }}\n");
  auto values = RenderServerReadme("{{serial}}|{{server}}|{{platform}}", Platform::kWindows,
                                   "{{expires}}", "C", "E");
  ASSERT_OK(values);
  EXPECT_EQ(*values, "{{expires}}|server.exe|windows");  // values are not re-expanded
}

}  // namespace
}  // namespace frlic
