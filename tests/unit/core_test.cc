#include <gtest/gtest.h>

#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "frlic/core/bytes.h"
#include "frlic/core/files.h"
#include "frlic/core/strict_json.h"
#include "frlic/core/time.h"
#include "status_matchers.h"

namespace frlic {
namespace {

TEST(CoreBase64, RoundTripsAndRejectsNonCanonical) {
  EXPECT_EQ(Base64Encode(AsBytes("foobar")), "Zm9vYmFy");
  EXPECT_EQ(Base64Encode(AsBytes("fo")), "Zm8=");
  auto decoded = Base64Decode("Zm8=");
  ASSERT_TRUE(decoded);
  EXPECT_EQ(AsText(*decoded), "fo");
  EXPECT_FALSE(Base64Decode("Zm9=")) << "padding bits set";
  EXPECT_FALSE(Base64Decode("Zm8")) << "missing padding";
  EXPECT_FALSE(Base64Decode("Zm 8=")) << "whitespace";
  EXPECT_FALSE(Base64Decode("Zm-_")) << "url alphabet";
}

TEST(CoreHex, Strict) {
  EXPECT_EQ(HexEncode(AsBytes("\x01\xab")), "01ab");
  EXPECT_FALSE(HexDecode("0"));
  EXPECT_FALSE(HexDecode("0g"));
  ASSERT_TRUE(HexDecode("01AB"));
}

TEST(CoreSha256, KnownAnswer) {
  EXPECT_EQ(Sha256Hex(AsBytes("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(CoreTime, DatesAndInstants) {
  EXPECT_TRUE(ParseDate("2028-02-29"));
  EXPECT_FALSE(ParseDate("2026-02-29"));
  EXPECT_FALSE(ParseDate("2026/02/01"));
  EXPECT_FALSE(ParseDate("2026-2-01"));
  auto day = ParseDate("2026-11-23");
  ASSERT_TRUE(day);
  EXPECT_EQ(StartOfDay(*day), 1795392000);
  EXPECT_EQ(FormatInstant(1795392000 + 3661), "2026-11-23T01:01:01Z");
  EXPECT_EQ(ParseInstant("2026-11-23T01:01:01Z"), 1795392000 + 3661);
  EXPECT_FALSE(ParseInstant("2026-11-23T24:00:00Z"));
  EXPECT_FALSE(ParseInstant("2026-11-23 01:01:01Z"));
  EXPECT_EQ(DateOf(1795392000 + 86399), *day);
}

TEST(CoreStrictJson, RejectsDuplicatesAndNonObjects) {
  EXPECT_OK(ParseStrictJson(R"({"a":1,"b":{"a":2}})", "t"));
  auto dup = ParseStrictJson(R"({"a":1,"a":2})", "t");
  ASSERT_FALSE(dup.ok());
  EXPECT_NE(dup.error().message().find("\"a\""), std::string::npos);
  EXPECT_FALSE(ParseStrictJson(R"({"x":{"k":1,"k":1}})", "t").ok());
  EXPECT_FALSE(ParseStrictJson(R"([1,2])", "t").ok());
  EXPECT_FALSE(ParseStrictJson(R"({"a":1} x)", "t").ok());
}

class CoreFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("frlic-core-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string Path(const std::string& name) { return (dir_ / name).string(); }
  std::filesystem::path dir_;
};

TEST_F(CoreFiles, AtomicWriteRefusesToOverwriteUnlessAsked) {
  ASSERT_OK(WriteFileAtomic(Path("a"), AsBytes("one"), {0644, Overwrite::kNo}));
  auto second = WriteFileAtomic(Path("a"), AsBytes("two"), {0644, Overwrite::kNo});
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code(), ErrorCode::kRefused);
  EXPECT_EQ(AsText(*ReadFile(Path("a"))), "one");
  ASSERT_OK(WriteFileAtomic(Path("a"), AsBytes("two"), {0644, Overwrite::kYes}));
  EXPECT_EQ(AsText(*ReadFile(Path("a"))), "two");
  // No temp files are left behind.
  int entries = 0;
  for ([[maybe_unused]] auto& e : std::filesystem::directory_iterator(dir_)) ++entries;
  EXPECT_EQ(entries, 1);
}

TEST_F(CoreFiles, StagedFileDiscardedWhenNotCommitted) {
  {
    auto staged = StagedFile::Stage(Path("b"), AsBytes("x"), {0644, Overwrite::kNo});
    ASSERT_OK(staged);
    EXPECT_TRUE(PathExists(staged->temp_path()));
  }
  EXPECT_FALSE(PathExists(Path("b")));
  EXPECT_TRUE(std::filesystem::is_empty(dir_));
}

// An artifact staged beside its target (ArtifactStagePath) is its owner's alone (0600) until
// it has its final name: a rename that fails leaves it so; the final mode comes with the name.
TEST_F(CoreFiles, AnArtifactStagedBesideItsTargetIsPrivateUntilInPlace) {
  const std::string target = Path("out/Container.lic");
  const std::string stage = ArtifactStagePath(target, "FRL-0123456789ABCDEF");
  EXPECT_EQ(stage, Path("out/.frlic-stage-FRL-0123456789ABCDEF-Container.lic"));
  auto staged = StagedFile::Stage(target, AsBytes("licence"), {0644, Overwrite::kNo}, stage);
  ASSERT_OK(staged);
  auto mode = [](const std::string& path) {
    return std::filesystem::status(path).permissions() & std::filesystem::perms::all;
  };
  using std::filesystem::perms;
  EXPECT_EQ(mode(stage), perms::owner_read | perms::owner_write);
  EXPECT_TRUE(ArtifactStageExists(target, "FRL-0123456789ABCDEF"));
  // Something took the name meanwhile: the rename is refused, the staged file stays private.
  ASSERT_OK(WriteFileAtomic(target, AsBytes("other"), {0644, Overwrite::kNo}));
  auto refused = staged->Commit();
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code(), ErrorCode::kRefused);
  EXPECT_FALSE(staged->renamed());
  EXPECT_EQ(mode(stage), perms::owner_read | perms::owner_write);
  std::filesystem::remove(target);
  ASSERT_OK(staged->Commit());
  EXPECT_EQ(mode(target),
            perms::owner_read | perms::owner_write | perms::group_read | perms::others_read);
  EXPECT_EQ(AsText(*ReadFile(target)), "licence");
  EXPECT_FALSE(ArtifactStageExists(target, "FRL-0123456789ABCDEF"));
}

// The clean-up after recovery removes both forms of a stage, and nothing that only looks alike.
TEST_F(CoreFiles, StaleStagesOfBothFormsAreRemoved) {
  const std::string target = Path("Container.lic");
  std::filesystem::create_directories(
      DirectoryOf(ArtifactStageDirectoryPath(target, "FRL-AAAAAAAAAAAAAAAA")));
  for (const std::string& file :
       {ArtifactStagePath(target, "FRL-BBBBBBBBBBBBBBBB"),
        ArtifactStageDirectoryPath(target, "FRL-AAAAAAAAAAAAAAAA"),
        Path(".frlic-stage-FRL-bbbbbbbbbbbbbbbb-Container.lic"), Path(".frlic-stage-notes"),
        Path(".frlic-stage-FRL-BBBBBBBBBBBBBBBB")}) {
    std::ofstream(file) << "x";
  }
  RemoveStaleTempFiles(target);
  std::vector<std::string> left;
  for (const auto& entry : std::filesystem::directory_iterator(dir_)) {
    left.push_back(entry.path().filename().string());
  }
  std::sort(left.begin(), left.end());
  // Left: a stage directory's name on a file, lower-case hex, and a name that is no serial.
  EXPECT_EQ(left, (std::vector<std::string>{".frlic-stage-FRL-BBBBBBBBBBBBBBBB",
                                            ".frlic-stage-FRL-bbbbbbbbbbbbbbbb-Container.lic",
                                            ".frlic-stage-notes"}));
}

TEST_F(CoreFiles, SecretFileModeIsEnforced) {
  ASSERT_OK(WriteFileAtomic(Path("s"), AsBytes("secret"), {0600, Overwrite::kNo}));
  EXPECT_OK(ReadSecretFile(Path("s")));
  ::chmod(Path("s").c_str(), 0644);
  auto loose = ReadSecretFile(Path("s"));
  ASSERT_FALSE(loose.ok());
  EXPECT_EQ(loose.error().code(), ErrorCode::kRefused);
  EXPECT_NE(loose.error().message().find("0644"), std::string::npos);
  std::filesystem::create_symlink(Path("s"), Path("link"));
  ::chmod(Path("s").c_str(), 0600);
  auto via_link = ReadSecretFile(Path("link"));
  ASSERT_FALSE(via_link.ok());
  EXPECT_EQ(via_link.error().code(), ErrorCode::kRefused);
}

TEST_F(CoreFiles, ReadFileReportsMissingAndOversized) {
  EXPECT_EQ(ReadFile(Path("missing")).error().code(), ErrorCode::kNotFound);
  ASSERT_OK(WriteFileAtomic(Path("big"), AsBytes("0123456789"), {0644, Overwrite::kNo}));
  EXPECT_EQ(ReadFile(Path("big"), 5).error().code(), ErrorCode::kMalformed);
}

}  // namespace
}  // namespace frlic
