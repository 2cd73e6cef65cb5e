// Assertions on frlic::Status and frlic::Result<T> that say why they failed: the error code
// (name and number), the whole message, the hint and every problem, instead of
// "Value of: x.ok() Actual: false".
//
//   ASSERT_OK(WriteFileAtomic(path, bytes));            // stops the test on an error
//   EXPECT_OK(ledger.Verify()) << "after " << n << " records";
//   EXPECT_THAT(ParseOrder(text), HasError(ErrorCode::kInvalidInput));
//   EXPECT_THAT(Open(path), IsOk());
#pragma once

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "frlic/core/status.h"

namespace frlic::testing {

// "bad-signature (3): <message>", then the hint and each problem on lines of their own.
inline std::string DescribeError(const Error& error) {
  std::string text = std::string(ErrorCodeName(error.code())) + " (" +
                     std::to_string(static_cast<int>(error.code())) + "): " + error.message();
  if (!error.hint().empty()) text += "\n  hint: " + error.hint();
  for (const Problem& problem : error.problems()) text += "\n  problem: " + FormatProblem(problem);
  return text;
}

inline std::string DescribeErrorCode(ErrorCode code) {
  return std::string(ErrorCodeName(code)) + " (" + std::to_string(static_cast<int>(code)) + ")";
}

// The predicate-formatter behind ASSERT_OK/EXPECT_OK; works on Status and on any Result<T>.
template <typename ResultType>
::testing::AssertionResult IsOkAssertion(const char* expression_text, const ResultType& result) {
  if (result.ok()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << expression_text << " failed: " << DescribeError(result.error());
}

// EXPECT_THAT(result, IsOk())
MATCHER(IsOk, negation ? "is an error" : "is OK") {
  if (arg.ok()) return true;
  *result_listener << "which failed: " << DescribeError(arg.error());
  return false;
}

// EXPECT_THAT(result, HasError(ErrorCode::kMalformed))
MATCHER_P(HasError, code,
          std::string(negation ? "does not fail with " : "fails with ") + DescribeErrorCode(code)) {
  if (arg.ok()) {
    *result_listener << "which is OK";
    return false;
  }
  if (arg.error().code() != code) {
    *result_listener << "which failed with " << DescribeError(arg.error());
    return false;
  }
  return true;
}

}  // namespace frlic::testing

// The expression is evaluated once; a message can be streamed after it, as with ASSERT_TRUE.
#define ASSERT_OK(expr) ASSERT_PRED_FORMAT1(::frlic::testing::IsOkAssertion, expr)
#define EXPECT_OK(expr) EXPECT_PRED_FORMAT1(::frlic::testing::IsOkAssertion, expr)
