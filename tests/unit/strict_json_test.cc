// Strict JSON's nesting bound (docs/formats.md, section 1): depth 64 is read, 65 is refused
// with kMalformed naming the document and the limit, and a document nested 100,000 deep is
// refused without walking it (no crash, no recursion).
#include <gtest/gtest.h>

#include <string>

#include "frlic/core/strict_json.h"
#include "status_matchers.h"

namespace frlic {
namespace {

using testing::HasError;

// An object nested `depth` deep: {"a":{"a":...{"a":1}...}}; depth 1 is {"a":1}.
std::string NestedObjects(int depth) {
  std::string text;
  for (int i = 0; i < depth; ++i) text += "{\"a\":";
  text += "1";
  text += std::string(static_cast<std::size_t>(depth), '}');
  return text;
}

// An array nested `depth` deep: [[...[1]...]]; depth 1 is [1].
std::string NestedArrays(int depth) {
  return std::string(static_cast<std::size_t>(depth), '[') + "1" +
         std::string(static_cast<std::size_t>(depth), ']');
}

// An object whose member "x" holds arrays, `depth` in all: {"x":[[...]]}.
std::string ArraysInObject(int depth) { return "{\"x\":" + NestedArrays(depth - 1) + "}"; }

bool NamesTheLimit(const Error& error, const std::string& what) {
  const std::string& m = error.message();
  return m.starts_with(what + " ") && m.find("64 levels") != std::string::npos;
}

TEST(StrictJsonDepth, TheLimitIs64) { EXPECT_EQ(kMaxNestingDepth, 64); }

TEST(StrictJsonDepth, ObjectsAtTheLimitAreRead) {
  auto parsed = ParseStrictJson(NestedObjects(64), "deep.json");
  ASSERT_OK(parsed);
  const Json* at = &*parsed;
  int depth = 0;
  while (at->is_object()) {
    at = &(*at)["a"];
    ++depth;
  }
  EXPECT_EQ(depth, 64);
  EXPECT_EQ(*at, 1);
}

TEST(StrictJsonDepth, ObjectsBeyondTheLimitAreMalformed) {
  auto parsed = ParseStrictJson(NestedObjects(65), "deep.json");
  ASSERT_THAT(parsed, HasError(ErrorCode::kMalformed));
  EXPECT_TRUE(NamesTheLimit(parsed.error(), "deep.json")) << parsed.error().message();
}

TEST(StrictJsonDepth, ArraysAtAndBeyondTheLimit) {
  EXPECT_OK(ParseStrictJson(ArraysInObject(64), "a.json"));
  auto deeper = ParseStrictJson(ArraysInObject(65), "a.json");
  ASSERT_THAT(deeper, HasError(ErrorCode::kMalformed));
  EXPECT_TRUE(NamesTheLimit(deeper.error(), "a.json")) << deeper.error().message();

  EXPECT_OK(ParseStrictJsonArray(NestedArrays(64), "manifest.json"));
  auto top = ParseStrictJsonArray(NestedArrays(65), "manifest.json");
  ASSERT_THAT(top, HasError(ErrorCode::kMalformed));
  EXPECT_TRUE(NamesTheLimit(top.error(), "manifest.json")) << top.error().message();
}

TEST(StrictJsonDepth, MixedNestingCountsBoth) {
  // {"a":[{"a":[...]}]}: objects and arrays alternate; 64 levels in all is read, 65 is not.
  auto mixed = [](int depth) {
    std::string open, close;
    for (int i = 0; i < depth; ++i) {
      open += i % 2 == 0 ? "{\"a\":" : "[";
      close.insert(0, i % 2 == 0 ? "}" : "]");
    }
    return open + "1" + close;
  };
  EXPECT_OK(ParseStrictJson(mixed(64), "m.json"));
  EXPECT_THAT(ParseStrictJson(mixed(65), "m.json"), HasError(ErrorCode::kMalformed));
}

TEST(StrictJsonDepth, HundredThousandLevelsAreRefusedWithoutACrash) {
  // Closed and unclosed: the parser must stop at level 65 either way.
  for (const std::string& text :
       {NestedObjects(100000), NestedArrays(100000), ArraysInObject(100000),
        std::string(100000, '['), "{\"a\":" + std::string(100000, '[')}) {
    auto as_object = ParseStrictJson(text, "huge.json");
    ASSERT_THAT(as_object, HasError(ErrorCode::kMalformed));
    EXPECT_TRUE(NamesTheLimit(as_object.error(), "huge.json")) << as_object.error().message();
    EXPECT_THAT(ParseStrictJsonArray(text, "huge.json"), HasError(ErrorCode::kMalformed));
  }
}

TEST(StrictJsonDepth, DepthIsCheckedBeforeDuplicateKeysAreReported) {
  // A duplicate key found before the depth is exceeded does not hide the depth problem.
  std::string text = "{\"k\":1,\"k\":2,\"x\":" + NestedArrays(100) + "}";
  auto parsed = ParseStrictJson(text, "both.json");
  ASSERT_THAT(parsed, HasError(ErrorCode::kMalformed));
  EXPECT_TRUE(NamesTheLimit(parsed.error(), "both.json")) << parsed.error().message();
}

}  // namespace
}  // namespace frlic
