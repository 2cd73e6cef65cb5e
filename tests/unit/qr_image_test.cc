// QR images (frlic/activation/qr_image): written as PNG, read back with zbar (opened on first
// use, zbar_library.h), and the refusals.
#include <gtest/gtest.h>

#include <fstream>

#include "activation_test_support.h"
#include "frlic/activation/activation_code.h"
#include "frlic/activation/qr_image.h"
#include "frlic/activation/zbar_library.h"
#include "frlic/core/bytes.h"
#include "frlic/core/files.h"
#include "status_matchers.h"
#include "test_support.h"

namespace frlic {
namespace {

using testing::Contains;
using testing::ErrorText;
using testing::ExpectSamePayload;
using testing::SamplePayload;
using testing::Slurp;

// A valid 64x64 all-white greyscale PNG (made with Python's zlib and struct).
constexpr char kBlankPngBase64[] =
    "iVBORw0KGgoAAAANSUhEUgAAAEAAAABACAAAAACPAi4CAAAAKUlEQVR42u3MQREAAAwCIPuX1hD77SAA6VEEAoFAIBAIBA"
    "KBQCAQfA8Gpwvw4qrwDDIAAAAASUVORK5CYII=";

class QrImageTest : public testing::TempDirTest {};

TEST_F(QrImageTest, WriteThenReadRoundTrips) {
  const std::string url = ActivationUrl(kDefaultActivationUrl, SamplePayload());
  const std::string path = Path("qr.png");
  Status written = WriteQrPng(url, path, Overwrite::kNo);
  ASSERT_OK(written);
  EXPECT_TRUE(Slurp(path).starts_with("\x89PNG\r\n\x1a\n"));
  auto read = ReadQrPng(path);
  ASSERT_OK(read);
  EXPECT_EQ(*read, url);
  auto payload = ParseActivation(*read, "the QR image");
  ASSERT_OK(payload);
  ExpectSamePayload(*payload, SamplePayload());

  Status again = WriteQrPng(url, path, Overwrite::kNo);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code(), ErrorCode::kRefused);

  // A smaller scale still reads.
  ASSERT_OK(WriteQrPng(url, path, Overwrite::kYes, 3));
  auto small = ReadQrPng(path);
  ASSERT_OK(small);
  EXPECT_EQ(*small, url);
}

TEST_F(QrImageTest, NotAPngIsMalformed) {
  const std::string path = Path("qr.png");
  std::ofstream(path) << ActivationQuery(SamplePayload()) << "\n";
  auto read = ReadQrPng(path);
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().code(), ErrorCode::kMalformed) << ErrorText(read.error());
  EXPECT_TRUE(Contains(read.error().message(), "is not a PNG")) << read.error().message();
}

TEST_F(QrImageTest, TruncatedPngIsMalformed) {
  const std::string path = Path("qr.png");
  ASSERT_OK(
      WriteQrPng(ActivationUrl(kDefaultActivationUrl, SamplePayload()), path, Overwrite::kNo));
  const std::string bytes = Slurp(path);
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes.substr(0, bytes.size() / 2);
  auto read = ReadQrPng(path);
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().code(), ErrorCode::kMalformed) << ErrorText(read.error());
}

TEST_F(QrImageTest, BlankPngHoldsNoQrCode) {
  const auto png = Base64Decode(kBlankPngBase64);
  ASSERT_TRUE(png.has_value());
  const std::string path = Path("blank.png");
  ASSERT_OK(WriteFileAtomic(path, *png, {0644, Overwrite::kNo}));
  auto read = ReadQrPng(path);
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().code(), ErrorCode::kMalformed) << ErrorText(read.error());
  EXPECT_TRUE(Contains(read.error().message(), "holds no QR code")) << read.error().message();
}

TEST_F(QrImageTest, MissingFileIsNotFound) {
  auto read = ReadQrPng(Path("missing.png"));
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().code(), ErrorCode::kNotFound) << ErrorText(read.error());
}

// zbar is opened on first use, not linked (zbar_library.h): every function ReadQrPng calls is
// found in Debian's libzbar.so.0.
TEST(ZbarLibraryTest, OpensTheInstalledLibrary) {
  auto zbar = zbar_library::LoadZbar();
  ASSERT_OK(zbar);
  EXPECT_NE((*zbar)->scan_image, nullptr);
  EXPECT_NE((*zbar)->symbol_get_data_length, nullptr);
}

// Without the library, decoding says which package to install (and nothing crashes).
TEST(ZbarLibraryTest, MissingLibraryNamesThePackage) {
  auto zbar = zbar_library::OpenZbar("libzbar-not-installed.so.0");
  ASSERT_FALSE(zbar.ok());
  EXPECT_EQ(zbar.error().code(), ErrorCode::kNotFound) << ErrorText(zbar.error());
  EXPECT_TRUE(Contains(zbar.error().message(), "libzbar-not-installed.so.0"))
      << zbar.error().message();
  EXPECT_TRUE(Contains(zbar.error().hint(), "apt-get install libzbar0")) << zbar.error().hint();
}

// A library that is not zbar (libz has none of zbar's functions) is refused by name too.
TEST(ZbarLibraryTest, LibraryWithoutZbarFunctionsIsRefused) {
  auto zbar = zbar_library::OpenZbar("libz.so.1");
  ASSERT_FALSE(zbar.ok());
  EXPECT_EQ(zbar.error().code(), ErrorCode::kNotFound) << ErrorText(zbar.error());
  EXPECT_TRUE(Contains(zbar.error().message(), "has no function zbar_image_scanner_create"))
      << zbar.error().message();
}

}  // namespace
}  // namespace frlic
