// Data-driven order vectors (tests/vectors/orders/README.md): every valid/*.yaml parses, and
// every invalid/NAME.yaml fails with exactly the problems listed in NAME.expect.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "frlic/order/order.h"
#include "status_matchers.h"

namespace frlic {
namespace {

namespace fs = std::filesystem;

const fs::path kOrderVectors = fs::path(FRLIC_SOURCE_DIR) / "tests" / "vectors" / "orders";

std::string ReadOrderText(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string> Stems(const std::string& folder, const std::string& extension) {
  std::vector<std::string> stems;
  std::error_code ignored;
  for (const auto& entry : fs::directory_iterator(kOrderVectors / folder, ignored)) {
    if (entry.path().extension() == extension) stems.push_back(entry.path().stem().string());
  }
  std::sort(stems.begin(), stems.end());
  return stems;
}

std::string OrderTestName(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = info.param;
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

// One line of NAME.expect: "LINE:COLUMN FIELD TEXT"; FIELD is "-" for a problem without a
// field; TEXT must occur in "MESSAGE (found FOUND; expected EXPECTED)" as FormatProblem
// writes it (empty parts left out).
struct ExpectedProblem {
  int line = 0;
  int column = 0;
  std::string field;
  std::string text;
  std::string source;  // the line as written, for failure messages
};

std::vector<ExpectedProblem> ReadExpectations(const fs::path& path) {
  std::vector<ExpectedProblem> out;
  std::istringstream lines(ReadOrderText(path));
  std::string line;
  while (std::getline(lines, line)) {
    if (line.empty() || line[0] == '#') continue;
    ExpectedProblem e;
    e.source = line;
    std::istringstream fields(line);
    std::string position;
    fields >> position >> e.field;
    std::getline(fields >> std::ws, e.text);
    if (std::sscanf(position.c_str(), "%d:%d", &e.line, &e.column) != 2) {
      ADD_FAILURE() << path << ": cannot read the position in: " << line;
    }
    if (e.field == "-") e.field.clear();
    out.push_back(e);
  }
  return out;
}

bool Matches(const ExpectedProblem& e, const Problem& p) {
  Problem bare = p;  // as FormatProblem words it, without the "file:line:col: field: " part
  bare.file.clear();
  bare.field.clear();
  const std::string said = FormatProblem(bare);
  return e.line == p.line && e.column == p.column && e.field == p.field &&
         said.find(e.text) != std::string::npos;
}

// Each expectation claims a different problem, so the counts must agree as well.
void ExpectExactly(const std::vector<ExpectedProblem>& expected,
                   const std::vector<Problem>& problems) {
  std::string all;
  for (const auto& p : problems) all += "  " + FormatProblem(p) + "\n";
  std::vector<bool> claimed(problems.size(), false);
  for (const auto& e : expected) {
    bool found = false;
    for (std::size_t i = 0; i < problems.size() && !found; ++i) {
      if (!claimed[i] && Matches(e, problems[i])) claimed[i] = found = true;
    }
    EXPECT_TRUE(found) << "expected problem not reported: " << e.source << "\nreported:\n" << all;
  }
  EXPECT_EQ(problems.size(), expected.size()) << "reported:\n" << all;
}

class OrderValidVector : public ::testing::TestWithParam<std::string> {};

TEST_P(OrderValidVector, Parses) {
  const fs::path path = kOrderVectors / "valid" / (GetParam() + ".yaml");
  auto order = Order::Parse(ReadOrderText(path), path.filename().string());
  ASSERT_OK(order);
  // What was read must survive the terms' JSON form unchanged.
  auto again = TermsFromJson(TermsToJson(order->terms()), "terms");
  ASSERT_OK(again);
  EXPECT_EQ(*again, order->terms());
  // Its warnings are exactly those of NAME.warnings (none without the file).
  const fs::path warnings_path = kOrderVectors / "valid" / (GetParam() + ".warnings");
  ExpectExactly(
      fs::exists(warnings_path) ? ReadExpectations(warnings_path) : std::vector<ExpectedProblem>{},
      order->warnings());
}

INSTANTIATE_TEST_SUITE_P(OrderVectors, OrderValidVector,
                         ::testing::ValuesIn(Stems("valid", ".yaml")), OrderTestName);

class OrderInvalidVector : public ::testing::TestWithParam<std::string> {};

TEST_P(OrderInvalidVector, ReportsExactlyTheExpectedProblems) {
  const fs::path path = kOrderVectors / "invalid" / (GetParam() + ".yaml");
  const fs::path expect_path = kOrderVectors / "invalid" / (GetParam() + ".expect");
  ASSERT_TRUE(fs::exists(expect_path)) << expect_path << " is missing";
  auto expected = ReadExpectations(expect_path);
  ASSERT_FALSE(expected.empty()) << expect_path << " lists no problem";

  const std::string file = path.filename().string();
  auto order = Order::Parse(ReadOrderText(path), file);
  ASSERT_FALSE(order.ok()) << file << " parsed, but it should not";
  const Error& error = order.error();
  EXPECT_EQ(error.code(), ErrorCode::kInvalidInput);
  const auto& problems = error.problems();
  EXPECT_EQ(error.message(), file + ": " + std::to_string(problems.size()) +
                                 (problems.size() == 1 ? " problem" : " problems"));
  ExpectExactly(expected, problems);
  for (const auto& p : problems) EXPECT_EQ(p.file, file);
}

INSTANTIATE_TEST_SUITE_P(OrderVectors, OrderInvalidVector,
                         ::testing::ValuesIn(Stems("invalid", ".yaml")), OrderTestName);

// Guards against a wrong path making the folders above silently empty.
TEST(OrderVectors, FoldersAreFilledAndPaired) {
  EXPECT_GE(Stems("valid", ".yaml").size(), 4u);
  auto yaml = Stems("invalid", ".yaml");
  EXPECT_GE(yaml.size(), 20u);
  EXPECT_EQ(yaml, Stems("invalid", ".expect")) << "every NAME.yaml needs a NAME.expect";
}

}  // namespace
}  // namespace frlic
