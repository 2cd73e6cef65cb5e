// The assertions in status_matchers.h pass on OK values and, on errors, print the code, the
// message and the hint.
#include "status_matchers.h"

#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include <string>

namespace frlic {
namespace {

using frlic::testing::HasError;
using frlic::testing::IsOk;

Status FailingStatus() {
  return Error(ErrorCode::kBadSignature, "signature does not verify", "re-download the licence");
}

TEST(StatusMatchers, PassOnOkStatusAndResult) {
  ASSERT_OK(Ok());
  EXPECT_OK(Result<int>(3));
  EXPECT_THAT(Ok(), IsOk());
  EXPECT_THAT(Result<std::string>("x"), IsOk());
  EXPECT_THAT(FailingStatus(), HasError(ErrorCode::kBadSignature));
  EXPECT_THAT(Result<int>(Error(ErrorCode::kIo, "disk")), HasError(ErrorCode::kIo));
  EXPECT_THAT(Result<int>(4), ::testing::Not(HasError(ErrorCode::kIo)));
}

TEST(StatusMatchers, FailureNamesCodeMessageAndHint) {
  EXPECT_NONFATAL_FAILURE(EXPECT_OK(FailingStatus()),
                          "FailingStatus() failed: bad-signature (3): signature does not verify\n"
                          "  hint: re-download the licence");
  EXPECT_NONFATAL_FAILURE(EXPECT_OK(Result<int>(Error(ErrorCode::kMalformed, "truncated"))),
                          "malformed (2): truncated");
  EXPECT_FATAL_FAILURE(ASSERT_OK(FailingStatus()), "bad-signature (3)");
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(FailingStatus(), IsOk()),
                          "which failed: bad-signature (3): signature does not verify");
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(FailingStatus(), HasError(ErrorCode::kIo)),
                          "which failed with bad-signature (3)");
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(Ok(), HasError(ErrorCode::kIo)), "which is OK");
}

}  // namespace
}  // namespace frlic
